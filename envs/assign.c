/* envs/assign.c - assignment instances: random, the paper's, CSV, inline.
 * See assign.h. */
#include "envs/assign.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fs_assign_clear(struct fs_assign_inst *inst)
{
    if (!inst)
        return;
    free(inst->cost);
    memset(inst, 0, sizeof *inst);
}

int fs_assign_from_matrix(struct fs_assign_inst *inst, int rows, int cols,
                          const double *m, fs_err *e)
{
    if (rows < 1 || cols < 1 || rows > FS_ASSIGN_MAX_N || cols > FS_ASSIGN_MAX_N)
        return fs_err_set(e, FS_ECONFIG,
                          "assignment matrix is %d x %d; each side must be in [1, %d]",
                          rows, cols, FS_ASSIGN_MAX_N);
    for (int i = 0; i < rows * cols; i++)
        if (!isfinite(m[i]))
            return fs_err_set(e, FS_ECONFIG, "assignment cost [%d][%d] is not finite",
                              i / cols, i % cols);
    int n = rows > cols ? rows : cols;
    inst->n = n;
    inst->agents = rows;
    inst->tasks = cols;
    inst->cost = fs_xcalloc((size_t)n * n, sizeof *inst->cost);
    for (int i = 0; i < rows; i++)
        for (int k = 0; k < cols; k++)
            inst->cost[(size_t)i * n + k] = m[(size_t)i * cols + k];
    return FS_OK;
}

int fs_assign_random(struct fs_assign_inst *inst, int agents, int tasks,
                     int64_t lo, int64_t hi, fs_rng *r, fs_err *e)
{
    if (lo > hi)
        return fs_err_set(e, FS_ECONFIG, "cost_min %lld is above cost_max %lld",
                          (long long)lo, (long long)hi);
    if (agents < 1 || tasks < 1 || agents > FS_ASSIGN_MAX_N || tasks > FS_ASSIGN_MAX_N)
        return fs_err_set(e, FS_ECONFIG, "assignment size %d x %d outside [1, %d]",
                          agents, tasks, FS_ASSIGN_MAX_N);
    double *m = fs_xmalloc((size_t)agents * tasks * sizeof *m);
    uint64_t span = (uint64_t)(hi - lo) + 1;
    for (size_t i = 0; i < (size_t)agents * tasks; i++)
        m[i] = (double)(lo + (int64_t)fs_rng_below(r, span));
    int rc = fs_assign_from_matrix(inst, agents, tasks, m, e);
    free(m);
    return rc;
}

/* The paper's matrices (seed 004, Table 1a and Table 2a-c). */
static const double table1[9] = {50, 60, 70, 30, 40, 50, 10, 50, 30};
static const double ft1[9] = {382, 816, 366, 846, 544, 175, 578, 824, 526};
static const double ft2[9] = {450, 895, 358, 856, 233, 449, 890, 672, 976};
static const double ft3[9] = {683, 170, 699, 943, 364, 894, 557, 741, 127};

int fs_assign_builtin(struct fs_assign_inst *inst, const char *name, fs_err *e)
{
    static const struct {
        const char *name;
        const double *m;
    } known[] = {{"table1", table1}, {"ft1", ft1}, {"ft2", ft2}, {"ft3", ft3}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(name, known[i].name) == 0)
            return fs_assign_from_matrix(inst, 3, 3, known[i].m, e);
    return fs_err_set(e, FS_ENOTFOUND,
                      "no built-in assignment matrix '%s' (table1, ft1, ft2, ft3)", name);
}

/* A growing row-major matrix being parsed. */
struct grow {
    double *v;
    size_t n, cap;
    int rows, cols;
};

static void grow_push(struct grow *g, double x)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 64;
        g->v = fs_xrealloc(g->v, g->cap * sizeof *g->v);
    }
    g->v[g->n++] = x;
}

/* Parse one row "a,b,c" (up to `end`) into g. where: "file:line" or
 * "inline row k" for messages. */
static int parse_row(struct grow *g, const char *s, const char *end,
                     const char *where, fs_err *e)
{
    int count = 0;
    const char *p = s;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        char buf[64];
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        size_t len = (size_t)(stop - p);
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
            len--;
        if (len == 0 || len >= sizeof buf)
            return fs_err_set(e, FS_EFORMAT, "%s: value %d is %s", where, count + 1,
                              len == 0 ? "empty" : "too long");
        memcpy(buf, p, len);
        buf[len] = '\0';
        char *tail;
        errno = 0;
        double x = strtod(buf, &tail);
        if (*tail || errno || !isfinite(x))
            return fs_err_set(e, FS_EFORMAT, "%s: '%s' is not a finite number", where, buf);
        grow_push(g, x);
        count++;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (g->rows == 0)
        g->cols = count;
    else if (count != g->cols)
        return fs_err_set(e, FS_EFORMAT, "%s: row has %d values, expected %d", where,
                          count, g->cols);
    g->rows++;
    return FS_OK;
}

