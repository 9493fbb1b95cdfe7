/* tests/unit/test_bandit_env.c - bandit instances: the generator and its
 * preference models (exact probabilities of small cases), reward noise,
 * the CSV and PrefLib loaders. */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/bandit.h"
#include "envs/env.h"
#include "learners/learner.h"

static struct fs_bandit_gen gen(int n, int k, int fav, int uniform,
                                enum fs_pref_model m, double phi)
{
    struct fs_bandit_gen g = {.n_agents = n, .n_arms = k, .fav = fav, .fav_uniform = uniform,
                              .prefs = m, .phi = phi, .means_mean = 0.5, .means_sd = 0.25,
                              .noise = FS_NOISE_BERNOULLI, .noise_sd = 0.1};
    return g;
}

static fs_bandit *make(const struct fs_bandit_gen *g, uint64_t stream)
{
    fs_rng r;
    fs_rng_init(&r, 1, stream, FS_RNG_ENV);
    fs_bandit *b = NULL;
    fs_err e = {0};
    assert_int_equal(fs_bandit_generate(g, &r, &b, &e), FS_OK);
    return b;
}

/* "same": every agent has exactly fav favourites; means in (0,1). */
static void test_generate_same_favourite_count(void **state)
{
    (void)state;
    struct fs_bandit_gen g = gen(9, 7, 3, 0, FS_PREF_IC, 0);
    fs_bandit *b = make(&g, 1);
    const double *mu = fs_bandit_means(b);
    unsigned char fav[63];
    fs_bandit_favourites(mu, 9, 7, 0, fav);
    for (int i = 0; i < 9; i++) {
        int c = 0;
        for (int j = 0; j < 7; j++) {
            assert_true(mu[i * 7 + j] > 0 && mu[i * 7 + j] < 1);
            c += fav[i * 7 + j];
        }
        assert_int_equal(c, 3);
    }
    fs_bandit_destroy(&b);
    assert_null(b);
}

/* "uniform": counts in 1..fav, each value reached over many agents. */
static void test_generate_uniform_favourite_count(void **state)
{
    (void)state;
    struct fs_bandit_gen g = gen(400, 5, 4, 1, FS_PREF_IC, 0);
    fs_bandit *b = make(&g, 2);
    unsigned char fav[2000];
    fs_bandit_favourites(fs_bandit_means(b), 400, 5, 0, fav);
    int seen[6] = {0};
    for (int i = 0; i < 400; i++) {
        int c = 0;
        for (int j = 0; j < 5; j++)
            c += fav[i * 5 + j];
        assert_true(c >= 1 && c <= 4);
        seen[c]++;
    }
    for (int c = 1; c <= 4; c++)
        assert_true(seen[c] > 60); /* expected 100 each */
    fs_bandit_destroy(&b);
}

/* Mallows with phi = 0 is the identity ranking for everyone, so means fall
 * with the arm index and the top fav arms tie. */
static void test_means_follow_ranks(void **state)
{
    (void)state;
    struct fs_bandit_gen g = gen(5, 6, 2, 0, FS_PREF_MALLOWS, 0);
    fs_bandit *b = make(&g, 3);
    const double *mu = fs_bandit_means(b);
    for (int i = 0; i < 5; i++) {
        assert_true(mu[i * 6 + 0] == mu[i * 6 + 1]);
        for (int j = 1; j < 5; j++)
            assert_true(mu[i * 6 + j] > mu[i * 6 + j + 1]);
    }
    fs_bandit_destroy(&b);
}

static int ranking_index3(const int *perm)
{
    /* lexicographic index of a permutation of {0,1,2} */
    int first = perm[0], second = perm[1] > first ? perm[1] - 1 : perm[1];
    return first * 2 + second;
}

/* Frequencies of the 6 rankings of 3 arms over many agents. */
static void ranking_freq(enum fs_pref_model m, double phi, int n, double *freq)
{
    int *rank = malloc((size_t)n * 3 * sizeof *rank);
    fs_rng r;
    fs_rng_init(&r, 9, 9, FS_RNG_USER);
    fs_pref_sample(m, phi, n, 3, &r, rank);
    for (int q = 0; q < 6; q++)
        freq[q] = 0;
    for (int i = 0; i < n; i++)
        freq[ranking_index3(rank + 3 * i)] += 1.0 / n;
    free(rank);
}

