/* cli/cmd_stats.c - `fairsweep stats TEST A B`: compare two samples read
 * from text files (one number per line) with a significance test, a
 * bootstrap interval or effect sizes, and print text or JSON. */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bootstrap.h"
#include "analysis/desc.h"
#include "analysis/effect.h"
#include "analysis/mwu.h"
#include "analysis/permtest.h"
#include "analysis/ttest.h"
#include "analysis/wilcoxon.h"
#include "core/rng.h"

#define CMD "stats"

static const char *const usage_text =
    "usage: fairsweep stats TEST A B [options]\n"
    "\n"
    "Compare sample A with sample B. A and B are text files with one number\n"
    "per line (blank lines are skipped); either one may be '-' for stdin.\n"
    "\n"
    "Tests:\n"
    "  welch         Welch's unequal-variance t-test (recommended default)\n"
    "  student       Student's pooled-variance t-test (SciPy's ttest_ind)\n"
    "  paired-t      paired t-test on A - B (equal lengths)\n"
    "  mwu           Mann-Whitney U (exact for small samples without ties)\n"
    "  wilcoxon      Wilcoxon signed-rank on A - B (equal lengths)\n"
    "  perm          permutation test of mean(A) - mean(B)\n"
    "  bootstrap-ci  bootstrap CI of mean(A) - mean(B) (BCa or percentile)\n"
    "  effect        effect sizes only: Cohen's d, Hedges' g, Cliff's delta,\n"
    "                Vargha-Delaney A12\n"
    "\n"
    "Options:\n"
    "  --alternative two-sided|less|greater   (default two-sided; 'less'\n"
    "                means A tends to be smaller than B)\n"
    "  --method M     mwu/wilcoxon: auto|exact|asymptotic (default auto);\n"
    "                 bootstrap-ci: bca|percentile (default bca)\n"
    "  --resamples N  perm: largest number of splits enumerated, else random\n"
    "                 draws; bootstrap-ci: replicates (default 9999)\n"
    "  --seed S       random stream seed for perm/bootstrap-ci (default 0)\n"
    "  --level L      confidence level of bootstrap-ci (default 0.95)\n"
    "  --format text|json   output format (default text)\n"
    "\n"
    "Every result also reports the means and the four effect sizes.\n"
    "Exit status: 0 ok, 2 bad usage or bad input (e.g. 'a.txt:3: not a\n"
    "number: 'xyz''), 1 other failures.\n"
    "\n"
    "Example:\n"
    "  fairsweep stats welch qmix.txt fen.txt --format json\n"
    "  fairsweep stats bootstrap-ci qmix.txt fen.txt --resamples 20000 --seed 7\n";

enum test_kind {
    T_WELCH, T_STUDENT, T_PAIRED, T_MWU, T_WILCOXON, T_PERM, T_BOOT, T_EFFECT
};

static const struct {
    const char *name;
    enum test_kind kind;
} tests[] = {
    {"welch", T_WELCH}, {"student", T_STUDENT}, {"paired-t", T_PAIRED},
    {"mwu", T_MWU}, {"wilcoxon", T_WILCOXON}, {"perm", T_PERM},
    {"bootstrap-ci", T_BOOT}, {"effect", T_EFFECT},
};
enum { N_TESTS = sizeof tests / sizeof tests[0] };

struct sample {
    const char *path;     /* as given; "-" for stdin */
    const char *label;    /* for messages: the path or "<stdin>" */
    double *v;
    size_t n;
};

struct options {
    const char *test_name;
    enum test_kind kind;
    fs_alternative alt;
    const char *method;
    unsigned long long resamples;
    unsigned long long seed;
    double level;
    int json;
};

/* Strip leading/trailing white space in place; returns the start. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                     s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Read one number per line. Returns 0, or prints the error and returns an
 * exit code (2 for bad content, 1 for I/O). */
