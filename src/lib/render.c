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
#include "render_private.h"
#include "spans.h"
#include "strmap.h"
#include "utf8.h"
#include "xmalloc.h"

#define MAX_DEPTH 32		/* nesting we track; deeper is flattened */
#define MAX_HREF 512		/* bytes of a link target shown */
#define FRAME_CELL (-1)		/* a table header cell: bold, not a span */

struct list_state {
	int ordered;
	unsigned next;		/* next number of an ordered list */
	int indent_added;	/* columns this list added to the indent */
};

/* An open inline style: what opened it and where its text starts. */
struct frame {
	int kind;		/* MD_SPANTYPE, or FRAME_CELL */
	unsigned style;
	size_t start;
};

struct render {
	struct kb_doc *doc;
	size_t cap;

	/*
	 * Bounds: bytes of text the document may still take, and bytes of
	 * link and image attributes md4c may still decode for it (it
	 * decodes a link definition's target again at every reference).
	 */
	size_t text_left;
	size_t attr_left;
	int cut;		/* something was dropped: stop parsing */

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

	/*
	 * Inline styles open in the current leaf block, innermost last.
	 * Spans entered past MAX_DEPTH are only counted; a leave that
	 * matches no open span is ignored.
	 */
	struct frame frames[MAX_DEPTH];
	int nframes;
	size_t untracked;
	struct buf href;	/* target of the innermost open link */

