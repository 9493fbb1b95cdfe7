/* analysis/bootstrap.c - bootstrap confidence intervals. See bootstrap.h. */
#include "analysis/bootstrap.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "analysis/desc.h"
#include "analysis/stats_common.h"

double fs_stats_stat_mean(const double *x, size_t nx, const double *y,
                          size_t ny, void *ctx)
{
    (void)y;
    (void)ny;
    (void)ctx;
    return fs_stats_mean(x, nx);
}

double fs_stats_stat_mean_diff(const double *x, size_t nx, const double *y,
                               size_t ny, void *ctx)
{
    (void)ctx;
    return fs_stats_mean(x, nx) - fs_stats_mean(y, ny);
}

int fs_boot_method_parse(const char *s, fs_boot_method *m, fs_err *e)
{
    char low[16];
    size_t i = 0;
    for (; s[i] && i + 1 < sizeof low; i++)
        low[i] = (char)tolower((unsigned char)s[i]);
    low[i] = '\0';
    if (s[i] == '\0' && strcmp(low, "percentile") == 0)
        *m = FS_BOOT_PERCENTILE;
    else if (s[i] == '\0' && strcmp(low, "bca") == 0)
        *m = FS_BOOT_BCA;
    else
        return fs_err_set(e, FS_EUSAGE,
                          "unknown bootstrap method '%s' (percentile, bca)",
                          s);
    return 0;
}

static void resample(const double *src, size_t n, double *dst, fs_rng *rng)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = src[fs_rng_below(rng, n)];
}

/* Quantile of sorted replicates at probability p; NaN p gives NaN. */
static double quantile_or_nan(const double *sorted, size_t n, double p)
{
    if (isnan(p))
        return NAN;
    return fs_stats_quantile_sorted(sorted, n, p);
}

/* Jackknife sums over one sample: leave each observation of `which` out. */
static void jackknife(const double *x, size_t nx, const double *y, size_t ny,
                      int which, fs_stats_statistic_fn stat, void *ctx,
                      double *sum2, double *sum3)
{
    size_t n = which == 0 ? nx : ny;
    const double *src = which == 0 ? x : y;
    double *loo = fs_xmalloc((n - 1) * sizeof *loo);
    double *th = fs_xmalloc(n * sizeof *th);
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                loo[k++] = src[j];
        th[i] = which == 0 ? stat(loo, n - 1, y, ny, ctx)
                           : stat(x, nx, loo, n - 1, ctx);
    }
    double mean = fs_stats_mean(th, n), dn = (double)n;
    double s2 = 0.0, s3 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double u = (dn - 1.0) * (mean - th[i]);
        s2 += u * u;
        s3 += u * u * u;
    }
    *sum2 += s2 / (dn * dn);
    *sum3 += s3 / (dn * dn * dn);
    free(loo);
    free(th);
}

static void bca_bounds(const double *sorted, size_t b, double theta,
                       double alpha, double accel, fs_boot_ci *out)
{
    size_t less = 0, le = 0;
    for (size_t i = 0; i < b; i++) {
        less += sorted[i] < theta;
        le += sorted[i] <= theta;
    }
    double pct = (double)(less + le) / (2.0 * (double)b);
    double z0 = gsl_cdf_ugaussian_Pinv(pct);
    double za = gsl_cdf_ugaussian_Pinv(alpha);
    double zb = gsl_cdf_ugaussian_Pinv(1.0 - alpha);
    double a1 = z0 + (z0 + za) / (1.0 - accel * (z0 + za));
    double a2 = z0 + (z0 + zb) / (1.0 - accel * (z0 + zb));
    double p1 = NAN, p2 = NAN;   /* SciPy: NaN bounds, with a warning */
    if (!isinf(z0) && !isnan(a1) && !isnan(a2)) {
        p1 = gsl_cdf_ugaussian_P(a1);
        p2 = gsl_cdf_ugaussian_P(a2);
    }
    out->z0 = z0;
    out->lo = quantile_or_nan(sorted, b, p1);
    out->hi = quantile_or_nan(sorted, b, p2);
}

int fs_stats_bootstrap_ci(const double *x, size_t nx, const double *y,
                          size_t ny, fs_stats_statistic_fn stat, void *ctx,
                          size_t n_resamples, double level,
                          fs_boot_method method, fs_rng *rng,
                          fs_boot_ci *out, fs_err *e)
{
    int rc = fs_stats_check_sample(x, nx, "x", e);
    if (rc || (y && (rc = fs_stats_check_sample(y, ny, "y", e))))
        return rc;
    if (nx < 2 || (y && ny < 2))
        return fs_err_set(e, FS_ECONFIG, "bootstrap needs at least 2 "
                          "observations in each sample");
    if (n_resamples < 2)
        return fs_err_set(e, FS_ECONFIG, "bootstrap needs >= 2 resamples");
    if (!(level > 0.0 && level < 1.0))
        return fs_err_set(e, FS_ECONFIG,
                          "confidence level %g is outside (0, 1)", level);
    if (!y)
        ny = 0;
    double *bx = fs_xmalloc((nx + ny) * sizeof *bx);
    double *by = y ? bx + nx : NULL;
    double *theta_b = fs_xmalloc(n_resamples * sizeof *theta_b);
    for (size_t b = 0; b < n_resamples; b++) {
        resample(x, nx, bx, rng);
        if (y)
            resample(y, ny, by, rng);
        theta_b[b] = stat(bx, nx, by, ny, ctx);
    }
    free(bx);

    double alpha = 0.5 * (1.0 - level);
    out->estimate = stat(x, nx, y, ny, ctx);
    out->level = level;
    out->standard_error = sqrt(fs_stats_var(theta_b, n_resamples));
    out->n_resamples = n_resamples;
    gsl_sort(theta_b, 1, n_resamples);
    if (method == FS_BOOT_PERCENTILE) {
        out->method = "percentile";
        out->z0 = out->accel = NAN;
        out->lo = fs_stats_quantile_sorted(theta_b, n_resamples, alpha);
        out->hi = fs_stats_quantile_sorted(theta_b, n_resamples, 1.0 - alpha);
    } else {
        double s2 = 0.0, s3 = 0.0;
        jackknife(x, nx, y, ny, 0, stat, ctx, &s2, &s3);
        if (y)
            jackknife(x, nx, y, ny, 1, stat, ctx, &s2, &s3);
        out->method = "BCa";
        out->accel = s3 / (6.0 * pow(s2, 1.5));
        bca_bounds(theta_b, n_resamples, out->estimate, alpha, out->accel,
                   out);
    }
    free(theta_b);
    return 0;
}