static int read_sample(struct sample *s)
{
    int from_stdin = strcmp(s->path, "-") == 0;
    const char *label = s->label = from_stdin ? "<stdin>" : s->path;
    FILE *f = from_stdin ? stdin : fopen(s->path, "r");
    if (!f) {
        fprintf(stderr, "fairsweep: cannot open %s: %s\n", s->path,
                strerror(errno));
        return 2;
    }
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    long lineno = 0;
    int rc = 0;
    s->v = NULL;
    s->n = 0;
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        char *t = trim(line);
        if (*t == '\0')
            continue;
        char *end;
        errno = 0;
        double v = strtod(t, &end);
        if (end == t || *end != '\0' || isnan(v)) {
            fprintf(stderr, "%s:%ld: not a number: '%s'\n", label, lineno, t);
            rc = 2;
            break;
        }
        if (isinf(v)) {
            fprintf(stderr, "%s:%ld: not a finite number: '%s'\n", label,
                    lineno, t);
            rc = 2;
            break;
        }
        if (s->n == alloc) {
            alloc = alloc ? 2 * alloc : 64;
            s->v = fs_xrealloc(s->v, alloc * sizeof *s->v);
        }
        s->v[s->n++] = v;
    }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, "fairsweep: error reading %s\n", label);
        rc = 1;
    }
    if (rc == 0 && s->n == 0) {
        fprintf(stderr, "%s: no numbers\n", label);
        rc = 2;
    }
    free(line);
    if (!from_stdin)
        fclose(f);
    return rc;
}

static int parse_uint(const char *opt, const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (*s == '-' || *s == '\0')
        return cli_usage_error(CMD, "%s needs a non-negative integer, got '%s'",
                               opt, s);
    *out = strtoull(s, &end, 10);
    if (*end != '\0' || errno)
        return cli_usage_error(CMD, "%s needs a non-negative integer, got '%s'",
                               opt, s);
    return 0;
}

/* Parse argv into o and the two paths. Returns 0 or an exit code. */
static int parse_args(int argc, char **argv, struct options *o,
                      const char *pos[3])
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0) {
            if (strcmp(a, "--") == 0)
                continue;
            if (npos == 3)
                return cli_usage_error(CMD, "unexpected argument '%s'", a);
            pos[npos++] = a;
            continue;
        }
        const char *val = NULL;
        char name[32];
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        if (len >= sizeof name)
            return cli_usage_error(CMD, "unknown option '%s'", a);
        memcpy(name, a, len);
        name[len] = '\0';
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else
            return cli_usage_error(CMD, "%s needs a value", name);
        int rc = 0;
        fs_err e = {0};
        if (strcmp(name, "--alternative") == 0) {
            if (fs_alternative_parse(val, &o->alt, &e))
                return cli_usage_error(CMD, "%s", e.msg);
        } else if (strcmp(name, "--method") == 0) {
            o->method = val;
        } else if (strcmp(name, "--resamples") == 0) {
            rc = parse_uint(name, val, &o->resamples);
        } else if (strcmp(name, "--seed") == 0) {
            rc = parse_uint(name, val, &o->seed);
        } else if (strcmp(name, "--level") == 0) {
            char *end;
            o->level = strtod(val, &end);
            if (*end != '\0' || !(o->level > 0 && o->level < 1))
                return cli_usage_error(CMD, "--level needs a number in (0, 1), "
                                       "got '%s'", val);
        } else if (strcmp(name, "--format") == 0) {
            if (strcmp(val, "json") == 0)
                o->json = 1;
            else if (strcmp(val, "text") == 0)
                o->json = 0;
            else
                return cli_usage_error(CMD, "--format is text or json, got "
                                       "'%s'", val);
        } else {
            return cli_usage_error(CMD, "unknown option '%s'", name);
        }
        if (rc)
            return rc;
    }
    if (npos < 3)
        return cli_usage_error(CMD, "expected TEST A B");
    o->test_name = pos[0];
    for (int t = 0; t < N_TESTS; t++)
        if (strcmp(pos[0], tests[t].name) == 0) {
            o->kind = tests[t].kind;
            return 0;
        }
    return cli_usage_error(CMD, "unknown test '%s' (welch, student, paired-t, "
                           "mwu, wilcoxon, perm, bootstrap-ci, effect)",
                           pos[0]);
}

/* ---- output ------------------------------------------------------------ */

static void json_num(const char *key, double v, int comma)
{
    if (isfinite(v))
        printf("\"%s\": %.17g", key, v);
    else
        printf("\"%s\": null", key);
    if (comma)
        printf(", ");
}

static void text_num(const char *label, double v)
{
    if (isnan(v))
        printf("%-14s nan\n", label);
    else
        printf("%-14s %.6g\n", label, v);
}

