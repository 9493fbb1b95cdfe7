/* learners/qmix_run.c - QMIX's training loop over a stepping environment
 * (PyMARL run.py with the episode runner): one episode, store it, one
 * update once the buffer holds a batch, target copy every target_update
 * episodes, greedy evaluation every eval_every env steps into curves, the
 * final evaluation into metrics. See learners/qmix_learners.h. */
#include "learners/qmix_learners.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/nn.h"
#include "learners/qmix.h"

/* Everything one job's loop needs. */
struct loop {
    const struct fs_env_class *cls;
    const struct fs_env_ops *ops;
    fs_env *env;
    struct fs_env_spec spec;
    fs_qmix *q;
    struct fs_shaper sh;
    struct fs_qmix_run_cfg rc;
    fs_rng env_rng, act_rng, replay_rng, eval_rng;
    float *obs, *state;
    unsigned char *avail;
    int *actions;
    int64_t t_env, episodes, updates, last_target;
    double loss_sum;
    int loss_n;
    /* curves */
    int n_evals;
    double *curve[QMIX_CURVES];
    /* final evaluation */
    struct fs_result ev;           /* means of the last evaluation */
    int kkt_ok;
};

static const char *const curve_names[QMIX_CURVES] = {
    "success", "return", "jfi", "gini", "l2", "lambda", "csat", "kkt"};

static void observe(struct loop *L)
{
    L->ops->observe(L->env, L->obs, L->state, L->avail);
}

static double epsilon(const struct fs_qmix_run_cfg *c, int64_t t)
{
    double eps = c->eps_start - (c->eps_start - c->eps_finish) *
                                    (double)t / fmax(c->eps_anneal, 1.0);
    return fmax(eps, c->eps_finish);
}

/* One training episode: act, shape, record, push. */
static int train_episode(struct loop *L, fs_err *e)
{
    struct fs_env_step st = {0};
    L->ops->reset(L->env, &L->env_rng);
    fs_qmix_begin_episode(L->q);
    fs_qmix_record_begin(L->q);
    fs_shaper_begin_episode(&L->sh);
    double progress = (double)L->t_env / (double)L->rc.env_steps;
    int round = 0;
    do {
        observe(L);
        fs_qmix_act(L->q, L->obs, L->avail, epsilon(&L->rc, L->t_env),
                    &L->act_rng, L->actions);
        int rc = L->ops->step(L->env, L->actions, &L->env_rng, &st, e);
        if (rc < 0)
            return rc;
        round++;
        int done = st.terminated || st.truncated;
        double r = fs_shaper_step(&L->sh, L->cls, L->env, st.reward, round,
                                  done, progress, 1);
        fs_qmix_record_step(L->q, L->obs, L->state, L->avail, L->actions,
                            r * L->rc.reward_scale, st.terminated);
        L->t_env++;
    } while (!st.terminated && !st.truncated);
    fs_shaper_end_episode(&L->sh, L->cls, L->env);
    observe(L);
    L->episodes++;
    return fs_qmix_record_end(L->q, L->obs, L->state, L->avail, e);
}

/* Greedy (eval_eps) episodes; means of the env's episode metrics into
 * L->ev, plus csat (share of episodes with JFI >= tau). */
