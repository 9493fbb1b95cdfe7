/* tests/unit/test_decaf_learn.c - DECAF's learning pieces: the per-agent
 * fairness rewards (hand values and the sums they must add up to), the
 * value network (a regression it must fit, target sync, save/load), and
 * the three learners on a tiny BiasedDM budget (determinism, the
 * utility-optimal policy at beta = 0, the beta_test metrics of SO/FO). */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fairness.h"
#include "learners/decaf_fair.h"
#include "learners/decaf_vnet.h"
#include "learners/learner.h"

/* Z = (1, 2, 3) -> Z' = (2, 2, 3): mean 2 -> 7/3.
 * variance: r_i = -[(Z'_i - 7/3)^2 - (Z_i - 2)^2] / 3
 *   r_0 = -(1/9 - 1)/3 = 8/27, r_1 = -(1/9 - 0)/3 = -1/27,
 *   r_2 = -(4/9 - 1)/3 = 5/27; sum 12/27 = Var(Z) - Var(Z') = 2/3 - 2/9. */
static void test_variance_reward(void **state)
{
    (void)state;
    const double z[3] = {1, 2, 3}, z1[3] = {2, 2, 3};
    double r[3];
    fs_decaf_fair_reward(FS_DECAF_VARIANCE, z, z1, 3, r);
    assert_close(r[0], 8.0 / 27, 1e-15, 0);
    assert_close(r[1], -1.0 / 27, 1e-15, 0);
    assert_close(r[2], 5.0 / 27, 1e-15, 0);
    assert_close(r[0] + r[1] + r[2],
                 fs_fair_variance(z, 3) - fs_fair_variance(z1, 3), 1e-15, 0);
    assert_close(fs_decaf_fair_value(FS_DECAF_VARIANCE, z, 3), -2.0 / 3, 1e-15, 0);
    assert_int_equal(fs_decaf_fairness_parse("variance"), FS_DECAF_VARIANCE);
    assert_int_equal(fs_decaf_fairness_parse("gini"), FS_DECAF_GINI);
    assert_int_equal(fs_decaf_fairness_parse("maximin"), FS_DECAF_MAXIMIN);
    assert_int_equal(fs_decaf_fairness_parse("jain"), -1);
}

/* Gini rewards sum to Gini(Z) - Gini(Z') (up to the 1e-6 offset), and
 * maximin rewards to min Z' - min Z with all of it going to the agent that
 * was and is the minimum here. */
static void test_gini_and_maximin_rewards(void **state)
{
    (void)state;
    const double z[4] = {1, 2, 3, 6}, z1[4] = {1.5, 2, 3, 6};
    double r[4], s = 0;
    fs_decaf_fair_reward(FS_DECAF_GINI, z, z1, 4, r);
    for (int i = 0; i < 4; i++)
        s += r[i];
    assert_close(s, fs_fair_gini(z, 4) - fs_fair_gini(z1, 4), 1e-6, 0);
    assert_true(r[0] > 0);   /* the poorest agent gaining is fairer */
    assert_close(-fs_decaf_fair_value(FS_DECAF_GINI, z, 4), fs_fair_gini(z, 4), 1e-6, 0);

    fs_decaf_fair_reward(FS_DECAF_MAXIMIN, z, z1, 4, r);
    /* raw: r_0 = 0.5 + 0.5 + 0.5/4, r_others = 0.5/4; sum 1.5; scaled by
     * 0.5 / 1.5 */
    assert_close(r[0], 1.125 / 3, 1e-15, 0);
    assert_close(r[1], 0.125 / 3, 1e-15, 0);
    assert_close(r[0] + r[1] + r[2] + r[3], 0.5, 1e-15, 0);
    assert_close(fs_decaf_fair_value(FS_DECAF_MAXIMIN, z1, 4), 1.5, 0, 0);
}

