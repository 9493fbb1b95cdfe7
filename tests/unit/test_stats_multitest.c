/* tests/unit/test_stats_multitest.c - p-value corrections against
 * statsmodels/statsmodels statsmodels/stats/tests/test_multi.py
 * (res_multtest1, from R multtest mt.rawp2adjp, asserted there to 15
 * decimals). */
#include "tests/unit/test_common.h"

#include <string.h>

#include "analysis/multitest.h"

/* pval0 of test_multi.py, in its (unsorted) input order. */
static const double pval0[10] = {
    0.838541367553, 0.642193923795, 0.680845947633, 0.967833824309,
    0.71626938238, 0.177096952723, 5.23656777208e-005, 0.0202732688798,
    0.00028140506198, 0.0149877310796};

/* res_multtest1 rows (sorted by raw p); columns rawp, Bonferroni, Holm,
 * Hochberg, SidakSS, SidakSD (= holm-sidak), BH, BY. */
static const double table[10][8] = {
    {5.2365677720800003e-05, 5.2365677720800005e-04, 5.2365677720800005e-04,
     5.2365677720800005e-04, 5.2353339704891422e-04, 5.2353339704891422e-04,
     5.2365677720800005e-04, 1.5337740764175588e-03},
    {2.8140506198000000e-04, 2.8140506197999998e-03, 2.5326455578199999e-03,
     2.5326455578199999e-03, 2.8104897961789277e-03, 2.5297966317768816e-03,
     1.4070253098999999e-03, 4.1211324652269442e-03},
    {1.4987731079600001e-02, 1.4987731079600000e-01, 1.1990184863680001e-01,
     1.1990184863680001e-01, 1.4016246580579017e-01, 1.1379719679449507e-01,
     4.9959103598666670e-02, 1.4632862843720582e-01},
    {2.0273268879800001e-02, 2.0273268879799999e-01, 1.4191288215860001e-01,
     1.4191288215860001e-01, 1.8520270949069695e-01, 1.3356756197485375e-01,
     5.0683172199499998e-02, 1.4844940238274187e-01},
    {1.7709695272300000e-01, 1.0000000000000000e+00, 1.0000000000000000e+00,
     9.6783382430900000e-01, 8.5760763426056130e-01, 6.8947825122356643e-01,
     3.5419390544599999e-01, 1.0000000000000000e+00},
    {6.4219392379499995e-01, 1.0000000000000000e+00, 1.0000000000000000e+00,
     9.6783382430900000e-01, 9.9996560644133570e-01, 9.9413539782557070e-01,
     8.9533672797500008e-01, 1.0000000000000000e+00},
    {6.8084594763299999e-01, 1.0000000000000000e+00, 1.0000000000000000e+00,
     9.6783382430900000e-01, 9.9998903512635740e-01, 9.9413539782557070e-01,
     8.9533672797500008e-01, 1.0000000000000000e+00},
    {7.1626938238000004e-01, 1.0000000000000000e+00, 1.0000000000000000e+00,
     9.6783382430900000e-01, 9.9999661886871472e-01, 9.9413539782557070e-01,
     8.9533672797500008e-01, 1.0000000000000000e+00},
    {8.3854136755300002e-01, 1.0000000000000000e+00, 1.0000000000000000e+00,
     9.6783382430900000e-01, 9.9999998796038225e-01, 9.9413539782557070e-01,
     9.3171263061444454e-01, 1.0000000000000000e+00},
    {9.6783382430900000e-01, 1.0000000000000000e+00, 1.0000000000000000e+00,
     9.6783382430900000e-01, 9.9999999999999878e-01, 9.9413539782557070e-01,
     9.6783382430900000e-01, 1.0000000000000000e+00}};

