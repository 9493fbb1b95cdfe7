/* envs/resus.h - `resus`, a small C stand-in for the MARLHospital
 * resuscitation simulator (FairSkillMARL, Fair-GNE): three heterogeneous
 * agents on a grid with stations and items perform the adult BLS chain
 * (CPR board under the patient, N compressions, bag-valve mask, rescue
 * breaths, optionally AED shock and medicine), acting in index order within
 * a round, with per-agent skills, a compression fatigue budget, macro-actions
 * with an availability mask and a shared progress-difference reward.
 * Design and defaults: docs/resus.md.
 *
 * The environment is used through the generic stepping interface
 * (envs/env.h, class `fs_env_resus`). This header adds the names of the
 * macro-actions and a read-only view of an instance for tests and scripted
 * policies.
 */
#ifndef FS_ENVS_RESUS_H
#define FS_ENVS_RESUS_H

#include "envs/env.h"

enum {
    FS_RESUS_AGENTS = 3,
    FS_RESUS_STATIONS = 4,
    FS_RESUS_ITEMS = 4,
    FS_RESUS_SKILLS = 6
};

/* Macro-actions (the same 8 for every agent). */
enum fs_resus_action {
    FS_RESUS_NOOP = 0,
    FS_RESUS_MOVE_BED = 1,      /* go to the patient */
    FS_RESUS_MOVE_CART = 2,     /* go to the cart (CPR board) */
    FS_RESUS_MOVE_CART2 = 3,    /* go to the second cart (bag-valve mask) */
    FS_RESUS_MOVE_TABLE = 4,    /* go to the table (AED, syringe) */
    FS_RESUS_MOVE_ITEM = 5,     /* pick up / place at the patient / put down */
    FS_RESUS_STACKUNDER = 6,    /* slide the placed board under the patient */
    FS_RESUS_TREAT = 7,         /* the next treatment: compress, breathe,
                                   shock or medicate */
    FS_RESUS_ACTIONS = 8
};

/* Stations; an agent's station is FS_RESUS_NOWHERE while between them. */
enum { FS_RESUS_BED = 0, FS_RESUS_CART = 1, FS_RESUS_CART2 = 2,
       FS_RESUS_TABLE = 3, FS_RESUS_NOWHERE = -1 };

/* Items, in the order the chain needs them. */
enum { FS_RESUS_BOARD = 0, FS_RESUS_MASK = 1, FS_RESUS_AED = 2,
       FS_RESUS_SYRINGE = 3 };

/* Skill types (rows of the skill table) and the task type of each counted
 * action. */
enum fs_resus_skill {
    FS_RESUS_SK_ITEM = 0, FS_RESUS_SK_STACK = 1, FS_RESUS_SK_COMPRESS = 2,
    FS_RESUS_SK_BREATHS = 3, FS_RESUS_SK_SHOCK = 4, FS_RESUS_SK_MEDICINE = 5
};

/* Treatment phases: what TREAT does next. */
enum fs_resus_phase {
    FS_RESUS_PH_COMPRESS = 0, FS_RESUS_PH_BREATHS = 1, FS_RESUS_PH_SHOCK = 2,
    FS_RESUS_PH_MEDICINE = 3
};

/* Item places other than a station index. */
enum { FS_RESUS_HELD = -2, FS_RESUS_PLACED = -3 };

/* A read-only view of an instance (copied out). */
struct fs_resus_view {
    int round;                          /* rounds played this episode */
    int limit;                          /* episode limit in rounds */
    int goal_phase;                     /* last phase of the goal */
    int done;                           /* goal reached */
    int station[FS_RESUS_AGENTS];       /* FS_RESUS_BED.. or NOWHERE */
    int holding[FS_RESUS_AGENTS];       /* item or -1 */
    double energy[FS_RESUS_AGENTS];
    int tired[FS_RESUS_AGENTS];
    int item_at[FS_RESUS_ITEMS];        /* station, HELD or PLACED */
    int board_under;
    int progress[4];                    /* successes per phase, in units */
    int need[4];                        /* units each phase needs */
    int skill[FS_RESUS_AGENTS][FS_RESUS_SKILLS];
    double workload[FS_RESUS_AGENTS];   /* counted task actions */
    double score;                       /* progress score H */
    double ret;                         /* episode return so far */
};

extern const struct fs_env_class fs_env_resus;

/* Copy the state of a `resus` instance into *v. env must come from
 * fs_env_resus.ops->create. */
void fs_resus_view(const fs_env *env, struct fs_resus_view *v);

#endif /* FS_ENVS_RESUS_H */
