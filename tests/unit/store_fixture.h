/* tests/unit/store_fixture.h - an in-memory result store for tests of the
 * analysis code: the fs_store_data that fs_store_open_read would return for
 * a store written from these jobs and results, built without HDF5 or MPI
 * (so the tests stay fast and free of Open MPI's leak reports under ASan).
 * The write/read round trip itself is tested in test_store.c. */
#ifndef FS_TESTS_STORE_FIXTURE_H
#define FS_TESTS_STORE_FIXTURE_H

#include <stddef.h>

#include "jobs/store.h"

/* Row i is jobs[i] with result res[i] (NULL: pending). Metric and curve
 * names are the sorted union; a curve matrix is as wide as its longest
 * curve, NaN-padded. settings and sweep_name are copied. Release with
 * fs_store_data_destroy. */
fs_store_data *fs_test_store_build(const struct fs_job *jobs, size_t n_jobs,
                                   const struct fs_result *const *res,
                                   const char *settings,
                                   const char *sweep_name);

#endif /* FS_TESTS_STORE_FIXTURE_H */
