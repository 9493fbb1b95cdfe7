/* tests/unit/test_bandit_learn.c - Algorithm 1 for PF, EF and UF on small
 * instances whose answers are known, and the bandit learner plug-ins. */
#include "tests/unit/test_common.h"

#include <stdlib.h>
#include <string.h>

#include "envs/bandit.h"
#include "learners/bandit_learn.h"
#include "learners/learner.h"

enum { POINTS = 50 };

struct run {
    double regret[POINTS], pf[POINTS], ef[POINTS], uf[POINTS];
    int64_t round[POINTS];
    double p[4];
    struct fs_learn_summary sum;
};

static void learn(const double *mu, int n, int k, enum fs_bandit_policy notion,
                  int64_t steps, uint64_t seed, struct run *out)
{
    fs_bandit *b = NULL;
    fs_err e = {0};
    assert_int_equal(fs_bandit_from_means(mu, n, k, &b, &e), FS_OK);
    struct fs_learn_opts o = {notion, steps, 1.0, 0.7, POINTS};
    struct fs_learn_trace tr = {out->regret, out->pf, out->ef, out->uf, out->round};
    memset(&out->sum, 0, sizeof out->sum);
    out->sum.p_final = out->p;
    fs_rng env, act;
    fs_rng_init(&env, seed, 1, FS_RNG_ENV);
    fs_rng_init(&act, seed, 1, FS_RNG_ACT);
    int rc = fs_bandit_learn(b, &o, &env, &act, &tr, &out->sum, &e);
    if (rc)
        fail_msg("%s", e.msg);
    fs_bandit_destroy(&b);
}

/* Well separated favourites (0.9 vs 0.1): the UCB/LCB sets settle on the
 * true ones, so the PF regret stops growing and P_T is the PF policy
 * (2/3, 1/3) of the A.1 structure. */
static void test_pf_learns_favourites(void **state)
{
    (void)state;
    const double mu[] = {0.9, 0.1, 0.9, 0.1, 0.1, 0.9};
    struct run r;
    learn(mu, 3, 2, FS_POLICY_PF, 6000, 1, &r);
    assert_int_equal(r.sum.n_points, POINTS);
    assert_int_equal(r.round[POINTS - 1], 5999);
    assert_close(r.p[0], 2.0 / 3, 1e-9, 0);
    assert_close(r.sum.final.pf, 1, 1e-9, 0);
    /* no mistakes in the last half; regret never decreases */
    assert_close(r.regret[POINTS - 1], r.regret[POINTS / 2], 0, 0);
    for (int q = 1; q < POINTS; q++)
        assert_true(r.regret[q] >= r.regret[q - 1]);
    assert_true(r.sum.explore_rounds > 100);
    assert_true(r.sum.explore_rounds < 1500); /* sum_t t^-0.3 ~ 6000^0.7/0.7 = 624 */
}

/* UF: the arm with the largest total (arm 2, total 1.8 vs 1.2 and 1.0) is
 * found; the regret's second half grows far less than its first. */
static void test_uf_finds_best_total(void **state)
{
    (void)state;
    const double mu[] = {0.2, 0.3, 0.9, 0.6, 0.5, 0.4, 0.4, 0.2, 0.5};
    struct run r;
    learn(mu, 3, 3, FS_POLICY_UF, 20000, 2, &r);
    assert_close(r.p[2], 1, 0, 0);
    assert_close(r.sum.final.uf, 1, 1e-12, 0);
    double first = r.regret[POINTS / 2 - 1], second = r.regret[POINTS - 1] - first;
    assert_true(second < 0.5 * first);
    /* Theorem 3: O((N+alpha) sqrt(K T ln(NKT))) = 4 * sqrt(3 * 2e4 * 13.3) = 3.6e3 */
    assert_true(r.regret[POINTS - 1] < 3600);
}

/* EF on A.1-like means: the learned policy's disparity approaches D* = 0
 * (p = (1/2, 1/2)). */
