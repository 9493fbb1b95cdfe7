/* tests/unit/test_assign.c - assignment models and fairness measures (seed
 * 004) against brute-force enumeration of all n! assignments (n <= 7), and
 * the paper's worked examples (Table 1, Tables 2-3). */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rng.h"
#include "envs/assign.h"
#include "learners/assign.h"
#include "learners/lsap.h"

/* ---- brute force ---------------------------------------------------------- */

typedef double (*objective_fn)(const struct fs_assign_inst *inst, const int *p,
                               const void *ctx);

struct brute {
    double lo, hi;     /* min and max of the objective */
};

static void permute(const struct fs_assign_inst *inst, int *p, int depth,
                    objective_fn f, const void *ctx, struct brute *b)
{
    if (depth == inst->n) {
        double v = f(inst, p, ctx);
        b->lo = fmin(b->lo, v);
        b->hi = fmax(b->hi, v);
        return;
    }
    for (int i = depth; i < inst->n; i++) {
        int t = p[depth];
        p[depth] = p[i];
        p[i] = t;
        permute(inst, p, depth + 1, f, ctx, b);
        p[i] = p[depth];
        p[depth] = t;
    }
}

static struct brute brute(const struct fs_assign_inst *inst, objective_fn f,
                          const void *ctx)
{
    int p[8];
    for (int i = 0; i < inst->n; i++)
        p[i] = i;
    struct brute b = {INFINITY, -INFINITY};
    permute(inst, p, 0, f, ctx, &b);
    return b;
}

static double obj_total(const struct fs_assign_inst *inst, const int *p, const void *ctx)
{
    (void)ctx;
    return fs_assign_total(inst, p);
}

static double obj_worst(const struct fs_assign_inst *inst, const int *p, const void *ctx)
{
    (void)ctx;
    return fs_assign_worst(inst, p);
}

static double obj_nash(const struct fs_assign_inst *inst, const int *p, const void *ctx)
{
    double m = *(const double *)ctx, s = 0;
    for (int a = 0; a < inst->n; a++)
        s += log(m - inst->cost[a * inst->n + p[a]]);
    return s;
}

static double obj_efum(const struct fs_assign_inst *inst, const int *p, const void *ctx)
{
    return fs_assign_efum_objective(inst, *(const double *)ctx, p);
}

static double obj_w(const struct fs_assign_inst *inst, const int *p, const void *ctx)
{
    return fs_assign_raf_w(inst, p, *(const int *)ctx);
}

static double obj_y(const struct fs_assign_inst *inst, const int *p, const void *ctx)
{
    (void)ctx;
    return fs_assign_oroc_y(inst, p);
}

/* A random agents x tasks instance with integer costs in [lo, hi]. */
static struct fs_assign_inst random_inst(int agents, int tasks, int lo, int hi,
                                         uint64_t stream)
{
    fs_rng r;
    fs_rng_init(&r, 2026, stream, FS_RNG_USER);
    struct fs_assign_inst inst = {0};
    fs_err e = {0};
    assert_int_equal(fs_assign_random(&inst, agents, tasks, lo, hi, &r, &e), FS_OK);
    return inst;
}

static void assert_permutation(const int *p, int n)
{
    int seen[FS_ASSIGN_MAX_N] = {0};
    for (int i = 0; i < n; i++) {
        assert_true(p[i] >= 0 && p[i] < n);
        assert_int_equal(seen[p[i]]++, 0);
    }
}

/* Sizes 1..7 (square) and a few rectangular ones, several draws each. */
#define FOR_INSTANCES(inst)                                                    \
    for (int case_ = 0; case_ < 24; case_++)                                   \
        for (struct fs_assign_inst inst = random_inst(                         \
                 1 + case_ % 7, case_ >= 21 ? 2 + case_ % 4 : 1 + case_ % 7,   \
                 1, case_ % 3 ? 1000 : 9, (uint64_t)case_),                     \
                                   *once_ = &inst;                             \
             once_; fs_assign_clear(&inst), once_ = NULL)

/* ---- LSAP and bottleneck -------------------------------------------------- */

static void test_lsap_matches_brute_force(void **state)
{
    (void)state;
    FOR_INSTANCES(inst) {
        int p[8];
        fs_err e = {0};
        assert_int_equal(fs_assign_lsap(&inst, p, &e), FS_OK);
        assert_permutation(p, inst.n);
        struct brute b = brute(&inst, obj_total, NULL);
        assert_close(fs_assign_total(&inst, p), b.lo, 0, 0);
        assert_int_equal(fs_assign_lsap_max(&inst, p, &e), FS_OK);
        assert_close(fs_assign_total(&inst, p), b.hi, 0, 0);
    }
}

