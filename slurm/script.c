/* slurm/script.c - check the options of `fairsweep slurm` and render the
 * batch script (see slurm.h for the contract, README "Running on a cluster" for the
 * script explained line by line). */
#include "slurm/slurm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FS_VERSION
#define FS_VERSION "unknown"
#endif

void fs_slurm_opts_init(struct fs_slurm_opts *o)
{
    memset(o, 0, sizeof *o);
    o->launcher = FS_SLURM_SRUN;
    o->signal_lead_s = FS_SLURM_SIGNAL_LEAD_S;
    o->grace_s = -1;
    o->max_continuations = FS_SLURM_MAX_CONTINUATIONS;
}

/* ---- a growing string ---- */

struct buf {
    char *s;
    size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = 2 * (b->len + (size_t)n + 1);
        b->s = fs_xrealloc(b->s, b->cap);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* ---- validation ---- */

static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 1;
    return 0;
}

/* Every character of s is alphanumeric or in extra. */
static int only_chars(const char *s, const char *extra)
{
    for (const char *p = s; *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || strchr(extra, c) != NULL;
        if (!ok)
            return 0;
    }
    return 1;
}

static int check_path(const char *what, const char *p, fs_err *e)
{
    if (p == NULL || p[0] != '/')
        return fs_err_set(e, FS_EUSAGE, "%s must be an absolute path", what);
    if (has_control(p))
        return fs_err_set(e, FS_EUSAGE,
                          "%s contains a control character (newline, tab, ...); a batch "
                          "script cannot carry it safely: rename it",
                          what);
    return FS_OK;
}

/* An optional Slurm name-like value: partition, account, qos. */
static int check_word(const char *opt, const char *v, const char *extra, fs_err *e)
{
    if (v == NULL)
        return FS_OK;
    if (*v == '\0' || !only_chars(v, extra))
        return fs_err_set(e, FS_EUSAGE, "%s '%s' may only hold letters, digits and \"%s\"",
                          opt, has_control(v) ? "(control characters)" : v, extra);
    return FS_OK;
}

static int check_mem(const char *v, fs_err *e)
{
    if (v == NULL)
        return FS_OK;
    size_t n = strspn(v, "0123456789");
    int ok = n > 0 && n <= 12 && (v[n] == '\0' || (strchr("KMGT", v[n]) && v[n + 1] == '\0'));
    if (!ok)
        return fs_err_set(e, FS_EUSAGE,
                          "--mem-per-cpu '%s' must be a number with an optional unit "
                          "K, M, G or T (e.g. 2G)",
                          has_control(v) ? "(control characters)" : v);
    return FS_OK;
}

/* Extra #SBATCH arguments: one option each; the ones the script's
 * continuation relies on cannot be overridden. */
static int check_sbatch_arg(const char *a, fs_err *e)
{
    if (has_control(a))
        return fs_err_set(e, FS_EUSAGE, "--sbatch-arg holds a control character");
    if (a[0] != '-')
        return fs_err_set(e, FS_EUSAGE, "--sbatch-arg '%s' must be an sbatch option "
                          "(start with '-')", a);
    static const char *const owned[] = {"--array", "-a", "--signal", "--wrap"};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++) {
        size_t n = strlen(owned[i]);
        if (strncmp(a, owned[i], n) == 0 && (a[n] == '\0' || a[n] == '=' ||
                                             (n == 2 && a[n] != '-')))
            return fs_err_set(e, FS_EUSAGE,
                              "--sbatch-arg '%s': %s is set by fairsweep (one job per "
                              "store; the stop signal drives continuation)",
                              a, owned[i]);
    }
    return FS_OK;
}

