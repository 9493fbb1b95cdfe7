/* learners/fen_decaf.h - FEN and its PPO baseline on DECAF's environments
 * (`matthew`, `job`, `plant`, `biaseddm`), as DECAF's FEN port does it
 * (shared/reference/marl-algorithms.md section 4.5).
 *
 * A DECAF environment (envs/decaf.h) has no free per-agent actions: a
 * central allocator picks a feasible joint action. This module is a
 * stepping view (envs/env.h's fs_env_ops) of such an environment plus the
 * two trainer hooks that make FEN (learners/fen.h) run on it unchanged:
 *  - observation of agent i: its post-decision observation for action 0
 *    (stay / no new claim / not take), which in all four environments is
 *    the pre-decision observation the port feeds its policies;
 *    availability: the allowed mask of the allocation constraints;
 *  - per-agent reward: the env's learning reward (with Job's and Plant's
 *    shaping, Matthew's expected discounted pickup), which sub-policy 0
 *    and plain PPO learn from; the shared reward is the sum of the step's
 *    utilities (counted in su);
 *  - utility increments (fs_fen_set_utility): the change of each agent's
 *    fairness variable over the step (su, or BiasedDM's resource rate),
 *    as the port computes FEN's utilities; so u_i is that variable's
 *    change per step since the reset and u_i / u_bar - 1 its relative
 *    advantage;
 *  - joint action (fs_fen_set_allocator): the exact allocator of
 *    learners/decaf_alloc.h on scores from the agents' action
 *    probabilities under their active sub-policies: the probabilities
 *    themselves (the port's choice: the feasible joint action with the
 *    largest sum of probabilities) or log p plus Gumbel noise ("sample":
 *    when no constraint binds, an exact sample of every agent's policy).
 *    Pairs of probability 0 are excluded while a feasible allocation
 *    without them exists.
 * Episode metrics (names without a prefix, as the decaf-* learners report
 * them, so tables line up): util = sum_i su_i, fair = -variance of the
 * fairness vector (su, or BiasedDM's resource rate), var = that variance.
 *
 * Determinism: the view draws from the rngs the trainer passes only; the
 * "probs" allocation draws nothing. Not collective.
 */
#ifndef FS_LEARNERS_FEN_DECAF_H
#define FS_LEARNERS_FEN_DECAF_H

#include "envs/env.h"
#include "learners/fen.h"

/* How the allocator scores (agent, action) pairs. */
enum fs_fen_decaf_scores {
    FS_FEN_DECAF_PROBS = 0,   /* p(a): DECAF's FEN port */
    FS_FEN_DECAF_SAMPLE = 1,  /* log p(a) + Gumbel noise */
};

/* The view's operations. create(job, ...) opens the job's env, which
 * must have extra_kind "decaf" (FS_ECONFIG otherwise); spec: n_agents,
 * obs_dim = the env's pds_dim, state_dim 0 (observe ignores state),
 * n_actions, episode_limit. */
extern const struct fs_env_ops fs_fen_decaf_ops;

/* 1 when the job's env is a DECAF environment (the view applies). */
int fs_fen_decaf_applies(const struct fs_job *job);

/* The hooks themselves (public for tests), with view as ctx:
 * fs_fen_decaf_allocate is an fs_fen_allocator: the allocator on the
 * view's constraints from its last observe, scored as set by attach
 * (FS_FEN_DECAF_PROBS for a view never attached); fs_fen_decaf_utility is
 * an fs_fen_utility: the fairness-variable increments of the view's last
 * step (0 after a reset). */
int fs_fen_decaf_allocate(void *view, const float *probs,
                          const unsigned char *avail, int n_agents,
                          int n_actions, fs_rng *r, int *actions, fs_err *e);
void fs_fen_decaf_utility(void *view, const double *agent_r, int n_agents,
                          double *inc);

/* Route f's joint actions through view's allocator with the given scores
 * and its utilities through view's fairness-variable increments. view was
 * made by fs_fen_decaf_ops.create and must outlive f's use of it. */
void fs_fen_decaf_attach(fs_fen *f, fs_env *view,
                         enum fs_fen_decaf_scores scores);

#endif /* FS_LEARNERS_FEN_DECAF_H */
