/* tests/unit/test_bandit_policy.c - bandit policies and scores: the paper's
 * appendix examples (Caiata, Blair, Larson, "Procedural Fairness in
 * Multi-Agent Bandits", App. A and B; values as recovered in
 * shared/reference/paper-formulas.md 1.8) and the concave/QP/LP solves
 * against dense grid search over the simplex for k <= 3. */
#include "tests/unit/test_common.h"

#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "envs/bandit.h"
#include "learners/bandit_policy.h"

static void solve(enum fs_bandit_policy pol, const double *mu, int n, int k, double *p)
{
    fs_err e = {0};
    assert_int_equal(fs_policy_solve(pol, mu, n, k, p, &e), FS_OK);
}

static double pf_score(const double *mu, int n, int k, const double *p)
{
    unsigned char fav[64];
    fs_bandit_favourites(mu, n, k, 1e-12, fav);
    double s = -1;
    fs_err e = {0};
    assert_int_equal(fs_score_pf(fav, n, k, p, &s, &e), FS_OK);
    return s;
}

/* A.1: mu = [[1,0],[1,0],[0,1]]: PF (2/3,1/3), EF (1/2,1/2), UF (1,0). */
static void test_appendix_a1_policies(void **state)
{
    (void)state;
    const double mu[] = {1, 0, 1, 0, 0, 1};
    double p[2];
    solve(FS_POLICY_PF, mu, 3, 2, p);
    assert_close(p[0], 2.0 / 3, 1e-12, 0);
    assert_close(p[1], 1.0 / 3, 1e-12, 0);
    solve(FS_POLICY_EF, mu, 3, 2, p);
    assert_close(p[0], 0.5, 1e-6, 0);
    assert_close(fs_bandit_disparity(mu, 3, 2, p), 0, 1e-10, 0);
    solve(FS_POLICY_UF, mu, 3, 2, p);
    assert_close(p[0], 1, 0, 0);
    assert_close(fs_bandit_utility(mu, 3, 2, p), 2, 1e-15, 0);
}

/* A.2: PF score of (1/2,1/2) on the A.1 instance is 5/6. */
static void test_appendix_a2_pf_score(void **state)
{
    (void)state;
    const double mu[] = {1, 0, 1, 0, 0, 1};
    const double p[] = {0.5, 0.5};
    assert_close(pf_score(mu, 3, 2, p), 5.0 / 6, 1e-12, 0);
    const double pf[] = {2.0 / 3, 1.0 / 3};
    assert_close(pf_score(mu, 3, 2, pf), 1, 1e-12, 0);
}

/* B.11/B.12: mu = [[M,0],[0,1]], M = 4: PF (1/2,1/2), EF (1/(M+1), M/(M+1)),
 * UF (1,0). The EF policy's PF score is min(1/2, 1/5) + min(1/2, 4/5) = 0.7. */
static void test_appendix_b11_b12(void **state)
{
    (void)state;
    const double M = 4, mu[] = {M, 0, 0, 1};
    double p[2];
    solve(FS_POLICY_PF, mu, 2, 2, p);
    assert_close(p[0], 0.5, 1e-12, 0);
    solve(FS_POLICY_EF, mu, 2, 2, p);
    assert_close(p[0], 1 / (M + 1), 1e-6, 0);
    assert_close(pf_score(mu, 2, 2, p), 0.7, 1e-6, 0);
    solve(FS_POLICY_UF, mu, 2, 2, p);
    assert_close(p[0], 1, 0, 0);
    struct fs_score_ref ref;
    fs_err e = {0};
    assert_int_equal(fs_score_ref_init(mu, 2, 2, &ref, &e), FS_OK);
    assert_close(ref.u_star, M, 1e-15, 0);
    assert_close(ref.d_star, 0, 1e-8, 0);
}

/* B.13: mu = [[1,0.99],[0,1]]: NSW = p2 - 0.01 p2^2 peaks at (0,1), whose PF
 * score is 1/2 (agent 1's favourite gets nothing). */
