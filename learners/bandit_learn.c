/* learners/bandit_learn.c - Algorithm 1 (LearnPolicy) with the PF, EF and UF
 * OptimizationSteps. See learners/bandit_learn.h. */
#include "learners/bandit_learn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct learner_state {
    int n, k;
    const double *mu;               /* true means (regret, scores) */
    double *mu_hat;                 /* n x k empirical means */
    double *cnt;                    /* k pull counts */
    double *z, *bonus;              /* k confidence radii, alpha z */
    unsigned char *fav, *fav_hat, *fav_cached; /* n x k */
    int have_cache;
    double *p_cur, *p_play, *rewards;
    struct fs_score_ref ref;
};

static void state_free(struct learner_state *s)
{
    free(s->mu_hat);
    free(s->cnt);
    free(s->z);
    free(s->bonus);
    free(s->fav);
    free(s->fav_hat);
    free(s->fav_cached);
    free(s->p_cur);
    free(s->p_play);
    free(s->rewards);
}

static void pull(struct learner_state *s, const fs_bandit *b, int arm, fs_rng *env)
{
    fs_bandit_pull(b, arm, env, s->rewards);
    s->cnt[arm] += 1;
    for (int i = 0; i < s->n; i++) {
        double *m = &s->mu_hat[(size_t)i * (size_t)s->k + (size_t)arm];
        *m += (s->rewards[i] - *m) / s->cnt[arm];
    }
}

/* F^_i = { j : mu^_ij + alpha z_j >= mu^_i* - alpha z_* }, * = argmax mu^_i. */
static void estimate_favourites(struct learner_state *s, double alpha)
{
    for (int i = 0; i < s->n; i++) {
        const double *row = s->mu_hat + (size_t)i * (size_t)s->k;
        int best = 0;
        for (int j = 1; j < s->k; j++)
            if (row[j] > row[best])
                best = j;
        double lcb = row[best] - alpha * s->z[best];
        for (int j = 0; j < s->k; j++)
            s->fav_hat[(size_t)i * (size_t)s->k + (size_t)j] = row[j] + alpha * s->z[j] >= lcb;
    }
}

/* One OptimizationStep: p_play (and p_cur when the notion exploits);
 * returns the round's regret through *regret. */
static int optimization_step(struct learner_state *s, const struct fs_learn_opts *o,
                             int64_t t, fs_rng *act, struct fs_learn_summary *out,
                             double *regret, fs_err *e)
{
    int n = s->n, k = s->k;
    size_t nk = (size_t)n * (size_t)k;
    double lt = log((double)n * (double)k * (double)t);
    for (int j = 0; j < k; j++) {
        s->z[j] = sqrt(2 * fmax(lt, 0) / s->cnt[j]);
        s->bonus[j] = o->alpha * s->z[j];
    }
    int rc = FS_OK;
    switch (o->notion) {
    case FS_POLICY_PF: {
        estimate_favourites(s, o->alpha);
        *regret = memcmp(s->fav_hat, s->fav, nk) != 0;
        if (fs_rng_uniform(act) < pow((double)t, -(1 - o->gamma))) {
            for (int j = 0; j < k; j++)
                s->p_play[j] = 1.0 / k;
            out->explore_rounds++;
            return FS_OK;
        }
        if (!s->have_cache || memcmp(s->fav_hat, s->fav_cached, nk) != 0) {
            rc = fs_policy_pf(s->fav_hat, n, k, s->p_cur, NULL, e);
            memcpy(s->fav_cached, s->fav_hat, nk);
            s->have_cache = 1;
            out->solves++;
        }
        break;
    }
    case FS_POLICY_EF:
        rc = fs_policy_ef(s->mu_hat, n, k, s->bonus, s->p_cur, e);
        *regret = fs_bandit_disparity(s->mu, n, k, s->p_cur) - s->ref.d_star;
        out->solves++;
        break;
    case FS_POLICY_UF:
        fs_policy_uf(s->mu_hat, n, k, s->bonus, s->p_cur);
        *regret = s->ref.u_star - fs_bandit_utility(s->mu, n, k, s->p_cur);
        out->solves++;
        break;
    default:
        return fs_err_set(e, FS_ECONFIG, "bandit learning: notion must be pf, ef or uf");
    }
    memcpy(s->p_play, s->p_cur, (size_t)k * sizeof *s->p_play);
    return rc;
}

