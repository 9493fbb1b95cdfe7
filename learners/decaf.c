/* learners/decaf.c - DECAF (Kumar & Yeoh; reference notes section 4):
 * distributed evaluation, centralized allocation, with three ways to add
 * fairness to a Double-DQN value estimate over post-decision states:
 *
 *  - decaf-jo (joint): one network on (1 - beta) r + beta r^f;
 *  - decaf-so (split): a utility network U on r and a fairness network F
 *    on r^f, combined as (1 - beta) U + beta F at decision time;
 *  - decaf-fo (fair-only): U is trained first with beta = 0 (as decaf-jo
 *    at beta 0, same budget, in the same job, with its own RNG streams),
 *    then frozen; only F is learned, decisions use (1 - beta) U + beta F.
 *    (The authors pick U from a separate JO beta = 0 run; training it in
 *    the job keeps every job self-contained. fs_decaf_vnet_save/load exist
 *    for reusing one from a file, but no config parameter takes a path.)
 *
 * Runs on the envs with extra_kind "decaf" (matthew, job, plant,
 * biaseddm). Training budget: `episodes`, or settings env_steps divided by
 * the env's max_steps. After training, eval_episodes greedy episodes are
 * scored at the training beta: util = sum_i su_i (mean over episodes),
 * fair = F of the fairness vector (su, or BiasedDM's resource rate;
 * F = -variance by default), var = its variance, obj = (1 - beta) util +
 * beta fair. SO and FO models are also evaluated WITHOUT retraining at
 * every beta_test in {0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999} (a logarithmic grid of
 * beta / (1 - beta)): metrics util_bt<b>, fair_bt<b>, obj_bt<b>, and
 * curves bt_util, bt_fair over that grid, so a beta_train x beta_test
 * table can be drawn. Curves train_util and train_fair hold each training
 * episode's score (binned means when there are more than 4096 episodes).
 *
 * Model selection: by default the final model is evaluated; with
 * validate_every = k the greedy policy is validated every k episodes (from
 * episode 20 on, validate_episodes episodes on their own RNG stream) and
 * the model with the best objective at the training beta is kept, as the
 * authors' code does (every 10 episodes, 25 episodes when saving).
 * Not done: the SOTO baseline of the paper (FEN runs on these envs through
 * learners/fen_decaf.c; experiments/decaf-fen.yaml).
 */
#include "learners/learner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nn.h"
#include "envs/decaf.h"
#include "envs/env.h"
#include "learners/decaf_train.h"

enum decaf_kind { DECAF_JO, DECAF_SO, DECAF_FO };

static const double beta_tests[] = {0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999};
enum { N_BETA_TESTS = sizeof beta_tests / sizeof beta_tests[0] };

static const char *const decaf_envs[] = {"matthew", "job", "plant", "biaseddm", NULL};

static const struct fs_param_spec decaf_params[] = {
    {"beta", FS_PARAM_NUM, 0, 0, 1, NULL,
     "fairness weight: objective (1 - beta) utility + beta fairness"},
    {"fairness", FS_PARAM_TEXT, 0, 0, 0, "variance|gini|maximin",
     "fairness function whose change is split into per-agent rewards"},
    {"lr", FS_PARAM_NUM, 3e-4, 0, 1, NULL, "Adam learning rate"},
    {"gamma", FS_PARAM_NUM, 0.98, 0, 1, NULL, "discount GAMMA"},
    {"hidden", FS_PARAM_INT, 20, 1, 1024, NULL, "units per hidden layer (2 layers)"},
    {"batch", FS_PARAM_INT, 32, 1, 4096, NULL,
     "stored steps sampled per update (one Adam step each)"},
    {"update_every", FS_PARAM_INT, 50, 1, 1e9, NULL, "env steps between updates"},
    {"learn_start", FS_PARAM_INT, 1000, 0, 1e9, NULL, "stored steps before learning"},
    {"target_every", FS_PARAM_INT, 20, 1, 1e9, NULL,
     "episodes between hard target-network updates"},
    {"buffer", FS_PARAM_INT, 250000, 2, 1e9, NULL, "replay capacity, steps"},
    {"eps_start", FS_PARAM_NUM, 0.95, 0, 1, NULL, "initial exploration rate"},
    {"eps_end", FS_PARAM_NUM, 0.05, 1e-6, 1, NULL,
     "final exploration rate, reached halfway through training"},
    {"episodes", FS_PARAM_INT, 0, 0, 1e9, NULL,
     "training episodes (per phase); 0: budget env_steps / max_steps"},
    {"validate_every", FS_PARAM_INT, 0, 0, 1e9, NULL,
     "episodes between validations keeping the best model (0: keep the last)"},
    {"validate_episodes", FS_PARAM_INT, 5, 1, 1e6, NULL,
     "greedy episodes per validation"},
};