/* V learns y = x0 - 2 x1 + 0.5 on 64 fixed points: the MSE falls by 20x. */
static void test_vnet_fits_and_saves(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 1, 2, FS_RNG_INIT);
    fs_decaf_vnet *net = fs_decaf_vnet_create(2, 20, 64, 3e-3, &r);
    float x[128], y[64], v[64], vt[64];
    for (int i = 0; i < 64; i++) {
        x[2 * i] = (float)fs_rng_uniform(&r);
        x[2 * i + 1] = (float)fs_rng_uniform(&r);
        y[i] = x[2 * i] - 2 * x[2 * i + 1] + 0.5f;
    }
    double first = fs_decaf_vnet_train(net, x, y, 64), last = first;
    for (int k = 0; k < 1500; k++)
        last = fs_decaf_vnet_train(net, x, y, 64);
    assert_true(last < first / 20);
    /* the target still holds the initial weights until synced */
    fs_decaf_vnet_forward(net, x, 64, 0, v);
    fs_decaf_vnet_forward(net, x, 64, 1, vt);
    assert_true(v[0] != vt[0]);
    fs_decaf_vnet_sync_target(net);
    fs_decaf_vnet_forward(net, x, 64, 1, vt);
    assert_memory_equal(v, vt, sizeof v);
    char path[] = "/tmp/test_decaf_vnet_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    fs_err e = {0};
    assert_int_equal(fs_decaf_vnet_save(net, path, &e), 0);
    fs_rng_init(&r, 9, 9, FS_RNG_INIT);
    fs_decaf_vnet *other = fs_decaf_vnet_create(2, 20, 64, 3e-3, &r);
    assert_int_equal(fs_decaf_vnet_load(other, path, &e), 0);
    fs_decaf_vnet_forward(other, x, 64, 1, vt);
    assert_memory_equal(v, vt, sizeof v);
    unlink(path);
    /* a clone computes the same values; copy overwrites both arenas */
    fs_decaf_vnet *twin = fs_decaf_vnet_clone(net);
    fs_decaf_vnet_forward(twin, x, 64, 1, vt);
    assert_memory_equal(v, vt, sizeof v);
    fs_decaf_vnet_train(net, x, y, 64);
    fs_decaf_vnet_copy(other, twin);
    fs_decaf_vnet_forward(other, x, 64, 0, vt);
    assert_memory_equal(v, vt, sizeof v);
    fs_decaf_vnet_destroy(&twin);
    fs_decaf_vnet_destroy(&net);
    fs_decaf_vnet_destroy(&other);
    assert_null(net);
}

static double metric_of(const struct fs_result *r, const char *name)
{
    for (int i = 0; i < r->n_metrics; i++)
        if (strcmp(r->metrics[i].name, name) == 0)
            return r->metrics[i].value;
    fail_msg("metric %s missing", name);
    return NAN;
}

/* One job of algo on biaseddm with 30 episodes of 100 steps (validation
 * every `validate` episodes when > 0). */
static void run_job_v(const char *algo, double beta, int validate,
                      struct fs_result *out)
{
    struct fs_job job;
    memset(&job, 0, sizeof job);
    snprintf(job.env, sizeof job.env, "biaseddm");
    snprintf(job.algo, sizeof job.algo, "%s", algo);
    job.n_params = 2;
    snprintf(job.params[0].name, FS_NAME_MAX, "beta");
    job.params[0].num = beta;
    snprintf(job.params[1].name, FS_NAME_MAX, "learn_start");
    job.params[1].num = 200;
    if (validate > 0) {
        snprintf(job.params[2].name, FS_NAME_MAX, "validate_every");
        job.params[2].num = validate;
        job.n_params = 3;
    }
    fs_err e = {0};
    assert_int_equal(fs_job_finish(&job, &e), 0);
    struct fs_settings s = {.seed = 7, .env_steps = 3000, .eval_episodes = 3};
    const struct fs_learner *l = fs_learner_find(algo);
    assert_non_null(l);
    fs_result_init(out, job.id);
    int rc = l->run(&job, &s, out, &e);
    if (rc)
        fail_msg("%s: %s", algo, e.msg);
}

