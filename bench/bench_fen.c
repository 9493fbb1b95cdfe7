/* bench/bench_fen.c - FEN and independent-PPO training throughput on one
 * core: env steps per second (joint steps, learning included) on the
 * two-agent `share` game (100-step episodes, T = 10), at the authors'
 * widths (sub-policies 256, controller 128) and at the narrow widths the
 * unit test uses (32). Median of 3 runs of 10000 steps each, one BLAS
 * thread. The rate is per second of this process's CPU time
 * (CLOCK_PROCESS_CPUTIME_ID), so other load on the machine does not lower
 * it much; the wall-clock rate is printed beside it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/nn.h"
#include "core/rng.h"
#include "envs/env.h"
#include "learners/fen.h"

enum { STEPS = 10000, REPEATS = 3 };

static double now_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One run: steps per CPU second (and per wall second into *wall_rate) of
 * training for STEPS env steps. */
static double run_once(const struct fs_fen_cfg *cfg, int rep, double *wall_rate)
{
    const struct fs_env_class *cls = fs_env_find("share");
    struct fs_job job = {0};
    strcpy(job.env, "share");
    strcpy(job.algo, "fen");
    fs_err e = {0};
    if (fs_job_finish(&job, &e) != 0)
        abort();
    fs_env *env;
    struct fs_env_spec spec;
    fs_fen *f;
    fs_rng init, er, ar;
    fs_rng_init(&init, 1, (uint64_t)rep, FS_RNG_INIT);
    fs_rng_init(&er, 1, (uint64_t)rep, FS_RNG_ENV);
    fs_rng_init(&ar, 1, (uint64_t)rep, FS_RNG_ACT);
    if (cls->ops->create(&job, &env, &spec, &e) || fs_fen_create(cfg, &spec, &init, &f, &e)) {
        fprintf(stderr, "bench_fen: %s\n", e.msg);
        exit(1);
    }
    double u[2], t0 = now_s(CLOCK_PROCESS_CPUTIME_ID), w0 = now_s(CLOCK_MONOTONIC);
    long steps = 0;
    while (steps < STEPS) {
        struct fs_fen_episode ep = {.utility = u};
        if (fs_fen_episode(f, cls->ops, env, &er, &ar, 1, &ep, NULL, &e))
            abort();
        steps += ep.steps;
    }
    double rate = (double)steps / (now_s(CLOCK_PROCESS_CPUTIME_ID) - t0);
    *wall_rate = (double)steps / (now_s(CLOCK_MONOTONIC) - w0);
    fs_fen_destroy(&f);
    cls->ops->destroy(&env);
    return rate;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void bench(const char *name, int hierarchical, int hidden, int ctrl_hidden)
{
    struct fs_fen_cfg cfg = fs_fen_defaults();
    cfg.hierarchical = hierarchical;
    cfg.period = 10;
    cfg.c = 0.5;
    cfg.hidden = hidden;
    cfg.ctrl_hidden = ctrl_hidden;
    double r[REPEATS], w[REPEATS];
    for (int k = 0; k < REPEATS; k++)
        r[k] = run_once(&cfg, k, &w[k]);
    qsort(r, REPEATS, sizeof r[0], cmp_double);
    qsort(w, REPEATS, sizeof w[0], cmp_double);
    printf("%-4s share n=2 widths %3d/%3d: %9.0f env steps per CPU second "
           "(%9.0f per wall second; median of %d x %d steps)\n",
           name, hidden, ctrl_hidden, r[REPEATS / 2], w[REPEATS / 2], REPEATS, STEPS);
}

int main(void)
{
    fs_nn_blas_single_thread();
    bench("fen", 1, 256, 128);
    bench("ppo", 0, 256, 128);
    bench("fen", 1, 32, 32);
    bench("ppo", 0, 32, 32);
    return 0;
}
