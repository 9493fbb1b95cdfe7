/* tests/unit/test_fairness.c - fairness metrics against hand-computed
 * values (arithmetic in the comments), their edge cases, and identities
 * checked on random vectors. */
#include "tests/unit/test_common.h"

#include <stdlib.h>

#include "core/fairness.h"
#include "core/rng.h"

#define TOL 1e-12

/* x = {1, 2, 3, 4}: n = 4, S = 10, mean 2.5, sum x^2 = 30,
 * deviations -1.5 -0.5 0.5 1.5, squared deviations sum to 5. */
static const double A[4] = {1, 2, 3, 4};

static void test_gini_values(void **state)
{
    (void)state;
    /* Pairs |1-2| + |1-3| + |1-4| + |2-3| + |2-4| + |3-4|
     *   = 1 + 2 + 3 + 1 + 2 + 1 = 10; G = 10 / (n S) = 10 / 40 = 0.25.
     * Sorted form: 2 * (1*1 + 2*2 + 3*3 + 4*4) / (4 * 10) - 5/4
     *   = 60/40 - 1.25 = 0.25. */
    assert_close(fs_fair_gini(A, 4), 0.25, TOL, 0);
    /* Task counts {5, 3, 2}: pairs 2 + 3 + 1 = 6, n S = 30, G = 0.2. */
    const double c[3] = {5, 3, 2};
    assert_close(fs_fair_gini(c, 3), 0.2, TOL, 0);
    /* Scale invariance: {10, 20, 30, 40} gives the same 0.25. */
    const double a10[4] = {10, 20, 30, 40};
    assert_close(fs_fair_gini(a10, 4), 0.25, TOL, 0);
}

static void test_jain_values(void **state)
{
    (void)state;
    /* S^2 / (n sum x^2) = 100 / (4 * 30) = 5/6. */
    assert_close(fs_fair_jain(A, 4), 5.0 / 6.0, TOL, 0);
    /* k = 2 of n = 5 share equally: {2, 2, 0, 0, 0}:
     * 16 / (5 * 8) = 0.4 = k/n. */
    const double k2[5] = {2, 2, 0, 0, 0};
    assert_close(fs_fair_jain(k2, 5), 0.4, TOL, 0);
}

static void test_variance_and_cv_values(void **state)
{
    (void)state;
    /* Var = 5 / 4 = 1.25. */
    assert_close(fs_fair_variance(A, 4), 1.25, TOL, 0);
    /* CV_pop = sqrt(1.25) / 2.5; squared = 1.25 / 6.25 = 0.2. */
    assert_close(fs_fair_cv_pop(A, 4), sqrt(0.2), TOL, 0);
    /* CV_sample = sqrt(5/3) / 2.5; squared = (5/3) / 6.25 = 4/15. */
    assert_close(fs_fair_cv_sample(A, 4), sqrt(4.0 / 15.0), TOL, 0);
    /* A constant offset changes the mean, not the variance: {1e9 + A}. */
    const double big[4] = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4};
    assert_close(fs_fair_variance(big, 4), 1.25, 1e-6, 0);
}

static void test_min_and_range_values(void **state)
{
    (void)state;
    const double x[5] = {3, -1, 4, 1, 5};
    assert_close(fs_fair_min(x, 5), -1.0, 0, 0);
    assert_close(fs_fair_max_min(x, 5), 6.0, 0, 0); /* 5 - (-1) */
    assert_close(fs_fair_min(A, 4), 1.0, 0, 0);
    assert_close(fs_fair_max_min(A, 4), 3.0, 0, 0);
}

static void test_nash_and_alpha_values(void **state)
{
    (void)state;
    /* log 1 + log 2 + log 3 + log 4 = log 24. */
    assert_close(fs_fair_nash_welfare(A, 4), log(24.0), TOL, 0);
    assert_close(fs_fair_alpha_utility(A, 4, 1.0), log(24.0), TOL, 0);
    /* alpha = 0: sum x = 10 (utilitarian). */
    assert_close(fs_fair_alpha_utility(A, 4, 0.0), 10.0, TOL, 0);
    /* alpha = 2: sum x^-1 / (-1) = -(1 + 1/2 + 1/3 + 1/4) = -25/12. */
    assert_close(fs_fair_alpha_utility(A, 4, 2.0), -25.0 / 12.0, TOL, 0);
    /* alpha = 0.5: sum sqrt(x) / 0.5 = 2 (1 + sqrt2 + sqrt3 + 2). */
    assert_close(fs_fair_alpha_utility(A, 4, 0.5),
                 2.0 * (3.0 + sqrt(2.0) + sqrt(3.0)), TOL, 0);
}

