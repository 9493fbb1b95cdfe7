/* cli/cmd_report.c - `fairsweep report STORE -d DIR`: the analysis tables
 * and gnuplot plots as a Markdown report (analysis/report.h). */
#include "cli/cli.h"
#include "cli/table_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report.h"
#include "analysis/table.h"
#include "jobs/store.h"

static void report_usage(void)
{
    printf("usage: fairsweep report STORE -d DIR [--metric M ...]\n"
           "       [--baseline COND] [--test welch|mwu|perm]\n"
           "       [--correction holm|bh|none] [--alpha A]\n"
           "       [--utility M] [--fairness M] [--gnuplot PATH]\n\n"
           "Write DIR/report.md: the tables of `fairsweep analyze` and PNG plots\n"
           "drawn with gnuplot: learning curves (mean and 95%% CI band per\n"
           "condition), fairness against utility with the Pareto front of the\n"
           "condition means, box plots per metric, and beta_train x beta_test\n"
           "heatmaps when the conditions have those parameters. The data of\n"
           "every plot is kept in DIR/data/ and the script in DIR/plots.gp.\n\n"
           "Options:\n"
           "  -d, --dir DIR    the report directory (created if missing)\n"
           "  --utility M      x of the fairness-utility plot (default: the\n"
           "                   first of return, utility, reward, welfare, ...)\n"
           "  --fairness M     y of it (default: the first of jfi, fairness,\n"
           "                   gini, cv, ...)\n"
           "  --gnuplot PATH   the gnuplot program (default: gnuplot on PATH)\n"
           "  --metric, --baseline, --test, --correction, --alpha: as in\n"
           "                   `fairsweep analyze --help`\n\n"
           "Examples:\n"
           "  fairsweep report results.h5 -d results-report\n"
           "  fairsweep report gne.h5 -d gne-report --baseline qmix "
           "--fairness gini\n");
}

/* report's own options (cli_extra_option_fn). */
struct report_extra {
    const char *dir;
    fs_report_options r;
};

static int report_option(void *ctx, const char *opt, const char *val, fs_err *e)
{
    struct report_extra *x = ctx;
    (void)e;
    if (!strcmp(opt, "-d") || !strcmp(opt, "--dir"))
        x->dir = val;
    else if (!strcmp(opt, "--utility"))
        x->r.utility = val;
    else if (!strcmp(opt, "--fairness"))
        x->r.fairness = val;
    else if (!strcmp(opt, "--gnuplot"))
        x->r.gnuplot = val;
    else
        return 1;
    return 0;
}

int cmd_report(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        report_usage();
        return 0;
    }
    struct cli_table_args a;
    struct report_extra x;
    memset(&x, 0, sizeof x);
    fs_err e = {0};
    int bad = cli_table_args_parse(argc, argv, &a, report_option, &x, &e);
    if (bad == 0 && !x.dir)
        bad = fs_err_set(&e, FS_EUSAGE, "missing -d DIR (the report directory)");
    if (bad != 0) {
        cli_table_args_clear(&a);
        return cli_usage_error("report", "%s", e.msg);
    }
    fs_store_data *d = NULL;
    fs_table *t = NULL;
    cli_note_unmerged_journal("report", a.store);
    int rc = fs_store_open_read(a.store, &d, &e);
    if (rc == 0)
        rc = fs_table_build(d, &a.o, &t, &e);
    if (rc == 0)
        rc = fs_report_write(t, x.dir, &x.r, &e);
    if (rc == 0)
        printf("report: %s/report.md\n", x.dir);
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
    cli_table_args_clear(&a);
    if (rc == FS_EUSAGE)
        return cli_usage_error("report", "%s", e.msg);
    return rc ? cli_report(&e) : 0;
}
