/* envs/bandit.h - multi-agent multi-armed bandit instances (seed 002,
 * "Procedural Fairness in Multi-Agent Bandits").
 *
 * An instance has n agents and k arms; mu[i*k + j] in (0,1) is agent i's
 * mean reward for arm j. Pulling an arm gives every agent its own reward
 * (rewards are public), drawn Bernoulli(mu) or Beta with mean mu and a fixed
 * standard deviation.
 *
 * Instances come from
 *  - a generator (fs_bandit_generate): a preference profile from one of the
 *    models below, then per agent k means drawn from N(mean, sd) truncated to
 *    (0,1) (rejection), sorted and handed out by rank (or, with means
 *    rank-score, the PrefLib scores of the ranks); the agent's top f
 *    ranked arms share the largest value (its favourites), f the same for
 *    every agent or uniform in 1..fav;
 *  - a CSV file of means (fs_bandit_load_csv; rows = agents, columns = arms);
 *  - a PrefLib .soc/.soi file (envs/bandit_preflib.c), voters sampled.
 *
 * Preference models (fs_pref_sample), k alternatives, rank[r] = arm at
 * position r (0 = most preferred):
 *  - FS_PREF_IAC "uniform": impartial anonymous culture, a profile drawn
 *    uniformly among anonymous profiles (multisets of n rankings);
 *  - FS_PREF_IC: impartial culture, each ranking uniform among the k!;
 *  - FS_PREF_SINGLE_PEAKED: uniform among the 2^(k-1) rankings single-peaked
 *    on the axis 0 < 1 < ... < k-1 (Walsh's sampler);
 *  - FS_PREF_MALLOWS: Mallows with dispersion phi around the identity
 *    ranking (repeated insertion; phi -> 0 all identical, phi = 1 is IC).
 *
 * The env class `bandit` (fs_env_bandit) carries the parameter table;
 * it has no stepping ops: the bandit learners use this module directly.
 * Determinism: everything random comes from the fs_rng passed in.
 */
#ifndef FS_ENVS_BANDIT_H
#define FS_ENVS_BANDIT_H

#include <stdint.h>

#include "core/err.h"
#include "core/rng.h"
#include "jobs/job.h"

enum { FS_BANDIT_MAX_DIM = 4096 };  /* agents, and arms, per instance */

enum fs_pref_model {
    FS_PREF_IAC = 0,          /* "uniform" */
    FS_PREF_SINGLE_PEAKED = 1,
    FS_PREF_IC = 2,
    FS_PREF_MALLOWS = 3
};

enum fs_bandit_noise {
    FS_NOISE_BERNOULLI = 0,
    FS_NOISE_BETA = 1
};

/* What the generator draws. */
struct fs_bandit_gen {
    int n_agents, n_arms;      /* >= 1, >= 1 */
    int fav;                   /* favourites per agent, 1..n_arms */
    int fav_uniform;           /* 1: each agent's count uniform in 1..fav */
    enum fs_pref_model prefs;
    double phi;                /* Mallows dispersion in [0, 1] */
    double means_mean;         /* centre of the normal the means come from */
    double means_sd;           /* its standard deviation, > 0 */
    int rank_scores;           /* 1: means by rank are the paper's PrefLib
                                  scores (fs_preflib_rank_score), not normal
                                  draws; favourites still tie at the top */
    enum fs_bandit_noise noise;
    double noise_sd;           /* Beta noise sd, 0 < sd^2 < mu(1-mu) */
};

typedef struct fs_bandit fs_bandit;

/* The env parameter specs (also reused by the bandit learners, so that the
 * instance shape may be given in `conditions`). Number of entries:
 * FS_BANDIT_N_PARAMS. */
#define FS_BANDIT_PARAM_SPECS                                                     \
    {"n_agents", FS_PARAM_INT, 3, 1, FS_BANDIT_MAX_DIM, NULL, "agents N"},        \
    {"n_arms", FS_PARAM_INT, 3, 1, FS_BANDIT_MAX_DIM, NULL, "arms K"},            \
    {"fav", FS_PARAM_INT, 1, 1, FS_BANDIT_MAX_DIM, NULL,                          \
     "favourite arms per agent (fav_mode same) or their maximum (uniform)"},      \
    {"fav_mode", FS_PARAM_TEXT, 0, 0, 0, "same|uniform",                          \
     "same: every agent has fav favourites; uniform: 1..fav each"},               \
    {"prefs", FS_PARAM_TEXT, 0, 0, 0, "uniform|single-peaked|ic|mallows",         \
     "preference model (uniform = impartial anonymous culture)"},                 \
    {"phi", FS_PARAM_NUM, 0.5, 0, 1, NULL, "Mallows dispersion"},                 \
    {"means", FS_PARAM_TEXT, 0, 0, 0, "normal|rank-score",                       \
     "means by rank: sorted normal draws, or 0.9/0.63/0.37/0.1-style scores"},   \
    {"means_mean", FS_PARAM_NUM, 0.5, 0, 1, NULL, "centre of the means' normal"}, \
    {"means_sd", FS_PARAM_NUM, 0.25, 1e-6, 100, NULL,                             \
     "sd of the means' normal (truncated to (0,1))"},                             \
    {"noise", FS_PARAM_TEXT, 0, 0, 0, "bernoulli|beta", "reward distribution"},  \
    {"noise_sd", FS_PARAM_NUM, 0.1, 1e-6, 0.5, NULL, "sd of Beta rewards"}
