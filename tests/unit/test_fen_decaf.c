/* tests/unit/test_fen_decaf.c - FEN and PPO on DECAF's environments
 * (learners/fen_decaf.h): the stepping view (observations, utility
 * increments, episode metrics) on hand-computed BiasedDM steps, the
 * allocator on hand-computed scores, feasibility of every joint action FEN
 * takes on tiny Job and BiasedDM instances, determinism, and short runs of
 * `fen` and `ppo` on all four environments.
 */
#include "tests/unit/test_common.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/env.h"
#include "learners/fen.h"
#include "learners/fen_decaf.h"
#include "learners/learner.h"
#include "learners/ppo.h"

/* A job on env for algo; names[i] = vals[i], or "name=text" (vals NAN). */
static struct fs_job make_job(const char *env, const char *algo, int64_t seed,
                              const char *const *names, const double *vals, int n)
{
    struct fs_job job = {0};
    snprintf(job.env, sizeof job.env, "%s", env);
    snprintf(job.algo, sizeof job.algo, "%s", algo);
    job.seed = seed;
    for (int i = 0; i < n; i++) {
        snprintf(job.params[i].name, FS_NAME_MAX, "%s", names[i]);
        job.params[i].num = vals[i];
        char *eq = strchr(job.params[i].name, '=');
        if (eq) {
            *eq = 0;
            job.params[i].is_text = 1;
            snprintf(job.params[i].text, FS_TEXT_MAX, "%s", eq + 1);
        }
    }
    job.n_params = n;
    fs_err e = {0};
    assert_int_equal(fs_job_finish(&job, &e), FS_OK);
    return job;
}

/* BiasedDM with 3 agents (scores 1, 2/3, 1/3), 20 steps, no warm start
 * (Z starts at 1/3 each). */
static fs_env *tiny_biaseddm(struct fs_env_spec *spec)
{
    const char *names[] = {"agents", "max_steps", "warm_start"};
    double vals[] = {3, 20, 0};
    struct fs_job job = make_job("biaseddm", "fen", 0, names, vals, 3);
    fs_env *v = NULL;
    fs_err e = {0};
    assert_int_equal(fs_fen_decaf_ops.create(&job, &v, spec, &e), 0);
    return v;
}

static double metric_of(const struct fs_result *r, const char *name)
{
    for (int i = 0; i < r->n_metrics; i++)
        if (strcmp(r->metrics[i].name, name) == 0)
            return r->metrics[i].value;
    fail_msg("no metric %s", name);
    return NAN;
}

/* Observation = pds(i, 0) = (score, Z_i, Z_i / mean Z - 1, 0); all
 * actions allowed; the sizes of the view. */
static void test_view_observes_post_decision_of_action_0(void **state)
{
    (void)state;
    struct fs_env_spec sp;
    fs_env *v = tiny_biaseddm(&sp);
    assert_int_equal(sp.n_agents, 3);
    assert_int_equal(sp.obs_dim, 4);
    assert_int_equal(sp.n_actions, 2);
    assert_int_equal(sp.episode_limit, 20);
    fs_rng r;
    fs_rng_init(&r, 1, 2, 3);
    fs_fen_decaf_ops.reset(v, &r);
    float obs[12];
    unsigned char avail[6];
    fs_fen_decaf_ops.observe(v, obs, NULL, avail);
    const double score[] = {1.0, 2.0 / 3, 1.0 / 3};
    for (int i = 0; i < 3; i++) {
        assert_close(obs[4 * i], score[i], 1e-6, 0);
        assert_close(obs[4 * i + 1], 1.0 / 3, 1e-6, 0);
        assert_close(obs[4 * i + 2], 0.0, 1e-6, 0);
        assert_close(obs[4 * i + 3], 0.0, 0, 0);
        assert_int_equal(avail[2 * i] + avail[2 * i + 1], 2);
    }
    fs_fen_decaf_ops.destroy(&v);
    assert_null(v);
}

/* Scores = probabilities. Exactly one agent takes (action 1); the sums of
 * probabilities: agent 0 takes 0.3 + 0.1 + 0.4 = 0.8, agent 1 takes
 * 0.7 + 0.9 + 0.4 = 2.0, agent 2 takes 0.7 + 0.1 + 0.6 = 1.4: agent 1. */
static void test_allocator_maximises_the_sum_of_probabilities(void **state)
{
    (void)state;
    struct fs_env_spec sp;
    fs_env *v = tiny_biaseddm(&sp);
    fs_rng r;
    fs_rng_init(&r, 1, 2, 3);
    fs_fen_decaf_ops.reset(v, &r);
    unsigned char avail[6];
    fs_fen_decaf_ops.observe(v, NULL, NULL, avail);
    const float probs[] = {0.7f, 0.3f, 0.1f, 0.9f, 0.4f, 0.6f};
    int act[3];
    fs_err e = {0};
    assert_int_equal(fs_fen_decaf_allocate(v, probs, avail, 3, 2, &r, act, &e), 0);
    assert_int_equal(act[0], 0);
    assert_int_equal(act[1], 1);
    assert_int_equal(act[2], 0);
    /* Agent 1 never takes (p = 0): agent 0 taking scores 0.3 + 1.0 + 0.4 =
     * 1.7, agent 2 taking 0.7 + 1.0 + 0.6 = 2.3. */
    const float probs0[] = {0.7f, 0.3f, 1.0f, 0.0f, 0.4f, 0.6f};
    assert_int_equal(fs_fen_decaf_allocate(v, probs0, avail, 3, 2, &r, act, &e), 0);
    assert_int_equal(act[1], 0);
    assert_int_equal(act[2], 1);
    fs_fen_decaf_ops.destroy(&v);
}

