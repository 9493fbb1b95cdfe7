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

/* The first key of a whose value differs in b (or is absent there). */
static int first_difference(const char *a, const char *b, const char *where_a,
                            const char *where_b, char *buf, size_t n)
{
    for (const char *line = a; line && *line;) {
        const char *nl = strchr(line, '\n');
        const char *colon = strchr(line, ':');
        if (colon && (!nl || colon < nl)) {
            size_t klen = (size_t)(colon - line);
            char va[256], vb[256];
            setting_value(a, line, klen, va, sizeof va);
            int missing = setting_value(b, line, klen, vb, sizeof vb);
            if (missing || strcmp(va, vb) != 0) {
                if (missing)
                    snprintf(vb, sizeof vb, "(absent)");
                if (strcmp(where_a, "the store") == 0)
                    snprintf(buf, n, "%.*s: %s in %s, %s in %s", (int)klen, line, va,
                             where_a, vb, where_b);
                else
                    snprintf(buf, n, "%.*s: %s in %s, %s in %s", (int)klen, line, vb,
                             where_b, va, where_a);
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
    if (first_difference(a, b, "the store", "the config", buf, n) ||
        first_difference(b, a, "the config", "the store", buf, n))
        return 1;
    snprintf(buf, n, "the settings texts differ in layout");
    return 1;
}
