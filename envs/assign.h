/* envs/assign.h - one-on-one task assignment instances (seed 004, "How to
 * Fairly and Efficiently Assign Tasks in Individually Rational Agents'
 * Coalitions?").
 *
 * An instance is a cost matrix of `agents` rows and `tasks` columns, padded
 * to a square n x n matrix (n = max(agents, tasks)) with dummy rows or
 * columns of cost 0, as the paper's problem definition prescribes. Fairness
 * measures count only real agent-task pairs (fs_assign_is_real).
 *
 * Sources of instances:
 *  - random: integer costs uniform in [cost_min, cost_max] (the paper: 1 to
 *    1000), drawn from an fs_rng stream;
 *  - builtin: the paper's Table 1a ("table1") and Table 2 ("ft1", "ft2",
 *    "ft3") matrices;
 *  - a CSV file (rows = agents, columns = tasks, comma separated numbers;
 *    blank lines and lines starting with '#' are skipped);
 *  - inline text "1,2;3,4" (rows separated by ';').
 *
 * The environment `assign` (registered in envs/registry.c, no stepping ops)
 * carries the parameters below; fs_assign_from_job() builds the instance a
 * job describes. Its random matrix depends only on (sweep seed, agents,
 * tasks, cost range, job seed) -- never on the model -- so every model of a
 * sweep is evaluated on the same matrices (a paired design).
 */
#ifndef FS_ENVS_ASSIGN_H
#define FS_ENVS_ASSIGN_H

#include <stdint.h>

#include "core/err.h"
#include "core/rng.h"
#include "envs/env.h"
#include "jobs/job.h"

enum { FS_ASSIGN_MAX_N = 2000 };

/* Plain data owning `cost`; release with fs_assign_clear(). */
struct fs_assign_inst {
    int n;             /* padded square size */
    int agents;        /* real rows, <= n */
    int tasks;         /* real columns, <= n */
    double *cost;      /* n x n row-major; dummy entries are 0 */
};

/* Frees cost and zeroes the struct. NULL-safe. */
void fs_assign_clear(struct fs_assign_inst *inst);

/* Whether (agent a, task k) is a real pair (not a dummy row or column). */
static inline int fs_assign_is_real(const struct fs_assign_inst *inst, int a,
                                    int k)
{
    return a < inst->agents && k < inst->tasks;
}

/* Copy a rows x cols row-major matrix into inst (fresh or cleared), padding
 * it square. FS_ECONFIG on sizes outside [1, FS_ASSIGN_MAX_N] or a
 * non-finite entry. */
int fs_assign_from_matrix(struct fs_assign_inst *inst, int rows, int cols,
                          const double *m, fs_err *e);

/* Integer costs uniform in [lo, hi] (lo <= hi, both integers). Draws
 * agents*tasks numbers from r, row by row. */
int fs_assign_random(struct fs_assign_inst *inst, int agents, int tasks,
                     int64_t lo, int64_t hi, fs_rng *r, fs_err *e);

/* The paper's matrices: "table1", "ft1", "ft2", "ft3". FS_ENOTFOUND for
 * another name. */
int fs_assign_builtin(struct fs_assign_inst *inst, const char *name, fs_err *e);

/* Read a CSV cost matrix. Errors name the file and line ("costs.csv:3: row
 * has 2 values, expected 3"): FS_EIO when the file cannot be read,
 * FS_EFORMAT for malformed content. */
int fs_assign_load_csv(struct fs_assign_inst *inst, const char *path, fs_err *e);

/* Parse "1,2;3,4" (rows separated by ';', values by ','). FS_EFORMAT. */
int fs_assign_parse_inline(struct fs_assign_inst *inst, const char *text,
                           fs_err *e);

/* The instance of an `assign`-env job: env params `instance`
 * (random|table1|ft1|ft2|ft3), `agents`, `tasks` (0: = agents), `cost_min`,
 * `cost_max`; random matrices from the stream keyed by (seed, instance key
 * hash, FS_RNG_ENV) where the instance key holds only those parameters and
 * job->seed. */
int fs_assign_from_job(struct fs_assign_inst *inst, const struct fs_job *job,
                       uint64_t seed, fs_err *e);

extern const struct fs_env_class fs_env_assign;

#endif /* FS_ENVS_ASSIGN_H */
