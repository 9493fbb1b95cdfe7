/* bench/bench_qmix_agent.c - one QMIX agent-network training step (PyMARL's
 * default shape) in C, side by side with the same step in PyTorch.
 *
 * Shape: 32 episodes x 3 agents = B = 96 rows per step, T = 50 steps,
 * input 60, fc1 60->64 + ReLU, GRUCell(64, 64), fc2 64->8.
 * One step = forward over all T steps (hidden from zeros), MSE of the chosen
 * actions' Q-values against fixed random targets (mask all ones), backward
 * through time, global-norm clip 10, Adam.
 *
 * The network and its batched BPTT are learners/qmix_agent.c (time-major
 * rows, one sgemm over all T * B rows for everything that does not recur).
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
#include "learners/qmix_agent.h"

typedef struct agent_dims {
    int T, B, in, H, A;
} agent_dims;

/* The network itself is learners/qmix_agent.c; this wraps it with fixed
 * random inputs, actions and targets. */
typedef struct agent_net {
    agent_dims d;
    fs_params *p;
    fs_qmix_agent_layout L;
    fs_qmix_agent_work *w;
    float *x;             /* [N x in] inputs, N = T * B time-major rows */
    const float *q;       /* [N x A] Q-values of the last forward */
    float *chosen;        /* [N] Q of the taken action */
    int *act;             /* [N] taken actions */
    float *target;        /* [N] regression targets */
    float *dchosen, *dq;
} agent_net;

static float *fzalloc(size_t n)
{
    return fs_xcalloc(n ? n : 1, sizeof(float));
}

static void agent_create(agent_net *net, agent_dims d, fs_rng *r)
{
    memset(net, 0, sizeof *net);
    net->d = d;
    size_t N = (size_t)d.T * d.B;
    net->p = fs_params_create();
    fs_qmix_agent_add(net->p, "agent", d.in, d.H, d.A, &net->L);
    fs_params_finalize(net->p);
    fs_params_init(net->p, r);
    net->w = fs_qmix_agent_work_create(&net->L, d.T, d.B);
    net->x = fzalloc(N * d.in);
    net->chosen = fzalloc(N);
    net->act = fs_xcalloc(N, sizeof *net->act);
    net->target = fzalloc(N);
    net->dchosen = fzalloc(N);
    net->dq = fzalloc(N * d.A);
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
    fs_qmix_agent_work_destroy(&net->w);
    float *bufs[] = {net->x, net->chosen, net->target, net->dchosen, net->dq};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        free(bufs[i]);
    free(net->act);
}

/* Forward over all steps; returns the MSE loss. */
static double agent_forward(agent_net *net)
{
    const agent_dims d = net->d;
    const int N = d.T * d.B;
    net->q = fs_qmix_agent_forward(&net->L, fs_params_data(net->p), net->w,
                                   net->x, d.T);
    for (int i = 0; i < N; i++)
        net->chosen[i] = net->q[(size_t)i * d.A + net->act[i]];
    return fs_nn_mse_forward(net->chosen, net->target, NULL, (size_t)N);
}

/* Backward through time after agent_forward; accumulates into the arena's
 * gradients (the caller zeroes them). */
static void agent_backward(agent_net *net)
{
    const agent_dims d = net->d;
    const size_t n = (size_t)d.T * d.B;
    memset(net->dchosen, 0, n * sizeof(float));
    memset(net->dq, 0, n * d.A * sizeof(float));
    fs_nn_mse_backward(net->dchosen, net->chosen, net->target, NULL, n, 1.0f);
    // forward: chosen_i = q[i, act_i]
    for (size_t i = 0; i < n; i++)
        net->dq[i * d.A + net->act[i]] += net->dchosen[i];
    fs_qmix_agent_backward(&net->L, fs_params_data(net->p),
                           fs_params_grad(net->p), net->w, net->dq, d.T);
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
