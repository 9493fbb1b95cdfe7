/* learners/qmix_agent.c - the PyMARL RNN agent network, batched BPTT.
 * See learners/qmix_agent.h. (Moved here from bench/bench_qmix_agent.c.) */
#include "learners/qmix_agent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nn.h"

struct fs_qmix_agent_work {
    int T_max, R;
    const float *x;       /* [N x in] inputs of the last forward (borrowed) */
    int T;                /* steps of the last forward */
    float *a1;            /* [N x H] ReLU(fc1) */
    float *gi;            /* [N x 3H] a1 W_ih^T + b_ih */
    float *hs;            /* [(T + 1) R x H] h_{-1} = 0, then h_0 .. */
    float *cache;         /* [T x 6 R H] GRU gate caches */
    float *q;             /* [N x A] */
    float *dhs, *dgi, *dgh, *dcarry, *da1, *dx1;
};

void fs_qmix_agent_add(fs_params *p, const char *prefix, int in, int H, int A,
                       fs_qmix_agent_layout *L)
{
    char name[96];
    L->in = in;
    L->H = H;
    L->A = A;
    snprintf(name, sizeof name, "%s.fc1", prefix);
    fs_params_add_linear(p, name, in, H, &L->w1, &L->b1);
    snprintf(name, sizeof name, "%s.rnn", prefix);
    fs_params_add_gru(p, name, H, H, L->gru);
    snprintf(name, sizeof name, "%s.fc2", prefix);
    fs_params_add_linear(p, name, H, A, &L->w2, &L->b2);
}

static float *fzalloc(size_t n)
{
    return fs_xcalloc(n ? n : 1, sizeof(float));
}

fs_qmix_agent_work *fs_qmix_agent_work_create(const fs_qmix_agent_layout *L,
                                              int T_max, int R)
{
    fs_qmix_agent_work *w = fs_xcalloc(1, sizeof *w);
    size_t N = (size_t)T_max * R, H = (size_t)L->H;
    w->T_max = T_max;
    w->R = R;
    w->a1 = fzalloc(N * H);
    w->gi = fzalloc(N * 3 * H);
    w->hs = fzalloc((N + R) * H);
    w->cache = fzalloc((size_t)T_max * FS_NN_GRU_CACHE(R, L->H));
    w->q = fzalloc(N * L->A);
    w->dhs = fzalloc(N * H);
    w->dgi = fzalloc(N * 3 * H);
    w->dgh = fzalloc(N * 3 * H);
    w->dcarry = fzalloc((size_t)R * H);
    w->da1 = fzalloc(N * H);
    w->dx1 = fzalloc(N * H);
    return w;
}

void fs_qmix_agent_work_destroy(fs_qmix_agent_work **pw)
{
    if (!pw || !*pw)
        return;
    fs_qmix_agent_work *w = *pw;
    float *bufs[] = {w->a1, w->gi, w->hs, w->cache, w->q, w->dhs, w->dgi,
                     w->dgh, w->dcarry, w->da1, w->dx1};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        free(bufs[i]);
    free(w);
    *pw = NULL;
}

const float *fs_qmix_agent_forward(const fs_qmix_agent_layout *L,
                                   const float *theta, fs_qmix_agent_work *w,
                                   const float *x, int T)
{
    const int R = w->R, H = L->H, N = T * R;
    const size_t RH = (size_t)R * H;
    w->x = x;
    w->T = T;
    fs_nn_dense_forward(w->a1, x, theta + L->w1, theta + L->b1, N, L->in, H);
    fs_nn_relu_forward(w->a1, w->a1, (size_t)N * H);
    fs_nn_dense_forward(w->gi, w->a1, theta + L->gru[0], theta + L->gru[2], N,
                        H, 3 * H);
    memset(w->hs, 0, RH * sizeof *w->hs);
    for (int t = 0; t < T; t++)
        fs_nn_gru_step_forward(w->hs + (t + 1) * RH,
                               w->cache + t * FS_NN_GRU_CACHE(R, H),
                               w->gi + t * 3 * RH, w->hs + t * RH,
                               theta + L->gru[1], theta + L->gru[3], R, H);
    fs_nn_dense_forward(w->q, w->hs + RH, theta + L->w2, theta + L->b2, N, H,
                        L->A);
    return w->q;
}

