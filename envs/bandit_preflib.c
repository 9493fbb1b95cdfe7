/* envs/bandit_preflib.c - PrefLib .soc/.soi files to bandit instances, as
 * in the paper's real-world example (section 7.1: Mechanical Turk Dots,
 * ranks scored 0.9 / 0.63 / 0.37 / 0.1). See envs/bandit.h. */
#include "envs/bandit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fs_preflib {
    int m;              /* alternatives */
    int n_voters;       /* sum of the counts */
    int n_orders;       /* distinct orders stored */
    int *count;         /* [n_orders] */
    int *len;           /* [n_orders] ranked alternatives */
    int *order;         /* [n_orders x m], 0-based alternatives, top first */
};

int fs_preflib_n_voters(const fs_preflib *p) { return p->n_voters; }
int fs_preflib_n_alternatives(const fs_preflib *p) { return p->m; }

void fs_preflib_destroy(fs_preflib **p)
{
    if (!p || !*p)
        return;
    free((*p)->count);
    free((*p)->len);
    free((*p)->order);
    free(*p);
    *p = NULL;
}

double fs_preflib_rank_score(int r, int m)
{
    static const double four[4] = {0.9, 0.63, 0.37, 0.1};
    if (m == 4 && r >= 0 && r < 4)
        return four[r];
    if (m <= 1)
        return 0.9;
    return 0.9 - 0.8 * (double)r / (double)(m - 1);
}

struct reader {
    const char *path;
    int lineno;
    fs_err *e;
};

/* Parse a non-negative integer at *s, advancing past it and any blanks. */
static int read_int(const struct reader *rd, char **s, long *out, const char *what)
{
    char *end;
    errno = 0;
    long v = strtol(*s, &end, 10);
    if (end == *s || errno || v < 0)
        return fs_err_set(rd->e, FS_EFORMAT, "%s:%d: expected %s, got '%.20s'", rd->path,
                          rd->lineno, what, *s);
    while (*end == ' ' || *end == '\t')
        end++;
    *s = end;
    *out = v;
    return FS_OK;
}

/* "a,b,c" (1-based alternatives, strict) into one stored order. */
static int add_order(fs_preflib *p, const struct reader *rd, long count, char *s)
{
    if (p->m < 1)
        return fs_err_set(rd->e, FS_EFORMAT, "%s:%d: an order before the number of "
                          "alternatives", rd->path, rd->lineno);
    int k = p->n_orders++;
    p->count = fs_xrealloc(p->count, (size_t)p->n_orders * sizeof *p->count);
    p->len = fs_xrealloc(p->len, (size_t)p->n_orders * sizeof *p->len);
    p->order = fs_xrealloc(p->order, (size_t)p->n_orders * (size_t)p->m * sizeof *p->order);
    int *o = p->order + (size_t)k * (size_t)p->m;
    int n = 0;
    unsigned char *seen = fs_xcalloc((size_t)p->m, 1);
    int rc = FS_OK;
    while (!rc) {
        if (*s == '{')
            rc = fs_err_set(rd->e, FS_EFORMAT, "%s:%d: ties ('{') are not supported; "
                            "use a .soc or .soi file", rd->path, rd->lineno);
        long a = 0;
        if (!rc)
            rc = read_int(rd, &s, &a, "an alternative number");
        if (!rc && (a < 1 || a > p->m))
            rc = fs_err_set(rd->e, FS_EFORMAT, "%s:%d: alternative %ld is not in 1..%d",
                            rd->path, rd->lineno, a, p->m);
        if (!rc && seen[a - 1])
            rc = fs_err_set(rd->e, FS_EFORMAT, "%s:%d: alternative %ld ranked twice",
                            rd->path, rd->lineno, a);
        if (rc)
            break;
        seen[a - 1] = 1;
        o[n++] = (int)a - 1;
        if (*s == ',') {
            s++;
            while (*s == ' ' || *s == '\t')
                s++;
            continue;
        }
        if (*s != '\0' && *s != '\n' && *s != '\r')
            rc = fs_err_set(rd->e, FS_EFORMAT, "%s:%d: unexpected '%c' in an order",
                            rd->path, rd->lineno, *s);
        break;
    }
    free(seen);
    if (rc)
        return rc;
    if (count > 1000000000L || p->n_voters > 1000000000 - (int)count)
        return fs_err_set(rd->e, FS_EFORMAT, "%s:%d: too many voters", rd->path, rd->lineno);
    p->count[k] = (int)count;
    p->len[k] = n;
    p->n_voters += (int)count;
    return FS_OK;
}

