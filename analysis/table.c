/* analysis/table.c - summaries and baseline comparisons. See table.h;
 * the output formats are in table_format.c. */
#include "analysis/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/mwu.h"
#include "analysis/permtest.h"
#include "analysis/ttest.h"
#include "core/rng.h"

struct fs_table {
    const fs_store_data *d;
    fs_table_options o;
    fs_cond_set conds;
    size_t baseline;
    size_t n_metrics;
    int *metric;                 /* [n_metrics] store metric index */
    struct fs_table_cell *cell;  /* [cond * n_metrics + m] */
    struct fs_table_cmp *cmp;    /* [cond * n_metrics + m] */
    size_t *family;              /* [n_metrics] */
};

static const char *const TEST_NAMES[] = {"welch", "mwu", "perm"};

int fs_table_test_parse(const char *s, fs_table_test *t, fs_err *e)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, TEST_NAMES[i]) == 0) {
            *t = (fs_table_test)i;
            return 0;
        }
    return fs_err_set(e, FS_EUSAGE,
                      "unknown test '%s'; tests are: welch, mwu, perm", s);
}

const char *fs_table_test_name(fs_table_test t)
{
    return (unsigned)t < 3 ? TEST_NAMES[t] : "?";
}

const char *fs_table_test_title(fs_table_test t)
{
    switch (t) {
    case FS_TABLE_WELCH: return "Welch t-test";
    case FS_TABLE_MWU: return "Mann-Whitney U test";
    case FS_TABLE_PERM: return "permutation test of the mean difference";
    }
    return "?";
}

fs_table_options fs_table_options_default(void)
{
    fs_table_options o;
    memset(&o, 0, sizeof o);
    o.test = FS_TABLE_WELCH;
    o.correct = 1;
    o.correction = FS_PADJ_HOLM;
    o.alpha = 0.05;
    o.perm_resamples = 9999;
    return o;
}

void fs_table_format_p(double p, char *buf, size_t n)
{
    if (isnan(p))
        snprintf(buf, n, "p=NaN");
    else if (p >= 0.001)
        snprintf(buf, n, "p=%.3f", p);
    else
        snprintf(buf, n, "p=%.1e", p);
}

static int pick_metrics(fs_table *t, fs_err *e)
{
    const fs_store_data *d = t->d;
    if (t->o.n_metrics == 0) {
        t->n_metrics = d->n_metrics;
        t->metric = fs_xmalloc((d->n_metrics ? d->n_metrics : 1) * sizeof(int));
        for (size_t m = 0; m < d->n_metrics; m++)
            t->metric[m] = (int)m;
        return 0;
    }
    t->n_metrics = t->o.n_metrics;
    t->metric = fs_xmalloc(t->n_metrics * sizeof(int));
    for (size_t m = 0; m < t->n_metrics; m++) {
        t->metric[m] = fs_store_data_metric(d, t->o.metrics[m]);
        if (t->metric[m] >= 0)
            continue;
        char list[512] = "";
        size_t used = 0;
        for (size_t k = 0; k < d->n_metrics && used + 1 < sizeof list; k++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s",
                             k ? ", " : "", d->metric_names[k]);
            used += w > 0 ? (size_t)w : 0;
        }
        return fs_err_set(e, FS_EUSAGE, "unknown metric '%s'; metrics are: %s",
                          t->o.metrics[m], d->n_metrics ? list : "(none)");
    }
    return 0;
}

/* The finite values of metric column col over the done rows of c. */
static size_t gather(const fs_store_data *d, const struct fs_condition *c,
                     const double *col, double *out, size_t *missing)
{
    size_t n = 0;
    *missing = 0;
    for (size_t i = 0; i < c->n_rows; i++) {
        size_t r = c->rows[i];
        if (d->rows[r].status != FS_JOB_DONE)
            continue;
        if (isfinite(col[r]))
            out[n++] = col[r];
        else
            (*missing)++;
    }
    return n;
}

static void describe(const double *x, size_t n, struct fs_table_cell *cell)
{
    cell->n = n;
    if (n == 0) {
        double nan = NAN;
        cell->desc = (fs_stats_desc){0, nan, nan, nan, nan, nan, nan, nan,
                                     nan, nan, nan, nan};
        return;
    }
    fs_err ignore = {0};
    fs_stats_describe(x, n, "values", &cell->desc, &ignore);
}

