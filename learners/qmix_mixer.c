/* learners/qmix_mixer.c - QMIX mixer with two-layer hypernetworks.
 * See learners/qmix_mixer.h. */
#include "learners/qmix_mixer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nn.h"

struct fs_qmix_mixer_work {
    int M_max, M;
    const float *q, *s;
    /* forward activations, per row */
    float *h1, *w1raw, *w1;       /* [M x Hh], [M x nE], [M x nE] */
    float *hf, *wfraw, *wf;       /* [M x Hh], [M x E], [M x E] */
    float *b1, *hv, *v;           /* [M x E], [M x E], [M] */
    float *hid;                   /* [M x E] ELU(q W1 + b1) */
    /* gradients */
    float *dhid, *dpre, *dw1, *dwf, *dh1, *dhf, *dhv;
};

static void add_lin(fs_params *p, const char *prefix, const char *part,
                    int in, int out, size_t off[2])
{
    char name[96];
    snprintf(name, sizeof name, "%s.%s", prefix, part);
    fs_params_add_linear(p, name, in, out, &off[0], &off[1]);
}

void fs_qmix_mixer_add(fs_params *p, const char *prefix, int n_agents,
                       int state_dim, int embed, int hyper_embed,
                       fs_qmix_mixer_layout *L)
{
    L->n = n_agents;
    L->S = state_dim;
    L->E = embed;
    L->Hh = hyper_embed;
    add_lin(p, prefix, "hyper_w_1.0", state_dim, hyper_embed, L->hw1_a);
    add_lin(p, prefix, "hyper_w_1.2", hyper_embed, embed * n_agents, L->hw1_b);
    add_lin(p, prefix, "hyper_w_final.0", state_dim, hyper_embed, L->hwf_a);
    add_lin(p, prefix, "hyper_w_final.2", hyper_embed, embed, L->hwf_b);
    add_lin(p, prefix, "hyper_b_1", state_dim, embed, L->hb1);
    add_lin(p, prefix, "V.0", state_dim, embed, L->v_a);
    add_lin(p, prefix, "V.2", embed, 1, L->v_b);
}

static float *fz(size_t n)
{
    return fs_xcalloc(n ? n : 1, sizeof(float));
}

fs_qmix_mixer_work *fs_qmix_mixer_work_create(const fs_qmix_mixer_layout *L,
                                              int M_max)
{
    fs_qmix_mixer_work *w = fs_xcalloc(1, sizeof *w);
    size_t M = (size_t)M_max, E = (size_t)L->E, Hh = (size_t)L->Hh,
           nE = E * (size_t)L->n;
    w->M_max = M_max;
    w->h1 = fz(M * Hh);
    w->w1raw = fz(M * nE);
    w->w1 = fz(M * nE);
    w->hf = fz(M * Hh);
    w->wfraw = fz(M * E);
    w->wf = fz(M * E);
    w->b1 = fz(M * E);
    w->hv = fz(M * E);
    w->v = fz(M);
    w->hid = fz(M * E);
    w->dhid = fz(M * E);
    w->dpre = fz(M * E);
    w->dw1 = fz(M * nE);
    w->dwf = fz(M * E);
    w->dh1 = fz(M * Hh);
    w->dhf = fz(M * Hh);
    w->dhv = fz(M * E);
    return w;
}

void fs_qmix_mixer_work_destroy(fs_qmix_mixer_work **pw)
{
    if (!pw || !*pw)
        return;
    fs_qmix_mixer_work *w = *pw;
    float *bufs[] = {w->h1, w->w1raw, w->w1, w->hf, w->wfraw, w->wf, w->b1,
                     w->hv, w->v, w->hid, w->dhid, w->dpre, w->dw1, w->dwf,
                     w->dh1, w->dhf, w->dhv};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        free(bufs[i]);
    free(w);
    *pw = NULL;
}

static void absval(float *y, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = fabsf(x[i]);
}

void fs_qmix_mixer_forward(const fs_qmix_mixer_layout *L, const float *theta,
                           fs_qmix_mixer_work *w, const float *q,
                           const float *s, int M, float *qtot)
{
    const int n = L->n, S = L->S, E = L->E, Hh = L->Hh, nE = n * E;
    const float *t = theta;
    w->M = M;
    w->q = q;
    w->s = s;
    fs_nn_dense_forward(w->h1, s, t + L->hw1_a[0], t + L->hw1_a[1], M, S, Hh);
    fs_nn_relu_forward(w->h1, w->h1, (size_t)M * Hh);
    fs_nn_dense_forward(w->w1raw, w->h1, t + L->hw1_b[0], t + L->hw1_b[1], M,
                        Hh, nE);
    absval(w->w1, w->w1raw, (size_t)M * nE);
    fs_nn_dense_forward(w->hf, s, t + L->hwf_a[0], t + L->hwf_a[1], M, S, Hh);
    fs_nn_relu_forward(w->hf, w->hf, (size_t)M * Hh);
    fs_nn_dense_forward(w->wfraw, w->hf, t + L->hwf_b[0], t + L->hwf_b[1], M,
                        Hh, E);
    absval(w->wf, w->wfraw, (size_t)M * E);
    fs_nn_dense_forward(w->b1, s, t + L->hb1[0], t + L->hb1[1], M, S, E);
    fs_nn_dense_forward(w->hv, s, t + L->v_a[0], t + L->v_a[1], M, S, E);
    fs_nn_relu_forward(w->hv, w->hv, (size_t)M * E);
    fs_nn_dense_forward(w->v, w->hv, t + L->v_b[0], t + L->v_b[1], M, E, 1);
    for (int m = 0; m < M; m++) {
        float *hid = w->hid + (size_t)m * E;
        const float *w1 = w->w1 + (size_t)m * nE, *qm = q + (size_t)m * n;
        memcpy(hid, w->b1 + (size_t)m * E, (size_t)E * sizeof *hid);
        for (int a = 0; a < n; a++)
            for (int e = 0; e < E; e++)
                hid[e] += qm[a] * w1[a * E + e];
    }
    fs_nn_elu_forward(w->hid, w->hid, (size_t)M * E);
    for (int m = 0; m < M; m++) {
        double acc = w->v[m];
        const float *hid = w->hid + (size_t)m * E, *wf = w->wf + (size_t)m * E;
        for (int e = 0; e < E; e++)
            acc += (double)hid[e] * wf[e];
        qtot[m] = (float)acc;
    }
}

