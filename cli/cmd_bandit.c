/* cli/cmd_bandit.c - `fairsweep bandit`: the optimal policy of one bandit
 * instance (means from a CSV file or a PrefLib file) with its PF/EF/UF
 * scores, or Table 1 (mean and sd of each policy's scores) of a finished
 * `bandit-opt` sweep. */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "envs/bandit.h"
#include "jobs/store.h"
#include "learners/bandit_policy.h"

enum { MAX_WHERE = 8 };

struct bandit_opts {
    const char *means;      /* CSV path */
    const char *preflib;    /* PrefLib path */
    const char *table;      /* store path */
    int sample;             /* PrefLib voters to sample, 0: all */
    long seed;
    int policy;             /* -1: all */
    int json;
    int n_where;
    const char *where[MAX_WHERE];
};

static void bandit_usage(void)
{
    printf("usage: fairsweep bandit MEANS.csv [--policy pf|ef|uf|nsw|ggi|all] [--format text|json]\n"
           "       fairsweep bandit --preflib FILE.soc [--sample N] [--seed S] [--policy ...]\n"
           "       fairsweep bandit --table STORE.h5 [--where NAME=VALUE]... [--format ...]\n\n"
           "Multi-agent bandits (procedural fairness, seed 002). The first two forms\n"
           "compute the optimal policy of one instance given its means and score it:\n"
           "  PF  procedural fairness, ties broken by decision-share Nash welfare\n"
           "  EF  equality fairness (min disparity D), UF utilitarian,\n"
           "  NSW utility Nash social welfare, GGI generalized Gini index.\n"
           "Scores: PF (transportation LP), EF = 1 - |D(p) - D*|, UF = U(p) / U*.\n\n"
           "MEANS.csv has one row per agent and one column per arm, numbers in (0,1)\n"
           "('#' lines are comments). A PrefLib .soc/.soi file gives one agent per\n"
           "voter with means 0.9/0.63/0.37/0.1 by rank (4 alternatives).\n\n"
           "--table prints Table 1 of the paper (mean and sd of the PF/EF/UF scores of\n"
           "each policy) from the bandit-opt jobs of a finished sweep; --where keeps\n"
           "only the jobs whose parameter NAME has VALUE (repeatable).\n\n"
           "Options:\n"
           "  --policy P     pf (default), ef, uf, nsw, ggi or all\n"
           "  --format F     text (default) or json\n"
           "  --sample N     PrefLib voters drawn uniformly without replacement (default: all)\n"
           "  --seed S       seed of that draw (default 42)\n\n"
           "Examples:\n"
           "  fairsweep bandit means.csv --policy pf\n"
           "  fairsweep bandit --preflib dots.soc --sample 50 --policy all --format json\n"
           "  fairsweep bandit --table procedural.h5 --where prefs=mallows\n");
}

static int parse_args(int argc, char **argv, struct bandit_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 42;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        char *end;
        if (strcmp(a, "--policy") == 0 && has) {
            const char *v = argv[++i];
            o->policy = strcmp(v, "all") == 0 ? -1 : fs_policy_parse(v);
            if (o->policy < -1 || (o->policy == -1 && strcmp(v, "all") != 0))
                return cli_usage_error("bandit", "unknown policy '%s'; use pf, ef, uf, nsw, "
                                       "ggi or all", v);
        } else if (strcmp(a, "--format") == 0 && has) {
            const char *v = argv[++i];
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
                return cli_usage_error("bandit", "unknown format '%s'; use text or json", v);
            o->json = strcmp(v, "json") == 0;
        } else if (strcmp(a, "--preflib") == 0 && has) {
            o->preflib = argv[++i];
        } else if (strcmp(a, "--table") == 0 && has) {
            o->table = argv[++i];
        } else if (strcmp(a, "--sample") == 0 && has) {
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > FS_BANDIT_MAX_DIM)
                return cli_usage_error("bandit", "--sample needs a count in 1..%d, got '%s'",
                                       FS_BANDIT_MAX_DIM, argv[i]);
            o->sample = (int)v;
        } else if (strcmp(a, "--seed") == 0 && has) {
            o->seed = strtol(argv[++i], &end, 10);
            if (*end || o->seed < 0)
                return cli_usage_error("bandit", "--seed needs a non-negative integer, "
                                       "got '%s'", argv[i]);
        } else if (strcmp(a, "--where") == 0 && has) {
            if (o->n_where == MAX_WHERE || !strchr(argv[i + 1], '='))
                return cli_usage_error("bandit", "--where needs NAME=VALUE (at most %d)",
                                       MAX_WHERE);
            o->where[o->n_where++] = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("bandit", "unknown option '%s'%s", a,
                                   has ? "" : " (or missing value)");
        } else if (!o->means) {
            o->means = a;
        } else {
            return cli_usage_error("bandit", "unexpected argument '%s'", a);
        }
    }
    int sources = (o->means != NULL) + (o->preflib != NULL) + (o->table != NULL);
    if (sources != 1)
        return cli_usage_error("bandit", "give exactly one of MEANS.csv, --preflib FILE "
                               "or --table STORE.h5");
    return 0;
}

