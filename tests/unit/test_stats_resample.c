/* tests/unit/test_stats_resample.c - permutation test and bootstrap
 * intervals: exact enumerations by hand, Monte Carlo against exact, and
 * bootstrap plumbing against a naive re-implementation on the same stream
 * (NumPy's random streams cannot be reproduced, statistics.md 7.1). */
#include "tests/unit/test_common.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "analysis/bootstrap.h"
#include "analysis/permtest.h"

/* x = {1,2,3}, y = {4,5,6}: 20 splits, the observed -3 is the unique
 * minimum, so p_less = 1/20, p_greater = 1, two-sided 2/20 (exact, no +1;
 * scipy permutation_test semantics, statistics.md 1.6). */
static void test_perm_exact_by_hand(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double x[] = {1, 2, 3}, y[] = {4, 5, 6};
    assert_int_equal(fs_stats_perm_test(x, 3, y, 3, FS_TWO_SIDED, 9999, NULL,
                                        &r, &e), 0);
    assert_string_equal(r.method, "exact");
    assert_int_equal(r.n_resamples, 20);
    assert_close(r.statistic, -3, 0, 1e-15);
    assert_close(r.pvalue, 0.1, 0, 1e-15);
    fs_stats_perm_test(x, 3, y, 3, FS_LESS, 9999, NULL, &r, &e);
    assert_close(r.pvalue, 0.05, 0, 1e-15);
    fs_stats_perm_test(x, 3, y, 3, FS_GREATER, 9999, NULL, &r, &e);
    assert_close(r.pvalue, 1, 0, 0);
}

/* Identical samples: obs = 0 sits in the middle, p = 1; n = 1 each: two
 * splits {-1, +1}, p_less = 1/2, two-sided 1. */
static void test_perm_degenerate(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double a[] = {0.1, 0.2, 0.3};
    fs_stats_perm_test(a, 3, a, 3, FS_TWO_SIDED, 9999, NULL, &r, &e);
    assert_close(r.pvalue, 1, 0, 0);
    const double one = 1, two = 2;
    fs_stats_perm_test(&one, 1, &two, 1, FS_LESS, 9999, NULL, &r, &e);
    assert_int_equal(r.n_resamples, 2);
    assert_close(r.pvalue, 0.5, 0, 0);
    fs_stats_perm_test(&one, 1, &two, 1, FS_TWO_SIDED, 9999, NULL, &r, &e);
    assert_close(r.pvalue, 1, 0, 0);
}

/* 10 + 10 has 184756 splits > 9999: Monte Carlo with p = (k+1)/(B+1),
 * close to the exact p (binomial sd ~0.003 here), reproducible by seed. */
static void test_perm_monte_carlo(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result ex, mc, mc2;
    double x[10], y[10];
    for (int i = 0; i < 10; i++) {
        x[i] = (double)((i * 37) % 11) + 1.5;
        y[i] = (double)((i * 13) % 7) + 0.25;
    }
    fs_stats_perm_test(x, 10, y, 10, FS_TWO_SIDED, 200000, NULL, &ex, &e);
    assert_string_equal(ex.method, "exact");
    assert_int_equal(ex.n_resamples, 184756);
    fs_rng r;
    fs_rng_init(&r, 2024, 0, FS_RNG_STATS);
    assert_int_equal(fs_stats_perm_test(x, 10, y, 10, FS_TWO_SIDED, 9999, &r,
                                        &mc, &e), 0);
    assert_string_equal(mc.method, "monte-carlo");
    assert_int_equal(mc.n_resamples, 9999);
    assert_close(mc.pvalue, ex.pvalue, 0.015, 0);
    fs_test_result g;
    fs_rng_init(&r, 2024, 0, FS_RNG_STATS);
    fs_stats_perm_test(x, 10, y, 10, FS_GREATER, 9999, &r, &g, &e);
    double k = g.pvalue * 10000.0;          /* (k + 1) / (B + 1) */
    assert_close(k, floor(k + 0.5), 0, 1e-9);
    assert_true(g.pvalue > 0);
    fs_rng_init(&r, 2024, 0, FS_RNG_STATS);
    fs_stats_perm_test(x, 10, y, 10, FS_TWO_SIDED, 9999, &r, &mc2, &e);
    assert_close(mc2.pvalue, mc.pvalue, 0, 0);
    fs_err_clear(&e);
    assert_int_equal(fs_stats_perm_test(x, 10, y, 10, FS_TWO_SIDED, 9999, NULL,
                                        &mc, &e), FS_ECONFIG);
}

