/* core/nn_math.h - branch-free scalar activations shared by the nn kernels
 * (private to core/nn*.c). Branch-free because the signs of pre-activations
 * are random: a data-dependent branch mispredicts half the time and costs
 * more than the arithmetic. */
#ifndef FS_CORE_NN_MATH_H
#define FS_CORE_NN_MATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* cond ? a : b without a branch. */
static inline float fs_select1(int cond, float a, float b)
{
    uint32_t ua, ub, m = (uint32_t)0 - (uint32_t)(cond != 0);
    memcpy(&ua, &a, sizeof ua);
    memcpy(&ub, &b, sizeof ub);
    ua = (ua & m) | (ub & ~m);
    memcpy(&a, &ua, sizeof ua);
    return a;
}

/* max(x, 0), with NaN passed through (as torch.relu). */
static inline float fs_relu1(float x)
{
    uint32_t b, keep = (uint32_t)0 - (uint32_t)!(x <= 0.0f);
    memcpy(&b, &x, sizeof b);
    b &= keep;
    memcpy(&x, &b, sizeof b);
    return x;
}

/* dy where y > 0 (or NaN), else 0: the ReLU gradient gate. */
static inline float fs_relu_gate1(float dy, float y)
{
    return fs_relu1(y) != 0.0f ? dy : 0.0f;
}

/* 1 / (1 + exp(-x)), accurate for all x: with e = exp(-|x|) <= 1,
 * sigmoid(|x|) = 1 / (1 + e) and sigmoid(-|x|) = e / (1 + e). */
static inline float fs_sigmoid1(float x)
{
    float e = expf(-fabsf(x));
    float s = 1.0f / (1.0f + e);
    return fs_select1(x >= 0.0f, s, e * s);
}

/* tanh(x) without libm's tanhf (which goes through expm1f and is several
 * times slower than expf). For |x| >= 1/8: 1 - 2 / (exp(2|x|) + 1), error a
 * few ulp; below: the odd Taylor series to x^9 (truncation < 1e-11
 * relative). The sign is restored at the end. */
static inline float fs_tanh1(float x)
{
    float a = fabsf(x);
    float big = 1.0f - 2.0f / (expf(2.0f * a) + 1.0f);
    float a2 = a * a;
    float small = a * (1.0f + a2 * (-1.0f / 3.0f + a2 * (2.0f / 15.0f +
                  a2 * (-17.0f / 315.0f + a2 * (62.0f / 2835.0f)))));
    float t = fs_select1(a < 0.125f, small, big);
    return copysignf(t, x);
}

#endif /* FS_CORE_NN_MATH_H */