static void test_ggf_values(void **state)
{
    (void)state;
    double w[4], scratch[4];
    fs_fair_ggf_decaf_weights(w, 4);
    assert_close(w[0], 1.0, 0, 0);
    assert_close(w[1], 0.5, 0, 0);
    assert_close(w[2], 0.25, 0, 0);
    assert_close(w[3], 0.125, 0, 0);
    /* Unsorted {3, 1, 4, 2} sorts to 1 2 3 4:
     * 1*1 + 0.5*2 + 0.25*3 + 0.125*4 = 1 + 1 + 0.75 + 0.5 = 3.25. */
    const double x[4] = {3, 1, 4, 2};
    assert_close(fs_fair_ggf(x, w, 4, scratch), 3.25, TOL, 0);
    assert_close(x[0], 3.0, 0, 0); /* input untouched */
    /* Caller weights {3, 2, 1} on {10, 0, 5} -> sorted 0 5 10:
     * 3*0 + 2*5 + 1*10 = 20. */
    const double y[3] = {10, 0, 5}, v[3] = {3, 2, 1};
    assert_close(fs_fair_ggf(y, v, 3, scratch), 20.0, TOL, 0);
}

static void test_fairskill_losses(void **state)
{
    (void)state;
    /* L1 = Gini of task counts {5, 3, 2} = 0.2 (see test_gini_values);
     * no tasks at all -> 0. */
    const double counts[3] = {5, 3, 2}, none[3] = {0, 0, 0};
    double l1 = fs_fair_l1_workload(counts, 3);
    assert_close(l1, 0.2, TOL, 0);
    assert_close(fs_fair_l1_workload(none, 3), 0.0, 0, 0);
    /* L2: three tasks with used skills {0.8, 0.5, 1.0} and best skills
     * {1.0, 0.9, 1.0}: 1 - 2.3 / 2.9 = 0.6 / 2.9. */
    const double used[3] = {0.8, 0.5, 1.0}, best[3] = {1.0, 0.9, 1.0};
    double l2 = fs_fair_l2_skill(used, best, 3);
    assert_close(l2, 0.6 / 2.9, TOL, 0);
    /* Totals with n_tasks = 1 give the same value. */
    const double tu = 2.3, tb = 2.9;
    assert_close(fs_fair_l2_skill(&tu, &tb, 1), 0.6 / 2.9, TOL, 0);
    /* Every task done by a best-skilled agent -> 0. */
    assert_close(fs_fair_l2_skill(best, best, 3), 0.0, TOL, 0);
    /* No task done, or S_max = 0 -> 1. */
    assert_close(fs_fair_l2_skill(NULL, NULL, 0), 1.0, 0, 0);
    const double zero[2] = {0, 0};
    assert_close(fs_fair_l2_skill(zero, zero, 2), 1.0, 0, 0);
    /* L3 = a L1 + (1 - a) L2: a = 0.5 -> 0.5 * 0.2 + 0.5 * 0.6/2.9. */
    assert_close(fs_fair_l3(l1, l2, 0.5), 0.1 + 0.3 / 2.9, TOL, 0);
    assert_close(fs_fair_l3(l1, l2, 1.0), l1, 0, 0);
    assert_close(fs_fair_l3(l1, l2, 0.0), l2, 0, 0);
}

/* ---- edge cases ------------------------------------------------------- */

static void test_all_equal(void **state)
{
    (void)state;
    const double x[3] = {3, 3, 3};
    double w[3], scratch[3];
    fs_fair_ggf_decaf_weights(w, 3);
    assert_close(fs_fair_gini(x, 3), 0.0, TOL, 0);
    assert_close(fs_fair_jain(x, 3), 1.0, TOL, 0);
    assert_close(fs_fair_variance(x, 3), 0.0, TOL, 0);
    assert_close(fs_fair_cv_pop(x, 3), 0.0, TOL, 0);
    assert_close(fs_fair_cv_sample(x, 3), 0.0, TOL, 0);
    assert_close(fs_fair_max_min(x, 3), 0.0, 0, 0);
    assert_close(fs_fair_min(x, 3), 3.0, 0, 0);
    assert_close(fs_fair_nash_welfare(x, 3), 3.0 * log(3.0), TOL, 0);
    /* GGF: 3 * (1 + 0.5 + 0.25) = 5.25. */
    assert_close(fs_fair_ggf(x, w, 3, scratch), 5.25, TOL, 0);
}

