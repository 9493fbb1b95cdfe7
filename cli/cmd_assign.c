/* cli/cmd_assign.c - `fairsweep assign COSTS.csv --model M`: solve one task
 * assignment instance and print the assignment with its efficiency and
 * fairness measures (seed 004). */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/assign.h"
#include "learners/assign.h"

static void assign_usage(void)
{
    printf("usage: fairsweep assign COSTS.csv --model MODEL [--alpha A] [--nash-m M]\n"
           "                        [--raf quad|abs] [--raf-max-n N] [--format text|json]\n"
           "       fairsweep assign --matrix '1,2;3,4' --model MODEL ...\n\n"
           "Solve one one-on-one task assignment problem (costs are minimised) and\n"
           "print the assignment (agent -> task), the total cost, the worst-off cost\n"
           "and the measures Eff, EFM, RAF, OROCF with their lower-bound ratios\n"
           "(Lujak et al., seed 004). COSTS.csv has one row per agent and one column\n"
           "per task (comma separated; '#' lines and blank lines are skipped); a\n"
           "rectangular matrix is padded with zero-cost dummies.\n\n"
           "Options:\n"
           "  --model M      lsap | nash | efum | bottleneck | rafmin | rafmax\n"
           "  --alpha A      EFUM fairness weight in [0, 1] (default 0.5)\n"
           "  --nash-m M     the Nash model's M (default: largest cost + 1)\n"
           "  --raf K        RAF with squared (quad, default) or absolute differences\n"
           "  --raf-max-n N  largest n for the exponential RAF bounds (default 10);\n"
           "                 above it RAF is reported as null, its ratio still given\n"
           "  --format F     text (default) or json\n\n"
           "Example:\n"
           "  printf '50,60,70\\n30,40,50\\n10,50,30\\n' > t1.csv\n"
           "  fairsweep assign t1.csv --model efum --alpha 0.5\n");
}

struct assign_opts {
    const char *path, *matrix, *model, *raf, *format;
    double alpha, nash_m;
    int raf_max_n;
};

static int parse_number(const char *opt, const char *text, double lo, double hi,
                        double *out)
{
    char *end;
    double x = strtod(text, &end);
    if (!*text || *end || !(x >= lo && x <= hi))
        return cli_usage_error("assign", "%s: expected a number in [%g, %g], got '%s'",
                               opt, lo, hi, text);
    *out = x;
    return 0;
}

static int parse_args(int argc, char **argv, struct assign_opts *o)
{
    *o = (struct assign_opts){.raf = "quad", .format = "text", .alpha = 0.5,
                              .raf_max_n = 10};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int takes_value = a[0] == '-' && a[1] == '-';
        if (takes_value && i + 1 >= argc)
            return cli_usage_error("assign", "%s needs a value", a);
        double x;
        if (strcmp(a, "--model") == 0)
            o->model = argv[++i];
        else if (strcmp(a, "--matrix") == 0)
            o->matrix = argv[++i];
        else if (strcmp(a, "--raf") == 0)
            o->raf = argv[++i];
        else if (strcmp(a, "--format") == 0)
            o->format = argv[++i];
        else if (strcmp(a, "--alpha") == 0) {
            if (parse_number(a, argv[++i], 0, 1, &o->alpha))
                return 2;
        } else if (strcmp(a, "--nash-m") == 0) {
            if (parse_number(a, argv[++i], 0, INFINITY, &o->nash_m))
                return 2;
        } else if (strcmp(a, "--raf-max-n") == 0) {
            if (parse_number(a, argv[++i], 1, 14, &x))
                return 2;
            o->raf_max_n = (int)x;
        } else if (a[0] == '-' && a[1])
            return cli_usage_error("assign", "unknown option '%s'", a);
        else if (o->path)
            return cli_usage_error("assign", "unexpected argument '%s'", a);
        else
            o->path = a;
    }
    if (!o->path == !o->matrix)
        return cli_usage_error("assign", "give either COSTS.csv or --matrix");
    if (!o->model)
        return cli_usage_error("assign", "--model is required");
    static const char *const models[] = {"lsap", "nash", "efum", "bottleneck",
                                         "rafmin", "rafmax"};
    int ok = 0;
    for (size_t k = 0; k < sizeof models / sizeof models[0]; k++)
        ok |= strcmp(o->model, models[k]) == 0;
    if (!ok)
        return cli_usage_error("assign", "--model: '%s' is not one of "
                               "lsap|nash|efum|bottleneck|rafmin|rafmax", o->model);
    if (strcmp(o->raf, "quad") != 0 && strcmp(o->raf, "abs") != 0)
        return cli_usage_error("assign", "--raf: '%s' is not quad or abs", o->raf);
    if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
        return cli_usage_error("assign", "--format: '%s' is not text or json", o->format);
    return 0;
}

