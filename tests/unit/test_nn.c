/* tests/unit/test_nn.c - nn kernels against naive loops, hand-computed and
 * PyTorch-computed values. Gradients are in test_nn_grad.c. */
#include "tests/unit/test_common.h"

#include <stdlib.h>
#include <string.h>

#include "core/nn.h"
#include "core/rng.h"

/* Shapes (B, in, out) for the BLAS-vs-naive checks: 1 x 1, odd sizes and
 * sizes that are not multiples of 8 (or of any SIMD width). */
static const int shapes[][3] = {
    {1, 1, 1}, {1, 7, 3}, {5, 1, 9}, {7, 13, 5}, {17, 9, 33}, {33, 65, 10},
};

static void fill(float *a, size_t n, fs_rng *r)
{
    for (size_t i = 0; i < n; i++)
        a[i] = (float)fs_rng_range(r, -1.0, 1.0);
}

static void test_matmul_ref_by_hand(void **state)
{
    (void)state;
    // [1 2; 3 4] [5 6; 7 8] = [19 22; 43 50]; with trans_b, B^T = [5 7; 6 8]
    const float a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8};
    float c[4] = {1, 1, 1, 1};
    fs_nn_matmul_ref(false, false, 2, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c, 2);
    assert_close(c[0], 19, 0, 0);
    assert_close(c[1], 22, 0, 0);
    assert_close(c[2], 43, 0, 0);
    assert_close(c[3], 50, 0, 0);
    // alpha 2, beta 1, A^T B^T: A^T = [1 3; 2 4], B^T = [5 7; 6 8]
    // A^T B^T = [23 31; 34 46]; 2 * that + c
    fs_nn_matmul_ref(true, true, 2, 2, 2, 2.0f, a, 2, b, 2, 1.0f, c, 2);
    assert_close(c[0], 19 + 46, 0, 0);
    assert_close(c[1], 22 + 62, 0, 0);
    assert_close(c[2], 43 + 68, 0, 0);
    assert_close(c[3], 50 + 92, 0, 0);
}

static void assert_arrays_close(const float *got, const float *want, size_t n,
                                double atol, double rtol)
{
    for (size_t i = 0; i < n; i++)
        assert_close(got[i], want[i], atol, rtol);
}

static void test_dense_forward_matches_naive(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 7, 0, FS_RNG_USER);
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int B = shapes[s][0], in = shapes[s][1], out = shapes[s][2];
        float *x = malloc(sizeof(float) * B * in);
        float *w = malloc(sizeof(float) * out * in);
        float *b = malloc(sizeof(float) * out);
        float *y = malloc(sizeof(float) * B * out);
        float *ref = malloc(sizeof(float) * B * out);
        fill(x, (size_t)B * in, &r);
        fill(w, (size_t)out * in, &r);
        fill(b, (size_t)out, &r);
        for (int i = 0; i < B; i++)
            memcpy(ref + (size_t)i * out, b, sizeof(float) * out);
        fs_nn_matmul_ref(false, true, B, out, in, 1.0f, x, in, w, in, 1.0f,
                         ref, out);
        fs_nn_dense_forward(y, x, w, b, B, in, out);
        assert_arrays_close(y, ref, (size_t)B * out, 1e-5, 1e-5);
        // without bias
        fs_nn_matmul_ref(false, true, B, out, in, 1.0f, x, in, w, in, 0.0f,
                         ref, out);
        fs_nn_dense_forward(y, x, w, NULL, B, in, out);
        assert_arrays_close(y, ref, (size_t)B * out, 1e-5, 1e-5);
        free(x), free(w), free(b), free(y), free(ref);
    }
}

