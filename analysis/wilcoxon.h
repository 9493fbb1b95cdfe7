/* analysis/wilcoxon.h - the Wilcoxon signed-rank test for paired samples,
 * as scipy.stats.wilcoxon with its defaults (zero_method='wilcox',
 * correction=False, method='auto'; SciPy >= 1.15 rule).
 *
 * d = x - y (or d = x when y is NULL). Zeros are dropped ('wilcox'); the
 * remaining |d| get average ranks; R+ and R- are the rank sums of positive
 * and negative d. Statistic: min(R+, R-) for two-sided, R+ for one-sided
 * (SciPy's backward-compatible choice).
 *
 * Method AUTO (decided on n = length including zeros): n > 50 ->
 * asymptotic; otherwise no ties and no zeros -> exact; otherwise n <= 13 ->
 * "permutation" (all 2^c sign flips of the c nonzero d, exact enumeration,
 * SciPy's PermutationMethod with 2^13 < 9999 resamples); otherwise
 * asymptotic.
 *  - exact: pmf of R+ by the convolution c_k = (c_{k-1} + shift_k
 *    c_{k-1}) / 2; less = cdf(ceil R+), greater = sf(floor R+), two-sided =
 *    min(1, 2 min(sf(floor R+), cdf(ceil R+))).
 *  - permutation: p_less = #(null <= R+ + g) / 2^c, p_greater = #(null >=
 *    R+ - g) / 2^c with g = 100 eps |R+|; two-sided = min(1, 2 min).
 *  - asymptotic: z = (R+ - c(c+1)/4) / se, se = sqrt((c(c+1)(2c+1) -
 *    sum(t^3-t)/2) / 24); with correction z -= sign 0.5 / se.
 * Degenerate: all d zero gives R+ = R- = 0 and p = 1 (permutation, n <= 13)
 * or p = NaN (asymptotic, se = 0), as SciPy.
 */
#ifndef FS_ANALYSIS_WILCOXON_H
#define FS_ANALYSIS_WILCOXON_H

#include <stddef.h>

#include "analysis/stats_common.h"

/* Signed-rank test on x - y (y may be NULL for a one-sample test on x).
 * out->method is "exact", "permutation" or "asymptotic"; zstatistic is set
 * for asymptotic; out->n_resamples = 2^c for permutation. EXACT forces the
 * exact null of c nonzero differences even with ties (conservative
 * rounding as above). Errors: FS_ENUMERIC for NaN/Inf, FS_ECONFIG for n == 0
 * or an EXACT request with c > 1000. */
int fs_stats_wilcoxon(const double *x, const double *y, size_t n,
                      fs_alternative alt, fs_pmethod method, int correction,
                      fs_test_result *out, fs_err *e);

/* pmf of R+ under the null for c nonzero untied differences: writes
 * c(c+1)/2 + 1 values into pmf (caller-owned). */
void fs_stats_wilcoxon_pmf(size_t c, double *pmf);

#endif /* FS_ANALYSIS_WILCOXON_H */
