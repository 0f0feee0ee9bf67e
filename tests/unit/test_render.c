/*
 * Unit tests for render.c and layout.c: Markdown to blocks (kb_render),
 * blocks to lines (kb_layout), and the indexed text (kb_doc_text).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/render.h"
#include "render_private.h"
#include "utf8.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"

static struct kb_doc *
render(const char *md)
{
	struct kb_doc *doc = NULL;

	assert_int_equal(kb_render(&doc, md, strlen(md)), 0);
	assert_non_null(doc);
	return doc;
}

static struct kb_lines *
layout(const struct kb_doc *doc, enum kb_channel channel, unsigned width)
{
	struct kb_lines *lines = NULL;

	assert_int_equal(kb_layout(&lines, doc, channel, width), 0);
	assert_non_null(lines);
	return lines;
}

/* Compare the lines' texts with an expected list. */
static void
assert_lines(const struct kb_lines *l, const char *const *want, size_t n)
{
	size_t i;

	for (i = 0; i < l->nlines && i < n; i++)
		if (strcmp(l->lines[i].text, want[i]) != 0)
			break;
	if (i < n || l->nlines != n) {
		for (i = 0; i < l->nlines; i++)
			print_error("  line %zu: |%s|\n", i, l->lines[i].text);
		fail_msg("%zu lines, want %zu; first difference at %zu",
		    l->nlines, n, i);
	}
	for (i = 0; i < l->nlines; i++)
		assert_int_equal(l->lines[i].len, strlen(l->lines[i].text));
}

/* 1 if some line's text contains `needle`. */
static int
lines_have(const struct kb_lines *l, const char *needle)
{
	size_t i;

	for (i = 0; i < l->nlines; i++)
		if (strstr(l->lines[i].text, needle))
			return 1;
	return 0;
}

/* The text covered by spans of `style`, over every line, space-joined. */
static char *
styled_text(const struct kb_lines *l, unsigned style)
{
	char *out = calloc(1, 4096);
	size_t i, j;

	assert_non_null(out);
	for (i = 0; i < l->nlines; i++)
		for (j = 0; j < l->lines[i].nspans; j++) {
			const struct kb_span *s = &l->lines[i].spans[j];

			if (!(s->style & style))
				continue;
			if (*out)
				strcat(out, " ");
			strncat(out, l->lines[i].text + s->start, s->len);
		}
	return out;
}

static void
render__blocks__headings(void **state)
{
	static const char *const want[] = { "Title", "=====", "",
	    "A paragraph.", "", "Sub", "---", "", "Third", "", "Fourth" };
	struct kb_doc *doc;
	struct kb_lines *l;
	char *text;

	(void)state;
	doc = render("# Title\n\nA paragraph.\n\n## Sub\n\n### Third\n\n"
	    "#### Fourth\n");
	assert_int_equal(doc->nblocks, 5);
	assert_int_equal(doc->blocks[0].kind, KB_BLOCK_HEADING);
	assert_int_equal(doc->blocks[0].level, 1);
	assert_string_equal(doc->blocks[0].text, "Title");
	assert_int_equal(doc->blocks[1].kind, KB_BLOCK_PARA);
	assert_int_equal(doc->blocks[2].level, 2);
	assert_int_equal(doc->blocks[3].level, 3);
	assert_int_equal(doc->blocks[4].level, 4);

	l = layout(doc, KB_CHANNEL_NONE, 0);
	assert_lines(l, want, NITEMS(want));
	assert_int_equal(l->lines[0].heading, 1);
	assert_int_equal(l->lines[1].heading, 1);	/* its underline */
	assert_int_equal(l->lines[3].heading, 0);
	assert_int_equal(l->lines[8].heading, 1);
	text = styled_text(l, KB_STYLE_HEADING);
	assert_string_equal(text, "Title ===== Sub --- Third Fourth");
	free(text);
	kb_lines_free(l);

	text = kb_doc_text(doc);
	assert_string_equal(text, "Title\nA paragraph.\nSub\nThird\nFourth");
	free(text);
	kb_doc_free(doc);
}

static void
render__spans__emphasis(void **state)
{
	static const char md[] = "Some *em* and **strong** and `code` and "
	    "_under_ and ***both***.";
	struct kb_doc *doc;
	struct kb_lines *l;
	const struct kb_block *b;
	char *text;

	(void)state;
	doc = render(md);
	assert_int_equal(doc->nblocks, 1);
	b = &doc->blocks[0];
	assert_string_equal(b->text,
	    "Some em and strong and code and under and both.");
	assert_true(b->nspans >= 5);
	assert_int_equal(b->spans[0].start, 5);
	assert_int_equal(b->spans[0].len, 2);
	assert_int_equal(b->spans[0].style, KB_STYLE_EMPH);
	assert_int_equal(b->spans[1].start, 12);
	assert_int_equal(b->spans[1].len, 6);
	assert_int_equal(b->spans[1].style, KB_STYLE_STRONG);
	assert_int_equal(b->spans[2].start, 23);
	assert_int_equal(b->spans[2].len, 4);
	assert_int_equal(b->spans[2].style, KB_STYLE_CODE);

	/* Wrapped, each line keeps the styles of its own bytes. */
	l = layout(doc, KB_CHANNEL_NONE, 12);
	assert_true(l->nlines > 3);
	text = styled_text(l, KB_STYLE_STRONG);
	assert_string_equal(text, "strong both");
	free(text);
	text = styled_text(l, KB_STYLE_CODE);
	assert_string_equal(text, "code");
	free(text);
	text = styled_text(l, KB_STYLE_EMPH);
	assert_string_equal(text, "em under both");
	free(text);
	kb_lines_free(l);
	kb_doc_free(doc);
}

static void
render__lists__nested_and_ordered(void **state)
{
	static const char *const want[] = { "1. one", "2. two",
	    "   - sub a", "   - sub b", "3. three" };
	static const char *const want_start[] = { "7. seven", "8. eight",
	    "9. nine", "10. ten" };
	struct kb_doc *doc;
	struct kb_lines *l;

	(void)state;
	doc = render("1. one\n2. two\n   - sub a\n   - sub b\n3. three\n");
	assert_int_equal(doc->nblocks, 5);
	assert_int_equal(doc->blocks[0].kind, KB_BLOCK_ITEM);
	assert_string_equal(doc->blocks[0].marker, "1. ");
	assert_string_equal(doc->blocks[2].marker, "- ");
	assert_int_equal(doc->blocks[2].indent, 3);
	assert_string_equal(doc->blocks[4].marker, "3. ");
	assert_int_equal(doc->blocks[4].indent, 0);
	l = layout(doc, KB_CHANNEL_NONE, 0);
	assert_lines(l, want, NITEMS(want));
	kb_lines_free(l);
	kb_doc_free(doc);

	/* Numbering follows the list's start number. */
	doc = render("7. seven\n1. eight\n1. nine\n1. ten\n");
	l = layout(doc, KB_CHANNEL_NONE, 0);
	assert_lines(l, want_start, NITEMS(want_start));
	kb_lines_free(l);
	kb_doc_free(doc);
}

