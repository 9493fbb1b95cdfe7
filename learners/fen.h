/* learners/fen.h - FEN, the hierarchical Fair-Efficient Network (Jiang & Lu,
 * NeurIPS 2019), over any environment with the multi-agent stepping
 * interface (envs/env.h) that reports per-agent rewards.
 *
 * Specification: shared/reference/marl-algorithms.md section 2, following
 * the authors' code where it and the paper differ:
 *  - utility u_i = agent i's mean reward so far this episode; u_bar = mean
 *    of the u_i, exact or estimated by gossip (section 2.5);
 *  - per agent a controller picks one of k sub-policies every T steps from
 *    its observation plus rat = u_i/u_bar - 1 and utili = min(1, u_bar/c);
 *    its reward for a T-step segment is the fair-efficient reward
 *    utili / (eps + |rat|) at the segment's end, its PPO target that reward
 *    itself (no discounting across segments), updated once per episode;
 *  - sub-policy 0 learns from the environment reward, sub-policies 1..k-1
 *    from the diversity reward p_ctrl(z | o_{t+1}) (the authors' code) or
 *    log p_ctrl(z | o_{t+1}) (the paper), each updated at the end of every
 *    segment on that segment, with undiscounted-at-the-end returns
 *    (gamma 0.98) and normalised advantages;
 *  - PPO: one clipped step per update (clip 0.2, bonus -0.03 p log p), the
 *    value net fitted first; Adam 3e-4 (actor) and 1e-3 (critic);
 *  - sub-policies and controller shared across agents (as job.py and
 *    matthew.py) or one set per agent (as plant.py).
 * With hierarchical = 0 the same machinery is plain independent PPO: one
 * policy per agent (or shared) on the environment reward, updated every T
 * steps; that is the `ppo` baseline.
 *
 * fs_fen_features/fs_fen_reward/fs_fen_gossip are pure; fs_fen is an opaque
 * trainer owning its networks and buffers.
 */
#ifndef FS_LEARNERS_FEN_H
#define FS_LEARNERS_FEN_H

#include <stdint.h>

#include "core/err.h"
#include "core/rng.h"
#include "envs/env.h"

/* ---- the fair-efficient reward ---------------------------------------------- */

/* The controller's two fairness features of an agent with utility u and
 * mean utility avg: *rat = (u - avg) / avg (0 when avg == 0) and
 * *utili = min(1, avg / c), c > 0. */
void fs_fen_features(double u, double avg, double c, double *rat,
                     double *utili);

/* The fair-efficient reward utili / (eps + |rat|) with the features above;
 * eps > 0. */
double fs_fen_reward(double u, double avg, double c, double eps);

/* The authors' (commented-out) average consensus: est = copy of u [n];
 * `rounds` times, for each agent i in order, s = the sum of est over 3
 * agents drawn uniformly with replacement, then
 *   est[i] = 0.02 est[i] + 0.98 (est[i] + s) / 4 + U(-0.5, 0.5) 1e-4.
 * Writes agent i's estimate of the mean utility to est[i]. est and u must
 * not overlap. */
void fs_fen_gossip(const double *u, double *est, int n, int rounds,
                   fs_rng *r);

/* ---- the trainer ---------------------------------------------------------- */

struct fs_fen_cfg {
    int hierarchical;     /* 1: FEN; 0: independent PPO on the env reward */
    int k;                /* sub-policies (FEN), >= 1 */
    int period;           /* T, steps per controller decision (and update) */
    int hidden;           /* sub-policy actor and critic width */
    int ctrl_hidden;      /* controller actor and critic width */
    double gamma;         /* sub-policy discount */
    double lr_actor, lr_critic;
    float clip, ent_coef;
    double c;             /* utility normaliser; 0: automatic (see fs_fen_c) */
    double eps;           /* epsilon of the fair-efficient reward */
    int diversity_log;    /* 0: reward p(z|o'), 1: log p(z|o') */
    int gossip;           /* 0: exact mean utility, 1: gossip estimate */
    int gossip_rounds;
    int share;            /* 1: one set of networks for all agents */
};

