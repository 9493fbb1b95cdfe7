/* learners/qmix.c - the QMIX model, acting, episode buffer and update.
 * See learners/qmix.h. */
#include "learners/qmix.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/nn.h"
#include "core/optim.h"
#include "core/replay.h"
#include "learners/qmix_agent.h"
#include "learners/qmix_mixer.h"

enum { F_STATE, F_OBS, F_AVAIL, F_ACT, F_REW, F_TERM, N_FIELDS };

struct fs_qmix {
    struct fs_qmix_cfg c;
    int in;                               /* agent input width */
    fs_params *p, *tp;                    /* online, target */
    fs_qmix_agent_layout al;
    fs_qmix_mixer_layout ml;
    fs_qmix_agent_work *aw, *taw;
    fs_qmix_mixer_work *mw, *tmw;
    fs_optim *opt;
    fs_episodes *buf;
    /* acting */
    float *h, *x1, *q1, *scratch;
    /* recording: one episode, [limit + 1] slots per field */
    float *rec[N_FIELDS];
    size_t rec_len;
    /* sampled batch and loss buffers */
    float *bat[N_FIELDS], *filled;
    float *x, *chosen, *tq, *qtot, *tqtot, *y, *mask, *dqtot, *dchosen, *dq;
};

static float *fz(size_t n)
{
    return fs_xcalloc(n ? n : 1, sizeof(float));
}

static size_t field_floats(const struct fs_qmix_cfg *c, int f)
{
    switch (f) {
    case F_STATE: return (size_t)c->state_dim;
    case F_OBS: return (size_t)c->n * c->obs_dim;
    case F_AVAIL: return (size_t)c->n * c->n_actions;
    case F_ACT: return (size_t)c->n;
    default: return 1;
    }
}

static void build_nets(fs_qmix *q, fs_params *p)
{
    const struct fs_qmix_cfg *c = &q->c;
    fs_qmix_agent_add(p, "agent", q->in, c->hidden, c->n_actions, &q->al);
    fs_qmix_mixer_add(p, "mixer", c->n, c->state_dim, c->embed,
                      c->hyper_embed, &q->ml);
    fs_params_finalize(p);
}

static void alloc_buffers(fs_qmix *q)
{
    const struct fs_qmix_cfg *c = &q->c;
    size_t L = (size_t)c->episode_limit + 1, B = (size_t)c->batch;
    size_t R = B * c->n, A = (size_t)c->n_actions;
    q->h = fz((size_t)c->n * c->hidden);
    q->x1 = fz((size_t)c->n * q->in);
    q->q1 = fz((size_t)c->n * A);
    q->scratch = fz(fs_qmix_agent_step_scratch(&q->al, c->n));
    for (int f = 0; f < N_FIELDS; f++) {
        q->rec[f] = fz(L * field_floats(c, f));
        q->bat[f] = fz(L * B * field_floats(c, f));
    }
    q->filled = fz(L * B);
    q->x = fz(L * R * q->in);
    q->chosen = fz(L * R);
    q->tq = fz(L * R);
    q->qtot = fz(L * B);
    q->tqtot = fz(L * B);
    q->y = fz(L * B);
    q->mask = fz(L * B);
    q->dqtot = fz(L * B);
    q->dchosen = fz(L * R);
    q->dq = fz(L * R * A);
}

