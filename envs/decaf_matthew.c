/* envs/decaf_matthew.c - DECAF's Matthew environment (reference notes
 * section 4.5): 10 agents and 3 resources in the unit square. Eating a
 * resource makes an agent bigger (size + 0.005, at most 0.5) and faster
 * (speed = 0.01 + size), so the rich get richer; agents 6..9 start bigger
 * (size 0.05, type 2: size = 0.01 + type / 50) than agents 0..5 (0.01).
 *
 * Actions: 0 = no new target, j = claim resource j - 1 (resource j - 1,
 * capacity 1). Only agents without a target may claim, and only resources
 * nobody has claimed. A claim sets the travel time tau = dist / speed; the
 * agent then covers 1/k of the remaining way each step, k = ceil(tau)
 * steps in all (at least 1), and on arrival eats: utility 1, the resource
 * respawns uniformly (unclaimed), size and speed grow. Agents without a
 * target take a random step of length speed (uniform direction) with
 * probability 0.8, clipped to the square.
 * Learning reward: claim_gamma^tau at claim time (the expected discounted
 * pickup, claim_gamma = 0.98); su and Z count actual pickups.
 * Post-decision observation (22): x, y, size, speed, free agents / n,
 * any resource unclaimed, per resource (unclaimed, dx, dy) x 3, size /
 * mean size - 1, Z_i / mean Z - 1, Z_i / 10, claiming now (1 for a claim
 * action: the step that pays claim_gamma^tau), target (dx, dy, tau / 10)
 * (zeros when none), all after the action (a claimed resource shows as
 * taken). This is a compact form of the authors' "full" observation
 * without the other agents' individual features; without the claim flag
 * a fresh claim and a trip under way look alike and V cannot learn the
 * claim reward.
 * Defaults: 200 steps, past discount 0.995, warm start 5.
 */
#include "envs/decaf_impl.h"
#include "envs/env.h"

#include <math.h>
#include <stdlib.h>

enum { MAT_AGENTS = 10, MAT_RES = 3, MAT_PDS = 22 };

struct mat_state {
    double size_update, max_size, claim_gamma, move_prob;
    double x[MAT_AGENTS], y[MAT_AGENTS], size[MAT_AGENTS];
    int target[MAT_AGENTS];     /* resource index or -1 */
    int steps_left[MAT_AGENTS]; /* steps to arrival when targeted */
    double rx[MAT_RES], ry[MAT_RES];
    int claimed[MAT_RES];       /* agent or -1 */
};

static double mat_speed(const struct mat_state *s, int i)
{
    return 0.01 + s->size[i];
}

static int mat_create(const struct fs_job *job, struct fs_decaf_spec *spec,
                      void **state, fs_err *e)
{
    (void)e;
    struct mat_state *s = fs_xcalloc(1, sizeof *s);
    s->size_update = fs_job_num(job, "size_update", 0.005);
    s->max_size = fs_job_num(job, "max_size", 0.5);
    s->claim_gamma = fs_job_num(job, "claim_gamma", 0.98);
    s->move_prob = fs_job_num(job, "move_prob", 0.8);
    spec->n_agents = MAT_AGENTS;
    spec->n_actions = 1 + MAT_RES;
    spec->n_resources = MAT_RES;
    spec->pds_dim = MAT_PDS;
    *state = s;
    return 0;
}

static void mat_destroy(void *state)
{
    free(state);
}

static void mat_reset(fs_decaf_env *env, fs_rng *rng)
{
    struct mat_state *s = env->state;
    for (int i = 0; i < MAT_AGENTS; i++) {
        s->x[i] = fs_rng_uniform(rng);
        s->y[i] = fs_rng_uniform(rng);
        s->size[i] = 0.01 + (i >= 6 ? 2.0 : 0.0) / 50.0;
        s->target[i] = -1;
        s->steps_left[i] = 0;
    }
    for (int r = 0; r < MAT_RES; r++) {
        s->rx[r] = fs_rng_uniform(rng);
        s->ry[r] = fs_rng_uniform(rng);
        s->claimed[r] = -1;
    }
}

static double mat_tau(const struct mat_state *s, int i, int r)
{
    return hypot(s->rx[r] - s->x[i], s->ry[r] - s->y[i]) / mat_speed(s, i);
}

static void mat_pds(const fs_decaf_env *env, int i, int a, float *out)
{
    const struct mat_state *s = env->state;
    int target = a > 0 ? a - 1 : s->target[i];
    int n_free = 0, any = 0, k = 0;
    double mean_size = 0.0;
    for (int j = 0; j < MAT_AGENTS; j++) {
        n_free += s->target[j] < 0 && !(j == i && a > 0);
        mean_size += s->size[j] / MAT_AGENTS;
    }
    for (int r = 0; r < MAT_RES; r++)
        any |= s->claimed[r] < 0 && r != target;
    out[k++] = (float)s->x[i];
    out[k++] = (float)s->y[i];
    out[k++] = (float)s->size[i];
    out[k++] = (float)mat_speed(s, i);
    out[k++] = (float)n_free / MAT_AGENTS;
    out[k++] = (float)any;
    for (int r = 0; r < MAT_RES; r++) {
        out[k++] = (float)(s->claimed[r] < 0 && r != target);
        out[k++] = (float)(s->rx[r] - s->x[i]);
        out[k++] = (float)(s->ry[r] - s->y[i]);
    }
    out[k++] = (float)(s->size[i] / mean_size - 1.0);
    out[k++] = (float)decaf_relative(env, i);
    out[k++] = (float)(env->z[i] / 10.0);
    out[k++] = (float)(a > 0);
    if (target >= 0) {
        double tau = a > 0 ? mat_tau(s, i, target) : s->steps_left[i];
        out[k++] = (float)(s->rx[target] - s->x[i]);
        out[k++] = (float)(s->ry[target] - s->y[i]);
        out[k++] = (float)(tau / 10.0);
    } else {
        for (int j = 0; j < 3; j++)
            out[k++] = 0.0f;
    }
}