	enum kb_channel channel;
	unsigned flags;		/* enum kb_render_flags */
	enum kb_channel given;	/* KB_RENDER_LINKS_ONCE: the text given */
	struct strmap hrefs;	/* ... and the addresses given in it */
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

/* --- text, within the document's budget ---------------------------------- */

/*
 * Called after every addition to the block's text: what passes the budget
 * is cut, at a character boundary, and the document marked as cut.
 */
static void
check_budget(struct render *r)
{
	size_t keep;

	if (r->text.len <= r->text_left)
		return;
	keep = r->text_left;
	while (keep > 0 && (r->text.data[keep] & 0xC0) == 0x80)
		keep--;
	buf_truncate(&r->text, keep);
	r->cut = 1;
}

static int
text_full(const struct render *r)
{
	return r->cut;
}

/* What a callback returns: md4c stops at once when the document is cut. */
static int
go_on(const struct render *r)
{
	return r->cut ? KB_RENDER__STOP : 0;
}

/* Count the attribute bytes md4c decoded to give us this span. */
static void
charge_attributes(struct render *r, MD_SPANTYPE type, const void *detail)
{
	size_t n = 0;

	if (detail == NULL)
		return;
	if (type == MD_SPAN_A) {
		const MD_SPAN_A_DETAIL *a = detail;

		n = (size_t)a->href.size + a->title.size;
	} else if (type == MD_SPAN_IMG) {
		const MD_SPAN_IMG_DETAIL *img = detail;

		n = (size_t)img->src.size + img->title.size;
	}
	if (n > r->attr_left) {
		r->attr_left = 0;
		r->cut = 1;
	} else {
		r->attr_left -= n;
	}
}

static void
add_text(struct render *r, const char *s)
{
	if (text_full(r))
		return;
	buf_adds(&r->text, s);
	check_budget(r);
}

/* --- inline styles ------------------------------------------------------- */

static void
add_span(struct render *r, size_t start, unsigned style)
{
	if (start >= r->text.len || style == 0 ||
	    r->nspans >= KB_RENDER_MAX_SPANS)
		return;
	xgrow(&r->spans, &r->spans_cap, r->nspans + 1, sizeof(*r->spans));
	r->spans[r->nspans].start = start;
	r->spans[r->nspans].len = r->text.len - start;
	r->spans[r->nspans].style = style;
	r->nspans++;
}

static void
frame_push(struct render *r, int kind, unsigned style)
{
	if (r->nframes >= MAX_DEPTH) {
		r->untracked++;
		return;
	}
	r->frames[r->nframes].kind = kind;
	r->frames[r->nframes].style = style;
	r->frames[r->nframes].start = r->text.len;
	r->nframes++;
}

/* Close the innermost open frame of `kind` and every frame inside it. */
static struct frame *
frame_pop(struct render *r, int kind)
{
	int i;

	if (r->untracked > 0) {
		r->untracked--;
		return NULL;
	}
	for (i = r->nframes - 1; i >= 0; i--)
		if (r->frames[i].kind == kind)
			break;
	if (i < 0)
		return NULL;	/* md4c left a span it never entered */
	while (r->nframes > i) {
		r->nframes--;
		add_span(r, r->frames[r->nframes].start,
		    r->frames[r->nframes].style);
	}
	return &r->frames[i];
}

/* At the end of a block every style still open ends too. */
static void
frames_close_all(struct render *r)
{
	while (r->nframes > 0) {
		r->nframes--;
		add_span(r, r->frames[r->nframes].start,
		    r->frames[r->nframes].style);
	}
	r->untracked = 0;
}

/* --- blocks -------------------------------------------------------------- */

static void
block_open(struct render *r, enum kb_block_kind kind)
{
	r->open = 1;
	r->kind = kind;
	buf_truncate(&r->text, 0);
	r->nspans = 0;
	r->nframes = 0;
	r->untracked = 0;
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

static struct kb_block *
new_block(struct render *r)
{
	struct kb_doc *d = r->doc;
	struct kb_block *b;

	xgrow(&d->blocks, &r->cap, d->nblocks + 1, sizeof(*d->blocks));
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof(*b));
	return b;
}

static void
block_close(struct render *r)
{
	struct kb_block *b;

	if (!r->open)
		return;
	r->open = 0;
	frames_close_all(r);
	/* Trailing blanks and newlines (code blocks end with one) go. */
	while (r->text.len && (r->text.data[r->text.len - 1] == '\n' ||
	    r->text.data[r->text.len - 1] == ' '))
		buf_truncate(&r->text, r->text.len - 1);
	if (r->text.len == 0 && r->kind != KB_BLOCK_RULE)
		return;
	if (r->doc->nblocks >= KB_RENDER_MAX_BLOCKS) {
		r->cut = 1;
		return;
	}
	b = new_block(r);
	b->kind = r->kind;
	b->level = r->level;
	/* Items print their marker at the indent; other blocks in an
	 * item line up with the item's text. */
	b->indent = r->indent;
	if (r->kind != KB_BLOCK_ITEM && r->nlists > 0)
		b->indent += r->item_width;
	if (b->indent > KB_RENDER_MAX_INDENT)
		b->indent = KB_RENDER_MAX_INDENT;
	b->quote = r->quote > 0;
	b->channel = r->channel;
	b->len = r->text.len;
	b->text = xstrndup(buf_cstr(&r->text), r->text.len);
	r->text_left -= r->text.len;
	if (r->kind == KB_BLOCK_ITEM)
		memcpy(b->marker, r->pending_marker, sizeof(b->marker));
	/* Spans were cut to the text as they closed; trimming may cut more. */
	b->nspans = kb_spans__to_runs(&b->spans, r->spans, r->nspans,
	    KB_RENDER_MAX_SPANS);
	while (b->nspans && b->spans[b->nspans - 1].start >= b->len)
		b->nspans--;
	if (b->nspans && b->spans[b->nspans - 1].start +
	    b->spans[b->nspans - 1].len > b->len)
		b->spans[b->nspans - 1].len = b->len -
		    b->spans[b->nspans - 1].start;
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

static struct list_state *
innermost_list(struct render *r)
{
	if (r->nlists <= 0)
		return NULL;
	return &r->lists[r->nlists > MAX_DEPTH ? MAX_DEPTH - 1 : r->nlists - 1];
}

static void
list_item_marker(struct render *r)
{
	struct list_state *l = innermost_list(r);

	if (l == NULL)
		return;
	if (l->ordered)
		snprintf(r->pending_marker, sizeof(r->pending_marker), "%u. ",
		    l->next++);
	else
		strcpy(r->pending_marker, "- ");
	r->item_width = (int)strlen(r->pending_marker);
}

static void
list_enter(struct render *r, int ordered, const MD_BLOCK_OL_DETAIL *ol)
{
	if (r->nlists < MAX_DEPTH) {
		struct list_state *l = &r->lists[r->nlists];

		l->ordered = ordered;
		l->next = ordered && ol ? ol->start : 1;
		l->indent_added = r->nlists > 0 ? r->item_width : 0;
		r->indent += l->indent_added;
	}
	r->nlists++;
}

static void
list_leave(struct render *r)
{
	r->pending_marker[0] = '\0';
	if (r->nlists <= 0)
		return;		/* a list left that was never entered */
	r->nlists--;
	if (r->nlists < MAX_DEPTH) {
		r->indent -= r->lists[r->nlists].indent_added;
		r->item_width = r->lists[r->nlists].indent_added;
	}
}

static int
heading_level(const MD_BLOCK_H_DETAIL *h)
{
	if (h == NULL || h->level < 1)
		return 1;
	return h->level > 6 ? 6 : (int)h->level;
}

/* A fenced block whose info string starts with the word "staff". */
static int
staff_fence(const MD_BLOCK_CODE_DETAIL *code)
{
	return code && code->fence_char && code->lang.text &&
	    code->lang.size == 5 && strncasecmp(code->lang.text, "staff",
	    5) == 0;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	switch (type) {
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		block_close(r);
		list_enter(r, type == MD_BLOCK_OL, detail);
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
		r->level = heading_level(detail);
		break;
	case MD_BLOCK_P:
		/* The first paragraph of a loose list item carries its marker. */
		block_close(r);
		block_open(r, r->pending_marker[0] ? KB_BLOCK_ITEM :
		    KB_BLOCK_PARA);
		break;
	case MD_BLOCK_CODE:
		block_close(r);
		block_open(r, staff_fence(detail) ? KB_BLOCK_STAFF :
		    KB_BLOCK_CODE);
		break;
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
			add_text(r, " | ");
		if (type == MD_BLOCK_TH)
			frame_push(r, FRAME_CELL, KB_STYLE_STRONG);
		break;
	default:
		break;
	}
	return go_on(r);
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
		list_leave(r);
		break;
	case MD_BLOCK_LI:
		block_close(r);
		r->pending_marker[0] = '\0';
		break;
	case MD_BLOCK_QUOTE:
		block_close(r);
		if (r->quote > 0)
			r->quote--;
		break;
	case MD_BLOCK_TH:
		frame_pop(r, FRAME_CELL);
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
	return go_on(r);
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

/* A link target, sanitised, its length bounded: links repeat it. */
static void
set_href(struct buf *b, const MD_SPAN_A_DETAIL *a)
{
	size_t n;

	buf_truncate(b, 0);
	if (a == NULL || a->href.text == NULL)
		return;
	n = a->href.size > MAX_HREF ? MAX_HREF : a->href.size;
	utf8_sanitize(b, a->href.text, n, 0);
	if (n < a->href.size)
		utf8_encode(b, 0x2026);	/* ... */
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;

	ensure_open(r);
	charge_attributes(r, type, detail);
	if (type == MD_SPAN_A)
		set_href(&r->href, detail);
	if (type == MD_SPAN_IMG)
		add_text(r, "[image: ");
	frame_push(r, (int)type, span_style(type));
	return go_on(r);
}

/* 1 when text[0..n) is `href` after its `scheme`. */
static int
is_address_after(const char *href, const char *scheme, const char *text,
    size_t n)
{
	size_t k = strlen(scheme);

	return strncmp(href, scheme, k) == 0 && strlen(href + k) == n &&
	    memcmp(href + k, text, n) == 0;
}

/*
 * KB_RENDER_LINKS_ONCE: "city.example.gov/x" linking to
 * "https://city.example.gov/x" becomes the address itself, which every
 * mail program makes a link of.  Styles that began inside the text go
 * with it.
 */
static void
replace_link_text(struct render *r, size_t start, const char *href)
{
	while (r->nspans > 0 && r->spans[r->nspans - 1].start >= start)
		r->nspans--;
	buf_truncate(&r->text, start);
	add_text(r, href);
	add_span(r, start, KB_STYLE_LINK);
}

/* 1 the first time `href` is given in this document. */
static int
first_time(struct render *r, const char *href)
{
	int64_t *seen = strmap_get(&r->hrefs, href, strlen(href));

	return (*seen)++ == 0;
}

/* KB_RENDER_LINKS_ONCE, in a part of the text that is given. */
static int
links_once(const struct render *r)
{
	if (!(r->flags & KB_RENDER_LINKS_ONCE))
		return 0;
	if (r->channel == KB_CHANNEL_NONE)
		return !(r->flags & KB_RENDER_SECTION_ONLY);
	return r->channel == r->given;
}

/*
 * "text (https://...)", unless the text already is the address; with
 * KB_RENDER_LINKS_ONCE, each address once.
 */
static void
append_link_target(struct render *r, size_t start)
{
	const char *href = buf_cstr(&r->href);
	const char *text = buf_cstr(&r->text) + start;
	size_t n = r->text.len - start;
	int once = links_once(r);

	if (*href == '\0' || *href == '#')
		return;
	if (is_address_after(href, "", text, n) ||
	    is_address_after(href, "mailto:", text, n)) {
		if (once)
			first_time(r, href);
		return;
	}
	if (once && (is_address_after(href, "https://", text, n) ||
	    is_address_after(href, "http://", text, n))) {
		first_time(r, href);
		replace_link_text(r, start, href);
		return;
	}
	if (once && !first_time(r, href))
		return;
	add_text(r, " (");
	add_text(r, strncmp(href, "mailto:", 7) == 0 && once ? href + 7 :
	    href);
	add_text(r, ")");
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct render *r = userdata;
	const struct frame *f;

	(void)detail;
	if ((f = frame_pop(r, (int)type)) == NULL)
		return go_on(r);
	if (type == MD_SPAN_A && f->start <= r->text.len)
		append_link_target(r, f->start);
	if (type == MD_SPAN_IMG)
		add_text(r, "]");
	return go_on(r);
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
		char digits[16];
		size_t nd = n - 2 - (size_t)hex;

		/* Only the digits md4c found: s is not NUL-terminated. */
		if (nd >= sizeof(digits))
			nd = sizeof(digits) - 1;
		memcpy(digits, s + 2 + hex, nd);
		digits[nd] = '\0';
		cp = (uint32_t)strtoul(digits, NULL, hex ? 16 : 10);
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
	unsigned keep = r->kind == KB_BLOCK_CODE || r->kind == KB_BLOCK_STAFF ?
	    UTF8_KEEP_NEWLINES : 0;

	ensure_open(r);
	if (text_full(r))
		return go_on(r);
	switch (type) {
	case MD_TEXT_NULLCHAR:
		utf8_encode(&r->text, UTF8_REPLACEMENT);
		break;
	case MD_TEXT_BR:
		buf_addc(&r->text, '\n');
		break;
	case MD_TEXT_SOFTBR:
		buf_addc(&r->text, r->flags & KB_RENDER_LINE_BREAKS ? '\n' :
		    ' ');
		break;
	case MD_TEXT_ENTITY:
		append_entity(&r->text, text, size);
		break;
	default:
		utf8_sanitize(&r->text, text, size, keep);
		break;
	}
	check_budget(r);
	return go_on(r);
}

/* --- the document -------------------------------------------------------- */

struct render *
kb_render__begin(size_t len)
{
	struct render *r = xcalloc(1, sizeof(*r));

	r->doc = xcalloc(1, sizeof(*r->doc));
	r->text_left = KB_RENDER_MAX_TEXT;
	if (len < (KB_RENDER_MAX_TEXT - KB_RENDER_TEXT_SLACK) /
	    KB_RENDER_TEXT_PER_BYTE)
		r->text_left = len * KB_RENDER_TEXT_PER_BYTE +
		    KB_RENDER_TEXT_SLACK;
	r->attr_left = r->text_left;
	return r;
}

void
kb_render__parser(MD_PARSER *parser)
{
	memset(parser, 0, sizeof(*parser));
	parser->abi_version = 0;
	parser->flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
	    MD_FLAG_NOHTML | MD_FLAG_PERMISSIVEURLAUTOLINKS;
	parser->enter_block = enter_block;
	parser->leave_block = leave_block;
	parser->enter_span = enter_span;
	parser->leave_span = leave_span;
	parser->text = text_cb;
}

/* Say that the document does not show everything. */
static void
add_cut_notice(struct render *r)
{
	struct kb_block *b = new_block(r);

	b->kind = KB_BLOCK_PARA;
	b->channel = KB_CHANNEL_NONE;	/* shown whatever the channel */
	b->text = xstrdup(KB_RENDER_CUT);
	b->len = strlen(b->text);
}

struct kb_doc *
kb_render__end(struct render *r)
{
	struct kb_doc *doc;

	block_close(r);
	if (r->cut)
		add_cut_notice(r);
	doc = r->doc;
	buf_free(&r->text);
	buf_free(&r->href);
	strmap_clear(&r->hrefs);
	free(r->spans);
	free(r);
	return doc;
}

int
kb_render(struct kb_doc **out, const char *markdown, size_t len)
{
	return kb_render_with(out, markdown, len, 0, KB_CHANNEL_NONE);
}

int
kb_render_with(struct kb_doc **out, const char *markdown, size_t len,
    unsigned flags, enum kb_channel channel)
{
	MD_PARSER parser;
	struct render *r;
	int rc;

	*out = NULL;
	if (len > (MD_SIZE)-1)
		return kb_error_set(KB_EINVALID, "Markdown text of %zu bytes "
		    "is too long to show", len);
	kb_render__parser(&parser);
	r = kb_render__begin(len);
	r->flags = flags;
	r->given = channel;
	rc = md_parse(markdown, (MD_SIZE)len, &parser, r);
	*out = kb_render__end(r);
	if (rc != 0 && rc != KB_RENDER__STOP) {
		kb_doc_free(*out);
		*out = NULL;
		return kb_error_set(KB_ERROR, "cannot parse Markdown");
	}
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
