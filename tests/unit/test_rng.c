/* tests/unit/test_rng.c - Philox4x64-10 streams: published known answers,
 * the stream layout, determinism, independence and the derived
 * distributions (uniform, below, normal, categorical, shuffle).
 *
 * Statistical bounds: every check below uses a fixed stream, so it is
 * deterministic; the bounds are chosen so that a correct generator would
 * fail them with probability below about 1e-6 (5 standard errors, or the
 * chi-square quantile at p = 1e-6 from GSL's gsl_cdf_chisq_Qinv), while the
 * bugs they target (modulo bias, reused streams, wrong weights) exceed them
 * by a wide margin. */
#include "tests/unit/test_common.h"

#include <string.h>

#include "core/rng.h"

enum { NDRAW = 100000 };

/* chi-square quantiles at upper-tail probability 1e-6 (gsl_cdf_chisq_Qinv). */
#define CHI2_1E6_DF1 23.93
#define CHI2_1E6_DF2 27.63
#define CHI2_1E6_DF5 35.89
#define CHI2_1E6_DF6 38.26

static double chi_square(const long *count, const double *p, size_t k,
                         long total)
{
    double chi = 0.0;
    for (size_t i = 0; i < k; i++) {
        double want = p[i] * (double)total;
        double d = (double)count[i] - want;
        chi += d * d / want;
    }
    return chi;
}

/* ---- known answers ---------------------------------------------------- */

static void check_kat(const uint64_t ctr[4], const uint64_t key[2],
                      const uint64_t want[4])
{
    uint64_t out[4];
    fs_rng_philox4x64(ctr, key, out);
    for (int i = 0; i < 4; i++)
        assert_true(out[i] == want[i]);
}

/* Random123 tests/kat_vectors, lines "philox4x64 10 <ctr0..3> <key0..1>
 * <out0..3>": all-zero, all-ones and the digits-of-pi vector. */
static void test_philox_kat_zero(void **state)
{
    (void)state;
    const uint64_t ctr[4] = {0, 0, 0, 0};
    const uint64_t key[2] = {0, 0};
    const uint64_t want[4] = {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL,
                              0xd7e772cee186176bULL, 0x7e68b68aec7ba23bULL};
    check_kat(ctr, key, want);
}

static void test_philox_kat_ones(void **state)
{
    (void)state;
    const uint64_t f = 0xffffffffffffffffULL;
    const uint64_t ctr[4] = {f, f, f, f};
    const uint64_t key[2] = {f, f};
    const uint64_t want[4] = {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL,
                              0x9cc7d7c69cd777b6ULL, 0xa09caebf594f0ba0ULL};
    check_kat(ctr, key, want);
}

static void test_philox_kat_pi(void **state)
{
    (void)state;
    const uint64_t ctr[4] = {0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL,
                             0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL};
    const uint64_t key[2] = {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL};
    const uint64_t want[4] = {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL,
                              0xa5a1610e72fd18b5ULL, 0x57bd43b5e52b7fe6ULL};
    check_kat(ctr, key, want);
}

/* ---- stream layout and determinism ------------------------------------ */

/* rng.h promises key = (seed, job id), counter = (block, purpose, 0, 0):
 * the stream's words are the Philox blocks 0, 1, 2 ... in order. Stored
 * results depend on this layout, so it must never change silently. */
static void test_stream_is_philox_blocks(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 42, 7, FS_RNG_ENV);
    const uint64_t key[2] = {42, 7};
    for (uint64_t block = 0; block < 3; block++) {
        const uint64_t ctr[4] = {block, FS_RNG_ENV, 0, 0};
        uint64_t want[4];
        fs_rng_philox4x64(ctr, key, want);
        for (int i = 0; i < 4; i++)
            assert_true(fs_rng_u64(&r) == want[i]);
    }
}

static void test_same_key_same_sequence(void **state)
{
    (void)state;
    fs_rng a, b;
    fs_rng_init(&a, 123, 456, FS_RNG_ACT);
    fs_rng_init(&b, 123, 456, FS_RNG_ACT);
    for (int i = 0; i < 1000; i++)
        assert_true(fs_rng_u64(&a) == fs_rng_u64(&b));
    /* A copy continues exactly where the original is. */
    fs_rng c = a;
    for (int i = 0; i < 10; i++)
        assert_true(fs_rng_u64(&a) == fs_rng_u64(&c));
}

