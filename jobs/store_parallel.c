/* jobs/store_parallel.c - collective building blocks of the store writer.
 * See store_parallel.h. */
#include "jobs/store_parallel.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jobs/store_schema.h"

enum { FS_STORE_MAX_BLOCKS = 64 }; /* hyperslab blocks per selection */

/* ---- agreement ---- */

int fs_store_agree(MPI_Comm comm, int rc, fs_err *e)
{
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    int first = rc != FS_OK ? rank : INT_MAX;
    MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, comm);
    if (first == INT_MAX)
        return FS_OK;
    fs_err pkt = {0};
    if (rank == first) {
        if (e && e->status != FS_OK)
            pkt = *e;
        else
            fs_err_set(&pkt, rc, "%s", fs_status_str(rc));
        if (pkt.status == FS_OK)
            pkt.status = rc;
    }
    MPI_Bcast(&pkt, (int)sizeof pkt, MPI_BYTE, first, comm);
    if (e && rank != first) {
        fs_err_clear(e);
        fs_err_set(e, pkt.status, "%s", pkt.msg);
    }
    return pkt.status;
}

int fs_store_same_jobs(MPI_Comm comm, const struct fs_job *jobs,
                       size_t n_jobs, fs_err *e)
{
    uint64_t sig[2] = {n_jobs, 0};
    for (size_t i = 0; i < n_jobs; i++)
        sig[1] += jobs[i].id * (2 * (uint64_t)i + 1);
    uint64_t lo[2], hi[2];
    MPI_Allreduce(sig, lo, 2, MPI_UINT64_T, MPI_MIN, comm);
    MPI_Allreduce(sig, hi, 2, MPI_UINT64_T, MPI_MAX, comm);
    if (lo[0] != hi[0] || lo[1] != hi[1])
        return fs_err_set(e, FS_EINTERNAL,
                          "store: ranks passed different job lists");
    return FS_OK;
}

/* ---- names ---- */

void fs_store_names_add(struct fs_store_names *s, const char *name, int n)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->items[i].name, name) == 0) {
            if (n > s->items[i].n)
                s->items[i].n = n;
            return;
        }
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->items = fs_xrealloc(s->items, s->cap * sizeof *s->items);
    }
    struct fs_store_name *it = &s->items[s->n++];
    memset(it, 0, sizeof *it);
    memcpy(it->name, name, strnlen(name, FS_NAME_MAX - 1));
    it->n = n;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const struct fs_store_name *)a)->name,
                  ((const struct fs_store_name *)b)->name);
}

static int bad_name(const char *s)
{
    return s[0] == '\0' || strchr(s, '/') != NULL || strcmp(s, ".") == 0 ||
           strcmp(s, "..") == 0;
}

int fs_store_names_union(MPI_Comm comm, struct fs_store_names *s, fs_err *e)
{
    int size = 1;
    MPI_Comm_size(comm, &size);
    int mine = (int)(s->n * sizeof *s->items);
    int *bytes = fs_xmalloc((size_t)size * sizeof *bytes);
    int *displs = fs_xmalloc((size_t)size * sizeof *displs);
    MPI_Allgather(&mine, 1, MPI_INT, bytes, 1, MPI_INT, comm);
    size_t total = 0;
    for (int r = 0; r < size; r++) {
        displs[r] = (int)total;
        total += (size_t)bytes[r];
    }
    size_t n_all = total / sizeof *s->items;
    struct fs_store_name *all = fs_xmalloc((n_all ? n_all : 1) * sizeof *all);
    int rc = MPI_Allgatherv(s->items ? (void *)s->items : (void *)all, mine,
                            MPI_BYTE, all, bytes, displs, MPI_BYTE, comm);
    free(bytes);
    free(displs);
    if (rc != MPI_SUCCESS) {
        free(all);
        return fs_err_set(e, FS_EMPI, "store: MPI_Allgatherv of names failed");
    }
    qsort(all, n_all, sizeof *all, cmp_name);
    size_t k = 0;
    for (size_t i = 0; i < n_all; i++) {
        all[i].name[FS_NAME_MAX - 1] = '\0';
        if (k > 0 && strcmp(all[k - 1].name, all[i].name) == 0) {
            if (all[i].n > all[k - 1].n)
                all[k - 1].n = all[i].n;
        } else {
            all[k++] = all[i];
        }
    }
    free(s->items);
    s->items = all;
    s->n = s->cap = k;
    for (size_t i = 0; i < k; i++)
        if (bad_name(all[i].name))
            return fs_err_set(e, FS_EINTERNAL,
                              "store: '%s' cannot name a metric or curve dataset",
                              all[i].name);
    return FS_OK;
}

/* ---- batches and row writes ---- */

size_t fs_store_batch_rows(size_t row_bytes)
{
    size_t target = (size_t)4 << 20;
    size_t n = row_bytes ? target / row_bytes : target;
    return n ? n : 1;
}

