/* core/rng.c - Philox4x64-10 streams. See rng.h. */
#include "core/rng.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include <Random123/philox.h>

void fs_rng_philox4x64(const uint64_t ctr[4], const uint64_t key[2],
                       uint64_t out[4])
{
    philox4x64_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x64_key_t k = {{key[0], key[1]}};
    philox4x64_ctr_t o = philox4x64(c, k);
    memcpy(out, o.v, sizeof o.v);
}

void fs_rng_init(fs_rng *r, uint64_t seed, uint64_t job_id, uint32_t purpose)
{
    r->key[0] = seed;
    r->key[1] = job_id;
    r->ctr[0] = 0;
    r->ctr[1] = purpose;
    r->ctr[2] = 0;
    r->ctr[3] = 0;
    r->pos = 4;
}

uint64_t fs_rng_u64(fs_rng *r)
{
    if (r->pos >= 4) {
        fs_rng_philox4x64(r->ctr, r->key, r->buf);
        r->ctr[0]++;
        r->pos = 0;
    }
    return r->buf[r->pos++];
}

uint32_t fs_rng_u32(fs_rng *r)
{
    return (uint32_t)(fs_rng_u64(r) >> 32);
}

double fs_rng_uniform(fs_rng *r)
{
    return (double)(fs_rng_u64(r) >> 11) * 0x1.0p-53;
}

float fs_rng_uniform_f(fs_rng *r)
{
    return (float)(fs_rng_u64(r) >> 40) * 0x1.0p-24f;
}

double fs_rng_range(fs_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * fs_rng_uniform(r);
}

uint64_t fs_rng_below(fs_rng *r, uint64_t n)
{
    assert(n >= 1);
    /* Lemire 2019: multiply-shift with rejection of the biased low range. */
    uint64_t hi;
    uint64_t low = mulhilo64(fs_rng_u64(r), n, &hi);
    if (low < n) {
        uint64_t threshold = (0 - n) % n;
        while (low < threshold)
            low = mulhilo64(fs_rng_u64(r), n, &hi);
    }
    return hi;
}

double fs_rng_normal(fs_rng *r)
{
    /* 1 - u lies in (0, 1], so the log is finite. */
    double u1 = 1.0 - fs_rng_uniform(r);
    double u2 = fs_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}

size_t fs_rng_categorical(fs_rng *r, const double *w, size_t n)
{
    assert(n >= 1);
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    double u = fs_rng_uniform(r) * total;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] <= 0.0)
            continue;
        last = i;
        if (u < w[i])
            return i;
        u -= w[i];
    }
    return last; /* rounding left u just above the final weight */
}

/* Swap two non-overlapping elements of `size` bytes through a small stack
 * buffer, chunk by chunk, so any element size works (also under NDEBUG). */
static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    unsigned char tmp[256];
    while (size > 0) {
        size_t k = size < sizeof tmp ? size : sizeof tmp;
        memcpy(tmp, a, k);
        memcpy(a, b, k);
        memcpy(b, tmp, k);
        a += k;
        b += k;
        size -= k;
    }
}

void fs_rng_shuffle(fs_rng *r, void *base, size_t n, size_t size)
{
    unsigned char *a = base;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)fs_rng_below(r, i);
        if (j != i - 1)
            swap_bytes(a + (i - 1) * size, a + j * size, size);
    }
}
