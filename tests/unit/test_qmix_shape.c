/* tests/unit/test_qmix_shape.c - the fairness reward shapers on a scripted
 * `resus` round, against hand-computed values.
 *
 * Round 1: agents 0, 1 walk (no task), agent 2 waits: reward 0, no task yet.
 * Round 2: agents 0 and 1 pick up the board and the mask (+5 each: r = 10).
 * Workload after each sub-step: (1,0,0), (1,1,0), (1,1,0):
 *   JFI 1/3, 2/3, 2/3;  Gini 2/3, 1/3, 1/3;
 *   L2 (skills used / best): 2/2 -> 0, (2+1)/(2+2) -> 1/4, 1/4.
 */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/resus.h"
#include "learners/qmix_shape.h"

struct scene {
    fs_env *env;
    fs_rng rng;
    struct fs_job job;
};

static void add_num(struct fs_job *job, const char *name, double v)
{
    struct fs_param *p = &job->params[job->n_params++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->num = v;
}

static void add_text(struct fs_job *job, const char *name, const char *v)
{
    struct fs_param *p = &job->params[job->n_params++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->is_text = 1;
    snprintf(p->text, sizeof p->text, "%s", v);
}

static void scene_open(struct scene *s)
{
    memset(&s->job, 0, sizeof s->job);
    add_num(&s->job, "p_skill1", 1.0);
    struct fs_env_spec spec;
    fs_err e = {0};
    assert_int_equal(fs_env_resus.ops->create(&s->job, &s->env, &spec, &e), 0);
    fs_rng_init(&s->rng, 1, 1, FS_RNG_ENV);
    fs_env_resus.ops->reset(s->env, &s->rng);
}

static double play(struct scene *s, int u0, int u1, int u2)
{
    int acts[3] = {u0, u1, u2};
    struct fs_env_step st = {0};
    fs_err e = {0};
    assert_int_equal(fs_env_resus.ops->step(s->env, acts, &s->rng, &st, &e), 0);
    return st.reward;
}

/* Shaped rewards of rounds 1 and 2 for a shaper configured by `job`. */
static void shaped_rounds(struct scene *s, enum fs_shape_kind kind,
                          struct fs_shaper *sh, double out[2], int train)
{
    fs_err e = {0};
    assert_int_equal(fs_shaper_init(sh, kind, &s->job, &fs_env_resus, 3, &e), 0);
    fs_shaper_begin_episode(sh);
    double r = play(s, FS_RESUS_MOVE_CART, FS_RESUS_MOVE_CART2, FS_RESUS_NOOP);
    out[0] = fs_shaper_step(sh, &fs_env_resus, s->env, r, 1, 0, 0.0, train);
    r = play(s, FS_RESUS_MOVE_ITEM, FS_RESUS_MOVE_ITEM, FS_RESUS_NOOP);
    assert_close(r, 10.0, 1e-12, 0);
    out[1] = fs_shaper_step(sh, &fs_env_resus, s->env, r, 2, 0, 0.0, train);
}

static void scene_close(struct scene *s)
{
    fs_env_resus.ops->destroy(&s->env);
}

static void test_r1_penalises_gini_of_each_substep(void **state)
{
    (void)state;
    struct scene s;
    scene_open(&s);
    add_num(&s.job, "lambda", 2.0);
    struct fs_shaper sh;
    double r[2];
    shaped_rounds(&s, FS_SHAPE_R1, &sh, r, 1);
    assert_close(r[0], 0.0, 1e-12, 0);             /* no task yet */
    assert_close(r[1], 10.0 - 2.0 * (2.0 / 3 + 1.0 / 3 + 1.0 / 3), 1e-9, 0);
    scene_close(&s);
}

/* L3 with alpha 0.25: 0.25 * 2/3 + 0 = 1/6, then 0.25/3 + 0.75/4 = 13/48
 * twice: 34/48 in all, times lambda 2. */
static void test_r2_mixes_workload_and_skill(void **state)
{
    (void)state;
    struct scene s;
    scene_open(&s);
    add_num(&s.job, "lambda", 2.0);
    add_num(&s.job, "alpha", 0.25);
    struct fs_shaper sh;
    double r[2];
    shaped_rounds(&s, FS_SHAPE_R2, &sh, r, 1);
    assert_close(r[0], 0.0, 1e-12, 0);
    assert_close(r[1], 10.0 - 2.0 * 34.0 / 48.0, 1e-9, 0);
    scene_close(&s);
}

static void test_fixed_penalty_uses_tau_minus_jfi(void **state)
{
    (void)state;
    struct scene s;
    scene_open(&s);
    add_num(&s.job, "lambda", 10.0);
    add_num(&s.job, "tau", 0.85);
    struct fs_shaper sh;
    double r[2];
    shaped_rounds(&s, FS_SHAPE_FIXED, &sh, r, 1);
    double pen = 10.0 * ((0.85 - 1.0 / 3) + 2 * (0.85 - 2.0 / 3));
    assert_close(r[1], 10.0 - pen, 1e-9, 0);
    assert_close(fs_shaper_lambda(&sh, 0.5), 10.0, 0, 0);
    scene_close(&s);
}

/* Dual ascent with eta 0.5 at every round (update_freq 1), lambda from 0:
 *   sub-step 0: penalty 0,            lambda = 0.5 g0
 *   sub-step 1: penalty lambda g1,    lambda += 0.5 g1
 *   sub-step 2: penalty lambda g2,    lambda += 0.5 g2
 * with g0 = 0.85 - 1/3, g1 = g2 = 0.85 - 2/3. */
static void test_fair_gne_dual_ascent(void **state)
{
    (void)state;
    struct scene s;
    scene_open(&s);
    add_num(&s.job, "tau", 0.85);
    add_num(&s.job, "dual_lr", 0.5);
    add_num(&s.job, "update_freq", 1);
    struct fs_shaper sh;
    double r[2];
    shaped_rounds(&s, FS_SHAPE_GNE, &sh, r, 1);
    double g0 = 0.85 - 1.0 / 3, g1 = 0.85 - 2.0 / 3;
    double l1 = 0.5 * g0, l2 = l1 + 0.5 * g1, l3 = l2 + 0.5 * g1;
    assert_close(r[1], 10.0 - (l1 * g1 + l2 * g1), 1e-9, 0);
    assert_close(fs_shaper_lambda(&sh, 0.0), l3, 1e-12, 0);
    /* the episode-end update on the final workload (1,1,0) */
    fs_shaper_end_episode(&sh, &fs_env_resus, s.env);
    assert_close(fs_shaper_lambda(&sh, 0.0), l3 + 0.5 * g1, 1e-12, 0);
    scene_close(&s);
}

static void test_fair_gne_projection_and_frequency(void **state)
{
    (void)state;
    struct scene s;
    scene_open(&s);
    add_num(&s.job, "dual_lr", 100.0);
    add_num(&s.job, "lambda_max", 3.0);
    add_num(&s.job, "update_freq", 2);
    struct fs_shaper sh;
    double r[2];
    shaped_rounds(&s, FS_SHAPE_GNE, &sh, r, 1);
    assert_close(fs_shaper_lambda(&sh, 0.0), 3.0, 0, 0);   /* clipped */
    scene_close(&s);
    /* round 2 is not a multiple of 3: no update; evaluation never updates */
    scene_open(&s);
    add_num(&s.job, "update_freq", 3);
    shaped_rounds(&s, FS_SHAPE_GNE, &sh, r, 1);
    assert_close(fs_shaper_lambda(&sh, 0.0), 0.0, 0, 0);
    scene_close(&s);
    scene_open(&s);
    add_num(&s.job, "update_freq", 1);
    shaped_rounds(&s, FS_SHAPE_GNE, &sh, r, 0);
    assert_close(fs_shaper_lambda(&sh, 0.0), 0.0, 0, 0);
    /* JFI above tau pushes lambda down, never below 0 */
    sh.lam = 0.001;
    sh.tau = 0.1;
    fs_shaper_end_episode(&sh, &fs_env_resus, s.env);
    assert_close(fs_shaper_lambda(&sh, 0.0), 0.0, 0, 0);
    scene_close(&s);
}

/* Round 1: reward 0, no activity: U = 0, f = 1e-6 / 1e-8 = 100, core =
 * 0.8 tanh(99) = 0.8 at the first sub-step (signal 0.8), then no change:
 * lambda 0.8 / 3 in all. */
static void test_fen_signal_on_first_round(void **state)
{
    (void)state;
    struct scene s;
    scene_open(&s);
    add_num(&s.job, "lambda", 3.0);
    struct fs_shaper sh;
    double r[2];
    shaped_rounds(&s, FS_SHAPE_FEN, &sh, r, 1);
    assert_close(r[0], 0.8, 1e-9, 0);
    scene_close(&s);
}

static void test_lambda_schedules(void **state)
{
    (void)state;
    struct scene s;
    scene_open(&s);
    add_num(&s.job, "lambda", 4.0);
    add_num(&s.job, "lambda_start", 0.0);
    add_num(&s.job, "ramp", 0.5);
    const char *names[] = {"linear", "cosine", "step"};
    /* progress 0.125 is x = 0.25 of the ramp, 0.3 is x = 0.6; the step
     * schedule takes floor(4x)/4 of the way */
    const double at0125[] = {1.0, 2.0 * (1 - cos(3.14159265358979323846 / 4)),
                             1.0};
    const double at03[] = {2.4, 2.0 * (1 - cos(0.6 * 3.14159265358979323846)),
                           2.0};
    for (int k = 0; k < 3; k++) {
        struct fs_job job = s.job;
        add_text(&job, "schedule", names[k]);
        struct fs_shaper sh;
        fs_err e = {0};
        assert_int_equal(fs_shaper_init(&sh, FS_SHAPE_R2, &job, &fs_env_resus,
                                        3, &e), 0);
        assert_close(fs_shaper_lambda(&sh, 0.125), at0125[k], 1e-12, 0);
        assert_close(fs_shaper_lambda(&sh, 0.3), at03[k], 1e-12, 0);
        assert_close(fs_shaper_lambda(&sh, 0.9), 4.0, 1e-12, 0);
    }
    scene_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_r1_penalises_gini_of_each_substep),
        cmocka_unit_test(test_r2_mixes_workload_and_skill),
        cmocka_unit_test(test_fixed_penalty_uses_tau_minus_jfi),
        cmocka_unit_test(test_fair_gne_dual_ascent),
        cmocka_unit_test(test_fair_gne_projection_and_frequency),
        cmocka_unit_test(test_fen_signal_on_first_round),
        cmocka_unit_test(test_lambda_schedules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
