/* tests/unit/test_stats_mwu.c - Mann-Whitney U against SciPy docstring and
 * test values (many of them R's wilcox.test outputs). */
#include "tests/unit/test_common.h"

#include <string.h>

#include "analysis/mwu.h"

/* scipy/scipy scipy/stats/_mannwhitneyu.py docstring (males vs females):
 * U1 = 17, exact p = 0.1111111111111111, asymptotic 0.11134688653314041. */
static void test_docstring_example(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double males[] = {19, 22, 16, 29, 24}, females[] = {20, 11, 17, 12};
    assert_int_equal(fs_stats_mannwhitneyu(males, 5, females, 4, FS_TWO_SIDED,
                                           FS_PMETHOD_AUTO, 1, &r, &e), 0);
    assert_close(r.statistic, 17, 0, 0);
    assert_string_equal(r.method, "exact");
    assert_close(r.pvalue, 0.1111111111111111, 0, 1e-13);
    assert_true(isnan(r.df) && isnan(r.zstatistic));
    fs_stats_mannwhitneyu(males, 5, females, 4, FS_TWO_SIDED,
                          FS_PMETHOD_ASYMPTOTIC, 1, &r, &e);
    assert_string_equal(r.method, "asymptotic");
    assert_close(r.pvalue, 0.11134688653314041, 0, 1e-12);
    /* z = (17 - 10 - 0.5) / sqrt(20 * 10 / 12) */
    assert_close(r.zstatistic, 6.5 / sqrt(200.0 / 12.0), 0, 1e-14);
    /* U of the other sample is nx ny - U1 */
    fs_stats_mannwhitneyu(females, 4, males, 5, FS_TWO_SIDED,
                          FS_PMETHOD_AUTO, 1, &r, &e);
    assert_close(r.statistic, 3, 0, 0);
    assert_close(r.pvalue, 0.1111111111111111, 0, 1e-13);
}

/* scipy/scipy scipy/stats/tests/test_mannwhitneyu.py test_gh_9184, values
 * from R wilcox.test (exact and exact=FALSE). Sizes 10 and 5, no ties:
 * AUTO picks exact. */
static void test_gh9184_against_r(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double x[] = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73,
                        1.46};
    const double y[] = {1.15, 0.88, 0.90, 0.74, 1.21};
    const struct { fs_alternative alt; fs_pmethod m; int cc; double p; } c[] = {
        {FS_LESS, FS_PMETHOD_ASYMPTOTIC, 1, 0.900775348204},
        {FS_GREATER, FS_PMETHOD_ASYMPTOTIC, 1, 0.1223118025635},
        {FS_TWO_SIDED, FS_PMETHOD_ASYMPTOTIC, 1, 0.244623605127},
        {FS_LESS, FS_PMETHOD_ASYMPTOTIC, 0, 0.8896643190401},
        {FS_GREATER, FS_PMETHOD_ASYMPTOTIC, 0, 0.1103356809599},
        {FS_TWO_SIDED, FS_PMETHOD_ASYMPTOTIC, 0, 0.2206713619198},
        {FS_LESS, FS_PMETHOD_AUTO, 1, 0.8967698967699},
        {FS_GREATER, FS_PMETHOD_AUTO, 1, 0.1272061272061},
        {FS_TWO_SIDED, FS_PMETHOD_AUTO, 1, 0.2544122544123},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        assert_int_equal(fs_stats_mannwhitneyu(x, 10, y, 5, c[i].alt, c[i].m,
                                               c[i].cc, &r, &e), 0);
        assert_close(r.statistic, 35, 0, 0);
        assert_close(r.pvalue, c[i].p, 1e-12, 1e-9);
        assert_string_equal(r.method, c[i].m == FS_PMETHOD_AUTO
                                          ? "exact" : "asymptotic");
    }
}

/* scipy test_mannwhitneyu.py test_continuity: mannwhitneyu(y, x,
 * method='asymptotic') for the gh-4933 data, against R. */