enum { FS_BANDIT_N_PARAMS = 11 };

/* Fill g from a job's parameters (defaults from the table above).
 * FS_ECONFIG when a value is out of range (fav > n_arms, ...). */
int fs_bandit_gen_from_job(const struct fs_job *job, struct fs_bandit_gen *g,
                           fs_err *e);

/* Draw an instance. *out is owned by the caller (fs_bandit_destroy). */
int fs_bandit_generate(const struct fs_bandit_gen *g, fs_rng *rng,
                       fs_bandit **out, fs_err *e);

/* The instance of a job: generated from its parameters with the RNG stream
 * (sweep_seed, instance id, FS_RNG_ENV), where the instance id hashes only
 * the instance parameters and the job's seed, so every algorithm of a sweep
 * sees the same instance for the same env settings and seed. */
int fs_bandit_from_job(const struct fs_job *job, uint64_t sweep_seed,
                       fs_bandit **out, fs_err *e);

/* An instance with the given means (copied; n x k row-major, each in (0,1)).
 * Noise Bernoulli until fs_bandit_set_noise. FS_ECONFIG on a bad mean. */
int fs_bandit_from_means(const double *mu, int n, int k, fs_bandit **out,
                         fs_err *e);

/* Read means from a CSV file: one row per agent, one column per arm, comma
 * separated, numbers in (0,1); blank lines and lines starting with '#' are
 * skipped. Errors name "path:line". */
int fs_bandit_load_csv(const char *path, fs_bandit **out, fs_err *e);

/* NULL-safe; sets *b to NULL. */
void fs_bandit_destroy(fs_bandit **b);

int fs_bandit_n_agents(const fs_bandit *b);
int fs_bandit_n_arms(const fs_bandit *b);
/* n x k row-major, owned by b. */
const double *fs_bandit_means(const fs_bandit *b);

/* Set the reward distribution. Beta needs sd^2 < mu(1-mu) for every mean
 * (FS_ECONFIG otherwise, naming the first mean that fails). */
int fs_bandit_set_noise(fs_bandit *b, enum fs_bandit_noise noise, double sd,
                        fs_err *e);

/* Pull arm j: rewards[i] for every agent i (caller's buffer, n entries). */
void fs_bandit_pull(const fs_bandit *b, int arm, fs_rng *rng, double *rewards);

/* Beta(a, b) parameters with mean m and sd s by the method of moments:
 * nu = m(1-m)/s^2 - 1, a = m nu, b = (1-m) nu. Returns 0, or -1 if nu <= 0. */
int fs_beta_moments(double m, double s, double *a, double *b);

/* Favourite sets: fav[i*k + j] = 1 when mu[i*k + j] >= max_j' mu[i*k + j'] - tol.
 * Caller's buffer of n*k bytes. */
void fs_bandit_favourites(const double *mu, int n, int k, double tol,
                          unsigned char *fav);

/* One ranking per agent: rank[i*k + r] = the arm agent i puts at position r.
 * phi is used by FS_PREF_MALLOWS only. Caller's buffer of n*k ints. */
void fs_pref_sample(enum fs_pref_model model, double phi, int n, int k,
                    fs_rng *rng, int *rank);

/* Parse a model name ("uniform", "single-peaked", "ic", "mallows");
 * -1 when unknown. */
int fs_pref_model_parse(const char *name);

/* ---- PrefLib (envs/bandit_preflib.c) ---- */

typedef struct fs_preflib fs_preflib;

/* Load a PrefLib .soc (strict complete orders) or .soi (strict incomplete
 * orders) file, in the current format ("# NUMBER ALTERNATIVES: 4" header,
 * then "count: a,b,c" lines, alternatives numbered from 1) or the legacy
 * one (m, m name lines, "voters,sum,unique", then "count,a,b,c").
 * Errors name "path:line". */
int fs_preflib_load(const char *path, fs_preflib **out, fs_err *e);
void fs_preflib_destroy(fs_preflib **p);
int fs_preflib_n_voters(const fs_preflib *p);
int fs_preflib_n_alternatives(const fs_preflib *p);

/* The paper's rank scores: 0.9, 0.63, 0.37, 0.1 for m = 4 alternatives,
 * otherwise 0.9 - 0.8 r/(m-1) (m = 1: 0.9). r = 0 is the top. */
double fs_preflib_rank_score(int r, int m);

/* A bandit with one agent per voter: n_sample voters drawn uniformly without
 * replacement (n_sample <= 0: all voters, in file order). Agent means are
 * the rank scores; alternatives an incomplete order leaves out share the
 * lowest score. */
int fs_preflib_bandit(const fs_preflib *p, int n_sample, fs_rng *rng,
                      fs_bandit **out, fs_err *e);

#endif /* FS_ENVS_BANDIT_H */
