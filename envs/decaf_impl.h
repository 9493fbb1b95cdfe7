/* envs/decaf_impl.h - internal: the per-environment model behind the shared
 * DECAF operations of envs/decaf.c. Not for learners (use envs/decaf.h).
 *
 * The shared part owns the bookkeeping every DECAF environment has: the
 * step counter, undiscounted utilities su, the warm-started past-discounted
 * metrics Z and BiasedDM's resource counts. A model owns its world state
 * (positions, resources, targets) and answers four questions about it.
 */
#ifndef FS_ENVS_DECAF_IMPL_H
#define FS_ENVS_DECAF_IMPL_H

#include "envs/decaf.h"

struct decaf_model {
    /* Z is the discounted resource rate (BiasedDM) instead of the
     * discounted utility. */
    int rate_metric;
    /* Allocate the world state for spec (already filled from the job). */
    int (*create)(const struct fs_job *job, struct fs_decaf_spec *spec,
                  void **state, fs_err *e);
    void (*destroy)(void *state);
    void (*reset)(fs_decaf_env *env, fs_rng *rng);
    void (*pds)(const fs_decaf_env *env, int agent, int action, float *out);
    void (*constraints)(const fs_decaf_env *env, int *resource, int *capacity,
                        unsigned char *allowed);
    /* Move the world; fill reward and utility [n]; for rate models also
     * got [n] (resource units received this step). */
    void (*step)(fs_decaf_env *env, const int *actions, fs_rng *rng,
                 double *reward, double *utility, double *got);
};

struct fs_decaf_env {
    const struct decaf_model *model;
    struct fs_decaf_spec spec;
    void *state;          /* the model's world */
    int t;                /* steps taken this episode */
    double *z;            /* [n] fairness metric Z */
    double *disc;         /* [n] discounted utility or resources */
    double disc_time;     /* discounted time (rate models) */
    double *su;           /* [n] undiscounted utility this episode */
    double *count;        /* [n] resources received this episode */
    double *got;          /* [n] scratch: resources received this step */
    /* scratch for feasibility checks */
    int *res;
    int *cap;
    unsigned char *allowed;
};

/* Shared create: read the common parameters (max_steps, past_discount,
 * warm_start) with the class defaults given, then the model's create. */
int decaf_env_create(const struct decaf_model *m, const struct fs_job *job,
                     int default_steps, double default_discount,
                     double default_warm, fs_decaf_env **out,
                     struct fs_decaf_spec *spec, fs_err *e);

/* Z_i / mean(Z) - 1 (0 when the mean is 0): the relative-advantage
 * feature the paper adds to every observation. */
double decaf_relative(const fs_decaf_env *env, int agent);

/* The shared operations (all four tables use them). */
void decaf_env_destroy(fs_decaf_env **env);
void decaf_env_reset(fs_decaf_env *env, fs_rng *rng);
void decaf_env_post_decision(const fs_decaf_env *env, float *pds);
void decaf_env_constraints(const fs_decaf_env *env, int *resource,
                           int *capacity, unsigned char *allowed);
int decaf_env_step(fs_decaf_env *env, const int *actions, fs_rng *rng,
                   struct fs_decaf_step *out, fs_err *e);
void decaf_env_metrics(const fs_decaf_env *env, double *z);
void decaf_env_utilities(const fs_decaf_env *env, double *su);
void decaf_env_fair_vars(const fs_decaf_env *env, double *f);

/* Parameter table entries shared by the four classes. */
#define DECAF_COMMON_PARAMS(steps, discount, warm)                             \
    {"max_steps", FS_PARAM_INT, steps, 1, 1e6, NULL,                           \
     "steps per episode"},                                                     \
    {"past_discount", FS_PARAM_NUM, discount, 0, 1, NULL,                      \
     "per-step decay of the fairness metric Z"},                               \
    {"warm_start", FS_PARAM_NUM, warm, 0, 1e6, NULL,                           \
     "Z at reset: W + U(-W/8, W/8)"}

/* The ops table of a class: the shared operations plus its create. */
#define DECAF_OPS_TABLE(table, create_fn)                                      \
    static const struct fs_decaf_ops table = {                                 \
        .create = create_fn,                                                   \
        .destroy = decaf_env_destroy,                                          \
        .reset = decaf_env_reset,                                              \
        .post_decision = decaf_env_post_decision,                              \
        .constraints = decaf_env_constraints,                                  \
        .step = decaf_env_step,                                                \
        .metrics = decaf_env_metrics,                                          \
        .utilities = decaf_env_utilities,                                      \
        .fair_vars = decaf_env_fair_vars,                                      \
    }

#endif /* FS_ENVS_DECAF_IMPL_H */
