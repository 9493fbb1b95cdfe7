/* jobs/config.c - loading a sweep config: YAML document, top-level keys,
 * shared settings, envs and seeds; accessors and the settings diff.
 * Conditions and jobs: config_expand.c; value checks: config_yaml.c. */
#include "jobs/config_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/env.h"

static const char *const top_keys[] = {"name",   "seed",       "seeds",
                                       "env",    "envs",       "env_params",
                                       "budget", "limits",     "conditions"};
static const char *const budget_keys[] = {"env_steps", "eval_every", "eval_episodes"};
static const char *const limits_keys[] = {"time", "memory_mb", "max_attempts"};

enum { N_TOP = 9, SEEDS_MAX = 1000000 };
#define INT53 9007199254740992.0

static const struct fs_param_spec seed_spec = {
    "seed", FS_PARAM_INT, 0, 0, INT53, NULL, "base seed of every RNG stream"};
static const struct fs_param_spec budget_specs[] = {
    {"env_steps", FS_PARAM_INT, 0, 0, INT53, NULL,
     "training env steps per job (0: the algorithm's default)"},
    {"eval_every", FS_PARAM_INT, 0, 0, INT53, NULL,
     "env steps between evaluations (0: at the end only)"},
    {"eval_episodes", FS_PARAM_INT, 10, 1, 1e9, NULL, "episodes per evaluation"},
};
static const struct fs_param_spec limits_specs[] = {
    {"time", FS_PARAM_NUM, 0, 0, INFINITY, NULL, "wall seconds per job (0: none)"},
    {"memory_mb", FS_PARAM_NUM, 0, 0, INFINITY, NULL, "MiB per job (0: none)"},
    {"max_attempts", FS_PARAM_INT, 1, 1, 1000, NULL, "automatic attempts per job"},
};

/* The pair with this key in map, or NULL. */
static struct fy_node_pair *find_key(struct fy_node *map, const char *key)
{
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it)))
        if (strcmp(cfg_text(fy_node_pair_key(p)), key) == 0)
            return p;
    return NULL;
}

static struct cfg_pos key_pos(struct fy_node_pair *p)
{
    return cfg_pos_of(fy_node_pair_key(p), (struct cfg_pos){0, 0});
}

static int parse_name(struct cfg_ctx *c, struct fy_node_pair *p, fs_sweep *s)
{
    char got[80];
    struct fy_node *v = fy_node_pair_value(p);
    struct cfg_pos at = cfg_pos_of(v, key_pos(p));
    const char *t = cfg_text(v);
    if (!v || fy_node_get_type(v) != FYNT_SCALAR || !t[0])
        return cfg_fail(c, at, "name: expected a name, got %s",
                        cfg_describe(v, got, sizeof got));
    if (strlen(t) >= sizeof s->settings.name ||
        strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
            strlen(t))
        return cfg_fail(c, at, "name: '%s' must be 1-%zu letters, digits, '.', '_' or '-'",
                        t, sizeof s->settings.name - 1);
    snprintf(s->settings.name, sizeof s->settings.name, "%s", t);
    return FS_OK;
}

/* seeds: a count N (seeds 0..N-1) or a list of distinct integers >= 0. */
static int parse_seeds(struct cfg_ctx *c, struct fy_node_pair *p, fs_sweep *s)
{
    struct fy_node *v = p ? fy_node_pair_value(p) : NULL;
    struct cfg_pos kat = p ? key_pos(p) : (struct cfg_pos){0, 0};
    struct fs_param val;
    if (!p) {
        s->seeds = fs_xcalloc(1, sizeof *s->seeds);
        s->n_seeds = 1;
        return FS_OK;
    }
    if (!v || fy_node_get_type(v) != FYNT_SEQUENCE) {
        const struct fs_param_spec count = {"seeds", FS_PARAM_INT, 1, 1, SEEDS_MAX,
                                            NULL, "number of seeds"};
        int rc = cfg_scalar_value(c, v, kat, &count, "seeds (a count)", &val);
        if (rc)
            return rc;
        s->n_seeds = (size_t)val.num;
        s->seeds = fs_xmalloc(s->n_seeds * sizeof *s->seeds);
        for (size_t i = 0; i < s->n_seeds; i++)
            s->seeds[i] = (int64_t)i;
        return FS_OK;
    }
    int n = fy_node_sequence_item_count(v);
    if (n <= 0)
        return cfg_fail(c, kat, "seeds: empty list; give a count or at least one seed");
    if (n > SEEDS_MAX)
        return cfg_fail(c, kat, "seeds: more than %d seeds", SEEDS_MAX);
    s->seeds = fs_xmalloc((size_t)n * sizeof *s->seeds);
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(v, &it))) {
        int rc = cfg_scalar_value(c, item, kat, &seed_spec, "seeds", &val);
        if (rc)
            return rc;
        for (size_t i = 0; i < s->n_seeds; i++)
            if (s->seeds[i] == (int64_t)val.num)
                return cfg_fail(c, cfg_pos_of(item, kat), "seeds: seed %s repeats",
                                cfg_text(item));
        s->seeds[s->n_seeds++] = (int64_t)val.num;
    }
    return FS_OK;
}

