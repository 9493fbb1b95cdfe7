/* jobs/config_internal.h - shared by jobs/config*.c only: the sweep's
 * layout, YAML node helpers and value validation. Not a public interface.
 */
#ifndef FS_JOBS_CONFIG_INTERNAL_H
#define FS_JOBS_CONFIG_INTERNAL_H

#include <libfyaml.h>

#include "jobs/config.h"

/* Parsing context: the file name for messages and the error report. */
struct cfg_ctx {
    const char *path;
    fs_err *e;
};

/* A 1-based source position; line 0 when unknown. */
struct cfg_pos {
    int line, col;
};

/* One grid axis: a parameter and the values it takes (one for a scalar). */
struct cfg_axis {
    struct fs_param *values;
    int n_values;
};

/* A parameter set: one grid point (condition or env variant). */
struct cfg_point {
    int n_params;
    struct fs_param params[FS_PARAMS_MAX];
};

struct fs_sweep {
    char *path;
    char *text;
    size_t text_len;
    struct fs_settings settings;
    char *settings_text;
    uint64_t settings_hash;
    char (*envs)[FS_NAME_MAX];
    size_t n_envs;
    struct cfg_point *env_points;   /* env_params grid; >= 1 (may be empty) */
    size_t n_env_points;
    int64_t *seeds;
    size_t n_seeds;
    struct fs_sweep_condition *conds;
    struct cfg_point *cond_points;  /* parameters of each condition */
    size_t n_conds;
    struct fs_job *jobs;            /* sorted by key */
    size_t n_jobs;
    uint64_t *ids;                  /* sorted ids ... */
    size_t *id_index;               /* ... and the job each belongs to */
};

/* Position of a node: its own token for scalars, else its first child's;
 * fallback when it has none. */
struct cfg_pos cfg_pos_of(struct fy_node *n, struct cfg_pos fallback);

/* Set FS_ECONFIG "path:line:col: message" and return FS_ECONFIG. */
int cfg_fail(struct cfg_ctx *c, struct cfg_pos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "a mapping", "a list", "'text'" or "an empty value", for messages. */
const char *cfg_describe(struct fy_node *n, char *buf, size_t size);

/* The text of a scalar node (NUL-terminated, owned by the document). */
const char *cfg_text(struct fy_node *n);

/* Check that map is a mapping (else "<what> must be a mapping") whose keys
 * are plain scalars, unique, and (when valid is non-NULL) among valid
 * (n_valid names). */
int cfg_check_mapping(struct cfg_ctx *c, struct fy_node *map, struct cfg_pos at,
                      const char *what, const char *const *valid, int n_valid);

/* Parse a number: decimal or exponent notation only, finite. 0 or -1. */
int cfg_parse_number(const char *s, double *out);

/* Parse the scalar n as a value of spec into out (name, is_text, num or
 * text). owner prefixes messages ("parameter 'x' of algo 'y'"); fallback is
 * the position reported when n has none (an empty value). */
int cfg_scalar_value(struct cfg_ctx *c, struct fy_node *n, struct cfg_pos fallback,
                     const struct fs_param_spec *spec, const char *owner,
                     struct fs_param *out);

/* Parse v, a scalar or a non-empty list of scalars (a grid axis), into
 * axis (values allocated; free with cfg_axis_free). key_at: the key's
 * position, used for empty lists. Rejects repeated grid values. */
int cfg_axis_parse(struct cfg_ctx *c, struct fy_node *v, struct cfg_pos key_at,
                   const struct fs_param_spec *spec, const char *owner,
                   struct cfg_axis *axis);
void cfg_axis_free(struct cfg_axis *axis);

/* Expand axes (n_axes, each >= 1 value) into their cartesian product,
 * appending points to *points / *n (realloc'd). The first axis varies
 * slowest. Fails when the product exceeds FS_SWEEP_JOBS_MAX. */
int cfg_axes_expand(struct cfg_ctx *c, struct cfg_pos at,
                    const struct cfg_axis *axes, int n_axes,
                    struct cfg_point **points, size_t *n);

/* Parse the `conditions` list and the `env_params` mapping into s. */
int cfg_parse_conditions(struct cfg_ctx *c, struct fy_node *list,
                         struct cfg_pos key_at, fs_sweep *s);
int cfg_parse_env_params(struct cfg_ctx *c, struct fy_node *map,
                         struct cfg_pos key_at, fs_sweep *s);

/* Build s->jobs from conditions x envs x env points x seeds, sorted. */
int cfg_build_jobs(struct cfg_ctx *c, fs_sweep *s);

#endif /* FS_JOBS_CONFIG_INTERNAL_H */
