/* analysis/ttest.h - two-sample t-tests (Welch, Student) and the paired
 * t-test, as scipy.stats.ttest_ind / ttest_rel.
 *
 * Welch's test (unequal variances) is this library's default two-sample
 * test, following Colas et al. (2019); note that SciPy's ttest_ind defaults
 * to Student (equal_var=True), so name the test when comparing numbers.
 *
 * All results: statistic = t, df, pvalue, method "t-distribution",
 * zstatistic NaN. Degenerate inputs behave as SciPy:
 *  - Welch with n = 1 in a sample: the variance is NaN, so t, df, p are NaN.
 *  - Welch with both variances 0: df is set to 1 (SciPy: "df does not
 *    matter" then); equal means give t = NaN and p = NaN, different means
 *    give t = +-inf and p = 0 (two-sided).
 *  - Student: a sample with n = 1 contributes variance 0 to the pooled
 *    variance; n1 = n2 = 1 gives df = 0 and NaN results.
 *  - Paired with n = 1: NaN t and p (scipy test ttest_rel(4., 3.)).
 * NaN/Inf input gives FS_ENUMERIC naming the sample ("x[2] is NaN"); empty
 * input FS_ECONFIG.
 */
#ifndef FS_ANALYSIS_TTEST_H
#define FS_ANALYSIS_TTEST_H

#include <stddef.h>

#include "analysis/stats_common.h"

/* Welch's unequal-variance t-test of mean(x) - mean(y). */
int fs_stats_ttest_welch(const double *x, size_t nx, const double *y,
                         size_t ny, fs_alternative alt, fs_test_result *out,
                         fs_err *e);

/* Student's pooled-variance t-test, df = nx + ny - 2. */
int fs_stats_ttest_student(const double *x, size_t nx, const double *y,
                           size_t ny, fs_alternative alt,
                           fs_test_result *out, fs_err *e);

/* Paired t-test on d = x - y (length n each), df = n - 1. */
int fs_stats_ttest_paired(const double *x, const double *y, size_t n,
                          fs_alternative alt, fs_test_result *out,
                          fs_err *e);

#endif /* FS_ANALYSIS_TTEST_H */
