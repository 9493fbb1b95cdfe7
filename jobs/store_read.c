/* jobs/store_read.c - read a whole store serially (default HDF5 driver),
 * checking its schema; every failure is one FS_EFORMAT line naming the file
 * and what is wrong. See store.h. */
#include "jobs/store.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jobs/store_schema.h"

/* ---- attributes ---- */

/* Read a scalar string attribute into a new string ("" when absent).
 * Returns 0, or -1 when it exists but is not a scalar string. */
static int attr_text(hid_t loc, const char *name, char **out)
{
    *out = NULL;
    if (H5Aexists(loc, name) <= 0) {
        *out = fs_xstrdup("");
        return 0;
    }
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t t = a < 0 ? -1 : H5Aget_type(a);
    hid_t sp = a < 0 ? -1 : H5Aget_space(a);
    int rc = -1;
    if (t >= 0 && sp >= 0 && H5Tget_class(t) == H5T_STRING &&
        H5Sget_simple_extent_npoints(sp) == 1) {
        hid_t mt = H5Tcopy(H5T_C_S1);
        if (H5Tis_variable_str(t) > 0) {
            char *p = NULL;
            if (mt >= 0 && H5Tset_size(mt, H5T_VARIABLE) >= 0 &&
                H5Aread(a, mt, &p) >= 0) {
                *out = fs_xstrdup(p ? p : "");
                H5free_memory(p);
                rc = 0;
            }
        } else {
            size_t size = H5Tget_size(t);
            char *buf = fs_xcalloc(size + 1, 1);
            if (mt >= 0 && size > 0 && H5Tset_size(mt, size) >= 0 &&
                H5Tset_strpad(mt, H5Tget_strpad(t)) >= 0 &&
                H5Aread(a, mt, buf) >= 0) {
                *out = buf;
                rc = 0;
            } else {
                free(buf);
            }
        }
        if (mt >= 0)
            H5Tclose(mt);
    }
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return rc;
}

/* Read a scalar numeric attribute as mtype. 1 absent, 0 ok, -1 bad. */
static int attr_number(hid_t loc, const char *name, hid_t mtype, void *value)
{
    if (H5Aexists(loc, name) <= 0)
        return 1;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t t = a < 0 ? -1 : H5Aget_type(a);
    hid_t sp = a < 0 ? -1 : H5Aget_space(a);
    int rc = -1;
    if (t >= 0 && sp >= 0 && H5Sget_simple_extent_npoints(sp) == 1 &&
        (H5Tget_class(t) == H5T_INTEGER || H5Tget_class(t) == H5T_FLOAT) &&
        H5Aread(a, mtype, value) >= 0)
        rc = 0;
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return rc;
}

static int read_meta(hid_t f, fs_store_data *d, fs_err *e)
{
    int version = 0;
    int st = attr_number(f, "schema_version", H5T_NATIVE_INT, &version);
    if (st != 0)
        return fs_err_set(e, FS_EFORMAT,
                          "%s: not a fairsweep store (no integer schema_version attribute)",
                          d->path);
    if (version != FS_STORE_SCHEMA_VERSION)
        return fs_err_set(e, FS_EFORMAT,
                          "%s: store schema_version %d, this fairsweep reads %d",
                          d->path, version, FS_STORE_SCHEMA_VERSION);
    d->meta.schema_version = version;
    static const char *const names[5] = {"config_text", "settings", "sweep_name",
                                         "slurm_job_ids", "fairsweep_version"};
    char *text[5] = {NULL, NULL, NULL, NULL, NULL};
    int bad_attr = -1;
    for (int i = 0; i < 5; i++)
        if (attr_text(f, names[i], &text[i]) != 0 && bad_attr < 0)
            bad_attr = i;
    d->meta.config_text = text[0] ? text[0] : fs_xstrdup("");
    d->meta.settings = text[1] ? text[1] : fs_xstrdup("");
    d->meta.sweep_name = text[2] ? text[2] : fs_xstrdup("");
    d->meta.slurm_job_ids = text[3] ? text[3] : fs_xstrdup("");
    d->meta.fairsweep_version = text[4] ? text[4] : fs_xstrdup("");
    if (bad_attr >= 0)
        return fs_err_set(e, FS_EFORMAT, "%s: attribute %s is not a string",
                          d->path, names[bad_attr]);
    if (attr_number(f, "config_hash", H5T_NATIVE_UINT64, &d->meta.config_hash) < 0 ||
        attr_number(f, "updated_at", H5T_NATIVE_DOUBLE, &d->meta.updated_at) < 0)
        return fs_err_set(e, FS_EFORMAT,
                          "%s: attribute config_hash or updated_at is not a number",
                          d->path);
    return FS_OK;
}

