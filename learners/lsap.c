/* learners/lsap.c - Hungarian algorithm with warm starts, and the bottleneck
 * assignment. See lsap.h.
 *
 * Internally rows and columns are 1-based; column 0 is the virtual column
 * that holds the row being inserted during one augmentation (the classic
 * shortest-augmenting-path formulation with potentials u, v).
 */
#include "learners/lsap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct fs_lsap {
    int n;
    int solved;          /* the duals below belong to a successful solve */
    int augmentations;
    double *u, *v;       /* [n+1] row / column potentials */
    double *minv;        /* [n+1] Dijkstra labels of the columns */
    int *p;              /* [n+1] p[j]: row matched to column j, 0 = none */
    int *way;            /* [n+1] predecessor column on the path */
    unsigned char *used; /* [n+1] columns settled in this augmentation */
};

fs_lsap *fs_lsap_create(int n)
{
    fs_lsap *s = fs_xcalloc(1, sizeof *s);
    size_t m = (size_t)n + 1;
    s->n = n;
    s->u = fs_xcalloc(m, sizeof *s->u);
    s->v = fs_xcalloc(m, sizeof *s->v);
    s->minv = fs_xcalloc(m, sizeof *s->minv);
    s->p = fs_xcalloc(m, sizeof *s->p);
    s->way = fs_xcalloc(m, sizeof *s->way);
    s->used = fs_xcalloc(m, sizeof *s->used);
    return s;
}

void fs_lsap_destroy(fs_lsap **sp)
{
    if (!sp || !*sp)
        return;
    fs_lsap *s = *sp;
    free(s->u);
    free(s->v);
    free(s->minv);
    free(s->p);
    free(s->way);
    free(s->used);
    free(s);
    *sp = NULL;
}

/* Insert free row i0 by one shortest augmenting path. Keeps the duals
 * feasible and every matched edge tight. Returns -1 when no path exists. */
static int augment(fs_lsap *s, const double *cost, int i0)
{
    const int n = s->n;
    double *u = s->u, *v = s->v, *minv = s->minv;
    int *p = s->p, *way = s->way;
    unsigned char *used = s->used;
    for (int j = 0; j <= n; j++) {
        minv[j] = INFINITY;
        used[j] = 0;
    }
    p[0] = i0;
    int j0 = 0;
    do {
        used[j0] = 1;
        const int i = p[j0];
        const double *row = cost + (size_t)(i - 1) * n - 1; /* row[j], j >= 1 */
        const double ui = u[i];
        double delta = INFINITY;
        int j1 = -1;
        for (int j = 1; j <= n; j++) {
            if (used[j])
                continue;
            double cur = row[j] - ui - v[j];
            if (cur < minv[j]) {
                minv[j] = cur;
                way[j] = j0;
            }
            if (minv[j] < delta) {
                delta = minv[j];
                j1 = j;
            }
        }
        if (j1 < 0)
            return -1;
        for (int j = 0; j <= n; j++) {
            if (used[j]) {
                u[p[j]] += delta;
                v[j] -= delta;
            } else {
                minv[j] -= delta;
            }
        }
        j0 = j1;
    } while (p[j0] != 0);
    do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
    } while (j0);
    return 0;
}

static int check_costs(int n, const double *cost, fs_err *e)
{
    for (size_t k = 0; k < (size_t)n * n; k++)
        if (isnan(cost[k]) || cost[k] == -INFINITY)
            return fs_err_set(e, FS_ENUMERIC,
                              "assignment cost [%zu][%zu] is %g (NaN and -inf are not allowed)",
                              k / (size_t)n, k % (size_t)n, cost[k]);
    return FS_OK;
}

/* Augment the rows listed in `rows` (1-based), then report the matching. */
static int finish(fs_lsap *s, const double *cost, const int *rows, int nrows,
                  int *row_to_col, double *total, fs_err *e)
{
    const int n = s->n;
    s->augmentations = nrows;
    for (int k = 0; k < nrows; k++) {
        if (augment(s, cost, rows[k]) < 0) {
            s->solved = 0;
            return fs_err_set(e, FS_ENUMERIC,
                              "no perfect assignment avoids the forbidden (infinite) costs");
        }
    }
    double sum = 0;
    for (int j = 1; j <= n; j++) {
        row_to_col[s->p[j] - 1] = j - 1;
        sum += cost[(size_t)(s->p[j] - 1) * n + (j - 1)];
    }
    if (total)
        *total = sum;
    s->solved = 1;
    return FS_OK;
}

int fs_lsap_solve(fs_lsap *s, const double *cost, int *row_to_col,
                  double *total, fs_err *e)
{
    const int n = s->n;
    int rc = check_costs(n, cost, e);
    if (rc)
        return rc;
    memset(s->u, 0, ((size_t)n + 1) * sizeof *s->u);
    memset(s->v, 0, ((size_t)n + 1) * sizeof *s->v);
    memset(s->p, 0, ((size_t)n + 1) * sizeof *s->p);
    int *rows = fs_xmalloc((size_t)n * sizeof *rows);
    for (int i = 0; i < n; i++)
        rows[i] = i + 1;
    rc = finish(s, cost, rows, n, row_to_col, total, e);
    free(rows);
    return rc;
}

/* Whether reduced cost r of a matched edge counts as tight for a row whose
 * costs are around `scale`. Integer costs are exact; doubles get a small
 * relative slack for the rounding of accumulated potentials. */
static int is_tight(double r, double scale)
{
    return isfinite(scale) && fabs(r) <= 1e-12 * (1.0 + fabs(scale));
}

