/* bench/bench_fen_inspect.c - what FEN's networks learn on `share` over a
 * long run (not a timing benchmark; docs/results/fen.md uses its output).
 *
 * Trains FEN (width 32, T = 10, c = 0.5, k = 4, other settings the
 * authors' defaults) for 100000 env steps on the two-agent share game and,
 * every 20000 steps, prints each sub-policy's probability of `take` in the
 * three states (I hold / another holds / free) and the controller's
 * sub-policy probabilities for four inputs. Streams keyed (1, 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nn.h"
#include "core/rng.h"
#include "envs/env.h"
#include "learners/fen.h"

enum { TOTAL = 100000, EVERY = 20000, K = 4 };

static void show(fs_fen *f, long steps, const double *u)
{
    static const char *const state_name[3] = {"hold", "other", "free"};
    printf("after %6ld steps (last episode's utilities %.2f %.2f)\n", steps, u[0], u[1]);
    for (int z = 0; z < K; z++) {
        printf("  sub-policy %d P(take):", z);
        for (int s = 0; s < 3; s++) {
            float obs[3] = {0, 0, 0}, p[2];
            obs[s] = 1;
            fs_fen_subpolicy_probs(f, 0, z, obs, NULL, p);
            printf("  %-5s %.2f", state_name[s], p[1]);
        }
        printf("\n");
    }
    static const float inputs[4][5] = {
        {1, 0, 0, 0.5f, 0.9f}, {1, 0, 0, 0.1f, 0.9f},
        {0, 1, 0, -0.5f, 0.9f}, {0, 0, 1, 0.0f, 0.9f},
    };
    static const char *const input_name[4] = {
        "hold, rat +0.5", "hold, rat +0.1", "other, rat -0.5", "free, rat 0"};
    for (int k = 0; k < 4; k++) {
        float p[K];
        fs_fen_controller_probs(f, 0, inputs[k], p);
        printf("  controller %-16s z0..z3 %.2f %.2f %.2f %.2f\n", input_name[k],
               p[0], p[1], p[2], p[3]);
    }
}

int main(void)
{
    fs_nn_blas_single_thread();
    const struct fs_env_class *cls = fs_env_find("share");
    struct fs_job job = {0};
    strcpy(job.env, "share");
    strcpy(job.algo, "fen");
    fs_err e = {0};
    fs_env *env;
    struct fs_env_spec spec;
    fs_fen *f;
    struct fs_fen_cfg cfg = fs_fen_defaults();
    cfg.period = 10;
    cfg.c = 0.5;
    cfg.hidden = cfg.ctrl_hidden = 32;
    fs_rng init, er, ar;
    fs_rng_init(&init, 1, 3, FS_RNG_INIT);
    fs_rng_init(&er, 1, 3, FS_RNG_ENV);
    fs_rng_init(&ar, 1, 3, FS_RNG_ACT);
    if (fs_job_finish(&job, &e) || cls->ops->create(&job, &env, &spec, &e) ||
        fs_fen_create(&cfg, &spec, &init, &f, &e)) {
        fprintf(stderr, "bench_fen_inspect: %s\n", e.msg);
        return 1;
    }
    double u[2];
    long steps = 0, next = 0;
    while (steps < TOTAL) {
        struct fs_fen_episode ep = {.utility = u};
        if (fs_fen_episode(f, cls->ops, env, &er, &ar, 1, &ep, NULL, &e)) {
            fprintf(stderr, "bench_fen_inspect: %s\n", e.msg);
            return 1;
        }
        steps += ep.steps;
        if (steps >= next) {
            show(f, steps, u);
            next += EVERY;
        }
    }
    fs_fen_destroy(&f);
    cls->ops->destroy(&env);
    return 0;
}
