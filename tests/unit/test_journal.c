/* tests/unit/test_journal.c - the result journal: round trip, torn tails at
 * every byte, corruption, garbage and missing files. */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobs/journal.h"

struct tmpdir {
    char dir[64];
    char path[128];
};

static void tmp_make(struct tmpdir *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/fs_test_journal_XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/r.h5.journal", t->dir);
}

static void tmp_remove(struct tmpdir *t)
{
    unlink(t->path);
    rmdir(t->dir);
}

/* Result k: distinctive values in every field. */
static void make_result(struct fs_result *r, int k)
{
    fs_result_init(r, 1000u + (uint64_t)k);
    r->status = k % 2 ? FS_JOB_FAILED : FS_JOB_DONE;
    r->attempts = k + 1;
    r->wall_s = 0.25 * k + 0.125;
    r->finished_at = 1.7e9 + k;
    r->rank = k % 3;
    snprintf(r->host, sizeof r->host, "node%02d", k);
    if (r->status == FS_JOB_FAILED)
        snprintf(r->error, sizeof r->error, "timeout after %d s", 60 + k);
    assert_int_equal(fs_result_metric(r, "jfi", 0.5 + 0.01 * k, NULL), 0);
    assert_int_equal(fs_result_metric(r, "reward", -3.0 * k, NULL), 0);
    double pts[5];
    for (int i = 0; i < 5; i++)
        pts[i] = k * 10.0 + i;
    assert_int_equal(fs_result_curve(r, "return", pts, 3 + k % 3, NULL), 0);
}

static void assert_same_result(const struct fs_result *a, const struct fs_result *b)
{
    assert_true(a->job_id == b->job_id);
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->attempts, b->attempts);
    assert_memory_equal(&a->wall_s, &b->wall_s, sizeof a->wall_s);
    assert_memory_equal(&a->finished_at, &b->finished_at, sizeof a->finished_at);
    assert_int_equal(a->rank, b->rank);
    assert_string_equal(a->host, b->host);
    assert_string_equal(a->error, b->error);
    assert_int_equal(a->n_metrics, b->n_metrics);
    for (int i = 0; i < a->n_metrics; i++) {
        assert_string_equal(a->metrics[i].name, b->metrics[i].name);
        assert_memory_equal(&a->metrics[i].value, &b->metrics[i].value, sizeof(double));
    }
    assert_int_equal(a->n_curves, b->n_curves);
    for (int i = 0; i < a->n_curves; i++) {
        assert_string_equal(a->curves[i].name, b->curves[i].name);
        assert_int_equal(a->curves[i].n, b->curves[i].n);
        assert_memory_equal(a->curves[i].points, b->curves[i].points,
                            (size_t)a->curves[i].n * sizeof(double));
    }
}

struct collected {
    int n;
    struct fs_result r[8];
};

static int collect(const struct fs_result *r, void *ctx)
{
    struct collected *c = ctx;
    if (c->n < 8)
        fs_result_copy(&c->r[c->n], r);
    c->n++;
    return 0;
}

static void collected_clear(struct collected *c)
{
    for (int i = 0; i < c->n && i < 8; i++)
        fs_result_clear(&c->r[i]);
    c->n = 0;
}

/* Append results 0..n-1 to path; returns the file size after each record. */
static void write_records(const char *path, int n, long *ends)
{
    fs_journal *j = NULL;
    fs_err e = {0};
    assert_int_equal(fs_journal_open(path, &j, NULL, &e), 0);
    for (int k = 0; k < n; k++) {
        struct fs_result r;
        make_result(&r, k);
        assert_int_equal(fs_journal_append(j, &r, &e), 0);
        fs_result_clear(&r);
        FILE *f = fopen(path, "rb");
        fseek(f, 0, SEEK_END);
        ends[k] = ftell(f);
        fclose(f);
    }
    assert_int_equal(fs_journal_sync(j, &e), 0);
    assert_int_equal((int)fs_journal_appended(j), n);
    fs_journal_close(&j);
    assert_null(j);
}

static unsigned char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)*len + 1);
    assert_int_equal(fread(buf, 1, (size_t)*len, f), (size_t)*len);
    fclose(f);
    return buf;
}

static void spit(const char *path, const unsigned char *buf, long len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
}

static void test_crc32_check_value(void **state)
{
    (void)state;
    /* the standard check value of CRC-32/ISO-HDLC */
    assert_true(fs_journal_crc32(0, "123456789", 9) == 0xCBF43926u);
    assert_true(fs_journal_crc32(0, "", 0) == 0u);
    /* incremental == one shot */
    uint32_t c = fs_journal_crc32(0, "1234", 4);
    assert_true(fs_journal_crc32(c, "56789", 5) == 0xCBF43926u);
}

