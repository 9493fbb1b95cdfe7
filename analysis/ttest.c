/* analysis/ttest.c - t-tests. See ttest.h. */
#include "analysis/ttest.h"

#include <math.h>
#include <stdlib.h>

#include "analysis/desc.h"

static int check_two(const double *x, size_t nx, const double *y, size_t ny,
                     fs_err *e)
{
    int rc = fs_stats_check_sample(x, nx, "x", e);
    return rc ? rc : fs_stats_check_sample(y, ny, "y", e);
}

static void finish(fs_test_result *out, double t, double df,
                   fs_alternative alt)
{
    *out = fs_test_result_nan(alt);
    out->statistic = t;
    out->df = df;
    out->pvalue = fs_stats_pvalue_t(t, df, alt);
    out->method = "t-distribution";
}

int fs_stats_ttest_welch(const double *x, size_t nx, const double *y,
                         size_t ny, fs_alternative alt, fs_test_result *out,
                         fs_err *e)
{
    int rc = check_two(x, nx, y, ny, e);
    if (rc)
        return rc;
    double vn1 = fs_stats_var(x, nx) / (double)nx;
    double vn2 = fs_stats_var(y, ny) / (double)ny;
    double df = (vn1 + vn2) * (vn1 + vn2) /
                (vn1 * vn1 / (double)(nx - 1) + vn2 * vn2 / (double)(ny - 1));
    if (isnan(df) && !isnan(vn1) && !isnan(vn2))
        df = 1.0;   /* both variances zero: SciPy sets df = 1 */
    double t = (fs_stats_mean(x, nx) - fs_stats_mean(y, ny)) / sqrt(vn1 + vn2);
    finish(out, t, df, alt);
    return 0;
}

int fs_stats_ttest_student(const double *x, size_t nx, const double *y,
                           size_t ny, fs_alternative alt,
                           fs_test_result *out, fs_err *e)
{
    int rc = check_two(x, nx, y, ny, e);
    if (rc)
        return rc;
    double v1 = nx > 1 ? fs_stats_var(x, nx) : 0.0;
    double v2 = ny > 1 ? fs_stats_var(y, ny) : 0.0;
    double df = (double)(nx + ny - 2);
    double svar = ((double)(nx - 1) * v1 + (double)(ny - 1) * v2) / df;
    double denom = sqrt(svar * (1.0 / (double)nx + 1.0 / (double)ny));
    double t = (fs_stats_mean(x, nx) - fs_stats_mean(y, ny)) / denom;
    finish(out, t, df > 0 ? df : NAN, alt);
    return 0;
}

int fs_stats_ttest_paired(const double *x, const double *y, size_t n,
                          fs_alternative alt, fs_test_result *out,
                          fs_err *e)
{
    int rc = check_two(x, n, y, n, e);
    if (rc)
        return rc;
    double *d = fs_xmalloc(n * sizeof *d);
    for (size_t i = 0; i < n; i++)
        d[i] = x[i] - y[i];
    double t = fs_stats_mean(d, n) / sqrt(fs_stats_var(d, n) / (double)n);
    free(d);
    finish(out, t, n > 1 ? (double)(n - 1) : NAN, alt);
    return 0;
}
