/* core/optim.h - Adam and RMSprop as torch.optim computes them, and global
 * L2-norm gradient clipping as torch.nn.utils.clip_grad_norm_.
 *
 * An optimizer works on one flat parameter array and its gradient array of
 * the same length (see core/params.h) and owns its state (moment arrays and
 * step count) in flat arrays. The update kernels are also public, for tests
 * and for callers that keep the state themselves.
 */
#ifndef FS_CORE_OPTIM_H
#define FS_CORE_OPTIM_H

#include <stddef.h>

/* torch.optim.Adam without weight decay or amsgrad.
 * Defaults (fs_adam_defaults): betas (0.9, 0.999), eps 1e-8. */
typedef struct fs_adam_cfg {
    double lr, beta1, beta2, eps;   /* Python floats, as in torch */
} fs_adam_cfg;

/* torch.optim.RMSprop without momentum, centering or weight decay.
 * Defaults (fs_rmsprop_defaults): alpha 0.99, eps 1e-8 (PyTorch's; PyMARL
 * passes eps 1e-5). */
typedef struct fs_rmsprop_cfg {
    double lr, alpha, eps;
} fs_rmsprop_cfg;

fs_adam_cfg fs_adam_defaults(double lr);
fs_rmsprop_cfg fs_rmsprop_defaults(double lr);

/* The update kernels follow torch 1.13's single-tensor code operation by
 * operation: scalars are computed in double and cast to float where torch
 * multiplies a float32 tensor by a Python float, so results match PyTorch
 * to the last bit in the common case. */

/* One Adam step on n values; step is the 1-based number of this step.
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   theta -= lr / (1 - b1^step) * m / (sqrt(v) / sqrt(1 - b2^step) + eps) */
void fs_adam_update(float *theta, float *m, float *v, const float *g, size_t n,
                    long step, const fs_adam_cfg *cfg);

/* One RMSprop step on n values:
 *   v = alpha v + (1 - alpha) g^2;  theta -= lr g / (sqrt(v) + eps) */
void fs_rmsprop_update(float *theta, float *v, const float *g, size_t n,
                       const fs_rmsprop_cfg *cfg);

/* Scale g in place so its global L2 norm is at most max_norm (> 0):
 * coef = max_norm / (norm + 1e-6), applied when coef < 1. Returns the norm
 * before clipping. The norm is summed in double (PyTorch sums in float32,
 * so the last bits may differ). A NaN norm scales g by NaN and an infinite
 * one by 0, as PyTorch does; callers check the returned norm. */
double fs_clip_grad_norm(float *g, size_t n, float max_norm);

/* An optimizer with its own state for n parameters. */
typedef struct fs_optim fs_optim;

/* Create an optimizer for n parameters with zeroed state. cfg is copied.
 * Never NULL (aborts on OOM). Free with fs_optim_destroy(). */
fs_optim *fs_optim_adam_create(size_t n, const fs_adam_cfg *cfg);
fs_optim *fs_optim_rmsprop_create(size_t n, const fs_rmsprop_cfg *cfg);

/* Free; accepts NULL and sets *o to NULL. */
void fs_optim_destroy(fs_optim **o);

/* Apply one update: theta [n] -= f(grad [n], state). */
void fs_optim_step(fs_optim *o, float *theta, const float *grad);

/* Steps taken so far. */
long fs_optim_steps(const fs_optim *o);

/* Change the learning rate (for schedules). */
void fs_optim_set_lr(fs_optim *o, double lr);

#endif /* FS_CORE_OPTIM_H */
