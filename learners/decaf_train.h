/* learners/decaf_train.h - internal: the DECAF training and evaluation
 * loops shared by decaf-jo, decaf-so and decaf-fo (learners/decaf.c).
 *
 * A run holds one DECAF environment instance, the allocator, a replay
 * buffer and up to two value heads. Each head is a value network V_k over
 * post-decision observations with
 *  - a decision weight w_k: actions are chosen by the allocator on
 *    Q(i, a) = sum_k w_k V_k(pds(i, a));
 *  - a reward mix: V_k learns from w_r r_i + w_f r^f_i (r the env's
 *    learning reward, r^f the per-agent fairness reward);
 *  - a trainable flag (FO freezes its utility head).
 * JO is one head (w = 1, mix (1 - beta, beta)); SO is two heads
 * (U: w = 1 - beta, mix (1, 0); F: w = beta, mix (0, 1)); FO is SO with U
 * trained first as JO at beta = 0 and then frozen.
 *
 * Double DQN over post-decision states (reference section 4.3): for a
 * stored step (s, a, r, r^f, done) and its successor s', the next joint
 * action a*' is the allocation under the ONLINE heads' combined Q at s',
 * and each trainable head regresses V_k(pds_i(s, a_i)) onto
 * mix_i + gamma (1 - done) V_k,target(pds_i(s', a*'_i)) for the n agents of
 * the step (one Adam step per sampled step).
 */
#ifndef FS_LEARNERS_DECAF_TRAIN_H
#define FS_LEARNERS_DECAF_TRAIN_H

#include <stddef.h>

#include "core/err.h"
#include "core/rng.h"
#include "envs/decaf.h"
#include "learners/decaf_fair.h"
#include "learners/decaf_vnet.h"

struct decaf_cfg {
    double lr, gamma, eps_start, eps_end;
    int hidden, batch, update_every, learn_start, target_every;
    int episodes;             /* training episodes per phase */
    size_t buffer;            /* replay capacity in steps */
    enum fs_decaf_fairness fairness;
    int validate_every;       /* episodes between validations; 0: none */
    int validate_episodes;    /* greedy episodes per validation */
};

struct decaf_head {
    fs_decaf_vnet *net;
    double weight;            /* decision weight */
    double w_r, w_f;          /* reward mix */
    int trainable;
};

enum { DECAF_MAX_HEADS = 2 };

struct decaf_run;

/* Episode summary: total utility sum_i su_i, F of the fairness vector,
 * and its variance. */
struct decaf_score {
    double util, fair, var;
};

/* A run on the env instance `env` (owned by the caller, which destroys it
 * after decaf_run_destroy). Never NULL. */
struct decaf_run *decaf_run_create(const struct fs_decaf_ops *ops,
                                   fs_decaf_env *env,
                                   const struct fs_decaf_spec *spec,
                                   const struct decaf_cfg *cfg);
void decaf_run_destroy(struct decaf_run **run);

/* Set the heads (copied; nets stay owned by the caller). */
void decaf_run_set_heads(struct decaf_run *run, const struct decaf_head *h,
                         int n_heads);

/* Train cfg->episodes episodes with a fresh replay buffer and epsilon
 * schedule. curve_util / curve_fair [episodes] (may be NULL) receive each
 * training episode's score. With cfg->validate_every > 0, every that many
 * episodes (from episode 20 on, as the authors' code) the greedy policy
 * plays cfg->validate_episodes episodes (env randomness from a copy of
 * *val_rng) and the trainable heads with the best objective
 * (1 - val_beta) util + val_beta fair are kept and restored at the end.
 * Errors: FS_ENUMERIC on a non-finite loss, allocator and env errors. */
int decaf_run_train(struct decaf_run *run, fs_rng *env_rng, fs_rng *act_rng,
                    fs_rng *replay_rng, const fs_rng *val_rng,
                    double val_beta, double *curve_util, double *curve_fair,
                    fs_err *e);

/* Greedy evaluation over `episodes` episodes, env randomness from a copy
 * of *eval_rng (so every call sees the same episodes). Mean scores. */
int decaf_run_evaluate(struct decaf_run *run, const fs_rng *eval_rng,
                       int episodes, struct decaf_score *out, fs_err *e);

#endif /* FS_LEARNERS_DECAF_TRAIN_H */