static void test_path_appends_suffix(void **state)
{
    (void)state;
    char *p = fs_journal_path("out/gne.h5");
    assert_string_equal(p, "out/gne.h5.journal");
    free(p);
}

static void test_round_trip(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    long ends[3];
    write_records(t.path, 3, ends);
    /* header 12 bytes + fs_result_encoded_size per record */
    struct fs_result r0;
    make_result(&r0, 0);
    assert_int_equal(ends[0], 12 + (long)fs_result_encoded_size(&r0));
    fs_result_clear(&r0);

    struct collected c = {0};
    struct fs_journal_stats st;
    fs_err e = {0};
    assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
    assert_int_equal(c.n, 3);
    assert_int_equal((int)st.records, 3);
    assert_int_equal((long)st.bytes_valid, ends[2]);
    assert_int_equal((int)st.bytes_skipped, 0);
    assert_int_equal(st.torn, 0);
    for (int k = 0; k < 3; k++) {
        struct fs_result want;
        make_result(&want, k);
        assert_same_result(&c.r[k], &want);
        fs_result_clear(&want);
    }
    collected_clear(&c);

    /* reopening appends after the existing records */
    fs_journal *j = NULL;
    assert_int_equal(fs_journal_open(t.path, &j, &st, &e), 0);
    assert_int_equal((int)st.records, 3);
    struct fs_result r;
    make_result(&r, 5);
    assert_int_equal(fs_journal_append(j, &r, &e), 0);
    fs_journal_close(&j);
    assert_int_equal(fs_journal_replay(t.path, collect, &c, NULL, &e), 0);
    assert_int_equal(c.n, 4);
    assert_same_result(&c.r[3], &r);
    fs_result_clear(&r);
    collected_clear(&c);
    tmp_remove(&t);
}

static void test_torn_tail_at_every_byte(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    long ends[3], len;
    write_records(t.path, 3, ends);
    unsigned char *all = slurp(t.path, &len);
    assert_int_equal(len, ends[2]);
    for (long cut = ends[1]; cut < ends[2]; cut++) {
        spit(t.path, all, cut);
        struct collected c = {0};
        struct fs_journal_stats st;
        fs_err e = {0};
        assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
        assert_int_equal(c.n, 2);
        assert_int_equal((long)st.bytes_valid, ends[1]);
        assert_int_equal((long)st.bytes_skipped, cut - ends[1]);
        assert_int_equal(st.torn, cut > ends[1]);
        collected_clear(&c);
    }
    free(all);
    tmp_remove(&t);
}

static void test_open_cuts_torn_tail(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    long ends[2], len;
    write_records(t.path, 2, ends);
    unsigned char *all = slurp(t.path, &len);
    spit(t.path, all, ends[1] - 7); /* record 1 torn */
    free(all);
    fs_journal *j = NULL;
    struct fs_journal_stats st;
    fs_err e = {0};
    assert_int_equal(fs_journal_open(t.path, &j, &st, &e), 0);
    assert_int_equal(st.torn, 1);
    assert_int_equal((long)st.bytes_skipped, ends[1] - 7 - ends[0]);
    struct fs_result r;
    make_result(&r, 4);
    assert_int_equal(fs_journal_append(j, &r, &e), 0);
    fs_journal_close(&j);
    struct collected c = {0};
    assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
    assert_int_equal(c.n, 2); /* record 0 and the new one */
    assert_int_equal(st.torn, 0);
    assert_true(c.r[1].job_id == r.job_id);
    fs_result_clear(&r);
    collected_clear(&c);
    tmp_remove(&t);
}

static void test_flipped_byte_is_detected(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    long ends[3], len;
    write_records(t.path, 3, ends);
    unsigned char *all = slurp(t.path, &len);
    struct {
        long offset;
        const char *why;
    } cases[] = {
        {ends[0] + 12 + 30, "CRC mismatch"},      /* record 1 payload */
        {ends[0] + 1, "bad record magic"},        /* record 1 magic */
        {ends[0] + 8, "CRC mismatch"},            /* record 1 stored CRC */
        {len - 1, "CRC mismatch"},                /* last byte of record 2 */
    };
    int want_records[] = {1, 1, 1, 2};
    for (int i = 0; i < 4; i++) {
        all[cases[i].offset] ^= 0x10;
        spit(t.path, all, len);
        all[cases[i].offset] ^= 0x10;
        struct collected c = {0};
        struct fs_journal_stats st;
        fs_err e = {0};
        assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
        assert_int_equal(c.n, want_records[i]);
        assert_int_equal(st.torn, 1);
        assert_string_equal(st.why, cases[i].why);
        assert_int_equal((long)(st.bytes_valid + st.bytes_skipped), len);
        collected_clear(&c);
    }
    free(all);
    tmp_remove(&t);
}