static void test_dense_backward_matches_naive_and_accumulates(void **state)
{
    (void)state;
    fs_rng r;
    fs_rng_init(&r, 8, 0, FS_RNG_USER);
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int B = shapes[s][0], in = shapes[s][1], out = shapes[s][2];
        size_t nx = (size_t)B * in, nw = (size_t)out * in, ny = (size_t)B * out;
        float *x = malloc(sizeof(float) * nx), *w = malloc(sizeof(float) * nw);
        float *dy = malloc(sizeof(float) * ny);
        float *dx = malloc(sizeof(float) * nx), *dx_ref = malloc(sizeof(float) * nx);
        float *dw = malloc(sizeof(float) * nw), *dw_ref = malloc(sizeof(float) * nw);
        float *db = malloc(sizeof(float) * out), *db_ref = malloc(sizeof(float) * out);
        fill(x, nx, &r);
        fill(w, nw, &r);
        fill(dy, ny, &r);
        // start from non-zero gradients: the kernel must add, not overwrite
        fill(dx, nx, &r);
        fill(dw, nw, &r);
        fill(db, (size_t)out, &r);
        memcpy(dx_ref, dx, sizeof(float) * nx);
        memcpy(dw_ref, dw, sizeof(float) * nw);
        memcpy(db_ref, db, sizeof(float) * out);
        // dx += dy w; dw += dy^T x; db += column sums of dy
        fs_nn_matmul_ref(false, false, B, in, out, 1.0f, dy, out, w, in, 1.0f,
                         dx_ref, in);
        fs_nn_matmul_ref(true, false, out, in, B, 1.0f, dy, out, x, in, 1.0f,
                         dw_ref, in);
        for (int i = 0; i < B; i++)
            for (int o = 0; o < out; o++)
                db_ref[o] += dy[(size_t)i * out + o];
        fs_nn_dense_backward(dx, dw, db, dy, x, w, B, in, out);
        assert_arrays_close(dx, dx_ref, nx, 1e-5, 1e-5);
        assert_arrays_close(dw, dw_ref, nw, 1e-5, 1e-5);
        assert_arrays_close(db, db_ref, (size_t)out, 1e-5, 1e-5);
        // dx = NULL skips the input gradient only
        fs_nn_dense_backward(NULL, dw, NULL, dy, x, w, B, in, out);
        fs_nn_matmul_ref(true, false, out, in, B, 1.0f, dy, out, x, in, 1.0f,
                         dw_ref, in);
        assert_arrays_close(dw, dw_ref, nw, 1e-5, 1e-5);
        free(x), free(w), free(dy), free(dx), free(dx_ref), free(dw);
        free(dw_ref), free(db), free(db_ref);
    }
}

static void test_activation_values(void **state)
{
    (void)state;
    const float x[] = {-3.0f, -0.5f, -1e-3f, 0.0f, 2e-3f, 0.7f, 4.0f};
    float y[7];
    fs_nn_relu_forward(y, x, 7);
    for (int i = 0; i < 7; i++)
        assert_close(y[i], x[i] > 0 ? x[i] : 0, 0, 0);
    // NaN passes through (as torch.relu), so divergence stays visible
    const float nan_in = NAN;
    float nan_out = 0.0f;
    fs_nn_relu_forward(&nan_out, &nan_in, 1);
    assert_true(isnan(nan_out));
    fs_nn_elu_forward(y, x, 7);
    for (int i = 0; i < 7; i++)
        assert_close(y[i], x[i] > 0 ? x[i] : expm1(x[i]), 1e-7, 1e-6);
    fs_nn_sigmoid_forward(y, x, 7);
    for (int i = 0; i < 7; i++)
        assert_close(y[i], 1.0 / (1.0 + exp(-(double)x[i])), 1e-7, 1e-6);
    // saturated inputs stay finite and exact at the limits
    const float big[] = {-200.0f, 200.0f};
    fs_nn_sigmoid_forward(y, big, 2);
    assert_close(y[0], 0.0, 1e-30, 0);
    assert_close(y[1], 1.0, 0, 0);
    fs_nn_tanh_forward(y, big, 2);
    assert_close(y[0], -1.0, 0, 0);
    assert_close(y[1], 1.0, 0, 0);
}

/* fs_nn_tanh_forward uses its own formula; compare it to libm's tanh over
 * [-10, 10] in steps of 1/256 plus tiny values: 3e-7 absolute (a few float
 * ulp near 1) and 1e-6 relative. */
static void test_tanh_accuracy(void **state)
{
    (void)state;
    for (int k = -2560; k <= 2560; k++) {
        float x = (float)k / 256.0f, y;
        fs_nn_tanh_forward(&y, &x, 1);
        assert_close(y, tanh((double)x), 3e-7, 1e-6);
    }
    const float tiny[] = {1e-30f, -1e-8f, 1e-4f, 0.1249f, 0.1251f};
    for (int i = 0; i < 5; i++) {
        float y;
        fs_nn_tanh_forward(&y, &tiny[i], 1);
        assert_close(y, tanh((double)tiny[i]), 0, 1e-6);
    }
}

