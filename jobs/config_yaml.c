/* jobs/config_yaml.c - YAML node helpers and value validation for the
 * sweep config: positions, messages, mapping checks, numbers, parameter
 * values and grid axes. See config_internal.h. */
#include "jobs/config_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cfg_pos cfg_pos_of(struct fy_node *n, struct cfg_pos fallback)
{
    void *it = NULL;
    if (!n)
        return fallback;
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR: {
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
        if (!m)
            return fallback;
        return (struct cfg_pos){m->line + 1, m->column + 1};
    }
    case FYNT_SEQUENCE:
        return cfg_pos_of(fy_node_sequence_iterate(n, &it), fallback);
    case FYNT_MAPPING: {
        struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
        return p ? cfg_pos_of(fy_node_pair_key(p), fallback) : fallback;
    }
    }
    return fallback;
}

int cfg_fail(struct cfg_ctx *c, struct cfg_pos at, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (at.line > 0)
        return fs_err_set(c->e, FS_ECONFIG, "%s:%d:%d: %s", c->path, at.line,
                          at.col, msg);
    return fs_err_set(c->e, FS_ECONFIG, "%s: %s", c->path, msg);
}

const char *cfg_text(struct fy_node *n)
{
    const char *t = n ? fy_node_get_scalar0(n) : NULL;
    return t ? t : "";
}

const char *cfg_describe(struct fy_node *n, char *buf, size_t size)
{
    if (n && fy_node_get_type(n) == FYNT_MAPPING)
        return "a mapping";
    if (n && fy_node_get_type(n) == FYNT_SEQUENCE)
        return "a list";
    const char *t = cfg_text(n);
    if (!t[0])
        return "an empty value";
    snprintf(buf, size, "'%.60s%s'", t, strlen(t) > 60 ? "..." : "");
    return buf;
}

/* "a, b, c" into buf. */
static void join_names(const char *const *names, int n, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && len < size; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", names[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

int cfg_check_mapping(struct cfg_ctx *c, struct fy_node *map, struct cfg_pos at,
                      const char *what, const char *const *valid, int n_valid)
{
    char got[80];
    if (!map || fy_node_get_type(map) != FYNT_MAPPING)
        return cfg_fail(c, cfg_pos_of(map, at), "%s must be a mapping, got %s",
                        what, cfg_describe(map, got, sizeof got));
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        struct cfg_pos kat = cfg_pos_of(k, cfg_pos_of(map, at));
        if (!k || fy_node_get_type(k) != FYNT_SCALAR || !cfg_text(k)[0])
            return cfg_fail(c, kat, "%s: keys must be plain names, got %s", what,
                            cfg_describe(k, got, sizeof got));
        const char *name = cfg_text(k);
        void *it2 = NULL;
        struct fy_node_pair *q;
        while ((q = fy_node_mapping_iterate(map, &it2)) != p) {
            if (strcmp(cfg_text(fy_node_pair_key(q)), name) == 0)
                return cfg_fail(c, kat, "duplicate key '%s' in %s (first at line %d)",
                                name, what,
                                cfg_pos_of(fy_node_pair_key(q), at).line);
        }
        if (!valid)
            continue;
        int known = 0;
        for (int i = 0; i < n_valid && !known; i++)
            known = strcmp(valid[i], name) == 0;
        if (!known) {
            char list[512];
            join_names(valid, n_valid, list, sizeof list);
            return cfg_fail(c, kat, "unknown key '%s' in %s; valid keys: %s", name,
                            what, list);
        }
    }
    return FS_OK;
}

int cfg_parse_number(const char *s, double *out)
{
    if (!s[0] || strspn(s, "0123456789+-.eE") != strlen(s))
        return -1;
    char *end;
    double x = strtod(s, &end);
    if (*end || end == s || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

/* "[0, 1]", "[0, inf)", "(-inf, 5]" into buf. */
static void range_text(const struct fs_param_spec *spec, char *buf, size_t size)
{
    char lo[32] = "-inf", hi[32] = "inf";
    if (isfinite(spec->min))
        fs_job_format_number(spec->min, lo);
    if (isfinite(spec->max))
        fs_job_format_number(spec->max, hi);
    snprintf(buf, size, "%s%s, %s%s", isfinite(spec->min) ? "[" : "(", lo, hi,
             isfinite(spec->max) ? "]" : ")");
}

/* Whether text is one of the '|'-separated choices. */
static int is_choice(const char *choices, const char *text)
{
    size_t n = strlen(text);
    for (const char *p = choices; p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, text, n) == 0)
            return 1;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

static const char *expected_of(const struct fs_param_spec *spec, char *buf,
                               size_t size)
{
    switch (spec->type) {
    case FS_PARAM_NUM:
        return "a number";
    case FS_PARAM_INT:
        return "an integer";
    case FS_PARAM_BOOL:
        return "true or false";
    case FS_PARAM_TEXT:
        snprintf(buf, size, "one of %s", spec->choices);
        return buf;
    }
    return "a value";
}

static int parse_bool(const char *t, double *out)
{
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(t, yes[i]) == 0 || strcmp(t, no[i]) == 0) {
            *out = strcmp(t, yes[i]) == 0;
            return 0;
        }
    }
    return -1;
}

