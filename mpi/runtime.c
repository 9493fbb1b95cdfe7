/* mpi/runtime.c - fs_run: load, recover, run the event loop, consolidate.
 * See runtime.h for the contract and mpi/internal.h for the messages. */
#include "mpi/runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jobs/config.h"
#include "jobs/journal.h"
#include "jobs/store.h"
#include "mpi/internal.h"

void fs_run_opts_init(struct fs_run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->grace_s = 10.0;
    o->progress_every_s = 10.0;
    o->chunk_target_s = 0.25;
}

/* Everything rank 0 learns from the store before the loop starts. */
struct plan {
    int lock_fd;              /* holds STORE.lock while the run lasts */
    struct fs_store_recovery rec;
    int *status;              /* n_jobs */
    int *attempts;            /* n_jobs */
};

/* The same status on every rank: the most negative one wins. */
static int agree(MPI_Comm comm, int rc)
{
    int all;
    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MIN, comm);
    return all;
}

/* Find results in the store that belong to no job of this config. */
static int check_orphans(const struct plan *p, const fs_sweep *sw,
                         const struct fs_run_opts *o, fs_err *e)
{
    size_t n = fs_store_results_count(p->rec.results), orphans = 0;
    const struct fs_result *first = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct fs_result *r = fs_store_results_at(p->rec.results, i);
        if (fs_sweep_find_job(sw, r->job_id) == NULL) {
            orphans++;
            if (first == NULL)
                first = r;
        }
    }
    if (orphans == 0 || o->force)
        return FS_OK;
    const char *key = NULL;
    if (p->rec.store) {
        long row = fs_store_data_find(p->rec.store, first->job_id);
        if (row >= 0)
            key = p->rec.store->jobs[row].key;
    }
    char idtext[32];
    snprintf(idtext, sizeof idtext, "id %016" PRIx64, first->job_id);
    return fs_err_set(e, FS_ECONFLICT,
                      "%s holds %zu result(s) of jobs that %s does not define "
                      "(e.g. '%s'); use another output file, or --force to drop them",
                      o->store_path, orphans, o->config_path, key ? key : idtext);
}

static int check_settings(const struct plan *p, const fs_sweep *sw,
                          const struct fs_run_opts *o, fs_err *e)
{
    if (p->rec.store == NULL)
        return FS_OK;
    const char *stored = p->rec.store->meta.settings ? p->rec.store->meta.settings : "";
    const char *now = fs_sweep_settings_text(sw);
    if (strcmp(stored, now) == 0)
        return FS_OK;
    char diff[512];
    fs_sweep_diff_settings(stored, now, diff, sizeof diff);
    return fs_err_set(e, FS_ECONFLICT,
                      "%s was made with other shared settings than %s (%s); "
                      "resume only adds conditions or seeds: use another output file",
                      o->store_path, o->config_path, diff);
}

/* Take an exclusive POSIX lock on "<store>.lock": two runs appending to one
 * journal would interleave their records. The lock goes with the process. */
static int lock_store(struct plan *p, const char *store, fs_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.lock", store);
    p->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (p->lock_fd < 0)
        return fs_err_set(e, FS_EIO, "%s: %s", path, strerror(errno));
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (fcntl(p->lock_fd, F_SETLK, &fl) != 0)
        return fs_err_set(e, FS_ECONFLICT,
                          "%s is in use by another fairsweep run (%s is locked)",
                          store, path);
    return FS_OK;
}

/* Rank 0: recover the store and journal, check they fit the config, and
 * derive each job's prior status. */
static int plan_prepare(struct plan *p, const fs_sweep *sw,
                        const struct fs_run_opts *o, fs_err *e)
{
    size_t n;
    const struct fs_job *jobs = fs_sweep_jobs(sw, &n);
    p->status = fs_xcalloc(n ? n : 1, sizeof *p->status);
    p->attempts = fs_xcalloc(n ? n : 1, sizeof *p->attempts);
    int rc = lock_store(p, o->store_path, e);
    if (rc == FS_OK)
        rc = fs_store_recover(o->store_path, &p->rec, e);
    if (rc == FS_OK)
        rc = check_settings(p, sw, o, e);
    if (rc == FS_OK)
        rc = check_orphans(p, sw, o, e);
    if (rc != FS_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct fs_result *r = fs_store_results_find(p->rec.results, jobs[i].id);
        p->status[i] = r ? r->status : FS_JOB_PENDING;
        p->attempts[i] = r ? r->attempts : 0;
    }
    return FS_OK;
}

static void plan_clear(struct plan *p)
{
    if (p->lock_fd > 0)
        close(p->lock_fd);
    p->lock_fd = -1;
    fs_store_recovery_clear(&p->rec);
    free(p->status);
    free(p->attempts);
}

/* Collective: write the store from the rows each rank holds. */
static int consolidate(MPI_Comm comm, const struct fs_run_opts *o,
                       const fs_sweep *sw, const struct plan *p,
                       const struct worker *w, const int *owner, fs_err *e)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    size_t n;
    const struct fs_job *jobs = fs_sweep_jobs(sw, &n);
    struct fs_store_row *rows = fs_xmalloc((n ? n : 1) * sizeof *rows);
    size_t n_rows = 0;
    for (size_t i = 0; i < n; i++) {
        const struct fs_result *r = worker_row(w, i);
        if (owner[i] == rank && r != NULL)
            rows[n_rows++] = (struct fs_store_row){i, r};
    }
    const char *old_ids = rank == 0 && p->rec.store ? p->rec.store->meta.slurm_job_ids : "";
    const char *slurm = getenv("SLURM_JOB_ID");
    char *ids = slurm && *slurm ? fs_store_slurm_ids_add(old_ids, slurm)
                                : fs_xstrdup(old_ids ? old_ids : "");
    struct fs_store_meta meta = {
        .config_text = fs_sweep_text(sw, NULL),
        .config_hash = fs_sweep_settings_hash(sw),
        .settings = fs_sweep_settings_text(sw),
        .sweep_name = fs_sweep_settings(sw)->name,
        .slurm_job_ids = ids,
    };
    int rc = fs_store_write(comm, o->store_path, &meta, jobs, n, rows, n_rows, e);
    free(ids);
    free(rows);
    return rc;
}

