/* learners/decaf_vnet.h - DECAF's value network over post-decision
 * observations: an MLP in -> H -> H -> 1 with ReLU (H = 20 in the authors'
 * code), with a target copy and its own Adam optimizer, trained by MSE
 * (reference notes section 4.3).
 *
 * A network owns its parameter arenas (online and target), optimizer and
 * activation buffers for up to max_rows rows per call. Inputs are
 * row-major [rows x in] floats. Not collective; one thread per network.
 */
#ifndef FS_LEARNERS_DECAF_VNET_H
#define FS_LEARNERS_DECAF_VNET_H

#include "core/err.h"
#include "core/rng.h"

typedef struct fs_decaf_vnet fs_decaf_vnet;

/* A network for `in` features with `hidden` units per layer, PyTorch's
 * default init drawn from r (the target starts as a copy), Adam with
 * learning rate lr. Never NULL (aborts on OOM). Free with
 * fs_decaf_vnet_destroy. */
fs_decaf_vnet *fs_decaf_vnet_create(int in, int hidden, int max_rows,
                                    double lr, fs_rng *r);
/* Accepts NULL and *net == NULL; sets *net to NULL. */
void fs_decaf_vnet_destroy(fs_decaf_vnet **net);

/* v [rows] = V(x [rows x in]) with the online network (target == 0) or
 * the target network (target != 0). rows <= max_rows. */
void fs_decaf_vnet_forward(fs_decaf_vnet *net, const float *x, int rows,
                           int target, float *v);

/* One Adam step on the MSE between V(x) and y [rows]. Returns the loss
 * before the step. rows <= max_rows. */
double fs_decaf_vnet_train(fs_decaf_vnet *net, const float *x, const float *y,
                           int rows);

/* Hard target update: target = online. */
void fs_decaf_vnet_sync_target(fs_decaf_vnet *net);

/* A new network with src's shape and online parameters (online and
 * target both set to them) and a fresh optimizer. Never NULL. */
fs_decaf_vnet *fs_decaf_vnet_clone(const fs_decaf_vnet *src);

/* dst's online and target parameters = src's online parameters (same
 * in/hidden, asserted). dst's optimizer state is kept. */
void fs_decaf_vnet_copy(fs_decaf_vnet *dst, const fs_decaf_vnet *src);

/* Save / load the online parameters (core/params.h format); load also
 * syncs the target. Errors as fs_params_save / fs_params_load. */
int fs_decaf_vnet_save(const fs_decaf_vnet *net, const char *path, fs_err *e);
int fs_decaf_vnet_load(fs_decaf_vnet *net, const char *path, fs_err *e);

#endif /* FS_LEARNERS_DECAF_VNET_H */