static const char *text_param(const struct fs_job *job, const char *name,
                              const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

static int read_cfg(const struct fs_job *job, const struct fs_settings *s,
                    const struct fs_decaf_spec *sp, struct decaf_cfg *c, fs_err *e)
{
    int fair = fs_decaf_fairness_parse(text_param(job, "fairness", "variance"));
    if (fair < 0)
        return fs_err_set(e, FS_ECONFIG, "decaf: unknown fairness '%s'",
                          text_param(job, "fairness", ""));
    c->fairness = (enum fs_decaf_fairness)fair;
    c->lr = fs_job_num(job, "lr", 3e-4);
    c->gamma = fs_job_num(job, "gamma", 0.98);
    c->eps_start = fs_job_num(job, "eps_start", 0.95);
    c->eps_end = fs_job_num(job, "eps_end", 0.05);
    c->hidden = (int)fs_job_num(job, "hidden", 20);
    c->batch = (int)fs_job_num(job, "batch", 32);
    c->update_every = (int)fs_job_num(job, "update_every", 50);
    c->learn_start = (int)fs_job_num(job, "learn_start", 1000);
    c->target_every = (int)fs_job_num(job, "target_every", 20);
    c->buffer = (size_t)fs_job_num(job, "buffer", 250000);
    c->episodes = (int)fs_job_num(job, "episodes", 0);
    c->validate_every = (int)fs_job_num(job, "validate_every", 0);
    c->validate_episodes = (int)fs_job_num(job, "validate_episodes", 5);
    if (c->episodes == 0)
        c->episodes = (int)(s->env_steps / sp->episode_limit);
    if (c->episodes < 1)
        return fs_err_set(e, FS_ECONFIG,
                          "decaf: budget of %lld env steps is less than one episode of %d",
                          (long long)s->env_steps, sp->episode_limit);
    if (c->eps_start < c->eps_end)
        c->eps_start = c->eps_end;
    return 0;
}

/* Curve of at most FS_CURVE_POINTS_MAX points: binned means of x [n]. */
static int add_curve(struct fs_result *out, const char *name, const double *x,
                     int n, fs_err *e)
{
    int bins = n < FS_CURVE_POINTS_MAX ? n : FS_CURVE_POINTS_MAX;
    double *c = fs_xcalloc((size_t)bins, sizeof *c);
    for (int b = 0; b < bins; b++) {
        long lo = (long)n * b / bins, hi = (long)n * (b + 1) / bins;
        for (long k = lo; k < hi; k++)
            c[b] += x[k] / (double)(hi - lo);
    }
    int rc = fs_result_curve(out, name, c, bins, e);
    free(c);
    return rc;
}

/* Metric "<prefix>_bt<b>", e.g. util_bt0.01 (grid values are short). */
static int metric(struct fs_result *out, const char *prefix, double b,
                  double v, fs_err *e)
{
    char name[2 * FS_NAME_MAX], num[32];
    fs_job_format_number(b, num);
    snprintf(name, sizeof name, "%s_bt%s", prefix, num);
    return fs_result_metric(out, name, v, e);
}

/* Scores at the training beta, then over the beta_test grid (SO, FO). */
static int evaluate_all(struct decaf_run *run, struct decaf_head *heads,
                        int n_heads, double beta, int episodes,
                        const fs_rng *eval_rng, struct fs_result *out, fs_err *e)
{
    struct decaf_score s;
    int rc = decaf_run_evaluate(run, eval_rng, episodes, &s, e);
    if (!rc)
        rc = fs_result_metric(out, "util", s.util, e);
    if (!rc)
        rc = fs_result_metric(out, "fair", s.fair, e);
    if (!rc)
        rc = fs_result_metric(out, "var", s.var, e);
    if (!rc)
        rc = fs_result_metric(out, "obj", (1 - beta) * s.util + beta * s.fair, e);
    if (rc || n_heads < 2)
        return rc;
    double bu[N_BETA_TESTS], bf[N_BETA_TESTS];
    for (int k = 0; k < N_BETA_TESTS && !rc; k++) {
        double bt = beta_tests[k];
        heads[0].weight = 1 - bt;
        heads[1].weight = bt;
        decaf_run_set_heads(run, heads, n_heads);
        rc = decaf_run_evaluate(run, eval_rng, episodes, &s, e);
        bu[k] = s.util;
        bf[k] = s.fair;
        if (!rc)
            rc = metric(out, "util", bt, s.util, e);
        if (!rc)
            rc = metric(out, "fair", bt, s.fair, e);
        if (!rc)
            rc = metric(out, "obj", bt, (1 - bt) * s.util + bt * s.fair, e);
    }
    if (!rc)
        rc = fs_result_curve(out, "bt_util", bu, N_BETA_TESTS, e);
    if (!rc)
        rc = fs_result_curve(out, "bt_fair", bf, N_BETA_TESTS, e);
    return rc;
}

struct decaf_nets {
    fs_decaf_vnet *u, *f;
};

/* FO's first phase: U alone (JO at beta = 0) on its own RNG streams. */
static int train_frozen_utility(struct decaf_run *run, const struct fs_job *job,
                                const struct fs_settings *s, fs_decaf_vnet *u,
                                fs_err *e)
{
    struct decaf_head h = {u, 1.0, 1.0, 0.0, 1};
    decaf_run_set_heads(run, &h, 1);
    fs_rng env_rng, act_rng, rep_rng, val_rng;
    fs_rng_init(&env_rng, s->seed, job->id, FS_RNG_USER + 1);
    fs_rng_init(&act_rng, s->seed, job->id, FS_RNG_USER + 2);
    fs_rng_init(&rep_rng, s->seed, job->id, FS_RNG_USER + 3);
    fs_rng_init(&val_rng, s->seed, job->id, FS_RNG_USER + 4);
    return decaf_run_train(run, &env_rng, &act_rng, &rep_rng, &val_rng, 0.0,
                           NULL, NULL, e);
}

static int decaf_run_kind(const struct fs_job *job, const struct fs_settings *s,
                          struct fs_result *out, enum decaf_kind kind,
                          struct decaf_run *run, const struct decaf_cfg *c,
                          int rows, int in, fs_err *e)
{
    double beta = fs_job_num(job, "beta", 0.0);
    fs_rng init_rng, env_rng, act_rng, rep_rng, eval_rng, val_rng;
    fs_rng_init(&init_rng, s->seed, job->id, FS_RNG_INIT);
    fs_rng_init(&env_rng, s->seed, job->id, FS_RNG_ENV);
    fs_rng_init(&act_rng, s->seed, job->id, FS_RNG_ACT);
    fs_rng_init(&rep_rng, s->seed, job->id, FS_RNG_REPLAY);
    fs_rng_init(&eval_rng, s->seed, job->id, FS_RNG_EVAL);
    fs_rng_init(&val_rng, s->seed, job->id, FS_RNG_USER + 5);
    struct decaf_nets nets = {0};
    nets.u = fs_decaf_vnet_create(in, c->hidden, rows, c->lr, &init_rng);
    struct decaf_head heads[2];
    int n_heads = 1, rc = 0;
    if (kind == DECAF_JO) {
        heads[0] = (struct decaf_head){nets.u, 1.0, 1 - beta, beta, 1};
    } else {
        nets.f = fs_decaf_vnet_create(in, c->hidden, rows, c->lr, &init_rng);
        if (kind == DECAF_FO)
            rc = train_frozen_utility(run, job, s, nets.u, e);
        heads[0] = (struct decaf_head){nets.u, 1 - beta, 1.0, 0.0, kind == DECAF_SO};
        heads[1] = (struct decaf_head){nets.f, beta, 0.0, 1.0, 1};
        n_heads = 2;
    }
    double *cu = fs_xcalloc((size_t)c->episodes, sizeof *cu);
    double *cf = fs_xcalloc((size_t)c->episodes, sizeof *cf);
    if (!rc) {
        decaf_run_set_heads(run, heads, n_heads);
        rc = decaf_run_train(run, &env_rng, &act_rng, &rep_rng, &val_rng, beta,
                             cu, cf, e);
    }
    if (!rc)
        rc = add_curve(out, "train_util", cu, c->episodes, e);
    if (!rc)
        rc = add_curve(out, "train_fair", cf, c->episodes, e);
    int eval_eps = s->eval_episodes > 0 ? s->eval_episodes : 10;
    if (!rc)
        rc = evaluate_all(run, heads, n_heads, beta, eval_eps, &eval_rng, out, e);
    free(cu);
    free(cf);
    fs_decaf_vnet_destroy(&nets.u);
    fs_decaf_vnet_destroy(&nets.f);
    return rc;
}

static int decaf_run(const struct fs_job *job, const struct fs_settings *s,
                     struct fs_result *out, enum decaf_kind kind, fs_err *e)
{
    const struct fs_decaf_ops *ops = fs_decaf_ops_of(fs_env_find(job->env));
    if (!ops)
        return fs_err_set(e, FS_ECONFIG, "decaf: env '%s' has no decaf interface", job->env);
    fs_nn_blas_single_thread();
    fs_decaf_env *env = NULL;
    struct fs_decaf_spec sp;
    struct decaf_cfg c;
    int rc = ops->create(job, &env, &sp, e);
    if (!rc)
        rc = read_cfg(job, s, &sp, &c, e);
    if (!rc) {
        struct decaf_run *run = decaf_run_create(ops, env, &sp, &c);
        rc = decaf_run_kind(job, s, out, kind, run, &c,
                            sp.n_agents * sp.n_actions, sp.pds_dim, e);
        decaf_run_destroy(&run);
    }
    if (env)
        ops->destroy(&env);
    return rc;
}

static int run_jo(const struct fs_job *job, const struct fs_settings *s,
                  struct fs_result *out, fs_err *e)
{
    return decaf_run(job, s, out, DECAF_JO, e);
}

static int run_so(const struct fs_job *job, const struct fs_settings *s,
                  struct fs_result *out, fs_err *e)
{
    return decaf_run(job, s, out, DECAF_SO, e);
}

static int run_fo(const struct fs_job *job, const struct fs_settings *s,
                  struct fs_result *out, fs_err *e)
{
    return decaf_run(job, s, out, DECAF_FO, e);
}

/* Rough seconds per training env step on one core (acting + amortised
 * updates), from the wall times of experiments/decaf.yaml on this
 * project's 2-core machine; an evaluation step costs about a third. */
static double step_cost(const struct fs_job *job)
{
    if (strcmp(job->env, "plant") == 0)
        return 90e-6;
    if (strcmp(job->env, "job") == 0)
        return 85e-6;
    if (strcmp(job->env, "matthew") == 0)
        return 55e-6;
    return 30e-6;
}

static double decaf_cost(const struct fs_job *job, const struct fs_settings *s,
                         double phases, double evals)
{
    double train = (double)s->env_steps * phases;
    double eval = evals * (s->eval_episodes > 0 ? s->eval_episodes : 10) * 200.0 / 3.0;
    return (train + eval) * step_cost(job);
}

static double cost_jo(const struct fs_job *job, const struct fs_settings *s)
{
    return decaf_cost(job, s, 1, 1);
}

static double cost_so(const struct fs_job *job, const struct fs_settings *s)
{
    return decaf_cost(job, s, 1, 1 + N_BETA_TESTS);
}

static double cost_fo(const struct fs_job *job, const struct fs_settings *s)
{
    return decaf_cost(job, s, 2, 1 + N_BETA_TESTS);
}

#define DECAF_LEARNER(var, nm, sum, runf, costf)                               \
    const struct fs_learner var = {                                            \
        .name = nm,                                                            \
        .summary = sum,                                                        \
        .params = decaf_params,                                                \
        .n_params = sizeof decaf_params / sizeof decaf_params[0],              \
        .envs = decaf_envs,                                                    \
        .cost = costf,                                                         \
        .run = runf,                                                           \
    }

DECAF_LEARNER(fs_learner_decaf_jo, "decaf-jo",
              "DECAF joint: one DDQN value on (1-beta) r + beta r_fair, ILP allocation",
              run_jo, cost_jo);
DECAF_LEARNER(fs_learner_decaf_so, "decaf-so",
              "DECAF split: utility and fairness DDQN values, (1-beta) U + beta F",
              run_so, cost_so);
DECAF_LEARNER(fs_learner_decaf_fo, "decaf-fo",
              "DECAF fair-only: frozen beta=0 utility value + learned fairness value",
              run_fo, cost_fo);
