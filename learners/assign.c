/* learners/assign.c - the `assign` algorithm: solve one task assignment
 * instance (env `assign`) with one model and record its efficiency and
 * fairness measures (seed 004). See learners/assign.h for the models and
 * docs/results/assignment.md for the reproduction.
 *
 * Metrics (all deterministic, from the instance alone):
 *   eff efm raf orocf              measures in [0, 1] (raf and w_max are
 *                                  left out, NaN in the store, when
 *                                  n > raf_max_n)
 *   eff_lb efm_lb raf_lb orocf_lb  Table 5 ratios z/z_min, c_wo/c_wo_min,
 *                                  w/w_min, y/y_min (>= 1)
 *   z c_wo w y                     the solution's total, worst-off cost,
 *                                  RAF dispersion, opportunity cost sum
 *   z_min z_max c_max c_wo_min w_min w_max y_min y_max   the bounds
 *   efum_obj                       the EFUM objective at `alpha`
 *   n                              padded size
 * With time_solve: true, also solve_ms, the wall time of the model's solve
 * alone (not the bounds) -- the one metric that is NOT reproducible.
 */
#include "learners/assign.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "learners/learner.h"

static const struct fs_param_spec assign_params[] = {
    {"model", FS_PARAM_TEXT, 0, 0, 0, "lsap|nash|efum|bottleneck|rafmin|rafmax",
     "assignment model"},
    {"alpha", FS_PARAM_NUM, 0.5, 0, 1, NULL, "EFUM fairness weight (eq. 27)"},
    {"nash_m", FS_PARAM_NUM, 0, 0, INFINITY, NULL,
     "Nash model's M (eq. 26); 0: largest cost + 1"},
    {"raf", FS_PARAM_TEXT, 0, 0, 0, "quad|abs",
     "RAF dispersion: squared (eq. 8) or absolute (eq. 12) differences"},
    {"raf_max_n", FS_PARAM_INT, 10, 1, 14, NULL,
     "largest n for the exponential RAF bounds (w_max; absolute w_min)"},
    {"raf_time", FS_PARAM_NUM, 60, 0, INFINITY, NULL,
     "time limit of each GLPK RAF solve, seconds (0: none)"},
    {"time_solve", FS_PARAM_BOOL, 0, 0, 1, NULL,
     "add metric solve_ms (wall time; not reproducible)"},
};

