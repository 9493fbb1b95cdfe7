/* learners/qmix_shape.h - fairness reward shapers composed with QMIX.
 *
 * The shaped reward is what QMIX trains on; the environment's own return
 * is still what the metrics report. Shapers that need the running workload
 * read it through the env's optional `workload` op (envs/env.h) after each
 * agent's sub-step, so a round's penalty is the sum of the n sub-step
 * penalties, as MARLHospital shapes each sub-step. A penalty applies only
 * once some task was done (sum w > 0), as Fair-GNE's code does.
 *
 *   none    r
 *   r1      r - lam_t * L1(w)                            (workload, Gini)
 *   r2      r - lam_t * (alpha L1(w) + (1 - alpha) L2)   (FairSkillMARL)
 *   fixed   r - lam * (tau - JFI(w))                     (fixed penalty)
 *   gne     r - lam * (tau - JFI(w)), lam by projected dual ascent
 *           lam <- clip(lam + eta (tau - JFI), 0, lam_max) at sub-steps of
 *           rounds that are multiples of update_freq and at the episode's
 *           end (Fair-GNE utils/fair_gne.py); training episodes only.
 *   fen     MARLHospital's FEN-style utilisation shaping (reference 3.3)
 * lam_t for r1/r2 follows the adaptive scheduler: constant, or a ramp from
 * lambda_start to lambda over the first `ramp` fraction of training
 * (linear, cosine, or four equal steps).
 * Reference: marl-algorithms.md 3.2-3.4, paper-formulas.md 2-3.
 */
#ifndef FS_LEARNERS_QMIX_SHAPE_H
#define FS_LEARNERS_QMIX_SHAPE_H

#include "envs/env.h"

enum fs_shape_kind {
    FS_SHAPE_NONE, FS_SHAPE_R1, FS_SHAPE_R2, FS_SHAPE_FIXED, FS_SHAPE_GNE,
    FS_SHAPE_FEN
};

enum fs_shape_schedule {
    FS_SCHED_CONST, FS_SCHED_LINEAR, FS_SCHED_COSINE, FS_SCHED_STEP
};

enum { FS_SHAPE_MAX_AGENTS = 16, FS_FEN_WINDOW = 25 };

struct fs_shaper {
    enum fs_shape_kind kind;
    int n;
    double lambda, alpha, tau, dual_lr, lambda_max;
    int update_freq;
    enum fs_shape_schedule schedule;
    double lambda_start, ramp;
    double lam;                   /* current lambda (dual variable for gne) */
    /* FEN state */
    double eff_norm;
    int eff_init;
    double core_prev;
    int win_len, win_pos;
    double window[FS_FEN_WINDOW][FS_SHAPE_MAX_AGENTS];
};

/* Configure from the job's parameters (lambda, alpha, tau, dual_lr,
 * lambda_max, update_freq, schedule, lambda_start, ramp; defaults in
 * docs/qmix.md). Errors: FS_ECONFIG when the env publishes no workload but
 * the kind needs it, or n > FS_SHAPE_MAX_AGENTS. */
int fs_shaper_init(struct fs_shaper *s, enum fs_shape_kind kind,
                   const struct fs_job *job, const struct fs_env_class *cls,
                   int n_agents, fs_err *e);

/* Start of an episode (resets the per-episode FEN state). */
void fs_shaper_begin_episode(struct fs_shaper *s);

/* The shaped reward of one env step with team reward r. round: rounds
 * played including this one; done: the episode ended with it; progress:
 * fraction of the training budget used (for the schedule); train: update
 * the dual variable. */
double fs_shaper_step(struct fs_shaper *s, const struct fs_env_class *cls,
                      const fs_env *env, double r, int round, int done,
                      double progress, int train);

/* End of a training episode: Fair-GNE's extra dual update on the final
 * workload. */
void fs_shaper_end_episode(struct fs_shaper *s, const struct fs_env_class *cls,
                           const fs_env *env);

/* The lambda in force at this training progress (r1/r2 schedule; the dual
 * variable for gne; lambda otherwise). */
double fs_shaper_lambda(const struct fs_shaper *s, double progress);

#endif /* FS_LEARNERS_QMIX_SHAPE_H */
