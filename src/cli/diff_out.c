/*
 * kb diff on a terminal (diff_out.h): the same rows and marks as kb
 * review's diff, as text and escape sequences.
 */
#include "diff_out.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <kb/worddiff.h>

#include "xmalloc.h"

#define SGR_REVERSE "\033[7m"
#define SGR_NO_REVERSE "\033[27m"

struct rows {
	FILE *out;
	const char *text;
	const struct kb_diff_marks *marks;
	size_t mark;		/* the first mark not printed whole */
	const char *cont;	/* the continuation mark */
	int reverse;
};

/* "↪" where the locale is UTF-8, else "\". */
static const char *
continuation_mark(void)
{
	const char *was = setlocale(LC_CTYPE, NULL);
	char *saved = was ? xstrdup(was) : NULL;
	int utf8;

	setlocale(LC_CTYPE, "");
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (saved) {
		setlocale(LC_CTYPE, saved);
		free(saved);
	}
	return utf8 ? "\u21aa" : "\\";
}

/* Bytes [from, to) of line `line` (starting at `ls`), marks reversed. */
static void
print_piece(struct rows *r, size_t line, size_t ls, size_t from, size_t to)
{
	const struct kb_diff_marks *m = r->marks;
	size_t pos = from, k, ms, me;

	while (r->mark < m->n && m->v[r->mark].line < line)
		r->mark++;
	for (k = r->mark; r->reverse && k < m->n && m->v[k].line == line &&
	    pos < to; k++) {
		ms = ls + m->v[k].start;
		me = ms + m->v[k].len;
		if (me <= pos || ms >= to)
			continue;
		ms = ms > pos ? ms : pos;
		me = me < to ? me : to;
		fwrite(r->text + pos, 1, ms - pos, r->out);
		fputs(SGR_REVERSE, r->out);
		fwrite(r->text + ms, 1, me - ms, r->out);
		fputs(SGR_NO_REVERSE, r->out);
		pos = me;
	}
	fwrite(r->text + pos, 1, to - pos, r->out);
}

/* One line of the diff, [ls, ls + len), in rows of `width`. */
static void
print_line(struct rows *r, size_t line, size_t ls, size_t len,
    enum kb_diff_kind kind, unsigned width)
{
	int sign = len > 0 && (kind == KB_DIFF_CONTEXT || kind ==
	    KB_DIFF_ADDED || kind == KB_DIFF_REMOVED);
	size_t off = 0, room, n;

	do {
		room = off == 0 ? width : width - (sign ? 2 : 1);
		n = width ? kb_diff_row_end(r->text + ls + off, len - off,
		    room) : len;
		if (off > 0) {
			if (sign)
				fputc(r->text[ls], r->out);
			fputs(r->cont, r->out);
		}
		print_piece(r, line, ls, ls + off, ls + off + n);
		fputc('\n', r->out);
		off += n;
	} while (off < len);
}

void
diff_out_rows(FILE *out, const char *diff, unsigned width, int reverse)
{
	char *text = kb_diff_for_screen(diff, strlen(diff));
	struct kb_diff_marks marks;
	struct rows r = { out, text, &marks, 0, continuation_mark(), reverse };
	size_t at = 0, line = 0, len;
	int in_hunk = 0;

	kb_diff_marks(&marks, text, strlen(text));
	while (text[at]) {
		const char *nl = strchr(text + at, '\n');

		len = nl ? (size_t)(nl - (text + at)) : strlen(text + at);
		print_line(&r, line++, at, len, kb_diff_kind(text + at, len,
		    &in_hunk), width);
		at += len + (nl != NULL);
	}
	kb_diff_marks_clear(&marks);
	free(text);
}
