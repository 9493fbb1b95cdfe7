/* learners/decaf_train.c - DECAF's Double-DQN training and greedy
 * evaluation over post-decision states (see decaf_train.h). */
#include "learners/decaf_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/fairness.h"
#include "core/replay.h"
#include "learners/decaf_alloc.h"

/* Offsets of one stored step in a replay record (floats):
 * pds [n A D] | resource [n A] | allowed [n A] | capacity [R] |
 * actions [n] | reward [n] | fairness reward [n] | done [1]. */
struct decaf_layout {
    size_t pds, res, allowed, cap, act, r, rf, done, total;
};

struct decaf_run {
    const struct fs_decaf_ops *ops;
    fs_decaf_env *env;
    struct fs_decaf_spec sp;
    struct decaf_cfg cfg;
    int n, A, R, D;
    struct decaf_head heads[DECAF_MAX_HEADS];
    int n_heads;
    fs_alloc *alloc;
    struct decaf_layout lay;
    fs_transitions *tb;
    long steps;                 /* env steps in the current phase */
    /* scratch */
    float *pds, *vals, *rec, *x, *xcur, *y;
    double *q, *r, *u, *z0, *z1, *rf, *fv;
    int *res, *cap, *act, *next_act;
    unsigned char *allowed;
};

static struct decaf_layout make_layout(int n, int A, int R, int D)
{
    struct decaf_layout l;
    size_t na = (size_t)n * (size_t)A;
    l.pds = 0;
    l.res = l.pds + na * (size_t)D;
    l.allowed = l.res + na;
    l.cap = l.allowed + na;
    l.act = l.cap + (size_t)R;
    l.r = l.act + (size_t)n;
    l.rf = l.r + (size_t)n;
    l.done = l.rf + (size_t)n;
    l.total = l.done + 1;
    return l;
}

struct decaf_run *decaf_run_create(const struct fs_decaf_ops *ops,
                                   fs_decaf_env *env,
                                   const struct fs_decaf_spec *spec,
                                   const struct decaf_cfg *cfg)
{
    struct decaf_run *run = fs_xcalloc(1, sizeof *run);
    run->ops = ops;
    run->env = env;
    run->sp = *spec;
    run->cfg = *cfg;
    run->n = spec->n_agents;
    run->A = spec->n_actions;
    run->R = spec->n_resources;
    run->D = spec->pds_dim;
    size_t n = (size_t)run->n, na = n * (size_t)run->A;
    run->alloc = fs_alloc_create(run->n, run->A, run->R);
    run->lay = make_layout(run->n, run->A, run->R, run->D);
    run->pds = fs_xmalloc(na * (size_t)run->D * sizeof *run->pds);
    run->vals = fs_xmalloc(na * sizeof *run->vals);
    run->rec = fs_xmalloc(run->lay.total * sizeof *run->rec);
    run->x = fs_xmalloc(n * (size_t)run->D * sizeof *run->x);
    run->xcur = fs_xmalloc(n * (size_t)run->D * sizeof *run->xcur);
    run->y = fs_xmalloc(n * sizeof *run->y);
    run->q = fs_xmalloc(na * sizeof *run->q);
    run->r = fs_xmalloc(n * sizeof *run->r);
    run->u = fs_xmalloc(n * sizeof *run->u);
    run->z0 = fs_xmalloc(n * sizeof *run->z0);
    run->z1 = fs_xmalloc(n * sizeof *run->z1);
    run->rf = fs_xmalloc(n * sizeof *run->rf);
    run->fv = fs_xmalloc(n * sizeof *run->fv);
    run->res = fs_xmalloc(na * sizeof *run->res);
    run->cap = fs_xmalloc(((size_t)run->R + 1) * sizeof *run->cap);
    run->act = fs_xmalloc(n * sizeof *run->act);
    run->next_act = fs_xmalloc(n * sizeof *run->next_act);
    run->allowed = fs_xmalloc(na);
    return run;
}