static int check_counts(const struct fs_slurm_opts *o, fs_err *e)
{
    if (o->ntasks < 0 || o->nodes < 0 || o->ntasks_per_node < 0)
        return fs_err_set(e, FS_EUSAGE, "task and node counts must be positive");
    if (o->ntasks == 0 && o->nodes == 0)
        return fs_err_set(e, FS_EUSAGE, "give --ntasks N, or --nodes N with "
                          "--ntasks-per-node M");
    if (o->nodes == 0 && o->ntasks_per_node > 0)
        return fs_err_set(e, FS_EUSAGE, "--ntasks-per-node needs --nodes");
    if (o->ntasks == 0 && o->ntasks_per_node == 0)
        return fs_err_set(e, FS_EUSAGE, "--nodes needs --ntasks-per-node (or --ntasks)");
    return FS_OK;
}

static int check_timing(const struct fs_slurm_opts *o, long *limit_s, fs_err *e)
{
    int rc = fs_slurm_parse_time(o->time, limit_s, e);
    if (rc)
        return rc;
    if (o->signal_lead_s < 1 || o->signal_lead_s > FS_SLURM_SIGNAL_LEAD_MAX)
        return fs_err_set(e, FS_EUSAGE, "--signal-lead must be 1..%d seconds, got %ld",
                          FS_SLURM_SIGNAL_LEAD_MAX, o->signal_lead_s);
    if (o->signal_lead_s >= *limit_s)
        return fs_err_set(e, FS_EUSAGE,
                          "--signal-lead %ld s is not shorter than --time %s (%ld s): "
                          "the sweep would be stopped as soon as it starts",
                          o->signal_lead_s, o->time, *limit_s);
    if (o->grace_s >= (double)o->signal_lead_s)
        return fs_err_set(e, FS_EUSAGE,
                          "--grace %g s must be shorter than --signal-lead %ld s (the "
                          "store is written after the grace period)",
                          o->grace_s, o->signal_lead_s);
    if (o->max_continuations < 0 || o->max_continuations > 100000)
        return fs_err_set(e, FS_EUSAGE, "--max-continuations must be 0..100000");
    return FS_OK;
}

static int check_opts(const struct fs_slurm_opts *o, long *limit_s, fs_err *e)
{
    int rc = check_path("the fairsweep executable path", o->fairsweep, e);
    if (!rc)
        rc = check_path("the config path", o->config, e);
    if (!rc)
        rc = check_path("the store path", o->store, e);
    if (!rc)
        rc = check_counts(o, e);
    if (!rc)
        rc = check_timing(o, limit_s, e);
    if (!rc)
        rc = check_word("--partition", o->partition, "_.,-", e);
    if (!rc)
        rc = check_word("--account", o->account, "_.,-", e);
    if (!rc)
        rc = check_word("--qos", o->qos, "_.,-", e);
    if (!rc)
        rc = check_word("--constraint", o->constraint, "_.,-:&|[]*()!", e);
    if (!rc)
        rc = check_mem(o->mem_per_cpu, e);
    for (size_t i = 0; !rc && i < o->n_sbatch_args; i++)
        rc = check_sbatch_arg(o->sbatch_args[i], e);
    return rc;
}

/* ---- rendering ---- */

static void directive(struct buf *b, const char *opt, const char *value)
{
    if (value == NULL)
        return;
    char *q = fs_slurm_directive_quote(value);
    put(b, "#SBATCH %s=%s\n", opt, q);
    free(q);
}

static void render_directives(struct buf *b, const struct fs_slurm_opts *o)
{
    char name[101];
    fs_slurm_job_name(o->sweep_name, name, sizeof name);
    put(b, "#SBATCH --job-name=%s\n", name);
    if (o->ntasks > 0)
        put(b, "#SBATCH --ntasks=%ld\n", o->ntasks);
    if (o->nodes > 0)
        put(b, "#SBATCH --nodes=%ld\n", o->nodes);
    if (o->ntasks_per_node > 0)
        put(b, "#SBATCH --ntasks-per-node=%ld\n", o->ntasks_per_node);
    put(b, "#SBATCH --time=%s\n", o->time);
    directive(b, "--partition", o->partition);
    directive(b, "--account", o->account);
    directive(b, "--qos", o->qos);
    directive(b, "--mem-per-cpu", o->mem_per_cpu);
    directive(b, "--constraint", o->constraint);
    char *log = fs_slurm_log_path(o->store, NULL);
    directive(b, "--output", log);
    free(log);
    put(b, "#SBATCH --open-mode=append\n"
           "#SBATCH --signal=B:USR1@%ld\n"
           "#SBATCH --requeue\n",
        o->signal_lead_s);
    for (size_t i = 0; i < o->n_sbatch_args; i++) {
        char *q = fs_slurm_directive_quote(o->sbatch_args[i]);
        put(b, "#SBATCH %s\n", q);
        free(q);
    }
}