static int solve(const struct fs_assign_inst *inst, const struct assign_opts *o,
                 int *p, fs_err *e)
{
    int raf = strcmp(o->raf, "abs") == 0 ? FS_RAF_ABS : FS_RAF_QUAD;
    double w;
    if (strcmp(o->model, "lsap") == 0)
        return fs_assign_lsap(inst, p, e);
    if (strcmp(o->model, "nash") == 0)
        return fs_assign_nash(inst, o->nash_m, p, e);
    if (strcmp(o->model, "efum") == 0)
        return fs_assign_efum(inst, o->alpha, p, NULL, e);
    if (strcmp(o->model, "bottleneck") == 0)
        return fs_assign_bottleneck(inst, p, e);
    if (strcmp(o->model, "rafmin") == 0)
        return raf == FS_RAF_QUAD ? fs_raf_quad_min(inst, &w, p, e)
                                  : fs_raf_abs_milp(inst, 0, 0, &w, p, e);
    return raf == FS_RAF_QUAD ? fs_raf_quad_max(inst, o->raf_max_n, &w, p, e)
                              : fs_raf_abs_max(inst, o->raf_max_n, &w, p, e);
}

/* A JSON number; null when not computed (NaN) or unbounded (a ratio to a
 * zero lower bound). */
static void put_json_num(double x)
{
    if (isfinite(x))
        printf("%.10g", x);
    else
        printf("null");
}

static void print_text(const struct fs_assign_inst *inst, const int *p,
                       const struct assign_opts *o, const struct fs_assign_measures *m)
{
    printf("model %s", o->model);
    if (strcmp(o->model, "efum") == 0)
        printf(" (alpha %g)", o->alpha);
    printf(", %d agents x %d tasks\n\nagent -> task  cost\n", inst->agents, inst->tasks);
    for (int a = 0; a < inst->agents; a++) {
        if (p[a] < inst->tasks)
            printf("%5d -> %-5d %g\n", a, p[a], inst->cost[(size_t)a * inst->n + p[a]]);
        else
            printf("%5d -> none  (dummy task)\n", a);
    }
    const struct {
        const char *name;
        double v, lb;
    } rows[] = {{"total cost", m->z, NAN}, {"worst-off cost", m->c_wo, NAN},
                {"Eff", m->eff, m->eff_lb}, {"EFM", m->efm, m->efm_lb},
                {"RAF", m->raf, m->raf_lb}, {"OROCF", m->orocf, m->orocf_lb}};
    printf("\n%-16s %14s %14s\n", "", "value", "/ lower bound");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        printf("%-16s %14.6g ", rows[i].name, rows[i].v);
        if (isnan(rows[i].lb))
            printf("%14s\n", "");
        else
            printf("%14.6g\n", rows[i].lb);
    }
    if (isnan(m->raf))
        printf("(RAF needs w_max, computed only for n <= %d: --raf-max-n)\n", o->raf_max_n);
}

static void print_json(const struct fs_assign_inst *inst, const int *p,
                       const struct assign_opts *o, const struct fs_assign_measures *m)
{
    printf("{\"model\": \"%s\", \"alpha\": %g, \"agents\": %d, \"tasks\": %d, "
           "\"assignment\": [", o->model, o->alpha, inst->agents, inst->tasks);
    for (int a = 0; a < inst->agents; a++)
        printf(a ? ", %d" : "%d", p[a] < inst->tasks ? p[a] : -1);
    printf("]");
    const struct {
        const char *name;
        double v;
    } f[] = {{"total_cost", m->z}, {"worst_off_cost", m->c_wo}, {"eff", m->eff},
             {"efm", m->efm}, {"raf", m->raf}, {"orocf", m->orocf},
             {"eff_lb", m->eff_lb}, {"efm_lb", m->efm_lb}, {"raf_lb", m->raf_lb},
             {"orocf_lb", m->orocf_lb}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        printf(", \"%s\": ", f[i].name);
        put_json_num(f[i].v);
    }
    printf(", \"raf_kind\": \"%s\"}\n", o->raf);
}

int cmd_assign(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        assign_usage();
        return 0;
    }
    struct assign_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;
    struct fs_assign_inst inst = {0};
    fs_err e = {0};
    rc = o.path ? fs_assign_load_csv(&inst, o.path, &e)
                : fs_assign_parse_inline(&inst, o.matrix, &e);
    int *p = NULL;
    struct fs_assign_bounds b;
    if (!rc) {
        p = fs_xmalloc((size_t)inst.n * sizeof *p);
        rc = solve(&inst, &o, p, &e);
    }
    if (!rc)
        rc = fs_assign_bounds_compute(&inst, strcmp(o.raf, "abs") == 0 ? FS_RAF_ABS
                                                                      : FS_RAF_QUAD,
                                      o.raf_max_n, 0, &b, &e);
    if (!rc) {
        struct fs_assign_measures m;
        fs_assign_measure(&inst, p, &b, &m);
        if (strcmp(o.format, "json") == 0)
            print_json(&inst, p, &o, &m);
        else
            print_text(&inst, p, &o, &m);
    }
    free(p);
    fs_assign_clear(&inst);
    return rc ? cli_report(&e) : 0;
}
