/* cli/cmd_status.c - `fairsweep status STORE`: how far a sweep is. */
#include "cli/cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jobs/store.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: fairsweep status STORE [--failures N]\n\n"
            "Show how far a sweep is: done / failed / pending jobs per condition\n"
            "(env + algo + parameters, over all seeds), a total, the first failures\n"
            "with their reasons, when the store was last updated and the Slurm jobs\n"
            "that worked on it. Results that are only in the journal (STORE.journal,\n"
            "e.g. after a crash) are counted too. Reads without MPI or mpirun.\n\n"
            "  --failures N   list at most N failures (default 10; 0: none)\n\n"
            "Example:\n"
            "  fairsweep status gne.h5\n");
}

/* One store row: its condition text and current status. */
struct entry {
    char cond[FS_KEY_MAX];
    size_t row;
    int status;
};

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->cond, y->cond);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static void format_time(double t, char *buf, size_t cap)
{
    if (!(t > 0)) {
        snprintf(buf, cap, "never");
        return;
    }
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static struct entry *collect(const struct fs_store_recovery *rec, size_t *n)
{
    const fs_store_data *d = rec->store;
    *n = d ? d->n_jobs : 0;
    struct entry *es = fs_xcalloc(*n ? *n : 1, sizeof *es);
    for (size_t i = 0; i < *n; i++) {
        const struct fs_job *j = &d->jobs[i];
        snprintf(es[i].cond, sizeof es[i].cond, "env=%s algo=%s%s%s", j->env,
                 j->algo, d->params[i][0] ? " " : "", d->params[i]);
        es[i].row = i;
        es[i].status = fs_store_recovery_row(rec, i)->status;
    }
    qsort(es, *n, sizeof *es, cmp_entry);
    return es;
}

static void print_counts(const char *label, int width, const size_t c[3])
{
    printf("%-*s %7zu %7zu %8zu %7zu\n", width, label, c[FS_JOB_DONE],
           c[FS_JOB_FAILED], c[FS_JOB_PENDING],
           c[FS_JOB_DONE] + c[FS_JOB_FAILED] + c[FS_JOB_PENDING]);
}

static void print_conditions(const struct entry *es, size_t n)
{
    int width = (int)strlen("condition");
    for (size_t i = 0; i < n; i++)
        if ((int)strlen(es[i].cond) > width)
            width = (int)strlen(es[i].cond);
    printf("\n%-*s %7s %7s %8s %7s\n", width, "condition", "done", "failed",
           "pending", "total");
    size_t total[3] = {0, 0, 0};
    for (size_t i = 0; i < n;) {
        size_t c[3] = {0, 0, 0}, k = i;
        for (; k < n && strcmp(es[k].cond, es[i].cond) == 0; k++)
            c[es[k].status >= 0 && es[k].status <= 2 ? es[k].status : 0]++;
        print_counts(es[i].cond, width, c);
        for (int s = 0; s < 3; s++)
            total[s] += c[s];
        i = k;
    }
    print_counts("total", width, total);
}

static void print_failures(const struct fs_store_recovery *rec, size_t limit)
{
    const fs_store_data *d = rec->store;
    size_t n_failed = 0;
    for (size_t i = 0; d && i < d->n_jobs; i++)
        n_failed += fs_store_recovery_row(rec, i)->status == FS_JOB_FAILED;
    if (n_failed == 0 || limit == 0)
        return;
    printf("\nfailures (%zu of %zu):\n", n_failed < limit ? n_failed : limit,
           n_failed);
    size_t shown = 0;
    for (size_t i = 0; i < d->n_jobs && shown < limit; i++) {
        const struct fs_result *r = fs_store_recovery_row(rec, i);
        if (r->status != FS_JOB_FAILED)
            continue;
        printf("  %s: %s (attempts %d)\n", d->jobs[i].key,
               r->error[0] ? r->error : "no reason recorded", r->attempts);
        shown++;
    }
}

static void print_header(const char *path, const struct fs_store_recovery *rec)
{
    const fs_store_data *d = rec->store;
    char when[64];
    printf("store    %s\n", path);
    if (d) {
        printf("sweep    %s (written by fairsweep %s, schema %d)\n",
               d->meta.sweep_name[0] ? d->meta.sweep_name : "(unnamed)",
               d->meta.fairsweep_version, d->meta.schema_version);
        format_time(d->meta.updated_at, when, sizeof when);
        printf("updated  %s\n", when);
    } else {
        printf("updated  never consolidated (journal only)\n");
    }
    double latest = 0;
    for (size_t i = 0; i < fs_store_results_count(rec->results); i++) {
        double t = fs_store_results_at(rec->results, i)->finished_at;
        latest = t > latest ? t : latest;
    }
    if (latest > 0) {
        format_time(latest, when, sizeof when);
        printf("latest   result finished %s\n", when);
    }
    if (rec->from_journal > 0 || rec->journal.torn)
        printf("journal  %zu record%s not yet consolidated into the store\n",
               rec->from_journal, rec->from_journal == 1 ? "" : "s");
    if (rec->journal.torn)
        printf("         %zu byte%s of a torn or damaged record ignored (%s)\n",
               rec->journal.bytes_skipped, rec->journal.bytes_skipped == 1 ? "" : "s",
               rec->journal.why);
    if (d && d->meta.slurm_job_ids[0])
        printf("slurm    %s\n", d->meta.slurm_job_ids);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void print_orphans(const struct fs_store_recovery *rec)
{
    size_t n = fs_store_recovery_orphans(rec);
    if (n == 0)
        return;
    size_t n_ids = rec->store ? rec->store->n_jobs : 0;
    uint64_t *ids = fs_xmalloc((n_ids ? n_ids : 1) * sizeof *ids);
    for (size_t i = 0; i < n_ids; i++)
        ids[i] = rec->store->jobs[i].id;
    qsort(ids, n_ids, sizeof *ids, cmp_u64);
    size_t c[3] = {0, 0, 0};
    for (size_t i = 0; i < fs_store_results_count(rec->results); i++) {
        const struct fs_result *r = fs_store_results_at(rec->results, i);
        if (bsearch(&r->job_id, ids, n_ids, sizeof *ids, cmp_u64) == NULL)
            c[r->status >= 0 && r->status <= 2 ? r->status : 0]++;
    }
    free(ids);
    printf("\n%zu journal result%s for jobs not in the store yet "
           "(done %zu, failed %zu); the next run consolidates them\n",
           n, n == 1 ? "" : "s", c[FS_JOB_DONE], c[FS_JOB_FAILED]);
}

int cmd_status(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    const char *path = NULL;
    long limit = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--failures") == 0) {
            char *end = NULL;
            if (i + 1 >= argc)
                return cli_usage_error("status", "--failures needs a number");
            limit = strtol(argv[++i], &end, 10);
            if (*end != '\0' || limit < 0)
                return cli_usage_error("status", "--failures: '%s' is not a count",
                                       argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("status", "unknown option '%s'", argv[i]);
        } else if (path == NULL) {
            path = argv[i];
        } else {
            return cli_usage_error("status", "unexpected argument '%s'", argv[i]);
        }
    }
    if (path == NULL)
        return cli_usage_error("status", "which store? e.g. fairsweep status gne.h5");

    struct fs_store_recovery rec;
    fs_err e = {0};
    if (fs_store_recover(path, &rec, &e) != FS_OK)
        return cli_report(&e);
    if (rec.store == NULL && rec.from_journal == 0) {
        fs_store_recovery_clear(&rec);
        fs_err_set(&e, FS_ENOTFOUND, "%s: no such store (and no journal)", path);
        return cli_report(&e);
    }
    print_header(path, &rec);
    size_t n = 0;
    struct entry *es = collect(&rec, &n);
    print_conditions(es, n);
    free(es);
    print_orphans(&rec);
    print_failures(&rec, (size_t)limit);
    fs_store_recovery_clear(&rec);
    return 0;
}
