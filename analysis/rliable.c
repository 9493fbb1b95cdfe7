/* analysis/rliable.c - rliable aggregates and intervals. See rliable.h. */
#include "analysis/rliable.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "analysis/desc.h"
#include "analysis/effect.h"

const char *fs_rl_metric_name(fs_rl_metric m)
{
    switch (m) {
    case FS_RL_MEAN: return "mean";
    case FS_RL_MEDIAN: return "median";
    case FS_RL_IQM: return "iqm";
    default: return "optimality-gap";
    }
}

static int check_scores(const double *s, size_t n_runs, size_t n_tasks,
                        const char *name, fs_err *e)
{
    if (n_runs == 0 || n_tasks == 0)
        return fs_err_set(e, FS_ECONFIG, "%s has no runs or no tasks", name);
    for (size_t r = 0; r < n_runs; r++)
        for (size_t t = 0; t < n_tasks; t++) {
            double v = s[r * n_tasks + t];
            if (!isfinite(v))
                return fs_err_set(e, FS_ENUMERIC,
                                  "%s[run %zu, task %zu] is %s", name, r, t,
                                  isnan(v) ? "NaN" : "infinite");
        }
    return 0;
}

static int check_interval_args(size_t reps, double level, fs_rng *rng,
                               fs_err *e)
{
    if (reps < 2)
        return fs_err_set(e, FS_ECONFIG, "bootstrap needs >= 2 replicates");
    if (!(level > 0.0 && level < 1.0))
        return fs_err_set(e, FS_ECONFIG,
                          "confidence level %g is outside (0, 1)", level);
    if (!rng)
        return fs_err_set(e, FS_ECONFIG, "bootstrap needs a random stream");
    return 0;
}

/* Per-task means into tm[0..n_tasks-1]. */
static void task_means(const double *s, size_t n_runs, size_t n_tasks,
                       double *tm)
{
    for (size_t t = 0; t < n_tasks; t++) {
        long double a = 0.0L;
        for (size_t r = 0; r < n_runs; r++)
            a += s[r * n_tasks + t];
        tm[t] = (double)(a / (long double)n_runs);
    }
}

static double gap(const double *s, size_t n, double gamma)
{
    long double a = 0.0L;
    for (size_t i = 0; i < n; i++)
        a += s[i] < gamma ? s[i] : gamma;
    return gamma - (double)(a / (long double)n);
}

/* Unvalidated metric. */
static double metric_of(const double *s, size_t n_runs, size_t n_tasks,
                        fs_rl_metric metric)
{
    size_t n = n_runs * n_tasks;
    if (metric == FS_RL_IQM)
        return fs_stats_trim_mean_unchecked(s, n, 0.25);
    if (metric == FS_RL_OPTIMALITY_GAP)
        return gap(s, n, 1.0);
    double *tm = fs_xmalloc(n_tasks * sizeof *tm);
    task_means(s, n_runs, n_tasks, tm);
    double v;
    if (metric == FS_RL_MEAN) {
        v = fs_stats_mean(tm, n_tasks);
    } else {
        gsl_sort(tm, 1, n_tasks);
        v = fs_stats_quantile_sorted(tm, n_tasks, 0.5);
    }
    free(tm);
    return v;
}

int fs_rl_aggregate(const double *s, size_t n_runs, size_t n_tasks,
                    fs_rl_metric metric, double *out, fs_err *e)
{
    int rc = check_scores(s, n_runs, n_tasks, "scores", e);
    if (rc)
        return rc;
    *out = metric_of(s, n_runs, n_tasks, metric);
    return 0;
}

int fs_rl_optimality_gap(const double *s, size_t n_runs, size_t n_tasks,
                         double gamma, double *out, fs_err *e)
{
    int rc = check_scores(s, n_runs, n_tasks, "scores", e);
    if (rc)
        return rc;
    *out = gap(s, n_runs * n_tasks, gamma);
    return 0;
}

/* One stratified replicate: for each task, n_runs run indices drawn with
 * replacement. */
static void stratified_resample(const double *s, size_t n_runs,
                                size_t n_tasks, double *dst, fs_rng *rng)
{
    for (size_t t = 0; t < n_tasks; t++)
        for (size_t r = 0; r < n_runs; r++) {
            size_t k = (size_t)fs_rng_below(rng, n_runs);
            dst[r * n_tasks + t] = s[k * n_tasks + t];
        }
}

static void percentile_bounds(double *rep, size_t reps, double level,
                              double *lo, double *hi)
{
    double alpha = 0.5 * (1.0 - level);
    gsl_sort(rep, 1, reps);
    *lo = fs_stats_quantile_sorted(rep, reps, alpha);
    *hi = fs_stats_quantile_sorted(rep, reps, 1.0 - alpha);
}