int fs_qmix_create(const struct fs_qmix_cfg *cfg, fs_rng *init, fs_qmix **out,
                   fs_err *e)
{
    *out = NULL;
    if (cfg->n < 1 || cfg->obs_dim < 1 || cfg->state_dim < 1 ||
        cfg->n_actions < 1 || cfg->episode_limit < 1 || cfg->hidden < 1 ||
        cfg->embed < 1 || cfg->hyper_embed < 1 || cfg->batch < 1 ||
        cfg->buffer < cfg->batch)
        return fs_err_set(e, FS_ECONFIG,
                          "qmix: sizes must be >= 1 and buffer >= batch "
                          "(batch %d, buffer %d)", cfg->batch, cfg->buffer);
    fs_qmix *q = fs_xcalloc(1, sizeof *q);
    q->c = *cfg;
    q->in = cfg->obs_dim + cfg->n;
    q->p = fs_params_create();
    q->tp = fs_params_create();
    build_nets(q, q->p);
    build_nets(q, q->tp);           /* same layout, so the same offsets */
    fs_params_init(q->p, init);
    fs_params_copy(q->tp, q->p);
    int L = cfg->episode_limit + 1, R = cfg->batch * cfg->n;
    q->aw = fs_qmix_agent_work_create(&q->al, L, R);
    q->taw = fs_qmix_agent_work_create(&q->al, L, R);
    q->mw = fs_qmix_mixer_work_create(&q->ml, cfg->episode_limit * cfg->batch);
    q->tmw = fs_qmix_mixer_work_create(&q->ml, cfg->episode_limit * cfg->batch);
    size_t np = fs_params_count(q->p);
    if (cfg->rmsprop) {
        fs_rmsprop_cfg oc = fs_rmsprop_defaults(cfg->lr);
        oc.eps = 1e-5;
        q->opt = fs_optim_rmsprop_create(np, &oc);
    } else {
        fs_adam_cfg oc = fs_adam_defaults(cfg->lr);
        q->opt = fs_optim_adam_create(np, &oc);
    }
    fs_episode_field fields[N_FIELDS] = {
        {"state", field_floats(cfg, F_STATE)}, {"obs", field_floats(cfg, F_OBS)},
        {"avail", field_floats(cfg, F_AVAIL)}, {"actions", field_floats(cfg, F_ACT)},
        {"reward", 1}, {"terminated", 1}};
    int rc = fs_episodes_create(&q->buf, (size_t)cfg->buffer, (size_t)L, fields,
                                N_FIELDS, e);
    if (rc < 0) {
        fs_qmix_destroy(&q);
        return rc;
    }
    alloc_buffers(q);
    *out = q;
    return 0;
}

void fs_qmix_destroy(fs_qmix **pq)
{
    if (!pq || !*pq)
        return;
    fs_qmix *q = *pq;
    fs_params_destroy(&q->p);
    fs_params_destroy(&q->tp);
    fs_qmix_agent_work_destroy(&q->aw);
    fs_qmix_agent_work_destroy(&q->taw);
    fs_qmix_mixer_work_destroy(&q->mw);
    fs_qmix_mixer_work_destroy(&q->tmw);
    fs_optim_destroy(&q->opt);
    fs_episodes_destroy(&q->buf);
    float *bufs[] = {q->h, q->x1, q->q1, q->scratch, q->filled, q->x,
                     q->chosen, q->tq, q->qtot, q->tqtot, q->y, q->mask,
                     q->dqtot, q->dchosen, q->dq};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        free(bufs[i]);
    for (int f = 0; f < N_FIELDS; f++) {
        free(q->rec[f]);
        free(q->bat[f]);
    }
    free(q);
    *pq = NULL;
}

fs_params *fs_qmix_params(fs_qmix *q) { return q->p; }
fs_params *fs_qmix_target(fs_qmix *q) { return q->tp; }

/* Agent inputs for R = rows / n rows: obs then onehot(agent). */
static void make_inputs(float *x, const float *obs, size_t rows, int n, int O)
{
    int in = O + n;
    for (size_t r = 0; r < rows; r++) {
        float *xr = x + r * in;
        memcpy(xr, obs + r * O, (size_t)O * sizeof *xr);
        memset(xr + O, 0, (size_t)n * sizeof *xr);
        xr[O + (int)(r % (size_t)n)] = 1.0f;
    }
}

void fs_qmix_begin_episode(fs_qmix *q)
{
    memset(q->h, 0, (size_t)q->c.n * q->c.hidden * sizeof *q->h);
}

/* argmax of q [A] over the available actions (a byte mask when acting, a
 * float mask in sampled batches); lowest index on ties; 0 when none is
 * available (padding steps, which the loss masks out). */
static int argmax_avail_u8(const float *qa, const unsigned char *av, int A)
{
    int best = -1;
    for (int u = 0; u < A; u++)
        if (av[u] && (best < 0 || qa[u] > qa[best]))
            best = u;
    return best < 0 ? 0 : best;
}

static int argmax_avail_f(const float *qa, const float *av, int A)
{
    int best = -1;
    for (int u = 0; u < A; u++)
        if (av[u] > 0.5f && (best < 0 || qa[u] > qa[best]))
            best = u;
    return best < 0 ? 0 : best;
}