static void check_method(fs_padjust method, int column)
{
    fs_err e = {0};
    double adj[10];
    int reject[10];
    assert_int_equal(fs_stats_padjust(pval0, 10, method, 0.1, adj, reject, &e),
                     0);
    for (int i = 0; i < 10; i++) {
        int row = -1;
        for (int r = 0; r < 10; r++)
            if (fabs(table[r][0] - pval0[i]) < 1e-15)
                row = r;
        assert_true(row >= 0);
        assert_close(adj[i], table[row][column], 1e-15, 1e-13);
        assert_int_equal(reject[i], adj[i] <= 0.1);
    }
}

static void test_bonferroni(void **state) { (void)state; check_method(FS_PADJ_BONFERRONI, 1); }
static void test_holm(void **state) { (void)state; check_method(FS_PADJ_HOLM, 2); }
static void test_holm_sidak(void **state) { (void)state; check_method(FS_PADJ_HOLM_SIDAK, 5); }
static void test_bh(void **state) { (void)state; check_method(FS_PADJ_BH, 6); }
static void test_by(void **state) { (void)state; check_method(FS_PADJ_BY, 7); }

/* Holm at alpha 0.1 rejects exactly the two smallest (1: 5.2e-4, 2: 2.5e-3,
 * 3: 0.1199 > 0.1); BH rejects four (0.0507 <= 0.1). */
static void test_rejection_counts(void **state)
{
    (void)state;
    fs_err e = {0};
    double adj[10];
    int rej[10], n = 0;
    fs_stats_padjust(pval0, 10, FS_PADJ_HOLM, 0.1, adj, rej, &e);
    for (int i = 0; i < 10; i++)
        n += rej[i];
    assert_int_equal(n, 2);
    n = 0;
    fs_stats_padjust(pval0, 10, FS_PADJ_BH, 0.1, adj, rej, &e);
    for (int i = 0; i < 10; i++)
        n += rej[i];
    assert_int_equal(n, 4);
}

/* m = 1 leaves p unchanged (scipy false_discovery_control); ties keep a
 * monotone result; output may alias the input. */
static void test_small_and_aliasing(void **state)
{
    (void)state;
    fs_err e = {0};
    double p[1] = {0.3};
    fs_stats_padjust(p, 1, FS_PADJ_HOLM, 0.05, p, NULL, &e);
    assert_close(p[0], 0.3, 0, 0);
    double q[3] = {0.01, 0.01, 0.04};
    fs_stats_padjust(q, 3, FS_PADJ_HOLM, 0.05, q, NULL, &e);
    /* sorted: 0.01*3, 0.01*2 -> max 0.03, 0.04*1 -> max 0.04 */
    assert_close(q[0], 0.03, 0, 1e-15);
    assert_close(q[1], 0.03, 0, 1e-15);
    assert_close(q[2], 0.04, 0, 1e-15);
    assert_int_equal(fs_stats_padjust(q, 0, FS_PADJ_BH, 0.05, q, NULL, &e), 0);
}

static void test_invalid_input(void **state)
{
    (void)state;
    fs_err e = {0};
    double out[2];
    const double bad[] = {0.2, NAN};
    assert_int_equal(fs_stats_padjust(bad, 2, FS_PADJ_BH, 0.05, out, NULL, &e),
                     FS_ENUMERIC);
    assert_string_equal(e.msg, "p[1] is NaN");
    fs_err_clear(&e);
    const double big[] = {1.5, 0.1};
    assert_int_equal(fs_stats_padjust(big, 2, FS_PADJ_BH, 0.05, out, NULL, &e),
                     FS_ECONFIG);
    fs_padjust m;
    assert_int_equal(fs_padjust_parse("fdr_bh", &m, &e), 0);
    assert_int_equal(m, FS_PADJ_BH);
    assert_string_equal(fs_padjust_name(FS_PADJ_HOLM), "holm");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bonferroni),
        cmocka_unit_test(test_holm),
        cmocka_unit_test(test_holm_sidak),
        cmocka_unit_test(test_bh),
        cmocka_unit_test(test_by),
        cmocka_unit_test(test_rejection_counts),
        cmocka_unit_test(test_small_and_aliasing),
        cmocka_unit_test(test_invalid_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
