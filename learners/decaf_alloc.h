/* learners/decaf_alloc.h - DECAF's central allocator: the integer program
 * that turns per-agent action scores into one feasible joint action.
 *
 *   max  sum_i sum_a Q[i][a] x[i][a]
 *   s.t. sum_a x[i][a] = 1                  for every agent i
 *        sum_{(i,a): res[i][a] = r} x[i][a] <= cap[r]   for every resource r
 *        x[i][a] = 0                        where allowed[i][a] == 0
 *        x[i][a] in {0, 1}
 *
 * Every (agent, action) pair consumes at most one unit of one resource
 * (res = -1: none, unlimited). That covers the four DECAF environments
 * (Matthew and Plant: claim resource j; Job: move into cell c; BiasedDM:
 * take / not take), and it makes the problem a transportation problem
 * (agents -> resources with capacities), whose LP relaxation is integral
 * (reference notes section 4.2).
 *
 * Three exact solvers over the same problem description:
 *  - fs_alloc_solve: min-cost flow by successive shortest paths (Bellman-
 *    Ford on the residual graph), no allocation after create; the fast path
 *    used by the learners.
 *  - fs_alloc_solve_glpk: the MILP with GLPK (glp_intopt), as the authors'
 *    code states the problem; slower, for checks and benchmarks.
 *  - fs_alloc_solve_brute: enumeration of all joint actions, for tests of
 *    tiny instances (n_actions^n_agents <= 1e6).
 * Ties between optimal allocations may be broken differently by the three;
 * their objective values agree. Not collective.
 */
#ifndef FS_LEARNERS_DECAF_ALLOC_H
#define FS_LEARNERS_DECAF_ALLOC_H

#include "core/err.h"

/* One allocation problem. All arrays are row-major [n_agents x n_actions]
 * and owned by the caller. */
struct fs_alloc_problem {
    int n_agents;                 /* >= 1 */
    int n_actions;                /* >= 1, candidate actions per agent */
    int n_resources;              /* >= 0 */
    const double *q;              /* scores, finite */
    const int *resource;          /* -1 or a resource index < n_resources */
    const int *capacity;          /* [n_resources], >= 0 */
    const unsigned char *allowed; /* 1 = allowed; NULL = all allowed */
};

typedef struct fs_alloc fs_alloc;   /* solver workspace */

/* A workspace for problems up to the given sizes. Never NULL (aborts on
 * OOM). Free with fs_alloc_destroy. */
fs_alloc *fs_alloc_create(int max_agents, int max_actions, int max_resources);
/* Accepts NULL and *w == NULL; sets *w to NULL. */
void fs_alloc_destroy(fs_alloc **w);

/* Solve exactly with the flow solver. actions [n_agents] receives each
 * agent's action, *value (may be NULL) the objective. Errors: FS_ECONFIG
 * when the problem exceeds the workspace or is malformed, FS_ENUMERIC when
 * no feasible allocation exists (actions are then unspecified). */
int fs_alloc_solve(fs_alloc *w, const struct fs_alloc_problem *p,
                   int *actions, double *value, fs_err *e);

/* The same with GLPK's MILP solver (presolve + branch and cut, terminal
 * output off). Allocates per call. Errors as fs_alloc_solve. */
int fs_alloc_solve_glpk(const struct fs_alloc_problem *p, int *actions,
                        double *value, fs_err *e);

/* The same by enumeration; FS_ECONFIG when n_actions^n_agents > 1e6. */
int fs_alloc_solve_brute(const struct fs_alloc_problem *p, int *actions,
                         double *value, fs_err *e);

/* 1 when actions satisfies every constraint of p, else 0. */
int fs_alloc_feasible(const struct fs_alloc_problem *p, const int *actions);

/* The objective sum_i q[i][actions[i]]. */
double fs_alloc_value(const struct fs_alloc_problem *p, const int *actions);

#endif /* FS_LEARNERS_DECAF_ALLOC_H */