static void test_continuity_direction(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double x[] = {210.052110, 110.190630, 307.918612};
    const double y[] = {436.08811482466416, 416.37397329768191,
                        179.96975939463582, 197.8118754228619,
                        34.038757281225756, 138.54220550921517,
                        128.7769351470246, 265.92721427951852,
                        275.6617533155341, 592.34083395416258,
                        448.73177590617018, 300.61495185038905,
                        187.97508449019588};
    const struct { fs_alternative alt; int cc; double p; } c[] = {
        {FS_TWO_SIDED, 1, 0.6865041817876}, {FS_LESS, 1, 0.7047591913255},
        {FS_GREATER, 1, 0.3432520908938}, {FS_TWO_SIDED, 0, 0.6377328900502},
        {FS_LESS, 0, 0.6811335549749}, {FS_GREATER, 0, 0.3188664450251},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        fs_stats_mannwhitneyu(y, 13, x, 3, c[i].alt, FS_PMETHOD_ASYMPTOTIC,
                              c[i].cc, &r, &e);
        assert_close(r.statistic, 23, 0, 0);
        assert_close(r.pvalue, c[i].p, 1e-12, 1e-9);
    }
}

/* scipy test_mannwhitneyu.py test_tie_correct, against R wilcox.test(x, y,
 * exact=FALSE). Ties force the asymptotic method under AUTO. */
static void test_tie_correction(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double x[] = {1, 2, 3, 4};
    const double y[] = {1, 2, 3, 4, 5};
    fs_stats_mannwhitneyu(x, 4, y, 5, FS_TWO_SIDED, FS_PMETHOD_AUTO, 1, &r, &e);
    assert_string_equal(r.method, "asymptotic");
    assert_close(r.statistic, 8, 0, 0);
    assert_close(r.pvalue, 0.7086240584439, 1e-12, 1e-9);
    const double y2[] = {1, 2, 2.99, 4, 5};   /* y0 - dy2 */
    fs_stats_mannwhitneyu(x, 4, y2, 5, FS_TWO_SIDED, FS_PMETHOD_AUTO, 1, &r, &e);
    assert_close(r.statistic, 8.5, 0, 0);
    assert_close(r.pvalue, 0.804080657472, 1e-12, 1e-9);
    const double y3[] = {0.99, 1.99, 2.99, 3.99, 4.99};  /* y0 - 0.01 */
    fs_stats_mannwhitneyu(x, 4, y3, 5, FS_TWO_SIDED, FS_PMETHOD_ASYMPTOTIC, 1,
                          &r, &e);
    assert_close(r.statistic, 10, 0, 0);
    assert_close(r.pvalue, 1, 0, 1e-12);
}

/* Mann & Whitney (1947) table via scipy test_exact_distribution (pn3,
 * m = n = 3): CDF 0.05, .1, .2, .35, .5, .65 (exactly k/20 counts). */
static void test_exact_distribution_table(void **state)
{
    (void)state;
    double pmf[10], cdf = 0;
    const double want[] = {1, 2, 4, 7, 10, 13};
    fs_stats_mwu_pmf(3, 3, pmf);
    for (int k = 0; k < 6; k++) {
        cdf += pmf[k];
        assert_close(cdf, want[k] / 20.0, 0, 1e-14);
    }
    /* symmetry and normalisation for unequal sizes (pm6, m = 2) */
    double p2[13], tot = 0;
    fs_stats_mwu_pmf(2, 6, p2);
    for (int k = 0; k <= 12; k++) {
        tot += p2[k];
        assert_close(p2[k], p2[12 - k], 0, 1e-15);
    }
    assert_close(tot, 1, 0, 1e-14);
    assert_close(p2[0] + p2[1] + p2[2], 0.143, 1e-3, 0);   /* pm6[2][2] */
    double p3[13];
    fs_stats_mwu_pmf(6, 2, p3);
    for (int k = 0; k <= 12; k++)
        assert_close(p3[k], p2[k], 0, 1e-15);
}

/* scipy test_exact_U_equals_mean: U == m n / 2 gives p = 1, not > 1. */
static void test_exact_u_at_mean(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r, l, g;
    const double x[] = {1, 2, 3}, y[] = {1.5, 2.5};
    fs_stats_mannwhitneyu(x, 3, y, 2, FS_TWO_SIDED, FS_PMETHOD_EXACT, 1, &r, &e);
    assert_close(r.statistic, 3, 0, 0);
    assert_close(r.pvalue, 1, 0, 0);
    fs_stats_mannwhitneyu(x, 3, y, 2, FS_LESS, FS_PMETHOD_EXACT, 1, &l, &e);
    fs_stats_mannwhitneyu(x, 3, y, 2, FS_GREATER, FS_PMETHOD_EXACT, 1, &g, &e);
    assert_close(l.pvalue, g.pvalue, 0, 0);
    assert_true(l.pvalue > 0.5);
}

