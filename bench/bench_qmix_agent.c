/* bench/bench_qmix_agent.c - one QMIX agent-network training step (PyMARL's
 * default shape) in C, side by side with the same step in PyTorch.
 *
 * Shape: 32 episodes x 3 agents = B = 96 rows per step, T = 50 steps,
 * input 60, fc1 60->64 + ReLU, GRUCell(64, 64), fc2 64->8.
 * One step = forward over all T steps (hidden from zeros), MSE of the chosen
 * actions' Q-values against fixed random targets (mask all ones), backward
 * through time, global-norm clip 10, Adam.
 *
 * Rows are time-major (row = t * B + b), so everything that does not recur
 * (fc1, the GRU input projection, fc2, and all weight gradients, including
 * W_hh's) is one sgemm over all T * B rows; only h W_hh^T and its input
 * gradient run per step.
 *
 * With -DFS_BENCH_NO_MAIN this file is a library for the unit test that
 * checks the batched BPTT against finite differences (test_nn_bptt.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "core/err.h"
#include "core/nn.h"
#include "core/optim.h"
#include "core/params.h"
#include "core/rng.h"

typedef struct agent_dims {
    int T, B, in, H, A;
} agent_dims;

typedef struct agent_net {
    agent_dims d;
    fs_params *p;
    size_t w1, b1, gru[4], w2, b2;     /* offsets into the arena */
    /* activations, all time-major over N = T * B rows */
    float *x;             /* [N x in] inputs */
    float *a1;            /* [N x H] ReLU(fc1) */
    float *gi;            /* [N x 3H] a1 W_ih^T + b_ih */
    float *hs;            /* [(T + 1) B x H] h_{-1} = 0, then h_0 .. h_{T-1} */
    float *cache;         /* [T x 6 B H] GRU gate caches */
    float *q;             /* [N x A] Q-values */
    float *chosen;        /* [N] Q of the taken action */
    int *act;             /* [N] taken actions */
    float *target;        /* [N] regression targets */
    /* gradients of activations */
    float *dchosen, *dq, *dhs, *dgi, *dgh, *dcarry, *da1, *dx1;
} agent_net;

static float *fzalloc(size_t n)
{
    return fs_xcalloc(n ? n : 1, sizeof(float));
}

static void agent_create(agent_net *net, agent_dims d, fs_rng *r)
{
    memset(net, 0, sizeof *net);
    net->d = d;
    size_t N = (size_t)d.T * d.B, H = (size_t)d.H;
    net->p = fs_params_create();
    fs_params_add_linear(net->p, "fc1", d.in, d.H, &net->w1, &net->b1);
    fs_params_add_gru(net->p, "rnn", d.H, d.H, net->gru);
    fs_params_add_linear(net->p, "fc2", d.H, d.A, &net->w2, &net->b2);
    fs_params_finalize(net->p);
    fs_params_init(net->p, r);
    net->x = fzalloc(N * d.in);
    net->a1 = fzalloc(N * H);
    net->gi = fzalloc(N * 3 * H);
    net->hs = fzalloc((N + d.B) * H);
    net->cache = fzalloc((size_t)d.T * FS_NN_GRU_CACHE(d.B, d.H));
    net->q = fzalloc(N * d.A);
    net->chosen = fzalloc(N);
    net->act = fs_xcalloc(N, sizeof *net->act);
    net->target = fzalloc(N);
    net->dchosen = fzalloc(N);
    net->dq = fzalloc(N * d.A);
    net->dhs = fzalloc(N * H);
    net->dgi = fzalloc(N * 3 * H);
    net->dgh = fzalloc(N * 3 * H);
    net->dcarry = fzalloc((size_t)d.B * H);
    net->da1 = fzalloc(N * H);
    net->dx1 = fzalloc(N * H);
    for (size_t i = 0; i < N * d.in; i++)
        net->x[i] = (float)fs_rng_normal(r);
    for (size_t i = 0; i < N; i++) {
        net->act[i] = (int)fs_rng_below(r, (uint64_t)d.A);
        net->target[i] = (float)fs_rng_normal(r);
    }
}

static void agent_destroy(agent_net *net)
{
    fs_params_destroy(&net->p);
    float *bufs[] = {net->x, net->a1, net->gi, net->hs, net->cache, net->q,
                     net->chosen, net->target, net->dchosen, net->dq,
                     net->dhs, net->dgi, net->dgh, net->dcarry, net->da1,
                     net->dx1};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        free(bufs[i]);
    free(net->act);
}