static void
render__lists__wrapped_item_hangs(void **state)
{
	static const char *const want[] = { "- alpha beta gamma",
	    "  delta epsilon", "  - zeta eta theta", "    iota kappa" };
	struct kb_doc *doc;
	struct kb_lines *l;

	(void)state;
	doc = render("- alpha beta gamma delta epsilon\n"
	    "  - zeta eta theta iota kappa\n");
	l = layout(doc, KB_CHANNEL_NONE, 20);
	assert_lines(l, want, NITEMS(want));
	kb_lines_free(l);
	kb_doc_free(doc);
}

static void
render__links__text_and_target(void **state)
{
	struct kb_doc *doc;
	struct kb_lines *l;
	char *text;

	(void)state;
	doc = render("See [the form](https://example.org/f) or "
	    "<https://x.org/a> or <help@x.org> or [top](#top).\n");
	assert_int_equal(doc->nblocks, 1);
	assert_string_equal(doc->blocks[0].text,
	    "See the form (https://example.org/f) or https://x.org/a or "
	    "help@x.org or top.");
	l = layout(doc, KB_CHANNEL_NONE, 0);
	text = styled_text(l, KB_STYLE_LINK);
	assert_string_equal(text, "the form https://x.org/a help@x.org top");
	free(text);
	kb_lines_free(l);
	kb_doc_free(doc);
}

/*
 * A link with an empty destination shows its text alone, whatever the
 * heap held before (the target must never be read from memory that was
 * not written).
 */
static int
render_empty_targets(void *arg)
{
	struct kb_doc *doc = NULL;
	static const char md[] = "Call [us]() or [them](<>) today.\n";
	int rc = 0;
	size_t i;

	(void)arg;
	if (kb_render(&doc, md, strlen(md)) != 0 || doc->nblocks != 1)
		return 1;
	if (strcmp(doc->blocks[0].text, "Call us or them today.") != 0) {
		print_error("links with an empty target show bytes that were "
		    "never written:");
		for (i = 0; i < doc->blocks[0].len; i++)
			print_error(" %02X",
			    (unsigned char)doc->blocks[0].text[i]);
		print_error("\n");
		rc = 1;
	}
	kb_doc_free(doc);
	return rc;
}

static void
render__links__empty_target(void **state)
{
	(void)state;
	assert_int_equal(th_run_perturbed(render_empty_targets, NULL), 0);
}

static void
render__code__never_wrapped(void **state)
{
	static const char long_line[] =
	    "curl https://example.org/a/very/long/path?with=query&and=more";
	char md[256];
	struct kb_doc *doc;
	struct kb_lines *l;
	size_t i;
	int found = 0;

	(void)state;
	snprintf(md, sizeof(md), "Intro.\n\n```\n%s\n  indented &amp; kept\n"
	    "```\n\n    %s\n", long_line, long_line);
	doc = render(md);
	assert_int_equal(doc->blocks[1].kind, KB_BLOCK_CODE);
	l = layout(doc, KB_CHANNEL_NONE, 20);
	for (i = 0; i < l->nlines; i++) {
		if (strstr(l->lines[i].text, long_line)) {
			found++;
			assert_true(utf8_width(l->lines[i].text,
			    l->lines[i].len) > 20);
		}
	}
	assert_int_equal(found, 2);	/* fenced and indented code */
	/* Lines of a code block keep their own indentation and text. */
	assert_true(lines_have(l, "      indented &amp; kept"));
	kb_lines_free(l);
	kb_doc_free(doc);
}

/* ```staff (any case, any info after the word) is a staff-only note. */
static void
render__staff__fenced_block(void **state)
{
	static const struct {
		const char *md;
		enum kb_block_kind kind;
	} cases[] = {
		{ "```staff\nCode W12.\n```\n", KB_BLOCK_STAFF },
		{ "~~~ Staff only, please\nCode W12.\n~~~\n", KB_BLOCK_STAFF },
		{ "````STAFF\nCode W12.\n````\n", KB_BLOCK_STAFF },
		{ "```staffing\nCode W12.\n```\n", KB_BLOCK_CODE },
		{ "```sh\nCode W12.\n```\n", KB_BLOCK_CODE },
		{ "    staff\n    Code W12.\n", KB_BLOCK_CODE },
		{ "- item\n\n  ```staff\n  Code W12.\n  ```\n",
		  KB_BLOCK_STAFF },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		struct kb_doc *doc = render(cases[i].md);
		const struct kb_block *b = &doc->blocks[doc->nblocks - 1];

		if (b->kind != cases[i].kind)
			fail_msg("case %zu: kind %d, want %d", i, (int)b->kind,
			    (int)cases[i].kind);
		assert_non_null(strstr(b->text, "Code W12."));
		kb_doc_free(doc);
	}
}

/*
 * Laid out under its label, indented, its lines as written and wrapped,
 * every line flagged and styled as staff; inside a channel section it
 * belongs to that section.
 */
static void
render__staff__layout(void **state)
{
	static const char *const want[] = { "Give the form.", "",
	    KB_STAFF_LABEL, "  Seniors pay no fee:", "  code W12.",
	    "  Never say the code.", "", "After." };
	struct kb_doc *doc;
	struct kb_lines *l;
	size_t i;
	char *text;

	(void)state;
	doc = render("Give the form.\n\n```staff\nSeniors pay no fee: code "
	    "W12.\nNever say the code.\n```\n\nAfter.\n\n## Email\n"
	    "```staff\nEmail note.\n```\n");
	l = layout(doc, KB_CHANNEL_PHONE, 22);
	assert_lines(l, want, NITEMS(want));
	for (i = 0; i < l->nlines; i++)
		assert_int_equal(l->lines[i].staff, i >= 2 && i <= 5);
	text = styled_text(l, KB_STYLE_STAFF);
	assert_string_equal(text, KB_STAFF_LABEL " Seniors pay no fee: code "
	    "W12. Never say the code.");
	/* The style starts after the indent. */
	assert_int_equal(l->lines[3].spans[0].start, 2);
	free(text);
	kb_lines_free(l);
	assert_int_equal(doc->blocks[doc->nblocks - 1].kind, KB_BLOCK_STAFF);
	assert_int_equal(doc->blocks[doc->nblocks - 1].channel,
	    KB_CHANNEL_EMAIL);
	kb_doc_free(doc);
}

static struct kb_doc *
render_with(const char *md, unsigned flags, enum kb_channel channel)
{
	struct kb_doc *doc = NULL;

	assert_int_equal(kb_render_with(&doc, md, strlen(md), flags, channel),
	    0);
	assert_non_null(doc);
	return doc;
}

