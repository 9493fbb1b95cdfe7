/* tests/unit/test_store_mpi.c - the store written by several ranks holds
 * bitwise the same metric and curve datasets as one written by one rank.
 *
 * Runs at any size: `mpirun -np 3 test_store_mpi [DIR]` (integration test
 * tests/integration/store_parallel.sh, which keeps DIR/parallel.h5 and
 * DIR/serial.h5 for h5dump and h5py) or plainly as a 1-rank unit test.
 * Layouts compared: rows split by index % size over MPI_COMM_WORLD
 * (scattered rows: point selections); all rows on the last rank (the others
 * select nothing); contiguous blocks of rows per rank (hyperslab
 * selections); all rows on a 1-rank communicator. A wide curve forces
 * several write batches per rank.
 */
#include "tests/unit/test_common.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobs/store.h"

enum { N_JOBS = 600, LONG_POINTS = 1100 };

struct fixture {
    char dir[200];
    int keep;                 /* DIR given on the command line */
    struct fs_job *jobs;
    struct fs_result *results; /* [N_JOBS]; status PENDING = not held */
};

static int is_pending(int i) { return i % 9 == 4; }

static void make_result(struct fs_result *r, const struct fs_job *job, int i,
                        int rank)
{
    fs_result_init(r, job->id);
    r->status = i % 13 == 5 ? FS_JOB_FAILED : FS_JOB_DONE;
    r->attempts = 1 + i % 3;
    r->wall_s = 0.001 * i;
    r->finished_at = 1.7e9 + i;
    r->rank = rank;
    snprintf(r->host, FS_HOST_MAX, "host-of-rank-%d", rank);
    if (r->status == FS_JOB_FAILED)
        snprintf(r->error, FS_ERROR_MAX, "exit code %d", i % 7);
    fs_result_metric(r, "jfi", 1.0 / (i + 1), NULL);
    if (i % 3 != 0)
        fs_result_metric(r, "reward", sin((double)i), NULL);
    if (i == 7)
        fs_result_metric(r, "zz_rare", 7.5, NULL);
    double pts[LONG_POINTS];
    int n = 1 + i % 17;
    for (int k = 0; k < n; k++)
        pts[k] = i + 0.5 * k;
    fs_result_curve(r, "return", pts, n, NULL);
    if (i % 50 == 0) {
        for (int k = 0; k < LONG_POINTS; k++)
            pts[k] = k * 1e-3 - i;
        fs_result_curve(r, "long", pts, LONG_POINTS, NULL);
    }
}

static void make_jobs(struct fs_job *jobs)
{
    memset(jobs, 0, N_JOBS * sizeof *jobs);
    for (int i = 0; i < N_JOBS; i++) {
        struct fs_job *j = &jobs[i];
        snprintf(j->env, sizeof j->env, "matthew");
        snprintf(j->algo, sizeof j->algo, i % 2 ? "fen" : "qmix");
        j->n_params = 1;
        snprintf(j->params[0].name, FS_NAME_MAX, "alpha");
        j->params[0].num = 0.25 * (i % 4);
        j->seed = i;
        j->condition = i % 8;
        assert_int_equal(fs_job_finish(j, NULL), 0);
    }
}

static const struct fs_store_meta META = {"seeds: 75\n", 42, "episodes=3",
                                          "mpi-test", "", 1.8e9, 0, NULL};

/* Write path on comm, holding the rows i with owner(i) == my rank. */
static int write_layout(MPI_Comm comm, const char *path, const struct fs_job *jobs,
                        int (*owner)(int i, int size))
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    struct fs_result *res = calloc(N_JOBS, sizeof *res);
    struct fs_store_row *rows = calloc(N_JOBS, sizeof *rows);
    size_t n = 0;
    for (int i = N_JOBS - 1; i >= 0; i--) { /* unsorted on purpose */
        if (is_pending(i) || owner(i, size) != rank)
            continue;
        make_result(&res[n], &jobs[i], i, rank);
        rows[n].index = (size_t)i;
        rows[n].r = &res[n];
        n++;
    }
    fs_err e = {0};
    int rc = fs_store_write(comm, path, &META, jobs, N_JOBS, rows, n, &e);
    if (rc != 0)
        fprintf(stderr, "rank %d: %s\n", rank, e.msg);
    for (size_t i = 0; i < n; i++)
        fs_result_clear(&res[i]);
    free(res);
    free(rows);
    return rc;
}