/* ---- the jobs table ---- */

/* Parse "a=0.5 b=pf" back into job->params (numbers when they parse). */
static void parse_params(struct fs_job *job, const char *text)
{
    job->n_params = 0;
    const char *p = text;
    while (*p && job->n_params < FS_PARAMS_MAX) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        const char *eq = memchr(p, '=', w);
        if (w > 0 && eq != NULL) {
            struct fs_param *q = &job->params[job->n_params++];
            memset(q, 0, sizeof *q);
            size_t nn = (size_t)(eq - p), nv = w - nn - 1;
            memcpy(q->name, p, nn < FS_NAME_MAX ? nn : FS_NAME_MAX - 1);
            memcpy(q->text, eq + 1, nv < FS_TEXT_MAX ? nv : FS_TEXT_MAX - 1);
            char *end = NULL;
            q->num = strtod(q->text, &end);
            q->is_text = nv == 0 || end != q->text + strlen(q->text);
            if (!q->is_text)
                q->text[0] = '\0';
        }
        p += w;
    }
}

static void rec_to_row(const struct fs_store_rec *rec, struct fs_job *job,
                       struct fs_result *row, char params[FS_STORE_PARAMS_MAX])
{
    memset(job, 0, sizeof *job);
    memcpy(job->key, rec->key, sizeof job->key);
    job->key[FS_KEY_MAX - 1] = '\0';
    job->id = rec->id;
    memcpy(job->env, rec->env, sizeof job->env);
    job->env[FS_NAME_MAX - 1] = '\0';
    memcpy(job->algo, rec->algo, sizeof job->algo);
    job->algo[FS_NAME_MAX - 1] = '\0';
    job->seed = rec->seed;
    job->condition = rec->condition;
    memcpy(params, rec->params, FS_STORE_PARAMS_MAX);
    params[FS_STORE_PARAMS_MAX - 1] = '\0';
    parse_params(job, params);

    fs_result_init(row, rec->id);
    row->status = rec->status;
    row->attempts = rec->attempts;
    row->wall_s = rec->wall_s;
    row->finished_at = rec->finished_at;
    row->rank = rec->rank;
    memcpy(row->host, rec->host, sizeof row->host);
    row->host[FS_HOST_MAX - 1] = '\0';
    memcpy(row->error, rec->error, sizeof row->error);
    row->error[FS_ERROR_MAX - 1] = '\0';
}

/* 0 when d has rank `rank` and (if dims0 != NULL) first extent *dims0;
 * fills dims. */
static int shape_of(hid_t dset, int rank, hsize_t dims[2])
{
    hid_t sp = H5Dget_space(dset);
    int ok = sp >= 0 && H5Sget_simple_extent_ndims(sp) == rank &&
             H5Sget_simple_extent_dims(sp, dims, NULL) == rank;
    if (sp >= 0)
        H5Sclose(sp);
    return ok ? 0 : -1;
}

static int read_jobs(hid_t f, fs_store_data *d, fs_err *e)
{
    if (H5Lexists(f, "jobs", H5P_DEFAULT) <= 0)
        return fs_err_set(e, FS_EFORMAT, "%s: no /jobs table", d->path);
    hid_t ds = H5Dopen2(f, "jobs", H5P_DEFAULT);
    hid_t ft = ds < 0 ? -1 : H5Dget_type(ds);
    hsize_t dims[2] = {0, 0};
    int rc = FS_OK;
    if (ft < 0 || H5Tget_class(ft) != H5T_COMPOUND || shape_of(ds, 1, dims) < 0)
        rc = fs_err_set(e, FS_EFORMAT, "%s: /jobs is not a 1-D compound table",
                        d->path);
    for (int i = 0; i < FS_STORE_N_FIELDS && rc == FS_OK; i++)
        if (H5Tget_member_index(ft, fs_store_field_names[i]) < 0)
            rc = fs_err_set(e, FS_EFORMAT, "%s: /jobs lacks field '%s'", d->path,
                            fs_store_field_names[i]);
    size_t n = (size_t)dims[0];
    struct fs_store_rec *recs = NULL;
    hid_t mt = rc == FS_OK ? fs_store_rec_type(0) : -1;
    if (rc == FS_OK) {
        recs = fs_xcalloc(n ? n : 1, sizeof *recs);
        if (mt < 0 || (n > 0 && H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                        recs) < 0))
            rc = fs_err_set(e, FS_EFORMAT, "%s: cannot read /jobs (damaged file?)",
                            d->path);
    }
    if (rc == FS_OK) {
        d->n_jobs = n;
        d->jobs = fs_xcalloc(n ? n : 1, sizeof *d->jobs);
        d->rows = fs_xcalloc(n ? n : 1, sizeof *d->rows);
        d->params = fs_xcalloc(n ? n : 1, sizeof *d->params);
        for (size_t i = 0; i < n; i++)
            rec_to_row(&recs[i], &d->jobs[i], &d->rows[i], d->params[i]);
    }
    free(recs);
    if (mt >= 0)
        H5Tclose(mt);
    if (ft >= 0)
        H5Tclose(ft);
    if (ds >= 0)
        H5Dclose(ds);
    return rc;
}

