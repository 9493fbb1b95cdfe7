/* learners/decaf_fair.c - DECAF's per-agent fairness rewards (see
 * decaf_fair.h). */
#include "learners/decaf_fair.h"

#include <math.h>
#include <string.h>

#include "core/fairness.h"

#define GINI_EPS 1e-6

int fs_decaf_fairness_parse(const char *name)
{
    if (strcmp(name, "variance") == 0)
        return FS_DECAF_VARIANCE;
    if (strcmp(name, "gini") == 0)
        return FS_DECAF_GINI;
    if (strcmp(name, "maximin") == 0)
        return FS_DECAF_MAXIMIN;
    return -1;
}

static double mean_of(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i];
    return s / n;
}

static void variance_reward(const double *z, const double *z1, int n, double *r)
{
    double m = mean_of(z, n), m1 = mean_of(z1, n);
    for (int i = 0; i < n; i++)
        r[i] = -((z1[i] - m1) * (z1[i] - m1) - (z[i] - m) * (z[i] - m)) / n;
}

/* Agent i's share of Gini(x + eps): sum_j |x_i - x_j| / (2 n^2 mean). */
static double gini_share(const double *x, int n, int i)
{
    double m = mean_of(x, n) + GINI_EPS, s = 0.0;
    for (int j = 0; j < n; j++)
        s += fabs(x[i] - x[j]);
    return s / (2.0 * n * n * m);
}

static void gini_reward(const double *z, const double *z1, int n, double *r)
{
    for (int i = 0; i < n; i++)
        r[i] = gini_share(z, n, i) - gini_share(z1, n, i);
}

static double min_of(const double *x, int n)
{
    double m = x[0];
    for (int i = 1; i < n; i++)
        m = fmin(m, x[i]);
    return m;
}

static void maximin_reward(const double *z, const double *z1, int n, double *r)
{
    double m = min_of(z, n), m1 = min_of(z1, n), s = 0.0;
    for (int i = 0; i < n; i++) {
        double d = z1[i] - z[i];
        r[i] = (z[i] == m) * d + (z1[i] == m1) * d + (m1 - m) / n;
        s += r[i];
    }
    if (s != 0.0)
        for (int i = 0; i < n; i++)
            r[i] *= (m1 - m) / s;
}

void fs_decaf_fair_reward(enum fs_decaf_fairness kind, const double *z,
                          const double *z1, int n, double *r)
{
    switch (kind) {
    case FS_DECAF_GINI:
        gini_reward(z, z1, n, r);
        break;
    case FS_DECAF_MAXIMIN:
        maximin_reward(z, z1, n, r);
        break;
    case FS_DECAF_VARIANCE:
    default:
        variance_reward(z, z1, n, r);
        break;
    }
}

double fs_decaf_fair_value(enum fs_decaf_fairness kind, const double *x, int n)
{
    switch (kind) {
    case FS_DECAF_GINI: {
        double s = 0.0, m = mean_of(x, n) + GINI_EPS;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                s += fabs(x[i] - x[j]);
        return -s / (2.0 * n * n * m);
    }
    case FS_DECAF_MAXIMIN:
        return min_of(x, n);
    case FS_DECAF_VARIANCE:
    default:
        return -fs_fair_variance(x, (size_t)n);
    }
}