size_t fs_store_batches(MPI_Comm comm, size_t n, size_t batch)
{
    unsigned long long mine = (n + batch - 1) / batch, most = 0;
    MPI_Allreduce(&mine, &most, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, comm);
    return (size_t)most;
}

/* Select the k rows of idx in file space fs (width 0: elements). */
static herr_t select_rows(hid_t fs, size_t width, const size_t *idx, size_t k)
{
    if (k == 0)
        return H5Sselect_none(fs);
    if (width == 0) {
        hsize_t *coord = fs_xmalloc(k * sizeof *coord);
        for (size_t i = 0; i < k; i++)
            coord[i] = idx[i];
        herr_t st = H5Sselect_elements(fs, H5S_SELECT_SET, k, coord);
        free(coord);
        return st;
    }
    /* consecutive indices become one block; many scattered blocks would make
     * HDF5 1.10's hyperslab union quadratic, so they become points instead */
    size_t runs = 1;
    for (size_t i = 1; i < k; i++)
        runs += idx[i] != idx[i - 1] + 1;
    if (runs > FS_STORE_MAX_BLOCKS) {
        size_t n = k * width;
        hsize_t *coord = fs_xmalloc(2 * n * sizeof *coord);
        for (size_t i = 0, p = 0; i < k; i++)
            for (size_t c = 0; c < width; c++, p++) {
                coord[2 * p] = idx[i];
                coord[2 * p + 1] = c;
            }
        herr_t st = H5Sselect_elements(fs, H5S_SELECT_SET, n, coord);
        free(coord);
        return st;
    }
    herr_t st = H5Sselect_none(fs);
    for (size_t i = 0; i < k && st >= 0;) {
        size_t j = i + 1;
        while (j < k && idx[j] == idx[j - 1] + 1)
            j++;
        hsize_t start[2] = {idx[i], 0}, count[2] = {j - i, width};
        st = H5Sselect_hyperslab(fs, H5S_SELECT_OR, start, NULL, count, NULL);
        i = j;
    }
    return st;
}

int fs_store_write_rows(hid_t d, hid_t memtype, hid_t dxpl, size_t width,
                        const size_t *idx, size_t k, const void *buf)
{
    static const double dummy = 0;
    hid_t fs = H5Dget_space(d);
    hsize_t n_mem = k ? (hsize_t)k * (width ? width : 1) : 1;
    hid_t ms = H5Screate_simple(1, &n_mem, NULL);
    int rc = -1;
    if (fs >= 0 && ms >= 0 && select_rows(fs, width, idx, k) >= 0 &&
        (k > 0 || H5Sselect_none(ms) >= 0))
        rc = H5Dwrite(d, memtype, ms, fs, dxpl, k ? buf : &dummy) < 0 ? -1 : 0;
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return rc;
}

/* ---- creation ---- */

/* Broadcast rank 0's string; *out is a new string. */
static void bcast_string(MPI_Comm comm, const char *s, char **out)
{
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    unsigned long long n = rank == 0 ? strlen(s ? s : "") : 0;
    MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, comm);
    char *buf = fs_xmalloc((size_t)n + 1);
    if (rank == 0)
        memcpy(buf, s ? s : "", (size_t)n + 1);
    if (n > 0)
        MPI_Bcast(buf, (int)n, MPI_CHAR, 0, comm);
    buf[n] = '\0';
    *out = buf;
}

static int attr_string(hid_t loc, const char *name, const char *value)
{
    hid_t t = fs_store_string_type(strlen(value) + 1);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = (t < 0 || sp < 0) ? -1
                                : H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    int rc = (a < 0 || H5Awrite(a, t, value) < 0) ? -1 : 0;
    if (a >= 0)
        H5Aclose(a);
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
    return rc;
}

static int attr_scalar(hid_t loc, const char *name, hid_t ftype, hid_t mtype,
                       const void *value)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = sp < 0 ? -1 : H5Acreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT);
    int rc = (a < 0 || H5Awrite(a, mtype, value) < 0) ? -1 : 0;
    if (a >= 0)
        H5Aclose(a);
    if (sp >= 0)
        H5Sclose(sp);
    return rc;
}

