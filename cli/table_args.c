/* cli/table_args.c - options shared by analyze and report. See table_args.h. */
#include "cli/table_args.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/multitest.h"

static int table_option(struct cli_table_args *t, const char *opt,
                        const char *val, fs_err *e)
{
    if (!strcmp(opt, "--metric")) {
        t->metrics[t->n_metrics++] = val;
    } else if (!strcmp(opt, "--baseline")) {
        t->o.baseline = val;
    } else if (!strcmp(opt, "--test")) {
        return fs_table_test_parse(val, &t->o.test, e);
    } else if (!strcmp(opt, "--correction")) {
        t->o.correct = strcmp(val, "none") != 0;
        if (t->o.correct)
            return fs_padjust_parse(val, &t->o.correction, e);
    } else if (!strcmp(opt, "--alpha")) {
        char *end;
        t->o.alpha = strtod(val, &end);
        if (*end || !(t->o.alpha > 0 && t->o.alpha < 1))
            return fs_err_set(e, FS_EUSAGE, "--alpha must be a number in "
                              "(0, 1), got '%s'", val);
    } else {
        return 1;
    }
    return 0;
}

int cli_table_args_parse(int argc, char **argv, struct cli_table_args *t,
                         cli_extra_option_fn extra, void *ctx, fs_err *e)
{
    memset(t, 0, sizeof *t);
    t->o = fs_table_options_default();
    t->metrics = fs_xcalloc((size_t)argc, sizeof *t->metrics);
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
            if (t->store)
                return fs_err_set(e, FS_EUSAGE, "more than one STORE ('%s', "
                                  "'%s')", t->store, argv[i]);
            t->store = argv[i];
            continue;
        }
        if (i + 1 >= argc)
            return fs_err_set(e, FS_EUSAGE, "%s needs a value", argv[i]);
        int rc = table_option(t, argv[i], argv[i + 1], e);
        if (rc == 1)
            rc = extra(ctx, argv[i], argv[i + 1], e);
        if (rc == 1)
            return fs_err_set(e, FS_EUSAGE, "unknown option '%s'", argv[i]);
        if (rc != 0)
            return FS_EUSAGE;
        i++;
    }
    if (!t->store)
        return fs_err_set(e, FS_EUSAGE, "missing STORE");
    t->o.metrics = t->metrics;
    t->o.n_metrics = t->n_metrics;
    return 0;
}

void cli_table_args_clear(struct cli_table_args *t)
{
    free(t->metrics);
    t->metrics = NULL;
    t->n_metrics = 0;
}