static void test_garbage_is_an_empty_journal(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    unsigned char buf[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1664525u + 1013904223u;   /* Numerical Recipes LCG */
        buf[i] = (unsigned char)(x >> 24);
    }
    spit(t.path, buf, (long)sizeof buf);
    struct collected c = {0};
    struct fs_journal_stats st;
    fs_err e = {0};
    assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal((int)st.bytes_skipped, (int)sizeof buf);

    /* a valid magic with an absurd length, and one with a huge but
     * plausible length running past the end */
    unsigned char head[12] = {0x46, 0x53, 0x4a, 0x31, 0xff, 0xff, 0xff, 0xff};
    spit(t.path, head, 12);
    assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
    assert_string_equal(st.why, "implausible record length");
    head[7] = 0x00; /* 16 MiB - 1 */
    head[6] = 0xff;
    spit(t.path, head, 12);
    assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
    assert_string_equal(st.why, "torn record payload");
    /* a valid CRC over a payload that is not a result record */
    unsigned char rec[12 + 16] = {0x46, 0x53, 0x4a, 0x31, 16};
    memset(rec + 12, 0xab, 16);
    uint32_t crc = fs_journal_crc32(0, rec + 12, 16);
    for (int i = 0; i < 4; i++)
        rec[8 + i] = (unsigned char)(crc >> (8 * i));
    spit(t.path, rec, (long)sizeof rec);
    assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
    assert_string_equal(st.why, "undecodable record");
    assert_int_equal(c.n, 0);
    assert_int_equal(e.status, 0);
    tmp_remove(&t);
}

static void test_missing_file_is_empty(void **state)
{
    (void)state;
    struct collected c = {0};
    struct fs_journal_stats st;
    fs_err e = {0};
    assert_int_equal(fs_journal_replay("/tmp/fs_no_such_dir/x.journal", collect,
                                       &c, &st, &e), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal((int)st.records, 0);
    assert_int_equal(st.torn, 0);
    assert_int_equal(fs_journal_truncate("/tmp/fs_no_such_dir/x.journal", &e), 0);
    /* but a journal that cannot be created is an I/O error */
    fs_journal *j = NULL;
    assert_int_equal(fs_journal_open("/tmp/fs_no_such_dir/x.journal", &j, NULL, &e),
                     FS_EIO);
    assert_null(j);
}

static int stop_at_second(const struct fs_result *r, void *ctx)
{
    (void)r;
    int *n = ctx;
    return ++*n == 2 ? FS_EINTERRUPTED : 0;
}

static void test_callback_stops_replay_and_truncate_or_reset_empties(void **state)
{
    (void)state;
    struct tmpdir t;
    tmp_make(&t);
    long ends[3];
    write_records(t.path, 3, ends);
    int n = 0;
    fs_err e = {0};
    assert_int_equal(fs_journal_replay(t.path, stop_at_second, &n, NULL, &e),
                     FS_EINTERRUPTED);
    assert_int_equal(n, 2);
    assert_int_equal(fs_journal_truncate(t.path, &e), 0);
    struct fs_journal_stats st;
    n = 0;
    assert_int_equal(fs_journal_replay(t.path, stop_at_second, &n, &st, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal((int)st.bytes_valid, 0);
    fs_journal_close(NULL);

    /* reset through an open handle; appends then start at offset 0 */
    fs_journal *j = NULL;
    write_records(t.path, 2, ends);
    assert_int_equal(fs_journal_open(t.path, &j, NULL, &e), 0);
    assert_int_equal(fs_journal_reset(j, &e), 0);
    struct fs_result r;
    make_result(&r, 3);
    assert_int_equal(fs_journal_append(j, &r, &e), 0);
    fs_journal_close(&j);
    struct collected c = {0};
    assert_int_equal(fs_journal_replay(t.path, collect, &c, &st, &e), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal((long)st.bytes_valid, 12 + (long)fs_result_encoded_size(&r));
    assert_true(c.r[0].job_id == r.job_id);
    fs_result_clear(&r);
    collected_clear(&c);
    tmp_remove(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_check_value),
        cmocka_unit_test(test_path_appends_suffix),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_torn_tail_at_every_byte),
        cmocka_unit_test(test_open_cuts_torn_tail),
        cmocka_unit_test(test_flipped_byte_is_detected),
        cmocka_unit_test(test_garbage_is_an_empty_journal),
        cmocka_unit_test(test_missing_file_is_empty),
        cmocka_unit_test(test_callback_stops_replay_and_truncate_or_reset_empties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
