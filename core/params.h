/* core/params.h - one flat parameter arena with named tensor views.
 *
 * All parameters of a model live in one float array and their gradients in a
 * second array of the same length, so optimizers, gradient clipping, target
 * updates, checkpoints and MPI reductions each work on one contiguous block.
 *
 * Life cycle: fs_params_create(); register tensors with fs_params_add() (or
 * the fs_params_add_linear()/fs_params_add_gru() helpers, which also record
 * PyTorch's default init ranges); fs_params_finalize() allocates both arrays
 * (zero-filled); fs_params_init() draws the initial values. A tensor's
 * offset, returned by fs_params_add(), stays valid for the arena's life:
 * data(p) + offset and grad(p) + offset are its value and gradient.
 *
 * Registering after finalize, duplicate names and using data/grad before
 * finalize are programming errors (assert).
 */
#ifndef FS_CORE_PARAMS_H
#define FS_CORE_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/rng.h"

typedef struct fs_params fs_params;

/* A named view into the arena: rows x cols floats starting at offset
 * (a vector has cols = 1). init_bound > 0 means fs_params_init() draws the
 * values from U(-init_bound, init_bound); 0 means they start at zero. */
typedef struct fs_tensor {
    const char *name;     /* owned by the arena */
    size_t offset;        /* in floats, from the start of data/grad */
    int rows, cols;
    float init_bound;
} fs_tensor;

/* An empty arena. Free with fs_params_destroy(). Never NULL (aborts on OOM). */
fs_params *fs_params_create(void);

/* Free the arena and its arrays; accepts NULL and sets *p to NULL. */
void fs_params_destroy(fs_params **p);

/* Register a rows x cols tensor (rows, cols >= 1; name unique, copied) that
 * starts at zero. Returns its offset in floats. Before finalize only. */
size_t fs_params_add(fs_params *p, const char *name, int rows, int cols);

/* Set the U(-bound, bound) init range of the tensor at `offset` (as returned
 * by fs_params_add). bound >= 0. */
void fs_params_set_init_bound(fs_params *p, size_t offset, float bound);

/* A PyTorch nn.Linear(in, out): "<prefix>.weight" [out x in] then
 * "<prefix>.bias" [out], both with init bound 1/sqrt(in). Offsets are
 * returned through w_off and b_off (either may be NULL). */
void fs_params_add_linear(fs_params *p, const char *prefix, int in, int out,
                          size_t *w_off, size_t *b_off);

/* A PyTorch nn.GRUCell(in, H): "<prefix>.weight_ih" [3H x in],
 * "<prefix>.weight_hh" [3H x H], "<prefix>.bias_ih" [3H],
 * "<prefix>.bias_hh" [3H], all with init bound 1/sqrt(H). off[4] receives
 * their offsets in that order (may be NULL). */
void fs_params_add_gru(fs_params *p, const char *prefix, int in, int H,
                       size_t off[4]);

/* Allocate the data and gradient arrays (zero-filled). Once only. */
void fs_params_finalize(fs_params *p);

/* Draw every tensor's initial values in registration order from r
 * (U(-bound, bound) or zero, see fs_tensor). Same stream state -> same
 * parameters. After finalize. */
void fs_params_init(fs_params *p, fs_rng *r);

/* The arrays (count floats each), owned by the arena. After finalize. */
float *fs_params_data(fs_params *p);
float *fs_params_grad(fs_params *p);
const float *fs_params_data_const(const fs_params *p);

/* Total number of floats (sum over tensors). */
size_t fs_params_count(const fs_params *p);

/* Number of tensors, and tensor i in registration order (i < ntensors). */
size_t fs_params_ntensors(const fs_params *p);
const fs_tensor *fs_params_tensor(const fs_params *p, size_t i);

/* The tensor called name, or NULL. */
const fs_tensor *fs_params_find(const fs_params *p, const char *name);

/* Set every gradient to zero. */
void fs_params_zero_grad(fs_params *p);

/* True when a and b have the same tensors (names, shapes, order). */
bool fs_params_same_layout(const fs_params *a, const fs_params *b);

/* Target-network updates between arenas of the same layout (asserted):
 * hard copy dst = src, and Polyak averaging dst = tau src + (1 - tau) dst
 * with tau in [0, 1]. Data only; gradients are untouched. */
void fs_params_copy(fs_params *dst, const fs_params *src);
void fs_params_polyak(fs_params *dst, const fs_params *src, float tau);

/* Write the parameter values (with the layout) to path, via a temporary file
 * renamed into place. Errors: FS_EIO with the path. The file is in host byte
 * order; load refuses a file of the other order. */
int fs_params_save(const fs_params *p, const char *path, fs_err *e);

/* Read values saved by fs_params_save into p (finalized). The file's layout
 * must equal p's. Errors (message names the path): FS_EIO cannot open/read;
 * FS_EFORMAT not a parameter file, unknown version, truncated, trailing
 * bytes or checksum mismatch; FS_ECONFLICT layout differs (which tensor).
 * On error p's data is unchanged. */
int fs_params_load(fs_params *p, const char *path, fs_err *e);

#endif /* FS_CORE_PARAMS_H */
