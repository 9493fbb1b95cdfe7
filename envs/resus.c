/* envs/resus.c - `resus`: configuration, presets and dynamics.
 * See envs/resus.h and docs/resus.md. */
#include "envs/resus_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Station cells on the 6 x 6 grid (MARLHospital's fair-gne config: bed
 * (2,2), carts (5,2) and (2,3), table (5,3)) and the agents' start cells. */
const int fs_resus_station_xy[FS_RESUS_STATIONS][2] = {
    {2, 2}, {5, 2}, {2, 3}, {5, 3}};
static const int start_xy[FS_RESUS_AGENTS][2] = {{0, 3}, {3, 3}, {4, 3}};
/* Where each item starts: board on the cart, mask on the second cart, AED
 * and syringe on the table. */
static const int item_home[FS_RESUS_ITEMS] = {
    FS_RESUS_CART, FS_RESUS_CART2, FS_RESUS_TABLE, FS_RESUS_TABLE};
/* H at the goal, by goal phase (HospRewardHandler: breaths 300, shock 500,
 * medicine 700; the CPR-only goal gets 200 here). */
static const double goal_value[4] = {200, 300, 500, 700};

static const struct fs_param_spec resus_params[] = {
    {"preset", FS_PARAM_TEXT, 0, 0, 0, "moreskills|fatigue",
     "reference config: moreskills (no fatigue) or fatigue (rotation forced)"},
    {"goal", FS_PARAM_TEXT, 0, 0, 0, "breaths|cpr|shock|medicine",
     "last step of the BLS chain that ends the episode"},
    {"episode_limit", FS_PARAM_INT, 50, 1, 1000, NULL, "rounds per episode"},
    {"compressions", FS_PARAM_INT, -1, -1, 20, NULL,
     "compression units needed (-1: preset)"},
    {"breaths", FS_PARAM_INT, 2, 1, 20, NULL, "rescue-breath units needed"},
    {"shocks", FS_PARAM_INT, 1, 1, 20, NULL, "shock units (goal shock+)"},
    {"medicine", FS_PARAM_INT, 1, 1, 20, NULL, "medicine units (goal medicine)"},
    {"energy_max", FS_PARAM_NUM, -1, -1, 1e6, NULL, "energy cap (-1: preset)"},
    {"energy_cost", FS_PARAM_NUM, -1, -1, 1e6, NULL,
     "energy per compression; tired while energy < cost (-1: preset)"},
    {"recharge", FS_PARAM_NUM, -1, -1, 1e6, NULL,
     "energy regained per round (-1: preset)"},
    {"p_skill0", FS_PARAM_NUM, 0.3, 0, 1, NULL, "success probability, skill 0"},
    {"p_skill1", FS_PARAM_NUM, 0.7, 0, 1, NULL, "success probability, skill 1"},
    {"p_skill2", FS_PARAM_NUM, 1.0, 0, 1, NULL, "success probability, skill 2"},
    {"gain_skill2", FS_PARAM_INT, 1, 1, 10, NULL,
     "progress units per successful treatment by an expert (others: 1)"},
    {"move_cells", FS_PARAM_INT, 0, 0, 10, NULL,
     "grid cells per move action (0: reach the station in one action)"},
    {"mask_actions", FS_PARAM_BOOL, 1, 0, 1, NULL,
     "1: availability mask; 0: invalid actions are noops with reward -0.0005"},
    {"skill_item", FS_PARAM_INT, -1, -1, 222, NULL,
     "skills of agents 0,1,2 as digits, e.g. 211 (-1: preset)"},
    {"skill_stack", FS_PARAM_INT, -1, -1, 222, NULL, "as skill_item"},
    {"skill_compress", FS_PARAM_INT, -1, -1, 222, NULL, "as skill_item"},
    {"skill_breaths", FS_PARAM_INT, -1, -1, 222, NULL, "as skill_item"},
    {"skill_shock", FS_PARAM_INT, -1, -1, 222, NULL, "as skill_item"},
    {"skill_medicine", FS_PARAM_INT, -1, -1, 222, NULL, "as skill_item"},
};

static const char *const skill_param[FS_RESUS_SKILLS] = {
    "skill_item", "skill_stack", "skill_compress", "skill_breaths",
    "skill_shock", "skill_medicine"};