static void test_ef_approaches_equal_utilities(void **state)
{
    (void)state;
    const double mu[] = {0.9, 0.1, 0.9, 0.1, 0.1, 0.9};
    struct run r;
    learn(mu, 3, 2, FS_POLICY_EF, 20000, 3, &r);
    assert_close(r.p[0], 0.5, 0.05, 0);
    assert_true(r.sum.final.ef > 0.995);
    double first = r.regret[POINTS / 2 - 1], second = r.regret[POINTS - 1] - first;
    assert_true(second < first);
}

/* Same streams, same run; another seed, another run. */
static void test_learning_is_deterministic(void **state)
{
    (void)state;
    const double mu[] = {0.7, 0.4, 0.5, 0.45, 0.3, 0.6};
    struct run *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    learn(mu, 2, 3, FS_POLICY_PF, 3000, 5, a);
    learn(mu, 2, 3, FS_POLICY_PF, 3000, 5, b);
    assert_memory_equal(a->regret, b->regret, sizeof a->regret);
    assert_memory_equal(a->pf, b->pf, sizeof a->pf);
    assert_int_equal(a->sum.explore_rounds, b->sum.explore_rounds);
    learn(mu, 2, 3, FS_POLICY_PF, 3000, 6, b);
    assert_true(a->sum.explore_rounds != b->sum.explore_rounds ||
                memcmp(a->regret, b->regret, sizeof a->regret) != 0);
    free(a);
    free(b);
}

static void test_bad_options_refused(void **state)
{
    (void)state;
    const double mu[] = {0.5, 0.4};
    fs_bandit *b = NULL;
    fs_err e = {0};
    assert_int_equal(fs_bandit_from_means(mu, 1, 2, &b, &e), FS_OK);
    struct fs_learn_opts o = {FS_POLICY_PF, 2, 1, 0.7, 10};
    struct fs_learn_summary s = {0};
    fs_rng r;
    fs_rng_init(&r, 1, 1, 1);
    assert_int_equal(fs_bandit_learn(b, &o, &r, &r, NULL, &s, &e), FS_ECONFIG);
    o.steps = 100;
    o.gamma = 1;
    assert_int_equal(fs_bandit_learn(b, &o, &r, &r, NULL, &s, &e), FS_ECONFIG);
    fs_bandit_destroy(&b);
}

/* The plug-ins: registered, and a run writes the documented metrics and
 * curves (bandit-opt: 15 scores, PF policy's PF score exactly 1). */
static void test_plugins_write_metrics(void **state)
{
    (void)state;
    const struct fs_settings s = {.name = "t", .seed = 42, .env_steps = 2000, .max_attempts = 1};
    const char *algos[] = {"bandit-pf", "bandit-ef", "bandit-uf", "bandit-opt"};
    for (int a = 0; a < 4; a++) {
        const struct fs_learner *l = fs_learner_find(algos[a]);
        assert_non_null(l);
        struct fs_job job = {0};
        strcpy(job.env, "bandit");
        strcpy(job.algo, algos[a]);
        job.n_params = 1;
        strcpy(job.params[0].name, "points");
        job.params[0].num = 20;
        fs_err e = {0};
        assert_int_equal(fs_job_finish(&job, &e), FS_OK);
        struct fs_result r;
        fs_result_init(&r, job.id);
        int rc = l->run(&job, &s, &r, &e);
        if (rc)
            fail_msg("%s: %s", algos[a], e.msg);
        if (a < 3) {
            assert_int_equal(r.n_curves, 5);
            assert_int_equal(r.curves[0].n, 20);
            assert_string_equal(r.curves[0].name, "regret");
        } else {
            assert_int_equal(r.n_curves, 0);
            assert_true(r.n_metrics >= 15);
            assert_string_equal(r.metrics[0].name, "pf_pf");
            assert_close(r.metrics[0].value, 1, 1e-9, 0);
        }
        fs_result_clear(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pf_learns_favourites),
        cmocka_unit_test(test_uf_finds_best_total),
        cmocka_unit_test(test_ef_approaches_equal_utilities),
        cmocka_unit_test(test_learning_is_deterministic),
        cmocka_unit_test(test_bad_options_refused),
        cmocka_unit_test(test_plugins_write_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
