/* tests/unit/test_fen.c - FEN (learners/fen.h, learners/ppo.h) and the
 * `share` game (envs/share.c).
 *
 * Hand-computed values: the clipped PPO loss and its logit gradient in each
 * branch of the min, the -0.03 p log p bonus, discounted returns, the
 * fair-efficient reward (section 2.1 of shared/reference/marl-algorithms.md);
 * finite differences for the MLP backward; the controller switching only
 * every T steps; and the test: on the two-agent share game FEN
 * passes the resource round (Jain near 1) while independent PPO keeps it
 * with whoever got it first (Jain 1/2).
 */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/params.h"
#include "envs/env.h"
#include "learners/fen.h"
#include "learners/learner.h"
#include "learners/ppo.h"

/* ---- PPO loss -------------------------------------------------------------- */

/* probs [0.55, 0.45], action 0, old p 0.5, A = 1: rho = 1.1 is inside
 * [0.8, 1.2], both terms equal 1.1, the gradient passes: dL/dp = -A/old =
 * -2, dL/dz = -2 * 0.55 * ([1, 0] - [0.55, 0.45]) = [-0.495, 0.495]. */
static void test_clip_loss_unclipped_branch(void **state)
{
    (void)state;
    float probs[] = {0.55f, 0.45f}, old = 0.5f, adv = 1.0f, dz[2] = {0};
    int a = 0;
    double L = fs_ppo_clip_loss(probs, &a, &old, &adv, 1, 2, 0.2f, 0.0f, dz);
    assert_close(L, -1.1, 1e-6, 0);
    assert_close(dz[0], -0.495, 1e-6, 0);
    assert_close(dz[1], 0.495, 1e-6, 0);
}

/* A > 0 and rho = 1.8 > 1.2: the clipped term 1.2 is the min, no gradient.
 * A < 0 and rho = 0.6 < 0.8: clipped -0.8 < unclipped -0.6, no gradient. */
static void test_clip_loss_clipped_branch_has_no_gradient(void **state)
{
    (void)state;
    float probs[] = {0.9f, 0.1f, 0.3f, 0.7f}, old[] = {0.5f, 0.5f};
    float adv[] = {1.0f, -1.0f}, dz[4] = {0};
    int a[] = {0, 0};
    double L = fs_ppo_clip_loss(probs, a, old, adv, 2, 2, 0.2f, 0.0f, dz);
    assert_close(L, (-1.2 + 0.8) / 2, 1e-6, 0);
    for (int j = 0; j < 4; j++)
        assert_close(dz[j], 0.0, 0, 0);
}

/* A = -2, rho = 1.8: unclipped -3.6 < clipped -2.4, so the min is the
 * unclipped term and dL/dp = -A/old = 4, dL/dz = 4 * 0.9 * ([1, 0] - [0.9,
 * 0.1]) = [0.36, -0.36]. Batched with the sample of the first test, the
 * mean halves everything:
 * L = (-1.1 + 3.6)/2 = 1.25, dz = [-0.2475, 0.2475] and [0.18, -0.18]. */
static void test_clip_loss_batch_mean(void **state)
{
    (void)state;
    float probs[] = {0.55f, 0.45f, 0.9f, 0.1f}, old[] = {0.5f, 0.5f};
    float adv[] = {1.0f, -2.0f}, dz[4] = {0};
    int a[] = {0, 0};
    double L = fs_ppo_clip_loss(probs, a, old, adv, 2, 2, 0.2f, 0.0f, dz);
    assert_close(L, 1.25, 1e-6, 0);
    assert_close(dz[0], -0.2475, 1e-6, 0);
    assert_close(dz[1], 0.2475, 1e-6, 0);
    assert_close(dz[2], 0.18, 1e-6, 0);
    assert_close(dz[3], -0.18, 1e-6, 0);
}

/* A = 0, so only the bonus: L = 0.03 * 0.5 ln 0.5 = -0.010397208;
 * dL/dp = 0.03 (ln 0.5 + 1) = 0.009205584, times p(1 - p) = 0.25 on the
 * chosen logit: 0.002301396, the other gets the negative. */