static const char *text_or(const struct fs_job *job, const char *name,
                           const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

/* The `moreskills` preset (multiagent_rescuebreaths_specsimplemoreskills):
 * agent 0 compression expert (and expert at fetching and stackunder), agent
 * 1 breaths expert, agent 2 generalist; 2 compressions, no fatigue (cost 0,
 * recharge 2, max 10). `fatigue` (..._specskilled_energy): 3 compressions,
 * cost 3, recharge 1, max 3, so a compressor must rest 3 rounds. */
static void apply_preset(struct resus_cfg *c, int fatigue)
{
    static const int sk[FS_RESUS_AGENTS][FS_RESUS_SKILLS] = {
        {2, 2, 2, 1, 1, 1}, {1, 1, 1, 2, 1, 1}, {1, 1, 1, 1, 1, 1}};
    memcpy(c->skill, sk, sizeof sk);
    c->need[FS_RESUS_PH_COMPRESS] = fatigue ? 3 : 2;
    c->energy_max = fatigue ? 3 : 10;
    c->energy_cost = fatigue ? 3 : 0;
    c->recharge = fatigue ? 1 : 2;
}

static int parse_skills(const struct fs_job *job, struct resus_cfg *c,
                        fs_err *e)
{
    for (int k = 0; k < FS_RESUS_SKILLS; k++) {
        double v = fs_job_num(job, skill_param[k], -1);
        if (v < 0)
            continue;
        int digits = (int)v;
        for (int a = FS_RESUS_AGENTS - 1; a >= 0; a--, digits /= 10) {
            int d = digits % 10;
            if (d > 2)
                return fs_err_set(e, FS_ECONFIG,
                                  "resus: %s = %d: each digit is a skill 0..2",
                                  skill_param[k], (int)v);
            c->skill[a][k] = d;
        }
    }
    return 0;
}

static int goal_phase_of(const char *goal)
{
    if (strcmp(goal, "cpr") == 0)
        return FS_RESUS_PH_COMPRESS;
    if (strcmp(goal, "shock") == 0)
        return FS_RESUS_PH_SHOCK;
    if (strcmp(goal, "medicine") == 0)
        return FS_RESUS_PH_MEDICINE;
    return FS_RESUS_PH_BREATHS;
}

static double num_or_preset(const struct fs_job *job, const char *name,
                            double preset)
{
    double v = fs_job_num(job, name, -1);
    return v < 0 ? preset : v;
}

static int resus_configure(const struct fs_job *job, struct resus_cfg *c,
                           fs_err *e)
{
    memset(c, 0, sizeof *c);
    apply_preset(c, strcmp(text_or(job, "preset", "moreskills"), "fatigue") == 0);
    c->goal_phase = goal_phase_of(text_or(job, "goal", "breaths"));
    c->limit = (int)fs_job_num(job, "episode_limit", 50);
    c->need[FS_RESUS_PH_COMPRESS] =
        (int)num_or_preset(job, "compressions", c->need[FS_RESUS_PH_COMPRESS]);
    c->need[FS_RESUS_PH_BREATHS] = (int)fs_job_num(job, "breaths", 2);
    c->need[FS_RESUS_PH_SHOCK] = (int)fs_job_num(job, "shocks", 1);
    c->need[FS_RESUS_PH_MEDICINE] = (int)fs_job_num(job, "medicine", 1);
    c->energy_max = num_or_preset(job, "energy_max", c->energy_max);
    c->energy_cost = num_or_preset(job, "energy_cost", c->energy_cost);
    c->recharge = num_or_preset(job, "recharge", c->recharge);
    c->p_success[0] = fs_job_num(job, "p_skill0", 0.3);
    c->p_success[1] = fs_job_num(job, "p_skill1", 0.7);
    c->p_success[2] = fs_job_num(job, "p_skill2", 1.0);
    c->gain[0] = c->gain[1] = 1;
    c->gain[2] = (int)fs_job_num(job, "gain_skill2", 1);
    c->move_cells = (int)fs_job_num(job, "move_cells", 0);
    c->mask = fs_job_num(job, "mask_actions", 1) != 0;
    c->invalid_penalty = -0.0005;
    if (c->need[FS_RESUS_PH_COMPRESS] < 1)
        return fs_err_set(e, FS_ECONFIG, "resus: compressions must be >= 1");
    if (c->energy_cost > c->energy_max)
        return fs_err_set(e, FS_ECONFIG,
                          "resus: energy_cost %g exceeds energy_max %g: "
                          "nobody could ever compress",
                          c->energy_cost, c->energy_max);
    return parse_skills(job, c, e);
}

int resus_station_of(const fs_env *env, int a)
{
    for (int s = 0; s < FS_RESUS_STATIONS; s++)
        if (env->pos[a][0] == fs_resus_station_xy[s][0] &&
            env->pos[a][1] == fs_resus_station_xy[s][1])
            return s;
    return FS_RESUS_NOWHERE;
}

int resus_tired(const fs_env *env, int a)
{
    return env->energy[a] < env->c.energy_cost;
}

int resus_phase(const fs_env *env)
{
    for (int p = 0; p < env->c.goal_phase; p++)
        if (env->progress[p] < env->c.need[p])
            return p;
    return env->c.goal_phase;
}

/* The item a phase's treatment needs placed at the patient (the board for
 * compressions, which must also be under the patient). */
static int phase_item(int phase)
{
    return phase; /* board, mask, AED, syringe: same order */
}

/* Whether `item` may be placed at the patient now: the board at once, each
 * later item once the previous phase is complete. */
static int placement_ok(const fs_env *env, int item)
{
    if (item == FS_RESUS_BOARD)
        return 1;
    int prev = item - 1;
    return item <= env->c.goal_phase &&
           env->progress[prev] >= env->c.need[prev];
}

/* The first item needed by the goal that lies at station s, or -1. */
static int item_at_station(const fs_env *env, int s)
{
    for (int i = 0; i <= env->c.goal_phase && i < FS_RESUS_ITEMS; i++)
        if (env->item_at[i] == s)
            return i;
    return -1;
}

static int treat_ok(const fs_env *env, int a)
{
    if (env->done || resus_station_of(env, a) != FS_RESUS_BED ||
        env->holding[a] >= 0)
        return 0;
    int ph = resus_phase(env);
    if (env->progress[ph] >= env->c.need[ph])
        return 0;
    if (env->item_at[phase_item(ph)] != FS_RESUS_PLACED)
        return 0;
    if (ph == FS_RESUS_PH_COMPRESS)
        return env->board_under && !resus_tired(env, a);
    return 1;
}

int resus_available(const fs_env *env, int a, int u)
{
    int st = resus_station_of(env, a);
    switch (u) {
    case FS_RESUS_NOOP:
        return 1;
    case FS_RESUS_MOVE_BED:
    case FS_RESUS_MOVE_CART:
    case FS_RESUS_MOVE_CART2:
    case FS_RESUS_MOVE_TABLE:
        return st != u - FS_RESUS_MOVE_BED;
    case FS_RESUS_MOVE_ITEM:
        if (st == FS_RESUS_NOWHERE)
            return 0;
        if (env->holding[a] < 0)
            return item_at_station(env, st) >= 0;
        return st != FS_RESUS_BED || placement_ok(env, env->holding[a]);
    case FS_RESUS_STACKUNDER:
        return st == FS_RESUS_BED && env->holding[a] < 0 &&
               env->item_at[FS_RESUS_BOARD] == FS_RESUS_PLACED &&
               !env->board_under;
    case FS_RESUS_TREAT:
        return treat_ok(env, a);
    default:
        return 0;
    }
}

/* Progress score H (docs/resus.md): milestones of the chain; the goal
 * value once the goal is reached. */
static double progress_score(const fs_env *env)
{
    const struct resus_cfg *c = &env->c;
    if (env->done)
        return goal_value[c->goal_phase];
    static const double frac_w[4] = {40, 50, 50, 50};
    static const double done_w[4] = {80, 100, 100, 100};
    double h = 0;
    for (int i = 0; i <= c->goal_phase && i < FS_RESUS_ITEMS; i++)
        h += 5.0 * env->held_once[i] +
             (env->item_at[i] == FS_RESUS_PLACED ? (i == 0 ? 10 : 15) : 0);
    h += 20.0 * env->board_under;
    for (int p = 0; p <= c->goal_phase; p++) {
        h += frac_w[p] * env->progress[p] / c->need[p];
        if (env->progress[p] >= c->need[p])
            h += done_w[p];
    }
    return h;
}

static void move_towards(fs_env *env, int a, int s)
{
    int *p = env->pos[a];
    const int *t = fs_resus_station_xy[s];
    if (env->c.move_cells == 0) {
        p[0] = t[0];
        p[1] = t[1];
        return;
    }
    for (int k = 0; k < env->c.move_cells; k++) {
        if (p[0] != t[0])
            p[0] += p[0] < t[0] ? 1 : -1;
        else if (p[1] != t[1])
            p[1] += p[1] < t[1] ? 1 : -1;
    }
}

static void count_task(fs_env *env, int a, int type)
{
    double best = 0;
    for (int k = 0; k < FS_RESUS_AGENTS; k++)
        if (env->c.skill[k][type] > best)
            best = env->c.skill[k][type];
    env->work[a] += 1;
    env->count[a][type] += 1;
    env->skill_used += env->c.skill[a][type];
    env->skill_best += best;
}

static int succeeds(const fs_env *env, int a, int type, fs_rng *rng)
{
    double p = env->c.p_success[env->c.skill[a][type]];
    return p >= 1.0 || fs_rng_uniform(rng) < p;
}

static void do_move_item(fs_env *env, int a, fs_rng *rng)
{
    int st = resus_station_of(env, a);
    count_task(env, a, FS_RESUS_SK_ITEM);
    if (!succeeds(env, a, FS_RESUS_SK_ITEM, rng))
        return;
    int held = env->holding[a];
    if (held < 0) {
        int it = item_at_station(env, st);
        env->item_at[it] = FS_RESUS_HELD;
        env->holding[a] = it;
        env->held_once[it] = 1;
    } else {
        env->item_at[held] = st == FS_RESUS_BED ? FS_RESUS_PLACED : st;
        env->holding[a] = -1;
    }
}

static void do_treat(fs_env *env, int a, fs_rng *rng)
{
    int ph = resus_phase(env);
    int type = FS_RESUS_SK_COMPRESS + ph;
    count_task(env, a, type);
    if (ph == FS_RESUS_PH_COMPRESS)
        env->energy[a] -= env->c.energy_cost + env->c.recharge;
    if (!succeeds(env, a, type, rng))
        return;
    int g = env->c.gain[env->c.skill[a][type]];
    env->progress[ph] += g;
    if (env->progress[ph] > env->c.need[ph])
        env->progress[ph] = env->c.need[ph];
    if (ph == env->c.goal_phase && env->progress[ph] >= env->c.need[ph])
        env->done = 1;
}

/* Agent a acts; returns the reward of this sub-step (change of H, or the
 * invalid-action penalty). */
static double act(fs_env *env, int a, int u, fs_rng *rng)
{
    if (env->done)
        return 0.0;
    if (!resus_available(env, a, u))
        return env->c.invalid_penalty;
    double before = env->score;
    switch (u) {
    case FS_RESUS_MOVE_BED:
    case FS_RESUS_MOVE_CART:
    case FS_RESUS_MOVE_CART2:
    case FS_RESUS_MOVE_TABLE:
        move_towards(env, a, u - FS_RESUS_MOVE_BED);
        break;
    case FS_RESUS_MOVE_ITEM:
        do_move_item(env, a, rng);
        break;
    case FS_RESUS_STACKUNDER:
        count_task(env, a, FS_RESUS_SK_STACK);
        if (succeeds(env, a, FS_RESUS_SK_STACK, rng))
            env->board_under = 1;
        break;
    case FS_RESUS_TREAT:
        do_treat(env, a, rng);
        break;
    default:
        break;
    }
    env->score = progress_score(env);
    return env->score - before;
}

static void snapshot(fs_env *env, int row)
{
    memcpy(env->sub_work[row], env->work, sizeof env->work);
    env->sub_skill[row][0] = env->skill_used;
    env->sub_skill[row][1] = env->skill_best;
}

static int resus_step(fs_env *env, const int *actions, fs_rng *rng,
                      struct fs_env_step *out, fs_err *e)
{
    double r = 0;
    snapshot(env, 0);
    for (int a = 0; a < FS_RESUS_AGENTS; a++) {
        if (actions[a] < 0 || actions[a] >= FS_RESUS_ACTIONS)
            return fs_err_set(e, FS_EINTERNAL, "resus: action %d of agent %d",
                              actions[a], a);
        r += act(env, a, actions[a], rng);
        snapshot(env, a + 1);
    }
    for (int a = 0; a < FS_RESUS_AGENTS; a++)
        env->energy[a] = fmin(env->energy[a] + env->c.recharge,
                              env->c.energy_max);
    env->round++;
    env->ret += r;
    out->reward = r;
    /* Per-agent utility, as seed 000 frames it: the agent's share of the
     * work, i.e. 1 when its action this round was a counted task action.
     * Fairness learners (fen) balance these; QMIX uses the shared reward. */
    if (out->agent_reward)
        for (int a = 0; a < FS_RESUS_AGENTS; a++)
            out->agent_reward[a] = env->work[a] - env->sub_work[0][a];
    out->terminated = env->done;
    out->truncated = !env->done && env->round >= env->c.limit;
    return 0;
}

static void resus_reset(fs_env *env, fs_rng *rng)
{
    (void)rng;
    struct resus_cfg c = env->c;
    memset(env, 0, sizeof *env);
    env->c = c;
    for (int a = 0; a < FS_RESUS_AGENTS; a++) {
        env->pos[a][0] = start_xy[a][0];
        env->pos[a][1] = start_xy[a][1];
        env->holding[a] = -1;
        env->energy[a] = c.energy_max;
    }
    for (int i = 0; i < FS_RESUS_ITEMS; i++)
        env->item_at[i] = item_home[i];
    env->score = progress_score(env);
}

static int resus_create(const struct fs_job *job, fs_env **out,
                        struct fs_env_spec *spec, fs_err *e)
{
    *out = NULL;
    struct resus_cfg c;
    int rc = resus_configure(job, &c, e);
    if (rc < 0)
        return rc;
    fs_env *env = fs_xcalloc(1, sizeof *env);
    env->c = c;
    resus_reset(env, NULL);
    spec->n_agents = FS_RESUS_AGENTS;
    spec->obs_dim = resus_obs_dim();
    spec->state_dim = resus_state_dim();
    spec->n_actions = FS_RESUS_ACTIONS;
    spec->episode_limit = c.limit;
    *out = env;
    return 0;
}

static void resus_destroy(fs_env **env)
{
    if (env) {
        free(*env);
        *env = NULL;
    }
}

static void resus_workload(const fs_env *env, int after, double *w,
                           double *skill)
{
    int row = after < -1 ? 0 : after >= FS_RESUS_AGENTS ? FS_RESUS_AGENTS
                                                        : after + 1;
    memcpy(w, env->sub_work[row], sizeof env->sub_work[row]);
    if (skill) {
        skill[0] = env->sub_skill[row][0];
        skill[1] = env->sub_skill[row][1];
    }
}

void fs_resus_view(const fs_env *env, struct fs_resus_view *v)
{
    memset(v, 0, sizeof *v);
    v->round = env->round;
    v->limit = env->c.limit;
    v->goal_phase = env->c.goal_phase;
    v->done = env->done;
    for (int a = 0; a < FS_RESUS_AGENTS; a++) {
        v->station[a] = resus_station_of(env, a);
        v->holding[a] = env->holding[a];
        v->energy[a] = env->energy[a];
        v->tired[a] = resus_tired(env, a);
        v->workload[a] = env->work[a];
        memcpy(v->skill[a], env->c.skill[a], sizeof v->skill[a]);
    }
    memcpy(v->item_at, env->item_at, sizeof v->item_at);
    v->board_under = env->board_under;
    memcpy(v->progress, env->progress, sizeof v->progress);
    memcpy(v->need, env->c.need, sizeof v->need);
    v->score = env->score;
    v->ret = env->ret;
}

static const struct fs_env_ops resus_ops = {
    .create = resus_create,
    .destroy = resus_destroy,
    .reset = resus_reset,
    .observe = resus_observe,
    .step = resus_step,
    .episode_metrics = resus_episode_metrics,
    .workload = resus_workload,
};

const struct fs_env_class fs_env_resus = {
    .name = "resus",
    .summary = "resuscitation team (MARLHospital stand-in): 3 agents, BLS chain",
    .params = resus_params,
    .n_params = (int)(sizeof resus_params / sizeof resus_params[0]),
    .ops = &resus_ops,
};
