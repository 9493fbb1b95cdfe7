/* jobs/journal.c - append-only, CRC-checked result journal. See journal.h. */
#include "jobs/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fs_journal {
    int fd;
    char *path;
    size_t appended;
};

/* ---- CRC-32, four bits at a time (a 16-entry table is enough) ---- */

uint32_t fs_journal_crc32(uint32_t crc, const void *data, size_t n)
{
    static const uint32_t nibble[16] = {
        0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu,
        0x76dc4190u, 0x6b6b51f4u, 0x4db26158u, 0x5005713cu,
        0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
        0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu};
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ nibble[crc & 15];
        crc = (crc >> 4) ^ nibble[crc & 15];
    }
    return ~crc;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

char *fs_journal_path(const char *store_path)
{
    size_t n = strlen(store_path);
    char *p = fs_xmalloc(n + sizeof ".journal");
    memcpy(p, store_path, n);
    memcpy(p + n, ".journal", sizeof ".journal");
    return p;
}

/* ---- replay ---- */

/* Read exactly n bytes; returns how many were read (short at EOF). */
static size_t read_full(FILE *f, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        size_t k = fread(buf + got, 1, n - got, f);
        if (k == 0)
            break;
        got += k;
    }
    return got;
}

static void mark_tail(struct fs_journal_stats *st, const char *why)
{
    st->torn = 1;
    snprintf(st->why, sizeof st->why, "%s", why);
}

/* Validate and deliver records from f; fills st. Returns fn's status or
 * FS_EIO on a read error; garbage only ends the scan. */
static int scan(FILE *f, const char *path, fs_journal_fn fn, void *ctx,
                struct fs_journal_stats *st, fs_err *e)
{
    unsigned char head[FS_JOURNAL_HEADER];
    unsigned char *buf = NULL;
    size_t cap = 0;
    int rc = FS_OK;
    for (;;) {
        size_t got = read_full(f, head, sizeof head);
        if (got == 0)
            break;
        if (got < sizeof head) {
            mark_tail(st, "torn record header");
            break;
        }
        uint32_t magic = get_u32(head), len = get_u32(head + 4),
                 crc = get_u32(head + 8);
        if (magic != FS_JOURNAL_MAGIC) {
            mark_tail(st, "bad record magic");
            break;
        }
        if (len == 0 || len > FS_JOURNAL_PAYLOAD_MAX) {
            mark_tail(st, "implausible record length");
            break;
        }
        if (len > cap) {
            cap = len;
            buf = fs_xrealloc(buf, cap);
        }
        if (read_full(f, buf, len) < len) {
            mark_tail(st, "torn record payload");
            break;
        }
        if (fs_journal_crc32(0, buf, len) != crc) {
            mark_tail(st, "CRC mismatch");
            break;
        }
        struct fs_result r;
        size_t used = 0;
        if (fs_result_decode(buf, len, &r, &used, NULL) != FS_OK || used != len) {
            fs_result_clear(&r); /* no-op when decode already cleared it */
            mark_tail(st, "undecodable record");
            break;
        }
        st->records++;
        st->bytes_valid += FS_JOURNAL_HEADER + (size_t)len;
        rc = fn ? fn(&r, ctx) : FS_OK;
        fs_result_clear(&r);
        if (rc != FS_OK)
            break;
    }
    free(buf);
    if (rc == FS_OK && ferror(f))
        rc = fs_err_set(e, FS_EIO, "%s: read error", path);
    return rc;
}

int fs_journal_replay(const char *path, fs_journal_fn fn, void *ctx,
                      struct fs_journal_stats *stats, fs_err *e)
{
    struct fs_journal_stats st;
    memset(&st, 0, sizeof st);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (stats)
            *stats = st;
        if (errno == ENOENT)
            return FS_OK;
        return fs_err_set(e, FS_EIO, "%s: cannot open journal: %s", path,
                          strerror(errno));
    }
    int rc = scan(f, path, fn, ctx, &st, e);
    if (rc == FS_OK && st.torn) {
        struct stat sb;
        if (fstat(fileno(f), &sb) == 0 && (size_t)sb.st_size > st.bytes_valid)
            st.bytes_skipped = (size_t)sb.st_size - st.bytes_valid;
    }
    fclose(f);
    if (stats)
        *stats = st;
    return rc;
}

/* ---- writing ---- */

