/* tests/unit/test_replay.c - transition and episode rings: overwrite order,
 * sampling only stored items, determinism, masks and filled lengths, and
 * uniform sampling (chi-square bounds at p = 1e-6, quantiles from GSL's
 * gsl_cdf_chisq_Qinv). */
#include "tests/unit/test_common.h"

#include <string.h>

#include "core/replay.h"

#define CHI2_1E6_DF5 35.89
#define CHI2_1E6_DF9 44.81
#define CHI2_1E6_DF14 54.64

/* Chi-square of counts against equal expected frequencies. */
static double chi_square_equal(const long *count, size_t k, long total)
{
    double want = (double)total / (double)k, chi = 0.0;
    for (size_t i = 0; i < k; i++)
        chi += ((double)count[i] - want) * ((double)count[i] - want) / want;
    return chi;
}

/* ---- transitions ------------------------------------------------------ */

/* Record of item id: {id, 10 id, -id}, so a torn or shifted copy shows. */
static void push_id(fs_transitions *tb, int id)
{
    const float rec[3] = {(float)id, 10.0f * (float)id, -(float)id};
    fs_transitions_push(tb, rec);
}

static int record_id(const float *rec)
{
    int id = (int)rec[0];
    assert_true(rec[1] == 10.0f * (float)id && rec[2] == -(float)id);
    return id;
}

static void test_transitions_create_errors(void **state)
{
    (void)state;
    fs_transitions *tb = (fs_transitions *)&tb; /* not NULL */
    fs_err e = {0};
    assert_int_equal(fs_transitions_create(&tb, 0, 3, &e), FS_ECONFIG);
    assert_null(tb);
    assert_true(strstr(e.msg, "capacity") != NULL);
    fs_err_clear(&e);
    assert_int_equal(fs_transitions_create(&tb, 4, 0, &e), FS_ECONFIG);
    fs_err_clear(&e);
    assert_int_equal(fs_transitions_create(&tb, SIZE_MAX / 2, 3, &e),
                     FS_ECONFIG);
    assert_true(strstr(e.msg, "overflow") != NULL);
    fs_transitions_destroy(&tb);
    fs_transitions_destroy(NULL);
}

static void test_transitions_ring_overwrites_oldest(void **state)
{
    (void)state;
    fs_transitions *tb = NULL;
    assert_int_equal(fs_transitions_create(&tb, 3, 3, NULL), FS_OK);
    assert_int_equal(fs_transitions_record_floats(tb), 3);
    push_id(tb, 0);
    push_id(tb, 1);
    assert_int_equal(fs_transitions_size(tb), 2);
    assert_int_equal(record_id(fs_transitions_get(tb, 0)), 0);
    assert_int_equal(record_id(fs_transitions_get(tb, 1)), 1);
    for (int id = 2; id < 5; id++)
        push_id(tb, id);
    /* Pushed 0..4 into 3 slots: 0 and 1 are gone, oldest first 2 3 4. */
    assert_int_equal(fs_transitions_size(tb), 3);
    assert_int_equal(fs_transitions_capacity(tb), 3);
    assert_int_equal(fs_transitions_pushed(tb), 5);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(record_id(fs_transitions_get(tb, i)), 2 + (int)i);
    fs_transitions_destroy(&tb);
    assert_null(tb);
}

static void test_transitions_sample_only_stored(void **state)
{
    (void)state;
    fs_transitions *tb = NULL;
    assert_int_equal(fs_transitions_create(&tb, 5, 3, NULL), FS_OK);
    for (int id = 0; id < 12; id++)
        push_id(tb, id);
    float out[200 * 3];
    fs_rng r;
    fs_rng_init(&r, 1, 2, FS_RNG_REPLAY);
    assert_int_equal(fs_transitions_sample(tb, &r, 200, out, NULL), FS_OK);
    int seen[12] = {0};
    for (int b = 0; b < 200; b++) {
        int id = record_id(out + b * 3);
        assert_true(id >= 7 && id <= 11); /* the five newest */
        seen[id] = 1;
    }
    for (int id = 7; id <= 11; id++)
        assert_true(seen[id]); /* P(miss one) = 5 * 0.8^200, negligible */
    fs_transitions_destroy(&tb);
}

