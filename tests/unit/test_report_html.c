/*
 * Unit tests for the HTML report (report.h): its series over time
 * (kb_report_trends_build: a bucket per day up to 120 days, then weeks,
 * then months), the page (kb_report_html_write: a bar per period and
 * channel with data, "no events" for an empty log), and the escaping of
 * what the log holds, which is customers' and agents' words.
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
#include "kb/error.h"
#include "kb/kb.h"
#include "kb/report.h"
#include "kb/usage.h"
#include "report_fmt.h"

static const struct th_file answers[] = {
	{ "answers/passport.md", "---\ntitle: Lost passport\n"
	  "tags: passport\nreview-by: 2026-03-01\n---\nReport it lost.\n" },
	{ "answers/dog.md", "---\ntitle: Dog <licence> & \"tags\"\n"
	  "tags: dog\nreview-by: 2026-03-12\n---\nLicense it.\n" },
	{ "answers/cat.md", "---\ntitle: Cat shelter\n"
	  "tags: cat\nreview-by: 2026-03-20\n---\nOpen at nine.\n" },
	{ "answers/bin.md", "---\ntitle: Bins\n"
	  "tags: trash\nreview-by: 2027-01-01\n---\nRinse.\n" },
	{ NULL, NULL }
};

/* --- logging events --------------------------------------------------- */

struct ev {
	enum kb_event_kind kind;
	const char *time, *agent, *office;
	enum kb_channel channel;
	const char *answer, *query;
	long hits, sure;
	const char *reason;
};

static void
log_ev(struct kb *kb, const struct ev *v)
{
	struct kb_event e = KB_EVENT_INIT;
	int rc;

	e.kind = v->kind;
	e.time = v->time;
	e.agent = v->agent ? v->agent : "ann";
	e.office = v->office ? v->office : "North";
	e.channel = v->channel;
	e.answer = v->kind == KB_EVENT_SEARCH ? NULL : v->answer ?
	    v->answer : "passport";
	e.query = v->query;
	e.hits = v->kind == KB_EVENT_SEARCH ? v->hits : -1;
	e.sure = v->kind == KB_EVENT_SEARCH ? v->sure : -1;
	e.reason = v->kind == KB_EVENT_FLAG ? (v->reason ? v->reason :
	    "outdated") : NULL;
	if ((rc = kb_usage_log(kb, &e, 1000)) != 0)
		fail_msg("kb_usage_log: %d %s", rc, kb_error_last());
}

static void
use(struct kb *kb, const char *time, enum kb_channel channel)
{
	struct ev v = { KB_EVENT_USE, time, NULL, NULL, channel, NULL, NULL,
		0, 0, NULL };

	log_ev(kb, &v);
}

/*
 * The usual KB with `log` written to its usage log, KB_NOW set to `now`
 * first (NULL: left unset).
 */
static void
start_logged(struct th_kb *t, const char *now, const struct ev *log,
    size_t n)
{
	size_t i;

	th_kb_start(t, answers);
	if (now != NULL)
		setenv("KB_NOW", now, 1);
	for (i = 0; i < n; i++)
		log_ev(t->kb, &log[i]);
}

#define START_LOGGED(t, now, log) \
	start_logged((t), (now), (log), sizeof(log) / sizeof((log)[0]))

static void
options(struct kb_report_options *o)
{
	memset(o, 0, sizeof(*o));
	o->channel = KB_CHANNEL_NONE;
}

/* --- reading the results ---------------------------------------------- */

static struct kb_report_trends *
trends(struct kb *kb, const struct kb_report_options *o)
{
	struct kb_report_trends *t = NULL;

	if (kb_report_trends_build(&t, kb, o) != 0)
		fail_msg("kb_report_trends_build: %s", kb_error_last());
	return t;
}

static const struct kb_table *
series(const struct kb_report_trends *t, const char *name)
{
	const struct kb_table *s = kb_report_table(t->tables, t->ntables,
	    name);

	if (s == NULL)
		fail_msg("no series %s", name);
	return s;
}

/* A table's rows as "a|b|c\n" lines, NULL as "NULL".  Caller frees. */
static char *
rows(const struct kb_table *t)
{
	char *out = NULL;
	size_t len = 0, r, c;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			fprintf(f, "%s%c", t->cells[r * t->ncols + c] ?
			    t->cells[r * t->ncols + c] : "NULL",
			    c + 1 < t->ncols ? '|' : '\n');
	fclose(f);
	return out;
}

