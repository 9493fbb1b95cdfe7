/* analysis/wilcoxon.c - Wilcoxon signed-rank test. See wilcoxon.h. */
#include "analysis/wilcoxon.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

void fs_stats_wilcoxon_pmf(size_t c, double *pmf)
{
    size_t len = c * (c + 1) / 2 + 1;
    for (size_t s = 0; s < len; s++)
        pmf[s] = 0.0;
    pmf[0] = 1.0;
    for (size_t k = 1; k <= c; k++) {
        size_t top = k * (k + 1) / 2;
        for (size_t s = top + 1; s-- > 0;) {
            double v = 0.5 * pmf[s];
            if (s >= k)
                v += 0.5 * pmf[s - k];
            pmf[s] = v;
        }
    }
}

static double clip01(double p)
{
    return p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
}

static double exact_pvalue(double rplus, size_t c, fs_alternative alt)
{
    size_t top = c * (c + 1) / 2;
    double *pmf = fs_xmalloc((top + 1) * sizeof *pmf);
    fs_stats_wilcoxon_pmf(c, pmf);
    double kc = ceil(rplus), kf = floor(rplus);
    double cdf = 0.0, sf = 0.0;
    for (size_t s = 0; s <= top; s++) {
        if ((double)s <= kc)
            cdf += pmf[s];
        if ((double)s >= kf)
            sf += pmf[s];
    }
    free(pmf);
    if (alt == FS_LESS)
        return clip01(cdf);
    if (alt == FS_GREATER)
        return clip01(sf);
    return clip01(2.0 * (sf < cdf ? sf : cdf));
}

/* All 2^c sign assignments of the nonzero ranks r[0..c-1]. */
static double perm_pvalue(const double *r, size_t c, double rplus,
                          fs_alternative alt, size_t *count)
{
    uint64_t total = (uint64_t)1 << c;
    double gamma = 100.0 * DBL_EPSILON * fabs(rplus);
    uint64_t n_le = 0, n_ge = 0;
    for (uint64_t mask = 0; mask < total; mask++) {
        double s = 0.0;
        for (size_t i = 0; i < c; i++)
            if (mask >> i & 1u)
                s += r[i];
        n_le += s <= rplus + gamma;
        n_ge += s >= rplus - gamma;
    }
    *count = (size_t)total;
    double pl = (double)n_le / (double)total;
    double pg = (double)n_ge / (double)total;
    if (alt == FS_LESS) return clip01(pl);
    if (alt == FS_GREATER) return clip01(pg);
    return clip01(2.0 * (pl < pg ? pl : pg));
}

int fs_stats_wilcoxon(const double *x, const double *y, size_t n,
                      fs_alternative alt, fs_pmethod method, int correction,
                      fs_test_result *out, fs_err *e)
{
    int rc = fs_stats_check_sample(x, n, "x", e);
    if (rc || (y && (rc = fs_stats_check_sample(y, n, "y", e))))
        return rc;
    double *d = fs_xmalloc(3 * n * sizeof *d);
    double *absd = d + n, *rank = d + 2 * n;
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        double v = y ? x[i] - y[i] : x[i];
        if (v != 0.0) {
            d[c] = v;
            absd[c] = fabs(v);
            c++;
        }
    }
    size_t n_zero = n - c;
    double ties = fs_stats_rank_average(absd, c, rank);
    double rplus = 0.0, rminus = 0.0;
    for (size_t i = 0; i < c; i++) {
        if (d[i] > 0)
            rplus += rank[i];
        else
            rminus += rank[i];
    }

    if (method == FS_PMETHOD_AUTO) {
        if (n > 50)
            method = FS_PMETHOD_ASYMPTOTIC;
        else if (ties == 0.0 && n_zero == 0)
            method = FS_PMETHOD_EXACT;
        else if (n <= 13)
            method = (fs_pmethod)-1;   /* sign-flip enumeration */
        else
            method = FS_PMETHOD_ASYMPTOTIC;
    }
    if (method == FS_PMETHOD_EXACT && c > 1000) {
        free(d);
        return fs_err_set(e, FS_ECONFIG,
                          "exact signed-rank distribution for %zu nonzero "
                          "differences is too large; use asymptotic", c);
    }

    *out = fs_test_result_nan(alt);
    out->statistic = alt == FS_TWO_SIDED ? (rplus < rminus ? rplus : rminus)
                                         : rplus;
    if (method == FS_PMETHOD_EXACT) {
        out->method = "exact";
        out->pvalue = exact_pvalue(rplus, c, alt);
    } else if (method == FS_PMETHOD_ASYMPTOTIC) {
        double dc = (double)c;
        double mn = dc * (dc + 1.0) * 0.25;
        double se = sqrt((dc * (dc + 1.0) * (2.0 * dc + 1.0) - ties / 2.0) /
                         24.0);
        double z = (rplus - mn) / se;
        if (correction) {
            double sgn = alt == FS_GREATER ? 1.0 : alt == FS_LESS ? -1.0
                       : (double)((z > 0) - (z < 0));
            z -= sgn * 0.5 / se;
        }
        out->method = "asymptotic";
        out->pvalue = fs_stats_pvalue_z(z, alt);
        out->zstatistic = alt == FS_TWO_SIDED ? -fabs(z) : z;
    } else {
        out->method = "permutation";
        out->pvalue = perm_pvalue(rank, c, rplus, alt, &out->n_resamples);
    }
    free(d);
    return 0;
}