/* ---- metrics and curves ---- */

struct name_list {
    size_t n, cap;
    char (*names)[FS_NAME_MAX];
    int too_long;
};

static herr_t collect_name(hid_t g, const char *name, const H5L_info_t *info,
                           void *ctx)
{
    (void)g;
    (void)info;
    struct name_list *l = ctx;
    if (strlen(name) >= FS_NAME_MAX) {
        l->too_long = 1;
        return 0;
    }
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->names = fs_xrealloc(l->names, l->cap * sizeof *l->names);
    }
    memset(l->names[l->n], 0, FS_NAME_MAX);
    memcpy(l->names[l->n++], name, strlen(name));
    return 0;
}

/* Read every dataset of group (metrics: rank 1, curves: rank 2) whose
 * first extent is n_jobs. */
static int read_values(hid_t f, fs_store_data *d, const char *group, int rank,
                       fs_err *e)
{
    int curves = rank == 2;
    if (H5Lexists(f, group, H5P_DEFAULT) <= 0)
        return FS_OK;
    hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    struct name_list l = {0, 0, NULL, 0};
    if (g < 0 || H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, collect_name, &l) < 0) {
        if (g >= 0)
            H5Gclose(g);
        free(l.names);
        return fs_err_set(e, FS_EFORMAT, "%s: cannot list /%s", d->path, group);
    }
    double **cols = fs_xcalloc(l.n ? l.n : 1, sizeof *cols);
    size_t *width = fs_xcalloc(l.n ? l.n : 1, sizeof *width);
    int rc = FS_OK;
    for (size_t i = 0; i < l.n && rc == FS_OK; i++) {
        hid_t ds = H5Dopen2(g, l.names[i], H5P_DEFAULT);
        hid_t t = ds < 0 ? -1 : H5Dget_type(ds);
        hsize_t dims[2] = {0, 1};
        if (t < 0 || H5Tget_class(t) != H5T_FLOAT || shape_of(ds, rank, dims) < 0 ||
            dims[0] != d->n_jobs)
            rc = fs_err_set(e, FS_EFORMAT,
                            "%s: /%s/%s is not a float dataset of %zu rows%s",
                            d->path, group, l.names[i], d->n_jobs,
                            curves ? " x points" : "");
        size_t w = curves ? (size_t)dims[1] : 1, total = d->n_jobs * w;
        if (rc == FS_OK) {
            width[i] = w;
            cols[i] = fs_xmalloc((total ? total : 1) * sizeof **cols);
            if (total > 0 && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                     H5P_DEFAULT, cols[i]) < 0)
                rc = fs_err_set(e, FS_EFORMAT, "%s: cannot read /%s/%s (damaged file?)",
                                d->path, group, l.names[i]);
        }
        if (t >= 0)
            H5Tclose(t);
        if (ds >= 0)
            H5Dclose(ds);
    }
    H5Gclose(g);
    if (curves) {
        d->n_curves = l.n;
        d->curve_names = l.names;
        d->curves = cols;
        d->curve_points = width;
    } else {
        d->n_metrics = l.n;
        d->metric_names = l.names;
        d->metrics = cols;
        free(width);
    }
    return rc;
}

/* ---- open / destroy ---- */