static void test_lsap_real_costs_and_forbidden_edges(void **state)
{
    (void)state;
    /* Non-integer costs; INFINITY forbids the diagonal of a 3x3. */
    const double c[9] = {INFINITY, 0.5, 2.25, 1.5, INFINITY, 0.125, 0.75, 3.0, INFINITY};
    int p[3];
    double total;
    fs_err e = {0};
    assert_int_equal(fs_lsap_min(3, c, p, &total, &e), FS_OK);
    /* Two derangements: (1,2,0) = 0.5+0.125+0.75 = 1.375; (2,0,1) = 7.75. */
    assert_close(total, 1.375, 1e-15, 0);
    assert_int_equal(p[0], 1);
    /* No perfect matching: the only finite entries share a column. */
    const double bad[4] = {1, INFINITY, 2, INFINITY};
    assert_int_equal(fs_lsap_min(2, bad, p, &total, &e), FS_ENUMERIC);
}

static void test_lsap_warm_start_equals_cold(void **state)
{
    (void)state;
    enum { N = 30 };
    fs_rng r;
    fs_rng_init(&r, 7, 7, FS_RNG_USER);
    double c[N * N];
    for (int k = 0; k < N * N; k++)
        c[k] = (double)fs_rng_below(&r, 100);
    fs_lsap *warm = fs_lsap_create(N);
    int p[N], q[N];
    double tw, tc;
    fs_err e = {0};
    assert_int_equal(fs_lsap_solve(warm, c, p, &tw, &e), FS_OK);
    for (int round = 0; round < 40; round++) {
        /* change a few entries up or down; sometimes forbid one */
        for (int k = 0; k < 5; k++) {
            size_t at = fs_rng_below(&r, N * N);
            c[at] = fs_rng_below(&r, 10) == 0 ? INFINITY : (double)fs_rng_below(&r, 100);
        }
        assert_int_equal(fs_lsap_resolve(warm, c, p, &tw, &e), FS_OK);
        assert_int_equal(fs_lsap_min(N, c, q, &tc, &e), FS_OK);
        assert_permutation(p, N);
        assert_close(tw, tc, 0, 0);
    }
    fs_lsap_destroy(&warm);
    assert_null(warm);
    fs_lsap_destroy(NULL);
}

static void test_bottleneck_matches_brute_force(void **state)
{
    (void)state;
    FOR_INSTANCES(inst) {
        int p[8];
        fs_err e = {0};
        struct brute b = brute(&inst, obj_worst, NULL);
        assert_int_equal(fs_assign_bottleneck(&inst, p, &e), FS_OK);
        assert_permutation(p, inst.n);
        assert_close(fs_assign_worst(&inst, p), b.lo, 0, 0);
        double v;
        fs_bottleneck(inst.n, inst.cost, &v, p);
        assert_permutation(p, inst.n);
        /* over the padded matrix (dummies 0, costs >= 1): same value */
        assert_close(v, b.lo, 0, 0);
    }
}

/* ---- Nash and EFUM ------------------------------------------------------- */

static void test_nash_matches_brute_force(void **state)
{
    (void)state;
    FOR_INSTANCES(inst) {
        int p[8];
        fs_err e = {0};
        double cmax = 0;
        for (int k = 0; k < inst.n * inst.n; k++)
            cmax = fmax(cmax, inst.cost[k]);
        double ms[2] = {cmax + 1, 2 * cmax + 5};
        for (int i = 0; i < 2; i++) {
            assert_int_equal(fs_assign_nash(&inst, i ? ms[i] : 0, p, &e), FS_OK);
            struct brute b = brute(&inst, obj_nash, &ms[i]);
            assert_close(obj_nash(&inst, p, &ms[i]), b.hi, 1e-9, 1e-12);
        }
        assert_int_equal(fs_assign_nash(&inst, cmax, p, &e), FS_ECONFIG);
    }
}

