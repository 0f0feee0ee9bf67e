/*
 * Unit tests for worddiff.c and diff.c (kb/worddiff.h): lines paired by
 * likeness, the changed words marked, a diff's lines classified and cut
 * into rows, and hostile sizes bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "helpers.h"
#include "kb/worddiff.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Lines from strings (not copied). */
static void
lines_of(struct kb_wordline *v, const char *const *s, size_t n)
{
	size_t i;

	memset(v, 0, n * sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].text = s[i];
		v[i].len = strlen(s[i]);
	}
}

/*
 * Word-diff the removed lines `old` (read into r) with the added lines
 * `new` (into a); DIFF_LINES sizes both from the string arrays, and
 * CLEAR_LINES frees what the diff gave both sides.
 */
static void
diff_lines(struct kb_wordline *r, const char *const *old, size_t nold,
    struct kb_wordline *a, const char *const *new, size_t nnew)
{
	lines_of(r, old, nold);
	lines_of(a, new, nnew);
	kb_worddiff(r, nold, a, nnew);
}

#define DIFF_LINES(r, old, a, new) \
	diff_lines((r), (old), NITEMS(old), (a), (new), NITEMS(new))
#define CLEAR_LINES(r, a) do { \
	kb_wordlines_clear((r), NITEMS(r)); \
	kb_wordlines_clear((a), NITEMS(a)); \
} while (0)

/* Mark k of line l, as a string (static buffer). */
static const char *
mark_text(const struct kb_wordline *l, size_t k)
{
	static char out[256];

	assert_true(k < l->nmarks);
	assert_true(l->marks[k].start + l->marks[k].len <= l->len);
	snprintf(out, sizeof(out), "%.*s", (int)l->marks[k].len,
	    l->text + l->marks[k].start);
	return out;
}

/* The issue's case: the old tags: line with the new tags: line, though
 * a title: line was added before it. */
static void
worddiff__tags_title__paired_by_likeness(void **state)
{
	const char *old[] = { "title: Kayak launch permit",
	    "tags: kayak, boating, permit" };
	const char *new[] = { "title: Kayak and paddleboard launch permit",
	    "audience: public",
	    "tags: kayak, paddleboard, boating, permit" };
	struct kb_wordline r[2], a[3];

	(void)state;
	DIFF_LINES(r, old, a, new);
	assert_int_equal(r[0].pair, 0);
	assert_int_equal(r[1].pair, 2);
	assert_int_equal(a[1].pair, -1);
	assert_int_equal(a[1].nmarks, 0);
	/* Nothing was taken out of the old lines: no marks there. */
	assert_int_equal(r[0].nmarks, 0);
	assert_int_equal(r[1].nmarks, 0);
	assert_int_equal(a[0].nmarks, 1);
	assert_string_equal(mark_text(&a[0], 0), "and paddleboard");
	assert_int_equal(a[2].nmarks, 1);
	assert_string_equal(mark_text(&a[2], 0), "paddleboard,");
	assert_int_equal(a[2].marks[0].style, KB_STYLE_MARK);
	CLEAR_LINES(r, a);
}

/* A changed phone number deep in a Markdown paragraph (one long line). */
static void
worddiff__phone_at_column_155__only_the_number(void **state)
{
	char old[400], new[400];
	const char *o[1] = { old }, *n[1] = { new };
	const char *lead = "A lost or stolen passport must be reported so "
	    "nobody else can use it. Once reported, it is cancelled for good, "
	    "even if it is found later. For urgent travel, call ";
	struct kb_wordline r[1], a[1];

	(void)state;
	assert_true(strlen(lead) >= 150);
	snprintf(old, sizeof(old), "%s1-877-555-0120 before noon, or write "
	    "to the passport desk.", lead);
	snprintf(new, sizeof(new), "%s1-877-555-0199 before noon, or write "
	    "to the passport desk.", lead);
	DIFF_LINES(r, o, a, n);
	assert_int_equal(r[0].pair, 0);
	assert_int_equal(r[0].nmarks, 1);
	assert_int_equal(a[0].nmarks, 1);
	assert_string_equal(mark_text(&r[0], 0), "0120");
	assert_string_equal(mark_text(&a[0], 0), "0199");
	assert_true(r[0].marks[0].start >= 155);
	assert_int_equal(r[0].marks[0].start, a[0].marks[0].start);
	CLEAR_LINES(r, a);
}

