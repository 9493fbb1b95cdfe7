/* analysis/report_plots.c - the data files and gnuplot commands of each
 * kind of plot in a report. See report.h. */
#include "analysis/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/desc.h"

/* Keys go under the plot, one condition per line: condition labels are
 * long, and a key at the side squeezed the plot to a sliver. */
#define KEY_BELOW "set key bmargin left vertical Left reverse\n"

enum { MAX_HEATMAPS = 12, MAX_SCATTER = 5000 };

/* Finite values of store metric col over the done rows of condition k. */
static size_t done_values(const struct fs_report_ctx *c, size_t k,
                          const double *col, double *out)
{
    const struct fs_condition *cond = &c->cs->c[k];
    size_t n = 0;
    for (size_t i = 0; i < cond->n_rows; i++) {
        size_t r = cond->rows[i];
        if (c->d->rows[r].status == FS_JOB_DONE && isfinite(col[r]))
            out[n++] = col[r];
    }
    return n;
}

static fs_stats_desc describe(const double *x, size_t n)
{
    fs_stats_desc s;
    fs_err ignore = {0};
    if (n == 0 || fs_stats_describe(x, n, "values", &s, &ignore) != 0) {
        double nan = NAN;
        s = (fs_stats_desc){0, nan, nan, nan, nan, nan, nan, nan, nan, nan,
                            nan, nan};
    }
    if (n == 1) { /* a single seed: the band collapses to the value */
        s.ci_lo = s.mean;
        s.ci_hi = s.mean;
    }
    return s;
}

/* ---- learning curves ---- */

/* budget.env_steps from the store's settings text, or 0. */
static double budget_steps(const fs_store_data *d)
{
    const char *s = d->meta.settings ? strstr(d->meta.settings,
                                              "budget.env_steps:") : NULL;
    return s ? strtod(s + strlen("budget.env_steps:"), NULL) : 0;
}

static int curve_data(struct fs_report_ctx *c, size_t cv, const char *file,
                      size_t *blocks, fs_err *e)
{
    FILE *f = fs_report_data_open(c, file, e);
    if (!f)
        return FS_EIO;
    size_t P = c->d->curve_points[cv];
    const double *m = c->d->curves[cv];
    double steps = budget_steps(c->d);
    double *x = fs_xmalloc((c->d->n_jobs ? c->d->n_jobs : 1) * sizeof *x);
    for (size_t k = 0; k < c->cs->n; k++) {
        const struct fs_condition *cond = &c->cs->c[k];
        int any = 0;
        for (size_t p = 0; p < P; p++) {
            size_t n = 0;
            for (size_t i = 0; i < cond->n_rows; i++) {
                size_t r = cond->rows[i];
                if (c->d->rows[r].status == FS_JOB_DONE &&
                    isfinite(m[r * P + p]))
                    x[n++] = m[r * P + p];
            }
            if (n == 0)
                continue;
            fs_stats_desc s = describe(x, n);
            if (!any)
                fprintf(f, "# condition %zu: %s\n", k + 1, cond->short_label);
            any = 1;
            double pos = steps > 0 ? steps * (double)(p + 1) / (double)P
                                   : 100.0 * (double)(p + 1) / (double)P;
            fprintf(f, "%.17g %.17g %.17g %.17g %zu\n", pos, s.mean, s.ci_lo,
                    s.ci_hi, n);
        }
        if (any) {
            fputs("\n\n", f);
            blocks[k] = 1;
        }
    }
    free(x);
    return fs_report_data_close(f, file, e);
}

