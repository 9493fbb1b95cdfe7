/* envs/decaf.c - the operations shared by DECAF's environments: episode
 * bookkeeping, warm-started past-discounted fairness metrics (reference
 * notes section 4.4), feasibility checks of joint actions. */
#include "envs/decaf_impl.h"

#include <stdlib.h>
#include <string.h>

#include "envs/env.h"

const struct fs_decaf_ops *fs_decaf_ops_of(const struct fs_env_class *c)
{
    if (!c || !c->extra_kind || strcmp(c->extra_kind, "decaf") != 0)
        return NULL;
    return c->extra;
}

int decaf_env_create(const struct decaf_model *m, const struct fs_job *job,
                     int default_steps, double default_discount,
                     double default_warm, fs_decaf_env **out,
                     struct fs_decaf_spec *spec, fs_err *e)
{
    *out = NULL;
    memset(spec, 0, sizeof *spec);
    spec->episode_limit = (int)fs_job_num(job, "max_steps", default_steps);
    spec->past_discount = fs_job_num(job, "past_discount", default_discount);
    spec->warm_start = fs_job_num(job, "warm_start", default_warm);
    if (spec->episode_limit < 1)
        return fs_err_set(e, FS_ECONFIG, "%s: max_steps must be >= 1", job->env);
    void *state = NULL;
    int rc = m->create(job, spec, &state, e);
    if (rc)
        return rc;
    fs_decaf_env *env = fs_xcalloc(1, sizeof *env);
    size_t n = (size_t)spec->n_agents, na = n * (size_t)spec->n_actions;
    env->model = m;
    env->spec = *spec;
    env->state = state;
    env->z = fs_xcalloc(n, sizeof *env->z);
    env->disc = fs_xcalloc(n, sizeof *env->disc);
    env->su = fs_xcalloc(n, sizeof *env->su);
    env->count = fs_xcalloc(n, sizeof *env->count);
    env->got = fs_xcalloc(n, sizeof *env->got);
    env->res = fs_xcalloc(na, sizeof *env->res);
    env->cap = fs_xcalloc((size_t)spec->n_resources + 1, sizeof *env->cap);
    env->allowed = fs_xcalloc(na, 1);
    *out = env;
    return 0;
}

void decaf_env_destroy(fs_decaf_env **env)
{
    if (!env || !*env)
        return;
    fs_decaf_env *d = *env;
    d->model->destroy(d->state);
    free(d->z);
    free(d->disc);
    free(d->su);
    free(d->count);
    free(d->got);
    free(d->res);
    free(d->cap);
    free(d->allowed);
    free(d);
    *env = NULL;
}

static void update_z(fs_decaf_env *env)
{
    for (int i = 0; i < env->spec.n_agents; i++)
        env->z[i] = env->model->rate_metric ? env->disc[i] / env->disc_time
                                            : env->disc[i];
}

/* Warm start (section 4.4): disc_i = W + U(-W/8, W/8), coded as
 * W + u w - w/2 with w = W/4. Rate models start their discounted time at
 * n W, as if n W past steps had been shared equally, so Z_i starts near
 * 1/n (our choice; the reference does not say). */
void decaf_env_reset(fs_decaf_env *env, fs_rng *rng)
{
    int n = env->spec.n_agents;
    double W = env->spec.warm_start, w = W / 4.0;
    env->t = 0;
    for (int i = 0; i < n; i++) {
        env->disc[i] = W + fs_rng_uniform(rng) * w - w / 2.0;
        env->su[i] = 0.0;
        env->count[i] = 0.0;
    }
    env->disc_time = env->model->rate_metric ? (W > 0 ? n * W : 1.0) : 0.0;
    if (env->model->rate_metric && W == 0)
        for (int i = 0; i < n; i++)
            env->disc[i] = 1.0 / n;
    update_z(env);
    env->model->reset(env, rng);
}

double decaf_relative(const fs_decaf_env *env, int agent)
{
    double mean = 0.0;
    for (int i = 0; i < env->spec.n_agents; i++)
        mean += env->z[i];
    mean /= env->spec.n_agents;
    return mean != 0.0 ? env->z[agent] / mean - 1.0 : 0.0;
}

void decaf_env_post_decision(const fs_decaf_env *env, float *pds)
{
    int A = env->spec.n_actions, D = env->spec.pds_dim;
    for (int i = 0; i < env->spec.n_agents; i++)
        for (int a = 0; a < A; a++)
            env->model->pds(env, i, a, pds + ((size_t)i * A + a) * D);
}

void decaf_env_constraints(const fs_decaf_env *env, int *resource,
                           int *capacity, unsigned char *allowed)
{
    env->model->constraints(env, resource, capacity, allowed);
}

/* Checks actions against the current constraints. */
static int check_joint_action(fs_decaf_env *env, const int *actions, fs_err *e)
{
    int n = env->spec.n_agents, A = env->spec.n_actions;
    env->model->constraints(env, env->res, env->cap, env->allowed);
    for (int i = 0; i < n; i++) {
        int a = actions[i];
        if (a < 0 || a >= A || !env->allowed[i * A + a])
            return fs_err_set(e, FS_ECONFIG, "decaf step %d: agent %d may not take action %d",
                              env->t, i, a);
        int r = env->res[i * A + a];
        if (r >= 0 && --env->cap[r] < 0)
            return fs_err_set(e, FS_ECONFIG,
                              "decaf step %d: resource %d is over capacity", env->t, r);
    }
    return 0;
}

int decaf_env_step(fs_decaf_env *env, const int *actions, fs_rng *rng,
                   struct fs_decaf_step *out, fs_err *e)
{
    int n = env->spec.n_agents;
    int rc = check_joint_action(env, actions, e);
    if (rc)
        return rc;
    double *g = env->got;
    memset(g, 0, (size_t)n * sizeof *g);
    env->model->step(env, actions, rng, out->reward, out->utility, g);
    double pd = env->spec.past_discount;
    for (int i = 0; i < n; i++) {
        env->su[i] += out->utility[i];
        env->count[i] += g[i];
        env->disc[i] = pd * env->disc[i] +
                       (env->model->rate_metric ? g[i] : out->utility[i]);
    }
    if (env->model->rate_metric)
        env->disc_time = pd * env->disc_time + 1.0;
    update_z(env);
    env->t++;
    out->done = env->t >= env->spec.episode_limit;
    return 0;
}

void decaf_env_metrics(const fs_decaf_env *env, double *z)
{
    memcpy(z, env->z, (size_t)env->spec.n_agents * sizeof *z);
}

void decaf_env_utilities(const fs_decaf_env *env, double *su)
{
    memcpy(su, env->su, (size_t)env->spec.n_agents * sizeof *su);
}

/* su, or for rate models the share of steps each agent got the resource. */
void decaf_env_fair_vars(const fs_decaf_env *env, double *f)
{
    for (int i = 0; i < env->spec.n_agents; i++)
        f[i] = !env->model->rate_metric ? env->su[i]
               : env->t > 0             ? env->count[i] / env->t
                                        : 0.0;
}
