/* core/nn.h - neural-network kernels: dense layers, activations, GRU cell,
 * losses; each a forward/backward pair over caller-owned buffers.
 *
 * Conventions (llm.c style):
 *  - float32, row-major, batch-major: a batch of B vectors of width D is a
 *    [B x D] array. Weights are stored like PyTorch's: a dense layer mapping
 *    `in` to `out` features has W [out x in] and b [out].
 *  - Nothing here allocates or keeps state; every buffer belongs to the caller
 *    and dimensions are passed explicitly.
 *  - Backward functions ACCUMULATE (+=) into every gradient they produce
 *    (parameter gradients and input gradients alike), so callers zero them
 *    once per step. Exceptions are named in the function's comment.
 *  - Matrix products go through OpenBLAS (cblas_sgemm). Call
 *    fs_nn_blas_single_thread() once per process so a job uses one core and
 *    its results do not depend on the thread count.
 *  - Output buffers must not overlap inputs unless a comment says in-place
 *    is allowed.
 */
#ifndef FS_CORE_NN_H
#define FS_CORE_NN_H

#include <stdbool.h>
#include <stddef.h>

/* ---- matrix products --------------------------------------------------- */

/* Make OpenBLAS use one thread in this process (openblas_set_num_threads). */
void fs_nn_blas_single_thread(void);

/* Reference matrix product by plain loops, accumulated in double, with the
 * meaning of row-major cblas_sgemm:
 *   C[m x n] = alpha * op(A) op(B) + beta * C
 * op(A) is [m x k]: A is [m x k] (lda >= k) or, if trans_a, [k x m] (lda >= m);
 * op(B) is [k x n]: B is [k x n] (ldb >= n) or, if trans_b, [n x k] (ldb >= k).
 * When beta == 0, C is not read. For tests and as the definition of the BLAS
 * paths; slow. */
void fs_nn_matmul_ref(bool trans_a, bool trans_b, int m, int n, int k,
                      float alpha, const float *a, int lda, const float *b,
                      int ldb, float beta, float *c, int ldc);

/* ---- dense layer ------------------------------------------------------- */

/* y[B x out] = x[B x in] W^T + b, with W [out x in] and b [out] (b may be
 * NULL for no bias). y is overwritten. */
void fs_nn_dense_forward(float *y, const float *x, const float *w,
                         const float *b, int B, int in, int out);

/* Backward of fs_nn_dense_forward, given dy [B x out]:
 *   dx[B x in] += dy W        (skipped when dx is NULL)
 *   dw[out x in] += dy^T x
 *   db[out] += sum over rows of dy  (skipped when db is NULL) */
void fs_nn_dense_backward(float *dx, float *dw, float *db, const float *dy,
                          const float *x, const float *w, int B, int in,
                          int out);

/* The two halves of fs_nn_dense_backward, for callers that batch the
 * parameter gradient over many steps (BPTT): dx += dy W, and
 * dw += dy^T x, db += sum_rows dy (db may be NULL). */
void fs_nn_dense_backward_input(float *dx, const float *dy, const float *w,
                                int B, int in, int out);
void fs_nn_dense_backward_params(float *dw, float *db, const float *dy,
                                 const float *x, int B, int in, int out);

/* ---- element-wise activations (n values; forward may run in place) ----- */
/* Each backward takes the forward's OUTPUT y (enough for all four) and does
 * dx += dy * f'(x). */

void fs_nn_relu_forward(float *y, const float *x, size_t n);
void fs_nn_relu_backward(float *dx, const float *dy, const float *y, size_t n);

/* ELU with alpha = 1: y = x for x > 0, exp(x) - 1 otherwise. */
void fs_nn_elu_forward(float *y, const float *x, size_t n);
void fs_nn_elu_backward(float *dx, const float *dy, const float *y, size_t n);

/* tanh by its own branch-free formula (libm's tanhf is slow here): within
 * 3e-7 absolute and 1e-6 relative of the exact value. */
void fs_nn_tanh_forward(float *y, const float *x, size_t n);
void fs_nn_tanh_backward(float *dx, const float *dy, const float *y, size_t n);

void fs_nn_sigmoid_forward(float *y, const float *x, size_t n);
void fs_nn_sigmoid_backward(float *dx, const float *dy, const float *y,
                            size_t n);

/* ---- row-wise softmax over [B x D], D >= 1 ----------------------------- */

/* y = softmax(x) per row (max subtracted first, so any finite x is safe).
 * In place allowed. */
void fs_nn_softmax_forward(float *y, const float *x, int B, int D);
/* dx += y * (dy - sum_j dy_j y_j) per row; y is the forward output. */
void fs_nn_softmax_backward(float *dx, const float *dy, const float *y, int B,
                            int D);