static int by_modulo(int i, int size) { return i % size; }
static int all_on_last(int i, int size) { (void)i; return size - 1; }
static int by_block(int i, int size) { return (int)((long)i * size / N_JOBS); }
static int all_on_zero(int i, int size) { (void)i; (void)size; return 0; }

/* "" when a and b hold the same results; else what differs. */
static const char *compare(const fs_store_data *a, const fs_store_data *b)
{
    if (a->n_jobs != b->n_jobs || a->n_metrics != b->n_metrics ||
        a->n_curves != b->n_curves)
        return "shapes differ";
    for (size_t m = 0; m < a->n_metrics; m++)
        if (strcmp(a->metric_names[m], b->metric_names[m]) != 0 ||
            memcmp(a->metrics[m], b->metrics[m], a->n_jobs * sizeof(double)) != 0)
            return "a metric dataset differs";
    for (size_t c = 0; c < a->n_curves; c++)
        if (a->curve_points[c] != b->curve_points[c] ||
            memcmp(a->curves[c], b->curves[c],
                   a->n_jobs * a->curve_points[c] * sizeof(double)) != 0)
            return "a curve dataset differs";
    for (size_t i = 0; i < a->n_jobs; i++) {
        const struct fs_result *x = &a->rows[i], *y = &b->rows[i];
        if (strcmp(a->jobs[i].key, b->jobs[i].key) != 0 ||
            a->jobs[i].id != b->jobs[i].id || x->status != y->status ||
            x->attempts != y->attempts || x->wall_s != y->wall_s ||
            strcmp(x->error, y->error) != 0 ||
            strcmp(a->params[i], b->params[i]) != 0)
            return "a jobs row differs";
    }
    return "";
}

/* What the datasets must hold, whoever wrote them. */
static const char *check_values(const fs_store_data *d, const struct fs_job *jobs)
{
    if (d->n_jobs != N_JOBS || d->n_metrics != 3 || d->n_curves != 2)
        return "wrong shape";
    if (strcmp(d->metric_names[2], "zz_rare") != 0 ||
        strcmp(d->curve_names[0], "long") != 0 || d->curve_points[0] != LONG_POINTS ||
        d->curve_points[1] != 17)
        return "wrong names or widths";
    for (int i = 0; i < N_JOBS; i++) {
        double jfi = d->metrics[0][i], rew = d->metrics[1][i];
        if (strcmp(d->jobs[i].key, jobs[i].key) != 0)
            return "wrong key";
        if (is_pending(i)) {
            if (d->rows[i].status != FS_JOB_PENDING || !isnan(jfi))
                return "pending row not pending";
            continue;
        }
        if (jfi != 1.0 / (i + 1) || (i % 3 != 0 && rew != sin((double)i)) ||
            (i % 3 == 0 && !isnan(rew)))
            return "wrong metric value";
        const double *ret = d->curves[1] + (size_t)i * 17;
        int n = 1 + i % 17;
        if (ret[n - 1] != i + 0.5 * (n - 1) || (n < 17 && !isnan(ret[n])))
            return "wrong curve value or padding";
    }
    return "";
}