/* ---- one instance ---- */

/* s as a JSON string literal. */
static void print_json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void print_policy(const struct bandit_opts *o, int pol, const double *p, int k,
                         const struct fs_scores *sc, int first)
{
    const char *name = fs_policy_name((enum fs_bandit_policy)pol);
    if (o->json) {
        printf("%s{\"policy\": \"%s\", \"p\": [", first ? "" : ", ", name);
        for (int j = 0; j < k; j++)
            printf("%s%.10g", j ? ", " : "", p[j]);
        printf("], \"scores\": {\"pf\": %.10g, \"ef\": %.10g, \"uf\": %.10g}}",
               sc->pf, sc->ef, sc->uf);
        return;
    }
    printf("%-4s p =", name);
    for (int j = 0; j < k; j++)
        printf(" %.6f", p[j]);
    printf("\n     scores: PF %.6f  EF %.6f  UF %.6f\n", sc->pf, sc->ef, sc->uf);
}

static int solve_instance(const struct bandit_opts *o, const fs_bandit *b,
                          const char *source, fs_err *e)
{
    int n = fs_bandit_n_agents(b), k = fs_bandit_n_arms(b);
    const double *mu = fs_bandit_means(b);
    unsigned char *fav = fs_xmalloc((size_t)n * (size_t)k);
    double *p = fs_xmalloc((size_t)k * sizeof *p);
    fs_bandit_favourites(mu, n, k, 1e-12, fav);
    struct fs_score_ref ref;
    int rc = fs_score_ref_init(mu, n, k, &ref, e);
    if (!rc) {
        if (o->json) {
            printf("{\"source\": ");
            print_json_string(source);
            printf(", \"agents\": %d, \"arms\": %d, \"d_star\": %.10g, "
                   "\"u_star\": %.10g, \"policies\": [", n, k, ref.d_star, ref.u_star);
        } else {
            printf("instance: %d agents x %d arms (%s); D* = %.6g, U* = %.6g\n", n, k,
                   source, ref.d_star, ref.u_star);
        }
    }
    int lo = o->policy < 0 ? 0 : o->policy, hi = o->policy < 0 ? FS_POLICY_COUNT : o->policy + 1;
    for (int pol = lo; pol < hi && !rc; pol++) {
        struct fs_scores sc;
        rc = fs_policy_solve((enum fs_bandit_policy)pol, mu, n, k, p, e);
        if (!rc)
            rc = fs_score_all(mu, fav, n, k, &ref, p, &sc, e);
        if (!rc)
            print_policy(o, pol, p, k, &sc, pol == lo);
    }
    if (!rc && o->json)
        printf("]}\n");
    free(fav);
    free(p);
    return rc;
}

/* ---- Table 1 from a store ---- */

static int job_matches(const struct fs_job *job, const struct bandit_opts *o)
{
    for (int w = 0; w < o->n_where; w++) {
        const char *eq = strchr(o->where[w], '=');
        char name[FS_NAME_MAX];
        snprintf(name, sizeof name, "%.*s", (int)(eq - o->where[w]), o->where[w]);
        const struct fs_param *p = fs_job_param(job, name);
        char val[32];
        if (!p)
            return 0;
        if (p->is_text)
            snprintf(val, sizeof val, "%s", p->text);
        else
            fs_job_format_number(p->num, val);
        if (strcmp(val, eq + 1) != 0)
            return 0;
    }
    return 1;
}

