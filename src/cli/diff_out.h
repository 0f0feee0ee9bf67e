/*
 * kb diff for a person: the diff in rows of a width, each row after a
 * long line's first with the line's sign and a continuation mark, the
 * words that changed in reverse video (kb/worddiff.h).
 */
#ifndef KB_CLI_DIFF_OUT_H
#define KB_CLI_DIFF_OUT_H

#include <stdio.h>

/*
 * diff (a unified diff) on `out`, made safe as out_lines() does, its tabs
 * as spaces: in rows of `width` columns (0: a row a line) and, when
 * `reverse`, its changed words between SGR 7 and 27.
 */
void diff_out_rows(FILE *out, const char *diff, unsigned width, int reverse);

#endif
