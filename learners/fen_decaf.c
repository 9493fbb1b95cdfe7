/* learners/fen_decaf.c - the stepping view of a DECAF environment for FEN
 * and PPO, with its allocator and utility hooks. See fen_decaf.h. */
#include "learners/fen_decaf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/decaf.h"
#include "learners/decaf_alloc.h"
#include "learners/decaf_fair.h"

struct fs_env {
    const struct fs_decaf_ops *ops;
    fs_decaf_env *env;
    struct fs_decaf_spec spec;
    enum fs_fen_decaf_scores scores;
    fs_alloc *alloc;
    /* the constraints published at the last observe */
    int *resource, *capacity;
    unsigned char *allowed, *mask;   /* [n x A]; mask: allocator scratch */
    float *pds;                      /* [n x A x pds_dim] */
    double *q;                       /* [n x A] scores */
    double *reward, *utility;        /* [n] of the last step */
    double *f_before, *f_after;      /* [n] fairness variables */
    double *inc;                     /* [n] their change over the last step */
};

int fs_fen_decaf_applies(const struct fs_job *job)
{
    return fs_decaf_ops_of(fs_env_find(job->env)) != NULL;
}

static void view_destroy(fs_env **vp)
{
    if (!vp || !*vp)
        return;
    fs_env *v = *vp;
    v->ops->destroy(&v->env);
    fs_alloc_destroy(&v->alloc);
    void *bufs[] = {v->resource, v->capacity, v->allowed, v->mask, v->pds, v->q,
                    v->reward, v->utility, v->f_before, v->f_after, v->inc};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        free(bufs[i]);
    free(v);
    *vp = NULL;
}

static int view_create(const struct fs_job *job, fs_env **out,
                       struct fs_env_spec *spec, fs_err *e)
{
    *out = NULL;
    const struct fs_decaf_ops *ops = fs_decaf_ops_of(fs_env_find(job->env));
    if (!ops)
        return fs_err_set(e, FS_ECONFIG, "%s: env '%s' has no decaf interface",
                          job->algo, job->env);
    fs_env *v = fs_xcalloc(1, sizeof *v);
    v->ops = ops;
    int rc = ops->create(job, &v->env, &v->spec, e);
    if (rc) {
        free(v);
        return rc;
    }
    size_t n = (size_t)v->spec.n_agents, na = n * (size_t)v->spec.n_actions;
    v->alloc = fs_alloc_create(v->spec.n_agents, v->spec.n_actions,
                               v->spec.n_resources);
    v->resource = fs_xcalloc(na, sizeof *v->resource);
    v->capacity = fs_xcalloc((size_t)v->spec.n_resources + 1, sizeof *v->capacity);
    v->allowed = fs_xcalloc(na, 1);
    v->mask = fs_xcalloc(na, 1);
    v->pds = fs_xcalloc(na * (size_t)v->spec.pds_dim, sizeof *v->pds);
    v->q = fs_xcalloc(na, sizeof *v->q);
    v->reward = fs_xcalloc(n, sizeof *v->reward);
    v->utility = fs_xcalloc(n, sizeof *v->utility);
    v->f_before = fs_xcalloc(n, sizeof *v->f_before);
    v->f_after = fs_xcalloc(n, sizeof *v->f_after);
    v->inc = fs_xcalloc(n, sizeof *v->inc);
    *spec = (struct fs_env_spec){
        .n_agents = v->spec.n_agents, .obs_dim = v->spec.pds_dim, .state_dim = 0,
        .n_actions = v->spec.n_actions, .episode_limit = v->spec.episode_limit,
    };
    *out = v;
    return 0;
}

static void view_reset(fs_env *v, fs_rng *rng)
{
    v->ops->reset(v->env, rng);
    memset(v->inc, 0, (size_t)v->spec.n_agents * sizeof *v->inc);
}

/* Observations pds(i, 0); the constraints are kept for the allocator. */
static void view_observe(const fs_env *v, float *obs, float *state,
                         unsigned char *avail)
{
    (void)state;
    int n = v->spec.n_agents, A = v->spec.n_actions, D = v->spec.pds_dim;
    v->ops->constraints(v->env, v->resource, v->capacity, v->allowed);
    if (avail)
        memcpy(avail, v->allowed, (size_t)n * (size_t)A);
    if (!obs)
        return;
    v->ops->post_decision(v->env, v->pds);
    for (int i = 0; i < n; i++)
        memcpy(obs + (size_t)i * D, v->pds + (size_t)i * A * D, (size_t)D * sizeof *obs);
}