static void test_clip_loss_entropy_bonus(void **state)
{
    (void)state;
    float probs[] = {0.5f, 0.5f}, old = 0.5f, adv = 0.0f, dz[2] = {0};
    int a = 1;
    double L = fs_ppo_clip_loss(probs, &a, &old, &adv, 1, 2, 0.2f, 0.03f, dz);
    assert_close(L, -0.010397208, 1e-8, 0);
    assert_close(dz[1], 0.002301396, 1e-8, 0);
    assert_close(dz[0], -0.002301396, 1e-8, 0);
}

/* The analytic logit gradient against central differences of the loss
 * through the softmax, with three actions and mixed branches. */
static void test_clip_loss_gradient_matches_finite_differences(void **state)
{
    (void)state;
    enum { B = 3, A = 3 };
    float z[B * A] = {0.2f, -0.4f, 0.9f, 1.1f, 0.3f, -0.5f, -0.2f, 0.0f, 0.4f};
    float old[B] = {0.3f, 0.45f, 0.2f}, adv[B] = {0.7f, -1.3f, 2.0f};
    int a[B] = {2, 0, 1};
    float p[B * A], dz[B * A] = {0};
    fs_ppo_masked_softmax(p, z, NULL, B, A);
    fs_ppo_clip_loss(p, a, old, adv, B, A, 0.2f, 0.03f, dz);
    for (int j = 0; j < B * A; j++) {
        const float h = 1e-3f;
        float zp[B * A], zm[B * A], pp[B * A], pm[B * A], junk[B * A] = {0};
        memcpy(zp, z, sizeof z);
        memcpy(zm, z, sizeof z);
        zp[j] += h;
        zm[j] -= h;
        fs_ppo_masked_softmax(pp, zp, NULL, B, A);
        fs_ppo_masked_softmax(pm, zm, NULL, B, A);
        double lp = fs_ppo_clip_loss(pp, a, old, adv, B, A, 0.2f, 0.03f, junk);
        double lm = fs_ppo_clip_loss(pm, a, old, adv, B, A, 0.2f, 0.03f, junk);
        assert_close(dz[j], (lp - lm) / (2 * h), 2e-4, 1e-2);
    }
}

static void test_masked_softmax_zeroes_unavailable(void **state)
{
    (void)state;
    float z[] = {1.0f, 5.0f, 1.0f};
    unsigned char ok[] = {1, 0, 1};
    float p[3];
    fs_ppo_masked_softmax(p, z, ok, 1, 3);
    assert_close(p[0], 0.5, 1e-7, 0);
    assert_close(p[1], 0.0, 0, 0);
    assert_close(p[2], 0.5, 1e-7, 0);
}

/* r = [1, 0, 2], gamma 0.5: G = [1 + 0.5 * 1, 0 + 0.5 * 2, 2] = [1.5, 1, 2]. */
static void test_returns_and_normalise(void **state)
{
    (void)state;
    float r[] = {1, 0, 2}, G[3];
    fs_ppo_returns(G, r, 3, 0.5);
    assert_close(G[0], 1.5, 1e-7, 0);
    assert_close(G[1], 1.0, 1e-7, 0);
    assert_close(G[2], 2.0, 1e-7, 0);
    /* mean 1.5, population std sqrt(1/6): [0, -1.2247449, 1.2247449] */
    fs_ppo_normalise(G, 3);
    assert_close(G[0], 0.0, 1e-6, 0);
    assert_close(G[1], -1.2247449, 1e-6, 0);
    assert_close(G[2], 1.2247449, 1e-6, 0);
}

/* L = sum(y * c) for a fixed c; dW of every layer against central
 * differences (double-checked in float, so loose tolerances). */
