/*
 * Markdown to blocks of styled, sanitised text, using md4c.
 *
 * md4c calls back for every block, span and run of text; we collect the
 * text of each leaf block into a buffer with style spans and tag it with
 * the channel section it belongs to.  Nothing here knows about terminals.
 */
#include "kb/render.h"

#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "kb/error.h"
#include "utf8.h"
#include "xmalloc.h"

#define MAX_DEPTH 32		/* nesting we track; deeper is flattened */

struct list_state {
	int ordered;
	unsigned next;		/* next number of an ordered list */
	int indent_added;	/* columns this list added to the indent */
};

struct render {
	struct kb_doc *doc;
	size_t cap;

	/* The leaf block being collected. */
	int open;
	enum kb_block_kind kind;
	int level;
	struct buf text;
	struct kb_span *spans;
	size_t nspans, spans_cap;

	/* Containers around it. */
	struct list_state lists[MAX_DEPTH];
	int nlists;
	int indent;		/* columns taken by enclosing list markers */
	int item_width;		/* width of the innermost item's marker */
	int quote;
	char pending_marker[16]; /* marker of a list item with no text yet */
	int cells;		/* cells seen in the current table row */
	int in_row;

	/* Inline styles: start offset of every open span. */
	size_t span_start[MAX_DEPTH];
	unsigned span_style[MAX_DEPTH];
	int nopen;
	struct buf href;	/* target of the innermost open link */

	enum kb_channel channel;
};

int
kb_channel_parse(const char *name)
{
	/* Any case: "Phone" in a git config means phone. */
	if (strcasecmp(name, "phone") == 0)
		return KB_CHANNEL_PHONE;
	if (strcasecmp(name, "email") == 0)
		return KB_CHANNEL_EMAIL;
	if (strcasecmp(name, "walk-in") == 0)
		return KB_CHANNEL_WALKIN;
	return -1;
}

const char *
kb_channel_name(enum kb_channel channel)
{
	switch (channel) {
	case KB_CHANNEL_PHONE:
		return "phone";
	case KB_CHANNEL_EMAIL:
		return "email";
	case KB_CHANNEL_WALKIN:
		return "walk-in";
	default:
		return "all";
	}
}

const char *
kb_channel_heading(enum kb_channel channel)
{
	switch (channel) {
	case KB_CHANNEL_PHONE:
		return "Phone";
	case KB_CHANNEL_EMAIL:
		return "Email";
	case KB_CHANNEL_WALKIN:
		return "Walk-in";
	default:
		return "";
	}
}

static void
block_open(struct render *r, enum kb_block_kind kind)
{
	r->open = 1;
	r->kind = kind;
	buf_truncate(&r->text, 0);
	r->nspans = 0;
}

/* A heading of level 1-2 starts or ends a channel section. */
static void
update_channel(struct render *r, struct kb_block *b)
{
	enum kb_channel c;

	if (b->kind != KB_BLOCK_HEADING || b->level > 2)
		return;
	r->channel = KB_CHANNEL_NONE;
	for (c = KB_CHANNEL_PHONE; c <= KB_CHANNEL_WALKIN; c++)
		if (b->level == 2 && strcmp(b->text, kb_channel_heading(c)) == 0)
			r->channel = c;
	b->channel = r->channel;
}

static void
block_close(struct render *r)
{
	struct kb_doc *d = r->doc;
	struct kb_block *b;

	if (!r->open)
		return;
	r->open = 0;
	/* Trailing blanks and newlines (code blocks end with one) go. */
	while (r->text.len && (r->text.data[r->text.len - 1] == '\n' ||
	    r->text.data[r->text.len - 1] == ' '))
		buf_truncate(&r->text, r->text.len - 1);
	if (r->text.len == 0 && r->kind != KB_BLOCK_RULE)
		return;
	xgrow(&d->blocks, &r->cap, d->nblocks + 1, sizeof(*d->blocks));
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = r->kind;
	b->level = r->level;
	/* Items print their marker at the indent; other blocks in an
	 * item line up with the item's text. */
	b->indent = r->indent;
	if (r->kind != KB_BLOCK_ITEM && r->nlists > 0)
		b->indent += r->item_width;
	b->quote = r->quote > 0;
	b->channel = r->channel;
	b->len = r->text.len;
	b->text = xstrndup(buf_cstr(&r->text), r->text.len);
	if (r->kind == KB_BLOCK_ITEM)
		memcpy(b->marker, r->pending_marker, sizeof(b->marker));
	if (r->nspans) {
		size_t i;

		b->spans = xcalloc(r->nspans, sizeof(*b->spans));
		b->nspans = 0;
		for (i = 0; i < r->nspans; i++)
			if (r->spans[i].start < b->len) {
				b->spans[b->nspans] = r->spans[i];
				if (b->spans[b->nspans].start +
				    b->spans[b->nspans].len > b->len)
					b->spans[b->nspans].len = b->len -
					    b->spans[b->nspans].start;
				b->nspans++;
			}
	}
	if (r->kind == KB_BLOCK_ITEM)
		r->pending_marker[0] = '\0';
	update_channel(r, b);
}

