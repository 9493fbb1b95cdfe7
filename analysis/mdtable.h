/* analysis/mdtable.h - Markdown tables with padded, aligned columns, so the
 * text reads as a table in a terminal as well as when rendered.
 *
 * Cells are added left to right, top to bottom; '|' in a cell is escaped.
 * Widths are counted in bytes (labels are ASCII in practice).
 */
#ifndef FS_ANALYSIS_MDTABLE_H
#define FS_ANALYSIS_MDTABLE_H

#include <stddef.h>
#include <stdio.h>

typedef struct fs_mdtab fs_mdtab;

/* A table with n_cols columns. align holds one char per column: 'l' or
 * 'r'. headers[n_cols] are copied. */
fs_mdtab *fs_mdtab_create(size_t n_cols, const char *const *headers,
                          const char *align);

/* Accepts NULL; sets *t to NULL. */
void fs_mdtab_destroy(fs_mdtab **t);

/* Append the next cell (printf-style); a row is complete after n_cols. */
void fs_mdtab_cell(fs_mdtab *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append a number cell: "%.4g", or "NaN". */
void fs_mdtab_num(fs_mdtab *t, double x);

/* Write header, delimiter row and the complete rows. */
void fs_mdtab_write(const fs_mdtab *t, FILE *f);

#endif /* FS_ANALYSIS_MDTABLE_H */
