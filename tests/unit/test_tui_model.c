/*
 * Unit tests for the screen's model (src/tui/model.h), without a
 * terminal: this program is linked without curses.  The search line, the
 * results and their rows, scrolling and its position, finding, text cut
 * between words, an answer laid out with the channel's wording first,
 * the banner's notices, and the usage log's once-per-search uses and
 * undo, on real temporary KBs.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "helpers.h"
#include "kb/error.h"
#include "kb/index.h"
#include "kb/kb.h"
#include "kb/usage.h"
#include "model.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* --- the search line ---------------------------------------------------- */

static void
type(struct tui_query *q, const wchar_t *s)
{
	for (; *s; s++)
		assert_int_equal(tui_query_insert(q, (wint_t)*s), 0);
}

static void
tui_query__edit__at_the_cursor(void **state)
{
	struct tui_query q;

	(void)state;
	memset(&q, 0, sizeof(q));
	type(&q, L"lost pasport");
	tui_query_left(&q);
	tui_query_left(&q);
	tui_query_left(&q);
	tui_query_left(&q);
	type(&q, L"s");
	assert_string_equal(q.text, "lost passport");
	tui_query_home(&q);
	tui_query_delete(&q);
	assert_string_equal(q.text, "ost passport");
	tui_query_end(&q);
	tui_query_delete_word(&q);
	assert_string_equal(q.text, "ost ");
	assert_int_equal(q.cursor, 4);
	tui_query_delete_word(&q);
	assert_string_equal(q.text, "");
	assert_int_equal(q.dirty, 1);
}

/* Left, Right and Backspace go by characters, never into one. */
static void
tui_query__utf8__whole_characters(void **state)
{
	struct tui_query q;

	(void)state;
	memset(&q, 0, sizeof(q));
	type(&q, L"caf\u00e9 \u6f22");
	assert_string_equal(q.text, "caf\xc3\xa9 \xe6\xbc\xa2");
	tui_query_left(&q);
	assert_int_equal(q.cursor, 6);
	tui_query_left(&q);
	tui_query_left(&q);
	assert_int_equal(q.cursor, 3);
	tui_query_right(&q);
	tui_query_backspace(&q);
	assert_string_equal(q.text, "caf \xe6\xbc\xa2");
	tui_query_end(&q);
	tui_query_backspace(&q);
	assert_string_equal(q.text, "caf ");
}

/* A long line scrolls so that the cursor is always in view. */
static void
tui_query__window__keeps_the_cursor_in_view(void **state)
{
	struct tui_query q;
	size_t start, col;

	(void)state;
	memset(&q, 0, sizeof(q));
	tui_query_set(&q, "0123456789abcdefghij");
	start = tui_query_window(&q, 10, &col);
	assert_int_equal(start, 11);
	assert_int_equal(col, 9);
	tui_query_home(&q);
	start = tui_query_window(&q, 10, &col);
	assert_int_equal(start, 0);
	assert_int_equal(col, 0);
}

static void
tui_query__full__refuses(void **state)
{
	struct tui_query q;
	size_t i;

	(void)state;
	memset(&q, 0, sizeof(q));
	for (i = 0; i < TUI_QUERY_MAX - 1; i++)
		assert_int_equal(tui_query_insert(&q, 'a'), 0);
	assert_int_equal(tui_query_insert(&q, 'a'), -1);
	assert_int_equal(q.len, TUI_QUERY_MAX - 1);
}

/* --- the results -------------------------------------------------------- */

/* n hits, the first `sure` of them sure. */
static struct kb_results *
fake_results(size_t n, size_t sure)
{
	struct kb_results *r = calloc(1, sizeof(*r));
	size_t i;
	char id[32];

	assert_non_null(r);
	r->hits = calloc(n, sizeof(*r->hits));
	assert_non_null(r->hits);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "hit-%zu", i);
		r->hits[i].id = strdup(id);
		r->hits[i].title = strdup(id);
	}
	r->nhits = n;
	r->nsure = sure;
	return r;
}

