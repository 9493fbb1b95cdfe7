/* learners/assign_models.c - the assignment models: LSAP, Nash, bottleneck
 * and the exact envy-free utilitarian model. See assign.h. */
#include "learners/assign.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learners/lsap.h"

static size_t cells(const struct fs_assign_inst *inst)
{
    return (size_t)inst->n * inst->n;
}

int fs_assign_lsap(const struct fs_assign_inst *inst, int *p, fs_err *e)
{
    return fs_lsap_min(inst->n, inst->cost, p, NULL, e);
}

int fs_assign_lsap_max(const struct fs_assign_inst *inst, int *p, fs_err *e)
{
    double *neg = fs_xmalloc(cells(inst) * sizeof *neg);
    for (size_t k = 0; k < cells(inst); k++)
        neg[k] = -inst->cost[k];
    int rc = fs_lsap_min(inst->n, neg, p, NULL, e);
    free(neg);
    return rc;
}

static double max_cost(const struct fs_assign_inst *inst)
{
    double m = -INFINITY;
    for (size_t k = 0; k < cells(inst); k++)
        m = fmax(m, inst->cost[k]);
    return m;
}

int fs_assign_nash(const struct fs_assign_inst *inst, double m, int *p, fs_err *e)
{
    double cmax = max_cost(inst);
    if (m <= 0)
        m = cmax + 1;
    if (!(m > cmax))
        return fs_err_set(e, FS_ECONFIG, "nash: M = %g must exceed the largest cost %g",
                          m, cmax);
    double *c = fs_xmalloc(cells(inst) * sizeof *c);
    for (size_t k = 0; k < cells(inst); k++)
        c[k] = -log(m - inst->cost[k]);
    int rc = fs_lsap_min(inst->n, c, p, NULL, e);
    free(c);
    return rc;
}

/* Costs above `limit` forbidden, the rest times `sign`. */
static void restrict_costs(const struct fs_assign_inst *inst, double limit,
                           double sign, double *out)
{
    for (size_t k = 0; k < cells(inst); k++)
        out[k] = inst->cost[k] <= limit ? sign * inst->cost[k] : INFINITY;
}

int fs_assign_bottleneck(const struct fs_assign_inst *inst, int *p, fs_err *e)
{
    double value;
    fs_bottleneck(inst->n, inst->cost, &value, NULL);
    double *c = fs_xmalloc(cells(inst) * sizeof *c);
    restrict_costs(inst, value, 1.0, c);
    int rc = fs_lsap_min(inst->n, c, p, NULL, e);
    free(c);
    return rc;
}

/* Max over every assigned entry (dummies included) and the sum. */
static void max_and_sum(const struct fs_assign_inst *inst, const int *p,
                        double *mx, double *sum)
{
    double m = -INFINITY, s = 0;
    for (int a = 0; a < inst->n; a++) {
        double c = inst->cost[(size_t)a * inst->n + p[a]];
        m = fmax(m, c);
        s += c;
    }
    *mx = m;
    *sum = s;
}

double fs_assign_efum_objective(const struct fs_assign_inst *inst, double alpha,
                                const int *p)
{
    double mx, sum;
    max_and_sum(inst, p, &mx, &sum);
    return alpha * mx + (1 - 2 * alpha) * sum / inst->n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted distinct values >= from; returns how many. */
static size_t distinct_from(const struct fs_assign_inst *inst, double from,
                            double *vals)
{
    size_t m = 0;
    for (size_t k = 0; k < cells(inst); k++)
        if (inst->cost[k] >= from)
            vals[m++] = inst->cost[k];
    qsort(vals, m, sizeof *vals, cmp_double);
    size_t d = 0;
    for (size_t k = 0; k < m; k++)
        if (d == 0 || vals[k] != vals[d - 1])
            vals[d++] = vals[k];
    return d;
}

/* A relative tolerance for comparing objective values. */
static double tol_of(double x)
{
    return 1e-12 * (1.0 + fabs(x));
}

int fs_assign_efum(const struct fs_assign_inst *inst, double alpha, int *p,
                   struct fs_efum_stats *stats, fs_err *e)
{
    if (!(alpha >= 0 && alpha <= 1))
        return fs_err_set(e, FS_ECONFIG, "efum: alpha = %g outside [0, 1]", alpha);
    const int n = inst->n;
    struct fs_efum_stats st = {0};
    int *cand = fs_xmalloc((size_t)n * sizeof *cand);
    double *c = fs_xmalloc(cells(inst) * sizeof *c);
    double *vals = fs_xmalloc(cells(inst) * sizeof *vals);
    const int minimise = 1 - 2 * alpha >= 0;
    const double sign = minimise ? 1.0 : -1.0;

    /* The unconstrained optimum of the sum in the sweep's direction: its
     * value bounds every candidate; it is also a candidate itself. */
    int rc = minimise ? fs_assign_lsap(inst, cand, e) : fs_assign_lsap_max(inst, cand, e);
    double z_best_dir = 0, mx;
    if (!rc)
        max_and_sum(inst, cand, &mx, &z_best_dir);
    double best = INFINITY;
    if (!rc) {
        best = fs_assign_efum_objective(inst, alpha, cand);
        memcpy(p, cand, (size_t)n * sizeof *p);
    }
    double c_wo = 0;
    if (!rc)
        fs_bottleneck(n, inst->cost, &c_wo, NULL);
    size_t nd = rc ? 0 : distinct_from(inst, c_wo, vals);
    st.distinct = (int)nd;

    fs_lsap *s = fs_lsap_create(n);
    for (size_t t = 0; !rc && t < nd; t++) {
        const double T = vals[t];
        /* Every assignment whose largest cost is >= T has objective >= lb. */
        double lb = alpha * T + (1 - 2 * alpha) * z_best_dir / n;
        if (lb >= best - tol_of(best))
            break;
        restrict_costs(inst, T, sign, c);
        rc = fs_lsap_resolve(s, c, cand, NULL, e);
        if (rc)
            break;
        st.thresholds++;
        st.augmentations += fs_lsap_last_augmentations(s);
        double sum;
        max_and_sum(inst, cand, &mx, &sum);
        double obj = alpha * mx + (1 - 2 * alpha) * sum / n;
        if (obj < best - tol_of(best)) {
            best = obj;
            memcpy(p, cand, (size_t)n * sizeof *p);
        }
        /* The restricted optimum reached the unconstrained one: larger
         * thresholds give the same sum with a largest cost >= this one. */
        if (sum == z_best_dir)
            break;
    }
    fs_lsap_destroy(&s);
    free(vals);
    free(c);
    free(cand);
    if (stats)
        *stats = st;
    return rc;
}
