/* analysis/table_format.c - the significance table as Markdown, CSV and
 * JSON. See table.h. */
#include "analysis/table.h"
#include "core/csv.h"

#include "analysis/mdtable.h"

#include <math.h>
#include <string.h>

static const char *stat_header(fs_table_test t)
{
    switch (t) {
    case FS_TABLE_WELCH: return "t";
    case FS_TABLE_MWU: return "U";
    case FS_TABLE_PERM: return "diff";
    }
    return "stat";
}

static const char *effect_name(fs_table_test t)
{
    return t == FS_TABLE_MWU ? "Cliff's delta" : "Hedges' g";
}

static const char *effect_header(fs_table_test t)
{
    return t == FS_TABLE_MWU ? "delta" : "g";
}

static const char *correction_title(const fs_table_options *o)
{
    if (!o->correct)
        return "no";
    switch (o->correction) {
    case FS_PADJ_HOLM: return "Holm";
    case FS_PADJ_BONFERRONI: return "Bonferroni";
    case FS_PADJ_BH: return "Benjamini-Hochberg";
    case FS_PADJ_HOLM_SIDAK: return "Holm-Sidak";
    case FS_PADJ_BY: return "Benjamini-Yekutieli";
    }
    return "?";
}

static const char *correction_name(const fs_table_options *o)
{
    return o->correct ? fs_padjust_name(o->correction) : "none";
}

static void md_header(const fs_table *t, FILE *f)
{
    const fs_store_data *d = fs_table_store(t);
    const fs_cond_set *cs = fs_table_conditions(t);
    const fs_table_options *o = fs_table_opts(t);
    size_t done = 0, failed = 0, pending = 0;
    for (size_t c = 0; c < cs->n; c++) {
        done += cs->c[c].n_done;
        failed += cs->c[c].n_failed;
        pending += cs->c[c].n_pending;
    }
    fprintf(f, "# Analysis of %s\n\n", d->path);
    fprintf(f, "Sweep `%s`: %zu jobs in %zu condition%s (%zu done, %zu failed, "
            "%zu pending).\n", d->meta.sweep_name ? d->meta.sweep_name : "",
            d->n_jobs, cs->n, cs->n == 1 ? "" : "s", done, failed, pending);
    fprintf(f, "Baseline: `%s`%s.\n", cs->c[fs_table_baseline(t)].short_label,
            o->baseline ? "" : " (the sweep's first condition; "
                               "choose another with --baseline)");
    fprintf(f, "Test: %s, two-sided; %s correction over the comparisons of "
            "each metric; alpha = %g. Effect size: %s. Means with 95%% t "
            "confidence intervals; IQM = interquartile mean.\n\n",
            fs_table_test_title(o->test), correction_title(o), o->alpha,
            effect_name(o->test));
    fputs("## Conditions\n\n", f);
    static const char *const head[] = {"#", "condition", "jobs", "done",
                                       "failed", "pending"};
    fs_mdtab *tab = fs_mdtab_create(6, head, "rlrrrr");
    for (size_t c = 0; c < cs->n; c++) {
        fs_mdtab_cell(tab, "%zu", c + 1);
        fs_mdtab_cell(tab, "%s", cs->c[c].short_label);
        fs_mdtab_cell(tab, "%zu", cs->c[c].n_rows);
        fs_mdtab_cell(tab, "%zu", cs->c[c].n_done);
        fs_mdtab_cell(tab, "%zu", cs->c[c].n_failed);
        fs_mdtab_cell(tab, "%zu", cs->c[c].n_pending);
    }
    fs_mdtab_write(tab, f);
    fs_mdtab_destroy(&tab);
    fputc('\n', f);
}

static void ci_cell(fs_mdtab *tab, const fs_stats_desc *d)
{
    if (isnan(d->ci_lo))
        fs_mdtab_cell(tab, "NaN");
    else
        fs_mdtab_cell(tab, "[%.4g, %.4g]", d->ci_lo, d->ci_hi);
}