int cfg_scalar_value(struct cfg_ctx *c, struct fy_node *n, struct cfg_pos fallback,
                     const struct fs_param_spec *spec, const char *owner,
                     struct fs_param *out)
{
    char got[80], exp[160];
    struct cfg_pos at = cfg_pos_of(n, fallback);
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", spec->name);
    if (!n || fy_node_get_type(n) != FYNT_SCALAR || !cfg_text(n)[0])
        return cfg_fail(c, at, "%s: expected %s, got %s", owner,
                        expected_of(spec, exp, sizeof exp),
                        cfg_describe(n, got, sizeof got));
    const char *t = cfg_text(n);
    if (spec->type == FS_PARAM_TEXT) {
        if (!is_choice(spec->choices, t) || strlen(t) >= FS_TEXT_MAX)
            return cfg_fail(c, at, "%s: '%s' is not one of %s", owner, t,
                            spec->choices);
        out->is_text = 1;
        snprintf(out->text, sizeof out->text, "%s", t);
        return FS_OK;
    }
    if (spec->type == FS_PARAM_BOOL) {
        if (parse_bool(t, &out->num))
            return cfg_fail(c, at, "%s: expected true or false, got '%s'", owner, t);
        return FS_OK;
    }
    double x;
    int bad = cfg_parse_number(t, &x);
    if (!bad && spec->type == FS_PARAM_INT)
        bad = x != floor(x) || fabs(x) > 9007199254740992.0;
    if (bad)
        return cfg_fail(c, at, "%s: expected %s, got '%s'", owner,
                        expected_of(spec, exp, sizeof exp), t);
    if (x < spec->min || x > spec->max) {
        char range[80];
        range_text(spec, range, sizeof range);
        return cfg_fail(c, at, "%s: %s is out of range %s", owner, t, range);
    }
    out->num = x == 0.0 ? 0.0 : x;
    return FS_OK;
}

static int same_value(const struct fs_param *a, const struct fs_param *b)
{
    return a->is_text ? strcmp(a->text, b->text) == 0 : a->num == b->num;
}

int cfg_axis_parse(struct cfg_ctx *c, struct fy_node *v, struct cfg_pos key_at,
                   const struct fs_param_spec *spec, const char *owner,
                   struct cfg_axis *axis)
{
    axis->n_values = 0;
    axis->values = NULL;
    if (!v || fy_node_get_type(v) != FYNT_SEQUENCE) {
        axis->values = fs_xmalloc(sizeof *axis->values);
        axis->n_values = 1;
        return cfg_scalar_value(c, v, key_at, spec, owner, &axis->values[0]);
    }
    int n = fy_node_sequence_item_count(v);
    if (n <= 0)
        return cfg_fail(c, key_at, "%s: empty list; a grid needs at least one value",
                        owner);
    axis->values = fs_xcalloc((size_t)n, sizeof *axis->values);
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(v, &it))) {
        struct fs_param *val = &axis->values[axis->n_values];
        int rc = cfg_scalar_value(c, item, key_at, spec, owner, val);
        if (rc)
            return rc;
        for (int i = 0; i < axis->n_values; i++) {
            if (same_value(&axis->values[i], val))
                return cfg_fail(c, cfg_pos_of(item, key_at),
                                "%s: value '%s' repeats in the grid", owner,
                                cfg_text(item));
        }
        axis->n_values++;
    }
    return FS_OK;
}

void cfg_axis_free(struct cfg_axis *axis)
{
    free(axis->values);
    axis->values = NULL;
    axis->n_values = 0;
}

int cfg_axes_expand(struct cfg_ctx *c, struct cfg_pos at,
                    const struct cfg_axis *axes, int n_axes,
                    struct cfg_point **points, size_t *n)
{
    size_t total = 1;
    for (int k = 0; k < n_axes; k++) {
        total *= (size_t)axes[k].n_values;
        if (total > FS_SWEEP_JOBS_MAX)
            return cfg_fail(c, at, "grid has more than %d points", FS_SWEEP_JOBS_MAX);
    }
    *points = fs_xrealloc(*points, (*n + total) * sizeof **points);
    for (size_t idx = 0; idx < total; idx++) {
        struct cfg_point *pt = &(*points)[*n + idx];
        memset(pt, 0, sizeof *pt);
        pt->n_params = n_axes;
        size_t rest = idx;
        for (int k = n_axes - 1; k >= 0; k--) {
            pt->params[k] = axes[k].values[rest % (size_t)axes[k].n_values];
            rest /= (size_t)axes[k].n_values;
        }
    }
    *n += total;
    return FS_OK;
}
