/* learners/bandit_policy.h - optimal policies and fairness scores for
 * multi-agent bandits with known means (seed 002, "Procedural Fairness in
 * Multi-Agent Bandits"; formulas in shared/reference/paper-formulas.md 1.1-1.5).
 *
 * Notation: n agents, k arms, mu[i*k + j] agent i's mean for arm j
 * (non-negative; the instances have them in (0,1)); a policy p is a
 * distribution over arms (k entries, p >= 0, sum 1); fav[i*k + j] = 1 when
 * arm j is one of agent i's favourites (every agent has at least one).
 * U_i(p) = sum_j p_j mu_ij; DS_i(p) = sum_{j in F_i} p_j.
 *
 * Policies (each writes p, a caller buffer of k doubles):
 *  - PF:  procedural fairness: each agent puts 1/n of the mass on its
 *         favourites, split to maximise the decision-share Nash welfare
 *         sum_i log DS_i(p) (a concave program; pairwise Frank-Wolfe with a
 *         certified duality gap, fs_logsum_max).
 *  - EF:  equality fairness: argmin D(p), D the mean squared utility gap over
 *         agent pairs; ties broken towards the minimum-norm minimiser (a
 *         1e-8 ||p||^2 term; exact active-set QP, fs_simplex_qp).
 *  - UF:  utilitarian: uniform over the arms maximising sum_i mu_ij.
 *  - NSW: utility Nash welfare argmax sum_i log U_i(p) (NashUCB's objective).
 *  - GGI: argmax of the generalized Gini index sum_r w_r U_(r)(p), U_(1) the
 *         worst-off, w_r = 2^-(r-1) (Busa-Fekete et al. 2017); a GLPK LP
 *         over the sums of the r worst-off utilities, by cutting planes.
 * Scores (all in [0,1]): PF (the transportation LP of section 4.1, GLPK),
 * EF = 1 - |D(p) - D*|, UF = U(p) / U*, with D*, U* the EF and UF optima.
 *
 * Functions allocate their small workspaces; none keeps state. GLPK's
 * terminal output is switched off.
 */
#ifndef FS_LEARNERS_BANDIT_POLICY_H
#define FS_LEARNERS_BANDIT_POLICY_H

#include "core/err.h"

enum fs_bandit_policy {
    FS_POLICY_PF = 0,
    FS_POLICY_EF,
    FS_POLICY_UF,
    FS_POLICY_NSW,
    FS_POLICY_GGI,
    FS_POLICY_COUNT
};

/* "pf", "ef", "uf", "nsw", "ggi". */
const char *fs_policy_name(enum fs_bandit_policy policy);
/* The policy named, or -1. */
int fs_policy_parse(const char *name);

/* How a concave solve ended. */
struct fs_solve_info {
    int iterations;
    double gap;        /* certified bound on optimum - objective at the end */
};

/* Stopping rule of the concave solves: certified gap below this. */
#define FS_BANDIT_GAP_TOL 1e-10

/* Maximise sum_l log (A p)_l, A (n x k, non-negative, every row with a
 * positive entry on some allowed arm), where p_j = sum_b x[b*k + j] and block
 * b holds mass[b] on its allowed arms (allowed[b*k + j] = 1). x (nb x k) is
 * the start on entry (feasible: x >= 0, zero off allowed arms, rows summing to
 * mass) and the solution on exit. Pairwise Frank-Wolfe with exact line
 * search: each step moves mass, within one block, from the arm w with the
 * largest first-order gain (g_best - g_w) x_bw to the block's best arm
 * (g = A^T (1/(A p)), the gradient). Stops when the duality gap
 * sum_b mass_b max_{allowed} g - n, an upper bound on optimum - objective,
 * is <= tol, or when rounding leaves no improving step (info->gap then says
 * how far from certified it stopped). FS_ENUMERIC if max_iter iterations do
 * not get there (x is then the last iterate). info may be NULL. */
int fs_logsum_max(const double *A, int n, int k, const unsigned char *allowed,
                  const double *mass, int nb, double *x, double tol, int max_iter,
                  struct fs_solve_info *info, fs_err *e);

/* Minimise 0.5 p^T H p + c^T p over the simplex (H k x k symmetric positive
 * definite, row-major). Primal active-set method, exact up to rounding.
 * If warm is non-zero, p on entry is a feasible start; otherwise a vertex
 * is chosen. FS_ENUMERIC if it cycles or H is not positive definite. */
int fs_simplex_qp(const double *H, const double *c, int k, double *p, int warm,
                  fs_err *e);

/* The policies. bonus (k entries, may be NULL) is the optimism term of
 * Algorithm 1: EF minimises D(p) - sum_j p_j bonus_j, UF maximises
 * sum_i U_i(p) + sum_j p_j bonus_j. */
int fs_policy_pf(const unsigned char *fav, int n, int k, double *p,
                 struct fs_solve_info *info, fs_err *e);
int fs_policy_ef(const double *mu, int n, int k, const double *bonus, double *p,
                 fs_err *e);
void fs_policy_uf(const double *mu, int n, int k, const double *bonus, double *p);
int fs_policy_nsw(const double *mu, int n, int k, double *p,
                  struct fs_solve_info *info, fs_err *e);
int fs_policy_ggi(const double *mu, int n, int k, double *p, fs_err *e);

/* Any policy for the given means (favourites: mu_ij within 1e-12 of the
 * agent's maximum). */
int fs_policy_solve(enum fs_bandit_policy policy, const double *mu, int n, int k,
                    double *p, fs_err *e);

/* D(p) = 2/(n(n-1)) sum_{i<l} (U_i - U_l)^2 (0 when n = 1). */
double fs_bandit_disparity(const double *mu, int n, int k, const double *p);
/* sum_i U_i(p). */
double fs_bandit_utility(const double *mu, int n, int k, const double *p);

/* PF(mu, p): the transportation LP of section 4.1. */
int fs_score_pf(const unsigned char *fav, int n, int k, const double *p,
                double *score, fs_err *e);

/* The reference values the EF and UF scores need. */
struct fs_score_ref {
    double d_star;     /* min_p D(p) */
    double u_star;     /* max_p sum_i U_i(p) */
};
int fs_score_ref_init(const double *mu, int n, int k, struct fs_score_ref *ref,
                      fs_err *e);

struct fs_scores {
    double pf, ef, uf;
};
/* All three scores of p. */
int fs_score_all(const double *mu, const unsigned char *fav, int n, int k,
                 const struct fs_score_ref *ref, const double *p,
                 struct fs_scores *out, fs_err *e);

#endif /* FS_LEARNERS_BANDIT_POLICY_H */
