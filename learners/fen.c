/* learners/fen.c - the `fen` algorithm and its `ppo` baseline as learner
 * plug-ins: parameters, the training budget, evaluation and the metrics.
 *
 * Both run on any env with the stepping interface (envs/env.h) that fills
 * per-agent rewards; a per-agent reward is the agent's utility increment
 * (e.g. resus: workload share), except on DECAF envs (below).
 * `ppo` is the same trainer without the hierarchy: independent PPO on the
 * environment reward only (see fen.h).
 *
 * DECAF's environments (matthew, job, plant, biaseddm; extra_kind "decaf",
 * no stepping ops) are stepped through the view of learners/fen_decaf.h:
 * observations pds(i, 0), joint actions from the central allocator on the
 * sub-policies' action probabilities, utilities from the fairness
 * variables' increments, as DECAF's FEN port (marl-algorithms.md 4.5); c
 * defaults there to the port's 1 / max_steps, and the env's episode
 * metrics are reported without prefix (util, fair, var), as decaf-* does.
 * Not done from the port: its GAE-style lambda 0.97 targets (Job uses plain
 * discounted returns, as here), the running normalisation of the
 * controller's two fairness features, and its per-env T (50 for Matthew
 * and Plant: set `period`); its clip 0.1 is a config value
 * (experiments/decaf-fen.yaml).
 *
 * Training runs whole episodes until settings->env_steps joint env steps
 * are done (the last episode may run past the budget); default 100000.
 * Evaluation plays settings->eval_episodes episodes with the stochastic
 * policies and no learning, from streams that restart at every evaluation
 * (so every evaluation sees the same environment randomness).
 *
 * Metrics (final evaluation, means over its episodes of per-episode
 * values): utility (mean per-agent utility, u_i = agent i's mean reward per
 * step), min_utility, jain, gini, cv (FEN's sample CV), return (episode sum
 * of the shared reward), all over FEN's utilities u_i (on DECAF envs the
 * fairness variable's change per step since the reset); env_<name> for
 * the env's own episode metrics (DECAF envs: util, fair, var);
 * train_steps; fen_c (the c in use, fen only). Curves: utility, jain, gini,
 * cv, return, one point per evaluation when eval_every > 0, else one point
 * per bin of training episodes (at most 100 bins).
 */
#include "learners/learner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fairness.h"
#include "core/nn.h"
#include "envs/env.h"
#include "learners/fen.h"
#include "learners/fen_decaf.h"

enum { DEFAULT_STEPS = 100000, CURVE_BINS = 100, N_CURVES = 5 };
enum { RNG_TRAIN_ACT = FS_RNG_ACT, RNG_EVAL_ACT = FS_RNG_USER + 2 };

#define PPO_PARAMS                                                              \
    {"period", FS_PARAM_INT, 25, 1, 1e6, NULL,                                  \
     "T: env steps per segment (controller decision and PPO update)"},          \
    {"hidden", FS_PARAM_INT, 256, 1, 4096, NULL,                                \
     "width of the (sub-)policy and value MLPs"},                               \
    {"gamma", FS_PARAM_NUM, 0.98, 0, 1, NULL, "discount within a segment"},     \
    {"lr_actor", FS_PARAM_NUM, 3e-4, 0, 1, NULL, "Adam learning rate, policies"}, \
    {"lr_critic", FS_PARAM_NUM, 1e-3, 0, 1, NULL, "Adam learning rate, values"}, \
    {"clip", FS_PARAM_NUM, 0.2, 0, 1, NULL, "PPO clip epsilon"},                \
    {"entropy", FS_PARAM_NUM, 0.03, 0, 10, NULL,                                \
     "weight of the -p log p bonus on the chosen action"},                      \
    {"share_params", FS_PARAM_BOOL, 1, 0, 1, NULL,                              \
     "one set of networks for all agents (job/matthew.py) or one per agent (plant.py)"}, \
    {"allocation", FS_PARAM_TEXT, 0, 0, 0, "probs|sample",                      \
     "DECAF envs: allocator scores p(a) (DECAF's FEN port) or log p(a) + Gumbel"}

