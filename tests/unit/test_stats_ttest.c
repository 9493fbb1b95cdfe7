/* tests/unit/test_stats_ttest.c - Welch, Student and paired t-tests against
 * SciPy/R reference values, plus SciPy's degenerate-input behaviour. */
#include "tests/unit/test_common.h"

#include <string.h>

#include "analysis/ttest.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void linspace(double a, double b, size_t n, double *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = a + (b - a) * (double)i / (double)(n - 1);
}

/* scipy/scipy scipy/stats/tests/test_stats.py test_ttest_ind_with_uneq_var
 * ("check vs. R"), also statsmodels stats/tests/test_weightstats.py
 * (asserted there to 13 decimals). */
static void test_welch_matches_r(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double a3[] = {1, 2, 3}, a4[] = {1, 2, 3, 4};
    const double b[] = {1.1, 2.9, 4.2};
    assert_int_equal(fs_stats_ttest_welch(a3, 3, b, 3, FS_TWO_SIDED, &r, &e), 0);
    assert_close(r.statistic, -0.68649512735572582, 0, 1e-12);
    assert_close(r.pvalue, 0.53619490753126731, 0, 1e-9);
    assert_string_equal(r.method, "t-distribution");
    /* Welch-Satterthwaite df by hand: v1 = 1, v2 = 7.27/3 */
    double vn1 = 1.0 / 3, vn2 = (7.27 / 3) / 3;
    double df = (vn1 + vn2) * (vn1 + vn2) / (vn1 * vn1 / 2 + vn2 * vn2 / 2);
    assert_close(r.df, df, 0, 1e-12);

    assert_int_equal(fs_stats_ttest_welch(a4, 4, b, 3, FS_TWO_SIDED, &r, &e), 0);
    assert_close(r.statistic, -0.2108663315950719, 0, 1e-12);
    assert_close(r.pvalue, 0.84354139131608286, 0, 1e-9);
}

/* One-sided p-values are the matching tail of the two-sided one. */
static void test_welch_one_sided_tails(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result two, less, greater;
    const double a[] = {1, 2, 3}, b[] = {1.1, 2.9, 4.2};
    fs_stats_ttest_welch(a, 3, b, 3, FS_TWO_SIDED, &two, &e);
    fs_stats_ttest_welch(a, 3, b, 3, FS_LESS, &less, &e);
    fs_stats_ttest_welch(a, 3, b, 3, FS_GREATER, &greater, &e);
    assert_close(less.pvalue, two.pvalue / 2, 0, 1e-12);   /* t < 0 */
    assert_close(greater.pvalue, 1 - two.pvalue / 2, 0, 1e-12);
    assert_int_equal(greater.alternative, FS_GREATER);
}

/* scipy/scipy scipy/stats/tests/test_stats.py test_ttest_ind (regression
 * values; p asserted there to 6 decimals) and test_ttest_ind_with_uneq_var
 * ("regression test" pr = 0.27647831993021388 for the Welch variant). */
static void test_student_and_welch_linspace(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    double v1[100], v2[100];
    linspace(5, 105, 100, v1);
    linspace(1, 100, 100, v2);
    assert_int_equal(fs_stats_ttest_student(v1, 100, v2, 100, FS_TWO_SIDED,
                                            &r, &e), 0);
    assert_close(r.statistic, 1.0912746897927283, 0, 1e-12);
    assert_close(r.pvalue, 0.27647818616351882, 0, 1e-9);
    assert_close(r.df, 198, 0, 0);
    assert_int_equal(fs_stats_ttest_welch(v1, 100, v2, 100, FS_TWO_SIDED,
                                          &r, &e), 0);
    assert_close(r.statistic, 1.0912746897927283, 0, 1e-12);
    assert_close(r.pvalue, 0.27647831993021388, 0, 1e-9);
}

/* scipy/scipy scipy/stats/tests/test_stats.py test_ttest_rel. */
static void test_paired_matches_scipy(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    double a[100], b[100];
    linspace(1, 100, 100, a);
    linspace(1.01, 99.989, 100, b);
    assert_int_equal(fs_stats_ttest_paired(a, b, 100, FS_TWO_SIDED, &r, &e), 0);
    assert_close(r.statistic, 0.81248591389165692, 0, 1e-10);
    assert_close(r.pvalue, 0.41846234511362157, 0, 1e-9);
    assert_close(r.df, 99, 0, 0);
}