/* One env name into s->envs, checked against the registry. */
static int add_env(struct cfg_ctx *c, struct fy_node *v, struct cfg_pos at,
                   fs_sweep *s)
{
    char got[80];
    const char *t = cfg_text(v);
    at = cfg_pos_of(v, at);
    if (!v || fy_node_get_type(v) != FYNT_SCALAR || !fs_env_find(t)) {
        char list[512] = "";
        size_t len = 0;
        for (size_t i = 0; i < fs_env_count() && len < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                    i ? ", " : "", fs_env_at(i)->name);
        return cfg_fail(c, at, "unknown env %s; known envs: %s",
                        cfg_describe(v, got, sizeof got), list);
    }
    for (size_t i = 0; i < s->n_envs; i++)
        if (strcmp(s->envs[i], t) == 0)
            return cfg_fail(c, at, "envs: env '%s' repeats", t);
    s->envs = fs_xrealloc(s->envs, (s->n_envs + 1) * sizeof *s->envs);
    snprintf(s->envs[s->n_envs++], FS_NAME_MAX, "%s", t);
    return FS_OK;
}

static int parse_envs(struct cfg_ctx *c, struct fy_node *root, fs_sweep *s)
{
    struct fy_node_pair *one = find_key(root, "env"), *many = find_key(root, "envs");
    if (one && many)
        return cfg_fail(c, key_pos(many), "give either 'env' or 'envs', not both");
    if (one)
        return add_env(c, fy_node_pair_value(one), key_pos(one), s);
    if (!many) { /* default: no environment */
        s->envs = fs_xmalloc(sizeof *s->envs);
        snprintf(s->envs[0], FS_NAME_MAX, "none");
        s->n_envs = 1;
        return FS_OK;
    }
    struct fy_node *v = fy_node_pair_value(many);
    if (!v || fy_node_get_type(v) != FYNT_SEQUENCE) /* envs: one-name */
        return add_env(c, v, key_pos(many), s);
    if (fy_node_sequence_item_count(v) == 0)
        return cfg_fail(c, key_pos(many), "envs: empty list; give at least one env");
    void *it = NULL;
    struct fy_node *item;
    int rc = FS_OK;
    while (!rc && (item = fy_node_sequence_iterate(v, &it)))
        rc = add_env(c, item, key_pos(many), s);
    return rc;
}

/* budget / limits: an optional mapping of numbers, each with a spec. */
static int parse_group(struct cfg_ctx *c, struct fy_node *root, const char *group,
                       const char *const *keys, const struct fs_param_spec *specs,
                       int n, double *values)
{
    for (int i = 0; i < n; i++)
        values[i] = specs[i].dflt;
    struct fy_node_pair *p = find_key(root, group);
    if (!p)
        return FS_OK;
    struct fy_node *map = fy_node_pair_value(p);
    int rc = cfg_check_mapping(c, map, key_pos(p), group, keys, n);
    for (int i = 0; i < n && !rc; i++) {
        struct fy_node_pair *q = find_key(map, keys[i]);
        char owner[64];
        struct fs_param val;
        snprintf(owner, sizeof owner, "%s.%s", group, keys[i]);
        if (q && !(rc = cfg_scalar_value(c, fy_node_pair_value(q), key_pos(q),
                                         &specs[i], owner, &val)))
            values[i] = val.num;
    }
    return rc;
}