static void
worddiff__reordered_lines__each_with_its_own(void **state)
{
	const char *old[] = { "Bring a photo ID to the counter.",
	    "Renewals cost 20 dollars by check.",
	    "The office is closed on public holidays." };
	const char *new[] = { "The office is closed on all public holidays.",
	    "Bring a photo ID to the front counter.",
	    "Renewals cost 25 dollars by check." };
	struct kb_wordline r[3], a[3];

	(void)state;
	DIFF_LINES(r, old, a, new);
	assert_int_equal(r[0].pair, 1);
	assert_int_equal(r[1].pair, 2);
	assert_int_equal(r[2].pair, 0);
	assert_int_equal(a[0].pair, 2);
	assert_string_equal(mark_text(&a[0], 0), "all");
	assert_string_equal(mark_text(&a[1], 0), "front");
	assert_string_equal(mark_text(&r[1], 0), "20");
	assert_string_equal(mark_text(&a[2], 0), "25");
	CLEAR_LINES(r, a);
}

/* A line nothing resembles is a whole removal: unpaired, unmarked. */
static void
worddiff__nothing_similar__unpaired(void **state)
{
	const char *old[] = { "The office opens at nine on weekdays." };
	const char *new[] = { "Bring two photos and the signed form.",
	    "Fees: see the table below." };
	struct kb_wordline r[1], a[2];

	(void)state;
	DIFF_LINES(r, old, a, new);
	assert_int_equal(r[0].pair, -1);
	assert_int_equal(a[0].pair, -1);
	assert_int_equal(a[1].pair, -1);
	assert_int_equal(r[0].nmarks + a[0].nmarks + a[1].nmarks, 0);
	/* One side empty: nothing to pair. */
	kb_worddiff(r, 1, a, 0);
	assert_int_equal(r[0].pair, -1);
	CLEAR_LINES(r, a);
}

static void
worddiff__utf8_words__whole_characters(void **state)
{
	const char *old[] = { "Se renueva en la sucursal más cercana.",
	    "漢字 tea ceremony café visits", "Plazo:\u00a0diez días" };
	const char *new[] = { "Se renueva en la sucursal más próxima.",
	    "漢字 tea ceremony cafés visits", "Plazo:\u00a0doce días" };
	struct kb_wordline r[3], a[3];

	(void)state;
	DIFF_LINES(r, old, a, new);
	assert_int_equal(r[0].pair, 0);
	assert_string_equal(mark_text(&r[0], 0), "cercana");
	assert_string_equal(mark_text(&a[0], 0), "próxima");
	assert_string_equal(mark_text(&r[1], 0), "café");
	assert_string_equal(mark_text(&a[1], 0), "cafés");
	/* A no-break space separates words too. */
	assert_string_equal(mark_text(&r[2], 0), "diez");
	assert_string_equal(mark_text(&a[2], 0), "doce");
	CLEAR_LINES(r, a);
}

/* Only blanks changed: the blanks are marked, so the change shows. */
static void
worddiff__blanks_only__blanks_marked(void **state)
{
	const char *old[] = { "Open from nine to five.", "Closed on Sunday." };
	const char *new[] = { "Open from nine  to five.", "Closed on Sunday. " };
	struct kb_wordline r[2], a[2];

	(void)state;
	DIFF_LINES(r, old, a, new);
	assert_int_equal(r[0].pair, 0);
	assert_int_equal(r[0].nmarks, 0);
	assert_int_equal(a[0].nmarks, 1);
	assert_string_equal(mark_text(&a[0], 0), " ");
	assert_int_equal(a[0].marks[0].start, 15);
	assert_int_equal(a[1].nmarks, 1);
	assert_int_equal(a[1].marks[0].start, 17);
	CLEAR_LINES(r, a);
}

/* A line of more words than compared word by word: marked from its
 * first to its last difference, still only around the change. */