static void render_settings(struct buf *b, const struct fs_slurm_opts *o, double grace)
{
    char *fs = fs_slurm_shell_quote(o->fairsweep);
    char *cfg = fs_slurm_shell_quote(o->config);
    char *st = fs_slurm_shell_quote(o->store);
    put(b,
        "\n"
        "# What this job runs: absolute paths fixed at submission, quoted.\n"
        "fairsweep=%s\n"
        "config=%s\n"
        "store=%s\n"
        "grace=%g\n"
        "max_continuations=%ld\n",
        fs, cfg, st, grace, o->max_continuations);
    free(fs);
    free(cfg);
    free(st);
}

/* The shell part that does not depend on the options, up to the launch. */
static const char script_start[] =
    "\n"
    "set -u\n"
    "# Allocations this sweep had before this one: Slurm counts requeues, a\n"
    "# resubmitted continuation gets the count as its first argument.\n"
    "continuation=$(( ${1:-0} + ${SLURM_RESTART_COUNT:-0} ))\n"
    "say() { echo \"fairsweep-slurm: $(date -u +%Y-%m-%dT%H:%M:%SZ) $*\"; }\n"
    "say \"job ${SLURM_JOB_ID:-?}, continuation $continuation (at most\" \\\n"
    "    \"$max_continuations), ${SLURM_NTASKS:-?} tasks on ${SLURM_JOB_NODELIST:-?}\"\n"
    "\n"
    "# Slurm sends USR1 to this shell before the time limit (--signal=B:...);\n"
    "# preemption, scontrol requeue, scancel and the limit itself send TERM.\n"
    "# Either way the ranks are asked to stop with USR1: srun and mpirun both\n"
    "# forward it to every rank (TERM would make mpirun kill them at once).\n"
    "payload='' stop=''\n"
    "on_stop() {\n"
    "    stop=$1\n"
    "    say \"SIG$1: asking the sweep to stop (running jobs get $grace s)\"\n"
    "    if [ -n \"$payload\" ]; then kill -USR1 \"$payload\" 2>/dev/null; fi\n"
    "}\n"
    "trap 'on_stop USR1' USR1\n"
    "trap 'on_stop TERM' TERM\n"
    "\n"
    "# bash runs a trap only between commands: the launcher runs in the\n"
    "# background and the shell waits, so a signal is handled at once.\n";

