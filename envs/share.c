/* envs/share.c - `share`: the smallest fairness game, one indivisible
 * resource and n agents (2 by default).
 *
 * Each step every agent chooses 0 = leave or 1 = take. The holder keeps the
 * resource as long as it takes; when it leaves (or nobody holds it), the
 * resource goes to one of the agents that take, drawn uniformly, and stays
 * free when nobody takes. The holder after the step gets reward 1, everyone
 * else 0; the shared reward is their sum (1 while the resource is used).
 * So a selfish learner that gets hold of the resource never lets go
 * (utilities 1 and 0, Jain index 1/2 for two agents), while the fair and
 * efficient outcome passes it round (utilities 1/n each, Jain 1).
 *
 * Observation per agent (3): [I hold it, another agent holds it, it is free].
 * State (n + 1): one-hot of the holder, last entry = free. Both actions are
 * always available. The episode is truncated after episode_limit steps.
 * Episode metrics: handovers (holder changes per step) and idle (fraction
 * of steps with the resource free).
 */
#include "envs/env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct fs_param_spec share_params[] = {
    {"n_agents", FS_PARAM_INT, 2, 2, 64, NULL, "agents competing for the resource"},
    {"episode_limit", FS_PARAM_INT, 100, 1, 1e7, NULL, "steps per episode"},
};

struct fs_env {
    int n, limit;
    int holder;           /* -1: free */
    int t, handovers, idle;
    int *takers;          /* [n] scratch */
};

static int share_create(const struct fs_job *job, fs_env **out,
                        struct fs_env_spec *spec, fs_err *e)
{
    (void)e;
    fs_env *s = fs_xcalloc(1, sizeof *s);
    s->n = (int)fs_job_num(job, "n_agents", 2);
    s->limit = (int)fs_job_num(job, "episode_limit", 100);
    s->holder = -1;
    s->takers = fs_xcalloc((size_t)s->n, sizeof *s->takers);
    *spec = (struct fs_env_spec){
        .n_agents = s->n, .obs_dim = 3, .state_dim = s->n + 1,
        .n_actions = 2, .episode_limit = s->limit,
    };
    *out = s;
    return 0;
}

static void share_destroy(fs_env **env)
{
    if (!env || !*env)
        return;
    free((*env)->takers);
    free(*env);
    *env = NULL;
}

static void share_reset(fs_env *s, fs_rng *rng)
{
    (void)rng;
    s->holder = -1;
    s->t = s->handovers = s->idle = 0;
}

static void share_observe(const fs_env *s, float *obs, float *state,
                          unsigned char *avail)
{
    for (int i = 0; obs && i < s->n; i++) {
        float *o = obs + 3 * i;
        o[0] = s->holder == i;
        o[1] = s->holder >= 0 && s->holder != i;
        o[2] = s->holder < 0;
    }
    if (state) {
        memset(state, 0, (size_t)(s->n + 1) * sizeof *state);
        state[s->holder >= 0 ? s->holder : s->n] = 1;
    }
    if (avail)
        memset(avail, 1, (size_t)s->n * 2);
}

static int share_step(fs_env *s, const int *actions, fs_rng *rng,
                      struct fs_env_step *out, fs_err *e)
{
    for (int i = 0; i < s->n; i++)
        if (actions[i] != 0 && actions[i] != 1)
            return fs_err_set(e, FS_EINTERNAL, "share: agent %d chose action %d",
                              i, actions[i]);
    int before = s->holder;
    if (s->holder < 0 || actions[s->holder] == 0) {
        int m = 0;
        for (int i = 0; i < s->n; i++)
            if (actions[i] == 1)
                s->takers[m++] = i;
        s->holder = m ? s->takers[fs_rng_below(rng, (uint64_t)m)] : -1;
    }
    s->t++;
    s->handovers += s->holder != before && before >= 0 && s->holder >= 0;
    s->idle += s->holder < 0;
    out->reward = s->holder >= 0;
    if (out->agent_reward)
        for (int i = 0; i < s->n; i++)
            out->agent_reward[i] = s->holder == i;
    out->terminated = 0;
    out->truncated = s->t >= s->limit;
    return 0;
}

static int share_episode_metrics(const fs_env *s, const char *prefix,
                                 struct fs_result *r, fs_err *e)
{
    char name[FS_NAME_MAX];
    double steps = s->t > 0 ? s->t : 1;
    snprintf(name, sizeof name, "%shandovers", prefix);
    int rc = fs_result_metric(r, name, s->handovers / steps, e);
    snprintf(name, sizeof name, "%sidle", prefix);
    return rc ? rc : fs_result_metric(r, name, s->idle / steps, e);
}

static const struct fs_env_ops share_ops = {
    .create = share_create,
    .destroy = share_destroy,
    .reset = share_reset,
    .observe = share_observe,
    .step = share_step,
    .episode_metrics = share_episode_metrics,
};

const struct fs_env_class fs_env_share = {
    .name = "share",
    .summary = "n agents, one indivisible resource: take it or pass it on",
    .params = share_params,
    .n_params = sizeof share_params / sizeof share_params[0],
    .ops = &share_ops,
};
