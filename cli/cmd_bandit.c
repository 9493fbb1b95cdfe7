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

static int print_table(const struct bandit_opts *o, fs_err *e)
{
    fs_store_data *d = NULL;
    int rc = fs_store_open_read(o->table, &d, e);
    if (rc)
        return rc;
    static const char *const scores[3] = {"pf", "ef", "uf"};
    static const char *const labels[FS_POLICY_COUNT] = {"PF", "EF", "UF", "NSW", "GGI"};
    double mean[FS_POLICY_COUNT][3], sd[FS_POLICY_COUNT][3];
    size_t used = 0;
    for (int pol = 0; pol < FS_POLICY_COUNT && !rc; pol++)
        for (int s = 0; s < 3 && !rc; s++) {
            char name[FS_NAME_MAX];
            snprintf(name, sizeof name, "%s_%s", fs_policy_name((enum fs_bandit_policy)pol),
                     scores[s]);
            int m = fs_store_data_metric(d, name);
            if (m < 0) {
                rc = fs_err_set(e, FS_ENOTFOUND, "%s: no metric '%s'; is it a bandit-opt sweep?",
                                o->table, name);
                break;
            }
            double sum = 0, sum2 = 0;
            size_t cnt = 0;
            for (size_t r = 0; r < d->n_jobs; r++) {
                double v = d->metrics[m][r];
                if (d->rows[r].status != FS_JOB_DONE || isnan(v) ||
                    strcmp(d->jobs[r].algo, "bandit-opt") != 0 || !job_matches(&d->jobs[r], o))
                    continue;
                sum += v;
                sum2 += v * v;
                cnt++;
            }
            used = cnt;
            mean[pol][s] = cnt ? sum / cnt : NAN;
            sd[pol][s] = cnt > 1 ? sqrt(fmax(0, (sum2 - sum * sum / cnt) / (cnt - 1))) : NAN;
        }
    if (!rc && used == 0)
        rc = fs_err_set(e, FS_ENOTFOUND, "%s: no finished bandit-opt job matches", o->table);
    if (!rc && o->json) {
        printf("{\"store\": ");
        print_json_string(o->table);
        printf(", \"settings\": %zu, \"policies\": {", used);
        for (int pol = 0; pol < FS_POLICY_COUNT; pol++) {
            printf("%s\"%s\": {", pol ? ", " : "", fs_policy_name((enum fs_bandit_policy)pol));
            for (int s = 0; s < 3; s++)
                printf("%s\"%s\": {\"mean\": %.6f, \"sd\": %.6f}", s ? ", " : "", scores[s],
                       mean[pol][s], sd[pol][s]);
            printf("}");
        }
        printf("}}\n");
    } else if (!rc) {
        printf("%zu settings (%s", used, o->table);
        for (int w = 0; w < o->n_where; w++)
            printf(", %s", o->where[w]);
        printf(")\n\n| policy | PF score | EF score | UF score |\n|---|---|---|---|\n");
        for (int pol = 0; pol < FS_POLICY_COUNT; pol++) {
            printf("| %s |", labels[pol]);
            for (int s = 0; s < 3; s++)
                printf(" %.3f ± %.3f |", mean[pol][s], sd[pol][s]);
            printf("\n");
        }
    }
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
