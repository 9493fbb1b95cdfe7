/* analysis/table.h - the significance table of a result store: for every
 * condition and metric the descriptive summary (n, mean, sd, 95% t CI,
 * IQM), and for every condition against a baseline condition a two-sample
 * test, the multiplicity-corrected p-value, effect sizes and a plain verdict
 * ("higher, p=0.003").
 *
 * Samples are the values of done rows; failed and pending rows are counted
 * per condition (fs_condition), and done rows where a metric is NaN are
 * counted as `missing` for that metric, so nothing is dropped silently.
 * The correction family is one metric: the (conditions - 1) comparisons
 * against the baseline for that metric. Tests that cannot be computed
 * (n < 2 with Welch, zero variance in both samples, ...) keep p = NaN, are
 * left out of the correction and get the verdict "untestable".
 * Effect size shown: Hedges' g for welch and perm, Cliff's delta for mwu
 * (all four are kept in fs_table_cmp).
 */
#ifndef FS_ANALYSIS_TABLE_H
#define FS_ANALYSIS_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "analysis/desc.h"
#include "analysis/effect.h"
#include "analysis/group.h"
#include "analysis/multitest.h"
#include "analysis/stats_common.h"
#include "jobs/store.h"

typedef enum fs_table_test {
    FS_TABLE_WELCH = 0,
    FS_TABLE_MWU = 1,
    FS_TABLE_PERM = 2
} fs_table_test;

/* "welch", "mwu", "perm" -> *t; FS_EUSAGE (listing them) otherwise. */
int fs_table_test_parse(const char *s, fs_table_test *t, fs_err *e);
const char *fs_table_test_name(fs_table_test t);
/* "Welch t-test", "Mann-Whitney U test", "permutation test (means)". */
const char *fs_table_test_title(fs_table_test t);

typedef struct fs_table_options {
    const char *const *metrics;  /* names to analyse; NULL/0: every metric */
    size_t n_metrics;
    const char *baseline;        /* fs_cond_find spec; NULL: the sweep's first
                                    condition (fs_cond_set order) */
    fs_table_test test;
    int correct;                 /* 0: no correction (p_adj = p) */
    fs_padjust correction;
    double alpha;                /* in (0, 1) */
    size_t perm_resamples;       /* Monte Carlo budget of perm (9999) */
    uint64_t perm_seed;          /* RNG seed of perm resampling */
} fs_table_options;

/* Defaults: every metric, first condition, welch, holm, 0.05, 9999, 0. */
fs_table_options fs_table_options_default(void);

/* One condition x metric. */
struct fs_table_cell {
    size_t n;                    /* values used (done rows, metric not NaN) */
    size_t n_missing;            /* done rows where the metric is NaN */
    fs_stats_desc desc;          /* all NaN when n == 0 */
};

/* One condition against the baseline for one metric. */
struct fs_table_cmp {
    int valid;                   /* 0 for the baseline row itself */
    fs_test_result test;         /* test.pvalue NaN when untestable */
    double p_adj;                /* corrected p (NaN when p is) */
    double mean_diff;            /* mean(condition) - mean(baseline) */
    fs_effect_sizes eff;         /* NaN when a sample is empty */
    double effect;               /* the one shown: g or Cliff's delta */
    int direction;               /* +1 higher, -1 lower, 0 none/undefined */
    int significant;             /* p_adj <= alpha */
    char verdict[64];            /* "higher, p=0.003", "no difference,
                                    p=0.41", "untestable (n=1 vs 5)" */
};

/* The whole table. Opaque; fields read through the accessors below. */
typedef struct fs_table fs_table;

/* Build the table of d. d must outlive the table. *out is new and owned by
 * the caller. Errors: FS_EUSAGE for an unknown metric (the message lists the
 * store's metrics), an unknown or ambiguous baseline (lists the conditions),
 * bad options; FS_ECONFIG for a store without conditions. Not collective. */
int fs_table_build(const fs_store_data *d, const fs_table_options *o,
                   fs_table **out, fs_err *e);

/* Accepts NULL; sets *t to NULL. */
void fs_table_destroy(fs_table **t);

const fs_store_data *fs_table_store(const fs_table *t);
const fs_cond_set *fs_table_conditions(const fs_table *t);
/* The options used; metrics is NULL, baseline is NULL when the default
 * (first condition) was used, else the chosen condition's short label. */
const fs_table_options *fs_table_opts(const fs_table *t);
size_t fs_table_baseline(const fs_table *t);
size_t fs_table_metric_count(const fs_table *t);
/* Name of analysed metric m; its index in the store via
 * fs_store_data_metric. */
const char *fs_table_metric_name(const fs_table *t, size_t m);
const struct fs_table_cell *fs_table_cell(const fs_table *t, size_t cond,
                                          size_t m);
const struct fs_table_cmp *fs_table_cmp_at(const fs_table *t, size_t cond,
                                           size_t m);
/* Number of valid comparisons (the correction family size) of metric m. */
size_t fs_table_family(const fs_table *t, size_t m);

/* Output. md: a header, a conditions table with job counts, one table per
 * metric and the failed jobs (seed and reason, at most max_failed rows,
 * then a count of the rest). csv: one row per metric x condition with a
 * header line. json: one object (NaN written as null). Write to f. */
void fs_table_write_md(const fs_table *t, FILE *f, size_t max_failed);
void fs_table_write_csv(const fs_table *t, FILE *f);
void fs_table_write_json(const fs_table *t, FILE *f);

/* Verdict text for a p-value: "p=0.003", "p=4.2e-05". buf >= 32 bytes. */
void fs_table_format_p(double p, char *buf, size_t n);

#endif /* FS_ANALYSIS_TABLE_H */