/* Forward over all steps; returns the MSE loss. */
static double agent_forward(agent_net *net)
{
    const agent_dims d = net->d;
    const int N = d.T * d.B, H = d.H;
    const size_t BH = (size_t)d.B * H;
    float *w = fs_params_data(net->p);
    fs_nn_dense_forward(net->a1, net->x, w + net->w1, w + net->b1, N, d.in, H);
    fs_nn_relu_forward(net->a1, net->a1, (size_t)N * H);
    fs_nn_dense_forward(net->gi, net->a1, w + net->gru[0], w + net->gru[2], N,
                        H, 3 * H);
    memset(net->hs, 0, BH * sizeof *net->hs);
    for (int t = 0; t < d.T; t++)
        fs_nn_gru_step_forward(net->hs + (t + 1) * BH,
                               net->cache + t * FS_NN_GRU_CACHE(d.B, H),
                               net->gi + t * 3 * BH, net->hs + t * BH,
                               w + net->gru[1], w + net->gru[3], d.B, H);
    fs_nn_dense_forward(net->q, net->hs + BH, w + net->w2, w + net->b2, N, H,
                        d.A);
    for (int i = 0; i < N; i++)
        net->chosen[i] = net->q[(size_t)i * d.A + net->act[i]];
    return fs_nn_mse_forward(net->chosen, net->target, NULL, (size_t)N);
}

/* Backward through time after agent_forward; accumulates into the arena's
 * gradients (the caller zeroes them). */
static void agent_backward(agent_net *net)
{
    const agent_dims d = net->d;
    const int N = d.T * d.B, H = d.H;
    const size_t BH = (size_t)d.B * H, n = (size_t)N;
    const float *w = fs_params_data(net->p);
    float *g = fs_params_grad(net->p);
    memset(net->dchosen, 0, n * sizeof(float));
    memset(net->dq, 0, n * d.A * sizeof(float));
    memset(net->dhs, 0, n * H * sizeof(float));
    memset(net->dcarry, 0, BH * sizeof(float));
    memset(net->da1, 0, n * H * sizeof(float));
    memset(net->dx1, 0, n * H * sizeof(float));
    fs_nn_mse_backward(net->dchosen, net->chosen, net->target, NULL, n, 1.0f);
    // forward: chosen_i = q[i, act_i]
    for (size_t i = 0; i < n; i++)
        net->dq[i * d.A + net->act[i]] += net->dchosen[i];
    fs_nn_dense_backward(net->dhs, g + net->w2, g + net->b2, net->dq,
                         net->hs + BH, w + net->w2, N, H, d.A);
    for (int t = d.T - 1; t >= 0; t--) {
        float *dh_t = net->dhs + t * BH;     // dL/dh_t, from fc2 and h_{t+1}
        for (size_t i = 0; i < BH; i++) {
            dh_t[i] += net->dcarry[i];
            net->dcarry[i] = 0.0f;
        }
        float *dgh_t = net->dgh + t * 3 * BH;
        fs_nn_gru_gates_backward(net->dgi + t * 3 * BH, dgh_t, net->dcarry,
                                 dh_t, net->cache + t * FS_NN_GRU_CACHE(d.B, H),
                                 net->hs + t * BH, d.B, H);
        fs_nn_dense_backward_input(net->dcarry, dgh_t, w + net->gru[1], d.B, H,
                                   3 * H);
    }
    // all steps at once: gh_t = h_{t-1} W_hh^T + b_hh, gi = a1 W_ih^T + b_ih
    fs_nn_dense_backward_params(g + net->gru[1], g + net->gru[3], net->dgh,
                                net->hs, N, H, 3 * H);
    fs_nn_dense_backward(net->dx1, g + net->gru[0], g + net->gru[2], net->dgi,
                         net->a1, w + net->gru[0], N, H, 3 * H);
    fs_nn_relu_backward(net->da1, net->dx1, net->a1, n * H);
    fs_nn_dense_backward(NULL, g + net->w1, g + net->b1, net->da1, net->x,
                         w + net->w1, N, d.in, H);
}

/* The sgemm FLOPs (2 m n k each) of one forward + backward. */
static double agent_step_flops(agent_dims d)
{
    double N = (double)d.T * d.B, H = d.H, H3 = 3.0 * d.H;
    double fwd = N * d.in * H + N * H * H3 /* W_ih */ + N * H * H3 /* W_hh */
                 + N * H * d.A;
    double bwd = N * H * d.A * 2.0          /* fc2: dh, dW2 */
                 + N * H3 * H * 2.0         /* W_hh: dh, dW_hh */
                 + N * H3 * H * 2.0         /* W_ih: dx, dW_ih */
                 + N * d.in * H;            /* fc1: dW1 */
    return 2.0 * (fwd + bwd);
}

