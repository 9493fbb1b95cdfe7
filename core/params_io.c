/* core/params_io.c - save and load a parameter arena. See params.h.
 *
 * File layout (host byte order, checked through the byte-order word):
 *   char     magic[8]  = "FSPARAMS"
 *   uint32   version   = 1
 *   uint32   byteorder = 0x01020304
 *   uint32   ntensors
 *   uint64   count                     total floats
 *   ntensors x { uint32 name_len; char name[name_len]; int32 rows; int32 cols }
 *   float    data[count]
 *   uint64   checksum                  FNV-1a 64 of the data bytes
 * and nothing after it.
 */
#include "core/params.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARAMS_MAGIC "FSPARAMS"
#define PARAMS_VERSION 1u
#define PARAMS_BYTEORDER 0x01020304u
#define PARAMS_MAX_NAME 4096u

static uint64_t fnv1a64(const void *buf, size_t n)
{
    const unsigned char *b = buf;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* ---- save -------------------------------------------------------------- */

static int write_all(FILE *f, const void *buf, size_t n)
{
    return n == 0 || fwrite(buf, 1, n, f) == n ? 0 : -1;
}

static int write_body(FILE *f, const fs_params *p)
{
    uint32_t version = PARAMS_VERSION, order = PARAMS_BYTEORDER;
    uint32_t nt = (uint32_t)fs_params_ntensors(p);
    uint64_t count = fs_params_count(p);
    if (write_all(f, PARAMS_MAGIC, 8) || write_all(f, &version, 4) ||
        write_all(f, &order, 4) || write_all(f, &nt, 4) ||
        write_all(f, &count, 8))
        return -1;
    for (uint32_t i = 0; i < nt; i++) {
        const fs_tensor *t = fs_params_tensor(p, i);
        uint32_t len = (uint32_t)strlen(t->name);
        int32_t rows = t->rows, cols = t->cols;
        if (write_all(f, &len, 4) || write_all(f, t->name, len) ||
            write_all(f, &rows, 4) || write_all(f, &cols, 4))
            return -1;
    }
    const float *data = fs_params_data_const(p);
    uint64_t sum = fnv1a64(data, count * sizeof *data);
    if (write_all(f, data, count * sizeof *data) || write_all(f, &sum, 8))
        return -1;
    return 0;
}

int fs_params_save(const fs_params *p, const char *path, fs_err *e)
{
    size_t len = strlen(path) + 8;
    char *tmp = fs_xmalloc(len);
    snprintf(tmp, len, "%s.tmp", path);
    int rc = FS_OK;
    FILE *f = fopen(tmp, "wb");
    if (f == NULL) {
        rc = fs_err_set(e, FS_EIO, "%s: cannot create: %s", tmp, strerror(errno));
        goto out;
    }
    int bad = write_body(f, p);
    int err = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad) {
        remove(tmp);
        rc = fs_err_set(e, FS_EIO, "%s: write failed: %s", tmp, strerror(err));
        goto out;
    }
    if (rename(tmp, path) != 0) {
        rc = fs_err_set(e, FS_EIO, "%s: cannot rename %s into place: %s", path,
                        tmp, strerror(errno));
        remove(tmp);
    }
out:
    free(tmp);
    return rc;
}

/* ---- load -------------------------------------------------------------- */

/* Read exactly n bytes of `what`; a short read is a truncated file. */
static int read_exact(FILE *f, void *buf, size_t n, const char *path,
                      const char *what, fs_err *e)
{
    if (n == 0 || fread(buf, 1, n, f) == n)
        return FS_OK;
    if (ferror(f))
        return fs_err_set(e, FS_EIO, "%s: read error in %s: %s", path, what,
                          strerror(errno));
    return fs_err_set(e, FS_EFORMAT, "%s: truncated parameter file (in %s)",
                      path, what);
}

