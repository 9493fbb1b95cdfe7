/* jobs/config_expand.c - the config's `conditions` and `env_params`, their
 * grid expansion, and the job list. See config_internal.h. */
#include "jobs/config_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/env.h"

static int cmp_param_name(const void *a, const void *b)
{
    return strcmp(((const struct fs_param *)a)->name,
                  ((const struct fs_param *)b)->name);
}

/* "name, name, ..." of a parameter table into buf. */
static void spec_names(const struct fs_param_spec *specs, int n, char *buf,
                       size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    if (n == 0)
        snprintf(buf, size, "(none)");
    for (int i = 0; i < n && len < size; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
                         specs[i].name);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

static const struct fs_param_spec *env_param(const struct fs_env_class *env,
                                             const char *name)
{
    for (int i = 0; i < env->n_params; i++)
        if (strcmp(env->params[i].name, name) == 0)
            return &env->params[i];
    return NULL;
}

/* "algo=A p1=v1 ..." of a sorted parameter set. */
static int make_label(struct cfg_ctx *c, struct cfg_pos at, const char *algo,
                      const struct cfg_point *pt, char label[FS_KEY_MAX])
{
    size_t len = (size_t)snprintf(label, FS_KEY_MAX, "algo=%s", algo);
    for (int i = 0; i < pt->n_params && len < FS_KEY_MAX; i++) {
        char num[32];
        const struct fs_param *p = &pt->params[i];
        if (!p->is_text)
            fs_job_format_number(p->num, num);
        len += (size_t)snprintf(label + len, FS_KEY_MAX - len, " %s=%s", p->name,
                                p->is_text ? p->text : num);
    }
    if (len >= FS_KEY_MAX)
        return cfg_fail(c, at, "condition is too long for a job key (%d characters)",
                        FS_KEY_MAX - 1);
    return FS_OK;
}

/* Checks that the learner runs on every env of the sweep. */
static int check_learner_envs(struct cfg_ctx *c, struct cfg_pos at,
                              const struct fs_learner *l, const fs_sweep *s)
{
    if (!l->envs)
        return FS_OK;
    for (size_t i = 0; i < s->n_envs; i++) {
        int ok = 0;
        for (const char *const *p = l->envs; *p && !ok; p++)
            ok = strcmp(*p, s->envs[i]) == 0;
        if (!ok) {
            char list[256] = "";
            size_t len = 0;
            for (const char *const *p = l->envs; *p && len < sizeof list; p++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                        p == l->envs ? "" : ", ", *p);
            return cfg_fail(c, at, "algo '%s' does not run on env '%s'; it runs on: %s",
                            l->name, s->envs[i], list);
        }
    }
    return FS_OK;
}

static const struct fs_learner *entry_learner(struct cfg_ctx *c,
                                              struct fy_node *entry,
                                              struct cfg_pos at, int idx)
{
    char got[80];
    struct fy_node_pair *p = NULL;
    void *it = NULL;
    while ((p = fy_node_mapping_iterate(entry, &it)))
        if (strcmp(cfg_text(fy_node_pair_key(p)), "algo") == 0)
            break;
    if (!p) {
        cfg_fail(c, at, "condition %d: missing required key 'algo'", idx + 1);
        return NULL;
    }
    struct fy_node *v = fy_node_pair_value(p);
    struct cfg_pos vat = cfg_pos_of(v, cfg_pos_of(fy_node_pair_key(p), at));
    const struct fs_learner *l = NULL;
    if (v && fy_node_get_type(v) == FYNT_SCALAR)
        l = fs_learner_find(cfg_text(v));
    if (!v || fy_node_get_type(v) != FYNT_SCALAR) {
        cfg_fail(c, vat, "condition %d: algo must be one algorithm name, got %s",
                 idx + 1, cfg_describe(v, got, sizeof got));
    } else if (!l) {
        char list[512] = "";
        size_t len = 0;
        for (size_t i = 0; i < fs_learner_count() && len < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                    i ? ", " : "", fs_learner_at(i)->name);
        cfg_fail(c, vat, "condition %d: unknown algo %s; known algos: %s", idx + 1,
                 cfg_describe(v, got, sizeof got), list);
    }
    return l;
}

/* Parse one entry of `conditions` and append its grid points. */
static int parse_entry(struct cfg_ctx *c, struct fy_node *entry, struct cfg_pos at,
                       int idx, fs_sweep *s)
{
    char what[64];
    snprintf(what, sizeof what, "condition %d", idx + 1);
    int rc = cfg_check_mapping(c, entry, at, what, NULL, 0);
    if (rc)
        return rc;
    const struct fs_learner *l = entry_learner(c, entry, at, idx);
    if (!l)
        return FS_ECONFIG;
    if ((rc = check_learner_envs(c, at, l, s)))
        return rc;

    struct cfg_axis axes[FS_PARAMS_MAX] = {{0}};
    int n_axes = 0;
    void *it = NULL;
    struct fy_node_pair *p;
    while (!rc && (p = fy_node_mapping_iterate(entry, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        const char *name = cfg_text(k);
        struct cfg_pos kat = cfg_pos_of(k, at);
        if (strcmp(name, "algo") == 0)
            continue;
        const struct fs_param_spec *spec = fs_learner_param(l, name);
        char owner[128];
        snprintf(owner, sizeof owner, "parameter '%s' of algo '%s'", name, l->name);
        if (!spec) {
            char list[512];
            spec_names(l->params, l->n_params, list, sizeof list);
            rc = cfg_fail(c, kat, "algo '%s' has no parameter '%s'; its parameters: %s",
                          l->name, name, list);
        } else if (n_axes >= FS_PARAMS_MAX) {
            rc = cfg_fail(c, kat, "condition %d: more than %d parameters", idx + 1,
                          FS_PARAMS_MAX);
        } else {
            for (int i = 0; i < s->env_points[0].n_params && !rc; i++)
                if (strcmp(s->env_points[0].params[i].name, name) == 0)
                    rc = cfg_fail(c, kat, "parameter '%s' of algo '%s' is also set "
                                  "in env_params; rename one", name, l->name);
            if (!rc)
                rc = cfg_axis_parse(c, fy_node_pair_value(p), kat, spec, owner,
                                    &axes[n_axes++]);
        }
    }
    for (int i = 0; i < l->n_params && !rc; i++) {
        const struct fs_param_spec *sp = &l->params[i];
        int given = 0;
        for (int k = 0; k < n_axes && !given; k++)
            given = strcmp(axes[k].values[0].name, sp->name) == 0;
        if (!given && sp->type != FS_PARAM_TEXT && isnan(sp->dflt))
            rc = cfg_fail(c, at, "condition %d: algo '%s' needs parameter '%s' (%s)",
                          idx + 1, l->name, sp->name, sp->help ? sp->help : "");
    }
    size_t first = s->n_conds;
    if (!rc)
        rc = cfg_axes_expand(c, at, axes, n_axes, &s->cond_points, &s->n_conds);
    for (int k = 0; k < n_axes; k++)
        cfg_axis_free(&axes[k]);
    if (rc)
        return rc;
    s->conds = fs_xrealloc(s->conds, s->n_conds * sizeof *s->conds);
    for (size_t i = first; i < s->n_conds && !rc; i++) {
        struct cfg_point *pt = &s->cond_points[i];
        struct fs_sweep_condition *cd = &s->conds[i];
        memset(cd, 0, sizeof *cd);
        qsort(pt->params, (size_t)pt->n_params, sizeof pt->params[0], cmp_param_name);
        snprintf(cd->algo, sizeof cd->algo, "%s", l->name);
        cd->entry = idx;
        cd->line = at.line;
        cd->column = at.col;
        rc = make_label(c, at, l->name, pt, cd->label);
    }
    return rc;
}

/* Sorting conditions by label to find repeats. */
struct label_ref {
    const struct fs_sweep_condition *cond;
};

static int cmp_label_ref(const void *a, const void *b)
{
    const struct fs_sweep_condition *ca = ((const struct label_ref *)a)->cond;
    const struct fs_sweep_condition *cb = ((const struct label_ref *)b)->cond;
    int d = strcmp(ca->label, cb->label);
    return d ? d : (ca->entry > cb->entry) - (ca->entry < cb->entry);
}

/* Two entries that expand to the same condition would give the same jobs. */
static int check_repeats(struct cfg_ctx *c, const fs_sweep *s)
{
    struct label_ref *refs = fs_xmalloc(s->n_conds * sizeof *refs);
    for (size_t i = 0; i < s->n_conds; i++)
        refs[i].cond = &s->conds[i];
    qsort(refs, s->n_conds, sizeof *refs, cmp_label_ref);
    int rc = FS_OK;
    for (size_t i = 1; i < s->n_conds && !rc; i++) {
        const struct fs_sweep_condition *a = refs[i - 1].cond, *b = refs[i].cond;
        if (strcmp(a->label, b->label) == 0)
            rc = cfg_fail(c, (struct cfg_pos){b->line, b->column},
                          "condition %d repeats condition %d (line %d): both give '%s'",
                          b->entry + 1, a->entry + 1, a->line, a->label);
    }
    free(refs);
    return rc;
}

int cfg_parse_conditions(struct cfg_ctx *c, struct fy_node *list,
                         struct cfg_pos key_at, fs_sweep *s)
{
    char got[80];
    if (!list || fy_node_get_type(list) != FYNT_SEQUENCE)
        return cfg_fail(c, cfg_pos_of(list, key_at),
                        "conditions must be a list of mappings, got %s",
                        cfg_describe(list, got, sizeof got));
    if (fy_node_sequence_item_count(list) == 0)
        return cfg_fail(c, key_at, "conditions: empty list; give at least one "
                        "condition (e.g. '- {algo: synthetic}')");
    void *it = NULL;
    struct fy_node *entry;
    int idx = 0, rc = FS_OK;
    while (!rc && (entry = fy_node_sequence_iterate(list, &it))) {
        rc = parse_entry(c, entry, cfg_pos_of(entry, key_at), idx++, s);
        if (!rc && s->n_conds > FS_SWEEP_JOBS_MAX)
            rc = cfg_fail(c, key_at, "more than %d conditions", FS_SWEEP_JOBS_MAX);
    }
    return rc ? rc : check_repeats(c, s);
}

int cfg_parse_env_params(struct cfg_ctx *c, struct fy_node *map,
                         struct cfg_pos key_at, fs_sweep *s)
{
    struct cfg_axis axes[FS_PARAMS_MAX] = {{0}};
    int n_axes = 0;
    int rc = cfg_check_mapping(c, map, key_at, "env_params", NULL, 0);
    void *it = NULL;
    struct fy_node_pair *p;
    while (!rc && map && (p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        const char *name = cfg_text(k);
        struct cfg_pos kat = cfg_pos_of(k, key_at);
        const struct fs_param_spec *spec = NULL;
        for (size_t i = 0; i < s->n_envs && !rc; i++) {
            const struct fs_env_class *env = fs_env_find(s->envs[i]);
            spec = env_param(env, name);
            if (!spec) {
                char list[512];
                spec_names(env->params, env->n_params, list, sizeof list);
                rc = cfg_fail(c, kat, "env '%s' has no parameter '%s'; its parameters: %s",
                              env->name, name, list);
            }
        }
        if (!rc && n_axes >= FS_PARAMS_MAX)
            rc = cfg_fail(c, kat, "env_params: more than %d parameters", FS_PARAMS_MAX);
        if (!rc) {
            char owner[128];
            snprintf(owner, sizeof owner, "env parameter '%s'", name);
            rc = cfg_axis_parse(c, fy_node_pair_value(p), kat, spec, owner,
                                &axes[n_axes++]);
        }
    }
    free(s->env_points);
    s->env_points = NULL;
    s->n_env_points = 0;
    if (!rc)
        rc = cfg_axes_expand(c, key_at, axes, n_axes, &s->env_points, &s->n_env_points);
    for (int k = 0; k < n_axes; k++)
        cfg_axis_free(&axes[k]);
    return rc;
}

/* Fill job from condition ci, env ei, env point pi and seed. */
static int make_job(struct cfg_ctx *c, const fs_sweep *s, size_t ci, size_t ei,
                    size_t pi, int64_t seed, struct fs_job *job)
{
    const struct cfg_point *cp = &s->cond_points[ci], *ep = &s->env_points[pi];
    memset(job, 0, sizeof *job);
    snprintf(job->env, sizeof job->env, "%s", s->envs[ei]);
    snprintf(job->algo, sizeof job->algo, "%s", s->conds[ci].algo);
    job->seed = seed;
    job->condition = (int)ci;
    if (cp->n_params + ep->n_params > FS_PARAMS_MAX)
        return cfg_fail(c, (struct cfg_pos){s->conds[ci].line, s->conds[ci].column},
                        "condition '%s' with env_params has more than %d parameters",
                        s->conds[ci].label, FS_PARAMS_MAX);
    for (int i = 0; i < cp->n_params; i++)
        job->params[job->n_params++] = cp->params[i];
    for (int i = 0; i < ep->n_params; i++)
        job->params[job->n_params++] = ep->params[i];
    int rc = fs_job_finish(job, c->e);
    if (rc)
        fs_err_prefix(c->e, "%s:%d:%d: ", c->path, s->conds[ci].line,
                      s->conds[ci].column);
    return rc;
}

static int cmp_job_key(const void *a, const void *b)
{
    return strcmp(((const struct fs_job *)a)->key, ((const struct fs_job *)b)->key);
}

struct id_ref {
    uint64_t id;
    size_t job;
};

static int cmp_id_ref(const void *a, const void *b)
{
    uint64_t x = ((const struct id_ref *)a)->id, y = ((const struct id_ref *)b)->id;
    return (x > y) - (x < y);
}

/* Sorted (id, job index) pairs for fs_sweep_find_job; fails on a hash
 * collision (two keys, one id), which would merge two jobs' results. */
static int index_ids(struct cfg_ctx *c, fs_sweep *s)
{
    struct id_ref *refs = fs_xmalloc((s->n_jobs ? s->n_jobs : 1) * sizeof *refs);
    for (size_t i = 0; i < s->n_jobs; i++)
        refs[i] = (struct id_ref){s->jobs[i].id, i};
    qsort(refs, s->n_jobs, sizeof *refs, cmp_id_ref);
    int rc = FS_OK;
    s->ids = fs_xmalloc((s->n_jobs ? s->n_jobs : 1) * sizeof *s->ids);
    s->id_index = fs_xmalloc((s->n_jobs ? s->n_jobs : 1) * sizeof *s->id_index);
    for (size_t i = 0; i < s->n_jobs; i++) {
        s->ids[i] = refs[i].id;
        s->id_index[i] = refs[i].job;
        if (i && refs[i].id == refs[i - 1].id && !rc)
            rc = cfg_fail(c, (struct cfg_pos){0, 0},
                          "jobs '%s' and '%s' have the same id %016llx",
                          s->jobs[refs[i - 1].job].key, s->jobs[refs[i].job].key,
                          (unsigned long long)refs[i].id);
    }
    free(refs);
    return rc;
}

int cfg_build_jobs(struct cfg_ctx *c, fs_sweep *s)
{
    double total = (double)s->n_conds * (double)s->n_envs *
                   (double)s->n_env_points * (double)s->n_seeds;
    if (total > FS_SWEEP_JOBS_MAX)
        return cfg_fail(c, (struct cfg_pos){0, 0},
                        "the sweep expands to %.0f jobs, more than the limit %d",
                        total, FS_SWEEP_JOBS_MAX);
    s->n_jobs = (size_t)total;
    s->jobs = fs_xmalloc((s->n_jobs ? s->n_jobs : 1) * sizeof *s->jobs);
    size_t j = 0;
    for (size_t ci = 0; ci < s->n_conds; ci++) {
        for (size_t ei = 0; ei < s->n_envs; ei++)
            for (size_t pi = 0; pi < s->n_env_points; pi++)
                for (size_t k = 0; k < s->n_seeds; k++) {
                    int rc = make_job(c, s, ci, ei, pi, s->seeds[k], &s->jobs[j++]);
                    if (rc)
                        return rc;
                }
        s->conds[ci].n_jobs = s->n_envs * s->n_env_points * s->n_seeds;
    }
    qsort(s->jobs, s->n_jobs, sizeof *s->jobs, cmp_job_key);
    for (size_t i = 1; i < s->n_jobs; i++)
        if (strcmp(s->jobs[i - 1].key, s->jobs[i].key) == 0)
            return fs_err_set(c->e, FS_EINTERNAL, "%s: job '%s' appears twice",
                              c->path, s->jobs[i].key);
    return index_ids(c, s);
}