#ifndef FS_BENCH_NO_MAIN

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median ms of one full training step over `reps` steps after warm-up. */
static double time_c_step(int reps, double *loss_out)
{
    agent_dims d = {.T = 50, .B = 96, .in = 60, .H = 64, .A = 8};
    fs_rng r;
    fs_rng_init(&r, 1, 0, FS_RNG_INIT);
    agent_net net;
    agent_create(&net, d, &r);
    fs_adam_cfg cfg = fs_adam_defaults(5e-4);
    fs_optim *opt = fs_optim_adam_create(fs_params_count(net.p), &cfg);
    double *ms = fs_xcalloc((size_t)reps, sizeof *ms);
    for (int i = -3; i < reps; i++) {
        double t0 = now_ms();
        fs_params_zero_grad(net.p);
        double loss = agent_forward(&net);
        agent_backward(&net);
        fs_clip_grad_norm(fs_params_grad(net.p), fs_params_count(net.p), 10.0f);
        fs_optim_step(opt, fs_params_data(net.p), fs_params_grad(net.p));
        if (i >= 0)
            ms[i] = now_ms() - t0;
        *loss_out = loss;
    }
    qsort(ms, (size_t)reps, sizeof *ms, cmp_double);
    double med = ms[reps / 2];
    free(ms);
    fs_optim_destroy(&opt);
    agent_destroy(&net);
    return med;
}

/* Best-of-3 GFLOP/s of a 2048^3 sgemm on one thread. */
static double large_sgemm_gflops(void)
{
    const int n = 2048;
    float *a = fzalloc((size_t)n * n), *b = fzalloc((size_t)n * n),
          *c = fzalloc((size_t)n * n);
    for (size_t i = 0; i < (size_t)n * n; i++) {
        a[i] = (float)(i % 7) * 0.1f;
        b[i] = (float)(i % 5) * 0.1f;
    }
    double best = 1e30;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now_ms();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
                    a, n, b, n, 0.0f, c, n);
        double dt = now_ms() - t0;
        if (dt < best)
            best = dt;
    }
    free(a);
    free(b);
    free(c);
    return 2.0 * n * (double)n * n / (best * 1e6);
}

/* Run the PyTorch reference; its ms/step, or -1 when torch is unavailable. */
static double torch_ms_per_step(void)
{
    FILE *f = popen("OMP_NUM_THREADS=1 /usr/bin/python3 "
                    "bench/qmix_agent_torch.py 2>&1", "r");
    if (f == NULL)
        return -1.0;
    char line[512];
    double ms = -1.0;
    while (fgets(line, sizeof line, f) != NULL) {
        double v;
        if (sscanf(line, "ms_per_step %lf", &v) == 1)
            ms = v;
        else
            fputs(line, stdout);
    }
    pclose(f);
    return ms;
}

int main(void)
{
    fs_nn_blas_single_thread();
    agent_dims d = {.T = 50, .B = 96, .in = 60, .H = 64, .A = 8};
    double loss = 0.0;
    double c_ms = time_c_step(20, &loss);
    double flops = agent_step_flops(d);
    double gflops = flops / (c_ms * 1e6);
    double peak = large_sgemm_gflops();
    double torch_ms = torch_ms_per_step();

    printf("QMIX agent net training step: T=%d B=%d in=%d H=%d actions=%d, "
           "1 thread, median of 20\n", d.T, d.B, d.in, d.H, d.A);
    printf("  %-34s %10.3f\n", "C ms/step", c_ms);
    if (torch_ms > 0.0) {
        printf("  %-34s %10.3f\n", "PyTorch ms/step", torch_ms);
        printf("  %-34s %10.2f\n", "PyTorch / C (speed-up)", torch_ms / c_ms);
    } else {
        printf("  torch: not available\n");
    }
    printf("  %-34s %10.1f\n", "sgemm MFLOP per step", flops / 1e6);
    printf("  %-34s %10.2f\n", "C achieved GFLOP/s", gflops);
    printf("  %-34s %10.2f\n", "2048^3 sgemm GFLOP/s (1 thread)", peak);
    printf("  %-34s %10.1f\n", "% of large-sgemm rate", 100.0 * gflops / peak);
    printf("  (last C loss %.6f)\n", loss);
    return 0;
}

#endif /* FS_BENCH_NO_MAIN */
