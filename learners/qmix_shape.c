/* learners/qmix_shape.c - fairness reward shapers. See qmix_shape.h. */
#include "learners/qmix_shape.h"

#include <math.h>
#include <string.h>

#include "core/fairness.h"

static const char *text_or(const struct fs_job *job, const char *name,
                           const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

static enum fs_shape_schedule schedule_of(const char *t)
{
    if (strcmp(t, "linear") == 0)
        return FS_SCHED_LINEAR;
    if (strcmp(t, "cosine") == 0)
        return FS_SCHED_COSINE;
    if (strcmp(t, "step") == 0)
        return FS_SCHED_STEP;
    return FS_SCHED_CONST;
}

int fs_shaper_init(struct fs_shaper *s, enum fs_shape_kind kind,
                   const struct fs_job *job, const struct fs_env_class *cls,
                   int n_agents, fs_err *e)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->n = n_agents;
    double dflt_lambda = kind == FS_SHAPE_FIXED ? 10.0
                         : kind == FS_SHAPE_FEN ? 10.0 : 1.0;
    s->lambda = fs_job_num(job, "lambda", dflt_lambda);
    s->alpha = fs_job_num(job, "alpha", 0.5);
    s->tau = fs_job_num(job, "tau", 0.85);
    s->dual_lr = fs_job_num(job, "dual_lr", 0.01);
    s->lambda_max = fs_job_num(job, "lambda_max", 10.0);
    s->update_freq = (int)fs_job_num(job, "update_freq", 10);
    s->schedule = schedule_of(text_or(job, "schedule", "const"));
    s->lambda_start = fs_job_num(job, "lambda_start", 0.0);
    s->ramp = fs_job_num(job, "ramp", 0.5);
    s->lam = kind == FS_SHAPE_GNE ? 0.0 : s->lambda;
    if (kind == FS_SHAPE_NONE)
        return 0;
    if (!cls->ops || !cls->ops->workload)
        return fs_err_set(e, FS_ECONFIG,
                          "env %s publishes no workload, which the fairness "
                          "shaping needs", cls->name);
    if (n_agents > FS_SHAPE_MAX_AGENTS)
        return fs_err_set(e, FS_ECONFIG, "shaping supports at most %d agents",
                          FS_SHAPE_MAX_AGENTS);
    return 0;
}

void fs_shaper_begin_episode(struct fs_shaper *s)
{
    s->core_prev = 0;
    s->win_len = 0;
    s->win_pos = 0;
}

double fs_shaper_lambda(const struct fs_shaper *s, double progress)
{
    if (s->kind == FS_SHAPE_NONE)
        return 0.0;
    if (s->kind == FS_SHAPE_GNE)
        return s->lam;
    if (s->schedule == FS_SCHED_CONST || s->ramp <= 0)
        return s->lambda;
    double x = fmin(fmax(progress / s->ramp, 0.0), 1.0);
    double f = s->schedule == FS_SCHED_LINEAR   ? x
               : s->schedule == FS_SCHED_COSINE ? 0.5 * (1.0 - cos(3.14159265358979323846 * x))
                                                : floor(4.0 * x) / 4.0;
    return s->lambda_start + (s->lambda - s->lambda_start) * f;
}

static double sum_of(const double *w, int n)
{
    double t = 0;
    for (int i = 0; i < n; i++)
        t += w[i];
    return t;
}

static void dual_update(struct fs_shaper *s, double g)
{
    s->lam = fmin(fmax(s->lam + s->dual_lr * g, 0.0), s->lambda_max);
}

/* FEN-style shaping of one sub-step with reward r and task-activity
 * indicators act [n] (reference 3.3: EMA-normalised reward plus lambda / n
 * times the change of clip(0.8 tanh(inv-CV(U) - 1), -1, 1), U the activity
 * over the last 25 sub-steps). */
static double fen_substep(struct fs_shaper *s, double r, const double *act)
{
    const int n = s->n;
    double mag = fabs(r) + 1.0;
    s->eff_norm = s->eff_init ? 0.99 * s->eff_norm + 0.01 * mag : mag;
    s->eff_init = 1;
    double r_eff = r / fmax(s->eff_norm, 1.0);
    memcpy(s->window[s->win_pos], act, (size_t)n * sizeof act[0]);
    s->win_pos = (s->win_pos + 1) % FS_FEN_WINDOW;
    if (s->win_len < FS_FEN_WINDOW)
        s->win_len++;
    double u[FS_SHAPE_MAX_AGENTS] = {0};
    for (int k = 0; k < s->win_len; k++)
        for (int i = 0; i < n; i++)
            u[i] += s->window[k][i];
    double mean = sum_of(u, n) / n, var = 0;
    for (int i = 0; i < n; i++)
        var += (u[i] - mean) * (u[i] - mean);
    double f = fmax(mean, 1e-6) / (sqrt(var / n) + 1e-8);
    double core = fmin(fmax(0.8 * tanh(f - 1.0), -1.0), 1.0);
    double signal = core - s->core_prev;
    s->core_prev = core;
    return r_eff + s->lambda * signal / n;
}

double fs_shaper_step(struct fs_shaper *s, const struct fs_env_class *cls,
                      const fs_env *env, double r, int round, int done,
                      double progress, int train)
{
    if (s->kind == FS_SHAPE_NONE)
        return r;
    const int n = s->n;
    double w[FS_SHAPE_MAX_AGENTS], prev[FS_SHAPE_MAX_AGENTS], sk[2];
    double lam = fs_shaper_lambda(s, progress), pen = 0, fen = 0;
    cls->ops->workload(env, -1, prev, NULL);
    for (int k = 0; k < n; k++) {
        cls->ops->workload(env, k, w, sk);
        if (s->kind == FS_SHAPE_FEN) {
            double act[FS_SHAPE_MAX_AGENTS];
            for (int i = 0; i < n; i++)
                act[i] = w[i] > prev[i] ? 1.0 : 0.0;
            fen += fen_substep(s, r / n, act);
            memcpy(prev, w, (size_t)n * sizeof w[0]);
            continue;
        }
        if (sum_of(w, n) <= 0)
            continue;
        double l1 = fs_fair_gini(w, (size_t)n);
        double g = s->tau - fs_fair_jain(w, (size_t)n);
        switch (s->kind) {
        case FS_SHAPE_R1:
            pen += lam * l1;
            break;
        case FS_SHAPE_R2:
            pen += lam * fs_fair_l3(l1, fs_fair_l2_skill(&sk[0], &sk[1], 1),
                                    s->alpha);
            break;
        case FS_SHAPE_FIXED:
            pen += s->lambda * g;
            break;
        case FS_SHAPE_GNE:
            pen += s->lam * g;
            if (train && (round % s->update_freq == 0 || done))
                dual_update(s, g);
            break;
        default:
            break;
        }
    }
    return s->kind == FS_SHAPE_FEN ? fen : r - pen;
}

void fs_shaper_end_episode(struct fs_shaper *s, const struct fs_env_class *cls,
                           const fs_env *env)
{
    if (s->kind != FS_SHAPE_GNE)
        return;
    double w[FS_SHAPE_MAX_AGENTS];
    cls->ops->workload(env, s->n - 1, w, NULL);
    dual_update(s, s->tau - fs_fair_jain(w, (size_t)s->n));
}
