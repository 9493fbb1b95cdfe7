/* learners/qmix_agent.h - the PyMARL RNN agent network (fc1 + ReLU,
 * GRUCell, fc2) with batched backward-through-time.
 *
 * Parameters live in a caller's arena (core/params.h), so the agent and the
 * mixer share one optimizer and one target copy; fs_qmix_agent_add()
 * registers the tensors and records their offsets in a layout.
 *
 * Training rows are TIME-MAJOR: a sequence batch of T steps of R rows (R =
 * episodes x agents) is [T x R] rows, row t * R + r. Everything that does
 * not recur (fc1, the GRU input projection, fc2 and all weight gradients,
 * W_hh's included) is one sgemm over all T * R rows; only h W_hh^T and its
 * input gradient run step by step. The hidden state starts at zero.
 *
 * Workspaces own the activations of one unroll; not thread-safe per
 * workspace. All sizes are in floats.
 */
#ifndef FS_LEARNERS_QMIX_AGENT_H
#define FS_LEARNERS_QMIX_AGENT_H

#include <stddef.h>

#include "core/params.h"

typedef struct fs_qmix_agent_layout {
    int in, H, A;                       /* input, hidden, actions */
    size_t w1, b1, gru[4], w2, b2;      /* offsets into the arena */
} fs_qmix_agent_layout;

/* Register fc1 (in -> H), rnn (GRUCell(H, H)) and fc2 (H -> A) in p, with
 * PyTorch's init ranges, under "<prefix>.fc1" etc. Before finalize. */
void fs_qmix_agent_add(fs_params *p, const char *prefix, int in, int H, int A,
                       fs_qmix_agent_layout *L);

typedef struct fs_qmix_agent_work fs_qmix_agent_work;

/* A workspace for unrolls of up to T_max steps of R rows. Never NULL
 * (aborts on OOM). Free with fs_qmix_agent_work_destroy (NULL-safe, sets
 * *w to NULL). */
fs_qmix_agent_work *fs_qmix_agent_work_create(const fs_qmix_agent_layout *L,
                                              int T_max, int R);
void fs_qmix_agent_work_destroy(fs_qmix_agent_work **w);

/* Unroll over T <= T_max steps from h = 0: x [T*R x in] inputs (time-major,
 * borrowed until the backward), theta the arena's data. Returns the
 * Q-values [T*R x A], owned by the workspace, valid until the next call. */
const float *fs_qmix_agent_forward(const fs_qmix_agent_layout *L,
                                   const float *theta, fs_qmix_agent_work *w,
                                   const float *x, int T);

/* Backward of the last forward over its first T_back <= T steps, given
 * dq [T_back*R x A] = dLoss/dQ. ACCUMULATES into grad (the arena's
 * gradient array; caller zeroes it). */
void fs_qmix_agent_backward(const fs_qmix_agent_layout *L, const float *theta,
                            float *grad, fs_qmix_agent_work *w,
                            const float *dq, int T_back);

/* One acting step for R rows: q [R x A] from x [R x in] and the hidden
 * state h [R x H], which is replaced by the new one. scratch holds
 * fs_qmix_agent_step_scratch(L, R) floats. */
size_t fs_qmix_agent_step_scratch(const fs_qmix_agent_layout *L, int R);
void fs_qmix_agent_step(const fs_qmix_agent_layout *L, const float *theta,
                        const float *x, float *h, float *q, int R,
                        float *scratch);

#endif /* FS_LEARNERS_QMIX_AGENT_H */
