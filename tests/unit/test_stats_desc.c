/* tests/unit/test_stats_desc.c - descriptive statistics: mean, sd, t-CI,
 * type-7 quantiles, trimmed mean / IQM. */
#include "tests/unit/test_common.h"

#include "analysis/desc.h"

/* scipy.stats.trim_mean examples (statistics.md section 1.9, [doc]):
 * trim_mean([1,2,3,5], 0.25) = 2.5 and with 0.24999 the plain mean 2.75
 * (floor(0.99996) = 0 cut). */
static void test_trim_mean_floors(void **state)
{
    (void)state;
    fs_err e = {0};
    double m;
    const double x[] = {5, 1, 3, 2};
    assert_int_equal(fs_stats_trim_mean(x, 4, 0.25, &m, &e), 0);
    assert_close(m, 2.5, 0, 1e-15);
    fs_stats_trim_mean(x, 4, 0.24999, &m, &e);
    assert_close(m, 2.75, 0, 1e-15);
    /* scipy trim_mean docstring: trim_mean(arange(20), 0.1) = 9.5 */
    double a[20];
    for (int i = 0; i < 20; i++)
        a[i] = i;
    fs_stats_trim_mean(a, 20, 0.1, &m, &e);
    assert_close(m, 9.5, 0, 1e-15);
    assert_int_equal(fs_stats_trim_mean(x, 4, 0.5, &m, &e), FS_ECONFIG);
}

/* IQM of 6 values drops floor(1.5) = 1 at each end; of 15 drops 3
 * (statistics.md section 3.1). */
static void test_iqm_counts(void **state)
{
    (void)state;
    fs_err e = {0};
    double m;
    const double six[] = {100, 1, 2, 3, 4, -50};
    fs_stats_iqm(six, 6, &m, &e);
    assert_close(m, 2.5, 0, 1e-15);
    double fifteen[15];
    for (int i = 0; i < 15; i++)
        fifteen[i] = i * i;   /* keeps 9..81 of squares 3..11 */
    fs_stats_iqm(fifteen, 15, &m, &e);
    double want = 0;
    for (int i = 3; i < 12; i++)
        want += i * i;
    assert_close(m, want / 9, 0, 1e-15);
}

/* numpy.percentile docstring: a = [[10, 7, 4], [3, 2, 1]], percentile(a,
 * 50) = 3.5; type 7 by hand: q(0.25) of {1,2,3,4} = 1 + 0.75. */
static void test_quantiles_type7(void **state)
{
    (void)state;
    fs_err e = {0};
    double q;
    const double a[] = {10, 7, 4, 3, 2, 1};
    fs_stats_quantile(a, 6, 0.5, &q, &e);
    assert_close(q, 3.5, 0, 1e-15);
    const double b[] = {4, 3, 2, 1};
    fs_stats_quantile(b, 4, 0.25, &q, &e);
    assert_close(q, 1.75, 0, 1e-15);
    fs_stats_quantile(b, 4, 1.0, &q, &e);
    assert_close(q, 4, 0, 0);
    assert_int_equal(fs_stats_quantile(b, 4, 1.5, &q, &e), FS_ECONFIG);
}

/* x = 1..5: mean 3, sd sqrt(2.5), CI 3 -+ t_{0.975,4} sqrt(0.5) with
 * t_{0.975,4} = 2.7764451051977987 (scipy.stats.t.ppf(0.975, 4); the
 * tabulated 2.776). */
static void test_describe(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_stats_desc d;
    const double x[] = {2, 4, 1, 5, 3};
    assert_int_equal(fs_stats_describe(x, 5, "x", &d, &e), 0);
    assert_int_equal(d.n, 5);
    assert_close(d.mean, 3, 0, 1e-15);
    assert_close(d.sd, sqrt(2.5), 0, 1e-15);
    double half = 2.7764451051977987 * sqrt(0.5);
    assert_close(d.ci_lo, 3 - half, 0, 1e-12);
    assert_close(d.ci_hi, 3 + half, 0, 1e-12);
    assert_close(d.median, 3, 0, 0);
    assert_close(d.q25, 2, 0, 0);
    assert_close(d.q75, 4, 0, 0);
    assert_close(d.min, 1, 0, 0);
    assert_close(d.max, 5, 0, 0);
    assert_close(d.iqm, 3, 0, 1e-15);   /* drops 1 and 5 */
}

/* n = 1: sd (ddof = 1) is NaN like numpy; so are se and the CI. Zero
 * variance gives a zero-width CI. */
static void test_describe_degenerate(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_stats_desc d;
    const double one = 7;
    fs_stats_describe(&one, 1, "x", &d, &e);
    assert_close(d.mean, 7, 0, 0);
    assert_true(isnan(d.sd) && isnan(d.ci_lo) && isnan(d.ci_hi));
    assert_close(d.iqm, 7, 0, 0);
    const double same[] = {2, 2, 2, 2};
    fs_stats_describe(same, 4, "x", &d, &e);
    assert_close(d.sd, 0, 0, 0);
    assert_close(d.ci_lo, 2, 0, 0);
    assert_close(d.ci_hi, 2, 0, 0);
}

static void test_nan_and_empty(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_stats_desc d;
    const double x[] = {1, 2, NAN};
    assert_int_equal(fs_stats_describe(x, 3, "scores", &d, &e), FS_ENUMERIC);
    assert_string_equal(e.msg, "scores[2] is NaN");
    fs_err_clear(&e);
    assert_int_equal(fs_stats_describe(x, 0, "scores", &d, &e), FS_ECONFIG);
    assert_string_equal(e.msg, "scores is empty");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trim_mean_floors),
        cmocka_unit_test(test_iqm_counts),
        cmocka_unit_test(test_quantiles_type7),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_describe_degenerate),
        cmocka_unit_test(test_nan_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
