/* jobs/store_schema.h - internal to the store: the in-memory layout of one
 * row of the /jobs table and its HDF5 compound types, shared by the write
 * (store.c) and read (store_read.c) paths. Not a public interface.
 */
#ifndef FS_JOBS_STORE_SCHEMA_H
#define FS_JOBS_STORE_SCHEMA_H

#include <hdf5.h>
#include <stdint.h>

#include "jobs/job.h"
#include "jobs/store.h"

/* One /jobs row. Strings are NUL-terminated within their fixed size. */
struct fs_store_rec {
    char key[FS_KEY_MAX];
    uint64_t id;
    char env[FS_NAME_MAX];
    char algo[FS_NAME_MAX];
    char params[FS_STORE_PARAMS_MAX];
    int64_t seed;
    int32_t condition;
    int32_t status;
    int32_t attempts;
    double wall_s;
    double finished_at;
    int32_t rank;
    char host[FS_HOST_MAX];
    char error[FS_ERROR_MAX];
};

/* Names of the jobs-table fields, in schema order (FS_STORE_N_FIELDS). */
enum { FS_STORE_N_FIELDS = 14 };
extern const char *const fs_store_field_names[FS_STORE_N_FIELDS];

/* The compound type of struct fs_store_rec (memory layout, native types);
 * with packed != 0 the same fields without padding, for the file. Caller
 * closes it with H5Tclose. Returns a negative hid_t on HDF5 failure. */
hid_t fs_store_rec_type(int packed);

/* A fixed-length, NUL-terminated C string type of size bytes (>= 1). */
hid_t fs_store_string_type(size_t size);

/* Fill a row from a job and its result (r NULL: pending, zero fields). */
void fs_store_rec_fill(struct fs_store_rec *rec, const struct fs_job *job,
                       const struct fs_result *r);

/* Silence HDF5's automatic error-stack printing (errors become fs_err
 * messages instead) and put the previous handler back afterwards. */
struct fs_store_quiet {
    H5E_auto2_t func;
    void *data;
};
void fs_store_quiet_begin(struct fs_store_quiet *q);
void fs_store_quiet_end(const struct fs_store_quiet *q);

#ifndef FS_VERSION
#define FS_VERSION "unknown"
#endif

#endif /* FS_JOBS_STORE_SCHEMA_H */
