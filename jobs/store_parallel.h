/* jobs/store_parallel.h - internal to the store: the collective building
 * blocks of fs_store_write (agreement on errors and names, file and
 * dataset creation, batched collective row writes). Not a public interface.
 * Every function here is Collective over comm unless it says otherwise.
 */
#ifndef FS_JOBS_STORE_PARALLEL_H
#define FS_JOBS_STORE_PARALLEL_H

#include <hdf5.h>
#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "jobs/job.h"
#include "jobs/store.h"

/* A metric or curve name with a width (curve points; 0 for metrics). */
struct fs_store_name {
    char name[FS_NAME_MAX];
    int32_t n;
};

struct fs_store_names {
    size_t n, cap;
    struct fs_store_name *items;  /* owned; free(items) */
};

/* Add name (or raise its width to n). Not collective. */
void fs_store_names_add(struct fs_store_names *s, const char *name, int n);

/* Replace s by the union over all ranks, sorted by name, each with its
 * largest width; checks the names are usable as HDF5 dataset names.
 * Errors: FS_EINTERNAL (bad name), FS_EMPI. Same result on every rank. */
int fs_store_names_union(MPI_Comm comm, struct fs_store_names *s, fs_err *e);

/* Agree on a status: if any rank's rc is an error, every rank returns the
 * error of the lowest such rank, and e (may be NULL) gets its message. */
int fs_store_agree(MPI_Comm comm, int rc, fs_err *e);

/* FS_EINTERNAL (on every rank) unless every rank passed the same job ids. */
int fs_store_same_jobs(MPI_Comm comm, const struct fs_job *jobs,
                       size_t n_jobs, fs_err *e);

/* Rows per collective write so that a batch buffer stays near 4 MiB
 * (>= 1). Not collective. */
size_t fs_store_batch_rows(size_t row_bytes);

/* The number of batches every rank must take part in: the largest
 * ceil(n / batch) over all ranks. */
size_t fs_store_batches(MPI_Comm comm, size_t n, size_t batch);

/* Collective H5Dwrite of k rows (k may be 0: empty selection) of dataset d
 * at the given row indices. width 0: d is 1-D and buf holds k elements of
 * memtype; width > 0: d is [rows x width] and buf holds k*width elements.
 * Returns a negative value on HDF5 failure. Collective over d's file. */
int fs_store_write_rows(hid_t d, hid_t memtype, hid_t dxpl, size_t width,
                        const size_t *idx, size_t k, const void *buf);

/* Create the file at tmp with the MPI-IO driver on comm: root attributes
 * (rank 0's meta, broadcast), /jobs, /metrics/<name>, /curves/<name>,
 * all allocated at creation. *file is the open file (or -1 on failure,
 * agreed on every rank). Errors: FS_EHDF5. */
int fs_store_create(MPI_Comm comm, const char *tmp,
                    const struct fs_store_meta *meta, size_t n_jobs,
                    const struct fs_store_names *metrics,
                    const struct fs_store_names *curves, hid_t *file,
                    fs_err *e);

/* fsync the directory holding path. Not collective. Errors: FS_EIO. */
int fs_store_fsync_dir(const char *path, fs_err *e);

#endif /* FS_JOBS_STORE_PARALLEL_H */