static void
worddiff__hostile_long_line__bounded_mark(void **state)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	const char *o[1], *n[1];
	struct kb_wordline r[1], a[1];
	size_t i;

	(void)state;
	for (i = 0; i < KB_WORDDIFF_MAX_WORDS + 5000; i++) {
		buf_addf(&x, "w%zu ", i);
		buf_addf(&y, i == 12345 ? "changed%zu " : "w%zu ", i);
	}
	o[0] = x.data;
	n[0] = y.data;
	DIFF_LINES(r, o, a, n);
	assert_int_equal(r[0].pair, 0);
	assert_int_equal(r[0].nmarks, 1);
	assert_string_equal(mark_text(&r[0], 0), "w12345");
	assert_string_equal(mark_text(&a[0], 0), "changed12345");
	CLEAR_LINES(r, a);
	buf_free(&x);
	buf_free(&y);
}

/* Half the words shared, interleaved: too costly word by word, so the
 * span between the first and last difference is one mark. */
static void
worddiff__hostile_pair__one_mark_between(void **state)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	const char *o[1], *n[1];
	struct kb_wordline r[1], a[1];
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		buf_addf(&x, "same%zu x%zu ", i, i);
		buf_addf(&y, "same%zu y%zu ", i, i);
	}
	o[0] = x.data;
	n[0] = y.data;
	DIFF_LINES(r, o, a, n);
	assert_int_equal(r[0].pair, 0);
	assert_int_equal(r[0].nmarks, 1);
	assert_int_equal(a[0].nmarks, 1);
	assert_int_equal(r[0].marks[0].start, strlen("same0 "));
	assert_int_equal(r[0].marks[0].start + r[0].marks[0].len, x.len - 1);
	CLEAR_LINES(r, a);
	buf_free(&x);
	buf_free(&y);
}

/* Too many lines on a side: not paired at all; many alike lines: paired
 * within the budget, each line at most once. */
static void
worddiff__hostile_line_counts__bounded(void **state)
{
	size_t n = KB_WORDDIFF_MAX_LINES, i;
	struct kb_wordline *r = calloc(n + 1, sizeof(*r));
	struct kb_wordline *a = calloc(n, sizeof(*a));
	char **text = calloc(2 * n + 1, sizeof(char *));
	char *seen = calloc(n, 1);

	(void)state;
	assert_non_null(r);
	assert_non_null(a);
	assert_non_null(text);
	assert_non_null(seen);
	/* Removed: rule i for kayaks; added: rule i for canoes. */
	for (i = 0; i < 2 * n + 1; i++) {
		text[i] = malloc(64);
		assert_non_null(text[i]);
		snprintf(text[i], 64, "harbour rule %zu applies to %s",
		    i <= n ? i : i - n - 1, i <= n ? "kayaks" : "canoes");
	}
	for (i = 0; i <= n; i++) {
		r[i].text = text[i];
		r[i].len = strlen(text[i]);
	}
	for (i = 0; i < n; i++) {
		a[i].text = text[n + 1 + i];
		a[i].len = strlen(text[n + 1 + i]);
	}
	kb_worddiff(r, n + 1, a, n);
	for (i = 0; i < n; i++)
		assert_int_equal(a[i].pair, -1);
	kb_worddiff(r, n, a, n);
	for (i = 0; i < n; i++) {
		if (r[i].pair < 0)
			continue;
		assert_true(r[i].pair < (long)n);
		assert_int_equal(seen[r[i].pair], 0);
		seen[r[i].pair] = 1;
		assert_int_equal(a[r[i].pair].pair, (long)i);
	}
	/* The same rule's lines pair first: "kayaks" became "canoes". */
	assert_int_equal(r[0].pair, 0);
	assert_string_equal(mark_text(&a[0], 0), "canoes");
	kb_wordlines_clear(r, n);
	kb_wordlines_clear(a, n);
	for (i = 0; i < 2 * n + 1; i++)
		free(text[i]);
	free(text);
	free(seen);
	free(r);
	free(a);
}

struct kind_case {
	const char *line;
	enum kb_diff_kind kind;
};

