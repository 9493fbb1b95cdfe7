/* learners/decaf_alloc.c - exact solvers of DECAF's allocation program
 * (see decaf_alloc.h): min-cost flow, GLPK MILP and brute force. */
#include "learners/decaf_alloc.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <glpk.h>

/* Residual graph of the flow model. Nodes: source 0, agents 1..n,
 * resources n+1..n+R, sink n+R+1. Edge 2k is forward, 2k+1 its reverse. */
struct fs_alloc {
    int max_agents, max_actions, max_resources;
    int max_nodes, max_edges;
    int n_edges;
    int *to, *cap, *act;        /* [max_edges]; act: action of agent edges */
    double *cost;               /* [max_edges] */
    double *dist;               /* [max_nodes] */
    int *prev;                  /* [max_nodes] edge into node on the path */
    int *best;                  /* [max_resources + 1] best action per resource */
};

fs_alloc *fs_alloc_create(int max_agents, int max_actions, int max_resources)
{
    fs_alloc *w = fs_xcalloc(1, sizeof *w);
    w->max_agents = max_agents;
    w->max_actions = max_actions;
    w->max_resources = max_resources;
    w->max_nodes = max_agents + max_resources + 2;
    w->max_edges = 2 * (2 * max_agents + max_agents * max_actions + max_resources);
    size_t me = (size_t)w->max_edges, mn = (size_t)w->max_nodes;
    w->to = fs_xmalloc(me * sizeof *w->to);
    w->cap = fs_xmalloc(me * sizeof *w->cap);
    w->act = fs_xmalloc(me * sizeof *w->act);
    w->cost = fs_xmalloc(me * sizeof *w->cost);
    w->dist = fs_xmalloc(mn * sizeof *w->dist);
    w->prev = fs_xmalloc(mn * sizeof *w->prev);
    w->best = fs_xmalloc(((size_t)max_resources + 1) * sizeof *w->best);
    return w;
}

void fs_alloc_destroy(fs_alloc **w)
{
    if (!w || !*w)
        return;
    fs_alloc *a = *w;
    free(a->to);
    free(a->cap);
    free(a->act);
    free(a->cost);
    free(a->dist);
    free(a->prev);
    free(a->best);
    free(a);
    *w = NULL;
}

static int is_allowed(const struct fs_alloc_problem *p, int i, int a)
{
    return !p->allowed || p->allowed[i * p->n_actions + a];
}

static int check_problem(const struct fs_alloc_problem *p, fs_err *e)
{
    if (p->n_agents < 1 || p->n_actions < 1 || p->n_resources < 0)
        return fs_err_set(e, FS_ECONFIG, "allocation: %d agents, %d actions, %d resources",
                          p->n_agents, p->n_actions, p->n_resources);
    for (int k = 0; k < p->n_agents * p->n_actions; k++) {
        int r = p->resource[k];
        if (r < -1 || r >= p->n_resources)
            return fs_err_set(e, FS_ECONFIG, "allocation: pair %d uses resource %d of %d",
                              k, r, p->n_resources);
        if (!isfinite(p->q[k]))
            return fs_err_set(e, FS_ENUMERIC, "allocation: score of pair %d is not finite", k);
    }
    return 0;
}

/* Add edge u -> v with capacity c, cost c0 and its reverse. */
static void add_edge(fs_alloc *w, int u, int v, int c, double c0, int action)
{
    int k = w->n_edges;
    w->to[k] = v;
    w->cap[k] = c;
    w->cost[k] = c0;
    w->act[k] = action;
    w->to[k + 1] = u;
    w->cap[k + 1] = 0;
    w->cost[k + 1] = -c0;
    w->act[k + 1] = action;
    w->n_edges += 2;
}

/* The tail of edge k is the head of its reverse. */
static int edge_from(const fs_alloc *w, int k)
{
    return w->to[k ^ 1];
}

/* Agent i's edges: to each resource it can use (its best action for that
 * resource) and to the sink (its best resource-free action). */
