/* tests/unit/test_analysis_table.c - grouping a store into conditions and
 * the significance table, on a small in-memory store with hand-computed
 * values.
 *
 * The store (jobs in this row order; env none everywhere):
 *   D algo=b x=1  seed 0 done m=10; seed 1 pending      (config condition 1)
 *   A algo=a x=1  seeds 0-3 done m = 1 2 3 4             (config condition 0)
 *   B algo=a x=2  seeds 0-3 done m = 2 4 6 8; seed 4 failed
 *   C algo=a x=3  seeds 0-2 done m = 1 2 3; seed 3 done without m (z=7)
 * Reference numbers: exact fractions by hand; two-sided t p-values from
 * mpmath 1.2.1 (40 digits), p = I_{df/(df+t^2)}(df/2, 1/2):
 *   B vs A: t = sqrt(3), df = 1875/425 -> p = 0.15158050484530394
 *   C vs A: t = -1/sqrt(3), df = 243/49 -> p = 0.58892154928582562
 *   t_{0.975, 3} = 3.1824463052837096.
 */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/group.h"
#include "analysis/mdtable.h"
#include "analysis/table.h"
#include "jobs/store.h"
#include "tests/unit/store_fixture.h"

enum { N_JOBS = 15 };

struct spec {
    const char *algo;
    double x;
    int seed, condition, status;
    double m;      /* NaN: no m */
};

static const struct spec SPECS[N_JOBS] = {
    {"b", 1, 0, 1, FS_JOB_DONE, 10}, {"b", 1, 1, 1, FS_JOB_PENDING, 0},
    {"a", 1, 0, 0, FS_JOB_DONE, 1},  {"a", 1, 1, 0, FS_JOB_DONE, 2},
    {"a", 1, 2, 0, FS_JOB_DONE, 3},  {"a", 1, 3, 0, FS_JOB_DONE, 4},
    {"a", 2, 0, 0, FS_JOB_DONE, 2},  {"a", 2, 1, 0, FS_JOB_DONE, 4},
    {"a", 2, 2, 0, FS_JOB_DONE, 6},  {"a", 2, 3, 0, FS_JOB_DONE, 8},
    {"a", 2, 4, 0, FS_JOB_FAILED, 0},
    {"a", 3, 0, 0, FS_JOB_DONE, 1},  {"a", 3, 1, 0, FS_JOB_DONE, 2},
    {"a", 3, 2, 0, FS_JOB_DONE, 3},  {"a", 3, 3, 0, FS_JOB_DONE, NAN},
};

/* The store as fs_store_open_read would give it (tests/unit/store_fixture.h;
 * the HDF5 round trip is test_store.c's and analyze_cli.sh's business). */
static fs_store_data *read_store(void)
{
    struct fs_job jobs[N_JOBS];
    struct fs_result res[N_JOBS];
    const struct fs_result *given[N_JOBS];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < N_JOBS; i++) {
        struct fs_job *j = &jobs[i];
        snprintf(j->env, sizeof j->env, "none");
        snprintf(j->algo, sizeof j->algo, "%s", SPECS[i].algo);
        j->n_params = 1;
        snprintf(j->params[0].name, FS_NAME_MAX, "x");
        j->params[0].num = SPECS[i].x;
        j->seed = SPECS[i].seed;
        j->condition = SPECS[i].condition;
        assert_int_equal(fs_job_finish(j, NULL), 0);
        given[i] = NULL;
        if (SPECS[i].status == FS_JOB_PENDING)
            continue;
        struct fs_result *r = &res[i];
        fs_result_init(r, j->id);
        r->status = SPECS[i].status;
        if (r->status == FS_JOB_FAILED)
            snprintf(r->error, FS_ERROR_MAX, "NaN return");
        else if (isnan(SPECS[i].m))
            fs_result_metric(r, "z", 7, NULL);
        else
            fs_result_metric(r, "m", SPECS[i].m, NULL);
        given[i] = r;
    }
    fs_store_data *d = fs_test_store_build(jobs, N_JOBS, given, "",
                                           "table-test");
    for (int i = 0; i < N_JOBS; i++)
        if (given[i])
            fs_result_clear(&res[i]);
    return d;
}