void decaf_run_destroy(struct decaf_run **run)
{
    if (!run || !*run)
        return;
    struct decaf_run *d = *run;
    fs_alloc_destroy(&d->alloc);
    fs_transitions_destroy(&d->tb);
    free(d->pds);
    free(d->vals);
    free(d->rec);
    free(d->x);
    free(d->xcur);
    free(d->y);
    free(d->q);
    free(d->r);
    free(d->u);
    free(d->z0);
    free(d->z1);
    free(d->rf);
    free(d->fv);
    free(d->res);
    free(d->cap);
    free(d->act);
    free(d->next_act);
    free(d->allowed);
    free(d);
    *run = NULL;
}

void decaf_run_set_heads(struct decaf_run *run, const struct decaf_head *h,
                         int n_heads)
{
    run->n_heads = n_heads;
    for (int k = 0; k < n_heads; k++)
        run->heads[k] = h[k];
}

/* q [n A] = sum_k w_k V_k(pds) with the online networks. */
static void combined_q(struct decaf_run *run, const float *pds, double *q)
{
    int na = run->n * run->A;
    for (int j = 0; j < na; j++)
        q[j] = 0.0;
    for (int k = 0; k < run->n_heads; k++) {
        const struct decaf_head *h = &run->heads[k];
        if (h->weight == 0.0)
            continue;
        fs_decaf_vnet_forward(h->net, pds, na, 0, run->vals);
        for (int j = 0; j < na; j++)
            q[j] += h->weight * run->vals[j];
    }
}

static int allocate(struct decaf_run *run, const double *q, const int *res,
                    const int *cap, const unsigned char *allowed, int *act,
                    fs_err *e)
{
    struct fs_alloc_problem p = {run->n, run->A, run->R, q, res, cap, allowed};
    return fs_alloc_solve(run->alloc, &p, act, NULL, e);
}

/* Record the step just taken (state pds / constraints in the scratch). */
static void store_step(struct decaf_run *run, int done)
{
    const struct decaf_layout *l = &run->lay;
    size_t na = (size_t)run->n * (size_t)run->A;
    float *rec = run->rec;
    memcpy(rec + l->pds, run->pds, na * (size_t)run->D * sizeof *rec);
    for (size_t j = 0; j < na; j++) {
        rec[l->res + j] = (float)run->res[j];
        rec[l->allowed + j] = run->allowed[j];
    }
    for (int j = 0; j < run->R; j++)
        rec[l->cap + j] = (float)run->cap[j];
    for (int i = 0; i < run->n; i++) {
        rec[l->act + i] = (float)run->act[i];
        rec[l->r + i] = (float)run->r[i];
        rec[l->rf + i] = (float)run->rf[i];
    }
    rec[l->done] = (float)done;
    fs_transitions_push(run->tb, rec);
}

/* Read a record's constraints back into the int scratch. */
static void load_constraints(struct decaf_run *run, const float *rec)
{
    const struct decaf_layout *l = &run->lay;
    int na = run->n * run->A;
    for (int j = 0; j < na; j++) {
        run->res[j] = (int)rec[l->res + j];
        run->allowed[j] = rec[l->allowed + j] != 0.0f;
    }
    for (int j = 0; j < run->R; j++)
        run->cap[j] = (int)rec[l->cap + j];
}

