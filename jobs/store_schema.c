/* jobs/store_schema.c - /jobs row layout, HDF5 types and small text helpers
 * of the store. See store_schema.h and store.h. */
#include "jobs/store_schema.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const fs_store_field_names[FS_STORE_N_FIELDS] = {
    "key", "id", "env", "algo", "params", "seed", "condition", "status",
    "attempts", "wall_s", "finished_at", "rank", "host", "error"};

hid_t fs_store_string_type(size_t size)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return t;
    if (H5Tset_size(t, size ? size : 1) < 0 ||
        H5Tset_strpad(t, H5T_STR_NULLTERM) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

static int insert_string(hid_t t, const char *name, size_t off, size_t size)
{
    hid_t s = fs_store_string_type(size);
    if (s < 0)
        return -1;
    int rc = H5Tinsert(t, name, off, s) < 0 ? -1 : 0;
    H5Tclose(s);
    return rc;
}

hid_t fs_store_rec_type(int packed)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(struct fs_store_rec));
    if (t < 0)
        return t;
    int bad = 0;
#define STR(f) bad |= insert_string(t, #f, offsetof(struct fs_store_rec, f), \
                                    sizeof(((struct fs_store_rec *)0)->f))
#define NUM(f, type) bad |= H5Tinsert(t, #f, offsetof(struct fs_store_rec, f), \
                                      type) < 0
    STR(key);
    NUM(id, H5T_NATIVE_UINT64);
    STR(env);
    STR(algo);
    STR(params);
    NUM(seed, H5T_NATIVE_INT64);
    NUM(condition, H5T_NATIVE_INT32);
    NUM(status, H5T_NATIVE_INT32);
    NUM(attempts, H5T_NATIVE_INT32);
    NUM(wall_s, H5T_NATIVE_DOUBLE);
    NUM(finished_at, H5T_NATIVE_DOUBLE);
    NUM(rank, H5T_NATIVE_INT32);
    STR(host);
    STR(error);
#undef STR
#undef NUM
    if (!bad && packed)
        bad = H5Tpack(t) < 0;
    if (bad) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    /* dst was zeroed, so rows are byte-for-byte reproducible */
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void fs_store_rec_fill(struct fs_store_rec *rec, const struct fs_job *job,
                       const struct fs_result *r)
{
    memset(rec, 0, sizeof *rec);
    copy_text(rec->key, sizeof rec->key, job->key);
    rec->id = job->id;
    copy_text(rec->env, sizeof rec->env, job->env);
    copy_text(rec->algo, sizeof rec->algo, job->algo);
    fs_store_params_text(job, rec->params);
    rec->seed = job->seed;
    rec->condition = job->condition;
    rec->status = FS_JOB_PENDING;
    if (r == NULL)
        return;
    rec->status = r->status;
    rec->attempts = r->attempts;
    rec->wall_s = r->wall_s;
    rec->finished_at = r->finished_at;
    rec->rank = r->rank;
    copy_text(rec->host, sizeof rec->host, r->host);
    copy_text(rec->error, sizeof rec->error, r->error);
}

void fs_store_params_text(const struct fs_job *job,
                          char buf[FS_STORE_PARAMS_MAX])
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < job->n_params; i++) {
        const struct fs_param *p = &job->params[i];
        char num[32];
        if (!p->is_text)
            fs_job_format_number(p->num, num);
        int n = snprintf(buf + len, FS_STORE_PARAMS_MAX - len, "%s%s=%s",
                         len ? " " : "", p->name, p->is_text ? p->text : num);
        if (n < 0 || (size_t)n >= FS_STORE_PARAMS_MAX - len) {
            buf[len] = '\0'; /* keep whole "name=value" items only */
            return;
        }
        len += (size_t)n;
    }
}

/* 1 when the space-separated list ids holds the word id. */
static int has_word(const char *ids, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = ids; *p;) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, id, n) == 0)
            return 1;
        p += w;
    }
    return 0;
}

char *fs_store_slurm_ids_add(const char *ids, const char *id)
{
    if (ids == NULL)
        ids = "";
    if (id == NULL || id[0] == '\0' || has_word(ids, id))
        return fs_xstrdup(ids);
    size_t a = strlen(ids), b = strlen(id);
    char *out = fs_xmalloc(a + b + 2);
    memcpy(out, ids, a);
    size_t k = a;
    if (a)
        out[k++] = ' ';
    memcpy(out + k, id, b + 1);
    return out;
}

void fs_store_quiet_begin(struct fs_store_quiet *q)
{
    q->func = NULL;
    q->data = NULL;
    H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void fs_store_quiet_end(const struct fs_store_quiet *q)
{
    H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}