static void test_appendix_b13_nsw_not_in_core(void **state)
{
    (void)state;
    const double mu[] = {1, 0.99, 0, 1};
    double p[2];
    solve(FS_POLICY_NSW, mu, 2, 2, p);
    assert_close(p[1], 1, 1e-9, 0);
    assert_close(pf_score(mu, 2, 2, p), 0.5, 1e-8, 0);
}

/* B.15: mu = [[0.4,1],[1,0.6]]: PF (1/2,1/2), UF (0,1), NSW p_left = 1/12;
 * PF(P_NW) = 1/2 + 1/12; UF(P_NW) = (1.6 - 1/60)/1.6 > UF(P_PF) = 1.5/1.6. */
static void test_appendix_b15(void **state)
{
    (void)state;
    const double mu[] = {0.4, 1, 1, 0.6};
    unsigned char fav[4];
    fs_bandit_favourites(mu, 2, 2, 0, fav);
    struct fs_score_ref ref;
    struct fs_scores sc;
    fs_err e = {0};
    assert_int_equal(fs_score_ref_init(mu, 2, 2, &ref, &e), FS_OK);
    double p[2];
    solve(FS_POLICY_PF, mu, 2, 2, p);
    assert_close(p[0], 0.5, 1e-12, 0);
    assert_int_equal(fs_score_all(mu, fav, 2, 2, &ref, p, &sc, &e), FS_OK);
    assert_close(sc.pf, 1, 1e-12, 0);
    assert_close(sc.uf, 1.5 / 1.6, 1e-12, 0);
    solve(FS_POLICY_UF, mu, 2, 2, p);
    assert_close(p[1], 1, 0, 0);
    solve(FS_POLICY_NSW, mu, 2, 2, p);
    assert_close(p[0], 1.0 / 12, 1e-7, 0);
    assert_int_equal(fs_score_all(mu, fav, 2, 2, &ref, p, &sc, &e), FS_OK);
    assert_close(sc.pf, 0.5 + 1.0 / 12, 1e-7, 0);
    assert_close(sc.uf, (1.6 - 1.0 / 60) / 1.6, 1e-7, 0);
}

/* EF score: 1 - |D(p) - D*|, hand-computed on A.1 for p = (1, 0):
 * U = (1, 1, 0), D = 2/(3*2) * (0 + 1 + 1) = 2/3, D* = 0. */
static void test_ef_score_by_hand(void **state)
{
    (void)state;
    const double mu[] = {1, 0, 1, 0, 0, 1};
    const double p[] = {1, 0};
    assert_close(fs_bandit_disparity(mu, 3, 2, p), 2.0 / 3, 1e-15, 0);
    unsigned char fav[6];
    fs_bandit_favourites(mu, 3, 2, 0, fav);
    struct fs_score_ref ref;
    struct fs_scores sc;
    fs_err e = {0};
    assert_int_equal(fs_score_ref_init(mu, 3, 2, &ref, &e), FS_OK);
    assert_int_equal(fs_score_all(mu, fav, 3, 2, &ref, p, &sc, &e), FS_OK);
    assert_close(sc.ef, 1 - 2.0 / 3, 1e-8, 0);
    assert_close(sc.uf, 1, 1e-15, 0);
    assert_close(sc.pf, 2.0 / 3, 1e-12, 0);
}

/* ---- dense grid search over the simplex, k <= 3 ---- */

enum { GRID = 240 };

typedef double (*objective_fn)(const double *mu, const unsigned char *fav, int n,
                               int k, const double *p);

/* Hall's condition for the PF flow: every arm set A must hold the mass of the
 * agents whose favourites all lie in A. */
static int pf_feasible(const unsigned char *fav, int n, int k, const double *p)
{
    for (int set = 1; set < (1 << k); set++) {
        double mass = 0;
        int inside = 0;
        for (int j = 0; j < k; j++)
            if (set >> j & 1)
                mass += p[j];
        for (int i = 0; i < n; i++) {
            int ok = 1;
            for (int j = 0; j < k; j++)
                if (fav[i * k + j] && !(set >> j & 1))
                    ok = 0;
            inside += ok;
        }
        if ((double)inside / n > mass + 1e-12)
            return 0;
    }
    return 1;
}

