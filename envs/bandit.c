/* envs/bandit.c - bandit instances: means, rewards, the generator and the
 * `bandit` env class. See envs/bandit.h. */
#include "envs/bandit.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/env.h"
#include "learners/learner.h"

struct fs_bandit {
    int n, k;
    double *mu;                   /* n x k */
    enum fs_bandit_noise noise;
    double noise_sd;
    double *beta_a, *beta_b;      /* n x k, Beta noise only */
};

int fs_bandit_n_agents(const fs_bandit *b) { return b->n; }
int fs_bandit_n_arms(const fs_bandit *b) { return b->k; }
const double *fs_bandit_means(const fs_bandit *b) { return b->mu; }

void fs_bandit_destroy(fs_bandit **b)
{
    if (!b || !*b)
        return;
    free((*b)->mu);
    free((*b)->beta_a);
    free((*b)->beta_b);
    free(*b);
    *b = NULL;
}

int fs_bandit_from_means(const double *mu, int n, int k, fs_bandit **out,
                         fs_err *e)
{
    *out = NULL;
    if (n < 1 || k < 1 || n > FS_BANDIT_MAX_DIM || k > FS_BANDIT_MAX_DIM)
        return fs_err_set(e, FS_ECONFIG, "bandit: %d agents x %d arms; need 1..%d of each",
                          n, k, FS_BANDIT_MAX_DIM);
    for (int i = 0; i < n * k; i++)
        if (!(mu[i] > 0 && mu[i] < 1))
            return fs_err_set(e, FS_ECONFIG,
                              "bandit: mean of agent %d arm %d is %g; means must lie in (0,1)",
                              i / k + 1, i % k + 1, mu[i]);
    fs_bandit *b = fs_xcalloc(1, sizeof *b);
    b->n = n;
    b->k = k;
    b->mu = fs_xmalloc((size_t)n * (size_t)k * sizeof *b->mu);
    memcpy(b->mu, mu, (size_t)n * (size_t)k * sizeof *b->mu);
    b->noise = FS_NOISE_BERNOULLI;
    *out = b;
    return FS_OK;
}

int fs_beta_moments(double m, double s, double *a, double *b)
{
    double nu = m * (1 - m) / (s * s) - 1;
    if (!(nu > 0))
        return -1;
    *a = m * nu;
    *b = (1 - m) * nu;
    return 0;
}

int fs_bandit_set_noise(fs_bandit *b, enum fs_bandit_noise noise, double sd,
                        fs_err *e)
{
    b->noise = noise;
    b->noise_sd = sd;
    if (noise != FS_NOISE_BETA)
        return FS_OK;
    size_t nk = (size_t)b->n * (size_t)b->k;
    if (!b->beta_a) {
        b->beta_a = fs_xmalloc(nk * sizeof *b->beta_a);
        b->beta_b = fs_xmalloc(nk * sizeof *b->beta_b);
    }
    for (size_t i = 0; i < nk; i++)
        if (fs_beta_moments(b->mu[i], sd, &b->beta_a[i], &b->beta_b[i]))
            return fs_err_set(e, FS_ECONFIG,
                              "bandit: Beta noise sd %g is too large for mean %g (agent %zu "
                              "arm %zu); need sd^2 < mean(1-mean)",
                              sd, b->mu[i], i / (size_t)b->k + 1, i % (size_t)b->k + 1);
    return FS_OK;
}

/* Gamma(a, 1) by Marsaglia and Tsang (2000); a < 1 through the boost
 * Gamma(a) = Gamma(a+1) U^(1/a). */