/* y = x - log(sum_j exp(x_j)) per row, computed stably. In place allowed. */
void fs_nn_log_softmax_forward(float *y, const float *x, int B, int D);
/* dx += dy - exp(y) * sum_j dy_j per row; y is the forward output. */
void fs_nn_log_softmax_backward(float *dx, const float *dy, const float *y,
                                int B, int D);

/* ---- GRU cell (PyTorch torch.nn.GRUCell) ------------------------------- */
/* Weights: W_ih [3H x in], W_hh [3H x H], b_ih [3H], b_hh [3H], row blocks
 * in gate order r, z, n as in PyTorch:
 *   r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 * The cache holds two [B x 3H] blocks: the gate values [r z n] per row,
 * then gh = h W_hh^T + b_hh: FS_NN_GRU_CACHE floats in all. */
#define FS_NN_GRU_CACHE(B, H) ((size_t)(B) * 6u * (size_t)(H))
/* Workspace of fs_nn_gru_forward/backward: FS_NN_GRU_WORK floats. */
#define FS_NN_GRU_WORK(B, H) ((size_t)(B) * 6u * (size_t)(H))

/* One GRU step for a batch: h_out [B x H] from x [B x in] and h [B x H]
 * (h_out must not alias h). Fills cache (FS_NN_GRU_CACHE(B, H)) for the
 * backward; work is scratch (FS_NN_GRU_WORK(B, H)). */
void fs_nn_gru_forward(float *h_out, float *cache, float *work, const float *x,
                       const float *h, const float *w_ih, const float *w_hh,
                       const float *b_ih, const float *b_hh, int B, int in,
                       int H);

/* Backward of fs_nn_gru_forward given dh_out [B x H]; x, h, cache as passed
 * to / filled by the forward. Accumulates dx [B x in] (may be NULL), dh
 * [B x H] (may be NULL), dw_ih, dw_hh, db_ih, db_hh. work is scratch
 * (FS_NN_GRU_WORK(B, H)). */
void fs_nn_gru_backward(float *dx, float *dh, float *dw_ih, float *dw_hh,
                        float *db_ih, float *db_hh, float *work,
                        const float *dh_out, const float *cache,
                        const float *x, const float *h, const float *w_ih,
                        const float *w_hh, int B, int in, int H);

/* The recurrent half of a GRU step, for callers that compute the input
 * projection gi = x W_ih^T + b_ih [B x 3H] for many steps at once (a whole
 * sequence in one sgemm). Computes gh = h W_hh^T + b_hh into the cache and
 * h_out [B x H] (must not alias h). */
void fs_nn_gru_step_forward(float *h_out, float *cache, const float *gi,
                            const float *h, const float *w_hh,
                            const float *b_hh, int B, int H);

/* Element-wise backward of the gate equations only, given dh_out [B x H]:
 * WRITES (=, not +=) the pre-activation gradients dgi = dL/dgi [B x 3H] and
 * dgh = dL/dgh [B x 3H], and accumulates the direct path dh += dh_out * z
 * (dh may be NULL). The caller then back-propagates dgh through W_hh
 * (fs_nn_dense_backward with x = h) and dgi through W_ih; both may be
 * batched over many steps. (dgi and dgh agree in the r and z blocks; they
 * differ in the n block by the factor r.) */
void fs_nn_gru_gates_backward(float *dgi, float *dgh, float *dh,
                              const float *dh_out, const float *cache,
                              const float *h, int B, int H);

/* ---- losses (mean reduction; value accumulated in double) -------------- */
/* mask [n] may be NULL (all ones). With a mask the loss is
 * sum(mask * l_i) / sum(mask), as QMIX's masked TD loss; when sum(mask) is 0
 * the loss is 0 and the gradient is 0 (PyTorch would give NaN). The
 * backward adds scale * dLoss/dpred to dpred (scale is the upstream gradient
 * of the loss, normally 1). */

/* l_i = (pred_i - target_i)^2. */
double fs_nn_mse_forward(const float *pred, const float *target,
                         const float *mask, size_t n);
void fs_nn_mse_backward(float *dpred, const float *pred, const float *target,
                        const float *mask, size_t n, float scale);

/* PyTorch HuberLoss(delta): with d = pred - target,
 * l_i = 0.5 d^2 if |d| < delta, else delta * (|d| - 0.5 delta).
 * delta = 1 is SmoothL1Loss(beta = 1). delta > 0. */
double fs_nn_huber_forward(const float *pred, const float *target,
                           const float *mask, size_t n, float delta);
void fs_nn_huber_backward(float *dpred, const float *pred, const float *target,
                          const float *mask, size_t n, float delta,
                          float scale);

#endif /* FS_CORE_NN_H */