/* scipy test_ttest_rel: ttest_rel([0,0,0], [1,1,1]) gives |t| = inf, p = 0;
 * ttest_rel(4., 3.) (n = 1) gives NaN. */
static void test_paired_degenerate(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double z[] = {0, 0, 0}, o[] = {1, 1, 1};
    fs_stats_ttest_paired(z, o, 3, FS_TWO_SIDED, &r, &e);
    assert_true(isinf(r.statistic) && r.statistic < 0);
    assert_close(r.pvalue, 0, 0, 0);
    const double four = 4, three = 3;
    assert_int_equal(fs_stats_ttest_paired(&four, &three, 1, FS_TWO_SIDED,
                                           &r, &e), 0);
    assert_true(isnan(r.statistic) && isnan(r.pvalue));
    /* identical samples: d = 0, t = 0/0 */
    fs_stats_ttest_paired(o, o, 3, FS_TWO_SIDED, &r, &e);
    assert_true(isnan(r.pvalue));
}

/* SciPy _ttest_ind: zero variances set Welch df = 1; different means give
 * t = +-inf, p = 0; equal means give NaN (statistics.md section 1.2). */
static void test_zero_variance_and_identical(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double a[] = {1, 1, 1}, b[] = {2, 2, 2};
    fs_stats_ttest_welch(a, 3, b, 3, FS_TWO_SIDED, &r, &e);
    assert_true(isinf(r.statistic) && r.statistic < 0);
    assert_close(r.df, 1, 0, 0);
    assert_close(r.pvalue, 0, 0, 0);
    fs_stats_ttest_welch(a, 3, a, 3, FS_TWO_SIDED, &r, &e);
    assert_true(isnan(r.statistic) && isnan(r.pvalue));
    fs_stats_ttest_student(a, 3, a, 3, FS_TWO_SIDED, &r, &e);
    assert_true(isnan(r.pvalue));
}

/* n = 1: Welch variance NaN -> NaN; Student uses variance 0 for that
 * sample (SciPy _equal_var_ttest_denom). */
static void test_single_observation(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double one[] = {5}, b[] = {1, 2, 3};
    fs_stats_ttest_welch(one, 1, b, 3, FS_TWO_SIDED, &r, &e);
    assert_true(isnan(r.statistic) && isnan(r.pvalue) && isnan(r.df));
    fs_stats_ttest_student(one, 1, b, 3, FS_TWO_SIDED, &r, &e);
    /* svar = (2 * 1) / 2 = 1, denom = sqrt(1 + 1/3) */
    assert_close(r.statistic, 3.0 / sqrt(4.0 / 3.0), 0, 1e-14);
    assert_close(r.df, 2, 0, 0);
    fs_stats_ttest_student(one, 1, one, 1, FS_TWO_SIDED, &r, &e);
    assert_true(isnan(r.pvalue));
}

static void test_nan_input_rejected(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double a[] = {1, 2, 3}, b[] = {1, NAN, 3};
    assert_int_equal(fs_stats_ttest_welch(a, 3, b, 3, FS_TWO_SIDED, &r, &e),
                     FS_ENUMERIC);
    assert_string_equal(e.msg, "y[1] is NaN");
    fs_err_clear(&e);
    const double c[] = {INFINITY, 1};
    assert_int_equal(fs_stats_ttest_paired(c, a, 2, FS_TWO_SIDED, &r, &e),
                     FS_ENUMERIC);
    assert_string_equal(e.msg, "x[0] is +inf");
    fs_err_clear(&e);
    assert_int_equal(fs_stats_ttest_student(a, 0, b, 3, FS_TWO_SIDED, &r, &e),
                     FS_ECONFIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_welch_matches_r),
        cmocka_unit_test(test_welch_one_sided_tails),
        cmocka_unit_test(test_student_and_welch_linspace),
        cmocka_unit_test(test_paired_matches_scipy),
        cmocka_unit_test(test_paired_degenerate),
        cmocka_unit_test(test_zero_variance_and_identical),
        cmocka_unit_test(test_single_observation),
        cmocka_unit_test(test_nan_input_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