static void run_job(const char *algo, double beta, struct fs_result *out)
{
    run_job_v(algo, beta, 0, out);
}

/* Keeping the best validated model (every 5 episodes from episode 20)
 * finds the optimum at beta = 0 too, deterministically. */
static void test_validation_keeps_a_good_model(void **state)
{
    (void)state;
    struct fs_result a, b;
    run_job_v("decaf-jo", 0.0, 5, &a);
    run_job_v("decaf-jo", 0.0, 5, &b);
    assert_true(metric_of(&a, "util") >= 95.0);
    assert_true(metric_of(&a, "var") == metric_of(&b, "var"));
    assert_memory_equal(a.curves[0].points, b.curves[0].points, 30 * sizeof(double));
    fs_result_clear(&a);
    fs_result_clear(&b);
}

/* At beta = 0 the utility-optimal policy gives every resource to agent 0:
 * utility 100 per 100-step episode (a random allocation averages 60). */
static void test_jo_learns_biased_optimum_deterministically(void **state)
{
    (void)state;
    struct fs_result a, b;
    run_job("decaf-jo", 0.0, &a);
    run_job("decaf-jo", 0.0, &b);
    assert_true(metric_of(&a, "util") >= 95.0);
    assert_true(a.n_metrics == b.n_metrics && a.n_curves == b.n_curves);
    for (int i = 0; i < a.n_metrics; i++)
        assert_true(a.metrics[i].value == b.metrics[i].value);
    assert_int_equal(a.curves[0].n, 30);
    assert_memory_equal(a.curves[0].points, b.curves[0].points, 30 * sizeof(double));
    /* obj = (1 - 0) util */
    assert_close(metric_of(&a, "obj"), metric_of(&a, "util"), 1e-12, 0);
    fs_result_clear(&a);
    fs_result_clear(&b);
}

/* SO and FO report every beta_test; obj_bt is the mix. FO at beta_test 0
 * is the frozen beta = 0 utility model, well above random allocation (60);
 * SO trades utility for fairness as beta_test grows to 0.999. */
static void test_so_fo_beta_test_grid(void **state)
{
    (void)state;
    struct fs_result so, fo;
    run_job("decaf-so", 0.5, &so);
    run_job("decaf-fo", 0.5, &fo);
    const char *bts[] = {"0", "0.01", "0.1", "0.5", "0.9", "0.99", "0.999"};
    const double bv[] = {0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999};
    for (int k = 0; k < 7; k++) {
        char u[32], f[32], o[32];
        snprintf(u, sizeof u, "util_bt%s", bts[k]);
        snprintf(f, sizeof f, "fair_bt%s", bts[k]);
        snprintf(o, sizeof o, "obj_bt%s", bts[k]);
        assert_close(metric_of(&so, o),
                     (1 - bv[k]) * metric_of(&so, u) + bv[k] * metric_of(&so, f), 1e-9, 0);
        assert_true(metric_of(&fo, f) <= 0.0);
    }
    assert_true(metric_of(&fo, "util_bt0") >= 80.0);
    assert_true(metric_of(&so, "util_bt0") > metric_of(&so, "util_bt0.999"));
    assert_true(metric_of(&so, "fair_bt0") < metric_of(&so, "fair_bt0.999"));
    /* evaluation at beta_test = beta_train repeats the main evaluation */
    assert_close(metric_of(&so, "util_bt0.5"), metric_of(&so, "util"), 1e-12, 0);
    assert_close(metric_of(&fo, "fair_bt0.5"), metric_of(&fo, "fair"), 1e-12, 0);
    fs_result_clear(&so);
    fs_result_clear(&fo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_variance_reward),
        cmocka_unit_test(test_gini_and_maximin_rewards),
        cmocka_unit_test(test_vnet_fits_and_saves),
        cmocka_unit_test(test_jo_learns_biased_optimum_deterministically),
        cmocka_unit_test(test_so_fo_beta_test_grid),
        cmocka_unit_test(test_validation_keeps_a_good_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