/* means rank-score: the paper's PrefLib scores by rank (IC ranks). */
static void test_rank_score_means(void **state)
{
    (void)state;
    struct fs_bandit_gen g = gen(6, 4, 1, 0, FS_PREF_IC, 0);
    g.rank_scores = 1;
    fs_bandit *b = make(&g, 4);
    for (int i = 0; i < 6; i++) {
        double row[4];
        memcpy(row, fs_bandit_means(b) + 4 * i, sizeof row);
        double s = 0;
        for (int j = 0; j < 4; j++)
            s += row[j];
        assert_close(s, 0.9 + 0.63 + 0.37 + 0.1, 1e-12, 0);
    }
    fs_bandit_destroy(&b);
}

/* IC: each of the 3! rankings 1/6. */
static void test_ic_uniform_rankings(void **state)
{
    (void)state;
    double f[6];
    ranking_freq(FS_PREF_IC, 0, 30000, f);
    for (int q = 0; q < 6; q++)
        assert_close(f[q], 1.0 / 6, 0.015, 0);
}

/* Mallows, phi = 0.5: P(ranking) = phi^d / Z, d the Kendall distance to the
 * identity, Z = 1 (1 + phi) (1 + phi + phi^2) = 2.625. Lexicographic order
 * 012 (d0), 021 (d1), 102 (d1), 120 (d2), 201 (d2), 210 (d3). */
static void test_mallows_exact_probabilities(void **state)
{
    (void)state;
    double f[6];
    ranking_freq(FS_PREF_MALLOWS, 0.5, 40000, f);
    const int d[6] = {0, 1, 1, 2, 2, 3};
    for (int q = 0; q < 6; q++)
        assert_close(f[q], pow(0.5, d[q]) / 2.625, 0.012, 0);
}

/* Single-peaked on 0<1<2: 2^(k-1) = 4 rankings, 1/4 each; 021 and 201 (the
 * middle arm last) never occur. */
static void test_single_peaked_rankings(void **state)
{
    (void)state;
    double f[6];
    ranking_freq(FS_PREF_SINGLE_PEAKED, 0, 40000, f);
    assert_close(f[1], 0, 0, 0);
    assert_close(f[4], 0, 0, 0);
    assert_close(f[0], 0.25, 0.012, 0);
    assert_close(f[2], 0.25, 0.012, 0);
    assert_close(f[3], 0.25, 0.012, 0);
    assert_close(f[5], 0.25, 0.012, 0);
}

/* IAC with 2 agents and 2 arms: the anonymous profiles {AB,AB}, {AB,BA},
 * {BA,BA} are equally likely, so the agents agree with probability 2/3
 * (1/2 under IC). */
static void test_iac_anonymous_profiles(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 4, 4, FS_RNG_USER);
    int agree = 0, trials = 30000, rank[4];
    for (int t = 0; t < trials; t++) {
        fs_pref_sample(FS_PREF_IAC, 0, 2, 2, &r, rank);
        agree += rank[0] == rank[2];
    }
    assert_close((double)agree / trials, 2.0 / 3, 0.012, 0);
}

/* Beta noise: the method of moments gives (7.2, 0.8) for mean 0.9, sd 0.1
 * (paper section 7.1), and pulls have that mean and sd. */
static void test_beta_noise_moments(void **state)
{
    (void)state;
    double a, b;
    assert_int_equal(fs_beta_moments(0.9, 0.1, &a, &b), 0);
    assert_close(a, 7.2, 1e-12, 0);
    assert_close(b, 0.8, 1e-12, 0);
    assert_int_equal(fs_beta_moments(0.5, 0.6, &a, &b), -1);
    const double mu[] = {0.9, 0.37};
    fs_bandit *bd = NULL;
    fs_err e = {0};
    assert_int_equal(fs_bandit_from_means(mu, 2, 1, &bd, &e), FS_OK);
    assert_int_equal(fs_bandit_set_noise(bd, FS_NOISE_BETA, 0.1, &e), FS_OK);
    fs_rng r;
    fs_rng_init(&r, 5, 5, FS_RNG_ENV);
    double s[2] = {0}, s2[2] = {0}, rew[2];
    int n = 40000;
    for (int t = 0; t < n; t++) {
        fs_bandit_pull(bd, 0, &r, rew);
        for (int i = 0; i < 2; i++) {
            assert_true(rew[i] >= 0 && rew[i] <= 1);
            s[i] += rew[i];
            s2[i] += rew[i] * rew[i];
        }
    }
    for (int i = 0; i < 2; i++) {
        double m = s[i] / n, sd = sqrt(s2[i] / n - m * m);
        assert_close(m, mu[i], 0.003, 0);
        assert_close(sd, 0.1, 0.003, 0);
    }
    assert_int_equal(fs_bandit_set_noise(bd, FS_NOISE_BETA, 0.49, &e), FS_ECONFIG);
    fs_bandit_destroy(&bd);
}

