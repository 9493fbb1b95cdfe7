/* tests/unit/test_resus.c - the `resus` environment: task-chain
 * preconditions, fatigue, workload counting, metric values of a scripted
 * episode (hand-computed), and scripted expert policies that reach the goal.
 */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/resus.h"

/* A resus job from "name=value" strings (text when not a number). */
static struct fs_job make_job(const char *const *kv, int n)
{
    struct fs_job job = {0};
    snprintf(job.env, sizeof job.env, "resus");
    snprintf(job.algo, sizeof job.algo, "qmix");
    for (int i = 0; i < n; i++) {
        struct fs_param *p = &job.params[job.n_params++];
        const char *eq = strchr(kv[i], '=');
        snprintf(p->name, sizeof p->name, "%.*s", (int)(eq - kv[i]), kv[i]);
        char *end;
        p->num = strtod(eq + 1, &end);
        if (*end != '\0') {
            p->is_text = 1;
            snprintf(p->text, sizeof p->text, "%s", eq + 1);
        }
    }
    return job;
}

typedef struct world {
    fs_env *env;
    struct fs_env_spec spec;
    fs_rng rng;
    unsigned char avail[FS_RESUS_AGENTS * FS_RESUS_ACTIONS];
} world;

static void world_open(world *w, const char *const *kv, int n, uint64_t seed)
{
    struct fs_job job = make_job(kv, n);
    fs_err e = {0};
    assert_int_equal(fs_env_resus.ops->create(&job, &w->env, &w->spec, &e), 0);
    fs_rng_init(&w->rng, seed, 1, FS_RNG_ENV);
    fs_env_resus.ops->reset(w->env, &w->rng);
    fs_env_resus.ops->observe(w->env, NULL, NULL, w->avail);
}

static void world_close(world *w)
{
    fs_env_resus.ops->destroy(&w->env);
    assert_null(w->env);
}

static int can(const world *w, int a, int u)
{
    return w->avail[a * FS_RESUS_ACTIONS + u];
}

/* One round; returns the reward. */
static double round3(world *w, int u0, int u1, int u2, struct fs_env_step *st)
{
    int acts[3] = {u0, u1, u2};
    fs_err e = {0};
    assert_int_equal(fs_env_resus.ops->step(w->env, acts, &w->rng, st, &e), 0);
    fs_env_resus.ops->observe(w->env, NULL, NULL, w->avail);
    return st->reward;
}

static struct fs_resus_view view_of(const world *w)
{
    struct fs_resus_view v;
    fs_resus_view(w->env, &v);
    return v;
}