/* "not a sure match" is a row of its own that the choice moves over. */
static void
tui_list__separator__a_row_not_a_hit(void **state)
{
	struct tui_list l;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.results = fake_results(4, 1);
	assert_int_equal(tui_list_row(&l, 0), 0);
	assert_int_equal(tui_list_separator_row(&l), 2);
	assert_int_equal(tui_list_row(&l, 1), 3);
	assert_int_equal(tui_list_hit_at(&l, 1), 0);
	assert_int_equal(tui_list_hit_at(&l, 2), -1);
	assert_int_equal(tui_list_hit_at(&l, 3), 1);
	assert_int_equal(tui_list_hit_at(&l, 8), 3);
	assert_int_equal(tui_list_hit_at(&l, 9), -1);
	tui_list_select(&l, 1);
	assert_int_equal(l.sel, 1);
	tui_list_select(&l, 100);
	assert_int_equal(l.sel, 3);
	tui_list_select(&l, -100);
	assert_int_equal(l.sel, 0);
	tui_list_free(&l);
}

/* The chosen hit stays whole on the screen, the separator counted. */
static void
tui_list__keep_visible__scrolls_by_hits(void **state)
{
	struct tui_list l;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.results = fake_results(10, 2);
	tui_list_select_at(&l, 3);
	tui_list_keep_visible(&l, 6);
	assert_true(tui_list_row(&l, 3) + 2 <= 6);
	assert_true(l.top <= 3);
	tui_list_select_at(&l, 0);
	tui_list_keep_visible(&l, 6);
	assert_int_equal(l.top, 0);
	tui_list_free(&l);
}

/* --- scrolling ---------------------------------------------------------- */

static void
tui_scroll__position__as_less(void **state)
{
	struct tui_scroll s = { 0, 0, 0 };
	char pos[64];

	(void)state;
	tui_scroll_size(&s, 10, 20);
	tui_scroll_position(&s, pos, sizeof(pos));
	assert_string_equal(pos, "");
	tui_scroll_size(&s, 100, 20);
	tui_scroll_position(&s, pos, sizeof(pos));
	assert_string_equal(pos, "more below, 20%");
	tui_scroll_by(&s, tui_scroll_page(&s));
	assert_int_equal(s.top, 19);
	tui_scroll_by(&s, tui_scroll_half(&s));
	assert_int_equal(s.top, 29);
	tui_scroll_by(&s, 1000);
	assert_int_equal(s.top, 80);
	tui_scroll_position(&s, pos, sizeof(pos));
	assert_string_equal(pos, "end");
	tui_scroll_by(&s, -1000);
	assert_int_equal(s.top, 0);
	tui_scroll_show(&s, 50);
	assert_int_equal(s.top, 50);
	tui_scroll_show(&s, 55);
	assert_int_equal(s.top, 50);
	/* A text that shrinks keeps the window inside it. */
	tui_scroll_size(&s, 30, 20);
	assert_int_equal(s.top, 10);
}

/* --- finding ------------------------------------------------------------ */

static const char *const find_lines[] = {
	"Report a lost passport.",
	"Fees: $130.",
	"Bring the old PASSPORT.",
	"Nothing here.",
};

static const char *
find_line(const void *ctx, size_t i, size_t *len)
{
	(void)ctx;
	*len = strlen(find_lines[i]);
	return find_lines[i];
}

static void
tui_find__next__either_case_round_the_end(void **state)
{
	struct tui_find f;
	size_t nth, at;
	int wrapped;

	(void)state;
	memset(&f, 0, sizeof(f));
	snprintf(f.text, sizeof(f.text), "passport");
	f.len = strlen(f.text);
	assert_int_equal(tui_find_next(&f, find_line, NULL, 4, 0, 1,
	    &wrapped), 0);
	assert_int_equal(wrapped, 0);
	assert_int_equal(tui_find_next(&f, find_line, NULL, 4, 1, 1,
	    &wrapped), 2);
	assert_int_equal(tui_find_next(&f, find_line, NULL, 4, 3, 1,
	    &wrapped), 0);
	assert_int_equal(wrapped, 1);
	assert_int_equal(tui_find_next(&f, find_line, NULL, 4, 1, -1,
	    &wrapped), 0);
	assert_int_equal(tui_find_count(&f, find_line, NULL, 4, 2, &nth), 2);
	assert_int_equal(nth, 2);
	assert_int_equal(tui_find_in("a PassPort", 10, "passport", 8, &at), 1);
	assert_int_equal(at, 2);
	snprintf(f.text, sizeof(f.text), "visa");
	f.len = 4;
	assert_int_equal(tui_find_next(&f, find_line, NULL, 4, 0, 1,
	    &wrapped), -1);
}

