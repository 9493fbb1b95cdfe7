/* cli/main.c - `fairsweep COMMAND ...`: find the command and run it. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const struct cli_command commands[] = {
    {"plan", "check a sweep config; show its jobs and estimated cost", cmd_plan},
    {"run", "run (or resume) a sweep: [mpirun -np N] fairsweep run CONFIG -o STORE",
     cmd_run},
    {"status", "done / failed / pending jobs of a store, per condition", cmd_status},
    {"analyze", "summaries and significance tests per condition: fairsweep analyze STORE",
     cmd_analyze},
    {"report", "Markdown report with plots: fairsweep report STORE -d DIR", cmd_report},
    {"export", "write a store's results as CSV", cmd_export},
    {"slurm", "write/submit the sbatch script that runs a sweep to completion", cmd_slurm},
    {"stats", "compare two samples (t, rank, permutation tests, bootstrap CI, effect sizes)",
     cmd_stats},
    {"bandit", "optimal fair policies of one bandit instance; Table 1 of a sweep", cmd_bandit},
    {"assign", "solve one task assignment (CSV costs) and print its fairness measures",
     cmd_assign},
    {"version", "print the version", cmd_version},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void print_help(FILE *out)
{
    fprintf(out,
            "usage: fairsweep COMMAND [OPTIONS]\n\n"
            "Fairness experiments in multi-agent learning, at HPC scale.\n\n"
            "Commands:\n");
    for (int i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'fairsweep COMMAND --help' describes one command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return 0;
    }
    if (strcmp(argv[1], "__job-runner") == 0) /* internal: see jobs/exec.h */
        return cmd_job_runner(argc - 1, argv + 1);
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv + 1);
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "fairsweep: unknown command '%s'; commands:", argv[1]);
    for (int i = 0; i < N_COMMANDS; i++)
        fprintf(stderr, " %s", commands[i].name);
    fprintf(stderr, "\n");
    return 2;
}