static void test_efum_matches_brute_force_at_every_alpha(void **state)
{
    (void)state;
    const double alphas[] = {0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1};
    FOR_INSTANCES(inst) {
        for (size_t i = 0; i < sizeof alphas / sizeof alphas[0]; i++) {
            int p[8];
            fs_err e = {0};
            struct fs_efum_stats st;
            assert_int_equal(fs_assign_efum(&inst, alphas[i], p, &st, &e), FS_OK);
            assert_permutation(p, inst.n);
            struct brute b = brute(&inst, obj_efum, &alphas[i]);
            assert_close(fs_assign_efum_objective(&inst, alphas[i], p), b.lo, 1e-9, 1e-12);
            assert_true(st.thresholds <= st.distinct);
        }
    }
    struct fs_assign_inst inst = random_inst(3, 3, 1, 9, 1);
    int p[3];
    fs_err e = {0};
    assert_int_equal(fs_assign_efum(&inst, 1.5, p, NULL, &e), FS_ECONFIG);
    fs_assign_clear(&inst);
}

static void test_efum_is_exact_on_larger_random_matrices(void **state)
{
    (void)state;
    /* No brute force at n = 40: compare against the plain threshold method
     * (every distinct value, cold LSAPs), which is exact by construction. */
    struct fs_assign_inst inst = random_inst(40, 40, 1, 60, 99);
    const int n = inst.n;
    double *c = malloc(sizeof(double) * n * n);
    int p[40], q[40];
    fs_err e = {0};
    const double alphas[] = {0.3, 0.8, 1};
    for (int i = 0; i < 3; i++) {
        double a = alphas[i], best = INFINITY;
        for (int T = 1; T <= 60; T++) {
            for (int k = 0; k < n * n; k++)
                c[k] = inst.cost[k] <= T ? (a <= 0.5 ? 1 : -1) * inst.cost[k] : INFINITY;
            if (fs_lsap_min(n, c, q, NULL, &e) == FS_OK)
                best = fmin(best, fs_assign_efum_objective(&inst, a, q));
            fs_err_clear(&e);
        }
        assert_int_equal(fs_assign_efum(&inst, a, p, NULL, &e), FS_OK);
        assert_close(fs_assign_efum_objective(&inst, a, p), best, 1e-9, 1e-12);
    }
    free(c);
    fs_assign_clear(&inst);
}

/* ---- RAF extremes and measures ------------------------------------------- */

static void test_raf_quadratic_extremes_match_brute_force(void **state)
{
    (void)state;
    const int kind = FS_RAF_QUAD;
    FOR_INSTANCES(inst) {
        struct brute b = brute(&inst, obj_w, &kind);
        double w;
        int p[8];
        fs_err e = {0};
        assert_int_equal(fs_raf_quad_min(&inst, &w, p, &e), FS_OK);
        assert_close(w, b.lo, 1e-6, 1e-12);
        assert_close(fs_assign_raf_w(&inst, p, kind), b.lo, 1e-6, 1e-12);
        assert_int_equal(fs_raf_quad_max(&inst, 8, &w, p, &e), FS_OK);
        assert_close(w, b.hi, 1e-6, 1e-12);
        assert_close(fs_assign_raf_w(&inst, p, kind), b.hi, 1e-6, 1e-12);
    }
    struct fs_assign_inst big = random_inst(9, 9, 1, 9, 3);
    double w;
    fs_err e = {0};
    assert_int_equal(fs_raf_quad_max(&big, 8, &w, NULL, &e), FS_ECONFIG);
    fs_assign_clear(&big);
}

static void test_raf_absolute_max_by_branch_and_bound(void **state)
{
    (void)state;
    const int kind = FS_RAF_ABS;
    FOR_INSTANCES(inst) {
        struct brute b = brute(&inst, obj_w, &kind);
        double w;
        int p[8];
        fs_err e = {0};
        assert_int_equal(fs_raf_abs_max(&inst, 8, &w, p, &e), FS_OK);
        assert_close(w, b.hi, 1e-6, 1e-12);
        assert_close(fs_assign_raf_w(&inst, p, kind), b.hi, 1e-6, 1e-12);
    }
}

static void test_raf_absolute_milp_matches_brute_force(void **state)
{
    (void)state;
    const int kind = FS_RAF_ABS;
    for (int n = 1; n <= 6; n++) {
        struct fs_assign_inst inst = random_inst(n, n, 1, 1000, 50 + (uint64_t)n);
        struct brute b = brute(&inst, obj_w, &kind);
        double w;
        int p[8];
        fs_err e = {0};
        assert_int_equal(fs_raf_abs_milp(&inst, 0, 30, &w, p, &e), FS_OK);
        assert_close(w, b.lo, 1e-6, 1e-12);
        assert_int_equal(fs_raf_abs_milp(&inst, 1, 30, &w, p, &e), FS_OK);
        assert_close(w, b.hi, 1e-6, 1e-12);
        assert_permutation(p, n);
        fs_assign_clear(&inst);
    }
    struct fs_assign_inst rect = random_inst(2, 3, 1, 9, 4);
    double w;
    fs_err e = {0};
    assert_int_equal(fs_raf_abs_milp(&rect, 0, 1, &w, NULL, &e), FS_ECONFIG);
    fs_assign_clear(&rect);
}

