/* tests/unit/test_decaf_alloc.c - DECAF's allocator: a hand-solved case,
 * infeasibility, and the flow solver and GLPK against brute force on 2000
 * small random instances (values must agree; allocations must be feasible). */
#include "tests/unit/test_common.h"

#include "core/rng.h"
#include "learners/decaf_alloc.h"

/* Three agents, two resources of capacity 1, action 0 = no resource.
 * Candidates: {0:r0, 1:r1, 2:idle} = 5 + 3 + 0.4 = 8.4,
 * {0:r0, 1:idle, 2:r1} = 5 + 1 + 2.5 = 8.5 (the optimum),
 * {0:r1, 1:r0, 2:idle} = 1 + 4 + 0.4 = 5.4. Greedy by score would give
 * agent 1 resource 1 and miss the optimum. */
static void test_hand_case(void **state)
{
    (void)state;
    const double q[9] = {0.0, 5.0, 1.0,    /* agent 0: idle, r0, r1 */
                         1.0, 4.0, 3.0,    /* agent 1 */
                         0.4, 0.0, 2.5};   /* agent 2 */
    const int res[9] = {-1, 0, 1, -1, 0, 1, -1, 0, 1};
    const int cap[2] = {1, 1};
    struct fs_alloc_problem p = {3, 3, 2, q, res, cap, NULL};
    int act[3];
    double v;
    fs_err e = {0};
    fs_alloc *w = fs_alloc_create(3, 3, 2);
    assert_int_equal(fs_alloc_solve(w, &p, act, &v, &e), 0);
    assert_close(v, 8.5, 1e-12, 0);
    assert_int_equal(act[0], 1);
    assert_int_equal(act[1], 0);
    assert_int_equal(act[2], 2);
    assert_int_equal(fs_alloc_solve_glpk(&p, act, &v, &e), 0);
    assert_close(v, 8.5, 1e-12, 0);
    fs_alloc_destroy(&w);
    assert_null(w);
    fs_alloc_destroy(NULL);
}

/* BiasedDM's structure: take (cap 1) / not take (cap n-1); exactly one
 * agent takes, the one with the largest margin q_take - q_not. */
static void test_exactly_one_taker(void **state)
{
    (void)state;
    const double q[8] = {0.0, 1.0, 0.5, 3.0, 0.0, 2.0, -1.0, 0.0};
    const int res[8] = {1, 0, 1, 0, 1, 0, 1, 0};
    const int cap[2] = {1, 3};
    struct fs_alloc_problem p = {4, 2, 2, q, res, cap, NULL};
    int act[4];
    fs_err e = {0};
    fs_alloc *w = fs_alloc_create(4, 2, 2);
    assert_int_equal(fs_alloc_solve(w, &p, act, NULL, &e), 0);
    /* margins 1, 2.5, 2, 1: agent 1 takes. */
    assert_int_equal(act[0], 0);
    assert_int_equal(act[1], 1);
    assert_int_equal(act[2], 0);
    assert_int_equal(act[3], 0);
    fs_alloc_destroy(&w);
}

static void test_infeasible_and_errors(void **state)
{
    (void)state;
    const double q[6] = {1, 2, 3, 4, 5, 6};
    const int res[6] = {0, 0, 0, 0, 0, 0};
    const int cap[1] = {1};
    struct fs_alloc_problem p = {2, 2, 1, q, res, cap, NULL};
    int act[2];
    fs_err e = {0};
    fs_alloc *w = fs_alloc_create(2, 2, 1);
    assert_int_equal(fs_alloc_solve(w, &p, act, NULL, &e), FS_ENUMERIC);
    fs_err_clear(&e);
    assert_int_equal(fs_alloc_solve_glpk(&p, act, NULL, &e), FS_ENUMERIC);
    fs_err_clear(&e);
    assert_int_equal(fs_alloc_solve_brute(&p, act, NULL, &e), FS_ENUMERIC);
    fs_err_clear(&e);
    struct fs_alloc_problem big = {3, 2, 1, q, res, cap, NULL};
    assert_int_equal(fs_alloc_solve(w, &big, act, NULL, &e), FS_ECONFIG);
    fs_err_clear(&e);
    const int bad[4] = {0, 1, 0, 0};   /* resource 1 of 1 */
    struct fs_alloc_problem badres = {2, 2, 1, q, bad, cap, NULL};
    assert_int_equal(fs_alloc_solve(w, &badres, act, NULL, &e), FS_ECONFIG);
    fs_alloc_destroy(&w);
}

/* Random instances: up to 5 agents x 4 actions over up to 4 resources of
 * capacity 0-2, 80% of pairs allowed. */
static void random_problem(fs_rng *r, struct fs_alloc_problem *p, double *q,
                           int *res, int *cap, unsigned char *allowed)
{
    p->n_agents = 1 + (int)fs_rng_below(r, 5);
    p->n_actions = 1 + (int)fs_rng_below(r, 4);
    p->n_resources = (int)fs_rng_below(r, 5);
    for (int k = 0; k < p->n_agents * p->n_actions; k++) {
        /* integer-ish scores make ties common, which stresses tie handling */
        q[k] = fs_rng_uniform(r) < 0.5 ? (double)fs_rng_below(r, 4)
                                       : fs_rng_normal(r);
        res[k] = (int)fs_rng_below(r, (uint64_t)p->n_resources + 1) - 1;
        allowed[k] = fs_rng_uniform(r) < 0.8;
    }
    for (int j = 0; j < p->n_resources; j++)
        cap[j] = (int)fs_rng_below(r, 3);
    p->q = q;
    p->resource = res;
    p->capacity = cap;
    p->allowed = allowed;
}

static void test_random_against_brute_force(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 8, 1, FS_RNG_USER);
    fs_alloc *w = fs_alloc_create(5, 4, 4);
    int feasible = 0;
    for (int t = 0; t < 2000; t++) {
        struct fs_alloc_problem p;
        double q[20];
        int res[20], cap[4], a_b[5], a_f[5], a_g[5];
        unsigned char allowed[20];
        random_problem(&r, &p, q, res, cap, allowed);
        fs_err e = {0};
        double vb = 0, vf = 0, vg = 0;
        int rb = fs_alloc_solve_brute(&p, a_b, &vb, &e);
        fs_err_clear(&e);
        int rf = fs_alloc_solve(w, &p, a_f, &vf, &e);
        fs_err_clear(&e);
        int rg = t % 4 == 0 ? fs_alloc_solve_glpk(&p, a_g, &vg, &e) : rb;
        assert_int_equal(rf, rb);
        assert_int_equal(rg, rb);
        if (rb)
            continue;
        feasible++;
        assert_true(fs_alloc_feasible(&p, a_f));
        assert_close(vf, vb, 1e-9, 0);
        assert_close(fs_alloc_value(&p, a_f), vb, 1e-9, 0);
        if (t % 4 == 0) {
            assert_true(fs_alloc_feasible(&p, a_g));
            assert_close(vg, vb, 1e-9, 0);
        }
    }
    /* both outcomes must be exercised */
    assert_true(feasible > 500 && feasible < 1900);
    fs_alloc_destroy(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_case),
        cmocka_unit_test(test_exactly_one_taker),
        cmocka_unit_test(test_infeasible_and_errors),
        cmocka_unit_test(test_random_against_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
