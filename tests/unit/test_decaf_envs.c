/* tests/unit/test_decaf_envs.c - DECAF's environments: dynamics on
 * scripted steps (values worked out by hand from the rules in each env's
 * header comment), warm start and past discounting of Z, rejection of
 * infeasible joint actions, and that every allocation the allocator
 * returns for random scores is feasible and steps cleanly. */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/decaf.h"
#include "envs/env.h"
#include "learners/decaf_alloc.h"

struct inst {
    const struct fs_decaf_ops *ops;
    fs_decaf_env *env;
    struct fs_decaf_spec spec;
    fs_rng rng;
    float *pds;
    int *res, *cap, *act;
    unsigned char *allowed;
    double r[16], u[16], z[16], su[16], f[16];
};

/* An instance of env with numeric parameters "name=value,...". */
static void open_env(struct inst *in, const char *env, const char *params)
{
    struct fs_job job;
    memset(&job, 0, sizeof job);
    snprintf(job.env, sizeof job.env, "%s", env);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", params);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        struct fs_param *p = &job.params[job.n_params++];
        char *eq = strchr(tok, '=');
        *eq = '\0';
        snprintf(p->name, sizeof p->name, "%s", tok);
        p->num = atof(eq + 1);
    }
    in->ops = fs_decaf_ops_of(fs_env_find(env));
    assert_non_null(in->ops);
    fs_err e = {0};
    assert_int_equal(in->ops->create(&job, &in->env, &in->spec, &e), 0);
    size_t na = (size_t)in->spec.n_agents * (size_t)in->spec.n_actions;
    in->pds = calloc(na * (size_t)in->spec.pds_dim, sizeof *in->pds);
    in->res = calloc(na, sizeof *in->res);
    in->allowed = calloc(na, 1);
    in->cap = calloc((size_t)in->spec.n_resources + 1, sizeof *in->cap);
    in->act = calloc((size_t)in->spec.n_agents, sizeof *in->act);
    fs_rng_init(&in->rng, 3, 4, FS_RNG_ENV);
    in->ops->reset(in->env, &in->rng);
}

static void close_env(struct inst *in)
{
    in->ops->destroy(&in->env);
    assert_null(in->env);
    free(in->pds);
    free(in->res);
    free(in->allowed);
    free(in->cap);
    free(in->act);
}

/* Step with the given joint action; returns the step's status. */
static int step(struct inst *in, const int *actions)
{
    struct fs_decaf_step out = {in->r, in->u, 0};
    fs_err e = {0};
    int rc = in->ops->step(in->env, actions, &in->rng, &out, &e);
    in->ops->metrics(in->env, in->z);
    in->ops->utilities(in->env, in->su);
    in->ops->fair_vars(in->env, in->f);
    return rc;
}

/* Agent i's post-decision observation for action a. */
static const float *pds(struct inst *in, int i, int a)
{
    in->ops->post_decision(in->env, in->pds);
    return in->pds + ((size_t)i * in->spec.n_actions + a) * in->spec.pds_dim;
}

static void constraints(struct inst *in)
{
    in->ops->constraints(in->env, in->res, in->cap, in->allowed);
}

static void test_registry_and_warm_start(void **state)
{
    (void)state;
    const char *names[4] = {"matthew", "job", "plant", "biaseddm"};
    const double warm[4] = {5, 3, 1, 2};
    for (int k = 0; k < 4; k++) {
        struct inst in;
        open_env(&in, names[k], "");
        double z[16];
        in.ops->metrics(in.env, z);
        int differ = 0;
        for (int i = 0; i < in.spec.n_agents; i++) {
            double W = warm[k];
            if (k == 3) /* rate: disc in W +- W/8 over n W */
                assert_true(z[i] >= (W - W / 8) / (5 * W) && z[i] <= (W + W / 8) / (5 * W));
            else
                assert_true(z[i] >= W - W / 8 && z[i] <= W + W / 8);
            differ |= z[i] != z[0];
        }
        assert_true(differ);
        close_env(&in);
    }
    assert_null(fs_decaf_ops_of(fs_env_find("none")));
}

