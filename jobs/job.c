/* jobs/job.c - job keys, ids and result records. See job.h. */
#include "jobs/job.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t fs_job_hash(const char *key)
{
    uint64_t h = 0xcbf29ce484222325ULL;         /* FNV-1a offset basis */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;                  /* FNV prime */
    }
    /* splitmix64 finaliser spreads the bits of similar keys */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h ? h : 1;
}

void fs_job_format_number(double x, char buf[32])
{
    if (x == 0.0)
        x = 0.0; /* -0 prints as 0 */
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, 32, "%.0f", x); /* 200000, not 2e+05 */
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

static int cmp_param(const void *a, const void *b)
{
    return strcmp(((const struct fs_param *)a)->name,
                  ((const struct fs_param *)b)->name);
}

/* Append "name=value" (with a leading space) to key; 0 or -1 if full. */
static int key_append(char *key, size_t *len, const char *name, const char *value)
{
    int n = snprintf(key + *len, FS_KEY_MAX - *len, "%s%s=%s",
                     *len ? " " : "", name, value);
    if (n < 0 || (size_t)n >= FS_KEY_MAX - *len)
        return -1;
    *len += (size_t)n;
    return 0;
}

int fs_job_finish(struct fs_job *job, fs_err *e)
{
    qsort(job->params, (size_t)job->n_params, sizeof job->params[0], cmp_param);
    size_t len = 0;
    char num[32];
    job->key[0] = '\0';
    int bad = key_append(job->key, &len, "env", job->env) ||
              key_append(job->key, &len, "algo", job->algo);
    for (int i = 0; i < job->n_params && !bad; i++) {
        const struct fs_param *p = &job->params[i];
        if (!p->is_text)
            fs_job_format_number(p->num, num);
        bad = key_append(job->key, &len, p->name, p->is_text ? p->text : num);
    }
    snprintf(num, sizeof num, "%lld", (long long)job->seed);
    if (bad || key_append(job->key, &len, "seed", num))
        return fs_err_set(e, FS_ECONFIG,
                          "job key longer than %d characters (algo %s)",
                          FS_KEY_MAX - 1, job->algo);
    job->id = fs_job_hash(job->key);
    return FS_OK;
}

const struct fs_param *fs_job_param(const struct fs_job *job, const char *name)
{
    for (int i = 0; i < job->n_params; i++)
        if (strcmp(job->params[i].name, name) == 0)
            return &job->params[i];
    return NULL;
}

double fs_job_num(const struct fs_job *job, const char *name, double dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && !p->is_text ? p->num : dflt;
}

void fs_result_init(struct fs_result *r, uint64_t job_id)
{
    memset(r, 0, sizeof *r);
    r->job_id = job_id;
    r->attempts = 1;
}

static void copy_name(char dst[FS_NAME_MAX], const char *src)
{
    snprintf(dst, FS_NAME_MAX, "%s", src);
}

int fs_result_metric(struct fs_result *r, const char *name, double value,
                     fs_err *e)
{
    for (int i = 0; i < r->n_metrics; i++) {
        if (strcmp(r->metrics[i].name, name) == 0) {
            r->metrics[i].value = value;
            return FS_OK;
        }
    }
    if (r->n_metrics >= FS_METRICS_MAX || strlen(name) >= FS_NAME_MAX)
        return fs_err_set(e, FS_EINTERNAL,
                          "metric '%s': more than %d metrics or name too long",
                          name, FS_METRICS_MAX);
    copy_name(r->metrics[r->n_metrics].name, name);
    r->metrics[r->n_metrics].value = value;
    r->n_metrics++;
    return FS_OK;
}

int fs_result_curve(struct fs_result *r, const char *name, const double *pts,
                    int n, fs_err *e)
{
    if (r->n_curves >= FS_CURVES_MAX || n < 0 || n > FS_CURVE_POINTS_MAX ||
        strlen(name) >= FS_NAME_MAX)
        return fs_err_set(e, FS_EINTERNAL,
                          "curve '%s': too many curves, points (%d) or name too long",
                          name, n);
    struct fs_curve *c = &r->curves[r->n_curves++];
    copy_name(c->name, name);
    c->n = n;
    c->points = fs_xmalloc((size_t)n * sizeof *c->points);
    if (n > 0)
        memcpy(c->points, pts, (size_t)n * sizeof *pts);
    return FS_OK;
}

void fs_result_clear(struct fs_result *r)
{
    for (int i = 0; i < r->n_curves; i++)
        free(r->curves[i].points);
    uint64_t id = r->job_id;
    fs_result_init(r, id);
}

void fs_result_copy(struct fs_result *dst, const struct fs_result *src)
{
    *dst = *src;
    for (int i = 0; i < src->n_curves; i++) {
        size_t bytes = (size_t)src->curves[i].n * sizeof(double);
        dst->curves[i].points = fs_xmalloc(bytes);
        if (bytes)
            memcpy(dst->curves[i].points, src->curves[i].points, bytes);
    }
}

/* ---- serialisation: little-endian, fixed header then variable parts ---- */

enum { RESULT_MAGIC = 0x46535231u /* "FSR1" */ };

struct writer { unsigned char *p; };
struct reader { const unsigned char *p, *end; int bad; };

static void put_u64(struct writer *w, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        *w->p++ = (unsigned char)(v >> (8 * i));
}