/* --- text cut between words --------------------------------------------- */

static void
tui_fit__words__never_half_a_word(void **state)
{
	const char *s = "Marked as used: kayak-permit on phone (logged)";
	struct tui_span_line lines[8];
	size_t w, n, i;

	(void)state;
	assert_int_equal(tui_fit_words(s, strlen(s), 20, &w), 15);
	assert_int_equal(w, 15);
	assert_int_equal(tui_fit_words(s, strlen(s), 100, NULL), strlen(s));
	/* One word wider than the line: cut, there is no other way. */
	assert_int_equal(tui_fit_words("abcdefghij", 10, 4, NULL), 4);
	n = tui_wrap_words(s, 20, lines, NITEMS(lines));
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		size_t end = lines[i].start + lines[i].len;

		assert_true(lines[i].len <= 20);
		assert_true(s[end] == ' ' || s[end] == '\0');
		assert_true(lines[i].start == 0 ||
		    s[lines[i].start - 1] == ' ');
	}
}

static void
tui_message__current__for_a_while(void **state)
{
	struct tui_message m;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_null(tui_message_current(&m, time(NULL)));
	tui_message_set(&m, 0, "Copied %s", "x");
	tui_message_add(&m, 1, "; not logged");
	assert_string_equal(tui_message_current(&m, m.when), "Copied x; "
	    "not logged");
	assert_int_equal(m.error, 1);
	assert_null(tui_message_current(&m, m.when + TUI_MESSAGE_SECONDS));
}

/* --- on a KB: an answer, the banner, the usage log ---------------------- */

static const struct th_file kb_files[] = {
	{ "answers/permits/kayak-permit.md",
	  "---\n"
	  "title: Kayak launch permit\n"
	  "tags: kayak, permit\n"
	  "---\n"
	  "A permit is needed to launch a kayak.\n"
	  "\n"
	  "More common text about the harbour.\n"
	  "\n"
	  "## Phone\n"
	  "Say phonewording slowly.\n"
	  "\n"
	  "## Email\n"
	  "Reply with emailwording.\n" },
	{ "answers/library/library-card.md",
	  "---\n"
	  "title: Library card renewal\n"
	  "tags: library\n"
	  "---\n"
	  "Library cards are renewed at any branch.\n" },
	{ "notices/harbour-closed.md",
	  "---\n"
	  "title: Harbour closed\n"
	  "starts: 2026-03-01\n"
	  "ends: 2026-03-31\n"
	  "severity: warning\n"
	  "tags: kayak\n"
	  "---\n"
	  "The harbour is closed.\n" },
	{ "notices/system-slow.md",
	  "---\n"
	  "title: Systems slow\n"
	  "starts: 2026-03-01\n"
	  "ends: 2026-03-31\n"
	  "severity: info\n"
	  "---\n"
	  "Everything is slow.\n" },
	{ NULL, NULL }
};

#define NOW "2026-03-10T12:00"

static void
start(struct th_kb *t)
{
	th_kb_start(t, kb_files);
	setenv("KB_NOW", NOW, 1);
	assert_int_equal(kb_index_update(NULL, t->kb, 0, NULL, NULL), 0);
}

/* The index of the first line with `text`, or -1. */
static long
line_with(const struct shown *s, const char *text)
{
	size_t i;

	for (i = 0; i < s->nv; i++)
		if (th_contains(s->v[i].text, s->v[i].len, text))
			return (long)i;
	return -1;
}

/*
 * On the phone the phone wording comes first, right after the meta
 * lines, before the common text; with every channel, the text stays in
 * its order.
 */