static void test_bounds_match_brute_force(void **state)
{
    (void)state;
    const int kind = FS_RAF_QUAD;
    FOR_INSTANCES(inst) {
        struct fs_assign_bounds b;
        fs_err e = {0};
        assert_int_equal(fs_assign_bounds_compute(&inst, FS_RAF_QUAD, 8, 0, &b, &e), FS_OK);
        struct brute z = brute(&inst, obj_total, NULL);
        struct brute y = brute(&inst, obj_y, NULL);
        struct brute c = brute(&inst, obj_worst, NULL);
        struct brute w = brute(&inst, obj_w, &kind);
        assert_close(b.z_min, z.lo, 0, 0);
        assert_close(b.z_max, z.hi, 0, 0);
        assert_close(b.y_min, y.lo, 1e-12, 1e-12);
        assert_close(b.y_max, y.hi, 1e-12, 1e-12);
        assert_close(b.c_wo_min, c.lo, 0, 0);
        assert_close(b.w_min, w.lo, 1e-6, 1e-12);
        assert_close(b.w_max, w.hi, 1e-6, 1e-12);
        /* any assignment's measures lie in [0, 1] and ratios >= 1 */
        int p[8];
        assert_int_equal(fs_assign_nash(&inst, 0, p, &e), FS_OK);
        struct fs_assign_measures m;
        fs_assign_measure(&inst, p, &b, &m);
        assert_true(m.eff >= 0 && m.eff <= 1 + 1e-12);
        assert_true(m.efm >= 0 && m.efm <= 1 + 1e-12);
        assert_true(m.orocf >= 0 && m.orocf <= 1 + 1e-12);
        assert_true(m.eff_lb >= 1 && m.efm_lb >= 1 && m.orocf_lb >= 1 - 1e-12);
    }
}

static void test_rectangular_instances_count_real_pairs_only(void **state)
{
    (void)state;
    /* 2 agents, 3 tasks: a dummy agent row of zeros is added. */
    const double m[6] = {4, 1, 9, 2, 8, 3};
    struct fs_assign_inst inst = {0};
    fs_err e = {0};
    assert_int_equal(fs_assign_from_matrix(&inst, 2, 3, m, &e), FS_OK);
    assert_int_equal(inst.n, 3);
    assert_close(inst.cost[2 * 3 + 1], 0, 0, 0);
    int p[3];
    assert_int_equal(fs_assign_lsap(&inst, p, &e), FS_OK);
    /* best: agent 0 -> task 1 (1), agent 1 -> task 0 (2) */
    assert_int_equal(p[0], 1);
    assert_int_equal(p[1], 0);
    assert_close(fs_assign_total(&inst, p), 3, 0, 0);
    assert_close(fs_assign_worst(&inst, p), 2, 0, 0);
    /* w over the two real agents only: (1 - 2)^2 */
    assert_close(fs_assign_raf_w(&inst, p, FS_RAF_QUAD), 1, 0, 0);
    fs_assign_clear(&inst);
}

/* ---- the paper's examples ------------------------------------------------ */

static void builtin(struct fs_assign_inst *inst, const char *name)
{
    fs_err e = {0};
    assert_int_equal(fs_assign_builtin(inst, name, &e), FS_OK);
}

/* Seed 004, Table 1 and section 4: three min-cost solutions s1, s2, s3 with
 * EFM 0.5 / 1 / 0, RAF 0.67 / 0.89 / 0 (w_max 5400, w_min 0) and OROCF
 * 1 / 1 / 0.5 (y_max 2, y_min 1). */