static int grow_finish(struct grow *g, struct fs_assign_inst *inst,
                       const char *what, fs_err *e)
{
    int rc;
    if (g->rows == 0)
        rc = fs_err_set(e, FS_EFORMAT, "%s: no cost rows", what);
    else
        rc = fs_assign_from_matrix(inst, g->rows, g->cols, g->v, e);
    if (rc == FS_ECONFIG)
        e->status = rc = FS_EFORMAT;
    free(g->v);
    return rc;
}

static int blank_or_comment(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s == '\0' || *s == '#';
}

int fs_assign_load_csv(struct fs_assign_inst *inst, const char *path, fs_err *e)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return fs_err_set(e, FS_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct grow g = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, rc = FS_OK;
    while (!rc && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (blank_or_comment(line))
            continue;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char where[512];
        snprintf(where, sizeof where, "%s:%d", path, lineno);
        rc = parse_row(&g, line, line + len, where, e);
        if (!rc && g.rows > FS_ASSIGN_MAX_N)
            rc = fs_err_set(e, FS_EFORMAT, "%s: more than %d rows", where, FS_ASSIGN_MAX_N);
    }
    free(line);
    fclose(f);
    if (rc) {
        free(g.v);
        return rc;
    }
    return grow_finish(&g, inst, path, e);
}

int fs_assign_parse_inline(struct fs_assign_inst *inst, const char *text,
                           fs_err *e)
{
    struct grow g = {0};
    const char *p = text;
    int rc = FS_OK;
    for (int row = 1; !rc; row++) {
        const char *semi = strchr(p, ';');
        const char *end = semi ? semi : p + strlen(p);
        char where[64];
        snprintf(where, sizeof where, "inline matrix row %d", row);
        rc = parse_row(&g, p, end, where, e);
        if (!semi)
            break;
        p = semi + 1;
    }
    if (rc) {
        free(g.v);
        return rc;
    }
    return grow_finish(&g, inst, "inline matrix", e);
}

static const char *text_param(const struct fs_job *job, const char *name,
                              const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

int fs_assign_from_job(struct fs_assign_inst *inst, const struct fs_job *job,
                       uint64_t seed, fs_err *e)
{
    const char *which = text_param(job, "instance", "random");
    if (strcmp(which, "random") != 0)
        return fs_assign_builtin(inst, which, e);
    int agents = (int)fs_job_num(job, "agents", 5);
    int tasks = (int)fs_job_num(job, "tasks", 0);
    if (tasks == 0)
        tasks = agents;
    int64_t lo = (int64_t)fs_job_num(job, "cost_min", 1);
    int64_t hi = (int64_t)fs_job_num(job, "cost_max", 1000);
    char key[FS_KEY_MAX];
    snprintf(key, sizeof key, "assign agents=%d tasks=%d cost=%lld..%lld seed=%lld",
             agents, tasks, (long long)lo, (long long)hi, (long long)job->seed);
    fs_rng r;
    fs_rng_init(&r, seed, fs_job_hash(key), FS_RNG_ENV);
    return fs_assign_random(inst, agents, tasks, lo, hi, &r, e);
}

static const struct fs_param_spec assign_params[] = {
    {"instance", FS_PARAM_TEXT, 0, 0, 0, "random|table1|ft1|ft2|ft3",
     "random matrix, or the paper's Table 1a / Table 2 matrices"},
    {"agents", FS_PARAM_INT, 5, 1, FS_ASSIGN_MAX_N, NULL, "agents (matrix rows)"},
    {"tasks", FS_PARAM_INT, 0, 0, FS_ASSIGN_MAX_N, NULL,
     "tasks (matrix columns); 0: as many as agents; padded with dummies"},
    {"cost_min", FS_PARAM_INT, 1, -1e9, 1e9, NULL, "smallest random cost"},
    {"cost_max", FS_PARAM_INT, 1000, -1e9, 1e9, NULL, "largest random cost"},
};

const struct fs_env_class fs_env_assign = {
    .name = "assign",
    .summary = "one-on-one task assignment instances (cost matrices; seed 004)",
    .params = assign_params,
    .n_params = sizeof assign_params / sizeof assign_params[0],
    .ops = NULL,
};