/* Rank 0 reads and checks; every rank gets the verdict (no hang on failure). */
static void verify(const struct fixture *fx, const char *pa, const char *pb)
{
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    char why[1400] = "";
    if (rank == 0) {
        fs_store_data *a = NULL, *b = NULL;
        fs_err e = {0};
        if (fs_store_open_read(pa, &a, &e) != 0 || fs_store_open_read(pb, &b, &e) != 0)
            snprintf(why, sizeof why, "%s", e.msg);
        else if (*compare(a, b))
            snprintf(why, sizeof why, "%s vs %s: %s", pa, pb, compare(a, b));
        else if (*check_values(a, fx->jobs))
            snprintf(why, sizeof why, "%s: %s", pa, check_values(a, fx->jobs));
        fs_store_data_destroy(&a);
        fs_store_data_destroy(&b);
    }
    MPI_Bcast(why, sizeof why, MPI_CHAR, 0, MPI_COMM_WORLD);
    if (why[0])
        fail_msg("%s", why);
}

static void test_rank_count_does_not_change_datasets(void **state)
{
    struct fixture *fx = *state;
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char par[256], ser[256], last[256], block[256];
    snprintf(par, sizeof par, "%s/parallel.h5", fx->dir);
    snprintf(ser, sizeof ser, "%s/serial.h5", fx->dir);
    snprintf(last, sizeof last, "%s/last.h5", fx->dir);
    snprintf(block, sizeof block, "%s/block.h5", fx->dir);

    assert_int_equal(write_layout(MPI_COMM_WORLD, par, fx->jobs, by_modulo), 0);
    assert_int_equal(write_layout(MPI_COMM_WORLD, last, fx->jobs, all_on_last), 0);
    assert_int_equal(write_layout(MPI_COMM_WORLD, block, fx->jobs, by_block), 0);
    MPI_Comm one;
    MPI_Comm_split(MPI_COMM_WORLD, rank == 0 ? 0 : MPI_UNDEFINED, 0, &one);
    int rc = 0;
    if (rank == 0) {
        rc = write_layout(one, ser, fx->jobs, all_on_zero);
        MPI_Comm_free(&one);
    }
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    assert_int_equal(rc, 0);
    verify(fx, par, ser);
    verify(fx, last, ser);
    verify(fx, block, ser);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        unlink(last);
        unlink(block);
    }
}

static void test_rank_and_host_columns_name_the_writer(void **state)
{
    struct fixture *fx = *state;
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char par[256];
    snprintf(par, sizeof par, "%s/parallel.h5", fx->dir);
    int bad = 0;
    if (rank == 0) {
        fs_store_data *d = NULL;
        fs_err e = {0};
        bad = fs_store_open_read(par, &d, &e) != 0;
        for (int i = 0; !bad && i < N_JOBS; i++) {
            char host[FS_HOST_MAX];
            snprintf(host, sizeof host, "host-of-rank-%d", i % size);
            if (!is_pending(i))
                bad = d->rows[i].rank != i % size ||
                      strcmp(d->rows[i].host, host) != 0;
        }
        fs_store_data_destroy(&d);
    }
    MPI_Bcast(&bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
    assert_int_equal(bad, 0);
}

int main(int argc, char **argv)
{
    fs_store_mpi_env();
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    struct fixture fx;
    memset(&fx, 0, sizeof fx);
    if (argc > 1) {
        snprintf(fx.dir, sizeof fx.dir, "%s", argv[1]);
        fx.keep = 1;
    } else {
        if (rank == 0) {
            snprintf(fx.dir, sizeof fx.dir, "/tmp/fs_test_store_mpi_XXXXXX");
            if (mkdtemp(fx.dir) == NULL)
                fx.dir[0] = '\0';
        }
        MPI_Bcast(fx.dir, sizeof fx.dir, MPI_CHAR, 0, MPI_COMM_WORLD);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(test_rank_count_does_not_change_datasets, &fx),
        cmocka_unit_test_prestate(test_rank_and_host_columns_name_the_writer, &fx),
    };
    fx.jobs = calloc(N_JOBS, sizeof *fx.jobs);
    make_jobs(fx.jobs);
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(fx.jobs);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0 && !fx.keep) {
        char p[256];
        snprintf(p, sizeof p, "%s/parallel.h5", fx.dir);
        unlink(p);
        snprintf(p, sizeof p, "%s/serial.h5", fx.dir);
        unlink(p);
        rmdir(fx.dir);
    }
    MPI_Finalize();
    return rc;
}