static void
diff__kind__header_and_hunk(void **state)
{
	static const struct kind_case cases[] = {
		{ "diff --git a/x.md b/x.md", KB_DIFF_FILE },
		{ "index 1234567..89abcde 100644", KB_DIFF_FILE },
		{ "--- a/x.md", KB_DIFF_FILE },
		{ "+++ b/x.md", KB_DIFF_FILE },
		{ "@@ -1,3 +1,3 @@ title", KB_DIFF_HUNK },
		{ " same", KB_DIFF_CONTEXT },
		{ "--- a line that began with two dashes", KB_DIFF_REMOVED },
		{ "+++ and one with two pluses", KB_DIFF_ADDED },
		{ "\\ No newline at end of file", KB_DIFF_NOTE },
		{ "", KB_DIFF_CONTEXT },
		{ "EXTRA FILE: a/REVIEWERS b/REVIEWERS", KB_DIFF_FILE },
		{ "--- a/REVIEWERS", KB_DIFF_FILE },
		{ "@@ -1 +1,2 @@", KB_DIFF_HUNK },
		{ "+mallory@example.gov", KB_DIFF_ADDED },
	};
	size_t i;
	int in_hunk = 0;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		if (kb_diff_kind(cases[i].line, strlen(cases[i].line),
		    &in_hunk) != cases[i].kind)
			fail_msg("line %zu \"%s\": not kind %d", i,
			    cases[i].line, cases[i].kind);
}

static void
diff__marks__two_line_change_in_a_diff(void **state)
{
	const char *diff =
	    "diff --git a/answers/k.md b/answers/k.md\n"
	    "--- a/answers/k.md\n"
	    "+++ b/answers/k.md\n"
	    "@@ -1,4 +1,4 @@\n"
	    " ---\n"
	    "-title: Kayak launch permit\n"
	    "-tags: kayak, boating, permit\n"
	    "+title: Kayak and paddleboard launch permit\n"
	    "+tags: kayak, paddleboard, boating\n"
	    " ---\n"
	    "@@ -9 +9 @@\n"
	    "-last line\n"
	    "\\ No newline at end of file\n"
	    "+last lines\n"
	    "\\ No newline at end of file\n";
	struct kb_diff_marks m;

	(void)state;
	kb_diff_marks(&m, diff, strlen(diff));
	assert_int_equal(m.n, 5);
	/* -tags: "permit" went; +title: "and paddleboard" came. */
	assert_int_equal(m.v[0].line, 6);
	assert_int_equal(m.v[0].start, strlen("-tags: kayak, boating"));
	assert_int_equal(m.v[0].len, strlen(", permit"));
	assert_int_equal(m.v[1].line, 7);
	assert_int_equal(m.v[1].start, strlen("+title: Kayak "));
	assert_int_equal(m.v[1].len, strlen("and paddleboard"));
	assert_int_equal(m.v[2].line, 8);
	assert_int_equal(m.v[2].start, strlen("+tags: kayak, "));
	assert_int_equal(m.v[2].len, strlen("paddleboard,"));
	assert_int_equal(m.v[3].line, 11);
	assert_int_equal(m.v[3].len, strlen("line"));
	assert_int_equal(m.v[4].line, 13);
	assert_int_equal(m.v[4].len, strlen("lines"));
	kb_diff_marks_clear(&m);
	kb_diff_marks(&m, "", 0);
	assert_int_equal(m.n, 0);
	kb_diff_marks_clear(&m);
}

/* A change with more lines than are paired: no marks, and no cost. */
static void
diff__marks__hostile_change__none(void **state)
{
	struct buf d = BUF_INIT;
	struct kb_diff_marks m;
	size_t i;

	(void)state;
	buf_adds(&d, "@@ -1,2000 +1,2000 @@\n");
	for (i = 0; i < 2 * KB_WORDDIFF_MAX_LINES; i++)
		buf_addf(&d, "-rule %zu\n", i);
	for (i = 0; i < 2 * KB_WORDDIFF_MAX_LINES; i++)
		buf_addf(&d, "+rule %zu!\n", i);
	buf_adds(&d, " end\n-a b c\n+a b d\n");
	kb_diff_marks(&m, d.data, d.len);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.v[0].line, 4 * KB_WORDDIFF_MAX_LINES + 2);
	kb_diff_marks_clear(&m);
	buf_free(&d);
}