int fs_report_plot_curves(struct fs_report_ctx *c, fs_err *e)
{
    if (c->d->n_curves == 0)
        snprintf(c->notes[FS_PLOT_CURVE], sizeof c->notes[0],
                 "The store holds no learning curves.");
    size_t *has = fs_xmalloc((c->cs->n ? c->cs->n : 1) * sizeof *has);
    int rc = 0;
    for (size_t cv = 0; cv < c->d->n_curves && rc == 0; cv++) {
        const char *name = c->d->curve_names[cv];
        char safe[64], file[96], png[128], title[160], cap[256];
        fs_report_safe_name(name, safe, sizeof safe);
        snprintf(file, sizeof file, "curve-%s.dat", safe);
        memset(has, 0, c->cs->n * sizeof *has);
        if ((rc = curve_data(c, cv, file, has, e)) != 0)
            break;
        snprintf(png, sizeof png, "curve-%s.png", safe);
        snprintf(title, sizeof title, "Learning curve: %s (mean and 95%% CI "
                 "over seeds)", name);
        snprintf(cap, sizeof cap, "Learning curve `%s`: mean over seeds per "
                 "condition, shaded 95%% t confidence interval.", name);
        fs_report_plot_begin(c, FS_PLOT_CURVE, png, title,
                             budget_steps(c->d) > 0 ? "environment steps"
                                                    : "training progress (%)",
                             fs_report_metric_axis(name), cap);
        fputs(KEY_BELOW "plot \\\n", c->gp);
        size_t block = 0;
        int first = 1;
        for (size_t k = 0; k < c->cs->n; k++) {
            if (!has[k])
                continue;
            fprintf(c->gp, "%s  'data/%s' index %zu using 1:3:4 with "
                    "filledcurves fs transparent solid 0.2 noborder lc %zu "
                    "notitle, \\\n  '' index %zu using 1:2 with lines lw 2 "
                    "lc %zu title ", first ? "" : ", \\\n", file, block, k + 1,
                    block, k + 1);
            fs_report_gp_str(c->gp, c->cs->c[k].short_label);
            block++;
            first = 0;
        }
        if (first)
            fputs("  NaN title 'no data'", c->gp);
        fputs("\n", c->gp);
    }
    free(has);
    return rc;
}

/* ---- fairness vs utility ---- */

static int both_finite(const struct fs_report_ctx *c, size_t r)
{
    return c->d->rows[r].status == FS_JOB_DONE &&
           isfinite(c->d->metrics[c->utility][r]) &&
           isfinite(c->d->metrics[c->fairness][r]);
}

/* Seeds scatter (every stride-th done job, so that big sweeps keep small
 * PNGs) and per-condition means with CIs. */
static int pareto_data(struct fs_report_ctx *c, fs_stats_desc *u,
                       fs_stats_desc *f, size_t *stride, fs_err *e)
{
    const double *cu = c->d->metrics[c->utility];
    const double *cf = c->d->metrics[c->fairness];
    size_t n = 0;
    for (size_t r = 0; r < c->d->n_jobs; r++)
        n += (size_t)both_finite(c, r);
    *stride = (n + MAX_SCATTER - 1) / MAX_SCATTER;
    if (*stride < 1)
        *stride = 1;
    FILE *s = fs_report_data_open(c, "pareto-seeds.dat", e);
    if (!s)
        return FS_EIO;
    fprintf(s, "# utility fairness (every %zu. done job)\n", *stride);
    for (size_t r = 0, k = 0; r < c->d->n_jobs; r++)
        if (both_finite(c, r) && k++ % *stride == 0)
            fprintf(s, "%.17g %.17g\n", cu[r], cf[r]);
    if (fs_report_data_close(s, "pareto-seeds.dat", e) != 0)
        return FS_EIO;
    double *x = fs_xmalloc((c->d->n_jobs ? c->d->n_jobs : 1) * sizeof *x);
    for (size_t k = 0; k < c->cs->n; k++) {
        u[k] = describe(x, done_values(c, k, cu, x));
        f[k] = describe(x, done_values(c, k, cf, x));
    }
    free(x);
    FILE *m = fs_report_data_open(c, "pareto-means.dat", e);
    if (!m)
        return FS_EIO;
    for (size_t k = 0; k < c->cs->n; k++)
        fprintf(m, "# condition %zu: %s\n%.17g %.17g %.17g %.17g %.17g "
                "%.17g\n\n\n", k + 1, c->cs->c[k].short_label, u[k].mean,
                f[k].mean, u[k].ci_lo, u[k].ci_hi, f[k].ci_lo, f[k].ci_hi);
    return fs_report_data_close(m, "pareto-means.dat", e);
}

