/* cli/table_args.h - the command line that `analyze` and `report` share:
 * one STORE plus --metric (repeatable), --baseline, --test, --correction
 * and --alpha, filled into an fs_table_options. Each command adds its own
 * options through a callback. */
#ifndef FS_CLI_TABLE_ARGS_H
#define FS_CLI_TABLE_ARGS_H

#include <stddef.h>

#include "analysis/table.h"
#include "core/err.h"

struct cli_table_args {
    const char *store;
    const char **metrics;     /* owned; [n_metrics] pointers into argv */
    size_t n_metrics;
    fs_table_options o;       /* o.metrics points at `metrics` after parse */
};

/* A command's own option: 0 when taken, a negative status (message in e)
 * when its value is bad, 1 when the option is not the command's. */
typedef int (*cli_extra_option_fn)(void *ctx, const char *opt, const char *val,
                                   fs_err *e);

/* Parse argv[1..argc-1] into t (initialised here; free with
 * cli_table_args_clear). Every option takes a value. Returns 0 or
 * FS_EUSAGE with the message in e. */
int cli_table_args_parse(int argc, char **argv, struct cli_table_args *t,
                         cli_extra_option_fn extra, void *ctx, fs_err *e);
void cli_table_args_clear(struct cli_table_args *t);

#endif /* FS_CLI_TABLE_ARGS_H */