/* Text arriving outside any leaf block belongs to a tight list item. */
static void
ensure_open(struct render *r)
{
	if (r->open)
		return;
	block_open(r, r->pending_marker[0] ? KB_BLOCK_ITEM : KB_BLOCK_PARA);
}

static void
add_span(struct render *r, size_t start, size_t len, unsigned style)
{
	if (len == 0)
		return;
	xgrow(&r->spans, &r->spans_cap, r->nspans + 1, sizeof(*r->spans));
	r->spans[r->nspans].start = start;
	r->spans[r->nspans].len = len;
	r->spans[r->nspans].style = style;
	r->nspans++;
}

static void
list_item_marker(struct render *r)
{
	struct list_state *l;

	if (r->nlists == 0)
		return;
	l = &r->lists[r->nlists > MAX_DEPTH ? MAX_DEPTH - 1 : r->nlists - 1];
	if (l->ordered)
		snprintf(r->pending_marker, sizeof(r->pending_marker), "%u. ",
		    l->next++);
	else
		strcpy(r->pending_marker, "- ");
	r->item_width = (int)strlen(r->pending_marker);
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	switch (type) {
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		block_close(r);
		if (r->nlists < MAX_DEPTH) {
			struct list_state *l = &r->lists[r->nlists];

			l->ordered = type == MD_BLOCK_OL;
			l->next = l->ordered ?
			    ((MD_BLOCK_OL_DETAIL *)detail)->start : 1;
			l->indent_added = r->nlists > 0 ? r->item_width : 0;
			r->indent += l->indent_added;
		}
		r->nlists++;
		break;
	case MD_BLOCK_LI:
		block_close(r);
		list_item_marker(r);
		break;
	case MD_BLOCK_QUOTE:
		block_close(r);
		r->quote++;
		break;
	case MD_BLOCK_H:
		block_close(r);
		block_open(r, KB_BLOCK_HEADING);
		r->level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_P:
		/* The first paragraph of a loose list item carries its marker. */
		block_close(r);
		block_open(r, r->pending_marker[0] ? KB_BLOCK_ITEM :
		    KB_BLOCK_PARA);
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		block_close(r);
		block_open(r, KB_BLOCK_CODE);
		break;
	case MD_BLOCK_HR:
		block_close(r);
		block_open(r, KB_BLOCK_RULE);
		block_close(r);
		break;
	case MD_BLOCK_TR:
		block_close(r);
		block_open(r, KB_BLOCK_ROW);
		r->cells = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		ensure_open(r);
		if (r->cells++ > 0)
			buf_adds(&r->text, " | ");
		if (type == MD_BLOCK_TH && r->nopen < MAX_DEPTH) {
			r->span_start[r->nopen] = r->text.len;
			r->span_style[r->nopen++] = KB_STYLE_STRONG;
		}
		break;
	default:
		break;
	}
	return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	(void)detail;
	switch (type) {
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		block_close(r);
		r->nlists--;
		r->pending_marker[0] = '\0';
		if (r->nlists < MAX_DEPTH) {
			r->indent -= r->lists[r->nlists].indent_added;
			r->item_width = r->lists[r->nlists].indent_added;
		}
		break;
	case MD_BLOCK_LI:
		block_close(r);
		r->pending_marker[0] = '\0';
		break;
	case MD_BLOCK_QUOTE:
		block_close(r);
		r->quote--;
		break;
	case MD_BLOCK_TH:
		if (r->nopen > 0) {
			r->nopen--;
			add_span(r, r->span_start[r->nopen],
			    r->text.len - r->span_start[r->nopen],
			    r->span_style[r->nopen]);
		}
		break;
	case MD_BLOCK_H:
	case MD_BLOCK_P:
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
	case MD_BLOCK_TR:
		block_close(r);
		break;
	default:
		break;
	}
	return 0;
}

static unsigned
span_style(MD_SPANTYPE type)
{
	switch (type) {
	case MD_SPAN_EM:
		return KB_STYLE_EMPH;
	case MD_SPAN_STRONG:
		return KB_STYLE_STRONG;
	case MD_SPAN_CODE:
		return KB_STYLE_CODE;
	case MD_SPAN_A:
		return KB_STYLE_LINK;
	case MD_SPAN_U:
		return KB_STYLE_EMPH;
	default:
		return 0;
	}
}

static void
attribute_text(struct buf *b, const MD_ATTRIBUTE *a)
{
	buf_truncate(b, 0);
	utf8_sanitize(b, a->text, a->size, 0);
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	ensure_open(r);
	if (type == MD_SPAN_A)
		attribute_text(&r->href, &((MD_SPAN_A_DETAIL *)detail)->href);
	if (type == MD_SPAN_IMG)
		buf_adds(&r->text, "[image: ");
	if (r->nopen < MAX_DEPTH) {
		r->span_start[r->nopen] = r->text.len;
		r->span_style[r->nopen] = span_style(type);
	}
	r->nopen++;
	return 0;
}