/* Naive percentile interval on the same stream: resample x (and y), then
 * type-7 quantiles of the sorted replicates. */
static void naive_percentile(const double *x, size_t nx, const double *y,
                             size_t ny, size_t b, double level, uint64_t seed,
                             double *lo, double *hi)
{
    fs_rng r;
    fs_rng_init(&r, seed, 0, FS_RNG_STATS);
    double *t = malloc(b * sizeof *t);
    for (size_t k = 0; k < b; k++) {
        double sx = 0, sy = 0;
        for (size_t i = 0; i < nx; i++)
            sx += x[fs_rng_below(&r, nx)];
        for (size_t i = 0; i < ny; i++)
            sy += y[fs_rng_below(&r, ny)];
        t[k] = sx / (double)nx - (ny ? sy / (double)ny : 0.0);
    }
    gsl_sort(t, 1, b);
    double a = (1 - level) / 2;
    double h = a * (double)(b - 1);
    size_t i = (size_t)h;
    *lo = t[i] + (h - (double)i) * (t[i + 1] - t[i]);
    h = (1 - a) * (double)(b - 1);
    i = (size_t)h;
    *hi = t[i] + (h - (double)i) * (t[i + 1] - t[i]);
    free(t);
}

static void test_bootstrap_percentile_matches_naive(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_boot_ci ci;
    fs_rng r;
    const double x[] = {3.1, 4.7, 2.2, 5.9, 4.4, 3.8, 6.1};
    const double y[] = {2.0, 2.9, 3.3, 1.7, 2.4};
    double lo, hi;
    fs_rng_init(&r, 11, 0, FS_RNG_STATS);
    assert_int_equal(fs_stats_bootstrap_ci(x, 7, y, 5, fs_stats_stat_mean_diff,
                                           NULL, 999, 0.9, FS_BOOT_PERCENTILE,
                                           &r, &ci, &e), 0);
    naive_percentile(x, 7, y, 5, 999, 0.9, 11, &lo, &hi);
    assert_close(ci.lo, lo, 0, 1e-12);
    assert_close(ci.hi, hi, 0, 1e-12);
    assert_string_equal(ci.method, "percentile");
    assert_close(ci.estimate, 30.2 / 7 - 12.3 / 5, 0, 1e-14);
    fs_rng_init(&r, 11, 0, FS_RNG_STATS);
    fs_stats_bootstrap_ci(x, 7, NULL, 0, fs_stats_stat_mean, NULL, 999, 0.9,
                          FS_BOOT_PERCENTILE, &r, &ci, &e);
    naive_percentile(x, 7, NULL, 0, 999, 0.9, 11, &lo, &hi);
    assert_close(ci.lo, lo, 0, 1e-12);
    assert_close(ci.hi, hi, 0, 1e-12);
}

/* BCa for the mean: the jackknife acceleration has the closed form
 * a = sum d^3 / (6 (sum d^2)^1.5), d = x - mean (Efron & Tibshirani 1993,
 * eq. 14.15); z0 = Phi^-1 of the mid-rank fraction of replicates below the
 * estimate. */
static void test_bca_acceleration_and_bias(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_boot_ci ci;
    fs_rng r;
    const double x[] = {1, 2, 3, 10, 4, 2.5};
    double m = 22.5 / 6, s2 = 0, s3 = 0;
    for (int i = 0; i < 6; i++) {
        double d = x[i] - m;
        s2 += d * d;
        s3 += d * d * d;
    }
    fs_rng_init(&r, 5, 0, FS_RNG_STATS);
    assert_int_equal(fs_stats_bootstrap_ci(x, 6, NULL, 0, fs_stats_stat_mean,
                                           NULL, 4000, 0.95, FS_BOOT_BCA, &r,
                                           &ci, &e), 0);
    assert_string_equal(ci.method, "BCa");
    assert_close(ci.accel, s3 / (6 * pow(s2, 1.5)), 0, 1e-12);
    assert_true(ci.lo < ci.estimate && ci.estimate < ci.hi);
    /* right skew: BCa moves both bounds up relative to percentile */
    fs_boot_ci pc;
    fs_rng_init(&r, 5, 0, FS_RNG_STATS);
    fs_stats_bootstrap_ci(x, 6, NULL, 0, fs_stats_stat_mean, NULL, 4000, 0.95,
                          FS_BOOT_PERCENTILE, &r, &pc, &e);
    assert_true(ci.hi > pc.hi);
    assert_true(isfinite(ci.z0));
}

