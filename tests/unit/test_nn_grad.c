/* tests/unit/test_nn_grad.c - every nn backward against central finite
 * differences.
 *
 * Each check builds a scalar L = sum_i w_i y_i (w random, so dL/dy = w) of a
 * kernel's output, runs the backward with dy = w, and compares each analytic
 * gradient entry g with (L(p + h) - L(p - h)) / (2h), where the forward runs
 * in float32 and L is summed in double. With h = 1e-3 the float rounding
 * noise in the difference quotient is about 1e-4 and the truncation error
 * O(h^2) smaller, so the tolerance is |g - fd| <= 2e-3 + 2e-2 |fd|. Inputs
 * are kept away from kinks (ReLU at 0, Huber at |d| = delta).
 */
#include "tests/unit/test_common.h"

#include <stdlib.h>
#include <string.h>

#include "core/nn.h"
#include "core/rng.h"

#define FD_H 1e-3f
#define FD_ATOL 2e-3
#define FD_RTOL 2e-2

typedef double (*loss_fn)(void *ctx);

/* Compare analytic[0..n) with central differences of f over param[0..n). */
static void check_grad(loss_fn f, void *ctx, float *param,
                       const float *analytic, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        float old = param[i];
        float up = old + FD_H, down = old - FD_H;
        param[i] = up;
        double lp = f(ctx);
        param[i] = down;
        double lm = f(ctx);
        param[i] = old;
        double fd = (lp - lm) / ((double)up - (double)down);
        double tol = FD_ATOL + FD_RTOL * fabs(fd);
        if (!(fabs(analytic[i] - fd) <= tol))
            fail_msg("%s[%zu]: analytic %.7g, finite difference %.7g", what, i,
                     (double)analytic[i], fd);
    }
}

static void fill(float *a, size_t n, fs_rng *r, double lo, double hi)
{
    for (size_t i = 0; i < n; i++)
        a[i] = (float)fs_rng_range(r, lo, hi);
}

/* Push values away from 0 (ReLU's kink): |v| >= 0.1. */
static void away_from_zero(float *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fabsf(a[i]) < 0.1f)
            a[i] = a[i] < 0 ? a[i] - 0.1f : a[i] + 0.1f;
}

static double dot(const float *w, const float *y, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)w[i] * y[i];
    return s;
}

/* ---- dense ------------------------------------------------------------- */

enum { DB = 3, DIN = 5, DOUT = 4 };
typedef struct dense_ctx {
    float x[DB * DIN], w[DOUT * DIN], b[DOUT], y[DB * DOUT], dy[DB * DOUT];
} dense_ctx;

static double dense_loss(void *p)
{
    dense_ctx *c = p;
    fs_nn_dense_forward(c->y, c->x, c->w, c->b, DB, DIN, DOUT);
    return dot(c->dy, c->y, DB * DOUT);
}

static void test_dense_backward_fd(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 1, 0, FS_RNG_USER);
    dense_ctx c;
    fill(c.x, DB * DIN, &r, -1, 1), fill(c.w, DOUT * DIN, &r, -1, 1);
    fill(c.b, DOUT, &r, -1, 1), fill(c.dy, DB * DOUT, &r, -1, 1);
    float dx[DB * DIN] = {0}, dw[DOUT * DIN] = {0}, db[DOUT] = {0};
    fs_nn_dense_backward(dx, dw, db, c.dy, c.x, c.w, DB, DIN, DOUT);
    check_grad(dense_loss, &c, c.x, dx, DB * DIN, "dense dx");
    check_grad(dense_loss, &c, c.w, dw, DOUT * DIN, "dense dw");
    check_grad(dense_loss, &c, c.b, db, DOUT, "dense db");
}

/* ---- element-wise and softmax ------------------------------------------ */

enum { AN = 12, SB = 3, SD = 4 };
typedef enum { RELU, ELU, TANH, SIGMOID, SOFTMAX, LOG_SOFTMAX } act_kind;
typedef struct act_ctx {
    act_kind kind;
    float x[AN], y[AN], dy[AN];
} act_ctx;