/* "text (https://...)", unless the text already is the address. */
static void
append_link_target(struct render *r, size_t start)
{
	const char *href = buf_cstr(&r->href);
	const char *text = r->text.data + start;
	size_t n = r->text.len - start;

	if (*href == '\0' || *href == '#')
		return;
	if (strlen(href) == n && memcmp(href, text, n) == 0)
		return;
	if (strncmp(href, "mailto:", 7) == 0 && strlen(href + 7) == n &&
	    memcmp(href + 7, text, n) == 0)
		return;
	buf_adds(&r->text, " (");
	buf_adds(&r->text, href);
	buf_adds(&r->text, ")");
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;
	size_t start;

	(void)detail;
	if (r->nopen-- > MAX_DEPTH)
		return 0;
	start = r->span_start[r->nopen];
	if (r->span_style[r->nopen])
		add_span(r, start, r->text.len - start, r->span_style[r->nopen]);
	if (type == MD_SPAN_A)
		append_link_target(r, start);
	if (type == MD_SPAN_IMG)
		buf_adds(&r->text, "]");
	return 0;
}

/* The few entities answers use; anything else is kept as written. */
static void
append_entity(struct buf *b, const char *s, size_t n)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} names[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' }, { "&nbsp;", ' ' },
		{ "&ndash;", 0x2013 }, { "&mdash;", 0x2014 },
		{ "&hellip;", 0x2026 }, { "&copy;", 0xA9 }, { "&euro;", 0x20AC },
	};
	uint32_t cp = 0;
	size_t i;

	if (n > 3 && s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';

		cp = (uint32_t)strtoul(s + 2 + hex, NULL, hex ? 16 : 10);
		if (cp == 0 || cp > 0x10FFFF || utf8_is_unsafe(cp) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			cp = UTF8_REPLACEMENT;
		utf8_encode(b, cp);
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n &&
		    memcmp(names[i].name, s, n) == 0) {
			utf8_encode(b, names[i].cp);
			return;
		}
	utf8_sanitize(b, s, n, 0);
}

static int
text_cb(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	struct render *r = userdata;

	ensure_open(r);
	switch (type) {
	case MD_TEXT_NULLCHAR:
		utf8_encode(&r->text, UTF8_REPLACEMENT);
		break;
	case MD_TEXT_BR:
		buf_addc(&r->text, '\n');
		break;
	case MD_TEXT_SOFTBR:
		buf_addc(&r->text, ' ');
		break;
	case MD_TEXT_ENTITY:
		append_entity(&r->text, text, size);
		break;
	case MD_TEXT_CODE:
		utf8_sanitize(&r->text, text, size,
		    r->kind == KB_BLOCK_CODE ? UTF8_KEEP_NEWLINES : 0);
		break;
	default:
		utf8_sanitize(&r->text, text, size,
		    r->kind == KB_BLOCK_CODE ? UTF8_KEEP_NEWLINES : 0);
		break;
	}
	return 0;
}

int
kb_render(struct kb_doc **out, const char *markdown, size_t len)
{
	MD_PARSER parser;
	struct render r;
	int rc;

	memset(&parser, 0, sizeof(parser));
	parser.abi_version = 0;
	parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
	    MD_FLAG_NOHTML | MD_FLAG_PERMISSIVEURLAUTOLINKS;
	parser.enter_block = enter_block;
	parser.leave_block = leave_block;
	parser.enter_span = enter_span;
	parser.leave_span = leave_span;
	parser.text = text_cb;

	memset(&r, 0, sizeof(r));
	r.doc = xcalloc(1, sizeof(*r.doc));
	rc = md_parse(markdown, (MD_SIZE)len, &parser, &r);
	block_close(&r);
	buf_free(&r.text);
	buf_free(&r.href);
	free(r.spans);
	if (rc != 0) {
		kb_doc_free(r.doc);
		*out = NULL;
		return kb_error_set(KB_ERROR, "cannot parse Markdown");
	}
	*out = r.doc;
	return 0;
}

void
kb_doc_free(struct kb_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->nblocks; i++) {
		free(doc->blocks[i].text);
		free(doc->blocks[i].spans);
	}
	free(doc->blocks);
	free(doc);
}

unsigned
kb_doc_channels(const struct kb_doc *doc)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].channel != KB_CHANNEL_NONE)
			bits |= 1u << doc->blocks[i].channel;
	return bits;
}

char *
kb_doc_text(const struct kb_doc *doc)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < doc->nblocks; i++) {
		if (i)
			buf_addc(&b, '\n');
		buf_add(&b, doc->blocks[i].text, doc->blocks[i].len);
	}
	return buf_detach(&b);
}
