/* cli/cli.h - the subcommand table and the helpers every command shares.
 *
 * A command is `int run(int argc, char **argv)` where argv[0] is the command
 * name; it returns the process exit code (see fs_exit_code()). Commands are
 * thin: parse options, call the library, print. Only cli/ prints errors and
 * chooses exit codes.
 */
#ifndef FS_CLI_CLI_H
#define FS_CLI_CLI_H

#include "core/err.h"

struct cli_command {
    const char *name;
    const char *summary;          /* one line for `fairsweep --help` */
    int (*run)(int argc, char **argv);
};

/* Print e's message once, as "fairsweep: <msg>", and return its exit code. */
int cli_report(const fs_err *e);

/* Print "fairsweep <cmd>: <msg>" plus a --help hint; returns 2 (usage). */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print a note on stderr when STORE.journal holds results that no run has
 * consolidated into STORE yet (a run is going on or was cut off). */
void cli_note_unmerged_journal(const char *cmd, const char *store);

/* True when argv holds -h or --help before any "--". */
int cli_wants_help(int argc, char **argv);

/* The commands, one file each in cli/. */
int cmd_version(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_slurm(int argc, char **argv);
int cmd_job_runner(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_bandit(int argc, char **argv);
int cmd_assign(int argc, char **argv);

#endif /* FS_CLI_CLI_H */