static const char script_end[] =
    " &\n"
    "payload=$!\n"
    "if [ -n \"$stop\" ]; then kill -USR1 \"$payload\" 2>/dev/null; fi\n"
    "while kill -0 \"$payload\" 2>/dev/null; do wait \"$payload\"; done\n"
    "wait \"$payload\"; status=$?\n"
    "trap '' USR1\n"
    "trap 'say \"SIGTERM: Slurm ends this allocation\"' TERM\n"
    "\n"
    "# 0: complete (failed jobs are final); 2: the config or store was refused;\n"
    "# 3: stopped with jobs pending. Killed by a signal after a stop request:\n"
    "# the store's journal keeps what finished, so that counts as 3 too.\n"
    "case $status in\n"
    "0) say \"sweep complete\"; exit 0 ;;\n"
    "3) ;;\n"
    "*) if [ -z \"$stop\" ] || [ \"$status\" = 2 ]; then\n"
    "       say \"fairsweep exited with status $status; not continuing\"\n"
    "       exit \"$status\"\n"
    "   fi ;;\n"
    "esac\n"
    "resume_hint=\"to resume: sbatch '$store.sbatch' (or fairsweep run with the same CONFIG and -o)\"\n"
    "\n"
    "# After TERM, ask slurmctld why this job ends. A requeue (scontrol requeue,\n"
    "# preemption in REQUEUE mode) raises its restart count: Slurm starts the\n"
    "# script again by itself, and a second continuation would duplicate it.\n"
    "if [ \"$stop\" = TERM ]; then\n"
    "    info=$(scontrol show job -o \"$SLURM_JOB_ID\" 2>/dev/null)\n"
    "    restarts=$(printf '%s\\n' \"$info\" | sed -n 's/.* Restarts=\\([0-9]*\\).*/\\1/p')\n"
    "    if [ \"${restarts:-0}\" -gt \"${SLURM_RESTART_COUNT:-0}\" ]; then\n"
    "        say \"Slurm requeued this job; the sweep continues when it restarts\"\n"
    "        exit 0\n"
    "    fi\n"
    "    case $info in\n"
    "    *Reason=TimeLimit*|*JobState=TIMEOUT*|*JobState=PREEMPTED*|*Reason=Preempt*) ;;\n"
    "    *) say \"job cancelled with jobs pending; $resume_hint\"; exit 3 ;;\n"
    "    esac\n"
    "fi\n"
    "\n"
    "if [ \"$continuation\" -ge \"$max_continuations\" ]; then\n"
    "    say \"giving up: the sweep is still incomplete after $continuation\" \\\n"
    "        \"continuations (--max-continuations $max_continuations). Check the\" \\\n"
    "        \"log above for jobs that never finish within an allocation; $resume_hint\"\n"
    "    exit 3\n"
    "fi\n"
    "next=$((continuation + 1))\n"
    "me=$SLURM_JOB_ID\n"
    "if [ \"$stop\" != TERM ] && scontrol requeue \"$me\"; then\n"
    "    say \"requeued: continuation $next starts when Slurm schedules it\"\n"
    "    exit 0\n"
    "fi\n"
    "# Requeue refused (site policy, --no-requeue) or this job is ending: a new\n"
    "# job continues the sweep after this one. It runs this same script ($0),\n"
    "# without this job's SLURM_* variables.\n"
    "if id=$(for v in $(compgen -e); do\n"
    "            case $v in SLURM_CONF) ;; SLURM_* | SBATCH_* | SRUN_*) unset \"$v\" ;; esac\n"
    "        done\n"
    "        sbatch --parsable --dependency=\"afterany:$me\" \"$0\" \"$next\"); then\n"
    "    say \"submitted continuation $next as job $id\"\n"
    "    exit 0\n"
    "fi\n"
    "say \"could not submit a continuation; $resume_hint\"\n"
    "exit 3\n";

int fs_slurm_render(const struct fs_slurm_opts *o, char **script, fs_err *e)
{
    *script = NULL;
    long limit_s = 0;
    int rc = check_opts(o, &limit_s, e);
    if (rc)
        return rc;
    double grace = o->grace_s >= 0 ? o->grace_s : (double)(o->signal_lead_s / 2);
    char name[101];
    fs_slurm_job_name(o->sweep_name, name, sizeof name);

    struct buf b = {0};
    put(&b,
        "#!/bin/bash\n"
        "# Batch script of the fairsweep sweep %s, written by fairsweep %s\n"
        "# (`fairsweep slurm`). Submit it with sbatch: it carries the sweep across\n"
        "# as many allocations as it needs (the README's 'Running on a cluster' explains each line).\n",
        name, FS_VERSION);
    render_directives(&b, o);
    render_settings(&b, o, grace);
    put(&b, "%s", script_start);
    if (o->launcher == FS_SLURM_MPIRUN)
        put(&b, "mpirun");
    else
        put(&b, "srun --mpi=pmix");
    put(&b, " \"$fairsweep\" run \"$config\" -o \"$store\" --grace \"$grace\"");
    put(&b, "%s", script_end);
    *script = b.s;
    return FS_OK;
}