void fs_qmix_act(fs_qmix *q, const float *obs, const unsigned char *avail,
                 double eps, fs_rng *r, int *actions)
{
    const int n = q->c.n, A = q->c.n_actions;
    make_inputs(q->x1, obs, (size_t)n, n, q->c.obs_dim);
    fs_qmix_agent_step(&q->al, fs_params_data(q->p), q->x1, q->h, q->q1, n,
                       q->scratch);
    for (int a = 0; a < n; a++) {
        const unsigned char *av = avail + (size_t)a * A;
        if (eps > 0 && fs_rng_uniform(r) < eps) {
            int k = 0;
            for (int u = 0; u < A; u++)
                k += av[u] != 0;
            int pick = k > 0 ? (int)fs_rng_below(r, (uint64_t)k) : 0;
            actions[a] = 0;
            for (int u = 0; u < A; u++)
                if (av[u] && pick-- == 0) {
                    actions[a] = u;
                    break;
                }
        } else {
            actions[a] = argmax_avail_u8(q->q1 + (size_t)a * A, av, A);
        }
    }
}

void fs_qmix_record_begin(fs_qmix *q)
{
    q->rec_len = 0;
}

static void record_slot(fs_qmix *q, const float *obs, const float *state,
                        const unsigned char *avail)
{
    const struct fs_qmix_cfg *c = &q->c;
    size_t t = q->rec_len;
    size_t S = field_floats(c, F_STATE), O = field_floats(c, F_OBS),
           AV = field_floats(c, F_AVAIL);
    memcpy(q->rec[F_STATE] + t * S, state, S * sizeof(float));
    memcpy(q->rec[F_OBS] + t * O, obs, O * sizeof(float));
    for (size_t i = 0; i < AV; i++)
        q->rec[F_AVAIL][t * AV + i] = avail[i] ? 1.0f : 0.0f;
}

void fs_qmix_record_step(fs_qmix *q, const float *obs, const float *state,
                         const unsigned char *avail, const int *actions,
                         double reward, int terminated)
{
    size_t t = q->rec_len, n = (size_t)q->c.n;
    if (t >= (size_t)q->c.episode_limit)
        return;
    record_slot(q, obs, state, avail);
    for (size_t a = 0; a < n; a++)
        q->rec[F_ACT][t * n + a] = (float)actions[a];
    q->rec[F_REW][t] = (float)reward;
    q->rec[F_TERM][t] = terminated ? 1.0f : 0.0f;
    q->rec_len++;
}

int fs_qmix_record_end(fs_qmix *q, const float *obs, const float *state,
                       const unsigned char *avail, fs_err *e)
{
    record_slot(q, obs, state, avail);
    size_t t = q->rec_len;
    q->rec[F_REW][t] = 0;
    q->rec[F_TERM][t] = 0;
    memset(q->rec[F_ACT] + t * q->c.n, 0, (size_t)q->c.n * sizeof(float));
    const float *data[N_FIELDS];
    for (int f = 0; f < N_FIELDS; f++)
        data[f] = q->rec[f];
    return fs_episodes_push(q->buf, data, t + 1, e);
}

size_t fs_qmix_buffer_size(const fs_qmix *q)
{
    return fs_episodes_size(q->buf);
}

/* Chosen Q [T*B x n] and target Q [T*B x n] from the two unrolls. */
static void gather_q(fs_qmix *q, const struct fs_qmix_batch *b,
                     const float *qon, const float *qtg)
{
    const int n = q->c.n, A = q->c.n_actions, B = b->B;
    const size_t R = (size_t)B * n, rows = (size_t)b->T * R;
    for (size_t i = 0; i < rows; i++) {
        int u = (int)b->actions[i];
        q->chosen[i] = qon[i * A + u];
        size_t nxt = i + R;                 /* same episode/agent, t + 1 */
        const float *av = b->avail + nxt * A;
        int best = q->c.double_q ? argmax_avail_f(qon + nxt * A, av, A)
                                 : argmax_avail_f(qtg + nxt * A, av, A);
        q->tq[i] = qtg[nxt * A + best];
    }
}

