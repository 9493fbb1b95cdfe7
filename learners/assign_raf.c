/* learners/assign_raf.c - the extremes w_min / w_max of the RAF measure
 * (seed 004, eq. 10-22). See assign.h for the methods. */
#include "learners/assign.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learners/lsap.h"

static double cost_at(const struct fs_assign_inst *inst, int a, int k)
{
    return inst->cost[(size_t)a * inst->n + k];
}

/* Counted agents: every real agent gets a real task or vice versa. */
static int counted(const struct fs_assign_inst *inst)
{
    return inst->agents < inst->tasks ? inst->agents : inst->tasks;
}

/* ---- quadratic w_min: parametric LSAP over the lower envelope ---------- */

/* One line of g: L(t) = k*Q - 2*t*S, the value of assignment x at t. */
struct line {
    double S, Q;
};

struct qmin {
    const struct fs_assign_inst *inst;
    int k;
    fs_lsap *solver;
    double *a;           /* n x n parametric costs */
    int *p;              /* current assignment */
    int *best_p;         /* may be NULL */
    double best;         /* least w seen */
    int evals;
};

static double line_at(const struct qmin *q, struct line l, double t)
{
    return q->k * l.Q - 2 * t * l.S;
}

/* g(t): solve the LSAP, record the candidate, return its line. */
static int eval_g(struct qmin *q, double t, struct line *out, fs_err *e)
{
    const struct fs_assign_inst *inst = q->inst;
    const int n = inst->n;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double c = cost_at(inst, i, j);
            q->a[(size_t)i * n + j] =
                fs_assign_is_real(inst, i, j) ? q->k * c * c - 2 * t * c : 0.0;
        }
    int rc = fs_lsap_resolve(q->solver, q->a, q->p, NULL, e);
    if (rc)
        return rc;
    q->evals++;
    double S = 0, Q = 0;
    for (int i = 0; i < n; i++) {
        if (!fs_assign_is_real(inst, i, q->p[i]))
            continue;
        double c = cost_at(inst, i, q->p[i]);
        S += c;
        Q += c * c;
    }
    out->S = S;
    out->Q = Q;
    double w = fs_assign_raf_w(inst, q->p, FS_RAF_QUAD);
    if (w < q->best) {
        q->best = w;
        if (q->best_p)
            memcpy(q->best_p, q->p, (size_t)n * sizeof *q->p);
    }
    return FS_OK;
}

static double tol_of(double x)
{
    return 1e-9 * (1.0 + fabs(x));
}

/* For comparing values of g, which are differences of terms near k*Q and
 * 2*t*S (up to ~1e10 at n = 100, costs <= 1000): a line missed because it
 * lies less than this below the envelope costs at most this much in w_min
 * (the depth of a third line below two crossing ones is largest at their
 * crossing), so with integer costs anything below 1 keeps w_min exact. */
static double tight_tol(double x)
{
    return 1e-12 * (1.0 + fabs(x));
}

/* Explore [t1, t2] whose end lines are l1, l2 (g(t1) = L1(t1), g(t2) =
 * L2(t2)). Recursion depth is bounded by the number of envelope pieces. */
static int explore(struct qmin *q, double t1, struct line l1, double t2,
                   struct line l2, fs_err *e)
{
    if (l1.S >= l2.S || t2 - t1 <= tight_tol(t2))
        return FS_OK;          /* one line spans the interval: exact */
    double g1 = line_at(q, l1, t1), g2 = line_at(q, l2, t2);
    double slope = (g2 - g1) / (t2 - t1);
    double ts = fmin(fmax(-slope / 2, t1), t2);
    double lb = ts * ts + g1 + slope * (ts - t1);  /* g >= chord (concave) */
    if (lb >= q->best - tol_of(q->best))
        return FS_OK;
    double tm = q->k * (l2.Q - l1.Q) / (2 * (l2.S - l1.S));
    if (!(tm > t1 && tm < t2))
        return FS_OK;
    struct line lm;
    int rc = eval_g(q, tm, &lm, e);
    if (rc)
        return rc;
    double gm = line_at(q, lm, tm);
    if (gm >= line_at(q, l1, tm) - tight_tol(gm))
        return FS_OK;          /* nothing below the two lines */
    rc = explore(q, t1, l1, tm, lm, e);
    return rc ? rc : explore(q, tm, lm, t2, l2, e);
}