static void test_single_agent(void **state)
{
    (void)state;
    const double x[1] = {7}, w[1] = {1};
    double scratch[1];
    assert_close(fs_fair_gini(x, 1), 0.0, 0, 0);
    assert_close(fs_fair_jain(x, 1), 1.0, TOL, 0);   /* 49 / (1 * 49) */
    assert_close(fs_fair_variance(x, 1), 0.0, 0, 0);
    assert_close(fs_fair_cv_pop(x, 1), 0.0, 0, 0);
    assert_close(fs_fair_cv_sample(x, 1), 0.0, 0, 0); /* no n-1 = 0 divide */
    assert_close(fs_fair_min(x, 1), 7.0, 0, 0);
    assert_close(fs_fair_max_min(x, 1), 0.0, 0, 0);
    assert_close(fs_fair_nash_welfare(x, 1), log(7.0), TOL, 0);
    assert_close(fs_fair_ggf(x, w, 1, scratch), 7.0, 0, 0);
}

static void test_all_zero(void **state)
{
    (void)state;
    const double x[3] = {0, 0, 0};
    assert_close(fs_fair_gini(x, 3), 0.0, 0, 0);      /* S = 0 convention */
    assert_close(fs_fair_jain(x, 3), 1.0, 0, 0);      /* sum x^2 = 0 */
    assert_close(fs_fair_variance(x, 3), 0.0, 0, 0);
    assert_close(fs_fair_cv_pop(x, 3), 0.0, 0, 0);    /* mean 0, sd 0 */
    assert_close(fs_fair_cv_sample(x, 3), 0.0, 0, 0);
    assert_close(fs_fair_min(x, 3), 0.0, 0, 0);
    assert_true(isinf(fs_fair_nash_welfare(x, 3)) &&
                fs_fair_nash_welfare(x, 3) < 0);
    /* alpha = 0.5: sum 0^0.5 / 0.5 = 0; alpha = 2: 0^-1 -> -inf. */
    assert_close(fs_fair_alpha_utility(x, 3, 0.5), 0.0, 0, 0);
    assert_true(fs_fair_alpha_utility(x, 3, 2.0) == -INFINITY);
}

/* One of n = 4 agents gets everything: x = {0, 0, 5, 0}. */
static void test_one_agent_gets_all(void **state)
{
    (void)state;
    const double x[4] = {0, 0, 5, 0};
    double w[4], scratch[4];
    fs_fair_ggf_decaf_weights(w, 4);
    /* Jain: 25 / (4 * 25) = 1/n = 0.25. */
    assert_close(fs_fair_jain(x, 4), 0.25, TOL, 0);
    /* Gini: pairs 3 * 5 = 15, n S = 20, G = 0.75 = (n-1)/n. */
    assert_close(fs_fair_gini(x, 4), 0.75, TOL, 0);
    /* Var: mean 1.25; 3 * 1.25^2 + 3.75^2 = 4.6875 + 14.0625 = 18.75;
     * / 4 = 4.6875. CV_pop = sqrt(4.6875) / 1.25 = sqrt(3). */
    assert_close(fs_fair_variance(x, 4), 4.6875, TOL, 0);
    assert_close(fs_fair_cv_pop(x, 4), sqrt(3.0), TOL, 0);
    assert_close(fs_fair_min(x, 4), 0.0, 0, 0);
    assert_close(fs_fair_max_min(x, 4), 5.0, 0, 0);
    assert_true(fs_fair_nash_welfare(x, 4) == -INFINITY);
    /* GGF: sorted 0 0 0 5 -> 0.125 * 5 = 0.625. */
    assert_close(fs_fair_ggf(x, w, 4, scratch), 0.625, TOL, 0);
    /* alpha = 0.5: 2 sqrt(5). */
    assert_close(fs_fair_alpha_utility(x, 4, 0.5), 2.0 * sqrt(5.0), TOL, 0);
}

static void test_empty(void **state)
{
    (void)state;
    assert_close(fs_fair_gini(NULL, 0), 0.0, 0, 0);
    assert_close(fs_fair_jain(NULL, 0), 1.0, 0, 0);
    assert_close(fs_fair_variance(NULL, 0), 0.0, 0, 0);
    assert_close(fs_fair_cv_pop(NULL, 0), 0.0, 0, 0);
    assert_close(fs_fair_cv_sample(NULL, 0), 0.0, 0, 0);
    assert_true(isnan(fs_fair_min(NULL, 0)));
    assert_close(fs_fair_max_min(NULL, 0), 0.0, 0, 0);
    assert_close(fs_fair_nash_welfare(NULL, 0), 0.0, 0, 0);
    assert_close(fs_fair_alpha_utility(NULL, 0, 2.0), 0.0, 0, 0);
    assert_close(fs_fair_ggf(NULL, NULL, 0, NULL), 0.0, 0, 0);
}

