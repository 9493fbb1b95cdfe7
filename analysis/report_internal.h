/* analysis/report_internal.h - shared between report.c (files, gnuplot,
 * Markdown) and report_plots.c (one function per kind of plot). Not a
 * public interface. */
#ifndef FS_ANALYSIS_REPORT_INTERNAL_H
#define FS_ANALYSIS_REPORT_INTERNAL_H

#include <stdio.h>

#include "analysis/report.h"

enum fs_plot_kind {
    FS_PLOT_CURVE = 0,
    FS_PLOT_PARETO = 1,
    FS_PLOT_BOX = 2,
    FS_PLOT_HEATMAP = 3,
    FS_PLOT_KINDS = 4
};

struct fs_plot {
    int kind;
    char png[128];               /* file name inside the report dir */
    char caption[256];
};

struct fs_report_ctx {
    const fs_table *t;
    const fs_store_data *d;
    const fs_cond_set *cs;
    const char *dir;
    FILE *gp;                    /* the gnuplot script being written */
    struct fs_plot *plots;
    size_t n_plots, cap_plots;
    int utility, fairness;       /* store metric indices, -1: none */
    int fairness_lower_better;
    char notes[FS_PLOT_KINDS][256]; /* why a kind of plot is absent */
};

/* Open dir/data/<name> for writing; NULL with FS_EIO set in e. */
FILE *fs_report_data_open(struct fs_report_ctx *c, const char *name,
                          fs_err *e);
/* Close a data file, FS_EIO on a write error. */
int fs_report_data_close(FILE *f, const char *name, fs_err *e);

/* Start a plot: reset, set output, title, axis labels; record it. */
void fs_report_plot_begin(struct fs_report_ctx *c, int kind, const char *png,
                          const char *title, const char *xlabel,
                          const char *ylabel, const char *caption);

/* Write s as a gnuplot single-quoted string ('' for a quote). */
void fs_report_gp_str(FILE *gp, const char *s);

/* "jfi" -> "Jain's fairness index (1/n to 1; higher is fairer)". */
const char *fs_report_metric_axis(const char *metric);

/* Make a name safe as a file name part: [A-Za-z0-9_-], others '_'. */
void fs_report_safe_name(const char *s, char *out, size_t n);

int fs_report_plot_curves(struct fs_report_ctx *c, fs_err *e);
int fs_report_plot_pareto(struct fs_report_ctx *c, fs_err *e);
int fs_report_plot_boxes(struct fs_report_ctx *c, fs_err *e);
int fs_report_plot_heatmaps(struct fs_report_ctx *c, fs_err *e);

#endif /* FS_ANALYSIS_REPORT_INTERNAL_H */