/* Two steps by hand: agent 1 takes, then agent 0. Rewards are the scores
 * of the takers; utility increments are the changes of the resource
 * rates count_i / t: [0, 1, 0] then [1/2, 1/2, 0] - [0, 1, 0]. Metrics:
 * util = 2/3 + 1 = 5/3, var = population variance of [1/2, 1/2, 0] =
 * 1/18, fair = -1/18. An infeasible joint action (two takers) is refused. */
static void test_step_rewards_increments_and_metrics(void **state)
{
    (void)state;
    struct fs_env_spec sp;
    fs_env *v = tiny_biaseddm(&sp);
    fs_rng r;
    fs_rng_init(&r, 1, 2, 3);
    fs_fen_decaf_ops.reset(v, &r);
    double ar[3], inc[3];
    struct fs_env_step st = {.agent_reward = ar};
    fs_err e = {0};
    fs_fen_decaf_utility(v, ar, 3, inc);
    assert_close(inc[0] + inc[1] + inc[2], 0.0, 0, 0);

    const int a1[] = {0, 1, 0}, a2[] = {1, 0, 0}, bad[] = {1, 1, 0};
    assert_int_equal(fs_fen_decaf_ops.step(v, a1, &r, &st, &e), 0);
    assert_close(ar[1], 2.0 / 3, 1e-12, 0);
    assert_close(ar[0] + ar[2], 0.0, 0, 0);
    assert_close(st.reward, 2.0 / 3, 1e-12, 0);
    assert_false(st.truncated);
    fs_fen_decaf_utility(v, ar, 3, inc);
    assert_close(inc[0], 0.0, 1e-12, 0);
    assert_close(inc[1], 1.0, 1e-12, 0);
    assert_close(inc[2], 0.0, 1e-12, 0);

    assert_int_equal(fs_fen_decaf_ops.step(v, a2, &r, &st, &e), 0);
    assert_close(ar[0], 1.0, 1e-12, 0);
    fs_fen_decaf_utility(v, ar, 3, inc);
    assert_close(inc[0], 0.5, 1e-12, 0);
    assert_close(inc[1], -0.5, 1e-12, 0);
    assert_close(inc[2], 0.0, 1e-12, 0);

    struct fs_result res;
    fs_result_init(&res, 0);
    assert_int_equal(fs_fen_decaf_ops.episode_metrics(v, "", &res, &e), 0);
    assert_close(metric_of(&res, "util"), 5.0 / 3, 1e-12, 0);
    assert_close(metric_of(&res, "var"), 1.0 / 18, 1e-12, 0);
    assert_close(metric_of(&res, "fair"), -1.0 / 18, 1e-12, 0);
    fs_result_clear(&res);

    assert_int_equal(fs_fen_decaf_ops.step(v, bad, &r, &st, &e), FS_ECONFIG);
    fs_fen_decaf_ops.destroy(&v);
}

/* A view whose step counts steps and fails the test on any joint action
 * the DECAF env refuses (it checks every allowed mask and capacity). */
static int checked_steps;

static int checked_step(fs_env *v, const int *actions, fs_rng *rng,
                        struct fs_env_step *out, fs_err *e)
{
    int rc = fs_fen_decaf_ops.step(v, actions, rng, out, e);
    if (rc)
        fail_msg("infeasible joint action at step %d: %s", checked_steps, e->msg);
    checked_steps++;
    return rc;
}

static void run_checked(const char *env, const char *const *names,
                        const double *vals, int n, int hierarchical)
{
    struct fs_job job = make_job(env, "fen", 0, names, vals, n);
    struct fs_env_ops ops = fs_fen_decaf_ops;
    ops.step = checked_step;
    fs_env *v = NULL;
    struct fs_env_spec sp;
    fs_err e = {0};
    assert_int_equal(ops.create(&job, &v, &sp, &e), 0);
    struct fs_fen_cfg cfg = fs_fen_defaults();
    cfg.hierarchical = hierarchical;
    cfg.hidden = cfg.ctrl_hidden = 8;
    cfg.period = 5;
    cfg.c = 1.0 / sp.episode_limit;
    fs_rng init, env_rng, act_rng;
    fs_rng_init(&init, 5, 1, 1);
    fs_rng_init(&env_rng, 5, 1, 2);
    fs_rng_init(&act_rng, 5, 1, 3);
    fs_fen *f = NULL;
    assert_int_equal(fs_fen_create(&cfg, &sp, &init, &f, &e), 0);
    checked_steps = 0;
    for (int k = 0; k < 6; k++) {
        fs_fen_decaf_attach(f, v, k < 3 ? FS_FEN_DECAF_PROBS : FS_FEN_DECAF_SAMPLE);
        struct fs_fen_episode ep = {0};
        assert_int_equal(fs_fen_episode(f, &ops, v, &env_rng, &act_rng, 1, &ep, NULL, &e), 0);
        assert_int_equal(ep.steps, sp.episode_limit);
    }
    assert_int_equal(checked_steps, 6 * sp.episode_limit);
    fs_fen_destroy(&f);
    ops.destroy(&v);
}

