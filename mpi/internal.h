/* mpi/internal.h - the parts of the runtime that talk to each other.
 * Not a public interface: only the files of mpi/ include it.
 *
 * Messages travel on two duplicates of the caller's communicator, one per
 * direction, so that on rank 0 (master and worker in one process) neither
 * side can see the other's mail:
 * up (worker -> master): TAG_REQUEST, TAG_RESULTS, TAG_STOPPING, TAG_DONE;
 * down (master -> worker): TAG_CHUNK, TAG_CANCEL.
 *   TAG_REQUEST  worker -> master  empty: "send me work"
 *   TAG_CHUNK    master -> worker  n x struct chunk_item; n = 0 means STOP
 *   TAG_CANCEL   master -> worker  empty: a signal stopped the sweep
 *   TAG_RESULTS  worker -> master  records [u32 index][u32 len][fs_result]
 *   TAG_STOPPING worker -> master  empty: this rank caught a stop signal
 *   TAG_DONE     worker -> master  empty: results flushed, worker idle
 */
#ifndef FS_MPI_INTERNAL_H
#define FS_MPI_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <mpi.h>

#include "core/err.h"
#include "jobs/exec.h"
#include "jobs/job.h"
#include "mpi/runtime.h"

enum {
    TAG_REQUEST = 101,
    TAG_CHUNK = 102,
    TAG_CANCEL = 103,
    TAG_RESULTS = 104,
    TAG_STOPPING = 105,
    TAG_DONE = 106
};

struct chunk_item {
    uint32_t index;            /* row of the job in the sweep */
    int32_t attempt;           /* 1-based */
};

/* A small set of outstanding MPI_Isend requests and their buffers. */
struct sends {
    MPI_Request *req;
    void **buf;
    int n, cap;
};
void sends_post(struct sends *s, void *buf, int bytes, int dest, int tag,
                MPI_Comm comm);   /* takes ownership of buf (may be NULL) */
int sends_test(struct sends *s);  /* frees finished ones; returns # open */
void sends_free(struct sends *s); /* waits for all, frees */

/* Whether a stop signal arrived since fs_run_signals_install(). */
int stop_requested(void);

double mono_now(void);

/* ---- worker (every rank) ---- */
struct worker;
struct worker *worker_create(MPI_Comm up, MPI_Comm down,
                             const struct fs_job *jobs,
                             size_t n_jobs, const struct fs_settings *s,
                             double grace_s);
void worker_destroy(struct worker **w);
/* Hand the worker a result it holds from before this run (rank 0 only). */
void worker_adopt(struct worker *w, size_t index, const struct fs_result *r);
/* One turn: at most about timeout_ms. Returns 1 when finished. */
int worker_step(struct worker *w, int timeout_ms, fs_err *e);
/* Result held for job index, or NULL. */
const struct fs_result *worker_row(const struct worker *w, size_t index);

/* ---- master (rank 0) ---- */
struct master;
struct master_init {
    MPI_Comm up, down;
    const struct fs_job *jobs;
    size_t n_jobs;
    const int *prior_status;   /* n_jobs, enum fs_job_status from the store */
    const int *prior_attempts; /* n_jobs */
    int retry_failed;
    int max_attempts;
    double chunk_target_s;
    int quiet;
    double progress_every_s;
    struct fs_journal *journal; /* borrowed */
};
struct master *master_create(const struct master_init *init);
void master_destroy(struct master **m);
/* One turn without blocking. Returns 1 when every worker said DONE. */
int master_step(struct master *m, fs_err *e);
/* Rank holding the final result of job i (-1: none; 0 for prior results). */
const int *master_owners(const struct master *m);
void master_summary(const struct master *m, struct fs_run_summary *sum);

#endif /* FS_MPI_INTERNAL_H */
