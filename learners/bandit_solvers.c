/* learners/bandit_solvers.c - the two small convex solvers behind the bandit
 * policies: pairwise Frank-Wolfe for sums of logs over products of simplices
 * (PF tie-breaking, utility Nash welfare) and an active-set QP over the
 * simplex (equality fairness). See learners/bandit_policy.h. */
#include "learners/bandit_policy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- pairwise Frank-Wolfe for sum_l log (A p)_l ---- */

struct lsm {
    const double *A;
    int n, k, nb;
    const double *x;       /* nb x k block masses */
    double *p, *u, *g, *a; /* p[k], u[n] = A p, g[k] = A^T (1/u), a[n] step */
};

/* p from x afresh (incremental updates drift), then u and g. */
static void lsm_refresh(struct lsm *s)
{
    for (int j = 0; j < s->k; j++) {
        double v = 0;
        for (int b = 0; b < s->nb; b++)
            v += s->x[(size_t)b * (size_t)s->k + (size_t)j];
        s->p[j] = v;
    }
    for (int l = 0; l < s->n; l++) {
        double v = 0;
        for (int j = 0; j < s->k; j++)
            v += s->A[(size_t)l * (size_t)s->k + (size_t)j] * s->p[j];
        s->u[l] = v;
    }
    for (int j = 0; j < s->k; j++) {
        double v = 0;
        for (int l = 0; l < s->n; l++)
            v += s->A[(size_t)l * (size_t)s->k + (size_t)j] / s->u[l];
        s->g[j] = v;
    }
}

/* Step length in [0, dmax] maximising sum_l log(u_l + d a_l): the root of
 * the decreasing derivative, by safeguarded Newton. */
static double lsm_line_search(const struct lsm *s, double dmax)
{
    double lo = 0, hi = dmax, d = 0;
    for (int it = 0; it < 100; it++) {
        double f1 = 0, f2 = 0;
        for (int l = 0; l < s->n; l++) {
            if (s->a[l] == 0)
                continue;
            double q = s->a[l] / (s->u[l] + d * s->a[l]);
            f1 += q;
            f2 -= q * q;
        }
        if (it == 0 && f1 <= 0)
            return 0;
        if (d == dmax && f1 >= 0)
            return dmax;
        if (f1 > 0)
            lo = d;
        else
            hi = d;
        double nd = f2 < 0 ? d - f1 / f2 : hi;
        if (!(nd > lo && nd < hi))
            nd = it == 0 ? dmax : 0.5 * (lo + hi);
        if (fabs(nd - d) <= 1e-16 * (1 + dmax) || hi - lo <= 1e-16 * (1 + dmax))
            return nd;
        d = nd;
    }
    return d;
}

int fs_logsum_max(const double *A, int n, int k, const unsigned char *allowed,
                  const double *mass, int nb, double *x, double tol, int max_iter,
                  struct fs_solve_info *info, fs_err *e)
{
    struct lsm s = {A, n, k, nb, x, NULL, NULL, NULL, NULL};
    s.p = fs_xcalloc((size_t)k, sizeof *s.p);
    s.u = fs_xmalloc((size_t)n * sizeof *s.u);
    s.g = fs_xmalloc((size_t)k * sizeof *s.g);
    s.a = fs_xmalloc((size_t)n * sizeof *s.a);
    lsm_refresh(&s);
    int rc = FS_OK, it = 0;
    double gap = INFINITY;
    for (;; it++) {
        /* duality gap and the most promising block */
        double bound = 0, best_gain = 0;
        int bb = -1, bj = -1, bw = -1;
        for (int b = 0; b < nb; b++) {
            const unsigned char *al = allowed + (size_t)b * (size_t)k;
            const double *xb = x + (size_t)b * (size_t)k;
            int jmax = -1;
            for (int j = 0; j < k; j++)
                if (al[j] && (jmax < 0 || s.g[j] > s.g[jmax]))
                    jmax = j;
            bound += mass[b] * s.g[jmax];
            /* the away arm: the largest first-order gain (g_max - g_w) x_bw,
             * not just the smallest g (whose mass may be negligible) */
            for (int w = 0; w < k; w++) {
                double gain = (s.g[jmax] - s.g[w]) * xb[w];
                if (w != jmax && xb[w] > 0 && gain > best_gain) {
                    best_gain = gain;
                    bb = b;
                    bj = jmax;
                    bw = w;
                }
            }
        }
        double inner = 0;
        for (int j = 0; j < k; j++)
            inner += s.p[j] * s.g[j];
        gap = bound - inner;
        if (gap <= tol || bb < 0)
            break;
        if (it >= max_iter) {
            rc = fs_err_set(e, FS_ENUMERIC, "log-sum solver: gap %.3g after %d iterations",
                            gap, it);
            break;
        }
        double *xb = x + (size_t)bb * (size_t)k;
        for (int l = 0; l < n; l++)
            s.a[l] = A[(size_t)l * (size_t)k + (size_t)bj] - A[(size_t)l * (size_t)k + (size_t)bw];
        double d = lsm_line_search(&s, xb[bw]);
        if (d <= 0) /* no progress possible along the best pair: rounding floor */
            break;
        if (d >= xb[bw]) {
            d = xb[bw];
            xb[bw] = 0;
        } else {
            xb[bw] -= d;
        }
        xb[bj] += d;
        lsm_refresh(&s);
    }
    if (info) {
        info->iterations = it;
        info->gap = gap;
    }
    free(s.p);
    free(s.u);
    free(s.g);
    free(s.a);
    return rc;
}

/* ---- active-set QP over the simplex ---- */

/* Solve the (m+1)x(m+1) system M z = r in place by Gaussian elimination with
 * partial pivoting. Returns -1 if singular. */
