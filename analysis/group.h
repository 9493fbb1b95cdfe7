/* analysis/group.h - the conditions of a result store: its rows grouped by
 * every parameter except the seed (env, algo and the params text), in store
 * order of first appearance.
 *
 * Each condition has a full label ("env=none algo=synthetic quality=0.5")
 * and a short label holding only the tokens that differ between conditions
 * ("quality=0.5"); with a single condition the short label is the full one.
 * Row counts are kept per status (done / failed / pending) so that failed
 * seeds are always counted, never silently dropped.
 */
#ifndef FS_ANALYSIS_GROUP_H
#define FS_ANALYSIS_GROUP_H

#include <stddef.h>

#include "core/err.h"
#include "jobs/store.h"

/* One condition. Plain data owned by its fs_cond_set. */
struct fs_condition {
    char *label;          /* "env=E algo=A p=v ...": the key without seed */
    char *short_label;    /* the tokens of label that vary across conditions */
    size_t n_rows;        /* rows of the store in this condition */
    size_t *rows;         /* [n_rows] store row indices, ascending */
    size_t n_done, n_failed, n_pending;
};

/* All conditions of a store. Plain data; clear with fs_cond_set_clear. */
typedef struct fs_cond_set {
    size_t n;
    struct fs_condition *c;   /* [n], in sweep order */
    size_t *row_cond;         /* [n_jobs of the store] condition of a row */
} fs_cond_set;

/* Group the rows of d into conditions. out is initialised by this call and
 * owned by the caller. O(n_jobs) expected time (hashing). Not collective.
 * Never fails except on out-of-memory (which aborts); returns 0. */
int fs_group_conditions(const fs_store_data *d, fs_cond_set *out, fs_err *e);

/* Release what out holds and zero it. Accepts a zeroed set. */
void fs_cond_set_clear(fs_cond_set *s);

/* Find the one condition matching spec: an exact full or short label, or a
 * list of space-separated tokens each equal to a token of the full label
 * ("algo=qmix alpha=0.5") or to the value of one ("qmix"). Sets *idx.
 * Errors: FS_EUSAGE when nothing or more than one condition matches; the
 * message lists the valid conditions (short labels). */
int fs_cond_find(const fs_cond_set *s, const char *spec, size_t *idx,
                 fs_err *e);

#endif /* FS_ANALYSIS_GROUP_H */
