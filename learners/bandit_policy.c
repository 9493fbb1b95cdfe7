/* learners/bandit_policy.c - the five policies and the three fairness scores
 * of multi-agent bandits with known means. See learners/bandit_policy.h. */
#include "learners/bandit_policy.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "envs/bandit.h"

/* Weight of the minimum-norm tie-break in the EF program. */
#define EF_RIDGE 1e-8
#define FW_MAX_ITER 200000

static const char *const policy_names[FS_POLICY_COUNT] = {"pf", "ef", "uf", "nsw", "ggi"};

const char *fs_policy_name(enum fs_bandit_policy policy)
{
    return (unsigned)policy < FS_POLICY_COUNT ? policy_names[policy] : "?";
}

int fs_policy_parse(const char *name)
{
    for (int i = 0; i < FS_POLICY_COUNT; i++)
        if (strcmp(name, policy_names[i]) == 0)
            return i;
    return -1;
}

double fs_bandit_utility(const double *mu, int n, int k, const double *p)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++)
            s += p[j] * mu[(size_t)i * (size_t)k + (size_t)j];
    return s;
}

/* sum_{i<l} (U_i - U_l)^2 = n sum_i (U_i - mean)^2, so D = 2/(n-1) sum_i (U_i - mean)^2. */
double fs_bandit_disparity(const double *mu, int n, int k, const double *p)
{
    if (n < 2)
        return 0;
    double mean = 0, ss = 0;
    double *u = fs_xmalloc((size_t)n * sizeof *u);
    for (int i = 0; i < n; i++) {
        u[i] = 0;
        for (int j = 0; j < k; j++)
            u[i] += p[j] * mu[(size_t)i * (size_t)k + (size_t)j];
        mean += u[i];
    }
    mean /= n;
    for (int i = 0; i < n; i++)
        ss += (u[i] - mean) * (u[i] - mean);
    free(u);
    return 2.0 / (n - 1) * ss;
}

/* ---- PF and NSW: sums of logs ---- */

int fs_policy_pf(const unsigned char *fav, int n, int k, double *p,
                 struct fs_solve_info *info, fs_err *e)
{
    size_t nk = (size_t)n * (size_t)k;
    double *A = fs_xmalloc(nk * sizeof *A);
    double *x = fs_xcalloc(nk, sizeof *x);
    double *mass = fs_xmalloc((size_t)n * sizeof *mass);
    int rc = FS_OK;
    for (int i = 0; i < n && !rc; i++) {
        int cnt = 0;
        for (int j = 0; j < k; j++)
            cnt += fav[(size_t)i * (size_t)k + (size_t)j] != 0;
        if (cnt == 0)
            rc = fs_err_set(e, FS_ECONFIG, "PF policy: agent %d has no favourite arm", i + 1);
        mass[i] = 1.0 / n;
        for (int j = 0; j < k; j++) {
            A[(size_t)i * (size_t)k + (size_t)j] = fav[(size_t)i * (size_t)k + (size_t)j] ? 1 : 0;
            if (cnt)
                x[(size_t)i * (size_t)k + (size_t)j] = A[(size_t)i * (size_t)k + (size_t)j] / (cnt * (double)n);
        }
    }
    unsigned char *allowed = fs_xmalloc(nk);
    for (size_t q = 0; q < nk; q++)
        allowed[q] = fav[q] != 0;
    if (!rc)
        rc = fs_logsum_max(A, n, k, allowed, mass, n, x, FS_BANDIT_GAP_TOL, FW_MAX_ITER,
                           info, e);
    for (int j = 0; j < k; j++) {
        p[j] = 0;
        for (int i = 0; i < n; i++)
            p[j] += x[(size_t)i * (size_t)k + (size_t)j];
    }
    free(A);
    free(x);
    free(mass);
    free(allowed);
    return rc;
}

