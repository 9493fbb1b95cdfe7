/* jobs/exec.h - run a chunk of jobs in a child process.
 *
 * A crashing, hanging or memory-hungry job must cost one job, not the sweep
 * (Open MPI aborts the whole run when a rank dies). So every chunk of jobs
 * runs in a child: `fairsweep __job-runner`, started with posix_spawn (safe
 * inside an MPI process: nothing but exec runs in the child before it is a
 * fresh program). The parent writes the chunk (settings + jobs) to the
 * child's stdin; the child answers on fd 3 with one START frame and one
 * RESULT frame per job. The parent enforces the per-job wall-time limit; the
 * child applies the address-space limit to itself.
 *
 * When the child dies or times out in the middle of a job, that job gets a
 * failed result with the reason ("killed by signal 11 (Segmentation fault)",
 * "timeout after 5 s"), and the rest of the chunk continues in a new child.
 *
 * Not collective; no MPI calls. One fs_exec per rank.
 */
#ifndef FS_JOBS_EXEC_H
#define FS_JOBS_EXEC_H

#include <stddef.h>

#include "core/err.h"
#include "jobs/job.h"
#include "learners/learner.h"

/* One job to run: which job, and which attempt this is (1-based). */
struct fs_exec_item {
    struct fs_job job;
    int attempt;
};

typedef struct fs_exec fs_exec;

/* Prepare a runner that starts `exe` (normally "/proc/self/exe") as the
 * child. settings are copied. Never fails (aborts on OOM). */
fs_exec *fs_exec_create(const char *exe, const struct fs_settings *settings);
/* Kill any running child, free everything. NULL-safe; sets *x = NULL. */
void fs_exec_destroy(fs_exec **x);

/* Queue a chunk of n items (copied) behind any queued before. */
void fs_exec_submit(fs_exec *x, const struct fs_exec_item *items, size_t n);
/* Items queued or running, not yet reported. */
size_t fs_exec_pending(const fs_exec *x);

/* Called once per finished job with its result (status done or failed,
 * attempts, wall time and error filled in; rank/host left to the caller).
 * The result is only valid during the call. */
typedef void (*fs_exec_result_fn)(const struct fs_result *r, void *ctx);

/* Make progress for at most timeout_ms (-1: until something is reported or
 * nothing is pending): start a child if needed, read its frames, enforce
 * the time limit, reap it. Reports results through fn. Returns 0, or a
 * negative status when the child could not be started at all. */
int fs_exec_step(fs_exec *x, int timeout_ms, fs_exec_result_fn fn, void *ctx,
                 fs_err *e);

/* Stop: kill the running child and drop everything queued. Jobs dropped
 * this way are not reported (they stay pending in the store). */
void fs_exec_cancel(fs_exec *x);

/* Stop gently: let the job that is running now finish (or time out), then
 * drop the rest as fs_exec_cancel does. fs_exec_pending() reaches 0. */
void fs_exec_drain(fs_exec *x);

/* The child side: read a chunk from in_fd, run each job with its learner,
 * write frames to out_fd. Returns 0 when the whole chunk was processed. */
int fs_exec_child_main(int in_fd, int out_fd, fs_err *e);

#endif /* FS_JOBS_EXEC_H */
