/* analysis/group.c - grouping store rows into conditions. See group.h. */
#include "analysis/group.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LABEL_MAX = FS_KEY_MAX + 2 * FS_NAME_MAX + 16 };

/* Open-addressing map from label hash to condition index. */
struct label_map {
    size_t cap;               /* power of two */
    long *slot;               /* condition index or -1 */
    uint64_t *hash;
};

static void map_init(struct label_map *m, size_t cap)
{
    m->cap = cap;
    m->slot = fs_xmalloc(cap * sizeof *m->slot);
    m->hash = fs_xmalloc(cap * sizeof *m->hash);
    for (size_t i = 0; i < cap; i++)
        m->slot[i] = -1;
}

static void map_free(struct label_map *m)
{
    free(m->slot);
    free(m->hash);
}

static size_t map_probe(const struct label_map *m, uint64_t h,
                        const char *label, const struct fs_condition *c)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->slot[i] >= 0 &&
           (m->hash[i] != h || strcmp(c[m->slot[i]].label, label) != 0))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void map_grow(struct label_map *m, const struct fs_condition *c,
                     size_t n)
{
    struct label_map bigger;
    map_init(&bigger, m->cap * 2);
    for (size_t k = 0; k < n; k++) {
        uint64_t h = fs_job_hash(c[k].label);
        size_t i = map_probe(&bigger, h, c[k].label, c);
        bigger.slot[i] = (long)k;
        bigger.hash[i] = h;
    }
    map_free(m);
    *m = bigger;
}

static void row_label(const fs_store_data *d, size_t row, char *buf)
{
    const char *p = d->params[row];
    snprintf(buf, LABEL_MAX, "env=%s algo=%s%s%s", d->jobs[row].env,
             d->jobs[row].algo, p[0] ? " " : "", p);
}

/* Does the space-separated token list `list` contain token tok? */
static int has_token(const char *list, const char *tok, size_t len)
{
    for (const char *s = list; *s;) {
        const char *end = strchr(s, ' ');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n == len && memcmp(s, tok, len) == 0)
            return 1;
        if (!end)
            break;
        s = end + 1;
    }
    return 0;
}

static void make_short_labels(fs_cond_set *s)
{
    for (size_t k = 0; k < s->n; k++) {
        const char *label = s->c[k].label;
        char *out = fs_xmalloc(strlen(label) + 1);
        size_t used = 0;
        for (const char *t = label; *t;) {
            const char *end = strchr(t, ' ');
            size_t len = end ? (size_t)(end - t) : strlen(t);
            int common = 1;
            for (size_t j = 0; j < s->n && common; j++)
                common = has_token(s->c[j].label, t, len);
            if (!common || s->n == 1) {
                if (used)
                    out[used++] = ' ';
                memcpy(out + used, t, len);
                used += len;
            }
            if (!end)
                break;
            t = end + 1;
        }
        out[used] = '\0';
        if (used == 0) { /* conditions differ in no token: keep the label */
            free(out);
            out = fs_xstrdup(label);
        }
        s->c[k].short_label = out;
    }
}

static void count_status(const fs_store_data *d, struct fs_condition *c,
                         size_t row)
{
    switch (d->rows[row].status) {
    case FS_JOB_DONE: c->n_done++; break;
    case FS_JOB_FAILED: c->n_failed++; break;
    default: c->n_pending++; break;
    }
}

struct order_key {
    long config_index;        /* smallest fs_job.condition of its rows */
    size_t first;             /* order of first appearance */
};

static int order_cmp(const void *a, const void *b)
{
    const struct order_key *x = a, *y = b;
    if (x->config_index != y->config_index)
        return x->config_index < y->config_index ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Reorder conditions by the config's condition index (the order a sweep
 * lists them), ties by first appearance, and renumber row_cond. */
static void sweep_order(const fs_store_data *d, fs_cond_set *s)
{
    size_t n = s->n ? s->n : 1;
    struct order_key *key = fs_xmalloc(n * sizeof *key);
    for (size_t k = 0; k < s->n; k++)
        key[k] = (struct order_key){LONG_MAX, k};
    for (size_t r = 0; r < d->n_jobs; r++) {
        struct order_key *k = &key[s->row_cond[r]];
        if (d->jobs[r].condition < k->config_index)
            k->config_index = d->jobs[r].condition;
    }
    qsort(key, s->n, sizeof *key, order_cmp);
    size_t *new_index = fs_xmalloc(n * sizeof *new_index);
    struct fs_condition *c = fs_xmalloc(n * sizeof *c);
    for (size_t k = 0; k < s->n; k++) {
        new_index[key[k].first] = k;
        c[k] = s->c[key[k].first];
    }
    for (size_t r = 0; r < d->n_jobs; r++)
        s->row_cond[r] = new_index[s->row_cond[r]];
    free(s->c);
    s->c = c;
    free(new_index);
    free(key);
}