int fs_policy_nsw(const double *mu, int n, int k, double *p,
                  struct fs_solve_info *info, fs_err *e)
{
    unsigned char *allowed = fs_xmalloc((size_t)k);
    memset(allowed, 1, (size_t)k);
    for (int j = 0; j < k; j++)
        p[j] = 1.0 / k;
    double mass = 1;
    int rc = fs_logsum_max(mu, n, k, allowed, &mass, 1, p, FS_BANDIT_GAP_TOL,
                           FW_MAX_ITER, info, e);
    free(allowed);
    return rc;
}

/* ---- EF and UF ---- */

int fs_policy_ef(const double *mu, int n, int k, const double *bonus, double *p,
                 fs_err *e)
{
    /* D(p) = p^T Q p, Q = 2/(n-1) M^T C M with C the centring matrix; the QP
     * minimises 0.5 p^T H p + c^T p with H = 2 Q + 2 ridge I, c = -bonus. */
    double *H = fs_xcalloc((size_t)k * (size_t)k, sizeof *H);
    double *c = fs_xcalloc((size_t)k, sizeof *c);
    double *mean = fs_xcalloc((size_t)k, sizeof *mean);
    if (n >= 2) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
                mean[j] += mu[(size_t)i * (size_t)k + (size_t)j] / n;
        double scale = 2.0 * 2.0 / (n - 1);
        for (int i = 0; i < n; i++) {
            const double *row = mu + (size_t)i * (size_t)k;
            for (int a = 0; a < k; a++)
                for (int b = 0; b < k; b++)
                    H[(size_t)a * (size_t)k + (size_t)b] +=
                        scale * (row[a] - mean[a]) * (row[b] - mean[b]);
        }
    }
    for (int a = 0; a < k; a++) {
        H[(size_t)a * (size_t)k + (size_t)a] += 2 * EF_RIDGE;
        c[a] = bonus ? -bonus[a] : 0;
    }
    for (int j = 0; j < k; j++)
        p[j] = 1.0 / k;
    int rc = fs_simplex_qp(H, c, k, p, 1, e);
    free(H);
    free(c);
    free(mean);
    return rc;
}

void fs_policy_uf(const double *mu, int n, int k, const double *bonus, double *p)
{
    double best = -INFINITY;
    for (int j = 0; j < k; j++) {
        double s = bonus ? bonus[j] : 0;
        for (int i = 0; i < n; i++)
            s += mu[(size_t)i * (size_t)k + (size_t)j];
        p[j] = s;
        if (s > best)
            best = s;
    }
    int ties = 0;
    double tol = 1e-12 * (1 + fabs(best));
    for (int j = 0; j < k; j++)
        ties += p[j] >= best - tol;
    for (int j = 0; j < k; j++)
        p[j] = p[j] >= best - tol ? 1.0 / ties : 0.0;
}

/* ---- GLPK helpers ---- */

struct lp_triplets {
    int n, cap;
    int *ia, *ja;
    double *ar;
};

static void trip_add(struct lp_triplets *t, int row, int col, double v)
{
    if (t->n + 1 >= t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->ia = fs_xrealloc(t->ia, (size_t)t->cap * sizeof *t->ia);
        t->ja = fs_xrealloc(t->ja, (size_t)t->cap * sizeof *t->ja);
        t->ar = fs_xrealloc(t->ar, (size_t)t->cap * sizeof *t->ar);
    }
    t->n++; /* GLPK arrays are 1-based */
    t->ia[t->n] = row;
    t->ja[t->n] = col;
    t->ar[t->n] = v;
}

static void trip_free(struct lp_triplets *t)
{
    free(t->ia);
    free(t->ja);
    free(t->ar);
}