static void
expect_rows(const struct kb_table *t, const char *want)
{
	char *got = rows(t);

	if (strcmp(got, want) != 0)
		fail_msg("%s:\n%s\nwant:\n%s", t->name, got, want);
	free(got);
}

/* The page for options `o`, as a string.  Caller frees. */
static char *
page(struct kb *kb, const struct kb_report_options *o)
{
	struct kb_report_trends *t = trends(kb, o);
	struct kb_report *r = NULL;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	if (kb_report_build(&r, kb, o) != 0)
		fail_msg("kb_report_build: %s", kb_error_last());
	f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(kb_report_html_write(f, r, t, o), 0);
	fclose(f);
	kb_report_free(r);
	kb_report_trends_free(t);
	return out;
}

static size_t
count(const char *s, const char *end, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	while ((s = strstr(s, needle)) != NULL && (end == NULL || s < end)) {
		n++;
		s += len;
	}
	return n;
}

/* How many of `mark` (class="bar or class="point) the chart `id` has. */
static size_t
marks(const char *html, const char *id, const char *mark)
{
	char open[128];
	const char *start, *end;

	snprintf(open, sizeof(open), "aria-labelledby=\"%s-title\"", id);
	if ((start = strstr(html, open)) == NULL)
		fail_msg("no chart %s in the page", id);
	end = strstr(start, "</svg>");
	assert_non_null(end);
	return count(start, end, mark);
}

/* Every element opened is closed, as often. */
static void
expect_balanced(const char *html)
{
	static const char *const tags[][2] = {
		{ "<section", "</section>" }, { "<table>", "</table>" },
		{ "<figure>", "</figure>" }, { "<svg", "</svg>" },
		{ "<tr>", "</tr>" }, { "<title", "</title>" },
		{ "<desc", "</desc>" }, { "<text", "</text>" },
	};
	size_t i;

	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32)
	    == 0);
	assert_non_null(strstr(html, "</body>\n</html>\n"));
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (count(html, NULL, tags[i][0]) != count(html, NULL,
		    tags[i][1]))
			fail_msg("%s opened %zu times, closed %zu", tags[i][0],
			    count(html, NULL, tags[i][0]),
			    count(html, NULL, tags[i][1]));
	/* Self-contained: nothing fetched, nothing run. */
	assert_null(strstr(html, "http"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<link"));
}

/* --- escaping ----------------------------------------------------------- */

static char *
escaped(const char *s, size_t max)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	kb_report_fmt__text(f, s, max);
	fclose(f);
	return out;
}

static void
html__escapes_hostile_strings(void **state)
{
	static const struct {
		const char *in, *want;
		size_t max;
	} cases[] = {
		{ "<script>alert('x')</script>",
		  "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", 100 },
		{ "a\"b\" onload=\"x", "a&quot;b&quot; onload=&quot;x", 100 },
		{ "Tom & Jerry", "Tom &amp; Jerry", 100 },
		{ "\x1b[31mred", "\xEF\xBF\xBD[31mred", 100 },
		{ "bell\a del\x7f", "bell\xEF\xBF\xBD del\xEF\xBF\xBD", 100 },
		{ "bad \xff\xfe utf", "bad \xEF\xBF\xBD\xEF\xBF\xBD utf", 100 },
		{ "cut \xe2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD", 100 },
		{ "two\nlines\there", "two lines here", 100 },
		{ "caf\xc3\xa9", "caf\xc3\xa9", 100 },
		{ "abcdef", "abc\xE2\x80\xA6", 3 },
		{ "<<<<", "&lt;&lt;\xE2\x80\xA6", 2 },
		{ "abc", "abc", 3 },
		{ "", "", 10 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = escaped(cases[i].in, cases[i].max);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got,
			    cases[i].want);
		free(got);
	}
}

static void
html__numbers_ignore_the_locale(void **state)
{
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{ 0, "0" }, { 3, "3" }, { 12.5, "12.5" }, { 33.333, "33.3" },
		{ 0.05, "0.1" }, { -2.25, "-2.3" }, { 1e20, "1000000000000" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		kb_report_fmt__num(f, cases[i].v);
		fclose(f);
		assert_string_equal(out, cases[i].want);
		free(out);
	}
}

