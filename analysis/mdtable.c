/* analysis/mdtable.c - aligned Markdown tables. See mdtable.h. */
#include "analysis/mdtable.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

struct fs_mdtab {
    size_t n_cols;
    char *align;
    char **cells;        /* headers first, then rows, row-major */
    size_t n_cells, cap;
};

static void push(fs_mdtab *t, const char *s)
{
    if (t->n_cells == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->cells = fs_xrealloc(t->cells, t->cap * sizeof *t->cells);
    }
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += *p == '|' ? 2 : 1;
    char *c = fs_xmalloc(n + 1), *q = c;
    for (const char *p = s; *p; p++) {
        if (*p == '|')
            *q++ = '\\';
        *q++ = *p == '\n' ? ' ' : *p;
    }
    *q = '\0';
    t->cells[t->n_cells++] = c;
}

fs_mdtab *fs_mdtab_create(size_t n_cols, const char *const *headers,
                          const char *align)
{
    fs_mdtab *t = fs_xcalloc(1, sizeof *t);
    t->n_cols = n_cols;
    t->align = fs_xstrdup(align);
    for (size_t i = 0; i < n_cols; i++)
        push(t, headers[i]);
    return t;
}

void fs_mdtab_destroy(fs_mdtab **t)
{
    if (!t || !*t)
        return;
    for (size_t i = 0; i < (*t)->n_cells; i++)
        free((*t)->cells[i]);
    free((*t)->cells);
    free((*t)->align);
    free(*t);
    *t = NULL;
}

void fs_mdtab_cell(fs_mdtab *t, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    push(t, buf);
}

void fs_mdtab_num(fs_mdtab *t, double x)
{
    if (isnan(x))
        push(t, "NaN");
    else
        fs_mdtab_cell(t, "%.4g", x);
}

static void write_row(const fs_mdtab *t, FILE *f, char *const *row,
                      const size_t *w)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        int pad = (int)(w[c] - strlen(row[c]));
        if (t->align[c] == 'r')
            fprintf(f, "| %*s%s ", pad, "", row[c]);
        else
            fprintf(f, "| %s%*s ", row[c], pad, "");
    }
    fputs("|\n", f);
}

void fs_mdtab_write(const fs_mdtab *t, FILE *f)
{
    size_t rows = t->n_cells / t->n_cols;
    size_t *w = fs_xcalloc(t->n_cols, sizeof *w);
    for (size_t i = 0; i < rows * t->n_cols; i++) {
        size_t n = strlen(t->cells[i]);
        if (n > w[i % t->n_cols])
            w[i % t->n_cols] = n;
    }
    for (size_t c = 0; c < t->n_cols; c++)
        if (w[c] < 3)
            w[c] = 3;
    write_row(t, f, t->cells, w);
    for (size_t c = 0; c < t->n_cols; c++) {
        fputs("| ", f);
        for (size_t k = 0; k + 1 < w[c]; k++)
            fputc('-', f);
        fputs(t->align[c] == 'r' ? ": " : "- ", f);
    }
    fputs("|\n", f);
    for (size_t r = 1; r < rows; r++)
        write_row(t, f, t->cells + r * t->n_cols, w);
    free(w);
}