static void test_u32_is_high_half(void **state)
{
    (void)state;
    fs_rng a, b;
    fs_rng_init(&a, 1, 2, 3);
    fs_rng_init(&b, 1, 2, 3);
    for (int i = 0; i < 8; i++)
        assert_true(fs_rng_u32(&a) == (uint32_t)(fs_rng_u64(&b) >> 32));
}

/* Count equal words at equal positions: independent 64-bit streams should
 * agree nowhere in 1000 draws (chance ~ 1000 * 2^-64). */
static int count_collisions(fs_rng *a, fs_rng *b)
{
    int same = 0;
    for (int i = 0; i < 1000; i++)
        same += fs_rng_u64(a) == fs_rng_u64(b);
    return same;
}

static void test_any_key_part_changes_stream(void **state)
{
    (void)state;
    fs_rng base, other;
    const uint64_t alt[3][3] = {{2, 10, 5}, {1, 11, 5}, {1, 10, 6}};
    for (int k = 0; k < 3; k++) {
        fs_rng_init(&base, 1, 10, 5);
        fs_rng_init(&other, alt[k][0], alt[k][1], (uint32_t)alt[k][2]);
        assert_int_equal(count_collisions(&base, &other), 0);
    }
    /* Swapping seed and job id must not give the same stream either. */
    fs_rng_init(&base, 3, 4, 5);
    fs_rng_init(&other, 4, 3, 5);
    assert_int_equal(count_collisions(&base, &other), 0);
}

/* Pearson correlation of paired uniforms from two streams. Under
 * independence its standard error is 1/sqrt(N) = 0.00316 for N = 1e5;
 * the bound is 5 standard errors. Also lag-1 within one stream. */
static double correlation(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

static void test_streams_uncorrelated(void **state)
{
    (void)state;
    static double x[NDRAW], y[NDRAW];
    fs_rng a, b;
    const double bound = 5.0 / sqrt((double)NDRAW);
    /* Neighbouring purposes of one job, neighbouring jobs of one seed. */
    const uint64_t pairs[2][6] = {{9, 100, FS_RNG_ENV, 9, 100, FS_RNG_ACT},
                                  {9, 100, FS_RNG_ENV, 9, 101, FS_RNG_ENV}};
    for (int p = 0; p < 2; p++) {
        fs_rng_init(&a, pairs[p][0], pairs[p][1], (uint32_t)pairs[p][2]);
        fs_rng_init(&b, pairs[p][3], pairs[p][4], (uint32_t)pairs[p][5]);
        for (size_t i = 0; i < NDRAW; i++) {
            x[i] = fs_rng_uniform(&a);
            y[i] = fs_rng_uniform(&b);
        }
        assert_true(fabs(correlation(x, y, NDRAW)) < bound);
    }
    assert_true(fabs(correlation(x, x + 1, NDRAW - 1)) < bound);
}

/* ---- uniform ---------------------------------------------------------- */

/* U(0,1): mean 1/2, variance 1/12. Standard errors for N = 1e5:
 * mean sqrt(1/12/N) = 0.000913; variance sqrt((1/80 - 1/144)/N) =
 * sqrt(1/180/N) = 0.000236. Bounds are 5 standard errors. */
static void test_uniform_moments_and_range(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 2026, 1, FS_RNG_INIT);
    double sum = 0, sum2 = 0;
    float fmin = 1.0f, fmax = 0.0f;
    for (int i = 0; i < NDRAW; i++) {
        double u = fs_rng_uniform(&r);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
        sum2 += (u - 0.5) * (u - 0.5);
        float f = fs_rng_uniform_f(&r);
        assert_true(f >= 0.0f && f < 1.0f);
        fmin = f < fmin ? f : fmin;
        fmax = f > fmax ? f : fmax;
    }
    assert_close(sum / NDRAW, 0.5, 5 * 0.000913, 0);
    assert_close(sum2 / NDRAW, 1.0 / 12.0, 5 * 0.000236, 0);
    assert_true(fmin < 0.001f && fmax > 0.999f);
}

static void test_uniform_bit_mapping(void **state)
{
    (void)state;
    fs_rng a, b;
    fs_rng_init(&a, 5, 6, 7);
    fs_rng_init(&b, 5, 6, 7);
    for (int i = 0; i < 8; i++) {
        uint64_t w = fs_rng_u64(&b);
        assert_true(fs_rng_uniform(&a) == (double)(w >> 11) * 0x1.0p-53);
    }
}

