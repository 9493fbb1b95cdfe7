/* tests/unit/test_config.c - sweep configs: grid expansion, job keys,
 * order independence, settings canonical text and diff, and the corpus of
 * malformed configs in tests/data/config/bad (each NAME.yaml with the
 * expected message fragment, including line:col, in NAME.expect). */
#include "tests/unit/test_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs/config.h"
#include "jobs/config_internal.h"

#define BAD_DIR "tests/data/config/bad"

static fs_sweep *parse_ok(const char *text)
{
    fs_sweep *s = NULL;
    fs_err e = {0};
    int rc = fs_sweep_parse("t.yaml", text, strlen(text), &s, &e);
    if (rc)
        fail_msg("unexpected error: %s", e.msg);
    assert_non_null(s);
    return s;
}

static const char demo[] =
    "name: demo\n"
    "seed: 7\n"
    "seeds: 5\n"
    "conditions:\n"
    "  - algo: synthetic\n"
    "    quality: 0.5\n"
    "  - algo: synthetic\n"
    "    quality: [0.6, 0.8]\n"
    "    noise: [0.05, 0.2]\n";

static void test_grid_expands_to_conditions_and_jobs(void **state)
{
    (void)state;
    fs_sweep *s = parse_ok(demo);
    size_t n_conds, n_jobs;
    const struct fs_sweep_condition *c = fs_sweep_conditions(s, &n_conds);
    fs_sweep_jobs(s, &n_jobs);
    assert_int_equal(n_conds, 5);   /* 1 + 2 x 2 grid points */
    assert_int_equal(n_jobs, 25);   /* x 1 env x 5 seeds */
    static const char *const labels[] = {
        "algo=synthetic quality=0.5",
        "algo=synthetic noise=0.05 quality=0.6",
        "algo=synthetic noise=0.2 quality=0.6",
        "algo=synthetic noise=0.05 quality=0.8",
        "algo=synthetic noise=0.2 quality=0.8",
    };
    static const int entries[] = {0, 1, 1, 1, 1}, lines[] = {5, 7, 7, 7, 7};
    for (size_t i = 0; i < n_conds; i++) {
        assert_string_equal(c[i].label, labels[i]);
        assert_int_equal(c[i].entry, entries[i]);
        assert_int_equal(c[i].line, lines[i]);
        assert_int_equal(c[i].n_jobs, 5);
    }
    fs_sweep_destroy(&s);
    assert_null(s);
    fs_sweep_destroy(&s); /* NULL is fine */
}

static void test_keys_are_exact_and_sorted(void **state)
{
    (void)state;
    fs_sweep *s = parse_ok(demo);
    size_t n;
    const struct fs_job *j = fs_sweep_jobs(s, &n);
    assert_string_equal(j[0].key, "env=none algo=synthetic noise=0.05 quality=0.6 seed=0");
    assert_string_equal(j[n - 1].key, "env=none algo=synthetic quality=0.5 seed=4");
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            assert_true(strcmp(j[i - 1].key, j[i].key) < 0);
        assert_true(j[i].id == fs_job_hash(j[i].key));
        assert_ptr_equal(fs_sweep_find_job(s, j[i].id), &j[i]);
        if (strcmp(j[i].key, "env=none algo=synthetic quality=0.5 seed=3") == 0) {
            found = 1;
            assert_int_equal(j[i].condition, 0);
            assert_int_equal(j[i].seed, 3);
            assert_int_equal(j[i].n_params, 1);
            assert_true(fs_job_num(&j[i], "quality", -1) == 0.5);
        }
    }
    assert_true(found);
    assert_null(fs_sweep_find_job(s, 12345));
    fs_sweep_destroy(&s);
}

