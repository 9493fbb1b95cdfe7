/* jobs/job.h - one job of a sweep (what to run) and its result record
 * (what came back). Plain data shared by config, runner, store and analysis.
 *
 * A job is (env, algorithm, parameters, seed). Its key is the canonical text
 * "env=E algo=A p1=v1 p2=v2 seed=S" with parameters sorted by name and
 * numbers printed canonically (fs_job_format_number); its id is a 64-bit hash
 * of the key (fs_job_hash). Neither depends on the order of the config file.
 */
#ifndef FS_JOBS_JOB_H
#define FS_JOBS_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum {
    FS_NAME_MAX = 32,     /* env, algo, parameter, metric and curve names */
    FS_TEXT_MAX = 32,     /* text parameter values */
    FS_KEY_MAX = 256,     /* canonical job key */
    FS_PARAMS_MAX = 16,   /* parameters per job */
    FS_METRICS_MAX = 32,  /* scalar metrics per result */
    FS_CURVES_MAX = 8,    /* curves per result */
    FS_CURVE_POINTS_MAX = 4096,
    FS_ERROR_MAX = 128,   /* failure reason */
    FS_HOST_MAX = 64
};

/* A parameter value: a number, or a short text (e.g. policy: pf). */
struct fs_param {
    char name[FS_NAME_MAX];
    int is_text;                  /* 1: text holds the value */
    double num;
    char text[FS_TEXT_MAX];
};

struct fs_job {
    uint64_t id;                  /* fs_job_hash(key) */
    char key[FS_KEY_MAX];
    char env[FS_NAME_MAX];
    char algo[FS_NAME_MAX];
    int64_t seed;                 /* the seed as listed in the config */
    int condition;                /* index of the condition it came from */
    int n_params;
    struct fs_param params[FS_PARAMS_MAX]; /* sorted by name */
};

enum fs_job_status {
    FS_JOB_PENDING = 0,
    FS_JOB_DONE = 1,
    FS_JOB_FAILED = 2
};

struct fs_metric {
    char name[FS_NAME_MAX];
    double value;                 /* NaN when not measured */
};

struct fs_curve {
    char name[FS_NAME_MAX];
    int n;                        /* points used, <= FS_CURVE_POINTS_MAX */
    double *points;               /* owned by the result; n values */
};

/* The outcome of one attempt at a job. Owns its curve buffers: release with
 * fs_result_clear(). */
struct fs_result {
    uint64_t job_id;
    int status;                   /* enum fs_job_status */
    int attempts;                 /* how many attempts so far, >= 1 */
    double wall_s;                /* wall time of the last attempt, seconds */
    double finished_at;           /* Unix time the attempt ended */
    int rank;                     /* MPI rank that ran it */
    char host[FS_HOST_MAX];
    char error[FS_ERROR_MAX];     /* failure reason, "" when done */
    int n_metrics;
    struct fs_metric metrics[FS_METRICS_MAX];
    int n_curves;
    struct fs_curve curves[FS_CURVES_MAX];
};

/* 64-bit FNV-1a of the key, then a splitmix64 finaliser. Never 0. */
uint64_t fs_job_hash(const char *key);

/* Canonical number text: integers below 1e15 in full ("3", "200000"),
 * anything else in the shortest "%.Ng" form that reads back exactly ("0.5",
 * "1e-05", "0.30000000000000004", "1e+20"); -0 prints as 0. buf has room for
 * 32 bytes. */
void fs_job_format_number(double x, char buf[32]);

/* Build job->key from env, algo, params (sorting them) and seed, then
 * job->id. Fails with FS_ECONFIG if the key would not fit. */
int fs_job_finish(struct fs_job *job, fs_err *e);

/* Look up a parameter by name; NULL when absent. */
const struct fs_param *fs_job_param(const struct fs_job *job, const char *name);
/* A numeric parameter, or dflt when absent. */
double fs_job_num(const struct fs_job *job, const char *name, double dflt);

/* Result helpers. fs_result_metric sets (or replaces) a scalar;
 * fs_result_curve copies n points into a new curve. Both fail with
 * FS_EINTERNAL when the fixed capacity is exceeded. */
void fs_result_init(struct fs_result *r, uint64_t job_id);
int fs_result_metric(struct fs_result *r, const char *name, double value,
                     fs_err *e);
int fs_result_curve(struct fs_result *r, const char *name, const double *pts,
                    int n, fs_err *e);
void fs_result_clear(struct fs_result *r);
/* Deep copy; dst must be cleared or fresh. */
void fs_result_copy(struct fs_result *dst, const struct fs_result *src);

/* Serialisation shared by the child pipe, MPI messages and the journal:
 * little-endian, self-delimiting. fs_result_encoded_size is the exact size
 * fs_result_encode writes. fs_result_decode reads one record from buf
 * (len bytes), fills r (which it initialises) and sets *used; it fails with
 * FS_EFORMAT on a short or malformed record and leaves r cleared. */
size_t fs_result_encoded_size(const struct fs_result *r);
size_t fs_result_encode(const struct fs_result *r, unsigned char *buf);
int fs_result_decode(const unsigned char *buf, size_t len,
                     struct fs_result *r, size_t *used, fs_err *e);

#endif /* FS_JOBS_JOB_H */
