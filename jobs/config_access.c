/* jobs/config_access.c - read-only accessors of a loaded sweep, its cost
 * estimate and the settings diff used to refuse a mismatched resume. */
#include "jobs/config_internal.h"

#include <stdio.h>
#include <string.h>

const char *fs_sweep_path(const fs_sweep *s) { return s->path; }

const struct fs_settings *fs_sweep_settings(const fs_sweep *s)
{
    return &s->settings;
}

const struct fs_job *fs_sweep_jobs(const fs_sweep *s, size_t *n)
{
    *n = s->n_jobs;
    return s->jobs;
}

const struct fs_job *fs_sweep_find_job(const fs_sweep *s, uint64_t id)
{
    size_t lo = 0, hi = s->n_jobs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_jobs && s->ids[lo] == id ? &s->jobs[s->id_index[lo]] : NULL;
}

const struct fs_sweep_condition *fs_sweep_conditions(const fs_sweep *s, size_t *n)
{
    *n = s->n_conds;
    return s->conds;
}

size_t fs_sweep_env_count(const fs_sweep *s) { return s->n_envs; }

const char *fs_sweep_env(const fs_sweep *s, size_t i)
{
    return i < s->n_envs ? s->envs[i] : NULL;
}

const int64_t *fs_sweep_seeds(const fs_sweep *s, size_t *n)
{
    *n = s->n_seeds;
    return s->seeds;
}

const char *fs_sweep_text(const fs_sweep *s, size_t *len)
{
    if (len)
        *len = s->text_len;
    return s->text;
}

const char *fs_sweep_settings_text(const fs_sweep *s) { return s->settings_text; }

uint64_t fs_sweep_settings_hash(const fs_sweep *s) { return s->settings_hash; }

double fs_sweep_cost(const fs_sweep *s, size_t *known)
{
    double total = 0;
    *known = 0;
    for (size_t i = 0; i < s->n_jobs; i++) {
        const struct fs_learner *l = fs_learner_find(s->jobs[i].algo);
        if (l && l->cost) {
            total += l->cost(&s->jobs[i], &s->settings);
            (*known)++;
        }
    }
    return total;
}

/* The value of "key: value" line `key` in text, into val; 0 if found. */
static int setting_value(const char *text, const char *key, size_t klen, char *val,
                         size_t n)
{
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len > klen + 1 && strncmp(line, key, klen) == 0 && line[klen] == ':') {
            const char *v = line + klen + 1 + (line[klen + 1] == ' ');
            snprintf(val, n, "%.*s", (int)(len - (size_t)(v - line)), v);
            return 0;
        }
        line = nl ? nl + 1 : NULL;
    }
    return -1;
}

/* The first key of `from` whose value differs in `other` (or is absent
 * there), described as "<key>: <store value> in the store, <config value> in
 * the config". from_store says which of the two texts `from` is. */
static int first_difference(const char *from, const char *other, int from_store,
                            char *buf, size_t n)
{
    for (const char *line = from; line && *line;) {
        const char *nl = strchr(line, '\n');
        const char *colon = strchr(line, ':');
        if (colon && (!nl || colon < nl)) {
            size_t klen = (size_t)(colon - line);
            char mine[256], theirs[256];
            setting_value(from, line, klen, mine, sizeof mine);
            if (setting_value(other, line, klen, theirs, sizeof theirs))
                snprintf(theirs, sizeof theirs, "(absent)");
            if (strcmp(mine, theirs) != 0) {
                snprintf(buf, n, "%.*s: %s in the store, %s in the config", (int)klen,
                         line, from_store ? mine : theirs, from_store ? theirs : mine);
                return 1;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

int fs_sweep_diff_settings(const char *a, const char *b, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    if (strcmp(a, b) == 0)
        return 0;
    if (first_difference(a, b, 1, buf, n) || first_difference(b, a, 0, buf, n))
        return 1;
    snprintf(buf, n, "the settings differ in layout only");
    return 1;
}