/* scipy test_scalar_data: mannwhitneyu(1, 2) for n = 1 each. */
static void test_single_observations(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double one = 1, two = 2;
    const struct { fs_alternative alt; fs_pmethod m; double p; } c[] = {
        {FS_TWO_SIDED, FS_PMETHOD_ASYMPTOTIC, 1.0},
        {FS_LESS, FS_PMETHOD_ASYMPTOTIC, 0.5},
        {FS_GREATER, FS_PMETHOD_ASYMPTOTIC, 0.977249868052},
        {FS_TWO_SIDED, FS_PMETHOD_EXACT, 1.0},
        {FS_LESS, FS_PMETHOD_EXACT, 0.5},
        {FS_GREATER, FS_PMETHOD_EXACT, 1.0},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        fs_stats_mannwhitneyu(&one, 1, &two, 1, c[i].alt, c[i].m, 1, &r, &e);
        assert_close(r.statistic, 0, 0, 0);
        assert_close(r.pvalue, c[i].p, 1e-12, 1e-9);
    }
}

/* All values identical: s = 0. SciPy >= 1.18 (gh-24464) and R give NaN
 * two-sided; one-sided with continuity gives 1 (statistics.md 1.4). */
static void test_identical_samples(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double a[] = {3, 3, 3, 3};
    fs_stats_mannwhitneyu(a, 4, a, 4, FS_TWO_SIDED, FS_PMETHOD_AUTO, 1, &r, &e);
    assert_string_equal(r.method, "asymptotic");
    assert_close(r.statistic, 8, 0, 0);
    assert_true(isnan(r.pvalue));
    fs_stats_mannwhitneyu(a, 4, a, 4, FS_GREATER, FS_PMETHOD_AUTO, 1, &r, &e);
    assert_close(r.pvalue, 1, 0, 0);
    fs_stats_mannwhitneyu(a, 4, a, 4, FS_LESS, FS_PMETHOD_AUTO, 1, &r, &e);
    assert_close(r.pvalue, 1, 0, 0);
}

/* AUTO switches to asymptotic when both sizes exceed 8 (SciPy
 * _mwu_choose_method), and exact distribution and normal approximation
 * agree for moderately large samples (scipy test_asymptotic_behavior). */
static void test_auto_threshold(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result a, x;
    double u[9], v[9];
    for (int i = 0; i < 9; i++) {
        u[i] = 2 * i + (i % 3 == 0 ? 3.5 : 0);
        v[i] = 2 * i + 1;
    }
    fs_stats_mannwhitneyu(u, 9, v, 9, FS_TWO_SIDED, FS_PMETHOD_AUTO, 1, &a, &e);
    assert_string_equal(a.method, "asymptotic");
    fs_stats_mannwhitneyu(u, 8, v, 9, FS_TWO_SIDED, FS_PMETHOD_AUTO, 1, &a, &e);
    assert_string_equal(a.method, "exact");
    double p40[40], q40[40];
    for (int i = 0; i < 40; i++) {
        p40[i] = (i * 37) % 41 + 0.25;
        q40[i] = (i * 23) % 43 + 0.5;
    }
    fs_stats_mannwhitneyu(p40, 40, q40, 40, FS_TWO_SIDED, FS_PMETHOD_EXACT, 1,
                          &x, &e);
    fs_stats_mannwhitneyu(p40, 40, q40, 40, FS_TWO_SIDED,
                          FS_PMETHOD_ASYMPTOTIC, 1, &a, &e);
    assert_close(x.pvalue, a.pvalue, 2e-3, 0);
}

static void test_nan_rejected(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double a[] = {1, 2}, b[] = {3, 4, NAN};
    assert_int_equal(fs_stats_mannwhitneyu(a, 2, b, 3, FS_TWO_SIDED,
                                           FS_PMETHOD_AUTO, 1, &r, &e),
                     FS_ENUMERIC);
    assert_string_equal(e.msg, "y[2] is NaN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docstring_example),
        cmocka_unit_test(test_gh9184_against_r),
        cmocka_unit_test(test_continuity_direction),
        cmocka_unit_test(test_tie_correction),
        cmocka_unit_test(test_exact_distribution_table),
        cmocka_unit_test(test_exact_u_at_mean),
        cmocka_unit_test(test_single_observations),
        cmocka_unit_test(test_identical_samples),
        cmocka_unit_test(test_auto_threshold),
        cmocka_unit_test(test_nan_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
