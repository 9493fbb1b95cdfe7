/* bench/bench_assign.c - solve times of the assignment models (seed 004)
 * against the targets of issue 5: LSAP at n = 200 under 10 ms, exact EFUM
 * at n = 100 under 1 s for every alpha; plus the exact quadratic w_min at
 * n = 100 and a Table 6-style comparison of the RAF extremes at n = 5, 8, 10.
 *
 * Instances: integer costs uniform in [1, 1000] (the paper's), 5 matrices
 * per size; the median wall time per solve is printed.
 *
 *   build/release/bench/bench_assign [--quick]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rng.h"
#include "envs/assign.h"
#include "learners/assign.h"
#include "learners/lsap.h"

enum { REPS = 5 };

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void make(struct fs_assign_inst *inst, int n, int rep)
{
    fs_rng r;
    fs_rng_init(&r, 2026, (uint64_t)(n * 1000 + rep), FS_RNG_USER);
    fs_err e = {0};
    if (fs_assign_random(inst, n, n, 1, 1000, &r, &e)) {
        fprintf(stderr, "bench_assign: %s\n", e.msg);
        exit(1);
    }
}

static void die_on(int rc, const fs_err *e)
{
    if (rc) {
        fprintf(stderr, "bench_assign: %s\n", e->msg);
        exit(1);
    }
}

static void verdict(const char *what, double got_ms, double target_ms)
{
    printf("%-40s %10.3f ms   target < %g ms   %s\n", what, got_ms, target_ms,
           got_ms < target_ms ? "ok" : "SLOWER THAN TARGET");
}

static void bench_lsap(void)
{
    double t[REPS];
    for (int rep = 0; rep < REPS; rep++) {
        struct fs_assign_inst inst = {0};
        make(&inst, 200, rep);
        int *p = malloc(200 * sizeof *p);
        fs_err e = {0};
        double t0 = now_s();
        die_on(fs_assign_lsap(&inst, p, &e), &e);
        t[rep] = 1e3 * (now_s() - t0);
        free(p);
        fs_assign_clear(&inst);
    }
    verdict("LSAP (Hungarian), n = 200", median(t, REPS), 10);
}

static void bench_efum(void)
{
    const double alphas[] = {0, 0.25, 0.5, 0.75, 0.9, 1};
    for (size_t a = 0; a < sizeof alphas / sizeof alphas[0]; a++) {
        double t[REPS], worst = 0;
        long thresholds = 0, distinct = 0;
        for (int rep = 0; rep < REPS; rep++) {
            struct fs_assign_inst inst = {0};
            make(&inst, 100, rep);
            int p[100];
            fs_err e = {0};
            struct fs_efum_stats st;
            double t0 = now_s();
            die_on(fs_assign_efum(&inst, alphas[a], p, &st, &e), &e);
            t[rep] = 1e3 * (now_s() - t0);
            worst = fmax(worst, t[rep]);
            thresholds += st.thresholds;
            distinct += st.distinct;
            fs_assign_clear(&inst);
        }
        char what[64];
        snprintf(what, sizeof what, "EFUM exact, n = 100, alpha = %g", alphas[a]);
        verdict(what, median(t, REPS), 1000);
        printf("%-40s %10.3f ms   (%ld of %ld thresholds solved)\n", "    slowest of 5", worst,
               thresholds / REPS, distinct / REPS);
    }
}

static void bench_quad_min(void)
{
    double t[REPS];
    for (int rep = 0; rep < REPS; rep++) {
        struct fs_assign_inst inst = {0};
        make(&inst, 100, rep);
        double w;
        fs_err e = {0};
        double t0 = now_s();
        die_on(fs_raf_quad_min(&inst, &w, NULL, &e), &e);
        t[rep] = 1e3 * (now_s() - t0);
        fs_assign_clear(&inst);
    }
    printf("%-40s %10.3f ms   (no target)\n", "RAF quadratic w_min exact, n = 100",
           median(t, REPS));
}

/* Table 6: mean seconds of the RAF min and max solves at n = 5, 8, 10:
 * quadratic (exact parametric LSAP for min, branch and bound for max) and
 * absolute (the paper's MILP in GLPK for min; branch and bound and the
 * paper's big-M MILP in GLPK, with a MILP_LIMIT_S limit, for max). */
enum { MILP_LIMIT_S = 2 };

static void bench_table6(int quick)
{
    printf("\nTable 6 style: RAF extremes, mean seconds over %d matrices\n", REPS);
    printf("%5s %10s %10s %10s %10s %14s\n", "size", "quad min", "quad max", "abs min",
           "abs max", "abs max MILP");
    const int sizes[] = {5, 8, 10};
    for (int s = 0; s < (quick ? 2 : 3); s++) {
        int n = sizes[s], timeouts = 0;
        double sum[5] = {0};
        for (int rep = 0; rep < REPS; rep++) {
            struct fs_assign_inst inst = {0};
            make(&inst, n, rep);
            double w, t[6];
            fs_err e = {0};
            t[0] = now_s();
            die_on(fs_raf_quad_min(&inst, &w, NULL, &e), &e);
            t[1] = now_s();
            die_on(fs_raf_quad_max(&inst, 12, &w, NULL, &e), &e);
            t[2] = now_s();
            die_on(fs_raf_abs_milp(&inst, 0, 600, &w, NULL, &e), &e);
            t[3] = now_s();
            die_on(fs_raf_abs_max(&inst, 12, &w, NULL, &e), &e);
            t[4] = now_s();
            if (fs_raf_abs_milp(&inst, 1, MILP_LIMIT_S, &w, NULL, &e) == FS_ENUMERIC)
                timeouts++;
            t[5] = now_s();
            for (int k = 0; k < 5; k++)
                sum[k] += t[k + 1] - t[k];
            fs_assign_clear(&inst);
        }
        char milp[32];
        if (timeouts)
            snprintf(milp, sizeof milp, "%d/%d > %ds", timeouts, REPS, (int)MILP_LIMIT_S);
        else
            snprintf(milp, sizeof milp, "%.4f", sum[4] / REPS);
        printf("%5d %10.4f %10.4f %10.4f %10.4f %14s\n", n, sum[0] / REPS, sum[1] / REPS,
               sum[2] / REPS, sum[3] / REPS, milp);
    }
    printf("paper (CPLEX 20.0.1, s): quadratic min/max 0.066/0.113, 1.329/2.575, "
           "354.1/456.9;\n                        absolute  min/max 0.035/0.110, "
           "0.075/2.323, 0.368/57.18\n");
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    printf("assignment solves (seed 004), median of %d random matrices, costs 1..1000\n", REPS);
    bench_lsap();
    bench_efum();
    bench_quad_min();
    bench_table6(quick);
    return 0;
}
