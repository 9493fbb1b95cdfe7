/* tests/unit/test_params.c - parameter arena: layout, PyTorch default init
 * ranges, determinism, target updates, save/load and its errors. */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/params.h"

/* fc1 = Linear(6, 4), rnn = GRUCell(4, 4), fc2 = Linear(4, 3). */
static fs_params *make_net(uint64_t seed)
{
    fs_params *p = fs_params_create();
    fs_params_add_linear(p, "fc1", 6, 4, NULL, NULL);
    fs_params_add_gru(p, "rnn", 4, 4, NULL);
    fs_params_add_linear(p, "fc2", 4, 3, NULL, NULL);
    fs_params_finalize(p);
    fs_rng r;
    fs_rng_init(&r, seed, 0, FS_RNG_INIT);
    fs_params_init(p, &r);
    return p;
}

static void test_layout_offsets_and_names(void **state)
{
    (void)state;
    fs_params *p = fs_params_create();
    size_t w, b, g[4];
    fs_params_add_linear(p, "fc1", 6, 4, &w, &b);
    fs_params_add_gru(p, "rnn", 4, 5, g);
    size_t extra = fs_params_add(p, "log_std", 1, 3);
    fs_params_finalize(p);
    assert_int_equal(w, 0);
    assert_int_equal(b, 24);
    assert_int_equal(g[0], 28);                 // weight_ih 15 x 4
    assert_int_equal(g[1], 28 + 60);            // weight_hh 15 x 5
    assert_int_equal(g[2], 28 + 60 + 75);       // bias_ih 15
    assert_int_equal(g[3], 28 + 60 + 75 + 15);  // bias_hh 15
    assert_int_equal(extra, 28 + 60 + 75 + 30);
    assert_int_equal(fs_params_count(p), 28 + 60 + 75 + 30 + 3);
    assert_int_equal(fs_params_ntensors(p), 7);
    const fs_tensor *t = fs_params_find(p, "rnn.weight_hh");
    assert_non_null(t);
    assert_int_equal(t->offset, g[1]);
    assert_int_equal(t->rows, 15);
    assert_int_equal(t->cols, 5);
    assert_string_equal(fs_params_tensor(p, 1)->name, "fc1.bias");
    assert_null(fs_params_find(p, "fc3.weight"));
    // the new arena is zero and zero_grad clears gradients
    fs_params_grad(p)[5] = 3.0f;
    fs_params_zero_grad(p);
    for (size_t i = 0; i < fs_params_count(p); i++) {
        assert_true(fs_params_data(p)[i] == 0.0f);
        assert_true(fs_params_grad(p)[i] == 0.0f);
    }
    fs_params_destroy(&p);
    assert_null(p);
    fs_params_destroy(&p);                      // NULL is fine
}

/* Linear(in, out): U(-1/sqrt(in), 1/sqrt(in)) for weight and bias;
 * GRUCell(in, H): U(-1/sqrt(H), 1/sqrt(H)) for all four. Each value lies in
 * its range and a large tensor fills most of it. */
static void test_init_ranges(void **state)
{
    (void)state;
    fs_params *p = fs_params_create();
    fs_params_add_linear(p, "fc1", 60, 64, NULL, NULL);
    fs_params_add_gru(p, "rnn", 64, 16, NULL);
    size_t z = fs_params_add(p, "zero", 2, 2);
    fs_params_finalize(p);
    fs_rng r;
    fs_rng_init(&r, 5, 0, FS_RNG_INIT);
    fs_params_init(p, &r);
    for (size_t i = 0; i < fs_params_ntensors(p); i++) {
        const fs_tensor *t = fs_params_tensor(p, i);
        double bound = strncmp(t->name, "fc1", 3) == 0 ? 1 / sqrt(60.0)
                       : strncmp(t->name, "rnn", 3) == 0 ? 1 / sqrt(16.0) : 0;
        assert_close(t->init_bound, bound, 1e-7, 0);
        const float *v = fs_params_data(p) + t->offset;
        size_t n = (size_t)t->rows * t->cols;
        double lo = 1, hi = -1;
        for (size_t j = 0; j < n; j++) {
            assert_true(fabs(v[j]) <= bound);
            lo = fmin(lo, v[j]);
            hi = fmax(hi, v[j]);
        }
        if (n >= 48) {
            assert_true(lo < -0.8 * bound);
            assert_true(hi > 0.8 * bound);
        }
    }
    for (int j = 0; j < 4; j++)
        assert_true(fs_params_data(p)[z + (size_t)j] == 0.0f);
    fs_params_destroy(&p);
}

static void test_init_deterministic(void **state)
{
    (void)state;
    fs_params *a = make_net(42), *b = make_net(42), *c = make_net(43);
    size_t n = fs_params_count(a);
    assert_memory_equal(fs_params_data(a), fs_params_data(b), n * sizeof(float));
    assert_memory_not_equal(fs_params_data(a), fs_params_data(c),
                            n * sizeof(float));
    fs_params_destroy(&a);
    fs_params_destroy(&b);
    fs_params_destroy(&c);
}