/* What a log holds reaches the page escaped, never as markup. */
static void
html__log_strings_are_escaped(void **state)
{
	struct ev hostile[] = {
		{ KB_EVENT_SEARCH, "2026-03-02T10:00:00Z",
		  "<script>alert(1)</script>",
		  "\"><img src=x onerror=alert(1)>", KB_CHANNEL_PHONE, NULL,
		  "<b>query</b>", 0, 0, NULL },
		{ KB_EVENT_FLAG, "2026-03-02T11:00:00Z", "ann", NULL,
		  KB_CHANNEL_PHONE, "dog", NULL, 0, 0,
		  "</table><script>x</script> \x1b]0;title\a" },
		{ KB_EVENT_USE, "2026-03-03T11:00:00Z", "ann", "\xff\xfeoffice",
		  KB_CHANNEL_EMAIL, "dog", "it's \"quoted\"", 0, 0, NULL },
	};
	struct kb_report_options o;
	struct th_kb t;
	char *html;

	(void)state;
	START_LOGGED(&t, "2026-03-10", hostile);
	options(&o);
	html = page(t.kb, &o);
	expect_balanced(html);
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror="));
	assert_non_null(strstr(html, "&lt;/table&gt;&lt;script&gt;x"));
	assert_non_null(strstr(html, "Dog &lt;licence&gt; &amp; &quot;tags"));
	assert_non_null(strstr(html, "\xEF\xBF\xBD\xEF\xBF\xBDoffice"));
	assert_null(strstr(html, "\x1b"));
	assert_null(strstr(html, "\a"));
	assert_null(strstr(html, "\xff"));
	assert_null(strstr(html, "<b>"));
	free(html);
	th_kb_finish(&t);
}

/* --- the page ------------------------------------------------------------ */

static void
html__a_bar_per_day_and_channel_with_data(void **state)
{
	struct kb_report_options o;
	struct th_kb t;
	char *html;

	(void)state;
	th_kb_start(&t, answers);
	setenv("KB_NOW", "2026-03-10", 1);
	use(t.kb, "2026-03-01T09:00:00Z", KB_CHANNEL_PHONE);
	use(t.kb, "2026-03-01T10:00:00Z", KB_CHANNEL_PHONE);
	use(t.kb, "2026-03-01T11:00:00Z", KB_CHANNEL_EMAIL);
	use(t.kb, "2026-03-02T23:59:59Z", KB_CHANNEL_WALKIN);
	use(t.kb, "2026-03-04T00:00:00Z", KB_CHANNEL_PHONE);
	use(t.kb, "2026-03-04T08:00:00Z", KB_CHANNEL_NONE);
	options(&o);
	html = page(t.kb, &o);
	expect_balanced(html);
	/* 4 days (the 3rd with none), 5 day-channel pairs with uses. */
	assert_int_equal(marks(html, "uses-chart", "class=\"bar"), 5);
	assert_int_equal(marks(html, "uses-chart", "<title>"), 5);
	assert_non_null(strstr(html, "<title>2026-03-01, phone: 2 uses"
	    "</title>"));
	assert_non_null(strstr(html, "6 uses from 2026-03-01 to 2026-03-04: "
	    "phone 3, email 1, walk-in 1, no channel 1."));
	assert_non_null(strstr(html, "role=\"img\" aria-labelledby="
	    "\"uses-chart-title\" aria-describedby=\"uses-chart-desc\""));
	assert_non_null(strstr(html, "<th scope=\"col\" class=\"n\">phone"
	    "</th>"));
	/* The top answers: one bar per answer used. */
	assert_int_equal(marks(html, "top-chart", "class=\"bar"), 1);
	/* The header says what the page covers. */
	assert_non_null(strstr(html, "2026-03-01 to 2026-03-04 | every channel"
	    " | offices: North"));
	free(html);

	/* Only the phone: 2 days, 2 bars. */
	o.channel = KB_CHANNEL_PHONE;
	html = page(t.kb, &o);
	assert_int_equal(marks(html, "uses-chart", "class=\"bar"), 2);
	free(html);
	th_kb_finish(&t);
}