static void test_chain_preconditions(void **state)
{
    (void)state;
    const char *kv[] = {"p_skill1=1"};      /* no chance failures */
    world w;
    world_open(&w, kv, 1, 1);
    struct fs_env_step st = {0};
    assert_int_equal(w.spec.n_actions, 8);
    assert_int_equal(w.spec.episode_limit, 50);
    for (int a = 0; a < 3; a++) {
        assert_false(can(&w, a, FS_RESUS_TREAT));
        assert_false(can(&w, a, FS_RESUS_STACKUNDER));
        assert_false(can(&w, a, FS_RESUS_MOVE_ITEM));   /* nothing here */
        assert_true(can(&w, a, FS_RESUS_NOOP));
    }
    round3(&w, FS_RESUS_MOVE_CART, FS_RESUS_MOVE_CART2, FS_RESUS_MOVE_BED, &st);
    assert_true(can(&w, 0, FS_RESUS_MOVE_ITEM));
    assert_false(can(&w, 0, FS_RESUS_MOVE_CART));       /* already there */
    assert_false(can(&w, 2, FS_RESUS_TREAT));           /* no board */
    round3(&w, FS_RESUS_MOVE_ITEM, FS_RESUS_MOVE_ITEM, FS_RESUS_NOOP, &st);
    round3(&w, FS_RESUS_MOVE_BED, FS_RESUS_MOVE_BED, FS_RESUS_NOOP, &st);
    /* the mask may not be placed before the compressions */
    assert_false(can(&w, 1, FS_RESUS_MOVE_ITEM));
    assert_true(can(&w, 0, FS_RESUS_MOVE_ITEM));
    round3(&w, FS_RESUS_MOVE_ITEM, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    /* board placed but not under the patient: no compressions yet */
    assert_false(can(&w, 2, FS_RESUS_TREAT));
    assert_true(can(&w, 2, FS_RESUS_STACKUNDER));
    assert_false(can(&w, 1, FS_RESUS_STACKUNDER));      /* hands full */
    round3(&w, FS_RESUS_STACKUNDER, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    assert_true(can(&w, 0, FS_RESUS_TREAT));
    assert_true(can(&w, 2, FS_RESUS_TREAT));
    assert_false(can(&w, 1, FS_RESUS_TREAT));           /* holds the mask */
    round3(&w, FS_RESUS_TREAT, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    assert_false(can(&w, 1, FS_RESUS_MOVE_ITEM));       /* 1 of 2 done */
    round3(&w, FS_RESUS_TREAT, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    assert_true(can(&w, 1, FS_RESUS_MOVE_ITEM));
    /* compressions complete: TREAT now means breaths, which need the mask */
    assert_false(can(&w, 0, FS_RESUS_TREAT));
    world_close(&w);
}

/* fatigue preset: max 3, cost 3, recharge 1. A compression takes energy
 * 3 - (3 + 1) = -1, the round end adds 1: 0, then 1, 2, 3. Tired while
 * energy < 3, so agent 0 can compress again 3 rounds later. */
static void test_fatigue_forces_rest(void **state)
{
    (void)state;
    const char *kv[] = {"preset=fatigue"};
    world w;
    world_open(&w, kv, 1, 2);
    struct fs_env_step st = {0};
    round3(&w, FS_RESUS_MOVE_CART, FS_RESUS_NOOP, FS_RESUS_MOVE_BED, &st);
    round3(&w, FS_RESUS_MOVE_ITEM, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    round3(&w, FS_RESUS_MOVE_BED, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    round3(&w, FS_RESUS_MOVE_ITEM, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    round3(&w, FS_RESUS_STACKUNDER, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    assert_close(view_of(&w).energy[0], 3.0, 0, 0);
    round3(&w, FS_RESUS_TREAT, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    struct fs_resus_view v = view_of(&w);
    assert_close(v.energy[0], 0.0, 0, 0);
    assert_true(v.tired[0]);
    assert_int_equal(v.progress[0], 1);
    assert_false(can(&w, 0, FS_RESUS_TREAT));
    assert_true(can(&w, 2, FS_RESUS_TREAT));    /* the rested one may */
    for (int k = 1; k <= 3; k++) {
        round3(&w, FS_RESUS_NOOP, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
        assert_close(view_of(&w).energy[0], (double)k, 0, 0);
        assert_int_equal(can(&w, 0, FS_RESUS_TREAT), k == 3);
    }
    world_close(&w);
}

static void test_workload_counts_task_actions_only(void **state)
{
    (void)state;
    const char *kv[] = {"mask_actions=0"};
    world w;
    world_open(&w, kv, 1, 3);
    struct fs_env_step st = {0};
    for (int u = 0; u < 8; u++)
        assert_true(can(&w, 0, u));                 /* no mask */
    /* agents 1 and 2 act invalidly (nothing to pick, nothing to treat) */
    double r = round3(&w, FS_RESUS_MOVE_CART, FS_RESUS_MOVE_ITEM,
                      FS_RESUS_TREAT, &st);
    assert_close(r, -0.001, 1e-12, 0);
    r = round3(&w, FS_RESUS_MOVE_ITEM, FS_RESUS_NOOP, FS_RESUS_NOOP, &st);
    assert_close(r, 5.0, 1e-12, 0);                 /* board held once */
    struct fs_resus_view v = view_of(&w);
    assert_close(v.workload[0], 1, 0, 0);
    assert_close(v.workload[1], 0, 0, 0);
    assert_close(v.workload[2], 0, 0, 0);
    double wl[3], sk[2];
    fs_env_resus.ops->workload(w.env, -1, wl, sk);
    assert_close(wl[0], 0, 0, 0);
    fs_env_resus.ops->workload(w.env, 0, wl, sk);
    assert_close(wl[0], 1, 0, 0);
    assert_close(sk[0], 2, 0, 0);                   /* agent 0 item skill */
    assert_close(sk[1], 2, 0, 0);
    world_close(&w);
}

/* The role policy: agent 0 fetches the board, slides it under and
 * compresses; agent 1 fetches the mask and breathes; agent 2 compresses
 * only while agent 0 is tired (rotation). Only available actions. */
static int role_action(const world *w, int a)
{
    struct fs_resus_view v = view_of(w);
    int item = a == 0 ? FS_RESUS_BOARD : a == 1 ? FS_RESUS_MASK : -1;
    int want = FS_RESUS_NOOP;
    if (item >= 0 && v.item_at[item] != FS_RESUS_PLACED) {
        if (v.holding[a] == item)
            want = v.station[a] == FS_RESUS_BED ? FS_RESUS_MOVE_ITEM
                                                : FS_RESUS_MOVE_BED;
        else
            want = v.station[a] == v.item_at[item]
                       ? FS_RESUS_MOVE_ITEM
                       : FS_RESUS_MOVE_BED + v.item_at[item];
    } else if (v.station[a] != FS_RESUS_BED) {
        want = FS_RESUS_MOVE_BED;
    } else if (a == 0 && !v.board_under) {
        want = FS_RESUS_STACKUNDER;
    } else {
        int compressing = v.progress[0] < v.need[0];
        int mine = compressing ? (a == 0 || (a == 2 && v.tired[0])) : a == 1;
        if (mine)
            want = FS_RESUS_TREAT;
    }
    return can(w, a, want) ? want : FS_RESUS_NOOP;
}

static void run_role_episode(world *w, struct fs_env_step *st)
{
    do {
        round3(w, role_action(w, 0), role_action(w, 1), role_action(w, 2), st);
    } while (!st->terminated && !st->truncated);
}

static double metric(const struct fs_result *r, const char *name)
{
    for (int i = 0; i < r->n_metrics; i++)
        if (strcmp(r->metrics[i].name, name) == 0)
            return r->metrics[i].value;
    fail_msg("metric %s missing", name);
    return NAN;
}

/* Hand-computed: workloads (5, 4, 0): agent 0 picks, places, slides and
 * compresses twice, agent 1 picks, places and breathes twice.
 * JFI = 81 / (3 * 41); Gini = (1 + 5 + 4) / (3 * 9) = 10/27;
 * skills used 2*5 + (1 + 1 + 2 + 2) = 16 of best 10 + 8 = 18: L2 = 1/9;
 * alignment: items 2 of 4 by the best, stackunder, compress, breaths 1:
 * (0.5 + 1 + 1 + 1) / 4 = 0.875. Return = H(goal) - H(start) = 300.
 * Rounds: cart, pick, bed, place, slide, 2 compress, place mask, 2 breaths. */
static void test_scripted_episode_metrics(void **state)
{
    (void)state;
    const char *kv[] = {"p_skill1=1"};      /* no chance failures */
    world w;
    world_open(&w, kv, 1, 4);
    struct fs_env_step st = {0};
    run_role_episode(&w, &st);
    assert_true(st.terminated);
    struct fs_result r;
    fs_result_init(&r, 1);
    fs_err e = {0};
    assert_int_equal(fs_env_resus.ops->episode_metrics(w.env, "ev_", &r, &e), 0);
    assert_close(metric(&r, "ev_success"), 1, 0, 0);
    assert_close(metric(&r, "ev_return"), 300, 1e-9, 0);
    assert_close(metric(&r, "ev_rounds"), 10, 0, 0);
    assert_close(metric(&r, "ev_w0"), 5, 0, 0);
    assert_close(metric(&r, "ev_w1"), 4, 0, 0);
    assert_close(metric(&r, "ev_w2"), 0, 0, 0);
    assert_close(metric(&r, "ev_jfi"), 81.0 / 123.0, 1e-12, 0);
    assert_close(metric(&r, "ev_gini"), 10.0 / 27.0, 1e-12, 0);
    assert_close(metric(&r, "ev_l2"), 1.0 / 9.0, 1e-12, 0);
    assert_close(metric(&r, "ev_l3"), 0.5 * (10.0 / 27.0) + 0.5 / 9.0, 1e-12, 0);
    assert_close(metric(&r, "ev_align"), 0.875, 1e-12, 0);
    fs_result_clear(&r);
    world_close(&w);
}

/* The experts succeed with probability 1 (p_skill2 = 1), so the role policy
 * reaches the goal on every seed in the default preset; in the fatigue
 * preset the generalist takes over while the expert rests. */
static void test_scripted_experts_reach_goal(void **state)
{
    (void)state;
    const char *fat[] = {"preset=fatigue"};
    for (uint64_t seed = 0; seed < 20; seed++) {
        world w;
        struct fs_env_step st = {0};
        world_open(&w, NULL, 0, seed);
        run_role_episode(&w, &st);
        assert_true(st.terminated);
        world_close(&w);
        world_open(&w, fat, 1, seed);
        run_role_episode(&w, &st);
        assert_true(st.terminated);
        struct fs_resus_view v = view_of(&w);
        assert_true(v.workload[2] >= 1);            /* rotation happened */
        world_close(&w);
    }
}

static void test_observation_and_state_shapes(void **state)
{
    (void)state;
    world w;
    world_open(&w, NULL, 0, 5);
    int O = w.spec.obs_dim, shared = O - 8;
    assert_int_equal(w.spec.state_dim, shared + 3 * 8);
    float *obs = calloc((size_t)3 * O, sizeof *obs);
    float *st = calloc((size_t)w.spec.state_dim, sizeof *st);
    fs_env_resus.ops->observe(w.env, obs, st, NULL);
    /* every agent sees the same shared part, which opens the state */
    for (int a = 0; a < 3; a++)
        assert_memory_equal(obs + a * O, st, (size_t)shared * sizeof *obs);
    /* the last 8 floats of an observation are the agent's own mask, and
     * the state ends with the three masks */
    for (int a = 0; a < 3; a++)
        for (int u = 0; u < 8; u++) {
            assert_int_equal(obs[a * O + shared + u] != 0, can(&w, a, u));
            assert_int_equal(st[shared + a * 8 + u] != 0, can(&w, a, u));
        }
    free(obs);
    free(st);
    world_close(&w);
}

static void test_bad_skill_digits_rejected(void **state)
{
    (void)state;
    const char *kv[] = {"skill_compress=132"};
    struct fs_job job = make_job(kv, 1);
    fs_env *env = NULL;
    struct fs_env_spec spec;
    fs_err e = {0};
    assert_int_equal(fs_env_resus.ops->create(&job, &env, &spec, &e),
                     FS_ECONFIG);
    assert_null(env);
    assert_non_null(strstr(e.msg, "skill_compress"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_preconditions),
        cmocka_unit_test(test_fatigue_forces_rest),
        cmocka_unit_test(test_workload_counts_task_actions_only),
        cmocka_unit_test(test_scripted_episode_metrics),
        cmocka_unit_test(test_scripted_experts_reach_goal),
        cmocka_unit_test(test_observation_and_state_shapes),
        cmocka_unit_test(test_bad_skill_digits_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
