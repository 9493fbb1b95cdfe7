/* tests/unit/test_job.c - job keys, ids, number canonicalisation and the
 * result record's encoding. */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs/job.h"

static void set_num(struct fs_param *p, const char *name, double v)
{
    memset(p, 0, sizeof *p);
    strcpy(p->name, name);
    p->num = v;
}

static void set_text(struct fs_param *p, const char *name, const char *v)
{
    memset(p, 0, sizeof *p);
    strcpy(p->name, name);
    p->is_text = 1;
    strcpy(p->text, v);
}

static void test_number_canonical_forms(void **state)
{
    (void)state;
    static const struct {
        double x;
        const char *want;
    } cases[] = {
        {0.5, "0.5"},
        {1e-05, "1e-05"},
        {3, "3"},
        {-0.0, "0"},
        {0.0, "0"},
        {-2.5, "-2.5"},
        {0.1 + 0.2, "0.30000000000000004"}, /* not 0.3: a different double */
        {0.3, "0.3"},
        {1.0 / 3.0, "0.3333333333333333"},  /* 16 digits read back exactly */
        {2000, "2000"},
        {200000, "200000"},
        {1e20, "1e+20"},
        {123456789012345.0, "123456789012345"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        fs_job_format_number(cases[i].x, buf);
        assert_string_equal(buf, cases[i].want);
        assert_true(strtod(buf, NULL) == cases[i].x);
    }
}

static void test_key_sorts_params_and_formats(void **state)
{
    (void)state;
    struct fs_job job = {0};
    strcpy(job.env, "resus");
    strcpy(job.algo, "qmix-r2");
    set_text(&job.params[0], "shaper", "r2");
    set_num(&job.params[1], "alpha", 0.5);
    set_num(&job.params[2], "lr", 5e-4);
    job.n_params = 3;
    job.seed = 3;
    fs_err e = {0};
    assert_int_equal(fs_job_finish(&job, &e), FS_OK);
    assert_string_equal(job.key, "env=resus algo=qmix-r2 alpha=0.5 lr=0.0005 shaper=r2 seed=3");
    assert_string_equal(job.params[0].name, "alpha");
    assert_true(job.id == fs_job_hash(job.key));
    assert_close(fs_job_num(&job, "lr", -1), 5e-4, 0, 0);
    assert_close(fs_job_num(&job, "missing", 7), 7, 0, 0);
    assert_close(fs_job_num(&job, "shaper", 7), 7, 0, 0); /* text: not a number */
    assert_null(fs_job_param(&job, "beta"));
}

static void test_key_order_independent(void **state)
{
    (void)state;
    struct fs_job a = {0}, b = {0};
    strcpy(a.env, "none");
    strcpy(a.algo, "synthetic");
    b = a;
    set_num(&a.params[0], "quality", 0.5);
    set_num(&a.params[1], "noise", 0.1);
    set_num(&b.params[0], "noise", 0.1);
    set_num(&b.params[1], "quality", 0.5);
    a.n_params = b.n_params = 2;
    fs_err e = {0};
    assert_int_equal(fs_job_finish(&a, &e), FS_OK);
    assert_int_equal(fs_job_finish(&b, &e), FS_OK);
    assert_string_equal(a.key, b.key);
    assert_true(a.id == b.id);
}

static void test_hash_reference_values(void **state)
{
    (void)state;
    /* FNV-1a 64 then the splitmix64 finaliser, computed independently in
     * Python (see job.c for the constants). */
    assert_true(fs_job_hash("") == 0xf52a15e9a9b5e89bULL);
    assert_true(fs_job_hash("a") == 0x2c0bdbf481420f8ULL);
    assert_true(fs_job_hash("env=none algo=synthetic quality=0.5 seed=3") ==
                0x4f512c9bf68f9333ULL);
}

static void test_key_too_long_is_config_error(void **state)
{
    (void)state;
    struct fs_job job = {0};
    strcpy(job.env, "none");
    strcpy(job.algo, "synthetic");
    for (int i = 0; i < FS_PARAMS_MAX; i++) {
        char name[FS_NAME_MAX];
        snprintf(name, sizeof name, "a_rather_long_name_%02d", i);
        set_num(&job.params[i], name, 0.123456789);
    }
    job.n_params = FS_PARAMS_MAX;
    fs_err e = {0};
    assert_int_equal(fs_job_finish(&job, &e), FS_ECONFIG);
    assert_non_null(strstr(e.msg, "longer than"));
}

static void fill_result(struct fs_result *r)
{
    fs_result_init(r, 0x1234567890abcdefULL);
    r->status = FS_JOB_FAILED;
    r->attempts = 2;
    r->wall_s = 1.25;
    r->finished_at = 1.7e9;
    r->rank = 5;
    strcpy(r->host, "node07");
    strcpy(r->error, "SIGSEGV");
    fs_err e = {0};
    assert_int_equal(fs_result_metric(r, "return", -0.75, &e), FS_OK);
    assert_int_equal(fs_result_metric(r, "jfi", NAN, &e), FS_OK);
    double pts[3] = {0.1, 0.2, -1e300};
    assert_int_equal(fs_result_curve(r, "return", pts, 3, &e), FS_OK);
    assert_int_equal(fs_result_curve(r, "empty", NULL, 0, &e), FS_OK);
}

static void test_result_round_trip(void **state)
{
    (void)state;
    struct fs_result r, back;
    fill_result(&r);
    size_t size = fs_result_encoded_size(&r);
    unsigned char *buf = malloc(size);
    assert_int_equal(fs_result_encode(&r, buf), size);
    size_t used = 0;
    fs_err e = {0};
    assert_int_equal(fs_result_decode(buf, size, &back, &used, &e), FS_OK);
    assert_int_equal(used, size);
    assert_true(back.job_id == r.job_id);
    assert_int_equal(back.status, FS_JOB_FAILED);
    assert_int_equal(back.attempts, 2);
    assert_true(back.wall_s == 1.25 && back.finished_at == 1.7e9);
    assert_int_equal(back.rank, 5);
    assert_string_equal(back.host, "node07");
    assert_string_equal(back.error, "SIGSEGV");
    assert_int_equal(back.n_metrics, 2);
    assert_string_equal(back.metrics[0].name, "return");
    assert_true(back.metrics[0].value == -0.75);
    assert_true(isnan(back.metrics[1].value));
    assert_int_equal(back.n_curves, 2);
    assert_int_equal(back.curves[0].n, 3);
    assert_memory_equal(back.curves[0].points, r.curves[0].points, 3 * sizeof(double));
    assert_int_equal(back.curves[1].n, 0);
    fs_result_clear(&back);
    fs_result_clear(&r);
    free(buf);
}

static void test_truncated_record_is_format_error(void **state)
{
    (void)state;
    struct fs_result r, back;
    fill_result(&r);
    size_t size = fs_result_encoded_size(&r);
    unsigned char *buf = malloc(size);
    fs_result_encode(&r, buf);
    for (size_t len = 0; len < size; len++) {
        size_t used = 99;
        fs_err e = {0};
        assert_int_equal(fs_result_decode(buf, len, &back, &used, &e), FS_EFORMAT);
        assert_int_equal(back.n_curves, 0);
        assert_int_equal(used, 99);
    }
    buf[0] ^= 1; /* damaged magic */
    fs_err e = {0};
    size_t used;
    assert_int_equal(fs_result_decode(buf, size, &back, &used, &e), FS_EFORMAT);
    fs_result_clear(&r);
    free(buf);
}

static void test_metric_replaces_same_name(void **state)
{
    (void)state;
    struct fs_result r;
    fs_result_init(&r, 1);
    fs_err e = {0};
    fs_result_metric(&r, "return", 1.0, &e);
    fs_result_metric(&r, "return", 2.0, &e);
    assert_int_equal(r.n_metrics, 1);
    assert_true(r.metrics[0].value == 2.0);
    fs_result_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_canonical_forms),
        cmocka_unit_test(test_key_sorts_params_and_formats),
        cmocka_unit_test(test_key_order_independent),
        cmocka_unit_test(test_hash_reference_values),
        cmocka_unit_test(test_key_too_long_is_config_error),
        cmocka_unit_test(test_result_round_trip),
        cmocka_unit_test(test_truncated_record_is_format_error),
        cmocka_unit_test(test_metric_replaces_same_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
