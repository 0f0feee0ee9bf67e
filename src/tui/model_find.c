/*
 * Finding text in the text read (the answer, a diff, the help), as / in
 * less: line by line, letters of either case, round the end once.
 */
#include <ctype.h>
#include <string.h>

#include "model.h"

static int
same(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

int
tui_find_in(const char *s, size_t n, const char *pat, size_t plen,
    size_t *at)
{
	size_t i, j;

	if (plen == 0 || plen > n)
		return 0;
	for (i = 0; i + plen <= n; i++) {
		for (j = 0; j < plen && same(s[i + j], pat[j]); j++)
			;
		if (j == plen) {
			if (at)
				*at = i;
			return 1;
		}
	}
	return 0;
}

static int
line_matches(const struct tui_find *f, tui_line_fn *line, const void *ctx,
    size_t i)
{
	size_t len;
	const char *s = line(ctx, i, &len);

	return s && tui_find_in(s, len, f->text, f->len, NULL);
}

long
tui_find_next(const struct tui_find *f, tui_line_fn *line, const void *ctx,
    size_t nlines, size_t from, int dir, int *wrapped)
{
	size_t step, i;

	*wrapped = 0;
	if (f->len == 0 || nlines == 0)
		return -1;
	if (from >= nlines)
		from = dir > 0 ? 0 : nlines - 1;
	for (step = 0, i = from; step < nlines; step++) {
		if (line_matches(f, line, ctx, i))
			return (long)i;
		if (dir > 0 && ++i == nlines) {
			i = 0;
			*wrapped = 1;
		} else if (dir < 0 && i-- == 0) {
			i = nlines - 1;
			*wrapped = 1;
		}
	}
	return -1;
}

size_t
tui_find_count(const struct tui_find *f, tui_line_fn *line, const void *ctx,
    size_t nlines, size_t at, size_t *nth)
{
	size_t i, n = 0;

	*nth = 0;
	for (i = 0; i < nlines && f->len; i++)
		if (line_matches(f, line, ctx, i)) {
			n++;
			if (i == at)
				*nth = n;
		}
	return n;
}