static void run_test(const fs_table *t, size_t cond, size_t m,
                     const double *x, size_t nx, const double *y, size_t ny,
                     fs_test_result *out)
{
    fs_err ignore = {0};
    *out = fs_test_result_nan(FS_TWO_SIDED);
    if (nx == 0 || ny == 0)
        return;
    if (t->o.test == FS_TABLE_WELCH) {
        fs_stats_ttest_welch(x, nx, y, ny, FS_TWO_SIDED, out, &ignore);
    } else if (t->o.test == FS_TABLE_MWU) {
        fs_stats_mannwhitneyu(x, nx, y, ny, FS_TWO_SIDED, FS_PMETHOD_AUTO, 1,
                              out, &ignore);
    } else {
        fs_rng rng;
        fs_rng_init(&rng, t->o.perm_seed, (uint64_t)(cond * t->n_metrics + m),
                    FS_RNG_STATS);
        fs_stats_perm_test(x, nx, y, ny, FS_TWO_SIDED, t->o.perm_resamples,
                           &rng, out, &ignore);
    }
    if (ignore.status != 0)
        *out = fs_test_result_nan(FS_TWO_SIDED);
}

static void compare(const fs_table *t, size_t cond, size_t m, const double *x,
                    size_t nx, const double *y, size_t ny,
                    struct fs_table_cmp *c)
{
    memset(c, 0, sizeof *c);
    c->valid = 1;
    run_test(t, cond, m, x, nx, y, ny, &c->test);
    c->p_adj = c->test.pvalue;
    double nan = NAN;
    c->eff = (fs_effect_sizes){nan, nan, nan, nan};
    c->mean_diff = nan;
    if (nx > 0 && ny > 0) {
        fs_err ignore = {0};
        fs_stats_effect_sizes(x, nx, y, ny, &c->eff, &ignore);
        c->mean_diff = fs_stats_mean(x, nx) - fs_stats_mean(y, ny);
    }
    c->effect = t->o.test == FS_TABLE_MWU ? c->eff.cliff_delta
                                          : c->eff.hedges_g;
    double sign = t->o.test == FS_TABLE_MWU ? c->eff.cliff_delta : c->mean_diff;
    c->direction = sign > 0 ? 1 : sign < 0 ? -1 : 0;
}

static void set_verdict(const fs_table *t, struct fs_table_cmp *c, size_t nx,
                        size_t ny)
{
    char p[32];
    fs_table_format_p(c->p_adj, p, sizeof p);
    if (isnan(c->p_adj)) {
        if (nx < 2 || ny < 2)
            snprintf(c->verdict, sizeof c->verdict, "untestable (n=%zu vs %zu)",
                     nx, ny);
        else
            snprintf(c->verdict, sizeof c->verdict,
                     "untestable (no variance)");
        return;
    }
    c->significant = c->p_adj <= t->o.alpha;
    if (c->significant && c->direction != 0)
        snprintf(c->verdict, sizeof c->verdict, "%s, %s",
                 c->direction > 0 ? "higher" : "lower", p);
    else
        snprintf(c->verdict, sizeof c->verdict, "no difference, %s", p);
}

/* Correct the valid, finite p-values of metric m as one family. */
static int correct_family(fs_table *t, size_t m, fs_err *e)
{
    size_t nc = t->conds.n, k = 0;
    double *p = fs_xmalloc((nc ? nc : 1) * sizeof *p);
    for (size_t c = 0; c < nc; c++) {
        const struct fs_table_cmp *x = &t->cmp[c * t->n_metrics + m];
        if (x->valid && !isnan(x->test.pvalue))
            p[k++] = x->test.pvalue;
    }
    t->family[m] = k;
    int rc = 0;
    if (t->o.correct && k > 0)
        rc = fs_stats_padjust(p, k, t->o.correction, t->o.alpha, p, NULL, e);
    k = 0;
    for (size_t c = 0; c < nc && rc == 0; c++) {
        struct fs_table_cmp *x = &t->cmp[c * t->n_metrics + m];
        if (x->valid && !isnan(x->test.pvalue))
            x->p_adj = p[k++];
    }
    free(p);
    return rc;
}