static void test_transitions_sample_deterministic(void **state)
{
    (void)state;
    fs_transitions *tb = NULL;
    assert_int_equal(fs_transitions_create(&tb, 64, 3, NULL), FS_OK);
    for (int id = 0; id < 64; id++)
        push_id(tb, id);
    float a[32 * 3], b[32 * 3], c[32 * 3];
    fs_rng ra, rb, rc;
    fs_rng_init(&ra, 5, 5, FS_RNG_REPLAY);
    fs_rng_init(&rb, 5, 5, FS_RNG_REPLAY);
    fs_rng_init(&rc, 5, 6, FS_RNG_REPLAY);
    assert_int_equal(fs_transitions_sample(tb, &ra, 32, a, NULL), FS_OK);
    assert_int_equal(fs_transitions_sample(tb, &rb, 32, b, NULL), FS_OK);
    assert_int_equal(fs_transitions_sample(tb, &rc, 32, c, NULL), FS_OK);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
    fs_transitions_destroy(&tb);
}

/* 10 stored records, 1e5 draws with replacement: each 1/10. */
static void test_transitions_sample_uniform(void **state)
{
    (void)state;
    enum { N = 100000, BATCH = 1000 };
    fs_transitions *tb = NULL;
    assert_int_equal(fs_transitions_create(&tb, 10, 3, NULL), FS_OK);
    for (int id = 0; id < 25; id++) /* wraps: ids 15..24 stored */
        push_id(tb, id);
    static float out[BATCH * 3];
    long count[10] = {0};
    fs_rng r;
    fs_rng_init(&r, 3, 1, FS_RNG_REPLAY);
    for (int rep = 0; rep < N / BATCH; rep++) {
        assert_int_equal(fs_transitions_sample(tb, &r, BATCH, out, NULL), FS_OK);
        for (int b = 0; b < BATCH; b++)
            count[record_id(out + b * 3) - 15]++;
    }
    assert_true(chi_square_equal(count, 10, N) < CHI2_1E6_DF9);
    fs_transitions_destroy(&tb);
}

static void test_transitions_sample_empty(void **state)
{
    (void)state;
    fs_transitions *tb = NULL;
    assert_int_equal(fs_transitions_create(&tb, 4, 3, NULL), FS_OK);
    float out[3];
    fs_rng r;
    fs_rng_init(&r, 0, 0, 0);
    fs_err e = {0};
    assert_int_equal(fs_transitions_sample(tb, &r, 0, out, &e), FS_OK);
    assert_int_equal(fs_transitions_sample(tb, &r, 1, out, &e), FS_ECONFIG);
    assert_true(strstr(e.msg, "empty") != NULL);
    fs_transitions_destroy(&tb);
}

/* ---- episodes --------------------------------------------------------- */

/* Fields: "state" [2] and "actions" [3]. Episode id e, step t stores
 * state = {100 e + t, -1}, actions = {e, t, 7}. */
static const fs_episode_field FIELDS[2] = {{"state", 2}, {"actions", 3}};
enum { MAXT = 6 };

static void push_episode(fs_episodes *eb, int id, size_t len)
{
    float st[MAXT * 2], ac[MAXT * 3];
    for (size_t t = 0; t < len; t++) {
        st[t * 2] = 100.0f * (float)id + (float)t;
        st[t * 2 + 1] = -1.0f;
        ac[t * 3] = (float)id;
        ac[t * 3 + 1] = (float)t;
        ac[t * 3 + 2] = 7.0f;
    }
    const float *data[2] = {st, ac};
    assert_int_equal(fs_episodes_push(eb, data, len, NULL), FS_OK);
}

static fs_episodes *make_episodes(size_t capacity)
{
    fs_episodes *eb = NULL;
    assert_int_equal(fs_episodes_create(&eb, capacity, MAXT, FIELDS, 2, NULL),
                     FS_OK);
    return eb;
}

static void test_episodes_create_errors(void **state)
{
    (void)state;
    fs_episodes *eb = NULL;
    fs_err e = {0};
    const fs_episode_field dup[2] = {{"obs", 4}, {"obs", 2}};
    assert_int_equal(fs_episodes_create(&eb, 4, 5, dup, 2, &e), FS_ECONFIG);
    assert_null(eb);
    assert_true(strstr(e.msg, "'obs' is listed twice") != NULL);
    const fs_episode_field empty[1] = {{"", 1}};
    const fs_episode_field zero[1] = {{"reward", 0}};
    const fs_episode_field noname[1] = {{NULL, 1}};
    fs_err_clear(&e);
    assert_int_equal(fs_episodes_create(&eb, 4, 5, empty, 1, &e), FS_ECONFIG);
    fs_err_clear(&e);
    assert_int_equal(fs_episodes_create(&eb, 4, 5, zero, 1, &e), FS_ECONFIG);
    assert_true(strstr(e.msg, "'reward'") != NULL);
    fs_err_clear(&e);
    assert_int_equal(fs_episodes_create(&eb, 4, 5, noname, 1, &e), FS_ECONFIG);
    fs_err_clear(&e);
    assert_int_equal(fs_episodes_create(&eb, 0, 5, FIELDS, 2, &e), FS_ECONFIG);
    fs_err_clear(&e);
    assert_int_equal(fs_episodes_create(&eb, 4, 0, FIELDS, 2, &e), FS_ECONFIG);
    fs_err_clear(&e);
    assert_int_equal(fs_episodes_create(&eb, 4, 5, FIELDS, 0, &e), FS_ECONFIG);
    fs_err_clear(&e);
    assert_int_equal(fs_episodes_create(&eb, SIZE_MAX / 4, 5, FIELDS, 2, &e),
                     FS_ECONFIG);
    assert_null(eb);
    fs_episodes_destroy(&eb);
    fs_episodes_destroy(NULL);
}

