/*
 * Lay rendered blocks out as lines for one channel at a given width.
 *
 * Wrapping is by display columns (wide characters count two), never inside
 * a word unless the word alone is wider than the line.  Each line keeps
 * the style spans of the bytes it shows, shifted to its own offsets.
 */
#include "kb/render.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

#define MIN_TEXT_WIDTH 10	/* columns left for text after any prefix */
#define RULE_WIDTH 40

struct layout {
	struct kb_lines *out;
	size_t cap;
	unsigned width;
};

static struct kb_line *
new_line(struct layout *L, enum kb_channel channel)
{
	struct kb_line *line;

	xgrow(&L->out->lines, &L->cap, L->out->nlines + 1,
	    sizeof(*L->out->lines));
	line = &L->out->lines[L->out->nlines++];
	memset(line, 0, sizeof(*line));
	line->channel = channel;
	return line;
}

static void
add_plain_line(struct layout *L, const char *text, size_t len,
    enum kb_channel channel, int heading)
{
	struct kb_line *line = new_line(L, channel);

	line->text = xstrndup(text, len);
	line->len = len;
	line->heading = heading;
	if (heading && len) {
		line->spans = xcalloc(1, sizeof(*line->spans));
		line->spans[0].start = 0;
		line->spans[0].len = len;
		line->spans[0].style = KB_STYLE_HEADING;
		line->nspans = 1;
	}
}

/* The label that opens a staff-only note, after its indent. */
static void
add_staff_label(struct layout *L, const struct kb_block *b,
    const char *indent)
{
	struct kb_line *line = new_line(L, b->channel);
	size_t n = strlen(indent);

	line->text = xasprintf("%s%s", indent, KB_STAFF_LABEL);
	line->len = strlen(line->text);
	line->staff = 1;
	line->spans = xcalloc(1, sizeof(*line->spans));
	line->spans[0].start = n;
	line->spans[0].len = line->len - n;
	line->spans[0].style = KB_STYLE_STAFF;
	line->nspans = 1;
}

/* Add a run to a line's spans, joining it to the last if they touch. */
static void
line_span(struct kb_line *line, size_t start, size_t len, unsigned style)
{
	struct kb_span *last = line->nspans ? &line->spans[line->nspans - 1] :
	    NULL;

	if (len == 0 || style == 0)
		return;
	if (last && last->style == style && last->start + last->len == start) {
		last->len += len;
		return;
	}
	line->spans[line->nspans].start = start;
	line->spans[line->nspans].len = len;
	line->spans[line->nspans].style = style;
	line->nspans++;
}

/*
 * The spans of block bytes [from, to), shifted by plen, with `extra` over
 * all of them.  The block's spans are sorted and disjoint, and lines come
 * in order: *next is the first span that can reach this line, so that a
 * block is laid out in time linear in its lines and spans.
 */
static void
line_spans(struct kb_line *line, const struct kb_block *b, size_t plen,
    size_t from, size_t to, size_t *next, unsigned extra)
{
	size_t i, n = 0, pos = from;

	while (*next < b->nspans &&
	    b->spans[*next].start + b->spans[*next].len <= from)
		(*next)++;
	for (i = *next; i < b->nspans && b->spans[i].start < to; i++)
		n++;
	if (n == 0 && (extra == 0 || to == from))
		return;
	/* Each span, and a gap before each and after the last. */
	line->spans = xcalloc(2 * n + 1, sizeof(*line->spans));
	for (i = *next; i < *next + n; i++) {
		size_t s = b->spans[i].start, e = s + b->spans[i].len;

		s = s < from ? from : s;
		e = e > to ? to : e;
		if (s < pos || e <= s)
			continue;	/* not sorted: skipped, never overlaps */
		line_span(line, plen + pos - from, s - pos, extra);
		line_span(line, plen + s - from, e - s,
		    b->spans[i].style | extra);
		pos = e;
	}
	line_span(line, plen + pos - from, to - pos, extra);
	if (line->nspans == 0) {
		free(line->spans);
		line->spans = NULL;
	}
}

/* A line showing block bytes [from, to) after `prefix`. */
static void
add_text_line(struct layout *L, const struct kb_block *b, const char *prefix,
    size_t from, size_t to, size_t *next_span)
{
	struct kb_line *line = new_line(L, b->channel);
	size_t plen = strlen(prefix);

	line->len = plen + (to - from);
	line->text = xmalloc(line->len + 1);
	memcpy(line->text, prefix, plen);
	memcpy(line->text + plen, b->text + from, to - from);
	line->text[line->len] = '\0';
	line->heading = b->kind == KB_BLOCK_HEADING;
	line->staff = b->kind == KB_BLOCK_STAFF;
	line_spans(line, b, plen, from, to, next_span,
	    line->heading ? KB_STYLE_HEADING : line->staff ? KB_STYLE_STAFF :
	    0);
}

/*
 * The end of the longest piece of text[from, to) that fits in `avail`
 * columns, preferring to end before a space.  Always takes at least one
 * character so that layout makes progress.
 */