static void test_mlp_backward_matches_finite_differences(void **state)
{
    (void)state;
    enum { B = 2, IN = 3, H = 4, OUT = 2 };
    fs_params *p = fs_params_create();
    struct fs_mlp3 m;
    fs_mlp3_add(&m, p, "t", IN, H, OUT);
    fs_params_finalize(p);
    fs_rng r;
    fs_rng_init(&r, 1, 2, FS_RNG_INIT);
    fs_params_init(p, &r);
    float x[B * IN] = {0.5f, -1.0f, 0.3f, 1.2f, 0.7f, -0.4f};
    float c[B * OUT] = {1.0f, -0.5f, 0.25f, 2.0f};
    float h1[B * H], h2[B * H], y[B * OUT], scratch[2 * B * H];
    float *theta = fs_params_data(p), *grad = fs_params_grad(p);
    fs_mlp3_forward(&m, theta, x, h1, h2, y, B);
    fs_params_zero_grad(p);
    fs_mlp3_backward(&m, theta, grad, x, h1, h2, c, scratch, B);
    for (size_t j = 0; j < fs_params_count(p); j++) {
        const float h = 1e-2f;
        float keep = theta[j];
        double l[2];
        for (int s = 0; s < 2; s++) {
            theta[j] = keep + (s ? -h : h);
            fs_mlp3_forward(&m, theta, x, h1, h2, y, B);
            l[s] = 0;
            for (int k = 0; k < B * OUT; k++)
                l[s] += (double)y[k] * c[k];
        }
        theta[j] = keep;
        assert_close(grad[j], (l[0] - l[1]) / (2 * h), 2e-3, 1e-2);
    }
    fs_params_destroy(&p);
}

/* ---- fair-efficient reward ------------------------------------------------- */

static void test_features_by_hand(void **state)
{
    (void)state;
    double rat, utili;
    fs_fen_features(0.3, 0.25, 0.5, &rat, &utili);
    assert_close(rat, 0.2, 1e-12, 0);
    assert_close(utili, 0.5, 1e-12, 0);
    fs_fen_features(0.3, 0.25, 0.2, &rat, &utili);    /* u_bar/c = 1.25 -> 1 */
    assert_close(utili, 1.0, 0, 0);
    fs_fen_features(0.0, 0.0, 0.5, &rat, &utili);     /* nothing yet */
    assert_close(rat, 0.0, 0, 0);
    assert_close(utili, 0.0, 0, 0);
}

static void test_fair_efficient_reward_by_hand(void **state)
{
    (void)state;
    /* Two agents, one hogs: u = (1, 0), u_bar = 0.5 = c: both get
     * 1 / (0.1 + 1) = 0.9090909. */
    assert_close(fs_fen_reward(1.0, 0.5, 0.5, 0.1), 1.0 / 1.1, 1e-12, 0);
    assert_close(fs_fen_reward(0.0, 0.5, 0.5, 0.1), 1.0 / 1.1, 1e-12, 0);
    /* Equal and fully used: 1 / 0.1 = 10; equal but half used: 0.5 / 0.1. */
    assert_close(fs_fen_reward(0.5, 0.5, 0.5, 0.1), 10.0, 1e-12, 0);
    assert_close(fs_fen_reward(0.25, 0.25, 0.5, 0.1), 5.0, 1e-12, 0);
    /* Job (c = 0.25), u = (0.3, 0.2, 0.25, 0.25): agents 0 and 1 have
     * |rat| = 0.2 and get 1 / 0.3; agents 2 and 3 get 10. */
    assert_close(fs_fen_reward(0.3, 0.25, 0.25, 0.1), 1.0 / 0.3, 1e-12, 0);
    assert_close(fs_fen_reward(0.2, 0.25, 0.25, 0.1), 1.0 / 0.3, 1e-12, 0);
    assert_close(fs_fen_reward(0.25, 0.25, 0.25, 0.1), 10.0, 1e-12, 0);
    /* Efficiency counts: u_bar = 0.1 of c = 0.25 with u_i = 0.12. */
    assert_close(fs_fen_reward(0.12, 0.1, 0.25, 0.1), 0.4 / 0.3, 1e-12, 0);
}

/* Equal utilities stay put up to the 1e-4 noise; unequal ones are pulled
 * towards their mean. */
static void test_gossip_estimates_the_mean(void **state)
{
    (void)state;
    enum { N = 10 };
    double u[N], est[N];
    fs_rng r;
    fs_rng_init(&r, 3, 4, FS_RNG_USER);
    for (int i = 0; i < N; i++)
        u[i] = 0.2;
    fs_fen_gossip(u, est, N, 10, &r);
    for (int i = 0; i < N; i++)
        assert_close(est[i], 0.2, 1e-3, 0);
    for (int i = 0; i < N; i++)
        u[i] = i < 5 ? 0.4 : 0.0;      /* mean 0.2, spread 0.4 */
    fs_fen_gossip(u, est, N, 10, &r);
    double lo = est[0], hi = est[0];
    for (int i = 1; i < N; i++) {
        lo = est[i] < lo ? est[i] : lo;
        hi = est[i] > hi ? est[i] : hi;
    }
    assert_true(hi - lo < 0.1);
    assert_true(lo > 0.05 && hi < 0.35);
}

