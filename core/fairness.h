/* core/fairness.h - fairness and welfare metrics over per-agent values.
 *
 * Every function is pure: it reads `const double *x, size_t n` (per-agent
 * utilities, rewards or workloads; x may be NULL when n == 0), allocates
 * nothing and keeps no state. Formulas follow the reference notes
 * (shared/reference/marl-algorithms.md sections 3.4 and 5), with mean
 * xbar = (1/n) sum x_i and S = sum x_i.
 *
 * Conventions shared by all functions (each function adds its own):
 *  - The metrics are meant for x_i >= 0. Negative entries are accepted and
 *    the formula is applied as written; where that needs a rule, the
 *    function says so.
 *  - A NaN anywhere in x gives NaN.
 *  - "Inequality" measures (Gini, variance, CV, max-min) are 0 for n == 0
 *    and n == 1: there is nobody to be unequal to. Jain's index is 1 then.
 *  - Welfare sums (Nash, alpha-fair, GGF) of an empty vector are 0.
 *
 * Direction: Gini, variance, CV, max-min and the FairSkillMARL losses are
 * minimised; Jain, min, Nash, alpha-fair and GGF are maximised.
 */
#ifndef FS_CORE_FAIRNESS_H
#define FS_CORE_FAIRNESS_H

#include <stddef.h>

/* Gini index, mean-absolute-difference form:
 *   G = sum_i sum_j |x_i - x_j| / (2 n^2 xbar) = sum_{i<j} |x_i - x_j| / (n S).
 * Range [0, (n-1)/n] for x >= 0: 0 when all are equal, (n-1)/n when one
 * agent holds everything. Returns 0 when S == 0 (the MARLHospital
 * convention; for x >= 0 that means all zero). With negative entries and
 * S != 0 the value may leave that range (and is negative when S < 0).
 * O(n^2) time, no allocation. */
double fs_fair_gini(const double *x, size_t n);

/* Jain's fairness index J = S^2 / (n sum x_i^2) = 1 / (1 + CV_pop^2).
 * Range [1/n, 1] for x >= 0 with S > 0: 1 when all are equal, k/n when k
 * agents share equally and the rest get 0. Returns 1 when sum x_i^2 == 0
 * (all zero; the Fair-GNE convention) and when n == 0. Scale-invariant.
 * With negative entries the value stays in [0, 1] (0 when S == 0 but
 * x != 0). */
double fs_fair_jain(const double *x, size_t n);

/* Population variance (1/n) sum (x_i - xbar)^2 (DECAF's default fairness
 * cost). 0 for n <= 1. Two-pass, so constant offsets do not lose digits. */
double fs_fair_variance(const double *x, size_t n);

/* Coefficient of variation with the population std:
 *   CV_pop = sqrt((1/n) sum (x_i - xbar)^2) / |xbar|.
 * The one in Jain = 1/(1 + CV_pop^2). 0 for n <= 1.
 * Mean 0: returns 0 when all x_i are equal (all zero), +INFINITY otherwise
 * (possible only with negative entries). A negative mean is divided out by
 * its absolute value, so the result is never negative. */
double fs_fair_cv_pop(const double *x, size_t n);

/* Coefficient of variation with the sample std (FEN's CV):
 *   CV = sqrt((1/(n-1)) sum (x_i - xbar)^2) / |xbar|
 *      = CV_pop * sqrt(n / (n-1)).
 * 0 for n <= 1 (the sample std is undefined for one agent; one agent is
 * treated as perfectly fair). Mean 0 handled as in fs_fair_cv_pop. */
double fs_fair_cv_sample(const double *x, size_t n);

/* Maximin welfare: min_i x_i. NaN when n == 0 (no minimum exists). */
double fs_fair_min(const double *x, size_t n);

/* Range max_i x_i - min_i x_i. 0 for n <= 1. */
double fs_fair_max_min(const double *x, size_t n);

/* Nash social welfare in log form: sum_i log x_i. -INFINITY as soon as any
 * x_i <= 0 (log 0 = -inf; a zero or negative utility makes the Nash product
 * non-positive, which has no log). 0 when n == 0. DECAF adds 1e-6 to
 * every entry first; that is the caller's choice. */
double fs_fair_nash_welfare(const double *x, size_t n);

/* Alpha-fair utility (Mo & Walrand), maximised:
 *   alpha == 1:  sum_i log x_i               (same as fs_fair_nash_welfare)
 *   otherwise:   sum_i x_i^(1-alpha) / (1-alpha).
 * alpha = 0 is the plain sum (utilitarian); alpha -> inf approaches maximin.
 * x_i == 0 with alpha > 1 gives -INFINITY. Negative x_i: -INFINITY for
 * alpha == 1, otherwise C's pow() rules (NaN unless 1 - alpha is an
 * integer). 0 when n == 0. */
double fs_fair_alpha_utility(const double *x, size_t n, double alpha);

/* Generalised Gini social welfare, maximised: sum_k w[k] x_(k) with
 * x_(0) <= x_(1) <= ... <= x_(n-1) (ascending sort, so w[0] weighs the
 * worst-off agent). The caller gives the n weights, normally strictly
 * decreasing and positive. `scratch` holds n doubles owned by the caller;
 * it receives the sorted copy of x and must not overlap x or w. 0 when
 * n == 0 (w, scratch may be NULL then). */
double fs_fair_ggf(const double *x, const double *w, size_t n,
                   double *scratch);

/* DECAF's GGF weights: w[k] = 2^-k for k = 0 .. n-1, i.e. 1, 1/2, 1/4, ...
 * (the worst-off agent gets weight 1). A 1-based convention (1/2, 1/4, ...)
 * halves every weight and so only scales the GGF value by 1/2. */
void fs_fair_ggf_decaf_weights(double *w, size_t n);

/* FairSkillMARL L1 (workload imbalance): the Gini index of the per-agent
 * task counts `task_count[n]`, 0 when no tasks were done. Same as
 * fs_fair_gini. */
double fs_fair_l1_workload(const double *task_count, size_t n);

/* FairSkillMARL L2 (skill misalignment): 1 - sum_j s_used[j] / S_max with
 * S_max = sum_j s_best[j], over the n_tasks tasks performed in the episode:
 *  - s_used[j]: the skill of the agent that did task j for that task's type;
 *  - s_best[j]: the highest skill any agent has for that task's type.
 * Totals may be passed directly with n_tasks = 1. Returns 1 when no task
 * was done (n_tasks == 0) or S_max <= 0. For 0 <= s_used <= s_best the
 * result is in [0, 1]; 0 means every task went to a best-skilled agent. */
double fs_fair_l2_skill(const double *s_used, const double *s_best,
                        size_t n_tasks);

/* FairSkillMARL L3 = alpha * L1 + (1 - alpha) * L2, alpha in [0, 1]
 * (the paper logs alpha = 0.5). */
double fs_fair_l3(double l1, double l2, double alpha);

#endif /* FS_CORE_FAIRNESS_H */
