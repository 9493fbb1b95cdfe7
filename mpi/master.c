/* mpi/master.c - the dispatcher on rank 0: hands out chunks of job rows,
 * journals every result, retries failures up to max_attempts, reports
 * progress, and ends the sweep when every worker has said DONE. */
#include "mpi/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobs/journal.h"

enum { CHUNK_MAX = 65536 };

struct master {
    MPI_Comm up, down;        /* from the workers, to the workers */
    int size;
    const struct fs_job *jobs;
    size_t n_jobs;
    int *status;              /* n_jobs, enum fs_job_status */
    int *attempts;            /* n_jobs, attempts over all runs */
    int *tries;               /* n_jobs, attempts in this run */
    int *owner;               /* n_jobs, rank holding the final result */
    size_t *todo;             /* queue of rows to hand out */
    size_t todo_head, todo_len, todo_cap;
    size_t in_flight;         /* handed out, no result yet */
    int max_attempts;
    double chunk_target_s;
    double ema_s;             /* smoothed job wall time; 0 = none yet */
    int *waiting;             /* ranks whose request is unanswered */
    int n_waiting;
    int n_done_ranks;
    int stopping;             /* a stop signal arrived somewhere */
    fs_journal *journal;
    double last_sync;
    struct sends sends;
    /* progress */
    int quiet, tty;
    double t0, last_print, progress_every_s;
    size_t goal;              /* jobs this run set out to finish */
    size_t finished, ok, failed;
};

static void todo_push(struct master *m, size_t index)
{
    if (m->todo_len == m->todo_cap) {
        m->todo_cap = m->todo_cap ? 2 * m->todo_cap : 64;
        m->todo = fs_xrealloc(m->todo, m->todo_cap * sizeof *m->todo);
    }
    m->todo[m->todo_len++] = index;
}

struct master *master_create(const struct master_init *in)
{
    struct master *m = fs_xcalloc(1, sizeof *m);
    size_t n = in->n_jobs ? in->n_jobs : 1;
    m->up = in->up;
    m->down = in->down;
    MPI_Comm_size(in->up, &m->size);
    m->jobs = in->jobs;
    m->n_jobs = in->n_jobs;
    m->status = fs_xcalloc(n, sizeof *m->status);
    m->attempts = fs_xcalloc(n, sizeof *m->attempts);
    m->tries = fs_xcalloc(n, sizeof *m->tries);
    m->owner = fs_xcalloc(n, sizeof *m->owner);
    m->waiting = fs_xcalloc((size_t)m->size, sizeof *m->waiting);
    m->max_attempts = in->max_attempts > 0 ? in->max_attempts : 1;
    m->chunk_target_s = in->chunk_target_s > 0 ? in->chunk_target_s : 0.25;
    m->journal = in->journal;
    m->quiet = in->quiet;
    m->tty = isatty(STDERR_FILENO);
    m->progress_every_s = in->progress_every_s;
    m->t0 = m->last_print = m->last_sync = mono_now();
    for (size_t i = 0; i < in->n_jobs; i++) {
        m->status[i] = in->prior_status[i];
        m->attempts[i] = in->prior_attempts[i];
        m->owner[i] = m->status[i] == FS_JOB_PENDING ? -1 : 0;
        if (m->status[i] == FS_JOB_PENDING ||
            (m->status[i] == FS_JOB_FAILED && in->retry_failed))
            todo_push(m, i);
    }
    m->goal = m->todo_len;
    return m;
}

void master_destroy(struct master **pm)
{
    if (pm == NULL || *pm == NULL)
        return;
    struct master *m = *pm;
    sends_free(&m->sends);
    free(m->status);
    free(m->attempts);
    free(m->tries);
    free(m->owner);
    free(m->todo);
    free(m->waiting);
    free(m);
    *pm = NULL;
}

const int *master_owners(const struct master *m)
{
    return m->owner;
}

void master_summary(const struct master *m, struct fs_run_summary *sum)
{
    sum->jobs = m->n_jobs;
    sum->done = sum->failed = sum->pending = 0;
    for (size_t i = 0; i < m->n_jobs; i++) {
        if (m->status[i] == FS_JOB_DONE)
            sum->done++;
        else if (m->status[i] == FS_JOB_FAILED)
            sum->failed++;
        else
            sum->pending++;
    }
    sum->ran = m->finished;
    sum->interrupted = m->stopping;
}

static size_t chunk_size(const struct master *m)
{
    size_t left = m->todo_len - m->todo_head;
    if (m->ema_s <= 0)
        return 1; /* measure first */
    /* Aim for chunk_target_s of work per chunk; near the end, split what is
     * left so that every rank gets a share, but never below a twentieth of
     * the target: each chunk costs a process start (milliseconds), which
     * must stay small next to the work it carries. */
    double per_job = m->ema_s;
    double most = fmin(m->chunk_target_s / per_job, (double)CHUNK_MAX);
    double least = fmax(1.0, fmin(most, 0.05 * m->chunk_target_s / per_job));
    double n = fmin(fmax((double)left / (2.0 * m->size), least), most);
    size_t k = n < 1.0 ? 1 : (size_t)n;
    return k < left ? k : left;
}

static void send_chunk(struct master *m, int rank)
{
    size_t n = chunk_size(m);
    struct chunk_item *items = fs_xmalloc((n ? n : 1) * sizeof *items);
    for (size_t i = 0; i < n; i++) {
        size_t row = m->todo[m->todo_head++];
        items[i].index = (uint32_t)row;
        items[i].attempt = m->attempts[row] + 1;
    }
    m->in_flight += n;
    sends_post(&m->sends, items, (int)(n * sizeof *items), rank, TAG_CHUNK, m->down);
}

