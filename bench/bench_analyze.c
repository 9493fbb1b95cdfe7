/* bench/bench_analyze.c - `fairsweep analyze` on a 100,000-job store
 * (issue 4 target: under 5 seconds).
 *
 * Writes a store like a real sweep's: 5 conditions x 20,000 seeds of the
 * synthetic algorithm, metrics return/jfi/gini, a 20-point `return` curve,
 * 1% failed jobs. Then times (a) the library path in this process: read
 * the store, group, summarise and test every metric, render the Markdown
 * table; (b) `bin/fairsweep analyze STORE` as a user runs it (when
 * bin/fairsweep exists; make bench runs from the repository root).
 */
#include <fcntl.h>
#include <math.h>
#include <mpi.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analysis/table.h"
#include "core/rng.h"
#include "jobs/store.h"

extern char **environ;

enum { N_COND = 5, N_SEEDS = 20000, N_JOBS = N_COND * N_SEEDS, POINTS = 20 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void make_job(struct fs_job *j, int cond, int seed)
{
    memset(j, 0, sizeof *j);
    snprintf(j->env, sizeof j->env, "none");
    snprintf(j->algo, sizeof j->algo, "synthetic");
    j->n_params = 2;
    snprintf(j->params[0].name, FS_NAME_MAX, "quality");
    j->params[0].num = 0.5 + 0.1 * cond;
    snprintf(j->params[1].name, FS_NAME_MAX, "work_us");
    j->params[1].num = 1;
    j->seed = seed;
    j->condition = cond;
    fs_err e = {0};
    if (fs_job_finish(j, &e) != 0) {
        fprintf(stderr, "bench: %s\n", e.msg);
        exit(1);
    }
}

static void make_result(struct fs_result *r, const struct fs_job *j,
                        int cond, fs_rng *rng)
{
    fs_result_init(r, j->id);
    if (fs_rng_below(rng, 100) == 0) {
        r->status = FS_JOB_FAILED;
        snprintf(r->error, FS_ERROR_MAX, "NaN in return");
        return;
    }
    r->status = FS_JOB_DONE;
    double ret = 0.5 + 0.1 * cond + 0.1 * fs_rng_normal(rng);
    fs_result_metric(r, "return", ret, NULL);
    fs_result_metric(r, "jfi", 0.7 + 0.2 * fs_rng_uniform(rng), NULL);
    fs_result_metric(r, "gini", 0.3 * fs_rng_uniform(rng), NULL);
    double curve[POINTS];
    for (int k = 0; k < POINTS; k++)
        curve[k] = ret * (k + 1) / POINTS + 0.05 * fs_rng_normal(rng);
    fs_result_curve(r, "return", curve, POINTS, NULL);
}

static int write_store(const char *path)
{
    struct fs_job *jobs = malloc(N_JOBS * sizeof *jobs);
    struct fs_result *res = malloc(N_JOBS * sizeof *res);
    struct fs_store_row *rows = malloc(N_JOBS * sizeof *rows);
    fs_rng rng;
    fs_rng_init(&rng, 2026, 0, FS_RNG_USER);
    for (int c = 0; c < N_COND; c++)
        for (int s = 0; s < N_SEEDS; s++) {
            size_t i = (size_t)c * N_SEEDS + (size_t)s;
            make_job(&jobs[i], c, s);
            make_result(&res[i], &jobs[i], c, &rng);
            rows[i] = (struct fs_store_row){i, &res[i]};
        }
    struct fs_store_meta meta = {"", 1, "", "bench-analyze", "", 0, 0, NULL};
    fs_err e = {0};
    int rc = fs_store_write(MPI_COMM_WORLD, path, &meta, jobs, N_JOBS, rows,
                            N_JOBS, &e);
    if (rc != 0)
        fprintf(stderr, "bench: %s\n", e.msg);
    for (size_t i = 0; i < N_JOBS; i++)
        fs_result_clear(&res[i]);
    free(jobs);
    free(res);
    free(rows);
    return rc;
}

static double time_library(const char *path)
{
    double t0 = now();
    fs_store_data *d = NULL;
    fs_table *t = NULL;
    fs_err e = {0};
    fs_table_options o = fs_table_options_default();
    if (fs_store_open_read(path, &d, &e) != 0 ||
        fs_table_build(d, &o, &t, &e) != 0) {
        fprintf(stderr, "bench: %s\n", e.msg);
        exit(1);
    }
    FILE *devnull = fopen("/dev/null", "w");
    fs_table_write_md(t, devnull, 50);
    fclose(devnull);
    double s = now() - t0;
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
    return s;
}

/* Wall seconds of `exe analyze path > /dev/null`, or -1. */
static double time_cli(const char *exe, const char *path)
{
    if (access(exe, X_OK) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    char *argv[] = {(char *)"fairsweep", (char *)"analyze", (char *)path, NULL};
    double t0 = now();
    pid_t pid;
    int st = -1;
    if (posix_spawn(&pid, exe, &fa, NULL, argv, environ) != 0 ||
        waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return -1;
    }
    posix_spawn_file_actions_destroy(&fa);
    return now() - t0;
}

int main(int argc, char **argv)
{
    fs_store_mpi_env();
    MPI_Init(&argc, &argv);
    char dir[] = "/tmp/fs_bench_analyze_XXXXXX", path[64];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/100k.h5", dir);
    double t0 = now();
    int rc = write_store(path);
    double w = now() - t0;
    if (rc == 0) {
        double lib = time_library(path);
        double cli = time_cli("bin/fairsweep", path);
        printf("analyze: %d-job store (5 conditions x 20000 seeds, 3 metrics, "
               "1%% failed; written in %.2f s): library %.3f s", N_JOBS, w,
               lib);
        if (cli >= 0)
            printf(", `fairsweep analyze` %.3f s", cli);
        printf(" (target < 5 s)\n");
    }
    unlink(path);
    rmdir(dir);
    MPI_Finalize();
    return rc != 0;
}