static void
shown__layout__channel_wording_first(void **state)
{
	struct th_kb t;
	struct shown s;
	long phone, common, version;

	(void)state;
	start(&t);
	memset(&s, 0, sizeof(s));
	assert_int_equal(shown_load(&s, t.kb, "kayak-permit"), 0);
	shown_layout(&s, 80, KB_CHANNEL_PHONE);
	version = line_with(&s, "Version:");
	phone = line_with(&s, "phonewording");
	common = line_with(&s, "A permit is needed");
	assert_true(version >= 0 && phone >= 0 && common >= 0);
	assert_true(phone < common);
	/* After the meta lines and the notices about the answer. */
	assert_true(s.channel_line > (size_t)line_with(&s, "Everything is "
	    "slow"));
	assert_string_equal(s.v[s.channel_line].text, "Phone");
	assert_int_equal(s.v[s.channel_line].channel, KB_CHANNEL_PHONE);
	assert_int_equal(s.v[phone].channel, KB_CHANNEL_PHONE);
	assert_int_equal(line_with(&s, "emailwording"), -1);
	/* The text does not end with the gap left where the section was. */
	assert_true(s.v[line_with(&s, "harbour.")].len > 0);

	shown_layout(&s, 80, KB_CHANNEL_NONE);
	assert_true(line_with(&s, "A permit is needed") <
	    line_with(&s, "phonewording"));
	assert_true(line_with(&s, "phonewording") <
	    line_with(&s, "emailwording"));
	shown_clear(&s);
	th_kb_finish(&t);
}

/* What the banner shows: untagged notices, and those about the screen. */
static void
banner__notices__that_concern_the_call(void **state)
{
	struct th_kb t;
	struct kb_notices all;
	struct tui_banner b;
	struct tui_list l;
	struct kb_answer *a = NULL;

	(void)state;
	start(&t);
	memset(&b, 0, sizeof(b));
	memset(&l, 0, sizeof(l));
	assert_int_equal(kb_notices_list(&all, t.kb, 0), 0);
	assert_int_equal(all.n, 2);

	tui_banner_for_results(&b, t.kb, &l, &all);
	assert_int_equal(b.nshown, 1);
	assert_string_equal(b.shown[0]->title, "Systems slow");

	assert_int_equal(tui_list_search(&l, t.kb, "kayak", NULL), 1);
	tui_banner_for_results(&b, t.kb, &l, &all);
	assert_int_equal(b.nshown, 2);
	assert_string_equal(b.shown[0]->title, "Harbour closed");

	assert_int_equal(kb_answer_load(&a, t.kb, "library-card"), 0);
	tui_banner_for_answer(&b, t.kb, a, &all);
	assert_int_equal(b.nshown, 1);
	assert_string_equal(b.shown[0]->title, "Systems slow");
	kb_answer_free(a);

	tui_banner_free(&b);
	tui_list_free(&l);
	kb_notices_clear(&all);
	th_kb_finish(&t);
}

static long
count_events(const struct th_kb *t, const char *kind)
{
	char *path = th_path(t->dir, ".git/kb/usage.db"), sql[128];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long n = -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM event WHERE kind = "
	    "'%s'", kind);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(path);
	return n;
}

/*
 * u twice in one search is one use; an undo takes it back (an undo
 * event in the log), and u logs it again; a minute later there is
 * nothing to undo.
 */