static int evaluate(struct loop *L, fs_err *e)
{
    struct fs_result one, sum;
    fs_result_init(&sum, 0);
    double csat = 0;
    int n_ep = L->rc.eval_episodes;
    for (int k = 0; k < n_ep; k++) {
        struct fs_env_step st = {0};
        L->ops->reset(L->env, &L->eval_rng);
        fs_qmix_begin_episode(L->q);
        do {
            observe(L);
            fs_qmix_act(L->q, L->obs, L->avail, L->rc.eval_eps, &L->eval_rng,
                        L->actions);
            int rc = L->ops->step(L->env, L->actions, &L->eval_rng, &st, e);
            if (rc < 0)
                return rc;
        } while (!st.terminated && !st.truncated);
        fs_result_init(&one, 0);
        int rc = L->ops->episode_metrics(L->env, "", &one, e);
        if (rc < 0)
            return rc;
        for (int i = 0; i < one.n_metrics; i++) {
            double prev = k ? sum.metrics[i].value : 0.0;
            rc = fs_result_metric(&sum, one.metrics[i].name,
                                  prev + one.metrics[i].value, e);
            if (rc < 0)
                return rc;
        }
        double *jfi = NULL;
        for (int i = 0; i < one.n_metrics; i++)
            if (strcmp(one.metrics[i].name, "jfi") == 0)
                jfi = &one.metrics[i].value;
        csat += jfi && *jfi >= L->sh.tau ? 1.0 : 0.0;
        fs_result_clear(&one);
    }
    for (int i = 0; i < sum.n_metrics; i++)
        sum.metrics[i].value /= n_ep;
    fs_result_metric(&sum, "csat", csat / n_ep, e);
    fs_result_clear(&L->ev);
    L->ev = sum;
    return 0;
}

static double ev_metric(const struct loop *L, const char *name)
{
    for (int i = 0; i < L->ev.n_metrics; i++)
        if (strcmp(L->ev.metrics[i].name, name) == 0)
            return L->ev.metrics[i].value;
    return NAN;
}

/* Evaluate and append one point to every curve. KKT at this checkpoint:
 * g = tau - mean JFI <= tol, lambda >= 0 and |lambda g| <= tol. */
static int checkpoint(struct loop *L, fs_err *e)
{
    int rc = evaluate(L, e);
    if (rc < 0)
        return rc;
    double progress = (double)L->t_env / (double)L->rc.env_steps;
    double lam = fs_shaper_lambda(&L->sh, progress);
    double g = L->sh.tau - ev_metric(L, "jfi");
    int kkt = g <= L->rc.kkt_tol && lam >= 0 && fabs(lam * g) <= L->rc.kkt_tol;
    L->kkt_ok += kkt;
    double v[QMIX_CURVES] = {ev_metric(L, "success"), ev_metric(L, "return"),
                             ev_metric(L, "jfi"), ev_metric(L, "gini"),
                             ev_metric(L, "l2"), lam, ev_metric(L, "csat"),
                             (double)kkt};
    if (L->n_evals < FS_CURVE_POINTS_MAX) {
        for (int c = 0; c < QMIX_CURVES; c++)
            L->curve[c][L->n_evals] = v[c];
        L->n_evals++;
    }
    return 0;
}

static int setup(struct loop *L, const struct fs_job *job,
                 const struct fs_settings *s, enum fs_shape_kind kind,
                 fs_err *e)
{
    L->cls = fs_env_find(job->env);
    if (!L->cls || !L->cls->ops)
        return fs_err_set(e, FS_ECONFIG, "qmix needs a stepping env, not '%s'",
                          job->env);
    L->ops = L->cls->ops;
    int rc = L->ops->create(job, &L->env, &L->spec, e);
    if (rc < 0)
        return rc;
    struct fs_qmix_cfg qc;
    fs_qmix_configure(job, s, &L->spec, &qc, &L->rc);
    fs_rng init;
    fs_rng_init(&init, s->seed, job->id, FS_RNG_INIT);
    fs_rng_init(&L->env_rng, s->seed, job->id, FS_RNG_ENV);
    fs_rng_init(&L->act_rng, s->seed, job->id, FS_RNG_ACT);
    fs_rng_init(&L->replay_rng, s->seed, job->id, FS_RNG_REPLAY);
    fs_rng_init(&L->eval_rng, s->seed, job->id, FS_RNG_EVAL);
    rc = fs_qmix_create(&qc, &init, &L->q, e);
    if (rc < 0)
        return rc;
    rc = fs_shaper_init(&L->sh, kind, job, L->cls, L->spec.n_agents, e);
    if (rc < 0)
        return rc;
    const struct fs_env_spec *sp = &L->spec;
    L->obs = fs_xcalloc((size_t)sp->n_agents * sp->obs_dim, sizeof *L->obs);
    L->state = fs_xcalloc((size_t)sp->state_dim, sizeof *L->state);
    L->avail = fs_xcalloc((size_t)sp->n_agents * sp->n_actions, 1);
    L->actions = fs_xcalloc((size_t)sp->n_agents, sizeof *L->actions);
    for (int c = 0; c < QMIX_CURVES; c++)
        L->curve[c] = fs_xcalloc(FS_CURVE_POINTS_MAX, sizeof(double));
    fs_result_init(&L->ev, 0);
    return 0;
}