static void mat_constraints(const fs_decaf_env *env, int *resource,
                            int *capacity, unsigned char *allowed)
{
    const struct mat_state *s = env->state;
    for (int r = 0; r < MAT_RES; r++)
        capacity[r] = 1;
    for (int i = 0; i < MAT_AGENTS; i++)
        for (int a = 0; a <= MAT_RES; a++) {
            int k = i * (MAT_RES + 1) + a;
            resource[k] = a - 1;
            allowed[k] = a == 0 || (s->target[i] < 0 && s->claimed[a - 1] < 0);
        }
}

/* Advance agent i one step towards its target; eat on arrival. */
static void mat_travel(struct mat_state *s, int i, fs_rng *rng, double *utility)
{
    int r = s->target[i];
    double frac = 1.0 / s->steps_left[i];
    s->x[i] += (s->rx[r] - s->x[i]) * frac;
    s->y[i] += (s->ry[r] - s->y[i]) * frac;
    if (--s->steps_left[i] > 0)
        return;
    s->x[i] = s->rx[r];
    s->y[i] = s->ry[r];
    utility[i] = 1.0;
    s->size[i] = fmin(s->size[i] + s->size_update, s->max_size);
    s->rx[r] = fs_rng_uniform(rng);
    s->ry[r] = fs_rng_uniform(rng);
    s->claimed[r] = -1;
    s->target[i] = -1;
}

static double clip01(double v)
{
    return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

static void mat_wander(struct mat_state *s, int i, fs_rng *rng)
{
    if (fs_rng_uniform(rng) >= s->move_prob)
        return;
    double angle = 2.0 * 3.14159265358979323846 * fs_rng_uniform(rng);
    s->x[i] = clip01(s->x[i] + mat_speed(s, i) * cos(angle));
    s->y[i] = clip01(s->y[i] + mat_speed(s, i) * sin(angle));
}

static void mat_step(fs_decaf_env *env, const int *actions, fs_rng *rng,
                     double *reward, double *utility, double *got)
{
    (void)got;
    struct mat_state *s = env->state;
    for (int i = 0; i < MAT_AGENTS; i++) {
        reward[i] = utility[i] = 0.0;
        if (actions[i] == 0)
            continue;
        int r = actions[i] - 1;
        double tau = mat_tau(s, i, r);
        s->target[i] = r;
        s->claimed[r] = i;
        s->steps_left[i] = tau > 1.0 ? (int)ceil(tau) : 1;
        reward[i] = pow(s->claim_gamma, tau);
    }
    for (int i = 0; i < MAT_AGENTS; i++) {
        if (s->target[i] >= 0)
            mat_travel(s, i, rng, utility);
        else
            mat_wander(s, i, rng);
    }
}

static const struct decaf_model mat_model = {
    .rate_metric = 0,
    .create = mat_create,
    .destroy = mat_destroy,
    .reset = mat_reset,
    .pds = mat_pds,
    .constraints = mat_constraints,
    .step = mat_step,
};

static int mat_env_create(const struct fs_job *job, fs_decaf_env **out,
                          struct fs_decaf_spec *spec, fs_err *e)
{
    return decaf_env_create(&mat_model, job, 200, 0.995, 5.0, out, spec, e);
}

DECAF_OPS_TABLE(mat_ops, mat_env_create);

static const struct fs_param_spec mat_params[] = {
    DECAF_COMMON_PARAMS(200, 0.995, 5),
    {"size_update", FS_PARAM_NUM, 0.005, 0, 1, NULL, "size gained per resource eaten"},
    {"max_size", FS_PARAM_NUM, 0.5, 0.01, 10, NULL, "largest size"},
    {"claim_gamma", FS_PARAM_NUM, 0.98, 0, 1, NULL,
     "discount of the claim reward claim_gamma^(travel steps)"},
    {"move_prob", FS_PARAM_NUM, 0.8, 0, 1, NULL,
     "probability that an agent without a target takes a random step"},
};

const struct fs_env_class fs_env_matthew = {
    .name = "matthew",
    .summary = "DECAF Matthew: 10 agents race for 3 resources; eating makes them faster",
    .params = mat_params,
    .n_params = sizeof mat_params / sizeof mat_params[0],
    .ops = NULL,
    .extra_kind = "decaf",
    .extra = &mat_ops,
};