static void md_metric(const fs_table *t, size_t m, FILE *f)
{
    const fs_cond_set *cs = fs_table_conditions(t);
    const fs_table_options *o = fs_table_opts(t);
    fprintf(f, "## Metric `%s`\n\n", fs_table_metric_name(t, m));
    char p_head[48];
    snprintf(p_head, sizeof p_head, "p (%s)", correction_name(o));
    const char *const head[] = {"condition", "n", "mean", "sd", "95% CI",
                                "IQM", stat_header(o->test), "p", p_head,
                                effect_header(o->test), "verdict"};
    fs_mdtab *tab = fs_mdtab_create(11, head, "lrrrlrrrrrl");
    size_t missing = 0;
    for (size_t c = 0; c < cs->n; c++) {
        const struct fs_table_cell *cell = fs_table_cell(t, c, m);
        const struct fs_table_cmp *x = fs_table_cmp_at(t, c, m);
        missing += cell->n_missing;
        fs_mdtab_cell(tab, "%s", cs->c[c].short_label);
        fs_mdtab_cell(tab, "%zu", cell->n);
        fs_mdtab_num(tab, cell->desc.mean);
        fs_mdtab_num(tab, cell->desc.sd);
        ci_cell(tab, &cell->desc);
        fs_mdtab_num(tab, cell->desc.iqm);
        if (!x->valid) {
            for (int k = 0; k < 4; k++)
                fs_mdtab_cell(tab, "%s", "");
            fs_mdtab_cell(tab, "baseline");
            continue;
        }
        fs_mdtab_num(tab, x->test.statistic);
        fs_mdtab_num(tab, x->test.pvalue);
        fs_mdtab_num(tab, x->p_adj);
        fs_mdtab_num(tab, x->effect);
        fs_mdtab_cell(tab, "%s%s%s", x->significant ? "**" : "", x->verdict,
                      x->significant ? "**" : "");
    }
    fs_mdtab_write(tab, f);
    fs_mdtab_destroy(&tab);
    if (missing > 0)
        fprintf(f, "\n%zu done job%s did not report `%s` (not in n).\n",
                missing, missing == 1 ? "" : "s", fs_table_metric_name(t, m));
    fputc('\n', f);
}

static void md_failed(const fs_table *t, FILE *f, size_t max_failed)
{
    const fs_store_data *d = fs_table_store(t);
    const fs_cond_set *cs = fs_table_conditions(t);
    size_t total = 0, shown = 0;
    for (size_t c = 0; c < cs->n; c++)
        total += cs->c[c].n_failed;
    if (total == 0)
        return;
    fprintf(f, "## Failed jobs (%zu)\n\nFailed seeds are not in n above; "
            "rerun them with `fairsweep run CONFIG -o STORE --retry-failed`."
            "\n\n", total);
    static const char *const head[] = {"condition", "seed", "reason"};
    fs_mdtab *tab = fs_mdtab_create(3, head, "lrl");
    for (size_t c = 0; c < cs->n; c++)
        for (size_t i = 0; i < cs->c[c].n_rows && shown < max_failed; i++) {
            size_t r = cs->c[c].rows[i];
            if (d->rows[r].status != FS_JOB_FAILED)
                continue;
            fs_mdtab_cell(tab, "%s", cs->c[c].short_label);
            fs_mdtab_cell(tab, "%lld", (long long)d->jobs[r].seed);
            fs_mdtab_cell(tab, "%s", d->rows[r].error);
            shown++;
        }
    fs_mdtab_write(tab, f);
    fs_mdtab_destroy(&tab);
    if (shown < total)
        fprintf(f, "\n... and %zu more.\n", total - shown);
    fputc('\n', f);
}