static int write_attributes(MPI_Comm comm, hid_t file,
                            const struct fs_store_meta *meta)
{
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    char *text[4];
    bcast_string(comm, meta->config_text, &text[0]);
    bcast_string(comm, meta->settings, &text[1]);
    bcast_string(comm, meta->sweep_name, &text[2]);
    bcast_string(comm, meta->slurm_job_ids, &text[3]);
    uint64_t hash = meta->config_hash;
    double when = meta->updated_at;
    if (rank == 0 && !(when > 0)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        when = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
    }
    MPI_Bcast(&hash, 1, MPI_UINT64_T, 0, comm);
    MPI_Bcast(&when, 1, MPI_DOUBLE, 0, comm);
    int32_t version = FS_STORE_SCHEMA_VERSION;
    int bad = attr_scalar(file, "schema_version", H5T_STD_I32LE, H5T_NATIVE_INT32,
                          &version);
    bad |= attr_string(file, "fairsweep_version", FS_VERSION);
    bad |= attr_string(file, "config_text", text[0]);
    bad |= attr_scalar(file, "config_hash", H5T_STD_U64LE, H5T_NATIVE_UINT64, &hash);
    bad |= attr_string(file, "settings", text[1]);
    bad |= attr_string(file, "sweep_name", text[2]);
    bad |= attr_scalar(file, "updated_at", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &when);
    bad |= attr_string(file, "slurm_job_ids", text[3]);
    for (int i = 0; i < 4; i++)
        free(text[i]);
    return bad ? -1 : 0;
}

/* A contiguous dataset allocated at creation; NaN fill when nan_fill. */
static int create_dataset(hid_t loc, const char *name, hid_t type, int rank,
                          const hsize_t *dims, int nan_fill)
{
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    int bad = sp < 0 || dcpl < 0 || H5Pset_layout(dcpl, H5D_CONTIGUOUS) < 0 ||
              H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY) < 0;
    if (!bad && nan_fill) {
        double nan = NAN;
        bad = H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan) < 0 ||
              H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC) < 0;
    } else if (!bad) {
        bad = H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER) < 0;
    }
    hid_t d = bad ? -1 : H5Dcreate2(loc, name, type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d >= 0)
        H5Dclose(d);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (sp >= 0)
        H5Sclose(sp);
    return d < 0 ? -1 : 0;
}

static int create_values(hid_t file, const char *group,
                         const struct fs_store_names *names, size_t n_jobs,
                         int curves)
{
    hid_t g = H5Gcreate2(file, group, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int bad = g < 0;
    for (size_t i = 0; i < names->n && !bad; i++) {
        hsize_t dims[2] = {n_jobs, (hsize_t)names->items[i].n};
        bad = create_dataset(g, names->items[i].name, H5T_IEEE_F64LE,
                             curves ? 2 : 1, dims, 1) < 0;
    }
    if (g >= 0)
        H5Gclose(g);
    return bad ? -1 : 0;
}

static hid_t file_access(MPI_Comm comm)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0)
        return fapl;
    /* 1.8 format: dense storage for large attributes (config text), and no
     * superblock-v3 consistency flag that blocks reopening after a crash */
    if (H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL) < 0 ||
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18) < 0 ||
        H5Pset_file_locking(fapl, 0, 1) < 0 ||
        H5Pset_coll_metadata_write(fapl, 1) < 0) {
        H5Pclose(fapl);
        return -1;
    }
    return fapl;
}

int fs_store_create(MPI_Comm comm, const char *tmp,
                    const struct fs_store_meta *meta, size_t n_jobs,
                    const struct fs_store_names *metrics,
                    const struct fs_store_names *curves, hid_t *file,
                    fs_err *e)
{
    *file = -1;
    hid_t fapl = file_access(comm);
    hid_t f = fapl < 0 ? -1 : H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (fapl >= 0)
        H5Pclose(fapl);
    int rc = f < 0 ? fs_err_set(e, FS_EHDF5, "%s: cannot create the store file", tmp)
                   : FS_OK;
    rc = fs_store_agree(comm, rc, e);
    if (rc != FS_OK) {
        if (f >= 0)
            H5Fclose(f);
        return rc;
    }
    int bad = write_attributes(comm, f, meta) < 0;
    hid_t ftype = fs_store_rec_type(1);
    hsize_t dims = n_jobs;
    bad |= ftype < 0 || create_dataset(f, "jobs", ftype, 1, &dims, 0) < 0;
    if (ftype >= 0)
        H5Tclose(ftype);
    bad |= create_values(f, "metrics", metrics, n_jobs, 0) < 0;
    bad |= create_values(f, "curves", curves, n_jobs, 1) < 0;
    rc = bad ? fs_err_set(e, FS_EHDF5, "%s: cannot create attributes or datasets", tmp)
             : FS_OK;
    rc = fs_store_agree(comm, rc, e);
    if (rc != FS_OK) {
        H5Fclose(f);
        return rc;
    }
    *file = f;
    return FS_OK;
}

int fs_store_fsync_dir(const char *path, fs_err *e)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? fs_xstrdup(path) : fs_xstrdup(".");
    if (slash)
        dir[slash == path ? 1 : (size_t)(slash - path)] = '\0';
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    int rc = FS_OK;
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL && errno != EROFS))
        rc = fs_err_set(e, FS_EIO, "%s: cannot fsync directory: %s", dir,
                        strerror(errno));
    if (fd >= 0)
        close(fd);
    free(dir);
    return rc;
}