/* The same sweep written in another order, with other spellings. */
static void test_keys_do_not_depend_on_file_order(void **state)
{
    (void)state;
    static const char reordered[] =
        "conditions:\n"
        "  - {noise: [0.2, 0.05], algo: synthetic, quality: [0.8, 6e-1]}\n"
        "  - {quality: 0.50, algo: synthetic}\n"
        "seeds: [4, 3, 2, 1, 0]\n"
        "env: none\n"
        "seed: 7\n"
        "name: demo\n";
    fs_sweep *a = parse_ok(demo), *b = parse_ok(reordered);
    size_t na, nb;
    const struct fs_job *ja = fs_sweep_jobs(a, &na), *jb = fs_sweep_jobs(b, &nb);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(ja[i].key, jb[i].key);
        assert_true(ja[i].id == jb[i].id);
    }
    assert_string_equal(fs_sweep_settings_text(a), fs_sweep_settings_text(b));
    fs_sweep_destroy(&a);
    fs_sweep_destroy(&b);
}

static void test_adding_seeds_keeps_old_keys(void **state)
{
    (void)state;
    static const char three[] =
        "name: d\nseed: 1\nseeds: 3\nconditions:\n  - {algo: synthetic, quality: [0.1, 0.2]}\n";
    static const char four[] =
        "name: d\nseed: 1\nseeds: [0, 1, 2, 9]\nconditions:\n"
        "  - {algo: synthetic, quality: [0.1, 0.2]}\n  - {algo: synthetic, noise: 0}\n";
    fs_sweep *a = parse_ok(three), *b = parse_ok(four);
    size_t na, nb;
    const struct fs_job *ja = fs_sweep_jobs(a, &na);
    fs_sweep_jobs(b, &nb);
    assert_int_equal(na, 6);
    assert_int_equal(nb, 12);
    for (size_t i = 0; i < na; i++) {
        const struct fs_job *same = fs_sweep_find_job(b, ja[i].id);
        assert_non_null(same);
        assert_string_equal(same->key, ja[i].key);
    }
    assert_true(fs_sweep_settings_hash(a) == fs_sweep_settings_hash(b));
    fs_sweep_destroy(&a);
    fs_sweep_destroy(&b);
}

static void test_defaults(void **state)
{
    (void)state;
    fs_sweep *s = parse_ok("name: d\nseed: 0\nconditions:\n  - algo: synthetic\n");
    const struct fs_settings *st = fs_sweep_settings(s);
    assert_string_equal(st->name, "d");
    assert_int_equal(st->env_steps, 0);
    assert_int_equal(st->eval_every, 0);
    assert_int_equal(st->eval_episodes, 10);
    assert_true(st->time_limit_s == 0 && st->mem_limit_mb == 0);
    assert_int_equal(st->max_attempts, 1);
    assert_int_equal(fs_sweep_env_count(s), 1);
    assert_string_equal(fs_sweep_env(s, 0), "none");
    size_t n;
    const int64_t *seeds = fs_sweep_seeds(s, &n);
    assert_int_equal(n, 1);
    assert_int_equal(seeds[0], 0);
    const struct fs_job *j = fs_sweep_jobs(s, &n);
    assert_int_equal(n, 1);
    assert_string_equal(j[0].key, "env=none algo=synthetic seed=0");
    fs_sweep_destroy(&s);
}

static const char full[] =
    "name: gne-1\n"
    "seed: 2026\n"
    "seeds: 2\n"
    "envs: [none]\n"
    "budget:\n"
    "  env_steps: 200000\n"
    "  eval_every: 1e4\n"
    "  eval_episodes: 32\n"
    "limits: {time: 90.5, memory_mb: 2048, max_attempts: 3}\n"
    "conditions:\n"
    "  - algo: synthetic\n"
    "    work_us: 1e3\n"
    "    fail: nan\n";

