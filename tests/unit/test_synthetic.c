/* tests/unit/test_synthetic.c - the `synthetic` test fixture and the
 * learner registry. */
#include "tests/unit/test_common.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/rng.h"
#include "learners/learner.h"

/* A synthetic job with the given "name=value" parameters (numbers, or text
 * for `fail`). */
static struct fs_job make_job(int64_t seed, const char *const *params, int n)
{
    struct fs_job job = {0};
    strcpy(job.env, "none");
    strcpy(job.algo, "synthetic");
    job.seed = seed;
    for (int i = 0; i < n; i++) {
        struct fs_param *p = &job.params[job.n_params++];
        const char *eq = strchr(params[i], '=');
        snprintf(p->name, sizeof p->name, "%.*s", (int)(eq - params[i]), params[i]);
        if (strcmp(p->name, "fail") == 0) {
            p->is_text = 1;
            snprintf(p->text, sizeof p->text, "%s", eq + 1);
        } else {
            p->num = strtod(eq + 1, NULL);
        }
    }
    fs_err e = {0};
    assert_int_equal(fs_job_finish(&job, &e), FS_OK);
    return job;
}

static const struct fs_settings settings = {.name = "t", .seed = 42, .max_attempts = 1};

static int run(const struct fs_job *job, const struct fs_settings *s,
               struct fs_result *r)
{
    const struct fs_learner *l = fs_learner_find("synthetic");
    assert_non_null(l);
    fs_result_init(r, job->id);
    fs_err e = {0};
    return l->run(job, s, r, &e);
}

static double metric(const struct fs_result *r, const char *name)
{
    for (int i = 0; i < r->n_metrics; i++)
        if (strcmp(r->metrics[i].name, name) == 0)
            return r->metrics[i].value;
    fail_msg("no metric %s", name);
    return 0;
}

static void test_registry_finds_synthetic(void **state)
{
    (void)state;
    assert_true(fs_learner_count() >= 1);
    assert_string_equal(fs_learner_at(0)->name, "synthetic");
    assert_null(fs_learner_at(fs_learner_count()));
    const struct fs_learner *l = fs_learner_find("synthetic");
    assert_ptr_equal(l, fs_learner_at(0));
    assert_null(fs_learner_find("synth"));
    const struct fs_param_spec *p = fs_learner_param(l, "fail");
    assert_non_null(p);
    assert_int_equal(p->type, FS_PARAM_TEXT);
    assert_string_equal(p->choices, "none|segv|nan|hang|oom");
    assert_null(fs_learner_param(l, "nope"));
}

/* The documented recipe, recomputed here from the same RNG stream. */
static void test_metrics_follow_the_documented_recipe(void **state)
{
    (void)state;
    const char *const p[] = {"quality=0.7", "noise=0.2", "points=0"};
    struct fs_job job = make_job(3, p, 3);
    struct fs_result r;
    assert_int_equal(run(&job, &settings, &r), FS_OK);
    fs_rng rng;
    fs_rng_init(&rng, settings.seed, job.id, FS_RNG_USER);
    double ret = 0.7 + 0.2 * fs_rng_normal(&rng);
    double u[4], s = 0, s2 = 0, d = 0;
    for (int i = 0; i < 4; i++) {
        u[i] = 0.1 + fs_rng_uniform(&rng);
        s += u[i];
        s2 += u[i] * u[i];
    }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            d += fabs(u[i] - u[j]);
    assert_true(metric(&r, "return") == ret);
    assert_close(metric(&r, "jfi"), s * s / (4 * s2), 1e-15, 0);
    assert_close(metric(&r, "gini"), d / (8 * s), 1e-15, 0);
    assert_true(metric(&r, "jfi") >= 0.25 && metric(&r, "jfi") <= 1.0);
    assert_int_equal(r.n_curves, 0);
    fs_result_clear(&r);
}

static void test_same_job_is_bitwise_identical(void **state)
{
    (void)state;
    const char *const p[] = {"quality=0.5", "work_us=50", "points=64"};
    struct fs_job job = make_job(1, p, 3);
    struct fs_result a, b;
    assert_int_equal(run(&job, &settings, &a), FS_OK);
    assert_int_equal(run(&job, &settings, &b), FS_OK);
    assert_int_equal(a.n_metrics, 3);
    assert_int_equal(a.n_metrics, b.n_metrics);
    assert_memory_equal(a.metrics, b.metrics, sizeof a.metrics);
    assert_int_equal(a.n_curves, 1);
    assert_string_equal(a.curves[0].name, "return");
    assert_int_equal(a.curves[0].n, 64);
    assert_memory_equal(a.curves[0].points, b.curves[0].points, 64 * sizeof(double));
    fs_result_clear(&a);
    fs_result_clear(&b);
}