/* One Double-DQN update from stored step `cur` and its successor `nxt`. */
static int learn_from(struct decaf_run *run, const float *cur, const float *nxt,
                      fs_err *e)
{
    const struct decaf_layout *l = &run->lay;
    int n = run->n, A = run->A, D = run->D;
    int done = cur[l->done] != 0.0f;
    if (!done) {
        load_constraints(run, nxt);
        combined_q(run, nxt + l->pds, run->q);
        int rc = allocate(run, run->q, run->res, run->cap, run->allowed,
                          run->next_act, e);
        if (rc)
            return rc;
        for (int i = 0; i < n; i++)
            memcpy(run->x + (size_t)i * D,
                   nxt + l->pds + ((size_t)i * A + run->next_act[i]) * D,
                   (size_t)D * sizeof *run->x);
    }
    for (int k = 0; k < run->n_heads; k++) {
        const struct decaf_head *h = &run->heads[k];
        if (!h->trainable)
            continue;
        if (!done)
            fs_decaf_vnet_forward(h->net, run->x, n, 1, run->y);
        for (int i = 0; i < n; i++) {
            double mix = h->w_r * cur[l->r + i] + h->w_f * cur[l->rf + i];
            run->y[i] = (float)(mix + (done ? 0.0 : run->cfg.gamma * run->y[i]));
        }
        for (int i = 0; i < n; i++)
            memcpy(run->xcur + (size_t)i * D,
                   cur + l->pds + ((size_t)i * A + (int)cur[l->act + i]) * D,
                   (size_t)D * sizeof *run->xcur);
        double loss = fs_decaf_vnet_train(h->net, run->xcur, run->y, n);
        if (!isfinite(loss))
            return fs_err_set(e, FS_ENUMERIC, "decaf: training loss is %g", loss);
    }
    return 0;
}

static int update(struct decaf_run *run, fs_rng *replay_rng, fs_err *e)
{
    size_t size = fs_transitions_size(run->tb);
    for (int b = 0; b < run->cfg.batch; b++) {
        size_t i = (size_t)fs_rng_below(replay_rng, size - 1);
        int rc = learn_from(run, fs_transitions_get(run->tb, i),
                            fs_transitions_get(run->tb, i + 1), e);
        if (rc)
            return rc;
    }
    return 0;
}

/* With probability eps, explore: replace the whole score matrix by random
 * values, U(0, 2) for action 0 (do nothing / stay / not take) and U(0, 1)
 * for the rest, and let the allocator turn them into a feasible joint
 * action (as the authors' code does, favouring doing nothing). */
static void explore(struct decaf_run *run, double eps, fs_rng *act_rng)
{
    if (fs_rng_uniform(act_rng) >= eps)
        return;
    for (int i = 0; i < run->n; i++)
        for (int a = 0; a < run->A; a++)
            run->q[i * run->A + a] = fs_rng_uniform(act_rng) * (a == 0 ? 2.0 : 1.0);
}

static void score_episode(struct decaf_run *run, struct decaf_score *s)
{
    run->ops->utilities(run->env, run->fv);
    s->util = 0.0;
    for (int i = 0; i < run->n; i++)
        s->util += run->fv[i];
    run->ops->fair_vars(run->env, run->fv);
    s->fair = fs_decaf_fair_value(run->cfg.fairness, run->fv, run->n);
    s->var = fs_fair_variance(run->fv, (size_t)run->n);
}

/* One episode; learning when replay_rng is non-NULL. */
static int episode(struct decaf_run *run, fs_rng *env_rng, fs_rng *act_rng,
                   fs_rng *replay_rng, double eps, struct decaf_score *s,
                   fs_err *e)
{
    struct fs_decaf_step out = {run->r, run->u, 0};
    run->ops->reset(run->env, env_rng);
    while (!out.done) {
        run->ops->post_decision(run->env, run->pds);
        run->ops->constraints(run->env, run->res, run->cap, run->allowed);
        combined_q(run, run->pds, run->q);
        if (act_rng)
            explore(run, eps, act_rng);
        int rc = allocate(run, run->q, run->res, run->cap, run->allowed, run->act, e);
        if (!rc) {
            run->ops->metrics(run->env, run->z0);
            rc = run->ops->step(run->env, run->act, env_rng, &out, e);
        }
        if (rc)
            return rc;
        if (!replay_rng)
            continue;
        run->ops->metrics(run->env, run->z1);
        fs_decaf_fair_reward(run->cfg.fairness, run->z0, run->z1, run->n, run->rf);
        store_step(run, out.done);
        run->steps++;
        if (run->steps % run->cfg.update_every == 0 &&
            fs_transitions_size(run->tb) >= (size_t)run->cfg.learn_start &&
            fs_transitions_size(run->tb) >= 2 && (rc = update(run, replay_rng, e)))
            return rc;
    }
    score_episode(run, s);
    return 0;
}