static int analyse_metric(fs_table *t, size_t m, double *x, double *y,
                          fs_err *e)
{
    const double *col = t->d->metrics[t->metric[m]];
    size_t nb = gather(t->d, &t->conds.c[t->baseline], col, y,
                       &t->cell[t->baseline * t->n_metrics + m].n_missing);
    describe(y, nb, &t->cell[t->baseline * t->n_metrics + m]);
    for (size_t c = 0; c < t->conds.n; c++) {
        if (c == t->baseline)
            continue;
        struct fs_table_cell *cell = &t->cell[c * t->n_metrics + m];
        size_t nx = gather(t->d, &t->conds.c[c], col, x, &cell->n_missing);
        describe(x, nx, cell);
        compare(t, c, m, x, nx, y, nb, &t->cmp[c * t->n_metrics + m]);
    }
    if (correct_family(t, m, e) != 0)
        return e ? e->status : FS_ENUMERIC;
    for (size_t c = 0; c < t->conds.n; c++)
        if (c != t->baseline)
            set_verdict(t, &t->cmp[c * t->n_metrics + m],
                        t->cell[c * t->n_metrics + m].n, nb);
    return 0;
}

static int check_options(const fs_table_options *o, fs_err *e)
{
    if (!(o->alpha > 0 && o->alpha < 1))
        return fs_err_set(e, FS_EUSAGE, "alpha must be in (0, 1), got %g",
                          o->alpha);
    if ((unsigned)o->test > FS_TABLE_PERM)
        return fs_err_set(e, FS_EUSAGE, "unknown test %d", (int)o->test);
    if (o->test == FS_TABLE_PERM && o->perm_resamples < 1)
        return fs_err_set(e, FS_EUSAGE, "permutation resamples must be >= 1");
    return 0;
}

int fs_table_build(const fs_store_data *d, const fs_table_options *o,
                   fs_table **out, fs_err *e)
{
    *out = NULL;
    if (check_options(o, e) != 0)
        return FS_EUSAGE;
    fs_table *t = fs_xcalloc(1, sizeof *t);
    t->d = d;
    t->o = *o;
    int rc = pick_metrics(t, e);
    t->o.metrics = NULL;  /* the caller's arrays are not retained */
    t->o.baseline = NULL;
    if (rc == 0)
        rc = fs_group_conditions(d, &t->conds, e);
    if (rc == 0 && t->conds.n == 0)
        rc = fs_err_set(e, FS_ECONFIG, "%s holds no jobs", d->path);
    if (rc == 0 && o->baseline)
        rc = fs_cond_find(&t->conds, o->baseline, &t->baseline, e);
    if (rc != 0) {
        fs_table_destroy(&t);
        return rc;
    }
    if (o->baseline) /* remembered as given, owned by conds */
        t->o.baseline = t->conds.c[t->baseline].short_label;
    size_t cells = t->conds.n * (t->n_metrics ? t->n_metrics : 1);
    t->cell = fs_xcalloc(cells, sizeof *t->cell);
    t->cmp = fs_xcalloc(cells, sizeof *t->cmp);
    t->family = fs_xcalloc(t->n_metrics ? t->n_metrics : 1, sizeof(size_t));
    size_t n = d->n_jobs ? d->n_jobs : 1;
    double *x = fs_xmalloc(n * sizeof *x), *y = fs_xmalloc(n * sizeof *y);
    for (size_t m = 0; m < t->n_metrics && rc == 0; m++)
        rc = analyse_metric(t, m, x, y, e);
    free(x);
    free(y);
    if (rc != 0) {
        fs_table_destroy(&t);
        return rc;
    }
    *out = t;
    return 0;
}

void fs_table_destroy(fs_table **t)
{
    if (!t || !*t)
        return;
    fs_cond_set_clear(&(*t)->conds);
    free((*t)->metric);
    free((*t)->cell);
    free((*t)->cmp);
    free((*t)->family);
    free(*t);
    *t = NULL;
}

const fs_store_data *fs_table_store(const fs_table *t) { return t->d; }
const fs_cond_set *fs_table_conditions(const fs_table *t) { return &t->conds; }
const fs_table_options *fs_table_opts(const fs_table *t) { return &t->o; }
size_t fs_table_baseline(const fs_table *t) { return t->baseline; }
size_t fs_table_metric_count(const fs_table *t) { return t->n_metrics; }

const char *fs_table_metric_name(const fs_table *t, size_t m)
{
    return t->d->metric_names[t->metric[m]];
}

const struct fs_table_cell *fs_table_cell(const fs_table *t, size_t cond,
                                          size_t m)
{
    return &t->cell[cond * t->n_metrics + m];
}

const struct fs_table_cmp *fs_table_cmp_at(const fs_table *t, size_t cond,
                                           size_t m)
{
    return &t->cmp[cond * t->n_metrics + m];
}

size_t fs_table_family(const fs_table *t, size_t m) { return t->family[m]; }
