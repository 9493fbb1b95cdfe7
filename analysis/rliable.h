/* analysis/rliable.h - aggregate metrics across tasks with stratified
 * bootstrap confidence intervals, probability of improvement and
 * performance profiles, as google-research/rliable v1.2.0 (Agarwal et al.,
 * NeurIPS 2021).
 *
 * Scores are a row-major matrix s[run * n_tasks + task] of n_runs runs
 * (seeds) by n_tasks tasks, usually normalised scores.
 *  - mean: mean over tasks of the per-task run means.
 *  - median: median of the per-task means (even count: average of the two
 *    middle values).
 *  - IQM: scipy trim_mean(s, 0.25) over all n_runs x n_tasks values pooled;
 *    floor(0.25 N M) values dropped at each end (not per task, no
 *    interpolation).
 *  - optimality gap: gamma - mean(min(s, gamma)) over all values.
 *  - probability of improvement P(X > Y): mean over tasks of A12 per task
 *    (U1 / (nx ny)); a task whose two columns are identical counts 0.5.
 *  - score distribution (performance profile): F(tau) = fraction of all
 *    values with s > tau (strict).
 * Intervals: stratified bootstrap, each replicate resampling the runs of
 * every task independently with replacement (rliable's StratifiedBootstrap;
 * for two algorithms each is resampled independently), percentile interval
 * at level (type-7 quantiles). rliable defaults: 50000 replicates for
 * aggregates, 2000 for profiles and probability of improvement, level 0.95.
 * Draws come from the caller's fs_rng stream (rliable uses NumPy's global
 * state, so its numbers are not reproducible here; only the method is).
 *
 * Validation: NaN/Inf gives FS_ENUMERIC ("scores[run 2, task 0] is NaN"),
 * empty shapes FS_ECONFIG.
 */
#ifndef FS_ANALYSIS_RLIABLE_H
#define FS_ANALYSIS_RLIABLE_H

#include <stddef.h>

#include "core/err.h"
#include "core/rng.h"

typedef enum fs_rl_metric {
    FS_RL_MEAN = 0,
    FS_RL_MEDIAN = 1,
    FS_RL_IQM = 2,
    FS_RL_OPTIMALITY_GAP = 3   /* gamma = 1 */
} fs_rl_metric;

/* "mean", "median", "iqm", "optimality-gap". Never NULL. */
const char *fs_rl_metric_name(fs_rl_metric m);

/* A point estimate with its interval. Plain data. */
typedef struct fs_rl_interval {
    double estimate;
    double lo, hi;
    double level;
    size_t reps;
} fs_rl_interval;

/* The aggregate metric of s (n_runs x n_tasks). */
int fs_rl_aggregate(const double *s, size_t n_runs, size_t n_tasks,
                    fs_rl_metric metric, double *out, fs_err *e);

/* Optimality gap with an explicit threshold gamma. */
int fs_rl_optimality_gap(const double *s, size_t n_runs, size_t n_tasks,
                         double gamma, double *out, fs_err *e);

/* Point estimate and stratified-bootstrap percentile interval of a metric.
 * reps >= 2, level in (0, 1). Advances rng. */
int fs_rl_aggregate_interval(const double *s, size_t n_runs, size_t n_tasks,
                             fs_rl_metric metric, size_t reps, double level,
                             fs_rng *rng, fs_rl_interval *out, fs_err *e);

/* Probability of improvement of X (nx runs) over Y (ny runs) on the same
 * n_tasks tasks. */
int fs_rl_prob_improvement(const double *x, size_t nx, const double *y,
                           size_t ny, size_t n_tasks, double *out,
                           fs_err *e);

/* The same with a stratified independent bootstrap interval. */
int fs_rl_prob_improvement_interval(const double *x, size_t nx,
                                    const double *y, size_t ny,
                                    size_t n_tasks, size_t reps,
                                    double level, fs_rng *rng,
                                    fs_rl_interval *out, fs_err *e);

/* Score distribution F(tau[k]) for k < n_tau into profile[k]. lo and hi
 * (n_tau each) may both be NULL for no interval; otherwise they receive
 * the percentile bounds from reps stratified replicates (rng required). */
int fs_rl_performance_profile(const double *s, size_t n_runs,
                              size_t n_tasks, const double *tau,
                              size_t n_tau, size_t reps, double level,
                              fs_rng *rng, double *profile, double *lo,
                              double *hi, fs_err *e);

#endif /* FS_ANALYSIS_RLIABLE_H */