static void test_copy_and_polyak(void **state)
{
    (void)state;
    fs_params *online = make_net(1), *target = make_net(2);
    size_t n = fs_params_count(online);
    float *o = fs_params_data(online), *t = fs_params_data(target);
    assert_true(fs_params_same_layout(online, target));
    float t0 = t[3], o0 = o[3];
    // target = 0.25 online + 0.75 target
    fs_params_polyak(target, online, 0.25f);
    assert_close(t[3], 0.25 * o0 + 0.75 * t0, 1e-7, 1e-6);
    fs_params_polyak(target, online, 0.0f);     // tau 0: unchanged
    assert_close(t[3], 0.25 * o0 + 0.75 * t0, 1e-7, 1e-6);
    fs_params_copy(target, online);
    assert_memory_equal(t, o, n * sizeof(float));
    fs_params *other = fs_params_create();
    fs_params_add_linear(other, "fc1", 6, 4, NULL, NULL);
    fs_params_finalize(other);
    assert_false(fs_params_same_layout(online, other));
    fs_params_destroy(&other);
    fs_params_destroy(&online);
    fs_params_destroy(&target);
}

/* A file path unique to this process, removed by the caller. */
static void temp_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/fs_test_params_%ld_%s.bin", (long)getpid(), tag);
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    char path[256];
    temp_path(path, sizeof path, "rt");
    fs_params *a = make_net(7), *b = make_net(8);
    fs_err e = {0};
    assert_int_equal(fs_params_save(a, path, &e), FS_OK);
    assert_int_equal(fs_params_load(b, path, &e), FS_OK);
    assert_memory_equal(fs_params_data(a), fs_params_data(b),
                        fs_params_count(a) * sizeof(float));
    fs_params_destroy(&a);
    fs_params_destroy(&b);
    remove(path);
}

/* Write a, damage the file with `damage`, load into b: status and a message
 * naming the path; b's values are unchanged. */
static void expect_load_error(void (*damage)(const char *path), int status,
                              const char *needle, fs_params *b)
{
    char path[256];
    temp_path(path, sizeof path, "bad");
    fs_params *a = make_net(7);
    fs_err e = {0};
    assert_int_equal(fs_params_save(a, path, &e), FS_OK);
    damage(path);
    size_t n = fs_params_count(b);
    float *before = malloc(n * sizeof *before);
    memcpy(before, fs_params_data(b), n * sizeof *before);
    assert_int_equal(fs_params_load(b, path, &e), status);
    if (strstr(e.msg, path) == NULL || strstr(e.msg, needle) == NULL)
        fail_msg("message '%s' lacks path or '%s'", e.msg, needle);
    assert_memory_equal(before, fs_params_data(b), n * sizeof *before);
    free(before);
    fs_params_destroy(&a);
    remove(path);
}

static void truncate_data(const char *path)
{
    assert_int_equal(truncate(path, file_size(path) - 13), 0);
}

static void truncate_header(const char *path)
{
    assert_int_equal(truncate(path, 10), 0);
}

/* Flip one bit of the last float value (just before the checksum). */
static void flip_value_bit(const char *path)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, -9, SEEK_END);
    int c = fgetc(f);
    fseek(f, -9, SEEK_END);
    fputc(c ^ 0x10, f);
    fclose(f);
}

static void break_magic(const char *path)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fputc('X', f);
    fclose(f);
}

static void append_byte(const char *path)
{
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputc(0, f);
    fclose(f);
}

static void test_load_errors(void **state)
{
    (void)state;
    fs_params *b = make_net(9);
    expect_load_error(truncate_data, FS_EFORMAT, "truncated", b);
    expect_load_error(truncate_header, FS_EFORMAT, "truncated", b);
    expect_load_error(flip_value_bit, FS_EFORMAT, "checksum", b);
    expect_load_error(break_magic, FS_EFORMAT, "magic", b);
    expect_load_error(append_byte, FS_EFORMAT, "trailing", b);
    fs_params_destroy(&b);
    // same sizes, different name: layout conflict naming the tensor
    fs_params *c = fs_params_create();
    fs_params_add_linear(c, "fc1", 6, 4, NULL, NULL);
    fs_params_add_gru(c, "gru", 4, 4, NULL);
    fs_params_add_linear(c, "fc2", 4, 3, NULL, NULL);
    fs_params_finalize(c);
    expect_load_error(append_byte, FS_ECONFLICT, "rnn.weight_ih", c);
    fs_params_destroy(&c);
    // different sizes
    fs_params *d = fs_params_create();
    fs_params_add_linear(d, "fc1", 6, 5, NULL, NULL);
    fs_params_finalize(d);
    expect_load_error(append_byte, FS_ECONFLICT, "tensors", d);
    fs_params_destroy(&d);
    // missing file
    fs_params *m = make_net(1);
    fs_err e = {0};
    assert_int_equal(fs_params_load(m, "/nonexistent/dir/p.bin", &e), FS_EIO);
    assert_non_null(strstr(e.msg, "/nonexistent/dir/p.bin"));
    fs_err_clear(&e);
    assert_int_equal(fs_params_save(m, "/nonexistent/dir/p.bin", &e), FS_EIO);
    assert_non_null(strstr(e.msg, "/nonexistent/dir/p.bin"));
    fs_params_destroy(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_offsets_and_names),
        cmocka_unit_test(test_init_ranges),
        cmocka_unit_test(test_init_deterministic),
        cmocka_unit_test(test_copy_and_polyak),
        cmocka_unit_test(test_save_load_round_trip),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