static void teardown(struct loop *L)
{
    if (L->ops && L->env)
        L->ops->destroy(&L->env);
    fs_qmix_destroy(&L->q);
    free(L->obs);
    free(L->state);
    free(L->avail);
    free(L->actions);
    for (int c = 0; c < QMIX_CURVES; c++)
        free(L->curve[c]);
    fs_result_clear(&L->ev);
}

static int train_loop(struct loop *L, fs_err *e)
{
    const struct fs_qmix_run_cfg *c = &L->rc;
    int64_t next_eval = c->eval_every > 0 ? c->eval_every : INT64_MAX;
    int64_t last_eval_t = -1;
    while (L->t_env < c->env_steps) {
        int rc = train_episode(L, e);
        if (rc < 0)
            return rc;
        if (fs_qmix_buffer_size(L->q) >= (size_t)c->batch &&
            L->episodes % c->train_every == 0) {
            double loss = 0;
            rc = fs_qmix_train(L->q, &L->replay_rng, &loss, e);
            if (rc < 0)
                return rc;
            L->updates++;
            L->loss_sum += loss;
            L->loss_n++;
            if (L->episodes - L->last_target >= c->target_update) {
                fs_qmix_update_target(L->q);
                L->last_target = L->episodes;
            }
        }
        while (L->t_env >= next_eval) {
            rc = checkpoint(L, e);
            if (rc < 0)
                return rc;
            last_eval_t = L->t_env;
            next_eval += c->eval_every;
        }
    }
    return last_eval_t == L->t_env ? 0 : checkpoint(L, e);
}

static int write_result(struct loop *L, struct fs_result *out, fs_err *e)
{
    int rc = 0;
    for (int i = 0; i < L->ev.n_metrics && rc == 0; i++)
        rc = fs_result_metric(out, L->ev.metrics[i].name,
                              L->ev.metrics[i].value, e);
    const double lam = fs_shaper_lambda(&L->sh, 1.0);
    const double extra[] = {lam, (double)L->kkt_ok / L->n_evals,
                            (double)L->episodes, (double)L->updates,
                            (double)L->t_env,
                            L->loss_n ? L->loss_sum / L->loss_n : 0.0};
    const char *names[] = {"lambda", "kkt_rate", "train_episodes", "updates",
                           "train_steps", "loss"};
    /* the runner refuses NaN metrics: no loss without an update */
    size_t n_extra = sizeof extra / sizeof extra[0] - (L->loss_n == 0);
    for (size_t i = 0; i < n_extra && rc == 0; i++)
        rc = fs_result_metric(out, names[i], extra[i], e);
    for (int c = 0; c < QMIX_CURVES && rc == 0; c++)
        rc = fs_result_curve(out, curve_names[c], L->curve[c], L->n_evals, e);
    return rc;
}

int fs_qmix_run(const struct fs_job *job, const struct fs_settings *s,
                enum fs_shape_kind kind, struct fs_result *out, fs_err *e)
{
    fs_nn_blas_single_thread();
    struct loop L;
    memset(&L, 0, sizeof L);
    int rc = setup(&L, job, s, kind, e);
    if (rc == 0)
        rc = train_loop(&L, e);
    if (rc == 0)
        rc = write_result(&L, out, e);
    teardown(&L);
    return rc;
}