static void test_softmax_values_and_stability(void **state)
{
    (void)state;
    // softmax(1, 2, 3) = e^k / (e + e^2 + e^3)
    const float x[] = {1, 2, 3, 1000, 1001, 1002};
    float y[6], ly[6];
    fs_nn_softmax_forward(y, x, 2, 3);
    double z = exp(1) + exp(2) + exp(3);
    for (int j = 0; j < 3; j++) {
        assert_close(y[j], exp(j + 1) / z, 1e-7, 1e-6);
        assert_close(y[3 + j], exp(j + 1) / z, 1e-7, 1e-6);  // shift-invariant
    }
    fs_nn_log_softmax_forward(ly, x, 2, 3);
    for (int j = 0; j < 3; j++) {
        assert_close(ly[j], (j + 1) - log(z), 1e-6, 1e-6);
        assert_close(ly[3 + j], (j + 1) - log(z), 1e-4, 1e-6);
    }
    // in place
    float v[3] = {1, 2, 3};
    fs_nn_softmax_forward(v, v, 1, 3);
    assert_close(v[2], exp(3) / z, 1e-7, 1e-6);
}

/* A 1-unit GRUCell with hand-picked weights. Expected value from
 * torch.nn.GRUCell(1, 1) (torch 1.13) with weight_ih = [.1, -.2, .3],
 * weight_hh = [.4, .5, -.6], bias_ih = [.01, .02, .03],
 * bias_hh = [-.01, .05, .1], x = .5, h = -.3: 0.029690653085708618.
 * By hand: r = s(.06 - .13) = s(-.07), z = s(-.08 - .10) = s(-.18),
 * n = tanh(.18 + r (.18 + .1)), h' = (1 - z) n - .3 z. */
static void test_gru_forward_tiny_case(void **state)
{
    (void)state;
    const float w_ih[] = {0.1f, -0.2f, 0.3f}, w_hh[] = {0.4f, 0.5f, -0.6f};
    const float b_ih[] = {0.01f, 0.02f, 0.03f}, b_hh[] = {-0.01f, 0.05f, 0.1f};
    const float x = 0.5f, h = -0.3f;
    float h_out, cache[FS_NN_GRU_CACHE(1, 1)], work[FS_NN_GRU_WORK(1, 1)];
    fs_nn_gru_forward(&h_out, cache, work, &x, &h, w_ih, w_hh, b_ih, b_hh, 1,
                      1, 1);
    double r = 1.0 / (1.0 + exp(0.07)), z = 1.0 / (1.0 + exp(0.18));
    double n = tanh(0.18 + r * 0.28);
    assert_close(h_out, (1.0 - z) * n - 0.3 * z, 1e-7, 1e-5);
    assert_close(h_out, 0.029690653085708618, 1e-7, 1e-5);
    // the cache holds the gates r, z, n then gh = W_hh h + b_hh
    assert_close(cache[0], r, 1e-7, 1e-6);
    assert_close(cache[1], z, 1e-7, 1e-6);
    assert_close(cache[2], n, 1e-7, 1e-6);
    assert_close(cache[5], -0.6 * -0.3 + 0.1, 1e-7, 1e-6);
}

/* The batched GRU (input projection for many rows at once, then the step)
 * equals the one-call cell on a batch with odd sizes. */