struct report {
    const struct options *o;
    const struct sample *a, *b;
    double mean_a, mean_b;
    fs_effect_sizes es;
    const fs_test_result *test;   /* NULL for effect / bootstrap-ci */
    const fs_boot_ci *ci;         /* bootstrap-ci only */
};

static void print_json(const struct report *r)
{
    printf("{\"test\": \"%s\", \"alternative\": \"%s\", ", r->o->test_name,
           fs_alternative_name(r->o->alt));
    printf("\"n_a\": %zu, \"n_b\": %zu, ", r->a->n, r->b->n);
    json_num("mean_a", r->mean_a, 1);
    json_num("mean_b", r->mean_b, 1);
    if (r->test) {
        json_num("statistic", r->test->statistic, 1);
        json_num("df", r->test->df, 1);
        json_num("pvalue", r->test->pvalue, 1);
        if (!isnan(r->test->zstatistic))
            json_num("zstatistic", r->test->zstatistic, 1);
        printf("\"method\": \"%s\", ", r->test->method);
        if (r->test->n_resamples)
            printf("\"n_resamples\": %zu, ", r->test->n_resamples);
    }
    if (r->ci) {
        json_num("estimate", r->ci->estimate, 1);
        printf("\"ci\": {");
        json_num("lo", r->ci->lo, 1);
        json_num("hi", r->ci->hi, 1);
        json_num("level", r->ci->level, 1);
        json_num("standard_error", r->ci->standard_error, 1);
        printf("\"n_resamples\": %zu}, \"method\": \"%s\", ",
               r->ci->n_resamples, r->ci->method);
    }
    printf("\"effect_sizes\": {");
    json_num("cohen_d", r->es.cohen_d, 1);
    json_num("hedges_g", r->es.hedges_g, 1);
    json_num("cliff_delta", r->es.cliff_delta, 1);
    json_num("a12", r->es.a12, 0);
    printf("}}\n");
}

static void print_text(const struct report *r)
{
    printf("%-14s %s (%s)\n", "test", r->o->test_name,
           fs_alternative_name(r->o->alt));
    printf("%-14s %zu / %zu\n", "n (A / B)", r->a->n, r->b->n);
    text_num("mean A", r->mean_a);
    text_num("mean B", r->mean_b);
    if (r->test) {
        text_num("statistic", r->test->statistic);
        if (!isnan(r->test->df))
            text_num("df", r->test->df);
        if (!isnan(r->test->zstatistic))
            text_num("z", r->test->zstatistic);
        text_num("p-value", r->test->pvalue);
        printf("%-14s %s\n", "method", r->test->method);
        if (r->test->n_resamples)
            printf("%-14s %zu\n", "resamples", r->test->n_resamples);
    }
    if (r->ci) {
        text_num("mean A - B", r->ci->estimate);
        printf("%-14s [%.6g, %.6g] (%g%%, %s, %zu resamples)\n", "CI",
               r->ci->lo, r->ci->hi, 100 * r->ci->level, r->ci->method,
               r->ci->n_resamples);
    }
    printf("%-14s d = %.4g (%s), g = %.4g, delta = %.4g (%s), A12 = %.4g\n",
           "effect sizes", r->es.cohen_d, fs_effect_d_magnitude(r->es.cohen_d),
           r->es.hedges_g, r->es.cliff_delta,
           fs_effect_delta_magnitude(r->es.cliff_delta), r->es.a12);
}

/* ---- running ------------------------------------------------------------ */

static int pmethod_of(const struct options *o, fs_pmethod *m)
{
    if (!o->method || strcmp(o->method, "auto") == 0)
        *m = FS_PMETHOD_AUTO;
    else if (strcmp(o->method, "exact") == 0)
        *m = FS_PMETHOD_EXACT;
    else if (strcmp(o->method, "asymptotic") == 0)
        *m = FS_PMETHOD_ASYMPTOTIC;
    else
        return cli_usage_error(CMD, "--method for %s is auto, exact or "
                               "asymptotic, got '%s'", o->test_name, o->method);
    return 0;
}

