/* jobs/store.c - collective write of the whole store with parallel HDF5,
 * then atomic rename. See store.h.
 *
 * Order of work (every rank, same calls in the same order):
 *   1. check the local rows; agree on success (one Allreduce);
 *   2. agree on metric names and curve names/widths (Allgatherv);
 *   3. create <path>.tmp with the MPI-IO driver, attributes, datasets
 *      (contiguous, allocated at creation, NaN fill for metrics/curves);
 *   4. write rows in batches with collective transfers; ranks with fewer
 *      batches still take part with empty selections;
 *   5. close; rank 0 fsyncs, renames and fsyncs the directory; agree.
 * Rank 0 also writes the jobs-table rows nobody holds (pending).
 */
#include "jobs/store.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jobs/store_schema.h"
#include "jobs/store_parallel.h"

/* ---- step 2: names ---- */

/* Local metric and curve names (curves with their longest length). */
static void local_names(const struct fs_store_row *rows, size_t n_rows,
                        struct fs_store_names *metrics,
                        struct fs_store_names *curves)
{
    for (size_t i = 0; i < n_rows; i++) {
        const struct fs_result *r = rows[i].r;
        for (int m = 0; m < r->n_metrics; m++)
            fs_store_names_add(metrics, r->metrics[m].name, 0);
        for (int c = 0; c < r->n_curves; c++)
            fs_store_names_add(curves, r->curves[c].name, r->curves[c].n);
    }
}

/* ---- step 1: checks ---- */

static int check_rows(MPI_Comm comm, const struct fs_job *jobs, size_t n_jobs,
                      const struct fs_store_row *rows, size_t n_rows,
                      int **owner_count, fs_err *e)
{
    int rc = FS_OK;
    if (n_jobs > (size_t)INT32_MAX)
        return fs_err_set(e, FS_EINTERNAL, "store: too many jobs (%zu)", n_jobs);
    int *count = fs_xcalloc(n_jobs ? n_jobs : 1, sizeof *count);
    for (size_t i = 0; i < n_rows && rc == FS_OK; i++) {
        const struct fs_store_row *row = &rows[i];
        if (row->r == NULL || row->index >= n_jobs)
            rc = fs_err_set(e, FS_EINTERNAL, "store: row %zu has index %zu of %zu jobs",
                            i, row->index, n_jobs);
        else if (row->r->job_id != jobs[row->index].id)
            rc = fs_err_set(e, FS_EINTERNAL,
                            "store: result for job %016llx given as row %zu (%s)",
                            (unsigned long long)row->r->job_id, row->index,
                            jobs[row->index].key);
        else
            count[row->index]++;
    }
    rc = fs_store_agree(comm, rc, e);
    if (rc == FS_OK && n_jobs > 0 &&
        MPI_Allreduce(MPI_IN_PLACE, count, (int)n_jobs, MPI_INT, MPI_SUM, comm) !=
            MPI_SUCCESS)
        rc = fs_err_set(e, FS_EMPI, "store: MPI_Allreduce failed");
    for (size_t i = 0; i < n_jobs && rc == FS_OK; i++)
        if (count[i] > 1)
            rc = fs_err_set(e, FS_EINTERNAL, "store: job %s given by %d ranks",
                            jobs[i].key, count[i]);
    rc = fs_store_agree(comm, rc, e);
    if (rc == FS_OK)
        rc = fs_store_same_jobs(comm, jobs, n_jobs, e);
    if (rc != FS_OK) {
        free(count);
        return rc;
    }
    *owner_count = count;
    return FS_OK;
}

/* ---- step 4: row writers (one batch each) ---- */

struct write_ctx {
    MPI_Comm comm;
    hid_t file, dxpl;
    const struct fs_job *jobs;
    const struct fs_store_row *rows;   /* this rank's, sorted by index */
    size_t n_rows;
    const size_t *pending;             /* rank 0: rows nobody holds */
    size_t n_pending;
    int rank;
};

