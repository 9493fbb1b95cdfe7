/* tests/unit/test_common.h - what every cmocka test includes first.
 * cmocka 1.1.5 needs these four headers before <cmocka.h>. */
#ifndef FS_TESTS_TEST_COMMON_H
#define FS_TESTS_TEST_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>

/* Assert |got - want| <= atol + rtol * |want| (house rule 6). */
#define assert_close(got, want, atol, rtol)                                   \
    do {                                                                      \
        double g_ = (double)(got), w_ = (double)(want);                       \
        double tol_ = (atol) + (rtol) * fabs(w_);                             \
        if (!(fabs(g_ - w_) <= tol_))                                         \
            fail_msg("%s = %.17g, want %.17g (tol %.3g)", #got, g_, w_, tol_); \
    } while (0)

#endif /* FS_TESTS_TEST_COMMON_H */
