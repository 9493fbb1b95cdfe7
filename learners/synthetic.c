/* learners/synthetic.c - the `synthetic` algorithm: a TEST FIXTURE.
 *
 * It learns nothing. It burns a chosen amount of deterministic CPU work,
 * then draws its metrics from one RNG stream keyed by (sweep seed, job id,
 * FS_RNG_USER), so its results depend only on (settings->seed, job), bit for
 * bit. On request it fails the way real jobs fail (segfault, NaN, hang, out
 * of memory), for every seed or for exactly one, so the runner, the store and
 * the analysis can be tested end to end with known answers.
 * See docs/synthetic.md.
 *
 * Parameters: work_us, quality, noise, fail, fail_seed, points (table below).
 * Metrics: return = quality + noise * N(0,1); jfi and gini of N_AGENTS
 * random per-agent utilities. Curve `return`: `points` values rising towards
 * the final return, with noise.
 */
#include "learners/learner.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rng.h"

/* Iterations of work_loop() per microsecond-equivalent of work_us. The loop
 * is a chain of dependent integer multiply-adds (about 1 ns per iteration on
 * a 2020s x86 core), so the wall time is only approximate but the amount of
 * work, and everything computed, is exactly reproducible. */
enum { SYNTH_ITERS_PER_US = 1000, SYNTH_AGENTS = 4 };

static const struct fs_param_spec synthetic_params[] = {
    {"work_us", FS_PARAM_INT, 0, 0, 1e12, NULL,
     "deterministic CPU work per job, microseconds-equivalent"},
    {"quality", FS_PARAM_NUM, 0.5, -INFINITY, INFINITY, NULL,
     "mean of the `return` metric"},
    {"noise", FS_PARAM_NUM, 0.1, 0, INFINITY, NULL,
     "standard deviation of `return` around quality"},
    {"fail", FS_PARAM_TEXT, 0, 0, 0, "none|segv|nan|hang|oom",
     "failure to inject: none, SIGSEGV, NaN return, endless sleep, memory exhaustion"},
    {"fail_seed", FS_PARAM_INT, -1, -1, 9007199254740992.0, NULL,
     "seed whose jobs fail; -1: every seed"},
    {"points", FS_PARAM_INT, 20, 0, FS_CURVE_POINTS_MAX,
     NULL, "length of the `return` learning curve (0: no curve)"},
};

/* A fixed chain of multiply-adds; the volatile sink keeps it from being
 * optimised away. */
static void work_loop(uint64_t iterations)
{
    volatile uint64_t sink;
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (uint64_t i = 0; i < iterations; i++)
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    sink = x;
    (void)sink;
}

static const char *text_param(const struct fs_job *job, const char *name,
                              const char *dflt)
{
    const struct fs_param *p = fs_job_param(job, name);
    return p && p->is_text ? p->text : dflt;
}

static void hang_forever(void)
{
    struct timespec ts = {1, 0};
    for (;;)
        nanosleep(&ts, NULL);
}

/* Allocate and touch 64 MiB chunks until malloc fails (or the kernel kills
 * the process). Frees everything it got before returning. */
static int exhaust_memory(fs_err *e)
{
    enum { CHUNK = 64 << 20 };
    void **chunks = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            void **grown = realloc(chunks, ncap * sizeof *grown);
            if (!grown)
                break;
            chunks = grown;
            cap = ncap;
        }
        void *c = malloc(CHUNK);
        if (!c)
            break;
        memset(c, 0xa5, CHUNK);
        chunks[n++] = c;
    }
    for (size_t i = 0; i < n; i++)
        free(chunks[i]);
    free(chunks);
    return fs_err_set(e, FS_ENUMERIC,
                      "out of memory after %zu MiB (synthetic fail=oom)", n * 64);
}

/* Inject the requested failure. Returns 1 when the run should report a NaN
 * return, a negative status on an error, 0 for no failure. */
static int inject_failure(const struct fs_job *job, fs_err *e)
{
    const char *fail = text_param(job, "fail", "none");
    double fail_seed = fs_job_num(job, "fail_seed", -1);
    if (strcmp(fail, "none") == 0 ||
        (fail_seed >= 0 && (double)job->seed != fail_seed))
        return 0;
    if (strcmp(fail, "segv") == 0) {
        raise(SIGSEGV);
        return fs_err_set(e, FS_EINTERNAL, "synthetic fail=segv: SIGSEGV was caught");
    }
    if (strcmp(fail, "nan") == 0)
        return 1;
    if (strcmp(fail, "hang") == 0)
        hang_forever();
    if (strcmp(fail, "oom") == 0)
        return exhaust_memory(e);
    return fs_err_set(e, FS_ECONFIG, "synthetic: unknown fail mode '%s'", fail);
}

/* Jain's index (sum u)^2 / (n sum u^2) and the Gini coefficient
 * sum_ij |u_i - u_j| / (2 n sum u) of n positive utilities. */
static void fairness_of(const double *u, int n, double *jfi, double *gini)
{
    double s = 0, s2 = 0, d = 0;
    for (int i = 0; i < n; i++) {
        s += u[i];
        s2 += u[i] * u[i];
        for (int j = 0; j < n; j++)
            d += fabs(u[i] - u[j]);
    }
    *jfi = s * s / (n * s2);
    *gini = d / (2.0 * n * s);
}

static int synthetic_run(const struct fs_job *job, const struct fs_settings *s,
                         struct fs_result *out, fs_err *e)
{
    work_loop((uint64_t)fs_job_num(job, "work_us", 0) * SYNTH_ITERS_PER_US);
    int failure = inject_failure(job, e);
    if (failure < 0)
        return failure;

    fs_rng r;
    fs_rng_init(&r, s->seed, job->id, FS_RNG_USER);
    double quality = fs_job_num(job, "quality", 0.5);
    double noise = fs_job_num(job, "noise", 0.1);
    double ret = quality + noise * fs_rng_normal(&r);

    double u[SYNTH_AGENTS], jfi, gini;
    for (int i = 0; i < SYNTH_AGENTS; i++)
        u[i] = 0.1 + fs_rng_uniform(&r);
    fairness_of(u, SYNTH_AGENTS, &jfi, &gini);

    int rc = fs_result_metric(out, "return", failure ? NAN : ret, e);
    if (!rc)
        rc = fs_result_metric(out, "jfi", jfi, e);
    if (!rc)
        rc = fs_result_metric(out, "gini", gini, e);

    int points = (int)fs_job_num(job, "points", 20);
    if (!rc && points > 0) {
        double *curve = fs_xmalloc((size_t)points * sizeof *curve);
        for (int k = 0; k < points; k++) {
            double progress = 1.0 - exp(-5.0 * (k + 1) / points);
            curve[k] = ret * progress + 0.1 * noise * fs_rng_normal(&r);
        }
        rc = fs_result_curve(out, "return", curve, points, e);
        free(curve);
    }
    return rc;
}

static double synthetic_cost(const struct fs_job *job, const struct fs_settings *s)
{
    (void)s;
    return fs_job_num(job, "work_us", 0) * 1e-6;
}

const struct fs_learner fs_learner_synthetic = {
    .name = "synthetic",
    .summary = "test fixture: deterministic fake metrics, chosen work and failures",
    .params = synthetic_params,
    .n_params = sizeof synthetic_params / sizeof synthetic_params[0],
    .envs = NULL,
    .cost = synthetic_cost,
    .run = synthetic_run,
};
