/* core/params.c - flat parameter arena, init, target updates. See params.h.
 * Save/load live in params_io.c. */
#include "core/params.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fs_params {
    fs_tensor *tensors;
    size_t ntensors, cap;
    size_t count;         /* floats in data and in grad */
    float *data, *grad;
    bool finalized;
};
fs_params *fs_params_create(void)
{
    fs_params *p = fs_xcalloc(1, sizeof *p);
    return p;
}

void fs_params_destroy(fs_params **pp)
{
    if (pp == NULL || *pp == NULL)
        return;
    fs_params *p = *pp;
    for (size_t i = 0; i < p->ntensors; i++)
        free((char *)p->tensors[i].name);
    free(p->tensors);
    free(p->data);
    free(p->grad);
    free(p);
    *pp = NULL;
}

size_t fs_params_add(fs_params *p, const char *name, int rows, int cols)
{
    assert(!p->finalized && "fs_params_add after finalize");
    assert(rows >= 1 && cols >= 1);
    assert(fs_params_find(p, name) == NULL && "duplicate tensor name");
    if (p->ntensors == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 8;
        p->tensors = fs_xrealloc(p->tensors, p->cap * sizeof *p->tensors);
    }
    fs_tensor *t = &p->tensors[p->ntensors++];
    t->name = fs_xstrdup(name);
    t->offset = p->count;
    t->rows = rows;
    t->cols = cols;
    t->init_bound = 0.0f;
    p->count += (size_t)rows * (size_t)cols;
    return t->offset;
}

void fs_params_set_init_bound(fs_params *p, size_t offset, float bound)
{
    assert(bound >= 0.0f);
    for (size_t i = 0; i < p->ntensors; i++) {
        if (p->tensors[i].offset == offset) {
            p->tensors[i].init_bound = bound;
            return;
        }
    }
    assert(0 && "no tensor at this offset");
}

/* Register prefix.suffix with U(-bound, bound) init; returns its offset. */
static size_t add_named(fs_params *p, const char *prefix, const char *suffix,
                        int rows, int cols, float bound)
{
    char name[256];
    int n = snprintf(name, sizeof name, "%s.%s", prefix, suffix);
    assert(n > 0 && (size_t)n < sizeof name);
    (void)n;
    size_t off = fs_params_add(p, name, rows, cols);
    fs_params_set_init_bound(p, off, bound);
    return off;
}

void fs_params_add_linear(fs_params *p, const char *prefix, int in, int out,
                          size_t *w_off, size_t *b_off)
{
    float bound = (float)(1.0 / sqrt((double)in));
    size_t w = add_named(p, prefix, "weight", out, in, bound);
    size_t b = add_named(p, prefix, "bias", out, 1, bound);
    if (w_off != NULL)
        *w_off = w;
    if (b_off != NULL)
        *b_off = b;
}

void fs_params_add_gru(fs_params *p, const char *prefix, int in, int H,
                       size_t off[4])
{
    float bound = (float)(1.0 / sqrt((double)H));
    size_t o[4];
    o[0] = add_named(p, prefix, "weight_ih", 3 * H, in, bound);
    o[1] = add_named(p, prefix, "weight_hh", 3 * H, H, bound);
    o[2] = add_named(p, prefix, "bias_ih", 3 * H, 1, bound);
    o[3] = add_named(p, prefix, "bias_hh", 3 * H, 1, bound);
    if (off != NULL)
        memcpy(off, o, sizeof o);
}

void fs_params_finalize(fs_params *p)
{
    assert(!p->finalized && "fs_params_finalize called twice");
    size_t n = p->count ? p->count : 1;
    p->data = fs_xcalloc(n, sizeof *p->data);
    p->grad = fs_xcalloc(n, sizeof *p->grad);
    p->finalized = true;
}

void fs_params_init(fs_params *p, fs_rng *r)
{
    assert(p->finalized);
    for (size_t i = 0; i < p->ntensors; i++) {
        const fs_tensor *t = &p->tensors[i];
        float *v = p->data + t->offset;
        size_t n = (size_t)t->rows * (size_t)t->cols;
        double b = t->init_bound;
        for (size_t j = 0; j < n; j++)
            v[j] = b > 0.0 ? (float)(-b + 2.0 * b * fs_rng_uniform(r)) : 0.0f;
    }
}

float *fs_params_data(fs_params *p)
{
    assert(p->finalized);
    return p->data;
}

float *fs_params_grad(fs_params *p)
{
    assert(p->finalized);
    return p->grad;
}

const float *fs_params_data_const(const fs_params *p)
{
    assert(p->finalized);
    return p->data;
}

size_t fs_params_count(const fs_params *p)
{
    return p->count;
}

size_t fs_params_ntensors(const fs_params *p)
{
    return p->ntensors;
}

const fs_tensor *fs_params_tensor(const fs_params *p, size_t i)
{
    assert(i < p->ntensors);
    return &p->tensors[i];
}

const fs_tensor *fs_params_find(const fs_params *p, const char *name)
{
    for (size_t i = 0; i < p->ntensors; i++)
        if (strcmp(p->tensors[i].name, name) == 0)
            return &p->tensors[i];
    return NULL;
}

void fs_params_zero_grad(fs_params *p)
{
    assert(p->finalized);
    memset(p->grad, 0, p->count * sizeof *p->grad);
}

bool fs_params_same_layout(const fs_params *a, const fs_params *b)
{
    if (a->count != b->count || a->ntensors != b->ntensors)
        return false;
    for (size_t i = 0; i < a->ntensors; i++) {
        const fs_tensor *s = &a->tensors[i], *t = &b->tensors[i];
        if (s->rows != t->rows || s->cols != t->cols ||
            strcmp(s->name, t->name) != 0)
            return false;
    }
    return true;
}

void fs_params_copy(fs_params *dst, const fs_params *src)
{
    assert(dst->finalized && src->finalized);
    assert(fs_params_same_layout(dst, src));
    memcpy(dst->data, src->data, src->count * sizeof *dst->data);
}

void fs_params_polyak(fs_params *dst, const fs_params *src, float tau)
{
    assert(dst->finalized && src->finalized);
    assert(fs_params_same_layout(dst, src));
    assert(tau >= 0.0f && tau <= 1.0f);
    // as torch: target.mul_(1 - tau).add_(tau * source)
    for (size_t i = 0; i < dst->count; i++)
        dst->data[i] = (1.0f - tau) * dst->data[i] + tau * src->data[i];
}
