/* bench/bench_qmix_resus.c - QMIX on `resus` at the PyMARL preset, one
 * thread: env steps/s of the environment alone (random available actions),
 * of acting + recording (no training), the median wall time of one QMIX
 * update (batch 32 episodes of the full 50 rounds, the worst case), and
 * the resulting training throughput of the PyMARL loop (one update per
 * episode) for full-length and 10-round episodes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/nn.h"
#include "envs/resus.h"
#include "learners/qmix.h"
#include "learners/qmix_learners.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    fs_nn_blas_single_thread();
    struct fs_job job = {0};
    snprintf(job.env, sizeof job.env, "resus");
    struct fs_settings s = {.seed = 1, .env_steps = 1000};
    const struct fs_env_ops *ops = fs_env_resus.ops;
    fs_env *env = NULL;
    struct fs_env_spec spec;
    fs_err e = {0};
    if (ops->create(&job, &env, &spec, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    struct fs_qmix_cfg qc;
    struct fs_qmix_run_cfg rc;
    fs_qmix_configure(&job, &s, &spec, &qc, &rc);
    fs_rng r;
    fs_rng_init(&r, 1, 0, FS_RNG_INIT);
    fs_qmix *q = NULL;
    if (fs_qmix_create(&qc, &r, &q, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    int n = spec.n_agents;
    float *obs = calloc((size_t)n * spec.obs_dim, sizeof *obs);
    float *state = calloc((size_t)spec.state_dim, sizeof *state);
    unsigned char *avail = calloc((size_t)n * spec.n_actions, 1);
    int acts[8];
    struct fs_env_step st = {0};

    /* env alone */
    long steps = 0;
    double t0 = now_s();
    while (steps < 200000) {
        ops->reset(env, &r);
        do {
            ops->observe(env, obs, state, avail);
            for (int a = 0; a < n; a++) {
                int u;
                do
                    u = (int)fs_rng_below(&r, (uint64_t)spec.n_actions);
                while (!avail[a * spec.n_actions + u]);
                acts[a] = u;
            }
            ops->step(env, acts, &r, &st, &e);
            steps++;
        } while (!st.terminated && !st.truncated);
    }
    double env_sps = steps / (now_s() - t0);

    /* acting (eps 1: full-length episodes) and recording */
    steps = 0;
    t0 = now_s();
    for (int ep = 0; ep < 64; ep++) {
        ops->reset(env, &r);
        fs_qmix_begin_episode(q);
        fs_qmix_record_begin(q);
        do {
            ops->observe(env, obs, state, avail);
            fs_qmix_act(q, obs, avail, 1.0, &r, acts);
            ops->step(env, acts, &r, &st, &e);
            fs_qmix_record_step(q, obs, state, avail, acts, st.reward,
                                st.terminated);
            steps++;
        } while (!st.terminated && !st.truncated);
        ops->observe(env, obs, state, avail);
        fs_qmix_record_end(q, obs, state, avail, &e);
    }
    double act_sps = steps / (now_s() - t0);
    double ep_len = (double)steps / 64;

    /* updates */
    enum { REPS = 15 };
    double ms[REPS];
    for (int i = -2; i < REPS; i++) {
        double t1 = now_s();
        if (fs_qmix_train(q, &r, NULL, &e) < 0) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        if (i >= 0)
            ms[i] = (now_s() - t1) * 1e3;
    }
    qsort(ms, REPS, sizeof ms[0], cmp_double);
    double upd = ms[REPS / 2];
    printf("QMIX on resus (pymarl preset: batch %d, hidden %d, embed %d, "
           "hyper %d; obs %d, state %d), 1 thread\n", qc.batch, qc.hidden,
           qc.embed, qc.hyper_embed, spec.obs_dim, spec.state_dim);
    printf("  %-44s %12.0f\n", "env steps/s (env alone)", env_sps);
    printf("  %-44s %12.0f\n", "env steps/s (acting + recording)", act_sps);
    printf("  %-44s %12.2f\n", "update ms (32 episodes x 50 rounds, median)",
           upd);
    printf("  %-44s %12.0f\n", "training env steps/s, 50-round episodes",
           ep_len / (ep_len / act_sps + upd * 1e-3));
    printf("  %-44s %12.0f\n", "training env steps/s, 10-round episodes "
           "(lower bound: update timed at 50 rounds)",
           10.0 / (10.0 / act_sps + upd * 1e-3));
    free(obs);
    free(state);
    free(avail);
    fs_qmix_destroy(&q);
    ops->destroy(&env);
    return 0;
}