int fs_rl_aggregate_interval(const double *s, size_t n_runs, size_t n_tasks,
                             fs_rl_metric metric, size_t reps, double level,
                             fs_rng *rng, fs_rl_interval *out, fs_err *e)
{
    int rc = check_scores(s, n_runs, n_tasks, "scores", e);
    if (rc || (rc = check_interval_args(reps, level, rng, e)))
        return rc;
    double *buf = fs_xmalloc(n_runs * n_tasks * sizeof *buf);
    double *rep = fs_xmalloc(reps * sizeof *rep);
    for (size_t b = 0; b < reps; b++) {
        stratified_resample(s, n_runs, n_tasks, buf, rng);
        rep[b] = metric_of(buf, n_runs, n_tasks, metric);
    }
    out->estimate = metric_of(s, n_runs, n_tasks, metric);
    out->level = level;
    out->reps = reps;
    percentile_bounds(rep, reps, level, &out->lo, &out->hi);
    free(rep);
    free(buf);
    return 0;
}

/* Unvalidated probability of improvement; colx/coly: scratch columns. */
static double poi(const double *x, size_t nx, const double *y, size_t ny,
                  size_t n_tasks, double *colx, double *coly)
{
    double sum = 0.0;
    for (size_t t = 0; t < n_tasks; t++) {
        for (size_t r = 0; r < nx; r++)
            colx[r] = x[r * n_tasks + t];
        for (size_t r = 0; r < ny; r++)
            coly[r] = y[r * n_tasks + t];
        int same = nx == ny && memcmp(colx, coly, nx * sizeof *colx) == 0;
        sum += same ? 0.5 : fs_stats_a12(colx, nx, coly, ny);
    }
    return sum / (double)n_tasks;
}

int fs_rl_prob_improvement(const double *x, size_t nx, const double *y,
                           size_t ny, size_t n_tasks, double *out,
                           fs_err *e)
{
    int rc = check_scores(x, nx, n_tasks, "x", e);
    if (rc || (rc = check_scores(y, ny, n_tasks, "y", e)))
        return rc;
    double *col = fs_xmalloc((nx + ny) * sizeof *col);
    *out = poi(x, nx, y, ny, n_tasks, col, col + nx);
    free(col);
    return 0;
}

int fs_rl_prob_improvement_interval(const double *x, size_t nx,
                                    const double *y, size_t ny,
                                    size_t n_tasks, size_t reps,
                                    double level, fs_rng *rng,
                                    fs_rl_interval *out, fs_err *e)
{
    int rc = check_scores(x, nx, n_tasks, "x", e);
    if (rc || (rc = check_scores(y, ny, n_tasks, "y", e)) ||
        (rc = check_interval_args(reps, level, rng, e)))
        return rc;
    double *bx = fs_xmalloc((nx + ny) * n_tasks * sizeof *bx);
    double *by = bx + nx * n_tasks;
    double *col = fs_xmalloc((nx + ny) * sizeof *col);
    double *rep = fs_xmalloc(reps * sizeof *rep);
    for (size_t b = 0; b < reps; b++) {
        stratified_resample(x, nx, n_tasks, bx, rng);
        stratified_resample(y, ny, n_tasks, by, rng);
        rep[b] = poi(bx, nx, by, ny, n_tasks, col, col + nx);
    }
    out->estimate = poi(x, nx, y, ny, n_tasks, col, col + nx);
    out->level = level;
    out->reps = reps;
    percentile_bounds(rep, reps, level, &out->lo, &out->hi);
    free(rep);
    free(col);
    free(bx);
    return 0;
}

static void profile_of(const double *s, size_t n, const double *tau,
                       size_t n_tau, double *f)
{
    for (size_t k = 0; k < n_tau; k++) {
        size_t above = 0;
        for (size_t i = 0; i < n; i++)
            above += s[i] > tau[k];
        f[k] = (double)above / (double)n;
    }
}

int fs_rl_performance_profile(const double *s, size_t n_runs,
                              size_t n_tasks, const double *tau,
                              size_t n_tau, size_t reps, double level,
                              fs_rng *rng, double *profile, double *lo,
                              double *hi, fs_err *e)
{
    int rc = check_scores(s, n_runs, n_tasks, "scores", e);
    if (rc)
        return rc;
    for (size_t k = 0; k < n_tau; k++)
        if (isnan(tau[k]))
            return fs_err_set(e, FS_ENUMERIC, "tau[%zu] is NaN", k);
    size_t n = n_runs * n_tasks;
    profile_of(s, n, tau, n_tau, profile);
    if (!lo && !hi)
        return 0;
    if (!lo || !hi)
        return fs_err_set(e, FS_ECONFIG, "give both lo and hi, or neither");
    if ((rc = check_interval_args(reps, level, rng, e)))
        return rc;
    double *buf = fs_xmalloc(n * sizeof *buf);
    double *rep = fs_xmalloc(reps * n_tau * sizeof *rep);  /* [k][b] */
    double *f = fs_xmalloc(n_tau * sizeof *f);
    for (size_t b = 0; b < reps; b++) {
        stratified_resample(s, n_runs, n_tasks, buf, rng);
        profile_of(buf, n, tau, n_tau, f);
        for (size_t k = 0; k < n_tau; k++)
            rep[k * reps + b] = f[k];
    }
    for (size_t k = 0; k < n_tau; k++)
        percentile_bounds(rep + k * reps, reps, level, &lo[k], &hi[k]);
    free(f);
    free(rep);
    free(buf);
    return 0;
}
