/* tests/unit/test_stats_effect.c - effect sizes against R effsize tests
 * (mtorchiano/effsize tests/testthat/testCliff.R, testCohenD.R). */
#include "tests/unit/test_common.h"

#include "analysis/effect.h"

/* testCliff.R "Small differences": delta = -0.25 ("small"). A12 =
 * (delta + 1) / 2 (statistics.md section 4). */
static void test_cliff_small(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_effect_sizes r;
    const double t[] = {10, 10, 20, 20, 20, 30, 30, 30, 40, 50};
    const double c[] = {10, 20, 30, 40, 40, 50};
    assert_int_equal(fs_stats_effect_sizes(t, 10, c, 6, &r, &e), 0);
    assert_close(r.cliff_delta, -0.25, 0, 1e-15);
    assert_string_equal(fs_effect_delta_magnitude(r.cliff_delta), "small");
    assert_close(r.a12, 0.375, 0, 1e-15);
    assert_close(fs_stats_a12(t, 10, c, 6), 0.375, 0, 1e-15);
}

/* testCliff.R "Negligible differences": -0.06666 (tolerance 1e-5); by hand
 * 16 wins, 20 losses of 60 pairs = -4/60. */
static void test_cliff_negligible(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_effect_sizes r;
    const double x1[] = {10, 20, 20, 20, 30, 30, 30, 40, 50, 100};
    const double x2[] = {10, 20, 30, 40, 40, 50};
    fs_stats_effect_sizes(x1, 10, x2, 6, &r, &e);
    assert_close(r.cliff_delta, -0.06666, 1e-5, 0);
    assert_close(r.cliff_delta, -4.0 / 60.0, 0, 1e-14);
    assert_string_equal(fs_effect_delta_magnitude(r.cliff_delta), "negligible");
}

/* testCohenD.R issue #23: cohen.d(a, b, hedges.correction = FALSE) = 0.63236
 * (tolerance 1e-4). Hedges' g uses J = 1 - 3 / (4 (n1 + n2) - 9). */
static void test_cohen_d_and_hedges(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_effect_sizes r;
    const double a[] = {9.81605624621576, 8.93891560898168, 9.05436620537713,
                        6.01771305071382, 8.98575772172126, 7.2595761413452,
                        13.7537304479165, 9.89861975363729, 7.37246838418731,
                        8.33888742066376};
    const double b[] = {8.62798051757027, 5.25390514295654, 12.0869496333763,
                        7.20553319908951, 6.99017188584104, 8.22363490828756,
                        8.05485287987422, 6.50534569228974, 8.68871033652186,
                        4.62897740315003};
    fs_stats_effect_sizes(a, 10, b, 10, &r, &e);
    assert_close(r.cohen_d, 0.63236, 1e-4, 0);
    assert_close(r.hedges_g, r.cohen_d * (1.0 - 3.0 / 71.0), 0, 1e-14);
    assert_string_equal(fs_effect_d_magnitude(r.cohen_d), "medium");
    fs_effect_sizes s;
    fs_stats_effect_sizes(b, 10, a, 10, &s, &e);
    assert_close(s.cohen_d, -r.cohen_d, 0, 1e-14);   /* testCohenD.R: sign */
}

/* Hand-computed: x = {1,2,3}, y = {4,5,6}: s_p = 1, d = -3; no overlap. */
static void test_hand_computed(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_effect_sizes r;
    const double x[] = {1, 2, 3}, y[] = {4, 5, 6};
    fs_stats_effect_sizes(x, 3, y, 3, &r, &e);
    assert_close(r.cohen_d, -3, 0, 1e-14);
    assert_close(r.hedges_g, -3 * (1 - 3.0 / 15.0), 0, 1e-14);
    assert_close(r.cliff_delta, -1, 0, 0);
    assert_close(r.a12, 0, 0, 0);
}

/* Identical samples: delta 0, A12 0.5, d = 0/0 = NaN when the variance is
 * zero too; n = 1 each: d NaN (df = 0). */
static void test_degenerate(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_effect_sizes r;
    const double a[] = {2, 2, 2};
    fs_stats_effect_sizes(a, 3, a, 3, &r, &e);
    assert_close(r.cliff_delta, 0, 0, 0);
    assert_close(r.a12, 0.5, 0, 0);
    assert_true(isnan(r.cohen_d));
    assert_string_equal(fs_effect_d_magnitude(r.cohen_d), "undefined");
    const double b[] = {3, 3, 3};
    fs_stats_effect_sizes(b, 3, a, 3, &r, &e);
    assert_true(isinf(r.cohen_d) && r.cohen_d > 0);
    const double one = 1, two = 2;
    fs_stats_effect_sizes(&one, 1, &two, 1, &r, &e);
    assert_true(isnan(r.cohen_d) && isnan(r.hedges_g));
    assert_close(r.cliff_delta, -1, 0, 0);
}

static void test_nan_rejected(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_effect_sizes r;
    const double a[] = {1, NAN}, b[] = {1, 2};
    assert_int_equal(fs_stats_effect_sizes(a, 2, b, 2, &r, &e), FS_ENUMERIC);
    assert_string_equal(e.msg, "x[1] is NaN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cliff_small),
        cmocka_unit_test(test_cliff_negligible),
        cmocka_unit_test(test_cohen_d_and_hedges),
        cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_nan_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