static const char *text_param(const struct fs_job *job, const char *name,
                              const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

/* Solve the job's model into p. */
static int solve_model(const struct fs_assign_inst *inst, const struct fs_job *job,
                       int *p, fs_err *e)
{
    const char *model = text_param(job, "model", "lsap");
    int raf = strcmp(text_param(job, "raf", "quad"), "abs") == 0 ? FS_RAF_ABS : FS_RAF_QUAD;
    int max_n = (int)fs_job_num(job, "raf_max_n", 10);
    double w;
    if (strcmp(model, "lsap") == 0)
        return fs_assign_lsap(inst, p, e);
    if (strcmp(model, "nash") == 0)
        return fs_assign_nash(inst, fs_job_num(job, "nash_m", 0), p, e);
    if (strcmp(model, "efum") == 0)
        return fs_assign_efum(inst, fs_job_num(job, "alpha", 0.5), p, NULL, e);
    if (strcmp(model, "bottleneck") == 0)
        return fs_assign_bottleneck(inst, p, e);
    if (strcmp(model, "rafmin") == 0)
        return raf == FS_RAF_QUAD
                   ? fs_raf_quad_min(inst, &w, p, e)
                   : fs_raf_abs_milp(inst, 0, fs_job_num(job, "raf_time", 60), &w, p, e);
    if (strcmp(model, "rafmax") == 0)
        return raf == FS_RAF_QUAD ? fs_raf_quad_max(inst, max_n, &w, p, e)
                                  : fs_raf_abs_max(inst, max_n, &w, p, e);
    return fs_err_set(e, FS_ECONFIG, "assign: unknown model '%s'", model);
}

struct named {
    const char *name;
    double value;
};

static int record(struct fs_result *out, const struct named *m, int n, fs_err *e)
{
    int rc = FS_OK;
    for (int i = 0; i < n && !rc; i++)
        if (!isnan(m[i].value))      /* not computed: left out (NaN in the store) */
            rc = fs_result_metric(out, m[i].name, m[i].value, e);
    return rc;
}

static int assign_run(const struct fs_job *job, const struct fs_settings *s,
                      struct fs_result *out, fs_err *e)
{
    struct fs_assign_inst inst = {0};
    int rc = fs_assign_from_job(&inst, job, s->seed, e);
    if (rc)
        return rc;
    int *p = fs_xmalloc((size_t)inst.n * sizeof *p);
    double t0 = now_ms();
    rc = solve_model(&inst, job, p, e);
    double solve_ms = now_ms() - t0;
    struct fs_assign_bounds b;
    int raf = strcmp(text_param(job, "raf", "quad"), "abs") == 0 ? FS_RAF_ABS : FS_RAF_QUAD;
    if (!rc)
        rc = fs_assign_bounds_compute(&inst, raf, (int)fs_job_num(job, "raf_max_n", 10),
                                      fs_job_num(job, "raf_time", 60), &b, e);
    if (!rc) {
        struct fs_assign_measures m;
        fs_assign_measure(&inst, p, &b, &m);
        const struct named metrics[] = {
            {"eff", m.eff}, {"efm", m.efm}, {"raf", m.raf}, {"orocf", m.orocf},
            {"eff_lb", m.eff_lb}, {"efm_lb", m.efm_lb}, {"raf_lb", m.raf_lb},
            {"orocf_lb", m.orocf_lb}, {"z", m.z}, {"c_wo", m.c_wo}, {"w", m.w},
            {"y", m.y}, {"z_min", b.z_min}, {"z_max", b.z_max}, {"c_max", b.c_max},
            {"c_wo_min", b.c_wo_min}, {"w_min", b.w_min}, {"w_max", b.w_max},
            {"y_min", b.y_min}, {"y_max", b.y_max},
            {"efum_obj", fs_assign_efum_objective(&inst, fs_job_num(job, "alpha", 0.5), p)},
            {"n", inst.n},
        };
        rc = record(out, metrics, (int)(sizeof metrics / sizeof metrics[0]), e);
        if (!rc && fs_job_num(job, "time_solve", 0) != 0)
            rc = fs_result_metric(out, "solve_ms", solve_ms, e);
    }
    free(p);
    fs_assign_clear(&inst);
    return rc;
}

/* Rough seconds: the LSAPs are ~1e-8 n^3 each and EFUM runs up to ~1000 of
 * them warm; the exponential RAF bounds dominate near raf_max_n. */
static double assign_cost(const struct fs_job *job, const struct fs_settings *s)
{
    (void)s;
    double n = fs_job_num(job, "agents", 5), t = fs_job_num(job, "tasks", 0);
    n = fmax(n, t);
    double c = 2e-7 * n * n * n;
    if (strcmp(text_param(job, "model", "lsap"), "efum") == 0)
        c += 3e-7 * n * n * 1000;
    if (n <= fs_job_num(job, "raf_max_n", 10))
        c += 1e-6 * exp(1.4 * n);
    return c;
}

static const char *const assign_envs[] = {"assign", NULL};

const struct fs_learner fs_learner_assign = {
    .name = "assign",
    .summary = "task assignment models (LSAP, Nash, EFUM, bottleneck, RAF extremes) and "
               "their Eff/EFM/RAF/OROCF",
    .params = assign_params,
    .n_params = sizeof assign_params / sizeof assign_params[0],
    .envs = assign_envs,
    .cost = assign_cost,
    .run = assign_run,
};
