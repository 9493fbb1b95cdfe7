/* tests/unit/test_slurm.c - sbatch script rendering: quoting (checked by
 * handing the quoted text back to a real shell), validation of every value
 * that reaches the script, Slurm time limits, and reading sbatch's job id. */
#include "tests/unit/test_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slurm/slurm.h"

/* Paths no script may run: quote, spaces, $(), backticks, double quote,
 * backslash, %, glob and a comment sign. */
static const char *const nasty[] = {
    "/tmp/it's a dir/r.h5",
    "/tmp/$(touch /tmp/fs-pwned)/r.h5",
    "/tmp/`touch /tmp/fs-pwned`/r.h5",
    "/tmp/a \"b\" \\c %j %% * ? [x] # ; & | > </r.h5",
    "/tmp/''''/'",
};

/* Write text to a fresh temp file; returns its path (static buffer). */
static const char *temp_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/fs-test-slurm-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return path;
}

/* Run a shell command and return its stdout (caller frees). */
static char *run_shell(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    size_t n;
    while ((n = fread(out + len, 1, cap - 1 - len, p)) > 0)
        len += n;
    out[len] = '\0';
    assert_int_equal(pclose(p), 0);
    return out;
}

static void test_shell_quote_by_hand(void **state)
{
    (void)state;
    char *q = fs_slurm_shell_quote("it's");
    assert_string_equal(q, "'it'\\''s'");
    free(q);
    q = fs_slurm_shell_quote("");
    assert_string_equal(q, "''");
    free(q);
    q = fs_slurm_shell_quote("$(x) `y`");
    assert_string_equal(q, "'$(x) `y`'");
    free(q);
}

/* `printf %s QUOTED` in /bin/sh prints exactly the original, and nothing
 * inside it runs. */
static void test_shell_quote_round_trips_through_sh(void **state)
{
    (void)state;
    unlink("/tmp/fs-pwned");
    for (size_t i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
        char *q = fs_slurm_shell_quote(nasty[i]);
        const char *f = temp_file(q);
        char cmd[256];
        /* The file holds the quoted word; sh parses it as a word. */
        snprintf(cmd, sizeof cmd, "sh -c 'eval \"printf %%s $(cat \"$1\")\"' _ %s", f);
        char *out = run_shell(cmd);
        assert_string_equal(out, nasty[i]);
        free(out);
        unlink(f);
        free(q);
    }
    assert_int_equal(access("/tmp/fs-pwned", F_OK), -1);
}

static void test_directive_quote_escapes_quote_and_backslash(void **state)
{
    (void)state;
    char *q = fs_slurm_directive_quote("a \"b\" c\\d 'e' # f");
    assert_string_equal(q, "\"a \\\"b\\\" c\\\\d 'e' # f\"");
    free(q);
}

static void test_job_name_keeps_safe_characters_only(void **state)
{
    (void)state;
    char out[16];
    fs_slurm_job_name("a b\n$(x);`y`", out, sizeof out);
    assert_string_equal(out, "a_b___x___y_");
    fs_slurm_job_name("fair-gne_v1.2", out, sizeof out);
    assert_string_equal(out, "fair-gne_v1.2");
    fs_slurm_job_name(NULL, out, sizeof out);
    assert_string_equal(out, "fairsweep");
    fs_slurm_job_name("abcdefghijklmnopqrstuvwxyz", out, 6);
    assert_string_equal(out, "abcde");
}

static void test_log_and_script_paths(void **state)
{
    (void)state;
    char *p = fs_slurm_log_path("/d/r%j.h5", NULL);
    assert_string_equal(p, "/d/r%%j.h5.slurm-%j.log");
    free(p);
    p = fs_slurm_log_path("/d/r.h5", "123");
    assert_string_equal(p, "/d/r.h5.slurm-123.log");
    free(p);
    p = fs_slurm_script_path("/d/r.h5");
    assert_string_equal(p, "/d/r.h5.sbatch");
    free(p);
}