static void
html__empty_log_says_no_events(void **state)
{
	struct kb_report_trends *tr;
	struct kb_report_options o;
	struct th_kb t;
	size_t i;
	char *html;

	(void)state;
	th_kb_start(&t, answers);
	setenv("KB_NOW", "2026-03-10", 1);
	options(&o);
	tr = trends(t.kb, &o);
	assert_string_equal(tr->from, "");
	for (i = 0; i < tr->ntables; i++)
		if (strcmp(tr->tables[i].name, "review_coming_due") != 0)
			assert_int_equal(tr->tables[i].nrows, 0);
	assert_null(kb_report_table(tr->tables, tr->ntables,
	    "offices_over_time"));
	kb_report_trends_free(tr);

	html = page(t.kb, &o);
	expect_balanced(html);
	assert_non_null(strstr(html, "<title>kb report: "));
	assert_non_null(strstr(html, "| no events | every channel"));
	assert_int_equal(count(html, NULL, "No events in this period"), 5);
	assert_null(strstr(html, "uses-chart"));
	assert_int_equal(count(html, NULL, "class=\"point"), 0);
	/* Review dates do not depend on the log. */
	assert_int_equal(marks(html, "review-chart", "class=\"bar"), 3);
	free(html);
	th_kb_finish(&t);
}

/* --- the series ---------------------------------------------------------- */

static void
trends__day_week_month_by_length(void **state)
{
	struct kb_report_trends *tr;
	struct kb_report_options o;
	const struct kb_table *s;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, answers);
	use(t.kb, "2026-01-01T09:00:00Z", KB_CHANNEL_PHONE);
	use(t.kb, "2026-04-30T09:00:00Z", KB_CHANNEL_EMAIL);
	use(t.kb, "2026-06-30T09:00:00Z", KB_CHANNEL_WALKIN);
	options(&o);

	/* 120 days: a point per day. */
	o.until = "2026-04-30";
	tr = trends(t.kb, &o);
	assert_int_equal(tr->step, KB_TREND_DAY);
	s = series(tr, "uses_over_time");
	assert_string_equal(s->title, "Uses per day by channel");
	assert_int_equal(s->nrows, 120);
	assert_string_equal(s->cells[0], "2026-01-01");
	assert_string_equal(s->cells[119 * s->ncols], "2026-04-30");
	kb_report_trends_free(tr);

	/* 121 days and more: weeks from the first day. */
	o.until = "2026-05-01";
	tr = trends(t.kb, &o);
	assert_int_equal(tr->step, KB_TREND_WEEK);
	kb_report_trends_free(tr);
	o.until = NULL;
	tr = trends(t.kb, &o);
	assert_int_equal(tr->step, KB_TREND_WEEK);
	assert_string_equal(tr->from, "2026-01-01");
	assert_string_equal(tr->to, "2026-06-30");
	s = series(tr, "uses_over_time");
	assert_string_equal(s->title, "Uses per week by channel");
	assert_int_equal(s->nrows, 26);
	/* 2026-04-30 is day 119: the week from 2026-04-30 (day 119 = 17 *
	 * 7); 2026-06-30, day 180: the week from 2026-06-25 (day 175). */
	assert_string_equal(s->cells[0], "2026-01-01");
	assert_string_equal(s->cells[17 * s->ncols], "2026-04-30");
	assert_string_equal(s->cells[17 * s->ncols + 2], "1");
	assert_string_equal(s->cells[25 * s->ncols], "2026-06-25");
	assert_string_equal(s->cells[25 * s->ncols + 3], "1");
	assert_string_equal(s->cells[25 * s->ncols + 5], "1");
	kb_report_trends_free(tr);

	/* Over 120 weeks: calendar months. */
	o.since = "2020-01-01";
	o.until = "2026-12-31";
	tr = trends(t.kb, &o);
	assert_int_equal(tr->step, KB_TREND_MONTH);
	assert_int_equal(tr->cut, 0);
	s = series(tr, "uses_over_time");
	assert_string_equal(s->title, "Uses per month by channel");
	assert_int_equal(s->nrows, 84);
	assert_string_equal(s->cells[0], "2020-01");
	assert_string_equal(s->cells[72 * s->ncols], "2026-01");
	assert_string_equal(s->cells[72 * s->ncols + 5], "1");
	assert_string_equal(s->cells[75 * s->ncols], "2026-04");
	assert_string_equal(s->cells[75 * s->ncols + 5], "1");
	kb_report_trends_free(tr);

	/* Over 120 months: the last 120. */
	o.since = "2000-01-01";
	tr = trends(t.kb, &o);
	assert_int_equal(tr->step, KB_TREND_MONTH);
	assert_int_equal(tr->cut, 1);
	assert_string_equal(tr->from, "2017-01-01");
	s = series(tr, "uses_over_time");
	assert_int_equal(s->nrows, KB_TREND_POINTS_MAX);
	assert_string_equal(s->cells[0], "2017-01");
	assert_string_equal(s->cells[119 * s->ncols], "2026-12");
	kb_report_trends_free(tr);
	th_kb_finish(&t);
}