static const struct fs_param_spec fen_params[] = {
    PPO_PARAMS,
    {"subpolicies", FS_PARAM_INT, 4, 1, 64, NULL,
     "k: sub-policies per agent (0 on env reward, 1..k-1 on diversity)"},
    {"ctrl_hidden", FS_PARAM_INT, 128, 1, 4096, NULL,
     "width of the controller's policy and value MLPs"},
    {"fen_c", FS_PARAM_NUM, 0, 0, INFINITY, NULL,
     "c, the utility normaliser in u_bar/c; 0: best per-step total reward seen / n"},
    {"fen_eps", FS_PARAM_NUM, 0.1, 1e-12, INFINITY, NULL,
     "epsilon of the fair-efficient reward (u_bar/c)/(eps + |u_i/u_bar - 1|)"},
    {"diversity", FS_PARAM_TEXT, 0, 0, 0, "prob|log",
     "sub-policy z>=1 reward: p_ctrl(z|o') (authors' code) or log p (paper)"},
    {"avg_utility", FS_PARAM_TEXT, 0, 0, 0, "exact|gossip",
     "mean utility: exact, or each agent's gossip estimate"},
    {"gossip_rounds", FS_PARAM_INT, 10, 1, 1000, NULL, "gossip rounds per step"},
};

static const struct fs_param_spec ppo_params[] = {PPO_PARAMS};