static double obj_pf(const double *mu, const unsigned char *fav, int n, int k,
                     const double *p)
{
    (void)mu;
    if (!pf_feasible(fav, n, k, p))
        return -INFINITY;
    double s = 0;
    for (int i = 0; i < n; i++) {
        double ds = 0;
        for (int j = 0; j < k; j++)
            ds += fav[i * k + j] ? p[j] : 0;
        s += log(ds);
    }
    return s;
}

static double obj_nsw(const double *mu, const unsigned char *fav, int n, int k,
                      const double *p)
{
    (void)fav;
    double s = 0;
    for (int i = 0; i < n; i++) {
        double u = 0;
        for (int j = 0; j < k; j++)
            u += mu[i * k + j] * p[j];
        s += log(u);
    }
    return s;
}

static double obj_ef(const double *mu, const unsigned char *fav, int n, int k,
                     const double *p)
{
    (void)fav;
    return -fs_bandit_disparity(mu, n, k, p);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double obj_ggi(const double *mu, const unsigned char *fav, int n, int k,
                      const double *p)
{
    (void)fav;
    double u[12], s = 0;
    for (int i = 0; i < n; i++) {
        u[i] = 0;
        for (int j = 0; j < k; j++)
            u[i] += mu[i * k + j] * p[j];
    }
    qsort(u, (size_t)n, sizeof *u, cmp_dbl);
    for (int i = 0; i < n; i++)
        s += ldexp(u[i], -i);
    return s;
}

static double grid_max(objective_fn f, const double *mu, const unsigned char *fav,
                       int n, int k)
{
    double best = -INFINITY, p[3];
    for (int a = 0; a <= GRID; a++)
        for (int b = 0; b <= (k == 3 ? GRID - a : 0); b++) {
            p[0] = (double)a / GRID;
            if (k == 2) {
                p[1] = 1 - p[0];
            } else {
                p[1] = (double)b / GRID;
                p[2] = 1 - p[0] - p[1];
            }
            double v = f(mu, fav, n, k, p);
            if (v > best)
                best = v;
        }
    return best;
}

/* A random instance with ties: each agent's favourites a random non-empty
 * arm set at 0.9, the others uniform in (0.05, 0.85). */
static void random_instance(fs_rng *r, int n, int k, double *mu, unsigned char *fav)
{
    for (int i = 0; i < n; i++) {
        int set = 1 + (int)fs_rng_below(r, (uint64_t)((1 << k) - 1));
        for (int j = 0; j < k; j++)
            mu[i * k + j] = (set >> j & 1) ? 0.9 : fs_rng_range(r, 0.05, 0.85);
    }
    fs_bandit_favourites(mu, n, k, 0, fav);
}

static void check_against_grid(enum fs_bandit_policy pol, objective_fn f, double slack,
                               int max_agents)
{
    fs_rng r;
    fs_rng_init(&r, 7, 11, FS_RNG_USER + pol);
    for (int trial = 0; trial < 40; trial++) {
        int k = 2 + trial % 2, n = 2 + (int)fs_rng_below(&r, (uint64_t)max_agents - 1);
        double mu[36], p[3];
        unsigned char fav[36];
        random_instance(&r, n, k, mu, fav);
        solve(pol, mu, n, k, p);
        double s = 0;
        for (int j = 0; j < k; j++) {
            assert_true(p[j] >= 0);
            s += p[j];
        }
        assert_close(s, 1, 1e-12, 0);
        double got = f(mu, fav, n, k, p), best = grid_max(f, mu, fav, n, k);
        /* the solver is never beaten by the grid, and the grid comes close */
        assert_true(got >= best - 1e-9);
        assert_true(got <= best + slack);
    }
}

static void test_pf_tiebreak_matches_grid(void **state)
{
    (void)state;
    check_against_grid(FS_POLICY_PF, obj_pf, 0.1, 5);
}

static void test_nsw_matches_grid(void **state)
{
    (void)state;
    check_against_grid(FS_POLICY_NSW, obj_nsw, 0.05, 5);
}

static void test_ef_matches_grid(void **state)
{
    (void)state;
    check_against_grid(FS_POLICY_EF, obj_ef, 0.01, 5);
}

static void test_ggi_matches_grid(void **state)
{
    (void)state;
    /* up to 12 agents: the cutting planes need several rounds there */
    check_against_grid(FS_POLICY_GGI, obj_ggi, 0.01, 12);
}

/* The PF policy is procedurally fair (PF score 1) and its duality gap is
 * certified, on bigger random instances too. */
static void test_pf_policy_certified(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 3, 5, FS_RNG_USER);
    for (int trial = 0; trial < 20; trial++) {
        int n = 2 + trial % 9, k = 2 + (trial * 7) % 9;
        unsigned char fav[100];
        for (int i = 0; i < n; i++) {
            int any = 0;
            for (int j = 0; j < k; j++)
                any |= fav[i * k + j] = fs_rng_uniform(&r) < 0.3;
            if (!any)
                fav[i * k + (int)fs_rng_below(&r, (uint64_t)k)] = 1;
        }
        double p[10], s = 0;
        struct fs_solve_info info;
        fs_err e = {0};
        assert_int_equal(fs_policy_pf(fav, n, k, p, &info, &e), FS_OK);
        if (!(info.gap <= FS_BANDIT_GAP_TOL))
            fail_msg("n %d k %d gap %g after %d iterations", n, k, info.gap, info.iterations);
        assert_int_equal(fs_score_pf(fav, n, k, p, &s, &e), FS_OK);
        assert_close(s, 1, 1e-9, 0);
    }
}

