/* envs/decaf_plant.c - DECAF's Plant environment (reference notes section
 * 4.5): 5 agents on a G x G grid (G = 8) collect 8 resources of 3 types
 * (types cycle 0,1,2,0,1,2,0,1) to build units. Agent i needs req[i][t]
 * resources of type t per unit: [[2,1,0],[1,0,1],[1,0,0],[1,3,0],[0,1,2]],
 * so agent 2 is cheap to satisfy and agent 3 expensive.
 *
 * Actions: 0 = no new target, j = claim resource j - 1 (resource j - 1,
 * capacity 1), only for agents without a target and unclaimed resources.
 * An agent with a target moves one grid step per step towards it (x first,
 * then y); on reaching it, it takes the resource (possession + 1, shaping
 * +0.3 when that type was still needed) and the resource respawns uniformly
 * in [1, G-2]^2 with the same type. Each step every agent builds
 * units = min over its required types of floor(possession / req) and uses
 * the resources up; utility = units.
 * Post-decision observation (53): Z_i / mean Z - 1, Z_i / 10, req / 3 (3),
 * possession / 3 (3), free to claim, per resource (unclaimed, dx / G,
 * dy / G, Manhattan distance / G, needed) x 8, target (dx / G, dy / G,
 * distance / G, needed) (zeros when none); after the action.
 * Agents start uniformly in [1, G-2]^2 (our choice).
 * Defaults: grid 8, 200 steps, past discount 0.995, warm start 1.
 */
#include "envs/decaf_impl.h"
#include "envs/env.h"

#include <stdlib.h>

enum { PL_AGENTS = 5, PL_RES = 8, PL_TYPES = 3, PL_PDS = 53 };

static const int pl_req[PL_AGENTS][PL_TYPES] = {
    {2, 1, 0}, {1, 0, 1}, {1, 0, 0}, {1, 3, 0}, {0, 1, 2}};

struct pl_state {
    int grid;
    double shaping;
    int x[PL_AGENTS], y[PL_AGENTS], target[PL_AGENTS];
    int poss[PL_AGENTS][PL_TYPES];
    int rx[PL_RES], ry[PL_RES], type[PL_RES], claimed[PL_RES];
};

static int pl_create(const struct fs_job *job, struct fs_decaf_spec *spec,
                     void **state, fs_err *e)
{
    int grid = (int)fs_job_num(job, "grid", 8);
    if (grid < 3)
        return fs_err_set(e, FS_ECONFIG, "plant: grid must be >= 3");
    struct pl_state *s = fs_xcalloc(1, sizeof *s);
    s->grid = grid;
    s->shaping = fs_job_num(job, "shaping", 0.3);
    spec->n_agents = PL_AGENTS;
    spec->n_actions = 1 + PL_RES;
    spec->n_resources = PL_RES;
    spec->pds_dim = PL_PDS;
    *state = s;
    return 0;
}

static void pl_destroy(void *state)
{
    free(state);
}

static int pl_coord(struct pl_state *s, fs_rng *rng)
{
    return 1 + (int)fs_rng_below(rng, (uint64_t)(s->grid - 2));
}

static void pl_reset(fs_decaf_env *env, fs_rng *rng)
{
    struct pl_state *s = env->state;
    for (int i = 0; i < PL_AGENTS; i++) {
        s->x[i] = pl_coord(s, rng);
        s->y[i] = pl_coord(s, rng);
        s->target[i] = -1;
        for (int t = 0; t < PL_TYPES; t++)
            s->poss[i][t] = 0;
    }
    for (int r = 0; r < PL_RES; r++) {
        s->rx[r] = pl_coord(s, rng);
        s->ry[r] = pl_coord(s, rng);
        s->type[r] = r % PL_TYPES;
        s->claimed[r] = -1;
    }
}

static int pl_needed(const struct pl_state *s, int i, int type)
{
    return s->poss[i][type] < pl_req[i][type];
}

static int iabs(int v)
{
    return v < 0 ? -v : v;
}