/* A line break in the Markdown stays one with KB_RENDER_LINE_BREAKS. */
static void
render__flags__line_breaks(void **state)
{
	static const char md[] = "Kind regards,\nRita Reyes\nCity Contact "
	    "Centre\n\n- one\n  more\n";
	static const char *const joined[] = { "Kind regards, Rita Reyes City "
	    "Contact Centre", "", "- one more" };
	static const char *const kept[] = { "Kind regards,", "Rita Reyes",
	    "City Contact Centre", "", "- one", "  more" };
	struct kb_doc *doc;
	struct kb_lines *l;

	(void)state;
	doc = render(md);
	l = layout(doc, KB_CHANNEL_NONE, 0);
	assert_lines(l, joined, NITEMS(joined));
	kb_lines_free(l);
	kb_doc_free(doc);
	doc = render_with(md, KB_RENDER_LINE_BREAKS, KB_CHANNEL_NONE);
	l = layout(doc, KB_CHANNEL_NONE, 0);
	assert_lines(l, kept, NITEMS(kept));
	kb_lines_free(l);
	kb_doc_free(doc);
}

/*
 * KB_RENDER_LINKS_ONCE: an address once, and a link whose text is its
 * address without the scheme is the address; only the text given (the
 * common text and the channel's section, or the section alone) counts.
 */
static void
render__flags__links_once(void **state)
{
	static const char md[] = "See [x.gov/a](https://x.gov/a), the "
	    "[form](https://x.gov/a), [x.gov/a](http://x.gov/a) and "
	    "[mail](mailto:a@x.gov).\n\n"
	    "## Email\nBook at [the office](https://x.gov/b) or "
	    "[**x.gov/c**](https://x.gov/c); [here](https://x.gov/a) too.\n";
	static const char *const plain[] = { "See x.gov/a (https://x.gov/a), "
	    "the form (https://x.gov/a), x.gov/a (http://x.gov/a) and mail "
	    "(mailto:a@x.gov).", "", "Email", "-----", "", "Book at the office "
	    "(https://x.gov/b) or x.gov/c (https://x.gov/c); here "
	    "(https://x.gov/a) too." };
	static const char *const once[] = { "See https://x.gov/a, the form, "
	    "http://x.gov/a and mail (a@x.gov).", "", "Email", "-----", "",
	    "Book at the office (https://x.gov/b) or https://x.gov/c; here "
	    "too." };
	static const char *const section_only[] = { "See x.gov/a "
	    "(https://x.gov/a), the form (https://x.gov/a), x.gov/a "
	    "(http://x.gov/a) and mail (mailto:a@x.gov).", "", "Email",
	    "-----", "", "Book at the office (https://x.gov/b) or "
	    "https://x.gov/c; here (https://x.gov/a) too." };
	struct kb_doc *doc;
	struct kb_lines *l;
	char *text;

	(void)state;
	doc = render(md);
	l = layout(doc, KB_CHANNEL_EMAIL, 0);
	assert_lines(l, plain, NITEMS(plain));
	kb_lines_free(l);
	kb_doc_free(doc);

	doc = render_with(md, KB_RENDER_LINKS_ONCE, KB_CHANNEL_EMAIL);
	l = layout(doc, KB_CHANNEL_EMAIL, 0);
	assert_lines(l, once, NITEMS(once));
	/* The address that replaced a link's text is a link, wholly. */
	text = styled_text(l, KB_STYLE_LINK);
	assert_string_equal(text, "https://x.gov/a form http://x.gov/a mail "
	    "the office https://x.gov/c here");
	free(text);
	kb_lines_free(l);
	kb_doc_free(doc);

	doc = render_with(md, KB_RENDER_LINKS_ONCE | KB_RENDER_SECTION_ONLY,
	    KB_CHANNEL_EMAIL);
	l = layout(doc, KB_CHANNEL_EMAIL, 0);
	assert_lines(l, section_only, NITEMS(section_only));
	kb_lines_free(l);
	kb_doc_free(doc);
}

static const char channel_md[] =
    "Common text.\n"
    "\n"
    "## Phone\n"
    "Phone words.\n"
    "\n"
    "### Phone detail\n"
    "More phone words.\n"
    "\n"
    "## Email\n"
    "Email words.\n"
    "\n"
    "## Walk-in\n"
    "Walk-in words.\n"
    "\n"
    "## Fees\n"
    "Common fees.\n";

static void
render__channels__sections(void **state)
{
	struct kb_doc *doc;
	struct kb_lines *l;
	size_t i;

	(void)state;
	doc = render(channel_md);
	assert_int_equal(kb_doc_channels(doc), (1u << KB_CHANNEL_PHONE) |
	    (1u << KB_CHANNEL_EMAIL) | (1u << KB_CHANNEL_WALKIN));
	for (i = 0; i < doc->nblocks; i++) {
		const struct kb_block *b = &doc->blocks[i];
		enum kb_channel want = KB_CHANNEL_NONE;

		if (strstr(b->text, "Phone") || strstr(b->text, "phone"))
			want = KB_CHANNEL_PHONE;
		else if (strstr(b->text, "Email"))
			want = KB_CHANNEL_EMAIL;
		else if (strstr(b->text, "Walk-in"))
			want = KB_CHANNEL_WALKIN;
		if (b->channel != want)
			fail_msg("block '%s': channel %d, want %d", b->text,
			    b->channel, want);
	}

	/* Phone: the common text and the phone section only. */
	l = layout(doc, KB_CHANNEL_PHONE, 0);
	assert_true(lines_have(l, "Common text."));
	assert_true(lines_have(l, "Phone words."));
	assert_true(lines_have(l, "More phone words."));
	assert_true(lines_have(l, "Common fees."));
	assert_false(lines_have(l, "Email"));
	assert_false(lines_have(l, "Walk-in"));
	for (i = 0; i < l->nlines; i++)
		assert_true(l->lines[i].channel == KB_CHANNEL_NONE ||
		    l->lines[i].channel == KB_CHANNEL_PHONE);
	kb_lines_free(l);

	l = layout(doc, KB_CHANNEL_WALKIN, 0);
	assert_true(lines_have(l, "Walk-in words."));
	assert_true(lines_have(l, "Common fees."));
	assert_false(lines_have(l, "Phone"));
	assert_false(lines_have(l, "Email words."));
	kb_lines_free(l);

	/* No channel: every section, each under its heading. */
	l = layout(doc, KB_CHANNEL_NONE, 0);
	for (i = 0; i < l->nlines; i++)
		if (strcmp(l->lines[i].text, "Email") == 0)
			break;
	assert_true(i + 1 < l->nlines);
	assert_int_equal(l->lines[i].heading, 1);
	assert_int_equal(l->lines[i].channel, KB_CHANNEL_EMAIL);
	assert_string_equal(l->lines[i + 1].text, "-----");
	assert_true(lines_have(l, "Phone words."));
	assert_true(lines_have(l, "Walk-in words."));
	assert_true(lines_have(l, "Email words."));
	assert_true(lines_have(l, "Common text."));
	kb_lines_free(l);

	/* The indexed text has every channel. */
	{
		char *text = kb_doc_text(doc);

		assert_non_null(strstr(text, "Phone words."));
		assert_non_null(strstr(text, "Email words."));
		assert_non_null(strstr(text, "Walk-in words."));
		free(text);
	}
	kb_doc_free(doc);
}

