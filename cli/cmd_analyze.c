/* cli/cmd_analyze.c - `fairsweep analyze STORE`: per-condition summaries and
 * significance tests against a baseline (analysis/table.h). */
#include "cli/cli.h"
#include "cli/table_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* --format, the one option of analyze's own (cli_extra_option_fn). */
static int format_option(void *ctx, const char *opt, const char *val, fs_err *e)
{
    if (strcmp(opt, "--format") != 0)
        return 1;
    if (strcmp(val, "md") && strcmp(val, "csv") && strcmp(val, "json"))
        return fs_err_set(e, FS_EUSAGE, "unknown format '%s'; formats "
                          "are: md, csv, json", val);
    *(const char **)ctx = val;
    return 0;
}

int cmd_analyze(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        analyze_usage();
        return 0;
    }
    struct cli_table_args a;
    const char *format = "md";
    fs_err e = {0};
    if (cli_table_args_parse(argc, argv, &a, format_option, &format, &e) != 0) {
        cli_table_args_clear(&a);
        return cli_usage_error("analyze", "%s", e.msg);
    }
    fs_store_data *d = NULL;
    fs_table *t = NULL;
    cli_note_unmerged_journal("analyze", a.store);
    int rc = fs_store_open_read(a.store, &d, &e);
    if (rc == 0)
        rc = fs_table_build(d, &a.o, &t, &e);
    if (rc == 0) {
        if (strcmp(format, "csv") == 0)
            fs_table_write_csv(t, stdout);
        else if (strcmp(format, "json") == 0)
            fs_table_write_json(t, stdout);
        else
            fs_table_write_md(t, stdout, 50);
        if (fflush(stdout) != 0)
            rc = fs_err_set(&e, FS_EIO, "writing the table failed");
    }
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
    cli_table_args_clear(&a);
    if (rc == FS_EUSAGE)
        return cli_usage_error("analyze", "%s", e.msg);
    return rc ? cli_report(&e) : 0;
}