/* BiasedDM with warm start 0: Z starts at 1/5 with discounted time 1.
 * Giving the resource to agent 1: utility 0.8; Z_1 = (0.999 * 0.2 + 1) /
 * (0.999 + 1), Z_j = 0.999 * 0.2 / 1.999 for the rest. */
static void test_biaseddm_scripted(void **state)
{
    (void)state;
    struct inst in;
    open_env(&in, "biaseddm", "warm_start=0");
    constraints(&in);
    assert_int_equal(in.cap[0], 1);
    assert_int_equal(in.cap[1], 4);
    const float *o = pds(&in, 1, 1);
    assert_close(o[0], 0.8, 1e-7, 0);
    assert_close(o[1], 0.2, 1e-7, 0);
    assert_close(o[2], 0.0, 1e-7, 0);
    assert_close(o[3], 1.0, 0, 0);
    int two[5] = {1, 1, 0, 0, 0};
    assert_int_equal(step(&in, two), FS_ECONFIG);
    int one[5] = {0, 1, 0, 0, 0};
    assert_int_equal(step(&in, one), 0);
    assert_close(in.u[1], 0.8, 1e-15, 0);
    assert_close(in.r[1], 0.8, 1e-15, 0);
    assert_close(in.u[0], 0.0, 0, 0);
    assert_close(in.z[1], (0.999 * 0.2 + 1) / 1.999, 1e-12, 0);
    assert_close(in.z[0], 0.999 * 0.2 / 1.999, 1e-12, 0);
    assert_close(in.su[1], 0.8, 1e-15, 0);
    assert_close(in.f[1], 1.0, 0, 0);
    assert_close(in.f[0], 0.0, 0, 0);
    int zero[5] = {1, 0, 0, 0, 0};
    assert_int_equal(step(&in, zero), 0);
    assert_close(in.f[0], 0.5, 0, 0);
    assert_close(in.f[1], 0.5, 0, 0);
    assert_close(in.su[0], 1.0, 0, 0);
    /* relative feature of agent 1: Z_1 / mean Z - 1 */
    double mean = 0;
    for (int i = 0; i < 5; i++)
        mean += in.z[i] / 5;
    assert_close(pds(&in, 1, 0)[2], in.z[1] / mean - 1, 1e-6, 1e-6);
    close_env(&in);
}

/* Job: agent 0 walks from corner (0,0) to the job at (3,3) with +x,+x,+x,
 * +y,+y,+y while the others stay; utility 1 only on arrival (step 6), the
 * learning reward is utility - 0.1 * distance. */
static void test_job_scripted(void **state)
{
    (void)state;
    struct inst in;
    open_env(&in, "job", "warm_start=3,past_discount=0.5");
    constraints(&in);
    /* agent 0 at (0,0): -x and -y are off-grid, so they target its cell */
    assert_int_equal(in.res[0 * 5 + 3], 0);
    assert_int_equal(in.res[0 * 5 + 2], 0);
    assert_int_equal(in.res[0 * 5 + 4], 1 * 7 + 0);
    const float *o = pds(&in, 0, 4);  /* after +x: at (1,0) */
    assert_close(o[0], 2.0 / 7, 1e-7, 0);
    assert_close(o[1], 3.0 / 7, 1e-7, 0);
    assert_close(o[2], -1.0, 0, 0);   /* (0,-1) off-grid */
    assert_close(o[6], 0.0, 0, 0);    /* own cell (1,0) */
    double z0[4];
    in.ops->metrics(in.env, z0);
    const int moves[6] = {4, 4, 4, 1, 1, 1};
    for (int t = 0; t < 6; t++) {
        int a[4] = {moves[t], 0, 0, 0};
        assert_int_equal(step(&in, a), 0);
        double want_u = t == 5;
        int x = t < 3 ? t + 1 : 3, y = t < 3 ? 0 : t - 2;
        assert_close(in.u[0], want_u, 0, 0);
        assert_close(in.r[0], want_u - 0.1 * hypot(x - 3, y - 3), 1e-12, 0);
        assert_close(in.r[1], -0.1 * hypot(3, 3), 1e-12, 0);
    }
    /* Z_0 = 0.5^6 z0 + 1 after five zero steps and one unit */
    assert_close(in.z[0], pow(0.5, 6) * z0[0] + 1, 1e-12, 0);
    assert_close(in.su[0], 1, 0, 0);
    int stay[4] = {0, 0, 0, 0};
    assert_int_equal(step(&in, stay), 0);
    assert_close(in.su[0], 2, 0, 0);
    close_env(&in);
}

