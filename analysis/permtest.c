/* analysis/permtest.c - permutation test. See permtest.h. */
#include "analysis/permtest.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


/* C(n, k) in floating point, saturating at +inf. */
static double binom(size_t n, size_t k)
{
    if (k > n - k)
        k = n - k;
    double r = 1.0;
    for (size_t i = 1; i <= k; i++)
        r = r * (double)(n - k + i) / (double)i;
    return floor(r + 0.5);
}

struct counts {
    size_t le, ge, total;
};

static void tally(struct counts *c, double s, double obs, double gamma)
{
    c->le += s <= obs + gamma;
    c->ge += s >= obs - gamma;
    c->total++;
}

/* Statistic of the split whose first group holds pooled[idx[0..nx-1]]. */
static double split_stat(double sum_x, double total, size_t nx, size_t ny)
{
    return sum_x / (double)nx - (total - sum_x) / (double)ny;
}

static void enumerate(const double *pooled, size_t n, size_t nx,
                      double total, double obs, double gamma,
                      struct counts *c)
{
    size_t ny = n - nx;
    size_t *idx = fs_xmalloc(nx * sizeof *idx);
    for (size_t i = 0; i < nx; i++)
        idx[i] = i;
    for (;;) {
        double s = 0.0;
        for (size_t i = 0; i < nx; i++)
            s += pooled[idx[i]];
        tally(c, split_stat(s, total, nx, ny), obs, gamma);
        /* next combination in lexicographic order */
        size_t i = nx;
        while (i > 0 && idx[i - 1] == n - nx + i - 1)
            i--;
        if (i == 0)
            break;
        idx[i - 1]++;
        for (size_t j = i; j < nx; j++)
            idx[j] = idx[j - 1] + 1;
    }
    free(idx);
}

static void monte_carlo(double *pooled, size_t n, size_t nx, double total,
                        double obs, double gamma, size_t draws, fs_rng *rng,
                        struct counts *c)
{
    size_t ny = n - nx;
    for (size_t b = 0; b < draws; b++) {
        /* partial Fisher-Yates: a uniform random nx-subset in front */
        double s = 0.0;
        for (size_t i = 0; i < nx; i++) {
            size_t j = i + (size_t)fs_rng_below(rng, n - i);
            double t = pooled[i];
            pooled[i] = pooled[j];
            pooled[j] = t;
            s += pooled[i];
        }
        tally(c, split_stat(s, total, nx, ny), obs, gamma);
    }
}

int fs_stats_perm_test(const double *x, size_t nx, const double *y,
                       size_t ny, fs_alternative alt, size_t max_resamples,
                       fs_rng *rng, fs_test_result *out, fs_err *e)
{
    int rc = fs_stats_check_sample(x, nx, "x", e);
    if (rc || (rc = fs_stats_check_sample(y, ny, "y", e)))
        return rc;
    if (max_resamples == 0)
        return fs_err_set(e, FS_ECONFIG, "permutation test needs >= 1 "
                          "resample");
    size_t n = nx + ny;
    int exact = binom(n, nx) <= (double)max_resamples;
    if (!exact && rng == NULL)
        return fs_err_set(e, FS_ECONFIG, "permutation test needs a random "
                          "stream for Monte Carlo resampling");
    double *pooled = fs_xmalloc(n * sizeof *pooled);
    memcpy(pooled, x, nx * sizeof *pooled);
    memcpy(pooled + nx, y, ny * sizeof *pooled);
    long double tot = 0.0L;
    for (size_t i = 0; i < n; i++)
        tot += pooled[i];
    double total = (double)tot;
    /* the observed statistic is computed exactly as each split's is, so
     * the identity split reproduces it bit for bit */
    double sum_x = 0.0;
    for (size_t i = 0; i < nx; i++)
        sum_x += pooled[i];
    double obs = split_stat(sum_x, total, nx, ny);
    double gamma = 100.0 * DBL_EPSILON * fabs(obs);
    struct counts c = {0, 0, 0};
    if (exact)
        enumerate(pooled, n, nx, total, obs, gamma, &c);
    else
        monte_carlo(pooled, n, nx, total, obs, gamma, max_resamples, rng, &c);
    free(pooled);

    double adj = exact ? 0.0 : 1.0;
    double pl = ((double)c.le + adj) / ((double)c.total + adj);
    double pg = ((double)c.ge + adj) / ((double)c.total + adj);
    double p = alt == FS_LESS ? pl : alt == FS_GREATER ? pg
             : 2.0 * (pl < pg ? pl : pg);
    *out = fs_test_result_nan(alt);
    out->statistic = obs;
    out->pvalue = p > 1.0 ? 1.0 : p;
    out->method = exact ? "exact" : "monte-carlo";
    out->n_resamples = c.total;
    return 0;
}