static int run_test(const struct options *o, const struct sample *a,
                    const struct sample *b, fs_test_result *tr,
                    fs_boot_ci *ci, fs_err *e)
{
    fs_pmethod pm = FS_PMETHOD_AUTO;
    fs_rng rng;
    fs_rng_init(&rng, o->seed, 0, FS_RNG_STATS);
    int paired = o->kind == T_PAIRED || o->kind == T_WILCOXON;
    if (paired && a->n != b->n)
        return fs_err_set(e, FS_ECONFIG, "%s needs samples of equal length; "
                          "%s has %zu values, %s has %zu", o->test_name,
                          a->label, a->n, b->label, b->n);
    if ((o->kind == T_MWU || o->kind == T_WILCOXON) && pmethod_of(o, &pm))
        return FS_EUSAGE;
    if (o->method && o->kind != T_MWU && o->kind != T_WILCOXON &&
        o->kind != T_BOOT) {
        cli_usage_error(CMD, "--method does not apply to %s", o->test_name);
        return FS_EUSAGE;
    }
    switch (o->kind) {
    case T_WELCH:
        return fs_stats_ttest_welch(a->v, a->n, b->v, b->n, o->alt, tr, e);
    case T_STUDENT:
        return fs_stats_ttest_student(a->v, a->n, b->v, b->n, o->alt, tr, e);
    case T_PAIRED:
        return fs_stats_ttest_paired(a->v, b->v, a->n, o->alt, tr, e);
    case T_MWU:
        return fs_stats_mannwhitneyu(a->v, a->n, b->v, b->n, o->alt, pm, 1,
                                     tr, e);
    case T_WILCOXON:
        return fs_stats_wilcoxon(a->v, b->v, a->n, o->alt, pm, 0, tr, e);
    case T_PERM:
        return fs_stats_perm_test(a->v, a->n, b->v, b->n, o->alt,
                                  (size_t)o->resamples, &rng, tr, e);
    case T_BOOT: {
        fs_boot_method bm = FS_BOOT_BCA;
        if (o->method && fs_boot_method_parse(o->method, &bm, e))
            return e->status;
        return fs_stats_bootstrap_ci(a->v, a->n, b->v, b->n,
                                     fs_stats_stat_mean_diff, NULL,
                                     (size_t)o->resamples, o->level, bm,
                                     &rng, ci, e);
    }
    default:
        return 0;
    }
}

int cmd_stats(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(usage_text, stdout);
        return 0;
    }
    struct options o = {NULL, T_WELCH, FS_TWO_SIDED, NULL, 9999, 0, 0.95, 0};
    const char *pos[3] = {NULL, NULL, NULL};
    int rc = parse_args(argc, argv, &o, pos);
    if (rc)
        return rc;
    if (strcmp(pos[1], "-") == 0 && strcmp(pos[2], "-") == 0)
        return cli_usage_error(CMD, "only one of A and B can be '-' (stdin)");
    if (o.resamples == 0 || o.resamples > SIZE_MAX / 16)
        return cli_usage_error(CMD, "--resamples must be between 1 and %zu",
                               (size_t)(SIZE_MAX / 16));
    struct sample a = {pos[1], pos[1], NULL, 0};
    struct sample b = {pos[2], pos[2], NULL, 0};
    if ((rc = read_sample(&a)) || (rc = read_sample(&b))) {
        free(a.v);
        free(b.v);
        return rc;
    }
    fs_err e = {0};
    fs_test_result tr;
    fs_boot_ci ci;
    struct report r = {&o, &a, &b, fs_stats_mean(a.v, a.n),
                       fs_stats_mean(b.v, b.n), {0, 0, 0, 0}, NULL, NULL};
    rc = run_test(&o, &a, &b, &tr, &ci, &e);
    if (rc == 0)
        rc = fs_stats_effect_sizes(a.v, a.n, b.v, b.n, &r.es, &e);
    if (rc == 0) {
        if (o.kind == T_BOOT)
            r.ci = &ci;
        else if (o.kind != T_EFFECT)
            r.test = &tr;
        if (o.json)
            print_json(&r);
        else
            print_text(&r);
    }
    free(a.v);
    free(b.v);
    if (rc == FS_EUSAGE && e.status == 0)
        return 2;   /* already reported by cli_usage_error */
    if (rc == FS_EUSAGE)
        return cli_usage_error(CMD, "%s", e.msg);
    return rc ? cli_report(&e) : 0;
}