/* In-place ReLU backward: d = 0 where the forward output y was not > 0. */
static void relu_mask(float *d, const float *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(y[i] > 0.0f))
            d[i] = 0.0f;
}

/* dx = dy * sign(x) for y = |x| (sign(0) = 0, as torch.abs). */
static void abs_backward(float *dx, const float *dy, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dx[i] = x[i] > 0 ? dy[i] : x[i] < 0 ? -dy[i] : 0.0f;
}

void fs_qmix_mixer_backward(const fs_qmix_mixer_layout *L, const float *theta,
                            float *grad, fs_qmix_mixer_work *w,
                            const float *dqtot, float *dq)
{
    const int M = w->M, n = L->n, S = L->S, E = L->E, Hh = L->Hh, nE = n * E;
    const float *t = theta;
    float *g = grad;
    memset(w->dpre, 0, (size_t)M * E * sizeof(float));
    for (int m = 0; m < M; m++) {
        const float *hid = w->hid + (size_t)m * E, *wf = w->wf + (size_t)m * E;
        float *dhid = w->dhid + (size_t)m * E, *dwf = w->dwf + (size_t)m * E;
        for (int e = 0; e < E; e++) {
            dhid[e] = dqtot[m] * wf[e];
            dwf[e] = dqtot[m] * hid[e];
        }
    }
    fs_nn_elu_backward(w->dpre, w->dhid, w->hid, (size_t)M * E);
    for (int m = 0; m < M; m++) {
        const float *dpre = w->dpre + (size_t)m * E, *qm = w->q + (size_t)m * n;
        const float *w1 = w->w1 + (size_t)m * nE;
        float *dw1 = w->dw1 + (size_t)m * nE;
        for (int a = 0; a < n; a++) {
            double acc = 0;
            for (int e = 0; e < E; e++) {
                dw1[a * E + e] = dpre[e] * qm[a];
                acc += (double)dpre[e] * w1[a * E + e];
            }
            if (dq)
                dq[(size_t)m * n + a] += (float)acc;
        }
    }
    /* |.| then the hypernet layers; dw1/dwf are reused for the raw grads */
    abs_backward(w->dw1, w->dw1, w->w1raw, (size_t)M * nE);
    abs_backward(w->dwf, w->dwf, w->wfraw, (size_t)M * E);
    memset(w->dh1, 0, (size_t)M * Hh * sizeof(float));
    memset(w->dhf, 0, (size_t)M * Hh * sizeof(float));
    memset(w->dhv, 0, (size_t)M * E * sizeof(float));
    fs_nn_dense_backward(w->dh1, g + L->hw1_b[0], g + L->hw1_b[1], w->dw1,
                         w->h1, t + L->hw1_b[0], M, Hh, nE);
    relu_mask(w->dh1, w->h1, (size_t)M * Hh);
    fs_nn_dense_backward_params(g + L->hw1_a[0], g + L->hw1_a[1], w->dh1,
                                w->s, M, S, Hh);
    fs_nn_dense_backward(w->dhf, g + L->hwf_b[0], g + L->hwf_b[1], w->dwf,
                         w->hf, t + L->hwf_b[0], M, Hh, E);
    relu_mask(w->dhf, w->hf, (size_t)M * Hh);
    fs_nn_dense_backward_params(g + L->hwf_a[0], g + L->hwf_a[1], w->dhf,
                                w->s, M, S, Hh);
    fs_nn_dense_backward_params(g + L->hb1[0], g + L->hb1[1], w->dpre, w->s,
                                M, S, E);
    fs_nn_dense_backward(w->dhv, g + L->v_b[0], g + L->v_b[1], dqtot, w->hv,
                         t + L->v_b[0], M, E, 1);
    relu_mask(w->dhv, w->hv, (size_t)M * E);
    fs_nn_dense_backward_params(g + L->v_a[0], g + L->v_a[1], w->dhv, w->s, M,
                                S, E);
}
