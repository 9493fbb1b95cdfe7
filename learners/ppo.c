/* learners/ppo.c - bias-free MLP, clipped PPO loss and the policy/value
 * pair. See ppo.h. */
#include "learners/ppo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/nn.h"

/* ---- MLP ------------------------------------------------------------------ */

static size_t add_weight(fs_params *p, const char *prefix, const char *name,
                         int rows, int cols)
{
    char full[96];
    snprintf(full, sizeof full, "%s.%s", prefix, name);
    size_t off = fs_params_add(p, full, rows, cols);
    fs_params_set_init_bound(p, off, (float)sqrt(6.0 / (rows + cols)));
    return off;
}

void fs_mlp3_add(struct fs_mlp3 *m, fs_params *p, const char *prefix, int in,
                 int hidden, int out)
{
    m->in = in;
    m->hidden = hidden;
    m->out = out;
    m->w[0] = add_weight(p, prefix, "w1", hidden, in);
    m->w[1] = add_weight(p, prefix, "w2", hidden, hidden);
    m->w[2] = add_weight(p, prefix, "w3", out, hidden);
}

void fs_mlp3_forward(const struct fs_mlp3 *m, const float *theta,
                     const float *x, float *h1, float *h2, float *y, int B)
{
    size_t nh = (size_t)B * (size_t)m->hidden;
    fs_nn_dense_forward(h1, x, theta + m->w[0], NULL, B, m->in, m->hidden);
    fs_nn_relu_forward(h1, h1, nh);
    fs_nn_dense_forward(h2, h1, theta + m->w[1], NULL, B, m->hidden, m->hidden);
    fs_nn_relu_forward(h2, h2, nh);
    fs_nn_dense_forward(y, h2, theta + m->w[2], NULL, B, m->hidden, m->out);
}

void fs_mlp3_backward(const struct fs_mlp3 *m, const float *theta, float *grad,
                      const float *x, const float *h1, const float *h2,
                      const float *dy, float *scratch, int B)
{
    int H = m->hidden;
    size_t nh = (size_t)B * (size_t)H;
    float *dpost = scratch, *dpre = scratch + nh;

    fs_nn_dense_backward_params(grad + m->w[2], NULL, dy, h2, B, H, m->out);
    memset(dpost, 0, nh * sizeof *dpost);
    fs_nn_dense_backward_input(dpost, dy, theta + m->w[2], B, H, m->out);
    memset(dpre, 0, nh * sizeof *dpre);
    fs_nn_relu_backward(dpre, dpost, h2, nh);

    fs_nn_dense_backward_params(grad + m->w[1], NULL, dpre, h1, B, H, H);
    memset(dpost, 0, nh * sizeof *dpost);
    fs_nn_dense_backward_input(dpost, dpre, theta + m->w[1], B, H, H);
    memset(dpre, 0, nh * sizeof *dpre);
    fs_nn_relu_backward(dpre, dpost, h1, nh);

    fs_nn_dense_backward_params(grad + m->w[0], NULL, dpre, x, B, m->in, H);
}

/* ---- policy kernels ------------------------------------------------------- */

void fs_ppo_masked_softmax(float *probs, const float *logits,
                           const unsigned char *avail, int B, int A)
{
    for (int b = 0; b < B; b++) {
        const float *z = logits + (size_t)b * A;
        const unsigned char *ok = avail ? avail + (size_t)b * A : NULL;
        float *p = probs + (size_t)b * A;
        float mx = -INFINITY;
        for (int j = 0; j < A; j++)
            if ((!ok || ok[j]) && z[j] > mx)
                mx = z[j];
        double s = 0;
        for (int j = 0; j < A; j++) {
            p[j] = (!ok || ok[j]) ? expf(z[j] - mx) : 0.0f;
            s += p[j];
        }
        for (int j = 0; j < A; j++)
            p[j] = (float)(p[j] / s);
    }
}

double fs_ppo_clip_loss(const float *probs, const int *actions,
                        const float *old_p, const float *adv, int B, int A,
                        float clip, float ent_coef, float *dlogits)
{
    double loss = 0;
    for (int b = 0; b < B; b++) {
        const float *p = probs + (size_t)b * A;
        double pa = p[actions[b]], rho = pa / old_p[b], a = adv[b];
        double rc = fmin(fmax(rho, 1.0 - clip), 1.0 + clip);
        double unclipped = rho * a, clipped = rc * a;
        double surr = fmin(unclipped, clipped);
        /* p log p -> 0 as p -> 0: a probability that underflowed to 0
         * adds nothing (and no NaN) */
        double lp = pa > 0 ? log(pa) : 0.0;
        loss -= surr - ent_coef * pa * lp;
        /* dL/dp_a of this sample, then through the softmax:
         * dL/dz_j = dL/dp_a * p_a (delta_aj - p_j). */
        double dsurr = unclipped <= clipped ? a / old_p[b] : 0.0;
        double dpa = -(dsurr - ent_coef * (lp + 1.0)) / B;
        float *dz = dlogits + (size_t)b * A;
        for (int j = 0; j < A; j++)
            dz[j] += (float)(dpa * pa * ((j == actions[b]) - p[j]));
    }
    return loss / B;
}

void fs_ppo_returns(float *G, const float *r, int n, double gamma)
{
    double g = 0;
    for (int t = n - 1; t >= 0; t--) {
        g = r[t] + gamma * g;
        G[t] = (float)g;
    }
}

