/* analysis/mwu.c - Mann-Whitney U test. See mwu.h. */
#include "analysis/mwu.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Work budget for the exact distribution (multiply-adds). */
#define FS_MWU_EXACT_BUDGET 2e8

static double exact_cost(size_t m, size_t n)
{
    double lo = (double)(m < n ? m : n);
    return (double)(m + n) * lo * (double)m * (double)n * 0.5;
}

void fs_stats_mwu_pmf(size_t m, size_t n, double *pmf)
{
    size_t lo = m < n ? m : n, hi = m < n ? n : m;
    size_t len = lo * hi + 1;
    /* row[j] holds P_{N,j}(.), the distribution of U for j vs N-j. */
    double *rows = fs_xcalloc((lo + 1) * len, sizeof *rows);
    rows[0] = 1.0;
    for (size_t N = 1; N <= lo + hi; N++) {
        size_t jmax = N < lo ? N : lo;
        for (size_t j = jmax; j >= 1; j--) {
            if (N - j > hi)
                break;   /* never needed for the target (lo, hi) */
            double *cur = rows + j * len;
            const double *prev = rows + (j - 1) * len;
            double a = (double)j / (double)N;
            double b = (double)(N - j) / (double)N;
            size_t deg = j * (N - j);
            /* descending k so cur[k - j] is still the N-1 value */
            for (size_t k = deg + 1; k-- > 0;) {
                double v = a * prev[k];
                if (k >= j)
                    v += b * cur[k - j];
                cur[k] = v;
            }
        }
    }
    memcpy(pmf, rows + lo * len, len * sizeof *pmf);
    free(rows);
}

/* P(U >= u) from the exact pmf (u floored, SciPy casts to int). */
static double exact_sf(const double *pmf, size_t mn, double u)
{
    double k0 = floor(u);
    if (k0 <= 0)
        return 1.0;
    if (k0 > (double)mn)
        return 0.0;
    /* sum the shorter side for accuracy */
    size_t k = (size_t)k0;
    double s = 0.0;
    if (2 * k >= mn) {
        for (size_t i = k; i <= mn; i++)
            s += pmf[i];
        return s;
    }
    for (size_t i = 0; i < k; i++)
        s += pmf[i];
    return 1.0 - s;
}

static double exact_pvalue(double u1, size_t nx, size_t ny,
                           fs_alternative alt)
{
    size_t mn = nx * ny;
    double u2 = (double)mn - u1;
    double *pmf = fs_xmalloc((mn + 1) * sizeof *pmf);
    fs_stats_mwu_pmf(nx, ny, pmf);
    double p;
    if (alt == FS_GREATER)
        p = exact_sf(pmf, mn, u1);
    else if (alt == FS_LESS)
        p = exact_sf(pmf, mn, u2);
    else
        p = 2.0 * exact_sf(pmf, mn, u1 > u2 ? u1 : u2);
    free(pmf);
    return p > 1.0 ? 1.0 : (p < 0.0 ? 0.0 : p);
}

static double sign_of(double v)
{
    return (double)((v > 0) - (v < 0));
}

int fs_stats_mannwhitneyu(const double *x, size_t nx, const double *y,
                          size_t ny, fs_alternative alt, fs_pmethod method,
                          int use_continuity, fs_test_result *out,
                          fs_err *e)
{
    int rc = fs_stats_check_sample(x, nx, "x", e);
    if (rc || (rc = fs_stats_check_sample(y, ny, "y", e)))
        return rc;
    size_t n = nx + ny;
    double *xy = fs_xmalloc(2 * n * sizeof *xy);
    double *rank = xy + n;
    memcpy(xy, x, nx * sizeof *xy);
    memcpy(xy + nx, y, ny * sizeof *xy);
    double ties = fs_stats_rank_average(xy, n, rank);
    double r1 = 0.0;
    for (size_t i = 0; i < nx; i++)
        r1 += rank[i];
    free(xy);
    double u1 = r1 - (double)nx * (double)(nx + 1) / 2.0;

    int too_big = exact_cost(nx, ny) > FS_MWU_EXACT_BUDGET;
    if (method == FS_PMETHOD_EXACT && too_big)
        return fs_err_set(e, FS_ECONFIG,
                          "exact Mann-Whitney distribution for sizes %zu and "
                          "%zu is too costly; use the asymptotic method",
                          nx, ny);
    if (method == FS_PMETHOD_AUTO)
        method = (nx > 8 && ny > 8) || ties > 0 || too_big
                     ? FS_PMETHOD_ASYMPTOTIC : FS_PMETHOD_EXACT;

    *out = fs_test_result_nan(alt);
    out->statistic = u1;
    if (method == FS_PMETHOD_EXACT) {
        out->method = "exact";
        out->pvalue = exact_pvalue(u1, nx, ny, alt);
        return 0;
    }
    double dn = (double)n, prod = (double)nx * (double)ny;
    double mu = prod / 2.0;
    double s = sqrt(prod / 12.0 * ((dn + 1.0) - ties / (dn * (dn - 1.0))));
    double num = u1 - mu;
    if (use_continuity) {
        double sgn = alt == FS_GREATER ? 1.0
                   : alt == FS_LESS ? -1.0 : sign_of(num);
        num -= 0.5 * sgn;
    }
    out->method = "asymptotic";
    out->zstatistic = num / s;
    out->pvalue = fs_stats_pvalue_z(out->zstatistic, alt);
    return 0;
}
