/* tests/unit/test_stats_wilcoxon.c - Wilcoxon signed-rank test against the
 * SciPy docstring and scipy/stats/tests/test_morestats.py (R values). */
#include "tests/unit/test_common.h"

#include <string.h>

#include "analysis/wilcoxon.h"

/* scipy/scipy scipy/stats/_morestats.py wilcoxon docstring (Wilcoxon's
 * corn data): (24.0, 0.041259765625); 'greater': (96.0, 0.0206298828125);
 * exact p-values. */
static void test_docstring_exact(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double d[] = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60,
                        -67, 75};
    assert_int_equal(fs_stats_wilcoxon(d, NULL, 15, FS_TWO_SIDED,
                                       FS_PMETHOD_AUTO, 0, &r, &e), 0);
    assert_string_equal(r.method, "exact");
    assert_close(r.statistic, 24, 0, 0);
    assert_close(r.pvalue, 0.041259765625, 0, 1e-14);
    fs_stats_wilcoxon(d, NULL, 15, FS_GREATER, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_close(r.statistic, 96, 0, 0);
    assert_close(r.pvalue, 0.0206298828125, 0, 1e-14);
    /* paired form gives the same: x = d, y = 0 */
    double zero[15] = {0};
    fs_stats_wilcoxon(d, zero, 15, FS_TWO_SIDED, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_close(r.pvalue, 0.041259765625, 0, 1e-14);
}

/* test_morestats.py test_accuracy_wilcoxon, R wilcox.test(x, y, paired =
 * TRUE, exact = FALSE, correct = FALSE/TRUE): T = 34, p = 0.6948866 and
 * 0.7240817. */
static void test_asymptotic_correction_against_r(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double x[] = {120, 114, 181, 188, 180, 146, 121, 191, 132, 113, 127,
                        112};
    const double y[] = {133, 143, 119, 189, 112, 199, 198, 113, 115, 121, 142,
                        187};
    fs_stats_wilcoxon(x, y, 12, FS_TWO_SIDED, FS_PMETHOD_ASYMPTOTIC, 0, &r, &e);
    assert_close(r.statistic, 34, 0, 0);
    assert_close(r.pvalue, 0.6948866, 0, 1e-6);
    assert_string_equal(r.method, "asymptotic");
    fs_stats_wilcoxon(x, y, 12, FS_TWO_SIDED, FS_PMETHOD_ASYMPTOTIC, 1, &r, &e);
    assert_close(r.pvalue, 0.7240817, 0, 1e-6);
    /* no ties, no zeros, n <= 50: AUTO is exact */
    fs_stats_wilcoxon(x, y, 12, FS_TWO_SIDED, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_string_equal(r.method, "exact");
}

/* test_morestats.py test_onesided, R 3.4.1 (exact = FALSE); d has a zero
 * and ties. */
static void test_one_sided_against_r(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double x[] = {125, 115, 130, 140, 140, 115, 140, 125, 140, 135};
    const double y[] = {110, 122, 125, 120, 140, 124, 123, 137, 135, 145};
    const struct { fs_alternative alt; int cc; double p; } c[] = {
        {FS_LESS, 0, 0.7031847}, {FS_LESS, 1, 0.7233656},
        {FS_GREATER, 0, 0.2968153}, {FS_GREATER, 1, 0.3176447},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        fs_stats_wilcoxon(x, y, 10, c[i].alt, FS_PMETHOD_ASYMPTOTIC, c[i].cc,
                          &r, &e);
        assert_close(r.statistic, 27, 0, 0);
        assert_close(r.pvalue, c[i].p, 1e-6, 0);
    }
    /* zeros and ties with n = 10 <= 13: AUTO enumerates the sign flips */
    fs_stats_wilcoxon(x, y, 10, FS_LESS, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_string_equal(r.method, "permutation");
    assert_int_equal(r.n_resamples, 512);   /* 2^9 nonzero differences */
}

/* test_morestats.py test_wilcoxon_tie (gh-2391), R: 0.001565402 without
 * and 0.001904195 with continuity correction. Under AUTO the ties send
 * n = 10 to the sign-flip enumeration: R+ = 55 is the largest of 2^10
 * outcomes, so p = 2 / 1024 (hand-derived). */
static void test_all_tied(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    double d[10];
    for (int i = 0; i < 10; i++)
        d[i] = 0.1;
    fs_stats_wilcoxon(d, NULL, 10, FS_TWO_SIDED, FS_PMETHOD_ASYMPTOTIC, 0, &r,
                      &e);
    assert_close(r.statistic, 0, 0, 0);
    assert_close(r.pvalue, 0.001565402, 0, 1e-6);
    fs_stats_wilcoxon(d, NULL, 10, FS_TWO_SIDED, FS_PMETHOD_ASYMPTOTIC, 1, &r,
                      &e);
    assert_close(r.pvalue, 0.001904195, 0, 1e-6);
    fs_stats_wilcoxon(d, NULL, 10, FS_TWO_SIDED, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_string_equal(r.method, "permutation");
    assert_close(r.pvalue, 2.0 / 1024.0, 0, 1e-15);
}

/* test_morestats.py test_accuracy_wilcoxon, zero_method 'wilcox': 56
 * values with zeros and ties, T = 327, p = 0.00641346115861. n > 50 makes
 * AUTO asymptotic. */
static void test_large_with_zeros(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const int freq[] = {1, 4, 16, 15, 8, 4, 5, 1, 2};
    double x[56];
    int k = 0;
    for (int v = -4; v <= 4; v++)
        for (int j = 0; j < freq[v + 4]; j++)
            x[k++] = v;
    assert_int_equal(k, 56);
    fs_stats_wilcoxon(x, NULL, 56, FS_TWO_SIDED, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_string_equal(r.method, "asymptotic");
    assert_close(r.statistic, 327, 0, 0);
    assert_close(r.pvalue, 0.00641346115861, 0, 1e-9);
}

/* Identical samples: every difference is zero and dropped; R+ = R- = 0.
 * n <= 13 enumerates (p = 1, as SciPy's permutation_test); n > 50 is
 * asymptotic with se = 0 and gives NaN. */
static void test_identical_samples(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    double a[60];
    for (int i = 0; i < 60; i++)
        a[i] = i * 0.5;
    fs_stats_wilcoxon(a, a, 5, FS_TWO_SIDED, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_string_equal(r.method, "permutation");
    assert_close(r.statistic, 0, 0, 0);
    assert_close(r.pvalue, 1, 0, 0);
    fs_stats_wilcoxon(a, a, 60, FS_TWO_SIDED, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_true(isnan(r.pvalue));
}

/* n = 1 without ties: exact null {0, 1} each 1/2, two-sided p = 1,
 * greater p = 1/2 (hand-derived). */
static void test_single_pair(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double x = 3, y = 1;
    fs_stats_wilcoxon(&x, &y, 1, FS_TWO_SIDED, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_string_equal(r.method, "exact");
    assert_close(r.pvalue, 1, 0, 0);
    fs_stats_wilcoxon(&x, &y, 1, FS_GREATER, FS_PMETHOD_AUTO, 0, &r, &e);
    assert_close(r.statistic, 1, 0, 0);
    assert_close(r.pvalue, 0.5, 0, 0);
}

/* The exact pmf: n = 3 gives counts 1,1,1,2,1,1,1 over 0..6 (of 8). */
static void test_exact_pmf(void **state)
{
    (void)state;
    double p[7];
    const double want[] = {1, 1, 1, 2, 1, 1, 1};
    fs_stats_wilcoxon_pmf(3, p);
    for (int s = 0; s < 7; s++)
        assert_close(p[s], want[s] / 8.0, 0, 1e-15);
}

static void test_nan_rejected(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_test_result r;
    const double x[] = {1, 2, 3}, y[] = {NAN, 1, 1};
    assert_int_equal(fs_stats_wilcoxon(x, y, 3, FS_TWO_SIDED, FS_PMETHOD_AUTO,
                                       0, &r, &e), FS_ENUMERIC);
    assert_string_equal(e.msg, "y[0] is NaN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docstring_exact),
        cmocka_unit_test(test_asymptotic_correction_against_r),
        cmocka_unit_test(test_one_sided_against_r),
        cmocka_unit_test(test_all_tied),
        cmocka_unit_test(test_large_with_zeros),
        cmocka_unit_test(test_identical_samples),
        cmocka_unit_test(test_single_pair),
        cmocka_unit_test(test_exact_pmf),
        cmocka_unit_test(test_nan_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
