/* bench/bench_decaf_alloc.c - DECAF's central allocation at Matthew's size
 * (10 agents x 4 actions over 3 resources of capacity 1; agents with a
 * target may only take the no-op) and at Job's (4 agents x 5 moves over 49
 * cells), with the flow solver and with GLPK's MILP. Prints the mean
 * microseconds per allocation; the target for the flow solver at Matthew's
 * size is < 50 us. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/rng.h"
#include "learners/decaf_alloc.h"

enum { N_INST = 256 };

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct instance {
    double q[64];
    int res[64];
    unsigned char allowed[64];
};

/* Matthew: action 0 = no new target, action j = claim resource j-1. */
static void matthew_instance(fs_rng *r, struct instance *in)
{
    for (int i = 0; i < 10; i++) {
        int busy = fs_rng_uniform(r) < 0.3;
        for (int a = 0; a < 4; a++) {
            in->q[i * 4 + a] = fs_rng_normal(r);
            in->res[i * 4 + a] = a - 1;
            in->allowed[i * 4 + a] = a == 0 || !busy;
        }
    }
}

/* Job: agent i in corner i of a 7x7 grid; moves map to cells. */
static void job_instance(fs_rng *r, struct instance *in)
{
    static const int pos[4][2] = {{0, 0}, {0, 6}, {6, 0}, {6, 6}};
    static const int dx[5] = {0, 0, 0, -1, 1}, dy[5] = {0, 1, -1, 0, 0};
    for (int i = 0; i < 4; i++)
        for (int a = 0; a < 5; a++) {
            int x = pos[i][0] + dx[a], y = pos[i][1] + dy[a];
            if (x < 0 || x > 6 || y < 0 || y > 6) {
                x = pos[i][0];
                y = pos[i][1];
            }
            in->q[i * 5 + a] = fs_rng_normal(r);
            in->res[i * 5 + a] = x * 7 + y;
            in->allowed[i * 5 + a] = 1;
        }
}

static void bench(const char *name, int n, int A, int R, const int *cap,
                  void (*make)(fs_rng *, struct instance *))
{
    struct instance *inst = malloc(N_INST * sizeof *inst);
    fs_rng r;
    fs_rng_init(&r, 1, 2, FS_RNG_USER);
    for (int k = 0; k < N_INST; k++)
        make(&r, &inst[k]);
    fs_alloc *w = fs_alloc_create(n, A, R);
    int act[16];
    fs_err e = {0};
    double sink = 0, v;
    int reps = 200;
    double t0 = now_s();
    for (int rep = 0; rep < reps; rep++)
        for (int k = 0; k < N_INST; k++) {
            struct fs_alloc_problem p = {n, A, R, inst[k].q, inst[k].res, cap,
                                         inst[k].allowed};
            if (fs_alloc_solve(w, &p, act, &v, &e) == 0)
                sink += v;
        }
    double flow_us = (now_s() - t0) / (reps * N_INST) * 1e6;
    t0 = now_s();
    for (int k = 0; k < N_INST; k++) {
        struct fs_alloc_problem p = {n, A, R, inst[k].q, inst[k].res, cap,
                                     inst[k].allowed};
        if (fs_alloc_solve_glpk(&p, act, &v, &e) == 0)
            sink -= v / reps;
    }
    double glpk_us = (now_s() - t0) / N_INST * 1e6;
    printf("%-8s %2d agents x %d actions, %2d resources: flow %7.2f us  "
           "GLPK MILP %7.1f us  (x%.0f)\n",
           name, n, A, R, flow_us, glpk_us, glpk_us / flow_us);
    volatile double keep = sink;   /* the solves must not be optimised away */
    (void)keep;
    fs_alloc_destroy(&w);
    free(inst);
}

int main(void)
{
    static int cap_m[3] = {1, 1, 1}, cap_j[49];
    for (int c = 0; c < 49; c++)
        cap_j[c] = 1;
    printf("DECAF central allocation, mean time per allocation "
           "(%d random instances; target at Matthew's size: < 50 us)\n", N_INST);
    bench("matthew", 10, 4, 3, cap_m, matthew_instance);
    bench("job", 4, 5, 49, cap_j, job_instance);
    return 0;
}
