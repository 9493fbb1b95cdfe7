/* tests/unit/test_store_resume.c - what a resuming run does with the store:
 * choose rows per rank, refuse changed settings, and a whole
 * store -> journal -> recover -> rewrite -> reset cycle (one MPI rank,
 * singleton MPI_Init). */
#include "tests/unit/test_common.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobs/journal.h"
#include "jobs/store.h"

enum { N_JOBS = 10 };

static void make_jobs(struct fs_job *jobs)
{
    memset(jobs, 0, N_JOBS * sizeof *jobs);
    for (int i = 0; i < N_JOBS; i++) {
        snprintf(jobs[i].env, FS_NAME_MAX, "bandit");
        snprintf(jobs[i].algo, FS_NAME_MAX, "equality");
        jobs[i].seed = i;
        assert_int_equal(fs_job_finish(&jobs[i], NULL), 0);
    }
}

/* A done result for job i with metric regret = i / 4. */
static void done_result(struct fs_result *r, const struct fs_job *jobs, int i)
{
    fs_result_init(r, jobs[i].id);
    r->status = FS_JOB_DONE;
    fs_result_metric(r, "regret", i / 4.0, NULL);
}

static void test_rows_select_splits_into_blocks(void **state)
{
    (void)state;
    struct fs_job jobs[N_JOBS];
    make_jobs(jobs);
    fs_store_results *rs = fs_store_results_create();
    for (int i = 0; i < N_JOBS; i++) {
        if (i % 3 == 1)
            continue; /* jobs 1, 4, 7 have no result */
        struct fs_result r;
        done_result(&r, jobs, i);
        fs_store_results_merge(rs, &r);
        fs_result_clear(&r);
    }
    struct fs_store_row *rows = NULL;
    size_t n = fs_store_rows_select(jobs, N_JOBS, rs, 0, 1, &rows);
    assert_int_equal((int)n, 7);
    assert_int_equal((int)rows[0].index, 0);
    assert_int_equal((int)rows[1].index, 2);
    assert_true(rows[1].r->job_id == jobs[2].id);
    free(rows);
    /* 3 parts: blocks [0,3) [3,6) [6,10) */
    int want[3][4] = {{0, 2, -1}, {3, 5, -1}, {6, 8, 9, -1}};
    for (int part = 0; part < 3; part++) {
        n = fs_store_rows_select(jobs, N_JOBS, rs, part, 3, &rows);
        for (size_t k = 0; k < n; k++)
            assert_int_equal((int)rows[k].index, want[part][k]);
        assert_int_equal(want[part][n], -1);
        free(rows);
    }
    n = fs_store_rows_select(jobs, 0, rs, 0, 1, &rows);
    assert_int_equal((int)n, 0);
    assert_non_null(rows);
    free(rows);
    fs_store_results_destroy(&rs);
}

static void test_resume_cycle(void **state)
{
    (void)state;
    char dir[] = "/tmp/fs_test_resume_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/s.h5", dir);
    char *jpath = fs_journal_path(path);
    struct fs_job jobs[N_JOBS];
    make_jobs(jobs);
    struct fs_store_meta meta = {"cfg", 9, "episodes=1", "resume", "", 0, 0, NULL};
    fs_err e = {0};

    /* run 1: store written at start (all pending), jobs 0..3 journaled */
    assert_int_equal(fs_store_write(MPI_COMM_WORLD, path, &meta, jobs, N_JOBS, NULL,
                                    0, &e), 0);
    fs_journal *j = NULL;
    assert_int_equal(fs_journal_open(jpath, &j, NULL, &e), 0);
    for (int i = 0; i < 4; i++) {
        struct fs_result r;
        done_result(&r, jobs, i);
        assert_int_equal(fs_journal_append(j, &r, &e), 0);
        fs_result_clear(&r);
    }
    assert_int_equal(fs_journal_sync(j, &e), 0);
    fs_journal_close(&j); /* "killed" here, before consolidating */

    /* run 2: recover, consolidate, reset the journal */
    struct fs_store_recovery rec;
    assert_int_equal(fs_store_recover(path, &rec, &e), 0);
    assert_string_equal(rec.store->meta.settings, "episodes=1");
    assert_int_equal((int)fs_store_results_count(rec.results), 4);
    struct fs_store_row *rows = NULL;
    size_t n = fs_store_rows_select(jobs, N_JOBS, rec.results, 0, 1, &rows);
    assert_int_equal((int)n, 4);
    char *ids = fs_store_slurm_ids_add(rec.store->meta.slurm_job_ids, "777");
    meta.slurm_job_ids = ids;
    assert_int_equal(fs_store_write(MPI_COMM_WORLD, path, &meta, jobs, N_JOBS, rows,
                                    n, &e), 0);
    assert_int_equal(fs_journal_truncate(jpath, &e), 0);
    free(rows);
    free(ids);
    fs_store_recovery_clear(&rec);

    fs_store_data *d = NULL;
    assert_int_equal(fs_store_open_read(path, &d, &e), 0);
    assert_string_equal(d->meta.slurm_job_ids, "777");
    int regret = fs_store_data_metric(d, "regret");
    assert_int_equal(regret, 0);
    for (int i = 0; i < N_JOBS; i++) {
        assert_int_equal(d->rows[i].status, i < 4 ? FS_JOB_DONE : FS_JOB_PENDING);
        if (i < 4)
            assert_true(d->metrics[regret][i] == i / 4.0);
        else
            assert_true(isnan(d->metrics[regret][i]));
    }
    fs_store_data_destroy(&d);
    struct fs_journal_stats st;
    assert_int_equal(fs_journal_replay(jpath, NULL, NULL, &st, &e), 0);
    assert_int_equal((int)st.records, 0);

    unlink(jpath);
    unlink(path);
    rmdir(dir);
    free(jpath);
}

int main(int argc, char **argv)
{
    fs_store_mpi_env();
    MPI_Init(&argc, &argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_select_splits_into_blocks),
        cmocka_unit_test(test_resume_cycle),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    MPI_Finalize();
    return rc;
}