static int by_utility(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Condition means no other condition beats on both axes, by utility. */
static int front_data(struct fs_report_ctx *c, const fs_stats_desc *u,
                      const fs_stats_desc *f, fs_err *e)
{
    double sign = c->fairness_lower_better ? -1 : 1;
    size_t n = c->cs->n, m = 0;
    double *pt = fs_xmalloc((n ? n : 1) * 2 * sizeof *pt);
    for (size_t i = 0; i < n; i++) {
        if (isnan(u[i].mean) || isnan(f[i].mean))
            continue;
        int dominated = 0;
        for (size_t j = 0; j < n && !dominated; j++) {
            if (j == i || isnan(u[j].mean) || isnan(f[j].mean))
                continue;
            double du = u[j].mean - u[i].mean;
            double df = sign * (f[j].mean - f[i].mean);
            dominated = du >= 0 && df >= 0 && (du > 0 || df > 0);
        }
        if (!dominated) {
            pt[2 * m] = u[i].mean;
            pt[2 * m + 1] = f[i].mean;
            m++;
        }
    }
    qsort(pt, m, 2 * sizeof *pt, by_utility);
    FILE *out = fs_report_data_open(c, "pareto-front.dat", e);
    if (!out) {
        free(pt);
        return FS_EIO;
    }
    fputs("# non-dominated condition means, by utility\n", out);
    for (size_t i = 0; i < m; i++)
        fprintf(out, "%.17g %.17g\n", pt[2 * i], pt[2 * i + 1]);
    free(pt);
    return fs_report_data_close(out, "pareto-front.dat", e);
}

int fs_report_plot_pareto(struct fs_report_ctx *c, fs_err *e)
{
    if (c->utility < 0 || c->fairness < 0 || c->utility == c->fairness) {
        snprintf(c->notes[FS_PLOT_PARETO], sizeof c->notes[0],
                 "No fairness-utility plot: the store needs a utility metric "
                 "and a fairness metric (choose them with --utility and "
                 "--fairness).");
        return 0;
    }
    size_t n = c->cs->n ? c->cs->n : 1;
    fs_stats_desc *u = fs_xmalloc(n * sizeof *u), *f = fs_xmalloc(n * sizeof *f);
    size_t stride = 1;
    int rc = pareto_data(c, u, f, &stride, e);
    if (rc == 0)
        rc = front_data(c, u, f, e);
    free(u);
    free(f);
    if (rc != 0)
        return rc;
    const char *un = c->d->metric_names[c->utility];
    const char *fn = c->d->metric_names[c->fairness];
    char title[160], cap[256], seeds[48] = "every seed";
    if (stride > 1)
        snprintf(seeds, sizeof seeds, "1 seed in %zu", stride);
    snprintf(title, sizeof title, "Fairness vs utility: %s against %s", fn, un);
    snprintf(cap, sizeof cap, "Fairness (`%s`, %s is fairer) against utility "
             "(`%s`): %s (grey), condition means with 95%% CIs, and the "
             "Pareto front of the means (dashed).", fn,
             c->fairness_lower_better ? "lower" : "higher", un, seeds);
    fs_report_plot_begin(c, FS_PLOT_PARETO, "pareto.png", title,
                         fs_report_metric_axis(un), fs_report_metric_axis(fn),
                         cap);
    fputs(KEY_BELOW "plot 'data/pareto-seeds.dat' using 1:2 "
          "with points pt 7 ps 0.4 lc rgb '#c0c0c0' title 'single seeds', \\\n"
          "  'data/pareto-front.dat' using 1:2 with lines dt 2 lw 2 "
          "lc rgb 'black' title 'Pareto front (means)'", c->gp);
    for (size_t k = 0; k < c->cs->n; k++) {
        fprintf(c->gp, ", \\\n  'data/pareto-means.dat' index %zu using "
                "1:2:3:4:5:6 with xyerrorbars pt 7 ps 1.2 lw 1.5 lc %zu "
                "title ", k, k + 1);
        fs_report_gp_str(c->gp, c->cs->c[k].short_label);
    }
    fputs("\n", c->gp);
    return 0;
}

/* ---- box plots ---- */

int fs_report_plot_boxes(struct fs_report_ctx *c, fs_err *e)
{
    double *x = fs_xmalloc((c->d->n_jobs ? c->d->n_jobs : 1) * sizeof *x);
    size_t *has = fs_xmalloc((c->cs->n ? c->cs->n : 1) * sizeof *has);
    int rc = 0;
    for (size_t m = 0; m < fs_table_metric_count(c->t) && rc == 0; m++) {
        const char *name = fs_table_metric_name(c->t, m);
        const double *col = c->d->metrics[fs_store_data_metric(c->d, name)];
        char safe[64], file[96], png[128], title[160], cap[256];
        fs_report_safe_name(name, safe, sizeof safe);
        snprintf(file, sizeof file, "box-%s.dat", safe);
        FILE *f = fs_report_data_open(c, file, e);
        if (!f) {
            rc = FS_EIO;
            break;
        }
        for (size_t k = 0; k < c->cs->n; k++) {
            size_t n = done_values(c, k, col, x);
            has[k] = n > 0;
            if (n == 0)
                continue;
            fprintf(f, "# condition %zu: %s\n", k + 1, c->cs->c[k].short_label);
            for (size_t i = 0; i < n; i++)
                fprintf(f, "%.17g\n", x[i]);
            fputs("\n\n", f);
        }
        if ((rc = fs_report_data_close(f, file, e)) != 0)
            break;
        snprintf(png, sizeof png, "box-%s.png", safe);
        snprintf(title, sizeof title, "Distribution of %s over seeds", name);
        snprintf(cap, sizeof cap, "`%s` per condition (x: condition number "
                 "as in the Conditions table): median, quartiles, whiskers at "
                 "1.5 IQR, outliers as points.", name);
        fs_report_plot_begin(c, FS_PLOT_BOX, png, title, "condition (#)",
                             fs_report_metric_axis(name), cap);
        fprintf(c->gp, "set style fill solid 0.3 border -1\nset boxwidth 0.6\n"
                "set style boxplot outliers pointtype 7\n" KEY_BELOW
                "set xrange [0.3:%zu.7]\nset xtics 1\nplot ",
                c->cs->n);
        size_t block = 0;
        int first = 1;
        for (size_t k = 0; k < c->cs->n; k++) {
            if (!has[k])
                continue;
            fprintf(c->gp, "%s'data/%s' index %zu using (%zu):1 with boxplot "
                    "lc %zu title ", first ? "" : ", \\\n  ", file, block,
                    k + 1, k + 1);
            char lab[300];
            snprintf(lab, sizeof lab, "%zu: %s", k + 1, c->cs->c[k].short_label);
            fs_report_gp_str(c->gp, lab);
            block++;
            first = 0;
        }
        if (first)
            fputs("NaN title 'no data'", c->gp);
        fputs("\n", c->gp);
    }
    free(x);
    free(has);
    return rc;
}

/* ---- beta_train x beta_test heatmaps ---- */

static int beta_of(const struct fs_report_ctx *c, size_t k, double *bt,
                   double *bs)
{
    const struct fs_job *j = &c->d->jobs[c->cs->c[k].rows[0]];
    const struct fs_param *a = fs_job_param(j, "beta_train");
    const struct fs_param *b = fs_job_param(j, "beta_test");
    if (!a || !b || a->is_text || b->is_text)
        return 0;
    *bt = a->num;
    *bs = b->num;
    return 1;
}

/* The short label without its beta_train/beta_test tokens. */
static void rest_label(const char *label, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *t = label; *t;) {
        const char *end = strchr(t, ' ');
        size_t len = end ? (size_t)(end - t) : strlen(t);
        if (strncmp(t, "beta_train=", 11) != 0 &&
            strncmp(t, "beta_test=", 10) != 0 && used + len + 2 < n) {
            if (used)
                out[used++] = ' ';
            memcpy(out + used, t, len);
            used += len;
            out[used] = '\0';
        }
        if (!end)
            break;
        t = end + 1;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static size_t sorted_unique(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || v[m - 1] != v[i])
            v[m++] = v[i];
    return m;
}

static void write_tics(FILE *gp, const char *axis, const double *v, size_t n)
{
    fprintf(gp, "set %stics (", axis);
    for (size_t i = 0; i < n; i++)
        fprintf(gp, "%s'%.4g' %zu", i ? ", " : "", v[i], i);
    fputs(")\n", gp);
}

static int heatmap(struct fs_report_ctx *c, size_t m, const char *group,
                   const size_t *members, size_t nm, int serial, fs_err *e)
{
    double *xs = fs_xmalloc(nm * sizeof *xs), *ys = fs_xmalloc(nm * sizeof *ys);
    for (size_t i = 0; i < nm; i++)
        beta_of(c, members[i], &xs[i], &ys[i]);
    size_t nx = sorted_unique(xs, nm), ny = sorted_unique(ys, nm);
    const char *name = fs_table_metric_name(c->t, m);
    char safe[64], file[96], png[128], title[200], cap[256];
    fs_report_safe_name(name, safe, sizeof safe);
    snprintf(file, sizeof file, "heat-%s-%d.dat", safe, serial);
    FILE *f = fs_report_data_open(c, file, e);
    int rc = f ? 0 : FS_EIO;
    for (size_t j = 0; j < ny && f; j++) {
        for (size_t i = 0; i < nx; i++) {
            double v = NAN;
            for (size_t q = 0; q < nm; q++) {
                double bt, bs;
                beta_of(c, members[q], &bt, &bs);
                if (bt == xs[i] && bs == ys[j])
                    v = fs_table_cell(c->t, members[q], m)->desc.mean;
            }
            fprintf(f, "%zu %zu %.17g\n", i, j, v);
        }
        fputc('\n', f);
    }
    if (f)
        rc = fs_report_data_close(f, file, e);
    if (rc == 0) {
        snprintf(png, sizeof png, "heat-%s-%d.png", safe, serial);
        snprintf(title, sizeof title, "Mean %s over beta_train x beta_test%s%s",
                 name, group[0] ? ": " : "", group);
        snprintf(cap, sizeof cap, "Mean `%s` per (beta_train, beta_test)%s%s.",
                 name, group[0] ? " for " : "", group);
        fs_report_plot_begin(c, FS_PLOT_HEATMAP, png, title,
                             "beta_train (fairness weight in training)",
                             "beta_test (fairness weight in evaluation)", cap);
        write_tics(c->gp, "x", xs, nx);
        write_tics(c->gp, "y", ys, ny);
        fprintf(c->gp, "set xrange [-0.5:%zu.5]\nset yrange [-0.5:%zu.5]\n"
                "set cblabel ", nx - 1, ny - 1);
        fs_report_gp_str(c->gp, fs_report_metric_axis(name));
        fprintf(c->gp, "\nset palette defined (0 '#440154', 1 '#3b528b', 2 "
                "'#21918c', 3 '#5ec962', 4 '#fde725')\n"
                "set style textbox opaque noborder\nunset key\n"
                "plot 'data/%s' using 1:2:3 with image notitle, \\\n"
                "  '' using 1:2:(sprintf('%%.3g', $3)) with labels boxed "
                "notitle\n", file);
    }
    free(xs);
    free(ys);
    return rc;
}

int fs_report_plot_heatmaps(struct fs_report_ctx *c, fs_err *e)
{
    size_t n = c->cs->n ? c->cs->n : 1;
    size_t *members = fs_xmalloc(n * sizeof *members);
    char (*rest)[300] = fs_xmalloc(n * sizeof *rest);
    int *done = fs_xcalloc(n, sizeof *done);
    size_t any = 0;
    for (size_t k = 0; k < c->cs->n; k++) {
        double bt, bs;
        done[k] = !beta_of(c, k, &bt, &bs);
        any += !done[k];
        rest_label(c->cs->c[k].short_label, rest[k], sizeof rest[k]);
    }
    int rc = 0, serial = 0;
    for (size_t k = 0; k < c->cs->n && rc == 0; k++) {
        if (done[k])
            continue;
        size_t nm = 0;
        for (size_t q = k; q < c->cs->n; q++)
            if (!done[q] && strcmp(rest[q], rest[k]) == 0) {
                members[nm++] = q;
                done[q] = 1;
            }
        for (size_t m = 0; m < fs_table_metric_count(c->t) && rc == 0 &&
                           serial < MAX_HEATMAPS; m++)
            rc = heatmap(c, m, rest[k], members, nm, ++serial, e);
    }
    if (!any)
        snprintf(c->notes[FS_PLOT_HEATMAP], sizeof c->notes[0],
                 "No beta_train x beta_test heatmaps: the conditions have no "
                 "numeric beta_train and beta_test parameters.");
    free(members);
    free(rest);
    free(done);
    return rc;
}