void fs_table_write_md(const fs_table *t, FILE *f, size_t max_failed)
{
    md_header(t, f);
    if (fs_table_metric_count(t) == 0)
        fputs("The store holds no metrics.\n\n", f);
    for (size_t m = 0; m < fs_table_metric_count(t); m++)
        md_metric(t, m, f);
    md_failed(t, f, max_failed);
}

/* ---- CSV ---- */

static void csv_num(FILE *f, double x)
{
    fputc(',', f);
    if (isnan(x))
        fputs("NaN", f);
    else
        fprintf(f, "%.17g", x);
}

void fs_table_write_csv(const fs_table *t, FILE *f)
{
    const fs_cond_set *cs = fs_table_conditions(t);
    const fs_table_options *o = fs_table_opts(t);
    fputs("metric,condition,label,baseline,jobs,done,failed,pending,n,"
          "missing,mean,sd,ci_lo,ci_hi,iqm,median,test,statistic,pvalue,"
          "p_adj,correction,mean_diff,hedges_g,cohen_d,cliff_delta,a12,"
          "significant,verdict\n", f);
    for (size_t m = 0; m < fs_table_metric_count(t); m++)
        for (size_t c = 0; c < cs->n; c++) {
            const struct fs_table_cell *cell = fs_table_cell(t, c, m);
            const struct fs_table_cmp *x = fs_table_cmp_at(t, c, m);
            fs_csv_field(f, fs_table_metric_name(t, m));
            fputc(',', f);
            fs_csv_field(f, cs->c[c].short_label);
            fputc(',', f);
            fs_csv_field(f, cs->c[c].label);
            fprintf(f, ",%d,%zu,%zu,%zu,%zu,%zu,%zu",
                    c == fs_table_baseline(t), cs->c[c].n_rows,
                    cs->c[c].n_done, cs->c[c].n_failed, cs->c[c].n_pending,
                    cell->n, cell->n_missing);
            csv_num(f, cell->desc.mean);
            csv_num(f, cell->desc.sd);
            csv_num(f, cell->desc.ci_lo);
            csv_num(f, cell->desc.ci_hi);
            csv_num(f, cell->desc.iqm);
            csv_num(f, cell->desc.median);
            if (!x->valid) {
                fprintf(f, ",%s,,,,%s,,,,,,0,baseline\n",
                        fs_table_test_name(o->test), correction_name(o));
                continue;
            }
            fprintf(f, ",%s", fs_table_test_name(o->test));
            csv_num(f, x->test.statistic);
            csv_num(f, x->test.pvalue);
            csv_num(f, x->p_adj);
            fprintf(f, ",%s", correction_name(o));
            csv_num(f, x->mean_diff);
            csv_num(f, x->eff.hedges_g);
            csv_num(f, x->eff.cohen_d);
            csv_num(f, x->eff.cliff_delta);
            csv_num(f, x->eff.a12);
            fprintf(f, ",%d,", x->significant);
            fs_csv_field(f, x->verdict);
            fputc('\n', f);
        }
}

/* ---- JSON ---- */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void json_num(FILE *f, const char *key, double x)
{
    fprintf(f, ", \"%s\": ", key);
    if (isfinite(x))
        fprintf(f, "%.17g", x);
    else
        fputs("null", f);
}

static void json_condition(const fs_table *t, size_t c, FILE *f)
{
    const fs_store_data *d = fs_table_store(t);
    const struct fs_condition *k = &fs_table_conditions(t)->c[c];
    fputs("    {\"condition\": ", f);
    json_str(f, k->short_label);
    fputs(", \"label\": ", f);
    json_str(f, k->label);
    fprintf(f, ", \"baseline\": %s, \"jobs\": %zu, \"done\": %zu, "
            "\"failed\": %zu, \"pending\": %zu, \"failed_jobs\": [",
            c == fs_table_baseline(t) ? "true" : "false", k->n_rows,
            k->n_done, k->n_failed, k->n_pending);
    int first = 1;
    for (size_t i = 0; i < k->n_rows; i++) {
        size_t r = k->rows[i];
        if (d->rows[r].status != FS_JOB_FAILED)
            continue;
        fprintf(f, "%s{\"seed\": %lld, \"error\": ", first ? "" : ", ",
                (long long)d->jobs[r].seed);
        json_str(f, d->rows[r].error);
        fputc('}', f);
        first = 0;
    }
    fputs("]}", f);
}

