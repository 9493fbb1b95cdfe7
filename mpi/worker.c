/* mpi/worker.c - the worker half of every rank: ask for chunks, run them in
 * a child process, stream results to the master, keep the final ones for
 * the collective store write. */
#include "mpi/internal.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct id_index {
    uint64_t id;
    size_t index;
};

static int cmp_id(const void *a, const void *b)
{
    uint64_t x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;
    return x < y ? -1 : x > y;
}

struct worker {
    MPI_Comm up, down;        /* to the master, from the master */
    int rank;
    const struct fs_job *jobs;
    size_t n_jobs;
    fs_exec *exec;
    struct fs_result **rows;   /* n_jobs; latest result this rank holds */
    struct id_index *by_id;    /* n_jobs, sorted by id */
    char host[FS_HOST_MAX];
    size_t last_chunk;         /* size of the last chunk received */
    int requested;             /* a TAG_REQUEST is unanswered */
    int stopped;               /* master sent STOP or CANCEL */
    int told_stopping;         /* we sent TAG_STOPPING */
    int sent_done;
    double grace_s, cancel_at; /* kill the running job at cancel_at */
    unsigned char *out;        /* results not yet sent */
    size_t out_len, out_cap;
    double last_flush;
    struct sends sends;
};

struct worker *worker_create(MPI_Comm up, MPI_Comm down,
                             const struct fs_job *jobs,
                             size_t n_jobs, const struct fs_settings *s,
                             double grace_s)
{
    struct worker *w = fs_xcalloc(1, sizeof *w);
    w->up = up;
    w->down = down;
    MPI_Comm_rank(up, &w->rank);
    w->jobs = jobs;
    w->n_jobs = n_jobs;
    w->exec = fs_exec_create("/proc/self/exe", s);
    w->rows = fs_xcalloc(n_jobs ? n_jobs : 1, sizeof *w->rows);
    w->by_id = fs_xmalloc((n_jobs ? n_jobs : 1) * sizeof *w->by_id);
    for (size_t i = 0; i < n_jobs; i++)
        w->by_id[i] = (struct id_index){jobs[i].id, i};
    qsort(w->by_id, n_jobs, sizeof *w->by_id, cmp_id);
    if (gethostname(w->host, sizeof w->host) != 0)
        strcpy(w->host, "unknown");
    w->host[sizeof w->host - 1] = '\0';
    w->grace_s = grace_s;
    w->last_flush = mono_now();
    return w;
}

void worker_destroy(struct worker **pw)
{
    if (pw == NULL || *pw == NULL)
        return;
    struct worker *w = *pw;
    fs_exec_destroy(&w->exec);
    for (size_t i = 0; i < w->n_jobs; i++) {
        if (w->rows[i]) {
            fs_result_clear(w->rows[i]);
            free(w->rows[i]);
        }
    }
    free(w->rows);
    free(w->by_id);
    free(w->out);
    sends_free(&w->sends);
    free(w);
    *pw = NULL;
}

static void keep_row(struct worker *w, size_t index, const struct fs_result *r)
{
    if (w->rows[index] == NULL)
        w->rows[index] = fs_xmalloc(sizeof *w->rows[index]);
    else
        fs_result_clear(w->rows[index]);
    fs_result_copy(w->rows[index], r);
}

void worker_adopt(struct worker *w, size_t index, const struct fs_result *r)
{
    keep_row(w, index, r);
}

const struct fs_result *worker_row(const struct worker *w, size_t index)
{
    return index < w->n_jobs ? w->rows[index] : NULL;
}

static size_t index_of(const struct worker *w, uint64_t id)
{
    struct id_index key = {id, 0};
    const struct id_index *hit =
        bsearch(&key, w->by_id, w->n_jobs, sizeof *w->by_id, cmp_id);
    return hit ? hit->index : (size_t)-1;
}

struct result_ctx {
    struct worker *w;
};