static void test_time_limits(void **state)
{
    (void)state;
    struct {
        const char *s;
        long want;
    } ok[] = {
        {"1", 60},          {"90", 5400},          {"1:30", 90},
        {"04:00:00", 14400}, {"2-3", 2 * 86400 + 3 * 3600},
        {"2-03:04", 2 * 86400 + 3 * 3600 + 4 * 60},
        {"1-00:00:01", 86401},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        long t = -1;
        assert_int_equal(fs_slurm_parse_time(ok[i].s, &t, NULL), FS_OK);
        assert_int_equal(t, ok[i].want);
    }
    const char *bad[] = {"", "0", "0:00", "abc", "1:2:3:4", "-1", "1-", "1:x",
                         "1 ", "1:2\n#SBATCH", "9999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fs_err e = {0};
        long t = 7;
        assert_int_equal(fs_slurm_parse_time(bad[i], &t, &e), FS_EUSAGE);
        assert_int_equal(t, 7);
        assert_non_null(strstr(e.msg, "H:M:S"));
    }
}

static struct fs_slurm_opts base_opts(void)
{
    struct fs_slurm_opts o;
    fs_slurm_opts_init(&o);
    o.fairsweep = "/opt/fs/bin/fairsweep";
    o.config = "/home/u/sweep.yaml";
    o.store = "/scratch/u/r.h5";
    o.sweep_name = "demo";
    o.ntasks = 64;
    o.time = "04:00:00";
    return o;
}

static char *render_ok(const struct fs_slurm_opts *o)
{
    char *s = NULL;
    fs_err e = {0};
    int rc = fs_slurm_render(o, &s, &e);
    if (rc)
        fail_msg("render failed: %s", e.msg);
    assert_non_null(s);
    return s;
}