static void pl_pds(const fs_decaf_env *env, int i, int a, float *out)
{
    const struct pl_state *s = env->state;
    float g = (float)s->grid;
    int target = a > 0 ? a - 1 : s->target[i], k = 0;
    out[k++] = (float)decaf_relative(env, i);
    out[k++] = (float)(env->z[i] / 10.0);
    for (int t = 0; t < PL_TYPES; t++)
        out[k++] = (float)pl_req[i][t] / 3.0f;
    for (int t = 0; t < PL_TYPES; t++)
        out[k++] = (float)s->poss[i][t] / 3.0f;
    out[k++] = (float)(target < 0);
    for (int r = 0; r < PL_RES; r++) {
        int dx = s->rx[r] - s->x[i], dy = s->ry[r] - s->y[i];
        out[k++] = (float)(s->claimed[r] < 0 && r != target);
        out[k++] = (float)dx / g;
        out[k++] = (float)dy / g;
        out[k++] = (float)(iabs(dx) + iabs(dy)) / g;
        out[k++] = (float)pl_needed(s, i, s->type[r]);
    }
    if (target >= 0) {
        int dx = s->rx[target] - s->x[i], dy = s->ry[target] - s->y[i];
        out[k++] = (float)dx / g;
        out[k++] = (float)dy / g;
        out[k++] = (float)(iabs(dx) + iabs(dy)) / g;
        out[k++] = (float)pl_needed(s, i, s->type[target]);
    } else {
        for (int j = 0; j < 4; j++)
            out[k++] = 0.0f;
    }
}

static void pl_constraints(const fs_decaf_env *env, int *resource,
                           int *capacity, unsigned char *allowed)
{
    const struct pl_state *s = env->state;
    for (int r = 0; r < PL_RES; r++)
        capacity[r] = 1;
    for (int i = 0; i < PL_AGENTS; i++)
        for (int a = 0; a <= PL_RES; a++) {
            int k = i * (PL_RES + 1) + a;
            resource[k] = a - 1;
            allowed[k] = a == 0 || (s->target[i] < 0 && s->claimed[a - 1] < 0);
        }
}

/* One step towards the target (x first); take it on arrival. Returns the
 * shaping reward earned. */
static double pl_travel(struct pl_state *s, int i, fs_rng *rng)
{
    int r = s->target[i];
    if (s->x[i] != s->rx[r])
        s->x[i] += s->rx[r] > s->x[i] ? 1 : -1;
    else if (s->y[i] != s->ry[r])
        s->y[i] += s->ry[r] > s->y[i] ? 1 : -1;
    if (s->x[i] != s->rx[r] || s->y[i] != s->ry[r])
        return 0.0;
    double shaping = pl_needed(s, i, s->type[r]) ? s->shaping : 0.0;
    s->poss[i][s->type[r]] += 1;
    s->rx[r] = pl_coord(s, rng);
    s->ry[r] = pl_coord(s, rng);
    s->claimed[r] = -1;
    s->target[i] = -1;
    return shaping;
}

/* Units agent i can build now; consumes their resources. */
static int pl_build(struct pl_state *s, int i)
{
    int units = -1;
    for (int t = 0; t < PL_TYPES; t++) {
        if (pl_req[i][t] == 0)
            continue;
        int u = s->poss[i][t] / pl_req[i][t];
        units = units < 0 || u < units ? u : units;
    }
    units = units < 0 ? 0 : units;
    for (int t = 0; t < PL_TYPES; t++)
        s->poss[i][t] -= units * pl_req[i][t];
    return units;
}

static void pl_step(fs_decaf_env *env, const int *actions, fs_rng *rng,
                    double *reward, double *utility, double *got)
{
    (void)got;
    struct pl_state *s = env->state;
    for (int i = 0; i < PL_AGENTS; i++)
        if (actions[i] > 0) {
            s->target[i] = actions[i] - 1;
            s->claimed[actions[i] - 1] = i;
        }
    for (int i = 0; i < PL_AGENTS; i++) {
        reward[i] = s->target[i] >= 0 ? pl_travel(s, i, rng) : 0.0;
        utility[i] = pl_build(s, i);
        reward[i] += utility[i];
    }
}

static const struct decaf_model pl_model = {
    .rate_metric = 0,
    .create = pl_create,
    .destroy = pl_destroy,
    .reset = pl_reset,
    .pds = pl_pds,
    .constraints = pl_constraints,
    .step = pl_step,
};

static int pl_env_create(const struct fs_job *job, fs_decaf_env **out,
                         struct fs_decaf_spec *spec, fs_err *e)
{
    return decaf_env_create(&pl_model, job, 200, 0.995, 1.0, out, spec, e);
}

DECAF_OPS_TABLE(pl_ops, pl_env_create);

static const struct fs_param_spec pl_params[] = {
    DECAF_COMMON_PARAMS(200, 0.995, 1),
    {"grid", FS_PARAM_INT, 8, 3, 64, NULL, "grid side"},
    {"shaping", FS_PARAM_NUM, 0.3, 0, 10, NULL,
     "learning reward for taking a still-needed resource"},
};

const struct fs_env_class fs_env_plant = {
    .name = "plant",
    .summary = "DECAF Plant: 5 agents collect 3 resource types to build units",
    .params = pl_params,
    .n_params = sizeof pl_params / sizeof pl_params[0],
    .ops = NULL,
    .extra_kind = "decaf",
    .extra = &pl_ops,
};
