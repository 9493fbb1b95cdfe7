/* core/replay.h - replay buffers: a transition ring and a PyMARL-style
 * episode ring, both with uniform sampling driven by an explicit fs_rng.
 *
 * fs_transitions: fixed capacity, fixed-size records of `record_floats`
 * floats each (the caller decides the layout, e.g. obs | action | reward |
 * next_obs | done). When full, a push overwrites the oldest record.
 * Batches are drawn uniformly WITH replacement (DQN/DECAF style).
 *
 * fs_episodes: fixed capacity in episodes (FIFO ring), each episode up to
 * `max_steps` steps (PyMARL stores episode_limit + 1 steps, the last one
 * holding s_T, obs_T, avail_T). Per-step data is described by named fields
 * {name, floats_per_step}, e.g. state [S], obs [n_agents * O], avail
 * [n_agents * A], actions [n_agents], reward [1], terminated [1]. The
 * "filled" mask is not a field: the buffer keeps each episode's length and
 * writes the mask on sampling. Batches are B distinct episodes drawn
 * uniformly WITHOUT replacement (like PyMARL's
 * np.random.choice(n, B, replace=False)), truncated to the longest filled
 * length in the batch.
 *
 * Determinism: what a sample returns depends only on the sequence of pushes
 * and the rng state. Handles own their memory; all sizes are in floats
 * unless stated. Not thread-safe per handle. Not collective.
 */
#ifndef FS_CORE_REPLAY_H
#define FS_CORE_REPLAY_H

#include <stddef.h>

#include "core/err.h"
#include "core/rng.h"

/* ---- transition buffer ------------------------------------------------ */

typedef struct fs_transitions fs_transitions;

/* Create an empty ring of `capacity` records of `record_floats` floats.
 * Both must be >= 1 and their product must fit in memory sizes; otherwise
 * returns FS_ECONFIG with a message in e and leaves *out NULL. Aborts on
 * out-of-memory (fs_xmalloc). The caller owns *out; free it with
 * fs_transitions_destroy. */
int fs_transitions_create(fs_transitions **out, size_t capacity,
                          size_t record_floats, fs_err *e);

/* Free the buffer; accepts NULL and *tb == NULL; sets *tb to NULL. */
void fs_transitions_destroy(fs_transitions **tb);

/* Copy one record (record_floats floats) in. When the buffer is full the
 * oldest record is overwritten. */
void fs_transitions_push(fs_transitions *tb, const float *record);

/* Records stored now (<= capacity). */
size_t fs_transitions_size(const fs_transitions *tb);
size_t fs_transitions_capacity(const fs_transitions *tb);
size_t fs_transitions_record_floats(const fs_transitions *tb);
/* Records pushed since creation (grows past capacity). */
size_t fs_transitions_pushed(const fs_transitions *tb);

/* The i-th stored record, 0 = oldest, size - 1 = newest. Borrowed pointer
 * to record_floats floats, valid until the next push or destroy. i must be
 * < size. */
const float *fs_transitions_get(const fs_transitions *tb, size_t i);

/* Draw `batch` records uniformly with replacement and copy them into
 * out[batch * record_floats] (caller-owned; row b is record b). Each draw
 * uses one fs_rng_below(r, size). Returns FS_ECONFIG if the buffer is empty
 * and batch > 0; batch == 0 is a no-op. */
int fs_transitions_sample(const fs_transitions *tb, fs_rng *r, size_t batch,
                          float *out, fs_err *e);

/* ---- episode buffer --------------------------------------------------- */

/* One per-step field: `floats_per_step` floats at every step. */
typedef struct fs_episode_field {
    const char *name;
    size_t floats_per_step;
} fs_episode_field;

typedef struct fs_episodes fs_episodes;

/* Create an empty ring of `capacity` episodes of up to `max_steps` steps
 * with the n_fields fields in `fields` (names are copied; the array may be
 * freed after the call). Errors (FS_ECONFIG, *out left NULL): capacity,
 * max_steps or n_fields of 0, a NULL or empty or repeated name, a field
 * of 0 floats, a size that overflows. Aborts on out-of-memory. The caller
 * owns *out; free it with fs_episodes_destroy. */
int fs_episodes_create(fs_episodes **out, size_t capacity, size_t max_steps,
                       const fs_episode_field *fields, size_t n_fields,
                       fs_err *e);

/* Free the buffer; accepts NULL and *eb == NULL; sets *eb to NULL. */
void fs_episodes_destroy(fs_episodes **eb);

/* Index of the field called `name`, or FS_ENOTFOUND (negative). */
int fs_episodes_field_index(const fs_episodes *eb, const char *name);
size_t fs_episodes_n_fields(const fs_episodes *eb);
size_t fs_episodes_field_floats(const fs_episodes *eb, size_t field);
size_t fs_episodes_size(const fs_episodes *eb);      /* episodes stored */
size_t fs_episodes_capacity(const fs_episodes *eb);
size_t fs_episodes_max_steps(const fs_episodes *eb);

/* Store one episode of n_steps steps (1 <= n_steps <= max_steps).
 * data[f] points to n_steps * floats_per_step(f) floats of field f, step
 * after step ([n_steps][floats_per_step]); data[f] (or data itself) may
 * be NULL to store zeros for that field (all fields). Steps n_steps .. max_steps - 1 are stored as zeros.
 * When full, the oldest episode is overwritten. Errors: FS_ECONFIG for an
 * n_steps out of range (nothing is stored). */
int fs_episodes_push(fs_episodes *eb, const float *const *data,
                     size_t n_steps, fs_err *e);

/* Filled length of the i-th stored episode (0 = oldest); i < size. */
size_t fs_episodes_length(const fs_episodes *eb, size_t i);

/* Borrowed pointer to field f of the i-th stored episode (0 = oldest):
 * max_steps * floats_per_step(f) floats, [max_steps][floats_per_step],
 * zeros past its length. Valid until the next push or destroy. */
const float *fs_episodes_field_data(const fs_episodes *eb, size_t i,
                                    size_t field);

/* Draw `batch` distinct episodes uniformly (a partial Fisher-Yates shuffle
 * of the stored slots: one fs_rng_below per episode drawn) and write them
 * TIME-MAJOR, truncated to T = the longest filled length among them:
 *  - out[f] (caller-owned; out[f] may be NULL to skip field f, out may be
 *    NULL to skip all fields) receives
 *    [T][batch][floats_per_step(f)] floats: step t of batch episode b at
 *    out[f] + (t * batch + b) * floats_per_step(f). Steps past an
 *    episode's own length are zeros.
 *  - filled (caller-owned, may be NULL) receives [T][batch] floats, 1 where
 *    step t of episode b was filled and 0 after its end.
 *  - *max_len (may be NULL) receives T.
 * Time-major means the rows of one step are contiguous, so a recurrent
 * agent net can process step t for the whole batch as one matrix. Size the
 * buffers for the worst case T = max_steps. Entries beyond T are not
 * touched. Errors: FS_ECONFIG if batch > size (nothing is drawn).
 * batch == 0 gives T = 0. The handle is non-const because the draw uses
 * index scratch kept inside it. */
int fs_episodes_sample(fs_episodes *eb, fs_rng *r, size_t batch,
                       float *const *out, float *filled, size_t *max_len,
                       fs_err *e);

#endif /* FS_CORE_REPLAY_H */
