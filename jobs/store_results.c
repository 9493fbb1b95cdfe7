/* jobs/store_results.c - results merged by job id, and recovery of a store
 * plus its journal. See store.h. */
#include "jobs/store.h"

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
