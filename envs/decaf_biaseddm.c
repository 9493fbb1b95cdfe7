/* envs/decaf_biaseddm.c - DECAF's BiasedDM (reference notes section 4.5):
 * each step one indivisible resource goes to exactly one of n agents; the
 * decision maker's utility for giving it to agent i is 1 - i/n
 * ([1, 0.8, 0.6, 0.4, 0.2] for n = 5), so always favouring agent 0 is
 * utility-optimal, while fairness is judged on each agent's share of the
 * resource (the resource rate), not on utility.
 *
 * Actions: 0 = not take (resource 1, capacity n - 1), 1 = take (resource 0,
 * capacity 1); since every agent picks one action, exactly one takes.
 * Post-decision observation (4): score, Z_i (discounted resource rate),
 * Z_i / mean Z - 1, about_to_get_resource (= the action).
 * Defaults: 5 agents, 100 steps, past discount 0.999, warm start 2.
 */
#include "envs/decaf_impl.h"
#include "envs/env.h"

#include <stdlib.h>

enum { BDM_PDS = 4 };

static int bdm_create(const struct fs_job *job, struct fs_decaf_spec *spec,
                      void **state, fs_err *e)
{
    (void)e;
    spec->n_agents = (int)fs_job_num(job, "agents", 5);
    spec->n_actions = 2;
    spec->n_resources = 2;
    spec->pds_dim = BDM_PDS;
    *state = NULL;
    return 0;
}

static void bdm_destroy(void *state)
{
    (void)state;
}

static void bdm_reset(fs_decaf_env *env, fs_rng *rng)
{
    (void)env;
    (void)rng;
}

static double bdm_score(const fs_decaf_env *env, int i)
{
    return 1.0 - (double)i / env->spec.n_agents;
}

static void bdm_pds(const fs_decaf_env *env, int i, int a, float *out)
{
    out[0] = (float)bdm_score(env, i);
    out[1] = (float)env->z[i];
    out[2] = (float)decaf_relative(env, i);
    out[3] = (float)a;
}

static void bdm_constraints(const fs_decaf_env *env, int *resource,
                            int *capacity, unsigned char *allowed)
{
    int n = env->spec.n_agents;
    for (int i = 0; i < n; i++) {
        resource[2 * i] = 1;
        resource[2 * i + 1] = 0;
        allowed[2 * i] = allowed[2 * i + 1] = 1;
    }
    capacity[0] = 1;
    capacity[1] = n - 1;
}

static void bdm_step(fs_decaf_env *env, const int *actions, fs_rng *rng,
                     double *reward, double *utility, double *got)
{
    (void)rng;
    for (int i = 0; i < env->spec.n_agents; i++) {
        got[i] = actions[i] == 1;
        reward[i] = utility[i] = got[i] * bdm_score(env, i);
    }
}

static const struct decaf_model bdm_model = {
    .rate_metric = 1,
    .create = bdm_create,
    .destroy = bdm_destroy,
    .reset = bdm_reset,
    .pds = bdm_pds,
    .constraints = bdm_constraints,
    .step = bdm_step,
};

static int bdm_env_create(const struct fs_job *job, fs_decaf_env **out,
                          struct fs_decaf_spec *spec, fs_err *e)
{
    return decaf_env_create(&bdm_model, job, 100, 0.999, 2.0, out, spec, e);
}

DECAF_OPS_TABLE(bdm_ops, bdm_env_create);

static const struct fs_param_spec bdm_params[] = {
    DECAF_COMMON_PARAMS(100, 0.999, 2),
    {"agents", FS_PARAM_INT, 5, 2, 64, NULL,
     "agents; agent i's utility for the resource is 1 - i/agents"},
};

const struct fs_env_class fs_env_biaseddm = {
    .name = "biaseddm",
    .summary = "DECAF BiasedDM: one resource per step, biased utilities 1 - i/n",
    .params = bdm_params,
    .n_params = sizeof bdm_params / sizeof bdm_params[0],
    .ops = NULL,
    .extra_kind = "decaf",
    .extra = &bdm_ops,
};