static void
render__channels__misspelled_heading_is_common(void **state)
{
	struct kb_doc *doc;
	struct kb_lines *l;

	(void)state;
	doc = render("Common.\n\n## phone\nLower.\n\n# Phone\nLevel one.\n\n"
	    "## Walk in\nSpaced.\n");
	assert_int_equal(kb_doc_channels(doc), 0);
	l = layout(doc, KB_CHANNEL_EMAIL, 0);
	assert_true(lines_have(l, "Lower."));
	assert_true(lines_have(l, "Level one."));
	assert_true(lines_have(l, "Spaced."));
	kb_lines_free(l);
	kb_doc_free(doc);
}

static void
render__channels__names(void **state)
{
	static const struct {
		const char *name;
		int channel;
	} cases[] = {
		{ "phone", KB_CHANNEL_PHONE }, { "email", KB_CHANNEL_EMAIL },
		{ "walk-in", KB_CHANNEL_WALKIN }, { "Phone", KB_CHANNEL_PHONE },
		{ "WALK-IN", KB_CHANNEL_WALKIN },
		{ "all", -1 }, { "", -1 }, { "walkin", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		if (kb_channel_parse(cases[i].name) != cases[i].channel)
			fail_msg("kb_channel_parse(\"%s\") != %d",
			    cases[i].name, cases[i].channel);
	assert_string_equal(kb_channel_name(KB_CHANNEL_PHONE), "phone");
	assert_string_equal(kb_channel_name(KB_CHANNEL_WALKIN), "walk-in");
	assert_string_equal(kb_channel_name(KB_CHANNEL_NONE), "all");
	assert_string_equal(kb_channel_heading(KB_CHANNEL_PHONE), "Phone");
	assert_string_equal(kb_channel_heading(KB_CHANNEL_EMAIL), "Email");
	assert_string_equal(kb_channel_heading(KB_CHANNEL_WALKIN), "Walk-in");
}

static const char wrap_md[] =
    "# A heading that is rather long for twenty columns\n"
    "\n"
    "The quick brown fox jumps over the lazy dog, then over the fence "
    "and back again to the barn.\n"
    "\n"
    "Supercalifragilisticexpialidocious-and-longer-than-twenty words "
    "break.\n"
    "\n"
    "\xE8\xAD\xB7\xE7\x85\xA7\xE7\x94\xB3\xE8\xAB\x8B\xE8\xAD\xB7\xE7\x85"
    "\xA7\xE7\x94\xB3\xE8\xAB\x8B\xE8\xAD\xB7\xE7\x85\xA7\xE7\x94\xB3\xE8"
    "\xAB\x8B\xE8\xAD\xB7\xE7\x85\xA7\xE7\x94\xB3\xE8\xAB\x8B\n"
    "\n"
    "a\xE8\xAD\xB7\xE7\x85\xA7\xE8\xAD\xB7\xE7\x85\xA7\xE8\xAD\xB7\xE7\x85"
    "\xA7\xE8\xAD\xB7\xE7\x85\xA7\xE8\xAD\xB7\xE7\x85\xA7 mixed "
    "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80 emoji "
    "caf\xC3\xA9 cafe\xCC\x81 \xE8\xAD\xB7 x\n"
    "\n"
    "- a list item with enough words to wrap twice at least here\n"
    "  1. a nested ordered item \xE8\xAD\xB7\xE7\x85\xA7\xE8\xAD\xB7\xE7"
    "\x85\xA7\xE8\xAD\xB7\xE7\x85\xA7\xE8\xAD\xB7\xE7\x85\xA7 wide words\n"
    "\n"
    "> A quoted paragraph that also needs wrapping at twenty.\n"
    "\n"
    "See [a link with a long target](https://example.org/a/very/long/"
    "path/that/cannot/break).\n"
    "\n"
    "| column one | column two | column three |\n"
    "|---|---|---|\n"
    "| a | b | c |\n"
    "\n"
    "---\n"
    "\n"
    "## Phone\n"
    "Say the words slowly and spell out every one of the long names.\n";

static void
render__layout__wraps_within_width(void **state)
{
	static const unsigned widths[] = { 20, 21, 24, 33 };
	static const enum kb_channel channels[] = { KB_CHANNEL_NONE,
	    KB_CHANNEL_PHONE };
	struct kb_doc *doc;
	size_t w, c, i;

	(void)state;
	doc = render(wrap_md);
	for (w = 0; w < NITEMS(widths); w++)
		for (c = 0; c < NITEMS(channels); c++) {
			struct kb_lines *l = layout(doc, channels[c],
			    widths[w]);

			assert_true(l->nlines > 20);
			for (i = 0; i < l->nlines; i++) {
				size_t cols = utf8_width(l->lines[i].text,
				    l->lines[i].len);

				if (cols > widths[w])
					fail_msg("width %u: line '%s' takes %zu "
					    "columns", widths[w],
					    l->lines[i].text, cols);
			}
			kb_lines_free(l);
		}
	kb_doc_free(doc);
}

/* Wrapping loses nothing and breaks words only when they cannot fit. */
static void
render__layout__wrap_keeps_words(void **state)
{
	static const char md[] = "The quick brown fox jumps over the lazy "
	    "dog, then over the fence and back again to the barn, where "
	    "\xE8\xAD\xB7\xE7\x85\xA7 and caf\xC3\xA9 wait.";
	struct kb_doc *doc;
	struct kb_lines *l;
	char joined[512] = "";
	size_t i;

	(void)state;
	doc = render(md);
	l = layout(doc, KB_CHANNEL_NONE, 20);
	assert_true(l->nlines >= 6);
	for (i = 0; i < l->nlines; i++) {
		const char *t = l->lines[i].text;

		/* No line starts or ends with a blank. */
		assert_true(l->lines[i].len > 0);
		assert_true(t[0] != ' ' && t[l->lines[i].len - 1] != ' ');
		if (i)
			strcat(joined, " ");
		strcat(joined, t);
	}
	assert_string_equal(joined, doc->blocks[0].text);
	kb_lines_free(l);
	kb_doc_free(doc);
}

static void
render__layout__wide_characters(void **state)
{
	struct kb_doc *doc;
	struct kb_lines *l;
	size_t i;

	(void)state;
	/* 25 CJK characters, 50 columns, no spaces: 10 per line. */
	{
		char md[128] = "";

		for (i = 0; i < 25; i++)
			strcat(md, "\xE8\xAD\xB7");
		doc = render(md);
	}
	l = layout(doc, KB_CHANNEL_NONE, 20);
	assert_int_equal(l->nlines, 3);
	assert_int_equal(utf8_width(l->lines[0].text, l->lines[0].len), 20);
	assert_int_equal(utf8_width(l->lines[1].text, l->lines[1].len), 20);
	assert_int_equal(utf8_width(l->lines[2].text, l->lines[2].len), 10);
	kb_lines_free(l);

	/* An odd width: a wide character never straddles the edge. */
	l = layout(doc, KB_CHANNEL_NONE, 21);
	for (i = 0; i < l->nlines; i++)
		assert_true(utf8_width(l->lines[i].text, l->lines[i].len) <=
		    21);
	assert_int_equal(l->nlines, 3);
	kb_lines_free(l);
	kb_doc_free(doc);
}

static void
render__layout__rule_and_quote(void **state)
{
	static const char *const want[] = { "> quoted text that", "> wraps",
	    "", "--------------------" };
	struct kb_doc *doc;
	struct kb_lines *l;

	(void)state;
	doc = render("> quoted text that wraps\n\n---\n");
	l = layout(doc, KB_CHANNEL_NONE, 20);
	assert_lines(l, want, NITEMS(want));
	kb_lines_free(l);
	kb_doc_free(doc);
}

static void
render__entities__decoded(void **state)
{
	struct kb_doc *doc;

	(void)state;
	doc = render("Fish &amp; chips, caf&#233;, &#xE9;t&#xe9;, &lt;b&gt;, "
	    "&quot;q&quot;, &copy; &euro;\n");
	assert_string_equal(doc->blocks[0].text, "Fish & chips, caf\xC3\xA9, "
	    "\xC3\xA9t\xC3\xA9, <b>, \"q\", \xC2\xA9 \xE2\x82\xAC");
	kb_doc_free(doc);

	/* Entities for control characters and non-characters become U+FFFD. */
	doc = render("a&#27;b &#x9B;c &#8238;d &#0;e &#x110000;f &#xD800;g\n");
	assert_string_equal(doc->blocks[0].text, "a" FFFD "b " FFFD "c " FFFD
	    "d " FFFD "e " FFFD "f " FFFD "g");
	kb_doc_free(doc);
}

/* No byte of any line may be a control character or unsafe. */
static void
assert_line_safe(const char *what, const char *s, size_t len,
    int newlines_ok)
{
	size_t i = 0;

	if (!utf8_valid(s, len, NULL))
		fail_msg("%s: invalid UTF-8 in '%s'", what, s);
	if (strlen(s) != len)
		fail_msg("%s: NUL inside '%s'", what, s);
	while (i < len) {
		uint32_t cp;

		i += utf8_decode(s + i, len - i, &cp);
		if (cp == '\n' && newlines_ok)
			continue;
		if (utf8_is_unsafe(cp))
			fail_msg("%s: U+%04X in '%s'", what, (unsigned)cp, s);
	}
}

static void
render__sanitise__no_control_characters(void **state)
{
	static const char *const docs[] = {
		"Text \x1B[31mred\x1B[0m and bell\x07 and csi\xC2\x9B" "31m "
		"and rlo\xE2\x80\xAE" "evil and lri\xE2\x81\xA6 end\n",
		"# Head\x1B]0;title\x07 ing\n\n## Ph\x1Bone\n",
		"```\n\x1B[2J\x07 code \xE2\x80\xAE\n\tx\x7F\n```\n",
		"    indented \x1B code \x9B" "31m\n",
		"inline `\x1B[31m` code and \x08 backspace\n",
		"[click\x1B here](https://x.org/a) and [b](https://x.org/\xE2\x80"
		"\xAE)\n",
		"![alt\x1B text](img.png \"title\x07\")\n",
		"&#27;[31m &#x9b; &#8238; &#x202E; &#7; &#0; &#x110000; "
		"&#x2066;\n",
		"raw C1 \x9B" "31m and \x85 and invalid \xFF\xFE\n",
		"| a\x1B | b\x07 |\n|---|---|\n| \xE2\x80\xAE | \xC2\x9B |\n",
		"## Phone\nSay \x1B[5m this \x07.\n\n## Email\n\x1B]8;;x\x07\n",
		"<script>\x1B</script> <b>\x07</b>\n\n<div>\n\x1B\n</div>\n",
		"- item \x1B\n  - nested \x07\n1. ordered \xE2\x80\xAE\n",
		"> quote \x1B\n> > deeper \x07\n",
		"hard break\\\nnext \x1B line  \nthird\x07\n",
		"<https://x.org/\x1B> <mailto:a\x07@b.c>\n",
		"line\r\nwith\rcarriage\x1B returns\r\n",
		"tab\tseparated\tand\vvertical\ffeed\n",
	};
	static const enum kb_channel channels[] = { KB_CHANNEL_NONE,
	    KB_CHANNEL_PHONE, KB_CHANNEL_EMAIL, KB_CHANNEL_WALKIN };
	static const unsigned widths[] = { 0, 20, 7 };
	size_t d, c, w, i;

	(void)state;
	for (d = 0; d < NITEMS(docs); d++) {
		struct kb_doc *doc = render(docs[d]);
		char what[64], *text;

		snprintf(what, sizeof(what), "doc %zu", d);
		for (i = 0; i < doc->nblocks; i++)
			assert_line_safe(what, doc->blocks[i].text,
			    doc->blocks[i].len, 1);
		text = kb_doc_text(doc);
		assert_line_safe(what, text, strlen(text), 1);
		free(text);
		for (c = 0; c < NITEMS(channels); c++)
			for (w = 0; w < NITEMS(widths); w++) {
				struct kb_lines *l = layout(doc, channels[c],
				    widths[w]);

				for (i = 0; i < l->nlines; i++) {
					const struct kb_line *line =
					    &l->lines[i];
					size_t s;

					assert_line_safe(what, line->text,
					    line->len, 0);
					for (s = 0; s < line->nspans; s++)
						assert_true(line->spans[s].start +
						    line->spans[s].len <=
						    line->len);
				}
				kb_lines_free(l);
			}
		kb_doc_free(doc);
	}
}

/* A NUL byte in the Markdown is shown as U+FFFD, never cut the text. */
static void
render__sanitise__nul_byte(void **state)
{
	static const char md[] = "before\0after";
	struct kb_doc *doc = NULL;

	(void)state;
	assert_int_equal(kb_render(&doc, md, sizeof(md) - 1), 0);
	assert_int_equal(doc->nblocks, 1);
	assert_string_equal(doc->blocks[0].text, "before" FFFD "after");
	kb_doc_free(doc);
}

static void
render__doc__empty_and_odd_input(void **state)
{
	static const char *const inputs[] = { "", "\n\n\n", "   ", "#", "-",
	    "1.", ">", "```", "|", "***", "[", "![](", "<", "&", "&#;",
	    "&#xZZ;" };
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(inputs); i++) {
		struct kb_doc *doc = render(inputs[i]);
		struct kb_lines *l = layout(doc, KB_CHANNEL_NONE, 20);
		char *text = kb_doc_text(doc);

		assert_non_null(text);
		assert_line_safe(inputs[i], text, strlen(text), 1);
		free(text);
		kb_lines_free(l);
		kb_doc_free(doc);
	}
}

/* --- hostile input: any callback sequence, bounded output ----------------- */

/* Spans of one block or line: inside the text, sorted, never overlapping. */
static void
assert_spans_sane(const char *what, const struct kb_span *spans, size_t n,
    size_t len)
{
	size_t i, end = 0;

	for (i = 0; i < n; i++) {
		if (spans[i].len == 0 || spans[i].start < end ||
		    spans[i].start + spans[i].len > len)
			fail_msg("%s: span %zu of %zu [%zu, +%zu) after %zu, "
			    "text %zu bytes", what, i, n, spans[i].start,
			    spans[i].len, end, len);
		end = spans[i].start + spans[i].len;
	}
}

/*
 * Everything a document of `md_len` bytes of Markdown may be: safe text,
 * sane spans, within the bounds of render.h, and lines that are the same
 * at every width and channel.
 */
static void
assert_doc_sane(const struct kb_doc *doc, size_t md_len)
{
	static const unsigned widths[] = { 0, 13, 80 };
	static const enum kb_channel channels[] = { KB_CHANNEL_NONE,
	    KB_CHANNEL_EMAIL };
	size_t i, c, w, total = 0;

	assert_true(doc->nblocks <= KB_RENDER_MAX_BLOCKS + 1);
	for (i = 0; i < doc->nblocks; i++) {
		const struct kb_block *b = &doc->blocks[i];

		assert_line_safe("block", b->text, b->len, 1);
		assert_true(b->nspans <= KB_RENDER_MAX_SPANS);
		assert_spans_sane("block", b->spans, b->nspans, b->len);
		assert_true(b->indent >= 0 &&
		    b->indent <= KB_RENDER_MAX_INDENT);
		assert_true(b->level >= 0 && b->level <= 6);
		assert_true(memchr(b->marker, '\0', sizeof(b->marker)) != NULL);
		total += b->len;
	}
	assert_true(total <= md_len * KB_RENDER_TEXT_PER_BYTE +
	    KB_RENDER_TEXT_SLACK + sizeof(KB_RENDER_CUT));
	assert_true(total <= KB_RENDER_MAX_TEXT + sizeof(KB_RENDER_CUT));
	for (c = 0; c < NITEMS(channels); c++)
		for (w = 0; w < NITEMS(widths); w++) {
			struct kb_lines *l = layout(doc, channels[c], widths[w]);

			for (i = 0; i < l->nlines; i++) {
				assert_line_safe("line", l->lines[i].text,
				    l->lines[i].len, 0);
				assert_spans_sane("line", l->lines[i].spans,
				    l->lines[i].nspans, l->lines[i].len);
			}
			kb_lines_free(l);
		}
}

/* md4c 0.4.8 leaves an emphasis it never entered around this autolink. */
static void
render__hostile__unmatched_leave_from_md4c(void **state)
{
	static const char *const inputs[] = {
		"http://.s*i*",
		"x http://.s*i* y *z*",
		"*http://.s*i*",
		"http://.s**i** **b**",
		"| h |\n|---|\n| http://.s*i* |\n",
		"- http://.s*i*\n  - *a* http://.s*i* `c`\n",
	};
	struct buf md = BUF_INIT;
	struct kb_doc *doc;
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(inputs); i++) {
		doc = render(inputs[i]);
		assert_doc_sane(doc, strlen(inputs[i]));
		kb_doc_free(doc);
	}
	/* Many unmatched leaves, then spans: before, these wrote below the
	 * span stack, over the renderer's own pointers. */
	for (i = 0; i < 200; i++)
		buf_adds(&md, "http://.s*i* ");
	for (i = 0; i < 200; i++)
		buf_addf(&md, "*a%zu* **b** `c` [d](https://e.org) ", i);
	doc = render(buf_cstr(&md));
	assert_int_equal(doc->nblocks, 1);
	assert_non_null(strstr(doc->blocks[0].text, "a199 b c d (https://"));
	assert_doc_sane(doc, md.len);
	kb_doc_free(doc);
	buf_free(&md);
}

