/* core/err.h - status codes and the one place that formats error messages.
 *
 * Policy (house rule 3):
 *  - Recoverable failures (bad config, files, HDF5, numerics, child jobs) are
 *    returned as a negative fs_status and propagated; the function that
 *    detects the failure describes it once with fs_err_set(), callers may add
 *    context with fs_err_prefix(), and only cli/ prints it and exits.
 *  - Internal invariants use assert().
 *  - Out of memory is not recoverable: fs_xmalloc() and friends abort with
 *    file:line. Nothing outside cli/ calls exit().
 */
#ifndef FS_CORE_ERR_H
#define FS_CORE_ERR_H

#include <stddef.h>

enum fs_status {
    FS_OK = 0,
    FS_EUSAGE = -1,       /* bad command line */
    FS_ECONFIG = -2,      /* bad sweep config or parameter value */
    FS_EIO = -3,          /* file system or pipe failure */
    FS_EFORMAT = -4,      /* damaged or foreign file */
    FS_ENUMERIC = -5,     /* NaN/Inf or a solver that did not converge */
    FS_ECONFLICT = -6,    /* store and config disagree */
    FS_EMPI = -7,         /* MPI call failed */
    FS_EHDF5 = -8,        /* HDF5 call failed */
    FS_ECHILD = -9,       /* a job's child process failed */
    FS_EINTERRUPTED = -10,/* stopped by a signal; work is incomplete */
    FS_ENOTFOUND = -11,   /* named item does not exist */
    FS_EINTERNAL = -12    /* a bug: please report */
};

/* An error report: the first failure's status and its message.
 * Plain data, lives on the caller's stack; zero-initialise it. */
typedef struct fs_err {
    int status;           /* 0 while no error was set */
    char msg[1024];       /* one line, no trailing newline */
} fs_err;

/* Record an error. printf-style message (one line, no newline). If e already
 * holds an error, the first one is kept. e may be NULL. Returns status, so
 * callers can write `return fs_err_set(e, FS_EIO, "...")`. */
int fs_err_set(fs_err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepend context ("while reading x: ") to the message in e. No-op when e is
 * NULL or holds no error. Returns e->status (0 when none). */
int fs_err_prefix(fs_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reset e to "no error". */
void fs_err_clear(fs_err *e);

/* A short name for a status ("config error", ...). Never NULL. */
const char *fs_status_str(int status);

/* Process exit code for a status: 0 ok, 2 usage/config, 3 interrupted
 * (incomplete work that a rerun continues), 1 anything else. */
int fs_exit_code(int status);

/* Allocation that aborts with file:line on failure (the one fatal path). */
#define fs_xmalloc(n) fs_xmalloc_at((n), __FILE__, __LINE__)
#define fs_xcalloc(n, size) fs_xcalloc_at((n), (size), __FILE__, __LINE__)
#define fs_xrealloc(p, n) fs_xrealloc_at((p), (n), __FILE__, __LINE__)
#define fs_xstrdup(s) fs_xstrdup_at((s), __FILE__, __LINE__)
void *fs_xmalloc_at(size_t n, const char *file, int line);
void *fs_xcalloc_at(size_t n, size_t size, const char *file, int line);
void *fs_xrealloc_at(void *p, size_t n, const char *file, int line);
char *fs_xstrdup_at(const char *s, const char *file, int line);

#endif /* FS_CORE_ERR_H */