static int write_jobs_table(const struct write_ctx *w, fs_err *e)
{
    size_t n_mine = w->n_rows + w->n_pending;
    hid_t t = fs_store_rec_type(0);
    hid_t d = H5Dopen2(w->file, "jobs", H5P_DEFAULT);
    int rc = (t < 0 || d < 0) ? fs_err_set(e, FS_EHDF5, "cannot open /jobs") : FS_OK;
    size_t batch = fs_store_batch_rows(sizeof(struct fs_store_rec));
    struct fs_store_rec *recs = fs_xmalloc(batch * sizeof *recs);
    size_t *idx = fs_xmalloc(batch * sizeof *idx);
    size_t n_batches = fs_store_batches(w->comm, n_mine, batch);
    for (size_t b = 0; b < n_batches; b++) {
        size_t lo = b * batch, k = 0;
        for (size_t i = lo; i < n_mine && k < batch; i++, k++) {
            if (i < w->n_rows) {
                idx[k] = w->rows[i].index;
                fs_store_rec_fill(&recs[k], &w->jobs[idx[k]], w->rows[i].r);
            } else {
                idx[k] = w->pending[i - w->n_rows];
                fs_store_rec_fill(&recs[k], &w->jobs[idx[k]], NULL);
            }
        }
        if (fs_store_write_rows(d, t, w->dxpl, 0, idx, k, recs) < 0 && rc == FS_OK)
            rc = fs_err_set(e, FS_EHDF5, "cannot write /jobs rows");
    }
    free(idx);
    free(recs);
    if (d >= 0)
        H5Dclose(d);
    if (t >= 0)
        H5Tclose(t);
    return rc;
}

static double metric_of(const struct fs_result *r, const char *name)
{
    for (int m = 0; m < r->n_metrics; m++)
        if (strcmp(r->metrics[m].name, name) == 0)
            return r->metrics[m].value;
    return NAN;
}

static const struct fs_curve *curve_of(const struct fs_result *r, const char *name)
{
    for (int c = 0; c < r->n_curves; c++)
        if (strcmp(r->curves[c].name, name) == 0)
            return &r->curves[c];
    return NULL;
}

/* One metric (width 0) or curve (width > 0) dataset. */
static int write_values(const struct write_ctx *w, const char *dset_path,
                        const char *name, size_t width, fs_err *e)
{
    size_t cols = width ? width : 1;
    hid_t d = H5Dopen2(w->file, dset_path, H5P_DEFAULT);
    int rc = d < 0 ? fs_err_set(e, FS_EHDF5, "cannot open %s", dset_path) : FS_OK;
    size_t batch = fs_store_batch_rows(cols * sizeof(double));
    double *vals = fs_xmalloc(batch * cols * sizeof *vals);
    size_t *idx = fs_xmalloc(batch * sizeof *idx);
    size_t n_batches = fs_store_batches(w->comm, w->n_rows, batch);
    for (size_t b = 0; b < n_batches; b++) {
        size_t k = 0;
        for (size_t i = b * batch; i < w->n_rows && k < batch; i++, k++) {
            const struct fs_result *r = w->rows[i].r;
            double *v = vals + k * cols;
            idx[k] = w->rows[i].index;
            if (width == 0) {
                v[0] = metric_of(r, name);
                continue;
            }
            const struct fs_curve *c = curve_of(r, name);
            size_t n = c ? (size_t)c->n : 0;
            if (n)
                memcpy(v, c->points, n * sizeof *v);
            for (size_t p = n; p < cols; p++)
                v[p] = NAN;
        }
        if (fs_store_write_rows(d, H5T_NATIVE_DOUBLE, w->dxpl, width, idx, k,
                                vals) < 0 &&
            rc == FS_OK)
            rc = fs_err_set(e, FS_EHDF5, "cannot write %s", dset_path);
    }
    free(idx);
    free(vals);
    if (d >= 0)
        H5Dclose(d);
    return rc;
}

static int cmp_row_index(const void *a, const void *b)
{
    size_t x = ((const struct fs_store_row *)a)->index;
    size_t y = ((const struct fs_store_row *)b)->index;
    return (x > y) - (x < y);
}

/* Step 4, every dataset in a fixed order. */
static int write_all(struct write_ctx *w, const struct fs_store_names *metrics,
                     const struct fs_store_names *curves, fs_err *e)
{
    int rc = write_jobs_table(w, e);
    char dset[FS_NAME_MAX + 16];
    for (size_t m = 0; m < metrics->n; m++) {
        snprintf(dset, sizeof dset, "metrics/%s", metrics->items[m].name);
        int r2 = write_values(w, dset, metrics->items[m].name, 0, e);
        rc = rc ? rc : r2;
    }
    for (size_t c = 0; c < curves->n; c++) {
        if (curves->items[c].n == 0)
            continue; /* [n_jobs x 0]: nothing to write (same on every rank) */
        snprintf(dset, sizeof dset, "curves/%s", curves->items[c].name);
        int r2 = write_values(w, dset, curves->items[c].name,
                              (size_t)curves->items[c].n, e);
        rc = rc ? rc : r2;
    }
    return rc;
}

