/* slurm/quote.c - quoting and validation of the values that reach a batch
 * script, Slurm time limits, and the file names next to a store. */
#include "slurm/slurm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fs_slurm_shell_quote(const char *s)
{
    size_t n = 2;
    for (const char *p = s; *p; p++)
        n += *p == '\'' ? 4 : 1;
    char *out = fs_xmalloc(n + 1);
    char *w = out;
    *w++ = '\'';
    for (const char *p = s; *p; p++) {
        if (*p == '\'') {
            memcpy(w, "'\\''", 4); /* close, escaped quote, reopen */
            w += 4;
        } else {
            *w++ = *p;
        }
    }
    *w++ = '\'';
    *w = '\0';
    return out;
}

char *fs_slurm_directive_quote(const char *s)
{
    size_t n = 2;
    for (const char *p = s; *p; p++)
        n += (*p == '"' || *p == '\\') ? 2 : 1;
    char *out = fs_xmalloc(n + 1);
    char *w = out;
    *w++ = '"';
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\')
            *w++ = '\\';
        *w++ = *p;
    }
    *w++ = '"';
    *w = '\0';
    return out;
}

void fs_slurm_job_name(const char *name, char *out, size_t cap)
{
    if (cap == 0)
        return;
    if (name == NULL || *name == '\0')
        name = "fairsweep";
    size_t i = 0;
    for (; name[i] && i + 1 < cap; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        out[i] = ok ? c : '_';
    }
    out[i] = '\0';
}

static char *concat(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *out = fs_xmalloc(na + nb + 1);
    memcpy(out, a, na);
    memcpy(out + na, b, nb + 1);
    return out;
}

char *fs_slurm_log_path(const char *store, const char *job_id)
{
    if (job_id != NULL) {
        char *a = concat(store, ".slurm-");
        char *b = concat(a, job_id);
        char *c = concat(b, ".log");
        free(a);
        free(b);
        return c;
    }
    size_t n = 0;
    for (const char *p = store; *p; p++)
        n += *p == '%' ? 2 : 1;
    char *esc = fs_xmalloc(n + 1);
    char *w = esc;
    for (const char *p = store; *p; p++) {
        if (*p == '%')
            *w++ = '%';
        *w++ = *p;
    }
    *w = '\0';
    char *out = concat(esc, ".slurm-%j.log");
    free(esc);
    return out;
}

char *fs_slurm_script_path(const char *store)
{
    return concat(store, ".sbatch");
}

/* Digits only, at least one; *v gets the value (capped to avoid overflow). */
static int parse_digits(const char *s, size_t n, long *v)
{
    if (n == 0 || n > 9)
        return -1;
    long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = 10 * x + (s[i] - '0');
    }
    *v = x;
    return 0;
}

/* Split s at ':' into up to 3 numbers; returns how many, -1 on error. */
static int split_colons(const char *s, long f[3])
{
    int k = 0;
    const char *p = s;
    for (;;) {
        const char *c = strchr(p, ':');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (k == 3 || parse_digits(p, n, &f[k]))
            return -1;
        k++;
        if (!c)
            return k;
        p = c + 1;
    }
}

int fs_slurm_parse_time(const char *s, long *seconds, fs_err *e)
{
    long f[3], days = 0;
    const char *rest = s;
    const char *dash = s ? strchr(s, '-') : NULL;
    int ok = s != NULL && *s != '\0';
    if (ok && dash) {
        ok = parse_digits(s, (size_t)(dash - s), &days) == 0;
        rest = dash + 1;
    }
    int k = ok ? split_colons(rest, f) : -1;
    long t = -1;
    if (k > 0 && dash) {          /* D-H, D-H:M, D-H:M:S */
        t = days * 86400 + f[0] * 3600 + (k > 1 ? f[1] * 60 : 0) + (k > 2 ? f[2] : 0);
    } else if (k == 1) {          /* M */
        t = f[0] * 60;
    } else if (k == 2) {          /* M:S */
        t = f[0] * 60 + f[1];
    } else if (k == 3) {          /* H:M:S */
        t = f[0] * 3600 + f[1] * 60 + f[2];
    }
    if (t <= 0)
        return fs_err_set(e, FS_EUSAGE,
                          "--time '%s' is not a Slurm time limit > 0 (forms: M, M:S, "
                          "H:M:S, D-H, D-H:M, D-H:M:S; e.g. 04:00:00)",
                          s ? s : "");
    *seconds = t;
    return FS_OK;
}