static void test_range_maps_interval(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 3, 3, 3);
    double sum = 0;
    for (int i = 0; i < NDRAW; i++) {
        double v = fs_rng_range(&r, -2.0, 6.0);
        assert_true(v >= -2.0 && v < 6.0);
        sum += v;
    }
    /* U(-2,6): mean 2, sd 8/sqrt(12) = 2.309, SE 0.0073; bound 5 SE. */
    assert_close(sum / NDRAW, 2.0, 5 * 0.0073, 0);
}

/* ---- below ------------------------------------------------------------ */

static void check_below_uniform(uint64_t n, double chi_bound)
{
    fs_rng r;
    fs_rng_init(&r, 77, n, FS_RNG_USER);
    long count[16] = {0};
    double p[16];
    for (uint64_t i = 0; i < n; i++)
        p[i] = 1.0 / (double)n;
    for (int i = 0; i < NDRAW; i++) {
        uint64_t v = fs_rng_below(&r, n);
        assert_true(v < n);
        count[v]++;
    }
    assert_true(chi_square(count, p, (size_t)n, NDRAW) < chi_bound);
}

static void test_below_small_n_unbiased(void **state)
{
    (void)state;
    check_below_uniform(3, CHI2_1E6_DF2);
    check_below_uniform(7, CHI2_1E6_DF6);
}

/* n = 3 * 2^62: a plain `u64 % n` would put half of all draws in
 * [0, 2^62) (expected third: 33333 of 1e5, chi-square ~ 12500). The three
 * thirds [k 2^62, (k+1) 2^62) must be equally likely. */
static void test_below_large_n_unbiased(void **state)
{
    (void)state;
    const uint64_t n = 3ULL << 62;
    const double p[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    long count[3] = {0};
    fs_rng r;
    fs_rng_init(&r, 8, 8, 8);
    for (int i = 0; i < NDRAW; i++) {
        uint64_t v = fs_rng_below(&r, n);
        assert_true(v < n);
        count[v >> 62]++;
    }
    assert_true(chi_square(count, p, 3, NDRAW) < CHI2_1E6_DF2);
}

static void test_below_edges(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 1, 1, 1);
    for (int i = 0; i < 1000; i++)
        assert_true(fs_rng_below(&r, 1) == 0);
    /* n = 2: both values occur. */
    int seen[2] = {0, 0};
    for (int i = 0; i < 100; i++)
        seen[fs_rng_below(&r, 2)] = 1;
    assert_true(seen[0] && seen[1]);
    /* Largest n: in range, and not stuck at 0. */
    uint64_t or_all = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t v = fs_rng_below(&r, UINT64_MAX);
        assert_true(v < UINT64_MAX);
        or_all |= v;
    }
    assert_true(or_all >> 63);
}

/* ---- normal ----------------------------------------------------------- */

/* N(0,1), N = 1e5: SE of the mean 0.00316, of the variance sqrt(2/N) =
 * 0.00447, of P(|z| > 1.96) = 0.05: sqrt(0.05 * 0.95 / N) = 0.00069.
 * Bounds are 5 standard errors. */
static void test_normal_moments(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 11, 22, FS_RNG_INIT);
    double sum = 0, sum2 = 0;
    long tail = 0;
    for (int i = 0; i < NDRAW; i++) {
        double z = fs_rng_normal(&r);
        assert_true(isfinite(z));
        sum += z;
        sum2 += z * z;
        tail += fabs(z) > 1.959963984540054;
    }
    double mean = sum / NDRAW;
    assert_close(mean, 0.0, 5 * 0.00316, 0);
    assert_close(sum2 / NDRAW - mean * mean, 1.0, 5 * 0.00447, 0);
    assert_close((double)tail / NDRAW, 0.05, 5 * 0.00069, 0);
}

/* ---- categorical ------------------------------------------------------ */

/* Weights {0, 1, 3, 0, 6}: P = {0, 0.1, 0.3, 0, 0.6}; zero weights, at the
 * ends too, are never chosen. Chi-square over the three positive cells
 * (df 2). */
static void test_categorical_frequencies(void **state)
{
    (void)state;
    const double w[6] = {0.0, 1.0, 3.0, 0.0, 6.0, 0.0};
    long count[6] = {0};
    fs_rng r;
    fs_rng_init(&r, 4, 5, FS_RNG_ACT);
    for (int i = 0; i < NDRAW; i++) {
        size_t k = fs_rng_categorical(&r, w, 6);
        assert_true(k < 6);
        count[k]++;
    }
    assert_int_equal(count[0], 0);
    assert_int_equal(count[3], 0);
    assert_int_equal(count[5], 0);
    const long pos[3] = {count[1], count[2], count[4]};
    const double p[3] = {0.1, 0.3, 0.6};
    assert_true(chi_square(pos, p, 3, NDRAW) < CHI2_1E6_DF2);
}

