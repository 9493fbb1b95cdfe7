/* learners/decaf_fair.h - DECAF's per-agent fairness rewards: the change
 * of a fairness function F between the agent metrics Z before a step and
 * Z' after it, split among the agents (reference notes section 4.4).
 *
 *  - variance (default; F = -Var): r_i = -[(Z'_i - mean Z')^2 -
 *    (Z_i - mean Z)^2] / n, which sums to Var(Z) - Var(Z');
 *  - gini (F = -Gini): r_i = sum_j |Z_i - Z_j| / (2 n^2 mean Z) -
 *    sum_j |Z'_i - Z'_j| / (2 n^2 mean Z'), which sums to
 *    Gini(Z) - Gini(Z'); 1e-6 is added to every entry first (DECAF's
 *    convention);
 *  - maximin (F = min): r_i = [i was a minimiser of Z](Z'_i - Z_i) +
 *    [i is a minimiser of Z'](Z'_i - Z_i) + (min Z' - min Z) / n, then
 *    rescaled so that the r_i sum to min Z' - min Z (left as is when
 *    their sum is 0).
 * Pure functions over caller buffers; n >= 1.
 */
#ifndef FS_LEARNERS_DECAF_FAIR_H
#define FS_LEARNERS_DECAF_FAIR_H

enum fs_decaf_fairness {
    FS_DECAF_VARIANCE = 0,
    FS_DECAF_GINI = 1,
    FS_DECAF_MAXIMIN = 2
};

/* The kind called name ("variance", "gini", "maximin"); -1 when unknown. */
int fs_decaf_fairness_parse(const char *name);

/* r [n] from z [n] (before) and z1 [n] (after). */
void fs_decaf_fair_reward(enum fs_decaf_fairness kind, const double *z,
                          const double *z1, int n, double *r);

/* F(x), oriented so that larger is fairer: -Var(x), -Gini(x + 1e-6) or
 * min(x). */
double fs_decaf_fair_value(enum fs_decaf_fairness kind, const double *x, int n);

#endif /* FS_LEARNERS_DECAF_FAIR_H */