static void
trends__gaps_share_flags_review(void **state)
{
	struct ev log[] = {
		/* 03-01: ann refines a search into a use (no gap); bob's
		 * search found nothing (a gap). */
		{ KB_EVENT_SEARCH, "2026-03-01T10:00:00Z", "ann", NULL,
		  KB_CHANNEL_PHONE, NULL, "pasport", 2, 0, NULL },
		{ KB_EVENT_USE, "2026-03-01T10:02:00Z", "ann", NULL,
		  KB_CHANNEL_PHONE, NULL, "passport", 0, 0, NULL },
		{ KB_EVENT_SEARCH, "2026-03-01T11:00:00Z", "bob", NULL,
		  KB_CHANNEL_PHONE, NULL, "fishing", 0, 0, NULL },
		/* 03-03: a search with sure hits, abandoned (no gap, but a
		 * sure answer); one with weaker hits only (a gap). */
		{ KB_EVENT_SEARCH, "2026-03-03T09:00:00Z", "bob", NULL,
		  KB_CHANNEL_EMAIL, NULL, "renew", 3, 2, NULL },
		{ KB_EVENT_SEARCH, "2026-03-03T12:00:00Z", "bob", NULL,
		  KB_CHANNEL_EMAIL, NULL, "boat", 2, 0, NULL },
		{ KB_EVENT_FLAG, "2026-03-03T13:00:00Z", "bob", NULL,
		  KB_CHANNEL_EMAIL, "dog", NULL, 0, 0, "wrong" },
		{ KB_EVENT_FLAG, "2026-03-03T14:00:00Z", "ann", NULL,
		  KB_CHANNEL_PHONE, "dog", NULL, 0, 0, NULL },
	};
	struct kb_report_trends *tr;
	struct kb_report_options o;
	struct th_kb t;
	char *html;

	(void)state;
	START_LOGGED(&t, "2026-03-10", log);
	options(&o);
	tr = trends(t.kb, &o);
	expect_rows(series(tr, "gaps_over_time"),
	    "2026-03-01|1|0|1\n2026-03-02|0|0|0\n2026-03-03|0|1|1\n");
	/* 03-01: 2 searches and a use, 2 with no sure answer (the refined
	 * one found none either). */
	expect_rows(series(tr, "no_sure_share"),
	    "2026-03-01|3|2|66.7\n2026-03-02|0|0|NULL\n2026-03-03|2|1|50.0\n");
	expect_rows(series(tr, "flags_over_time"),
	    "2026-03-01|0|0\n2026-03-02|0|0\n2026-03-03|2|0\n");
	/* Today 03-10: passport (03-01) overdue; dog (03-12) and cat
	 * (03-20) in the first two weeks; bins (2027) too far. */
	expect_rows(series(tr, "review_coming_due"),
	    "overdue|1\n2026-03-10|1\n2026-03-17|1\n2026-03-24|0\n"
	    "2026-03-31|0\n2026-04-07|0\n2026-04-14|0\n2026-04-21|0\n"
	    "2026-04-28|0\n2026-05-05|0\n2026-05-12|0\n2026-05-19|0\n"
	    "2026-05-26|0\n2026-06-02|0\n");
	assert_null(kb_report_table(tr->tables, tr->ntables,
	    "offices_over_time"));
	kb_report_trends_free(tr);

	html = page(t.kb, &o);
	expect_balanced(html);
	assert_int_equal(marks(html, "gaps-chart", "class=\"bar"), 2);
	/* A point per day with searches. */
	assert_int_equal(marks(html, "share-chart", "class=\"point"), 2);
	assert_non_null(strstr(html, "<title>2026-03-01: 66.7% of searches "
	    "with no sure answer</title>"));
	assert_non_null(strstr(html, "Of 5 searches from 2026-03-01 to "
	    "2026-03-03, 3 found no sure answer (60%)."));
	assert_int_equal(marks(html, "flags-chart", "class=\"bar"), 1);
	assert_int_equal(marks(html, "review-chart", "class=\"bar"), 3);
	assert_non_null(strstr(html, "Answers overdue for review: 1; coming "
	    "due in the next 13 weeks: 2."));
	free(html);
	th_kb_finish(&t);
}