/* Load t, solve with the primal simplex, return the status. */
static int lp_solve(glp_prob *lp, struct lp_triplets *t, const char *what, fs_err *e)
{
    glp_load_matrix(lp, t->n, t->ia, t->ja, t->ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    int rc = glp_simplex(lp, &parm);
    if (rc != 0 || glp_get_status(lp) != GLP_OPT)
        return fs_err_set(e, FS_ENUMERIC, "%s: GLPK simplex failed (code %d, status %d)",
                          what, rc, glp_get_status(lp));
    return FS_OK;
}

/* ---- GGI ---- */

struct ggi_sort {
    double u;
    int i;
};

static int cmp_ggi_sort(const void *a, const void *b)
{
    const struct ggi_sort *x = a, *y = b;
    return x->u < y->u ? -1 : x->u > y->u ? 1 : (x->i > y->i) - (x->i < y->i);
}

/* Add the cut z_r <= sum_{i in S} U_i(p), S = the agents order[0..r). */
static void ggi_add_cut(glp_prob *lp, const double *mu, int k, int r,
                        const struct ggi_sort *order, int *ind, double *val)
{
    int row = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
    int len = 0;
    for (int j = 0; j < k; j++) {
        double c = 0;
        for (int q = 0; q < r; q++)
            c += mu[(size_t)order[q].i * (size_t)k + (size_t)j];
        if (c != 0) {
            ind[++len] = j + 1;
            val[len] = -c;
        }
    }
    ind[++len] = k + r;
    val[len] = 1;
    glp_set_mat_row(lp, row, len, ind, val);
}

/* GGI(p) = sum_r w_r U_(r) = sum_r w'_r L_r, with L_r the sum of the r
 * smallest utilities and w'_r = w_r - w_{r+1} >= 0 (w_{n+1} = 0). As
 * L_r = min over r-sets S of sum_S U_i, the LP is
 *   max sum_r w'_r z_r  s.t.  z_r <= sum_{i in S} U_i(p) for every r-set S,
 * solved by cutting planes: start from the sets of the uniform policy, add
 * for each r the r worst-off agents of the current solution while that cut
 * is violated, and re-solve with the dual simplex. There are finitely many
 * cuts, so this ends at the exact optimum (Kelley's method on a polyhedral
 * function); in practice after a few rounds. */
int fs_policy_ggi(const double *mu, int n, int k, double *p, fs_err *e)
{
    glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, k + n); /* p_1..p_k, z_1..z_n */
    for (int j = 1; j <= k; j++)
        glp_set_col_bnds(lp, j, GLP_LO, 0, 0);
    for (int r = 1; r <= n; r++) {
        double w = ldexp(1.0, -(r - 1)), wn = r < n ? ldexp(1.0, -r) : 0;
        glp_set_col_bnds(lp, k + r, GLP_FR, 0, 0);
        glp_set_obj_coef(lp, k + r, w - wn);
    }
    int *ind = fs_xmalloc((size_t)(k + 2) * sizeof *ind);
    double *val = fs_xmalloc((size_t)(k + 2) * sizeof *val);
    double *u = fs_xmalloc((size_t)n * sizeof *u);
    struct ggi_sort *order = fs_xmalloc((size_t)n * sizeof *order);
    int row = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, row, GLP_FX, 1, 1);
    for (int j = 1; j <= k; j++) {
        ind[j] = j;
        val[j] = 1;
    }
    glp_set_mat_row(lp, row, k, ind, val);
    for (int j = 0; j < k; j++)
        p[j] = 1.0 / k;
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    int rc = FS_OK, added = 1;
    for (int round = 0; added && !rc; round++) {
        for (int i = 0; i < n; i++) {
            u[i] = 0;
            for (int j = 0; j < k; j++)
                u[i] += mu[(size_t)i * (size_t)k + (size_t)j] * p[j];
            order[i] = (struct ggi_sort){u[i], i};
        }
        qsort(order, (size_t)n, sizeof *order, cmp_ggi_sort);
        added = 0;
        double lsum = 0;
        for (int r = 1; r <= n; r++) {
            lsum += order[r - 1].u;
            double z = round ? glp_get_col_prim(lp, k + r) : INFINITY;
            /* GLPK's primal feasibility tolerance is 1e-7 */
            if (z > lsum + 1e-7 * (1 + fabs(lsum))) {
                ggi_add_cut(lp, mu, k, r, order, ind, val);
                added++;
            }
        }
        if (!added)
            break;
        parm.meth = round ? GLP_DUALP : GLP_PRIMAL;
        int code = glp_simplex(lp, &parm);
        if (code != 0 || glp_get_status(lp) != GLP_OPT)
            rc = fs_err_set(e, FS_ENUMERIC, "GGI policy: GLPK simplex failed (code %d, "
                            "status %d, round %d)", code, glp_get_status(lp), round);
        if (!rc && round > 100 * n)
            rc = fs_err_set(e, FS_ENUMERIC, "GGI policy: cutting planes did not converge");
        double s = 0;
        for (int j = 0; j < k && !rc; j++) {
            p[j] = fmax(0, glp_get_col_prim(lp, j + 1));
            s += p[j];
        }
        for (int j = 0; j < k && !rc; j++)
            p[j] /= s;
    }
    free(ind);
    free(val);
    free(u);
    free(order);
    glp_delete_prob(lp);
    return rc;
}

