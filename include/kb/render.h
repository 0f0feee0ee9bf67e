/*
 * Markdown to a display model that every front end shares.
 *
 * kb_render() parses Markdown (md4c) into blocks of sanitised text with
 * style spans; no control character survives it.  kb_layout() wraps the
 * blocks to a width for one channel.  The CLI prints the lines; the TUI
 * draws them with attributes taken from the spans.
 */
#ifndef KB_RENDER_H
#define KB_RENDER_H

#include <stddef.h>

enum kb_channel {
	KB_CHANNEL_NONE = 0,	/* common text, or "every channel" */
	KB_CHANNEL_PHONE,
	KB_CHANNEL_EMAIL,
	KB_CHANNEL_WALKIN
};

/* "phone" -> KB_CHANNEL_PHONE ...; -1 for anything else. */
int kb_channel_parse(const char *name);
/* KB_CHANNEL_PHONE -> "phone"; KB_CHANNEL_NONE -> "all". */
const char *kb_channel_name(enum kb_channel channel);
/* KB_CHANNEL_PHONE -> "Phone": the section heading. */
const char *kb_channel_heading(enum kb_channel channel);

enum kb_style {
	KB_STYLE_EMPH = 1 << 0,
	KB_STYLE_STRONG = 1 << 1,
	KB_STYLE_CODE = 1 << 2,
	KB_STYLE_LINK = 1 << 3,
	KB_STYLE_HEADING = 1 << 4,
	KB_STYLE_MARK = 1 << 5,	/* a search match */
	KB_STYLE_STAFF = 1 << 6	/* a staff-only note: on every byte of
				 * its lines (kb_line.staff) */
};

/* A block's or a line's spans are sorted and never overlap. */
struct kb_span {
	size_t start;		/* byte offset in the text */
	size_t len;
	unsigned style;		/* enum kb_style bits */
};

enum kb_block_kind {
	KB_BLOCK_PARA,
	KB_BLOCK_HEADING,
	KB_BLOCK_ITEM,		/* list item; marker holds "- " or "3. " */
	KB_BLOCK_CODE,		/* preformatted: never wrapped */
	KB_BLOCK_RULE,
	KB_BLOCK_ROW,		/* table row, cells joined by " | " */
	KB_BLOCK_STAFF		/* a staff-only note (a ```staff block):
				 * its lines as written, then wrapped; never
				 * for a customer (see kb-answer(5)) */
};

struct kb_block {
	enum kb_block_kind kind;
	int level;		/* heading level 1-6 */
	int indent;		/* columns of list/quote nesting */
	int quote;		/* 1 inside a block quote */
	char marker[16];	/* list marker, "" for none */
	enum kb_channel channel; /* the section the block belongs to */
	char *text;		/* UTF-8, no control characters */
	size_t len;
	struct kb_span *spans;
	size_t nspans;
};

struct kb_doc {
	struct kb_block *blocks;
	size_t nblocks;
};

/*
 * Bounds on what any Markdown, however hostile, renders to: the text of a
 * document is at most KB_RENDER_TEXT_PER_BYTE bytes per byte of Markdown
 * plus KB_RENDER_TEXT_SLACK, and never more than KB_RENDER_MAX_TEXT; at
 * most KB_RENDER_MAX_BLOCKS blocks, KB_RENDER_MAX_SPANS spans a block, an
 * indent of KB_RENDER_MAX_INDENT columns; link targets are decoded for
 * as many bytes as the text may take.  Parsing stops at the first bound
 * reached, and a last paragraph, KB_RENDER_CUT, says the rest is not shown.
 */
#define KB_RENDER_TEXT_PER_BYTE 4
#define KB_RENDER_TEXT_SLACK 4096
#define KB_RENDER_MAX_TEXT (8 * 1024 * 1024)
#define KB_RENDER_MAX_BLOCKS 65536
#define KB_RENDER_MAX_SPANS 4096
#define KB_RENDER_MAX_INDENT 24
#define KB_RENDER_CUT "[The rest of this text is too long to show.]"

/* Parse Markdown.  Never fails on odd input; KB_ERROR only on md4c abort. */
int kb_render(struct kb_doc **out, const char *markdown, size_t len);
void kb_doc_free(struct kb_doc *doc);

/* How kb_render_with() renders text that goes to a customer as it is. */
enum kb_render_flags {
	/* A line break in the Markdown is one in the text (Markdown joins
	 * the lines of a paragraph): a greeting, a signature's lines. */
	KB_RENDER_LINE_BREAKS = 1 << 0,
	/* Each link's address once: a link whose text is its address
	 * without "https://" is written as the address alone, and an
	 * address already given is not added after a link's text again. */
	KB_RENDER_LINKS_ONCE = 1 << 1,
	/* With KB_RENDER_LINKS_ONCE: the text given is the channel's
	 * section alone, without the common text. */
	KB_RENDER_SECTION_ONLY = 1 << 2
};

/*
 * kb_render() with `flags` (enum kb_render_flags; 0 is kb_render()).
 * With KB_RENDER_LINKS_ONCE, `channel` says which text is given: the
 * common text and that channel's section (or the section alone): an
 * address in another section does not count as given.
 */
int kb_render_with(struct kb_doc **out, const char *markdown, size_t len,
    unsigned flags, enum kb_channel channel);

/* Which channels have a section in the document: bit (1 << channel). */
unsigned kb_doc_channels(const struct kb_doc *doc);

/*
 * The plain text of every block (all channels), one block a line: what the
 * index stores and searches.  Caller frees.
 */
char *kb_doc_text(const struct kb_doc *doc);

struct kb_line {
	char *text;
	size_t len;
	struct kb_span *spans;	/* styles of this line's bytes */
	size_t nspans;
	enum kb_channel channel; /* section, for front ends that mark it */
	int heading;		/* 1 on heading lines and their underline */
	int staff;		/* 1 on the lines of a staff-only note: its
				 * label, KB_STAFF_LABEL, then its text
				 * indented by two; the screen draws them in
				 * a style of their own (KB_STYLE_STAFF) */
};

/* The first line of a staff-only note, as kb_layout() lays it out. */
#define KB_STAFF_LABEL "STAFF ONLY (not for customers):"


struct kb_lines {
	struct kb_line *lines;
	size_t nlines;
};

/*
 * Lay the document out for `channel`: the common blocks and that channel's
 * section (every section when KB_CHANNEL_NONE), wrapped to `width` display
 * columns (0: no wrapping), blank lines between blocks, headings of level
 * 1-2 underlined.  Staff-only notes are laid out too, for the screen
 * (kb_line.staff); what goes to a customer leaves them out
 * (kb_answer_for_customer()).  Caller frees with kb_lines_free().
 */
int kb_layout(struct kb_lines **out, const struct kb_doc *doc,
    enum kb_channel channel, unsigned width);
void kb_lines_free(struct kb_lines *lines);

#endif