static void json_row(const fs_table *t, size_t c, size_t m, FILE *f)
{
    const struct fs_table_cell *cell = fs_table_cell(t, c, m);
    const struct fs_table_cmp *x = fs_table_cmp_at(t, c, m);
    fputs("        {\"condition\": ", f);
    json_str(f, fs_table_conditions(t)->c[c].short_label);
    fprintf(f, ", \"n\": %zu, \"missing\": %zu", cell->n, cell->n_missing);
    json_num(f, "mean", cell->desc.mean);
    json_num(f, "sd", cell->desc.sd);
    json_num(f, "ci_lo", cell->desc.ci_lo);
    json_num(f, "ci_hi", cell->desc.ci_hi);
    json_num(f, "iqm", cell->desc.iqm);
    json_num(f, "median", cell->desc.median);
    fputs(", \"vs_baseline\": ", f);
    if (!x->valid) {
        fputs("null}", f);
        return;
    }
    fputs("{\"test\": ", f);
    json_str(f, x->test.method ? x->test.method : "");
    json_num(f, "statistic", x->test.statistic);
    json_num(f, "df", x->test.df);
    json_num(f, "pvalue", x->test.pvalue);
    json_num(f, "p_adj", x->p_adj);
    json_num(f, "mean_diff", x->mean_diff);
    json_num(f, "hedges_g", x->eff.hedges_g);
    json_num(f, "cohen_d", x->eff.cohen_d);
    json_num(f, "cliff_delta", x->eff.cliff_delta);
    json_num(f, "a12", x->eff.a12);
    fprintf(f, ", \"significant\": %s, \"verdict\": ",
            x->significant ? "true" : "false");
    json_str(f, x->verdict);
    fputs("}}", f);
}

void fs_table_write_json(const fs_table *t, FILE *f)
{
    const fs_store_data *d = fs_table_store(t);
    const fs_cond_set *cs = fs_table_conditions(t);
    const fs_table_options *o = fs_table_opts(t);
    fputs("{\n  \"store\": ", f);
    json_str(f, d->path);
    fputs(",\n  \"sweep\": ", f);
    json_str(f, d->meta.sweep_name ? d->meta.sweep_name : "");
    fputs(",\n  \"baseline\": ", f);
    json_str(f, cs->c[fs_table_baseline(t)].short_label);
    fprintf(f, ",\n  \"test\": \"%s\",\n  \"correction\": \"%s\",\n"
            "  \"alpha\": %.17g,\n  \"conditions\": [\n",
            fs_table_test_name(o->test), correction_name(o), o->alpha);
    for (size_t c = 0; c < cs->n; c++) {
        json_condition(t, c, f);
        fputs(c + 1 < cs->n ? ",\n" : "\n", f);
    }
    fputs("  ],\n  \"metrics\": [\n", f);
    for (size_t m = 0; m < fs_table_metric_count(t); m++) {
        fputs("    {\"metric\": ", f);
        json_str(f, fs_table_metric_name(t, m));
        fprintf(f, ", \"comparisons\": %zu, \"rows\": [\n",
                fs_table_family(t, m));
        for (size_t c = 0; c < cs->n; c++) {
            json_row(t, c, m, f);
            fputs(c + 1 < cs->n ? ",\n" : "\n", f);
        }
        fputs(m + 1 < fs_table_metric_count(t) ? "    ]},\n" : "    ]}\n", f);
    }
    fputs("  ]\n}\n", f);
}