/* Rows of finished jobs of algorithm `algo` that pass the --where filters. */
static int row_used(const fs_store_data *d, size_t r, const char *algo,
                    const struct bandit_opts *o)
{
    return d->rows[r].status == FS_JOB_DONE && strcmp(d->jobs[r].algo, algo) == 0 &&
           job_matches(&d->jobs[r], o);
}

struct stat {
    double mean, sd;
    size_t n;
};

/* Mean and sd of value(d, r) over the used rows, NaNs skipped. */
static struct stat stat_of(const fs_store_data *d, const char *algo,
                           const struct bandit_opts *o, int metric, int curve, double frac)
{
    double sum = 0, sum2 = 0;
    size_t cnt = 0;
    for (size_t r = 0; r < d->n_jobs; r++) {
        if (!row_used(d, r, algo, o))
            continue;
        double v = NAN;
        if (metric >= 0) {
            v = d->metrics[metric][r];
        } else if (curve >= 0) { /* the curve at a fraction of its recorded points */
            size_t np = d->curve_points[curve], len = 0;
            const double *c = d->curves[curve] + r * np;
            while (len < np && !isnan(c[len]))
                len++;
            if (len)
                v = c[(size_t)ceil(frac * (double)len) - 1];
        }
        if (isnan(v))
            continue;
        sum += v;
        sum2 += v * v;
        cnt++;
    }
    struct stat st = {cnt ? sum / cnt : NAN,
                      cnt > 1 ? sqrt(fmax(0, (sum2 - sum * sum / cnt) / (cnt - 1))) : NAN, cnt};
    return st;
}

static void print_cell(const struct stat *st, int json, const char *name, int first, int digits)
{
    if (json)
        printf("%s\"%s\": {\"mean\": %.6g, \"sd\": %.6g}", first ? "" : ", ", name, st->mean,
               st->sd);
    else
        printf(" %.*f ± %.*f |", digits, st->mean, digits, st->sd);
}

/* Table 1: mean and sd of each policy's PF/EF/UF scores over bandit-opt jobs. */
static size_t print_policy_table(const fs_store_data *d, const struct bandit_opts *o)
{
    static const char *const scores[3] = {"pf", "ef", "uf"};
    static const char *const labels[FS_POLICY_COUNT] = {"PF", "EF", "UF", "NSW", "GGI"};
    struct stat st[FS_POLICY_COUNT][3];
    size_t used = 0;
    for (int pol = 0; pol < FS_POLICY_COUNT; pol++)
        for (int q = 0; q < 3; q++) {
            char name[FS_NAME_MAX];
            snprintf(name, sizeof name, "%s_%s", fs_policy_name((enum fs_bandit_policy)pol),
                     scores[q]);
            int m = fs_store_data_metric(d, name);
            st[pol][q] = m < 0 ? (struct stat){NAN, NAN, 0}
                               : stat_of(d, "bandit-opt", o, m, -1, 0);
            if (st[pol][q].n > used)
                used = st[pol][q].n;
        }
    if (!used)
        return 0;
    if (o->json) {
        printf("\"settings\": %zu, \"policies\": {", used);
        for (int pol = 0; pol < FS_POLICY_COUNT; pol++) {
            printf("%s\"%s\": {", pol ? ", " : "", fs_policy_name((enum fs_bandit_policy)pol));
            for (int q = 0; q < 3; q++)
                print_cell(&st[pol][q], 1, scores[q], q == 0, 6);
            printf("}");
        }
        printf("}");
        return used;
    }
    printf("Optimal policies, %zu settings (bandit-opt; mean ± sd)\n\n"
           "| policy | PF score | EF score | UF score |\n|---|---|---|---|\n", used);
    for (int pol = 0; pol < FS_POLICY_COUNT; pol++) {
        printf("| %s |", labels[pol]);
        for (int q = 0; q < 3; q++)
            print_cell(&st[pol][q], 0, NULL, 0, 3);
        printf("\n");
    }
    return used;
}

/* The learners: final regret (and at 10% and 50% of the run), final
 * scores, forced-exploration rounds. */
