/* cli/cmd_run.c - `fairsweep run CONFIG -o STORE`, and the hidden
 * `fairsweep __job-runner` that executes chunks in child processes. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "jobs/exec.h"
#include "mpi/runtime.h"
#include "jobs/store.h"

static void usage(FILE *out)
{
    fprintf(out,
"usage: [mpirun -np N] fairsweep run CONFIG -o STORE [options]\n"
"\n"
"Run every job of the sweep in CONFIG that STORE does not hold yet, across\n"
"the MPI ranks (any number, 1 without mpirun). Results go to STORE (HDF5)\n"
"through a crash-safe journal (STORE.journal). Running the same command\n"
"again resumes: only missing jobs run.\n"
"\n"
"options:\n"
"  -o, --output STORE     the results file (required)\n"
"  --retry-failed         also rerun jobs that failed in earlier runs\n"
"  --max-attempts N       attempts per job in this run (default: the config's\n"
"                         limits.max_attempts, else 1)\n"
"  --force                resume although the store holds jobs the config\n"
"                         no longer has (their results are dropped)\n"
"  --grace SECONDS        after SIGINT/SIGTERM/SIGUSR1, how long a running job\n"
"                         may finish before it is killed (default 10)\n"
"  --progress-every SEC   progress line cadence when stderr is not a TTY (10)\n"
"  -q, --quiet            no progress output\n"
"\n"
"exit codes: 0 sweep complete (failed jobs are reported, not fatal),\n"
"            2 usage or config error, 3 interrupted (run again to continue),\n"
"            1 other errors.\n"
"\n"
"example:\n"
"  mpirun -np 2 fairsweep run experiments/synthetic.yaml -o synth.h5\n");
}

static int parse_double(const char *opt, const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(v >= 0))
        return cli_usage_error("run", "%s expects a non-negative number, got '%s'",
                               opt, s);
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, struct fs_run_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = !strcmp(a, "-o") || !strcmp(a, "--output") ||
                    !strcmp(a, "--max-attempts") || !strcmp(a, "--grace") ||
                    !strcmp(a, "--progress-every");
        if (takes && val == NULL)
            return cli_usage_error("run", "%s needs a value", a);
        if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            o->store_path = argv[++i];
        } else if (!strcmp(a, "--retry-failed")) {
            o->retry_failed = 1;
        } else if (!strcmp(a, "--force")) {
            o->force = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = 1;
        } else if (!strcmp(a, "--max-attempts")) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end != '\0' || v < 1 || v > 1000)
                return cli_usage_error("run", "--max-attempts expects 1..1000, got '%s'",
                                       argv[i]);
            o->max_attempts = (int)v;
        } else if (!strcmp(a, "--grace")) {
            if (parse_double(a, argv[++i], &o->grace_s))
                return 2;
        } else if (!strcmp(a, "--progress-every")) {
            if (parse_double(a, argv[++i], &o->progress_every_s))
                return 2;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("run", "unknown option '%s'", a);
        } else if (o->config_path == NULL) {
            o->config_path = a;
        } else {
            return cli_usage_error("run", "unexpected argument '%s'", a);
        }
    }
    if (o->config_path == NULL)
        return cli_usage_error("run", "missing CONFIG");
    if (o->store_path == NULL)
        return cli_usage_error("run", "missing -o STORE");
    return 0;
}

int cmd_run(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    struct fs_run_opts o;
    fs_run_opts_init(&o);
    int bad = parse_args(argc, argv, &o);
    if (bad)
        return bad;

    fs_run_signals_install();
    fs_store_mpi_env();
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    fs_err e = {0};
    struct fs_run_summary sum = {0};
    int rc = fs_run(MPI_COMM_WORLD, &o, &sum, &e);
    int code = fs_exit_code(rc);
    if (rank == 0) {
        if (rc == FS_OK || rc == FS_EINTERRUPTED)
            printf("%s: %zu jobs: %zu done, %zu failed, %zu pending "
                   "(%zu run now, %.2f s)%s\n",
                   o.store_path, sum.jobs, sum.done, sum.failed, sum.pending,
                   sum.ran, sum.wall_s,
                   rc == FS_EINTERRUPTED ? "; interrupted, run again to continue" : "");
        if (rc != FS_OK && rc != FS_EINTERRUPTED)
            cli_report(&e);
    }
    MPI_Finalize();
    fs_run_signals_restore();
    return code;
}

int cmd_job_runner(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fs_err e = {0};
    int rc = fs_exec_child_main(0, 3, &e);
    return rc == FS_OK ? 0 : cli_report(&e);
}
