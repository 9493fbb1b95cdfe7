/* analysis/multitest.c - multiple-comparison corrections. See header. */
#include "analysis/multitest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"holm", "bonferroni", "bh",
                                    "holm-sidak", "by"};

const char *fs_padjust_name(fs_padjust m)
{
    return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "?";
}

int fs_padjust_parse(const char *s, fs_padjust *m, fs_err *e)
{
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0) {
            *m = (fs_padjust)i;
            return 0;
        }
    if (strcmp(s, "fdr_bh") == 0) { *m = FS_PADJ_BH; return 0; }
    if (strcmp(s, "fdr_by") == 0) { *m = FS_PADJ_BY; return 0; }
    return fs_err_set(e, FS_EUSAGE, "unknown correction '%s' (holm, "
                      "bonferroni, bh, holm-sidak, by)", s);
}

struct keyed {
    double p;
    size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->p < y->p) return -1;
    if (x->p > y->p) return 1;
    return (x->i > y->i) - (x->i < y->i);
}

int fs_stats_padjust(const double *p, size_t m, fs_padjust method,
                     double alpha, double *p_adj, int *reject, fs_err *e)
{
    for (size_t i = 0; i < m; i++) {
        if (isnan(p[i]))
            return fs_err_set(e, FS_ENUMERIC, "p[%zu] is NaN", i);
        if (p[i] < 0.0 || p[i] > 1.0)
            return fs_err_set(e, FS_ECONFIG, "p[%zu] = %g is outside [0, 1]",
                              i, p[i]);
    }
    if (m == 0)
        return 0;
    struct keyed *k = fs_xmalloc(m * sizeof *k);
    for (size_t i = 0; i < m; i++) {
        k[i].p = p[i];
        k[i].i = i;
    }
    qsort(k, m, sizeof *k, cmp_keyed);
    double dm = (double)m;
    double *adj = fs_xmalloc(m * sizeof *adj);   /* sorted order */
    for (size_t r = 0; r < m; r++) {
        double q = k[r].p, rank = (double)(r + 1);
        switch (method) {
        case FS_PADJ_HOLM: adj[r] = q * (dm - rank + 1.0); break;
        case FS_PADJ_HOLM_SIDAK:
            adj[r] = -expm1((dm - rank + 1.0) * log1p(-q));
            break;
        case FS_PADJ_BONFERRONI: adj[r] = q * dm; break;
        default: adj[r] = q * dm / rank; break;
        }
    }
    if (method == FS_PADJ_BY) {
        double h = 0.0;
        for (size_t r = 1; r <= m; r++)
            h += 1.0 / (double)r;
        for (size_t r = 0; r < m; r++)
            adj[r] *= h;
    }
    if (method == FS_PADJ_HOLM || method == FS_PADJ_HOLM_SIDAK) {
        for (size_t r = 1; r < m; r++)
            if (adj[r] < adj[r - 1])
                adj[r] = adj[r - 1];
    } else if (method == FS_PADJ_BH || method == FS_PADJ_BY) {
        for (size_t r = m - 1; r-- > 0;)
            if (adj[r] > adj[r + 1])
                adj[r] = adj[r + 1];
    }
    for (size_t r = 0; r < m; r++) {
        double v = adj[r] > 1.0 ? 1.0 : adj[r];
        p_adj[k[r].i] = v;
    }
    if (reject)
        for (size_t i = 0; i < m; i++)
            reject[i] = p_adj[i] <= alpha;
    free(adj);
    free(k);
    return 0;
}