static void test_settings_text_and_hash(void **state)
{
    (void)state;
    fs_sweep *s = parse_ok(full);
    const struct fs_settings *st = fs_sweep_settings(s);
    assert_true(st->seed == 2026);
    assert_int_equal(st->env_steps, 200000);
    assert_int_equal(st->eval_every, 10000);
    assert_int_equal(st->eval_episodes, 32);
    assert_true(st->time_limit_s == 90.5);
    assert_true(st->mem_limit_mb == 2048);
    assert_int_equal(st->max_attempts, 3);
    assert_string_equal(fs_sweep_settings_text(s),
                        "name: gne-1\n"
                        "seed: 2026\n"
                        "budget.env_steps: 200000\n"
                        "budget.eval_every: 10000\n"
                        "budget.eval_episodes: 32\n"
                        "limits.time: 90.5\n"
                        "limits.memory_mb: 2048\n"
                        "limits.max_attempts: 3\n");
    assert_true(fs_sweep_settings_hash(s) == fs_job_hash(fs_sweep_settings_text(s)));
    size_t n, len;
    const struct fs_job *j = fs_sweep_jobs(s, &n);
    assert_string_equal(j[0].key, "env=none algo=synthetic fail=nan work_us=1000 seed=0");
    assert_string_equal(fs_sweep_text(s, &len), full);
    assert_int_equal(len, strlen(full));
    assert_string_equal(fs_sweep_path(s), "t.yaml");
    size_t known;
    assert_close(fs_sweep_cost(s, &known), 2 * 1e-3, 1e-15, 0);
    assert_int_equal(known, 2);
    fs_sweep_destroy(&s);
}

