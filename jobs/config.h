/* jobs/config.h - a sweep config (YAML) and the jobs it expands to.
 *
 * A config names the shared settings of a sweep (name, base seed, budget,
 * limits), the environments, the seeds and a list of conditions (an
 * algorithm plus its parameters; a list value is a grid axis). Loading it
 * validates everything against the env and learner registries and expands
 * the grid into jobs:
 *
 *     jobs = conditions (grid points) x envs x env_params grid x seeds
 *
 * Each job's key holds only the parameters the config gives explicitly
 * (learners use their defaults for the others), so a key never changes when
 * a default does, and adding seeds, envs or conditions leaves every old key
 * as it was. Keys and ids never depend on the order of the file.
 *
 * Schema (docs/config.md):
 *
 *     name: demo                 # required; letters, digits, . _ -
 *     seed: 42                   # required; base seed of every RNG stream
 *     seeds: 5                   # count N (seeds 0..N-1) or a list; default 1
 *     envs: [none]               # or env: none; default none
 *     env_params: {k: v|[grid]}  # optional, parameters of every listed env
 *     budget: {env_steps: 0, eval_every: 0, eval_episodes: 10}
 *     limits: {time: 0, memory_mb: 0, max_attempts: 1}   # 0: no limit
 *     conditions:                # required, non-empty
 *       - {algo: synthetic, quality: [0.2, 0.5], noise: 0.1}
 *
 * Errors are FS_ECONFIG with one line "file:line:col: what, got 'value'"
 * (line and column 1-based); FS_EIO when the file cannot be read.
 *
 * Shared settings and resume: the settings a store must agree with are the
 * sweep name, base seed, budget and limits; fs_sweep_settings_text() renders
 * them canonically ("key: value" lines) and fs_sweep_settings_hash() hashes
 * that text. Envs, env_params, conditions and seeds may grow between runs.
 */
#ifndef FS_JOBS_CONFIG_H
#define FS_JOBS_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "jobs/job.h"
#include "learners/learner.h"

typedef struct fs_sweep fs_sweep;

/* One condition: one grid point of one entry of the config's `conditions`. */
struct fs_sweep_condition {
    char label[FS_KEY_MAX];   /* "algo=A p1=v1 ..." (job key minus env, env
                                 parameters and seed) */
    char algo[FS_NAME_MAX];
    int entry;                /* 0-based index in the config's conditions */
    int line, column;         /* 1-based position of that entry */
    size_t n_jobs;            /* jobs of this condition in the sweep */
};

/* Largest sweep a config may expand to. */
enum { FS_SWEEP_JOBS_MAX = 1000000 };

/* Read and parse the config file at path. On success *out owns the sweep
 * (release with fs_sweep_destroy); on failure *out is NULL and e says why
 * (FS_EIO or FS_ECONFIG). */
int fs_sweep_load(const char *path, fs_sweep **out, fs_err *e);

/* Parse config text (len bytes; need not be NUL-terminated). path is only
 * used in messages and by fs_sweep_path(). Same results as fs_sweep_load. */
int fs_sweep_parse(const char *path, const char *text, size_t len,
                   fs_sweep **out, fs_err *e);

/* Free the sweep and set *s to NULL. Accepts NULL and *s == NULL. */
void fs_sweep_destroy(fs_sweep **s);

/* Accessors. Pointers stay valid until fs_sweep_destroy. */
const char *fs_sweep_path(const fs_sweep *s);
const struct fs_settings *fs_sweep_settings(const fs_sweep *s);
/* The jobs, sorted by key (strcmp); *n gets the count. */
const struct fs_job *fs_sweep_jobs(const fs_sweep *s, size_t *n);
/* The job with this id, or NULL. O(log n). */
const struct fs_job *fs_sweep_find_job(const fs_sweep *s, uint64_t id);
/* Conditions in config order (entries, then grid order); job->condition
 * indexes this array. */
const struct fs_sweep_condition *fs_sweep_conditions(const fs_sweep *s,
                                                     size_t *n);
/* Environments in config order. */
size_t fs_sweep_env_count(const fs_sweep *s);
const char *fs_sweep_env(const fs_sweep *s, size_t i);
/* Seeds as listed (or 0..N-1). */
const int64_t *fs_sweep_seeds(const fs_sweep *s, size_t *n);
/* The config text exactly as read (NUL-terminated; *len may be NULL). */
const char *fs_sweep_text(const fs_sweep *s, size_t *len);
/* Canonical text of the shared settings: one "key: value" line each, in a
 * fixed order, e.g. "budget.env_steps: 100000\n". */
const char *fs_sweep_settings_text(const fs_sweep *s);
/* fs_job_hash(fs_sweep_settings_text(s)). */
uint64_t fs_sweep_settings_hash(const fs_sweep *s);

/* Compare two canonical settings texts, the store's (a) and the config's
 * (b). Returns 0 when they are equal; otherwise 1, and writes into buf (n
 * bytes, always NUL-terminated) the first differing setting, e.g.
 * "budget.env_steps: 200000 in the store, 100000 in the config". */
int fs_sweep_diff_settings(const char *a, const char *b, char *buf, size_t n);

/* The estimated wall seconds of all jobs on one core (sum of the learners'
 * cost()); *known gets how many jobs had an estimate. */
double fs_sweep_cost(const fs_sweep *s, size_t *known);

#endif /* FS_JOBS_CONFIG_H */