int fs_lsap_resolve(fs_lsap *s, const double *cost, int *row_to_col,
                    double *total, fs_err *e)
{
    if (!s->solved)
        return fs_lsap_solve(s, cost, row_to_col, total, e);
    const int n = s->n;
    int rc = check_costs(n, cost, e);
    if (rc)
        return rc;
    int *col_of = fs_xmalloc(((size_t)n + 1) * sizeof *col_of);
    int *rows = fs_xmalloc((size_t)n * sizeof *rows);
    for (int j = 1; j <= n; j++)
        col_of[s->p[j]] = j;
    int nfree = 0;
    for (int i = 1; i <= n; i++) {
        const double *row = cost + (size_t)(i - 1) * n - 1;
        double m = INFINITY;
        for (int j = 1; j <= n; j++) {
            double r = row[j] - s->v[j];
            if (r < m)
                m = r;
        }
        if (m == INFINITY) {
            free(col_of);
            free(rows);
            s->solved = 0;
            return fs_err_set(e, FS_ENUMERIC,
                              "assignment row %d has only forbidden (infinite) costs", i - 1);
        }
        s->u[i] = m;
        int j = col_of[i];
        if (!is_tight(row[j] - m - s->v[j], row[j])) {
            s->p[j] = 0;
            rows[nfree++] = i;
        }
    }
    rc = finish(s, cost, rows, nfree, row_to_col, total, e);
    free(col_of);
    free(rows);
    return rc;
}

int fs_lsap_last_augmentations(const fs_lsap *s)
{
    return s->augmentations;
}

int fs_lsap_min(int n, const double *cost, int *row_to_col, double *total,
                fs_err *e)
{
    fs_lsap *s = fs_lsap_create(n);
    int rc = fs_lsap_solve(s, cost, row_to_col, total, e);
    fs_lsap_destroy(&s);
    return rc;
}

/* ---- bottleneck ---------------------------------------------------------- */

struct bmatch {
    int n;
    const double *cost;
    double limit;        /* edges with cost <= limit are allowed */
    int *col_row;        /* [n] row matched to column, -1 none */
    int *row_col;        /* [n] */
    int *seen;           /* [n] visit stamp per column */
    int stamp;
    int *stack_row;      /* [n] explicit DFS stack: row at depth d */
    int *stack_next;     /* [n] next column to try at depth d */
};

/* Kuhn's augmenting path from free row r0, iterative DFS. */
static int try_row(struct bmatch *b, int r0)
{
    const int n = b->n;
    int depth = 0;
    b->stack_row[0] = r0;
    b->stack_next[0] = 0;
    b->stamp++;
    while (depth >= 0) {
        int r = b->stack_row[depth];
        int j = b->stack_next[depth];
        const double *row = b->cost + (size_t)r * n;
        while (j < n && (b->seen[j] == b->stamp || row[j] > b->limit))
            j++;
        if (j == n) {
            depth--;
            continue;
        }
        b->stack_next[depth] = j + 1;
        b->seen[j] = b->stamp;
        if (b->col_row[j] < 0) {
            /* augment along the stack: row at depth d takes the column it
             * tried last (stack_next - 1) */
            for (int d = depth; d >= 0; d--) {
                int rr = b->stack_row[d], jj = b->stack_next[d] - 1;
                b->col_row[jj] = rr;
                b->row_col[rr] = jj;
            }
            return 1;
        }
        depth++;
        b->stack_row[depth] = b->col_row[j];
        b->stack_next[depth] = 0;
    }
    return 0;
}

static int perfect_within(struct bmatch *b, double limit)
{
    b->limit = limit;
    for (int j = 0; j < b->n; j++)
        b->col_row[j] = -1;
    for (int i = 0; i < b->n; i++)
        b->row_col[i] = -1;
    for (int i = 0; i < b->n; i++)
        if (!try_row(b, i))
            return 0;
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void fs_bottleneck(int n, const double *cost, double *value, int *row_to_col)
{
    size_t nn = (size_t)n * n;
    double *vals = fs_xmalloc(nn * sizeof *vals);
    memcpy(vals, cost, nn * sizeof *vals);
    qsort(vals, nn, sizeof *vals, cmp_double);
    size_t nd = 0;
    for (size_t k = 0; k < nn; k++)
        if (nd == 0 || vals[k] != vals[nd - 1])
            vals[nd++] = vals[k];
    struct bmatch b = {.n = n, .cost = cost};
    int *ints = fs_xcalloc(5 * (size_t)n, sizeof *ints);
    b.col_row = ints;
    b.row_col = ints + n;
    b.seen = ints + 2 * n;
    b.stack_row = ints + 3 * n;
    b.stack_next = ints + 4 * n;
    /* The largest row minimum and column minimum are lower bounds. */
    double lb = -INFINITY;
    for (int i = 0; i < n; i++) {
        double rm = INFINITY, cm = INFINITY;
        for (int j = 0; j < n; j++) {
            rm = fmin(rm, cost[(size_t)i * n + j]);
            cm = fmin(cm, cost[(size_t)j * n + i]);
        }
        lb = fmax(lb, fmax(rm, cm));
    }
    size_t lo = 0, hi = nd - 1;      /* answer index in [lo, hi] */
    while (lo < nd && vals[lo] < lb)
        lo++;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (perfect_within(&b, vals[mid]))
            hi = mid;
        else
            lo = mid + 1;
    }
    perfect_within(&b, vals[lo]);
    *value = vals[lo];
    if (row_to_col)
        memcpy(row_to_col, b.row_col, (size_t)n * sizeof *row_to_col);
    free(ints);
    free(vals);
}
