/* learners/fen_train.c - the FEN trainer: controllers, sub-policies, the
 * episode loop and the PPO updates. See fen.h for the algorithm. */
#include "learners/fen.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learners/ppo.h"

struct fs_fen {
    struct fs_fen_cfg cfg;
    struct fs_env_spec spec;
    int n, obs, A, K, T, cin;     /* agents, obs dim, actions, sub-policies, period, ctrl input */
    int n_sets;                   /* network sets: 1 when shared, else n */
    int max_macro;                /* controller decisions per agent per episode */
    fs_ppo_net **sub;             /* [n_sets x K] */
    fs_ppo_net **ctrl;            /* [n_sets], NULL entries without hierarchy */
    double best_team;             /* largest per-step sum of agent rewards seen */
    fs_fen_allocator alloc;       /* NULL: agents sample independently */
    void *alloc_ctx;
    float *joint_probs;           /* [n x A] for the allocator */
    fs_fen_utility util_fn;       /* NULL: utility increments = rewards */
    void *util_ctx;
    double *inc;                  /* [n] utility increments of the step */

    /* episode state */
    float *obs_buf;               /* [n x obs] current observations */
    unsigned char *avail;         /* [n x A] */
    int *actions, *z;             /* [n] */
    double *u_sum, *avg, *agent_r, *util; /* [n] */
    float *probs, *cx;            /* [max(A, K)], [cin] */
    double *w;                    /* [max(A, K)] sampling weights */

    /* current segment of each agent: [n x T x ...] */
    float *seg_x, *seg_p, *seg_r, *seg_g, *seg_v;
    unsigned char *seg_avail;
    int *seg_a, *seg_len;

    /* controller samples of the episode: [n x max_macro x ...] */
    float *mac_x, *mac_p, *mac_r, *mac_v;
    int *mac_z, *mac_len;
    float *batch_x, *batch_p, *batch_r;  /* shared-controller batch */
    int *batch_z;
};

struct fs_fen_cfg fs_fen_defaults(void)
{
    return (struct fs_fen_cfg){
        .hierarchical = 1, .k = 4, .period = 25, .hidden = 256,
        .ctrl_hidden = 128, .gamma = 0.98, .lr_actor = 3e-4, .lr_critic = 1e-3,
        .clip = 0.2f, .ent_coef = 0.03f, .c = 0, .eps = 0.1,
        .diversity_log = 0, .gossip = 0, .gossip_rounds = 10, .share = 1,
    };
}

static int imax(int a, int b)
{
    return a > b ? a : b;
}

static void make_nets(fs_fen *f, fs_rng *r)
{
    const struct fs_fen_cfg *c = &f->cfg;
    struct fs_ppo_cfg sub = {
        .in = f->obs, .n_actions = f->A, .pi_hidden = c->hidden,
        .v_hidden = c->hidden, .lr_actor = c->lr_actor,
        .lr_critic = c->lr_critic, .clip = c->clip, .ent_coef = c->ent_coef,
        .max_batch = f->T,
    };
    struct fs_ppo_cfg ctrl = sub;
    ctrl.in = f->cin;
    ctrl.n_actions = f->K;
    ctrl.pi_hidden = ctrl.v_hidden = c->ctrl_hidden;
    ctrl.max_batch = f->max_macro * (c->share ? f->n : 1);

    f->sub = fs_xcalloc((size_t)f->n_sets * (size_t)f->K, sizeof *f->sub);
    f->ctrl = fs_xcalloc((size_t)f->n_sets, sizeof *f->ctrl);
    for (int s = 0; s < f->n_sets; s++) {
        if (c->hierarchical)
            f->ctrl[s] = fs_ppo_net_create(&ctrl, r);
        for (int z = 0; z < f->K; z++)
            f->sub[s * f->K + z] = fs_ppo_net_create(&sub, r);
    }
}

