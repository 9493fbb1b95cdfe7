/* core/csv.h - writing CSV fields (RFC 4180 quoting). */
#ifndef FS_CORE_CSV_H
#define FS_CORE_CSV_H

#include <stdio.h>

/* Write s as one CSV field: quoted when it holds a comma, a quote, a line
 * break or a leading/trailing space, with inner quotes doubled. Writes no
 * separator. */
void fs_csv_field(FILE *f, const char *s);

#endif /* FS_CORE_CSV_H */
