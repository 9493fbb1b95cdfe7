/* cli/cmd_export.c - `fairsweep export STORE --csv [-o FILE]`. */
#include "cli/cli.h"
#include "core/csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs/store.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: fairsweep export STORE --csv [-o FILE]\n\n"
            "Write one CSV row per job of the store (RFC 4180 quoting): key, env,\n"
            "algo, params, seed, status (done/failed/pending), attempts, wall_s,\n"
            "error, then one column per metric (sorted by name; empty where the\n"
            "job has no value). Results still only in the journal are included.\n"
            "Numbers are printed in their shortest exact form.\n\n"
            "  --csv       CSV output (the only format so far)\n"
            "  -o FILE     write to FILE instead of standard output\n\n"
            "Example:\n"
            "  fairsweep export gne.h5 --csv -o gne.csv\n");
}

/* One CSV field, after a comma unless it is the first of its line. */
static void put_field(FILE *f, const char *s, int first)
{
    if (!first)
        fputc(',', f);
    fs_csv_field(f, s);
}

static void put_number(FILE *f, double x)
{
    char buf[32] = "";
    if (!isnan(x))
        fs_job_format_number(x, buf);
    put_field(f, buf, 0);
}

static const char *status_name(int s)
{
    return s == FS_JOB_DONE ? "done" : s == FS_JOB_FAILED ? "failed" : "pending";
}

struct names {
    size_t n, cap;
    char (*v)[FS_NAME_MAX];
};

static void add_name(struct names *s, const char *name)
{
    for (size_t j = 0; j < s->n; j++)
        if (strcmp(s->v[j], name) == 0)
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->v = fs_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    memset(s->v[s->n], 0, FS_NAME_MAX);
    memcpy(s->v[s->n++], name, strnlen(name, FS_NAME_MAX - 1));
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Sorted union of the store's metric names and those of the merged results. */
static struct names metric_names(const struct fs_store_recovery *rec)
{
    struct names s = {0, 0, NULL};
    for (size_t m = 0; rec->store && m < rec->store->n_metrics; m++)
        add_name(&s, rec->store->metric_names[m]);
    for (size_t i = 0; i < fs_store_results_count(rec->results); i++) {
        const struct fs_result *r = fs_store_results_at(rec->results, i);
        for (int m = 0; m < r->n_metrics; m++)
            add_name(&s, r->metrics[m].name);
    }
    if (s.n)
        qsort(s.v, s.n, sizeof *s.v, cmp_name);
    return s;
}

static double metric_value(const struct fs_result *r, const char *name)
{
    for (int m = 0; m < r->n_metrics; m++)
        if (strcmp(r->metrics[m].name, name) == 0)
            return r->metrics[m].value;
    return NAN;
}

static void write_csv(FILE *f, const struct fs_store_recovery *rec)
{
    struct names s = metric_names(rec);
    char (*names)[FS_NAME_MAX] = s.v;
    size_t n_names = s.n;
    static const char *const head[] = {"key", "env", "algo", "params", "seed",
                                       "status", "attempts", "wall_s", "error"};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        put_field(f, head[i], i == 0);
    for (size_t m = 0; m < n_names; m++)
        put_field(f, names[m], 0);
    fputc('\n', f);
    const fs_store_data *d = rec->store;
    for (size_t i = 0; d && i < d->n_jobs; i++) {
        const struct fs_job *j = &d->jobs[i];
        const struct fs_result *r = fs_store_recovery_row(rec, i);
        char num[32];
        put_field(f, j->key, 1);
        put_field(f, j->env, 0);
        put_field(f, j->algo, 0);
        put_field(f, d->params[i], 0);
        snprintf(num, sizeof num, "%lld", (long long)j->seed);
        put_field(f, num, 0);
        put_field(f, status_name(r->status), 0);
        snprintf(num, sizeof num, "%d", r->attempts);
        put_field(f, num, 0);
        put_number(f, r->status == FS_JOB_PENDING ? NAN : r->wall_s);
        put_field(f, r->error, 0);
        for (size_t m = 0; m < n_names; m++)
            put_number(f, metric_value(r, names[m]));
        fputc('\n', f);
    }
    free(names);
}

int cmd_export(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    const char *path = NULL, *out = NULL;
    int csv = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0) {
            csv = 1;
        } else if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("export", "%s needs a file name", argv[i]);
            out = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("export", "unknown option '%s'", argv[i]);
        } else if (path == NULL) {
            path = argv[i];
        } else {
            return cli_usage_error("export", "unexpected argument '%s'", argv[i]);
        }
    }
    if (path == NULL)
        return cli_usage_error("export", "which store? e.g. fairsweep export gne.h5 --csv");
    if (!csv)
        return cli_usage_error("export", "choose a format: --csv");

    struct fs_store_recovery rec;
    fs_err e = {0};
    if (fs_store_recover(path, &rec, &e) != FS_OK)
        return cli_report(&e);
    if (rec.store == NULL) {
        fs_store_recovery_clear(&rec);
        fs_err_set(&e, FS_ENOTFOUND, "%s: no such store", path);
        return cli_report(&e);
    }
    FILE *f = out ? fopen(out, "w") : stdout;
    if (f == NULL) {
        fs_err_set(&e, FS_EIO, "%s: cannot write: %s", out, strerror(errno));
    } else {
        write_csv(f, &rec);
        int bad = out ? fclose(f) != 0 : (fflush(f) != 0 || ferror(f));
        if (bad)
            fs_err_set(&e, FS_EIO, "%s: write failed: %s", out ? out : "stdout",
                       strerror(errno));
    }
    size_t orphans = fs_store_recovery_orphans(&rec);
    if (orphans && e.status == FS_OK)
        fprintf(stderr,
                "fairsweep export: %zu journal result%s for jobs not in the store "
                "were not exported (the next run consolidates them)\n",
                orphans, orphans == 1 ? "" : "s");
    fs_store_recovery_clear(&rec);
    return cli_report(&e);
}