static void test_paper_table1_measures(void **state)
{
    (void)state;
    struct fs_assign_inst inst = {0};
    builtin(&inst, "table1");
    struct fs_assign_bounds b;
    fs_err e = {0};
    assert_int_equal(fs_assign_bounds_compute(&inst, FS_RAF_QUAD, 8, 0, &b, &e), FS_OK);
    assert_close(b.c_max, 70, 0, 0);
    assert_close(b.c_wo_min, 50, 0, 0);
    assert_close(b.w_max, 5400, 1e-9, 0);
    assert_close(b.w_min, 0, 1e-9, 0);
    assert_close(b.y_max, 2, 1e-9, 0);
    assert_close(b.y_min, 1, 1e-9, 0);
    const int sol[3][3] = {{1, 0, 2}, {0, 1, 2}, {2, 1, 0}};
    const double efm[3] = {0.5, 1, 0}, raf[3] = {2.0 / 3, 8.0 / 9, 0}, orocf[3] = {1, 1, 0.5};
    const double w[3] = {1800, 600, 5400};
    for (int s = 0; s < 3; s++) {
        struct fs_assign_measures m;
        fs_assign_measure(&inst, sol[s], &b, &m);
        assert_close(m.z, 120, 0, 0);
        assert_close(m.efm, efm[s], 1e-9, 0);
        assert_close(m.w, w[s], 0, 0);
        assert_close(m.raf, raf[s], 1e-9, 0);
        assert_close(m.orocf, orocf[s], 1e-9, 0);
        assert_close(m.eff, 1, 1e-9, 0);
    }
    fs_assign_clear(&inst);
}

struct row3 {
    const char *model;   /* "nash" or "efum" */
    double alpha;
    double eff, efm, raf, orocf;   /* as printed in Table 3, 2 decimals */
};

static void check_rows(const char *name, const struct row3 *rows, int nrows)
{
    struct fs_assign_inst inst = {0};
    builtin(&inst, name);
    struct fs_assign_bounds b;
    fs_err e = {0};
    assert_int_equal(fs_assign_bounds_compute(&inst, FS_RAF_QUAD, 8, 0, &b, &e), FS_OK);
    for (int r = 0; r < nrows; r++) {
        int p[3];
        if (strcmp(rows[r].model, "nash") == 0)
            assert_int_equal(fs_assign_nash(&inst, 0, p, &e), FS_OK);
        else
            assert_int_equal(fs_assign_efum(&inst, rows[r].alpha, p, NULL, &e), FS_OK);
        struct fs_assign_measures m;
        fs_assign_measure(&inst, p, &b, &m);
        assert_close(m.eff, rows[r].eff, 0.005, 0);
        assert_close(m.efm, rows[r].efm, 0.005, 0);
        assert_close(m.raf, rows[r].raf, 0.005, 0);
        assert_close(m.orocf, rows[r].orocf, 0.005, 0);
    }
    fs_assign_clear(&inst);
}

/* Seed 004, Table 3, functional test 1 (matrix Table 2a). */
static void test_paper_functional_test_1(void **state)
{
    (void)state;
    const struct row3 rows[] = {
        {"nash", 0, 0.91, 1, 1, 1},
        {"efum", 0, 1, 0.07, 0, 0.68},
        {"efum", 0.5, 0.91, 1, 1, 1},
        {"efum", 0.75, 0.91, 1, 1, 1},
        {"efum", 1, 0.91, 1, 1, 1},
    };
    check_rows("ft1", rows, 5);
}

/* Seed 004, Table 3, functional test 2 (matrix Table 2b). */
static void test_paper_functional_test_2(void **state)
{
    (void)state;
    const struct row3 rows[] = {
        {"nash", 0, 0.93, 1, 0.91, 1},
        {"efum", 0, 1, 0.28, 0.17, 0.92},
        {"efum", 0.5, 0.93, 1, 0.91, 1},
        {"efum", 0.9, 0, 0, 1, 0},
        {"efum", 1, 0, 0, 1, 0},
    };
    check_rows("ft2", rows, 5);
}

/* Seed 004, Table 3, functional test 3 (matrix Table 2c). The paper's rows
 * for alpha >= 0.9 are reproduced. Its other rows match no assignment of the
 * printed matrix (e.g. its alpha = 0 row has Eff 1 and EFM 0, but the
 * min-sum assignment 683+364+127 = 1174 has EFM 1); the values below are
 * this matrix's, checked by brute force in test_efum_matches_brute_force...
 * and recorded in docs/results/assignment.md next to the printed ones. */