/* One call of the md4c interface, as tests send it. */
struct call {
	enum { ENTER_BLOCK, LEAVE_BLOCK, ENTER_SPAN, LEAVE_SPAN, TEXT } what;
	int type;
	const char *text;
};

static struct kb_doc *
replay(const struct call *calls, size_t n)
{
	static MD_SPAN_A_DETAIL link;
	static MD_BLOCK_H_DETAIL head = { 2 };
	static MD_BLOCK_OL_DETAIL ol = { 7, 0, '.' };
	MD_PARSER p;
	struct render *r = kb_render__begin(1000);
	size_t i;

	link.href.text = "https://x.org/\x1B[2J";
	link.href.size = (MD_SIZE)strlen(link.href.text);
	kb_render__parser(&p);
	for (i = 0; i < n; i++) {
		const struct call *c = &calls[i];
		void *detail = c->type == MD_BLOCK_H ? (void *)&head :
		    c->type == MD_BLOCK_OL ? (void *)&ol : NULL;

		switch (c->what) {
		case ENTER_BLOCK:
			assert_int_equal(p.enter_block(c->type, detail, r), 0);
			break;
		case LEAVE_BLOCK:
			assert_int_equal(p.leave_block(c->type, detail, r), 0);
			break;
		case ENTER_SPAN:
			assert_int_equal(p.enter_span(c->type,
			    c->type == MD_SPAN_A ? &link : NULL, r), 0);
			break;
		case LEAVE_SPAN:
			assert_int_equal(p.leave_span(c->type, NULL, r), 0);
			break;
		case TEXT:
			assert_int_equal(p.text(c->type, c->text,
			    (MD_SIZE)strlen(c->text), r), 0);
			break;
		}
	}
	return kb_render__end(r);
}

