/* learners/learner.h - the algorithm plug-in interface and its registry.
 *
 * An algorithm is a const struct fs_learner found by name. Its parameter
 * table drives config validation (types, ranges, choices, defaults) and its
 * run() trains and evaluates one job, writing scalar metrics and curves into
 * a result record. run() must be deterministic: everything random comes from
 * fs_rng streams keyed by (settings->seed, job->id, purpose).
 *
 * Adding an algorithm is one new file defining a const struct fs_learner and
 * one line in learners/registry.c.
 */
#ifndef FS_LEARNERS_LEARNER_H
#define FS_LEARNERS_LEARNER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "jobs/job.h"

enum fs_param_type {
    FS_PARAM_NUM,     /* any finite real in [min, max] */
    FS_PARAM_INT,     /* an integer in [min, max] */
    FS_PARAM_BOOL,    /* true/false, stored as 1/0 */
    FS_PARAM_TEXT     /* one of `choices` ("pf|ef|uf") */
};

struct fs_param_spec {
    const char *name;
    enum fs_param_type type;
    double dflt;              /* default (number types); NAN: required */
    double min, max;          /* inclusive range (number types) */
    const char *choices;      /* FS_PARAM_TEXT: '|'-separated; first is default */
    const char *help;         /* one line, with units */
};

/* Settings shared by every job of a sweep (the config's top level). A resume
 * refuses a config whose shared settings differ from the store's. */
struct fs_settings {
    char name[64];            /* sweep name */
    uint64_t seed;            /* base seed of every RNG stream */
    int64_t env_steps;        /* training budget per job, env steps */
    int64_t eval_every;       /* evaluation cadence, env steps (0: end only) */
    int eval_episodes;        /* episodes per evaluation */
    double time_limit_s;      /* per-job wall-time limit, seconds (0: none) */
    double mem_limit_mb;      /* per-job address-space limit, MiB (0: none) */
    int max_attempts;         /* automatic attempts per job, >= 1 */
};

struct fs_learner {
    const char *name;
    const char *summary;                  /* one line for `plan` and --help */
    const struct fs_param_spec *params;   /* n_params entries */
    int n_params;
    const char *const *envs;              /* NULL-terminated; NULL: any env */
    /* Estimated wall seconds for one job on one core; NULL when unknown. */
    double (*cost)(const struct fs_job *job, const struct fs_settings *s);
    /* Train and evaluate one job. out is initialised by the caller (job_id
     * set); run fills metrics and curves. Returns 0, or a negative status
     * with a message in e; the runner then records the job as failed. */
    int (*run)(const struct fs_job *job, const struct fs_settings *s,
               struct fs_result *out, fs_err *e);
};

/* Registry. Never NULL for i < fs_learner_count(). */
size_t fs_learner_count(void);
const struct fs_learner *fs_learner_at(size_t i);
/* NULL when no algorithm has that name. */
const struct fs_learner *fs_learner_find(const char *name);
/* Parameter spec by name within a learner; NULL when absent. */
const struct fs_param_spec *fs_learner_param(const struct fs_learner *l,
                                             const char *name);

#endif /* FS_LEARNERS_LEARNER_H */