static const char *const ONLY_M[] = {"m"};

static fs_table *build(const fs_store_data *d, fs_table_options o)
{
    fs_table *t = NULL;
    fs_err e = {0};
    if (o.n_metrics == 0) {
        o.metrics = ONLY_M;
        o.n_metrics = 1;
    }
    int rc = fs_table_build(d, &o, &t, &e);
    if (rc != 0)
        fail_msg("fs_table_build: %s", e.msg);
    return t;
}

static void test_conditions_in_sweep_order_with_counts(void **state)
{
    (void)state;
    fs_store_data *d = read_store();
    fs_cond_set s;
    assert_int_equal(fs_group_conditions(d, &s, NULL), 0);
    assert_int_equal(s.n, 4);
    static const char *const labels[4] = {
        "env=none algo=a x=1", "env=none algo=a x=2", "env=none algo=a x=3",
        "env=none algo=b x=1"};
    static const char *const shorts[4] = {"algo=a x=1", "algo=a x=2",
                                          "algo=a x=3", "algo=b x=1"};
    static const size_t rows[4] = {4, 5, 4, 2}, done[4] = {4, 4, 4, 1},
                        failed[4] = {0, 1, 0, 0}, pending[4] = {0, 0, 0, 1};
    for (size_t k = 0; k < 4; k++) {
        assert_string_equal(s.c[k].label, labels[k]);
        assert_string_equal(s.c[k].short_label, shorts[k]);
        assert_int_equal(s.c[k].n_rows, rows[k]);
        assert_int_equal(s.c[k].n_done, done[k]);
        assert_int_equal(s.c[k].n_failed, failed[k]);
        assert_int_equal(s.c[k].n_pending, pending[k]);
    }
    assert_int_equal(s.c[0].rows[0], 2);  /* A starts at store row 2 */
    assert_int_equal(s.row_cond[0], 3);   /* row 0 is D */
    assert_int_equal(s.row_cond[10], 1);  /* the failed row is B's */
    fs_cond_set_clear(&s);
    fs_store_data_destroy(&d);
}

static void test_condition_lookup(void **state)
{
    (void)state;
    fs_store_data *d = read_store();
    fs_cond_set s;
    fs_group_conditions(d, &s, NULL);
    size_t k = 99;
    fs_err e = {0};
    assert_int_equal(fs_cond_find(&s, "algo=a x=2", &k, &e), 0);
    assert_int_equal(k, 1);
    assert_int_equal(fs_cond_find(&s, "env=none algo=a x=3", &k, &e), 0);
    assert_int_equal(k, 2);
    assert_int_equal(fs_cond_find(&s, "b", &k, &e), 0);   /* a value */
    assert_int_equal(k, 3);
    assert_int_equal(fs_cond_find(&s, "x=1 a", &k, &e), 0); /* any order */
    assert_int_equal(k, 0);
    assert_int_equal(fs_cond_find(&s, "x=1", &k, &e), FS_EUSAGE);
    assert_non_null(strstr(e.msg, "ambiguous condition 'x=1'"));
    assert_non_null(strstr(e.msg, "'algo=b x=1'"));
    fs_err_clear(&e);
    assert_int_equal(fs_cond_find(&s, "qmix", &k, &e), FS_EUSAGE);
    assert_non_null(strstr(e.msg, "no condition 'qmix'"));
    fs_cond_set_clear(&s);
    fs_store_data_destroy(&d);
}