static void test_settings_diff_names_first_difference(void **state)
{
    (void)state;
    char buf[256];
    const char *store = "name: a\nbudget.env_steps: 200000\nlimits.time: 0\n";
    const char *config = "name: a\nbudget.env_steps: 100000\nlimits.time: 5\n";
    assert_int_equal(fs_sweep_diff_settings(store, store, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(fs_sweep_diff_settings(store, config, buf, sizeof buf), 1);
    assert_string_equal(buf, "budget.env_steps: 200000 in the store, 100000 in the config");
    const char *fewer = "name: a\nbudget.env_steps: 200000\n";
    assert_int_equal(fs_sweep_diff_settings(store, fewer, buf, sizeof buf), 1);
    assert_string_equal(buf, "limits.time: 0 in the store, (absent) in the config");
    assert_int_equal(fs_sweep_diff_settings(fewer, store, buf, sizeof buf), 1);
    assert_string_equal(buf, "limits.time: (absent) in the store, 0 in the config");

    /* two real configs whose budgets differ */
    fs_sweep *a = parse_ok(full);
    char *changed = strdup(full);
    memcpy(strstr(changed, "200000"), "100000", 6);
    fs_sweep *b = parse_ok(changed);
    assert_true(fs_sweep_settings_hash(a) != fs_sweep_settings_hash(b));
    assert_int_equal(fs_sweep_diff_settings(fs_sweep_settings_text(a),
                                            fs_sweep_settings_text(b), buf, sizeof buf), 1);
    assert_string_equal(buf, "budget.env_steps: 200000 in the store, 100000 in the config");
    fs_sweep_destroy(&a);
    fs_sweep_destroy(&b);
    free(changed);
}

static void test_text_need_not_be_nul_terminated(void **state)
{
    (void)state;
    static const char text[] = "name: x\nseed: 1\nconditions: [{algo: synthetic}]\nGARBAGE: [";
    fs_sweep *s = NULL;
    fs_err e = {0};
    size_t len = strstr(text, "GARBAGE") - text;
    assert_int_equal(fs_sweep_parse("t.yaml", text, len, &s, &e), FS_OK);
    size_t n;
    fs_sweep_jobs(s, &n);
    assert_int_equal(n, 1);
    fs_sweep_destroy(&s);
}

static void test_missing_file_is_io_error(void **state)
{
    (void)state;
    fs_sweep *s = (fs_sweep *)1;
    fs_err e = {0};
    assert_int_equal(fs_sweep_load("tests/data/config/no-such.yaml", &s, &e), FS_EIO);
    assert_null(s);
    assert_non_null(strstr(e.msg, "no-such.yaml"));
}

static void test_example_sweep_loads(void **state)
{
    (void)state;
    fs_sweep *s = NULL;
    fs_err e = {0};
    if (fs_sweep_load("experiments/synthetic.yaml", &s, &e))
        fail_msg("%s", e.msg);
    size_t n;
    fs_sweep_jobs(s, &n);
    assert_int_equal(n, 25);
    fs_sweep_destroy(&s);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *buf = calloc(1, 4096);
    size_t n = fread(buf, 1, 4095, f);
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return buf;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_bad_configs_fail_with_expected_message(void **state)
{
    (void)state;
    DIR *d = opendir(BAD_DIR);
    if (!d)
        fail_msg("cannot open %s (run from the repository root)", BAD_DIR);
    char *names[256];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 256) {
        size_t len = strlen(de->d_name);
        if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0)
            names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    assert_true(n >= 30);
    for (int i = 0; i < n; i++) {
        char path[512], expect_path[512];
        snprintf(path, sizeof path, "%s/%s", BAD_DIR, names[i]);
        snprintf(expect_path, sizeof expect_path, "%.*s.expect",
                 (int)strlen(path) - 5, path);
        char *want = read_all(expect_path);
        fs_sweep *s = NULL;
        fs_err e = {0};
        int rc = fs_sweep_load(path, &s, &e);
        if (rc != FS_ECONFIG || !strstr(e.msg, want) || s)
            fail_msg("%s: status %d, message\n  %s\nwant fragment\n  %s", names[i], rc,
                     e.msg, want);
        if (strchr(e.msg, '\n'))
            fail_msg("%s: message is not one line", names[i]);
        free(want);
        free(names[i]);
    }
}

/* Parse the YAML scalar `text` as a value of spec; returns the status. */
static int scalar(const struct fs_param_spec *spec, const char *text,
                  struct fs_param *out, fs_err *e)
{
    struct fy_document *doc = fy_document_build_from_string(NULL, text, strlen(text));
    assert_non_null(doc);
    struct cfg_ctx c = {"v.yaml", e};
    int rc = cfg_scalar_value(&c, fy_document_root(doc), (struct cfg_pos){1, 1}, spec,
                              "p", out);
    fy_document_destroy(doc);
    return rc;
}

/* Value types no built-in algorithm uses yet (bool, bounded numbers). */
static void test_scalar_values_by_type(void **state)
{
    (void)state;
    const struct fs_param_spec flag = {"flag", FS_PARAM_BOOL, 0, 0, 1, NULL, ""};
    const struct fs_param_spec lr = {"lr", FS_PARAM_NUM, 1e-3, 1e-6, 1, NULL, ""};
    struct fs_param v;
    fs_err e = {0};
    assert_int_equal(scalar(&flag, "true", &v, &e), FS_OK);
    assert_true(v.num == 1 && !v.is_text);
    assert_string_equal(v.name, "flag");
    assert_int_equal(scalar(&flag, "False", &v, &e), FS_OK);
    assert_true(v.num == 0);
    assert_int_equal(scalar(&flag, "yes", &v, &e), FS_ECONFIG);
    assert_string_equal(e.msg, "v.yaml:1:1: p: expected true or false, got 'yes'");
    fs_err_clear(&e);
    assert_int_equal(scalar(&lr, "5e-4", &v, &e), FS_OK);
    assert_true(v.num == 5e-4);
    assert_int_equal(scalar(&lr, "1e-7", &v, &e), FS_ECONFIG);
    assert_string_equal(e.msg, "v.yaml:1:1: p: 1e-7 is out of range [1e-06, 1]");
    fs_err_clear(&e);
    assert_int_equal(scalar(&lr, "0x10", &v, &e), FS_ECONFIG); /* decimal only */
    fs_err_clear(&e);
    assert_int_equal(scalar(&lr, "[1]", &v, &e), FS_ECONFIG);
    assert_string_equal(e.msg, "v.yaml:1:2: p: expected a number, got a list");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_expands_to_conditions_and_jobs),
        cmocka_unit_test(test_keys_are_exact_and_sorted),
        cmocka_unit_test(test_keys_do_not_depend_on_file_order),
        cmocka_unit_test(test_adding_seeds_keeps_old_keys),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_settings_text_and_hash),
        cmocka_unit_test(test_settings_diff_names_first_difference),
        cmocka_unit_test(test_text_need_not_be_nul_terminated),
        cmocka_unit_test(test_missing_file_is_io_error),
        cmocka_unit_test(test_example_sweep_loads),
        cmocka_unit_test(test_bad_configs_fail_with_expected_message),
        cmocka_unit_test(test_scalar_values_by_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