/* ---- the share env ------------------------------------------------------------ */

static struct fs_job share_job(const char *algo, int64_t seed,
                               const char *const *names, const double *vals,
                               int n)
{
    struct fs_job job = {0};
    strcpy(job.env, "share");
    snprintf(job.algo, sizeof job.algo, "%s", algo);
    job.seed = seed;
    for (int i = 0; i < n; i++) {
        snprintf(job.params[i].name, FS_NAME_MAX, "%s", names[i]);
        job.params[i].num = vals[i];
    }
    /* text parameters ride along as "name=value" names with NAN values */
    for (int i = 0; i < n; i++) {
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

static void test_share_rules(void **state)
{
    (void)state;
    const struct fs_env_class *cls = fs_env_find("share");
    assert_non_null(cls);
    struct fs_job job = share_job("ppo", 0, NULL, NULL, 0);
    fs_env *env;
    struct fs_env_spec spec;
    fs_err e = {0};
    assert_int_equal(cls->ops->create(&job, &env, &spec, &e), 0);
    assert_int_equal(spec.n_agents, 2);
    assert_int_equal(spec.n_actions, 2);
    fs_rng r;
    fs_rng_init(&r, 1, 1, FS_RNG_ENV);
    cls->ops->reset(env, &r);
    double ar[2];
    struct fs_env_step st = {.agent_reward = ar};
    float obs[6];
    /* Only agent 1 takes: it gets the resource. */
    assert_int_equal(cls->ops->step(env, (int[]){0, 1}, &r, &st, &e), 0);
    assert_close(ar[0], 0, 0, 0);
    assert_close(ar[1], 1, 0, 0);
    assert_close(st.reward, 1, 0, 0);
    cls->ops->observe(env, obs, NULL, NULL);
    float want[] = {0, 1, 0, 1, 0, 0};
    for (int j = 0; j < 6; j++)
        assert_close(obs[j], want[j], 0, 0);
    /* Both take: the holder keeps it. */
    assert_int_equal(cls->ops->step(env, (int[]){1, 1}, &r, &st, &e), 0);
    assert_close(ar[1], 1, 0, 0);
    /* The holder leaves, agent 0 takes: handed over. */
    assert_int_equal(cls->ops->step(env, (int[]){1, 0}, &r, &st, &e), 0);
    assert_close(ar[0], 1, 0, 0);
    assert_close(ar[1], 0, 0, 0);
    /* Nobody takes: free, no reward. */
    assert_int_equal(cls->ops->step(env, (int[]){0, 0}, &r, &st, &e), 0);
    assert_close(st.reward, 0, 0, 0);
    struct fs_result res;
    fs_result_init(&res, 0);
    assert_int_equal(cls->ops->episode_metrics(env, "env_", &res, &e), 0);
    assert_string_equal(res.metrics[0].name, "env_handovers");
    assert_close(res.metrics[0].value, 0.25, 0, 0);   /* 1 of 4 steps */
    assert_close(res.metrics[1].value, 0.25, 0, 0);   /* idle 1 of 4 */
    fs_result_clear(&res);
    cls->ops->destroy(&env);
    assert_null(env);
}

/* ---- the hierarchy ------------------------------------------------------------- */

/* z_trace of one training episode: each agent's sub-policy is constant on
 * every block [mT, (m+1)T) and does change at some block boundaries; the
 * PPO baseline has only sub-policy 0. */
static void run_trace(int hierarchical, int T, int *trace, int limit)
{
    const struct fs_env_class *cls = fs_env_find("share");
    const char *names[] = {"episode_limit"};
    double vals[] = {limit};
    struct fs_job job = share_job("fen", 0, names, vals, 1);
    fs_env *env;
    struct fs_env_spec spec;
    fs_err e = {0};
    assert_int_equal(cls->ops->create(&job, &env, &spec, &e), 0);
    struct fs_fen_cfg cfg = fs_fen_defaults();
    cfg.hierarchical = hierarchical;
    cfg.period = T;
    cfg.hidden = cfg.ctrl_hidden = 8;
    fs_rng init, er, ar;
    fs_rng_init(&init, 5, 6, FS_RNG_INIT);
    fs_rng_init(&er, 5, 6, FS_RNG_ENV);
    fs_rng_init(&ar, 5, 6, FS_RNG_ACT);
    fs_fen *f;
    assert_int_equal(fs_fen_create(&cfg, &spec, &init, &f, &e), 0);
    double u[2];
    struct fs_fen_episode ep = {.utility = u};
    assert_int_equal(fs_fen_episode(f, cls->ops, env, &er, &ar, 1, &ep, trace, &e), 0);
    assert_int_equal(ep.steps, limit);
    assert_close(u[0] + u[1], ep.team_return / limit, 1e-12, 0);
    fs_fen_destroy(&f);
    assert_null(f);
    cls->ops->destroy(&env);
}

static void test_controller_switches_only_every_T_steps(void **state)
{
    (void)state;
    enum { T = 7, LIMIT = 200, N = 2 };
    int trace[LIMIT * N];
    run_trace(1, T, trace, LIMIT);
    int switches = 0;
    for (int t = 1; t < LIMIT; t++)
        for (int i = 0; i < N; i++) {
            int changed = trace[t * N + i] != trace[(t - 1) * N + i];
            if (t % T != 0)
                assert_int_equal(changed, 0);
            switches += changed;
        }
    /* 28 decisions per agent among 4 near-uniform choices: many changes. */
    assert_true(switches >= 10);
    for (int t = 0; t < LIMIT * N; t++)
        assert_true(trace[t] >= 0 && trace[t] < 4);

    run_trace(0, T, trace, LIMIT);
    for (int t = 0; t < LIMIT * N; t++)
        assert_int_equal(trace[t], 0);
}

/* A central allocator that always gives the resource to agent 0: it is
 * called once per step with each agent's sub-policy probabilities (rows
 * summing to 1), and its joint action is what the env sees. */
static int give_to_first(void *ctx, const float *probs,
                         const unsigned char *avail, int n, int A, fs_rng *r,
                         int *actions, fs_err *e)
{
    (void)r;
    (void)e;
    int *calls = ctx;
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int a = 0; a < A; a++) {
            s += probs[i * A + a];
            assert_int_equal(avail[i * A + a], 1);
        }
        assert_close(s, 1.0, 1e-5, 0);
        actions[i] = i == 0;
    }
    ++*calls;
    return 0;
}