int fs_group_conditions(const fs_store_data *d, fs_cond_set *out, fs_err *e)
{
    (void)e;
    memset(out, 0, sizeof *out);
    out->row_cond = fs_xmalloc((d->n_jobs ? d->n_jobs : 1) *
                               sizeof *out->row_cond);
    size_t cap = 0;
    struct label_map map;
    map_init(&map, 64);
    char label[LABEL_MAX];
    for (size_t r = 0; r < d->n_jobs; r++) {
        row_label(d, r, label);
        uint64_t h = fs_job_hash(label);
        size_t i = map_probe(&map, h, label, out->c);
        if (map.slot[i] < 0) {
            if (out->n == cap) {
                cap = cap ? 2 * cap : 16;
                out->c = fs_xrealloc(out->c, cap * sizeof *out->c);
            }
            struct fs_condition *c = &out->c[out->n];
            memset(c, 0, sizeof *c);
            c->label = fs_xstrdup(label);
            map.slot[i] = (long)out->n;
            map.hash[i] = h;
            out->n++;
            if (2 * out->n > map.cap)
                map_grow(&map, out->c, out->n);
        }
        out->row_cond[r] = (size_t)map.slot[map_probe(&map, h, label, out->c)];
    }
    map_free(&map);
    sweep_order(d, out);
    for (size_t r = 0; r < d->n_jobs; r++)
        out->c[out->row_cond[r]].n_rows++;
    for (size_t k = 0; k < out->n; k++)
        out->c[k].rows = fs_xmalloc((out->c[k].n_rows ? out->c[k].n_rows : 1) *
                                    sizeof(size_t));
    size_t *fill = fs_xcalloc(out->n ? out->n : 1, sizeof *fill);
    for (size_t r = 0; r < d->n_jobs; r++) {
        struct fs_condition *c = &out->c[out->row_cond[r]];
        c->rows[fill[out->row_cond[r]]++] = r;
        count_status(d, c, r);
    }
    free(fill);
    make_short_labels(out);
    return 0;
}

void fs_cond_set_clear(fs_cond_set *s)
{
    for (size_t k = 0; k < s->n; k++) {
        free(s->c[k].label);
        free(s->c[k].short_label);
        free(s->c[k].rows);
    }
    free(s->c);
    free(s->row_cond);
    memset(s, 0, sizeof *s);
}

/* Every token of spec is a token of label, or the value of one. */
static int spec_matches(const char *spec, const char *label)
{
    int any = 0;
    for (const char *t = spec; *t;) {
        while (*t == ' ')
            t++;
        if (!*t)
            break;
        const char *end = strchr(t, ' ');
        size_t len = end ? (size_t)(end - t) : strlen(t);
        int found = has_token(label, t, len);
        for (const char *l = label; !found && *l;) {
            const char *lend = strchr(l, ' ');
            size_t llen = lend ? (size_t)(lend - l) : strlen(l);
            const char *eq = memchr(l, '=', llen);
            if (eq && (size_t)(l + llen - eq - 1) == len &&
                memcmp(eq + 1, t, len) == 0)
                found = 1;
            if (!lend)
                break;
            l = lend + 1;
        }
        if (!found)
            return 0;
        any = 1;
        t += len;
    }
    return any;
}

static void list_conditions(const fs_cond_set *s, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < s->n && used + 1 < n; k++) {
        int w = snprintf(buf + used, n - used, "%s'%s'", k ? ", " : "",
                         s->c[k].short_label);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

int fs_cond_find(const fs_cond_set *s, const char *spec, size_t *idx,
                 fs_err *e)
{
    for (size_t k = 0; k < s->n; k++)
        if (strcmp(spec, s->c[k].label) == 0 ||
            strcmp(spec, s->c[k].short_label) == 0) {
            *idx = k;
            return 0;
        }
    size_t hits = 0, first = 0;
    for (size_t k = 0; k < s->n; k++)
        if (spec_matches(spec, s->c[k].label)) {
            if (hits++ == 0)
                first = k;
        }
    if (hits == 1) {
        *idx = first;
        return 0;
    }
    char list[768];
    list_conditions(s, list, sizeof list);
    return fs_err_set(e, FS_EUSAGE, "%s condition '%s'; conditions are: %s",
                      hits ? "ambiguous" : "no", spec, list);
}
