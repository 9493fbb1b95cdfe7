/* learners/qmix_mixer.h - QMIX's monotonic mixing network with
 * hypernetworks (PyMARL src/modules/mixers/qmix.py, hypernet_layers 2).
 *
 * For each row m (one time step of one episode), with global state s [S]
 * and the n agents' chosen Q-values q [n]:
 *   W1 = |Linear(Hh -> E n)(ReLU(Linear(S -> Hh)(s)))|   reshaped n x E
 *   Wf = |Linear(Hh -> E)(ReLU(Linear(S -> Hh)(s)))|     (separate layers)
 *   b1 = Linear(S -> E)(s);  V = Linear(E -> 1)(ReLU(Linear(S -> E)(s)))
 *   Q_tot = ELU(q^T W1 + b1) . Wf + V
 * Parameters live in a caller's arena (shared with the agent net). The
 * backward gives the gradients of the parameters and of q (not of s).
 */
#ifndef FS_LEARNERS_QMIX_MIXER_H
#define FS_LEARNERS_QMIX_MIXER_H

#include <stddef.h>

#include "core/params.h"

typedef struct fs_qmix_mixer_layout {
    int n, S, E, Hh;
    size_t hw1_a[2], hw1_b[2];   /* weight, bias of the W1 hypernet layers */
    size_t hwf_a[2], hwf_b[2];   /* ... of the Wf hypernet */
    size_t hb1[2];               /* b1 */
    size_t v_a[2], v_b[2];       /* V */
} fs_qmix_mixer_layout;

/* Register the mixer's tensors in p ("<prefix>.hyper_w_1.0" ...). */
void fs_qmix_mixer_add(fs_params *p, const char *prefix, int n_agents,
                       int state_dim, int embed, int hyper_embed,
                       fs_qmix_mixer_layout *L);

typedef struct fs_qmix_mixer_work fs_qmix_mixer_work;

/* A workspace for up to M_max rows. Never NULL. Destroy is NULL-safe and
 * sets *w to NULL. */
fs_qmix_mixer_work *fs_qmix_mixer_work_create(const fs_qmix_mixer_layout *L,
                                              int M_max);
void fs_qmix_mixer_work_destroy(fs_qmix_mixer_work **w);

/* Q_tot [M] (caller-owned) of q [M x n] and s [M x S] (both borrowed until
 * the backward). M <= M_max. */
void fs_qmix_mixer_forward(const fs_qmix_mixer_layout *L, const float *theta,
                           fs_qmix_mixer_work *w, const float *q,
                           const float *s, int M, float *qtot);

/* Backward of the last forward given dqtot [M]: ACCUMULATES the parameter
 * gradients into grad and dq [M x n] (dq may be NULL). */
void fs_qmix_mixer_backward(const fs_qmix_mixer_layout *L, const float *theta,
                            float *grad, fs_qmix_mixer_work *w,
                            const float *dqtot, float *dq);

#endif /* FS_LEARNERS_QMIX_MIXER_H */