static void test_allocator_chooses_the_joint_action(void **state)
{
    (void)state;
    const struct fs_env_class *cls = fs_env_find("share");
    const char *names[] = {"episode_limit"};
    double vals[] = {50};
    struct fs_job job = share_job("fen", 0, names, vals, 1);
    fs_env *env;
    struct fs_env_spec spec;
    fs_err e = {0};
    assert_int_equal(cls->ops->create(&job, &env, &spec, &e), 0);
    struct fs_fen_cfg cfg = fs_fen_defaults();
    cfg.period = 10;
    cfg.hidden = cfg.ctrl_hidden = 8;
    fs_rng init, er, ar;
    fs_rng_init(&init, 1, 1, FS_RNG_INIT);
    fs_rng_init(&er, 1, 1, FS_RNG_ENV);
    fs_rng_init(&ar, 1, 1, FS_RNG_ACT);
    fs_fen *f;
    assert_int_equal(fs_fen_create(&cfg, &spec, &init, &f, &e), 0);
    int calls = 0;
    fs_fen_set_allocator(f, give_to_first, &calls);
    double u[2];
    struct fs_fen_episode ep = {.utility = u};
    assert_int_equal(fs_fen_episode(f, cls->ops, env, &er, &ar, 1, &ep, NULL, &e), 0);
    assert_int_equal(calls, 50);
    assert_close(u[0], 1.0, 0, 0);
    assert_close(u[1], 0.0, 0, 0);
    fs_fen_destroy(&f);
    cls->ops->destroy(&env);
}

/* ---- the test: FEN shares, independent PPO does not ----------------- */

