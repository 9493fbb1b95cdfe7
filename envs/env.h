/* envs/env.h - environment plug-ins and their registry.
 *
 * For now an environment class carries its name and parameter table (used by
 * config validation); the stepping interface is added with the first real
 * environment. `none` is the environment of algorithms that need none
 * (synthetic jobs, one-shot solvers).
 */
#ifndef FS_ENVS_ENV_H
#define FS_ENVS_ENV_H

#include <stddef.h>

#include "learners/learner.h"

struct fs_env_class {
    const char *name;
    const char *summary;
    const struct fs_param_spec *params;
    int n_params;
};

size_t fs_env_count(void);
const struct fs_env_class *fs_env_at(size_t i);
const struct fs_env_class *fs_env_find(const char *name);

#endif /* FS_ENVS_ENV_H */
