/* learners/assign_measures.c - Eff, EFM, RAF, OROCF and their bounds
 * (seed 004, eq. 4, 8-9, 23-24, 30; Table 5 ratios). See assign.h. */
#include "learners/assign.h"

#include <math.h>
#include <stdlib.h>

#include "learners/lsap.h"

static double cost_at(const struct fs_assign_inst *inst, int a, int k)
{
    return inst->cost[(size_t)a * inst->n + k];
}

double fs_assign_total(const struct fs_assign_inst *inst, const int *p)
{
    double s = 0;
    for (int a = 0; a < inst->n; a++)
        if (fs_assign_is_real(inst, a, p[a]))
            s += cost_at(inst, a, p[a]);
    return s;
}

double fs_assign_worst(const struct fs_assign_inst *inst, const int *p)
{
    double m = -INFINITY;
    for (int a = 0; a < inst->n; a++)
        if (fs_assign_is_real(inst, a, p[a]))
            m = fmax(m, cost_at(inst, a, p[a]));
    return m;
}

double fs_assign_raf_w(const struct fs_assign_inst *inst, const int *p, int raf_kind)
{
    double w = 0;
    for (int a = 0; a < inst->n; a++) {
        if (!fs_assign_is_real(inst, a, p[a]))
            continue;
        for (int b = a + 1; b < inst->n; b++) {
            if (!fs_assign_is_real(inst, b, p[b]))
                continue;
            double d = cost_at(inst, a, p[a]) - cost_at(inst, b, p[b]);
            w += raf_kind == FS_RAF_ABS ? fabs(d) : d * d;
        }
    }
    return w;
}

/* Agent a's normalised opportunity cost of task k (eq. 23's summand); 0 for
 * dummy pairs. */
static double oroc_term(const struct fs_assign_inst *inst, int a, int k)
{
    if (!fs_assign_is_real(inst, a, k))
        return 0;
    double lo = INFINITY, hi = -INFINITY;
    for (int j = 0; j < inst->tasks; j++) {
        lo = fmin(lo, cost_at(inst, a, j));
        hi = fmax(hi, cost_at(inst, a, j));
    }
    return (cost_at(inst, a, k) - lo + FS_ASSIGN_EPS) / (hi - lo + FS_ASSIGN_EPS);
}

double fs_assign_oroc_y(const struct fs_assign_inst *inst, const int *p)
{
    double y = 0;
    for (int a = 0; a < inst->n; a++)
        y += oroc_term(inst, a, p[a]);
    return y;
}

/* min and max of sum_a m[a][p(a)] over permutations. */
static int linear_extremes(int n, const double *m, double *lo, double *hi, fs_err *e)
{
    size_t nn = (size_t)n * n;
    double *neg = fs_xmalloc(nn * sizeof *neg);
    int *p = fs_xmalloc((size_t)n * sizeof *p);
    for (size_t k = 0; k < nn; k++)
        neg[k] = -m[k];
    int rc = fs_lsap_min(n, m, p, lo, e);
    if (!rc)
        rc = fs_lsap_min(n, neg, p, hi, e);
    if (!rc)
        *hi = -*hi;
    free(p);
    free(neg);
    return rc;
}

static int raf_bounds(const struct fs_assign_inst *inst, int raf_kind, int raf_max_n,
                      double time_limit_s, struct fs_assign_bounds *b, fs_err *e)
{
    b->w_min = b->w_max = NAN;
    int rc = FS_OK;
    if (raf_kind == FS_RAF_QUAD) {
        rc = fs_raf_quad_min(inst, &b->w_min, NULL, e);
        if (!rc && inst->n <= raf_max_n)
            rc = fs_raf_quad_max(inst, raf_max_n, &b->w_max, NULL, e);
    } else if (inst->n <= raf_max_n) {
        rc = fs_raf_abs_milp(inst, 0, time_limit_s, &b->w_min, NULL, e);
        if (!rc)
            rc = fs_raf_abs_max(inst, raf_max_n, &b->w_max, NULL, e);
    }
    return rc;
}

int fs_assign_bounds_compute(const struct fs_assign_inst *inst, int raf_kind,
                             int raf_max_n, double raf_time_limit_s,
                             struct fs_assign_bounds *b, fs_err *e)
{
    const int n = inst->n;
    b->raf_kind = raf_kind;
    b->c_max = -INFINITY;
    for (int a = 0; a < inst->agents; a++)
        for (int k = 0; k < inst->tasks; k++)
            b->c_max = fmax(b->c_max, cost_at(inst, a, k));
    int *p = fs_xmalloc((size_t)n * sizeof *p);
    int rc = fs_assign_bottleneck(inst, p, e);
    if (!rc)
        b->c_wo_min = fs_assign_worst(inst, p);
    free(p);
    if (!rc)
        rc = linear_extremes(n, inst->cost, &b->z_min, &b->z_max, e);
    double *y = fs_xmalloc((size_t)n * n * sizeof *y);
    for (int a = 0; a < n; a++)
        for (int k = 0; k < n; k++)
            y[(size_t)a * n + k] = oroc_term(inst, a, k);
    if (!rc)
        rc = linear_extremes(n, y, &b->y_min, &b->y_max, e);
    free(y);
    if (!rc)
        rc = raf_bounds(inst, raf_kind, raf_max_n, raf_time_limit_s, b, e);
    return rc;
}

/* (hi - x + eps) / (hi - lo + eps), the normalisation of every measure. */
static double normalised(double hi, double lo, double x)
{
    return (hi - x + FS_ASSIGN_EPS) / (hi - lo + FS_ASSIGN_EPS);
}

void fs_assign_measure(const struct fs_assign_inst *inst, const int *p,
                       const struct fs_assign_bounds *b,
                       struct fs_assign_measures *m)
{
    m->z = fs_assign_total(inst, p);
    m->c_wo = fs_assign_worst(inst, p);
    m->w = fs_assign_raf_w(inst, p, b->raf_kind);
    m->y = fs_assign_oroc_y(inst, p);
    m->eff = normalised(b->z_max, b->z_min, m->z);
    m->efm = normalised(b->c_max, b->c_wo_min, m->c_wo);
    m->raf = normalised(b->w_max, b->w_min, m->w);   /* NAN propagates */
    m->orocf = normalised(b->y_max, b->y_min, m->y);
    m->eff_lb = m->z / b->z_min;
    m->efm_lb = m->c_wo / b->c_wo_min;
    m->raf_lb = m->w / b->w_min;
    m->orocf_lb = m->y / b->y_min;
}