static void test_episodes_fields(void **state)
{
    (void)state;
    fs_episodes *eb = make_episodes(2);
    assert_int_equal(fs_episodes_n_fields(eb), 2);
    assert_int_equal(fs_episodes_field_index(eb, "state"), 0);
    assert_int_equal(fs_episodes_field_index(eb, "actions"), 1);
    assert_int_equal(fs_episodes_field_index(eb, "obs"), FS_ENOTFOUND);
    assert_int_equal(fs_episodes_field_floats(eb, 1), 3);
    assert_int_equal(fs_episodes_max_steps(eb), MAXT);
    assert_int_equal(fs_episodes_capacity(eb), 2);
    fs_episodes_destroy(&eb);
    assert_null(eb);
}

static void test_episodes_ring_and_lengths(void **state)
{
    (void)state;
    fs_episodes *eb = make_episodes(3);
    /* Episodes 0..3 with lengths 2..5 into 3 slots: 0 is overwritten. */
    for (int id = 0; id < 4; id++)
        push_episode(eb, id, (size_t)id + 2);
    assert_int_equal(fs_episodes_size(eb), 3);
    for (size_t i = 0; i < 3; i++) {
        int id = (int)i + 1;
        size_t len = (size_t)id + 2;
        assert_int_equal(fs_episodes_length(eb, i), len);
        const float *st = fs_episodes_field_data(eb, i, 0);
        const float *ac = fs_episodes_field_data(eb, i, 1);
        for (size_t t = 0; t < MAXT; t++) {
            float want = t < len ? 100.0f * (float)id + (float)t : 0.0f;
            assert_true(st[t * 2] == want);
            assert_true(ac[t * 3 + 2] == (t < len ? 7.0f : 0.0f));
        }
    }
    /* Out-of-range lengths are refused and store nothing. */
    fs_err e = {0};
    const float *none[2] = {NULL, NULL};
    assert_int_equal(fs_episodes_push(eb, none, 0, &e), FS_ECONFIG);
    assert_int_equal(fs_episodes_push(eb, none, MAXT + 1, &e), FS_ECONFIG);
    assert_int_equal(fs_episodes_length(eb, 0), 3);
    /* A NULL field stores zeros; the slot reused earlier data. */
    const float st[2] = {5, 5};
    const float *part[2] = {st, NULL};
    assert_int_equal(fs_episodes_push(eb, part, 1, NULL), FS_OK);
    assert_int_equal(fs_episodes_length(eb, 2), 1);
    const float *ac = fs_episodes_field_data(eb, 2, 1);
    for (size_t k = 0; k < MAXT * 3; k++)
        assert_true(ac[k] == 0.0f);
    fs_episodes_destroy(&eb);
}

/* Check one sampled batch in the documented time-major layout; return
 * the episode ids in batch order through ids[]. */
static void check_batch(const float *st, const float *ac, const float *filled,
                        size_t batch, size_t T, int lo_id, int *ids,
                        const size_t *len_of_id)
{
    size_t want_T = 0;
    for (size_t b = 0; b < batch; b++) {
        ids[b] = (int)ac[(0 * batch + b) * 3]; /* step 0 is always filled */
        assert_true(ids[b] >= lo_id);
        size_t len = len_of_id[ids[b]];
        want_T = len > want_T ? len : want_T;
        for (size_t a = 0; a < b; a++)
            assert_int_not_equal(ids[a], ids[b]); /* without replacement */
    }
    assert_int_equal(T, want_T);
    for (size_t t = 0; t < T; t++)
        for (size_t b = 0; b < batch; b++) {
            int in = t < len_of_id[ids[b]];
            const float *s = st + (t * batch + b) * 2;
            const float *a = ac + (t * batch + b) * 3;
            assert_true(filled[t * batch + b] == (in ? 1.0f : 0.0f));
            assert_true(s[0] == (in ? 100.0f * (float)ids[b] + (float)t : 0.0f));
            assert_true(s[1] == (in ? -1.0f : 0.0f));
            assert_true(a[1] == (in ? (float)t : 0.0f));
        }
}