/* Job on a 3 x 3 grid: 4 agents on 9 cells, so occupied cells and
 * capacities bind at almost every step; and BiasedDM's one taker. */
static void test_every_joint_action_fen_takes_is_feasible(void **state)
{
    (void)state;
    const char *jn[] = {"grid", "max_steps"};
    const double jv[] = {3, 30};
    run_checked("job", jn, jv, 2, 1);
    run_checked("job", jn, jv, 2, 0);
    const char *bn[] = {"agents", "max_steps"};
    const double bv[] = {3, 30};
    run_checked("biaseddm", bn, bv, 2, 1);
}

static void run_short(const char *env, const char *algo, int64_t seed,
                      struct fs_result *r)
{
    /* ppo has no ctrl_hidden: it gets the first three only */
    const char *names[] = {"hidden", "max_steps", "period", "ctrl_hidden"};
    const double vals[] = {8, 20, 5, 8};
    int n = strcmp(algo, "fen") == 0 ? 4 : 3;
    struct fs_job job = make_job(env, algo, seed, names, vals, n);
    struct fs_settings s = {.name = "t", .seed = 11, .env_steps = 60,
                            .eval_episodes = 2, .max_attempts = 1};
    fs_result_init(r, job.id);
    fs_err e = {0};
    int rc = fs_learner_find(algo)->run(&job, &s, r, &e);
    if (rc)
        fail_msg("%s on %s: %s", algo, env, e.msg);
}

/* fen and ppo run on all four environments and report util, fair, var
 * (fair = -var) next to FEN's own metrics. */
static void test_short_runs_on_all_four_envs(void **state)
{
    (void)state;
    const char *envs[] = {"matthew", "job", "plant", "biaseddm"};
    const char *algos[] = {"fen", "ppo"};
    for (int k = 0; k < 4; k++)
        for (int a = 0; a < 2; a++) {
            struct fs_result r;
            run_short(envs[k], algos[a], 0, &r);
            double util = metric_of(&r, "util"), var = metric_of(&r, "var");
            assert_true(isfinite(util) && util >= 0);
            assert_true(var >= 0);
            assert_close(metric_of(&r, "fair"), -var, 0, 0);
            assert_close(metric_of(&r, "train_steps"), 60, 0, 0);
            assert_true(isfinite(metric_of(&r, "jain")));
            if (a == 0)
                assert_close(metric_of(&r, "fen_c"), 1.0 / 20, 1e-15, 0);
            fs_result_clear(&r);
        }
}

static void test_runs_are_deterministic(void **state)
{
    (void)state;
    struct fs_result r1, r2;
    run_short("job", "fen", 3, &r1);
    run_short("job", "fen", 3, &r2);
    assert_int_equal(r1.n_metrics, r2.n_metrics);
    for (int i = 0; i < r1.n_metrics; i++) {
        assert_string_equal(r1.metrics[i].name, r2.metrics[i].name);
        assert_true(r1.metrics[i].value == r2.metrics[i].value);
    }
    fs_result_clear(&r1);
    fs_result_clear(&r2);
}

/* The allocator may impose an action whose probability underflowed to 0;
 * the trainer then takes its ratio against FLT_MIN. probs [1, 0], action
 * 1, A = -1: rho = 0, the clipped term -0.9 is the min, loss 0.9; the
 * bonus p log p is 0 at p = 0 and no gradient passes (p_a = 0): no NaN. */
static void test_underflowed_probability_gives_finite_loss(void **state)
{
    (void)state;
    float probs[] = {1.0f, 0.0f}, old = FLT_MIN, adv = -1.0f, dz[2] = {0};
    int a = 1;
    double L = fs_ppo_clip_loss(probs, &a, &old, &adv, 1, 2, 0.1f, 0.03f, dz);
    assert_close(L, 0.9, 1e-6, 0);
    assert_close(dz[0], 0.0, 0, 0);
    assert_close(dz[1], 0.0, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_observes_post_decision_of_action_0),
        cmocka_unit_test(test_allocator_maximises_the_sum_of_probabilities),
        cmocka_unit_test(test_step_rewards_increments_and_metrics),
        cmocka_unit_test(test_every_joint_action_fen_takes_is_feasible),
        cmocka_unit_test(test_short_runs_on_all_four_envs),
        cmocka_unit_test(test_runs_are_deterministic),
        cmocka_unit_test(test_underflowed_probability_gives_finite_loss),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