void fs_ppo_normalise(float *x, int n)
{
    if (n <= 0)
        return;
    double m = 0, s2 = 0;
    for (int i = 0; i < n; i++)
        m += x[i];
    m /= n;
    for (int i = 0; i < n; i++)
        s2 += (x[i] - m) * (x[i] - m);
    double sd = sqrt(s2 / n);
    for (int i = 0; i < n; i++)
        x[i] = (float)(sd < 1e-8 ? x[i] - m : (x[i] - m) / sd);
}

/* ---- policy/value pair ---------------------------------------------------- */

struct fs_ppo_net {
    struct fs_ppo_cfg cfg;
    fs_params *pi, *v;
    struct fs_mlp3 pi_mlp, v_mlp;
    fs_optim *opt_pi, *opt_v;
    float *h1, *h2, *out, *probs, *dout, *scratch;   /* max_batch rows */
};

fs_ppo_net *fs_ppo_net_create(const struct fs_ppo_cfg *cfg, fs_rng *r)
{
    fs_ppo_net *n = fs_xcalloc(1, sizeof *n);
    n->cfg = *cfg;
    n->pi = fs_params_create();
    fs_mlp3_add(&n->pi_mlp, n->pi, "pi", cfg->in, cfg->pi_hidden, cfg->n_actions);
    fs_params_finalize(n->pi);
    fs_params_init(n->pi, r);
    n->v = fs_params_create();
    fs_mlp3_add(&n->v_mlp, n->v, "v", cfg->in, cfg->v_hidden, 1);
    fs_params_finalize(n->v);
    fs_params_init(n->v, r);
    fs_adam_cfg a = fs_adam_defaults(cfg->lr_actor), c = fs_adam_defaults(cfg->lr_critic);
    n->opt_pi = fs_optim_adam_create(fs_params_count(n->pi), &a);
    n->opt_v = fs_optim_adam_create(fs_params_count(n->v), &c);

    size_t B = (size_t)(cfg->max_batch > 0 ? cfg->max_batch : 1);
    size_t H = (size_t)(cfg->pi_hidden > cfg->v_hidden ? cfg->pi_hidden : cfg->v_hidden);
    size_t A = (size_t)(cfg->n_actions > 1 ? cfg->n_actions : 1);
    n->h1 = fs_xmalloc(B * H * sizeof(float));
    n->h2 = fs_xmalloc(B * H * sizeof(float));
    n->out = fs_xmalloc(B * A * sizeof(float));
    n->probs = fs_xmalloc(B * A * sizeof(float));
    n->dout = fs_xmalloc(B * A * sizeof(float));
    n->scratch = fs_xmalloc(2 * B * H * sizeof(float));
    return n;
}

void fs_ppo_net_destroy(fs_ppo_net **net)
{
    if (!net || !*net)
        return;
    fs_ppo_net *n = *net;
    fs_params_destroy(&n->pi);
    fs_params_destroy(&n->v);
    fs_optim_destroy(&n->opt_pi);
    fs_optim_destroy(&n->opt_v);
    free(n->h1);
    free(n->h2);
    free(n->out);
    free(n->probs);
    free(n->dout);
    free(n->scratch);
    free(n);
    *net = NULL;
}

void fs_ppo_net_probs(fs_ppo_net *net, const float *x,
                      const unsigned char *avail, float *probs)
{
    fs_mlp3_forward(&net->pi_mlp, fs_params_data(net->pi), x, net->h1, net->h2,
                    net->out, 1);
    fs_ppo_masked_softmax(probs, net->out, avail, 1, net->cfg.n_actions);
}

double fs_ppo_net_fit_value(fs_ppo_net *net, const float *x,
                            const float *targets, float *v_out, int B)
{
    float *theta = fs_params_data(net->v), *grad = fs_params_grad(net->v);
    fs_mlp3_forward(&net->v_mlp, theta, x, net->h1, net->h2, net->out, B);
    double loss = fs_nn_mse_forward(net->out, targets, NULL, (size_t)B);
    memset(net->dout, 0, (size_t)B * sizeof *net->dout);
    fs_nn_mse_backward(net->dout, net->out, targets, NULL, (size_t)B, 1.0f);
    fs_params_zero_grad(net->v);
    fs_mlp3_backward(&net->v_mlp, theta, grad, x, net->h1, net->h2, net->dout,
                     net->scratch, B);
    fs_optim_step(net->opt_v, theta, grad);
    if (v_out)
        fs_mlp3_forward(&net->v_mlp, theta, x, net->h1, net->h2, v_out, B);
    return loss;
}

double fs_ppo_net_policy_step(fs_ppo_net *net, const float *x,
                              const unsigned char *avail, const int *actions,
                              const float *old_p, const float *adv, int B)
{
    int A = net->cfg.n_actions;
    float *theta = fs_params_data(net->pi), *grad = fs_params_grad(net->pi);
    fs_mlp3_forward(&net->pi_mlp, theta, x, net->h1, net->h2, net->out, B);
    fs_ppo_masked_softmax(net->probs, net->out, avail, B, A);
    memset(net->dout, 0, (size_t)B * (size_t)A * sizeof *net->dout);
    double loss = fs_ppo_clip_loss(net->probs, actions, old_p, adv, B, A,
                                   net->cfg.clip, net->cfg.ent_coef, net->dout);
    fs_params_zero_grad(net->pi);
    fs_mlp3_backward(&net->pi_mlp, theta, grad, x, net->h1, net->h2, net->dout,
                     net->scratch, B);
    fs_optim_step(net->opt_pi, theta, grad);
    return loss;
}
