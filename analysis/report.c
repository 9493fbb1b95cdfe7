/* analysis/report.c - the report directory: data files, the gnuplot script
 * and its run, report.md. See report.h; the plots are in report_plots.c. */
#include "analysis/report_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { PATH_MAX_LEN = 4096 };

static const char *const KIND_TITLES[FS_PLOT_KINDS] = {
    "Learning curves", "Fairness vs utility", "Distributions per metric",
    "beta_train x beta_test"};

static const char *const UTILITY_NAMES[] = {
    "return", "utility", "reward", "welfare", "efficiency", "total_return",
    "score", NULL};
static const char *const FAIRNESS_NAMES[] = {
    "jfi", "fairness", "gini", "cv", "envy", "min_utility", "maxmin", NULL};

static int lower_is_fairer(const char *m)
{
    return strncmp(m, "gini", 4) == 0 || strncmp(m, "cv", 2) == 0 ||
           strstr(m, "envy") != NULL || strstr(m, "gap") != NULL;
}

const char *fs_report_metric_axis(const char *metric)
{
    static const struct {
        const char *name, *axis;
    } known[] = {
        {"return", "return (reward units per episode)"},
        {"reward", "reward (reward units)"},
        {"utility", "utility (utility units)"},
        {"jfi", "Jain's fairness index (1/n to 1, higher is fairer)"},
        {"gini", "Gini coefficient (0 to 1, lower is fairer)"},
        {"cv", "coefficient of variation (unitless, lower is fairer)"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(metric, known[i].name) == 0)
            return known[i].axis;
    return metric;
}

void fs_report_safe_name(const char *s, char *out, size_t n)
{
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++) {
        char ch = s[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
        out[i] = ok ? ch : '_';
    }
    out[i] = '\0';
}

void fs_report_gp_str(FILE *gp, const char *s)
{
    fputc('\'', gp);
    for (; *s; s++) {
        if (*s == '\n')
            continue;
        if (*s == '\'')
            fputc('\'', gp);
        fputc(*s, gp);
    }
    fputc('\'', gp);
}

FILE *fs_report_data_open(struct fs_report_ctx *c, const char *name,
                          fs_err *e)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/data/%s", c->dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fs_err_set(e, FS_EIO, "cannot write %s: %s", path, strerror(errno));
    return f;
}

int fs_report_data_close(FILE *f, const char *name, fs_err *e)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return fs_err_set(e, FS_EIO, "writing data/%s failed", name);
    return 0;
}

void fs_report_plot_begin(struct fs_report_ctx *c, int kind, const char *png,
                          const char *title, const char *xlabel,
                          const char *ylabel, const char *caption)
{
    if (c->n_plots == c->cap_plots) {
        c->cap_plots = c->cap_plots ? 2 * c->cap_plots : 16;
        c->plots = fs_xrealloc(c->plots, c->cap_plots * sizeof *c->plots);
    }
    struct fs_plot *p = &c->plots[c->n_plots++];
    p->kind = kind;
    snprintf(p->png, sizeof p->png, "%s", png);
    snprintf(p->caption, sizeof p->caption, "%s", caption);
    fputs("\nreset\nset grid\nset output ", c->gp);
    fs_report_gp_str(c->gp, png);
    fputs("\nset title ", c->gp);
    fs_report_gp_str(c->gp, title);
    fputs("\nset xlabel ", c->gp);
    fs_report_gp_str(c->gp, xlabel);
    fputs("\nset ylabel ", c->gp);
    fs_report_gp_str(c->gp, ylabel);
    fputc('\n', c->gp);
}

/* mkdir -p. */
static int make_dirs(const char *dir, fs_err *e)
{
    char p[PATH_MAX_LEN];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof p - 8)
        return fs_err_set(e, FS_EIO, "bad report directory '%s'", dir);
    memcpy(p, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char keep = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            return fs_err_set(e, FS_EIO, "cannot create %s: %s", p,
                              strerror(errno));
        p[i] = keep;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return fs_err_set(e, FS_EIO, "%s is not a directory", dir);
    return 0;
}

static int pick_metric(const fs_store_data *d, const char *given,
                       const char *const *names, int *out, const char *what,
                       fs_err *e)
{
    *out = -1;
    if (given) {
        *out = fs_store_data_metric(d, given);
        if (*out >= 0)
            return 0;
        char list[512] = "";
        size_t used = 0;
        for (size_t k = 0; k < d->n_metrics && used + 1 < sizeof list; k++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s",
                             k ? ", " : "", d->metric_names[k]);
            used += w > 0 ? (size_t)w : 0;
        }
        return fs_err_set(e, FS_EUSAGE, "unknown %s metric '%s'; metrics "
                          "are: %s", what, given, d->n_metrics ? list : "(none)");
    }
    for (size_t i = 0; names[i] && *out < 0; i++)
        *out = fs_store_data_metric(d, names[i]);
    return 0;
}

/* The last non-blank line of DIR/gnuplot.log (gnuplot ends with the
 * "file" line N: message line), or "". */
static void read_log_line(const char *dir, char *buf, size_t n)
{
    char path[PATH_MAX_LEN], line[512];
    snprintf(path, sizeof path, "%s/gnuplot.log", dir);
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[strspn(line, " \t^")] != '\0') {
            size_t len = strlen(line) < n - 1 ? strlen(line) : n - 1;
            memcpy(buf, line, len);
            buf[len] = '\0';
        }
    }
    fclose(f);
}

