/* jobs/store.h - the result store: one HDF5 file that h5py, pandas and
 * HDFView open without fairsweep, plus the journal next to it.
 *
 * Schema (schema_version 1):
 *   /                 attributes schema_version (int32 = 1), fairsweep_version,
 *                     config_text, settings, sweep_name, slurm_job_ids
 *                     (fixed-length strings), config_hash (uint64),
 *                     updated_at (float64, Unix time)
 *   /jobs             1-D compound table, one row per job, fixed-length
 *                     strings only: key[256] id(u64) env[32] algo[32]
 *                     params[192] seed(i64) condition(i32) status(i32:
 *                     0 pending 1 done 2 failed) attempts(i32) wall_s(f64)
 *                     finished_at(f64) rank(i32) host[64] error[128]
 *   /metrics/<name>   float64 [n_jobs], NaN where missing
 *   /curves/<name>    float64 [n_jobs x max_points], NaN-padded
 * Metric and curve datasets depend only on the results, never on which rank
 * wrote which row or on the rank count: they are bitwise reproducible (so is
 * /jobs, apart from its rank, host, wall_s and finished_at columns). Files
 * use the HDF5 1.8 format (readable by HDF5 >= 1.8, h5py, pandas, HDFView);
 * datasets are contiguous, uncompressed.
 *
 * Crash safety: a store is only ever written whole, to "<path>.tmp", then
 * fsync'd and renamed over <path> (and the directory fsync'd). Between
 * consolidations results live in the journal "<path>.journal"
 * (jobs/journal.h); fs_store_recover merges both.
 */
#ifndef FS_JOBS_STORE_H
#define FS_JOBS_STORE_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "jobs/job.h"
#include "jobs/journal.h"

enum {
    FS_STORE_SCHEMA_VERSION = 1,
    FS_STORE_PARAMS_MAX = 192     /* "a=0.5 b=1" text in the jobs table */
};

/* Store-level metadata. On write the strings are read (NULL means ""); on
 * read they are owned by the fs_store_data. */
struct fs_store_meta {
    const char *config_text;      /* the sweep config as given */
    uint64_t config_hash;
    const char *settings;         /* canonical shared settings */
    const char *sweep_name;
    const char *slurm_job_ids;    /* space-separated, may be "" */
    double updated_at;            /* Unix time; on write <= 0 means "now" */
    int schema_version;           /* read only (write stores 1) */
    const char *fairsweep_version;/* read only (write stores FS_VERSION) */
};

/* One result a rank contributes to fs_store_write: row `index` of jobs. */
struct fs_store_row {
    size_t index;
    const struct fs_result *r;
};

/* Call before MPI_Init in every process that writes stores. It turns off
 * Open MPI's sharedfp/sm component (unless the user chose sharedfp
 * components already): at each MPI file open it takes a named semaphore,
 * /dev/shm/sem.OMPIO_<file name>, which a writer killed mid-write leaves
 * locked, so every later open of a file with that name would hang. The
 * store never uses shared file pointers. Not collective. */
void fs_store_mpi_env(void);

/* Write the whole store to path, atomically (via "<path>.tmp" and rename).
 * Collective over comm. Every rank passes the same jobs[n_jobs] (row i is
 * jobs[i]) and meta (rank 0's meta is what gets written; NULL: empty
 * strings, hash 0, updated now); each rank passes
 * the results it holds as rows[n_rows]; every job index may be given by at
 * most one rank, r->job_id must equal jobs[index].id; jobs no rank gives are
 * written as pending. Metric/curve names are the sorted union over all
 * ranks; a curve dataset is as wide as its longest curve. Fastest when each
 * rank holds contiguous runs of indices (scattered rows are written as
 * point selections: 200k jobs on 2 ranks take ~2.5 s here).
 * Returns the same status on every rank. Errors: FS_EINTERNAL (bad rows,
 * index given twice, jobs differ between ranks), FS_EHDF5, FS_EIO (fsync or
 * rename), FS_EMPI. On failure the previous store at path is untouched. */
int fs_store_write(MPI_Comm comm, const char *path,
                   const struct fs_store_meta *meta, const struct fs_job *jobs,
                   size_t n_jobs, const struct fs_store_row *rows,
                   size_t n_rows, fs_err *e);

/* The params text of a job as stored in the jobs table: "a=0.5 b=1" (the
 * key without env, algo and seed; "" when it has no parameters). */
void fs_store_params_text(const struct fs_job *job,
                          char buf[FS_STORE_PARAMS_MAX]);

/* "ids id" without duplicates: a new string the caller frees. ids may be
 * NULL or "". Used to record each Slurm allocation that worked on a sweep. */
char *fs_store_slurm_ids_add(const char *ids, const char *id);

/* ---- reading ---- */

/* A store read into memory. Plain data; owns everything it points to;
 * release with fs_store_data_destroy. */
