/* analysis/permtest.h - two-sample permutation test for the difference of
 * means, as scipy.stats.permutation_test(permutation_type='independent')
 * with statistic mean(x) - mean(y).
 *
 * If the number of distinct splits C(nx+ny, nx) is <= max_resamples, every
 * split is enumerated once (method "exact", p-values without +1). Otherwise
 * max_resamples random permutations of the pooled data are drawn from the
 * caller's fs_rng stream (method "monte-carlo") and p = (k + 1) / (B + 1)
 * (Phipson & Smyth; the observed split is not added to the null). In both:
 * k_less = #(null <= obs + g), k_greater = #(null >= obs - g) with
 * g = 100 DBL_EPSILON |obs|, two-sided = min(1, 2 min(p_less, p_greater)).
 * SciPy's default budget is 9999 resamples.
 *
 * Identical samples: obs = 0 and p = 1 two-sided. n = 1 per sample is
 * valid (2 splits).
 */
#ifndef FS_ANALYSIS_PERMTEST_H
#define FS_ANALYSIS_PERMTEST_H

#include <stddef.h>

#include "analysis/stats_common.h"
#include "core/rng.h"

/* Permutation test of mean(x) - mean(y). max_resamples >= 1. rng is only
 * used (advanced) for the Monte Carlo case; it may be NULL when the caller
 * knows the test is exact, otherwise NULL gives FS_ECONFIG. On success
 * out->statistic = mean(x) - mean(y), out->n_resamples = splits or draws,
 * out->method "exact" or "monte-carlo". */
int fs_stats_perm_test(const double *x, size_t nx, const double *y,
                       size_t ny, fs_alternative alt, size_t max_resamples,
                       fs_rng *rng, fs_test_result *out, fs_err *e);

#endif /* FS_ANALYSIS_PERMTEST_H */
