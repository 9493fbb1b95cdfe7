/* cli/cmd_slurm.c - `fairsweep slurm CONFIG -o STORE ...`: write the sbatch
 * script of a sweep (--dry-run prints it, --submit saves it next to the
 * store and submits it). */
/* realpath() is XSI (POSIX with the X/Open extension). */
#define _XOPEN_SOURCE 700
#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobs/config.h"
#include "learners/learner.h"
#include "slurm/slurm.h"

enum { MAX_SBATCH_ARGS = 64 };

static void usage(void)
{
    printf(
"usage: fairsweep slurm CONFIG -o STORE --ntasks N --time T [options]\n"
"                       (--dry-run | --submit)\n"
"\n"
"Write a Slurm batch script that runs the sweep in CONFIG into STORE and\n"
"carries it across as many allocations as it needs: before the time limit\n"
"Slurm signals the script, the sweep stops cleanly (store consistent), and\n"
"the job is requeued (or, where requeue is not allowed, a dependent job is\n"
"submitted) until no job is pending. Preemption is handled the same way.\n"
"Logs go to STORE.slurm-JOBID.log; the script is saved as STORE.sbatch.\n"
"See 'Running on a cluster' in the README.\n"
"\n"
"resources:\n"
"  --ntasks N              MPI ranks (one core each; each runs one job at a time)\n"
"  --nodes N               nodes (with --ntasks-per-node, or with --ntasks)\n"
"  --ntasks-per-node N\n"
"  --time T                time limit of one allocation (Slurm forms: M, H:M:S,\n"
"                          D-H:M:S, ...), required\n"
"  --partition P, --account A, --qos Q, --mem-per-cpu M (e.g. 2G),\n"
"  --constraint C          passed to sbatch\n"
"  --sbatch-arg ARG        any other sbatch option, repeatable\n"
"                          (e.g. --sbatch-arg=--exclusive)\n"
"continuation:\n"
"  --launcher srun|mpirun  how ranks start (default srun --mpi=pmix)\n"
"  --signal-lead S         signal the sweep S seconds before the limit (300)\n"
"  --grace S               how long running jobs may finish after the signal\n"
"                          (default: half the signal lead)\n"
"  --max-continuations N   allocations after the first before giving up (%d)\n"
"  --fairsweep PATH        the executable the job runs (default: this one)\n"
"action:\n"
"  --dry-run               print the script\n"
"  --submit                save it as STORE.sbatch, run sbatch, print the job id\n"
"\n"
"example:\n"
"  fairsweep slurm experiments/synthetic.yaml -o synth.h5 --ntasks 64 \\\n"
"      --time 04:00:00 --partition compute --submit\n",
        FS_SLURM_MAX_CONTINUATIONS);
}

struct slurm_cli {
    struct fs_slurm_opts o;
    const char *config, *store, *fairsweep;
    const char *sbatch_args[MAX_SBATCH_ARGS];
    int dry_run, submit;
};

static int parse_long(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno || v < lo || v > hi)
        return cli_usage_error("slurm", "%s expects an integer %ld..%ld, got '%s'", opt, lo,
                               hi, s);
    *out = v;
    return 0;
}

/* Options that take a value: store it in the matching field. */
static int take_value(struct slurm_cli *c, const char *a, const char *v)
{
    struct fs_slurm_opts *o = &c->o;
    const char **str = !strcmp(a, "-o") || !strcmp(a, "--output") ? &c->store
                       : !strcmp(a, "--time")        ? &o->time
                       : !strcmp(a, "--partition")   ? &o->partition
                       : !strcmp(a, "--account")     ? &o->account
                       : !strcmp(a, "--qos")         ? &o->qos
                       : !strcmp(a, "--mem-per-cpu") ? &o->mem_per_cpu
                       : !strcmp(a, "--constraint")  ? &o->constraint
                       : !strcmp(a, "--fairsweep")   ? &c->fairsweep
                                                     : NULL;
    if (str) {
        *str = v;
        return 0;
    }
    if (!strcmp(a, "--ntasks"))
        return parse_long(a, v, 1, 10000000, &o->ntasks);
    if (!strcmp(a, "--nodes"))
        return parse_long(a, v, 1, 1000000, &o->nodes);
    if (!strcmp(a, "--ntasks-per-node"))
        return parse_long(a, v, 1, 100000, &o->ntasks_per_node);
    if (!strcmp(a, "--signal-lead"))
        return parse_long(a, v, 1, FS_SLURM_SIGNAL_LEAD_MAX, &o->signal_lead_s);
    if (!strcmp(a, "--max-continuations"))
        return parse_long(a, v, 0, 100000, &o->max_continuations);
    if (!strcmp(a, "--grace")) {
        long g;
        if (parse_long(a, v, 0, FS_SLURM_SIGNAL_LEAD_MAX, &g))
            return 2;
        o->grace_s = (double)g;
        return 0;
    }
    if (!strcmp(a, "--launcher")) {
        if (strcmp(v, "srun") && strcmp(v, "mpirun"))
            return cli_usage_error("slurm", "--launcher is srun or mpirun, got '%s'", v);
        o->launcher = strcmp(v, "srun") ? FS_SLURM_MPIRUN : FS_SLURM_SRUN;
        return 0;
    }
    if (!strcmp(a, "--sbatch-arg")) {
        if (o->n_sbatch_args == MAX_SBATCH_ARGS)
            return cli_usage_error("slurm", "at most %d --sbatch-arg", MAX_SBATCH_ARGS);
        c->sbatch_args[o->n_sbatch_args++] = v;
        return 0;
    }
    return -1;
}