static size_t print_learning_table(const fs_store_data *d, const struct bandit_opts *o,
                                   int blank_line)
{
    static const char *const algos[3] = {"bandit-pf", "bandit-ef", "bandit-uf"};
    static const char *const metrics[5] = {"pf_score", "ef_score", "uf_score", "explore_rounds",
                                           "regret"};
    int rc_curve = fs_store_data_curve(d, "regret");
    size_t total = 0;
    int shown = 0;
    for (int a = 0; a < 3; a++) {
        struct stat st[8];
        for (int m = 0; m < 5; m++) {
            int idx = fs_store_data_metric(d, metrics[m]);
            st[m] = idx < 0 ? (struct stat){NAN, NAN, 0} : stat_of(d, algos[a], o, idx, -1, 0);
        }
        st[5] = stat_of(d, algos[a], o, -1, rc_curve, 0.1);
        st[6] = stat_of(d, algos[a], o, -1, rc_curve, 0.5);
        if (st[4].n == 0)
            continue;
        total += st[4].n;
        if (o->json) {
            printf("%s\"%s\": {\"jobs\": %zu", shown ? ", " : "", algos[a],
                   st[4].n);
            const char *names[7] = {"pf_score", "ef_score", "uf_score", "explore_rounds",
                                    "regret", "regret_10pct", "regret_50pct"};
            for (int m = 0; m < 7; m++)
                print_cell(&st[m], 1, names[m], 0, 6);
            printf("}");
        } else {
            if (!shown)
                printf("%sLearning (Algorithm 1; mean ± sd over jobs; regret of the learner's own "
                       "notion)\n\n| learner | jobs | regret @10%% | regret @50%% | regret "
                       "(final) | PF score | EF score | UF score | explore rounds |\n"
                       "|---|---|---|---|---|---|---|---|---|\n",
                       blank_line ? "\n" : "");
            printf("| %s | %zu |", algos[a], st[4].n);
            print_cell(&st[5], 0, NULL, 0, 3);
            print_cell(&st[6], 0, NULL, 0, 3);
            print_cell(&st[4], 0, NULL, 0, 3);
            for (int m = 0; m < 4; m++)
                print_cell(&st[m], 0, NULL, 0, m == 3 ? 0 : 3);
            printf("\n");
        }
        shown = 1;
    }
    return total;
}

static int print_table(const struct bandit_opts *o, fs_err *e)
{
    fs_store_data *d = NULL;
    int rc = fs_store_open_read(o->table, &d, e);
    if (rc)
        return rc;
    if (o->json) {
        printf("{\"store\": ");
        print_json_string(o->table);
        printf(", ");
    } else {
        printf("%s", o->table);
        for (int w = 0; w < o->n_where; w++)
            printf(", %s", o->where[w]);
        printf("\n\n");
    }
    size_t opt = print_policy_table(d, o);
    if (o->json)
        printf("%s\"learners\": {", opt ? ", " : "");
    size_t learn = print_learning_table(d, o, opt > 0);
    if (o->json)
        printf("}}\n");
    if (!opt && !learn)
        rc = fs_err_set(e, FS_ENOTFOUND, "%s: no finished bandit job matches", o->table);
    fs_store_data_destroy(&d);
    return rc;
}

int cmd_bandit(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        bandit_usage();
        return 0;
    }
    struct bandit_opts o;
    int urc = parse_args(argc, argv, &o);
    if (urc)
        return urc;
    fs_err e = {0};
    int rc = FS_OK;
    if (o.table) {
        rc = print_table(&o, &e);
    } else if (o.preflib) {
        fs_preflib *pl = NULL;
        fs_bandit *b = NULL;
        fs_rng r;
        fs_rng_init(&r, (uint64_t)o.seed, 0, FS_RNG_USER);
        rc = fs_preflib_load(o.preflib, &pl, &e);
        if (!rc)
            rc = fs_preflib_bandit(pl, o.sample, &r, &b, &e);
        if (!rc)
            rc = solve_instance(&o, b, o.preflib, &e);
        fs_bandit_destroy(&b);
        fs_preflib_destroy(&pl);
    } else {
        fs_bandit *b = NULL;
        rc = fs_bandit_load_csv(o.means, &b, &e);
        if (!rc)
            rc = solve_instance(&o, b, o.means, &e);
        fs_bandit_destroy(&b);
    }
    return rc ? cli_report(&e) : 0;
}