static void
render__hostile__unbalanced_callbacks(void **state)
{
	static const struct call unmatched[] = {
		{ ENTER_BLOCK, MD_BLOCK_P, NULL },
		{ LEAVE_SPAN, MD_SPAN_EM, NULL },
		{ LEAVE_SPAN, MD_SPAN_A, NULL },
		{ LEAVE_SPAN, MD_SPAN_STRONG, NULL },
		{ TEXT, MD_TEXT_NORMAL, "plain " },
		{ ENTER_SPAN, MD_SPAN_STRONG, NULL },
		{ TEXT, MD_TEXT_NORMAL, "bold" },
		{ LEAVE_SPAN, MD_SPAN_STRONG, NULL },
		{ LEAVE_SPAN, MD_SPAN_STRONG, NULL },
		{ LEAVE_BLOCK, MD_BLOCK_P, NULL },
	};
	/* Spans crossing, a link never left, blocks left never entered. */
	static const struct call crossed[] = {
		{ LEAVE_BLOCK, MD_BLOCK_UL, NULL },
		{ LEAVE_BLOCK, MD_BLOCK_QUOTE, NULL },
		{ LEAVE_BLOCK, MD_BLOCK_TH, NULL },
		{ LEAVE_BLOCK, MD_BLOCK_OL, NULL },
		{ ENTER_BLOCK, MD_BLOCK_LI, NULL },
		{ ENTER_BLOCK, MD_BLOCK_P, NULL },
		{ ENTER_SPAN, MD_SPAN_EM, NULL },
		{ TEXT, MD_TEXT_NORMAL, "one " },
		{ ENTER_SPAN, MD_SPAN_A, NULL },
		{ TEXT, MD_TEXT_NORMAL, "two" },
		{ LEAVE_SPAN, MD_SPAN_EM, NULL },
		{ TEXT, MD_TEXT_NORMAL, " three" },
		{ LEAVE_SPAN, MD_SPAN_A, NULL },
		{ ENTER_SPAN, MD_SPAN_A, NULL },
		{ TEXT, MD_TEXT_NORMAL, " four" },
		{ LEAVE_BLOCK, MD_BLOCK_P, NULL },
		{ LEAVE_SPAN, MD_SPAN_A, NULL },
		{ TEXT, MD_TEXT_NORMAL, "five" },
	};
	/* A link before any text: the text buffer is not allocated yet
	 * (found by the fuzzer: UBSan, an offset from a null pointer). */
	static const struct call empty_link[] = {
		{ ENTER_SPAN, MD_SPAN_A, NULL },
		{ LEAVE_SPAN, MD_SPAN_A, NULL },
	};
	struct kb_doc *doc;

	(void)state;
	doc = replay(empty_link, NITEMS(empty_link));
	assert_int_equal(doc->nblocks, 1);
	assert_string_equal(doc->blocks[0].text, " (https://x.org/" FFFD "[2J)");
	kb_doc_free(doc);

	doc = replay(unmatched, NITEMS(unmatched));
	assert_int_equal(doc->nblocks, 1);
	assert_string_equal(doc->blocks[0].text, "plain bold");
	assert_int_equal(doc->blocks[0].nspans, 1);
	assert_int_equal(doc->blocks[0].spans[0].start, 6);
	assert_int_equal(doc->blocks[0].spans[0].len, 4);
	assert_int_equal(doc->blocks[0].spans[0].style, KB_STYLE_STRONG);
	assert_doc_sane(doc, 1000);
	kb_doc_free(doc);

	doc = replay(crossed, NITEMS(crossed));
	assert_int_equal(doc->nblocks, 2);
	/* Leaving the emphasis closed the link inside it: its target is
	 * shown only where the link itself is left. */
	assert_string_equal(doc->blocks[0].text, "one two three four");
	assert_string_equal(doc->blocks[1].text, "five");
	assert_int_equal(doc->blocks[0].indent, 0);
	assert_doc_sane(doc, 1000);
	kb_doc_free(doc);
}