static int record_point(struct learner_state *s, struct fs_learn_trace *tr, int q,
                        int64_t t, double regret, fs_err *e)
{
    struct fs_scores sc;
    int rc = fs_score_all(s->mu, s->fav, s->n, s->k, &s->ref, s->p_cur, &sc, e);
    tr->regret[q] = regret;
    tr->pf[q] = sc.pf;
    tr->ef[q] = sc.ef;
    tr->uf[q] = sc.uf;
    tr->round[q] = t;
    return rc;
}

int fs_bandit_learn(const fs_bandit *b, const struct fs_learn_opts *o, fs_rng *env,
                    fs_rng *act, struct fs_learn_trace *trace,
                    struct fs_learn_summary *out, fs_err *e)
{
    struct learner_state s = {0};
    s.n = fs_bandit_n_agents(b);
    s.k = fs_bandit_n_arms(b);
    s.mu = fs_bandit_means(b);
    int n = s.n, k = s.k;
    size_t nk = (size_t)n * (size_t)k;
    if (o->steps <= k || o->points < 1 || !(o->alpha >= 0) ||
        (o->notion == FS_POLICY_PF && !(o->gamma > 0 && o->gamma < 1)))
        return fs_err_set(e, FS_ECONFIG, "bandit learning: need steps > K = %d (got %lld), "
                          "points >= 1, alpha >= 0 and gamma in (0,1)", k, (long long)o->steps);
    s.mu_hat = fs_xcalloc(nk, sizeof *s.mu_hat);
    s.cnt = fs_xcalloc((size_t)k, sizeof *s.cnt);
    s.z = fs_xmalloc((size_t)k * sizeof *s.z);
    s.bonus = fs_xmalloc((size_t)k * sizeof *s.bonus);
    s.fav = fs_xmalloc(nk);
    s.fav_hat = fs_xmalloc(nk);
    s.fav_cached = fs_xmalloc(nk);
    s.p_cur = fs_xmalloc((size_t)k * sizeof *s.p_cur);
    s.p_play = fs_xmalloc((size_t)k * sizeof *s.p_play);
    s.rewards = fs_xmalloc((size_t)n * sizeof *s.rewards);
    fs_bandit_favourites(s.mu, n, k, 0, s.fav);
    int rc = fs_score_ref_init(s.mu, n, k, &s.ref, e);
    for (int j = 0; j < k; j++)
        s.p_cur[j] = 1.0 / k;
    out->regret = 0;
    out->explore_rounds = 0;
    out->solves = 0;

    for (int j = 0; j < k && !rc; j++)
        pull(&s, b, j, env);
    int64_t rounds = o->steps - k;
    int q = 0, points = o->points;
    if (points > rounds)
        points = (int)rounds;
    double regret = 0;
    for (int64_t t = k, r = 1; t < o->steps && !rc; t++, r++) {
        double step_regret = 0;
        rc = optimization_step(&s, o, t, act, out, &step_regret, e);
        if (rc)
            break;
        regret += step_regret;
        int arm = (int)fs_rng_categorical(act, s.p_play, (size_t)k);
        pull(&s, b, arm, env);
        while (trace && q < points && r == rounds * (q + 1) / points)
            rc = record_point(&s, trace, q++, t, regret, e);
    }
    out->regret = regret;
    out->n_points = trace ? q : 0;
    if (!rc)
        rc = fs_score_all(s.mu, s.fav, n, k, &s.ref, s.p_cur, &out->final, e);
    if (!rc && out->p_final)
        memcpy(out->p_final, s.p_cur, (size_t)k * sizeof *s.p_cur);
    state_free(&s);
    return rc;
}
