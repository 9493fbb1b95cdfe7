/* core/optim.c - Adam, RMSprop and gradient clipping. See optim.h. */
#include "core/optim.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "core/err.h"

fs_adam_cfg fs_adam_defaults(double lr)
{
    return (fs_adam_cfg){.lr = lr, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8};
}

fs_rmsprop_cfg fs_rmsprop_defaults(double lr)
{
    return (fs_rmsprop_cfg){.lr = lr, .alpha = 0.99, .eps = 1e-8};
}

void fs_adam_update(float *theta, float *m, float *v, const float *g, size_t n,
                    long step, const fs_adam_cfg *cfg)
{
    assert(step >= 1);
    // torch 1.13 _single_tensor_adam, one line per tensor operation:
    //   exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    //   exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    //   denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
    //   param.addcdiv_(exp_avg, denom, value=-step_size)
    const double bc1 = 1.0 - pow(cfg->beta1, (double)step);
    const double bc2 = 1.0 - pow(cfg->beta2, (double)step);
    const float b1 = (float)cfg->beta1, c1 = (float)(1.0 - cfg->beta1);
    const float b2 = (float)cfg->beta2, c2 = (float)(1.0 - cfg->beta2);
    const float bc2_sqrt = (float)sqrt(bc2), eps = (float)cfg->eps;
    const float neg_step = (float)(-(cfg->lr / bc1));
    for (size_t i = 0; i < n; i++) {
        m[i] = m[i] * b1 + c1 * g[i];
        v[i] = v[i] * b2 + c2 * g[i] * g[i];
        float denom = sqrtf(v[i]) / bc2_sqrt + eps;
        theta[i] = theta[i] + neg_step * m[i] / denom;
    }
}

void fs_rmsprop_update(float *theta, float *v, const float *g, size_t n,
                       const fs_rmsprop_cfg *cfg)
{
    // torch 1.13 _single_tensor_rmsprop:
    //   square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    //   avg = square_avg.sqrt().add_(eps)
    //   param.addcdiv_(grad, avg, value=-lr)
    const float a = (float)cfg->alpha, c = (float)(1.0 - cfg->alpha);
    const float eps = (float)cfg->eps, neg_lr = (float)(-cfg->lr);
    for (size_t i = 0; i < n; i++) {
        v[i] = v[i] * a + c * g[i] * g[i];
        theta[i] = theta[i] + neg_lr * g[i] / (sqrtf(v[i]) + eps);
    }
}

double fs_clip_grad_norm(float *g, size_t n, float max_norm)
{
    assert(max_norm > 0.0f);
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)g[i] * g[i];
    double norm = sqrt(s);
    double coef = (double)max_norm / (norm + 1e-6);
    if (!(coef < 1.0) && !isnan(coef))
        return norm;
    float c = (float)coef;
    for (size_t i = 0; i < n; i++)
        g[i] *= c;
    return norm;
}

enum optim_kind { OPTIM_ADAM, OPTIM_RMSPROP };

struct fs_optim {
    enum optim_kind kind;
    size_t n;
    long steps;
    fs_adam_cfg adam;
    fs_rmsprop_cfg rmsprop;
    float *m, *v;         /* first moment (Adam only), second moment */
};

static fs_optim *optim_new(enum optim_kind kind, size_t n)
{
    fs_optim *o = fs_xcalloc(1, sizeof *o);
    o->kind = kind;
    o->n = n;
    o->v = fs_xcalloc(n ? n : 1, sizeof *o->v);
    if (kind == OPTIM_ADAM)
        o->m = fs_xcalloc(n ? n : 1, sizeof *o->m);
    return o;
}

fs_optim *fs_optim_adam_create(size_t n, const fs_adam_cfg *cfg)
{
    fs_optim *o = optim_new(OPTIM_ADAM, n);
    o->adam = *cfg;
    return o;
}

fs_optim *fs_optim_rmsprop_create(size_t n, const fs_rmsprop_cfg *cfg)
{
    fs_optim *o = optim_new(OPTIM_RMSPROP, n);
    o->rmsprop = *cfg;
    return o;
}

void fs_optim_destroy(fs_optim **po)
{
    if (po == NULL || *po == NULL)
        return;
    free((*po)->m);
    free((*po)->v);
    free(*po);
    *po = NULL;
}

void fs_optim_step(fs_optim *o, float *theta, const float *grad)
{
    o->steps++;
    if (o->kind == OPTIM_ADAM)
        fs_adam_update(theta, o->m, o->v, grad, o->n, o->steps, &o->adam);
    else
        fs_rmsprop_update(theta, o->v, grad, o->n, &o->rmsprop);
}

long fs_optim_steps(const fs_optim *o)
{
    return o->steps;
}

void fs_optim_set_lr(fs_optim *o, double lr)
{
    o->adam.lr = lr;
    o->rmsprop.lr = lr;
}
