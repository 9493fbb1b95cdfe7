/* core/fairness.c - fairness and welfare metrics. See fairness.h. */
#include "core/fairness.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>

static int any_nan(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i]))
            return 1;
    return 0;
}

static double sum(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* sum_i (x_i - mean)^2, two-pass. */
static double sum_sq_dev(const double *x, size_t n, double mean)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - mean) * (x[i] - mean);
    return s;
}

double fs_fair_gini(const double *x, size_t n)
{
    if (any_nan(x, n))
        return NAN;
    double s = sum(x, n);
    if (n <= 1 || s == 0.0)
        return 0.0;
    /* sum_i sum_j |x_i - x_j| / (2 n^2 xbar) with 2 n^2 xbar = 2 n S, and
     * the double sum is twice the sum over pairs i < j. */
    double pairs = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            pairs += fabs(x[i] - x[j]);
    return pairs / ((double)n * s);
}

double fs_fair_jain(const double *x, size_t n)
{
    if (any_nan(x, n))
        return NAN;
    double s = 0.0, s2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += x[i];
        s2 += x[i] * x[i];
    }
    if (s2 == 0.0)
        return 1.0;
    return s * s / ((double)n * s2);
}

double fs_fair_variance(const double *x, size_t n)
{
    if (any_nan(x, n))
        return NAN;
    if (n <= 1)
        return 0.0;
    double mean = sum(x, n) / (double)n;
    return sum_sq_dev(x, n, mean) / (double)n;
}

/* std / |mean| with std = sqrt(ssd / denom); the mean-0 rule of fairness.h. */
static double cv(const double *x, size_t n, double denom)
{
    if (any_nan(x, n))
        return NAN;
    if (n <= 1)
        return 0.0;
    double mean = sum(x, n) / (double)n;
    double sd = sqrt(sum_sq_dev(x, n, mean) / denom);
    if (mean == 0.0)
        return sd == 0.0 ? 0.0 : INFINITY;
    return sd / fabs(mean);
}

double fs_fair_cv_pop(const double *x, size_t n)
{
    return cv(x, n, (double)n);
}

double fs_fair_cv_sample(const double *x, size_t n)
{
    return cv(x, n, (double)n - 1.0);
}

double fs_fair_min(const double *x, size_t n)
{
    if (n == 0 || any_nan(x, n))
        return NAN;
    double m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] < m)
            m = x[i];
    return m;
}

double fs_fair_max_min(const double *x, size_t n)
{
    if (any_nan(x, n))
        return NAN;
    if (n <= 1)
        return 0.0;
    double lo = x[0], hi = x[0];
    for (size_t i = 1; i < n; i++) {
        if (x[i] < lo)
            lo = x[i];
        if (x[i] > hi)
            hi = x[i];
    }
    return hi - lo;
}

double fs_fair_nash_welfare(const double *x, size_t n)
{
    if (any_nan(x, n))
        return NAN;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] <= 0.0)
            return -INFINITY;
        s += log(x[i]);
    }
    return s;
}

double fs_fair_alpha_utility(const double *x, size_t n, double alpha)
{
    if (isnan(alpha) || any_nan(x, n))
        return NAN;
    if (alpha == 1.0)
        return fs_fair_nash_welfare(x, n);
    double e = 1.0 - alpha, s = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] == 0.0 && e < 0.0)
            return -INFINITY; /* 0^(negative) / (negative) */
        s += pow(x[i], e) / e;
    }
    return s;
}

double fs_fair_ggf(const double *x, const double *w, size_t n,
                   double *scratch)
{
    if (n == 0)
        return 0.0;
    if (any_nan(x, n))
        return NAN;
    memcpy(scratch, x, n * sizeof *scratch);
    gsl_sort(scratch, 1, n);
    double s = 0.0;
    for (size_t k = 0; k < n; k++)
        s += w[k] * scratch[k];
    return s;
}

void fs_fair_ggf_decaf_weights(double *w, size_t n)
{
    double v = 1.0;
    for (size_t k = 0; k < n; k++) {
        w[k] = v;
        v *= 0.5;
    }
}

double fs_fair_l1_workload(const double *task_count, size_t n)
{
    return fs_fair_gini(task_count, n);
}

double fs_fair_l2_skill(const double *s_used, const double *s_best,
                        size_t n_tasks)
{
    if (any_nan(s_used, n_tasks) || any_nan(s_best, n_tasks))
        return NAN;
    double s_max = sum(s_best, n_tasks);
    if (n_tasks == 0 || s_max <= 0.0)
        return 1.0;
    return 1.0 - sum(s_used, n_tasks) / s_max;
}

double fs_fair_l3(double l1, double l2, double alpha)
{
    return alpha * l1 + (1.0 - alpha) * l2;
}