/* ---- the whole write ---- */

/* Rank 0: make <tmp> durable and move it to <path>. */
static int publish(const char *tmp, const char *path, fs_err *e)
{
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return fs_err_set(e, FS_EIO, "%s: cannot fsync: %s", tmp, strerror(err));
    }
    close(fd);
    if (rename(tmp, path) != 0)
        return fs_err_set(e, FS_EIO, "cannot rename %s to %s: %s", tmp, path,
                          strerror(errno));
    return fs_store_fsync_dir(path, e);
}

static int write_store(MPI_Comm comm, const char *path,
                       const struct fs_store_meta *meta, const struct fs_job *jobs,
                       size_t n_jobs, const struct fs_store_row *rows,
                       size_t n_rows, fs_err *e)
{
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    int *count = NULL;
    int rc = check_rows(comm, jobs, n_jobs, rows, n_rows, &count, e);
    if (rc != FS_OK)
        return rc;

    struct fs_store_row *sorted = fs_xmalloc((n_rows ? n_rows : 1) * sizeof *sorted);
    if (n_rows)
        memcpy(sorted, rows, n_rows * sizeof *rows);
    qsort(sorted, n_rows, sizeof *sorted, cmp_row_index);
    size_t n_pending = 0;
    size_t *pending = fs_xmalloc((n_jobs ? n_jobs : 1) * sizeof *pending);
    for (size_t i = 0; rank == 0 && i < n_jobs; i++)
        if (count[i] == 0)
            pending[n_pending++] = i;
    free(count);

    struct fs_store_names metrics = {0}, curves = {0};
    local_names(sorted, n_rows, &metrics, &curves);
    rc = fs_store_names_union(comm, &metrics, e);
    if (rc == FS_OK)
        rc = fs_store_names_union(comm, &curves, e);
    rc = fs_store_agree(comm, rc, e);

    char *tmp = fs_xmalloc(strlen(path) + 5);
    sprintf(tmp, "%s.tmp", path);
    hid_t file = -1;
    if (rc == FS_OK)
        rc = fs_store_create(comm, tmp, meta, n_jobs, &metrics, &curves, &file, e);
    if (rc == FS_OK) {
        struct write_ctx w = {comm, file, -1, jobs, sorted, n_rows, pending, n_pending, rank};
        w.dxpl = H5Pcreate(H5P_DATASET_XFER);
        if (w.dxpl < 0 || H5Pset_dxpl_mpio(w.dxpl, H5FD_MPIO_COLLECTIVE) < 0)
            rc = fs_err_set(e, FS_EHDF5, "%s: cannot set collective transfer", tmp);
        /* every rank runs write_all even after a local failure: its calls
         * are collective */
        int r2 = write_all(&w, &metrics, &curves, e);
        rc = rc ? rc : r2;
        if (w.dxpl >= 0)
            H5Pclose(w.dxpl);
    }
    if (file >= 0 && H5Fclose(file) < 0 && rc == FS_OK)
        rc = fs_err_set(e, FS_EHDF5, "%s: cannot close", tmp);
    rc = fs_store_agree(comm, rc, e);
    if (rank == 0) {
        if (rc == FS_OK)
            rc = publish(tmp, path, e);
        if (rc != FS_OK)
            unlink(tmp);
    }
    rc = fs_store_agree(comm, rc, e);
    free(tmp);
    free(metrics.items);
    free(curves.items);
    free(pending);
    free(sorted);
    return rc;
}

int fs_store_write(MPI_Comm comm, const char *path,
                   const struct fs_store_meta *meta, const struct fs_job *jobs,
                   size_t n_jobs, const struct fs_store_row *rows,
                   size_t n_rows, fs_err *e)
{
    static const struct fs_store_meta empty = {NULL, 0, NULL, NULL, NULL, 0, 0, NULL};
    struct fs_store_quiet q;
    fs_store_quiet_begin(&q);
    int rc = write_store(comm, path, meta ? meta : &empty, jobs, n_jobs, rows,
                         n_rows, e);
    fs_store_quiet_end(&q);
    return rc;
}

void fs_store_mpi_env(void)
{
    setenv("OMPI_MCA_sharedfp", "^sm", 0);
}