static int view_step(fs_env *v, const int *actions, fs_rng *rng,
                     struct fs_env_step *out, fs_err *e)
{
    int n = v->spec.n_agents;
    struct fs_decaf_step st = {.reward = v->reward, .utility = v->utility};
    v->ops->fair_vars(v->env, v->f_before);
    int rc = v->ops->step(v->env, actions, rng, &st, e);
    if (rc)
        return rc;
    v->ops->fair_vars(v->env, v->f_after);
    double team = 0;
    for (int i = 0; i < n; i++) {
        v->inc[i] = v->f_after[i] - v->f_before[i];
        team += v->utility[i];
        if (out->agent_reward)
            out->agent_reward[i] = v->reward[i];
    }
    out->reward = team;
    out->terminated = 0;
    out->truncated = st.done;
    return 0;
}

/* util, fair, var of the episode so far (the decaf-* learners' names). */
static int view_metrics(const fs_env *v, const char *prefix, struct fs_result *r,
                        fs_err *e)
{
    int n = v->spec.n_agents;
    double util = 0, fair;
    v->ops->utilities(v->env, v->f_after);
    for (int i = 0; i < n; i++)
        util += v->f_after[i];
    v->ops->fair_vars(v->env, v->f_after);
    fair = fs_decaf_fair_value(FS_DECAF_VARIANCE, v->f_after, n);
    const char *names[] = {"util", "fair", "var"};
    double vals[] = {util, fair, -fair};
    int rc = 0;
    for (int k = 0; k < 3 && !rc; k++) {
        char name[FS_NAME_MAX];
        int len = snprintf(name, sizeof name, "%s%s", prefix, names[k]);
        if (len < 0 || (size_t)len >= sizeof name)
            return fs_err_set(e, FS_ECONFIG, "metric prefix '%s' too long", prefix);
        rc = fs_result_metric(r, name, vals[k], e);
    }
    return rc;
}

const struct fs_env_ops fs_fen_decaf_ops = {
    .create = view_create,
    .destroy = view_destroy,
    .reset = view_reset,
    .observe = view_observe,
    .step = view_step,
    .episode_metrics = view_metrics,
};

/* ---- the trainer hooks ----------------------------------------------------- */

static double gumbel(fs_rng *r)
{
    double u = fs_rng_uniform(r);
    return -log(-log(fmax(u, 1e-300)));
}

/* Scores into v->q and the mask of pairs with p > 0 into v->mask. */
static void fill_scores(fs_env *v, const float *probs, fs_rng *r)
{
    size_t na = (size_t)v->spec.n_agents * (size_t)v->spec.n_actions;
    for (size_t k = 0; k < na; k++) {
        double p = probs[k];
        v->mask[k] = v->allowed[k] && p > 0;
        if (v->scores == FS_FEN_DECAF_SAMPLE)
            v->q[k] = v->mask[k] ? log(p) + gumbel(r) : 0.0;
        else
            v->q[k] = p;
    }
}

int fs_fen_decaf_allocate(void *ctx, const float *probs,
                          const unsigned char *avail, int n_agents,
                          int n_actions, fs_rng *r, int *actions, fs_err *e)
{
    (void)avail;   /* the same as v->allowed, published at observe */
    fs_env *v = ctx;
    fill_scores(v, probs, r);
    struct fs_alloc_problem p = {n_agents, n_actions, v->spec.n_resources, v->q,
                                 v->resource, v->capacity, v->mask};
    fs_err first = {0};
    int rc = fs_alloc_solve(v->alloc, &p, actions, NULL, &first);
    if (rc == FS_ENUMERIC) {   /* only through p = 0 pairs: allow them */
        p.allowed = v->allowed;
        return fs_alloc_solve(v->alloc, &p, actions, NULL, e);
    }
    if (rc)
        fs_err_set(e, rc, "%s", first.msg);
    return rc;
}

void fs_fen_decaf_utility(void *ctx, const double *agent_r, int n, double *inc)
{
    (void)agent_r;
    const fs_env *v = ctx;
    memcpy(inc, v->inc, (size_t)n * sizeof *inc);
}

void fs_fen_decaf_attach(fs_fen *f, fs_env *view, enum fs_fen_decaf_scores scores)
{
    view->scores = scores;
    fs_fen_set_allocator(f, fs_fen_decaf_allocate, view);
    fs_fen_set_utility(f, fs_fen_decaf_utility, view);
}
