/* cli/cli.c - shared helpers of the subcommands. See cli.h. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int cli_report(const fs_err *e)
{
    if (e->status == FS_OK)
        return 0;
    fprintf(stderr, "fairsweep: %s\n",
            e->msg[0] ? e->msg : fs_status_str(e->status));
    return fs_exit_code(e->status);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fairsweep %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'fairsweep %s --help'.\n", cmd);
    va_end(ap);
    return 2;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    }
    return 0;
}

void cli_note_unmerged_journal(const char *cmd, const char *store)
{
    char path[4096];
    struct stat sb;
    snprintf(path, sizeof path, "%s.journal", store);
    if (stat(path, &sb) == 0 && sb.st_size > 0)
        fprintf(stderr, "fairsweep %s: note: %s holds results not yet in the "
                "store (a run is going on or was cut off); rerun `fairsweep "
                "run CONFIG -o %s` to merge them\n", cmd, path, store);
}