static int solve_dense(double *M, double *r, int m)
{
    for (int c = 0; c < m; c++) {
        int piv = c;
        for (int i = c + 1; i < m; i++)
            if (fabs(M[(size_t)i * (size_t)m + (size_t)c]) > fabs(M[(size_t)piv * (size_t)m + (size_t)c]))
                piv = i;
        if (!(fabs(M[(size_t)piv * (size_t)m + (size_t)c]) > 1e-300))
            return -1;
        if (piv != c) {
            for (int j = 0; j < m; j++) {
                double t = M[(size_t)c * (size_t)m + (size_t)j];
                M[(size_t)c * (size_t)m + (size_t)j] = M[(size_t)piv * (size_t)m + (size_t)j];
                M[(size_t)piv * (size_t)m + (size_t)j] = t;
            }
            double t = r[c];
            r[c] = r[piv];
            r[piv] = t;
        }
        for (int i = c + 1; i < m; i++) {
            double f = M[(size_t)i * (size_t)m + (size_t)c] / M[(size_t)c * (size_t)m + (size_t)c];
            if (f == 0)
                continue;
            for (int j = c; j < m; j++)
                M[(size_t)i * (size_t)m + (size_t)j] -= f * M[(size_t)c * (size_t)m + (size_t)j];
            r[i] -= f * r[c];
        }
    }
    for (int i = m - 1; i >= 0; i--) {
        double v = r[i];
        for (int j = i + 1; j < m; j++)
            v -= M[(size_t)i * (size_t)m + (size_t)j] * r[j];
        r[i] = v / M[(size_t)i * (size_t)m + (size_t)i];
    }
    return 0;
}

/* Minimiser q (over the free set F, listed in idx[0..m)) of the QP with
 * sum q = 1 and the rest at zero, and its multiplier lambda. */
static int eqp(const double *H, const double *c, int k, const int *idx, int m,
               double *M, double *r, double *q, double *lambda)
{
    int d = m + 1;
    for (int a = 0; a < m; a++) {
        for (int b = 0; b < m; b++)
            M[(size_t)a * (size_t)d + (size_t)b] = H[(size_t)idx[a] * (size_t)k + (size_t)idx[b]];
        M[(size_t)a * (size_t)d + (size_t)m] = -1;
        M[(size_t)m * (size_t)d + (size_t)a] = 1;
        r[a] = -c[idx[a]];
    }
    M[(size_t)m * (size_t)d + (size_t)m] = 0;
    r[m] = 1;
    if (solve_dense(M, r, d))
        return -1;
    for (int a = 0; a < m; a++)
        q[a] = r[a];
    *lambda = r[m];
    return 0;
}

int fs_simplex_qp(const double *H, const double *c, int k, double *p, int warm,
                  fs_err *e)
{
    unsigned char *free_ = fs_xcalloc((size_t)k, 1);
    int *idx = fs_xmalloc((size_t)k * sizeof *idx);
    double *q = fs_xmalloc((size_t)k * sizeof *q);
    double *M = fs_xmalloc((size_t)(k + 1) * (size_t)(k + 1) * sizeof *M);
    double *r = fs_xmalloc((size_t)(k + 1) * sizeof *r);
    if (warm) {
        for (int j = 0; j < k; j++)
            free_[j] = p[j] > 0;
    } else {
        int best = 0;
        for (int j = 1; j < k; j++)
            if (0.5 * H[(size_t)j * (size_t)k + (size_t)j] + c[j] <
                0.5 * H[(size_t)best * (size_t)k + (size_t)best] + c[best])
                best = j;
        memset(p, 0, (size_t)k * sizeof *p);
        p[best] = 1;
        free_[best] = 1;
    }
    int rc = FS_OK, done = 0;
    for (int it = 0; !done && !rc; it++) {
        if (it > 100 * (k + 1)) {
            rc = fs_err_set(e, FS_ENUMERIC, "simplex QP: no convergence (cycling?)");
            break;
        }
        int m = 0;
        for (int j = 0; j < k; j++)
            if (free_[j])
                idx[m++] = j;
        double lambda;
        if (eqp(H, c, k, idx, m, M, r, q, &lambda)) {
            rc = fs_err_set(e, FS_ENUMERIC, "simplex QP: singular system (H not positive definite?)");
            break;
        }
        /* step towards q, stopping at the first coordinate that hits zero */
        double alpha = 1;
        int block = -1;
        for (int a = 0; a < m; a++) {
            double dir = q[a] - p[idx[a]];
            if (dir < 0 && q[a] < 0) {
                double t = -p[idx[a]] / dir;
                if (t < alpha) {
                    alpha = t;
                    block = idx[a];
                }
            }
        }
        for (int a = 0; a < m; a++)
            p[idx[a]] += alpha * (q[a] - p[idx[a]]);
        if (block >= 0) {
            p[block] = 0;
            free_[block] = 0;
            continue;
        }
        /* at the subspace minimiser: check the multipliers of the zeros */
        int enter = -1;
        double worst = -1e-12 * (1 + fabs(lambda));
        for (int j = 0; j < k; j++) {
            if (free_[j])
                continue;
            double g = c[j];
            for (int l = 0; l < k; l++)
                g += H[(size_t)j * (size_t)k + (size_t)l] * p[l];
            if (g - lambda < worst) {
                worst = g - lambda;
                enter = j;
            }
        }
        if (enter < 0)
            done = 1;
        else
            free_[enter] = 1;
    }
    for (int j = 0; j < k; j++)
        if (p[j] < 0)
            p[j] = 0;
    free(free_);
    free(idx);
    free(q);
    free(M);
    free(r);
    return rc;
}