int fs_raf_quad_min(const struct fs_assign_inst *inst, double *w, int *p, fs_err *e)
{
    const int n = inst->n;
    struct qmin q = {.inst = inst, .k = counted(inst), .best = INFINITY, .best_p = p};
    q.solver = fs_lsap_create(n);
    q.a = fs_xmalloc((size_t)n * n * sizeof *q.a);
    q.p = fs_xmalloc((size_t)n * sizeof *q.p);
    /* The minimising t is the S of the optimum, within [z_min, z_max]. */
    double lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        double rmin = INFINITY, rmax = -INFINITY;
        for (int j = 0; j < n; j++) {
            double c = fs_assign_is_real(inst, i, j) ? cost_at(inst, i, j) : 0.0;
            rmin = fmin(rmin, c);
            rmax = fmax(rmax, c);
        }
        lo += rmin;
        hi += rmax;
    }
    struct line l1, l2;
    int rc = eval_g(&q, lo, &l1, e);
    if (!rc)
        rc = eval_g(&q, hi, &l2, e);
    if (!rc)
        rc = explore(&q, lo, l1, hi, l2, e);
    *w = q.best;
    free(q.p);
    free(q.a);
    fs_lsap_destroy(&q.solver);
    return rc;
}

/* ---- w_max (quadratic or absolute): depth-first branch and bound -------- */

struct wmax {
    const struct fs_assign_inst *inst;
    int kind, k;
    int *p, *best_p;
    unsigned char *used;
    double *val;         /* [n] cost of row d's pair, NAN for a dummy pair */
    double best;
};

/* Smallest and largest real cost of row a over the free columns; returns 0
 * when row a has no free real column (all its choices are dummy pairs). */
static int free_range(const struct wmax *q, int a, double *lo, double *hi)
{
    const struct fs_assign_inst *inst = q->inst;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int j = 0; j < inst->n; j++) {
        if (q->used[j] || !fs_assign_is_real(inst, a, j))
            continue;
        *lo = fmin(*lo, cost_at(inst, a, j));
        *hi = fmax(*hi, cost_at(inst, a, j));
    }
    return *lo <= *hi;
}

/* Upper bound on w over completions of rows depth..n-1, given the sums
 * S, Q (quadratic) or the partial pairwise sum w (absolute) so far. */
static double completion_bound(const struct wmax *q, int depth, double S, double Q,
                               double w, double *lo, double *hi, int *real)
{
    const struct fs_assign_inst *inst = q->inst;
    const int n = inst->n;
    for (int a = depth; a < n; a++)
        real[a] = free_range(q, a, &lo[a], &hi[a]);
    if (q->kind == FS_RAF_QUAD) {
        double qhi = Q, slo = S, shi = S;
        for (int a = depth; a < n; a++) {
            /* a dummy choice adds 0 to both sums */
            double l = real[a] ? lo[a] : 0, h = real[a] ? hi[a] : 0;
            int dummy_ok = !real[a] || inst->agents != inst->tasks;
            if (dummy_ok) {
                l = fmin(l, 0);
                h = fmax(h, 0);
            }
            qhi += fmax(l * l, h * h);
            slo += l;
            shi += h;
        }
        double s2min = slo <= 0 && shi >= 0 ? 0 : fmin(slo * slo, shi * shi);
        return q->k * qhi - s2min;
    }
    double ub = w;
    for (int a = depth; a < n; a++) {
        if (!real[a])
            continue;
        for (int b = 0; b < depth; b++)
            if (!isnan(q->val[b]))
                ub += fmax(fabs(hi[a] - q->val[b]), fabs(lo[a] - q->val[b]));
        for (int b = a + 1; b < n; b++)
            if (real[b])
                ub += fmax(fmax(hi[a] - lo[b], hi[b] - lo[a]), 0);
    }
    return ub;
}

