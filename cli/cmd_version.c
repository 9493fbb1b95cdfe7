/* cli/cmd_version.c - `fairsweep version`. */
#include "cli/cli.h"

#include <stdio.h>

int cmd_version(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: fairsweep version\n\nPrint the fairsweep version.\n");
        return 0;
    }
    if (argc > 1)
        return cli_usage_error("version", "unexpected argument '%s'", argv[1]);
    printf("fairsweep %s\n", FS_VERSION);
    return 0;
}
