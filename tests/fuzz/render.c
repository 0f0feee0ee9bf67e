/*
 * Fuzz target: Markdown to a document (kb_render), the document to lines
 * (kb_layout), and its text.
 */
#include "fuzz.h"

#include <stdio.h>

#include "kb/render.h"
#include "utf8.h"

/* What the renderer promises; a broken promise is a crash here. */
static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "render: %s\n", what);
		abort();
	}
}

/* Valid UTF-8, no control or unsafe character; spans sorted, inside. */
static void
check_text(const char *s, size_t len, const struct kb_span *spans,
    size_t nspans, int newlines_ok)
{
	size_t i = 0, end = 0;

	check(utf8_valid(s, len, NULL) && strlen(s) == len, "invalid text");
	while (i < len) {
		uint32_t cp;

		i += utf8_decode(s + i, len - i, &cp);
		check(!utf8_is_unsafe(cp) || (cp == '\n' && newlines_ok),
		    "an unsafe character in the text");
	}
	for (i = 0; i < nspans; i++) {
		check(spans[i].len > 0 && spans[i].start >= end &&
		    spans[i].start + spans[i].len <= len, "a span out of place");
		end = spans[i].start + spans[i].len;
	}
}

/*
 * Every channel at every width would make each run slow: the width and
 * channel come from the input's first byte, and the whole document is
 * laid out unwrapped too.
 */
static void
lay_out(const struct kb_doc *doc, uint8_t pick)
{
	static const unsigned widths[] = { 1, 11, 17, 80 };
	struct kb_lines *lines = NULL;

	size_t i;

	if (kb_layout(&lines, doc, KB_CHANNEL_NONE, 0) == 0)
		kb_lines_free(lines);
	if (kb_layout(&lines, doc, (enum kb_channel)(pick % 4),
	    widths[(pick / 4) % 4]) == 0) {
		for (i = 0; i < lines->nlines; i++)
			check_text(lines->lines[i].text, lines->lines[i].len,
			    lines->lines[i].spans, lines->lines[i].nspans, 0);
		kb_lines_free(lines);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kb_doc *doc = NULL;
	char *text;
	size_t i, total = 0;

	if (kb_render(&doc, (const char *)data, size) < 0)
		return 0;
	for (i = 0; i < doc->nblocks; i++) {
		const struct kb_block *b = &doc->blocks[i];

		check_text(b->text, b->len, b->spans, b->nspans, 1);
		total += b->len;
	}
	check(total <= size * KB_RENDER_TEXT_PER_BYTE + KB_RENDER_TEXT_SLACK +
	    sizeof(KB_RENDER_CUT), "more text than the bound");
	lay_out(doc, size ? data[0] : 0);
	(void)kb_doc_channels(doc);
	text = kb_doc_text(doc);
	free(text);
	kb_doc_free(doc);
	return 0;
}
