/* tests/unit/test_stats_rliable.c - rliable aggregates, probability of
 * improvement, performance profiles and stratified bootstrap intervals. */
#include "tests/unit/test_common.h"

#include "analysis/rliable.h"

/* google-research/rliable tests/rliable/metrics_test.py: runs x tasks. */
static const double X[4 * 2] = {1, 2, 2, 2, 1, 1, 2, 1};
static const double Y[3 * 2] = {1, 1, 2, 2, 3, 3};

/* metrics_test.py test_aggregate_metrics: median, mean, IQM of x are 1.5,
 * of y 2; probability_of_improvement(x, y) = 1/3. */
static void test_rliable_metrics_test(void **state)
{
    (void)state;
    fs_err e = {0};
    double v;
    const fs_rl_metric m[] = {FS_RL_MEDIAN, FS_RL_MEAN, FS_RL_IQM};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(fs_rl_aggregate(X, 4, 2, m[i], &v, &e), 0);
        assert_close(v, 1.5, 0, 1e-15);
        fs_rl_aggregate(Y, 3, 2, m[i], &v, &e);
        assert_close(v, 2, 0, 1e-15);
    }
    assert_int_equal(fs_rl_prob_improvement(X, 4, Y, 3, 2, &v, &e), 0);
    assert_close(v, 1.0 / 3.0, 0, 1e-15);
}

/* Median of task means, not of all values; IQM pools runs x tasks
 * (statistics.md 3.1). Hand-computed on 2 runs x 3 tasks. */
static void test_median_and_iqm_definitions(void **state)
{
    (void)state;
    fs_err e = {0};
    double v;
    const double s[2 * 3] = {0, 10, 4,
                             2, 10, 8};   /* task means 1, 10, 6 */
    fs_rl_aggregate(s, 2, 3, FS_RL_MEDIAN, &v, &e);
    assert_close(v, 6, 0, 0);
    fs_rl_aggregate(s, 2, 3, FS_RL_MEAN, &v, &e);
    assert_close(v, 17.0 / 3.0, 0, 1e-15);
    /* pooled sorted 0 2 4 8 10 10, drop 1 each end: (2+4+8+10)/4 */
    fs_rl_aggregate(s, 2, 3, FS_RL_IQM, &v, &e);
    assert_close(v, 6, 0, 1e-15);
}

/* Optimality gap = gamma - mean(min(s, gamma)): for gamma = 1 and values
 * 0.5, 1.5, 0.0, 1.0 -> 1 - (0.5 + 1 + 0 + 1) / 4. */
static void test_optimality_gap(void **state)
{
    (void)state;
    fs_err e = {0};
    double v;
    const double s[4] = {0.5, 1.5, 0.0, 1.0};
    fs_rl_aggregate(s, 2, 2, FS_RL_OPTIMALITY_GAP, &v, &e);
    assert_close(v, 0.375, 0, 1e-15);
    fs_rl_optimality_gap(s, 2, 2, 2.0, &v, &e);
    assert_close(v, 2 - 0.75, 0, 1e-15);
}

/* Identical task columns count 0.5 (rliable's array_equal guard). */
static void test_poi_identical(void **state)
{
    (void)state;
    fs_err e = {0};
    double v;
    fs_rl_prob_improvement(X, 4, X, 4, 2, &v, &e);
    assert_close(v, 0.5, 0, 0);
}

/* Score distribution with a strict '>' over all runs and tasks. */
static void test_performance_profile(void **state)
{
    (void)state;
    fs_err e = {0};
    const double tau[] = {0.0, 1.0, 1.5, 2.0};
    double f[4];
    assert_int_equal(fs_rl_performance_profile(X, 4, 2, tau, 4, 0, 0.95, NULL,
                                               f, NULL, NULL, &e), 0);
    /* X values: 1 2 2 2 1 1 2 1 -> four 1s, four 2s */
    assert_close(f[0], 1.0, 0, 0);
    assert_close(f[1], 0.5, 0, 0);
    assert_close(f[2], 0.5, 0, 0);
    assert_close(f[3], 0.0, 0, 0);
}

/* Stratified bootstrap: constant tasks give a zero-width interval; the
 * interval brackets the estimate for smooth data; the same seed gives the
 * same interval; bounds of the profile bracket F. */
static void test_intervals(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_rl_interval ci, ci2;
    fs_rng r;
    const double flat[3 * 2] = {1, 5, 1, 5, 1, 5};
    fs_rng_init(&r, 42, 0, FS_RNG_STATS);
    assert_int_equal(fs_rl_aggregate_interval(flat, 3, 2, FS_RL_IQM, 200, 0.95,
                                              &r, &ci, &e), 0);
    assert_close(ci.lo, ci.estimate, 0, 0);
    assert_close(ci.hi, ci.estimate, 0, 0);

    double s[10 * 3];
    for (int i = 0; i < 30; i++)
        s[i] = (double)((i * 7919) % 101) / 100.0;
    fs_rng_init(&r, 7, 0, FS_RNG_STATS);
    fs_rl_aggregate_interval(s, 10, 3, FS_RL_MEAN, 2000, 0.95, &r, &ci, &e);
    assert_true(ci.lo < ci.estimate && ci.estimate < ci.hi);
    assert_true(ci.hi - ci.lo < 0.5);
    fs_rng_init(&r, 7, 0, FS_RNG_STATS);
    fs_rl_aggregate_interval(s, 10, 3, FS_RL_MEAN, 2000, 0.95, &r, &ci2, &e);
    assert_close(ci2.lo, ci.lo, 0, 0);
    assert_close(ci2.hi, ci.hi, 0, 0);

    fs_rng_init(&r, 9, 0, FS_RNG_STATS);
    assert_int_equal(fs_rl_prob_improvement_interval(X, 4, Y, 3, 2, 500, 0.95,
                                                     &r, &ci, &e), 0);
    assert_close(ci.estimate, 1.0 / 3.0, 0, 1e-15);
    assert_true(ci.lo <= ci.estimate && ci.estimate <= ci.hi);
    assert_true(ci.lo >= 0 && ci.hi <= 1);

    const double tau[] = {0.25, 0.5, 0.75};
    double f[3], lo[3], hi[3];
    fs_rl_performance_profile(s, 10, 3, tau, 3, 300, 0.95, &r, f, lo, hi, &e);
    for (int k = 0; k < 3; k++)
        assert_true(lo[k] <= f[k] && f[k] <= hi[k]);
}

static void test_nan_rejected(void **state)
{
    (void)state;
    fs_err e = {0};
    double v;
    const double s[4] = {1, 2, NAN, 4};
    assert_int_equal(fs_rl_aggregate(s, 2, 2, FS_RL_IQM, &v, &e), FS_ENUMERIC);
    assert_string_equal(e.msg, "scores[run 1, task 0] is NaN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rliable_metrics_test),
        cmocka_unit_test(test_median_and_iqm_definitions),
        cmocka_unit_test(test_optimality_gap),
        cmocka_unit_test(test_poi_identical),
        cmocka_unit_test(test_performance_profile),
        cmocka_unit_test(test_intervals),
        cmocka_unit_test(test_nan_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