static void wmax_dfs(struct wmax *q, int depth, double S, double Q, double w,
                     double *scratch, int *real)
{
    const struct fs_assign_inst *inst = q->inst;
    const int n = inst->n;
    if (depth == n) {
        double v = q->kind == FS_RAF_QUAD ? q->k * Q - S * S : w;
        if (v > q->best) {
            q->best = v;
            memcpy(q->best_p, q->p, (size_t)n * sizeof *q->p);
        }
        return;
    }
    double *lo = scratch + (size_t)depth * 2 * n, *hi = lo + n;
    if (completion_bound(q, depth, S, Q, w, lo, hi, real) <= q->best + tol_of(q->best))
        return;
    for (int j = 0; j < n; j++) {
        if (q->used[j])
            continue;
        int is_real = fs_assign_is_real(inst, depth, j);
        double c = is_real ? cost_at(inst, depth, j) : 0.0, dw = 0;
        if (is_real && q->kind == FS_RAF_ABS)
            for (int b = 0; b < depth; b++)
                if (!isnan(q->val[b]))
                    dw += fabs(c - q->val[b]);
        q->used[j] = 1;
        q->p[depth] = j;
        q->val[depth] = is_real ? c : NAN;
        wmax_dfs(q, depth + 1, S + c, Q + c * c, w + dw, scratch, real);
        q->used[j] = 0;
    }
}

static int raf_max_bb(const struct fs_assign_inst *inst, int kind, int max_n,
                      double *w, int *p, fs_err *e)
{
    const int n = inst->n;
    if (n > max_n)
        return fs_err_set(e, FS_ECONFIG,
                          "RAF w_max by branch and bound: n = %d is above the limit %d",
                          n, max_n);
    struct wmax q = {.inst = inst, .kind = kind, .k = counted(inst)};
    q.p = fs_xmalloc((size_t)n * sizeof *q.p);
    q.best_p = fs_xmalloc((size_t)n * sizeof *q.best_p);
    q.used = fs_xcalloc((size_t)n, 1);
    q.val = fs_xmalloc((size_t)n * sizeof *q.val);
    double *scratch = fs_xmalloc((size_t)2 * n * (n + 1) * sizeof *scratch);
    int *real = fs_xmalloc((size_t)n * sizeof *real);
    /* Start from the better of the two utilitarian extremes. */
    int rc = fs_assign_lsap_max(inst, q.best_p, e);
    if (!rc) {
        q.best = fs_assign_raf_w(inst, q.best_p, kind);
        rc = fs_assign_lsap(inst, q.p, e);
    }
    if (!rc) {
        double w2 = fs_assign_raf_w(inst, q.p, kind);
        if (w2 > q.best) {
            q.best = w2;
            memcpy(q.best_p, q.p, (size_t)n * sizeof *q.p);
        }
        wmax_dfs(&q, 0, 0, 0, 0, scratch, real);
        *w = q.best;
        if (p)
            memcpy(p, q.best_p, (size_t)n * sizeof *p);
    }
    free(real);
    free(scratch);
    free(q.val);
    free(q.used);
    free(q.best_p);
    free(q.p);
    return rc;
}

int fs_raf_quad_max(const struct fs_assign_inst *inst, int max_n, double *w,
                    int *p, fs_err *e)
{
    return raf_max_bb(inst, FS_RAF_QUAD, max_n, w, p, e);
}

int fs_raf_abs_max(const struct fs_assign_inst *inst, int max_n, double *w,
                   int *p, fs_err *e)
{
    return raf_max_bb(inst, FS_RAF_ABS, max_n, w, p, e);
}

/* ---- absolute w'_min / w'_max: the paper's MILP with GLPK -------------- */

/* Add a row sum_k coef_a * c_ak x_ak + coef_b * c_bk x_bk + r_col + ycoef y
 * with bounds (type, lb, ub). */
static void add_pair_row(glp_prob *lp, const struct fs_assign_inst *inst, int a, int b,
                         double coef_a, int r_col, int y_col, double ycoef,
                         int type, double lb, double ub, int *ind, double *val)
{
    const int n = inst->n;
    int row = glp_add_rows(lp, 1), len = 0;
    for (int k = 0; k < n; k++) {
        ind[++len] = a * n + k + 1;
        val[len] = coef_a * cost_at(inst, a, k);
        ind[++len] = b * n + k + 1;
        val[len] = -coef_a * cost_at(inst, b, k);
    }
    ind[++len] = r_col;
    val[len] = 1;
    if (y_col) {
        ind[++len] = y_col;
        val[len] = ycoef;
    }
    glp_set_mat_row(lp, row, len, ind, val);
    glp_set_row_bnds(lp, row, type, lb, ub);
}

