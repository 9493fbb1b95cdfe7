/* core/err.c - error reports and aborting allocation. See err.h. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fs_err_set(fs_err *e, int status, const char *fmt, ...)
{
    if (e == NULL || e->status != FS_OK)
        return status;
    e->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return status;
}

int fs_err_prefix(fs_err *e, const char *fmt, ...)
{
    if (e == NULL || e->status == FS_OK)
        return FS_OK;
    char old[sizeof e->msg];
    memcpy(old, e->msg, sizeof old);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    size_t used = n < 0 ? 0 : (size_t)n;
    if (used < sizeof e->msg - 1) {
        size_t room = sizeof e->msg - 1 - used;
        size_t len = strlen(old);
        if (len > room)
            len = room;
        memcpy(e->msg + used, old, len);
        e->msg[used + len] = '\0';
    }
    return e->status;
}

void fs_err_clear(fs_err *e)
{
    if (e == NULL)
        return;
    e->status = FS_OK;
    e->msg[0] = '\0';
}

const char *fs_status_str(int status)
{
    switch (status) {
    case FS_OK: return "ok";
    case FS_EUSAGE: return "usage error";
    case FS_ECONFIG: return "config error";
    case FS_EIO: return "I/O error";
    case FS_EFORMAT: return "format error";
    case FS_ENUMERIC: return "numerical error";
    case FS_ECONFLICT: return "conflict";
    case FS_EMPI: return "MPI error";
    case FS_EHDF5: return "HDF5 error";
    case FS_ECHILD: return "job process failed";
    case FS_EINTERRUPTED: return "interrupted";
    case FS_ENOTFOUND: return "not found";
    case FS_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

int fs_exit_code(int status)
{
    switch (status) {
    case FS_OK: return 0;
    case FS_EUSAGE:
    case FS_ECONFIG: return 2;
    case FS_EINTERRUPTED: return 3;
    default: return 1;
    }
}

static void oom(size_t n, const char *file, int line)
{
    fprintf(stderr, "fairsweep: out of memory allocating %zu bytes at %s:%d\n",
            n, file, line);
    abort();
}

void *fs_xmalloc_at(size_t n, const char *file, int line)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom(n, file, line);
    return p;
}

void *fs_xcalloc_at(size_t n, size_t size, const char *file, int line)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        oom(n * size, file, line);
    return p;
}

void *fs_xrealloc_at(void *p, size_t n, const char *file, int line)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        oom(n, file, line);
    return q;
}

char *fs_xstrdup_at(const char *s, const char *file, int line)
{
    size_t n = strlen(s) + 1;
    char *p = fs_xmalloc_at(n, file, line);
    memcpy(p, s, n);
    return p;
}
