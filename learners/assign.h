/* learners/assign.h - fair task assignment models and fairness measures
 * (seed 004: Lujak, Salvatore, Fernandez, Giordani, Cousy, "How to Fairly
 * and Efficiently Assign Tasks in Individually Rational Agents' Coalitions?
 * Models and Fairness Measures").
 *
 * Every model returns a permutation p (agent a -> task p[a]) of the padded
 * n x n instance (envs/assign.h); costs are minimised.
 *
 * Models:
 *  - lsap: min sum of costs (utilitarian; Hungarian algorithm).
 *  - nash: max sum log(M - c) (the paper's linearised Nash model, eq. 26);
 *    M defaults to c_max + 1.
 *  - efum: the envy-free utilitarian model (eq. 27-29) for alpha in [0, 1].
 *    Its optimal f_u is max_a c_a - mean, so the objective is
 *    alpha * max_a c_a + (1 - 2 alpha) * sum / n. Solved exactly by the
 *    threshold method: for each distinct cost T >= the bottleneck value, an
 *    LSAP restricted to costs <= T (minimising the sum when alpha <= 1/2,
 *    maximising it otherwise) gives a candidate; the best candidate is
 *    optimal. Thresholds are swept upwards with warm-started LSAPs and the
 *    sweep stops as soon as a lower bound (alpha*T + (1-2alpha)*z_min/n, or
 *    alpha*T - (2alpha-1)*z_max/n) reaches the best value found.
 *  - bottleneck: minimise the worst-off cost c^wo (eq. 5-7); among the
 *    optimal assignments the one of least total cost.
 *  - rafmin / rafmax: assignments attaining w_min / w_max of the RAF measure
 *    (quadratic, eq. 10-11, or absolute, eq. 12-13), see below.
 *
 * RAF extremes. Quadratic: with k counted agents, w = k*Q - S^2 where S and
 * Q are the sums of assigned costs and squared costs, both linear in x.
 *  - w_min is computed exactly for any n: w_min = min over real t of
 *    t^2 + g(t), g(t) = min_x (k*Q - 2*t*S) an LSAP; g is concave and
 *    piecewise linear, its pieces are enumerated by evaluating g where the
 *    lines of neighbouring pieces cross, pruned by the chord lower bound.
 *  - w_max by depth-first branch and bound (exponential; n <= max_n).
 * Absolute: the paper's MILP linearisation (eq. 14-16 and 17-22, big M =
 * 2 c_max) solved with GLPK; square instances only, with a time limit.
 * GLPK proves the min model quickly but not the big-M max model (n = 8 runs
 * past a minute), so w'_max is also available by branch and bound, and the
 * measures use that.
 *
 * Measures (eq. 4, 9, 24, 30; each (max - sol + eps)/(max - min + eps) with
 * eps = 1e-10) and Table 5's ratios to the lower bounds (c^wo / c^wo_min,
 * w / w_min, y / y_min, z / z_min). Only real agent-task pairs count.
 */
#ifndef FS_LEARNERS_ASSIGN_H
#define FS_LEARNERS_ASSIGN_H

#include "core/err.h"
#include "envs/assign.h"

#define FS_ASSIGN_EPS 1e-10

enum fs_raf_kind { FS_RAF_QUAD = 0, FS_RAF_ABS = 1 };

/* Solver statistics of the last EFUM solve (for benchmarks). */
struct fs_efum_stats {
    int thresholds;       /* LSAPs solved (one per threshold visited) */
    int distinct;         /* distinct cost values above the bottleneck */
    long augmentations;   /* rows re-augmented over all LSAPs */
};

/* Models. p: caller buffer of inst->n ints. All return 0 or a negative
 * status with a message in e. */
int fs_assign_lsap(const struct fs_assign_inst *inst, int *p, fs_err *e);
int fs_assign_lsap_max(const struct fs_assign_inst *inst, int *p, fs_err *e);
/* m <= 0 selects c_max + 1; otherwise m must exceed every cost. */
int fs_assign_nash(const struct fs_assign_inst *inst, double m, int *p, fs_err *e);
int fs_assign_bottleneck(const struct fs_assign_inst *inst, int *p, fs_err *e);
/* stats may be NULL. alpha in [0, 1]. */
int fs_assign_efum(const struct fs_assign_inst *inst, double alpha, int *p,
                   struct fs_efum_stats *stats, fs_err *e);
/* The EFUM objective (eq. 27 at the optimal f_u) of assignment p. */
double fs_assign_efum_objective(const struct fs_assign_inst *inst, double alpha,
                                const int *p);

/* RAF extremes. *w receives the extreme value, p (may be NULL) an assignment
 * attaining it. */
int fs_raf_quad_min(const struct fs_assign_inst *inst, double *w, int *p, fs_err *e);
/* FS_ECONFIG when inst->n > max_n. */
int fs_raf_quad_max(const struct fs_assign_inst *inst, int max_n, double *w,
                    int *p, fs_err *e);
/* Absolute w'_max by the same branch and bound (exact; much faster than the
 * MILP, whose big-M relaxation is weak). FS_ECONFIG when inst->n > max_n. */
int fs_raf_abs_max(const struct fs_assign_inst *inst, int max_n, double *w,
                   int *p, fs_err *e);
/* GLPK MILP; maximise selects eq. 17-22. time_limit_s <= 0: none.
 * FS_ENUMERIC when GLPK stops without a proven optimum; FS_ECONFIG for a
 * rectangular instance. */
int fs_raf_abs_milp(const struct fs_assign_inst *inst, int maximise,
                    double time_limit_s, double *w, int *p, fs_err *e);

/* Instance constants the measures normalise by. */
struct fs_assign_bounds {
    double c_max;             /* largest real cost */
    double c_wo_min;          /* bottleneck value c^wo_min (eq. 5) */
    double z_min, z_max;      /* extremes of the total cost */
    double y_min, y_max;      /* extremes of the opportunity cost sum (eq. 23) */
    double w_min, w_max;      /* RAF extremes; NAN when not computed */
    int raf_kind;             /* enum fs_raf_kind of w_min / w_max */
};

/* Compute the bounds. w_min is computed when (quadratic) always, (absolute)
 * when n <= raf_max_n; w_max when n <= raf_max_n (NAN otherwise).
 * raf_time_limit_s bounds each GLPK solve. */
int fs_assign_bounds_compute(const struct fs_assign_inst *inst, int raf_kind,
                             int raf_max_n, double raf_time_limit_s,
                             struct fs_assign_bounds *b, fs_err *e);

struct fs_assign_measures {
    double z;                 /* total cost */
    double c_wo;              /* worst-off cost */
    double w;                 /* RAF dispersion of the bounds' kind */
    double y;                 /* opportunity cost sum (eq. 23) */
    double eff, efm, raf, orocf;               /* in [0, 1]; raf NAN if unknown */
    double eff_lb, efm_lb, raf_lb, orocf_lb;   /* Table 5 ratios, >= 1 */
};

/* Measures of assignment p against b. */
void fs_assign_measure(const struct fs_assign_inst *inst, const int *p,
                       const struct fs_assign_bounds *b,
                       struct fs_assign_measures *m);

/* Building blocks, exposed for tests. */
double fs_assign_total(const struct fs_assign_inst *inst, const int *p);
double fs_assign_worst(const struct fs_assign_inst *inst, const int *p);
double fs_assign_raf_w(const struct fs_assign_inst *inst, const int *p, int raf_kind);
double fs_assign_oroc_y(const struct fs_assign_inst *inst, const int *p);

#endif /* FS_LEARNERS_ASSIGN_H */
