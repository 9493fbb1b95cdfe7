/* envs/decaf_job.c - DECAF's Job environment (reference notes section
 * 4.5): 4 agents on a G x G grid (G = 7) start in the corners; one job
 * sits at the centre cell. An agent on the job cell earns utility 1 per
 * step, so the utilitarian policy parks one agent there for good and a
 * fair one takes turns.
 *
 * Actions: 0 stay, 1 +y, 2 -y, 3 -x, 4 +x. The allocation's resources are
 * the cells (capacity 1 each): an action consumes its target cell (an
 * off-grid move targets the agent's own cell), and cells now occupied by
 * other agents are forbidden, so there are no collisions by construction.
 * Learning reward: utility - 0.1 * Euclidean distance to the job (shaping
 * not counted in su or Z).
 * Post-decision observation (13), at the cell the action leads to:
 * (job - cell) / G (2), the 3 x 3 neighbourhood (-1 off-grid, 1 another
 * agent, 0 free; 9), Z_i / 10, Z_i / mean Z - 1.
 * Defaults: grid 7, 100 steps, past discount 0.995, warm start 3.
 * random_layout = true gives the paper's variant (appendix B.2) instead of
 * the code's: agents start on distinct uniform cells and the job on a
 * uniform non-border cell, fixed for the episode.
 */
#include "envs/decaf_impl.h"
#include "envs/env.h"

#include <math.h>
#include <stdlib.h>

enum { JOB_AGENTS = 4, JOB_ACTIONS = 5, JOB_PDS = 13 };

static const int job_dx[JOB_ACTIONS] = {0, 0, 0, -1, 1};
static const int job_dy[JOB_ACTIONS] = {0, 1, -1, 0, 0};

struct job_state {
    int grid, random_layout;
    int jx, jy;                   /* the job's cell */
    int x[JOB_AGENTS], y[JOB_AGENTS];
};

static int job_create(const struct fs_job *job, struct fs_decaf_spec *spec,
                      void **state, fs_err *e)
{
    int grid = (int)fs_job_num(job, "grid", 7);
    if (grid < 3)
        return fs_err_set(e, FS_ECONFIG, "job: grid must be >= 3");
    struct job_state *s = fs_xcalloc(1, sizeof *s);
    s->grid = grid;
    s->random_layout = fs_job_num(job, "random_layout", 0) != 0;
    spec->n_agents = JOB_AGENTS;
    spec->n_actions = JOB_ACTIONS;
    spec->n_resources = grid * grid;
    spec->pds_dim = JOB_PDS;
    *state = s;
    return 0;
}

static void job_destroy(void *state)
{
    free(state);
}

/* The paper's layout: job off the border, agents on distinct cells. */
static void job_random_layout(struct job_state *s, fs_rng *rng)
{
    int G = s->grid, cells[64 * 64];
    s->jx = 1 + (int)fs_rng_below(rng, (uint64_t)(G - 2));
    s->jy = 1 + (int)fs_rng_below(rng, (uint64_t)(G - 2));
    for (int c = 0; c < G * G; c++)
        cells[c] = c;
    for (int i = 0; i < JOB_AGENTS; i++) {
        int k = i + (int)fs_rng_below(rng, (uint64_t)(G * G - i));
        int c = cells[k];
        cells[k] = cells[i];
        cells[i] = c;
        s->x[i] = c / G;
        s->y[i] = c % G;
    }
}

static void job_reset(fs_decaf_env *env, fs_rng *rng)
{
    struct job_state *s = env->state;
    if (s->random_layout) {
        job_random_layout(s, rng);
        return;
    }
    int g = s->grid - 1;
    const int cx[JOB_AGENTS] = {0, 0, g, g}, cy[JOB_AGENTS] = {0, g, 0, g};
    s->jx = s->jy = s->grid / 2;
    for (int i = 0; i < JOB_AGENTS; i++) {
        s->x[i] = cx[i];
        s->y[i] = cy[i];
    }
}