/* Many large changes: the diff's budget is spent on the first ones and
 * the rest are shown unmarked, so that the work stays bounded. */
static void
diff__marks__hostile_many_changes__bounded(void **state)
{
	struct buf d = BUF_INIT;
	struct kb_diff_marks m;
	size_t c, i, lines_per = 2 * KB_WORDDIFF_MAX_LINES + 1;

	(void)state;
	for (c = 0; c < 40; c++) {
		buf_adds(&d, "@@ -1 +1 @@\n");
		for (i = 0; i < KB_WORDDIFF_MAX_LINES; i++)
			buf_addf(&d, "-rule %zu of the harbour\n", i);
		for (i = 0; i < KB_WORDDIFF_MAX_LINES; i++)
			buf_addf(&d, "+rule %zu of the marina\n", i);
	}
	kb_diff_marks(&m, d.data, d.len);
	assert_true(m.n > 0);
	assert_int_equal(m.v[0].line, 1);
	assert_true(m.v[m.n - 1].line < 39 * lines_per);
	for (i = 1; i < m.n; i++)
		assert_true(m.v[i].line > m.v[i - 1].line);
	kb_diff_marks_clear(&m);
	buf_free(&d);
}

static void
diff__row_end__words_kept_whole(void **state)
{
	const char *s = "Call 1-877-555-0199 before noon today";

	(void)state;
	/* "Call 1-877-555-0199 before " is 27 columns: cut after a blank. */
	assert_int_equal(kb_diff_row_end(s, strlen(s), 30),
	    strlen("Call 1-877-555-0199 before "));
	/* A word too long for half a row is cut where the row ends. */
	assert_int_equal(kb_diff_row_end("abcdefghij", 10, 4), 4);
	/* The row ends before a blank: nothing is cut. */
	assert_int_equal(kb_diff_row_end("abcd efgh", 9, 4), 4);
	/* All of it fits. */
	assert_int_equal(kb_diff_row_end(s, strlen(s), 80), strlen(s));
	/* Wide characters count two; one is taken even when too wide. */
	assert_int_equal(kb_diff_row_end("漢字漢字", 12, 5), 6);
	assert_int_equal(kb_diff_row_end("漢字", 6, 1), 3);
	/* A combining accent stays with its letter. */
	assert_int_equal(kb_diff_row_end("abe\xcc\x81xyz", 8, 3), 5);
	assert_int_equal(kb_diff_row_end("", 0, 10), 0);
}

static void
diff__for_screen__safe_and_tabs_expanded(void **state)
{
	const char *in = "+\tTab\n-a\tb\x1b[31m\n+caf\xc3\xa9\tx\n";
	char *got = kb_diff_for_screen(in, strlen(in));

	(void)state;
	assert_string_equal(got, "+       Tab\n-a      b\xef\xbf\xbd[31m\n"
	    "+caf\xc3\xa9   x\n");
	free(got);
	got = kb_diff_for_screen("plain\n", 6);
	assert_string_equal(got, "plain\n");
	free(got);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worddiff__tags_title__paired_by_likeness),
		cmocka_unit_test(worddiff__phone_at_column_155__only_the_number),
		cmocka_unit_test(worddiff__reordered_lines__each_with_its_own),
		cmocka_unit_test(worddiff__nothing_similar__unpaired),
		cmocka_unit_test(worddiff__utf8_words__whole_characters),
		cmocka_unit_test(worddiff__blanks_only__blanks_marked),
		cmocka_unit_test(worddiff__hostile_long_line__bounded_mark),
		cmocka_unit_test(worddiff__hostile_pair__one_mark_between),
		cmocka_unit_test(worddiff__hostile_line_counts__bounded),
		cmocka_unit_test(diff__kind__header_and_hunk),
		cmocka_unit_test(diff__marks__two_line_change_in_a_diff),
		cmocka_unit_test(diff__marks__hostile_change__none),
		cmocka_unit_test(diff__marks__hostile_many_changes__bounded),
		cmocka_unit_test(diff__row_end__words_kept_whole),
		cmocka_unit_test(diff__for_screen__safe_and_tabs_expanded),
	};

	th_env_setup();
	return th_run(argc, argv, "worddiff", tests, NULL, NULL);
}
