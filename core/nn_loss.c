/* core/nn_loss.c - MSE and Huber losses, optionally masked. See nn.h. */
#include "core/nn.h"

#include <math.h>

/* The loss denominator: sum(mask), or n without a mask. */
static double loss_weight(const float *mask, size_t n)
{
    if (mask == NULL)
        return (double)n;
    double w = 0.0;
    for (size_t i = 0; i < n; i++)
        w += mask[i];
    return w;
}

double fs_nn_mse_forward(const float *pred, const float *target,
                         const float *mask, size_t n)
{
    double w = loss_weight(mask, n);
    if (w == 0.0)
        return 0.0;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)pred[i] - target[i];
        s += (mask != NULL ? mask[i] : 1.0) * d * d;
    }
    return s / w;
}

void fs_nn_mse_backward(float *dpred, const float *pred, const float *target,
                        const float *mask, size_t n, float scale)
{
    // forward: L = sum_i m_i (p_i - t_i)^2 / sum(m), so dL/dp_i = 2 m_i (p_i - t_i) / sum(m)
    double w = loss_weight(mask, n);
    if (w == 0.0)
        return;
    float c = (float)(2.0 * scale / w);
    for (size_t i = 0; i < n; i++) {
        float m = mask != NULL ? mask[i] : 1.0f;
        dpred[i] += c * m * (pred[i] - target[i]);
    }
}

double fs_nn_huber_forward(const float *pred, const float *target,
                           const float *mask, size_t n, float delta)
{
    double w = loss_weight(mask, n);
    if (w == 0.0)
        return 0.0;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)pred[i] - target[i], ad = fabs(d);
        double l = ad < delta ? 0.5 * d * d : delta * (ad - 0.5 * delta);
        s += (mask != NULL ? mask[i] : 1.0) * l;
    }
    return s / w;
}

void fs_nn_huber_backward(float *dpred, const float *pred, const float *target,
                          const float *mask, size_t n, float delta,
                          float scale)
{
    // forward: l = d^2 / 2 (|d| < delta) or delta (|d| - delta / 2), so
    // dl/dd = d or delta * sign(d); mean over sum(m)
    double w = loss_weight(mask, n);
    if (w == 0.0)
        return;
    float c = (float)(scale / w);
    for (size_t i = 0; i < n; i++) {
        float m = mask != NULL ? mask[i] : 1.0f;
        float d = pred[i] - target[i];
        float g = fabsf(d) < delta ? d : (d > 0.0f ? delta : -delta);
        dpred[i] += c * m * g;
    }
}
