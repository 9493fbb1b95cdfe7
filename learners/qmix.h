/* learners/qmix.h - QMIX as in PyMARL (Rashid et al. 2018): a shared GRU
 * agent network with agent-id input, the hypernetwork mixer, double Q, a
 * hard-copied target network, an episode replay buffer, epsilon-greedy
 * acting over available actions, masked TD loss, global-norm clipping and
 * Adam or RMSprop. Reference: shared/reference/marl-algorithms.md sec. 1.
 *
 * This is the model and its update; the training loop over an environment,
 * evaluation and reward shaping are in qmix_run.c / qmix_shape.c, and the
 * learner plug-ins (`qmix`, `qmix-r1`, ...) in qmix_learners.c.
 *
 * Agent input: obs_a(t) then onehot(a) (obs_agent_id True, obs_last_action
 * False as in the healthcare papers' EPyMARL config). Rows are time-major:
 * row (t * B + b) * n + a.
 */
#ifndef FS_LEARNERS_QMIX_H
#define FS_LEARNERS_QMIX_H

#include <stddef.h>

#include "core/err.h"
#include "core/params.h"
#include "core/rng.h"

struct fs_qmix_cfg {
    int n, obs_dim, state_dim, n_actions, episode_limit;   /* from the env */
    int hidden;               /* agent GRU width (64) */
    int embed;                /* mixing_embed_dim (32) */
    int hyper_embed;          /* hypernet_embed (64) */
    double gamma;             /* 0.99 */
    double lr;                /* 5e-4 */
    int rmsprop;              /* 1: RMSprop(alpha .99, eps 1e-5); 0: Adam */
    int batch;                /* episodes per update (32) */
    int buffer;               /* episodes kept (5000) */
    int double_q;             /* 1 */
    double grad_clip;         /* 10 */
    double td_lambda;         /* 0: one-step targets (PyMARL); else TD(lambda) */
};

typedef struct fs_qmix fs_qmix;

/* A model with parameters drawn from init (agent then mixer, PyTorch
 * ranges), the target a copy, optimizer state zero, an empty buffer.
 * Errors: FS_ECONFIG for bad sizes. *out owned by the caller. */
int fs_qmix_create(const struct fs_qmix_cfg *cfg, fs_rng *init, fs_qmix **out,
                   fs_err *e);
void fs_qmix_destroy(fs_qmix **q);          /* NULL-safe, sets *q NULL */

/* Online and target parameter arenas (same layout). */
fs_params *fs_qmix_params(fs_qmix *q);
fs_params *fs_qmix_target(fs_qmix *q);

/* ---- acting ---------------------------------------------------------- */

/* Zero the acting hidden state (start of an episode). */
void fs_qmix_begin_episode(fs_qmix *q);
/* Epsilon-greedy joint action from obs [n x O] and avail [n x A] (at least
 * one per agent): per agent with probability eps a uniform available action
 * (one fs_rng_uniform, then one fs_rng_below), else the argmax over the
 * available ones (lowest index on ties). Advances the hidden state. */
void fs_qmix_act(fs_qmix *q, const float *obs, const unsigned char *avail,
                 double eps, fs_rng *r, int *actions);

/* ---- episodes and updates -------------------------------------------- */

/* Episode recording: call fs_qmix_record_step once per env step (before
 * stepping: obs, state, avail of the step and the joint action; after:
 * reward and terminated), then fs_qmix_record_end with the final obs,
 * state and avail, which pushes the episode (episode_limit + 1 slots). */
void fs_qmix_record_begin(fs_qmix *q);
void fs_qmix_record_step(fs_qmix *q, const float *obs, const float *state,
                         const unsigned char *avail, const int *actions,
                         double reward, int terminated);
int fs_qmix_record_end(fs_qmix *q, const float *obs, const float *state,
                       const unsigned char *avail, fs_err *e);
size_t fs_qmix_buffer_size(const fs_qmix *q);

/* A time-major batch of B episodes: L = T + 1 slots of state [L][B][S],
 * obs [L][B][n O], avail [L][B][n A], and T transitions of actions
 * [L][B][n], reward [L][B], terminated [L][B], filled [L][B] (as the
 * episode buffer samples them; only the first T slots of the last four
 * are read). */
struct fs_qmix_batch {
    int T, B;
    const float *state, *obs, *avail, *actions, *reward, *terminated, *filled;
};

/* TD targets y [T x B] (time-major, index t * B + episode) from the
 * batch's reward and terminated, the target network's Q_tot of the next
 * state tq [T x B] (tq[t] values s_{t+1}) and the loss mask [T x B].
 * lambda 0: y_t = r_t + gamma (1 - term_t) tq_t (PyMARL). lambda > 0: the
 * lambda-return of pymarl2's build_td_lambda_targets, backwards per
 * episode, y_t = r_t + gamma (1 - term_t) ((1 - lambda) tq_t + lambda
 * y_{t+1}), bootstrapping with tq_t alone where step t+1 is masked. Pure. */
void fs_qmix_td_targets(float *y, const struct fs_qmix_batch *b,
                        const float *tq, const float *mask, double gamma,
                        double lambda);

/* The masked TD loss of the online network on a batch against the target
 * network (PyMARL q_learner): returns the loss; with grad != 0 also
 * ZEROES and fills the online arena's gradient. B <= cfg batch, T <=
 * episode_limit. */
double fs_qmix_loss(fs_qmix *q, const struct fs_qmix_batch *b, int grad);

/* One PyMARL training step: sample cfg.batch episodes with r, loss and
 * gradient, clip, optimizer step. *loss_out (may be NULL) gets the loss.
 * Errors: FS_ECONFIG when the buffer holds fewer than batch episodes,
 * FS_ENUMERIC for a non-finite loss or gradient norm. */
int fs_qmix_train(fs_qmix *q, fs_rng *r, double *loss_out, fs_err *e);

/* Hard copy online -> target (agent and mixer). */
void fs_qmix_update_target(fs_qmix *q);

#endif /* FS_LEARNERS_QMIX_H */
