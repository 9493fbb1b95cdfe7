/* envs/bandit_prefs.c - preference profiles for bandit instances: impartial
 * anonymous culture ("uniform"), impartial culture, single-peaked (Walsh)
 * and Mallows (repeated insertion). See envs/bandit.h. */
#include "envs/bandit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int fs_pref_model_parse(const char *name)
{
    static const char *const names[] = {"uniform", "single-peaked", "ic", "mallows"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

static void identity(int *perm, int k)
{
    for (int j = 0; j < k; j++)
        perm[j] = j;
}

/* Ranking number x in [0, k!) by its Lehmer code. */
static void unrank_permutation(uint64_t x, int k, int *perm)
{
    int pool[64];
    uint64_t fact[21];
    fact[0] = 1;
    for (int j = 1; j <= k; j++)
        fact[j] = fact[j - 1] * (uint64_t)j;
    identity(pool, k);
    for (int r = 0; r < k; r++) {
        uint64_t f = fact[k - 1 - r];
        int d = (int)(x / f);
        x %= f;
        perm[r] = pool[d];
        memmove(pool + d, pool + d + 1, (size_t)(k - 1 - r - d) * sizeof *pool);
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Impartial anonymous culture: every multiset of n rankings out of the k!
 * equally likely. Stars and bars: n distinct positions among n + k! - 1
 * (Floyd's sampler), sorted; the t-th position minus t is the t-th ranking
 * number. Above k = 20 (k! beyond 64 bits) repeated rankings are so rare
 * that IAC and IC coincide for practical purposes; IC is used there. */
static void sample_iac(int n, int k, fs_rng *rng, int *rank)
{
    if (k > 20) {
        for (int i = 0; i < n; i++) {
            identity(rank + (size_t)i * (size_t)k, k);
            fs_rng_shuffle(rng, rank + (size_t)i * (size_t)k, (size_t)k, sizeof *rank);
        }
        return;
    }
    uint64_t types = 1;
    for (int j = 2; j <= k; j++)
        types *= (uint64_t)j;
    uint64_t total = (uint64_t)n + types - 1;
    uint64_t *pos = fs_xmalloc((size_t)n * sizeof *pos);
    int m = 0;
    for (uint64_t j = total - (uint64_t)n; j < total; j++) {
        uint64_t t = fs_rng_below(rng, j + 1);
        int seen = 0;
        for (int q = 0; q < m && !seen; q++)
            seen = pos[q] == t;
        pos[m++] = seen ? j : t;
    }
    qsort(pos, (size_t)n, sizeof *pos, cmp_u64);
    for (int i = 0; i < n; i++)
        unrank_permutation(pos[i] - (uint64_t)i, k, rank + (size_t)i * (size_t)k);
    free(pos);
    /* The agents of a profile are exchangeable: shuffle who holds which. */
    int *order = fs_xmalloc((size_t)n * sizeof *order);
    int *copy = fs_xmalloc((size_t)n * (size_t)k * sizeof *copy);
    identity(order, n);
    fs_rng_shuffle(rng, order, (size_t)n, sizeof *order);
    memcpy(copy, rank, (size_t)n * (size_t)k * sizeof *copy);
    for (int i = 0; i < n; i++)
        memcpy(rank + (size_t)i * (size_t)k, copy + (size_t)order[i] * (size_t)k,
               (size_t)k * sizeof *rank);
    free(order);
    free(copy);
}

/* Walsh (2015): build the ranking from the bottom; the least preferred of
 * the remaining interval [lo, hi] of the axis is one of its two ends, each
 * with probability 1/2. Uniform over the 2^(k-1) single-peaked rankings. */
static void sample_single_peaked(int k, fs_rng *rng, int *perm)
{
    int lo = 0, hi = k - 1;
    for (int r = k - 1; r > 0; r--)
        perm[r] = fs_rng_below(rng, 2) ? hi-- : lo++;
    perm[0] = lo;
}

/* Repeated insertion: arm i goes to position j in 0..i with probability
 * proportional to phi^(i-j), giving P(ranking) ~ phi^(Kendall distance to
 * the identity). */
static void sample_mallows(double phi, int k, fs_rng *rng, int *perm)
{
    double w[64];
    double *wp = k > 64 ? fs_xmalloc((size_t)k * sizeof *wp) : w;
    for (int i = 0; i < k; i++) {
        for (int j = 0; j <= i; j++)
            wp[j] = pow(phi, (double)(i - j));
        int j = (int)fs_rng_categorical(rng, wp, (size_t)i + 1);
        memmove(perm + j + 1, perm + j, (size_t)(i - j) * sizeof *perm);
        perm[j] = i;
    }
    if (wp != w)
        free(wp);
}

void fs_pref_sample(enum fs_pref_model model, double phi, int n, int k,
                    fs_rng *rng, int *rank)
{
    if (model == FS_PREF_IAC) {
        sample_iac(n, k, rng, rank);
        return;
    }
    for (int i = 0; i < n; i++) {
        int *perm = rank + (size_t)i * (size_t)k;
        switch (model) {
        case FS_PREF_SINGLE_PEAKED:
            sample_single_peaked(k, rng, perm);
            break;
        case FS_PREF_MALLOWS:
            sample_mallows(phi, k, rng, perm);
            break;
        default:
            identity(perm, k);
            fs_rng_shuffle(rng, perm, (size_t)k, sizeof *perm);
            break;
        }
    }
}
