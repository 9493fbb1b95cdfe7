/* jobs/store_results.c - results merged by job id, and recovery of a store
 * plus its journal. See store.h. */
#include "jobs/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fs_store_results {
    size_t n, cap;
    struct fs_result *items;  /* first-insertion order */
    size_t n_slots;           /* power of two; 0 before the first insert */
    size_t *slots;            /* 0 empty, else index + 1 */
};

fs_store_results *fs_store_results_create(void)
{
    return fs_xcalloc(1, sizeof(fs_store_results));
}

void fs_store_results_destroy(fs_store_results **rs)
{
    if (rs == NULL || *rs == NULL)
        return;
    for (size_t i = 0; i < (*rs)->n; i++)
        fs_result_clear(&(*rs)->items[i]);
    free((*rs)->items);
    free((*rs)->slots);
    free(*rs);
    *rs = NULL;
}

static size_t slot_of(const fs_store_results *rs, uint64_t id)
{
    size_t mask = rs->n_slots - 1;
    size_t s = (size_t)(id ^ (id >> 29)) & mask;
    while (rs->slots[s] && rs->items[rs->slots[s] - 1].job_id != id)
        s = (s + 1) & mask;
    return s;
}

static void grow_slots(fs_store_results *rs)
{
    free(rs->slots);
    rs->n_slots = rs->n_slots ? 2 * rs->n_slots : 64;
    rs->slots = fs_xcalloc(rs->n_slots, sizeof *rs->slots);
    for (size_t i = 0; i < rs->n; i++)
        rs->slots[slot_of(rs, rs->items[i].job_id)] = i + 1;
}

const struct fs_result *fs_store_results_find(const fs_store_results *rs,
                                              uint64_t job_id)
{
    if (rs->n_slots == 0)
        return NULL;
    size_t s = rs->slots[slot_of(rs, job_id)];
    return s ? &rs->items[s - 1] : NULL;
}

size_t fs_store_results_count(const fs_store_results *rs)
{
    return rs->n;
}

const struct fs_result *fs_store_results_at(const fs_store_results *rs,
                                            size_t i)
{
    return i < rs->n ? &rs->items[i] : NULL;
}

int fs_store_results_merge(fs_store_results *rs, const struct fs_result *r)
{
    struct fs_result *old = (struct fs_result *)fs_store_results_find(rs, r->job_id);
    if (old != NULL) {
        int attempts = old->attempts > r->attempts ? old->attempts : r->attempts;
        int take = old->status != FS_JOB_DONE || r->status == FS_JOB_DONE;
        if (take) {
            fs_result_clear(old);
            fs_result_copy(old, r);
        }
        old->attempts = attempts;
        return take;
    }
    if (2 * (rs->n + 1) > rs->n_slots)
        grow_slots(rs);
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 64;
        rs->items = fs_xrealloc(rs->items, rs->cap * sizeof *rs->items);
    }
    fs_result_copy(&rs->items[rs->n], r);
    rs->slots[slot_of(rs, r->job_id)] = rs->n + 1;
    rs->n++;
    return 1;
}

/* ---- recovery ---- */

static int merge_record(const struct fs_result *r, void *ctx)
{
    struct fs_store_recovery *rec = ctx;
    fs_store_results_merge(rec->results, r);
    rec->from_journal++;
    return FS_OK;
}

/* 1 when column col (n_jobs x width) has a non-NaN value in a row that is
 * not pending. */
static int column_has_values(const fs_store_data *d, const double *col,
                             size_t width)
{
    for (size_t i = 0; i < d->n_jobs; i++) {
        if (d->rows[i].status == FS_JOB_PENDING)
            continue;
        for (size_t p = 0; p < width; p++)
            if (!isnan(col[i * width + p]))
                return 1;
    }
    return 0;
}

/* A metric or curve dataset that holds only NaN would vanish when the
 * recovered results are written again (names come from the results), and
 * the rewritten store would differ from one written in a single run. Give
 * such a column, as NaN, to the first recovered row so it survives. */