static int parse_settings(struct cfg_ctx *c, struct fy_node *root, fs_sweep *s)
{
    struct cfg_pos top = cfg_pos_of(root, (struct cfg_pos){1, 1});
    struct fy_node_pair *name = find_key(root, "name"), *seed = find_key(root, "seed");
    if (!name)
        return cfg_fail(c, top, "missing required key 'name' (the sweep's name)");
    if (!seed)
        return cfg_fail(c, top, "missing required key 'seed' (base seed, e.g. 'seed: 1')");
    if (!find_key(root, "conditions"))
        return cfg_fail(c, top, "missing required key 'conditions' (a list of "
                        "'- {algo: NAME, param: value}')");
    int rc = parse_name(c, name, s);
    struct fs_param val;
    if (!rc)
        rc = cfg_scalar_value(c, fy_node_pair_value(seed), key_pos(seed), &seed_spec,
                              "seed", &val);
    if (rc)
        return rc;
    s->settings.seed = (uint64_t)val.num;
    double b[3], l[3];
    rc = parse_group(c, root, "budget", budget_keys, budget_specs, 3, b);
    if (!rc)
        rc = parse_group(c, root, "limits", limits_keys, limits_specs, 3, l);
    s->settings.env_steps = (int64_t)b[0];
    s->settings.eval_every = (int64_t)b[1];
    s->settings.eval_episodes = (int)b[2];
    s->settings.time_limit_s = l[0];
    s->settings.mem_limit_mb = l[1];
    s->settings.max_attempts = (int)l[2];
    return rc;
}

static void render_settings(fs_sweep *s)
{
    const struct fs_settings *st = &s->settings;
    char t[32], m[32];
    fs_job_format_number(st->time_limit_s, t);
    fs_job_format_number(st->mem_limit_mb, m);
    char buf[1024];
    snprintf(buf, sizeof buf,
             "name: %s\nseed: %llu\nbudget.env_steps: %lld\nbudget.eval_every: %lld\n"
             "budget.eval_episodes: %d\nlimits.time: %s\nlimits.memory_mb: %s\n"
             "limits.max_attempts: %d\n",
             st->name, (unsigned long long)st->seed, (long long)st->env_steps,
             (long long)st->eval_every, st->eval_episodes, t, m, st->max_attempts);
    s->settings_text = fs_xstrdup(buf);
    s->settings_hash = fs_job_hash(s->settings_text);
}

static int parse_root(struct cfg_ctx *c, struct fy_node *root, fs_sweep *s)
{
    int rc = cfg_check_mapping(c, root, (struct cfg_pos){1, 1}, "the config",
                               top_keys, N_TOP);
    if (!rc)
        rc = parse_settings(c, root, s);
    if (!rc)
        rc = parse_seeds(c, find_key(root, "seeds"), s);
    if (!rc)
        rc = parse_envs(c, root, s);
    struct fy_node_pair *ep = find_key(root, "env_params");
    if (!rc && ep)
        rc = cfg_parse_env_params(c, fy_node_pair_value(ep), key_pos(ep), s);
    else if (!rc)
        rc = cfg_axes_expand(c, (struct cfg_pos){0, 0}, NULL, 0, &s->env_points,
                             &s->n_env_points);
    struct fy_node_pair *cp = find_key(root, "conditions");
    if (!rc)
        rc = cfg_parse_conditions(c, fy_node_pair_value(cp), key_pos(cp), s);
    if (!rc)
        rc = cfg_build_jobs(c, s);
    if (!rc)
        render_settings(s);
    return rc;
}

static void quiet_diag(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag, (void)user, (void)buf, (void)len;
}

/* The key that starts at 1-based (line, col) of text, into buf. */
static void key_at(const char *text, struct cfg_pos at, char *buf, size_t n)
{
    const char *p = text;
    for (int l = 1; l < at.line && p; l++)
        p = (p = strchr(p, '\n')) ? p + 1 : NULL;
    if (!p || at.col < 1 || strnlen(p, (size_t)at.col) < (size_t)at.col - 1) {
        snprintf(buf, n, "?");
        return;
    }
    p += at.col - 1;
    size_t len = strcspn(p, ":,}\n");
    while (len && p[len - 1] == ' ')
        len--;
    snprintf(buf, n, "%.*s", (int)(len < 60 ? len : 60), p);
}

