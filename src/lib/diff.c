/*
 * A unified diff's lines (kb/worddiff.h): what each one is, the words
 * that changed in each change, and the diff in rows of a screen's width.
 */
#include "kb/worddiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/text.h"
#include "utf8.h"
#include "worddiff_private.h"
#include "xmalloc.h"

#define TAB_STOP 8
/* What pairing and marking a whole diff may spend (four changes' worth
 * of kb_worddiff()'s own limits): a hostile diff is shown at once,
 * with fewer marks. */
#define DIFF_COMPARE_BUDGET (1u << 24)
#define DIFF_CELLS_BUDGET (1u << 25)

enum kb_diff_kind
kb_diff_kind(const char *s, size_t len, int *in_hunk)
{
	if (len >= 2 && s[0] == '@' && s[1] == '@') {
		*in_hunk = 1;
		return KB_DIFF_HUNK;
	}
	if (!*in_hunk)
		return KB_DIFF_FILE;
	if (len == 0 || s[0] == ' ')
		return KB_DIFF_CONTEXT;	/* some tools drop a blank's ' ' */
	switch (s[0]) {
	case '-': return KB_DIFF_REMOVED;
	case '+': return KB_DIFF_ADDED;
	case '\\': return KB_DIFF_NOTE;
	default: break;
	}
	*in_hunk = 0;		/* the next file's header */
	return KB_DIFF_FILE;
}

/* --- the marks of every change -------------------------------------------- */

/* One side of a change: its lines, and where each is in the diff. */
struct side {
	struct kb_wordline *v;
	size_t *line;
	size_t n, cap, line_cap, seen;
};

struct walk {
	const char *diff;
	size_t len, at, line;	/* the next line to read */
	int in_hunk;
	struct side removed, added;
	struct worddiff_budget budget;
};

static void
side_add(struct side *s, const char *text, size_t len, size_t line)
{
	s->seen++;
	if (s->n == KB_WORDDIFF_MAX_LINES)
		return;		/* too long to pair: counted only */
	xgrow(&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	xgrow(&s->line, &s->line_cap, s->n + 1, sizeof(*s->line));
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].text = text + 1;
	s->v[s->n].len = len - 1;
	s->line[s->n++] = line;
}

/* The next line: its text and length; 0 at the end of the diff. */
static int
next_line(struct walk *w, const char **s, size_t *len)
{
	const char *nl;

	if (w->at >= w->len)
		return 0;
	*s = w->diff + w->at;
	nl = memchr(*s, '\n', w->len - w->at);
	*len = nl ? (size_t)(nl - *s) : w->len - w->at;
	w->at += *len + (nl != NULL);
	w->line++;
	return 1;
}

static int
by_place(const void *x, const void *y)
{
	const struct kb_diff_mark *a = x, *b = y;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* A side's marks into out, at their lines, up to KB_DIFF_MARKS_MAX. */
static void
side_marks(struct kb_diff_marks *out, size_t *cap, const struct side *s)
{
	size_t i, k;

	for (i = 0; i < s->n; i++)
		for (k = 0; k < s->v[i].nmarks; k++) {
			if (out->n == KB_DIFF_MARKS_MAX)
				return;
			xgrow(&out->v, cap, out->n + 1, sizeof(*out->v));
			out->v[out->n++] = (struct kb_diff_mark){ s->line[i],
			    s->v[i].marks[k].start + 1, s->v[i].marks[k].len };
		}
}

/* The change gathered: paired, marked, and the sides emptied. */
static void
flush_change(struct walk *w, struct kb_diff_marks *out, size_t *cap)
{
	size_t first = out->n;

	if (w->removed.seen <= KB_WORDDIFF_MAX_LINES &&
	    w->added.seen <= KB_WORDDIFF_MAX_LINES) {
		kb_worddiff__budgeted(w->removed.v, w->removed.n, w->added.v,
		    w->added.n, &w->budget);
		side_marks(out, cap, &w->removed);
		side_marks(out, cap, &w->added);
		kb_wordlines_clear(w->removed.v, w->removed.n);
		kb_wordlines_clear(w->added.v, w->added.n);
		if (out->n - first > 1)
			qsort(out->v + first, out->n - first, sizeof(*out->v),
			    by_place);
	}
	w->removed.n = w->removed.seen = 0;
	w->added.n = w->added.seen = 0;
}

void
kb_diff_marks(struct kb_diff_marks *out, const char *diff, size_t len)
{
	struct walk w;
	size_t cap = 0;
	const char *s;
	size_t n;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.diff = diff;
	w.len = len;
	w.budget.compare = DIFF_COMPARE_BUDGET;
	w.budget.cells = DIFF_CELLS_BUDGET;
	while (next_line(&w, &s, &n)) {
		switch (kb_diff_kind(s, n, &w.in_hunk)) {
		case KB_DIFF_REMOVED:
			side_add(&w.removed, s, n, w.line - 1);
			break;
		case KB_DIFF_ADDED:
			side_add(&w.added, s, n, w.line - 1);
			break;
		case KB_DIFF_NOTE:
			break;	/* "\ No newline": inside the change */
		default:
			flush_change(&w, out, &cap);
		}
	}
	flush_change(&w, out, &cap);
	free(w.removed.v);
	free(w.removed.line);
	free(w.added.v);
	free(w.added.line);
}

void
kb_diff_marks_clear(struct kb_diff_marks *m)
{
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* --- rows ----------------------------------------------------------------- */

char *
kb_diff_for_screen(const char *diff, size_t len)
{
	char *safe = kb_text_sanitize(diff, len, KB_TEXT_LINES);
	struct buf b = BUF_INIT;
	size_t at = 0, n, col = 0, slen = strlen(safe);
	uint32_t cp;

	if (strchr(safe, '\t') == NULL)
		return safe;
	while (at < slen) {
		n = utf8_decode(safe + at, slen - at, &cp);
		if (cp == '\t') {
			do
				buf_addc(&b, ' ');
			while (++col % TAB_STOP);
		} else {
			buf_add(&b, safe + at, n);
			col = cp == '\n' ? 0 : col + (size_t)utf8_char_width(cp);
		}
		at += n;
	}
	free(safe);
	return buf_detach(&b);
}

size_t
kb_diff_row_end(const char *s, size_t len, size_t cols)
{
	size_t at = 0, used = 0, after_blank = 0, blank_col = 0, n;
	uint32_t cp;
	int w;

	while (at < len) {
		n = utf8_decode(s + at, len - at, &cp);
		w = utf8_char_width(cp);
		if (used + (size_t)w > cols && at > 0)
			break;
		used += (size_t)w;
		at += n;
		if (cp == ' ') {
			after_blank = at;
			blank_col = used;
		}
	}
	/* A word would be cut: the row ends after the last blank. */
	if (at < len && s[at] != ' ' && after_blank > 0 && blank_col * 2 > cols)
		return after_blank;
	return at;
}
