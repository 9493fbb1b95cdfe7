/* jobs/exec.c - chunks of jobs in a child process. See exec.h.
 *
 * Wire format (same executable on both ends, so structs travel raw):
 *   stdin:  struct chunk_header, then n x struct fs_exec_item
 *   fd 3:   frames [u32 type][u32 length][payload]
 *           FRAME_START  payload u64 index of the item in the chunk
 *           FRAME_RESULT payload fs_result_encode() bytes
 */
#include "jobs/exec.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cblas.h>

extern char **environ;

enum { CHUNK_MAGIC = 0x46534348u /* "FSCH" */, CHUNK_VERSION = 1 };
enum { FRAME_START = 1, FRAME_RESULT = 2 };

struct chunk_header {
    uint32_t magic, version;
    struct fs_settings settings;
    uint64_t n;
};

struct fs_exec {
    char *exe;
    struct fs_settings settings;
    struct fs_exec_item *items;   /* queue; [done, len) not yet reported */
    size_t len, cap;
    size_t done;                  /* items before this were reported */
    size_t next;                  /* items before this were given to a child */
    pid_t pid;                    /* running child, or 0 */
    int fd;                       /* read end of the child's fd 3 */
    int started;                  /* the child sent START for items[done] */
    int draining;                 /* drop the rest after the running job */
    double started_at;            /* monotonic seconds of that START */
    unsigned char *buf;           /* unparsed bytes from the child */
    size_t buf_len, buf_cap;
};