/* The first error libfyaml collected, as an FS_ECONFIG message; fallback
 * when it collected none. */
static int yaml_error(struct cfg_ctx *c, struct fy_diag *diag, const char *text,
                      const char *fallback)
{
    void *it = NULL;
    struct fy_diag_error *err;
    while ((err = fy_diag_errors_iterate(diag, &it))) {
        if (err->type < FYET_ERROR)
            continue;
        struct cfg_pos at = {err->line, err->column};
        if (strncmp(err->msg, "duplicate key", 13) == 0) {
            char key[64];
            key_at(text, at, key, sizeof key);
            return cfg_fail(c, at, "duplicate key '%s' in a mapping", key);
        }
        return cfg_fail(c, at, "YAML syntax error: %s", err->msg);
    }
    return cfg_fail(c, (struct cfg_pos){0, 0}, "%s", fallback);
}

/* Parse text as exactly one YAML document, anchors and aliases resolved. */
static int parse_yaml(struct cfg_ctx *c, const char *text, size_t len, fs_sweep *s)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = quiet_diag;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (!diag)
        return fs_err_set(c->e, FS_EINTERNAL, "libfyaml: cannot create diagnostics");
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg pcfg = {
        .flags = FYPCF_QUIET | FYPCF_RESOLVE_DOCUMENT,
        .diag = diag,
    };
    struct fy_parser *fyp = fy_parser_create(&pcfg);
    int rc = FS_OK;
    if (!fyp || fy_parser_set_string(fyp, text, len)) {
        rc = fs_err_set(c->e, FS_EINTERNAL, "libfyaml: cannot create a parser");
    } else {
        struct fy_document *doc = fy_parse_load_document(fyp);
        struct fy_document *more = doc ? fy_parse_load_document(fyp) : NULL;
        if (!doc) {
            rc = yaml_error(c, diag, text,
                            "empty config; it needs at least name, seed and conditions");
        } else if (more) {
            const struct fy_mark *m =
                fy_document_state_start_mark(fy_document_get_document_state(more));
            rc = cfg_fail(c, m ? (struct cfg_pos){m->line + 1, m->column + 1}
                               : (struct cfg_pos){0, 0},
                          "a second YAML document; a config is one document");
        } else if (fy_diag_got_error(diag)) {
            rc = yaml_error(c, diag, text, "YAML syntax error");
        } else {
            rc = parse_root(c, fy_document_root(doc), s);
        }
        if (doc) {
            fy_parse_document_destroy(fyp, more);
            fy_parse_document_destroy(fyp, doc);
        }
    }
    fy_parser_destroy(fyp);
    fy_diag_destroy(diag);
    return rc;
}

int fs_sweep_parse(const char *path, const char *text, size_t len, fs_sweep **out,
                   fs_err *e)
{
    *out = NULL;
    fs_sweep *s = fs_xcalloc(1, sizeof *s);
    s->path = fs_xstrdup(path);
    s->text = fs_xmalloc(len + 1);
    memcpy(s->text, text, len);
    s->text[len] = '\0';
    s->text_len = len;
    struct cfg_ctx c = {s->path, e};
    int rc = parse_yaml(&c, s->text, len, s);
    if (rc) {
        fs_sweep_destroy(&s);
        return rc;
    }
    *out = s;
    return FS_OK;
}

int fs_sweep_load(const char *path, fs_sweep **out, fs_err *e)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return fs_err_set(e, FS_EIO, "cannot open config '%s': %s", path, strerror(errno));
    size_t len = 0, cap = 4096;
    char *buf = fs_xmalloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            buf = fs_xrealloc(buf, cap *= 2);
    }
    int bad = ferror(f);
    fclose(f);
    int rc = bad ? fs_err_set(e, FS_EIO, "cannot read config '%s'", path)
                 : fs_sweep_parse(path, buf, len, out, e);
    free(buf);
    return rc;
}

void fs_sweep_destroy(fs_sweep **sp)
{
    if (!sp || !*sp)
        return;
    fs_sweep *s = *sp;
    free(s->path);
    free(s->text);
    free(s->settings_text);
    free(s->envs);
    free(s->env_points);
    free(s->seeds);
    free(s->conds);
    free(s->cond_points);
    free(s->jobs);
    free(s->ids);
    free(s->id_index);
    free(s);
    *sp = NULL;
}