/* The defaults of section 2.4 (k 4, T 25, widths 256/128, gamma 0.98,
 * Adam 3e-4/1e-3, clip 0.2, bonus 0.03, c automatic, eps 0.1, p(z|o'),
 * exact mean, 10 gossip rounds, shared networks). */
struct fs_fen_cfg fs_fen_defaults(void);

/* What one episode produced. utility is caller-owned [n_agents]. */
struct fs_fen_episode {
    int steps;
    double team_return;   /* sum of the shared reward */
    double *utility;      /* mean per-step reward of each agent */
};

typedef struct fs_fen fs_fen;

/* A trainer for instances of the given sizes, networks initialised from
 * init_rng. Errors: FS_ECONFIG for unusable sizes or settings. *out owned
 * by the caller (fs_fen_destroy). */
int fs_fen_create(const struct fs_fen_cfg *cfg, const struct fs_env_spec *spec,
                  fs_rng *init_rng, fs_fen **out, fs_err *e);
void fs_fen_destroy(fs_fen **f);            /* NULL-safe */

/* Run one episode of env (reset first): act with the current policies
 * (sampling; environment randomness from env_rng, everything else from
 * act_rng) and, when train is set, learn from it. z_trace, if not NULL,
 * receives the active sub-policy of agent i at step t at
 * z_trace[t * n_agents + i] for t < episode_limit (always 0 without the
 * hierarchy). Returns 0, or the env's error. */
int fs_fen_episode(fs_fen *f, const struct fs_env_ops *ops, fs_env *env,
                   fs_rng *env_rng, fs_rng *act_rng, int train,
                   struct fs_fen_episode *out, int *z_trace, fs_err *e);

/* A central allocator (DECAF's FEN port, marl-algorithms.md 4.5): instead
 * of each agent sampling from its active sub-policy, the allocator gets
 * every agent's action probabilities probs [n_agents x n_actions] (0 where
 * unavailable) as scores, the availability mask avail [n_agents x
 * n_actions] and a random stream, and writes a feasible joint action to
 * actions [n_agents]; each chosen action must be available (one whose
 * probability underflowed to 0 is accepted, its PPO ratio then taken
 * against FLT_MIN, so it adds about no gradient). Returns 0 or a negative
 * status with e set. */
typedef int (*fs_fen_allocator)(void *ctx, const float *probs,
                                const unsigned char *avail, int n_agents,
                                int n_actions, fs_rng *r, int *actions,
                                fs_err *e);

/* Route every joint action of f through alloc (NULL: back to independent
 * sampling). ctx is passed through and stays owned by the caller. */
void fs_fen_set_allocator(fs_fen *f, fs_fen_allocator alloc, void *ctx);

/* Utility increments (DECAF's FEN port, marl-algorithms.md 4.5: utilities
 * on fairness-variable increments, not raw rewards): after each step, fn
 * gets the per-agent rewards agent_r [n_agents] just returned by the env
 * and writes each agent's utility increment to inc [n_agents]; u_i is the
 * mean increment so far, and the automatic c uses their per-step sums.
 * Sub-policy 0 still learns from agent_r. NULL (the default): inc =
 * agent_r. ctx stays owned by the caller. */
typedef void (*fs_fen_utility)(void *ctx, const double *agent_r, int n_agents,
                               double *inc);
void fs_fen_set_utility(fs_fen *f, fs_fen_utility fn, void *ctx);

/* Inspection (for analysis and tests): agent i's action probabilities
 * under sub-policy z for observation obs [obs_dim] (avail may be NULL) into
 * probs [n_actions]; and its controller's sub-policy probabilities for the
 * input x [obs_dim + 2] = (observation, rat, utili) into probs [k] (needs
 * the hierarchy). 0 <= i < n_agents, 0 <= z < k. */
void fs_fen_subpolicy_probs(fs_fen *f, int i, int z, const float *obs,
                            const unsigned char *avail, float *probs);
void fs_fen_controller_probs(fs_fen *f, int i, const float *x, float *probs);

/* The c in use: cfg.c when positive, else the largest per-step sum of agent
 * utility increments (rewards without a utility hook) seen in training divided by the number of agents (the best
 * equal share of one step; 1e-12 before any reward). */
double fs_fen_c(const fs_fen *f);

#endif /* FS_LEARNERS_FEN_H */