static glp_prob *build_abs_milp(const struct fs_assign_inst *inst, int maximise)
{
    const int n = inst->n, pairs = n * (n - 1) / 2;
    double big = 0;
    for (size_t k = 0; k < (size_t)n * n; k++)
        big = fmax(big, fabs(inst->cost[k]));
    big *= 2;                                   /* M = 2 max c (paper) */
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, maximise ? GLP_MAX : GLP_MIN);
    glp_add_cols(lp, n * n + pairs * (maximise ? 2 : 1));
    for (int c = 1; c <= n * n; c++)
        glp_set_col_kind(lp, c, GLP_BV);
    for (int q = 0; q < pairs; q++) {
        glp_set_col_bnds(lp, n * n + 1 + q, GLP_LO, 0, 0);
        glp_set_obj_coef(lp, n * n + 1 + q, 1);
        if (maximise)
            glp_set_col_kind(lp, n * n + pairs + 1 + q, GLP_BV);
    }
    int *ind = fs_xmalloc(((size_t)2 * n + 3) * sizeof *ind);
    double *val = fs_xmalloc(((size_t)2 * n + 3) * sizeof *val);
    for (int a = 0; a < n; a++) {           /* constraints (1) and (2) */
        int rows = glp_add_rows(lp, 2);
        for (int k = 0; k < n; k++) {
            ind[k + 1] = a * n + k + 1;
            val[k + 1] = 1;
        }
        glp_set_mat_row(lp, rows, n, ind, val);
        glp_set_row_bnds(lp, rows, GLP_FX, 1, 1);
        for (int k = 0; k < n; k++)
            ind[k + 1] = k * n + a + 1;
        glp_set_mat_row(lp, rows + 1, n, ind, val);
        glp_set_row_bnds(lp, rows + 1, GLP_FX, 1, 1);
    }
    int q = 0;
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++, q++) {
            int r = n * n + 1 + q, y = maximise ? n * n + pairs + 1 + q : 0;
            /* (15)/(18) r - (c_a - c_b) >= 0 and (16)/(19) r + (c_a - c_b) >= 0 */
            add_pair_row(lp, inst, a, b, -1, r, 0, 0, GLP_LO, 0, 0, ind, val);
            add_pair_row(lp, inst, a, b, 1, r, 0, 0, GLP_LO, 0, 0, ind, val);
            if (maximise) {
                /* (20) r - (c_a - c_b) - M y <= 0; (21) r + (c_a - c_b) + M y <= M */
                add_pair_row(lp, inst, a, b, -1, r, y, -big, GLP_UP, 0, 0, ind, val);
                add_pair_row(lp, inst, a, b, 1, r, y, big, GLP_UP, 0, big, ind, val);
            }
        }
    free(ind);
    free(val);
    return lp;
}

int fs_raf_abs_milp(const struct fs_assign_inst *inst, int maximise,
                    double time_limit_s, double *w, int *p, fs_err *e)
{
    if (inst->agents != inst->tasks)
        return fs_err_set(e, FS_ECONFIG,
                          "absolute RAF by MILP needs a square instance (got %d x %d)",
                          inst->agents, inst->tasks);
    const int n = inst->n;
    if (n == 1) {
        *w = 0;
        if (p)
            p[0] = 0;
        return FS_OK;
    }
    glp_term_out(GLP_OFF);
    glp_prob *lp = build_abs_milp(inst, maximise);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    if (time_limit_s > 0)
        parm.tm_lim = (int)fmin(time_limit_s * 1000, 2e9);
    int ret = glp_intopt(lp, &parm);
    int rc = FS_OK;
    if (ret != 0 || glp_mip_status(lp) != GLP_OPT) {
        rc = fs_err_set(e, FS_ENUMERIC,
                        "absolute RAF %s MILP (n = %d): GLPK stopped without an optimum "
                        "(glp_intopt %d, status %d)",
                        maximise ? "max" : "min", n, ret, glp_mip_status(lp));
    } else {
        int *sol = fs_xmalloc((size_t)n * sizeof *sol);
        for (int a = 0; a < n; a++)
            for (int k = 0; k < n; k++)
                if (glp_mip_col_val(lp, a * n + k + 1) > 0.5)
                    sol[a] = k;
        *w = fs_assign_raf_w(inst, sol, FS_RAF_ABS);
        if (p)
            memcpy(p, sol, (size_t)n * sizeof *p);
        free(sol);
    }
    glp_delete_prob(lp);
    return rc;
}
