/* envs/resus_internal.h - the `resus` instance layout shared by its two
 * source files (resus.c: configuration and dynamics; resus_obs.c:
 * observations and episode metrics). Not for other modules. */
#ifndef FS_ENVS_RESUS_INTERNAL_H
#define FS_ENVS_RESUS_INTERNAL_H

#include "envs/resus.h"

/* Everything configurable, after presets and overrides are applied. */
struct resus_cfg {
    int limit;                      /* episode limit, rounds */
    int need[4];                    /* units per phase (compress, breaths,
                                       shock, medicine) */
    int goal_phase;                 /* the last phase of the goal */
    double energy_max, energy_cost, recharge;
    double p_success[3];            /* by skill level 0, 1, 2 */
    int gain[3];                    /* progress units per success, by skill */
    int move_cells;                 /* cells per move; 0: reach the station */
    int mask;                       /* 1: availability mask; 0: all allowed,
                                       invalid actions are penalised noops */
    double invalid_penalty;         /* reward of an invalid action (<= 0) */
    int skill[FS_RESUS_AGENTS][FS_RESUS_SKILLS];
};

struct fs_env {
    struct resus_cfg c;
    /* state */
    int round, done;
    int pos[FS_RESUS_AGENTS][2];
    int holding[FS_RESUS_AGENTS];
    double energy[FS_RESUS_AGENTS];
    int item_at[FS_RESUS_ITEMS];
    int held_once[FS_RESUS_ITEMS];
    int board_under;
    int progress[4];
    double score, ret;
    /* accounting */
    double work[FS_RESUS_AGENTS];                    /* counted actions */
    double count[FS_RESUS_AGENTS][FS_RESUS_SKILLS];  /* by task type */
    double skill_used, skill_best;
    /* workload after each sub-step of the last round: row 0 before the
     * first agent, row k + 1 after agent k */
    double sub_work[FS_RESUS_AGENTS + 1][FS_RESUS_AGENTS];
    double sub_skill[FS_RESUS_AGENTS + 1][2];
};

extern const int fs_resus_station_xy[FS_RESUS_STATIONS][2];

/* The station agent a stands on, or FS_RESUS_NOWHERE. */
int resus_station_of(const fs_env *env, int a);
/* Whether agent a may take action u now. */
int resus_available(const fs_env *env, int a, int u);
/* Whether agent a is too tired to compress. */
int resus_tired(const fs_env *env, int a);
/* The phase TREAT acts on: the first phase of the goal not yet complete. */
int resus_phase(const fs_env *env);
/* Observation width per agent, global state width. */
int resus_obs_dim(void);
int resus_state_dim(void);

void resus_observe(const fs_env *env, float *obs, float *state,
                   unsigned char *avail);
int resus_episode_metrics(const fs_env *env, const char *prefix,
                          struct fs_result *r, fs_err *e);

#endif /* FS_ENVS_RESUS_INTERNAL_H */