static void add_agent_edges(fs_alloc *w, const struct fs_alloc_problem *p, int i)
{
    int n = p->n_agents, R = p->n_resources, sink = n + R + 1;
    for (int r = 0; r <= R; r++)
        w->best[r] = -1;
    for (int a = 0; a < p->n_actions; a++) {
        int k = i * p->n_actions + a, r = p->resource[k];
        int slot = r < 0 ? R : r;
        if (!is_allowed(p, i, a) || (r >= 0 && p->capacity[r] <= 0))
            continue;
        if (w->best[slot] < 0 || p->q[k] > p->q[i * p->n_actions + w->best[slot]])
            w->best[slot] = a;
    }
    for (int r = 0; r <= R; r++) {
        if (w->best[r] < 0)
            continue;
        double c = -p->q[i * p->n_actions + w->best[r]];
        add_edge(w, 1 + i, r < R ? 1 + n + r : sink, 1, c, w->best[r]);
    }
}

static void build_graph(fs_alloc *w, const struct fs_alloc_problem *p)
{
    int n = p->n_agents, R = p->n_resources, sink = n + R + 1;
    w->n_edges = 0;
    for (int i = 0; i < n; i++)
        add_edge(w, 0, 1 + i, 1, 0.0, -1);
    for (int i = 0; i < n; i++)
        add_agent_edges(w, p, i);
    for (int r = 0; r < R; r++)
        if (p->capacity[r] > 0)
            add_edge(w, 1 + n + r, sink, p->capacity[r], 0.0, -1);
}

/* Bellman-Ford from the source over edges with residual capacity. Returns 1
 * when the sink is reachable (prev holds the path). */
static int shortest_path(fs_alloc *w, int n_nodes)
{
    for (int v = 0; v < n_nodes; v++) {
        w->dist[v] = DBL_MAX;
        w->prev[v] = -1;
    }
    w->dist[0] = 0.0;
    for (int round = 0; round < n_nodes; round++) {
        int changed = 0;
        for (int k = 0; k < w->n_edges; k++) {
            if (w->cap[k] <= 0)
                continue;
            int u = edge_from(w, k);
            if (w->dist[u] == DBL_MAX)
                continue;
            double d = w->dist[u] + w->cost[k];
            if (d < w->dist[w->to[k]] - 1e-12) {
                w->dist[w->to[k]] = d;
                w->prev[w->to[k]] = k;
                changed = 1;
            }
        }
        if (!changed)
            break;
    }
    return w->dist[n_nodes - 1] < DBL_MAX;
}

/* Read the allocation off the saturated agent edges. */
static void read_actions(const fs_alloc *w, const struct fs_alloc_problem *p,
                         int *actions)
{
    int n = p->n_agents;
    for (int k = 0; k < w->n_edges; k += 2) {
        int u = edge_from(w, k);
        if (u >= 1 && u <= n && w->act[k] >= 0 && w->cap[k] == 0)
            actions[u - 1] = w->act[k];
    }
}

int fs_alloc_solve(fs_alloc *w, const struct fs_alloc_problem *p,
                   int *actions, double *value, fs_err *e)
{
    int rc = check_problem(p, e);
    if (rc)
        return rc;
    if (p->n_agents > w->max_agents || p->n_actions > w->max_actions ||
        p->n_resources > w->max_resources)
        return fs_err_set(e, FS_ECONFIG,
                          "allocation of %d x %d over %d resources exceeds the workspace (%d x %d, %d)",
                          p->n_agents, p->n_actions, p->n_resources, w->max_agents,
                          w->max_actions, w->max_resources);
    build_graph(w, p);
    int n_nodes = p->n_agents + p->n_resources + 2;
    for (int unit = 0; unit < p->n_agents; unit++) {
        if (!shortest_path(w, n_nodes))
            return fs_err_set(e, FS_ENUMERIC,
                              "allocation: no feasible joint action (%d of %d agents placed)",
                              unit, p->n_agents);
        for (int v = n_nodes - 1; v != 0; v = edge_from(w, w->prev[v])) {
            w->cap[w->prev[v]] -= 1;
            w->cap[w->prev[v] ^ 1] += 1;
        }
    }
    read_actions(w, p, actions);
    if (value)
        *value = fs_alloc_value(p, actions);
    return 0;
}

