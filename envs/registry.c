/* envs/registry.c - the table of environments. One line per environment. */
#include "envs/env.h"

#include <string.h>

#include "envs/resus.h"

extern const struct fs_env_class fs_env_matrix;

static const struct fs_env_class env_none = {
    .name = "none",
    .summary = "no environment (synthetic jobs, one-shot solvers)",
};

static const struct fs_env_class *const envs[] = {
    &env_none,
    &fs_env_resus,
    &fs_env_matrix,
};

size_t fs_env_count(void)
{
    return sizeof envs / sizeof envs[0];
}

const struct fs_env_class *fs_env_at(size_t i)
{
    return i < fs_env_count() ? envs[i] : NULL;
}

const struct fs_env_class *fs_env_find(const char *name)
{
    for (size_t i = 0; i < fs_env_count(); i++)
        if (strcmp(envs[i]->name, name) == 0)
            return envs[i];
    return NULL;
}