typedef struct fs_store_data {
    char *path;
    struct fs_store_meta meta;    /* strings owned here */
    size_t n_jobs;
    struct fs_job *jobs;          /* [n_jobs]: id key env algo seed condition,
                                     params parsed back from the params text */
    char (*params)[FS_STORE_PARAMS_MAX]; /* [n_jobs] params text */
    struct fs_result *rows;       /* [n_jobs] status attempts wall_s
                                     finished_at rank host error; no metrics
                                     or curves (see fs_store_data_result) */
    size_t n_metrics;
    char (*metric_names)[FS_NAME_MAX];   /* [n_metrics], sorted */
    double **metrics;             /* [n_metrics][n_jobs], NaN where missing */
    size_t n_curves;
    char (*curve_names)[FS_NAME_MAX];    /* [n_curves], sorted */
    size_t *curve_points;         /* [n_curves] max points per curve */
    double **curves;              /* [n_curves][n_jobs * curve_points[c]],
                                     row-major, NaN-padded */
} fs_store_data;

/* Read the store at path (serial: default HDF5 driver, no MPI needed; not
 * collective). *out is new and owned by the caller. Errors: FS_ENOTFOUND
 * (no file), FS_EFORMAT (not HDF5, truncated, wrong schema_version, missing
 * or malformed dataset or attribute; the message names path and what). */
int fs_store_open_read(const char *path, fs_store_data **out, fs_err *e);

/* Accepts NULL; sets *d to NULL. */
void fs_store_data_destroy(fs_store_data **d);

/* Index of a metric / curve by name, or -1. */
int fs_store_data_metric(const fs_store_data *d, const char *name);
int fs_store_data_curve(const fs_store_data *d, const char *name);

/* Row `row` as a full result (out is initialised by this call; clear it with
 * fs_result_clear): the jobs-table fields, every non-NaN metric, and every
 * curve whose row is not all NaN, as stored (max_points long, NaN-padded, so
 * rewriting it reproduces the same dataset). */
void fs_store_data_result(const fs_store_data *d, size_t row,
                          struct fs_result *out);

/* Row of a job id, or -1 (linear scan; fine for one-off lookups). */
long fs_store_data_find(const fs_store_data *d, uint64_t job_id);

/* ---- merged results by job id ---- */

/* A set of results keyed by job id, in first-insertion order. Owns copies. */
typedef struct fs_store_results fs_store_results;

fs_store_results *fs_store_results_create(void);
void fs_store_results_destroy(fs_store_results **rs);

/* Merge a copy of r: a later record replaces the held one, except that a
 * `done` result is never replaced by a `failed` one; attempts becomes the
 * max of both. Returns 1 if r was taken, 0 if the held result was kept.
 * Invalidates pointers from find/at. */
int fs_store_results_merge(fs_store_results *rs, const struct fs_result *r);

/* The held result for job_id, or NULL. */
const struct fs_result *fs_store_results_find(const fs_store_results *rs,
                                              uint64_t job_id);
size_t fs_store_results_count(const fs_store_results *rs);
/* i-th held result, i < count, in first-insertion order. */
const struct fs_result *fs_store_results_at(const fs_store_results *rs,
                                            size_t i);

/* What a resuming run starts from. */
struct fs_store_recovery {
    fs_store_data *store;         /* the store, NULL when none exists yet */
    fs_store_results *results;    /* store rows that are not pending, then
                                     the journal replayed on top (merge rule
                                     above); includes ids absent from store.
                                     A store column holding only NaN is
                                     attached (as NaN) to the first row, so
                                     writing these results back reproduces
                                     every dataset of the store */
    size_t from_journal;          /* journal records replayed */
    struct fs_journal_stats journal;
};

/* Load the store at path (if present) and replay "<path>.journal" over it.
 * Not collective (call it on one rank). out is filled; release it with
 * fs_store_recovery_clear. Errors: as fs_store_open_read (except a missing
 * store, which is fine) and fs_journal_replay. */
int fs_store_recover(const char *path, struct fs_store_recovery *out,
                     fs_err *e);
void fs_store_recovery_clear(struct fs_store_recovery *rec);

/* The current state of store row i (i < rec->store->n_jobs): the merged
 * result for its job id, or else the stored row itself (pending, no metrics).
 * Borrowed; valid until rec is cleared. */
const struct fs_result *fs_store_recovery_row(const struct fs_store_recovery *rec,
                                              size_t i);

/* Rows for fs_store_write: the jobs of part `part` of `parts` contiguous
 * blocks of jobs[] (indices [n*part/parts, n*(part+1)/parts)) that have a
 * result in rs. Contiguous blocks are the fast layout; part 0 of 1 takes
 * every job. *rows is a new array (caller frees; may be empty, never NULL)
 * borrowing from rs. Returns its length. Not collective. */
size_t fs_store_rows_select(const struct fs_job *jobs, size_t n_jobs,
                            const fs_store_results *rs, int part, int parts,
                            struct fs_store_row **rows);

/* Merged results whose job id has no row in the store (e.g. a sweep whose
 * config gained jobs since the last consolidation, or no store yet). */
size_t fs_store_recovery_orphans(const struct fs_store_recovery *rec);

#endif /* FS_JOBS_STORE_H */
