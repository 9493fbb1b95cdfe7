/* core/nn.c - dense layers, activations and softmax. See nn.h. */
#include "core/nn.h"

#include <math.h>
#include <string.h>

#include <cblas.h>

#include "core/nn_math.h"

void fs_nn_blas_single_thread(void)
{
    openblas_set_num_threads(1);
}

void fs_nn_matmul_ref(bool trans_a, bool trans_b, int m, int n, int k,
                      float alpha, const float *a, int lda, const float *b,
                      int ldb, float beta, float *c, int ldc)
{
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int p = 0; p < k; p++) {
                float aip = trans_a ? a[(size_t)p * lda + i] : a[(size_t)i * lda + p];
                float bpj = trans_b ? b[(size_t)j * ldb + p] : b[(size_t)p * ldb + j];
                s += (double)aip * bpj;
            }
            float *cij = &c[(size_t)i * ldc + j];
            double old = beta == 0.0f ? 0.0 : (double)beta * *cij;
            *cij = (float)((double)alpha * s + old);
        }
    }
}

/* ---- dense layer ------------------------------------------------------- */

void fs_nn_dense_forward(float *y, const float *x, const float *w,
                         const float *b, int B, int in, int out)
{
    // x is (B, in), w is (out, in), b is (out); y will be (B, out)
    if (B <= 0 || out <= 0)
        return;
    float beta = 0.0f;
    if (b != NULL) {
        for (int i = 0; i < B; i++)
            memcpy(y + (size_t)i * out, b, (size_t)out * sizeof *y);
        beta = 1.0f;
    }
    if (in <= 0) {
        if (b == NULL)
            memset(y, 0, (size_t)B * out * sizeof *y);
        return;
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, out, in, 1.0f, x,
                in, w, in, beta, y, out);
}

void fs_nn_dense_backward_input(float *dx, const float *dy, const float *w,
                                int B, int in, int out)
{
    // in the forward pass this was: y = x w^T + b, so dx += dy w
    if (B <= 0 || in <= 0 || out <= 0)
        return;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, in, out, 1.0f,
                dy, out, w, in, 1.0f, dx, in);
}

void fs_nn_dense_backward_params(float *dw, float *db, const float *dy,
                                 const float *x, int B, int in, int out)
{
    // in the forward pass this was: y = x w^T + b, so
    // dw += dy^T x and db += sum over rows of dy
    if (B <= 0 || out <= 0)
        return;
    if (in > 0)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, B, 1.0f,
                    dy, out, x, in, 1.0f, dw, in);
    if (db != NULL) {
        for (int i = 0; i < B; i++) {
            const float *dyi = dy + (size_t)i * out;
            for (int o = 0; o < out; o++)
                db[o] += dyi[o];
        }
    }
}

void fs_nn_dense_backward(float *dx, float *dw, float *db, const float *dy,
                          const float *x, const float *w, int B, int in,
                          int out)
{
    if (dx != NULL)
        fs_nn_dense_backward_input(dx, dy, w, B, in, out);
    fs_nn_dense_backward_params(dw, db, dy, x, B, in, out);
}

/* ---- element-wise activations ------------------------------------------ */

void fs_nn_relu_forward(float *y, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = fs_relu1(x[i]);
}

void fs_nn_relu_backward(float *dx, const float *dy, const float *y, size_t n)
{
    // forward: y = max(x, 0); y > 0 exactly where x > 0
    for (size_t i = 0; i < n; i++)
        dx[i] += fs_relu_gate1(dy[i], y[i]);
}

void fs_nn_elu_forward(float *y, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] > 0.0f ? x[i] : expm1f(x[i]);
}

void fs_nn_elu_backward(float *dx, const float *dy, const float *y, size_t n)
{
    // forward: y = x (x > 0) or exp(x) - 1, so dy/dx = 1 or exp(x) = y + 1
    for (size_t i = 0; i < n; i++)
        dx[i] += y[i] > 0.0f ? dy[i] : dy[i] * (y[i] + 1.0f);
}

void fs_nn_tanh_forward(float *y, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = fs_tanh1(x[i]);
}

void fs_nn_tanh_backward(float *dx, const float *dy, const float *y, size_t n)
{
    // forward: y = tanh(x), dy/dx = 1 - y^2
    for (size_t i = 0; i < n; i++)
        dx[i] += dy[i] * (1.0f - y[i] * y[i]);
}

void fs_nn_sigmoid_forward(float *y, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = fs_sigmoid1(x[i]);
}

void fs_nn_sigmoid_backward(float *dx, const float *dy, const float *y,
                            size_t n)
{
    // forward: y = sigmoid(x), dy/dx = y (1 - y)
    for (size_t i = 0; i < n; i++)
        dx[i] += dy[i] * y[i] * (1.0f - y[i]);
}

/* ---- softmax ----------------------------------------------------------- */

static float row_max(const float *x, int D)
{
    float m = x[0];
    for (int j = 1; j < D; j++)
        if (x[j] > m)
            m = x[j];
    return m;
}

void fs_nn_softmax_forward(float *y, const float *x, int B, int D)
{
    for (int i = 0; i < B; i++) {
        const float *xi = x + (size_t)i * D;
        float *yi = y + (size_t)i * D;
        float m = row_max(xi, D);
        double sum = 0.0;
        for (int j = 0; j < D; j++) {
            yi[j] = expf(xi[j] - m);
            sum += yi[j];
        }
        float inv = (float)(1.0 / sum);
        for (int j = 0; j < D; j++)
            yi[j] *= inv;
    }
}

void fs_nn_softmax_backward(float *dx, const float *dy, const float *y, int B,
                            int D)
{
    // forward: y_j = exp(x_j) / sum_k exp(x_k), so
    // dx_j = sum_k dy_k dy_k/dx_j = y_j (dy_j - sum_k dy_k y_k)
    for (int i = 0; i < B; i++) {
        const float *dyi = dy + (size_t)i * D, *yi = y + (size_t)i * D;
        float *dxi = dx + (size_t)i * D;
        double dot = 0.0;
        for (int j = 0; j < D; j++)
            dot += (double)dyi[j] * yi[j];
        for (int j = 0; j < D; j++)
            dxi[j] += yi[j] * (dyi[j] - (float)dot);
    }
}

void fs_nn_log_softmax_forward(float *y, const float *x, int B, int D)
{
    for (int i = 0; i < B; i++) {
        const float *xi = x + (size_t)i * D;
        float *yi = y + (size_t)i * D;
        float m = row_max(xi, D);
        double sum = 0.0;
        for (int j = 0; j < D; j++)
            sum += exp((double)xi[j] - m);
        float lse = m + (float)log(sum);
        for (int j = 0; j < D; j++)
            yi[j] = xi[j] - lse;
    }
}

void fs_nn_log_softmax_backward(float *dx, const float *dy, const float *y,
                                int B, int D)
{
    // forward: y_j = x_j - log sum_k exp(x_k), so
    // dx_j = dy_j - softmax_j * sum_k dy_k, with softmax_j = exp(y_j)
    for (int i = 0; i < B; i++) {
        const float *dyi = dy + (size_t)i * D, *yi = y + (size_t)i * D;
        float *dxi = dx + (size_t)i * D;
        double sum = 0.0;
        for (int j = 0; j < D; j++)
            sum += dyi[j];
        for (int j = 0; j < D; j++)
            dxi[j] += dyi[j] - expf(yi[j]) * (float)sum;
    }
}
