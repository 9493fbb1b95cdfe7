/* analysis/desc.c - descriptive statistics. See desc.h. */
#include "analysis/desc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "analysis/stats_common.h"

double fs_stats_mean(const double *x, size_t n)
{
    long double s = 0.0L;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return (double)(s / (long double)n);
}

double fs_stats_var(const double *x, size_t n)
{
    if (n < 2)
        return NAN;
    double m = fs_stats_mean(x, n);
    long double s = 0.0L;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - m;
        s += (long double)d * d;
    }
    return (double)(s / (long double)(n - 1));
}

double fs_stats_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (isnan(p))
        return NAN;
    if (p <= 0.0)
        return sorted[0];
    if (p >= 1.0)
        return sorted[n - 1];
    return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}

static double *sorted_copy(const double *x, size_t n)
{
    double *s = fs_xmalloc(n * sizeof *s);
    memcpy(s, x, n * sizeof *s);
    gsl_sort(s, 1, n);
    return s;
}

int fs_stats_quantile(const double *x, size_t n, double p, double *out,
                      fs_err *e)
{
    int rc = fs_stats_check_sample(x, n, "x", e);
    if (rc)
        return rc;
    if (!(p >= 0.0 && p <= 1.0))
        return fs_err_set(e, FS_ECONFIG, "quantile %g is outside [0, 1]", p);
    double *s = sorted_copy(x, n);
    *out = fs_stats_quantile_sorted(s, n, p);
    free(s);
    return 0;
}

static double trim_mean_sorted(const double *s, size_t n, double prop)
{
    size_t cut = (size_t)floor(prop * (double)n);
    return fs_stats_mean(s + cut, n - 2 * cut);
}

double fs_stats_trim_mean_unchecked(const double *x, size_t n, double prop)
{
    double *s = sorted_copy(x, n);
    double m = trim_mean_sorted(s, n, prop);
    free(s);
    return m;
}

int fs_stats_trim_mean(const double *x, size_t n, double prop, double *out,
                       fs_err *e)
{
    int rc = fs_stats_check_sample(x, n, "x", e);
    if (rc)
        return rc;
    if (!(prop >= 0.0 && prop < 0.5))
        return fs_err_set(e, FS_ECONFIG,
                          "trim proportion %g is outside [0, 0.5)", prop);
    *out = fs_stats_trim_mean_unchecked(x, n, prop);
    return 0;
}

int fs_stats_iqm(const double *x, size_t n, double *out, fs_err *e)
{
    return fs_stats_trim_mean(x, n, 0.25, out, e);
}

int fs_stats_describe_level(const double *x, size_t n, const char *name,
                            double level, fs_stats_desc *out, fs_err *e)
{
    int rc = fs_stats_check_sample(x, n, name, e);
    if (rc)
        return rc;
    if (!(level > 0.0 && level < 1.0))
        return fs_err_set(e, FS_ECONFIG,
                          "confidence level %g is outside (0, 1)", level);
    double *s = sorted_copy(x, n);
    out->n = n;
    out->mean = fs_stats_mean(x, n);
    out->sd = sqrt(fs_stats_var(x, n));
    out->se = out->sd / sqrt((double)n);
    if (n >= 2) {
        double tq = gsl_cdf_tdist_Pinv(0.5 + 0.5 * level, (double)(n - 1));
        out->ci_lo = out->mean - tq * out->se;
        out->ci_hi = out->mean + tq * out->se;
    } else {
        out->ci_lo = out->ci_hi = NAN;
    }
    out->min = s[0];
    out->max = s[n - 1];
    out->q25 = fs_stats_quantile_sorted(s, n, 0.25);
    out->median = fs_stats_quantile_sorted(s, n, 0.5);
    out->q75 = fs_stats_quantile_sorted(s, n, 0.75);
    out->iqm = trim_mean_sorted(s, n, 0.25);
    free(s);
    return 0;
}

int fs_stats_describe(const double *x, size_t n, const char *name,
                      fs_stats_desc *out, fs_err *e)
{
    return fs_stats_describe_level(x, n, name, 0.95, out, e);
}
