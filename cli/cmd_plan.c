/* cli/cmd_plan.c - `fairsweep plan CONFIG`: what a sweep would run. */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envs/env.h"
#include "jobs/config.h"
#include "learners/learner.h"

/* One parameter: "name  type, default D: help". */
static void print_param(const struct fs_param_spec *p)
{
    static const char *const types[] = {"number", "integer", "true/false", "text"};
    char d[32] = "required";
    if (p->type == FS_PARAM_TEXT)
        snprintf(d, sizeof d, "%.*s", (int)strcspn(p->choices, "|"), p->choices);
    else if (!isnan(p->dflt))
        fs_job_format_number(p->dflt, d);
    printf("      %-14s %s%s%s, default %s: %s\n", p->name, types[p->type],
           p->type == FS_PARAM_TEXT ? " " : "", p->type == FS_PARAM_TEXT ? p->choices : "",
           d, p->help ? p->help : "");
}

static void print_algorithms(void)
{
    printf("\nAlgorithms and their parameters:\n");
    for (size_t i = 0; i < fs_learner_count(); i++) {
        const struct fs_learner *l = fs_learner_at(i);
        printf("  %s - %s\n", l->name, l->summary ? l->summary : "");
        for (int k = 0; k < l->n_params; k++)
            print_param(&l->params[k]);
    }
    printf("\nEnvironments:");
    for (size_t i = 0; i < fs_env_count(); i++)
        printf(" %s", fs_env_at(i)->name);
    printf("\n");
}

static void plan_usage(void)
{
    printf("usage: fairsweep plan CONFIG [--ranks N]\n\n"
           "Check a sweep config and show what it would run: the number of jobs,\n"
           "the jobs per condition, example job keys with their ids, and the\n"
           "estimated cost (from the algorithms' own estimates).\n\n"
           "Options:\n"
           "  --ranks N   MPI ranks to estimate the wall time for (default 1)\n\n"
           "Example:\n"
           "  fairsweep plan experiments/synthetic.yaml --ranks 8\n\n"
           "The config format is described in docs/config.md.\n");
    print_algorithms();
}

static void print_duration(double s)
{
    if (s < 120)
        printf("%.3g s", s);
    else if (s < 7200)
        printf("%.1f min", s / 60);
    else
        printf("%.1f h", s / 3600);
}

static void print_plan(const fs_sweep *s, long ranks)
{
    size_t n_jobs, n_conds, n_seeds;
    const struct fs_job *jobs = fs_sweep_jobs(s, &n_jobs);
    const struct fs_sweep_condition *conds = fs_sweep_conditions(s, &n_conds);
    fs_sweep_seeds(s, &n_seeds);
    printf("sweep:      %s (%s)\n", fs_sweep_settings(s)->name, fs_sweep_path(s));
    size_t n_envs = fs_sweep_env_count(s);
    size_t variants = n_jobs / (n_conds * n_envs * n_seeds);
    printf("jobs:       %zu = %zu condition%s x %zu env%s", n_jobs, n_conds,
           n_conds == 1 ? "" : "s", n_envs, n_envs == 1 ? "" : "s");
    if (variants > 1)
        printf(" x %zu env_params points", variants);
    printf(" x %zu seed%s\n", n_seeds, n_seeds == 1 ? "" : "s");
    printf("envs:      ");
    for (size_t i = 0; i < fs_sweep_env_count(s); i++)
        printf(" %s", fs_sweep_env(s, i));
    const struct fs_settings *st = fs_sweep_settings(s);
    printf("\nbudget:     %lld env steps per job, ", (long long)st->env_steps);
    if (st->eval_every > 0)
        printf("evaluation every %lld steps", (long long)st->eval_every);
    else
        printf("evaluation at the end");
    printf(" (%d episodes)\nlimits:     ", st->eval_episodes);
    if (st->time_limit_s > 0)
        printf("%g s", st->time_limit_s);
    else
        printf("no time limit");
    if (st->mem_limit_mb > 0)
        printf(", %g MiB", st->mem_limit_mb);
    else
        printf(", no memory limit");
    printf(", %d attempt%s per job\n", st->max_attempts, st->max_attempts == 1 ? "" : "s");
    printf("settings:   hash %016llx\n", (unsigned long long)fs_sweep_settings_hash(s));
    printf("\n%-60s %8s\n", "condition", "jobs");
    for (size_t i = 0; i < n_conds; i++)
        printf("%-60s %8zu\n", conds[i].label, conds[i].n_jobs);
    printf("\nexample jobs:\n");
    for (size_t i = 0; i < n_jobs && i < 3; i++) {
        size_t k = n_jobs <= 3 ? i : i * (n_jobs - 1) / 2;
        printf("  %016llx  %s\n", (unsigned long long)jobs[k].id, jobs[k].key);
    }
    size_t known;
    double cost = fs_sweep_cost(s, &known);
    if (known == 0) {
        printf("\nestimated cost: unknown (no algorithm gives an estimate)\n");
        return;
    }
    printf("\nestimated cost: %.3g core-hours", cost / 3600);
    if (known < n_jobs)
        printf(" (for %zu of %zu jobs)", known, n_jobs);
    /* Ranks share the jobs, but no sweep ends before its longest job. */
    double longest = 0;
    for (size_t i = 0; i < n_jobs; i++) {
        const struct fs_learner *l = fs_learner_find(jobs[i].algo);
        double c = l && l->cost ? l->cost(&jobs[i], fs_sweep_settings(s)) : 0;
        longest = c > longest ? c : longest;
    }
    double wall = cost / (double)ranks;
    printf("; wall time on %ld rank%s: ", ranks, ranks == 1 ? "" : "s");
    print_duration(wall > longest ? wall : longest);
    printf("\n");
}

int cmd_plan(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        plan_usage();
        return 0;
    }
    const char *config = NULL;
    long ranks = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--ranks") == 0) {
            char *end = NULL;
            if (i + 1 >= argc || (ranks = strtol(argv[i + 1], &end, 10)) < 1 || *end)
                return cli_usage_error("plan", "--ranks needs a whole number >= 1");
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("plan", "unknown option '%s'", argv[i]);
        } else if (config) {
            return cli_usage_error("plan", "unexpected argument '%s'", argv[i]);
        } else {
            config = argv[i];
        }
    }
    if (!config)
        return cli_usage_error("plan", "missing CONFIG (a sweep YAML file)");
    fs_err e = {0};
    fs_sweep *s = NULL;
    if (fs_sweep_load(config, &s, &e))
        return cli_report(&e);
    print_plan(s, ranks);
    fs_sweep_destroy(&s);
    return 0;
}