static void test_negative_inputs(void **state)
{
    (void)state;
    /* {-1, 1}: S = 0 -> Gini 0 by convention; sum x^2 = 2 -> Jain 0/4 = 0;
     * mean 0 with sd 1 -> CV = +inf; Nash -inf. */
    const double s0[2] = {-1, 1};
    assert_close(fs_fair_gini(s0, 2), 0.0, 0, 0);
    assert_close(fs_fair_jain(s0, 2), 0.0, 0, 0);
    assert_true(fs_fair_cv_pop(s0, 2) == INFINITY);
    assert_true(fs_fair_cv_sample(s0, 2) == INFINITY);
    assert_true(fs_fair_nash_welfare(s0, 2) == -INFINITY);
    assert_true(fs_fair_alpha_utility(s0, 2, 1.0) == -INFINITY);
    /* {-2, -4}: mean -3, var (1 + 1)/2 = 1, CV_pop = 1/|-3| = 1/3;
     * Gini = |(-2) - (-4)| / (n S) = 2 / (2 * -6) = -1/6 (formula as is);
     * alpha = 0 is the plain sum -6. */
    const double neg[2] = {-2, -4};
    assert_close(fs_fair_variance(neg, 2), 1.0, TOL, 0);
    assert_close(fs_fair_cv_pop(neg, 2), 1.0 / 3.0, TOL, 0);
    assert_close(fs_fair_gini(neg, 2), -1.0 / 6.0, TOL, 0);
    assert_close(fs_fair_alpha_utility(neg, 2, 0.0), -6.0, TOL, 0);
}

static void test_nan_propagates(void **state)
{
    (void)state;
    const double x[3] = {1, NAN, 0};
    double w[3] = {1, 0.5, 0.25}, scratch[3];
    assert_true(isnan(fs_fair_gini(x, 3)));
    assert_true(isnan(fs_fair_jain(x, 3)));
    assert_true(isnan(fs_fair_variance(x, 3)));
    assert_true(isnan(fs_fair_cv_pop(x, 3)));
    assert_true(isnan(fs_fair_cv_sample(x, 3)));
    assert_true(isnan(fs_fair_min(x, 3)));
    assert_true(isnan(fs_fair_max_min(x, 3)));
    assert_true(isnan(fs_fair_nash_welfare(x, 3)));   /* NaN beats the 0 */
    assert_true(isnan(fs_fair_alpha_utility(x, 3, 2.0)));
    assert_true(isnan(fs_fair_alpha_utility(A, 4, NAN)));
    assert_true(isnan(fs_fair_ggf(x, w, 3, scratch)));
    assert_true(isnan(fs_fair_l2_skill(x, x, 3)));
    const double one_nan[1] = {NAN};
    assert_true(isnan(fs_fair_gini(one_nan, 1)));
}

/* ---- identities on random vectors ------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Jain = 1 / (1 + CV_pop^2); CV_sample = CV_pop sqrt(n/(n-1));
 * Var = (CV_pop mean)^2; the pairwise Gini equals the sorted form
 * (2 sum_k k x_(k)) / (n S) - (n+1)/n with k = 1..n. */
static void test_identities_random(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 2026, 12, FS_RNG_USER);
    double x[17], s[17];
    for (size_t n = 2; n <= 17; n++) {
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            x[i] = fs_rng_range(&r, 0.0, 10.0);
            s[i] = x[i];
            sum += x[i];
        }
        double cvp = fs_fair_cv_pop(x, n);
        assert_close(fs_fair_jain(x, n), 1.0 / (1.0 + cvp * cvp), 1e-12, 1e-12);
        assert_close(fs_fair_cv_sample(x, n),
                     cvp * sqrt((double)n / (double)(n - 1)), 1e-12, 1e-12);
        double mean = sum / (double)n;
        assert_close(fs_fair_variance(x, n), cvp * mean * cvp * mean, 1e-12,
                     1e-10);
        qsort(s, n, sizeof s[0], cmp_double);
        double ks = 0;
        for (size_t k = 0; k < n; k++)
            ks += (double)(k + 1) * s[k];
        double g_sorted = 2.0 * ks / ((double)n * sum) - (double)(n + 1) / (double)n;
        assert_close(fs_fair_gini(x, n), g_sorted, 1e-12, 1e-10);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gini_values),
        cmocka_unit_test(test_jain_values),
        cmocka_unit_test(test_variance_and_cv_values),
        cmocka_unit_test(test_min_and_range_values),
        cmocka_unit_test(test_nash_and_alpha_values),
        cmocka_unit_test(test_ggf_values),
        cmocka_unit_test(test_fairskill_losses),
        cmocka_unit_test(test_all_equal),
        cmocka_unit_test(test_single_agent),
        cmocka_unit_test(test_all_zero),
        cmocka_unit_test(test_one_agent_gets_all),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_negative_inputs),
        cmocka_unit_test(test_nan_propagates),
        cmocka_unit_test(test_identities_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
