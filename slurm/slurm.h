/* slurm/slurm.h - render the sbatch script of a sweep and submit it.
 *
 * The script runs `fairsweep run CONFIG -o STORE` under `srun --mpi=pmix`
 * (or `mpirun`) and carries the sweep across allocations: Slurm signals the
 * batch shell (--signal=B:USR1@LEAD) before the time limit, the shell asks
 * the ranks to stop (USR1, forwarded to every rank by srun and mpirun), the
 * runner leaves a consistent store and exits 3 ("incomplete"), and the shell
 * requeues the job (`scontrol requeue`) or, where requeue is refused, submits
 * a dependent continuation of itself. SIGTERM (preemption, scontrol requeue,
 * scancel, the time limit) stops the sweep the same way; the shell then asks
 * slurmctld why the job ends and continues only when Slurm will not (time
 * limit, preemption that cancels). The number of continuations is bounded.
 * docs/cluster.md explains the script line by line.
 *
 * Injection safety: every value that reaches the script is either validated
 * against a small character set (partition, account, qos, mem, constraint,
 * time, counts) or quoted: single quotes for the shell part, double quotes
 * with backslash escapes for #SBATCH lines (which sbatch parses itself), and
 * `%` doubled in the log-file pattern. Control characters (newline, CR, ...)
 * are refused everywhere, and the sweep name becomes a job name of
 * [A-Za-z0-9._-] only. Nothing here prints or exits.
 */
#ifndef FS_SLURM_SLURM_H
#define FS_SLURM_SLURM_H

#include <stddef.h>

#include "core/err.h"

enum fs_slurm_launcher {
    FS_SLURM_SRUN,     /* srun --mpi=pmix (Slurm starts the ranks) */
    FS_SLURM_MPIRUN    /* mpirun inside the allocation */
};

/* Defaults of fs_slurm_opts_init. */
enum {
    FS_SLURM_SIGNAL_LEAD_S = 300,
    FS_SLURM_MAX_CONTINUATIONS = 20,
    FS_SLURM_SIGNAL_LEAD_MAX = 65535   /* Slurm's limit for --signal @time */
};

/* What the script runs and asks for. Strings are borrowed (not copied);
 * NULL means "not given". */
struct fs_slurm_opts {
    const char *fairsweep;       /* absolute path of the executable */
    const char *config;          /* absolute path of the sweep config */
    const char *store;           /* absolute path of the results file */
    const char *sweep_name;      /* job name source (sanitized) */
    long ntasks;                 /* 0: not given */
    long nodes;                  /* 0: not given */
    long ntasks_per_node;        /* 0: not given */
    const char *time;            /* Slurm time limit, required */
    const char *partition, *account, *qos, *mem_per_cpu, *constraint;
    const char *const *sbatch_args;  /* extra #SBATCH arguments, each
                                        starting with '-' */
    size_t n_sbatch_args;
    enum fs_slurm_launcher launcher;
    long signal_lead_s;          /* seconds before the limit; 1..65535 */
    double grace_s;              /* --grace of fairsweep run; < 0: half the
                                    signal lead */
    long max_continuations;      /* allocations after the first, >= 0 */
};

/* Zero everything, launcher srun, lead 300 s, grace -1 (derived),
 * max_continuations 20. */
void fs_slurm_opts_init(struct fs_slurm_opts *o);

/* Parse a Slurm time limit ("M", "M:S", "H:M:S", "D-H", "D-H:M",
 * "D-H:M:S"; digits only) into seconds. Not collective.
 * Errors: FS_EUSAGE with a message naming the accepted forms. */
int fs_slurm_parse_time(const char *s, long *seconds, fs_err *e);

/* Check o and render the batch script. On success *script is a
 * NUL-terminated string owned by the caller (free()). On failure *script is
 * NULL and e says which value is refused (FS_EUSAGE). Not collective. */
int fs_slurm_render(const struct fs_slurm_opts *o, char **script, fs_err *e);

/* s as one shell word in single quotes ('it'\''s'); always quoted, "" gives
 * ''. Caller frees. */
char *fs_slurm_shell_quote(const char *s);

/* s as one argument of an #SBATCH line: in double quotes, with '"' and '\'
 * escaped by a backslash (sbatch's own directive parser undoes this; no
 * shell sees the line). s must hold no control characters. Caller frees. */
char *fs_slurm_directive_quote(const char *s);

/* The job name for a sweep name: characters outside [A-Za-z0-9._-] become
 * '_', at most cap-1 characters, "fairsweep" when name is NULL or empty. */
void fs_slurm_job_name(const char *name, char *out, size_t cap);

/* The log file of a store: "<store>.slurm-<job id>.log". With job_id NULL
 * the sbatch pattern "<store with % doubled>.slurm-%j.log". Caller frees. */
char *fs_slurm_log_path(const char *store, const char *job_id);

/* The saved batch script of a store: "<store>.sbatch". Caller frees. */
char *fs_slurm_script_path(const char *store);

/* Run `sbatch --parsable SCRIPT_PATH` (sbatch from PATH) and put the job id
 * it prints into job_id (cap bytes). Not collective.
 * Errors: FS_EIO when sbatch cannot be started or fails (its stderr goes to
 * ours; the message has its exit status), FS_EFORMAT when its output is not
 * a job id. */
int fs_slurm_submit(const char *script_path, char *job_id, size_t cap, fs_err *e);

#endif /* FS_SLURM_SLURM_H */
