/* tests/unit/test_assign_learner.c - the `assign` algorithm plug-in and the
 * `assign` environment: metrics, paired instances, determinism. */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/assign.h"
#include "envs/env.h"
#include "learners/learner.h"

/* An assign job from "name=value" items; values that do not parse as
 * numbers are texts. */
static struct fs_job make_job(int64_t seed, const char *const *params, int n)
{
    struct fs_job job = {0};
    strcpy(job.env, "assign");
    strcpy(job.algo, "assign");
    job.seed = seed;
    for (int i = 0; i < n; i++) {
        struct fs_param *p = &job.params[job.n_params++];
        const char *eq = strchr(params[i], '=');
        snprintf(p->name, sizeof p->name, "%.*s", (int)(eq - params[i]), params[i]);
        char *end;
        p->num = strtod(eq + 1, &end);
        if (*end) {
            p->is_text = 1;
            snprintf(p->text, sizeof p->text, "%s", eq + 1);
        }
    }
    fs_err e = {0};
    assert_int_equal(fs_job_finish(&job, &e), FS_OK);
    return job;
}

static const struct fs_settings settings = {.name = "t", .seed = 42, .max_attempts = 1};

static int run(const struct fs_job *job, struct fs_result *r, fs_err *e)
{
    const struct fs_learner *l = fs_learner_find("assign");
    assert_non_null(l);
    fs_result_init(r, job->id);
    return l->run(job, &settings, r, e);
}

static double metric(const struct fs_result *r, const char *name)
{
    for (int i = 0; i < r->n_metrics; i++)
        if (strcmp(r->metrics[i].name, name) == 0)
            return r->metrics[i].value;
    return NAN;
}

static void test_registered_with_env(void **state)
{
    (void)state;
    const struct fs_learner *l = fs_learner_find("assign");
    assert_non_null(l);
    assert_string_equal(l->envs[0], "assign");
    assert_null(l->envs[1]);
    const struct fs_env_class *env = fs_env_find("assign");
    assert_non_null(env);
    assert_null(env->ops);
    assert_non_null(fs_learner_param(l, "alpha"));
}

/* Seed 004, Table 3, functional test 2: Nash row 0.93 / 1 / 0.91 / 1. */
static void test_paper_instance_metrics(void **state)
{
    (void)state;
    const char *p[] = {"instance=ft2", "model=nash"};
    struct fs_job job = make_job(0, p, 2);
    struct fs_result r;
    fs_err e = {0};
    assert_int_equal(run(&job, &r, &e), FS_OK);
    assert_close(metric(&r, "eff"), 0.93, 0.005, 0);
    assert_close(metric(&r, "efm"), 1, 0.005, 0);
    assert_close(metric(&r, "raf"), 0.91, 0.005, 0);
    assert_close(metric(&r, "orocf"), 1, 0.005, 0);
    assert_close(metric(&r, "n"), 3, 0, 0);
    assert_true(isnan(metric(&r, "solve_ms")));
    fs_result_clear(&r);
}

static void test_models_share_the_seeds_instance(void **state)
{
    (void)state;
    const char *a[] = {"agents=12", "model=efum", "alpha=0.75"};
    const char *b[] = {"agents=12", "model=lsap"};
    const char *c[] = {"agents=12", "model=lsap"};
    struct fs_job ja = make_job(3, a, 3), jb = make_job(3, b, 2), jc = make_job(4, c, 2);
    struct fs_result ra, rb, rc;
    fs_err e = {0};
    assert_int_equal(run(&ja, &ra, &e), FS_OK);
    assert_int_equal(run(&jb, &rb, &e), FS_OK);
    assert_int_equal(run(&jc, &rc, &e), FS_OK);
    /* same seed: same matrix, hence the same bounds */
    assert_close(metric(&ra, "z_min"), metric(&rb, "z_min"), 0, 0);
    assert_close(metric(&ra, "w_min"), metric(&rb, "w_min"), 0, 0);
    assert_close(metric(&rb, "eff"), 1, 1e-12, 0);
    assert_close(metric(&rb, "eff_lb"), 1, 1e-12, 0);
    assert_true(metric(&ra, "z") >= metric(&rb, "z"));
    /* another seed: another matrix */
    assert_true(metric(&rc, "z_min") != metric(&rb, "z_min"));
    /* n > raf_max_n: no RAF normalisation, but the lower-bound ratio */
    assert_true(isnan(metric(&ra, "raf")));
    assert_true(metric(&ra, "raf_lb") >= 1);
    fs_result_clear(&ra);
    fs_result_clear(&rb);
    fs_result_clear(&rc);
}

static void test_deterministic_and_timing_opt_in(void **state)
{
    (void)state;
    const char *p[] = {"agents=7", "tasks=5", "model=bottleneck", "time_solve=1"};
    struct fs_job job = make_job(1, p, 4);
    struct fs_result r1, r2;
    fs_err e = {0};
    assert_int_equal(run(&job, &r1, &e), FS_OK);
    assert_int_equal(run(&job, &r2, &e), FS_OK);
    assert_int_equal(r1.n_metrics, r2.n_metrics);
    for (int i = 0; i < r1.n_metrics; i++)
        if (strcmp(r1.metrics[i].name, "solve_ms") != 0)
            assert_true(r1.metrics[i].value == r2.metrics[i].value);
    assert_true(metric(&r1, "solve_ms") >= 0);
    assert_close(metric(&r1, "efm"), 1, 1e-9, 0);
    assert_close(metric(&r1, "n"), 7, 0, 0);
    fs_result_clear(&r1);
    fs_result_clear(&r2);
}

static void test_raf_extreme_models(void **state)
{
    (void)state;
    const char *kinds[] = {"raf=quad", "raf=abs"};
    for (int k = 0; k < 2; k++) {
        const char *lo[] = {"agents=6", "model=rafmin", kinds[k]};
        const char *hi[] = {"agents=6", "model=rafmax", kinds[k]};
        struct fs_job jl = make_job(2, lo, 3), jh = make_job(2, hi, 3);
        struct fs_result rl, rh;
        fs_err e = {0};
        assert_int_equal(run(&jl, &rl, &e), FS_OK);
        assert_int_equal(run(&jh, &rh, &e), FS_OK);
        assert_close(metric(&rl, "raf"), 1, 1e-9, 0);
        assert_close(metric(&rh, "raf"), 0, 1e-9, 0);
        assert_close(metric(&rl, "w"), metric(&rl, "w_min"), 1e-9, 1e-12);
        fs_result_clear(&rl);
        fs_result_clear(&rh);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registered_with_env),
        cmocka_unit_test(test_paper_instance_metrics),
        cmocka_unit_test(test_models_share_the_seeds_instance),
        cmocka_unit_test(test_deterministic_and_timing_opt_in),
        cmocka_unit_test(test_raf_extreme_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
