/*
 * The hits a search printed, read the way the dev set's score.sh reads
 * them: every line with a TAB is "ID<TAB>TITLE", best first; other lines
 * are ignored; a leading path and a trailing ".md" on the id are dropped;
 * at most EVAL_TOP count.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

void
hits_add(struct hits *h, const char *id, size_t len)
{
	char *copy;

	if (h->n == EVAL_TOP || len == 0)
		return;
	if ((copy = strndup(id, len)) == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	h->ids[h->n++] = copy;
}

/* One line's id: [start, end) trimmed, after its last '/', without .md. */
static void
add_line_id(struct hits *h, const char *start, const char *end)
{
	const char *slash;

	while (start < end && isspace((unsigned char)*start))
		start++;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	for (slash = end; slash > start; slash--)
		if (slash[-1] == '/') {
			start = slash;
			break;
		}
	if (end - start >= 3 && memcmp(end - 3, ".md", 3) == 0)
		end -= 3;
	hits_add(h, start, (size_t)(end - start));
}

void
hits_parse(struct hits *h, const char *text, size_t len)
{
	const char *line = text, *end = text + len;

	hits_clear(h);
	while (line < end && h->n < EVAL_TOP) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *stop = nl ? nl : end;
		const char *tab = memchr(line, '\t', (size_t)(stop - line));

		if (tab)
			add_line_id(h, line, tab);
		line = nl ? nl + 1 : end;
	}
}

void
hits_clear(struct hits *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->ids[i]);
	h->n = 0;
}