/* The signals that ask a sweep to stop (mpi/runtime.h). */
static void stop_signal_set(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGUSR1);
}

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now_unix(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

fs_exec *fs_exec_create(const char *exe, const struct fs_settings *settings)
{
    fs_exec *x = fs_xcalloc(1, sizeof *x);
    x->exe = fs_xstrdup(exe);
    x->settings = *settings;
    x->fd = -1;
    return x;
}

static void kill_child(fs_exec *x)
{
    if (x->pid > 0) {
        kill(x->pid, SIGKILL);
        while (waitpid(x->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (x->fd >= 0)
        close(x->fd);
    x->pid = 0;
    x->fd = -1;
    x->buf_len = 0;
    x->started = 0;
}

void fs_exec_destroy(fs_exec **px)
{
    if (px == NULL || *px == NULL)
        return;
    fs_exec *x = *px;
    kill_child(x);
    free(x->exe);
    free(x->items);
    free(x->buf);
    free(x);
    *px = NULL;
}

void fs_exec_submit(fs_exec *x, const struct fs_exec_item *items, size_t n)
{
    if (x->done == x->len && x->pid == 0) {
        x->len = x->done = x->next = 0; /* queue drained: start over */
    }
    if (x->len + n > x->cap) {
        x->cap = 2 * (x->len + n);
        x->items = fs_xrealloc(x->items, x->cap * sizeof *x->items);
    }
    memcpy(x->items + x->len, items, n * sizeof *items);
    x->len += n;
}

size_t fs_exec_pending(const fs_exec *x)
{
    return x->len - x->done;
}

void fs_exec_cancel(fs_exec *x)
{
    kill_child(x);
    x->len = x->done = x->next = 0;
    x->draining = 0;
}

void fs_exec_drain(fs_exec *x)
{
    x->draining = 1;
    if (x->pid == 0 || !x->started)
        fs_exec_cancel(x);
}

/* Write all of buf to fd, retrying on EINTR and short writes. */
static int write_all(int fd, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* Start a child for items [next, len) and hand them over on its stdin. */
static int spawn_child(fs_exec *x, fs_err *e)
{
    int in[2], out[2];
    if (pipe(in) != 0)
        return fs_err_set(e, FS_EIO, "pipe: %s", strerror(errno));
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return fs_err_set(e, FS_EIO, "pipe: %s", strerror(errno));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 3);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    if (in[0] != 0)
        posix_spawn_file_actions_addclose(&fa, in[0]);
    if (out[1] != 3)
        posix_spawn_file_actions_addclose(&fa, out[1]);
    /* Its own process group: a Ctrl-C meant for the sweep reaches the
     * runner, which then stops the child itself (a job killed that way is
     * not a failed job). */
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);
    /* Born with the stop signals blocked: the child ignores them before it
     * unblocks them (fs_exec_child_main), so no window lets one kill it. */
    sigset_t stops;
    stop_signal_set(&stops);
    posix_spawnattr_setsigmask(&attr, &stops);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    char *argv[] = {x->exe, (char *)"__job-runner", NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, x->exe, &fa, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        close(in[1]);
        close(out[0]);
        return fs_err_set(e, FS_ECHILD, "cannot start job runner %s: %s",
                          x->exe, strerror(rc));
    }
    x->pid = pid;
    x->fd = out[0];
    x->started = 0;
    x->buf_len = 0;

    /* The child reads its whole input before it writes anything, so this
     * blocking write cannot deadlock. A child that dies early gives EPIPE,
     * which the caller sees as the child's death on the read side. */
    struct chunk_header h = {CHUNK_MAGIC, CHUNK_VERSION, x->settings,
                             (uint64_t)(x->len - x->next)};
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    if (write_all(in[1], &h, sizeof h) == 0)
        write_all(in[1], x->items + x->next, (x->len - x->next) * sizeof *x->items);
    signal(SIGPIPE, old);
    close(in[1]);
    x->next = x->len;
    return FS_OK;
}

static void report_failure(fs_exec *x, const char *reason, double wall,
                           fs_exec_result_fn fn, void *ctx)
{
    struct fs_exec_item *it = &x->items[x->done];
    struct fs_result r;
    fs_result_init(&r, it->job.id);
    r.status = FS_JOB_FAILED;
    r.attempts = it->attempt;
    r.wall_s = wall;
    r.finished_at = now_unix();
    snprintf(r.error, sizeof r.error, "%s", reason);
    fn(&r, ctx);
    x->done++;
}

/* The child is gone (exited, crashed or killed by us). Fail the job it was
 * running and give the rest of its items to the next child. */
static void child_gone(fs_exec *x, int wstatus, const char *why,
                       fs_exec_result_fn fn, void *ctx)
{
    double wall = x->started ? now_mono() - x->started_at : 0.0;
    size_t given_end = x->next;
    close(x->fd);
    x->fd = -1;
    x->pid = 0;
    x->buf_len = 0;
    if (x->done < given_end) {
        char reason[FS_ERROR_MAX];
        if (why != NULL)
            snprintf(reason, sizeof reason, "%s", why);
        else if (WIFSIGNALED(wstatus))
            snprintf(reason, sizeof reason, "killed by signal %d (%s)",
                     WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
        else
            snprintf(reason, sizeof reason, "job runner exited with status %d",
                     WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
        report_failure(x, reason, wall, fn, ctx);
    }
    x->started = 0;
    x->next = x->done; /* the unstarted rest goes to a new child */
}

/* Parse complete frames in x->buf. */
static void parse_frames(fs_exec *x, fs_exec_result_fn fn, void *ctx)
{
    size_t off = 0;
    while (x->buf_len - off >= 8) {
        uint32_t type, len;
        memcpy(&type, x->buf + off, 4);
        memcpy(&len, x->buf + off + 4, 4);
        if (x->buf_len - off - 8 < len)
            break;
        const unsigned char *payload = x->buf + off + 8;
        if (type == FRAME_START) {
            x->started = 1;
            x->started_at = now_mono();
        } else if (type == FRAME_RESULT && x->done < x->next) {
            struct fs_result r;
            size_t used;
            fs_err e = {0};
            if (fs_result_decode(payload, len, &r, &used, &e) == FS_OK) {
                r.attempts = x->items[x->done].attempt;
                fn(&r, ctx);
                fs_result_clear(&r);
                x->done++;
            } else {
                report_failure(x, "job runner sent a malformed result", 0.0, fn, ctx);
            }
            x->started = 0;
        }
        off += 8 + len;
    }
    memmove(x->buf, x->buf + off, x->buf_len - off);
    x->buf_len -= off;
}

static int read_child(fs_exec *x, fs_exec_result_fn fn, void *ctx)
{
    if (x->buf_cap - x->buf_len < 65536) {
        x->buf_cap = 2 * x->buf_cap + 65536;
        x->buf = fs_xrealloc(x->buf, x->buf_cap);
    }
    ssize_t r = read(x->fd, x->buf + x->buf_len, x->buf_cap - x->buf_len);
    if (r < 0 && (errno == EINTR || errno == EAGAIN))
        return 1;
    if (r <= 0)
        return 0; /* EOF: the child is done or dead */
    x->buf_len += (size_t)r;
    parse_frames(x, fn, ctx);
    return 1;
}

int fs_exec_step(fs_exec *x, int timeout_ms, fs_exec_result_fn fn, void *ctx,
                 fs_err *e)
{
    double limit = x->settings.time_limit_s;
    double until = timeout_ms < 0 ? -1.0 : now_mono() + 1e-3 * timeout_ms;
    size_t reported = x->done;
    for (;;) {
        if (x->pid == 0 && x->next < x->len) {
            int rc = spawn_child(x, e);
            if (rc != FS_OK)
                return rc;
        }
        if (x->pid == 0)
            return FS_OK; /* nothing to do */
        double now = now_mono();
        double wait_s = until < 0 ? 3600.0 : until - now;
        if (limit > 0 && x->started)
            wait_s = fmin(wait_s, x->started_at + limit - now);
        int ms = wait_s <= 0 ? 0 : (int)ceil(wait_s * 1e3);
        struct pollfd p = {x->fd, POLLIN, 0};
        int n = poll(&p, 1, ms);
        if (n > 0 && !read_child(x, fn, ctx)) {
            int ws = 0;
            while (waitpid(x->pid, &ws, 0) < 0 && errno == EINTR)
                ;
            child_gone(x, ws, NULL, fn, ctx);
        } else if (limit > 0 && x->started && now_mono() >= x->started_at + limit) {
            kill(x->pid, SIGKILL);
            while (waitpid(x->pid, NULL, 0) < 0 && errno == EINTR)
                ;
            char why[64];
            snprintf(why, sizeof why, "timeout after %g s", limit);
            child_gone(x, 0, why, fn, ctx);
        }
        if (x->draining && !x->started) {
            fs_exec_cancel(x);
            return FS_OK;
        }
        if (x->done > reported && timeout_ms < 0)
            return FS_OK;
        if (until >= 0 && now_mono() >= until)
            return FS_OK;
    }
}

/* ---- child side ---- */

/* Append one frame to a growing buffer. */
static void put_frame(unsigned char **buf, size_t *len, size_t *cap,
                      uint32_t type, const void *payload, uint32_t n)
{
    if (*len + 8 + n > *cap) {
        *cap = 2 * (*len + 8 + n);
        *buf = fs_xrealloc(*buf, *cap);
    }
    memcpy(*buf + *len, &type, 4);
    memcpy(*buf + *len + 4, &n, 4);
    memcpy(*buf + *len + 8, payload, n);
    *len += 8 + n;
}

static void run_one(const struct fs_exec_item *it, const struct fs_settings *s,
                    struct fs_result *r)
{
    fs_err e = {0};
    fs_result_init(r, it->job.id);
    r->attempts = it->attempt;
    double t0 = now_mono();
    const struct fs_learner *l = fs_learner_find(it->job.algo);
    int rc = l ? l->run(&it->job, s, r, &e)
               : fs_err_set(&e, FS_ECONFIG, "unknown algorithm '%s'", it->job.algo);
    r->wall_s = now_mono() - t0;
    r->finished_at = now_unix();
    r->status = FS_JOB_DONE;
    if (rc != FS_OK) {
        r->status = FS_JOB_FAILED;
        snprintf(r->error, sizeof r->error, "%.*s", (int)sizeof r->error - 1,
                 e.msg[0] ? e.msg : fs_status_str(rc));
        return;
    }
    for (int i = 0; i < r->n_metrics; i++) {
        if (!isfinite(r->metrics[i].value)) {
            r->status = FS_JOB_FAILED;
            snprintf(r->error, sizeof r->error, "non-finite metric '%s' (%g)",
                     r->metrics[i].name, r->metrics[i].value);
            return;
        }
    }
}

int fs_exec_child_main(int in_fd, int out_fd, fs_err *e)
{
    pid_t parent = getppid();
    struct chunk_header h;
    if (read_all(in_fd, &h, sizeof h) != 0 || h.magic != CHUNK_MAGIC ||
        h.version != CHUNK_VERSION)
        return fs_err_set(e, FS_EFORMAT, "job runner: bad chunk header on stdin");
    if (h.n > SIZE_MAX / sizeof(struct fs_exec_item))
        return fs_err_set(e, FS_EFORMAT, "job runner: bad chunk size");
    struct fs_exec_item *items = fs_xmalloc((size_t)h.n * sizeof *items);
    if (read_all(in_fd, items, (size_t)h.n * sizeof *items) != 0) {
        free(items);
        return fs_err_set(e, FS_EFORMAT, "job runner: truncated chunk on stdin");
    }
    /* The rank owns this process's lifetime (SIGKILL after its grace time).
     * Stop signals are meant for the rank: Slurm delivers a step's signals
     * to every process of the step (proctrack), not only to the ranks, and
     * a job killed by one would be recorded as failed. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGUSR1, SIG_IGN);
    sigset_t stops;
    stop_signal_set(&stops);
    sigprocmask(SIG_UNBLOCK, &stops, NULL);
    /* Die with the rank: a killed sweep must not leave jobs running. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
        free(items);
        return fs_err_set(e, FS_ECHILD, "job runner: parent died");
    }
    openblas_set_num_threads(1);
    if (h.settings.mem_limit_mb > 0) {
        rlim_t bytes = (rlim_t)(h.settings.mem_limit_mb * 1048576.0);
        struct rlimit rl = {bytes, bytes};
        setrlimit(RLIMIT_AS, &rl);
    }
    /* One write per job: the result of job i travels with the START of job
     * i + 1 (the parent times each job from its START frame). */
    int rc = FS_OK;
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    uint64_t first = 0;
    put_frame(&buf, &len, &cap, FRAME_START, &first, sizeof first);
    for (uint64_t i = 0; i < h.n && rc == FS_OK; i++) {
        if (write_all(out_fd, buf, len) != 0) {
            rc = fs_err_set(e, FS_EIO, "job runner: parent went away");
            break;
        }
        len = 0;
        struct fs_result r;
        run_one(&items[i], &h.settings, &r);
        size_t n = fs_result_encoded_size(&r);
        if (len + 8 + n > cap) {
            cap = 2 * (len + 8 + n) + 64;
            buf = fs_xrealloc(buf, cap);
        }
        uint32_t type = FRAME_RESULT, n32 = (uint32_t)n;
        memcpy(buf, &type, 4);
        memcpy(buf + 4, &n32, 4);
        fs_result_encode(&r, buf + 8);
        len = 8 + n;
        fs_result_clear(&r);
        uint64_t next = i + 1;
        if (next < h.n)
            put_frame(&buf, &len, &cap, FRAME_START, &next, sizeof next);
    }
    if (rc == FS_OK && len > 0 && write_all(out_fd, buf, len) != 0)
        rc = fs_err_set(e, FS_EIO, "job runner: parent went away");
    free(buf);
    free(items);
    return rc;
}