static void test_seeds_and_sweep_seed_change_results(void **state)
{
    (void)state;
    const char *const p[] = {"quality=0.5"};
    struct fs_job j0 = make_job(0, p, 1), j1 = make_job(1, p, 1);
    struct fs_result a, b, c;
    struct fs_settings other = settings;
    other.seed = 43;
    run(&j0, &settings, &a);
    run(&j1, &settings, &b);
    run(&j0, &other, &c);
    assert_true(metric(&a, "return") != metric(&b, "return"));
    assert_true(metric(&a, "return") != metric(&c, "return"));
    assert_true(metric(&a, "jfi") != metric(&b, "jfi"));
    fs_result_clear(&a);
    fs_result_clear(&b);
    fs_result_clear(&c);
}

static void test_noise_free_return_equals_quality(void **state)
{
    (void)state;
    const char *const p[] = {"quality=0.25", "noise=0", "points=200"};
    struct fs_job job = make_job(9, p, 3);
    struct fs_result r;
    run(&job, &settings, &r);
    assert_true(metric(&r, "return") == 0.25);
    /* the curve rises to 0.25 * (1 - e^-5) at its last point */
    assert_close(r.curves[0].points[199], 0.25 * (1 - exp(-5.0)), 1e-15, 0);
    assert_close(r.curves[0].points[0], 0.25 * (1 - exp(-5.0 / 200)), 1e-15, 0);
    fs_result_clear(&r);
}

static void test_fail_nan_only_for_chosen_seed(void **state)
{
    (void)state;
    const char *const p[] = {"fail=nan", "fail_seed=2"};
    struct fs_job hit = make_job(2, p, 2), miss = make_job(1, p, 2);
    struct fs_result a, b;
    assert_int_equal(run(&hit, &settings, &a), FS_OK);
    assert_int_equal(run(&miss, &settings, &b), FS_OK);
    assert_true(isnan(metric(&a, "return")));
    assert_true(isfinite(metric(&b, "return")));
    const char *const all[] = {"fail=nan"};
    struct fs_job any = make_job(5, all, 1);
    struct fs_result c;
    run(&any, &settings, &c);
    assert_true(isnan(metric(&c, "return")));
    fs_result_clear(&a);
    fs_result_clear(&b);
    fs_result_clear(&c);
}

static void test_cost_is_work_in_seconds(void **state)
{
    (void)state;
    const char *const p[] = {"work_us=2500"};
    struct fs_job job = make_job(0, p, 1), none = make_job(0, NULL, 0);
    const struct fs_learner *l = fs_learner_find("synthetic");
    assert_close(l->cost(&job, &settings), 2.5e-3, 1e-18, 0);
    assert_close(l->cost(&none, &settings), 0, 0, 0);
}

/* Run a job in a child process; returns the wait status. */
static int run_in_child(const struct fs_job *job, long mem_limit_mb, int kill_after_ms)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL); /* not cmocka's (or ASan's) handler */
        if (mem_limit_mb > 0) {
            struct rlimit rl = {(rlim_t)mem_limit_mb << 20, (rlim_t)mem_limit_mb << 20};
            setrlimit(RLIMIT_AS, &rl);
        }
        struct fs_result r;
        fs_result_init(&r, job->id);
        fs_err e = {0};
        int rc = fs_learner_find("synthetic")->run(job, &settings, &r, &e);
        _exit(rc == FS_ENUMERIC ? 42 : rc == 0 ? 0 : 1);
    }
    if (kill_after_ms > 0) {
        struct timespec ts = {0, kill_after_ms * 1000000L};
        nanosleep(&ts, NULL);
        int status;
        assert_int_equal(waitpid(pid, &status, WNOHANG), 0); /* still running */
        kill(pid, SIGKILL);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void test_fail_segv_kills_the_process(void **state)
{
    (void)state;
    const char *const p[] = {"fail=segv"};
    struct fs_job job = make_job(0, p, 1);
    int status = run_in_child(&job, 0, 0);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGSEGV);
}

static void test_fail_hang_keeps_running(void **state)
{
    (void)state;
    const char *const p[] = {"fail=hang"};
    struct fs_job job = make_job(0, p, 1);
    int status = run_in_child(&job, 0, 150);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);
}

static void test_fail_oom_reports_out_of_memory(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip(); /* ASan reserves terabytes of address space; RLIMIT_AS breaks it */
#else
    const char *const p[] = {"fail=oom"};
    struct fs_job job = make_job(0, p, 1);
    int status = run_in_child(&job, 512, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 42);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_finds_synthetic),
        cmocka_unit_test(test_metrics_follow_the_documented_recipe),
        cmocka_unit_test(test_same_job_is_bitwise_identical),
        cmocka_unit_test(test_seeds_and_sweep_seed_change_results),
        cmocka_unit_test(test_noise_free_return_equals_quality),
        cmocka_unit_test(test_fail_nan_only_for_chosen_seed),
        cmocka_unit_test(test_cost_is_work_in_seconds),
        cmocka_unit_test(test_fail_segv_kills_the_process),
        cmocka_unit_test(test_fail_hang_keeps_running),
        cmocka_unit_test(test_fail_oom_reports_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