static void fatal(MPI_Comm comm, const fs_err *e)
{
    fprintf(stderr, "fairsweep: %s\n", e->msg);
    MPI_Abort(comm, 1);
}

/* The event loop: rank 0 turns the master and its own worker; other ranks
 * their worker. Returns when every worker is done. */
static void event_loop(MPI_Comm comm, struct master *m, struct worker *w)
{
    int worker_done = 0, master_done = m == NULL;
    fs_err e = {0};
    while (!worker_done || !master_done) {
        if (!master_done) {
            int r = master_step(m, &e);
            if (r < 0)
                fatal(comm, &e);
            master_done = r == 1;
        }
        if (!worker_done) {
            int r = worker_step(w, m ? 2 : 5, &e);
            if (r < 0)
                fatal(comm, &e);
            worker_done = r == 1;
        } else if (!master_done) {
            struct timespec ts = {0, 2000000};
            nanosleep(&ts, NULL);
        }
    }
}

int fs_run(MPI_Comm comm, const struct fs_run_opts *o,
           struct fs_run_summary *sum, fs_err *e)
{
    double t0 = mono_now();
    int rank;
    MPI_Comm_rank(comm, &rank);
    memset(sum, 0, sizeof *sum);

    fs_sweep *sw = NULL;
    int rc = agree(comm, fs_sweep_load(o->config_path, &sw, e));
    struct plan p = {0};
    if (rc == FS_OK && rank == 0)
        rc = plan_prepare(&p, sw, o, e);
    rc = agree(comm, rc);
    if (rc != FS_OK) {
        if (rank == 0)
            plan_clear(&p);
        fs_sweep_destroy(&sw);
        return rc;
    }
    size_t n;
    const struct fs_job *jobs = fs_sweep_jobs(sw, &n);
    const struct fs_settings *settings = fs_sweep_settings(sw);
    MPI_Comm up, down;
    MPI_Comm_dup(comm, &up);
    MPI_Comm_dup(comm, &down);
    struct worker *w = worker_create(up, down, jobs, n, settings, o->grace_s);
    int *owner = fs_xmalloc((n ? n : 1) * sizeof *owner);

    /* A new store is written at once (all jobs pending), so that the shared
     * settings are on disk before the first result is journaled. */
    int fresh = rank == 0 && p.rec.store == NULL;
    MPI_Bcast(&fresh, 1, MPI_INT, 0, comm);
    if (fresh) {
        for (size_t i = 0; i < n; i++)
            owner[i] = -1;
        rc = agree(comm, consolidate(comm, o, sw, &p, w, owner, e));
    }

    struct master *m = NULL;
    fs_journal *journal = NULL;
    if (rc == FS_OK && rank == 0) {
        char *jpath = fs_journal_path(o->store_path);
        rc = fs_journal_open(jpath, &journal, NULL, e);
        free(jpath);
        for (size_t i = 0; i < n && rc == FS_OK; i++) {
            const struct fs_result *r = fs_store_results_find(p.rec.results, jobs[i].id);
            if (r)
                worker_adopt(w, i, r);
        }
        struct master_init mi = {
            .up = up, .down = down, .jobs = jobs, .n_jobs = n,
            .prior_status = p.status, .prior_attempts = p.attempts,
            .retry_failed = o->retry_failed,
            .max_attempts = o->max_attempts ? o->max_attempts : settings->max_attempts,
            .chunk_target_s = o->chunk_target_s, .quiet = o->quiet,
            .progress_every_s = o->progress_every_s, .journal = journal,
        };
        if (rc == FS_OK)
            m = master_create(&mi);
    }
    rc = agree(comm, rc);
    if (rc == FS_OK) {
        event_loop(comm, m, w);
        if (rank == 0)
            memcpy(owner, master_owners(m), n * sizeof *owner);
        MPI_Bcast(owner, (int)n, MPI_INT, 0, comm);
        rc = agree(comm, consolidate(comm, o, sw, &p, w, owner, e));
    }
    if (rank == 0) {
        fs_journal_close(&journal);
        if (rc == FS_OK) {
            char *jpath = fs_journal_path(o->store_path);
            rc = fs_journal_truncate(jpath, e);
            free(jpath);
        }
        if (m)
            master_summary(m, sum);
        sum->wall_s = mono_now() - t0;
    }
    rc = agree(comm, rc);
    MPI_Bcast(sum, (int)sizeof *sum, MPI_BYTE, 0, comm);
    if (rc == FS_OK && sum->interrupted && sum->pending > 0)
        rc = FS_EINTERRUPTED;

    master_destroy(&m);
    worker_destroy(&w);
    free(owner);
    if (rank == 0)
        plan_clear(&p);
    MPI_Comm_free(&up);
    MPI_Comm_free(&down);
    fs_sweep_destroy(&sw);
    return rc;
}