static int run_gnuplot(const struct fs_report_ctx *c, const char *exe,
                       fs_err *e)
{
    char script[PATH_MAX_LEN], log[PATH_MAX_LEN];
    snprintf(script, sizeof script, "%s/plots.gp", c->dir);
    snprintf(log, sizeof log, "%s/gnuplot.log", c->dir);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    /* gnuplot's working directory becomes the report dir (-e 'cd ...'
     * runs before the script), so the script only names files relative
     * to it and reruns from there as is. */
    char cd[2 * PATH_MAX_LEN + 8];
    size_t k = (size_t)snprintf(cd, sizeof cd, "cd '");
    for (const char *q = c->dir; *q && k + 4 < sizeof cd; q++) {
        if (*q == '\'')
            cd[k++] = '\'';
        cd[k++] = *q;
    }
    snprintf(cd + k, sizeof cd - k, "'");
    char *argv[] = {(char *)exe, (char *)"-e", cd, (char *)"plots.gp", NULL};
    pid_t pid;
    int err = posix_spawnp(&pid, exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err == ENOENT)
        return fs_err_set(e, FS_ENOTFOUND, "gnuplot not found ('%s' is not on "
                          "PATH): install it (Debian: apt-get install "
                          "gnuplot-nox) to draw the report's plots", exe);
    if (err != 0)
        return fs_err_set(e, FS_ECHILD, "cannot run %s: %s", exe,
                          strerror(err));
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return fs_err_set(e, FS_ECHILD, "waitpid: %s", strerror(errno));
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
        return fs_err_set(e, FS_ENOTFOUND, "gnuplot '%s' could not be "
                          "executed: install gnuplot-nox", exe);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        char line[256];
        read_log_line(c->dir, line, sizeof line);
        return fs_err_set(e, FS_ECHILD, "gnuplot failed (%s %d) on %s: %s; "
                          "see %s", WIFEXITED(st) ? "exit" : "signal",
                          WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
                          script, line, log);
    }
    for (size_t i = 0; i < c->n_plots; i++) {
        char png[PATH_MAX_LEN];
        struct stat sb;
        snprintf(png, sizeof png, "%s/%s", c->dir, c->plots[i].png);
        if (stat(png, &sb) != 0 || sb.st_size == 0)
            return fs_err_set(e, FS_ECHILD, "gnuplot did not write %s; see %s",
                              png, log);
    }
    return 0;
}

static void script_preamble(FILE *gp)
{
    fputs("# Drawn by `fairsweep report`; rerun with: gnuplot plots.gp\n"
          "# (from this directory).\n", gp);
    fputs("if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
          "    set terminal pngcairo size 800,640 noenhanced font ',10'\n"
          "} else {\n"
          "    set terminal png size 800,640 noenhanced\n"
          "}\n", gp);
}

static int write_markdown(const struct fs_report_ctx *c, fs_err *e)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/report.md", c->dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return fs_err_set(e, FS_EIO, "cannot write %s: %s", path,
                          strerror(errno));
    fs_table_write_md(c->t, f, 50);
    fputs("## Plots\n\nData behind every plot: `data/`; the gnuplot script: "
          "`plots.gp`.\n", f);
    for (int k = 0; k < FS_PLOT_KINDS; k++) {
        fprintf(f, "\n### %s\n\n", KIND_TITLES[k]);
        int any = 0;
        for (size_t i = 0; i < c->n_plots; i++) {
            if (c->plots[i].kind != k)
                continue;
            fprintf(f, "![%s](%s)\n\n%s\n\n", c->plots[i].png,
                    c->plots[i].png, c->plots[i].caption);
            any = 1;
        }
        if (!any)
            fprintf(f, "%s\n", c->notes[k][0] ? c->notes[k] : "No plot.");
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return fs_err_set(e, FS_EIO, "writing %s failed", path);
    return 0;
}

static int draw(struct fs_report_ctx *c, const fs_report_options *o,
                fs_err *e)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/data", c->dir);
    if (make_dirs(path, e) != 0)
        return FS_EIO;
    snprintf(path, sizeof path, "%s/plots.gp", c->dir);
    c->gp = fopen(path, "w");
    if (!c->gp)
        return fs_err_set(e, FS_EIO, "cannot write %s: %s", path,
                          strerror(errno));
    script_preamble(c->gp);
    int rc = fs_report_plot_curves(c, e);
    if (rc == 0)
        rc = fs_report_plot_pareto(c, e);
    if (rc == 0)
        rc = fs_report_plot_boxes(c, e);
    if (rc == 0)
        rc = fs_report_plot_heatmaps(c, e);
    int bad = ferror(c->gp);
    if (fclose(c->gp) != 0 || bad)
        rc = rc ? rc : fs_err_set(e, FS_EIO, "writing %s failed", path);
    c->gp = NULL;
    if (rc == 0)
        rc = run_gnuplot(c, o && o->gnuplot ? o->gnuplot : "gnuplot", e);
    return rc;
}

int fs_report_write(const fs_table *t, const char *dir,
                    const fs_report_options *o, fs_err *e)
{
    struct fs_report_ctx c;
    memset(&c, 0, sizeof c);
    c.t = t;
    c.d = fs_table_store(t);
    c.cs = fs_table_conditions(t);
    c.dir = dir;
    int rc = pick_metric(c.d, o ? o->utility : NULL, UTILITY_NAMES, &c.utility,
                         "utility", e);
    if (rc == 0)
        rc = pick_metric(c.d, o ? o->fairness : NULL, FAIRNESS_NAMES,
                         &c.fairness, "fairness", e);
    if (rc == 0 && c.fairness >= 0)
        c.fairness_lower_better = lower_is_fairer(c.d->metric_names[c.fairness]);
    if (rc == 0)
        rc = make_dirs(dir, e);
    if (rc == 0)
        rc = draw(&c, o, e);
    if (rc == 0)
        rc = write_markdown(&c, e);
    free(c.plots);
    return rc;
}
