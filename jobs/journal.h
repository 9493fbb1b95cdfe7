/* jobs/journal.h - the append-only result journal next to the store.
 *
 * The master appends every finished result here before it is consolidated
 * into the HDF5 store, so a kill at any instant loses only jobs in flight.
 * The file is `<store>.journal`, a plain sequence of records:
 *
 *     [u32 magic "FSJ1"][u32 payload length][u32 CRC-32 of payload][payload]
 *
 * all little-endian; the payload is fs_result_encode() bytes. Replay reads
 * records until the first one that is torn (short tail), has a bad magic, an
 * implausible length, a CRC mismatch or a payload that does not decode, and
 * reports what it skipped. Deduplication by job id is the reader's job (see
 * fs_store_results in jobs/store.h for the merge rule).
 *
 * Single writer: only one process appends to a journal at a time.
 */
#ifndef FS_JOBS_JOURNAL_H
#define FS_JOBS_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "jobs/job.h"

enum {
    FS_JOURNAL_MAGIC = 0x314a5346u,          /* "FSJ1" little-endian */
    FS_JOURNAL_HEADER = 12,                  /* bytes before the payload */
    FS_JOURNAL_PAYLOAD_MAX = 16 * 1024 * 1024
};

typedef struct fs_journal fs_journal;

/* What a replay (or an open, which scans first) found. */
struct fs_journal_stats {
    size_t records;        /* valid records delivered */
    size_t bytes_valid;    /* length of the valid prefix */
    size_t bytes_skipped;  /* bytes after it (torn or corrupt tail) */
    int torn;              /* 1 when bytes_skipped > 0 */
    char why[96];          /* why the tail was rejected ("" when clean) */
};

/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) of n bytes, continuing
 * from crc (pass 0 to start). crc32("123456789") = 0xCBF43926. */
uint32_t fs_journal_crc32(uint32_t crc, const void *data, size_t n);

/* The journal path for a store: "<store_path>.journal". Caller frees. */
char *fs_journal_path(const char *store_path);

/* Open the journal at path for appending, creating it (mode 0644, and
 * fsync'ing its directory) if absent.
 * A torn or corrupt tail left by a crash is cut off (ftruncate to the valid
 * prefix) so that new records stay reachable by replay; stats (may be NULL)
 * tells what was cut. *out is a new handle owned by the caller (close with
 * fs_journal_close). Errors: FS_EIO. Not collective. */
int fs_journal_open(const char *path, fs_journal **out,
                    struct fs_journal_stats *stats, fs_err *e);

/* Append one record with a single write(2) (O_APPEND). Not durable until
 * fs_journal_sync. Errors: FS_EIO (the file is then cut back to its previous
 * length when possible), FS_EINTERNAL if r encodes to more than
 * FS_JOURNAL_PAYLOAD_MAX bytes. */
int fs_journal_append(fs_journal *j, const struct fs_result *r, fs_err *e);

/* fsync the journal: every appended record is durable on return. FS_EIO. */
int fs_journal_sync(fs_journal *j, fs_err *e);

/* Records appended through this handle since it was opened. */
size_t fs_journal_appended(const fs_journal *j);

/* Close (without an extra fsync); accepts NULL and sets *j to NULL. */
void fs_journal_close(fs_journal **j);

/* Called once per valid record, in file order. r is only valid during the
 * call (copy it with fs_result_copy to keep it). Return 0 to go on or a
 * negative fs_status to stop the replay, which then returns that status. */
typedef int (*fs_journal_fn)(const struct fs_result *r, void *ctx);

/* Read every valid record of the journal at path and pass it to fn (NULL:
 * only validate and count). A
 * missing journal is an empty one. Stops quietly at the first torn or
 * corrupt record (stats tells; stats may be NULL); never fails on garbage.
 * Errors: FS_EIO (cannot open or read an existing file), or fn's status. */
int fs_journal_replay(const char *path, fs_journal_fn fn, void *ctx,
                      struct fs_journal_stats *stats, fs_err *e);

/* Empty the journal through its handle (after its records were
 * consolidated into the store) and fsync it; later appends start at offset
 * 0 (O_APPEND). Errors: FS_EIO. */
int fs_journal_reset(fs_journal *j, fs_err *e);

/* Empty the journal at path and fsync it; a missing journal is fine. A
 * writer's open handle stays valid (it appends with O_APPEND). Errors:
 * FS_EIO. */
int fs_journal_truncate(const char *path, fs_err *e);

#endif /* FS_JOBS_JOURNAL_H */