static void test_episodes_sample_layout_and_masks(void **state)
{
    (void)state;
    fs_episodes *eb = make_episodes(4);
    /* Ids 0..6 with lengths below; ids 3..6 remain stored. */
    const size_t len_of_id[7] = {6, 6, 6, 2, 5, 1, 3};
    for (int id = 0; id < 7; id++)
        push_episode(eb, id, len_of_id[id]);
    enum { B = 3 };
    float st[MAXT * B * 2], ac[MAXT * B * 3], filled[MAXT * B];
    float *out[2] = {st, ac};
    fs_rng r;
    fs_rng_init(&r, 17, 0, FS_RNG_REPLAY);
    int ids[B], seen_T[MAXT + 1] = {0};
    for (int rep = 0; rep < 200; rep++) {
        size_t T = 99;
        assert_int_equal(fs_episodes_sample(eb, &r, B, out, filled, &T, NULL),
                         FS_OK);
        check_batch(st, ac, filled, B, T, 3, ids, len_of_id);
        seen_T[T] = 1;
    }
    /* The four 3-subsets of lengths {2, 5, 1, 3} have maxima 5 or 3:
     * {2,1,3} -> 3, every other subset holds the 5. */
    assert_true(seen_T[5] && seen_T[3]);
    assert_false(seen_T[1] || seen_T[2] || seen_T[4] || seen_T[6]);
    fs_episodes_destroy(&eb);
}

static void test_episodes_sample_all_and_too_many(void **state)
{
    (void)state;
    fs_episodes *eb = make_episodes(5);
    const size_t len_of_id[5] = {1, 2, 3, 4, 5};
    for (int id = 0; id < 5; id++)
        push_episode(eb, id, len_of_id[id]);
    float st[MAXT * 5 * 2], ac[MAXT * 5 * 3], filled[MAXT * 5];
    float *out[2] = {st, ac};
    fs_rng r;
    fs_rng_init(&r, 4, 4, FS_RNG_REPLAY);
    size_t T = 0;
    int ids[5];
    /* batch == size: every episode exactly once. */
    assert_int_equal(fs_episodes_sample(eb, &r, 5, out, filled, &T, NULL),
                     FS_OK);
    check_batch(st, ac, filled, 5, T, 0, ids, len_of_id);
    assert_int_equal(T, 5);
    /* Mask row sums: at step t, the episodes longer than t: 5 - t. */
    for (size_t t = 0; t < T; t++) {
        float row = 0;
        for (size_t b = 0; b < 5; b++)
            row += filled[t * 5 + b];
        assert_true(row == (float)(5 - t));
    }
    fs_err e = {0};
    assert_int_equal(fs_episodes_sample(eb, &r, 6, out, filled, &T, &e),
                     FS_ECONFIG);
    assert_true(strstr(e.msg, "6 distinct episodes from 5") != NULL);
    assert_int_equal(fs_episodes_sample(eb, &r, 0, out, filled, &T, NULL),
                     FS_OK);
    assert_int_equal(T, 0);
    fs_episodes_destroy(&eb);
}

/* Skipped fields are untouched, and nothing past [T][batch] is written. */
static void test_episodes_sample_skips_and_bounds(void **state)
{
    (void)state;
    fs_episodes *eb = make_episodes(3);
    for (int id = 0; id < 3; id++)
        push_episode(eb, id, 2);
    enum { B = 2 };
    float st[MAXT * B * 2], ac[MAXT * B * 3], filled[MAXT * B];
    for (size_t i = 0; i < MAXT * B * 2; i++)
        st[i] = 42.0f;
    for (size_t i = 0; i < MAXT * B * 3; i++)
        ac[i] = 42.0f;
    for (size_t i = 0; i < MAXT * B; i++)
        filled[i] = 42.0f;
    float *out[2] = {NULL, ac};
    fs_rng r;
    fs_rng_init(&r, 8, 8, FS_RNG_REPLAY);
    size_t T = 0;
    assert_int_equal(fs_episodes_sample(eb, &r, B, out, filled, &T, NULL),
                     FS_OK);
    assert_int_equal(T, 2);
    for (size_t i = 0; i < MAXT * B * 2; i++)
        assert_true(st[i] == 42.0f);
    for (size_t i = T * B * 3; i < MAXT * B * 3; i++)
        assert_true(ac[i] == 42.0f);
    for (size_t i = 0; i < T * B; i++)
        assert_true(filled[i] == 1.0f);
    for (size_t i = T * B; i < MAXT * B; i++)
        assert_true(filled[i] == 42.0f);
    /* No outputs at all is allowed. */
    assert_int_equal(fs_episodes_sample(eb, &r, B, NULL, NULL, NULL, NULL),
                     FS_OK);
    fs_episodes_destroy(&eb);
}

