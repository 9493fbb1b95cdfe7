/* core/rng.h - counter-based random streams (Random123 Philox4x64-10).
 *
 * A stream is keyed by (sweep seed, job id, purpose): the Philox key is
 * (seed, job id) and the counter is (block, purpose, 0, 0). Two streams with
 * any differing key part are independent; a job's numbers therefore never
 * depend on which rank, process or schedule runs it. Each stream holds 2^64
 * blocks of 4 x 64 bits.
 *
 * fs_rng is plain data (copy it to fork a stream's state); no global state.
 * Not thread-safe per instance; use one stream per thread.
 */
#ifndef FS_CORE_RNG_H
#define FS_CORE_RNG_H

#include <stddef.h>
#include <stdint.h>

/* Well-known purposes; learners may use FS_RNG_USER + k for their own. */
enum fs_rng_purpose {
    FS_RNG_INIT = 1,      /* parameter initialisation */
    FS_RNG_ENV = 2,       /* environment dynamics */
    FS_RNG_ACT = 3,       /* exploration / action sampling */
    FS_RNG_REPLAY = 4,    /* replay sampling */
    FS_RNG_EVAL = 5,      /* evaluation episodes */
    FS_RNG_STATS = 6,     /* bootstrap and permutation resampling */
    FS_RNG_USER = 100
};

typedef struct fs_rng {
    uint64_t key[2];      /* (seed, job id) */
    uint64_t ctr[4];      /* (block, purpose, 0, 0) of the next block */
    uint64_t buf[4];      /* current block's output */
    unsigned pos;         /* next unused word of buf, 4 = empty */
} fs_rng;

/* Start the stream (seed, job_id, purpose) at its first number. */
void fs_rng_init(fs_rng *r, uint64_t seed, uint64_t job_id, uint32_t purpose);

/* The raw Philox4x64-10 block function: out = philox(ctr, key). For tests
 * against the published known-answer vectors. */
void fs_rng_philox4x64(const uint64_t ctr[4], const uint64_t key[2],
                       uint64_t out[4]);

uint64_t fs_rng_u64(fs_rng *r);
uint32_t fs_rng_u32(fs_rng *r);
/* Uniform in [0, 1), 53 random bits. */
double fs_rng_uniform(fs_rng *r);
/* Uniform in [0, 1), 24 random bits. */
float fs_rng_uniform_f(fs_rng *r);
/* Uniform in [lo, hi). */
double fs_rng_range(fs_rng *r, double lo, double hi);
/* Uniform integer in [0, n), no modulo bias (Lemire's method). n >= 1. */
uint64_t fs_rng_below(fs_rng *r, uint64_t n);
/* Standard normal (Box-Muller on two uniforms; one value per call). */
double fs_rng_normal(fs_rng *r);
/* Index i with probability w[i] / sum(w). w >= 0, sum(w) > 0, n >= 1. */
size_t fs_rng_categorical(fs_rng *r, const double *w, size_t n);
/* Fisher-Yates shuffle of n elements of `size` bytes each (any size), in
 * place. One fs_rng_below(r, i) per i = n .. 2. */
void fs_rng_shuffle(fs_rng *r, void *base, size_t n, size_t size);

#endif /* FS_CORE_RNG_H */
