/* analysis/multitest.h - multiple-comparison corrections: adjusted p-values
 * and rejections, as statsmodels.stats.multitest.multipletests (which is
 * tested against R's multtest / p.adjust to 15 decimals).
 *
 * With p sorted ascending, i = 1..m:
 *  - Holm (this library's default; statsmodels' default is Holm-Sidak):
 *    p(i) (m - i + 1), running maximum from the left, capped at 1.
 *  - Holm-Sidak: 1 - (1 - p(i))^(m - i + 1), running maximum.
 *  - Bonferroni: p m, capped at 1.
 *  - Benjamini-Hochberg (fdr_bh): p(i) m / i, running minimum from the
 *    right, capped at 1 (= scipy.stats.false_discovery_control).
 *  - Benjamini-Yekutieli (fdr_by): BH times sum_{k=1}^m 1/k.
 * Adjusted values come back in input order. reject[i] = p_adj[i] <= alpha,
 * which equals the step-down (Holm) and step-up (BH) rules.
 */
#ifndef FS_ANALYSIS_MULTITEST_H
#define FS_ANALYSIS_MULTITEST_H

#include <stddef.h>

#include "core/err.h"

typedef enum fs_padjust {
    FS_PADJ_HOLM = 0,
    FS_PADJ_BONFERRONI = 1,
    FS_PADJ_BH = 2,
    FS_PADJ_HOLM_SIDAK = 3,
    FS_PADJ_BY = 4
} fs_padjust;

/* "holm", "bonferroni", "bh" (also "fdr_bh"), "holm-sidak", "by" (also
 * "fdr_by"). Returns 0 or FS_EUSAGE. */
int fs_padjust_parse(const char *s, fs_padjust *m, fs_err *e);
const char *fs_padjust_name(fs_padjust m);

/* Adjust p[0..m-1] into p_adj[0..m-1] (may alias p). reject may be NULL;
 * otherwise reject[i] = (p_adj[i] <= alpha). m == 0 is a no-op. Errors:
 * FS_ENUMERIC for NaN ("p[3] is NaN"), FS_ECONFIG for a value outside
 * [0, 1]. Allocates O(m) scratch. */
int fs_stats_padjust(const double *p, size_t m, fs_padjust method,
                     double alpha, double *p_adj, int *reject, fs_err *e);

#endif /* FS_ANALYSIS_MULTITEST_H */
