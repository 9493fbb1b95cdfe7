/* cli/cmd_report.c - placeholder until the report lands. */
#include "cli/cli.h"

int cmd_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_error("report", "not implemented yet");
}