static void test_bernoulli_noise_mean(void **state)
{
    (void)state;
    const double mu[] = {0.3};
    fs_bandit *b = NULL;
    fs_err e = {0};
    assert_int_equal(fs_bandit_from_means(mu, 1, 1, &b, &e), FS_OK);
    fs_rng r;
    fs_rng_init(&r, 6, 6, FS_RNG_ENV);
    double s = 0, rew;
    for (int t = 0; t < 40000; t++) {
        fs_bandit_pull(b, 0, &r, &rew);
        assert_true(rew == 0 || rew == 1);
        s += rew;
    }
    assert_close(s / 40000, 0.3, 0.01, 0);
    fs_bandit_destroy(&b);
}

static void test_csv_loader(void **state)
{
    (void)state;
    fs_bandit *b = NULL;
    fs_err e = {0};
    assert_int_equal(fs_bandit_load_csv("tests/data/bandit/a1.csv", &b, &e), FS_OK);
    assert_int_equal(fs_bandit_n_agents(b), 3);
    assert_int_equal(fs_bandit_n_arms(b), 2);
    assert_close(fs_bandit_means(b)[5], 0.9, 0, 0);
    fs_bandit_destroy(&b);
    assert_int_equal(fs_bandit_load_csv("tests/data/bandit/bad-range.csv", &b, &e), FS_EFORMAT);
    assert_non_null(strstr(e.msg, "bad-range.csv:2: field 2: mean 1.5 is not in (0,1)"));
    assert_null(b);
    assert_int_equal(fs_bandit_load_csv("tests/data/bandit/nope.csv", &b, &e), FS_EIO);
}

static void test_preflib_modern_soc(void **state)
{
    (void)state;
    fs_preflib *p = NULL;
    fs_err e = {0};
    assert_int_equal(fs_preflib_load("tests/data/bandit/dots4.soc", &p, &e), FS_OK);
    assert_int_equal(fs_preflib_n_voters(p), 10);
    assert_int_equal(fs_preflib_n_alternatives(p), 4);
    fs_bandit *b = NULL;
    assert_int_equal(fs_preflib_bandit(p, 0, NULL, &b, &e), FS_OK);
    const double *mu = fs_bandit_means(b);
    /* voter 1 (order 1,2,3,4): 0.9 0.63 0.37 0.1; voter 6 (2,1,4,3);
     * voter 9 (4,3,2,1) */
    const double v1[] = {0.9, 0.63, 0.37, 0.1}, v6[] = {0.63, 0.9, 0.1, 0.37},
                 v9[] = {0.1, 0.37, 0.63, 0.9};
    for (int j = 0; j < 4; j++) {
        assert_close(mu[0 * 4 + j], v1[j], 0, 0);
        assert_close(mu[5 * 4 + j], v6[j], 0, 0);
        assert_close(mu[8 * 4 + j], v9[j], 0, 0);
    }
    fs_bandit_destroy(&b);
    /* a sample of 6 distinct voters: 5 x (1st order) at most */
    fs_rng r;
    fs_rng_init(&r, 1, 2, FS_RNG_USER);
    assert_int_equal(fs_preflib_bandit(p, 6, &r, &b, &e), FS_OK);
    assert_int_equal(fs_bandit_n_agents(b), 6);
    fs_bandit_destroy(&b);
    assert_int_equal(fs_preflib_bandit(p, 11, &r, &b, &e), FS_ECONFIG);
    assert_null(b);
    fs_preflib_destroy(&p);
    assert_null(p);
}