static void make_buffers(fs_fen *f)
{
    size_t n = (size_t)f->n, T = (size_t)f->T, M = (size_t)f->max_macro;
    size_t wide = (size_t)imax(f->A, f->K);
    f->obs_buf = fs_xmalloc(n * (size_t)f->obs * sizeof(float));
    f->avail = fs_xmalloc(n * (size_t)f->A);
    f->actions = fs_xcalloc(n, sizeof(int));
    f->z = fs_xcalloc(n, sizeof(int));
    f->u_sum = fs_xcalloc(n, sizeof(double));
    f->avg = fs_xcalloc(n, sizeof(double));
    f->agent_r = fs_xcalloc(n, sizeof(double));
    f->util = fs_xcalloc(n, sizeof(double));
    f->inc = fs_xcalloc(n, sizeof(double));
    f->probs = fs_xmalloc(wide * sizeof(float));
    f->joint_probs = fs_xmalloc(n * (size_t)f->A * sizeof(float));
    f->w = fs_xmalloc(wide * sizeof(double));
    f->cx = fs_xmalloc((size_t)f->cin * sizeof(float));

    f->seg_x = fs_xmalloc(n * T * (size_t)f->obs * sizeof(float));
    f->seg_avail = fs_xmalloc(n * T * (size_t)f->A);
    f->seg_p = fs_xmalloc(n * T * sizeof(float));
    f->seg_r = fs_xmalloc(n * T * sizeof(float));
    f->seg_g = fs_xmalloc(T * sizeof(float));
    f->seg_v = fs_xmalloc(T * sizeof(float));
    f->seg_a = fs_xmalloc(n * T * sizeof(int));
    f->seg_len = fs_xcalloc(n, sizeof(int));

    f->mac_x = fs_xmalloc(n * M * (size_t)f->cin * sizeof(float));
    f->mac_p = fs_xmalloc(n * M * sizeof(float));
    f->mac_r = fs_xmalloc(n * M * sizeof(float));
    f->mac_v = fs_xmalloc(n * M * sizeof(float));
    f->mac_z = fs_xmalloc(n * M * sizeof(int));
    f->mac_len = fs_xcalloc(n, sizeof(int));
    f->batch_x = fs_xmalloc(n * M * (size_t)f->cin * sizeof(float));
    f->batch_p = fs_xmalloc(n * M * sizeof(float));
    f->batch_r = fs_xmalloc(n * M * sizeof(float));
    f->batch_z = fs_xmalloc(n * M * sizeof(int));
}

int fs_fen_create(const struct fs_fen_cfg *cfg, const struct fs_env_spec *spec,
                  fs_rng *init_rng, fs_fen **out, fs_err *e)
{
    *out = NULL;
    if (spec->n_agents < 1 || spec->obs_dim < 1 || spec->n_actions < 1 ||
        spec->episode_limit < 1)
        return fs_err_set(e, FS_ECONFIG,
                          "fen: env sizes unusable (agents %d, obs %d, actions %d, limit %d)",
                          spec->n_agents, spec->obs_dim, spec->n_actions,
                          spec->episode_limit);
    if (cfg->period < 1 || cfg->k < 1 || cfg->hidden < 1 || cfg->ctrl_hidden < 1 ||
        !(cfg->eps > 0) || cfg->c < 0)
        return fs_err_set(e, FS_ECONFIG, "fen: bad settings (T %d, k %d, eps %g, c %g)",
                          cfg->period, cfg->k, cfg->eps, cfg->c);
    fs_fen *f = fs_xcalloc(1, sizeof *f);
    f->cfg = *cfg;
    f->spec = *spec;
    f->n = spec->n_agents;
    f->obs = spec->obs_dim;
    f->A = spec->n_actions;
    f->K = cfg->hierarchical ? cfg->k : 1;
    f->T = cfg->period;
    f->cin = spec->obs_dim + 2;
    f->n_sets = cfg->share ? 1 : f->n;
    f->max_macro = (spec->episode_limit + f->T - 1) / f->T;
    make_nets(f, init_rng);
    make_buffers(f);
    *out = f;
    return 0;
}