int fs_alloc_feasible(const struct fs_alloc_problem *p, const int *actions)
{
    int used[64] = {0};
    int *count = p->n_resources <= 64 ? used : fs_xcalloc((size_t)p->n_resources, sizeof *count);
    int ok = 1;
    for (int i = 0; i < p->n_agents && ok; i++) {
        int a = actions[i];
        if (a < 0 || a >= p->n_actions || !is_allowed(p, i, a)) {
            ok = 0;
            break;
        }
        int r = p->resource[i * p->n_actions + a];
        if (r >= 0 && ++count[r] > p->capacity[r])
            ok = 0;
    }
    if (count != used)
        free(count);
    return ok;
}

double fs_alloc_value(const struct fs_alloc_problem *p, const int *actions)
{
    double v = 0.0;
    for (int i = 0; i < p->n_agents; i++)
        v += p->q[i * p->n_actions + actions[i]];
    return v;
}

int fs_alloc_solve_brute(const struct fs_alloc_problem *p, int *actions,
                         double *value, fs_err *e)
{
    int rc = check_problem(p, e);
    if (rc)
        return rc;
    double total = pow(p->n_actions, p->n_agents);
    if (total > 1e6)
        return fs_err_set(e, FS_ECONFIG, "brute-force allocation: %g joint actions", total);
    int n = p->n_agents;
    int *cur = fs_xcalloc((size_t)n, sizeof *cur);
    double best = -INFINITY;
    for (long k = 0; k < (long)total; k++) {
        long x = k;
        for (int i = 0; i < n; i++, x /= p->n_actions)
            cur[i] = (int)(x % p->n_actions);
        if (!fs_alloc_feasible(p, cur))
            continue;
        double v = fs_alloc_value(p, cur);
        if (v > best) {
            best = v;
            for (int i = 0; i < n; i++)
                actions[i] = cur[i];
        }
    }
    free(cur);
    if (best == -INFINITY)
        return fs_err_set(e, FS_ENUMERIC, "allocation: no feasible joint action");
    if (value)
        *value = best;
    return 0;
}

/* Column of pair (i, a) in the GLPK model (1-based), or 0 when forbidden. */
static int glpk_build(glp_prob *lp, const struct fs_alloc_problem *p, int *col)
{
    int n = p->n_agents, A = p->n_actions, R = p->n_resources;
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, n + (R > 0 ? R : 0));
    for (int i = 0; i < n; i++)
        glp_set_row_bnds(lp, 1 + i, GLP_FX, 1.0, 1.0);
    for (int r = 0; r < R; r++)
        glp_set_row_bnds(lp, 1 + n + r, GLP_UP, 0.0, p->capacity[r]);
    int n_cols = 0;
    for (int k = 0; k < n * A; k++)
        col[k] = is_allowed(p, k / A, k % A) ? ++n_cols : 0;
    if (n_cols == 0)
        return 0;
    glp_add_cols(lp, n_cols);
    int ind[3];
    double val[3] = {0.0, 1.0, 1.0};
    for (int k = 0; k < n * A; k++) {
        if (!col[k])
            continue;
        int j = col[k], len = 1;
        glp_set_col_kind(lp, j, GLP_BV);
        glp_set_obj_coef(lp, j, p->q[k]);
        ind[1] = 1 + k / A;
        if (p->resource[k] >= 0) {
            ind[2] = 1 + n + p->resource[k];
            len = 2;
        }
        glp_set_mat_col(lp, j, len, ind, val);
    }
    return n_cols;
}

int fs_alloc_solve_glpk(const struct fs_alloc_problem *p, int *actions,
                        double *value, fs_err *e)
{
    int rc = check_problem(p, e);
    if (rc)
        return rc;
    int n = p->n_agents, A = p->n_actions;
    int *col = fs_xmalloc((size_t)n * (size_t)A * sizeof *col);
    glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    int n_cols = glpk_build(lp, p, col);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    int status = n_cols ? glp_intopt(lp, &parm) : GLP_ENOPFS;
    int mip = n_cols ? glp_mip_status(lp) : GLP_NOFEAS;
    if (status != 0 || mip != GLP_OPT) {
        rc = fs_err_set(e, FS_ENUMERIC,
                        "allocation: GLPK found no optimal allocation (glp_intopt %d, status %d)",
                        status, mip);
    } else {
        for (int k = 0; k < n * A; k++)
            if (col[k] && glp_mip_col_val(lp, col[k]) > 0.5)
                actions[k / A] = k % A;
        if (value)
            *value = fs_alloc_value(p, actions);
    }
    glp_delete_prob(lp);
    free(col);
    return rc;
}
