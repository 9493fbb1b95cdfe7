/* envs/registry.c - the table of environments. One line per environment. */
#include "envs/env.h"

#include <string.h>

extern const struct fs_env_class fs_env_bandit;
extern const struct fs_env_class fs_env_share;
extern const struct fs_env_class fs_env_matthew;
extern const struct fs_env_class fs_env_job;
extern const struct fs_env_class fs_env_plant;
extern const struct fs_env_class fs_env_biaseddm;
extern const struct fs_env_class fs_env_matrix;
#include "envs/assign.h"
#include "envs/resus.h"

static const struct fs_env_class env_none = {
    .name = "none",
    .summary = "no environment (synthetic jobs, one-shot solvers)",
};

static const struct fs_env_class *const envs[] = {
    &env_none,
    &fs_env_assign,
    &fs_env_resus,
    &fs_env_bandit,
    &fs_env_share,
    &fs_env_matthew,
    &fs_env_job,
    &fs_env_plant,
    &fs_env_biaseddm,
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
