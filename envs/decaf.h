/* envs/decaf.h - the resource-allocation interface of DECAF's environments
 * (`matthew`, `job`, `plant`, `biaseddm`), published by their env class as
 * `extra` with extra_kind = "decaf" (reference notes section 4.5).
 *
 * A DECAF environment does not take per-agent actions freely: each step a
 * central allocator picks one action per agent subject to resource
 * capacities (learners/decaf_alloc.h). So instead of observations and an
 * availability mask, an instance exposes, for the current state:
 *  - the post-decision observation of every agent for every candidate
 *    action (what agent i's observation would be right after a), which the
 *    learners score with V to get Q(i, a) = V(pds(i, a));
 *  - the allocation structure: the resource each (agent, action) consumes,
 *    the resource capacities and the forbidden pairs;
 *  - the agent metrics Z used for fairness: a past-discounted utility
 *    (Z_i <- past_discount Z_i + u_i) or, for BiasedDM, a past-discounted
 *    resource rate, both warm-started at reset (section 4.4);
 *  - the undiscounted episode utilities su and the vector fairness is
 *    reported on (su, or BiasedDM's resource rate).
 * A step returns the learning reward of each agent (which may include
 * shaping, or an expected discounted reward in Matthew) and the utility
 * counted in su.
 *
 * The four classes share one implementation of these operations
 * (envs/decaf.c) over a per-environment model (envs/decaf_impl.h), so
 * every table below points to the same functions except `create`.
 *
 * Determinism: randomness only from the fs_rng passed to reset and step.
 */
#ifndef FS_ENVS_DECAF_H
#define FS_ENVS_DECAF_H

#include "core/err.h"
#include "core/rng.h"
#include "jobs/job.h"

typedef struct fs_decaf_env fs_decaf_env;   /* an instance; opaque */

/* Sizes and fairness settings of an instance, fixed at create time. */
struct fs_decaf_spec {
    int n_agents;
    int n_actions;        /* candidate actions per agent */
    int n_resources;      /* resources of the allocation program */
    int pds_dim;          /* floats per post-decision observation */
    int episode_limit;    /* steps per episode */
    double past_discount; /* Z decay per step */
    double warm_start;    /* W of the warm start */
};

/* What one step produced. Arrays [n_agents] owned by the caller. */
struct fs_decaf_step {
    double *reward;       /* learning reward (utility + any shaping) */
    double *utility;      /* utility counted in su this step */
    int done;             /* the episode limit was reached */
};

struct fs_decaf_ops {
    /* Make an instance from the job's parameters (class defaults for
     * absent ones). *out is owned by the caller (destroy). Errors:
     * FS_ECONFIG for inconsistent parameters. */
    int (*create)(const struct fs_job *job, fs_decaf_env **out,
                  struct fs_decaf_spec *spec, fs_err *e);
    void (*destroy)(fs_decaf_env **env);            /* NULL-safe */
    /* New episode: positions, resources, warm-started Z, su = 0. */
    void (*reset)(fs_decaf_env *env, fs_rng *rng);
    /* pds [n_agents x n_actions x pds_dim]: agent i's observation after
     * taking action a from the current state, at (i * n_actions + a) *
     * pds_dim. Forbidden pairs get a valid (ignored) vector too. */
    void (*post_decision)(const fs_decaf_env *env, float *pds);
    /* resource [n_agents x n_actions] (-1 = none), capacity [n_resources],
     * allowed [n_agents x n_actions] (1 = allowed). A feasible joint action
     * always exists. */
    void (*constraints)(const fs_decaf_env *env, int *resource, int *capacity,
                        unsigned char *allowed);
    /* Apply a joint action, which must be feasible for the constraints
     * just published (FS_ECONFIG otherwise, state unchanged). */
    int (*step)(fs_decaf_env *env, const int *actions, fs_rng *rng,
                struct fs_decaf_step *out, fs_err *e);
    void (*metrics)(const fs_decaf_env *env, double *z);     /* Z [n] */
    void (*utilities)(const fs_decaf_env *env, double *su);  /* su [n] */
    void (*fair_vars)(const fs_decaf_env *env, double *f);   /* [n] */
};

/* The DECAF table of an env class, or NULL when the class has none
 * (extra_kind is not "decaf"). `struct fs_env_class` is in envs/env.h. */
struct fs_env_class;
const struct fs_decaf_ops *fs_decaf_ops_of(const struct fs_env_class *c);

#endif /* FS_ENVS_DECAF_H */
