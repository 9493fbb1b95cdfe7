/* envs/env.h - environment plug-ins and their registry.
 *
 * An environment class has a name, a parameter table (validated by the
 * config like an algorithm's; values reach the job's params under their
 * plain names) and, for environments that step, a const vtable of
 * operations on an opaque instance. `none` is the environment of algorithms
 * that need none (synthetic jobs, one-shot solvers); instance generators
 * (bandit, assignment) may also have ops == NULL and be used directly by
 * their learners.
 *
 * The stepping interface is the multi-agent one PyMARL-style learners need
 * (QMIX, FEN): n agents act at once, each with an observation and an
 * availability mask over a discrete action set, plus a global state; a step
 * returns a shared reward, per-agent rewards (utilities, for fairness
 * methods), and whether the episode terminated or hit its time limit.
 * Environments with extra structure (DECAF's resource allocation) publish it
 * through `extra`, a pointer to a further const vtable named by `extra_kind`.
 *
 * Determinism: an instance draws randomness only from the fs_rng passed to
 * reset/step.
 */
#ifndef FS_ENVS_ENV_H
#define FS_ENVS_ENV_H

#include <stddef.h>

#include "core/err.h"
#include "core/rng.h"
#include "jobs/job.h"
#include "learners/learner.h"

/* Sizes of an instance, fixed at create time. */
struct fs_env_spec {
    int n_agents;
    int obs_dim;          /* floats per agent observation */
    int state_dim;        /* floats of the global state */
    int n_actions;        /* discrete actions per agent */
    int episode_limit;    /* steps before truncation */
};

/* What one joint step produced. agent_reward has n_agents entries, owned by
 * the caller (may be NULL when not wanted). */
struct fs_env_step {
    double reward;        /* shared team reward */
    double *agent_reward; /* [n_agents] per-agent reward / utility */
    int terminated;       /* the task ended (goal or failure) */
    int truncated;        /* the episode limit was reached */
};

typedef struct fs_env fs_env;   /* an instance; opaque to callers */

struct fs_env_ops {
    /* Make an instance from the job's parameters (defaults from the class
     * table for absent ones). *out is owned by the caller (destroy). */
    int (*create)(const struct fs_job *job, fs_env **out,
                  struct fs_env_spec *spec, fs_err *e);
    void (*destroy)(fs_env **env);                 /* NULL-safe */
    void (*reset)(fs_env *env, fs_rng *rng);
    /* obs [n_agents x obs_dim], state [state_dim], avail [n_agents x
     * n_actions] (1 = allowed; at least one per agent). Any may be NULL. */
    void (*observe)(const fs_env *env, float *obs, float *state,
                    unsigned char *avail);
    /* actions [n_agents], each available. */
    int (*step)(fs_env *env, const int *actions, fs_rng *rng,
                struct fs_env_step *out, fs_err *e);
    /* Per-episode metrics of the episode that just ended (workload, JFI,
     * success, ...), added to r with fs_result_metric under prefix+name. */
    int (*episode_metrics)(const fs_env *env, const char *prefix,
                           struct fs_result *r, fs_err *e);
    /* Optional (NULL: the env has no notion of workload). For fairness
     * reward shapers that act on the running workload (FairSkillMARL's
     * L1/L2, Fair-GNE's JFI constraint): the per-agent task counts of the
     * current episode into w [n_agents], and the skill totals so far into
     * skill[2] = {sum of the performers' skills, sum of the best skills}
     * (FairSkillMARL L2 = 1 - skill[0] / skill[1]; skill may be NULL).
     * `after` selects the moment within the last step, for envs whose
     * agents act in turn: -1 before the first agent acted, k after agent k
     * (n_agents - 1: now). Simultaneous-move envs ignore it. */
    void (*workload)(const fs_env *env, int after, double *w, double *skill);
};

struct fs_env_class {
    const char *name;
    const char *summary;
    const struct fs_param_spec *params;
    int n_params;
    const struct fs_env_ops *ops;   /* NULL: nothing to step */
    const char *extra_kind;         /* e.g. "decaf"; NULL when none */
    const void *extra;              /* vtable named by extra_kind */
};

size_t fs_env_count(void);
const struct fs_env_class *fs_env_at(size_t i);
const struct fs_env_class *fs_env_find(const char *name);

#endif /* FS_ENVS_ENV_H */
