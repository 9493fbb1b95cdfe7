/* mpi/runtime.h - run a sweep across the ranks of a communicator.
 *
 * Rank 0 is the master: it recovers the store (results.h5 + journal),
 * decides which jobs still need to run, hands them out in chunks whose size
 * follows the measured job time, and appends every result to the journal.
 * Every rank, rank 0 included, is also a worker that runs its chunks in a
 * child process (jobs/exec.h). Nobody busy-waits: a rank sleeps in poll() on
 * its child's pipe, waking every few milliseconds to look at MPI.
 *
 * At the end, or when a signal (see fs_run_signals_install) asks it to stop,
 * the ranks write a new results.h5 together (parallel HDF5, each rank the
 * rows of the jobs it ran) and rename it into place.
 */
#ifndef FS_MPI_RUNTIME_H
#define FS_MPI_RUNTIME_H

#include <stddef.h>

#include <mpi.h>

#include "core/err.h"

struct fs_run_opts {
    const char *config_path;
    const char *store_path;
    int retry_failed;          /* rerun jobs that failed in earlier runs */
    int max_attempts;          /* 0: from the config (limits.max_attempts) */
    int force;                 /* resume although the store holds jobs the
                                  config no longer has (they are dropped) */
    int quiet;                 /* no progress output */
    double grace_s;            /* after a stop signal, how long a running
                                  job may finish before it is killed */
    double progress_every_s;   /* progress line cadence when not a TTY */
    double chunk_target_s;     /* aimed-at wall time of one chunk */
};

/* Defaults: grace 10 s, progress every 10 s, chunks of about 0.25 s. */
void fs_run_opts_init(struct fs_run_opts *o);

struct fs_run_summary {
    size_t jobs;               /* jobs in the config */
    size_t done, failed, pending;  /* state of the store afterwards */
    size_t ran;                /* results produced by this run */
    double wall_s;
    int interrupted;           /* stopped by a signal */
};

/* Catch SIGINT, SIGTERM and SIGUSR1 as "stop the sweep" requests (a flag
 * that fs_run polls). Call it before MPI_Init, so that a signal arriving
 * during start-up (a Slurm wall-time signal, a Ctrl-C) is not fatal;
 * restore the previous handlers after MPI_Finalize. Not collective. */
void fs_run_signals_install(void);
void fs_run_signals_restore(void);

/* Collective over comm. Runs what is missing of the sweep and leaves a
 * consistent store. Returns 0 when the sweep is complete or only failed
 * jobs remain, FS_EINTERRUPTED when a signal stopped it with jobs pending,
 * or another negative status (same on every rank; e is set on rank 0). */
int fs_run(MPI_Comm comm, const struct fs_run_opts *o,
           struct fs_run_summary *sum, fs_err *e);

#endif /* FS_MPI_RUNTIME_H */