static void on_result(const struct fs_result *r0, void *ctx)
{
    struct worker *w = ((struct result_ctx *)ctx)->w;
    /* A job killed because we are stopping is not a failed job: it stays
     * pending and runs again on resume. */
    if (w->stopped && r0->status == FS_JOB_FAILED)
        return;
    size_t index = index_of(w, r0->job_id);
    if (index == (size_t)-1)
        return;
    struct fs_result r = *r0;
    r.rank = w->rank;
    memcpy(r.host, w->host, sizeof r.host);
    keep_row(w, index, &r);
    size_t need = 8 + fs_result_encoded_size(&r);
    if (w->out_len + need > w->out_cap) {
        w->out_cap = 2 * (w->out_len + need);
        w->out = fs_xrealloc(w->out, w->out_cap);
    }
    uint32_t head[2] = {(uint32_t)index, (uint32_t)(need - 8)};
    memcpy(w->out + w->out_len, head, 8);
    fs_result_encode(&r, w->out + w->out_len + 8);
    w->out_len += need;
}

static void flush_results(struct worker *w)
{
    if (w->out_len == 0)
        return;
    sends_post(&w->sends, w->out, (int)w->out_len, 0, TAG_RESULTS, w->up);
    w->out = NULL;
    w->out_len = w->out_cap = 0;
    w->last_flush = mono_now();
}

static void receive_orders(struct worker *w)
{
    int flag = 1;
    while (flag) {
        MPI_Status st;
        MPI_Iprobe(0, MPI_ANY_TAG, w->down, &flag, &st);
        if (!flag)
            return;
        if (st.MPI_TAG == TAG_CANCEL) {
            MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_CANCEL, w->down, MPI_STATUS_IGNORE);
            if (!w->stopped || w->cancel_at == 0) {
                w->stopped = 1;
                w->cancel_at = mono_now() + w->grace_s;
                fs_exec_drain(w->exec);
            }
            continue;
        }
        int bytes;
        MPI_Get_count(&st, MPI_BYTE, &bytes);
        size_t n = (size_t)bytes / sizeof(struct chunk_item);
        struct chunk_item *items = fs_xmalloc(n ? (size_t)bytes : 1);
        MPI_Recv(items, bytes, MPI_BYTE, 0, TAG_CHUNK, w->down, MPI_STATUS_IGNORE);
        w->requested = 0;
        if (n == 0) {
            w->stopped = 1;
        } else if (!w->stopped) {
            struct fs_exec_item *ex = fs_xmalloc(n * sizeof *ex);
            for (size_t i = 0; i < n; i++) {
                ex[i].job = w->jobs[items[i].index];
                ex[i].attempt = items[i].attempt;
            }
            fs_exec_submit(w->exec, ex, n);
            free(ex);
            w->last_chunk = n;
        }
        free(items);
    }
}

int worker_step(struct worker *w, int timeout_ms, fs_err *e)
{
    if (w->sent_done)
        return 1;
    if (stop_requested() && !w->told_stopping) {
        w->told_stopping = 1;
        sends_post(&w->sends, NULL, 0, 0, TAG_STOPPING, w->up);
    }
    receive_orders(w);
    /* Keep one request in flight so the next chunk is there in time. */
    size_t pending = fs_exec_pending(w->exec);
    if (!w->stopped && !w->requested && pending <= w->last_chunk / 4) {
        w->requested = 1;
        sends_post(&w->sends, NULL, 0, 0, TAG_REQUEST, w->up);
    }
    if (w->stopped && w->cancel_at > 0 && mono_now() > w->cancel_at)
        fs_exec_cancel(w->exec);
    struct result_ctx ctx = {w};
    if (pending > 0) {
        int rc = fs_exec_step(w->exec, timeout_ms, on_result, &ctx, e);
        if (rc != FS_OK)
            return rc;
    } else {
        poll(NULL, 0, timeout_ms);
    }
    if (w->out_len > 0 && (fs_exec_pending(w->exec) == 0 || w->out_len > (1u << 18) ||
                           mono_now() - w->last_flush > 0.05))
        flush_results(w);
    sends_test(&w->sends);
    /* DONE only once the last request was answered: nothing of ours may be
     * left unreceived when the ranks move on to the store write. */
    if (w->stopped && !w->requested && fs_exec_pending(w->exec) == 0 &&
        w->out_len == 0) {
        sends_post(&w->sends, NULL, 0, 0, TAG_DONE, w->up);
        w->sent_done = 1;
        return 1;
    }
    return 0;
}