static void test_episodes_sample_deterministic(void **state)
{
    (void)state;
    fs_episodes *eb = make_episodes(8);
    for (int id = 0; id < 8; id++)
        push_episode(eb, id, (size_t)(id % MAXT) + 1);
    enum { B = 4 };
    float a[MAXT * B * 3], b[MAXT * B * 3], c[MAXT * B * 3];
    float *oa[2] = {NULL, a}, *ob[2] = {NULL, b}, *oc[2] = {NULL, c};
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    memset(c, 0, sizeof c);
    fs_rng ra, rb, rc;
    fs_rng_init(&ra, 1, 1, FS_RNG_REPLAY);
    fs_rng_init(&rb, 1, 1, FS_RNG_REPLAY);
    fs_rng_init(&rc, 2, 1, FS_RNG_REPLAY);
    for (int rep = 0; rep < 5; rep++) {
        assert_int_equal(fs_episodes_sample(eb, &ra, B, oa, NULL, NULL, NULL), 0);
        assert_int_equal(fs_episodes_sample(eb, &rb, B, ob, NULL, NULL, NULL), 0);
        assert_memory_equal(a, b, sizeof a);
    }
    /* Another seed picks another batch (C(8,4) = 70 subsets x orders). */
    assert_int_equal(fs_episodes_sample(eb, &rc, B, oc, NULL, NULL, NULL), 0);
    assert_memory_not_equal(a, c, sizeof a);
    fs_episodes_destroy(&eb);
}

/* Batches of 2 from 6 stored episodes: each of the C(6,2) = 15 unordered
 * pairs has probability 1/15 (chi-square df 14), and each episode appears
 * in 1/3 of the batches (df 5 on 2 x 30000 appearances; the bound is
 * conservative since draws within a batch are negatively correlated). */
static void test_episodes_sample_uniform(void **state)
{
    (void)state;
    enum { N = 30000, B = 2 };
    fs_episodes *eb = make_episodes(6);
    for (int id = 0; id < 9; id++)   /* wraps: ids 3..8 stored */
        push_episode(eb, id, 1);
    float ac[MAXT * B * 3];
    float *out[2] = {NULL, ac};
    long pair[15] = {0}, single[6] = {0};
    fs_rng r;
    fs_rng_init(&r, 99, 3, FS_RNG_REPLAY);
    for (int rep = 0; rep < N; rep++) {
        size_t T;
        assert_int_equal(fs_episodes_sample(eb, &r, B, out, NULL, &T, NULL), 0);
        assert_int_equal(T, 1);
        int i = (int)ac[0] - 3, j = (int)ac[3] - 3;
        assert_true(i >= 0 && i < 6 && j >= 0 && j < 6 && i != j);
        single[i]++;
        single[j]++;
        int lo = i < j ? i : j, hi = i < j ? j : i;
        /* index of pair (lo, hi) in the row-wise upper triangle */
        pair[lo * 6 - lo * (lo + 1) / 2 + (hi - lo - 1)]++;
    }
    assert_true(chi_square_equal(pair, 15, N) < CHI2_1E6_DF14);
    assert_true(chi_square_equal(single, 6, 2 * N) < CHI2_1E6_DF5);
    fs_episodes_destroy(&eb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transitions_create_errors),
        cmocka_unit_test(test_transitions_ring_overwrites_oldest),
        cmocka_unit_test(test_transitions_sample_only_stored),
        cmocka_unit_test(test_transitions_sample_deterministic),
        cmocka_unit_test(test_transitions_sample_uniform),
        cmocka_unit_test(test_transitions_sample_empty),
        cmocka_unit_test(test_episodes_create_errors),
        cmocka_unit_test(test_episodes_fields),
        cmocka_unit_test(test_episodes_ring_and_lengths),
        cmocka_unit_test(test_episodes_sample_layout_and_masks),
        cmocka_unit_test(test_episodes_sample_all_and_too_many),
        cmocka_unit_test(test_episodes_sample_skips_and_bounds),
        cmocka_unit_test(test_episodes_sample_deterministic),
        cmocka_unit_test(test_episodes_sample_uniform),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