/* Nesting past every limit: spans, lists, quotes, headings in items. */
static void
render__hostile__deep_nesting(void **state)
{
	struct call calls[600];
	struct buf md = BUF_INIT;
	struct kb_doc *doc;
	size_t i, n = 0;

	(void)state;
	calls[n++] = (struct call){ ENTER_BLOCK, MD_BLOCK_P, NULL };
	for (i = 0; i < 100; i++)
		calls[n++] = (struct call){ ENTER_SPAN,
		    i % 2 ? MD_SPAN_EM : MD_SPAN_STRONG, NULL };
	calls[n++] = (struct call){ TEXT, MD_TEXT_NORMAL, "deep" };
	for (i = 0; i < 150; i++)
		calls[n++] = (struct call){ LEAVE_SPAN,
		    i % 2 ? MD_SPAN_EM : MD_SPAN_STRONG, NULL };
	calls[n++] = (struct call){ TEXT, MD_TEXT_NORMAL, " after" };
	calls[n++] = (struct call){ LEAVE_BLOCK, MD_BLOCK_P, NULL };
	doc = replay(calls, n);
	assert_int_equal(doc->nblocks, 1);
	assert_string_equal(doc->blocks[0].text, "deep after");
	assert_int_equal(doc->blocks[0].nspans, 1);
	assert_int_equal(doc->blocks[0].spans[0].len, 4);
	assert_doc_sane(doc, 1000);
	kb_doc_free(doc);

	n = 0;
	for (i = 0; i < 60; i++) {
		calls[n++] = (struct call){ ENTER_BLOCK, MD_BLOCK_OL, NULL };
		calls[n++] = (struct call){ ENTER_BLOCK, MD_BLOCK_LI, NULL };
		calls[n++] = (struct call){ ENTER_BLOCK, MD_BLOCK_QUOTE, NULL };
		calls[n++] = (struct call){ ENTER_BLOCK, MD_BLOCK_H, NULL };
		calls[n++] = (struct call){ TEXT, MD_TEXT_NORMAL, "h" };
	}
	for (i = 0; i < 200; i++)
		calls[n++] = (struct call){ LEAVE_BLOCK, MD_BLOCK_OL, NULL };
	calls[n++] = (struct call){ TEXT, MD_TEXT_NORMAL, "out" };
	doc = replay(calls, n);
	assert_int_equal(doc->nblocks, 61);
	assert_string_equal(doc->blocks[60].text, "out");
	assert_int_equal(doc->blocks[60].indent, 0);
	assert_doc_sane(doc, 1000);
	kb_doc_free(doc);

	/* The same from Markdown: 300 levels of list and of quote. */
	for (i = 0; i < 300; i++) {
		buf_addf(&md, "%*s- item %zu *e* **s**\n", (int)(i * 2), "", i);
	}
	for (i = 0; i < 300; i++)
		buf_adds(&md, "> ");
	buf_adds(&md, "quoted\n");
	doc = render(buf_cstr(&md));
	assert_doc_sane(doc, md.len);
	kb_doc_free(doc);
	buf_free(&md);
}