void fs_qmix_td_targets(float *y, const struct fs_qmix_batch *b,
                        const float *tq, const float *mask, double gamma,
                        double lambda)
{
    const int B = b->B, T = b->T;
    for (int e = 0; e < B; e++)
        for (int t = T - 1; t >= 0; t--) {
            size_t i = (size_t)t * B + e;
            double boot = tq[i];
            if (lambda > 0 && t + 1 < T && mask[i + B] > 0)
                boot = (1.0 - lambda) * tq[i] + lambda * y[i + B];
            y[i] = (float)(b->reward[i] +
                           gamma * (1.0 - b->terminated[i]) * boot);
        }
}

double fs_qmix_loss(fs_qmix *q, const struct fs_qmix_batch *b, int grad)
{
    const struct fs_qmix_cfg *c = &q->c;
    const int n = c->n, A = c->n_actions, B = b->B, T = b->T, L = T + 1;
    const size_t R = (size_t)B * n, M = (size_t)T * B;
    const float *th = fs_params_data(q->p), *tth = fs_params_data(q->tp);
    make_inputs(q->x, b->obs, (size_t)L * R, n, c->obs_dim);
    const float *qon = fs_qmix_agent_forward(&q->al, th, q->aw, q->x, L);
    const float *qtg = fs_qmix_agent_forward(&q->al, tth, q->taw, q->x, L);
    gather_q(q, b, qon, qtg);
    fs_qmix_mixer_forward(&q->ml, th, q->mw, q->chosen, b->state, (int)M,
                          q->qtot);
    fs_qmix_mixer_forward(&q->ml, tth, q->tmw, q->tq,
                          b->state + (size_t)B * c->state_dim, (int)M,
                          q->tqtot);
    for (size_t i = 0; i < M; i++) {
        q->mask[i] = b->filled[i];
        if (i >= (size_t)B)
            q->mask[i] *= 1.0f - b->terminated[i - B];
    }
    fs_qmix_td_targets(q->y, b, q->tqtot, q->mask, c->gamma, c->td_lambda);
    double loss = fs_nn_mse_forward(q->qtot, q->y, q->mask, M);
    if (!grad)
        return loss;
    fs_params_zero_grad(q->p);
    float *g = fs_params_grad(q->p);
    memset(q->dqtot, 0, M * sizeof(float));
    memset(q->dchosen, 0, M * n * sizeof(float));
    fs_nn_mse_backward(q->dqtot, q->qtot, q->y, q->mask, M, 1.0f);
    fs_qmix_mixer_backward(&q->ml, th, g, q->mw, q->dqtot, q->dchosen);
    memset(q->dq, 0, M * n * A * sizeof(float));
    for (size_t i = 0; i < M * n; i++)
        q->dq[i * A + (int)b->actions[i]] = q->dchosen[i];
    fs_qmix_agent_backward(&q->al, th, g, q->aw, q->dq, T);
    return loss;
}

int fs_qmix_train(fs_qmix *q, fs_rng *r, double *loss_out, fs_err *e)
{
    const struct fs_qmix_cfg *c = &q->c;
    size_t L = 0;
    int rc = fs_episodes_sample(q->buf, r, (size_t)c->batch, q->bat, q->filled,
                                &L, e);
    if (rc < 0)
        return rc;
    struct fs_qmix_batch b = {
        .T = (int)L - 1, .B = c->batch, .state = q->bat[F_STATE],
        .obs = q->bat[F_OBS], .avail = q->bat[F_AVAIL],
        .actions = q->bat[F_ACT], .reward = q->bat[F_REW],
        .terminated = q->bat[F_TERM], .filled = q->filled};
    if (b.T < 1)
        return fs_err_set(e, FS_EINTERNAL, "qmix: sampled batch has no step");
    double loss = fs_qmix_loss(q, &b, 1);
    size_t np = fs_params_count(q->p);
    double norm = fs_clip_grad_norm(fs_params_grad(q->p), np,
                                    (float)c->grad_clip);
    if (!isfinite(loss) || !isfinite(norm))
        return fs_err_set(e, FS_ENUMERIC,
                          "qmix: non-finite loss %g or gradient norm %g",
                          loss, norm);
    fs_optim_step(q->opt, fs_params_data(q->p), fs_params_grad(q->p));
    if (loss_out)
        *loss_out = loss;
    return 0;
}

void fs_qmix_update_target(fs_qmix *q)
{
    fs_params_copy(q->tp, q->p);
}
