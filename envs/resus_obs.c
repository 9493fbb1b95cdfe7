/* envs/resus_obs.c - `resus` observations, global state and per-episode
 * metrics. See envs/resus.h and docs/resus.md.
 *
 * Observation (as MARLHospital's LARGE mode: the same binary-ish picture
 * for every agent, then the agent's own action-validity bits):
 *   chain status          2 + 2 x 4  board placed, board under; per phase
 *                                    progress fraction and "complete"
 *   per agent (x3)        14         station one-hot (4 + between), x/5,
 *                                    y/5, held item one-hot (4 + none),
 *                                    tired, energy / max
 *   per item (x4)         6          station one-hot (4), held, placed
 *   skills                3 x 6 x 3  one-hot level per (agent, skill type)
 *   time                  1          round / limit
 *   own availability      8
 * The global state holds the same information as the reference's
 * concatenation of the three observations without its three identical
 * copies of the shared part: the shared part once, then each agent's
 * availability bits (OBS_SHARED + 3 x 8 floats).
 */
#include "envs/resus_internal.h"

#include <stdio.h>
#include <string.h>

#include "core/fairness.h"

enum {
    OBS_CHAIN = 2 + 2 * 4,
    OBS_AGENT = 5 + 2 + 5 + 2,
    OBS_ITEM = FS_RESUS_STATIONS + 2,
    OBS_SKILL = FS_RESUS_AGENTS * FS_RESUS_SKILLS * 3,
    OBS_SHARED = OBS_CHAIN + FS_RESUS_AGENTS * OBS_AGENT +
                 FS_RESUS_ITEMS * OBS_ITEM + OBS_SKILL + 1,
    OBS_DIM = OBS_SHARED + FS_RESUS_ACTIONS
};

int resus_obs_dim(void)
{
    return OBS_DIM;
}

int resus_state_dim(void)
{
    return OBS_SHARED + FS_RESUS_AGENTS * FS_RESUS_ACTIONS;
}

static float *chain_features(const fs_env *env, float *o)
{
    *o++ = env->item_at[FS_RESUS_BOARD] == FS_RESUS_PLACED;
    *o++ = (float)env->board_under;
    for (int p = 0; p < 4; p++) {
        int live = p <= env->c.goal_phase;
        *o++ = live ? (float)env->progress[p] / (float)env->c.need[p] : 0.0f;
        *o++ = live && env->progress[p] >= env->c.need[p];
    }
    return o;
}

static float *agent_features(const fs_env *env, int a, float *o)
{
    int st = resus_station_of(env, a);
    o[st == FS_RESUS_NOWHERE ? FS_RESUS_STATIONS : st] = 1.0f;
    o += FS_RESUS_STATIONS + 1;
    *o++ = (float)env->pos[a][0] / 5.0f;
    *o++ = (float)env->pos[a][1] / 5.0f;
    int h = env->holding[a];
    o[h < 0 ? FS_RESUS_ITEMS : h] = 1.0f;
    o += FS_RESUS_ITEMS + 1;
    *o++ = (float)resus_tired(env, a);
    *o++ = env->c.energy_max > 0
               ? (float)(env->energy[a] / env->c.energy_max) : 0.0f;
    return o;
}

static float *item_features(const fs_env *env, int i, float *o)
{
    int at = env->item_at[i];
    int slot = at >= 0 ? at
               : at == FS_RESUS_HELD ? FS_RESUS_STATIONS
                                     : FS_RESUS_STATIONS + 1;
    o[slot] = 1.0f;
    return o + OBS_ITEM;
}

/* The shared part (OBS_SHARED floats) into o, which must be zeroed. */
static void shared_features(const fs_env *env, float *o)
{
    o = chain_features(env, o);
    for (int a = 0; a < FS_RESUS_AGENTS; a++)
        o = agent_features(env, a, o);
    for (int i = 0; i < FS_RESUS_ITEMS; i++)
        o = item_features(env, i, o);
    for (int a = 0; a < FS_RESUS_AGENTS; a++)
        for (int k = 0; k < FS_RESUS_SKILLS; k++, o += 3)
            o[env->c.skill[a][k]] = 1.0f;
    *o = (float)env->round / (float)env->c.limit;
}

void resus_observe(const fs_env *env, float *obs, float *state,
                   unsigned char *avail)
{
    float shared[OBS_SHARED];
    memset(shared, 0, sizeof shared);
    shared_features(env, shared);
    if (state)
        memcpy(state, shared, sizeof shared);
    for (int a = 0; a < FS_RESUS_AGENTS; a++) {
        unsigned char ok[FS_RESUS_ACTIONS];
        for (int u = 0; u < FS_RESUS_ACTIONS; u++)
            ok[u] = (unsigned char)(!env->c.mask ||
                                    resus_available(env, a, u));
        if (avail)
            memcpy(avail + a * FS_RESUS_ACTIONS, ok, sizeof ok);
        float row[OBS_DIM];
        memcpy(row, shared, sizeof shared);
        for (int u = 0; u < FS_RESUS_ACTIONS; u++)
            row[OBS_SHARED + u] = resus_available(env, a, u);
        if (obs)
            memcpy(obs + a * OBS_DIM, row, sizeof row);
        if (state)
            memcpy(state + OBS_SHARED + a * FS_RESUS_ACTIONS,
                   row + OBS_SHARED, FS_RESUS_ACTIONS * sizeof *row);
    }
}

/* Alignment score: for every task type done at least once, the share done
 * by an agent of the highest skill for it; averaged over those types. 0
 * when no task was done. */
static double alignment(const fs_env *env)
{
    double sum = 0;
    int types = 0;
    for (int k = 0; k < FS_RESUS_SKILLS; k++) {
        int best = 0;
        double total = 0, by_best = 0;
        for (int a = 0; a < FS_RESUS_AGENTS; a++)
            if (env->c.skill[a][k] > best)
                best = env->c.skill[a][k];
        for (int a = 0; a < FS_RESUS_AGENTS; a++) {
            total += env->count[a][k];
            if (env->c.skill[a][k] == best)
                by_best += env->count[a][k];
        }
        if (total > 0) {
            sum += by_best / total;
            types++;
        }
    }
    return types ? sum / types : 0.0;
}

static int put(struct fs_result *r, const char *prefix, const char *name,
               double v, fs_err *e)
{
    char full[FS_NAME_MAX];
    int n = snprintf(full, sizeof full, "%s%s", prefix, name);
    if (n < 0 || n >= (int)sizeof full)
        return fs_err_set(e, FS_EINTERNAL, "resus: metric name %s%s too long",
                          prefix, name);
    return fs_result_metric(r, full, v, e);
}

int resus_episode_metrics(const fs_env *env, const char *prefix,
                          struct fs_result *r, fs_err *e)
{
    const double *w = env->work;
    double l1 = fs_fair_l1_workload(w, FS_RESUS_AGENTS);
    double l2 = fs_fair_l2_skill(&env->skill_used, &env->skill_best, 1);
    const char *names[] = {"success", "return", "rounds", "w0", "w1", "w2",
                           "jfi", "gini", "l2", "l3", "align"};
    double vals[] = {(double)env->done, env->ret, (double)env->round,
                     w[0], w[1], w[2], fs_fair_jain(w, FS_RESUS_AGENTS), l1,
                     l2, fs_fair_l3(l1, l2, 0.5), alignment(env)};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        int rc = put(r, prefix, names[i], vals[i], e);
        if (rc < 0)
            return rc;
    }
    return 0;
}