/* The cell agent i reaches with action a. */
static void job_target(const struct job_state *s, int i, int a, int *x, int *y)
{
    *x = s->x[i] + job_dx[a];
    *y = s->y[i] + job_dy[a];
    if (*x < 0 || *x >= s->grid || *y < 0 || *y >= s->grid) {
        *x = s->x[i];
        *y = s->y[i];
    }
}

/* 1 when an agent other than `self` stands on (x, y). */
static int job_occupied(const struct job_state *s, int self, int x, int y)
{
    for (int j = 0; j < JOB_AGENTS; j++)
        if (j != self && s->x[j] == x && s->y[j] == y)
            return 1;
    return 0;
}

static void job_pds(const fs_decaf_env *env, int i, int a, float *out)
{
    const struct job_state *s = env->state;
    int x, y, k = 2;
    job_target(s, i, a, &x, &y);
    out[0] = (float)(s->jx - x) / (float)s->grid;
    out[1] = (float)(s->jy - y) / (float)s->grid;
    for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++) {
            int u = x + dx, v = y + dy;
            int off = u < 0 || u >= s->grid || v < 0 || v >= s->grid;
            out[k++] = off ? -1.0f : (float)job_occupied(s, i, u, v);
        }
    out[k++] = (float)(env->z[i] / 10.0);
    out[k] = (float)decaf_relative(env, i);
}

static void job_constraints(const fs_decaf_env *env, int *resource,
                            int *capacity, unsigned char *allowed)
{
    const struct job_state *s = env->state;
    for (int c = 0; c < s->grid * s->grid; c++)
        capacity[c] = 1;
    for (int i = 0; i < JOB_AGENTS; i++)
        for (int a = 0; a < JOB_ACTIONS; a++) {
            int x, y;
            job_target(s, i, a, &x, &y);
            resource[i * JOB_ACTIONS + a] = x * s->grid + y;
            allowed[i * JOB_ACTIONS + a] = !job_occupied(s, i, x, y);
        }
}

static void job_step(fs_decaf_env *env, const int *actions, fs_rng *rng,
                     double *reward, double *utility, double *got)
{
    (void)rng;
    (void)got;
    struct job_state *s = env->state;
    int nx[JOB_AGENTS], ny[JOB_AGENTS];
    for (int i = 0; i < JOB_AGENTS; i++)
        job_target(s, i, actions[i], &nx[i], &ny[i]);
    for (int i = 0; i < JOB_AGENTS; i++) {
        s->x[i] = nx[i];
        s->y[i] = ny[i];
        utility[i] = nx[i] == s->jx && ny[i] == s->jy;
        double dist = hypot(nx[i] - s->jx, ny[i] - s->jy);
        reward[i] = utility[i] - 0.1 * dist;
    }
}

static const struct decaf_model job_model = {
    .rate_metric = 0,
    .create = job_create,
    .destroy = job_destroy,
    .reset = job_reset,
    .pds = job_pds,
    .constraints = job_constraints,
    .step = job_step,
};

static int job_env_create(const struct fs_job *job, fs_decaf_env **out,
                          struct fs_decaf_spec *spec, fs_err *e)
{
    return decaf_env_create(&job_model, job, 100, 0.995, 3.0, out, spec, e);
}

DECAF_OPS_TABLE(job_ops, job_env_create);

static const struct fs_param_spec job_params[] = {
    DECAF_COMMON_PARAMS(100, 0.995, 3),
    {"grid", FS_PARAM_INT, 7, 3, 64, NULL, "grid side; the job is at the centre"},
    {"random_layout", FS_PARAM_BOOL, 0, 0, 1, NULL,
     "paper's layout: random job (off the border) and agent cells per episode"},
};

const struct fs_env_class fs_env_job = {
    .name = "job",
    .summary = "DECAF Job: 4 agents share one job cell on a 7x7 grid",
    .params = job_params,
    .n_params = sizeof job_params / sizeof job_params[0],
    .ops = NULL,
    .extra_kind = "decaf",
    .extra = &job_ops,
};