static void act_forward(act_ctx *c)
{
    switch (c->kind) {
    case RELU: fs_nn_relu_forward(c->y, c->x, AN); break;
    case ELU: fs_nn_elu_forward(c->y, c->x, AN); break;
    case TANH: fs_nn_tanh_forward(c->y, c->x, AN); break;
    case SIGMOID: fs_nn_sigmoid_forward(c->y, c->x, AN); break;
    case SOFTMAX: fs_nn_softmax_forward(c->y, c->x, SB, SD); break;
    case LOG_SOFTMAX: fs_nn_log_softmax_forward(c->y, c->x, SB, SD); break;
    }
}

static double act_loss(void *p)
{
    act_ctx *c = p;
    act_forward(c);
    return dot(c->dy, c->y, AN);
}

static void check_activation(act_kind kind, const char *name)
{
    fs_rng r;
    fs_rng_init(&r, 2, (uint64_t)kind, FS_RNG_USER);
    act_ctx c = {.kind = kind};
    fill(c.x, AN, &r, -2.5, 2.5);
    away_from_zero(c.x, AN);
    fill(c.dy, AN, &r, -1, 1);
    act_forward(&c);
    float dx[AN];
    for (int i = 0; i < AN; i++)
        dx[i] = 0.5f;               // backward must add to what is there
    switch (kind) {
    case RELU: fs_nn_relu_backward(dx, c.dy, c.y, AN); break;
    case ELU: fs_nn_elu_backward(dx, c.dy, c.y, AN); break;
    case TANH: fs_nn_tanh_backward(dx, c.dy, c.y, AN); break;
    case SIGMOID: fs_nn_sigmoid_backward(dx, c.dy, c.y, AN); break;
    case SOFTMAX: fs_nn_softmax_backward(dx, c.dy, c.y, SB, SD); break;
    case LOG_SOFTMAX: fs_nn_log_softmax_backward(dx, c.dy, c.y, SB, SD); break;
    }
    for (int i = 0; i < AN; i++)
        dx[i] -= 0.5f;
    check_grad(act_loss, &c, c.x, dx, AN, name);
}

static void test_relu_backward_fd(void **state)
{
    (void)state;
    check_activation(RELU, "relu");
}

static void test_elu_backward_fd(void **state)
{
    (void)state;
    check_activation(ELU, "elu");
}

static void test_tanh_backward_fd(void **state)
{
    (void)state;
    check_activation(TANH, "tanh");
}

static void test_sigmoid_backward_fd(void **state)
{
    (void)state;
    check_activation(SIGMOID, "sigmoid");
}

static void test_softmax_backward_fd(void **state)
{
    (void)state;
    check_activation(SOFTMAX, "softmax");
}

static void test_log_softmax_backward_fd(void **state)
{
    (void)state;
    check_activation(LOG_SOFTMAX, "log_softmax");
}

/* ---- GRU cell ---------------------------------------------------------- */

enum { GB = 3, GIN = 4, GH = 5 };
typedef struct gru_ctx {
    float x[GB * GIN], h[GB * GH];
    float w_ih[3 * GH * GIN], w_hh[3 * GH * GH], b_ih[3 * GH], b_hh[3 * GH];
    float h_out[GB * GH], dy[GB * GH];
    float cache[FS_NN_GRU_CACHE(GB, GH)], work[FS_NN_GRU_WORK(GB, GH)];
} gru_ctx;

static double gru_loss(void *p)
{
    gru_ctx *c = p;
    fs_nn_gru_forward(c->h_out, c->cache, c->work, c->x, c->h, c->w_ih,
                      c->w_hh, c->b_ih, c->b_hh, GB, GIN, GH);
    return dot(c->dy, c->h_out, GB * GH);
}

