/* tests/unit/test_err.c - error reports keep the first failure. */
#include "tests/unit/test_common.h"

#include <string.h>

#include "core/err.h"

static void test_set_returns_status_and_formats(void **state)
{
    (void)state;
    fs_err e = {0};
    assert_int_equal(fs_err_set(&e, FS_ECONFIG, "a.yaml:%d:%d: bad '%s'", 3, 7, "x"),
                     FS_ECONFIG);
    assert_string_equal(e.msg, "a.yaml:3:7: bad 'x'");
    assert_int_equal(fs_exit_code(e.status), 2);
}

static void test_first_error_wins(void **state)
{
    (void)state;
    fs_err e = {0};
    fs_err_set(&e, FS_EIO, "first");
    fs_err_set(&e, FS_EHDF5, "second");
    assert_int_equal(e.status, FS_EIO);
    assert_string_equal(e.msg, "first");
}

static void test_prefix_adds_context(void **state)
{
    (void)state;
    fs_err e = {0};
    assert_int_equal(fs_err_prefix(&e, "ctx: "), FS_OK);
    assert_string_equal(e.msg, "");
    fs_err_set(&e, FS_EIO, "cannot open");
    fs_err_prefix(&e, "store %s: ", "r.h5");
    assert_string_equal(e.msg, "store r.h5: cannot open");
}

static void test_exit_codes(void **state)
{
    (void)state;
    assert_int_equal(fs_exit_code(FS_OK), 0);
    assert_int_equal(fs_exit_code(FS_EUSAGE), 2);
    assert_int_equal(fs_exit_code(FS_EINTERRUPTED), 3);
    assert_int_equal(fs_exit_code(FS_EHDF5), 1);
    assert_string_equal(fs_status_str(FS_ECONFIG), "config error");
    assert_non_null(fs_status_str(12345));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_returns_status_and_formats),
        cmocka_unit_test(test_first_error_wins),
        cmocka_unit_test(test_prefix_adds_context),
        cmocka_unit_test(test_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