void fs_fen_destroy(fs_fen **fp)
{
    if (!fp || !*fp)
        return;
    fs_fen *f = *fp;
    for (int s = 0; s < f->n_sets; s++) {
        fs_ppo_net_destroy(&f->ctrl[s]);
        for (int z = 0; z < f->K; z++)
            fs_ppo_net_destroy(&f->sub[s * f->K + z]);
    }
    free(f->sub);
    free(f->ctrl);
    void *bufs[] = {
        f->obs_buf, f->avail, f->actions, f->z, f->u_sum, f->avg, f->agent_r, f->util,
        f->inc, f->probs, f->joint_probs, f->w, f->cx, f->seg_x, f->seg_avail, f->seg_p, f->seg_r,
        f->seg_g, f->seg_v, f->seg_a, f->seg_len, f->mac_x, f->mac_p,
        f->mac_r, f->mac_v, f->mac_z, f->mac_len, f->batch_x, f->batch_p,
        f->batch_r, f->batch_z,
    };
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        free(bufs[i]);
    free(f);
    *fp = NULL;
}

void fs_fen_set_allocator(fs_fen *f, fs_fen_allocator alloc, void *ctx)
{
    f->alloc = alloc;
    f->alloc_ctx = ctx;
}

void fs_fen_set_utility(fs_fen *f, fs_fen_utility fn, void *ctx)
{
    f->util_fn = fn;
    f->util_ctx = ctx;
}

double fs_fen_c(const fs_fen *f)
{
    if (f->cfg.c > 0)
        return f->cfg.c;
    return fmax(f->best_team / f->n, 1e-12);
}

/* ---- acting ------------------------------------------------------------------ */

static int set_of(const fs_fen *f, int agent)
{
    return f->cfg.share ? 0 : agent;
}

static int sample(fs_fen *f, const float *p, int m, fs_rng *r)
{
    for (int j = 0; j < m; j++)
        f->w[j] = p[j];
    return (int)fs_rng_categorical(r, f->w, (size_t)m);
}

/* Each agent's estimate of the mean utility after t steps, into f->avg. */
static void estimate_avg(fs_fen *f, int t, fs_rng *r)
{
    double *u = f->util;
    double mean = 0;
    for (int i = 0; i < f->n; i++) {
        u[i] = t > 0 ? f->u_sum[i] / t : 0.0;
        mean += u[i];
    }
    mean /= f->n;
    if (f->cfg.gossip)
        fs_fen_gossip(u, f->avg, f->n, f->cfg.gossip_rounds, r);
    else
        for (int i = 0; i < f->n; i++)
            f->avg[i] = mean;
}

/* Controller input of agent i: its observation, rat, utili (after t steps;
 * estimate_avg must have run). */
static void ctrl_input(fs_fen *f, int i, int t, float *x)
{
    double u = t > 0 ? f->u_sum[i] / t : 0.0, rat, utili;
    fs_fen_features(u, f->avg[i], fs_fen_c(f), &rat, &utili);
    memcpy(x, f->obs_buf + (size_t)i * f->obs, (size_t)f->obs * sizeof *x);
    x[f->obs] = (float)rat;
    x[f->obs + 1] = (float)utili;
}

/* Every T steps: each controller picks its sub-policy; the choice is kept
 * as a macro-sample for the controller's update. */
static void choose_subpolicies(fs_fen *f, int t, fs_rng *r)
{
    for (int i = 0; i < f->n; i++) {
        int m = f->mac_len[i];
        float *x = f->mac_x + ((size_t)i * f->max_macro + m) * f->cin;
        ctrl_input(f, i, t, x);
        fs_ppo_net_probs(f->ctrl[set_of(f, i)], x, NULL, f->probs);
        int z = sample(f, f->probs, f->K, r);
        f->z[i] = z;
        f->mac_z[(size_t)i * f->max_macro + m] = z;
        f->mac_p[(size_t)i * f->max_macro + m] = f->probs[z];
        f->mac_r[(size_t)i * f->max_macro + m] = 0;
        f->mac_len[i] = m + 1;
    }
}

/* Each agent's action from its active sub-policy (or the allocator's joint
 * choice from all of them); the step is appended to its segment. */