static void test_summaries_hand_computed(void **state)
{
    (void)state;
    fs_store_data *d = read_store();
    fs_table *t = build(d, fs_table_options_default());
    assert_int_equal(fs_table_baseline(t), 0);
    const struct fs_table_cell *a = fs_table_cell(t, 0, 0);
    assert_int_equal(a->n, 4);
    assert_close(a->desc.mean, 2.5, 0, 1e-15);
    assert_close(a->desc.sd, sqrt(5.0 / 3.0), 0, 1e-14);
    double half = 3.1824463052837096 * sqrt(5.0 / 3.0) / 2;
    assert_close(a->desc.ci_lo, 2.5 - half, 0, 1e-12);
    assert_close(a->desc.ci_hi, 2.5 + half, 0, 1e-12);
    assert_close(a->desc.iqm, 2.5, 0, 1e-15);
    const struct fs_table_cell *b = fs_table_cell(t, 1, 0);
    assert_int_equal(b->n, 4);                  /* the failed seed is out */
    assert_close(b->desc.iqm, 5, 0, 1e-15);     /* mean of 4 and 6 */
    const struct fs_table_cell *c = fs_table_cell(t, 2, 0);
    assert_int_equal(c->n, 3);
    assert_int_equal(c->n_missing, 1);          /* done, but no m */
    assert_close(c->desc.sd, 1, 0, 1e-15);
    const struct fs_table_cell *dd = fs_table_cell(t, 3, 0);
    assert_int_equal(dd->n, 1);
    assert_true(isnan(dd->desc.sd));
    fs_table_destroy(&t);
    assert_null(t);
    fs_store_data_destroy(&d);
}

static void test_welch_holm_against_reference(void **state)
{
    (void)state;
    fs_store_data *d = read_store();
    fs_table *t = build(d, fs_table_options_default());
    const struct fs_table_cmp *b = fs_table_cmp_at(t, 1, 0);
    const struct fs_table_cmp *c = fs_table_cmp_at(t, 2, 0);
    const struct fs_table_cmp *dd = fs_table_cmp_at(t, 3, 0);
    assert_false(fs_table_cmp_at(t, 0, 0)->valid);
    assert_close(b->test.statistic, sqrt(3.0), 0, 1e-13);
    assert_close(b->test.df, 1875.0 / 425.0, 0, 1e-13);
    assert_close(b->test.pvalue, 0.15158050484530394, 0, 1e-9);
    assert_close(c->test.statistic, -1 / sqrt(3.0), 0, 1e-13);
    assert_close(c->test.pvalue, 0.58892154928582562, 0, 1e-9);
    /* Holm over the 2 testable comparisons; D (n = 1) is left out. */
    assert_int_equal(fs_table_family(t, 0), 2);
    assert_close(b->p_adj, 2 * 0.15158050484530394, 0, 1e-9);
    assert_close(c->p_adj, 0.58892154928582562, 0, 1e-9);
    /* Hedges' g = sqrt(1.5) * (1 - 3 / 23). */
    assert_close(b->effect, sqrt(1.5) * 20 / 23, 0, 1e-13);
    assert_close(b->mean_diff, 2.5, 0, 1e-15);
    assert_int_equal(b->direction, 1);
    assert_int_equal(c->direction, -1);
    assert_string_equal(b->verdict, "no difference, p=0.303");
    assert_string_equal(c->verdict, "no difference, p=0.589");
    assert_true(isnan(dd->p_adj));
    assert_string_equal(dd->verdict, "untestable (n=1 vs 4)");
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
}

static void test_no_correction_alpha_and_baseline(void **state)
{
    (void)state;
    fs_store_data *d = read_store();
    fs_table_options o = fs_table_options_default();
    o.correct = 0;
    o.alpha = 0.2;
    fs_table *t = build(d, o);
    const struct fs_table_cmp *b = fs_table_cmp_at(t, 1, 0);
    assert_close(b->p_adj, 0.15158050484530394, 0, 1e-9);
    assert_true(b->significant);
    assert_string_equal(b->verdict, "higher, p=0.152");
    fs_table_destroy(&t);
    o.baseline = "x=2";
    t = build(d, o);
    assert_int_equal(fs_table_baseline(t), 1);
    assert_string_equal(fs_table_opts(t)->baseline, "algo=a x=2");
    b = fs_table_cmp_at(t, 0, 0);               /* A vs B now */
    assert_close(b->test.statistic, -sqrt(3.0), 0, 1e-13);
    assert_string_equal(b->verdict, "lower, p=0.152");
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
}

