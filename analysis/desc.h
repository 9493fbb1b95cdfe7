/* analysis/desc.h - descriptive statistics of one sample: mean, sd (ddof=1),
 * the 95% t confidence interval of the mean, type-7 quantiles, trimmed mean
 * and interquartile mean (IQM).
 *
 * Definitions follow NumPy/SciPy: quantiles use linear interpolation between
 * order statistics (NumPy's default 'linear', Hyndman-Fan type 7, which is
 * also gsl_stats_quantile_from_sorted_data); the trimmed mean drops
 * floor(prop * n) values from each end with no fractional weighting
 * (scipy.stats.trim_mean), so the IQM of 6 values averages the middle 4.
 *
 * Inputs are validated (fs_stats_check_sample): NaN/Inf gives FS_ENUMERIC,
 * n == 0 gives FS_ECONFIG. n == 1 is valid: sd, se and the CI are NaN (as
 * numpy's var(ddof=1) of one value).
 */
#ifndef FS_ANALYSIS_DESC_H
#define FS_ANALYSIS_DESC_H

#include <stddef.h>

#include "core/err.h"

/* Summary of one sample. Plain data. */
typedef struct fs_stats_desc {
    size_t n;
    double mean;
    double sd;          /* ddof = 1; NaN when n == 1 */
    double se;          /* sd / sqrt(n) */
    double ci_lo;       /* mean -+ t_{0.975, n-1} * se; NaN when n == 1 */
    double ci_hi;
    double min, q25, median, q75, max;   /* type-7 quantiles */
    double iqm;         /* trim_mean(x, 0.25) */
} fs_stats_desc;

/* Arithmetic mean (long-double accumulation). n >= 1; no validation. */
double fs_stats_mean(const double *x, size_t n);

/* Sample variance with ddof = 1 (two-pass). NaN when n < 2; no validation. */
double fs_stats_var(const double *x, size_t n);

/* Quantile p in [0, 1] of already-sorted data, type 7. n >= 1. */
double fs_stats_quantile_sorted(const double *sorted, size_t n, double p);

/* Quantile p of unsorted data (copies and sorts). Validates x; p outside
 * [0, 1] gives FS_ECONFIG. */
int fs_stats_quantile(const double *x, size_t n, double p, double *out,
                      fs_err *e);

/* Mean after dropping floor(prop * n) values at each end of the sorted
 * sample; prop in [0, 0.5). Does not validate; n >= 1. */
double fs_stats_trim_mean_unchecked(const double *x, size_t n, double prop);

/* Validated trimmed mean. prop outside [0, 0.5) gives FS_ECONFIG. */
int fs_stats_trim_mean(const double *x, size_t n, double prop, double *out,
                       fs_err *e);

/* Interquartile mean = trim_mean(x, 0.25). Validates x. */
int fs_stats_iqm(const double *x, size_t n, double *out, fs_err *e);

/* Everything in fs_stats_desc at a 95% level. `name` names the sample in
 * error messages. */
int fs_stats_describe(const double *x, size_t n, const char *name,
                      fs_stats_desc *out, fs_err *e);

/* Same with a confidence level in (0, 1) for the t interval. */
int fs_stats_describe_level(const double *x, size_t n, const char *name,
                            double level, fs_stats_desc *out, fs_err *e);

#endif /* FS_ANALYSIS_DESC_H */