static int write_full(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* fsync the directory holding path, so a new file's name is durable. */
static int fsync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = fs_xstrdup(slash ? path : ".");
    if (slash)
        dir[slash == path ? 1 : (size_t)(slash - path)] = '\0';
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    int rc = fd >= 0 && (fsync(fd) == 0 || errno == EINVAL || errno == EROFS) ? 0 : -1;
    if (fd >= 0)
        close(fd);
    free(dir);
    return rc;
}

int fs_journal_open(const char *path, fs_journal **out,
                    struct fs_journal_stats *stats, fs_err *e)
{
    *out = NULL;
    struct stat sb;
    int existed = stat(path, &sb) == 0;
    struct fs_journal_stats st;
    int rc = fs_journal_replay(path, NULL, NULL, &st, e);
    if (stats)
        *stats = st;
    if (rc != FS_OK)
        return rc;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return fs_err_set(e, FS_EIO, "%s: cannot open journal: %s", path,
                          strerror(errno));
    if (st.torn && (ftruncate(fd, (off_t)st.bytes_valid) != 0 || fsync(fd) != 0)) {
        int err = errno;
        close(fd);
        return fs_err_set(e, FS_EIO, "%s: cannot cut the torn tail: %s", path,
                          strerror(err));
    }
    if (!existed && fsync_parent(path) != 0) {
        int err = errno;
        close(fd);
        return fs_err_set(e, FS_EIO, "%s: cannot make the new journal durable: %s",
                          path, strerror(err));
    }
    fs_journal *j = fs_xcalloc(1, sizeof *j);
    j->fd = fd;
    j->path = fs_xstrdup(path);
    *out = j;
    return FS_OK;
}

int fs_journal_append(fs_journal *j, const struct fs_result *r, fs_err *e)
{
    size_t len = fs_result_encoded_size(r);
    if (len > FS_JOURNAL_PAYLOAD_MAX)
        return fs_err_set(e, FS_EINTERNAL,
                          "result of job %016llx too large for the journal (%zu bytes)",
                          (unsigned long long)r->job_id, len);
    unsigned char *rec = fs_xmalloc(FS_JOURNAL_HEADER + len);
    size_t used = fs_result_encode(r, rec + FS_JOURNAL_HEADER);
    put_u32(rec, FS_JOURNAL_MAGIC);
    put_u32(rec + 4, (uint32_t)used);
    put_u32(rec + 8, fs_journal_crc32(0, rec + FS_JOURNAL_HEADER, used));
    struct stat sb;
    int have_size = fstat(j->fd, &sb) == 0;
    int rc = FS_OK;
    if (write_full(j->fd, rec, FS_JOURNAL_HEADER + used) != 0) {
        rc = fs_err_set(e, FS_EIO, "%s: cannot append: %s", j->path,
                        strerror(errno));
        if (have_size && ftruncate(j->fd, sb.st_size) != 0) {
            /* the torn tail stays; replay and the next open cut it */
        }
    } else {
        j->appended++;
    }
    free(rec);
    return rc;
}

int fs_journal_sync(fs_journal *j, fs_err *e)
{
    if (fsync(j->fd) != 0)
        return fs_err_set(e, FS_EIO, "%s: fsync failed: %s", j->path,
                          strerror(errno));
    return FS_OK;
}

int fs_journal_reset(fs_journal *j, fs_err *e)
{
    if (ftruncate(j->fd, 0) != 0 || fsync(j->fd) != 0)
        return fs_err_set(e, FS_EIO, "%s: cannot empty journal: %s", j->path,
                          strerror(errno));
    return FS_OK;
}

size_t fs_journal_appended(const fs_journal *j)
{
    return j->appended;
}

void fs_journal_close(fs_journal **j)
{
    if (j == NULL || *j == NULL)
        return;
    close((*j)->fd);
    free((*j)->path);
    free(*j);
    *j = NULL;
}

int fs_journal_truncate(const char *path, fs_err *e)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return FS_OK;
        return fs_err_set(e, FS_EIO, "%s: cannot open journal: %s", path,
                          strerror(errno));
    }
    int rc = FS_OK;
    if (ftruncate(fd, 0) != 0 || fsync(fd) != 0)
        rc = fs_err_set(e, FS_EIO, "%s: cannot truncate journal: %s", path,
                        strerror(errno));
    close(fd);
    return rc;
}
