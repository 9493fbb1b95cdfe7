/* analysis/bootstrap.h - bootstrap confidence intervals (percentile and
 * BCa) for a statistic of one or two independent samples, as
 * scipy.stats.bootstrap(paired=False).
 *
 * Each replicate resamples every sample independently with replacement
 * (indices from the caller's fs_rng stream, so a seed reproduces the
 * interval exactly) and evaluates the statistic; B replicates theta*_b.
 *  - percentile: the type-7 quantiles of theta* at alpha and 1 - alpha,
 *    alpha = (1 - level) / 2.
 *  - BCa (Efron & Tibshirani 1993, 14.3 and 15.4, as SciPy's
 *    _bca_interval): z0 = Phi^-1((#(theta* < theta) + #(theta* <= theta)) /
 *    (2B)); jackknife per sample j, leaving one observation of that sample
 *    out: U_ji = (n_j - 1)(mean_i theta_j(i) - theta_j(i)); acceleration
 *    a = sum_j sum_i U_ji^3 / n_j^3 / (6 (sum_j sum_i U_ji^2 / n_j^2)^1.5);
 *    the interval is the type-7 quantiles of theta* at
 *    Phi(z0 + (z0 + z_q) / (1 - a (z0 + z_q))) for q = alpha, 1 - alpha.
 *    Degenerate replicates (all equal, or theta outside their range) give
 *    z0 = +-inf or a = 0/0 and NaN bounds, as SciPy (which warns).
 * standard_error is the sd (ddof = 1) of theta*.
 *
 * Every sample needs n >= 2 (SciPy's requirement; also the jackknife needs
 * it); otherwise FS_ECONFIG. NaN/Inf input gives FS_ENUMERIC.
 */
#ifndef FS_ANALYSIS_BOOTSTRAP_H
#define FS_ANALYSIS_BOOTSTRAP_H

#include <stddef.h>

#include "core/err.h"
#include "core/rng.h"

/* A statistic of x (nx values) and, for two-sample statistics, y (ny
 * values; y is NULL and ny 0 for one-sample use). Must be pure. */
typedef double (*fs_stats_statistic_fn)(const double *x, size_t nx,
                                        const double *y, size_t ny,
                                        void *ctx);

/* Built-in statistics: mean(x), and mean(x) - mean(y). */
double fs_stats_stat_mean(const double *x, size_t nx, const double *y,
                          size_t ny, void *ctx);
double fs_stats_stat_mean_diff(const double *x, size_t nx, const double *y,
                               size_t ny, void *ctx);

typedef enum fs_boot_method {
    FS_BOOT_PERCENTILE = 0,
    FS_BOOT_BCA = 1
} fs_boot_method;

/* A bootstrap interval. Plain data. */
typedef struct fs_boot_ci {
    double estimate;        /* statistic of the original data */
    double lo, hi;          /* interval bounds (NaN when degenerate) */
    double level;           /* confidence level, e.g. 0.95 */
    double standard_error;  /* sd of the replicates, ddof = 1 */
    double z0, accel;       /* BCa bias and acceleration (NaN for
                               percentile) */
    size_t n_resamples;
    const char *method;     /* "percentile" or "BCa" */
} fs_boot_ci;

/* "percentile"/"bca" (case-insensitive "BCa") -> *m; FS_EUSAGE otherwise. */
int fs_boot_method_parse(const char *s, fs_boot_method *m, fs_err *e);

/* Bootstrap interval for stat over x (and y if not NULL). n_resamples >= 2
 * (SciPy default 9999), level in (0, 1). Advances rng. Allocates
 * O(n_resamples + nx + ny) scratch. */
int fs_stats_bootstrap_ci(const double *x, size_t nx, const double *y,
                          size_t ny, fs_stats_statistic_fn stat, void *ctx,
                          size_t n_resamples, double level,
                          fs_boot_method method, fs_rng *rng,
                          fs_boot_ci *out, fs_err *e);

#endif /* FS_ANALYSIS_BOOTSTRAP_H */
