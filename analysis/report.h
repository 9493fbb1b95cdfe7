/* analysis/report.h - a Markdown report of a result store with PNG plots
 * drawn by gnuplot.
 *
 * fs_report_write fills a directory with:
 *   report.md        the significance tables (table.h) and the plots
 *   plots.gp         the gnuplot script that drew them (rerunnable:
 *                    `cd DIR && gnuplot plots.gp`)
 *   data/NAME.dat    the numbers each plot shows (plain columns)
 *   NAME.png         learning curves (mean and 95% t CI band per condition,
 *                    one plot per curve), a fairness-utility scatter with
 *                    the Pareto front of the condition means, box plots per
 *                    metric, and beta_train x beta_test heatmaps of each
 *                    metric's mean when the conditions have numeric
 *                    beta_train and beta_test parameters (else none)
 *   gnuplot.log      gnuplot's messages
 * Plots use the pngcairo terminal when gnuplot has it, else png; every plot
 * has a title, axis labels and a legend.
 */
#ifndef FS_ANALYSIS_REPORT_H
#define FS_ANALYSIS_REPORT_H

#include "analysis/table.h"
#include "core/err.h"

typedef struct fs_report_options {
    const char *utility;   /* x of the fairness-utility plot; NULL: the first
                              of return, utility, reward, welfare, ... */
    const char *fairness;  /* y of it; NULL: the first of jfi, fairness,
                              gini, cv, ...; no plot when either is absent */
    const char *gnuplot;   /* gnuplot executable (PATH lookup); NULL:
                              "gnuplot" */
} fs_report_options;

/* Write the report of t (built on its store) into dir, creating dir (and
 * missing parents). Runs gnuplot as a child process (no shell) and checks
 * its exit status and that every PNG was written. Not collective.
 * Errors: FS_EIO (cannot create dir or files), FS_ENOTFOUND (gnuplot not
 * found; the message says how to install it), FS_ECHILD (gnuplot failed;
 * the message quotes gnuplot.log), FS_EUSAGE (utility/fairness metric not in
 * the store; lists the metrics). On error report.md may be missing or
 * incomplete. */
int fs_report_write(const fs_table *t, const char *dir,
                    const fs_report_options *o, fs_err *e);

#endif /* FS_ANALYSIS_REPORT_H */