static int read_header(FILE *f, const fs_params *p, const char *path,
                       fs_err *e)
{
    char magic[8];
    uint32_t version, order, nt;
    uint64_t count;
    int rc = read_exact(f, magic, 8, path, "magic", e);
    if (rc)
        return rc;
    if (memcmp(magic, PARAMS_MAGIC, 8) != 0)
        return fs_err_set(e, FS_EFORMAT, "%s: not a fairsweep parameter file "
                          "(bad magic)", path);
    if ((rc = read_exact(f, &version, 4, path, "header", e)) ||
        (rc = read_exact(f, &order, 4, path, "header", e)) ||
        (rc = read_exact(f, &nt, 4, path, "header", e)) ||
        (rc = read_exact(f, &count, 8, path, "header", e)))
        return rc;
    if (order != PARAMS_BYTEORDER)
        return fs_err_set(e, FS_EFORMAT, "%s: parameter file has foreign byte "
                          "order", path);
    if (version != PARAMS_VERSION)
        return fs_err_set(e, FS_EFORMAT, "%s: parameter file version %u, this "
                          "build reads version %u", path, (unsigned)version,
                          PARAMS_VERSION);
    if (nt != fs_params_ntensors(p) || count != fs_params_count(p))
        return fs_err_set(e, FS_ECONFLICT, "%s: file holds %u tensors / %llu "
                          "values, model has %zu / %zu", path, (unsigned)nt,
                          (unsigned long long)count, fs_params_ntensors(p),
                          fs_params_count(p));
    return FS_OK;
}

static int read_layout(FILE *f, const fs_params *p, const char *path,
                       fs_err *e)
{
    char name[PARAMS_MAX_NAME + 1];
    for (size_t i = 0; i < fs_params_ntensors(p); i++) {
        const fs_tensor *t = fs_params_tensor(p, i);
        uint32_t len;
        int32_t rows, cols;
        int rc = read_exact(f, &len, 4, path, "layout", e);
        if (rc)
            return rc;
        if (len > PARAMS_MAX_NAME)
            return fs_err_set(e, FS_EFORMAT, "%s: damaged layout (tensor %zu "
                              "name length %u)", path, i, (unsigned)len);
        if ((rc = read_exact(f, name, len, path, "layout", e)) ||
            (rc = read_exact(f, &rows, 4, path, "layout", e)) ||
            (rc = read_exact(f, &cols, 4, path, "layout", e)))
            return rc;
        name[len] = '\0';
        if (strcmp(name, t->name) != 0 || rows != t->rows || cols != t->cols)
            return fs_err_set(e, FS_ECONFLICT, "%s: tensor %zu is '%s' %dx%d "
                              "in the file but '%s' %dx%d in the model", path,
                              i, name, (int)rows, (int)cols, t->name, t->rows,
                              t->cols);
    }
    return FS_OK;
}

static int read_values(FILE *f, float *buf, size_t count, const char *path,
                       fs_err *e)
{
    uint64_t sum;
    int rc = read_exact(f, buf, count * sizeof *buf, path, "values", e);
    if (rc || (rc = read_exact(f, &sum, 8, path, "checksum", e)))
        return rc;
    if (fgetc(f) != EOF)
        return fs_err_set(e, FS_EFORMAT, "%s: trailing bytes after the "
                          "parameter values", path);
    if (sum != fnv1a64(buf, count * sizeof *buf))
        return fs_err_set(e, FS_EFORMAT, "%s: checksum mismatch: parameter "
                          "values are corrupted", path);
    return FS_OK;
}

int fs_params_load(fs_params *p, const char *path, fs_err *e)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return fs_err_set(e, FS_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    size_t count = fs_params_count(p);
    float *buf = fs_xmalloc(count ? count * sizeof *buf : 1);
    int rc = read_header(f, p, path, e);
    if (rc == FS_OK)
        rc = read_layout(f, p, path, e);
    if (rc == FS_OK)
        rc = read_values(f, buf, count, path, e);
    if (rc == FS_OK && count > 0)
        memcpy(fs_params_data(p), buf, count * sizeof *buf);
    free(buf);
    fclose(f);
    return rc;
}