/* Single favourites: p_j = |{i : F_i = {j}}| / n in closed form. */
static void test_pf_single_favourites_closed_form(void **state)
{
    (void)state;
    const unsigned char fav[] = {1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0};
    double p[4];
    fs_err e = {0};
    assert_int_equal(fs_policy_pf(fav, 4, 4, p, NULL, &e), FS_OK);
    assert_close(p[0], 0.5, 1e-15, 0);
    assert_close(p[1], 0.25, 1e-15, 0);
    assert_close(p[2], 0.25, 1e-15, 0);
    assert_close(p[3], 0, 1e-15, 0);
}

/* The optimistic EF step: a large bonus on one arm moves all mass there. */
static void test_ef_bonus_moves_mass(void **state)
{
    (void)state;
    const double mu[] = {0.2, 0.5, 0.8, 0.7, 0.5, 0.3};
    const double bonus[] = {0, 0, 10};
    double p[3];
    fs_err e = {0};
    assert_int_equal(fs_policy_ef(mu, 2, 3, bonus, p, &e), FS_OK);
    assert_close(p[2], 1, 1e-12, 0);
    assert_int_equal(fs_policy_ef(mu, 2, 3, NULL, p, &e), FS_OK);
    assert_close(fs_bandit_disparity(mu, 2, 3, p), 0, 1e-9, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appendix_a1_policies),
        cmocka_unit_test(test_appendix_a2_pf_score),
        cmocka_unit_test(test_appendix_b11_b12),
        cmocka_unit_test(test_appendix_b13_nsw_not_in_core),
        cmocka_unit_test(test_appendix_b15),
        cmocka_unit_test(test_ef_score_by_hand),
        cmocka_unit_test(test_pf_tiebreak_matches_grid),
        cmocka_unit_test(test_nsw_matches_grid),
        cmocka_unit_test(test_ef_matches_grid),
        cmocka_unit_test(test_ggi_matches_grid),
        cmocka_unit_test(test_pf_policy_certified),
        cmocka_unit_test(test_pf_single_favourites_closed_form),
        cmocka_unit_test(test_ef_bonus_moves_mass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