static int open_file(const char *path, hid_t *file, fs_err *e)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return fs_err_set(e, errno == ENOENT ? FS_ENOTFOUND : FS_EIO,
                          "%s: cannot open store: %s", path, strerror(errno));
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0)
        H5Pset_file_locking(fapl, 0, 1);
    htri_t is = fapl < 0 ? -1 : H5Fis_hdf5(path);
    *file = is > 0 ? H5Fopen(path, H5F_ACC_RDONLY, fapl) : -1;
    if (fapl >= 0)
        H5Pclose(fapl);
    if (is <= 0)
        return fs_err_set(e, FS_EFORMAT, "%s: not an HDF5 file", path);
    if (*file < 0)
        return fs_err_set(e, FS_EFORMAT,
                          "%s: damaged or truncated HDF5 file (cannot open it)", path);
    return FS_OK;
}

static int read_store(const char *path, fs_store_data **out, fs_err *e)
{
    *out = NULL;
    hid_t f = -1;
    int rc = open_file(path, &f, e);
    if (rc != FS_OK)
        return rc;
    fs_store_data *d = fs_xcalloc(1, sizeof *d);
    d->path = fs_xstrdup(path);
    rc = read_meta(f, d, e);
    if (rc == FS_OK)
        rc = read_jobs(f, d, e);
    if (rc == FS_OK)
        rc = read_values(f, d, "metrics", 1, e);
    if (rc == FS_OK)
        rc = read_values(f, d, "curves", 2, e);
    if (H5Fclose(f) < 0 && rc == FS_OK)
        rc = fs_err_set(e, FS_EFORMAT, "%s: cannot close (damaged file?)", path);
    if (rc != FS_OK) {
        fs_store_data_destroy(&d);
        return rc;
    }
    *out = d;
    return FS_OK;
}

int fs_store_open_read(const char *path, fs_store_data **out, fs_err *e)
{
    struct fs_store_quiet q;
    fs_store_quiet_begin(&q);
    int rc = read_store(path, out, e);
    fs_store_quiet_end(&q);
    return rc;
}

static void free_columns(double **cols, size_t n)
{
    for (size_t i = 0; cols && i < n; i++)
        free(cols[i]);
    free(cols);
}

void fs_store_data_destroy(fs_store_data **dp)
{
    if (dp == NULL || *dp == NULL)
        return;
    fs_store_data *d = *dp;
    free(d->path);
    free((char *)d->meta.config_text);
    free((char *)d->meta.settings);
    free((char *)d->meta.sweep_name);
    free((char *)d->meta.slurm_job_ids);
    free((char *)d->meta.fairsweep_version);
    free(d->jobs);
    free(d->params);
    free(d->rows); /* rows carry no curve buffers */
    free_columns(d->metrics, d->n_metrics);
    free(d->metric_names);
    free_columns(d->curves, d->n_curves);
    free(d->curve_names);
    free(d->curve_points);
    free(d);
    *dp = NULL;
}

/* ---- lookups ---- */

int fs_store_data_metric(const fs_store_data *d, const char *name)
{
    for (size_t i = 0; i < d->n_metrics; i++)
        if (strcmp(d->metric_names[i], name) == 0)
            return (int)i;
    return -1;
}

int fs_store_data_curve(const fs_store_data *d, const char *name)
{
    for (size_t i = 0; i < d->n_curves; i++)
        if (strcmp(d->curve_names[i], name) == 0)
            return (int)i;
    return -1;
}

long fs_store_data_find(const fs_store_data *d, uint64_t job_id)
{
    for (size_t i = 0; i < d->n_jobs; i++)
        if (d->jobs[i].id == job_id)
            return (long)i;
    return -1;
}

void fs_store_data_result(const fs_store_data *d, size_t row,
                          struct fs_result *out)
{
    *out = d->rows[row];
    out->n_metrics = 0;
    out->n_curves = 0;
    for (size_t m = 0; m < d->n_metrics; m++) {
        double v = d->metrics[m][row];
        if (!isnan(v))
            fs_result_metric(out, d->metric_names[m], v, NULL);
    }
    for (size_t c = 0; c < d->n_curves; c++) {
        size_t w = d->curve_points[c];
        const double *pts = d->curves[c] + row * w;
        size_t any = 0;
        for (size_t p = 0; p < w && !any; p++)
            any = !isnan(pts[p]);
        if (any)
            fs_result_curve(out, d->curve_names[c], pts,
                            (int)(w < FS_CURVE_POINTS_MAX ? w : FS_CURVE_POINTS_MAX),
                            NULL);
    }
}