static double run_learner(const char *algo, int64_t seed, double *utility)
{
    const char *names[] = {"hidden", "period", "fen_c", "ctrl_hidden"};
    double vals[] = {32, 10, 0.5, 32};
    int n = strcmp(algo, "fen") == 0 ? 4 : 2;
    struct fs_job job = share_job(algo, seed, names, vals, n);
    struct fs_settings s = {.name = "t", .seed = 7, .env_steps = 20000,
                            .eval_episodes = 10, .max_attempts = 1};
    struct fs_result r;
    fs_result_init(&r, job.id);
    fs_err e = {0};
    assert_int_equal(fs_learner_find(algo)->run(&job, &s, &r, &e), 0);
    double jain = NAN;
    for (int i = 0; i < r.n_metrics; i++) {
        if (strcmp(r.metrics[i].name, "jain") == 0)
            jain = r.metrics[i].value;
        if (strcmp(r.metrics[i].name, "utility") == 0)
            *utility = r.metrics[i].value;
    }
    assert_int_equal(r.n_curves, 5);
    fs_result_clear(&r);
    return jain;
}

static void test_fen_shares_the_resource_ppo_does_not(void **state)
{
    (void)state;
    for (int64_t seed = 0; seed < 3; seed++) {
        double u_fen, u_ppo;
        double j_fen = run_learner("fen", seed, &u_fen);
        double j_ppo = run_learner("ppo", seed, &u_ppo);
        printf("seed %lld: fen jain %.3f utility %.3f; ppo jain %.3f utility %.3f\n",
               (long long)seed, j_fen, u_fen, j_ppo, u_ppo);
        assert_true(j_fen > 0.9);
        assert_true(j_ppo < 0.7);
        assert_true(u_fen > 0.35);      /* still uses the resource mostly */
    }
}

/* The options (gossip mean, log diversity reward, one network set per
 * agent, k = 2) run and give finite metrics in range. */
static void test_fen_options_run(void **state)
{
    (void)state;
    const char *names[] = {"hidden", "ctrl_hidden", "period", "subpolicies",
                           "share_params", "avg_utility=gossip", "diversity=log"};
    double vals[] = {8, 8, 5, 2, 0, NAN, NAN};
    struct fs_job job = share_job("fen", 0, names, vals, 7);
    assert_string_equal(fs_job_param(&job, "avg_utility")->text, "gossip");
    struct fs_settings s = {.name = "t", .seed = 7, .env_steps = 2000,
                            .eval_every = 500, .eval_episodes = 2, .max_attempts = 1};
    struct fs_result r;
    fs_result_init(&r, job.id);
    fs_err e = {0};
    assert_int_equal(fs_learner_find("fen")->run(&job, &s, &r, &e), 0);
    assert_int_equal(r.n_curves, 5);
    assert_int_equal(r.curves[0].n, 4);         /* one point per 500 steps */
    for (int i = 0; i < r.n_metrics; i++)
        assert_true(isfinite(r.metrics[i].value));
    fs_result_clear(&r);
}

static void test_fen_run_is_deterministic(void **state)
{
    (void)state;
    double u1, u2;
    double j1 = run_learner("fen", 4, &u1), j2 = run_learner("fen", 4, &u2);
    assert_true(j1 == j2 && u1 == u2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clip_loss_unclipped_branch),
        cmocka_unit_test(test_clip_loss_clipped_branch_has_no_gradient),
        cmocka_unit_test(test_clip_loss_batch_mean),
        cmocka_unit_test(test_clip_loss_entropy_bonus),
        cmocka_unit_test(test_clip_loss_gradient_matches_finite_differences),
        cmocka_unit_test(test_masked_softmax_zeroes_unavailable),
        cmocka_unit_test(test_returns_and_normalise),
        cmocka_unit_test(test_mlp_backward_matches_finite_differences),
        cmocka_unit_test(test_features_by_hand),
        cmocka_unit_test(test_fair_efficient_reward_by_hand),
        cmocka_unit_test(test_gossip_estimates_the_mean),
        cmocka_unit_test(test_share_rules),
        cmocka_unit_test(test_controller_switches_only_every_T_steps),
        cmocka_unit_test(test_allocator_chooses_the_joint_action),
        cmocka_unit_test(test_fen_shares_the_resource_ppo_does_not),
        cmocka_unit_test(test_fen_options_run),
        cmocka_unit_test(test_fen_run_is_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
