/* tests/unit/test_store.c - the HDF5 result store on one MPI rank (singleton
 * MPI_Init, no mpirun): write/read round trip, schema checks, damaged and
 * foreign files, journal recovery and its merge rules. */
#include "tests/unit/test_common.h"

#include <hdf5.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs/journal.h"
#include "jobs/store.h"

struct tmpdir {
    char dir[64];
    char path[128];
};

static void tmp_make(struct tmpdir *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/fs_test_store_XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/r.h5", t->dir);
}

static void tmp_remove(struct tmpdir *t)
{
    char p[160];
    unlink(t->path);
    snprintf(p, sizeof p, "%s.journal", t->path);
    unlink(p);
    snprintf(p, sizeof p, "%s.tmp", t->path);
    unlink(p);
    snprintf(p, sizeof p, "%s/other.h5", t->dir);
    unlink(p);
    rmdir(t->dir);
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

enum { N_JOBS = 5 };

/* Jobs: env grid, algo qmix, alpha = 0.5 or 1, policy pf, seeds 0..4. */
static void make_jobs(struct fs_job *jobs)
{
    memset(jobs, 0, N_JOBS * sizeof *jobs);
    for (int i = 0; i < N_JOBS; i++) {
        struct fs_job *j = &jobs[i];
        snprintf(j->env, sizeof j->env, "grid");
        snprintf(j->algo, sizeof j->algo, "qmix");
        j->n_params = 2;
        snprintf(j->params[0].name, FS_NAME_MAX, "policy");
        j->params[0].is_text = 1;
        snprintf(j->params[0].text, FS_TEXT_MAX, "pf");
        snprintf(j->params[1].name, FS_NAME_MAX, "alpha");
        j->params[1].num = i < 3 ? 0.5 : 1.0;
        j->seed = i;
        j->condition = i < 3 ? 0 : 1;
        assert_int_equal(fs_job_finish(j, NULL), 0);
    }
}

/* Results for jobs 0 (done), 1 (done), 3 (failed). */
static void make_results(const struct fs_job *jobs, struct fs_result r[3])
{
    fs_result_init(&r[0], jobs[0].id);
    r[0].status = FS_JOB_DONE;
    r[0].wall_s = 1.5;
    r[0].finished_at = 1.7e9;
    r[0].rank = 0;
    snprintf(r[0].host, FS_HOST_MAX, "n1");
    fs_result_metric(&r[0], "reward", -2.25, NULL);
    fs_result_metric(&r[0], "jfi", 0.1, NULL);
    double c0[3] = {1, 2, 3};
    fs_result_curve(&r[0], "return", c0, 3, NULL);

    fs_result_init(&r[1], jobs[1].id);
    r[1].status = FS_JOB_DONE;
    r[1].attempts = 2;
    r[1].wall_s = 0.75;
    r[1].finished_at = 1.7e9 + 1;
    snprintf(r[1].host, FS_HOST_MAX, "n2");
    fs_result_metric(&r[1], "jfi", 1.0 / 3.0, NULL);
    double c1[5] = {5, 4, 3, 2, 1};
    fs_result_curve(&r[1], "return", c1, 5, NULL);
    fs_result_curve(&r[1], "empty", NULL, 0, NULL); /* a curve with no points */

    fs_result_init(&r[2], jobs[3].id);
    r[2].status = FS_JOB_FAILED;
    r[2].wall_s = 60;
    r[2].rank = 1;
    snprintf(r[2].host, FS_HOST_MAX, "n3");
    snprintf(r[2].error, FS_ERROR_MAX, "timeout after 60 s");
    fs_result_metric(&r[2], "nan_only", NAN, NULL); /* a column of NaN only */
}

static const struct fs_store_meta META = {
    "sweep: demo\nseeds: 5\n", 0x0123456789abcdefULL, "episodes=10", "demo",
    "111 222", 1.75e9, 0, NULL};

static void write_demo(const char *path)
{
    struct fs_job jobs[N_JOBS];
    struct fs_result r[3];
    make_jobs(jobs);
    make_results(jobs, r);
    struct fs_store_row rows[3] = {{1, &r[1]}, {0, &r[0]}, {3, &r[2]}};
    fs_err e = {0};
    assert_int_equal(fs_store_write(MPI_COMM_WORLD, path, &META, jobs, N_JOBS,
                                    rows, 3, &e), 0);
    for (int i = 0; i < 3; i++)
        fs_result_clear(&r[i]);
}

static void assert_bits(double got, double want)
{
    assert_memory_equal(&got, &want, sizeof got);
}

static void test_write_read_round_trip(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    write_demo(t.path);
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", t.path);
    assert_false(exists(tmp));

    fs_store_data *d = NULL;
    fs_err e = {0};
    assert_int_equal(fs_store_open_read(t.path, &d, &e), 0);
    assert_int_equal(d->meta.schema_version, 1);
    assert_string_equal(d->meta.fairsweep_version, FS_VERSION);
    assert_string_equal(d->meta.config_text, META.config_text);
    assert_true(d->meta.config_hash == META.config_hash);
    assert_string_equal(d->meta.settings, "episodes=10");
    assert_string_equal(d->meta.sweep_name, "demo");
    assert_string_equal(d->meta.slurm_job_ids, "111 222");
    assert_bits(d->meta.updated_at, 1.75e9);

    assert_int_equal((int)d->n_jobs, N_JOBS);
    struct fs_job jobs[N_JOBS];
    make_jobs(jobs);
    for (int i = 0; i < N_JOBS; i++) {
        assert_string_equal(d->jobs[i].key, jobs[i].key);
        assert_true(d->jobs[i].id == jobs[i].id);
        assert_string_equal(d->jobs[i].env, "grid");
        assert_string_equal(d->jobs[i].algo, "qmix");
        assert_int_equal((int)d->jobs[i].seed, i);
        assert_int_equal(d->jobs[i].condition, jobs[i].condition);
        assert_string_equal(d->params[i], i < 3 ? "alpha=0.5 policy=pf"
                                                : "alpha=1 policy=pf");
        /* params parse back to the same key */
        struct fs_job again = d->jobs[i];
        assert_int_equal(fs_job_finish(&again, NULL), 0);
        assert_string_equal(again.key, jobs[i].key);
    }
    assert_string_equal(jobs[0].key, "env=grid algo=qmix alpha=0.5 policy=pf seed=0");
    int want_status[N_JOBS] = {1, 1, 0, 2, 0};
    for (int i = 0; i < N_JOBS; i++)
        assert_int_equal(d->rows[i].status, want_status[i]);
    assert_int_equal(d->rows[1].attempts, 2);
    assert_bits(d->rows[0].wall_s, 1.5);
    assert_bits(d->rows[1].finished_at, 1.7e9 + 1);
    assert_int_equal(d->rows[3].rank, 1);
    assert_string_equal(d->rows[3].host, "n3");
    assert_string_equal(d->rows[3].error, "timeout after 60 s");
    assert_string_equal(d->rows[2].host, "");
    assert_int_equal(d->rows[2].attempts, 0);

    assert_int_equal((int)d->n_metrics, 3);
    assert_string_equal(d->metric_names[0], "jfi");
    assert_string_equal(d->metric_names[1], "nan_only");
    assert_string_equal(d->metric_names[2], "reward");
    int jfi = fs_store_data_metric(d, "jfi"), rew = fs_store_data_metric(d, "reward");
    assert_int_equal(jfi, 0);
    assert_int_equal(rew, 2);
    for (int i = 0; i < N_JOBS; i++)
        assert_true(isnan(d->metrics[1][i]));
    assert_int_equal(fs_store_data_metric(d, "nope"), -1);
    assert_bits(d->metrics[jfi][0], 0.1);
    assert_bits(d->metrics[jfi][1], 1.0 / 3.0);
    assert_bits(d->metrics[rew][0], -2.25);
    for (int i = 1; i < N_JOBS; i++)
        assert_true(isnan(d->metrics[rew][i]));
    assert_true(isnan(d->metrics[jfi][2]) && isnan(d->metrics[jfi][3]));

    assert_int_equal((int)d->n_curves, 2);
    assert_string_equal(d->curve_names[0], "empty");
    assert_int_equal((int)d->curve_points[0], 0);
    int c = fs_store_data_curve(d, "return");
    assert_int_equal(c, 1);
    assert_int_equal((int)d->curve_points[c], 5);
    const double *cv = d->curves[c];
    assert_bits(cv[0], 1);
    assert_bits(cv[2], 3);
    assert_true(isnan(cv[3]) && isnan(cv[4]));
    assert_bits(cv[5 + 0], 5);
    assert_bits(cv[5 + 4], 1);
    for (int k = 10; k < 25; k++)
        assert_true(isnan(cv[k]));
    assert_int_equal((int)fs_store_data_find(d, jobs[3].id), 3);
    assert_int_equal((int)fs_store_data_find(d, 42), -1);

    struct fs_result r;
    fs_store_data_result(d, 0, &r);
    assert_int_equal(r.n_metrics, 2);
    assert_int_equal(r.n_curves, 1); /* "empty" has no values */
    assert_string_equal(r.curves[0].name, "return");
    assert_int_equal(r.curves[0].n, 5); /* as stored: NaN-padded */
    assert_bits(r.curves[0].points[1], 2);
    fs_result_clear(&r);
    fs_store_data_result(d, 3, &r);
    assert_int_equal(r.n_metrics, 0);
    assert_int_equal(r.n_curves, 0);
    assert_string_equal(r.error, "timeout after 60 s");
    fs_result_clear(&r);

    fs_store_data_destroy(&d);
    assert_null(d);
    fs_store_data_destroy(&d);
    tmp_remove(&t);
}

static void test_large_config_and_empty_store(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    size_t n = 200000; /* beyond the 64 KiB compact attribute limit */
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        text[i] = (char)('a' + i % 26);
    text[n] = '\0';
    struct fs_store_meta meta = {text, 7, NULL, NULL, NULL, 0, 0, NULL};
    fs_err e = {0};
    assert_int_equal(fs_store_write(MPI_COMM_WORLD, t.path, &meta, NULL, 0, NULL,
                                    0, &e), 0);
    fs_store_data *d = NULL;
    assert_int_equal(fs_store_open_read(t.path, &d, &e), 0);
    assert_string_equal(d->meta.config_text, text);
    assert_string_equal(d->meta.settings, "");
    assert_true(d->meta.updated_at > 1.6e9); /* "now" */
    assert_int_equal((int)d->n_jobs, 0);
    assert_int_equal((int)d->n_metrics, 0);
    fs_store_data_destroy(&d);
    free(text);
    tmp_remove(&t);
}

static void test_foreign_and_missing_files(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    FILE *f = fopen(t.path, "w");
    fprintf(f, "key,value\nnot,hdf5\n");
    fclose(f);
    fs_store_data *d = NULL;
    fs_err e = {0};
    assert_int_equal(fs_store_open_read(t.path, &d, &e), FS_EFORMAT);
    assert_null(d);
    assert_non_null(strstr(e.msg, t.path));
    assert_non_null(strstr(e.msg, "not an HDF5 file"));
    unlink(t.path);
    fs_err_clear(&e);
    assert_int_equal(fs_store_open_read(t.path, &d, &e), FS_ENOTFOUND);
    tmp_remove(&t);
}

static void test_truncated_store_is_format_error(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    write_demo(t.path);
    struct stat sb;
    assert_int_equal(stat(t.path, &sb), 0);
    long size = (long)sb.st_size;
    long cuts[] = {0, 7, 100, 1000, size / 2, size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        assert_int_equal(truncate(t.path, cuts[i]), 0);
        fs_store_data *d = NULL;
        fs_err e = {0};
        assert_int_equal(fs_store_open_read(t.path, &d, &e), FS_EFORMAT);
        assert_null(d);
        assert_non_null(strstr(e.msg, t.path));
        write_demo(t.path);
    }
    tmp_remove(&t);
}

/* A serial HDF5 file with schema_version = version and (optionally) an
 * empty group in place of /jobs. */
static void write_fake(const char *path, int version, int with_jobs_group)
{
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(f, "schema_version", H5T_STD_I32LE, sp, H5P_DEFAULT,
                         H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT, &version);
    H5Aclose(a);
    H5Sclose(sp);
    if (with_jobs_group)
        H5Gclose(H5Gcreate2(f, "jobs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Fclose(f);
}

static void test_schema_checks(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    fs_store_data *d = NULL;
    fs_err e = {0};
    write_fake(t.path, 2, 0);
    assert_int_equal(fs_store_open_read(t.path, &d, &e), FS_EFORMAT);
    assert_non_null(strstr(e.msg, "schema_version 2"));
    fs_err_clear(&e);
    write_fake(t.path, 1, 0);
    assert_int_equal(fs_store_open_read(t.path, &d, &e), FS_EFORMAT);
    assert_non_null(strstr(e.msg, "no /jobs table"));
    fs_err_clear(&e);
    write_fake(t.path, 1, 1);
    assert_int_equal(fs_store_open_read(t.path, &d, &e), FS_EFORMAT);
    assert_non_null(strstr(e.msg, "/jobs is not"));
    assert_null(d);
    tmp_remove(&t);
}

static void test_bad_rows_leave_store_untouched(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    write_demo(t.path);
    struct stat before;
    assert_int_equal(stat(t.path, &before), 0);
    struct fs_job jobs[N_JOBS];
    struct fs_result r[3];
    make_jobs(jobs);
    make_results(jobs, r);
    fs_err e = {0};
    struct fs_store_row twice[2] = {{0, &r[0]}, {0, &r[0]}};
    assert_int_equal(fs_store_write(MPI_COMM_WORLD, t.path, &META, jobs, N_JOBS,
                                    twice, 2, &e), FS_EINTERNAL);
    assert_non_null(strstr(e.msg, "given by 2 ranks"));
    fs_err_clear(&e);
    struct fs_store_row out_of_range = {N_JOBS, &r[0]};
    assert_int_equal(fs_store_write(MPI_COMM_WORLD, t.path, &META, jobs, N_JOBS,
                                    &out_of_range, 1, &e), FS_EINTERNAL);
    fs_err_clear(&e);
    struct fs_store_row wrong_job = {2, &r[0]};
    assert_int_equal(fs_store_write(MPI_COMM_WORLD, t.path, &META, jobs, N_JOBS,
                                    &wrong_job, 1, &e), FS_EINTERNAL);
    struct stat after;
    assert_int_equal(stat(t.path, &after), 0);
    assert_true(before.st_ino == after.st_ino && before.st_size == after.st_size);
    for (int i = 0; i < 3; i++)
        fs_result_clear(&r[i]);
    tmp_remove(&t);
}

static void test_results_merge_rules(void **state)
{
    (void)state;
    fs_store_results *rs = fs_store_results_create();
    struct fs_result r;
    /* many ids so the table grows */
    for (uint64_t id = 1; id <= 300; id++) {
        fs_result_init(&r, id * 7919);
        r.status = FS_JOB_FAILED;
        assert_int_equal(fs_store_results_merge(rs, &r), 1);
    }
    assert_int_equal((int)fs_store_results_count(rs), 300);
    assert_true(fs_store_results_at(rs, 299)->job_id == 300 * 7919);
    assert_null(fs_store_results_find(rs, 5));

    fs_result_init(&r, 7919); /* failed -> done: taken */
    r.status = FS_JOB_DONE;
    r.attempts = 2;
    fs_result_metric(&r, "jfi", 0.5, NULL);
    assert_int_equal(fs_store_results_merge(rs, &r), 1);
    fs_result_clear(&r);
    fs_result_init(&r, 7919); /* done -> failed: kept, attempts max */
    r.status = FS_JOB_FAILED;
    r.attempts = 3;
    assert_int_equal(fs_store_results_merge(rs, &r), 0);
    const struct fs_result *h = fs_store_results_find(rs, 7919);
    assert_int_equal(h->status, FS_JOB_DONE);
    assert_int_equal(h->attempts, 3);
    assert_int_equal(h->n_metrics, 1);
    r.status = FS_JOB_DONE; /* done -> later done: taken, attempts stay max */
    r.attempts = 1;
    r.wall_s = 9;
    assert_int_equal(fs_store_results_merge(rs, &r), 1);
    h = fs_store_results_find(rs, 7919);
    assert_int_equal(h->attempts, 3);
    assert_bits(h->wall_s, 9);
    assert_int_equal(h->n_metrics, 0);
    assert_int_equal((int)fs_store_results_count(rs), 300);
    fs_store_results_destroy(&rs);
    assert_null(rs);
}

static void append(fs_journal *j, const struct fs_result *r)
{
    fs_err e = {0};
    assert_int_equal(fs_journal_append(j, r, &e), 0);
}

static void test_recover_merges_store_and_journal(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    struct fs_store_recovery rec;
    fs_err e = {0};
    /* nothing at all: an empty recovery */
    assert_int_equal(fs_store_recover(t.path, &rec, &e), 0);
    assert_null(rec.store);
    assert_int_equal((int)fs_store_results_count(rec.results), 0);
    fs_store_recovery_clear(&rec);

    write_demo(t.path);
    struct fs_job jobs[N_JOBS];
    make_jobs(jobs);
    char *jpath = fs_journal_path(t.path);
    fs_journal *j = NULL;
    assert_int_equal(fs_journal_open(jpath, &j, NULL, &e), 0);
    struct fs_result r;
    fs_result_init(&r, jobs[1].id); /* done in store, later failed: kept */
    r.status = FS_JOB_FAILED;
    r.attempts = 3;
    append(j, &r);
    fs_result_init(&r, jobs[3].id); /* failed in store, now done */
    r.status = FS_JOB_DONE;
    r.attempts = 2;
    fs_result_metric(&r, "jfi", 0.875, NULL);
    append(j, &r);
    fs_result_init(&r, jobs[2].id); /* pending in store: failed then done */
    r.status = FS_JOB_FAILED;
    append(j, &r);
    r.status = FS_JOB_DONE;
    append(j, &r);
    fs_result_init(&r, 999); /* unknown to the store: kept */
    r.status = FS_JOB_DONE;
    append(j, &r);
    fs_journal_close(&j);
    /* a torn record at the end is ignored */
    FILE *f = fopen(jpath, "ab");
    fwrite("\x46\x53\x4a\x31\x40", 1, 5, f);
    fclose(f);
    free(jpath);

    assert_int_equal(fs_store_recover(t.path, &rec, &e), 0);
    assert_non_null(rec.store);
    assert_int_equal((int)rec.from_journal, 5);
    assert_int_equal(rec.journal.torn, 1);
    assert_int_equal((int)rec.journal.bytes_skipped, 5);
    assert_int_equal((int)fs_store_results_count(rec.results), 5);
    const struct fs_result *h = fs_store_results_find(rec.results, jobs[0].id);
    assert_int_equal(h->status, FS_JOB_DONE);
    /* the store's all-NaN columns ride on the first row */
    assert_int_equal(h->n_curves, 2);
    assert_string_equal(h->curves[1].name, "empty");
    assert_int_equal(h->curves[1].n, 0);
    assert_int_equal(h->n_metrics, 3);
    assert_string_equal(h->metrics[2].name, "nan_only");
    assert_true(isnan(h->metrics[2].value));
    h = fs_store_results_find(rec.results, jobs[1].id);
    assert_int_equal(h->status, FS_JOB_DONE);
    assert_int_equal(h->attempts, 3);
    assert_bits(h->metrics[0].value, 1.0 / 3.0);
    h = fs_store_results_find(rec.results, jobs[3].id);
    assert_int_equal(h->status, FS_JOB_DONE);
    assert_int_equal(h->attempts, 2);
    assert_string_equal(h->error, "");
    h = fs_store_results_find(rec.results, jobs[2].id);
    assert_int_equal(h->status, FS_JOB_DONE);
    assert_non_null(fs_store_results_find(rec.results, 999));
    assert_null(fs_store_results_find(rec.results, jobs[4].id));
    fs_store_recovery_clear(&rec);
    assert_null(rec.results);
    fs_result_clear(&r);
    tmp_remove(&t);
}

/* Rewriting a recovered store reproduces its metric and curve datasets. */
static void test_rewrite_from_recovery_is_identical(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    write_demo(t.path);
    struct fs_store_recovery rec;
    fs_err e = {0};
    assert_int_equal(fs_store_recover(t.path, &rec, &e), 0);
    const fs_store_data *a = rec.store;
    size_t n = fs_store_results_count(rec.results);
    struct fs_store_row *rows = calloc(n, sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        rows[i].r = fs_store_results_at(rec.results, i);
        rows[i].index = (size_t)fs_store_data_find(a, rows[i].r->job_id);
    }
    char other[160];
    snprintf(other, sizeof other, "%s/other.h5", t.dir);
    assert_int_equal(fs_store_write(MPI_COMM_WORLD, other, &a->meta, a->jobs,
                                    a->n_jobs, rows, n, &e), 0);
    fs_store_data *b = NULL;
    assert_int_equal(fs_store_open_read(other, &b, &e), 0);
    assert_int_equal((int)b->n_metrics, (int)a->n_metrics);
    for (size_t m = 0; m < a->n_metrics; m++)
        assert_memory_equal(a->metrics[m], b->metrics[m], a->n_jobs * sizeof(double));
    assert_int_equal((int)b->n_curves, (int)a->n_curves);
    for (size_t c = 0; c < a->n_curves; c++) {
        assert_int_equal((int)b->curve_points[c], (int)a->curve_points[c]);
        assert_memory_equal(a->curves[c], b->curves[c],
                            a->n_jobs * a->curve_points[c] * sizeof(double));
    }
    for (size_t i = 0; i < a->n_jobs; i++)
        assert_string_equal(a->params[i], b->params[i]);
    fs_store_data_destroy(&b);
    free(rows);
    fs_store_recovery_clear(&rec);
    tmp_remove(&t);
}

static void test_slurm_ids_add(void **state)
{
    (void)state;
    char *a = fs_store_slurm_ids_add(NULL, "41");
    assert_string_equal(a, "41");
    char *b = fs_store_slurm_ids_add(a, "42");
    assert_string_equal(b, "41 42");
    char *c = fs_store_slurm_ids_add(b, "41");
    assert_string_equal(c, "41 42");
    char *d = fs_store_slurm_ids_add(c, "4");
    assert_string_equal(d, "41 42 4");
    free(a);
    free(b);
    free(c);
    free(d);
}

int main(int argc, char **argv)
{
    fs_store_mpi_env();
    MPI_Init(&argc, &argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_read_round_trip),
        cmocka_unit_test(test_large_config_and_empty_store),
        cmocka_unit_test(test_foreign_and_missing_files),
        cmocka_unit_test(test_truncated_store_is_format_error),
        cmocka_unit_test(test_schema_checks),
        cmocka_unit_test(test_bad_rows_leave_store_untouched),
        cmocka_unit_test(test_results_merge_rules),
        cmocka_unit_test(test_recover_merges_store_and_journal),
        cmocka_unit_test(test_rewrite_from_recovery_is_identical),
        cmocka_unit_test(test_slurm_ids_add),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    MPI_Finalize();
    return rc;
}