/* Two-sample BCa sums the per-sample jackknife terms (SciPy
 * _bca_interval): for the mean difference U_1i = x_i - mean x and
 * U_2i = -(y_i - mean y). */
static void test_bca_two_sample_acceleration(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_boot_ci ci;
    fs_rng r;
    const double x[] = {1, 2, 7}, y[] = {0, 4, 5, 9};
    double mx = 10.0 / 3, my = 4.5, a2 = 0, a3 = 0;
    for (int i = 0; i < 3; i++) {
        double u = x[i] - mx;
        a2 += u * u / 9;
        a3 += u * u * u / 27;
    }
    for (int i = 0; i < 4; i++) {
        double u = -(y[i] - my);
        a2 += u * u / 16;
        a3 += u * u * u / 64;
    }
    fs_rng_init(&r, 3, 0, FS_RNG_STATS);
    fs_stats_bootstrap_ci(x, 3, y, 4, fs_stats_stat_mean_diff, NULL, 500, 0.95,
                          FS_BOOT_BCA, &r, &ci, &e);
    assert_close(ci.accel, a3 / (6 * pow(a2, 1.5)), 0, 1e-12);
}

/* Constant data: every replicate equals the estimate. Percentile gives a
 * zero-width interval; BCa gives NaN bounds (z0 = +inf), as SciPy. */
static void test_bootstrap_constant(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_boot_ci ci;
    fs_rng r;
    const double c[] = {2, 2, 2, 2};
    fs_rng_init(&r, 1, 0, FS_RNG_STATS);
    fs_stats_bootstrap_ci(c, 4, NULL, 0, fs_stats_stat_mean, NULL, 100, 0.95,
                          FS_BOOT_PERCENTILE, &r, &ci, &e);
    assert_close(ci.lo, 2, 0, 0);
    assert_close(ci.hi, 2, 0, 0);
    assert_close(ci.standard_error, 0, 0, 0);
    fs_stats_bootstrap_ci(c, 4, NULL, 0, fs_stats_stat_mean, NULL, 100, 0.95,
                          FS_BOOT_BCA, &r, &ci, &e);
    assert_true(isnan(ci.lo) && isnan(ci.hi));
}

static void test_bootstrap_invalid(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_boot_ci ci;
    fs_rng r;
    fs_rng_init(&r, 1, 0, FS_RNG_STATS);
    const double one = 1, x[] = {1, 2, NAN};
    assert_int_equal(fs_stats_bootstrap_ci(&one, 1, NULL, 0, fs_stats_stat_mean,
                                           NULL, 100, 0.95, FS_BOOT_BCA, &r,
                                           &ci, &e), FS_ECONFIG);
    fs_err_clear(&e);
    assert_int_equal(fs_stats_bootstrap_ci(x, 3, NULL, 0, fs_stats_stat_mean,
                                           NULL, 100, 0.95, FS_BOOT_BCA, &r,
                                           &ci, &e), FS_ENUMERIC);
    assert_string_equal(e.msg, "x[2] is NaN");
    fs_boot_method m;
    assert_int_equal(fs_boot_method_parse("BCa", &m, &e), 0);
    assert_int_equal(m, FS_BOOT_BCA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perm_exact_by_hand),
        cmocka_unit_test(test_perm_degenerate),
        cmocka_unit_test(test_perm_monte_carlo),
        cmocka_unit_test(test_bootstrap_percentile_matches_naive),
        cmocka_unit_test(test_bca_acceleration_and_bias),
        cmocka_unit_test(test_bca_two_sample_acceleration),
        cmocka_unit_test(test_bootstrap_constant),
        cmocka_unit_test(test_bootstrap_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
