/* learners/ppo.h - the PPO pieces FEN is built from (reference notes,
 * shared/reference/marl-algorithms.md section 2.4): a bias-free ReLU MLP
 * in -> H -> H -> out over a core/params.h arena, the clipped policy loss
 * with the authors' entropy-like bonus, and a policy/value pair with its two
 * Adam optimizers and single-epoch update steps.
 *
 * Kernels (fs_mlp3_*, fs_ppo_clip_loss, fs_ppo_masked_softmax) work over
 * caller-owned buffers and allocate nothing. fs_ppo_net is an opaque handle
 * that owns its arenas, optimizers and scratch.
 */
#ifndef FS_LEARNERS_PPO_H
#define FS_LEARNERS_PPO_H

#include <stddef.h>

#include "core/params.h"
#include "core/rng.h"
#include "core/optim.h"

/* ---- bias-free MLP ------------------------------------------------------ */

/* y = W3 relu(W2 relu(W1 x)), W1 [H x in], W2 [H x H], W3 [out x H], no
 * biases (the authors' TF code creates weights only). */
struct fs_mlp3 {
    int in, hidden, out;
    size_t w[3];                  /* offsets of W1, W2, W3 in the arena */
};

/* Register the three weights of m as "<prefix>.w1/.w2/.w3" in p (before
 * finalize) with Glorot-uniform bounds sqrt(6 / (fan_in + fan_out)), TF's
 * default initialiser for tf.get_variable. */
void fs_mlp3_add(struct fs_mlp3 *m, fs_params *p, const char *prefix, int in,
                 int hidden, int out);

/* Forward for a batch of B rows: x [B x in] -> y [B x out]; h1, h2
 * [B x hidden] receive the two post-ReLU activations (kept for backward).
 * theta is the arena's data. */
void fs_mlp3_forward(const struct fs_mlp3 *m, const float *theta,
                     const float *x, float *h1, float *h2, float *y, int B);

/* Backward given dy [B x out]: ACCUMULATES the weight gradients into grad
 * (the arena's gradient array). x, h1, h2 as used/filled by the forward.
 * scratch holds 2 * B * hidden floats (overwritten). No input gradient. */
void fs_mlp3_backward(const struct fs_mlp3 *m, const float *theta, float *grad,
                      const float *x, const float *h1, const float *h2,
                      const float *dy, float *scratch, int B);

/* ---- policy kernels ----------------------------------------------------- */

/* probs [B x A] = softmax of logits [B x A] over the available actions
 * (avail [B x A], 1 = allowed, may be NULL for all; each row needs one);
 * unavailable actions get probability exactly 0. In place allowed. */
void fs_ppo_masked_softmax(float *probs, const float *logits,
                           const unsigned char *avail, int B, int A);

/* The clipped PPO loss of B samples as the authors code it:
 *   rho_b = p_b / old_p_b,  p_b = probs[b][actions[b]]
 *   L = -(1/B) sum_b [ min(rho_b adv_b, clip(rho_b, 1-clip, 1+clip) adv_b)
 *                      - ent_coef * p_b log p_b ]
 * Returns L and ADDS dL/dlogits to dlogits [B x A] (probs is the softmax of
 * the logits). The min passes the gradient A_b / old_p_b when the unclipped
 * term is the smaller or equal one, else 0. probs[b][actions[b]] > 0 and
 * old_p > 0 required. */
double fs_ppo_clip_loss(const float *probs, const int *actions,
                        const float *old_p, const float *adv, int B, int A,
                        float clip, float ent_coef, float *dlogits);

/* ---- a policy/value pair ------------------------------------------------ */

struct fs_ppo_cfg {
    int in, n_actions;
    int pi_hidden, v_hidden;      /* L and H of section 2.4 */
    double lr_actor, lr_critic;   /* Adam learning rates */
    float clip, ent_coef;
    int max_batch;                /* largest B passed to the update calls */
};

typedef struct fs_ppo_net fs_ppo_net;

/* Create and initialise a pair from r (policy weights first, then value).
 * Never NULL (aborts on OOM). Free with fs_ppo_net_destroy. */
fs_ppo_net *fs_ppo_net_create(const struct fs_ppo_cfg *cfg, fs_rng *r);
void fs_ppo_net_destroy(fs_ppo_net **net);    /* NULL-safe */

/* Action probabilities for one input x [in] (avail [n_actions] may be NULL)
 * into probs [n_actions]. */
void fs_ppo_net_probs(fs_ppo_net *net, const float *x,
                      const unsigned char *avail, float *probs);

/* Fit the value net by one Adam step on the mean squared error to
 * targets [B] over inputs x [B x in]; then write the updated values V(x)
 * into v_out [B] (may be NULL). Returns the loss before the step.
 * 1 <= B <= max_batch. */
double fs_ppo_net_fit_value(fs_ppo_net *net, const float *x,
                            const float *targets, float *v_out, int B);

/* One Adam step of the clipped loss (fs_ppo_clip_loss) for samples x
 * [B x in], avail [B x n_actions] (may be NULL), actions [B], old_p [B],
 * adv [B]. Returns the loss. 1 <= B <= max_batch. */
double fs_ppo_net_policy_step(fs_ppo_net *net, const float *x,
                              const unsigned char *avail, const int *actions,
                              const float *old_p, const float *adv, int B);

/* Discounted returns without bootstrap: G[t] = r[t] + gamma G[t+1],
 * G[n-1] = r[n-1]. In place allowed. */
void fs_ppo_returns(float *G, const float *r, int n, double gamma);

/* Normalise x [n] to zero mean and unit (population) std; when the std is
 * below 1e-8 only the mean is removed. */
void fs_ppo_normalise(float *x, int n);

#endif /* FS_LEARNERS_PPO_H */