static void
tui_log__use__once_a_search_and_undo(void **state)
{
	struct th_kb t;
	struct tui_log log;
	struct kb_answer *a = NULL;
	char what[200];
	time_t now;

	(void)state;
	start(&t);
	memset(&log, 0, sizeof(log));
	log.agent = "alice";
	log.office = "downtown";
	assert_int_equal(kb_answer_load(&a, t.kb, "kayak-permit"), 0);
	tui_log_query(&log, t.kb, "kayak", NULL, KB_CHANNEL_PHONE);
	assert_int_equal(tui_log_use(&log, t.kb, a, KB_CHANNEL_PHONE), 0);
	assert_int_equal(tui_log_use(&log, t.kb, a, KB_CHANNEL_EMAIL), 1);
	assert_int_equal(count_events(&t, "use"), 1);

	now = time(NULL);
	assert_int_equal(tui_log_undo(&log, t.kb, now, what, sizeof(what)),
	    0);
	assert_non_null(strstr(what, "kayak-permit"));
	assert_int_equal(count_events(&t, "undo"), 1);
	assert_int_equal(count_events(&t, "use"), 1);	/* never deleted */
	assert_int_equal(log.used, 0);
	assert_int_equal(tui_log_undo(&log, t.kb, now, what, sizeof(what)),
	    KB_ENOTFOUND);

	assert_int_equal(tui_log_use(&log, t.kb, a, KB_CHANNEL_PHONE), 0);
	assert_int_equal(count_events(&t, "use"), 2);
	/* Read after the use, which a slow run (ASan) may log a second later:
	 * at now + TUI_UNDO_SECONDS it is that old or older. */
	now = time(NULL);
	assert_int_equal(tui_log_undo(&log, t.kb, now + TUI_UNDO_SECONDS,
	    what, sizeof(what)), KB_ENOTFOUND);

	/* The search had a use: it is not logged as a search. */
	tui_log_search_end(&log, t.kb, KB_CHANNEL_PHONE);
	assert_int_equal(count_events(&t, "search"), 0);
	tui_log_query(&log, t.kb, "zzz", NULL, KB_CHANNEL_PHONE);
	tui_log_query(&log, t.kb, "", NULL, KB_CHANNEL_PHONE);
	assert_int_equal(count_events(&t, "search"), 1);
	assert_int_equal(tui_log_flush(&log, t.kb, 1), 0);
	kb_answer_free(a);
	tui_log_free(&log);
	th_kb_finish(&t);
}

/* An event still queued (the log was busy) is simply dropped. */
static void
tui_log__undo__drops_what_is_not_written(void **state)
{
	struct th_kb t;
	struct tui_log log;
	struct kb_answer *a = NULL;
	sqlite3 *db = NULL;
	char *path, what[200];

	(void)state;
	start(&t);
	memset(&log, 0, sizeof(log));
	log.agent = "alice";
	assert_int_equal(kb_answer_load(&a, t.kb, "kayak-permit"), 0);
	/* Make the log exist, then hold it with a write transaction. */
	assert_int_equal(tui_log_unsatisfied(&log, t.kb, a, KB_CHANNEL_NONE),
	    0);
	path = th_path(t.dir, ".git/kb/usage.db");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(tui_log_flag(&log, t.kb, a->id, a->version, "wrong",
	    KB_CHANNEL_NONE), KB_ELOCKED);
	assert_int_equal(log.nqueued, 1);
	assert_int_equal(tui_log_undo(&log, t.kb, time(NULL), what,
	    sizeof(what)), 0);
	assert_string_equal(what, "flag of kayak-permit (wrong)");
	assert_int_equal(log.nqueued, 0);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(tui_log_flush(&log, t.kb, 1), 0);
	assert_int_equal(count_events(&t, "flag"), 0);
	assert_int_equal(count_events(&t, "undo"), 0);
	free(path);
	kb_answer_free(a);
	tui_log_free(&log);
	th_kb_finish(&t);
}

static int
setup(void **state)
{
	int rc = th_libkb_setup(state);

	/* The screen types UTF-8 whatever the locale (terminal.c). */
	setlocale(LC_CTYPE, "C.UTF-8");
	return rc;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tui_query__edit__at_the_cursor),
		cmocka_unit_test(tui_query__utf8__whole_characters),
		cmocka_unit_test(tui_query__window__keeps_the_cursor_in_view),
		cmocka_unit_test(tui_query__full__refuses),
		cmocka_unit_test(tui_list__separator__a_row_not_a_hit),
		cmocka_unit_test(tui_list__keep_visible__scrolls_by_hits),
		cmocka_unit_test(tui_scroll__position__as_less),
		cmocka_unit_test(tui_find__next__either_case_round_the_end),
		cmocka_unit_test(tui_fit__words__never_half_a_word),
		cmocka_unit_test(tui_message__current__for_a_while),
		cmocka_unit_test(shown__layout__channel_wording_first),
		cmocka_unit_test(banner__notices__that_concern_the_call),
		cmocka_unit_test(tui_log__use__once_a_search_and_undo),
		cmocka_unit_test(tui_log__undo__drops_what_is_not_written),
	};

	return th_run(argc, argv, "tui_model", tests, setup,
	    th_libkb_teardown);
}