void fs_qmix_agent_backward(const fs_qmix_agent_layout *L, const float *theta,
                            float *grad, fs_qmix_agent_work *w,
                            const float *dq, int T_back)
{
    const int R = w->R, H = L->H, N = T_back * R;
    const size_t RH = (size_t)R * H, n = (size_t)N;
    if (T_back <= 0)
        return;
    memset(w->dhs, 0, n * H * sizeof(float));
    memset(w->dcarry, 0, RH * sizeof(float));
    memset(w->da1, 0, n * H * sizeof(float));
    memset(w->dx1, 0, n * H * sizeof(float));
    fs_nn_dense_backward(w->dhs, grad + L->w2, grad + L->b2, dq, w->hs + RH,
                         theta + L->w2, N, H, L->A);
    for (int t = T_back - 1; t >= 0; t--) {
        float *dh_t = w->dhs + t * RH;     /* dL/dh_t from fc2 and h_{t+1} */
        for (size_t i = 0; i < RH; i++) {
            dh_t[i] += w->dcarry[i];
            w->dcarry[i] = 0.0f;
        }
        float *dgh_t = w->dgh + t * 3 * RH;
        fs_nn_gru_gates_backward(w->dgi + t * 3 * RH, dgh_t, w->dcarry, dh_t,
                                 w->cache + t * FS_NN_GRU_CACHE(R, H),
                                 w->hs + t * RH, R, H);
        fs_nn_dense_backward_input(w->dcarry, dgh_t, theta + L->gru[1], R, H,
                                   3 * H);
    }
    /* all steps at once: gh_t = h_{t-1} W_hh^T + b_hh, gi = a1 W_ih^T + b_ih */
    fs_nn_dense_backward_params(grad + L->gru[1], grad + L->gru[3], w->dgh,
                                w->hs, N, H, 3 * H);
    fs_nn_dense_backward(w->dx1, grad + L->gru[0], grad + L->gru[2], w->dgi,
                         w->a1, theta + L->gru[0], N, H, 3 * H);
    fs_nn_relu_backward(w->da1, w->dx1, w->a1, n * H);
    fs_nn_dense_backward(NULL, grad + L->w1, grad + L->b1, w->da1, w->x,
                         theta + L->w1, N, L->in, H);
}

size_t fs_qmix_agent_step_scratch(const fs_qmix_agent_layout *L, int R)
{
    return (size_t)R * L->H * 5 + FS_NN_GRU_CACHE(R, L->H);
}

void fs_qmix_agent_step(const fs_qmix_agent_layout *L, const float *theta,
                        const float *x, float *h, float *q, int R,
                        float *scratch)
{
    const int H = L->H;
    float *a1 = scratch, *gi = a1 + (size_t)R * H, *hn = gi + (size_t)R * 3 * H;
    float *cache = hn + (size_t)R * H;
    fs_nn_dense_forward(a1, x, theta + L->w1, theta + L->b1, R, L->in, H);
    fs_nn_relu_forward(a1, a1, (size_t)R * H);
    fs_nn_dense_forward(gi, a1, theta + L->gru[0], theta + L->gru[2], R, H,
                        3 * H);
    fs_nn_gru_step_forward(hn, cache, gi, h, theta + L->gru[1],
                           theta + L->gru[3], R, H);
    memcpy(h, hn, (size_t)R * H * sizeof *h);
    fs_nn_dense_forward(q, h, theta + L->w2, theta + L->b2, R, H, L->A);
}