static void put_f64(struct writer *w, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    put_u64(w, v);
}

static void put_text(struct writer *w, const char *s, size_t cap)
{
    size_t n = strnlen(s, cap - 1);
    put_u64(w, n);
    memcpy(w->p, s, n);
    w->p += n;
}

static uint64_t get_u64(struct reader *r)
{
    if (r->bad || r->end - r->p < 8) {
        r->bad = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return v;
}

static double get_f64(struct reader *r)
{
    uint64_t v = get_u64(r);
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

static void get_text(struct reader *r, char *dst, size_t cap)
{
    uint64_t n = get_u64(r);
    if (r->bad || n >= cap || (uint64_t)(r->end - r->p) < n) {
        r->bad = 1;
        dst[0] = '\0';
        return;
    }
    memcpy(dst, r->p, (size_t)n);
    dst[n] = '\0';
    r->p += n;
}

size_t fs_result_encoded_size(const struct fs_result *r)
{
    size_t n = 8 * 9;  /* magic, body size, id, status, attempts, wall, end, rank, counts */
    n += 8 + strnlen(r->host, FS_HOST_MAX - 1);
    n += 8 + strnlen(r->error, FS_ERROR_MAX - 1);
    for (int i = 0; i < r->n_metrics; i++)
        n += 8 + strnlen(r->metrics[i].name, FS_NAME_MAX - 1) + 8;
    for (int i = 0; i < r->n_curves; i++)
        n += 8 + strnlen(r->curves[i].name, FS_NAME_MAX - 1) + 8 +
             8 * (size_t)r->curves[i].n;
    return n;
}

size_t fs_result_encode(const struct fs_result *r, unsigned char *buf)
{
    struct writer w = {buf};
    size_t total = fs_result_encoded_size(r);
    put_u64(&w, RESULT_MAGIC);
    put_u64(&w, total);
    put_u64(&w, r->job_id);
    put_u64(&w, (uint64_t)(int64_t)r->status);
    put_u64(&w, (uint64_t)(int64_t)r->attempts);
    put_f64(&w, r->wall_s);
    put_f64(&w, r->finished_at);
    put_u64(&w, (uint64_t)(int64_t)r->rank);
    put_u64(&w, (uint64_t)r->n_metrics | (uint64_t)r->n_curves << 32);
    put_text(&w, r->host, FS_HOST_MAX);
    put_text(&w, r->error, FS_ERROR_MAX);
    for (int i = 0; i < r->n_metrics; i++) {
        put_text(&w, r->metrics[i].name, FS_NAME_MAX);
        put_f64(&w, r->metrics[i].value);
    }
    for (int i = 0; i < r->n_curves; i++) {
        put_text(&w, r->curves[i].name, FS_NAME_MAX);
        put_u64(&w, (uint64_t)r->curves[i].n);
        for (int k = 0; k < r->curves[i].n; k++)
            put_f64(&w, r->curves[i].points[k]);
    }
    return (size_t)(w.p - buf);
}

int fs_result_decode(const unsigned char *buf, size_t len,
                     struct fs_result *r, size_t *used, fs_err *e)
{
    struct reader rd = {buf, buf + len, 0};
    fs_result_init(r, 0);
    uint64_t magic = get_u64(&rd);
    uint64_t total = get_u64(&rd);
    if (rd.bad || magic != RESULT_MAGIC || total > len || total < 72)
        return fs_err_set(e, FS_EFORMAT, "malformed result record (%zu bytes)", len);
    rd.end = buf + total;
    r->job_id = get_u64(&rd);
    r->status = (int)(int64_t)get_u64(&rd);
    r->attempts = (int)(int64_t)get_u64(&rd);
    r->wall_s = get_f64(&rd);
    r->finished_at = get_f64(&rd);
    r->rank = (int)(int64_t)get_u64(&rd);
    uint64_t counts = get_u64(&rd);
    int n_metrics = (int)(counts & 0xffffffffu), n_curves = (int)(counts >> 32);
    if (n_metrics > FS_METRICS_MAX || n_curves > FS_CURVES_MAX)
        rd.bad = 1;
    get_text(&rd, r->host, FS_HOST_MAX);
    get_text(&rd, r->error, FS_ERROR_MAX);
    for (int i = 0; i < n_metrics && !rd.bad; i++) {
        get_text(&rd, r->metrics[i].name, FS_NAME_MAX);
        r->metrics[i].value = get_f64(&rd);
        r->n_metrics = i + 1;
    }
    for (int i = 0; i < n_curves && !rd.bad; i++) {
        struct fs_curve *c = &r->curves[i];
        get_text(&rd, c->name, FS_NAME_MAX);
        uint64_t n = get_u64(&rd);
        if (rd.bad || n > FS_CURVE_POINTS_MAX || (uint64_t)(rd.end - rd.p) < 8 * n) {
            rd.bad = 1;
            break;
        }
        c->n = (int)n;
        c->points = fs_xmalloc((size_t)n * sizeof *c->points);
        r->n_curves = i + 1;
        for (uint64_t k = 0; k < n; k++)
            c->points[k] = get_f64(&rd);
    }
    if (rd.bad || rd.p != rd.end) {
        fs_result_clear(r);
        return fs_err_set(e, FS_EFORMAT, "malformed result record (%zu bytes)", len);
    }
    *used = (size_t)total;
    return FS_OK;
}
