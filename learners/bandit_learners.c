/* learners/bandit_learners.c - the learning algorithms `bandit-pf`,
 * `bandit-ef` and `bandit-uf`: Algorithm 1 of "Procedural Fairness in
 * Multi-Agent Bandits" (learners/bandit_learn.h) on the job's bandit
 * instance (envs/bandit.h), the same instance bandit-opt sees for the same
 * env settings and seed.
 *
 * Steps T: the `steps` parameter, else the sweep's budget.env_steps, else
 * 10,000. Metrics: regret (final cumulative regret of the notion), pf_score,
 * ef_score, uf_score (scores of P_T), explore_rounds (PF), solves. Curves
 * (`points` evenly spaced rounds): regret, pf_score, ef_score, uf_score (of
 * the current exploitation policy) and round.
 */
#include <math.h>
#include <stdlib.h>

#include "envs/bandit.h"
#include "learners/bandit_learn.h"
#include "learners/learner.h"

#define LEARN_COMMON_PARAMS                                                        \
    FS_BANDIT_PARAM_SPECS,                                                         \
    {"alpha", FS_PARAM_NUM, 1, 0, 1e6, NULL, "confidence tolerance alpha"},        \
    {"steps", FS_PARAM_INT, 0, 0, 1e9, NULL,                                       \
     "pulls T (0: budget.env_steps, or 10000 when that is 0)"},                    \
    {"points", FS_PARAM_INT, 100, 1, FS_CURVE_POINTS_MAX, NULL, "curve points"}

static const struct fs_param_spec pf_params[] = {
    LEARN_COMMON_PARAMS,
    {"gamma", FS_PARAM_NUM, 0.7, 1e-6, 1 - 1e-6, NULL,
     "exploration decay: forced exploration with probability t^-(1-gamma)"},
};
static const struct fs_param_spec ef_params[] = {LEARN_COMMON_PARAMS};
static const struct fs_param_spec uf_params[] = {LEARN_COMMON_PARAMS};

static const char *const learn_envs[] = {"bandit", NULL};

static int64_t learn_steps(const struct fs_job *job, const struct fs_settings *s)
{
    int64_t t = (int64_t)fs_job_num(job, "steps", 0);
    if (t <= 0)
        t = s->env_steps > 0 ? s->env_steps : 10000;
    return t;
}

static int learn_run(enum fs_bandit_policy notion, const struct fs_job *job,
                     const struct fs_settings *s, struct fs_result *out, fs_err *e)
{
    fs_bandit *b = NULL;
    int rc = fs_bandit_from_job(job, s->seed, &b, e);
    if (rc)
        return rc;
    struct fs_learn_opts o = {
        .notion = notion,
        .steps = learn_steps(job, s),
        .alpha = fs_job_num(job, "alpha", 1),
        .gamma = fs_job_num(job, "gamma", 0.7),
        .points = (int)fs_job_num(job, "points", 100),
    };
    size_t np = (size_t)o.points;
    double *buf = fs_xmalloc(5 * np * sizeof *buf);
    int64_t *round = fs_xmalloc(np * sizeof *round);
    struct fs_learn_trace tr = {buf, buf + np, buf + 2 * np, buf + 3 * np, round};
    struct fs_learn_summary sum = {0};
    fs_rng env, act;
    fs_rng_init(&env, s->seed, job->id, FS_RNG_ENV);
    fs_rng_init(&act, s->seed, job->id, FS_RNG_ACT);
    rc = fs_bandit_learn(b, &o, &env, &act, &tr, &sum, e);
    const char *names[] = {"regret", "pf_score", "ef_score", "uf_score"};
    const double values[] = {sum.regret, sum.final.pf, sum.final.ef, sum.final.uf};
    for (int m = 0; m < 4 && !rc; m++)
        rc = fs_result_metric(out, names[m], values[m], e);
    if (!rc)
        rc = fs_result_metric(out, "explore_rounds", (double)sum.explore_rounds, e);
    if (!rc)
        rc = fs_result_metric(out, "solves", (double)sum.solves, e);
    double *const curves[] = {tr.regret, tr.pf, tr.ef, tr.uf};
    for (int c = 0; c < 4 && !rc; c++)
        rc = fs_result_curve(out, names[c], curves[c], sum.n_points, e);
    double *rounds = buf + 4 * np;
    for (int q = 0; q < sum.n_points; q++)
        rounds[q] = (double)round[q];
    if (!rc)
        rc = fs_result_curve(out, "round", rounds, sum.n_points, e);
    free(buf);
    free(round);
    fs_bandit_destroy(&b);
    return rc;
}

static int run_pf(const struct fs_job *job, const struct fs_settings *s,
                  struct fs_result *out, fs_err *e)
{
    return learn_run(FS_POLICY_PF, job, s, out, e);
}

static int run_ef(const struct fs_job *job, const struct fs_settings *s,
                  struct fs_result *out, fs_err *e)
{
    return learn_run(FS_POLICY_EF, job, s, out, e);
}

static int run_uf(const struct fs_job *job, const struct fs_settings *s,
                  struct fs_result *out, fs_err *e)
{
    return learn_run(FS_POLICY_UF, job, s, out, e);
}

/* About 30 ns per agent-arm per step (measured at n = 50, k = 4). */
static double learn_cost(const struct fs_job *job, const struct fs_settings *s)
{
    double n = fs_job_num(job, "n_agents", 3), k = fs_job_num(job, "n_arms", 3);
    return 3e-8 * n * k * (double)learn_steps(job, s) + 1e-3;
}

const struct fs_learner fs_learner_bandit_pf = {
    .name = "bandit-pf",
    .summary = "bandit: learn a procedurally fair policy (Algorithm 1, UCB/LCB favourites)",
    .params = pf_params,
    .n_params = sizeof pf_params / sizeof pf_params[0],
    .envs = learn_envs,
    .cost = learn_cost,
    .run = run_pf,
};

const struct fs_learner fs_learner_bandit_ef = {
    .name = "bandit-ef",
    .summary = "bandit: learn an equality-fair policy (Algorithm 1, optimistic QP)",
    .params = ef_params,
    .n_params = sizeof ef_params / sizeof ef_params[0],
    .envs = learn_envs,
    .cost = learn_cost,
    .run = run_ef,
};

const struct fs_learner fs_learner_bandit_uf = {
    .name = "bandit-uf",
    .summary = "bandit: learn a utilitarian policy (Algorithm 1, UCB)",
    .params = uf_params,
    .n_params = sizeof uf_params / sizeof uf_params[0],
    .envs = learn_envs,
    .cost = learn_cost,
    .run = run_uf,
};