/* Job: a cell occupied by another agent is forbidden. Agent 1 walks from
 * (0,6) down to (0,1); then agent 0's +y (into (0,1)) is not allowed and a
 * joint action using it is rejected. */
static void test_job_occupied_cells(void **state)
{
    (void)state;
    struct inst in;
    open_env(&in, "job", "");
    for (int t = 0; t < 5; t++) {
        int a[4] = {0, 2, 0, 0};
        assert_int_equal(step(&in, a), 0);
    }
    constraints(&in);
    assert_int_equal(in.allowed[0 * 5 + 1], 0);
    assert_int_equal(in.allowed[0 * 5 + 4], 1);
    assert_int_equal(in.allowed[1 * 5 + 2], 0);  /* agent 1 into (0,0) */
    int bad[4] = {1, 0, 0, 0};
    assert_int_equal(step(&in, bad), FS_ECONFIG);
    close_env(&in);
}

/* Job with random_layout: over 50 resets, agents stand on distinct cells
 * (their stay actions use different resources) and the job, read back
 * from the observation, is never on the border and not always the same. */
static void test_job_random_layout(void **state)
{
    (void)state;
    struct inst in;
    open_env(&in, "job", "random_layout=1");
    int moved = 0, first = -1;
    for (int k = 0; k < 50; k++) {
        in.ops->reset(in.env, &in.rng);
        constraints(&in);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < i; j++)
                assert_int_not_equal(in.res[i * 5], in.res[j * 5]);
        int cell = in.res[0];   /* agent 0's own cell x * 7 + y */
        const float *o = pds(&in, 0, 0);
        int jx = cell / 7 + (int)lround(o[0] * 7), jy = cell % 7 + (int)lround(o[1] * 7);
        assert_true(jx >= 1 && jx <= 5 && jy >= 1 && jy <= 5);
        if (first < 0)
            first = jx * 7 + jy;
        moved |= jx * 7 + jy != first;
    }
    assert_true(moved);
    close_env(&in);
}

/* Matthew: agent 9 (size 0.05, speed 0.06) claims resource 0 at distance
 * d: reward 0.98^(d / 0.06); it arrives after ceil(d / 0.06) steps, earns
 * utility 1 there, grows to 0.055 and the resource is free again. */
static void test_matthew_scripted(void **state)
{
    (void)state;
    struct inst in;
    open_env(&in, "matthew", "move_prob=0");
    const float *o = pds(&in, 0, 0);
    assert_close(o[2], 0.01, 1e-7, 0);
    assert_close(o[3], 0.02, 1e-7, 0);
    o = pds(&in, 9, 0);
    assert_close(o[2], 0.05, 1e-7, 0);
    double dx = o[7], dy = o[8];
    double tau = hypot(dx, dy) / 0.06;
    int steps = tau > 1 ? (int)ceil(tau) : 1;
    assert_close(pds(&in, 9, 1)[21], tau / 10, 1e-5, 1e-5);
    assert_close(pds(&in, 9, 1)[18], 1.0, 0, 0);   /* claiming now */
    assert_close(pds(&in, 9, 0)[18], 0.0, 0, 0);
    int a[10] = {0};
    a[9] = 1;
    assert_int_equal(step(&in, a), 0);
    assert_close(in.r[9], pow(0.98, tau), 1e-5, 1e-5);
    constraints(&in);
    for (int i = 0; i < 9; i++)
        assert_int_equal(in.allowed[i * 4 + 1], 0);
    assert_int_equal(in.allowed[9 * 4 + 2], 0);
    assert_int_equal(in.allowed[0 * 4 + 2], 1);
    a[9] = 0;
    for (int t = 1; t < steps; t++) {
        assert_close(in.su[9], 0, 0, 0);
        assert_int_equal(step(&in, a), 0);
    }
    assert_close(in.su[9], 1, 0, 0);
    assert_close(in.u[9], 1, 0, 0);
    assert_close(pds(&in, 9, 0)[2], 0.055, 1e-7, 0);
    assert_close(pds(&in, 9, 0)[3], 0.065, 1e-7, 0);
    constraints(&in);
    assert_int_equal(in.allowed[0 * 4 + 1], 1);
    close_env(&in);
}

