/* learners/qmix_learners.h - the QMIX learner plug-ins (`qmix`, `qmix-r1`,
 * `qmix-r2`, `qmix-fen`, `qmix-fixed`, `fair-gne`): configuration from a
 * job's parameters (with the `pymarl` and `hospital` presets) and the
 * training loop shared by all of them. See docs/qmix.md.
 *
 * Metrics of a job (means over the final evaluation's episodes): the env's
 * episode metrics (for resus: success, return, rounds, w0..w2, jfi, gini,
 * l2, l3, align), csat (share of episodes with JFI >= tau), lambda (final),
 * kkt_rate (share of evaluations meeting the KKT conditions, tolerance
 * kkt_tol), train_episodes, updates, loss (mean TD loss), train_steps.
 * Curves, one point per evaluation (every eval_every env steps, and once at
 * the end if the budget is not a multiple): success, return, jfi, gini, l2,
 * lambda, csat, kkt.
 */
#ifndef FS_LEARNERS_QMIX_LEARNERS_H
#define FS_LEARNERS_QMIX_LEARNERS_H

#include <stdint.h>

#include "envs/env.h"
#include "learners/learner.h"
#include "learners/qmix.h"
#include "learners/qmix_shape.h"

enum { QMIX_CURVES = 8 };

extern const struct fs_learner fs_learner_qmix;
extern const struct fs_learner fs_learner_qmix_r1;
extern const struct fs_learner fs_learner_qmix_r2;
extern const struct fs_learner fs_learner_qmix_fen;
extern const struct fs_learner fs_learner_qmix_fixed;
extern const struct fs_learner fs_learner_fair_gne;

/* Loop settings that are not part of the model. */
struct fs_qmix_run_cfg {
    int64_t env_steps, eval_every;
    int eval_episodes;
    int batch;
    int train_every;              /* episodes collected per update */
    int64_t target_update;        /* episodes between hard target copies */
    double eps_start, eps_finish, eps_anneal, eval_eps;
    double reward_scale;          /* multiplies the (shaped) reward */
    double kkt_tol;
};

/* Fill the model and loop settings from the job's parameters, the preset
 * (`config`: pymarl or hospital) and the sweep's budget. */
void fs_qmix_configure(const struct fs_job *job, const struct fs_settings *s,
                       const struct fs_env_spec *spec, struct fs_qmix_cfg *qc,
                       struct fs_qmix_run_cfg *rc);

/* Train and evaluate one job with the given shaping. */
int fs_qmix_run(const struct fs_job *job, const struct fs_settings *s,
                enum fs_shape_kind kind, struct fs_result *out, fs_err *e);

#endif /* FS_LEARNERS_QMIX_LEARNERS_H */
