/* cli/cmd_report.c - `fairsweep report STORE -d DIR`: the analysis tables
 * and gnuplot plots as a Markdown report (analysis/report.h). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

struct report_args {
    const char *store, *dir;
    const char **metrics;
    size_t n_metrics;
    fs_table_options o;
    fs_report_options r;
};

static int parse_option(struct report_args *a, const char *opt,
                        const char *val, fs_err *e)
{
    if (!strcmp(opt, "-d") || !strcmp(opt, "--dir"))
        a->dir = val;
    else if (!strcmp(opt, "--metric"))
        a->metrics[a->n_metrics++] = val;
    else if (!strcmp(opt, "--baseline"))
        a->o.baseline = val;
    else if (!strcmp(opt, "--test"))
        return fs_table_test_parse(val, &a->o.test, e);
    else if (!strcmp(opt, "--correction")) {
        a->o.correct = strcmp(val, "none") != 0;
        if (a->o.correct)
            return fs_padjust_parse(val, &a->o.correction, e);
    } else if (!strcmp(opt, "--alpha")) {
        char *end;
        a->o.alpha = strtod(val, &end);
        if (*end || !(a->o.alpha > 0 && a->o.alpha < 1))
            return fs_err_set(e, FS_EUSAGE, "--alpha must be a number in "
                              "(0, 1), got '%s'", val);
    } else if (!strcmp(opt, "--utility"))
        a->r.utility = val;
    else if (!strcmp(opt, "--fairness"))
        a->r.fairness = val;
    else if (!strcmp(opt, "--gnuplot"))
        a->r.gnuplot = val;
    else
        return fs_err_set(e, FS_EUSAGE, "unknown option '%s'", opt);
    return 0;
}

static int parse_args(int argc, char **argv, struct report_args *a, fs_err *e)
{
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-') {
            if (a->store)
                return fs_err_set(e, FS_EUSAGE, "more than one STORE ('%s', "
                                  "'%s')", a->store, argv[i]);
            a->store = argv[i];
            continue;
        }
        if (i + 1 >= argc)
            return fs_err_set(e, FS_EUSAGE, "%s needs a value", argv[i]);
        if (parse_option(a, argv[i], argv[i + 1], e) != 0)
            return FS_EUSAGE;
        i++;
    }
    if (!a->store)
        return fs_err_set(e, FS_EUSAGE, "missing STORE");
    if (!a->dir)
        return fs_err_set(e, FS_EUSAGE, "missing -d DIR (the report directory)");
    return 0;
}

int cmd_report(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        report_usage();
        return 0;
    }
    struct report_args a;
    memset(&a, 0, sizeof a);
    a.o = fs_table_options_default();
    a.metrics = fs_xcalloc((size_t)argc, sizeof *a.metrics);
    fs_err e = {0};
    if (parse_args(argc, argv, &a, &e) != 0) {
        free(a.metrics);
        return cli_usage_error("report", "%s", e.msg);
    }
    a.o.metrics = a.metrics;
    a.o.n_metrics = a.n_metrics;
    fs_store_data *d = NULL;
    fs_table *t = NULL;
    cli_note_unmerged_journal("report", a.store);
    int rc = fs_store_open_read(a.store, &d, &e);
    if (rc == 0)
        rc = fs_table_build(d, &a.o, &t, &e);
    if (rc == 0)
        rc = fs_report_write(t, a.dir, &a.r, &e);
    if (rc == 0)
        printf("report: %s/report.md\n", a.dir);
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
    free(a.metrics);
    if (rc == FS_EUSAGE)
        return cli_usage_error("report", "%s", e.msg);
    return rc ? cli_report(&e) : 0;
}