/* Plant: agent 2 needs one type-0 resource per unit. It claims resource 0
 * (type 0) at Manhattan distance m and reaches it after max(m, 1) steps;
 * that step it gets shaping 0.3 plus one unit (utility 1). */
static void test_plant_scripted(void **state)
{
    (void)state;
    struct inst in;
    open_env(&in, "plant", "");
    const float *o = pds(&in, 2, 0);
    assert_close(o[2], 1.0 / 3, 1e-7, 0);   /* req of agent 2: 1, 0, 0 */
    assert_close(o[3], 0.0, 0, 0);
    assert_close(o[8], 1.0, 0, 0);          /* free to claim */
    assert_close(o[13], 1.0, 0, 0);         /* resource 0 (type 0) needed */
    int m = (int)lround(o[12] * 8);
    int steps = m > 0 ? m : 1;
    int a[5] = {0, 0, 1, 0, 0};
    for (int t = 0; t < steps; t++) {
        assert_int_equal(step(&in, a), 0);
        a[2] = 0;
        if (t + 1 < steps) {
            assert_close(in.u[2], 0, 0, 0);
            assert_close(in.r[2], 0, 0, 0);
        }
    }
    assert_close(in.u[2], 1, 0, 0);
    assert_close(in.r[2], 1.3, 1e-12, 0);
    assert_close(in.su[2], 1, 0, 0);
    o = pds(&in, 2, 0);
    assert_close(o[5], 0.0, 0, 0);          /* possession used up */
    close_env(&in);
}

/* Every env: two short episodes of random scores through the allocator;
 * each allocation is feasible, steps succeed, observations are finite and
 * done comes exactly at max_steps. */
static void test_allocations_feasible(void **state)
{
    (void)state;
    const char *names[4] = {"matthew", "job", "plant", "biaseddm"};
    for (int k = 0; k < 4; k++) {
        struct inst in;
        open_env(&in, names[k], "max_steps=60");
        int n = in.spec.n_agents, A = in.spec.n_actions;
        fs_alloc *w = fs_alloc_create(n, A, in.spec.n_resources);
        double *q = calloc((size_t)n * A, sizeof *q);
        for (int ep = 0; ep < 2; ep++) {
            in.ops->reset(in.env, &in.rng);
            for (int t = 0; t < 60; t++) {
                constraints(&in);
                for (int j = 0; j < n * A; j++)
                    q[j] = fs_rng_normal(&in.rng);
                struct fs_alloc_problem p = {n, A, in.spec.n_resources, q, in.res,
                                             in.cap, in.allowed};
                fs_err e = {0};
                assert_int_equal(fs_alloc_solve(w, &p, in.act, NULL, &e), 0);
                assert_true(fs_alloc_feasible(&p, in.act));
                struct fs_decaf_step out = {in.r, in.u, 0};
                assert_int_equal(in.ops->step(in.env, in.act, &in.rng, &out, &e), 0);
                assert_int_equal(out.done, t == 59);
                in.ops->post_decision(in.env, in.pds);
                for (int j = 0; j < n * A * in.spec.pds_dim; j++)
                    assert_true(isfinite(in.pds[j]));
            }
        }
        free(q);
        fs_alloc_destroy(&w);
        close_env(&in);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_and_warm_start),
        cmocka_unit_test(test_biaseddm_scripted),
        cmocka_unit_test(test_job_scripted),
        cmocka_unit_test(test_job_occupied_cells),
        cmocka_unit_test(test_job_random_layout),
        cmocka_unit_test(test_matthew_scripted),
        cmocka_unit_test(test_plant_scripted),
        cmocka_unit_test(test_allocations_feasible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
