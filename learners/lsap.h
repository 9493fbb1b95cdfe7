/* learners/lsap.h - the linear sum assignment problem (Hungarian algorithm)
 * and the bottleneck assignment problem on square cost matrices.
 *
 * fs_lsap is a solver state for one size n: row/column potentials and the
 * current matching. fs_lsap_solve() solves from scratch by successive
 * shortest augmenting paths with potentials (Kuhn-Munkres in the
 * Jonker-Volgenant form, O(n^3)). fs_lsap_resolve() solves a changed matrix
 * starting from the previous duals: every row is made dual feasible again by
 * lowering or raising its potential, rows whose matched edge is no longer
 * tight are freed, and only those are re-augmented, O(n^2) per freed row. Both
 * minimise; to maximise, pass negated costs.
 *
 * Costs are row-major n x n doubles (cost[i*n + j]: row/agent i, column/task
 * j). INFINITY marks a forbidden edge; if no perfect matching avoids the
 * forbidden edges the solve fails with FS_ENUMERIC and the state must be
 * reset by a fresh fs_lsap_solve(). NaN and -INFINITY are not allowed.
 *
 * Not thread-safe per instance; no global state.
 */
#ifndef FS_LEARNERS_LSAP_H
#define FS_LEARNERS_LSAP_H

#include "core/err.h"

typedef struct fs_lsap fs_lsap;

/* A solver for n x n problems, n >= 1. Owned by the caller (destroy). */
fs_lsap *fs_lsap_create(int n);
/* NULL-safe; sets *s to NULL. */
void fs_lsap_destroy(fs_lsap **s);

/* Minimise sum_i cost[i*n + row_to_col[i]] over permutations. row_to_col
 * (n ints, caller-owned) receives the assignment; *total (may be NULL) the
 * minimum. FS_ENUMERIC when the forbidden edges leave no perfect matching. */
int fs_lsap_solve(fs_lsap *s, const double *cost, int *row_to_col,
                  double *total, fs_err *e);
/* The same, warm-started from the duals of the last successful solve on this
 * state (any change of the costs is allowed; small changes are cheap). Falls
 * back to a cold solve when there is no previous solution. */
int fs_lsap_resolve(fs_lsap *s, const double *cost, int *row_to_col,
                    double *total, fs_err *e);
/* Rows re-augmented by the last solve or resolve (n for a cold solve). */
int fs_lsap_last_augmentations(const fs_lsap *s);

/* One-shot convenience: allocate a solver, solve, free it. */
int fs_lsap_min(int n, const double *cost, int *row_to_col, double *total,
                fs_err *e);

/* The bottleneck value min over permutations p of max_i cost[i*n + p(i)]
 * (finite costs). Binary search over the sorted distinct values, each step
 * an augmenting-path perfect-matching test, O(n^3 log n); allocates its own
 * O(n^2) scratch. *value receives the bottleneck value and row_to_col (n
 * ints, may be NULL) one assignment achieving it (not necessarily of least
 * total; see fs_assign_bottleneck for that). */
void fs_bottleneck(int n, const double *cost, double *value, int *row_to_col);

#endif /* FS_LEARNERS_LSAP_H */
