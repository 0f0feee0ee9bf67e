/*
 * kb review: one proposal's diff against main, every line of it (End
 * shows the last), the words that changed in a changed line marked, and
 * each file besides the proposal's own marked EXTRA FILE.  It pages and
 * finds as any text does; a, r and e decide here as in the list.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "view.h"

#define BODY_Y 1

struct diff_state {
	char *text;
	uint32_t *starts;	/* where each line starts (diffs < 4 GiB) */
	size_t nlines;
	struct tui_pager pager;
	int rows, cols;
};

static struct diff_state *
state(const struct view *v)
{
	return v->state;
}

static unsigned
place(const struct tui *t, const struct view *v)
{
	(void)t;
	(void)v;
	return IN_DIFF;
}

/* Line i: its start and its length without the newline. */
static const char *
diff_line(const struct diff_state *st, size_t i, size_t *len)
{
	const char *s, *end;

	if (i >= st->nlines) {
		*len = 0;
		return NULL;
	}
	s = st->text + st->starts[i];
	end = strchr(s, '\n');
	*len = end ? (size_t)(end - s) : strlen(s);
	return s;
}

static void
index_lines(struct diff_state *st)
{
	size_t cap = 1024;
	const char *s = st->text;

	st->starts = malloc(cap * sizeof(*st->starts));
	if (st->starts == NULL)
		abort();
	while (*s) {
		if (st->nlines == cap && (st->starts = realloc(st->starts,
		    (cap *= 2) * sizeof(*st->starts))) == NULL)
			abort();
		st->starts[st->nlines++] = (uint32_t)(s - st->text);
		s = strchr(s, '\n');
		s = s ? s + 1 : st->text + strlen(st->text);
	}
}

static void
layout(struct tui *t, struct view *v, int rows, int cols)
{
	struct diff_state *st = state(v);
	long found = st->pager.find.line;
	size_t top;

	(void)t;
	st->rows = rows;
	st->cols = cols;
	tui_scroll_size(&st->pager.scroll, st->nlines, rows > BODY_Y ?
	    (size_t)(rows - BODY_Y) : 1);
	top = st->pager.scroll.top;
	v->cursor_y = BODY_Y;
	v->cursor_x = 0;
	if (found >= 0 && (size_t)found >= top && (size_t)found < top +
	    st->pager.scroll.height)
		v->cursor_y = BODY_Y + (int)((size_t)found - top);
}

/* Byte length of the common start of a and b, on a UTF-8 boundary. */
static size_t
common_start(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	while (i < na && i < nb && a[i] == b[i])
		i++;
	while (i > 0 && ((unsigned char)a[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t
common_end(const char *a, size_t na, const char *b, size_t nb, size_t start)
{
	size_t i = 0;

	while (i < na - start && i < nb - start &&
	    a[na - 1 - i] == b[nb - 1 - i])
		i++;
	while (i > 0 && ((unsigned char)a[na - i] & 0xC0) == 0x80)
		i--;
	return i;
}

/*
 * One diff line; `other` is the line it replaces (or is replaced by)
 * when a '-' line is followed by a '+' line: the words that differ are
 * marked, so a small change in a long line is seen at once.
 */
static void
draw_diff_line(int y, int cols, const char *line, size_t len,
    const char *other, size_t olen)
{
	unsigned base = line[0] == '+' ? DRAW_ROLE(ROLE_ADDED) :
	    line[0] == '-' ? DRAW_ROLE(ROLE_REMOVED) : line[0] == '@' ?
	    DRAW_ROLE(ROLE_DIM) : 0;
	size_t s = 0, e = 0;
	struct kb_span mark;

	if (strncmp(line, REVIEW_EXTRA_MARK, strlen(REVIEW_EXTRA_MARK)) == 0) {
		draw_text(y, 0, cols, line, len, DRAW_ROLE(ROLE_ERROR));
		return;
	}
	if (other && len > 1 && olen > 1) {
		s = common_start(line + 1, len - 1, other + 1, olen - 1) + 1;
		e = common_end(line, len, other, olen, s);
	}
	if (other && len > s + e) {
		mark.start = s;
		mark.len = len - e - s;
		mark.style = KB_STYLE_MARK;
		draw_styled(y, 0, cols, line, len, &mark, 1, base);
	} else {
		draw_styled(y, 0, cols, line, len, NULL, 0, base);
	}
}

/* The line a changed line is paired with, to mark what changed. */
static const char *
pair_of(const struct diff_state *st, size_t i, const char *s, size_t *olen)
{
	size_t len;
	const char *o;

	*olen = 0;
	if (s[0] == '-' && strncmp(s, "---", 3) != 0 &&
	    (o = diff_line(st, i + 1, &len)) && o[0] == '+') {
		*olen = len;
		return o;
	}
	if (s[0] == '+' && strncmp(s, "+++", 3) != 0 && i > 0 &&
	    (o = diff_line(st, i - 1, &len)) && o[0] == '-') {
		*olen = len;
		return o;
	}
	return NULL;
}

static void
draw(const struct tui *t, const struct view *v)
{
	const struct diff_state *st = state(v);
	const struct kb_proposal *p = review_chosen(t);
	char head[400];
	size_t i, len, olen;
	const char *s, *other;
	int y;

	snprintf(head, sizeof(head), "%s: %s  (%s)", p ? p->answer : "",
	    p ? p->reason : "", p ? p->author : "");
	draw_words(0, 0, st->cols, head, DRAW_ROLE(ROLE_TITLE));
	for (y = BODY_Y, i = st->pager.scroll.top; y < st->rows &&
	    i < st->nlines; y++, i++) {
		s = diff_line(st, i, &len);
		other = pair_of(st, i, s, &olen);
		draw_diff_line(y, st->cols, s, len, other, olen);
	}
}

static int
action(struct tui *t, struct view *v, enum tui_action a, int key)
{
	(void)v;
	(void)key;
	switch (a) {
	case A_APPROVE: review_approve(t); break;
	case A_REJECT: review_reject(t); break;
	case A_RESOLVE: review_resolve(t); break;
	default: return 0;
	}
	return 1;
}

static struct tui_pager *
pager(struct view *v)
{
	return &state(v)->pager;
}

static const char *
line(const void *ctx, size_t i, size_t *len)
{
	return diff_line(state(ctx), i, len);
}

static void
done(struct view *v)
{
	struct diff_state *st = state(v);

	free(st->text);
	free(st->starts);
	free(st);
}

static const struct view_ops diff_ops = {
	.name = "diff",
	.place = place,
	.layout = layout,
	.draw = draw,
	.action = action,
	.pager = pager,
	.line = line,
	.done = done,
};

void
diff_view_open(struct tui *t)
{
	struct diff_state *st;
	char *text = review_diff(t);

	if (text == NULL)
		return;
	if ((st = calloc(1, sizeof(*st))) == NULL)
		abort();
	st->text = text;
	st->pager.find.line = -1;
	index_lines(st);
	view_push(t, &diff_ops, st);
}
