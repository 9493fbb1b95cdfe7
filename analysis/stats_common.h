/* analysis/stats_common.h - what every significance test shares: the
 * alternative hypothesis, the result record, input validation, average ranks
 * with ties, and p-values from the t and normal distributions.
 *
 * Conventions of the analysis/ statistics library (fs_stats_*):
 *  - Inputs are caller-owned `const double *` arrays with explicit lengths;
 *    nothing is retained after a call returns. Functions that need scratch
 *    space allocate it with fs_xmalloc and free it before returning.
 *  - NaN or +-Inf anywhere in an input is rejected with FS_ENUMERIC and a
 *    message naming the sample and the 0-based index ("x[3] is NaN").
 *    Empty samples are rejected with FS_ECONFIG.
 *  - Degenerate but valid inputs (n = 1, zero variance, identical samples)
 *    do not fail: they give the same NaN/inf/0/1 results SciPy gives; each
 *    function's comment says which.
 *  - p-values follow SciPy's _get_pvalue: 'less' = cdf(stat), 'greater' =
 *    sf(stat), 'two-sided' = 2 sf(|stat|) for symmetric nulls; clipped to
 *    [0, 1].
 *
 * Accuracy of the distribution functions (GSL 2.7, gsl_cdf_tdist_P/Q and
 * gsl_cdf_ugaussian_P/Q): compared with a 50-digit mpmath evaluation of
 * I_x(nu/2, 1/2) on a grid nu in [0.5, 1e9], |t| in [1e-8, 1e4], the t tail
 * probabilities agree to <= 1e-12 relative wherever the true value exceeds
 * 1e-290 (worst seen 8e-13 at nu = 31, t = 5, where GSL switches to its
 * Cornish-Fisher branch); smaller tails may underflow to 0. The reference
 * notes GSL's own test tolerance of 2.3e-10, so unit tests compare p-values
 * with SciPy/R at rtol 1e-9 unless the reference itself has fewer digits.
 * gsl_sf_beta_inc is not used: it calls the (aborting) GSL error handler on
 * underflow for large nu.
 */
#ifndef FS_ANALYSIS_STATS_COMMON_H
#define FS_ANALYSIS_STATS_COMMON_H

#include <stddef.h>

#include "core/err.h"

/* The alternative hypothesis, stated for x relative to y (SciPy semantics:
 * 'less' means the distribution underlying x is stochastically smaller, or
 * mean(x) < mean(y) for t-tests). */
typedef enum fs_alternative {
    FS_TWO_SIDED = 0,
    FS_LESS = 1,
    FS_GREATER = 2
} fs_alternative;

/* How to compute a rank test's p-value. AUTO follows SciPy's rule for the
 * test (see mwu.h, wilcoxon.h). */
typedef enum fs_pmethod {
    FS_PMETHOD_AUTO = 0,
    FS_PMETHOD_EXACT = 1,
    FS_PMETHOD_ASYMPTOTIC = 2
} fs_pmethod;

/* The outcome of one hypothesis test. Plain data. */
typedef struct fs_test_result {
    double statistic;          /* the test's statistic (see each test) */
    double df;                 /* degrees of freedom; NaN when undefined */
    double pvalue;             /* in [0, 1], or NaN (documented cases) */
    double zstatistic;         /* normal deviate if method is asymptotic,
                                  else NaN */
    const char *method;        /* static string: "t-distribution", "exact",
                                  "asymptotic", "permutation",
                                  "monte-carlo" */
    fs_alternative alternative;
    size_t n_resamples;        /* permutations/sign flips evaluated, 0 if
                                  none */
} fs_test_result;

/* "two-sided", "less", "greater". Never NULL. */
const char *fs_alternative_name(fs_alternative alt);

/* Parse "two-sided" (also "two.sided"), "less", "greater" into *alt.
 * Returns 0, or FS_EUSAGE with a message listing the choices. */
int fs_alternative_parse(const char *s, fs_alternative *alt, fs_err *e);

/* Reject non-finite input. `name` names the sample in the message
 * ("x" gives "x[3] is NaN"). Returns 0, FS_ECONFIG for n == 0 ("x is
 * empty"), or FS_ENUMERIC. */
int fs_stats_check_sample(const double *v, size_t n, const char *name,
                          fs_err *e);

/* Average ranks (1-based) of v[0..n-1] into rank[0..n-1]; ties get the mean
 * of the ranks they span. Returns sum over tie groups of (t^3 - t), which is
 * 0 exactly when there are no ties. v must be finite. Allocates O(n)
 * scratch. */
double fs_stats_rank_average(const double *v, size_t n, double *rank);

/* p-value of a Student-t statistic t with df degrees of freedom (df > 0,
 * real-valued). t = +-inf gives 0 or 1; NaN t or df <= 0 / NaN gives NaN. */
double fs_stats_pvalue_t(double t, double df, fs_alternative alt);

/* p-value of a standard-normal deviate z. NaN z gives NaN. */
double fs_stats_pvalue_z(double z, fs_alternative alt);

/* An empty result: every number NaN, method "", n_resamples 0. */
fs_test_result fs_test_result_nan(fs_alternative alt);

#endif /* FS_ANALYSIS_STATS_COMMON_H */