static int parse_args(int argc, char **argv, struct slurm_cli *c)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        /* --opt=value and --opt value */
        char opt[64];
        const char *v = NULL;
        const char *eq = strchr(a, '=');
        if (a[0] == '-' && a[1] == '-' && eq && (size_t)(eq - a) < sizeof opt) {
            memcpy(opt, a, (size_t)(eq - a));
            opt[eq - a] = '\0';
            a = opt;
            v = eq + 1;
        }
        if (!strcmp(a, "--dry-run")) {
            c->dry_run = 1;
        } else if (!strcmp(a, "--submit")) {
            c->submit = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            if (v == NULL && i + 1 < argc)
                v = argv[++i];
            if (v == NULL)
                return cli_usage_error("slurm", "%s needs a value", a);
            int rc = take_value(c, a, v);
            if (rc < 0)
                return cli_usage_error("slurm", "unknown option '%s'", a);
            if (rc)
                return rc;
        } else if (c->config == NULL) {
            c->config = a;
        } else {
            return cli_usage_error("slurm", "unexpected argument '%s'", a);
        }
    }
    if (c->config == NULL)
        return cli_usage_error("slurm", "missing CONFIG");
    if (c->store == NULL)
        return cli_usage_error("slurm", "missing -o STORE");
    if (c->o.time == NULL)
        return cli_usage_error("slurm", "missing --time (e.g. --time 04:00:00)");
    if (c->dry_run == c->submit)
        return cli_usage_error("slurm", "give exactly one of --dry-run and --submit");
    return 0;
}

/* The absolute form of a path whose directory exists (the file need not). */
static char *absolute_path(const char *path, fs_err *e)
{
    char dir[PATH_MAX], buf[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (*base == '\0' || !strcmp(base, ".") || !strcmp(base, "..")) {
        fs_err_set(e, FS_EUSAGE, "'%s' does not name a file", path);
        return NULL;
    }
    if (realpath(dir, buf) == NULL) {
        fs_err_set(e, FS_EIO, "directory of '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t n = strlen(buf) + strlen(base) + 2;
    char *out = fs_xmalloc(n);
    snprintf(out, n, "%s%s%s", buf, strcmp(buf, "/") ? "/" : "", base);
    return out;
}

static char *self_path(fs_err *e)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) {
        fs_err_set(e, FS_EIO, "cannot find this executable (/proc/self/exe); give "
                   "--fairsweep PATH");
        return NULL;
    }
    buf[n] = '\0';
    return fs_xstrdup(buf);
}

static int write_file(const char *path, const char *text, fs_err *e)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return fs_err_set(e, FS_EIO, "%s: %s", path, strerror(errno));
    int bad = fputs(text, f) < 0;
    bad |= fclose(f) != 0;
    return bad ? fs_err_set(e, FS_EIO, "%s: write failed", path) : FS_OK;
}

/* A job that can take longer than an allocation's working time can never
 * finish: say so before the continuations find out. */
static void warn_job_limit(const struct fs_settings *st, const struct fs_slurm_opts *o)
{
    long limit_s;
    if (fs_slurm_parse_time(o->time, &limit_s, NULL))
        return;
    double work_s = (double)(limit_s - o->signal_lead_s);
    char limit[64] = "without limit (no limits.time)";
    if (st->time_limit_s > 0)
        snprintf(limit, sizeof limit, "up to %.0f s", st->time_limit_s);
    if (st->time_limit_s <= 0 || st->time_limit_s > work_s)
        fprintf(stderr,
                "fairsweep slurm: note: a job may run %s but an allocation works "
                "%.0f s (--time minus --signal-lead); a job longer than that never "
                "finishes\n",
                limit, work_s);
}

static int submit(const char *script, const char *store, fs_err *e)
{
    char *path = fs_slurm_script_path(store);
    int rc = write_file(path, script, e);
    char id[64];
    if (!rc)
        rc = fs_slurm_submit(path, id, sizeof id, e);
    if (!rc) {
        char *log = fs_slurm_log_path(store, id);
        printf("submitted batch job %s\nscript: %s\nlog:    %s\n", id, path, log);
        free(log);
    }
    free(path);
    return rc;
}

int cmd_slurm(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return 0;
    }
    struct slurm_cli c;
    memset(&c, 0, sizeof c);
    fs_slurm_opts_init(&c.o);
    c.o.sbatch_args = c.sbatch_args;
    int bad = parse_args(argc, argv, &c);
    if (bad)
        return bad;

    fs_err e = {0};
    fs_sweep *sweep = NULL;
    char *config = NULL, *store = NULL, *self = NULL, *script = NULL;
    int rc = fs_sweep_load(c.config, &sweep, &e);
    if (!rc)
        rc = (config = absolute_path(c.config, &e)) ? FS_OK : e.status;
    if (!rc)
        rc = (store = absolute_path(c.store, &e)) ? FS_OK : e.status;
    if (!rc && c.fairsweep == NULL)
        rc = (self = self_path(&e)) ? FS_OK : e.status;
    if (!rc && c.fairsweep != NULL)
        rc = (self = absolute_path(c.fairsweep, &e)) ? FS_OK : e.status;
    if (!rc) {
        c.o.config = config;
        c.o.store = store;
        c.o.fairsweep = self;
        c.o.sweep_name = fs_sweep_settings(sweep)->name;
        rc = fs_slurm_render(&c.o, &script, &e);
    }
    if (!rc) {
        warn_job_limit(fs_sweep_settings(sweep), &c.o);
        if (c.dry_run)
            fputs(script, stdout);
        else
            rc = submit(script, store, &e);
    }
    int code = rc ? (e.status == FS_EUSAGE ? cli_usage_error("slurm", "%s", e.msg)
                                           : cli_report(&e))
                  : 0;
    free(script);
    free(self);
    free(store);
    free(config);
    fs_sweep_destroy(&sweep);
    return code;
}