static double gamma_draw(double a, fs_rng *rng)
{
    double boost = 1;
    if (a < 1) {
        double u = fs_rng_uniform(rng);
        boost = pow(u > 0 ? u : 1e-300, 1 / a);
        a += 1;
    }
    double d = a - 1.0 / 3, c = 1 / sqrt(9 * d);
    for (;;) {
        double x, v;
        do {
            x = fs_rng_normal(rng);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = fs_rng_uniform(rng);
        if (u < 1 - 0.0331 * x * x * x * x ||
            log(u > 0 ? u : 1e-300) < 0.5 * x * x + d * (1 - v + log(v)))
            return d * v * boost;
    }
}

void fs_bandit_pull(const fs_bandit *b, int arm, fs_rng *rng, double *rewards)
{
    for (int i = 0; i < b->n; i++) {
        size_t ix = (size_t)i * (size_t)b->k + (size_t)arm;
        if (b->noise == FS_NOISE_BETA) {
            double x = gamma_draw(b->beta_a[ix], rng);
            double y = gamma_draw(b->beta_b[ix], rng);
            rewards[i] = x + y > 0 ? x / (x + y) : b->mu[ix];
        } else {
            rewards[i] = fs_rng_uniform(rng) < b->mu[ix] ? 1.0 : 0.0;
        }
    }
}

void fs_bandit_favourites(const double *mu, int n, int k, double tol,
                          unsigned char *fav)
{
    for (int i = 0; i < n; i++) {
        const double *row = mu + (size_t)i * (size_t)k;
        double best = row[0];
        for (int j = 1; j < k; j++)
            if (row[j] > best)
                best = row[j];
        for (int j = 0; j < k; j++)
            fav[(size_t)i * (size_t)k + (size_t)j] = row[j] >= best - tol;
    }
}

/* ---- the generator ---- */

static const char *text_param(const struct fs_job *job, const char *name,
                              const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

int fs_bandit_gen_from_job(const struct fs_job *job, struct fs_bandit_gen *g,
                           fs_err *e)
{
    memset(g, 0, sizeof *g);
    g->n_agents = (int)fs_job_num(job, "n_agents", 3);
    g->n_arms = (int)fs_job_num(job, "n_arms", 3);
    g->fav = (int)fs_job_num(job, "fav", 1);
    g->fav_uniform = strcmp(text_param(job, "fav_mode", "same"), "uniform") == 0;
    int model = fs_pref_model_parse(text_param(job, "prefs", "uniform"));
    if (model < 0)
        return fs_err_set(e, FS_ECONFIG, "bandit: unknown prefs '%s'",
                          text_param(job, "prefs", ""));
    g->prefs = (enum fs_pref_model)model;
    g->phi = fs_job_num(job, "phi", 0.5);
    g->means_mean = fs_job_num(job, "means_mean", 0.5);
    g->means_sd = fs_job_num(job, "means_sd", 0.25);
    g->rank_scores = strcmp(text_param(job, "means", "normal"), "rank-score") == 0;
    g->noise = strcmp(text_param(job, "noise", "bernoulli"), "beta") == 0
                   ? FS_NOISE_BETA : FS_NOISE_BERNOULLI;
    g->noise_sd = fs_job_num(job, "noise_sd", 0.1);
    if (g->n_agents < 1 || g->n_arms < 1 || g->n_agents > FS_BANDIT_MAX_DIM ||
        g->n_arms > FS_BANDIT_MAX_DIM)
        return fs_err_set(e, FS_ECONFIG, "bandit: n_agents %d, n_arms %d out of range",
                          g->n_agents, g->n_arms);
    if (g->fav < 1 || g->fav > g->n_arms)
        return fs_err_set(e, FS_ECONFIG, "bandit: fav = %d but n_arms = %d; "
                          "need 1 <= fav <= n_arms", g->fav, g->n_arms);
    if (!(g->means_sd > 0) || !(g->phi >= 0 && g->phi <= 1))
        return fs_err_set(e, FS_ECONFIG, "bandit: means_sd %g or phi %g out of range",
                          g->means_sd, g->phi);
    return FS_OK;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* k draws from N(m, sd) truncated to (0,1), by rejection, sorted descending. */
static void draw_sorted_means(const struct fs_bandit_gen *g, fs_rng *rng,
                              double *v)
{
    if (g->rank_scores) {
        for (int r = 0; r < g->n_arms; r++)
            v[r] = fs_preflib_rank_score(r, g->n_arms);
        return;
    }
    for (int j = 0; j < g->n_arms; j++) {
        double x;
        do
            x = g->means_mean + g->means_sd * fs_rng_normal(rng);
        while (!(x > 0 && x < 1));
        v[j] = x;
    }
    qsort(v, (size_t)g->n_arms, sizeof *v, cmp_desc);
}

int fs_bandit_generate(const struct fs_bandit_gen *g, fs_rng *rng,
                       fs_bandit **out, fs_err *e)
{
    *out = NULL;
    int n = g->n_agents, k = g->n_arms;
    if (n < 1 || k < 1 || g->fav < 1 || g->fav > k)
        return fs_err_set(e, FS_ECONFIG, "bandit: bad shape %d x %d, fav %d", n, k, g->fav);
    int *rank = fs_xmalloc((size_t)n * (size_t)k * sizeof *rank);
    double *mu = fs_xmalloc((size_t)n * (size_t)k * sizeof *mu);
    double *v = fs_xmalloc((size_t)k * sizeof *v);
    fs_pref_sample(g->prefs, g->phi, n, k, rng, rank);
    for (int i = 0; i < n; i++) {
        int f = g->fav_uniform ? 1 + (int)fs_rng_below(rng, (uint64_t)g->fav) : g->fav;
        draw_sorted_means(g, rng, v);
        for (int r = 1; r < f; r++)
            v[r] = v[0];
        for (int r = 0; r < k; r++)
            mu[(size_t)i * (size_t)k + (size_t)rank[(size_t)i * (size_t)k + (size_t)r]] = v[r];
    }
    int rc = fs_bandit_from_means(mu, n, k, out, e);
    if (!rc)
        rc = fs_bandit_set_noise(*out, g->noise, g->noise_sd, e);
    if (rc)
        fs_bandit_destroy(out);
    free(rank);
    free(mu);
    free(v);
    return rc;
}

int fs_bandit_from_job(const struct fs_job *job, uint64_t sweep_seed,
                       fs_bandit **out, fs_err *e)
{
    *out = NULL;
    struct fs_bandit_gen g;
    int rc = fs_bandit_gen_from_job(job, &g, e);
    if (rc)
        return rc;
    static const char *const models[] = {"uniform", "single-peaked", "ic", "mallows"};
    char phi[32], mm[32], msd[32], key[FS_KEY_MAX];
    fs_job_format_number(g.prefs == FS_PREF_MALLOWS ? g.phi : 0, phi);
    fs_job_format_number(g.means_mean, mm);
    fs_job_format_number(g.means_sd, msd);
    snprintf(key, sizeof key,
             "bandit n_agents=%d n_arms=%d fav=%d fav_mode=%s prefs=%s phi=%s "
             "means=%s means_mean=%s means_sd=%s seed=%lld",
             g.n_agents, g.n_arms, g.fav, g.fav_uniform ? "uniform" : "same",
             models[g.prefs], phi, g.rank_scores ? "rank-score" : "normal", mm, msd,
             (long long)job->seed);
    fs_rng r;
    fs_rng_init(&r, sweep_seed, fs_job_hash(key), FS_RNG_ENV);
    return fs_bandit_generate(&g, &r, out, e);
}

/* ---- means from CSV ---- */

/* Parse one CSV row of numbers into row (grown as needed); *count set. */
static int parse_row(char *line, double **row, int *cap, int *count,
                     const char *path, int lineno, fs_err *e)
{
    int m = 0;
    char *s = line;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        char *end;
        errno = 0;
        double x = strtod(s, &end);
        if (end == s || errno)
            return fs_err_set(e, FS_EFORMAT, "%s:%d: field %d: expected a number, got '%.20s'",
                              path, lineno, m + 1, s);
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
            end++;
        if (!(x > 0 && x < 1))
            return fs_err_set(e, FS_EFORMAT, "%s:%d: field %d: mean %g is not in (0,1)",
                              path, lineno, m + 1, x);
        if (m == *cap) {
            *cap = *cap ? 2 * *cap : 16;
            *row = fs_xrealloc(*row, (size_t)*cap * sizeof **row);
        }
        (*row)[m++] = x;
        if (*end == '\0')
            break;
        if (*end != ',')
            return fs_err_set(e, FS_EFORMAT, "%s:%d: field %d: expected ',' after the number",
                              path, lineno, m);
        s = end + 1;
    }
    *count = m;
    return FS_OK;
}

int fs_bandit_load_csv(const char *path, fs_bandit **out, fs_err *e)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return fs_err_set(e, FS_EIO, "%s: cannot open: %s", path, strerror(errno));
    char *line = NULL;
    size_t lcap = 0;
    double *mu = NULL, *row = NULL;
    int rcap = 0, n = 0, k = 0, lineno = 0, rc = FS_OK;
    while (!rc && getline(&line, &lcap, f) >= 0) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '#' || *s == '\n' || *s == '\r' || *s == '\0')
            continue;
        int m = 0;
        rc = parse_row(s, &row, &rcap, &m, path, lineno, e);
        if (rc)
            break;
        if (n == 0)
            k = m;
        else if (m != k)
            rc = fs_err_set(e, FS_EFORMAT, "%s:%d: %d columns, but the first row has %d",
                            path, lineno, m, k);
        if (!rc && n >= FS_BANDIT_MAX_DIM)
            rc = fs_err_set(e, FS_EFORMAT, "%s:%d: more than %d agents", path, lineno,
                            FS_BANDIT_MAX_DIM);
        if (!rc) {
            mu = fs_xrealloc(mu, (size_t)(n + 1) * (size_t)k * sizeof *mu);
            memcpy(mu + (size_t)n * (size_t)k, row, (size_t)k * sizeof *mu);
            n++;
        }
    }
    if (!rc && ferror(f))
        rc = fs_err_set(e, FS_EIO, "%s: read error", path);
    if (!rc && n == 0)
        rc = fs_err_set(e, FS_EFORMAT, "%s:%d: no rows of means", path, lineno);
    if (!rc)
        rc = fs_bandit_from_means(mu, n, k, out, e);
    fclose(f);
    free(line);
    free(row);
    free(mu);
    return rc;
}

/* ---- the env class ---- */

static const struct fs_param_spec bandit_params[] = {FS_BANDIT_PARAM_SPECS};

const struct fs_env_class fs_env_bandit = {
    .name = "bandit",
    .summary = "multi-agent bandit instances (procedural fairness, seed 002)",
    .params = bandit_params,
    .n_params = sizeof bandit_params / sizeof bandit_params[0],
    .ops = NULL,
};