static int choose_actions(fs_fen *f, fs_rng *r, fs_err *e)
{
    for (int i = 0; i < f->n; i++) {
        size_t row = (size_t)i * f->T + f->seg_len[i];
        float *x = f->seg_x + row * f->obs;
        unsigned char *ok = f->seg_avail + row * f->A;
        float *p = f->joint_probs + (size_t)i * f->A;
        memcpy(x, f->obs_buf + (size_t)i * f->obs, (size_t)f->obs * sizeof *x);
        memcpy(ok, f->avail + (size_t)i * f->A, (size_t)f->A);
        fs_ppo_net_probs(f->sub[set_of(f, i) * f->K + f->z[i]], x, ok, p);
        if (!f->alloc)
            f->actions[i] = sample(f, p, f->A, r);
    }
    if (f->alloc) {
        int rc = f->alloc(f->alloc_ctx, f->joint_probs, f->avail, f->n, f->A,
                          r, f->actions, e);
        if (rc)
            return rc;
    }
    for (int i = 0; i < f->n; i++) {
        size_t row = (size_t)i * f->T + f->seg_len[i];
        int a = f->actions[i];
        float pa = a >= 0 && a < f->A ? f->joint_probs[(size_t)i * f->A + a] : 0.0f;
        /* An allocator may have to impose an available action whose
         * probability underflowed to 0: its PPO ratio is taken against
         * FLT_MIN instead (so it is ~0 and the sample adds ~no gradient). */
        if (f->alloc && a >= 0 && a < f->A && f->avail[(size_t)i * f->A + a] && !(pa > 0))
            pa = FLT_MIN;
        if (!(pa > 0))
            return fs_err_set(e, FS_EINTERNAL,
                              "fen: agent %d got action %d of probability 0", i, a);
        f->seg_a[row] = a;
        f->seg_p[row] = pa;
    }
    return 0;
}

/* The reward of agent i's last segment step: the env reward for sub-policy
 * 0 (and plain PPO), else the diversity reward from the controller on the
 * new observation. */
static float subpolicy_reward(fs_fen *f, int i, double env_r, int t, int train)
{
    int z = f->z[i];
    if (!f->cfg.hierarchical || z == 0)
        return (float)env_r;
    if (!train)
        return 0.0f;   /* not learned from: skip the controller pass */
    ctrl_input(f, i, t, f->cx);
    fs_ppo_net_probs(f->ctrl[set_of(f, i)], f->cx, NULL, f->probs);
    double p = f->probs[z];
    return (float)(f->cfg.diversity_log ? log(fmax(p, 1e-8)) : p);
}

void fs_fen_subpolicy_probs(fs_fen *f, int i, int z, const float *obs,
                            const unsigned char *avail, float *probs)
{
    fs_ppo_net_probs(f->sub[set_of(f, i) * f->K + z], obs, avail, probs);
}

void fs_fen_controller_probs(fs_fen *f, int i, const float *x, float *probs)
{
    fs_ppo_net_probs(f->ctrl[set_of(f, i)], x, NULL, probs);
}

/* ---- learning ------------------------------------------------------------------- */

/* PPO on agent i's segment for its active sub-policy. */
static void update_subpolicy(fs_fen *f, int i)
{
    int B = f->seg_len[i];
    size_t row = (size_t)i * f->T;
    fs_ppo_net *net = f->sub[set_of(f, i) * f->K + f->z[i]];
    const float *x = f->seg_x + row * f->obs;
    fs_ppo_returns(f->seg_g, f->seg_r + row, B, f->cfg.gamma);
    fs_ppo_net_fit_value(net, x, f->seg_g, f->seg_v, B);
    for (int b = 0; b < B; b++)
        f->seg_v[b] = f->seg_g[b] - f->seg_v[b];
    fs_ppo_normalise(f->seg_v, B);
    fs_ppo_net_policy_step(net, x, f->seg_avail + row * f->A, f->seg_a + row,
                           f->seg_p + row, f->seg_v, B);
}

/* PPO on a batch of controller samples: target r_hat, A = r_hat - V. */
static void update_controller_batch(fs_ppo_net *net, const float *x,
                                    const int *z, const float *p,
                                    const float *r, float *v, int B)
{
    fs_ppo_net_fit_value(net, x, r, v, B);
    for (int b = 0; b < B; b++)
        v[b] = r[b] - v[b];
    fs_ppo_net_policy_step(net, x, NULL, z, p, v, B);
}

