/* analysis/stats_common.c - shared machinery of the tests. See the header. */
#include "analysis/stats_common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

const char *fs_alternative_name(fs_alternative alt)
{
    switch (alt) {
    case FS_LESS: return "less";
    case FS_GREATER: return "greater";
    default: return "two-sided";
    }
}

int fs_alternative_parse(const char *s, fs_alternative *alt, fs_err *e)
{
    if (strcmp(s, "two-sided") == 0 || strcmp(s, "two.sided") == 0)
        *alt = FS_TWO_SIDED;
    else if (strcmp(s, "less") == 0)
        *alt = FS_LESS;
    else if (strcmp(s, "greater") == 0)
        *alt = FS_GREATER;
    else
        return fs_err_set(e, FS_EUSAGE,
                          "unknown alternative '%s' (two-sided, less, greater)",
                          s);
    return 0;
}

int fs_stats_check_sample(const double *v, size_t n, const char *name,
                          fs_err *e)
{
    if (n == 0)
        return fs_err_set(e, FS_ECONFIG, "%s is empty", name);
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            return fs_err_set(e, FS_ENUMERIC, "%s[%zu] is NaN", name, i);
        if (isinf(v[i]))
            return fs_err_set(e, FS_ENUMERIC, "%s[%zu] is %s", name, i,
                              v[i] > 0 ? "+inf" : "-inf");
    }
    return 0;
}

struct keyed {
    double v;
    size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *p = a, *q = b;
    if (p->v < q->v) return -1;
    if (p->v > q->v) return 1;
    return (p->i > q->i) - (p->i < q->i);
}

double fs_stats_rank_average(const double *v, size_t n, double *rank)
{
    if (n == 0)
        return 0.0;
    struct keyed *k = fs_xmalloc(n * sizeof *k);
    for (size_t i = 0; i < n; i++) {
        k[i].v = v[i];
        k[i].i = i;
    }
    qsort(k, n, sizeof *k, cmp_keyed);
    double ties = 0.0;
    size_t first = 0;
    while (first < n) {
        size_t last = first;
        while (last + 1 < n && k[last + 1].v == k[first].v)
            last++;
        double r = 0.5 * (double)(first + last) + 1.0;
        for (size_t j = first; j <= last; j++)
            rank[k[j].i] = r;
        double t = (double)(last - first + 1);
        ties += t * t * t - t;
        first = last + 1;
    }
    free(k);
    return ties;
}

static double clip01(double p)
{
    if (isnan(p))
        return p;
    return p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
}

double fs_stats_pvalue_t(double t, double df, fs_alternative alt)
{
    if (isnan(t) || isnan(df) || !(df > 0.0))
        return NAN;
    switch (alt) {
    case FS_LESS:
        if (isinf(t)) return t > 0 ? 1.0 : 0.0;
        return gsl_cdf_tdist_P(t, df);
    case FS_GREATER:
        if (isinf(t)) return t > 0 ? 0.0 : 1.0;
        return gsl_cdf_tdist_Q(t, df);
    default:
        if (isinf(t)) return 0.0;
        return clip01(2.0 * gsl_cdf_tdist_Q(fabs(t), df));
    }
}

double fs_stats_pvalue_z(double z, fs_alternative alt)
{
    if (isnan(z))
        return NAN;
    switch (alt) {
    case FS_LESS:
        if (isinf(z)) return z > 0 ? 1.0 : 0.0;
        return gsl_cdf_ugaussian_P(z);
    case FS_GREATER:
        if (isinf(z)) return z > 0 ? 0.0 : 1.0;
        return gsl_cdf_ugaussian_Q(z);
    default:
        if (isinf(z)) return 0.0;
        return clip01(2.0 * gsl_cdf_ugaussian_Q(fabs(z)));
    }
}

fs_test_result fs_test_result_nan(fs_alternative alt)
{
    fs_test_result r;
    r.statistic = NAN;
    r.df = NAN;
    r.pvalue = NAN;
    r.zstatistic = NAN;
    r.method = "";
    r.alternative = alt;
    r.n_resamples = 0;
    return r;
}