static void test_mwu_uses_cliffs_delta(void **state)
{
    (void)state;
    fs_store_data *d = read_store();
    fs_table_options o = fs_table_options_default();
    o.test = FS_TABLE_MWU;
    fs_table *t = build(d, o);
    const struct fs_table_cmp *b = fs_table_cmp_at(t, 1, 0);
    /* B = {2,4,6,8} vs A = {1,2,3,4}: 12 wins and 2 ties -> U = 13,
     * delta = (12 - 2) / 16. */
    assert_close(b->test.statistic, 13, 0, 0);
    assert_string_equal(b->test.method, "asymptotic");
    assert_close(b->effect, 0.625, 0, 1e-15);
    assert_close(b->eff.a12, 13.0 / 16.0, 0, 1e-15);
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
}

static void test_bad_names_and_all_metrics(void **state)
{
    (void)state;
    fs_store_data *d = read_store();
    fs_table_options o = fs_table_options_default();
    static const char *const bad[] = {"m", "nope"};
    o.metrics = bad;
    o.n_metrics = 2;
    fs_table *t = NULL;
    fs_err e = {0};
    assert_int_equal(fs_table_build(d, &o, &t, &e), FS_EUSAGE);
    assert_null(t);
    assert_string_equal(e.msg, "unknown metric 'nope'; metrics are: m, z");
    o = fs_table_options_default();
    o.baseline = "nothing";
    fs_err_clear(&e);
    assert_int_equal(fs_table_build(d, &o, &t, &e), FS_EUSAGE);
    assert_non_null(strstr(e.msg, "no condition 'nothing'"));
    o = fs_table_options_default();
    assert_int_equal(fs_table_build(d, &o, &t, &e), 0);  /* all metrics */
    assert_int_equal(fs_table_metric_count(t), 2);
    assert_string_equal(fs_table_metric_name(t, 1), "z");
    assert_int_equal(fs_table_cell(t, 0, 1)->n, 0);      /* A has no z */
    assert_true(isnan(fs_table_cell(t, 0, 1)->desc.mean));
    assert_string_equal(fs_table_cmp_at(t, 2, 1)->verdict,
                        "untestable (n=1 vs 0)");
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
}

static char *render(const fs_table *t, int format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    if (format == 0)
        fs_table_write_md(t, f, 10);
    else if (format == 1)
        fs_table_write_csv(t, f);
    else
        fs_table_write_json(t, f);
    fclose(f);
    return buf;
}

