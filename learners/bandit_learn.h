/* learners/bandit_learn.h - Algorithm 1 (LearnPolicy) of "Procedural
 * Fairness in Multi-Agent Bandits" for the PF, EF and UF notions
 * (shared/reference/paper-formulas.md 1.6-1.7).
 *
 * Each arm is pulled once; then for t = K .. T-1 the OptimizationStep of the
 * notion gives P_t, an arm is drawn from P_t and pulled, every agent sees its
 * own reward, and the empirical means and counts are updated. With
 * z_j = sqrt(2 ln(N K t) / n_j):
 *  - PF: with probability t^-(1-gamma) P_t is uniform (forced exploration);
 *    otherwise F^_i = { j : mu^_ij + alpha z_j >= mu^_i,best - alpha z_best }
 *    and P_t is the PF policy of F^ (decision-share Nash welfare tie-break).
 *  - EF: P_t = argmin D^(p) - alpha sum_j p_j z_j (optimism, no exploration).
 *  - UF: P_t = argmax sum_i U^_i(p) + alpha sum_j p_j z_j (UCB-like).
 * Regret per round, summed over the main loop (the K initial pulls are not
 * counted): PF 1{exists i : F^_i != F_i}; EF D(P_t) - D*; UF U* - U(P_t).
 */
#ifndef FS_LEARNERS_BANDIT_LEARN_H
#define FS_LEARNERS_BANDIT_LEARN_H

#include <stdint.h>

#include "core/err.h"
#include "core/rng.h"
#include "envs/bandit.h"
#include "learners/bandit_policy.h"

struct fs_learn_opts {
    enum fs_bandit_policy notion;   /* PF, EF or UF */
    int64_t steps;                  /* T, total pulls (> K) */
    double alpha;                   /* confidence tolerance, >= 0 */
    double gamma;                   /* PF exploration decay in (0,1) */
    int points;                     /* curve points, 1..FS_CURVE_POINTS_MAX */
};

/* What a run produced. Curves are sampled at `points` evenly spaced rounds
 * of the main loop (the last point is the final round); owned by the
 * caller's buffers of opts->points doubles each. The score curves score the
 * learner's current exploitation policy (the last OptimizationStep solution;
 * forced-exploration rounds leave it unchanged). */
struct fs_learn_trace {
    double *regret;                 /* cumulative regret */
    double *pf, *ef, *uf;           /* scores of the current policy */
    int64_t *round;                 /* round t of each point */
};

struct fs_learn_summary {
    double regret;                  /* final cumulative regret */
    struct fs_scores final;         /* scores of P_T */
    int64_t explore_rounds;         /* PF forced-exploration rounds */
    int64_t solves;                 /* OptimizationStep programs solved */
    int n_points;                   /* curve points recorded (<= points) */
    double *p_final;                /* caller buffer of K doubles, or NULL */
};

/* Run Algorithm 1 on bandit b. Rewards come from `env` (fs_bandit_pull),
 * exploration and arm draws from `act`. trace may be NULL. */
int fs_bandit_learn(const fs_bandit *b, const struct fs_learn_opts *o, fs_rng *env,
                    fs_rng *act, struct fs_learn_trace *trace,
                    struct fs_learn_summary *out, fs_err *e);

#endif /* FS_LEARNERS_BANDIT_LEARN_H */