static void sync_targets(struct decaf_run *run)
{
    for (int k = 0; k < run->n_heads; k++)
        if (run->heads[k].trainable)
            fs_decaf_vnet_sync_target(run->heads[k].net);
}

/* Best-model keeping: snapshots of the trainable heads. */
struct decaf_best {
    fs_decaf_vnet *net[DECAF_MAX_HEADS];
    double objective;
    int have;
};

static int validate(struct decaf_run *run, const fs_rng *val_rng, double beta,
                    struct decaf_best *best, fs_err *e)
{
    struct decaf_score s;
    int rc = decaf_run_evaluate(run, val_rng, run->cfg.validate_episodes, &s, e);
    double obj = (1 - beta) * s.util + beta * s.fair;
    if (rc || (best->have && obj <= best->objective))
        return rc;
    for (int k = 0; k < run->n_heads; k++) {
        if (!run->heads[k].trainable)
            continue;
        if (!best->net[k])
            best->net[k] = fs_decaf_vnet_clone(run->heads[k].net);
        else
            fs_decaf_vnet_copy(best->net[k], run->heads[k].net);
    }
    best->objective = obj;
    best->have = 1;
    return 0;
}

static void restore_best(struct decaf_run *run, struct decaf_best *best)
{
    for (int k = 0; k < DECAF_MAX_HEADS; k++) {
        if (best->have && best->net[k])
            fs_decaf_vnet_copy(run->heads[k].net, best->net[k]);
        fs_decaf_vnet_destroy(&best->net[k]);
    }
}

int decaf_run_train(struct decaf_run *run, fs_rng *env_rng, fs_rng *act_rng,
                    fs_rng *replay_rng, const fs_rng *val_rng,
                    double val_beta, double *curve_util, double *curve_fair,
                    fs_err *e)
{
    const struct decaf_cfg *c = &run->cfg;
    size_t steps = (size_t)c->episodes * (size_t)run->sp.episode_limit;
    size_t cap = c->buffer < steps ? c->buffer : steps;
    fs_transitions_destroy(&run->tb);
    int rc = fs_transitions_create(&run->tb, cap > 2 ? cap : 2, run->lay.total, e);
    if (rc)
        return rc;
    run->steps = 0;
    struct decaf_best best = {{NULL}, 0.0, 0};
    /* epsilon reaches eps_end halfway through training */
    double eps = c->eps_start;
    double rate = pow(c->eps_end / c->eps_start, 2.0 / c->episodes);
    for (int ep = 0; ep < c->episodes && !rc; ep++) {
        struct decaf_score s;
        rc = episode(run, env_rng, act_rng, replay_rng, eps, &s, e);
        if (rc)
            break;
        if (curve_util)
            curve_util[ep] = s.util;
        if (curve_fair)
            curve_fair[ep] = s.fair;
        eps = fmax(c->eps_end, eps * rate);
        if ((ep + 1) % c->target_every == 0)
            sync_targets(run);
        if (val_rng && c->validate_every > 0 && (ep + 1) % c->validate_every == 0 &&
            ep + 1 >= 20)
            rc = validate(run, val_rng, val_beta, &best, e);
    }
    restore_best(run, &best);
    fs_transitions_destroy(&run->tb);
    return rc;
}

int decaf_run_evaluate(struct decaf_run *run, const fs_rng *eval_rng,
                       int episodes, struct decaf_score *out, fs_err *e)
{
    fs_rng r = *eval_rng;
    struct decaf_score sum = {0, 0, 0};
    for (int ep = 0; ep < episodes; ep++) {
        struct decaf_score s;
        int rc = episode(run, &r, NULL, NULL, 0.0, &s, e);
        if (rc)
            return rc;
        sum.util += s.util;
        sum.fair += s.fair;
        sum.var += s.var;
    }
    out->util = sum.util / episodes;
    out->fair = sum.fair / episodes;
    out->var = sum.var / episodes;
    return 0;
}
