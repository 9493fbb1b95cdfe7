/* tests/unit/store_fixture.c - see store_fixture.h. */
#include "tests/unit/store_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Add name to the set names[*n] (capacity cap) if absent. */
static void add_name(char (*names)[FS_NAME_MAX], size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(names[i], name) == 0)
            return;
    snprintf(names[(*n)++], FS_NAME_MAX, "%s", name);
}

static void collect_names(fs_store_data *d, const struct fs_result *const *res)
{
    size_t cap_m = FS_METRICS_MAX * (d->n_jobs ? d->n_jobs : 1);
    size_t cap_c = FS_CURVES_MAX * (d->n_jobs ? d->n_jobs : 1);
    d->metric_names = calloc(cap_m, FS_NAME_MAX);
    d->curve_names = calloc(cap_c, FS_NAME_MAX);
    for (size_t i = 0; i < d->n_jobs; i++) {
        if (!res[i])
            continue;
        for (int m = 0; m < res[i]->n_metrics; m++)
            add_name(d->metric_names, &d->n_metrics, res[i]->metrics[m].name);
        for (int c = 0; c < res[i]->n_curves; c++)
            add_name(d->curve_names, &d->n_curves, res[i]->curves[c].name);
    }
    qsort(d->metric_names, d->n_metrics, FS_NAME_MAX, cmp_name);
    qsort(d->curve_names, d->n_curves, FS_NAME_MAX, cmp_name);
}

static double *nan_column(size_t n)
{
    double *col = malloc((n ? n : 1) * sizeof *col);
    for (size_t i = 0; i < n; i++)
        col[i] = NAN;
    return col;
}

static void fill_columns(fs_store_data *d, const struct fs_result *const *res)
{
    d->metrics = calloc(d->n_metrics ? d->n_metrics : 1, sizeof *d->metrics);
    for (size_t m = 0; m < d->n_metrics; m++)
        d->metrics[m] = nan_column(d->n_jobs);
    d->curves = calloc(d->n_curves ? d->n_curves : 1, sizeof *d->curves);
    d->curve_points = calloc(d->n_curves ? d->n_curves : 1, sizeof(size_t));
    for (size_t i = 0; i < d->n_jobs; i++)
        for (int c = 0; res[i] && c < res[i]->n_curves; c++) {
            size_t k = (size_t)fs_store_data_curve(d, res[i]->curves[c].name);
            if ((size_t)res[i]->curves[c].n > d->curve_points[k])
                d->curve_points[k] = (size_t)res[i]->curves[c].n;
        }
    for (size_t c = 0; c < d->n_curves; c++)
        d->curves[c] = nan_column(d->n_jobs * d->curve_points[c]);
    for (size_t i = 0; i < d->n_jobs; i++) {
        if (!res[i])
            continue;
        for (int m = 0; m < res[i]->n_metrics; m++)
            d->metrics[fs_store_data_metric(d, res[i]->metrics[m].name)][i] =
                res[i]->metrics[m].value;
        for (int c = 0; c < res[i]->n_curves; c++) {
            size_t k = (size_t)fs_store_data_curve(d, res[i]->curves[c].name);
            memcpy(d->curves[k] + i * d->curve_points[k],
                   res[i]->curves[c].points,
                   (size_t)res[i]->curves[c].n * sizeof(double));
        }
    }
}

fs_store_data *fs_test_store_build(const struct fs_job *jobs, size_t n_jobs,
                                   const struct fs_result *const *res,
                                   const char *settings,
                                   const char *sweep_name)
{
    fs_store_data *d = calloc(1, sizeof *d);
    d->path = strdup("memory.h5");
    d->meta.config_text = strdup("");
    d->meta.settings = strdup(settings ? settings : "");
    d->meta.sweep_name = strdup(sweep_name ? sweep_name : "");
    d->meta.slurm_job_ids = strdup("");
    d->meta.fairsweep_version = strdup("test");
    d->meta.schema_version = FS_STORE_SCHEMA_VERSION;
    d->n_jobs = n_jobs;
    d->jobs = malloc((n_jobs ? n_jobs : 1) * sizeof *d->jobs);
    d->params = malloc((n_jobs ? n_jobs : 1) * sizeof *d->params);
    d->rows = calloc(n_jobs ? n_jobs : 1, sizeof *d->rows);
    for (size_t i = 0; i < n_jobs; i++) {
        d->jobs[i] = jobs[i];
        fs_store_params_text(&jobs[i], d->params[i]);
        fs_result_init(&d->rows[i], jobs[i].id);
        if (res[i]) {
            d->rows[i].status = res[i]->status;
            memcpy(d->rows[i].error, res[i]->error, FS_ERROR_MAX);
        } else {
            d->rows[i].status = FS_JOB_PENDING;
        }
    }
    collect_names(d, res);
    fill_columns(d, res);
    return d;
}