static void test_preflib_legacy_and_soi(void **state)
{
    (void)state;
    fs_preflib *p = NULL;
    fs_bandit *b = NULL;
    fs_err e = {0};
    assert_int_equal(fs_preflib_load("tests/data/bandit/legacy.soc", &p, &e), FS_OK);
    assert_int_equal(fs_preflib_n_voters(p), 4);
    assert_int_equal(fs_preflib_n_alternatives(p), 3);
    assert_int_equal(fs_preflib_bandit(p, 0, NULL, &b, &e), FS_OK);
    /* 3 alternatives: scores 0.9, 0.5, 0.1; voter 1 ranks 3,1,2 */
    assert_close(fs_bandit_means(b)[2], 0.9, 1e-15, 0);
    assert_close(fs_bandit_means(b)[0], 0.5, 1e-15, 0);
    assert_close(fs_bandit_means(b)[1], 0.1, 1e-15, 0);
    fs_bandit_destroy(&b);
    fs_preflib_destroy(&p);

    assert_int_equal(fs_preflib_load("tests/data/bandit/partial.soi", &p, &e), FS_OK);
    assert_int_equal(fs_preflib_bandit(p, 0, NULL, &b, &e), FS_OK);
    /* "3,1": arm 3 0.9, arm 1 0.63, the unranked two share the last score */
    const double *mu = fs_bandit_means(b);
    assert_close(mu[2], 0.9, 0, 0);
    assert_close(mu[0], 0.63, 0, 0);
    assert_close(mu[1], 0.1, 0, 0);
    assert_close(mu[3], 0.1, 0, 0);
    assert_close(mu[2 * 4 + 1], 0.9, 0, 0);
    fs_bandit_destroy(&b);
    fs_preflib_destroy(&p);

    assert_int_equal(fs_preflib_load("tests/data/bandit/bad-repeat.soc", &p, &e), FS_EFORMAT);
    assert_non_null(strstr(e.msg, "bad-repeat.soc:3: alternative 1 ranked twice"));
    assert_null(p);
}

/* The same env settings and seed give the same instance whatever the
 * algorithm; fav > n_arms is refused. */
static void test_instance_from_job(void **state)
{
    (void)state;
    struct fs_job a = {0}, c = {0};
    strcpy(a.env, "bandit");
    strcpy(a.algo, "bandit-opt");
    a.seed = 3;
    a.n_params = 2;
    strcpy(a.params[0].name, "n_agents");
    a.params[0].num = 4;
    strcpy(a.params[1].name, "n_arms");
    a.params[1].num = 5;
    c = a;
    strcpy(c.algo, "bandit-pf");
    fs_err e = {0};
    assert_int_equal(fs_job_finish(&a, &e), FS_OK);
    assert_int_equal(fs_job_finish(&c, &e), FS_OK);
    fs_bandit *x = NULL, *y = NULL;
    assert_int_equal(fs_bandit_from_job(&a, 42, &x, &e), FS_OK);
    assert_int_equal(fs_bandit_from_job(&c, 42, &y, &e), FS_OK);
    assert_memory_equal(fs_bandit_means(x), fs_bandit_means(y), 20 * sizeof(double));
    fs_bandit_destroy(&y);
    c.seed = 4;
    assert_int_equal(fs_bandit_from_job(&c, 42, &y, &e), FS_OK);
    assert_true(memcmp(fs_bandit_means(x), fs_bandit_means(y), 20 * sizeof(double)) != 0);
    fs_bandit_destroy(&x);
    fs_bandit_destroy(&y);
    a.params[a.n_params].num = 6;
    strcpy(a.params[a.n_params++].name, "fav");
    assert_int_equal(fs_bandit_from_job(&a, 42, &x, &e), FS_ECONFIG);
    assert_non_null(strstr(e.msg, "fav = 6 but n_arms = 5"));
    assert_non_null(fs_env_find("bandit"));
    assert_int_equal(fs_env_find("bandit")->n_params, FS_BANDIT_N_PARAMS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate_same_favourite_count),
        cmocka_unit_test(test_generate_uniform_favourite_count),
        cmocka_unit_test(test_means_follow_ranks),
        cmocka_unit_test(test_rank_score_means),
        cmocka_unit_test(test_ic_uniform_rankings),
        cmocka_unit_test(test_mallows_exact_probabilities),
        cmocka_unit_test(test_single_peaked_rankings),
        cmocka_unit_test(test_iac_anonymous_profiles),
        cmocka_unit_test(test_beta_noise_moments),
        cmocka_unit_test(test_bernoulli_noise_mean),
        cmocka_unit_test(test_csv_loader),
        cmocka_unit_test(test_preflib_modern_soc),
        cmocka_unit_test(test_preflib_legacy_and_soi),
        cmocka_unit_test(test_instance_from_job),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