static void keep_empty_columns(const fs_store_data *d, fs_store_results *rs)
{
    struct fs_result *first = NULL;
    for (size_t i = 0; i < d->n_jobs && first == NULL; i++)
        if (d->rows[i].status != FS_JOB_PENDING)
            first = (struct fs_result *)fs_store_results_find(rs, d->jobs[i].id);
    if (first == NULL)
        return;
    for (size_t m = 0; m < d->n_metrics; m++)
        if (!column_has_values(d, d->metrics[m], 1))
            fs_result_metric(first, d->metric_names[m], NAN, NULL);
    for (size_t c = 0; c < d->n_curves; c++) {
        size_t w = d->curve_points[c];
        if (w > FS_CURVE_POINTS_MAX || column_has_values(d, d->curves[c], w))
            continue;
        double *nan = fs_xmalloc((w ? w : 1) * sizeof *nan);
        for (size_t p = 0; p < w; p++)
            nan[p] = NAN;
        fs_result_curve(first, d->curve_names[c], nan, (int)w, NULL);
        free(nan);
    }
}

int fs_store_recover(const char *path, struct fs_store_recovery *out, fs_err *e)
{
    memset(out, 0, sizeof *out);
    fs_err local = {0};
    int rc = fs_store_open_read(path, &out->store, &local);
    if (rc == FS_ENOTFOUND) {
        rc = FS_OK;
    } else if (rc != FS_OK) {
        return fs_err_set(e, rc, "%s", local.msg);
    }
    out->results = fs_store_results_create();
    const fs_store_data *d = out->store;
    for (size_t i = 0; d && i < d->n_jobs; i++) {
        if (d->rows[i].status == FS_JOB_PENDING)
            continue;
        struct fs_result r;
        fs_store_data_result(d, i, &r);
        fs_store_results_merge(out->results, &r);
        fs_result_clear(&r);
    }
    if (d)
        keep_empty_columns(d, out->results);
    char *jpath = fs_journal_path(path);
    rc = fs_journal_replay(jpath, merge_record, out, &out->journal, e);
    free(jpath);
    if (rc != FS_OK)
        fs_store_recovery_clear(out);
    return rc;
}

void fs_store_recovery_clear(struct fs_store_recovery *rec)
{
    if (rec == NULL)
        return;
    fs_store_data_destroy(&rec->store);
    fs_store_results_destroy(&rec->results);
    memset(rec, 0, sizeof *rec);
}

const struct fs_result *fs_store_recovery_row(const struct fs_store_recovery *rec,
                                              size_t i)
{
    const struct fs_result *r =
        fs_store_results_find(rec->results, rec->store->jobs[i].id);
    return r ? r : &rec->store->rows[i];
}

size_t fs_store_recovery_orphans(const struct fs_store_recovery *rec)
{
    size_t in_store = 0;
    for (size_t i = 0; rec->store && i < rec->store->n_jobs; i++)
        in_store += fs_store_results_find(rec->results, rec->store->jobs[i].id) != NULL;
    size_t n = fs_store_results_count(rec->results);
    return n > in_store ? n - in_store : 0; /* duplicate ids in a foreign store */
}

size_t fs_store_rows_select(const struct fs_job *jobs, size_t n_jobs,
                            const fs_store_results *rs, int part, int parts,
                            struct fs_store_row **rows)
{
    size_t lo = 0, hi = n_jobs;
    if (parts > 1 && part >= 0 && part < parts) {
        lo = n_jobs * (size_t)part / (size_t)parts;
        hi = n_jobs * ((size_t)part + 1) / (size_t)parts;
    }
    struct fs_store_row *out = fs_xmalloc((hi > lo ? hi - lo : 1) * sizeof *out);
    size_t n = 0;
    for (size_t i = lo; i < hi; i++) {
        const struct fs_result *r = fs_store_results_find(rs, jobs[i].id);
        if (r) {
            out[n].index = i;
            out[n].r = r;
            n++;
        }
    }
    *rows = out;
    return n;
}
