/* analysis/mwu.h - the Mann-Whitney U test (Wilcoxon rank-sum), as
 * scipy.stats.mannwhitneyu (SciPy >= 1.18 semantics).
 *
 * Statistic: U1 = R1 - nx(nx+1)/2 with average ranks of the pooled sample,
 * i.e. #{x_i > y_j} + 0.5 #{x_i == y_j}; always U of x, whatever the
 * alternative.
 *
 * Method (FS_PMETHOD_AUTO, SciPy's _mwu_choose_method): asymptotic when
 * nx > 8 and ny > 8, else asymptotic when the pooled sample has ties, else
 * exact. Exact p: greater = P(U >= U1), less = P(U >= U2), two-sided =
 * min(1, 2 P(U >= max(U1, U2))), from the exact null distribution (not
 * corrected for ties; with an explicit EXACT request and ties, U is floored
 * before the lookup as SciPy does). Deviation: when the exact distribution
 * would take more than ~2e8 operations (e.g. nx = 8, ny = 5000), AUTO uses
 * the asymptotic method instead and reports it; EXACT then fails with
 * FS_ECONFIG.
 *
 * Asymptotic: mu = nx ny / 2, s = sqrt(nx ny / 12 ((n+1) - sum(t^3-t) /
 * (n(n-1)))), num = U1 - mu, with continuity num -= 0.5 sign where sign is
 * +1 for greater, -1 for less and sign(num) for two-sided; z = num / s.
 * All-identical data (s = 0) gives p = NaN two-sided (0/0, like SciPy 1.18
 * and R's NA; SciPy 1.7-1.17 returned 1.0) and p = 1 one-sided with
 * continuity.
 */
#ifndef FS_ANALYSIS_MWU_H
#define FS_ANALYSIS_MWU_H

#include <stddef.h>

#include "analysis/stats_common.h"

/* Mann-Whitney U test of x against y. use_continuity applies to the
 * asymptotic method only (SciPy default: 1). On success out->statistic =
 * U1, out->method = "exact" or "asymptotic", out->zstatistic = z for the
 * asymptotic method, out->df = NaN. Errors: FS_ENUMERIC (NaN/Inf),
 * FS_ECONFIG (empty sample, exact too large). */
int fs_stats_mannwhitneyu(const double *x, size_t nx, const double *y,
                          size_t ny, fs_alternative alt, fs_pmethod method,
                          int use_continuity, fs_test_result *out,
                          fs_err *e);

/* The exact null pmf of U for sample sizes m and n (no ties): writes
 * pmf[k] = P(U = k) for k = 0..m*n into pmf (caller-owned, m*n + 1
 * doubles). Computed with the q-binomial recurrence in probabilities,
 * P_{N,j}(k) = (j/N) P_{N-1,j-1}(k) + ((N-j)/N) P_{N-1,j}(k-j), so every
 * step adds non-negative terms (relative accuracy ~1e-15 even in the tails).
 * Cost O((m+n) min(m,n) m n); memory O(min(m,n) m n) scratch. */
void fs_stats_mwu_pmf(size_t m, size_t n, double *pmf);

#endif /* FS_ANALYSIS_MWU_H */