/* A flag is closed by a change to its answer, when that was committed. */
static void
trends__flags_closed_by_a_fix(void **state)
{
	struct kb_event e = KB_EVENT_INIT;
	struct kb_report_trends *tr;
	struct kb_report_options o;
	struct th_kb t;
	char *html;

	(void)state;
	th_kb_start(&t, answers);
	e.kind = KB_EVENT_FLAG;
	e.agent = "ann";
	e.office = "North";
	e.channel = KB_CHANNEL_PHONE;
	e.reason = "outdated";
	e.answer = "dog";
	e.time = "2026-03-02T10:00:00Z";
	assert_int_equal(kb_usage_log_answer(t.kb, &e, 1000), 0);
	e.answer = "cat";
	e.time = "2026-03-02T11:00:00Z";
	assert_int_equal(kb_usage_log_answer(t.kb, &e, 1000), 0);
	assert_int_equal(th_write_file(t.dir, "answers/dog.md", "---\n"
	    "title: Dog licence\ntags: dog\n---\nNew fees.\n"), 0);
	setenv("GIT_COMMITTER_DATE", "2026-03-04T12:00:00+0000", 1);
	assert_int_equal(th_git_commit_all(t.dir, "New fees"), 0);
	setenv("GIT_COMMITTER_DATE", "2026-01-01T00:00:00+0000", 1);
	options(&o);
	o.until = "2026-03-05";
	tr = trends(t.kb, &o);
	expect_rows(series(tr, "flags_over_time"), "2026-03-02|2|0\n"
	    "2026-03-03|0|0\n2026-03-04|0|1\n2026-03-05|0|0\n");
	kb_report_trends_free(tr);
	html = page(t.kb, &o);
	assert_int_equal(marks(html, "flags-chart", "class=\"bar"), 2);
	assert_non_null(strstr(html, "<title>2026-03-04, closed: 1 flags"
	    "</title>"));
	free(html);
	th_kb_finish(&t);
}

static void
trends__each_office(void **state)
{
	struct ev log[] = {
		{ KB_EVENT_USE, "2026-03-01T10:00:00Z", "ann", "North",
		  KB_CHANNEL_PHONE, NULL, NULL, 0, 0, NULL },
		{ KB_EVENT_USE, "2026-03-02T10:00:00Z", "ann", "North",
		  KB_CHANNEL_PHONE, NULL, NULL, 0, 0, NULL },
		{ KB_EVENT_USE, "2026-03-02T11:00:00Z", "cat", "South",
		  KB_CHANNEL_WALKIN, NULL, NULL, 0, 0, NULL },
		{ KB_EVENT_SEARCH, "2026-03-02T12:00:00Z", "cat", "South",
		  KB_CHANNEL_WALKIN, NULL, "parking", 0, 0, NULL },
	};
	struct kb_report_trends *tr;
	struct kb_report_options o;
	struct th_kb t;
	char *html;

	(void)state;
	START_LOGGED(&t, NULL, log);
	options(&o);
	tr = trends(t.kb, &o);
	expect_rows(series(tr, "offices_over_time"),
	    "North|2026-03-01|1|1|0|0|0|0\n"
	    "North|2026-03-02|1|1|0|0|0|0\n"
	    "South|2026-03-02|1|2|1|1|0|0\n");
	kb_report_trends_free(tr);
	html = page(t.kb, &o);
	expect_balanced(html);
	assert_non_null(strstr(html, "<h2 id=\"offices-h\">Each office</h2>"));
	/* North on two days, South on one. */
	assert_int_equal(marks(html, "office-uses", "class=\"bar"), 3);
	assert_int_equal(marks(html, "office-gaps", "class=\"bar"), 1);
	/* A point for each office's day with searches. */
	assert_int_equal(marks(html, "office-share", "class=\"point"), 3);
	assert_int_equal(marks(html, "office-uses", "class=\"who\""), 2);
	free(html);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html__escapes_hostile_strings),
		cmocka_unit_test(html__numbers_ignore_the_locale),
		cmocka_unit_test(html__log_strings_are_escaped),
		cmocka_unit_test(html__a_bar_per_day_and_channel_with_data),
		cmocka_unit_test(html__empty_log_says_no_events),
		cmocka_unit_test(trends__day_week_month_by_length),
		cmocka_unit_test(trends__gaps_share_flags_review),
		cmocka_unit_test(trends__flags_closed_by_a_fix),
		cmocka_unit_test(trends__each_office),
	};

	th_env_setup();
	return th_run(argc, argv, "report_html", tests,
	    th_libkb_setup, th_libkb_teardown);
}
