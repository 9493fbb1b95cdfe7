/* analysis/effect.c - effect sizes. See effect.h. */
#include "analysis/effect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "analysis/desc.h"
#include "analysis/stats_common.h"

double fs_stats_cohen_d(const double *x, size_t nx, const double *y,
                        size_t ny)
{
    double v1 = nx > 1 ? fs_stats_var(x, nx) : 0.0;
    double v2 = ny > 1 ? fs_stats_var(y, ny) : 0.0;
    double sp = sqrt(((double)(nx - 1) * v1 + (double)(ny - 1) * v2) /
                     (double)(nx + ny - 2));
    return (fs_stats_mean(x, nx) - fs_stats_mean(y, ny)) / sp;
}

double fs_stats_hedges_g(const double *x, size_t nx, const double *y,
                         size_t ny)
{
    double j = 1.0 - 3.0 / (4.0 * (double)(nx + ny) - 9.0);
    return fs_stats_cohen_d(x, nx, y, ny) * j;
}

/* Number of elements of sorted s[0..n-1] that are < v (lower bound). */
static size_t count_below(const double *s, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Number of elements <= v (upper bound). */
static size_t count_not_above(const double *s, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* gt = #(x_i > y_j), eq = #(x_i == y_j), over all pairs. */
static void dominance(const double *x, size_t nx, const double *y, size_t ny,
                      double *gt, double *eq)
{
    double *s = fs_xmalloc(ny * sizeof *s);
    memcpy(s, y, ny * sizeof *s);
    gsl_sort(s, 1, ny);
    double g = 0.0, q = 0.0;
    for (size_t i = 0; i < nx; i++) {
        size_t below = count_below(s, ny, x[i]);
        size_t not_above = count_not_above(s, ny, x[i]);
        g += (double)below;
        q += (double)(not_above - below);
    }
    free(s);
    *gt = g;
    *eq = q;
}

double fs_stats_a12(const double *x, size_t nx, const double *y, size_t ny)
{
    double gt, eq;
    dominance(x, nx, y, ny, &gt, &eq);
    return (gt + 0.5 * eq) / ((double)nx * (double)ny);
}

int fs_stats_effect_sizes(const double *x, size_t nx, const double *y,
                          size_t ny, fs_effect_sizes *out, fs_err *e)
{
    int rc = fs_stats_check_sample(x, nx, "x", e);
    if (rc || (rc = fs_stats_check_sample(y, ny, "y", e)))
        return rc;
    out->cohen_d = nx + ny > 2 ? fs_stats_cohen_d(x, nx, y, ny) : NAN;
    out->hedges_g = nx + ny > 2 ? fs_stats_hedges_g(x, nx, y, ny) : NAN;
    double gt, eq, pairs = (double)nx * (double)ny;
    dominance(x, nx, y, ny, &gt, &eq);
    double lt = pairs - gt - eq;
    out->cliff_delta = (gt - lt) / pairs;
    out->a12 = (gt + 0.5 * eq) / pairs;
    return 0;
}

const char *fs_effect_d_magnitude(double d)
{
    double a = fabs(d);
    if (isnan(a)) return "undefined";
    return a < 0.2 ? "negligible" : a < 0.5 ? "small"
         : a < 0.8 ? "medium" : "large";
}

const char *fs_effect_delta_magnitude(double delta)
{
    double a = fabs(delta);
    if (isnan(a)) return "undefined";
    return a < 0.147 ? "negligible" : a < 0.33 ? "small"
         : a < 0.474 ? "medium" : "large";
}