/* Answer the waiting requests that can be answered now. */
static void dispatch(struct master *m)
{
    int k = 0;
    for (int i = 0; i < m->n_waiting; i++) {
        int rank = m->waiting[i];
        if (!m->stopping && m->todo_head < m->todo_len)
            send_chunk(m, rank);
        else if (m->stopping || m->in_flight == 0)
            sends_post(&m->sends, NULL, 0, rank, TAG_CHUNK, m->down); /* STOP */
        else
            m->waiting[k++] = rank; /* a retry may still come */
    }
    m->n_waiting = k;
}

static void start_stopping(struct master *m)
{
    if (m->stopping)
        return;
    m->stopping = 1;
    for (int r = 0; r < m->size; r++)
        sends_post(&m->sends, NULL, 0, r, TAG_CANCEL, m->down);
}

static int take_result(struct master *m, size_t row, const struct fs_result *r,
                       fs_err *e)
{
    if (row >= m->n_jobs || m->jobs[row].id != r->job_id)
        return fs_err_set(e, FS_EINTERNAL, "result for unknown job row %zu", row);
    int rc = fs_journal_append(m->journal, r, e);
    if (rc != FS_OK)
        return rc;
    m->in_flight--;
    m->finished++;
    m->attempts[row] = r->attempts;
    m->tries[row]++;
    m->owner[row] = r->rank;
    m->status[row] = r->status;
    m->ema_s = m->ema_s > 0 ? 0.9 * m->ema_s + 0.1 * r->wall_s : r->wall_s;
    if (m->ema_s <= 0)
        m->ema_s = 1e-6;
    if (r->status == FS_JOB_DONE) {
        m->ok++;
    } else if (m->tries[row] < m->max_attempts && !m->stopping) {
        todo_push(m, row);   /* automatic retry */
        m->goal++;
    } else {
        m->failed++;
    }
    return FS_OK;
}

static int receive_results(struct master *m, int source, int bytes, fs_err *e)
{
    unsigned char *buf = fs_xmalloc(bytes ? (size_t)bytes : 1);
    MPI_Recv(buf, bytes, MPI_BYTE, source, TAG_RESULTS, m->up, MPI_STATUS_IGNORE);
    size_t off = 0;
    int rc = FS_OK;
    while (rc == FS_OK && off + 8 <= (size_t)bytes) {
        uint32_t head[2];
        memcpy(head, buf + off, 8);
        struct fs_result r;
        size_t used;
        rc = fs_result_decode(buf + off + 8, head[1], &r, &used, e);
        if (rc == FS_OK) {
            rc = take_result(m, head[0], &r, e);
            fs_result_clear(&r);
        }
        off += 8 + head[1];
    }
    free(buf);
    return rc;
}

static void print_progress(struct master *m, int final)
{
    if (m->quiet)
        return;
    double now = mono_now();
    double every = m->tty ? 0.2 : m->progress_every_s;
    if (!final && now - m->last_print < every)
        return;
    m->last_print = now;
    double el = now - m->t0;
    double rate = el > 0 ? (double)m->finished / el : 0.0;
    size_t left = m->goal > m->ok + m->failed ? m->goal - m->ok - m->failed : 0;
    double eta = rate > 0 ? (double)left / rate : 0.0;
    fprintf(stderr, "%s%zu/%zu done, %zu failed, %.1f jobs/s, ETA %02d:%02d:%02d%s",
            m->tty ? "\r" : "", m->ok, m->goal, m->failed, rate,
            (int)(eta / 3600), (int)fmod(eta / 60, 60), (int)fmod(eta, 60),
            m->tty && !final ? "   " : "\n");
    fflush(stderr);
}

int master_step(struct master *m, fs_err *e)
{
    if (stop_requested())
        start_stopping(m);
    int flag = 1;
    while (flag) {
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, m->up, &flag, &st);
        if (!flag)
            break;
        int src = st.MPI_SOURCE, bytes;
        MPI_Get_count(&st, MPI_BYTE, &bytes);
        switch (st.MPI_TAG) {
        case TAG_REQUEST:
            MPI_Recv(NULL, 0, MPI_BYTE, src, TAG_REQUEST, m->up, MPI_STATUS_IGNORE);
            m->waiting[m->n_waiting++] = src;
            break;
        case TAG_RESULTS: {
            int rc = receive_results(m, src, bytes, e);
            if (rc != FS_OK)
                return rc;
            break;
        }
        case TAG_STOPPING:
            MPI_Recv(NULL, 0, MPI_BYTE, src, TAG_STOPPING, m->up, MPI_STATUS_IGNORE);
            start_stopping(m);
            break;
        case TAG_DONE:
            MPI_Recv(NULL, 0, MPI_BYTE, src, TAG_DONE, m->up, MPI_STATUS_IGNORE);
            m->n_done_ranks++;
            break;
        default:
            return fs_err_set(e, FS_EINTERNAL, "unexpected message tag %d from rank %d",
                              st.MPI_TAG, src);
        }
    }
    dispatch(m);
    sends_test(&m->sends);
    double now = mono_now();
    if (now - m->last_sync > 1.0) {
        int rc = fs_journal_sync(m->journal, e);
        if (rc != FS_OK)
            return rc;
        m->last_sync = now;
    }
    print_progress(m, 0);
    if (m->n_done_ranks == m->size) {
        print_progress(m, 1);
        return fs_journal_sync(m->journal, e) == FS_OK ? 1 : e->status;
    }
    return 0;
}