static const char *text_param(const struct fs_job *job, const char *name,
                              const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

static struct fs_fen_cfg read_cfg(const struct fs_job *job, int hierarchical)
{
    struct fs_fen_cfg c = fs_fen_defaults();
    c.hierarchical = hierarchical;
    c.period = (int)fs_job_num(job, "period", c.period);
    c.hidden = (int)fs_job_num(job, "hidden", c.hidden);
    c.gamma = fs_job_num(job, "gamma", c.gamma);
    c.lr_actor = fs_job_num(job, "lr_actor", c.lr_actor);
    c.lr_critic = fs_job_num(job, "lr_critic", c.lr_critic);
    c.clip = (float)fs_job_num(job, "clip", c.clip);
    c.ent_coef = (float)fs_job_num(job, "entropy", c.ent_coef);
    c.share = fs_job_num(job, "share_params", c.share) != 0;
    if (hierarchical) {
        c.k = (int)fs_job_num(job, "subpolicies", c.k);
        c.ctrl_hidden = (int)fs_job_num(job, "ctrl_hidden", c.ctrl_hidden);
        c.c = fs_job_num(job, "fen_c", c.c);
        c.eps = fs_job_num(job, "fen_eps", c.eps);
        c.diversity_log = strcmp(text_param(job, "diversity", "prob"), "log") == 0;
        c.gossip = strcmp(text_param(job, "avg_utility", "exact"), "gossip") == 0;
        c.gossip_rounds = (int)fs_job_num(job, "gossip_rounds", c.gossip_rounds);
    }
    return c;
}

/* Per-episode measures, summed over episodes. */
struct measures {
    double utility, min_utility, jain, gini, cv, ret;
    int episodes;
};

static void measure_add(struct measures *m, const double *u, int n,
                        double team_return)
{
    double mean = 0;
    for (int i = 0; i < n; i++)
        mean += u[i];
    m->utility += mean / n;
    m->min_utility += fs_fair_min(u, (size_t)n);
    m->jain += fs_fair_jain(u, (size_t)n);
    m->gini += fs_fair_gini(u, (size_t)n);
    m->cv += fs_fair_cv_sample(u, (size_t)n);
    m->ret += team_return;
    m->episodes++;
}

static void measure_mean(const struct measures *m, double out[N_CURVES])
{
    double k = m->episodes > 0 ? m->episodes : 1;
    out[0] = m->utility / k;
    out[1] = m->jain / k;
    out[2] = m->gini / k;
    out[3] = m->cv / k;
    out[4] = m->ret / k;
}

static const char *const curve_names[N_CURVES] = {"utility", "jain", "gini", "cv", "return"};

/* Means of the env's own episode metrics, matched by name. */
struct env_sums {
    struct fs_result acc;   /* metric sums */
    int episodes;
};

static int env_metrics_add(struct env_sums *s, const struct fs_env_ops *ops,
                           const fs_env *env, const char *prefix, fs_err *e)
{
    if (!ops->episode_metrics)
        return 0;
    struct fs_result one;
    fs_result_init(&one, 0);
    int rc = ops->episode_metrics(env, prefix, &one, e);
    for (int i = 0; !rc && i < one.n_metrics; i++) {
        double prev = 0;
        for (int j = 0; j < s->acc.n_metrics; j++)
            if (strcmp(s->acc.metrics[j].name, one.metrics[i].name) == 0)
                prev = s->acc.metrics[j].value;
        rc = fs_result_metric(&s->acc, one.metrics[i].name,
                              prev + one.metrics[i].value, e);
    }
    fs_result_clear(&one);
    s->episodes++;
    return rc;
}

struct run_ctx {
    const struct fs_job *job;
    const struct fs_settings *s;
    const struct fs_env_ops *ops;
    const char *metric_prefix;  /* of the env's episode metrics */
    fs_env *env;
    struct fs_env_spec spec;
    fs_fen *fen;
    double *u;              /* [n_agents] */
};

/* eval_episodes episodes without learning; env metrics into sums if not
 * NULL. */
static int evaluate(struct run_ctx *c, struct measures *m,
                    struct env_sums *sums, fs_err *e)
{
    fs_rng env_rng, act_rng;
    fs_rng_init(&env_rng, c->s->seed, c->job->id, FS_RNG_EVAL);
    fs_rng_init(&act_rng, c->s->seed, c->job->id, RNG_EVAL_ACT);
    int episodes = c->s->eval_episodes > 0 ? c->s->eval_episodes : 10;
    *m = (struct measures){0};
    for (int k = 0; k < episodes; k++) {
        struct fs_fen_episode ep = {.utility = c->u};
        int rc = fs_fen_episode(c->fen, c->ops, c->env, &env_rng, &act_rng, 0,
                                &ep, NULL, e);
        if (!rc && sums)
            rc = env_metrics_add(sums, c->ops, c->env, c->metric_prefix, e);
        if (rc)
            return rc;
        measure_add(m, c->u, c->spec.n_agents, ep.team_return);
    }
    return 0;
}

/* Growable curve storage: N_CURVES series of equal length. */
struct curves {
    double *pts[N_CURVES];
    int n, cap;
};

static void curves_push(struct curves *cv, const double v[N_CURVES])
{
    if (cv->n == cv->cap) {
        cv->cap = cv->cap ? 2 * cv->cap : 64;
        for (int k = 0; k < N_CURVES; k++)
            cv->pts[k] = fs_xrealloc(cv->pts[k], (size_t)cv->cap * sizeof(double));
    }
    for (int k = 0; k < N_CURVES; k++)
        cv->pts[k][cv->n] = v[k];
    cv->n++;
}

static int train(struct run_ctx *c, struct curves *cv, int64_t *steps_done,
                 fs_err *e)
{
    int64_t budget = c->s->env_steps > 0 ? c->s->env_steps : DEFAULT_STEPS;
    int64_t every = c->s->eval_every, next_eval = every, steps = 0;
    int64_t episodes_est = (budget + c->spec.episode_limit - 1) / c->spec.episode_limit;
    int64_t bin = (episodes_est + CURVE_BINS - 1) / CURVE_BINS;
    fs_rng env_rng, act_rng;
    fs_rng_init(&env_rng, c->s->seed, c->job->id, FS_RNG_ENV);
    fs_rng_init(&act_rng, c->s->seed, c->job->id, RNG_TRAIN_ACT);
    struct measures m = {0};
    double v[N_CURVES];
    int rc = 0;
    while (!rc && steps < budget) {
        struct fs_fen_episode ep = {.utility = c->u};
        if ((rc = fs_fen_episode(c->fen, c->ops, c->env, &env_rng, &act_rng, 1,
                                 &ep, NULL, e)))
            break;
        steps += ep.steps;
        if (every > 0) {
            while (!rc && steps >= next_eval && cv->n < FS_CURVE_POINTS_MAX) {
                struct measures em;
                if (!(rc = evaluate(c, &em, NULL, e))) {
                    measure_mean(&em, v);
                    curves_push(cv, v);
                }
                next_eval += every;
            }
            continue;
        }
        measure_add(&m, c->u, c->spec.n_agents, ep.team_return);
        if (m.episodes >= bin || steps >= budget) {
            measure_mean(&m, v);
            if (cv->n < FS_CURVE_POINTS_MAX)
                curves_push(cv, v);
            m = (struct measures){0};
        }
    }
    *steps_done = steps;
    return rc;
}

static int write_results(struct run_ctx *c, const struct measures *m,
                         const struct env_sums *sums, const struct curves *cv,
                         int64_t steps, int hierarchical, struct fs_result *out,
                         fs_err *e)
{
    double v[N_CURVES], k = m->episodes > 0 ? m->episodes : 1;
    measure_mean(m, v);
    int rc = 0;
    for (int i = 0; !rc && i < N_CURVES; i++)
        rc = fs_result_metric(out, curve_names[i], v[i], e);
    if (!rc)
        rc = fs_result_metric(out, "min_utility", m->min_utility / k, e);
    if (!rc)
        rc = fs_result_metric(out, "train_steps", (double)steps, e);
    if (!rc && hierarchical)
        rc = fs_result_metric(out, "fen_c", fs_fen_c(c->fen), e);
    double ke = sums->episodes > 0 ? sums->episodes : 1;
    for (int i = 0; !rc && i < sums->acc.n_metrics; i++)
        rc = fs_result_metric(out, sums->acc.metrics[i].name,
                              sums->acc.metrics[i].value / ke, e);
    for (int i = 0; !rc && i < N_CURVES && cv->n > 0; i++)
        rc = fs_result_curve(out, curve_names[i], cv->pts[i], cv->n, e);
    if (rc == 0) {
        for (int i = 0; i < N_CURVES; i++)
            if (!isfinite(v[i]))
                return fs_err_set(e, FS_ENUMERIC, "%s: metric %s is not finite",
                                  c->job->algo, curve_names[i]);
    }
    return rc;
}

static int run_common(const struct fs_job *job, const struct fs_settings *s,
                      struct fs_result *out, int hierarchical, fs_err *e)
{
    const struct fs_env_class *cls = fs_env_find(job->env);
    int decaf = fs_fen_decaf_applies(job);
    if (!cls || (!cls->ops && !decaf))
        return fs_err_set(e, FS_ECONFIG, "%s needs an environment that steps; '%s' does not",
                          job->algo, job->env);
    fs_nn_blas_single_thread();
    struct run_ctx c = {.job = job, .s = s, .ops = decaf ? &fs_fen_decaf_ops : cls->ops,
                        .metric_prefix = decaf ? "" : "env_"};
    int rc = c.ops->create(job, &c.env, &c.spec, e);
    if (rc)
        return rc;
    struct fs_fen_cfg cfg = read_cfg(job, hierarchical);
    if (decaf && !(cfg.c > 0))
        cfg.c = 1.0 / c.spec.episode_limit;   /* DECAF's FEN port: max_u */
    fs_rng init;
    fs_rng_init(&init, s->seed, job->id, FS_RNG_INIT);
    if ((rc = fs_fen_create(&cfg, &c.spec, &init, &c.fen, e))) {
        c.ops->destroy(&c.env);
        return rc;
    }
    if (decaf)
        fs_fen_decaf_attach(c.fen, c.env,
                            strcmp(text_param(job, "allocation", "probs"), "sample") == 0
                                ? FS_FEN_DECAF_SAMPLE
                                : FS_FEN_DECAF_PROBS);
    c.u = fs_xcalloc((size_t)c.spec.n_agents, sizeof *c.u);
    struct curves cv = {0};
    struct env_sums sums = {0};
    fs_result_init(&sums.acc, 0);
    struct measures m;
    int64_t steps = 0;
    rc = train(&c, &cv, &steps, e);
    if (!rc)
        rc = evaluate(&c, &m, &sums, e);
    if (!rc)
        rc = write_results(&c, &m, &sums, &cv, steps, hierarchical, out, e);
    fs_result_clear(&sums.acc);
    for (int k = 0; k < N_CURVES; k++)
        free(cv.pts[k]);
    free(c.u);
    fs_fen_destroy(&c.fen);
    c.ops->destroy(&c.env);
    return rc;
}

static int fen_run(const struct fs_job *job, const struct fs_settings *s,
                   struct fs_result *out, fs_err *e)
{
    return run_common(job, s, out, 1, e);
}

static int ppo_run(const struct fs_job *job, const struct fs_settings *s,
                   struct fs_result *out, fs_err *e)
{
    return run_common(job, s, out, 0, e);
}

/* Measured on `share` (2020s x86 core): about 1.5 hidden^2 ns per agent
 * and env step with learning; agents from n_agents when given (else 4). */
static double fen_cost(const struct fs_job *job, const struct fs_settings *s)
{
    double steps = s->env_steps > 0 ? (double)s->env_steps : DEFAULT_STEPS;
    double h = fs_job_num(job, "hidden", 256), agents = fs_job_num(job, "n_agents", 4);
    return steps * agents * 1.5 * h * h / 1e9;
}

const struct fs_learner fs_learner_fen = {
    .name = "fen",
    .summary = "FEN: hierarchical fair-efficient network (controller + k PPO sub-policies)",
    .params = fen_params,
    .n_params = sizeof fen_params / sizeof fen_params[0],
    .envs = NULL,
    .cost = fen_cost,
    .run = fen_run,
};

const struct fs_learner fs_learner_ppo = {
    .name = "ppo",
    .summary = "independent PPO on the env reward (FEN's sub-policy 0 alone; baseline)",
    .params = ppo_params,
    .n_params = sizeof ppo_params / sizeof ppo_params[0],
    .envs = NULL,
    .cost = fen_cost,
    .run = ppo_run,
};
