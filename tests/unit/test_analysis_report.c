/* tests/unit/test_analysis_report.c - fairsweep report on a small store
 * with beta_train x beta_test conditions (in memory): the plot data
 * holds hand-computed numbers, gnuplot writes valid PNGs, report.md links
 * them, and a missing gnuplot is a clear error.
 *
 * Store: algo fair, beta_train in {0, 0.5} x beta_test in {0, 1}, seeds
 * 0..2; return = 1 + bt + 2 bs + 0.1 s, gini = 0.5 - 0.2 bt - 0.1 bs +
 * 0.01 s; curve `return`, 4 points k: return * (k + 1) / 4.
 * Means: (0,0) return 1.1 gini 0.51; (0,1) 3.1, 0.41; (0.5,0) 1.6, 0.41;
 * (0.5,1) 3.6, 0.31 - which dominates the others (higher return, lower
 * gini), so the Pareto front is that one point.
 */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/report.h"
#include "analysis/table.h"
#include "jobs/store.h"
#include "tests/unit/store_fixture.h"

enum { N_COND = 4, N_SEEDS = 3, N_JOBS = N_COND * N_SEEDS };

static char dir[64];

static fs_store_data *read_store(void)
{
    static const double bt[N_COND] = {0, 0, 0.5, 0.5}, bs[N_COND] = {0, 1, 0, 1};
    struct fs_job jobs[N_JOBS];
    struct fs_result res[N_JOBS];
    const struct fs_result *given[N_JOBS];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < N_JOBS; i++) {
        int c = i / N_SEEDS, s = i % N_SEEDS;
        struct fs_job *j = &jobs[i];
        snprintf(j->env, sizeof j->env, "none");
        snprintf(j->algo, sizeof j->algo, "fair");
        j->n_params = 2;
        snprintf(j->params[0].name, FS_NAME_MAX, "beta_train");
        j->params[0].num = bt[c];
        snprintf(j->params[1].name, FS_NAME_MAX, "beta_test");
        j->params[1].num = bs[c];
        j->seed = s;
        assert_int_equal(fs_job_finish(j, NULL), 0);
        fs_result_init(&res[i], j->id);
        res[i].status = FS_JOB_DONE;
        double ret = 1 + bt[c] + 2 * bs[c] + 0.1 * s;
        fs_result_metric(&res[i], "return", ret, NULL);
        fs_result_metric(&res[i], "gini", 0.5 - 0.2 * bt[c] - 0.1 * bs[c] +
                         0.01 * s, NULL);
        double curve[4];
        for (int k = 0; k < 4; k++)
            curve[k] = ret * (k + 1) / 4;
        fs_result_curve(&res[i], "return", curve, 4, NULL);
        given[i] = &res[i];
    }
    fs_store_data *d = fs_test_store_build(jobs, N_JOBS, given,
                                           "budget.env_steps: 400\n",
                                           "report-test");
    for (int i = 0; i < N_JOBS; i++)
        fs_result_clear(&res[i]);
    return d;
}

static int have_gnuplot(void)
{
    return system("gnuplot --version > /dev/null 2>&1") == 0;
}

static char *slurp(const char *sub, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int is_png(const char *sub, const char *name)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n',
                                         0x1a, '\n'};
    char path[256];
    unsigned char head[8] = {0};
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(head, 1, 8, f);
    fclose(f);
    return n == 8 && memcmp(head, sig, 8) == 0;
}

static int make_report(const char *sub, const fs_report_options *o,
                       fs_err *e)
{
    fs_store_data *d = read_store();
    fs_table *t = NULL;
    fs_table_options to = fs_table_options_default();
    assert_int_equal(fs_table_build(d, &to, &t, e), 0);
    char out[160];
    snprintf(out, sizeof out, "%s/%s", dir, sub);
    int rc = fs_report_write(t, out, o, e);
    fs_table_destroy(&t);
    fs_store_data_destroy(&d);
    return rc;
}

static void test_plots_and_markdown(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    fs_err e = {0};
    if (make_report("r", NULL, &e) != 0)
        fail_msg("report: %s", e.msg);
    static const char *const pngs[] = {
        "curve-return.png", "pareto.png", "box-gini.png", "box-return.png",
        "heat-gini-1.png", "heat-return-2.png"};
    char *md = slurp("r", "report.md");
    for (size_t i = 0; i < sizeof pngs / sizeof pngs[0]; i++) {
        assert_true(is_png("r", pngs[i]));
        char link[96];
        snprintf(link, sizeof link, "](%s)", pngs[i]);
        assert_non_null(strstr(md, link));
    }
    assert_non_null(strstr(md, "## Metric `return`"));
    assert_non_null(strstr(md, "Fairness (`gini`, lower is fairer)"));
    free(md);
}

static void test_plot_data_hand_computed(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    fs_err e = {0};
    if (make_report("r2", NULL, &e) != 0)
        fail_msg("report: %s", e.msg);
    /* The front: (3.6, 0.31) only. */
    char *front = slurp("r2/data", "pareto-front.dat");
    char *line = strchr(front, '\n') + 1;            /* skip the comment */
    char *end;
    assert_close(strtod(line, &end), 3.6, 1e-12, 0);
    assert_close(strtod(end, &end), 0.31, 1e-12, 0);
    assert_string_equal(end, "\n");
    free(front);
    /* Heatmap of return: rows "i j mean", beta_test-major. */
    char *heat = slurp("r2/data", "heat-return-2.dat");
    static const double want[4][3] = {
        {0, 0, 1.1}, {1, 0, 1.6}, {0, 1, 3.1}, {1, 1, 3.6}};
    char *p = heat;
    for (int k = 0; k < 4; k++)
        for (int c = 0; c < 3; c++)
            assert_close(strtod(p, &p), want[k][c], 1e-12, 0);
    free(heat);
    /* Curve of condition 1 at point 4 (x = 400 steps): mean 1.1, and the
     * 95% CI 1.1 -+ t(0.975, 2) * 0.1 / sqrt(3), t = 4.302652729749464
     * (R: qt(0.975, 2)). */
    char *curve = slurp("r2/data", "curve-return.dat");
    char *row = strstr(curve, "\n400 ");
    assert_non_null(row);
    p = row + 1;
    assert_close(strtod(p, &p), 400, 0, 0);
    assert_close(strtod(p, &p), 1.1, 1e-12, 0);
    double half = 4.302652729749464 * 0.1 / sqrt(3.0);
    assert_close(strtod(p, &p), 1.1 - half, 1e-9, 0);
    assert_close(strtod(p, &p), 1.1 + half, 1e-9, 0);
    free(curve);
}

static void test_missing_gnuplot_and_bad_metric(void **state)
{
    (void)state;
    fs_report_options o = {NULL, NULL, "/nonexistent/gnuplot"};
    fs_err e = {0};
    assert_int_equal(make_report("r3", &o, &e), FS_ENOTFOUND);
    assert_non_null(strstr(e.msg, "gnuplot-nox"));
    fs_err_clear(&e);
    fs_report_options bad = {"nope", NULL, NULL};
    assert_int_equal(make_report("r4", &bad, &e), FS_EUSAGE);
    assert_string_equal(e.msg, "unknown utility metric 'nope'; metrics are: "
                               "gini, return");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/fs_test_report_XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plots_and_markdown),
        cmocka_unit_test(test_plot_data_hand_computed),
        cmocka_unit_test(test_missing_gnuplot_and_bad_metric),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!getenv("FS_TEST_KEEP") && system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
