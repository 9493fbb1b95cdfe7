/* envs/matrix.c - `matrix`: a repeated two-agent cooperative matrix game,
 * the smallest stepping environment, for learner smoke tests.
 *
 * Each step both agents pick one of 3 actions and share the payoff
 * P[a0][a1] of the `coord` table
 *       5 0 0
 *       0 1 0
 *       0 0 3
 * (three equilibria; the best is (0, 0), the worst trap (1, 1)). An episode
 * lasts `episode_limit` steps (default 1) and then terminates (the game is
 * over, so learners must not bootstrap past it). The
 * observation of each agent and the state are (1, t / limit). Episode
 * metrics: return, success (1 when every step played (0, 0)), jfi and gini
 * of the per-agent action counts other than action 1, plus w0, w1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/fairness.h"
#include "envs/env.h"

static const double payoff[3][3] = {{5, 0, 0}, {0, 1, 0}, {0, 0, 3}};

struct fs_env {
    int limit, t, best;
    double ret, work[2];
};

static const struct fs_param_spec matrix_params[] = {
    {"episode_limit", FS_PARAM_INT, 1, 1, 1000, NULL, "steps per episode"},
};

static int matrix_create(const struct fs_job *job, fs_env **out,
                         struct fs_env_spec *spec, fs_err *e)
{
    (void)e;
    fs_env *env = fs_xcalloc(1, sizeof *env);
    env->limit = (int)fs_job_num(job, "episode_limit", 1);
    *spec = (struct fs_env_spec){.n_agents = 2, .obs_dim = 2, .state_dim = 2,
                                 .n_actions = 3,
                                 .episode_limit = env->limit};
    *out = env;
    return 0;
}

static void matrix_destroy(fs_env **env)
{
    if (env) {
        free(*env);
        *env = NULL;
    }
}

static void matrix_reset(fs_env *env, fs_rng *rng)
{
    (void)rng;
    int limit = env->limit;
    *env = (struct fs_env){.limit = limit, .best = 1};
}

static void matrix_observe(const fs_env *env, float *obs, float *state,
                           unsigned char *avail)
{
    float f[2] = {1.0f, (float)env->t / (float)env->limit};
    for (int i = 0; i < 2; i++) {
        if (obs) {
            obs[i] = f[i];
            obs[2 + i] = f[i];
        }
        if (state)
            state[i] = f[i];
    }
    for (int i = 0; avail && i < 6; i++)
        avail[i] = 1;
}

static int matrix_step(fs_env *env, const int *actions, fs_rng *rng,
                       struct fs_env_step *out, fs_err *e)
{
    (void)rng;
    for (int a = 0; a < 2; a++) {
        if (actions[a] < 0 || actions[a] > 2)
            return fs_err_set(e, FS_EINTERNAL, "matrix: action %d", actions[a]);
        env->work[a] += actions[a] != 1;
    }
    double r = payoff[actions[0]][actions[1]];
    env->best &= actions[0] == 0 && actions[1] == 0;
    env->ret += r;
    env->t++;
    out->reward = r;
    if (out->agent_reward)
        out->agent_reward[0] = out->agent_reward[1] = r / 2;
    out->terminated = env->t >= env->limit;
    out->truncated = 0;
    return 0;
}

static int matrix_metrics(const fs_env *env, const char *prefix,
                          struct fs_result *r, fs_err *e)
{
    const char *names[] = {"return", "success", "jfi", "gini", "w0", "w1"};
    double v[] = {env->ret, (double)env->best, fs_fair_jain(env->work, 2),
                  fs_fair_gini(env->work, 2), env->work[0], env->work[1]};
    for (int i = 0; i < 6; i++) {
        char name[FS_NAME_MAX];
        snprintf(name, sizeof name, "%s%s", prefix, names[i]);
        int rc = fs_result_metric(r, name, v[i], e);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void matrix_workload(const fs_env *env, int after, double *w,
                            double *skill)
{
    (void)after;
    w[0] = env->work[0];
    w[1] = env->work[1];
    if (skill)
        skill[0] = skill[1] = 0;
}

static const struct fs_env_ops matrix_ops = {
    .create = matrix_create,
    .destroy = matrix_destroy,
    .reset = matrix_reset,
    .observe = matrix_observe,
    .step = matrix_step,
    .episode_metrics = matrix_metrics,
    .workload = matrix_workload,
};

const struct fs_env_class fs_env_matrix = {
    .name = "matrix",
    .summary = "two-agent cooperative matrix game (smoke tests)",
    .params = matrix_params,
    .n_params = 1,
    .ops = &matrix_ops,
};
