/* cli/cmd_analyze.c - `fairsweep analyze STORE`: per-condition summaries and
 * significance tests against a baseline (analysis/table.h). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/table.h"
#include "jobs/store.h"

static void analyze_usage(void)
{
    printf("usage: fairsweep analyze STORE [--metric M ...] [--baseline COND]\n"
           "       [--test welch|mwu|perm] [--correction holm|bh|none]\n"
           "       [--alpha A] [--format md|csv|json]\n\n"
           "Group the jobs of a result store into conditions (every parameter\n"
           "except the seed) and print, per condition and metric, n, mean, sd,\n"
           "the 95%% confidence interval and the IQM; then test every condition\n"
           "against the baseline: statistic, p-value, corrected p-value, effect\n"
           "size and a verdict (\"higher, p=0.003\"). Failed jobs are counted\n"
           "and listed with their seeds and reasons.\n\n"
           "Options:\n"
           "  --metric M       analyse metric M (repeatable; default: all)\n"
           "  --baseline COND  the condition others are compared with: a label\n"
           "                   as printed (\"quality=0.5\") or tokens of it\n"
           "                   (\"qmix\", \"algo=qmix alpha=0\"); default: the\n"
           "                   the sweep's first condition\n"
           "  --test T         welch (default; Welch t-test), mwu (Mann-Whitney\n"
           "                   U) or perm (permutation test, 9999 resamples)\n"
           "  --correction C   holm (default), bh (Benjamini-Hochberg), none;\n"
           "                   also bonferroni, holm-sidak, by\n"
           "  --alpha A        significance level (default 0.05)\n"
           "  --format F       md (default, Markdown), csv or json\n\n"
           "Examples:\n"
           "  fairsweep analyze results.h5\n"
           "  fairsweep analyze gne.h5 --metric jfi --baseline qmix --test mwu\n"
           "  fairsweep analyze results.h5 --format json > table.json\n");
}

struct analyze_args {
    const char *store;
    const char **metrics;
    size_t n_metrics;
    const char *format;
    fs_table_options o;
};

static int parse_option(struct analyze_args *a, const char *opt,
                        const char *val, fs_err *e)
{
    if (strcmp(opt, "--metric") == 0) {
        a->metrics[a->n_metrics++] = val;
    } else if (strcmp(opt, "--baseline") == 0) {
        a->o.baseline = val;
    } else if (strcmp(opt, "--test") == 0) {
        return fs_table_test_parse(val, &a->o.test, e);
    } else if (strcmp(opt, "--correction") == 0) {
        a->o.correct = strcmp(val, "none") != 0;
        if (a->o.correct)
            return fs_padjust_parse(val, &a->o.correction, e);
    } else if (strcmp(opt, "--alpha") == 0) {
        char *end;
        a->o.alpha = strtod(val, &end);
        if (*end || !(a->o.alpha > 0 && a->o.alpha < 1))
            return fs_err_set(e, FS_EUSAGE, "--alpha must be a number in "
                              "(0, 1), got '%s'", val);
    } else if (strcmp(opt, "--format") == 0) {
        if (strcmp(val, "md") && strcmp(val, "csv") && strcmp(val, "json"))
            return fs_err_set(e, FS_EUSAGE, "unknown format '%s'; formats "
                              "are: md, csv, json", val);
        a->format = val;
    } else {
        return fs_err_set(e, FS_EUSAGE, "unknown option '%s'", opt);
    }
    return 0;
}

static int parse_args(int argc, char **argv, struct analyze_args *a,
                      fs_err *e)
{
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
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
    return 0;
}

int cmd_analyze(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        analyze_usage();
        return 0;
    }
    struct analyze_args a;
    memset(&a, 0, sizeof a);
    a.format = "md";
    a.o = fs_table_options_default();
    a.metrics = fs_xcalloc((size_t)argc, sizeof *a.metrics);
    fs_err e = {0};
    if (parse_args(argc, argv, &a, &e) != 0) {
        free(a.metrics);
        return cli_usage_error("analyze", "%s", e.msg);
    }
    a.o.metrics = a.metrics;
    a.o.n_metrics = a.n_metrics;
    fs_store_data *d = NULL;
    fs_table *t = NULL;
    cli_note_unmerged_journal("analyze", a.store);
    int rc = fs_store_open_read(a.store, &d, &e);
    if (rc == 0)
        rc = fs_table_build(d, &a.o, &t, &e);
    if (rc == 0) {
        if (strcmp(a.format, "csv") == 0)
            fs_table_write_csv(t, stdout);
        else if (strcmp(a.format, "json") == 0)
            fs_table_write_json(t, stdout);
        else
            fs_table_write_md(t, stdout, 50);
        if (fflush(stdout) != 0)
            rc = fs_err_set(&e, FS_EIO, "writing the table failed");
    }
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
    free(a.metrics);
    if (rc == FS_EUSAGE)
        return cli_usage_error("analyze", "%s", e.msg);
    return rc ? cli_report(&e) : 0;
}