/* Collapse runs of spaces (the Markdown columns are padded). */
static void squeeze(char *s)
{
    char *out = s;
    for (char *p = s; *p; p++)
        if (!(*p == ' ' && out > s && out[-1] == ' '))
            *out++ = *p;
    *out = '\0';
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_outputs_report_failed_seeds(void **state)
{
    (void)state;
    fs_store_data *d = read_store();
    fs_table *t = build(d, fs_table_options_default());
    char *md = render(t, 0);
    squeeze(md);
    assert_non_null(strstr(md, "15 jobs in 4 conditions (13 done, 1 failed, "
                               "1 pending)"));
    assert_non_null(strstr(md, "Baseline: `algo=a x=1` (the sweep's first"));
    assert_non_null(strstr(md, "| algo=a x=2 | 5 | 4 | 1 | 0 |"));
    assert_non_null(strstr(md, "## Failed jobs (1)"));
    assert_non_null(strstr(md, "| algo=a x=2 | 4 | NaN return |"));
    assert_non_null(strstr(md, "1 done job did not report `m`"));
    assert_non_null(strstr(md, "| algo=a x=2 | 4 | 5 | 2.582 | [0.8915, 9.109] "
                               "| 5 | 1.732 | 0.1516 | 0.3032 | 1.065 | "
                               "no difference, p=0.303 |"));
    char *csv = render(t, 1);
    assert_int_equal(count_lines(csv), 1 + 4);
    assert_non_null(strstr(csv, "m,algo=a x=2,env=none algo=a x=2,0,5,4,1,0,"
                                "4,0,5,"));
    char *json = render(t, 2);
    assert_non_null(strstr(json, "\"failed_jobs\": [{\"seed\": 4, \"error\": "
                                 "\"NaN return\"}]"));
    assert_non_null(strstr(json, "\"verdict\": \"untestable (n=1 vs 4)\""));
    free(md);
    free(csv);
    free(json);
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
}

static void test_pending_only_and_empty_stores(void **state)
{
    (void)state;
    struct fs_job jobs[2];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < 2; i++) {
        snprintf(jobs[i].env, FS_NAME_MAX, "none");
        snprintf(jobs[i].algo, FS_NAME_MAX, "a");
        jobs[i].seed = i;
        assert_int_equal(fs_job_finish(&jobs[i], NULL), 0);
    }
    const struct fs_result *none[2] = {NULL, NULL};
    fs_store_data *d = fs_test_store_build(jobs, 2, none, "", "p");
    fs_table_options o = fs_table_options_default();
    fs_table *t = NULL;
    fs_err e = {0};
    assert_int_equal(fs_table_build(d, &o, &t, &e), 0);
    assert_int_equal(fs_table_conditions(t)->n, 1);
    assert_string_equal(fs_table_conditions(t)->c[0].short_label,
                        "env=none algo=a");
    assert_int_equal(fs_table_conditions(t)->c[0].n_pending, 2);
    char *md = render(t, 0);
    assert_non_null(strstr(md, "The store holds no metrics."));
    free(md);
    char *json = render(t, 2);
    assert_non_null(strstr(json, "\"metrics\": [\n  ]"));
    free(json);
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
    d = fs_test_store_build(jobs, 0, none, "", "empty");
    assert_int_equal(fs_table_build(d, &o, &t, &e), FS_ECONFIG);
    assert_non_null(strstr(e.msg, "holds no jobs"));
    fs_store_data_destroy(&d);
}

static void test_mdtable_alignment(void **state)
{
    (void)state;
    static const char *const head[] = {"name", "n"};
    fs_mdtab *tab = fs_mdtab_create(2, head, "lr");
    fs_mdtab_cell(tab, "a|b");
    fs_mdtab_num(tab, 12.5);
    fs_mdtab_cell(tab, "long name");
    fs_mdtab_num(tab, NAN);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fs_mdtab_write(tab, f);
    fclose(f);
    assert_string_equal(buf, "| name      |    n |\n"
                             "| --------- | ---: |\n"
                             "| a\\|b      | 12.5 |\n"
                             "| long name |  NaN |\n");
    free(buf);
    fs_mdtab_destroy(&tab);
    assert_null(tab);
}

static void test_format_p(void **state)
{
    (void)state;
    char b[32];
    fs_table_format_p(0.0031, b, sizeof b);
    assert_string_equal(b, "p=0.003");
    fs_table_format_p(4.2e-5, b, sizeof b);
    assert_string_equal(b, "p=4.2e-05");
    fs_table_format_p(1, b, sizeof b);
    assert_string_equal(b, "p=1.000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conditions_in_sweep_order_with_counts),
        cmocka_unit_test(test_condition_lookup),
        cmocka_unit_test(test_summaries_hand_computed),
        cmocka_unit_test(test_welch_holm_against_reference),
        cmocka_unit_test(test_no_correction_alpha_and_baseline),
        cmocka_unit_test(test_mwu_uses_cliffs_delta),
        cmocka_unit_test(test_bad_names_and_all_metrics),
        cmocka_unit_test(test_outputs_report_failed_seeds),
        cmocka_unit_test(test_pending_only_and_empty_stores),
        cmocka_unit_test(test_mdtable_alignment),
        cmocka_unit_test(test_format_p),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
