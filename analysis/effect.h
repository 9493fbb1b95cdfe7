/* analysis/effect.h - effect sizes for two independent samples.
 *
 *  - Cohen's d = (mean x - mean y) / s_p, s_p = sqrt(((nx-1) s_x^2 +
 *    (ny-1) s_y^2) / (nx + ny - 2)), ddof = 1 (pingouin compute_effsize,
 *    R effsize cohen.d pooled).
 *  - Hedges' g = d (1 - 3 / (4 (nx + ny) - 9)) (the approximate small-sample
 *    correction used by pingouin and R effsize).
 *  - Cliff's delta = (#(x_i > y_j) - #(x_i < y_j)) / (nx ny) (R effsize
 *    cliff.delta).
 *  - Vargha-Delaney A12 = (#(x_i > y_j) + 0.5 #(x_i == y_j)) / (nx ny)
 *    = (delta + 1) / 2 = U1 / (nx ny); rliable's probability of improvement
 *    of one task.
 * Degenerate: nx + ny = 2 gives s_p = 0/0 and d = g = NaN; zero pooled
 * variance gives d = +-inf for different means and NaN for equal means
 * (plain IEEE division, as NumPy). Identical samples give delta = 0,
 * A12 = 0.5.
 */
#ifndef FS_ANALYSIS_EFFECT_H
#define FS_ANALYSIS_EFFECT_H

#include <stddef.h>

#include "core/err.h"

typedef struct fs_effect_sizes {
    double cohen_d;
    double hedges_g;
    double cliff_delta;
    double a12;
} fs_effect_sizes;

/* All four effect sizes of x versus y. Validates (FS_ENUMERIC for NaN/Inf,
 * FS_ECONFIG for empty). O((nx + ny) log ny) time, O(ny) scratch. */
int fs_stats_effect_sizes(const double *x, size_t nx, const double *y,
                          size_t ny, fs_effect_sizes *out, fs_err *e);

/* Unvalidated pieces, for callers that already checked their data. */
double fs_stats_cohen_d(const double *x, size_t nx, const double *y,
                        size_t ny);
double fs_stats_hedges_g(const double *x, size_t nx, const double *y,
                         size_t ny);
/* A12 = P(X > Y) + 0.5 P(X = Y). */
double fs_stats_a12(const double *x, size_t nx, const double *y, size_t ny);

/* Magnitude labels: |d| < 0.2 "negligible", < 0.5 "small", < 0.8
 * "medium", else "large"; |delta| thresholds 0.147, 0.33, 0.474 (Romano
 * et al. 2006, as R effsize). NaN gives "undefined". */
const char *fs_effect_d_magnitude(double d);
const char *fs_effect_delta_magnitude(double delta);

#endif /* FS_ANALYSIS_EFFECT_H */