static void update_controllers(fs_fen *f)
{
    size_t M = (size_t)f->max_macro, cin = (size_t)f->cin;
    if (!f->cfg.share) {
        for (int i = 0; i < f->n; i++)
            if (f->mac_len[i] > 0)
                update_controller_batch(f->ctrl[i], f->mac_x + i * M * cin,
                                        f->mac_z + i * M, f->mac_p + i * M,
                                        f->mac_r + i * M, f->mac_v, f->mac_len[i]);
        return;
    }
    int B = 0;
    for (int i = 0; i < f->n; i++) {
        int m = f->mac_len[i];
        memcpy(f->batch_x + (size_t)B * cin, f->mac_x + i * M * cin,
               (size_t)m * cin * sizeof(float));
        memcpy(f->batch_z + B, f->mac_z + i * M, (size_t)m * sizeof(int));
        memcpy(f->batch_p + B, f->mac_p + i * M, (size_t)m * sizeof(float));
        memcpy(f->batch_r + B, f->mac_r + i * M, (size_t)m * sizeof(float));
        B += m;
    }
    if (B > 0)
        update_controller_batch(f->ctrl[0], f->batch_x, f->batch_z, f->batch_p,
                                f->batch_r, f->mac_v, B);
}

/* ---- the episode ----------------------------------------------------------------- */

static void start_episode(fs_fen *f)
{
    for (int i = 0; i < f->n; i++) {
        f->u_sum[i] = 0;
        f->avg[i] = 0;
        f->z[i] = 0;
        f->seg_len[i] = 0;
        f->mac_len[i] = 0;
    }
}

/* After step t (t steps done): record rewards, close segments at T or at
 * the end, score the controllers' segments. */
static void after_step(fs_fen *f, const double *agent_r, int t, int done,
                       int train, fs_rng *r)
{
    if (f->cfg.hierarchical)
        estimate_avg(f, t, r);
    int seg_end = done || t % f->T == 0;
    for (int i = 0; i < f->n; i++) {
        f->seg_r[(size_t)i * f->T + f->seg_len[i]] =
            subpolicy_reward(f, i, agent_r[i], t, train);
        f->seg_len[i]++;
        if (!seg_end)
            continue;
        if (train)
            update_subpolicy(f, i);
        f->seg_len[i] = 0;
        if (f->cfg.hierarchical) {
            double u = f->u_sum[i] / t;
            f->mac_r[(size_t)i * f->max_macro + f->mac_len[i] - 1] =
                (float)fs_fen_reward(u, f->avg[i], fs_fen_c(f), f->cfg.eps);
        }
    }
}

int fs_fen_episode(fs_fen *f, const struct fs_env_ops *ops, fs_env *env,
                   fs_rng *env_rng, fs_rng *act_rng, int train,
                   struct fs_fen_episode *out, int *z_trace, fs_err *e)
{
    double *agent_r = f->agent_r;
    struct fs_env_step st = {.agent_reward = agent_r};
    int rc = 0, t = 0, done = 0;
    double team = 0;

    start_episode(f);
    ops->reset(env, env_rng);
    ops->observe(env, f->obs_buf, NULL, f->avail);
    while (!done) {
        if (f->cfg.hierarchical && t % f->T == 0)
            choose_subpolicies(f, t, act_rng);
        if ((rc = choose_actions(f, act_rng, e)))
            break;
        if (z_trace)
            for (int i = 0; i < f->n; i++)
                z_trace[(size_t)t * f->n + i] = f->z[i];
        for (int i = 0; i < f->n; i++)
            agent_r[i] = 0;
        if ((rc = ops->step(env, f->actions, env_rng, &st, e)))
            break;
        t++;
        team += st.reward;
        const double *inc = agent_r;
        if (f->util_fn) {
            f->util_fn(f->util_ctx, agent_r, f->n, f->inc);
            inc = f->inc;
        }
        double total = 0;
        for (int i = 0; i < f->n; i++) {
            f->u_sum[i] += inc[i];
            total += inc[i];
        }
        if (train && total > f->best_team)
            f->best_team = total;
        done = st.terminated || st.truncated || t >= f->spec.episode_limit;
        ops->observe(env, f->obs_buf, NULL, f->avail);
        after_step(f, agent_r, t, done, train, act_rng);
    }
    if (!rc && train && f->cfg.hierarchical)
        update_controllers(f);
    if (!rc && out) {
        out->steps = t;
        out->team_return = team;
        if (out->utility)
            for (int i = 0; i < f->n; i++)
                out->utility[i] = t > 0 ? f->u_sum[i] / t : 0.0;
    }
    return rc;
}