static void test_gru_step_equals_cell(void **state)
{
    (void)state;
    enum { B = 5, IN = 3, H = 7 };
    fs_rng r;
    fs_rng_init(&r, 9, 0, FS_RNG_USER);
    float w_ih[3 * H * IN], w_hh[3 * H * H], b_ih[3 * H], b_hh[3 * H];
    float x[B * IN], h[B * H], gi[B * 3 * H];
    float h1[B * H], h2[B * H], c1[FS_NN_GRU_CACHE(B, H)],
          c2[FS_NN_GRU_CACHE(B, H)], work[FS_NN_GRU_WORK(B, H)];
    fill(w_ih, sizeof w_ih / 4, &r), fill(w_hh, sizeof w_hh / 4, &r);
    fill(b_ih, 3 * H, &r), fill(b_hh, 3 * H, &r);
    fill(x, B * IN, &r), fill(h, B * H, &r);
    fs_nn_gru_forward(h1, c1, work, x, h, w_ih, w_hh, b_ih, b_hh, B, IN, H);
    fs_nn_dense_forward(gi, x, w_ih, b_ih, B, IN, 3 * H);
    fs_nn_gru_step_forward(h2, c2, gi, h, w_hh, b_hh, B, H);
    assert_memory_equal(h1, h2, sizeof h1);
    assert_memory_equal(c1, c2, sizeof c1);
    // each output row from the equations, in double
    for (int i = 0; i < B; i++)
        for (int j = 0; j < H; j++) {
            double a[3], g[3];
            for (int k = 0; k < 3; k++) {
                a[k] = b_ih[k * H + j];
                g[k] = b_hh[k * H + j];
                for (int p = 0; p < IN; p++)
                    a[k] += (double)w_ih[(k * H + j) * IN + p] * x[i * IN + p];
                for (int p = 0; p < H; p++)
                    g[k] += (double)w_hh[(k * H + j) * H + p] * h[i * H + p];
            }
            double rr = 1 / (1 + exp(-(a[0] + g[0])));
            double zz = 1 / (1 + exp(-(a[1] + g[1])));
            double nn = tanh(a[2] + rr * g[2]);
            assert_close(h1[i * H + j], (1 - zz) * nn + zz * h[i * H + j],
                         1e-6, 1e-5);
        }
}

static void test_loss_values(void **state)
{
    (void)state;
    // d = pred - target = (1, 0, 2.5)
    const float pred[] = {1, 2, 4}, target[] = {0, 2, 1.5f};
    const float mask[] = {1, 1, 0}, none[] = {0, 0, 0};
    assert_close(fs_nn_mse_forward(pred, target, NULL, 3), 7.25 / 3, 1e-12, 1e-12);
    assert_close(fs_nn_mse_forward(pred, target, mask, 3), 0.5, 1e-12, 1e-12);
    assert_close(fs_nn_mse_forward(pred, target, none, 3), 0.0, 0, 0);
    // Huber(1): 0.5 * 1^2 (|d| = 1 is not < 1, so 1 * (1 - .5) = .5 too),
    // 0, 1 * (2.5 - 0.5) = 2. torch.nn.HuberLoss() gives 0.8333333134651184.
    assert_close(fs_nn_huber_forward(pred, target, NULL, 3, 1.0f), 2.5 / 3,
                 1e-12, 1e-7);
    assert_close(fs_nn_huber_forward(pred, target, mask, 3, 1.0f), 0.25,
                 1e-12, 1e-12);
    // gradients: MSE 2 d / n; Huber clip(d, -1, 1) / n
    float g[3] = {0, 0, 0};
    fs_nn_mse_backward(g, pred, target, NULL, 3, 1.0f);
    assert_close(g[0], 2.0 / 3, 1e-7, 0);
    assert_close(g[1], 0.0, 0, 0);
    assert_close(g[2], 5.0 / 3, 1e-6, 0);
    float h[3] = {0, 0, 0};
    fs_nn_huber_backward(h, pred, target, mask, 3, 1.0f, 2.0f);
    assert_close(h[0], 2.0 * 1.0 / 2, 1e-7, 0);
    assert_close(h[2], 0.0, 0, 0);
    float z[3] = {0, 0, 0};
    fs_nn_mse_backward(z, pred, target, none, 3, 1.0f);
    assert_close(z[0] + z[1] + z[2], 0.0, 0, 0);
}

int main(void)
{
    fs_nn_blas_single_thread();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matmul_ref_by_hand),
        cmocka_unit_test(test_dense_forward_matches_naive),
        cmocka_unit_test(test_dense_backward_matches_naive_and_accumulates),
        cmocka_unit_test(test_activation_values),
        cmocka_unit_test(test_tanh_accuracy),
        cmocka_unit_test(test_softmax_values_and_stability),
        cmocka_unit_test(test_gru_forward_tiny_case),
        cmocka_unit_test(test_gru_step_equals_cell),
        cmocka_unit_test(test_loss_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