static void test_categorical_single_positive(void **state)
{
    (void)state;
    const double w[4] = {0.0, 0.0, 2.5, 0.0};
    fs_rng r;
    fs_rng_init(&r, 4, 6, FS_RNG_ACT);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(fs_rng_categorical(&r, w, 4), 2);
    const double one[1] = {0.3};
    assert_int_equal(fs_rng_categorical(&r, one, 1), 0);
}

/* ---- shuffle ---------------------------------------------------------- */

static void test_shuffle_permutation_deterministic(void **state)
{
    (void)state;
    int a[100], b[100];
    for (int i = 0; i < 100; i++)
        a[i] = b[i] = i;
    fs_rng ra, rb;
    fs_rng_init(&ra, 9, 9, FS_RNG_REPLAY);
    fs_rng_init(&rb, 9, 9, FS_RNG_REPLAY);
    fs_rng_shuffle(&ra, a, 100, sizeof a[0]);
    fs_rng_shuffle(&rb, b, 100, sizeof b[0]);
    assert_memory_equal(a, b, sizeof a);
    int seen[100] = {0}, moved = 0;
    for (int i = 0; i < 100; i++) {
        assert_true(a[i] >= 0 && a[i] < 100);
        seen[a[i]]++;
        moved += a[i] != i;
    }
    for (int i = 0; i < 100; i++)
        assert_int_equal(seen[i], 1);
    assert_true(moved > 90); /* a random permutation fixes 1 point on average */
    /* n = 0 and n = 1 are no-ops. */
    int one = 5;
    fs_rng_shuffle(&ra, &one, 1, sizeof one);
    fs_rng_shuffle(&ra, NULL, 0, sizeof one);
    assert_int_equal(one, 5);
}

/* All 6 orders of 3 items are equally likely (Fisher-Yates, not the biased
 * "swap with any index" variant, which gives 4/27 or 5/27). 60000 shuffles,
 * chi-square df 5. */
static void test_shuffle_orders_uniform(void **state)
{
    (void)state;
    long count[6] = {0};
    const double p[6] = {1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6};
    fs_rng r;
    fs_rng_init(&r, 31, 41, 59);
    for (int t = 0; t < 60000; t++) {
        unsigned char v[3] = {0, 1, 2};
        fs_rng_shuffle(&r, v, 3, 1);
        /* Order code: first element (3 ways) x whether the rest is sorted. */
        int code = v[0] * 2 + (v[1] > v[2]);
        count[code]++;
    }
    assert_true(chi_square(count, p, 6, 60000) < CHI2_1E6_DF5);
}

/* Elements larger than the internal 256-byte swap buffer keep their bytes
 * together. */
static void test_shuffle_large_elements(void **state)
{
    (void)state;
    enum { N = 5, SZ = 600 };
    static unsigned char buf[N][SZ];
    for (int i = 0; i < N; i++)
        memset(buf[i], 'a' + i, SZ);
    fs_rng r;
    fs_rng_init(&r, 1, 2, 3);
    fs_rng_shuffle(&r, buf, N, SZ);
    int seen = 0;
    for (int i = 0; i < N; i++) {
        for (int j = 1; j < SZ; j++)
            assert_int_equal(buf[i][j], buf[i][0]);
        seen |= 1 << (buf[i][0] - 'a');
    }
    assert_int_equal(seen, (1 << N) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_kat_zero),
        cmocka_unit_test(test_philox_kat_ones),
        cmocka_unit_test(test_philox_kat_pi),
        cmocka_unit_test(test_stream_is_philox_blocks),
        cmocka_unit_test(test_same_key_same_sequence),
        cmocka_unit_test(test_u32_is_high_half),
        cmocka_unit_test(test_any_key_part_changes_stream),
        cmocka_unit_test(test_streams_uncorrelated),
        cmocka_unit_test(test_uniform_moments_and_range),
        cmocka_unit_test(test_uniform_bit_mapping),
        cmocka_unit_test(test_range_maps_interval),
        cmocka_unit_test(test_below_small_n_unbiased),
        cmocka_unit_test(test_below_large_n_unbiased),
        cmocka_unit_test(test_below_edges),
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_categorical_frequencies),
        cmocka_unit_test(test_categorical_single_positive),
        cmocka_unit_test(test_shuffle_permutation_deterministic),
        cmocka_unit_test(test_shuffle_orders_uniform),
        cmocka_unit_test(test_shuffle_large_elements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