/* One line of the current format: "# KEY: value" or "count: a,b,c". */
static int modern_line(fs_preflib *p, const struct reader *rd, char *s)
{
    if (*s == '#') {
        const char *key = "# NUMBER ALTERNATIVES:";
        if (strncmp(s, key, strlen(key)) == 0) {
            char *v = s + strlen(key);
            while (*v == ' ')
                v++;
            long m = 0;
            int rc = read_int(rd, &v, &m, "the number of alternatives");
            if (!rc && (m < 1 || m > FS_BANDIT_MAX_DIM))
                rc = fs_err_set(rd->e, FS_EFORMAT, "%s:%d: %ld alternatives; need 1..%d",
                                rd->path, rd->lineno, m, FS_BANDIT_MAX_DIM);
            if (!rc)
                p->m = (int)m;
            return rc;
        }
        return FS_OK;
    }
    long count = 0;
    int rc = read_int(rd, &s, &count, "a voter count");
    if (rc)
        return rc;
    if (*s != ':')
        return fs_err_set(rd->e, FS_EFORMAT, "%s:%d: expected ':' after the count",
                          rd->path, rd->lineno);
    s++;
    while (*s == ' ' || *s == '\t')
        s++;
    return add_order(p, rd, count, s);
}

/* One line of the legacy format: m, m name lines, "voters,sum,unique",
 * then "count,a,b,c". state counts the lines consumed so far. */
static int legacy_line(fs_preflib *p, const struct reader *rd, char *s, int *state)
{
    int st = (*state)++;
    if (st == 0) {
        long m = 0;
        int rc = read_int(rd, &s, &m, "the number of alternatives");
        if (!rc && (m < 1 || m > FS_BANDIT_MAX_DIM))
            rc = fs_err_set(rd->e, FS_EFORMAT, "%s:%d: %ld alternatives; need 1..%d",
                            rd->path, rd->lineno, m, FS_BANDIT_MAX_DIM);
        p->m = (int)m;
        return rc;
    }
    if (st <= p->m + 1) /* names, then the voter totals */
        return FS_OK;
    long count = 0;
    int rc = read_int(rd, &s, &count, "a voter count");
    if (rc)
        return rc;
    if (*s != ',')
        return fs_err_set(rd->e, FS_EFORMAT, "%s:%d: expected ',' after the count",
                          rd->path, rd->lineno);
    s++;
    while (*s == ' ' || *s == '\t')
        s++;
    return add_order(p, rd, count, s);
}

int fs_preflib_load(const char *path, fs_preflib **out, fs_err *e)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return fs_err_set(e, FS_EIO, "%s: cannot open: %s", path, strerror(errno));
    fs_preflib *p = fs_xcalloc(1, sizeof *p);
    struct reader rd = {path, 0, e};
    char *line = NULL;
    size_t cap = 0;
    int rc = FS_OK, legacy = -1, state = 0;
    while (!rc && getline(&line, &cap, f) >= 0) {
        rd.lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\n' || *s == '\r' || *s == '\0')
            continue;
        if (legacy < 0)
            legacy = *s != '#';
        rc = legacy ? legacy_line(p, &rd, s, &state) : modern_line(p, &rd, s);
    }
    if (!rc && ferror(f))
        rc = fs_err_set(e, FS_EIO, "%s: read error", path);
    if (!rc && p->n_voters == 0)
        rc = fs_err_set(e, FS_EFORMAT, "%s:%d: no voters", path, rd.lineno);
    fclose(f);
    free(line);
    if (rc)
        fs_preflib_destroy(&p);
    *out = p;
    return rc;
}

int fs_preflib_bandit(const fs_preflib *p, int n_sample, fs_rng *rng,
                      fs_bandit **out, fs_err *e)
{
    *out = NULL;
    int nv = p->n_voters, m = p->m;
    if (n_sample > nv)
        return fs_err_set(e, FS_ECONFIG, "preflib: %d voters asked for, the file has %d",
                          n_sample, nv);
    if (n_sample > FS_BANDIT_MAX_DIM || (n_sample <= 0 && nv > FS_BANDIT_MAX_DIM))
        return fs_err_set(e, FS_ECONFIG, "preflib: at most %d agents; sample fewer voters",
                          FS_BANDIT_MAX_DIM);
    /* voter v -> its stored order */
    int *who = fs_xmalloc((size_t)nv * sizeof *who);
    for (int o = 0, v = 0; o < p->n_orders; o++)
        for (int c = 0; c < p->count[o]; c++)
            who[v++] = o;
    int n = n_sample > 0 ? n_sample : nv;
    if (n_sample > 0) /* partial Fisher-Yates: the first n are a uniform sample */
        for (int i = 0; i < n; i++) {
            int j = i + (int)fs_rng_below(rng, (uint64_t)(nv - i));
            int t = who[i];
            who[i] = who[j];
            who[j] = t;
        }
    double *mu = fs_xmalloc((size_t)n * (size_t)m * sizeof *mu);
    for (int i = 0; i < n; i++) {
        const int *o = p->order + (size_t)who[i] * (size_t)m;
        int len = p->len[who[i]];
        double *row = mu + (size_t)i * (size_t)m;
        for (int a = 0; a < m; a++)
            row[a] = fs_preflib_rank_score(m - 1, m);
        for (int r = 0; r < len; r++)
            row[o[r]] = fs_preflib_rank_score(r, m);
    }
    int rc = fs_bandit_from_means(mu, n, m, out, e);
    free(mu);
    free(who);
    return rc;
}