/* ---- scores ---- */

int fs_score_pf(const unsigned char *fav, int n, int k, const double *p,
                double *score, fs_err *e)
{
    glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, n + k);
    for (int i = 1; i <= n; i++)
        glp_set_row_bnds(lp, i, GLP_UP, 0, 1.0 / n);
    for (int j = 1; j <= k; j++)
        glp_set_row_bnds(lp, n + j, GLP_UP, 0, fmax(0, p[j - 1]));
    struct lp_triplets t = {0};
    int col = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++) {
            if (!fav[(size_t)i * (size_t)k + (size_t)j])
                continue;
            col = glp_add_cols(lp, 1);
            glp_set_col_bnds(lp, col, GLP_LO, 0, 0);
            glp_set_obj_coef(lp, col, 1);
            trip_add(&t, i + 1, col, 1);
            trip_add(&t, n + j + 1, col, 1);
        }
    int rc = col ? lp_solve(lp, &t, "PF score", e) : FS_OK;
    *score = rc || !col ? 0 : fmin(1, fmax(0, glp_get_obj_val(lp)));
    trip_free(&t);
    glp_delete_prob(lp);
    return rc;
}

int fs_score_ref_init(const double *mu, int n, int k, struct fs_score_ref *ref,
                      fs_err *e)
{
    double *p = fs_xmalloc((size_t)k * sizeof *p);
    int rc = fs_policy_ef(mu, n, k, NULL, p, e);
    ref->d_star = rc ? NAN : fs_bandit_disparity(mu, n, k, p);
    fs_policy_uf(mu, n, k, NULL, p);
    ref->u_star = fs_bandit_utility(mu, n, k, p);
    free(p);
    return rc;
}

int fs_score_all(const double *mu, const unsigned char *fav, int n, int k,
                 const struct fs_score_ref *ref, const double *p,
                 struct fs_scores *out, fs_err *e)
{
    int rc = fs_score_pf(fav, n, k, p, &out->pf, e);
    out->ef = 1 - fabs(fs_bandit_disparity(mu, n, k, p) - ref->d_star);
    out->uf = ref->u_star > 0 ? fs_bandit_utility(mu, n, k, p) / ref->u_star : 1;
    return rc;
}

int fs_policy_solve(enum fs_bandit_policy policy, const double *mu, int n, int k,
                    double *p, fs_err *e)
{
    switch (policy) {
    case FS_POLICY_PF: {
        unsigned char *fav = fs_xmalloc((size_t)n * (size_t)k);
        fs_bandit_favourites(mu, n, k, 1e-12, fav);
        int rc = fs_policy_pf(fav, n, k, p, NULL, e);
        free(fav);
        return rc;
    }
    case FS_POLICY_EF:
        return fs_policy_ef(mu, n, k, NULL, p, e);
    case FS_POLICY_UF:
        fs_policy_uf(mu, n, k, NULL, p);
        return FS_OK;
    case FS_POLICY_NSW:
        return fs_policy_nsw(mu, n, k, p, NULL, e);
    case FS_POLICY_GGI:
        return fs_policy_ggi(mu, n, k, p, e);
    default:
        return fs_err_set(e, FS_EINTERNAL, "unknown bandit policy %d", (int)policy);
    }
}