static void test_paper_functional_test_3(void **state)
{
    (void)state;
    const struct row3 rows[] = {
        {"efum", 0.9, 0.05, 0.19, 1, 0.06},
        {"efum", 1, 0.05, 0.19, 1, 0.06},
        /* printed 0.93 1 0.73 1 / 1 0 0 0.99 / 0.59 0.94 0.93 0.64 */
        {"nash", 0, 1, 1, 0.67, 1},
        {"efum", 0, 1, 1, 0.67, 1},
        {"efum", 0.7, 0.63, 0.94, 0.92, 0.64},
    };
    check_rows("ft3", rows, 5);
}

/* ---- instances ------------------------------------------------------------ */

static void test_csv_and_inline_matrices(void **state)
{
    (void)state;
    char path[] = "/tmp/fs_assign_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# agents x tasks\n1, 2.5 ,3\n\n4,5,6\n", f);
    fclose(f);
    struct fs_assign_inst inst = {0};
    fs_err e = {0};
    assert_int_equal(fs_assign_load_csv(&inst, path, &e), FS_OK);
    assert_int_equal(inst.agents, 2);
    assert_int_equal(inst.tasks, 3);
    assert_int_equal(inst.n, 3);
    assert_close(inst.cost[1], 2.5, 0, 0);
    assert_close(inst.cost[3 + 2], 6, 0, 0);
    fs_assign_clear(&inst);

    f = fopen(path, "w");
    fputs("1,2\n3,x\n", f);
    fclose(f);
    assert_int_equal(fs_assign_load_csv(&inst, path, &e), FS_EFORMAT);
    char want[256];
    snprintf(want, sizeof want, "%s:2: 'x' is not a finite number", path);
    assert_string_equal(e.msg, want);
    f = fopen(path, "w");
    fputs("1,2\n3,4,5\n", f);
    fclose(f);
    fs_err_clear(&e);
    assert_int_equal(fs_assign_load_csv(&inst, path, &e), FS_EFORMAT);
    snprintf(want, sizeof want, "%s:2: row has 3 values, expected 2", path);
    assert_string_equal(e.msg, want);
    unlink(path);
    fs_err_clear(&e);
    assert_int_equal(fs_assign_load_csv(&inst, path, &e), FS_EIO);

    fs_err_clear(&e);
    assert_int_equal(fs_assign_parse_inline(&inst, "1,2;3,4", &e), FS_OK);
    assert_int_equal(inst.n, 2);
    assert_close(inst.cost[3], 4, 0, 0);
    fs_assign_clear(&inst);
    assert_int_equal(fs_assign_parse_inline(&inst, "1,2;3", &e), FS_EFORMAT);
    fs_err_clear(&e);
    assert_int_equal(fs_assign_builtin(&inst, "nope", &e), FS_ENOTFOUND);
}

static void test_random_instance_range_and_determinism(void **state)
{
    (void)state;
    struct fs_assign_inst a = random_inst(20, 20, 1, 1000, 5);
    struct fs_assign_inst b = random_inst(20, 20, 1, 1000, 5);
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < 400; k++) {
        assert_true(a.cost[k] == floor(a.cost[k]));
        lo = fmin(lo, a.cost[k]);
        hi = fmax(hi, a.cost[k]);
        assert_true(a.cost[k] == b.cost[k]);
    }
    assert_true(lo >= 1 && hi <= 1000 && hi - lo > 900);
    fs_assign_clear(&a);
    fs_assign_clear(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lsap_matches_brute_force),
        cmocka_unit_test(test_lsap_real_costs_and_forbidden_edges),
        cmocka_unit_test(test_lsap_warm_start_equals_cold),
        cmocka_unit_test(test_bottleneck_matches_brute_force),
        cmocka_unit_test(test_nash_matches_brute_force),
        cmocka_unit_test(test_efum_matches_brute_force_at_every_alpha),
        cmocka_unit_test(test_efum_is_exact_on_larger_random_matrices),
        cmocka_unit_test(test_raf_quadratic_extremes_match_brute_force),
        cmocka_unit_test(test_raf_absolute_max_by_branch_and_bound),
        cmocka_unit_test(test_raf_absolute_milp_matches_brute_force),
        cmocka_unit_test(test_bounds_match_brute_force),
        cmocka_unit_test(test_rectangular_instances_count_real_pairs_only),
        cmocka_unit_test(test_paper_table1_measures),
        cmocka_unit_test(test_paper_functional_test_1),
        cmocka_unit_test(test_paper_functional_test_2),
        cmocka_unit_test(test_paper_functional_test_3),
        cmocka_unit_test(test_csv_and_inline_matrices),
        cmocka_unit_test(test_random_instance_range_and_determinism),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