/* Thousands of random sequences of every callback, bytes of every kind. */
static void
render__hostile__random_callbacks(void **state)
{
	static const char *const texts[] = { "a", "word ", "\x1B[2J", "\xC2\x9B",
	    "\xFF\xFE", "\xE2\x80\xAE", "line\nnext", "&#27;", "&#x1F600;",
	    "&amp;", "\t", "", "\xE8\xAD\xB7\xE8\xAD\xB7", " ", "&#;" };
	uint32_t seed = 12345;
	size_t round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		struct call calls[64];
		struct kb_doc *doc;
		size_t i, n = 1 + round % NITEMS(calls);

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			calls[i].what = (seed >> 16) % 5;
			calls[i].type = (int)((seed >> 8) % 19);
			if (calls[i].what == TEXT)
				calls[i].type %= MD_TEXT_LATEXMATH + 1;
			else if (calls[i].what >= ENTER_SPAN)
				calls[i].type %= MD_SPAN_U + 1;
			calls[i].text = texts[(seed >> 4) % NITEMS(texts)];
		}
		doc = replay(calls, n);
		assert_doc_sane(doc, 1000);
		kb_doc_free(doc);
	}
}

/* 900 KB of "*a": one span a character.  Before, laying it out copied
 * every span of the block onto every line (7 s and 784 MB in kb show). */
static void
render__bounds__many_spans(void **state)
{
	size_t len = 900 * 1024, i, nspans = 0;
	char *md = malloc(len + 1);
	struct kb_doc *doc;
	struct kb_lines *l;

	(void)state;
	assert_non_null(md);
	for (i = 0; i < len; i += 2)
		memcpy(md + i, "*a", 2);
	md[len] = '\0';
	doc = render(md);
	assert_int_equal(doc->nblocks, 1);
	assert_int_equal(doc->blocks[0].len, len / 2);
	assert_int_equal(doc->blocks[0].nspans, KB_RENDER_MAX_SPANS);
	l = layout(doc, KB_CHANNEL_NONE, 80);
	for (i = 0; i < l->nlines; i++) {
		assert_spans_sane("line", l->lines[i].spans,
		    l->lines[i].nspans, l->lines[i].len);
		nspans += l->lines[i].nspans;
	}
	/* Every span is on one line: the lines' spans are the block's. */
	assert_int_equal(nspans, KB_RENDER_MAX_SPANS);
	kb_lines_free(l);
	kb_doc_free(doc);
	free(md);
}

/* A long link target referenced again and again, and a flood of rules:
 * the text and the blocks stay within the bounds, and say they were cut. */
static void
render__bounds__text_and_blocks(void **state)
{
	struct buf md = BUF_INIT;
	struct kb_doc *doc;
	size_t i;

	(void)state;
	buf_adds(&md, "[r]: https://x.org/");
	for (i = 0; i < 100000; i++)
		buf_addc(&md, 'x');
	buf_adds(&md, "\n\n");
	for (i = 0; i < 50000; i++)
		buf_adds(&md, "[r] ");
	doc = render(buf_cstr(&md));
	assert_doc_sane(doc, md.len);
	assert_string_equal(doc->blocks[doc->nblocks - 1].text,
	    KB_RENDER_CUT);
	kb_doc_free(doc);

	buf_truncate(&md, 0);
	for (i = 0; i < KB_RENDER_MAX_BLOCKS + 10; i++)
		buf_adds(&md, "***\n");
	doc = render(buf_cstr(&md));
	assert_int_equal(doc->nblocks, KB_RENDER_MAX_BLOCKS + 1);
	assert_string_equal(doc->blocks[doc->nblocks - 1].text,
	    KB_RENDER_CUT);
	assert_doc_sane(doc, md.len);
	kb_doc_free(doc);

	/* An ordinary answer is never cut. */
	doc = render("# T\n\nSome *text*.\n");
	assert_string_not_equal(doc->blocks[doc->nblocks - 1].text,
	    KB_RENDER_CUT);
	kb_doc_free(doc);
	buf_free(&md);
}

/* Nested and table header styles come out as sorted runs. */
static void
render__spans__sorted_runs(void **state)
{
	struct kb_doc *doc;
	const struct kb_block *b;

	(void)state;
	doc = render("a **b *c* d** e\n");
	b = &doc->blocks[0];
	assert_string_equal(b->text, "a b c d e");
	assert_int_equal(b->nspans, 3);
	assert_int_equal(b->spans[0].style, KB_STYLE_STRONG);
	assert_int_equal(b->spans[1].start, 4);
	assert_int_equal(b->spans[1].style, KB_STYLE_STRONG | KB_STYLE_EMPH);
	assert_int_equal(b->spans[2].style, KB_STYLE_STRONG);
	assert_int_equal(b->spans[2].start + b->spans[2].len, 7);
	kb_doc_free(doc);

	doc = render("| *h* | i |\n|---|---|\n| x | y |\n");
	b = &doc->blocks[0];
	assert_string_equal(b->text, "h | i");
	assert_int_equal(b->nspans, 2);
	assert_int_equal(b->spans[0].style, KB_STYLE_STRONG | KB_STYLE_EMPH);
	assert_int_equal(b->spans[1].start, 4);
	assert_int_equal(b->spans[1].style, KB_STYLE_STRONG);
	assert_doc_sane(doc, 40);
	kb_doc_free(doc);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render__blocks__headings),
		cmocka_unit_test(render__spans__emphasis),
		cmocka_unit_test(render__lists__nested_and_ordered),
		cmocka_unit_test(render__lists__wrapped_item_hangs),
		cmocka_unit_test(render__links__text_and_target),
		cmocka_unit_test(render__links__empty_target),
		cmocka_unit_test(render__code__never_wrapped),
		cmocka_unit_test(render__staff__fenced_block),
		cmocka_unit_test(render__staff__layout),
		cmocka_unit_test(render__flags__line_breaks),
		cmocka_unit_test(render__flags__links_once),
		cmocka_unit_test(render__channels__sections),
		cmocka_unit_test(render__channels__misspelled_heading_is_common),
		cmocka_unit_test(render__channels__names),
		cmocka_unit_test(render__layout__wraps_within_width),
		cmocka_unit_test(render__layout__wrap_keeps_words),
		cmocka_unit_test(render__layout__wide_characters),
		cmocka_unit_test(render__layout__rule_and_quote),
		cmocka_unit_test(render__entities__decoded),
		cmocka_unit_test(render__sanitise__no_control_characters),
		cmocka_unit_test(render__sanitise__nul_byte),
		cmocka_unit_test(render__doc__empty_and_odd_input),
		cmocka_unit_test(render__hostile__unmatched_leave_from_md4c),
		cmocka_unit_test(render__hostile__unbalanced_callbacks),
		cmocka_unit_test(render__hostile__deep_nesting),
		cmocka_unit_test(render__hostile__random_callbacks),
		cmocka_unit_test(render__bounds__many_spans),
		cmocka_unit_test(render__bounds__text_and_blocks),
		cmocka_unit_test(render__spans__sorted_runs),
	};

	th_env_setup();
	return th_run(argc, argv, "render", tests, NULL, NULL);
}