static void test_gru_backward_fd(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 3, 0, FS_RNG_USER);
    gru_ctx *c = calloc(1, sizeof *c);
    fill(c->x, GB * GIN, &r, -1, 1), fill(c->h, GB * GH, &r, -1, 1);
    fill(c->w_ih, 3 * GH * GIN, &r, -0.8, 0.8);
    fill(c->w_hh, 3 * GH * GH, &r, -0.8, 0.8);
    fill(c->b_ih, 3 * GH, &r, -0.5, 0.5), fill(c->b_hh, 3 * GH, &r, -0.5, 0.5);
    fill(c->dy, GB * GH, &r, -1, 1);
    gru_loss(c);
    float dx[GB * GIN] = {0}, dh[GB * GH] = {0};
    float dw_ih[3 * GH * GIN] = {0}, dw_hh[3 * GH * GH] = {0};
    float db_ih[3 * GH] = {0}, db_hh[3 * GH] = {0};
    fs_nn_gru_backward(dx, dh, dw_ih, dw_hh, db_ih, db_hh, c->work, c->dy,
                       c->cache, c->x, c->h, c->w_ih, c->w_hh, GB, GIN, GH);
    check_grad(gru_loss, c, c->x, dx, GB * GIN, "gru dx");
    check_grad(gru_loss, c, c->h, dh, GB * GH, "gru dh");
    check_grad(gru_loss, c, c->w_ih, dw_ih, 3 * GH * GIN, "gru dw_ih");
    check_grad(gru_loss, c, c->w_hh, dw_hh, 3 * GH * GH, "gru dw_hh");
    check_grad(gru_loss, c, c->b_ih, db_ih, 3 * GH, "gru db_ih");
    check_grad(gru_loss, c, c->b_hh, db_hh, 3 * GH, "gru db_hh");
    free(c);
}

/* ---- losses ------------------------------------------------------------ */

enum { LN = 9 };
typedef struct loss_ctx {
    float pred[LN], target[LN], mask[LN];
    bool huber, masked;
} loss_ctx;

static double loss_value(void *p)
{
    loss_ctx *c = p;
    const float *m = c->masked ? c->mask : NULL;
    return c->huber ? fs_nn_huber_forward(c->pred, c->target, m, LN, 1.0f)
                    : fs_nn_mse_forward(c->pred, c->target, m, LN);
}

static void check_loss(bool huber, bool masked, const char *name)
{
    fs_rng r;
    fs_rng_init(&r, 4, (uint64_t)(2 * huber + masked), FS_RNG_USER);
    loss_ctx c = {.huber = huber, .masked = masked};
    fill(c.pred, LN, &r, -2, 2);
    fill(c.target, LN, &r, -2, 2);
    for (int i = 0; i < LN; i++) {
        c.mask[i] = (float)(i % 3 != 0);
        float d = c.pred[i] - c.target[i];      // away from Huber's kink
        if (fabsf(fabsf(d) - 1.0f) < 0.05f)
            c.pred[i] += 0.2f;
    }
    float g[LN] = {0};
    const float *m = masked ? c.mask : NULL;
    if (huber)
        fs_nn_huber_backward(g, c.pred, c.target, m, LN, 1.0f, 1.0f);
    else
        fs_nn_mse_backward(g, c.pred, c.target, m, LN, 1.0f);
    check_grad(loss_value, &c, c.pred, g, LN, name);
}

static void test_loss_backward_fd(void **state)
{
    (void)state;
    check_loss(false, false, "mse");
    check_loss(false, true, "masked mse");
    check_loss(true, false, "huber");
    check_loss(true, true, "masked huber");
}

int main(void)
{
    fs_nn_blas_single_thread();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dense_backward_fd),
        cmocka_unit_test(test_relu_backward_fd),
        cmocka_unit_test(test_elu_backward_fd),
        cmocka_unit_test(test_tanh_backward_fd),
        cmocka_unit_test(test_sigmoid_backward_fd),
        cmocka_unit_test(test_softmax_backward_fd),
        cmocka_unit_test(test_log_softmax_backward_fd),
        cmocka_unit_test(test_gru_backward_fd),
        cmocka_unit_test(test_loss_backward_fd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
