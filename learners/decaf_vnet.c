/* learners/decaf_vnet.c - DECAF's value MLP (see decaf_vnet.h). */
#include "learners/decaf_vnet.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/nn.h"
#include "core/optim.h"
#include "core/params.h"

struct fs_decaf_vnet {
    int in, hidden, max_rows;
    double lr;
    fs_params *online, *target;
    fs_optim *opt;
    size_t w1, b1, w2, b2, w3, b3;
    float *h1, *h2, *v;          /* activations [rows x H], [rows x H], [rows] */
    float *dh1, *dh2, *dz1, *dz2, *dv;
};

static void add_layers(fs_params *p, int in, int hidden, size_t off[6])
{
    fs_params_add_linear(p, "fc1", in, hidden, &off[0], &off[1]);
    fs_params_add_linear(p, "fc2", hidden, hidden, &off[2], &off[3]);
    fs_params_add_linear(p, "fc3", hidden, 1, &off[4], &off[5]);
    fs_params_finalize(p);
}

fs_decaf_vnet *fs_decaf_vnet_create(int in, int hidden, int max_rows,
                                    double lr, fs_rng *r)
{
    fs_decaf_vnet *net = fs_xcalloc(1, sizeof *net);
    size_t off[6];
    net->in = in;
    net->hidden = hidden;
    net->max_rows = max_rows;
    net->lr = lr;
    net->online = fs_params_create();
    net->target = fs_params_create();
    add_layers(net->online, in, hidden, off);
    add_layers(net->target, in, hidden, off);
    net->w1 = off[0];
    net->b1 = off[1];
    net->w2 = off[2];
    net->b2 = off[3];
    net->w3 = off[4];
    net->b3 = off[5];
    fs_params_init(net->online, r);
    fs_params_copy(net->target, net->online);
    fs_adam_cfg cfg = fs_adam_defaults(lr);
    net->opt = fs_optim_adam_create(fs_params_count(net->online), &cfg);
    size_t rh = (size_t)max_rows * (size_t)hidden;
    net->h1 = fs_xmalloc(rh * sizeof *net->h1);
    net->h2 = fs_xmalloc(rh * sizeof *net->h2);
    net->dh1 = fs_xmalloc(rh * sizeof *net->dh1);
    net->dh2 = fs_xmalloc(rh * sizeof *net->dh2);
    net->dz1 = fs_xmalloc(rh * sizeof *net->dz1);
    net->dz2 = fs_xmalloc(rh * sizeof *net->dz2);
    net->v = fs_xmalloc((size_t)max_rows * sizeof *net->v);
    net->dv = fs_xmalloc((size_t)max_rows * sizeof *net->dv);
    return net;
}

void fs_decaf_vnet_destroy(fs_decaf_vnet **net)
{
    if (!net || !*net)
        return;
    fs_decaf_vnet *n = *net;
    fs_params_destroy(&n->online);
    fs_params_destroy(&n->target);
    fs_optim_destroy(&n->opt);
    free(n->h1);
    free(n->h2);
    free(n->dh1);
    free(n->dh2);
    free(n->dz1);
    free(n->dz2);
    free(n->v);
    free(n->dv);
    free(n);
    *net = NULL;
}

/* Forward through the arena p, keeping activations in net's buffers. */
static void forward(fs_decaf_vnet *net, const fs_params *p, const float *x,
                    int rows, float *v)
{
    const float *d = fs_params_data_const(p);
    int H = net->hidden;
    size_t rh = (size_t)rows * (size_t)H;
    fs_nn_dense_forward(net->h1, x, d + net->w1, d + net->b1, rows, net->in, H);
    fs_nn_relu_forward(net->h1, net->h1, rh);
    fs_nn_dense_forward(net->h2, net->h1, d + net->w2, d + net->b2, rows, H, H);
    fs_nn_relu_forward(net->h2, net->h2, rh);
    fs_nn_dense_forward(v, net->h2, d + net->w3, d + net->b3, rows, H, 1);
}

void fs_decaf_vnet_forward(fs_decaf_vnet *net, const float *x, int rows,
                           int target, float *v)
{
    forward(net, target ? net->target : net->online, x, rows, v);
}

double fs_decaf_vnet_train(fs_decaf_vnet *net, const float *x, const float *y,
                           int rows)
{
    int H = net->hidden;
    size_t rh = (size_t)rows * (size_t)H;
    forward(net, net->online, x, rows, net->v);
    double loss = fs_nn_mse_forward(net->v, y, NULL, (size_t)rows);
    fs_params_zero_grad(net->online);
    float *g = fs_params_grad(net->online);
    const float *d = fs_params_data_const(net->online);
    memset(net->dv, 0, (size_t)rows * sizeof *net->dv);
    memset(net->dh2, 0, rh * sizeof *net->dh2);
    memset(net->dz2, 0, rh * sizeof *net->dz2);
    memset(net->dh1, 0, rh * sizeof *net->dh1);
    memset(net->dz1, 0, rh * sizeof *net->dz1);
    fs_nn_mse_backward(net->dv, net->v, y, NULL, (size_t)rows, 1.0f);
    fs_nn_dense_backward(net->dh2, g + net->w3, g + net->b3, net->dv, net->h2,
                         d + net->w3, rows, H, 1);
    fs_nn_relu_backward(net->dz2, net->dh2, net->h2, rh);
    fs_nn_dense_backward(net->dh1, g + net->w2, g + net->b2, net->dz2, net->h1,
                         d + net->w2, rows, H, H);
    fs_nn_relu_backward(net->dz1, net->dh1, net->h1, rh);
    fs_nn_dense_backward(NULL, g + net->w1, g + net->b1, net->dz1, x,
                         d + net->w1, rows, net->in, H);
    fs_optim_step(net->opt, fs_params_data(net->online), g);
    return loss;
}

fs_decaf_vnet *fs_decaf_vnet_clone(const fs_decaf_vnet *src)
{
    fs_rng r;
    fs_rng_init(&r, 0, 0, FS_RNG_INIT);   /* values are overwritten */
    fs_decaf_vnet *net = fs_decaf_vnet_create(src->in, src->hidden, src->max_rows,
                                              src->lr, &r);
    fs_decaf_vnet_copy(net, src);
    return net;
}

void fs_decaf_vnet_copy(fs_decaf_vnet *dst, const fs_decaf_vnet *src)
{
    assert(dst->in == src->in && dst->hidden == src->hidden);
    fs_params_copy(dst->online, src->online);
    fs_params_copy(dst->target, src->online);
}

void fs_decaf_vnet_sync_target(fs_decaf_vnet *net)
{
    fs_params_copy(net->target, net->online);
}

int fs_decaf_vnet_save(const fs_decaf_vnet *net, const char *path, fs_err *e)
{
    return fs_params_save(net->online, path, e);
}

int fs_decaf_vnet_load(fs_decaf_vnet *net, const char *path, fs_err *e)
{
    int rc = fs_params_load(net->online, path, e);
    if (!rc)
        fs_decaf_vnet_sync_target(net);
    return rc;
}