static size_t
fit(const char *text, size_t from, size_t to, size_t avail)
{
	size_t i = from, cols = 0, last_space = 0, n;
	uint32_t cp;

	while (i < to) {
		n = utf8_decode(text + i, to - i, &cp);
		if (cp == ' ')
			last_space = i;
		if (cols + (size_t)utf8_char_width(cp) > avail)
			break;
		cols += (size_t)utf8_char_width(cp);
		i += n;
	}
	if (i >= to)
		return to;
	if (text[i] == ' ')
		return i;
	if (last_space > from)
		return last_space;
	if (i == from)
		i += utf8_decode(text + i, to - i, &cp);
	return i;
}

static void
wrap_block(struct layout *L, const struct kb_block *b, const char *first,
    const char *rest)
{
	size_t pos = 0, avail, end, next_span = 0;
	const char *prefix = first;

	while (pos <= b->len) {
		size_t hard = pos;

		while (hard < b->len && b->text[hard] != '\n')
			hard++;
		do {
			size_t pw = utf8_width(prefix, strlen(prefix));

			avail = L->width == 0 ? (size_t)-1 :
			    L->width > pw + MIN_TEXT_WIDTH ? L->width - pw :
			    MIN_TEXT_WIDTH;
			end = fit(b->text, pos, hard, avail);
			add_text_line(L, b, prefix, pos, end, &next_span);
			prefix = rest;
			pos = end;
			while (pos < hard && b->text[pos] == ' ')
				pos++;
		} while (pos < hard);
		pos = hard + 1;
	}
}

static void
underline(struct layout *L, const struct kb_block *b, size_t indent)
{
	struct buf u = BUF_INIT;
	size_t cols = utf8_width(b->text, b->len) + indent, i;

	if (L->width && cols > L->width)
		cols = L->width;
	for (i = 0; i < cols; i++)
		buf_addc(&u, b->level == 1 ? '=' : '-');
	add_plain_line(L, buf_cstr(&u), u.len, b->channel, 1);
	buf_free(&u);
}

static void
layout_block(struct layout *L, const struct kb_block *b)
{
	struct buf first = BUF_INIT, rest = BUF_INIT;
	size_t i, indent;

	if (b->quote) {
		buf_adds(&first, "> ");
		buf_adds(&rest, "> ");
	}
	for (i = 0; i < (size_t)b->indent; i++) {
		buf_addc(&first, ' ');
		buf_addc(&rest, ' ');
	}
	indent = first.len;
	if (b->kind == KB_BLOCK_ITEM) {
		buf_adds(&first, b->marker);
		for (i = 0; b->marker[i]; i++)
			buf_addc(&rest, ' ');
	}
	if (b->kind == KB_BLOCK_CODE) {
		buf_adds(&first, "    ");
		buf_adds(&rest, "    ");
	}
	if (b->kind == KB_BLOCK_STAFF) {
		add_staff_label(L, b, buf_cstr(&first));
		buf_adds(&first, "  ");
		buf_adds(&rest, "  ");
	}
	if (b->kind == KB_BLOCK_RULE) {
		char rule[RULE_WIDTH];
		size_t w = L->width && L->width < RULE_WIDTH ? L->width :
		    RULE_WIDTH;

		memset(rule, '-', w);
		add_plain_line(L, rule, w, b->channel, 0);
	} else if (b->kind == KB_BLOCK_CODE) {
		unsigned saved = L->width;

		L->width = 0;	/* preformatted text is never wrapped */
		wrap_block(L, b, buf_cstr(&first), buf_cstr(&rest));
		L->width = saved;
	} else {
		wrap_block(L, b, buf_cstr(&first), buf_cstr(&rest));
	}
	if (b->kind == KB_BLOCK_HEADING && b->level <= 2)
		underline(L, b, indent);
	buf_free(&first);
	buf_free(&rest);
}

/* Consecutive list items and table rows are not separated by a blank. */
static int
needs_gap(const struct kb_block *prev, const struct kb_block *b)
{
	if (prev == NULL)
		return 0;
	if (prev->kind == KB_BLOCK_ITEM && b->kind == KB_BLOCK_ITEM)
		return 0;
	if (prev->kind == KB_BLOCK_ROW && b->kind == KB_BLOCK_ROW)
		return 0;
	return 1;
}

int
kb_layout(struct kb_lines **out, const struct kb_doc *doc,
    enum kb_channel channel, unsigned width)
{
	struct layout L = { xcalloc(1, sizeof(**out)), 0, width };
	const struct kb_block *prev = NULL;
	size_t i;

	for (i = 0; i < doc->nblocks; i++) {
		const struct kb_block *b = &doc->blocks[i];

		if (channel != KB_CHANNEL_NONE &&
		    b->channel != KB_CHANNEL_NONE && b->channel != channel)
			continue;
		if (needs_gap(prev, b))
			add_plain_line(&L, "", 0, b->channel, 0);
		layout_block(&L, b);
		prev = b;
	}
	*out = L.out;
	return 0;
}

void
kb_lines_free(struct kb_lines *lines)
{
	size_t i;

	if (lines == NULL)
		return;
	for (i = 0; i < lines->nlines; i++) {
		free(lines->lines[i].text);
		free(lines->lines[i].spans);
	}
	free(lines->lines);
	free(lines);
}