static void test_render_defaults(void **state)
{
    (void)state;
    struct fs_slurm_opts o = base_opts();
    char *s = render_ok(&o);
    const char *want[] = {
        "#!/bin/bash\n",
        "fairsweep 0.",
        "\n#SBATCH --job-name=demo\n",
        "\n#SBATCH --ntasks=64\n",
        "\n#SBATCH --time=04:00:00\n",
        "\n#SBATCH --output=\"/scratch/u/r.h5.slurm-%j.log\"\n",
        "\n#SBATCH --open-mode=append\n",
        "\n#SBATCH --signal=B:USR1@300\n",
        "\n#SBATCH --requeue\n",
        "\nfairsweep='/opt/fs/bin/fairsweep'\n",
        "\nconfig='/home/u/sweep.yaml'\n",
        "\nstore='/scratch/u/r.h5'\n",
        "\ngrace=150\n",            /* half the 300 s lead */
        "\nmax_continuations=20\n",
        "\nsrun --mpi=pmix \"$fairsweep\" run \"$config\" -o \"$store\" --grace \"$grace\" &\n",
        "scontrol requeue \"$me\"",
        "--dependency=\"afterany:$me\" \"$0\" \"$next\"",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (strstr(s, want[i]) == NULL)
            fail_msg("script lacks \"%s\":\n%s", want[i], s);
    assert_null(strstr(s, "--partition"));
    assert_null(strstr(s, "\nmpirun "));
    free(s);
}

static void test_render_options_and_mpirun(void **state)
{
    (void)state;
    struct fs_slurm_opts o = base_opts();
    const char *extra[] = {"--exclusive", "--comment=a \"b\""};
    o.ntasks = 0;
    o.nodes = 4;
    o.ntasks_per_node = 32;
    o.partition = "compute";
    o.account = "proj-42";
    o.qos = "normal";
    o.mem_per_cpu = "2G";
    o.constraint = "[rack1|rack2]&intel";
    o.sbatch_args = extra;
    o.n_sbatch_args = 2;
    o.launcher = FS_SLURM_MPIRUN;
    o.signal_lead_s = 120;
    o.grace_s = 30;
    o.max_continuations = 3;
    char *s = render_ok(&o);
    const char *want[] = {
        "\n#SBATCH --nodes=4\n",
        "\n#SBATCH --ntasks-per-node=32\n",
        "\n#SBATCH --partition=\"compute\"\n",
        "\n#SBATCH --account=\"proj-42\"\n",
        "\n#SBATCH --qos=\"normal\"\n",
        "\n#SBATCH --mem-per-cpu=\"2G\"\n",
        "\n#SBATCH --constraint=\"[rack1|rack2]&intel\"\n",
        "\n#SBATCH \"--exclusive\"\n",
        "\n#SBATCH \"--comment=a \\\"b\\\"\"\n",
        "\n#SBATCH --signal=B:USR1@120\n",
        "\ngrace=30\n",
        "\nmax_continuations=3\n",
        "\nmpirun \"$fairsweep\" run",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (strstr(s, want[i]) == NULL)
            fail_msg("script lacks \"%s\":\n%s", want[i], s);
    assert_null(strstr(s, "--ntasks=")); /* only --ntasks-per-node */
    assert_null(strstr(s, "\nsrun "));
    /* Extra arguments come after --requeue, so --no-requeue would win. */
    assert_true(strstr(s, "--requeue") < strstr(s, "--exclusive"));
    free(s);
}

/* The sweep name reaches the script only as a sanitized job name. */
static void test_render_hostile_sweep_name(void **state)
{
    (void)state;
    struct fs_slurm_opts o = base_opts();
    o.sweep_name = "x\n#SBATCH --wrap=reboot\n$(reboot)`reboot`'\"";
    char *s = render_ok(&o);
    assert_non_null(strstr(s, "#SBATCH --job-name=x__SBATCH_--wrap_reboot___reboot__reboot___\n"));
    assert_null(strstr(s, "$(reboot)"));
    assert_null(strstr(s, "\n#SBATCH --wrap"));
    free(s);
}

/* The directive block is only #-lines, the script passes `bash -n`, and
 * bash reads back each hostile path exactly from its assignment. */
static void test_render_hostile_paths_round_trip(void **state)
{
    (void)state;
    unlink("/tmp/fs-pwned");
    for (size_t i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
        struct fs_slurm_opts o = base_opts();
        o.store = nasty[i];
        o.config = nasty[(i + 1) % 5];
        o.fairsweep = nasty[(i + 2) % 5];
        char *s = render_ok(&o);
        const char *blank = strstr(s, "\n\n");
        assert_non_null(blank);
        for (const char *l = s; l < blank; l = strchr(l, '\n') + 1)
            assert_int_equal(*l, '#');
        const char *f = temp_file(s);
        char cmd[512];
        snprintf(cmd, sizeof cmd, "bash -n %s && bash -c 'eval \"$(grep -E "
                 "\"^(fairsweep|config|store)=\" \"$1\")\"; printf \"%%s|%%s|%%s\" "
                 "\"$store\" \"$config\" \"$fairsweep\"' _ %s", f, f);
        char *out = run_shell(cmd);
        char want[512];
        snprintf(want, sizeof want, "%s|%s|%s", o.store, o.config, o.fairsweep);
        assert_string_equal(out, want);
        free(out);
        unlink(f);
        free(s);
    }
    assert_int_equal(access("/tmp/fs-pwned", F_OK), -1);
}

static void expect_refused(struct fs_slurm_opts o, const char *needle)
{
    char *s = (char *)"unchanged";
    fs_err e = {0};
    assert_int_equal(fs_slurm_render(&o, &s, &e), FS_EUSAGE);
    assert_null(s);
    if (strstr(e.msg, needle) == NULL)
        fail_msg("message '%s' lacks '%s'", e.msg, needle);
}

static void test_render_refuses_bad_values(void **state)
{
    (void)state;
    struct fs_slurm_opts o = base_opts();
    o.store = "/tmp/a\nb/r.h5";
    expect_refused(o, "control character");
    o = base_opts();
    o.config = "sweep.yaml";
    expect_refused(o, "absolute");
    o = base_opts();
    o.partition = "debug\n#SBATCH --wrap=x";
    expect_refused(o, "--partition");
    o = base_opts();
    o.account = "a b";
    expect_refused(o, "--account");
    o = base_opts();
    o.qos = "";
    expect_refused(o, "--qos");
    o = base_opts();
    o.constraint = "intel\"";
    expect_refused(o, "--constraint");
    o = base_opts();
    o.mem_per_cpu = "2X";
    expect_refused(o, "--mem-per-cpu");
    const char *arr[] = {"--array=1-4"};
    o = base_opts();
    o.sbatch_args = arr;
    o.n_sbatch_args = 1;
    expect_refused(o, "--array");
    const char *sig[] = {"--signal=USR2@60"};
    o.sbatch_args = sig;
    expect_refused(o, "--signal");
    const char *shorta[] = {"-a1-3"};
    o.sbatch_args = shorta;
    expect_refused(o, "-a");
    const char *word[] = {"exclusive"};
    o.sbatch_args = word;
    expect_refused(o, "start with '-'");
    const char *nl[] = {"--comment=x\nreboot"};
    o.sbatch_args = nl;
    expect_refused(o, "control character");
}

static void test_render_refuses_bad_counts_and_timing(void **state)
{
    (void)state;
    struct fs_slurm_opts o = base_opts();
    o.ntasks = 0;
    expect_refused(o, "--ntasks");
    o.nodes = 2;
    expect_refused(o, "--ntasks-per-node");
    o = base_opts();
    o.ntasks_per_node = 8;
    expect_refused(o, "needs --nodes");
    o = base_opts();
    o.time = "5";              /* 300 s, not longer than the 300 s lead */
    expect_refused(o, "--signal-lead");
    o = base_opts();
    o.signal_lead_s = 0;
    expect_refused(o, "1..65535");
    o = base_opts();
    o.grace_s = 300;
    expect_refused(o, "--grace");
    o = base_opts();
    o.time = "4h";
    expect_refused(o, "--time");
    o = base_opts();
    o.max_continuations = -1;
    expect_refused(o, "--max-continuations");
    /* A time limit just above the lead is fine. */
    o = base_opts();
    o.time = "5:01";
    char *s = render_ok(&o);
    free(s);
}

/* A fake sbatch on PATH: prints a job id (with a cluster suffix) or fails. */
static void with_fake_sbatch(const char *body, char *dir, size_t cap)
{
    snprintf(dir, cap, "/tmp/fs-test-sbatch-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/sbatch", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(path, 0755);
    char newpath[4096];
    snprintf(newpath, sizeof newpath, "%s:%s", dir, getenv("PATH"));
    setenv("PATH", newpath, 1);
}

static void drop_fake_sbatch(const char *dir, const char *old_path)
{
    char path[128];
    snprintf(path, sizeof path, "%s/sbatch", dir);
    unlink(path);
    rmdir(dir);
    setenv("PATH", old_path, 1);
}

static void test_submit_reads_job_id(void **state)
{
    (void)state;
    char *old = strdup(getenv("PATH"));
    char dir[64];
    /* The fake checks it got --parsable and the script path. */
    with_fake_sbatch("[ \"$1\" = --parsable ] && [ \"$2\" = /x/r.h5.sbatch ] && "
                     "echo '4242;cluster'", dir, sizeof dir);
    char id[16] = "";
    fs_err e = {0};
    assert_int_equal(fs_slurm_submit("/x/r.h5.sbatch", id, sizeof id, &e), FS_OK);
    assert_string_equal(id, "4242");
    drop_fake_sbatch(dir, old);

    with_fake_sbatch("echo 'sbatch: error: invalid partition' >&2; exit 1", dir, sizeof dir);
    assert_int_equal(fs_slurm_submit("/x/r.h5.sbatch", id, sizeof id, &e), FS_EIO);
    assert_non_null(strstr(e.msg, "exit status 1"));
    drop_fake_sbatch(dir, old);

    with_fake_sbatch("echo 'Submitted batch job 7'", dir, sizeof dir);
    fs_err e2 = {0};
    assert_int_equal(fs_slurm_submit("/x/r.h5.sbatch", id, sizeof id, &e2), FS_EFORMAT);
    drop_fake_sbatch(dir, old);
    free(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shell_quote_by_hand),
        cmocka_unit_test(test_shell_quote_round_trips_through_sh),
        cmocka_unit_test(test_directive_quote_escapes_quote_and_backslash),
        cmocka_unit_test(test_job_name_keeps_safe_characters_only),
        cmocka_unit_test(test_log_and_script_paths),
        cmocka_unit_test(test_time_limits),
        cmocka_unit_test(test_render_defaults),
        cmocka_unit_test(test_render_options_and_mpirun),
        cmocka_unit_test(test_render_hostile_sweep_name),
        cmocka_unit_test(test_render_hostile_paths_round_trip),
        cmocka_unit_test(test_render_refuses_bad_values),
        cmocka_unit_test(test_render_refuses_bad_counts_and_timing),
        cmocka_unit_test(test_submit_reads_job_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
