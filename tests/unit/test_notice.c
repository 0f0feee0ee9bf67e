/*
 * Unit tests for notices (notice.h): the file parser kb_notice_parse(),
 * the times kb_notice_time() reads, when a notice is active, which
 * answers it applies to, and the KB's notices (kb_notices_list,
 * kb_notices_for_answer) on real temporary git repositories with the
 * clock set by KB_NOW.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/error.h"
#include "kb/index.h"
#include "kb/kb.h"
#include "kb/notice.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* --- the parser ------------------------------------------------------- */

static int
parse(struct kb_notice **n, const char *path, const char *text,
    struct th_diags *d)
{
	return kb_notice_parse(n, path, text, strlen(text), th_diag_collect,
	    d);
}

/* A parse that must succeed with no diagnostics at all. */
static struct kb_notice *
expect_clean(const char *path, const char *text)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_notice *n = NULL;
	int rc = parse(&n, path, text, &d);

	th_expect_parsed_clean(path, rc, n, &d);
	return n;
}

/*
 * A failed parse with an error containing `needle` on `line`, and
 * `nerrors` errors in all (0: any number).
 */
static void
expect_error_n(const char *path, const char *text, size_t len,
    const char *needle, unsigned line, size_t nerrors)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_notice *n = (struct kb_notice *)1;
	int rc = kb_notice_parse(&n, path, text, len, th_diag_collect, &d);

	th_expect_parse_error(path, rc, n, &d, needle, line, nerrors);
}

static void
expect_error(const char *path, const char *text, const char *needle,
    unsigned line)
{
	expect_error_n(path, text, strlen(text), needle, line, 1);
}

/* A notice with these front-matter lines (each ending in \n) and body. */
static char *
notice_text(const char *front, const char *body)
{
	size_t n = strlen(front) + strlen(body) + 16;
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, "---\n%s---\n%s", front, body);
	return s;
}

#define GOOD_FRONT \
	"title: Offices closed for the holiday\n" \
	"starts: 2026-12-24\n" \
	"ends: 2026-12-26T12:00\n" \
	"severity: critical\n" \
	"tags: office ,Walk-in, ,\n"

static void
notice__parse__valid(void **state)
{
	static const char text[] =
	    "---\n"
	    GOOD_FRONT
	    "---\n"
	    "Every office is **closed**.\n"
	    "\n"
	    "Offer the online form.\n";
	struct kb_notice *n;

	(void)state;
	n = expect_clean("notices/holiday-closure.md", text);
	assert_string_equal(n->id, "holiday-closure");
	assert_string_equal(n->path, "notices/holiday-closure.md");
	assert_string_equal(n->version, "");
	assert_string_equal(n->title, "Offices closed for the holiday");
	assert_string_equal(n->starts, "2026-12-24");
	assert_string_equal(n->ends, "2026-12-26T12:00");
	assert_string_equal(n->from, "2026-12-24T00:00:00");
	assert_string_equal(n->until, "2026-12-26T12:00:00");
	assert_int_equal(n->severity, KB_NOTICE_CRITICAL);
	assert_int_equal(n->ntags, 2);
	assert_string_equal(n->tags[0], "office");
	assert_string_equal(n->tags[1], "Walk-in");
	assert_string_equal(n->body,
	    "Every office is **closed**.\n\nOffer the online form.\n");
	assert_int_equal(n->body_len, strlen(n->body));
	kb_notice_free(n);
	kb_notice_free(NULL);
}

static void
notice__parse__severities_and_no_tags(void **state)
{
	static const struct {
		const char *word;
		enum kb_notice_severity severity;
	} cases[] = {
		{ "info", KB_NOTICE_INFO },
		{ "warning", KB_NOTICE_WARNING },
		{ "critical", KB_NOTICE_CRITICAL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char front[200];
		char *text;
		struct kb_notice *n;

		snprintf(front, sizeof(front), "title: T\nstarts: 2026-01-01\n"
		    "ends: 2026-01-02\nseverity: %s\n", cases[i].word);
		text = notice_text(front, "Body.\n");
		n = expect_clean("notices/n.md", text);
		assert_int_equal(n->severity, cases[i].severity);
		assert_string_equal(kb_notice_severity_name(n->severity),
		    cases[i].word);
		assert_int_equal(n->ntags, 0);
		kb_notice_free(n);
		free(text);
	}
	assert_string_equal(kb_notice_state_name(KB_NOTICE_ACTIVE), "active");
	assert_string_equal(kb_notice_state_name(KB_NOTICE_FUTURE), "future");
	assert_string_equal(kb_notice_state_name(KB_NOTICE_EXPIRED),
	    "expired");
}

static void
notice__parse__missing_keys(void **state)
{
	static const struct {
		const char *front;
		const char *needle;
		unsigned line;
	} cases[] = {
		{ "starts: 2026-01-01\nends: 2026-01-02\nseverity: info\n",
		  "missing title", 1 },
		{ "title: T\nends: 2026-01-02\nseverity: info\n",
		  "missing starts", 1 },
		{ "title: T\nstarts: 2026-01-01\nseverity: info\n",
		  "missing ends", 1 },
		{ "title: T\nstarts: 2026-01-01\nends: 2026-01-02\n",
		  "missing severity", 1 },
		/* Present but empty: the line of the key. */
		{ "title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
		  "severity:  \n", "missing severity", 5 },
		{ "title:\nstarts: 2026-01-01\nends: 2026-01-02\n"
		  "severity: info\n", "missing title", 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char *text = notice_text(cases[i].front, "Body.\n");

		expect_error("notices/n.md", text, cases[i].needle,
		    cases[i].line);
		free(text);
	}
	/* Every missing key is reported, not only the first. */
	expect_error_n("notices/n.md", "---\n---\nBody.\n", 14,
	    "missing title", 1, 4);
	expect_error_n("notices/n.md", "---\n---\nBody.\n", 14,
	    "missing severity", 1, 4);
}

static void
notice__parse__bad_severity(void **state)
{
	char *text;

	(void)state;
	text = notice_text("title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
	    "severity: urgent\n", "Body.\n");
	expect_error("notices/n.md", text,
	    "severity 'urgent' should be info, warning or critical", 5);
	free(text);
}

static void
notice__parse__title_length(void **state)
{
	char title[KB_TITLE_MAX + 2], front[400];
	char *text;
	struct kb_notice *n;

	(void)state;
	memset(title, 't', KB_TITLE_MAX);
	title[KB_TITLE_MAX] = '\0';
	snprintf(front, sizeof(front), "title: %s\nstarts: 2026-01-01\n"
	    "ends: 2026-01-02\nseverity: info\n", title);
	text = notice_text(front, "Body.\n");
	n = expect_clean("notices/n.md", text);
	assert_int_equal(strlen(n->title), KB_TITLE_MAX);
	kb_notice_free(n);
	free(text);

	strcat(title, "t");
	snprintf(front, sizeof(front), "title: %s\nstarts: 2026-01-01\n"
	    "ends: 2026-01-02\nseverity: info\n", title);
	text = notice_text(front, "Body.\n");
	expect_error("notices/n.md", text, "longer than 200", 2);
	free(text);
}

/* A notice with these starts and ends fails with `needle` on `line`. */
static void
expect_times_error(const char *starts, const char *ends, const char *needle,
    unsigned line)
{
	char front[200];
	char *text;

	snprintf(front, sizeof(front), "title: T\nstarts: %s\nends: %s\n"
	    "severity: info\n", starts, ends);
	text = notice_text(front, "Body.\n");
	expect_error("notices/n.md", text, needle, line);
	free(text);
}

static void
notice__parse__zone_suffix(void **state)
{
	static const char *const values[] = {
		"2026-12-24T09:00Z",
		"2026-12-24T09:00z",
		"2026-12-24T09:00+01:00",
		"2026-12-24T09:00-05:00",
		"2026-12-24 09:00:00+0000",
		"2026-12-24Z",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(values); i++) {
		/* In starts, and in ends. */
		expect_times_error(values[i], "2026-12-31",
		    "write local time without a zone", 3);
		expect_times_error("2026-12-01", values[i],
		    "write local time without a zone", 4);
	}
}

static void
notice__parse__bad_times(void **state)
{
	static const char *const values[] = {
		"2026-02-30", "2026-12-24T24:00", "24/12/2026", "tomorrow",
		"2026-12-24T09:00 am", "2026-12-24T9:00",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(values); i++)
		expect_times_error(values[i], "2027-01-01", "is not a date", 3);
}

static void
notice__parse__ends_not_after_starts(void **state)
{
	static const struct {
		const char *starts, *ends;
		int ok;
	} cases[] = {
		{ "2026-12-24T09:00", "2026-12-24T09:00", 0 },	/* equal */
		{ "2026-12-24T09:00", "2026-12-24 08:59:59", 0 },
		{ "2026-12-25", "2026-12-24", 0 },
		{ "2026-12-25", "2026-12-24T23:59", 0 },
		{ "2026-12-24T09:00:00", "2026-12-24T09:00:01", 1 },
		/* A date alone ends at the end of that day. */
		{ "2026-12-24", "2026-12-24", 1 },
		{ "2026-12-24T23:59:59", "2026-12-24", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char front[200];
		char *text;

		snprintf(front, sizeof(front), "title: T\nseverity: info\n"
		    "starts: %s\nends: %s\n", cases[i].starts, cases[i].ends);
		text = notice_text(front, "Body.\n");
		if (cases[i].ok) {
			kb_notice_free(expect_clean("notices/n.md", text));
		} else {
			expect_error("notices/n.md", text, "is not after starts",
			    5);
		}
		free(text);
	}
}

static void
notice__parse__empty_body(void **state)
{
	static const char *const bodies[] = { "", "\n", "  \n\t\n\n" };
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(bodies); i++) {
		char *text = notice_text("title: T\nstarts: 2026-01-01\n"
		    "ends: 2026-01-02\nseverity: info\n", bodies[i]);

		expect_error("notices/n.md", text, "the notice has no text", 7);
		free(text);
	}
}

/* A body of `chars` characters, each `ch` (one character of any size). */
static char *
body_of(size_t chars, const char *ch)
{
	size_t w = strlen(ch), i;
	char *s = malloc(chars * w + 1);

	assert_non_null(s);
	for (i = 0; i < chars; i++)
		memcpy(s + i * w, ch, w);
	s[chars * w] = '\0';
	return s;
}

static void
notice__parse__long_body_warning(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_notice *n = NULL;
	const struct th_diag *w;
	char *body, *text;

	(void)state;
	/* 600 characters: fine; 600 two-byte characters are 600 too. */
	body = body_of(KB_NOTICE_BODY_WARN, "x");
	text = notice_text("title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
	    "severity: info\n", body);
	kb_notice_free(expect_clean("notices/n.md", text));
	free(body);
	free(text);
	body = body_of(KB_NOTICE_BODY_WARN, "\xC3\xA9");
	text = notice_text("title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
	    "severity: info\n", body);
	kb_notice_free(expect_clean("notices/n.md", text));
	free(body);
	free(text);

	/* 601: a warning on the body's first line; the notice is kept. */
	body = body_of(KB_NOTICE_BODY_WARN + 1, "x");
	text = notice_text("title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
	    "severity: info\n", body);
	assert_int_equal(parse(&n, "notices/n.md", text, &d), 0);
	assert_non_null(n);
	assert_int_equal(n->body_len, KB_NOTICE_BODY_WARN + 1);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_ERROR), 0);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_WARNING), 1);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "601 characters");
	if (w == NULL) {
		th_diags_dump(&d);
		fail_msg("no warning about 601 characters");
	}
	assert_non_null(strstr(w->message, "under 600"));
	assert_int_equal(w->line, 7);
	assert_string_equal(w->path, "notices/n.md");
	kb_notice_free(n);
	th_diags_free(&d);
	free(body);
	free(text);
}

static void
notice__parse__unknown_key_warning(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_notice *n = NULL;
	const struct th_diag *w;
	char *text;

	(void)state;
	text = notice_text("title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
	    "channel: phone\nseverity: warning\n", "Body.\n");
	assert_int_equal(parse(&n, "notices/n.md", text, &d), 0);
	assert_non_null(n);
	assert_int_equal(n->severity, KB_NOTICE_WARNING);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_ERROR), 0);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_WARNING), 1);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "unknown key 'channel'");
	assert_non_null(w);
	assert_int_equal(w->line, 5);
	kb_notice_free(n);
	th_diags_free(&d);
	free(text);

	/* An answer's key is not a notice's. */
	text = notice_text("title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
	    "severity: info\nlang: es\n", "Body.\n");
	assert_int_equal(parse(&n, "notices/n.md", text, &d), 0);
	assert_non_null(th_diags_find(&d, KB_SEVERITY_WARNING,
	    "unknown key 'lang'"));
	kb_notice_free(n);
	th_diags_free(&d);
	free(text);
}

static void
notice__parse__file_too_large(void **state)
{
	static const char head[] = "---\ntitle: T\nstarts: 2026-01-01\n"
	    "ends: 2026-01-02\nseverity: info\n---\n";
	size_t len = KB_NOTICE_MAX_BYTES + 1, i;
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_notice *n = (struct kb_notice *)1;
	char *data = malloc(len);
	int rc;

	(void)state;
	assert_non_null(data);
	memset(data, 'a', len);
	memcpy(data, head, sizeof(head) - 1);
	for (i = 100; i < len; i += 80)
		data[i] = '\n';
	rc = kb_notice_parse(&n, "notices/big.md", data, len, th_diag_collect,
	    &d);
	assert_int_equal(rc, KB_EINVALID);
	assert_null(n);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].severity, KB_SEVERITY_ERROR);
	assert_non_null(strstr(d.v[0].message, "65537 bytes"));
	assert_non_null(strstr(d.v[0].message, "limited to 65536"));
	assert_string_equal(d.v[0].path, "notices/big.md");
	th_diags_clear(&d);

	/* Exactly 64 KiB is read (the long body is only a warning). */
	rc = kb_notice_parse(&n, "notices/big.md", data, len - 1,
	    th_diag_collect, &d);
	assert_int_equal(rc, 0);
	assert_non_null(n);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_ERROR), 0);
	assert_non_null(th_diags_find(&d, KB_SEVERITY_WARNING, "keep it"));
	kb_notice_free(n);
	th_diags_free(&d);
	free(data);
}

static void
notice__parse__invalid_utf8(void **state)
{
	static const char bad_title[] = "---\ntitle: Caf\xE9\nstarts: 2026-01-01"
	    "\nends: 2026-01-02\nseverity: info\n---\nBody.\n";
	static const char bad_body[] = "---\ntitle: T\nstarts: 2026-01-01\n"
	    "ends: 2026-01-02\nseverity: info\n---\nok\n\xC0\xAF\n";

	(void)state;
	expect_error("notices/n.md", bad_title, "invalid UTF-8", 2);
	expect_error("notices/n.md", bad_body, "invalid UTF-8", 8);
}

static void
notice__parse__crlf(void **state)
{
	static const char lf[] = "---\ntitle: Closed\nstarts: 2026-12-24 09:00"
	    "\nends: 2026-12-24T17:00:30\nseverity: warning\ntags: a, b\n---\n"
	    "Line one.\n\nLine two.\n";
	static const char crlf[] = "---\r\ntitle: Closed\r\nstarts: "
	    "2026-12-24 09:00\r\nends: 2026-12-24T17:00:30\r\nseverity: "
	    "warning\r\ntags: a, b\r\n---\r\nLine one.\r\n\r\nLine two.\r\n";
	struct kb_notice *x, *y;

	(void)state;
	x = expect_clean("notices/n.md", lf);
	y = expect_clean("notices/n.md", crlf);
	assert_string_equal(x->title, y->title);
	assert_string_equal(y->title, "Closed");
	assert_string_equal(y->starts, "2026-12-24 09:00");
	assert_string_equal(y->ends, "2026-12-24T17:00:30");
	assert_string_equal(x->from, y->from);
	assert_string_equal(y->from, "2026-12-24T09:00:00");
	assert_string_equal(y->until, "2026-12-24T17:00:30");
	assert_int_equal(y->severity, KB_NOTICE_WARNING);
	assert_int_equal(y->ntags, 2);
	assert_string_equal(y->tags[1], "b");
	assert_string_equal(y->body, "Line one.\n\nLine two.\n");
	assert_int_equal(x->body_len, y->body_len);
	assert_null(memchr(y->body, '\r', y->body_len));
	kb_notice_free(x);
	kb_notice_free(y);
}

static void
notice__parse__bad_id_from_path(void **state)
{
	static const char *const paths[] = {
		"notices/Holiday.md",
		"notices/-x.md",
		"notices/a b.md",
		"notices/x_y.md",
		"notices/"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		".md",		/* 65 characters */
	};
	char *text;
	size_t i;

	(void)state;
	text = notice_text("title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
	    "severity: info\n", "Body.\n");
	for (i = 0; i < NITEMS(paths); i++)
		expect_error(paths[i], text, "invalid id", 0);
	expect_error("notices/closed.txt", text, "notice files end in .md", 0);
	free(text);
}

static void
notice__parse__no_callback(void **state)
{
	static const char bad[] = "---\ntitle: T\n---\nBody\n";
	struct kb_notice *n = (struct kb_notice *)1;
	char *good;

	(void)state;
	assert_int_equal(kb_notice_parse(&n, "notices/n.md", bad, strlen(bad),
	    NULL, NULL), KB_EINVALID);
	assert_null(n);
	assert_non_null(strstr(kb_error_last(), "notices/n.md"));
	good = notice_text("title: T\nstarts: 2026-01-01\nends: 2026-01-02\n"
	    "severity: info\nzzz: 1\n", "Body\n");
	assert_int_equal(kb_notice_parse(&n, "notices/n.md", good,
	    strlen(good), NULL, NULL), 0);
	assert_non_null(n);
	kb_notice_free(n);
	free(good);
}

/* --- times ------------------------------------------------------------ */

static void
notice__time__table(void **state)
{
	static const struct {
		const char *s;
		int end;
		const char *want;	/* NULL: malformed */
	} cases[] = {
		{ "2026-12-24", 0, "2026-12-24T00:00:00" },
		{ "2026-12-24", 1, "2026-12-24T24:00:00" },
		{ "2028-02-29", 1, "2028-02-29T24:00:00" },
		{ "2026-12-24T09:05", 0, "2026-12-24T09:05:00" },
		{ "2026-12-24T09:05", 1, "2026-12-24T09:05:00" },
		{ "2026-12-24 09:05", 0, "2026-12-24T09:05:00" },
		{ "2026-12-24T09:05:07", 0, "2026-12-24T09:05:07" },
		{ "2026-12-24 23:59:59", 1, "2026-12-24T23:59:59" },
		{ "2026-12-24T00:00", 0, "2026-12-24T00:00:00" },
		{ "2026-12-24T24:00", 0, NULL },
		{ "2026-12-24T24:00", 1, NULL },
		{ "2026-12-24T23:60", 0, NULL },
		{ "2026-12-24T23:59:60", 0, NULL },
		{ "2026-02-30", 0, NULL },
		{ "2027-02-29", 1, NULL },
		{ "2026-13-01", 0, NULL },
		{ "2026-12-24T09:05x", 0, NULL },
		{ "2026-12-24T09:05:07x", 0, NULL },
		{ "2026-12-24T09:05:07.5", 0, NULL },
		{ "2026-12-24T09:05 ", 0, NULL },
		{ "2026-12-24 ", 0, NULL },
		{ "2026-12-24x", 0, NULL },
		{ "2026-12-24T", 0, NULL },
		{ "2026-12-24T09", 0, NULL },
		{ "2026-12-24T09:", 0, NULL },
		{ "2026-12-24T9:05", 0, NULL },
		{ "2026-12-24T09:5", 0, NULL },
		{ "2026-12-24T09:05:", 0, NULL },
		{ "2026-12-24T09:05:7", 0, NULL },
		{ "2026-12-24_09:05", 0, NULL },
		{ "2026-12-2", 0, NULL },
		{ "", 0, NULL },
		{ "12/24/2026", 0, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char out[KB_LOCAL_TIME_SIZE] = "unchanged";
		int ok = kb_notice_time(out, cases[i].s, cases[i].end);

		if (cases[i].want == NULL) {
			if (ok != 0)
				fail_msg("'%s' (end %d) accepted as %s",
				    cases[i].s, cases[i].end, out);
		} else if (ok != 1 || strcmp(out, cases[i].want) != 0) {
			fail_msg("'%s' (end %d): %d '%s', want '%s'",
			    cases[i].s, cases[i].end, ok, out, cases[i].want);
		}
	}
}

/* --- state and tags --------------------------------------------------- */

static struct kb_notice *
notice_between(const char *starts, const char *ends, const char *tags)
{
	char front[300];
	char *text;
	struct kb_notice *n;

	snprintf(front, sizeof(front), "title: T\nstarts: %s\nends: %s\n"
	    "severity: info\n%s%s%s", starts, ends, tags ? "tags: " : "",
	    tags ? tags : "", tags ? "\n" : "");
	text = notice_text(front, "Body.\n");
	n = expect_clean("notices/n.md", text);
	free(text);
	return n;
}

struct at_case {
	const char *now;
	enum kb_notice_state state;
};

static void
expect_states(const struct kb_notice *n, const struct at_case *c, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++) {
		enum kb_notice_state s = kb_notice_state_at(n, c[i].now);

		if (s != c[i].state)
			fail_msg("%s to %s at %s: %s, want %s", n->starts,
			    n->ends, c[i].now, kb_notice_state_name(s),
			    kb_notice_state_name(c[i].state));
	}
}

static void
notice__state_at__date_times(void **state)
{
	static const struct at_case cases[] = {
		{ "2026-12-23T23:59:59", KB_NOTICE_FUTURE },
		{ "2026-12-24T08:59:59", KB_NOTICE_FUTURE },
		{ "2026-12-24T09:00:00", KB_NOTICE_ACTIVE },	/* starts */
		{ "2026-12-24T12:00:00", KB_NOTICE_ACTIVE },
		{ "2026-12-24T16:59:59", KB_NOTICE_ACTIVE },
		{ "2026-12-24T17:00:00", KB_NOTICE_EXPIRED },	/* ends */
		{ "2026-12-24T17:00:01", KB_NOTICE_EXPIRED },
		{ "2027-01-01T00:00:00", KB_NOTICE_EXPIRED },
	};
	struct kb_notice *n;

	(void)state;
	n = notice_between("2026-12-24T09:00", "2026-12-24 17:00", NULL);
	expect_states(n, cases, NITEMS(cases));
	kb_notice_free(n);
}

static void
notice__state_at__dates(void **state)
{
	static const struct at_case cases[] = {
		{ "2026-12-23T23:59:59", KB_NOTICE_FUTURE },
		{ "2026-12-24T00:00:00", KB_NOTICE_ACTIVE },
		{ "2026-12-25T12:00:00", KB_NOTICE_ACTIVE },
		{ "2026-12-26T00:00:00", KB_NOTICE_ACTIVE },
		{ "2026-12-26T23:59:59", KB_NOTICE_ACTIVE },	/* last day */
		{ "2026-12-27T00:00:00", KB_NOTICE_EXPIRED },	/* next day */
	};
	static const struct at_case one_day[] = {
		{ "2026-12-24T00:00:00", KB_NOTICE_ACTIVE },
		{ "2026-12-24T23:59:59", KB_NOTICE_ACTIVE },
		{ "2026-12-25T00:00:00", KB_NOTICE_EXPIRED },
	};
	static const struct at_case from_noon[] = {
		{ "2026-12-24T11:59:59", KB_NOTICE_FUTURE },
		{ "2026-12-24T12:00:00", KB_NOTICE_ACTIVE },
		{ "2026-12-24T23:59:59", KB_NOTICE_ACTIVE },
		{ "2026-12-25T00:00:00", KB_NOTICE_EXPIRED },
	};
	struct kb_notice *n;

	(void)state;
	n = notice_between("2026-12-24", "2026-12-26", NULL);
	assert_string_equal(n->from, "2026-12-24T00:00:00");
	expect_states(n, cases, NITEMS(cases));
	kb_notice_free(n);
	n = notice_between("2026-12-24", "2026-12-24", NULL);
	expect_states(n, one_day, NITEMS(one_day));
	kb_notice_free(n);
	n = notice_between("2026-12-24 12:00", "2026-12-24", NULL);
	expect_states(n, from_noon, NITEMS(from_noon));
	kb_notice_free(n);
}

static void
notice__applies__tags(void **state)
{
	char *office[] = { "office" }, *upper[] = { "WALK-IN", "x" };
	char *other[] = { "passport", "offices", "walk" };
	char *mixed[] = { "passport", "Office" };
	struct kb_notice *tagged, *all;

	(void)state;
	tagged = notice_between("2026-01-01", "2026-01-02", "Office, walk-in");
	all = notice_between("2026-01-01", "2026-01-02", NULL);
	assert_int_equal(kb_notice_applies(tagged, office, 1), 1);
	assert_int_equal(kb_notice_applies(tagged, upper, 2), 1);
	assert_int_equal(kb_notice_applies(tagged, mixed, 2), 1);
	assert_int_equal(kb_notice_applies(tagged, other, 3), 0);
	assert_int_equal(kb_notice_applies(tagged, NULL, 0), 0);
	/* No tags: every answer, even one without tags. */
	assert_int_equal(kb_notice_applies(all, other, 3), 1);
	assert_int_equal(kb_notice_applies(all, NULL, 0), 1);
	kb_notice_free(tagged);
	kb_notice_free(all);
}

static void
notice__path_is_notice__table(void **state)
{
	static const struct {
		const char *path;
		int yes;
	} cases[] = {
		{ "notices/a.md", 1 },
		{ "notices/holiday-closure.md", 1 },
		{ "notices/sub/a.md", 0 },
		{ "notices/.md", 0 },
		{ "notices/a.txt", 0 },
		{ "notices/a.md.txt", 0 },
		{ "notices/a", 0 },
		{ "notices/", 0 },
		{ "notices", 0 },
		{ "notice/a.md", 0 },
		{ "answers/a.md", 0 },
		{ "x/notices/a.md", 0 },
		{ "Notices/a.md", 0 },
		{ "", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		if (kb_notice_path_is_notice(cases[i].path) != cases[i].yes)
			fail_msg("%s: want %d", cases[i].path, cases[i].yes);
}

/* --- the KB's notices ------------------------------------------------- */

#define NOTICE(title, starts, ends, severity, tags) \
	"---\n" \
	"title: " title "\n" \
	"starts: " starts "\n" \
	"ends: " ends "\n" \
	"severity: " severity "\n" \
	tags \
	"---\n" \
	"The text of " title ".\n"

/*
 * At KB_NOW=2026-03-10T12:00 (NOW below): active, most important first:
 * crit, warn-early, warn-a, warn-b (same start as warn-a: by id),
 * info-all.  future starts tomorrow; expired ends exactly now; broken has
 * no severity and is never listed; sub/x.md is not a notice.
 */
#define NOW "2026-03-10T12:00"

static const struct th_file kb_files[] = {
	{ "answers/passport-renew.md", "---\ntitle: Renew a passport\n"
	  "tags: passport, renewal\nrelated: dog-license\n"
	  "translations: es:pasaporte-renovar\n---\n"
	  "Use form DS-82 to renew a passport by mail.\n" },
	{ "answers/pasaporte-renovar.md", "---\ntitle: Renovar el pasaporte\n"
	  "tags: pasaporte\nlang: es\ntranslation-of: passport-renew\n---\n"
	  "Use el formulario DS-82.\n" },
	{ "answers/dog-license.md", "---\ntitle: License your dog\n"
	  "tags: dog, license\nrelated: passport-renew\n---\n"
	  "Every dog needs a license tag.\n" },
	{ "answers/bulky-pickup.md", "---\ntitle: Bulky item pickup\n"
	  "tags: furniture, curb\nrelated: dog-license\n---\n"
	  "Put the sofa at the curb.\n" },
	{ "notices/info-all.md", NOTICE("Info for all", "2026-03-01",
	  "2026-03-31", "info", "") },
	{ "notices/crit.md", NOTICE("Passport system down",
	  "2026-03-09T08:00", "2026-03-11T08:00", "critical",
	  "tags: passport\n") },
	{ "notices/warn-b.md", NOTICE("Dog tags late", "2026-03-05",
	  "2026-03-20", "warning", "tags: Dog\n") },
	{ "notices/warn-a.md", NOTICE("Trash delayed", "2026-03-05",
	  "2026-03-20", "warning", "tags: trash\n") },
	{ "notices/warn-early.md", NOTICE("Early warning", "2026-03-01",
	  "2026-03-15", "warning", "") },
	{ "notices/future.md", NOTICE("Passport office move", "2026-03-11",
	  "2026-03-12", "critical", "tags: PASSPORT\n") },
	{ "notices/expired.md", NOTICE("Old outage", "2026-03-01",
	  "2026-03-10 12:00", "critical", "") },
	{ "notices/broken.md", "---\ntitle: Broken\nstarts: 2026-03-01\n"
	  "ends: 2026-03-31\n---\nNo severity.\n" },
	{ "notices/sub/x.md", NOTICE("In a subfolder", "2026-03-01",
	  "2026-03-31", "critical", "") },
	{ NULL, NULL }
};

/* The ids of a list, comma-separated (caller frees). */
static char *
ids_of(const struct kb_notices *l)
{
	char *s = calloc(1, 1024);
	size_t i;

	assert_non_null(s);
	for (i = 0; i < l->n; i++) {
		if (i)
			strcat(s, ",");
		strncat(s, l->v[i]->id, 100);
	}
	return s;
}

static void
expect_list(struct kb *kb, unsigned flags, const char *want)
{
	struct kb_notices l;
	char *got;
	int rc;

	memset(&l, 0xAB, sizeof(l));
	rc = kb_notices_list(&l, kb, flags);
	if (rc != 0)
		fail_msg("kb_notices_list: %d %s", rc, kb_error_last());
	got = ids_of(&l);
	if (strcmp(got, want) != 0)
		fail_msg("notices (flags %u, KB_NOW %s): '%s', want '%s'",
		    flags, getenv("KB_NOW"), got, want);
	free(got);
	kb_notices_clear(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

static void
expect_for_answer(struct kb *kb, const char *id, const char *want)
{
	struct kb_answer *a = NULL;
	struct kb_notices l;
	char *got;
	int rc;

	if ((rc = kb_answer_load(&a, kb, id)) != 0)
		fail_msg("kb_answer_load %s: %d %s", id, rc, kb_error_last());
	memset(&l, 0xAB, sizeof(l));
	rc = kb_notices_for_answer(&l, kb, a);
	if (rc != 0)
		fail_msg("kb_notices_for_answer: %d %s", rc, kb_error_last());
	got = ids_of(&l);
	if (strcmp(got, want) != 0)
		fail_msg("notices for %s at %s: '%s', want '%s'", id,
		    getenv("KB_NOW"), got, want);
	free(got);
	kb_notices_clear(&l);
	kb_answer_free(a);
}

static void
notices__list__active_in_order(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	expect_list(t.kb, 0, "crit,warn-early,warn-a,warn-b,info-all");
	th_kb_finish(&t);
}

static void
notices__list__all(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	expect_list(t.kb, KB_NOTICES_ALL, "expired,crit,future,warn-early,"
	    "warn-a,warn-b,info-all");
	th_kb_finish(&t);
}

static void
notices__list__fields_and_version(void **state)
{
	struct kb_notices l;
	struct th_kb t;
	char *blob;
	size_t i;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	assert_int_equal(kb_notices_list(&l, t.kb, 0), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[0]->id, "crit");
	assert_string_equal(l.v[0]->path, "notices/crit.md");
	assert_string_equal(l.v[0]->title, "Passport system down");
	assert_string_equal(l.v[0]->starts, "2026-03-09T08:00");
	assert_string_equal(l.v[0]->ends, "2026-03-11T08:00");
	assert_int_equal(l.v[0]->severity, KB_NOTICE_CRITICAL);
	assert_int_equal(l.v[0]->ntags, 1);
	assert_string_equal(l.v[0]->tags[0], "passport");
	assert_string_equal(l.v[0]->body,
	    "The text of Passport system down.\n");
	blob = th_git_output(t.dir, "rev-parse main:notices/crit.md");
	assert_non_null(blob);
	assert_string_equal(l.v[0]->version, blob);
	free(blob);
	for (i = 0; i < l.n; i++)
		assert_int_equal(strlen(l.v[i]->version), KB_OID_HEX);
	kb_notices_clear(&l);
	th_kb_finish(&t);
}

/* The clock moves; the same open KB lists other notices, no re-index. */
static void
notices__list__follows_the_clock(void **state)
{
	static const struct {
		const char *now;
		const char *want;
	} cases[] = {
		{ "2026-02-28T23:59:59", "" },
		{ "2026-03-01", "expired,warn-early,info-all" },
		{ "2026-03-09T07:59:59",
		  "expired,warn-early,warn-a,warn-b,info-all" },
		{ "2026-03-09T08:00",
		  "expired,crit,warn-early,warn-a,warn-b,info-all" },
		{ "2026-03-10T11:59:59",
		  "expired,crit,warn-early,warn-a,warn-b,info-all" },
		{ "2026-03-10 12:00:00", "crit,warn-early,warn-a,warn-b,"
		  "info-all" },
		{ "2026-03-11T08:00", "future,warn-early,warn-a,warn-b,"
		  "info-all" },
		{ "2026-03-12T23:59:59", "future,warn-early,warn-a,warn-b,"
		  "info-all" },
		{ "2026-03-13", "warn-early,warn-a,warn-b,info-all" },
		{ "2026-03-15T23:59:59", "warn-early,warn-a,warn-b,info-all" },
		{ "2026-03-16", "warn-a,warn-b,info-all" },
		{ "2026-03-21", "info-all" },
		{ "2026-04-01", "" },
	};
	struct th_kb t;
	size_t i;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	expect_list(t.kb, 0, "crit,warn-early,warn-a,warn-b,info-all");
	for (i = 0; i < NITEMS(cases); i++) {
		setenv("KB_NOW", cases[i].now, 1);
		expect_list(t.kb, 0, cases[i].want);
		/* --all does not depend on the clock. */
		expect_list(t.kb, KB_NOTICES_ALL, "expired,crit,future,"
		    "warn-early,warn-a,warn-b,info-all");
	}
	assert_int_equal(kb_index_refresh(t.kb), 0);
	th_kb_finish(&t);
}

static void
notices__for_answer__tags(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	expect_for_answer(t.kb, "passport-renew", "crit,warn-early,info-all");
	/* "Dog" in the notice, "dog" in the answer. */
	expect_for_answer(t.kb, "dog-license", "warn-early,warn-b,info-all");
	expect_for_answer(t.kb, "bulky-pickup", "warn-early,info-all");
	/* Tomorrow: crit is over, future (tag PASSPORT) has begun. */
	setenv("KB_NOW", "2026-03-11T10:00", 1);
	expect_for_answer(t.kb, "passport-renew",
	    "future,warn-early,info-all");
	setenv("KB_NOW", "2026-04-01", 1);
	expect_for_answer(t.kb, "passport-renew", "");
	th_kb_finish(&t);
}

/* A translation shows what its source shows, whatever its own tags. */
static void
notices__for_answer__translation_gets_the_source_notices(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	expect_for_answer(t.kb, "pasaporte-renovar",
	    "crit,warn-early,info-all");
	setenv("KB_NOW", "2026-03-11T10:00", 1);
	expect_for_answer(t.kb, "pasaporte-renovar",
	    "future,warn-early,info-all");
	th_kb_finish(&t);
}

/*
 * The banner's notices for the answers on the screen, given their ids:
 * the untagged ones, and those sharing a tag with an answer shown (or
 * with a translation's source), in the order of the notices in force.
 */
static char *
selected(struct kb *kb, const struct kb_notices *in_force,
    const char *const *ids, size_t nids)
{
	const struct kb_notice *shown[16];
	struct kb_notices view;
	char **tags, *got;
	size_t ntags, n;

	assert_true(in_force->n <= NITEMS(shown));
	if (kb_notice_tags_of(&tags, &ntags, kb, ids, nids) < 0)
		fail_msg("kb_notice_tags_of: %s", kb_error_last());
	n = kb_notices_select(shown, in_force, tags, ntags);
	kb_notice_tags_free(tags, ntags);
	view.v = (struct kb_notice **)shown;
	view.n = n;
	got = ids_of(&view);
	return got;
}

static void
notices__select__for_the_answers_shown(void **state)
{
	static const struct {
		const char *ids[3];
		size_t n;
		const char *want;
	} cases[] = {
		{ { NULL }, 0, "warn-early,info-all" },
		{ { "dog-license" }, 1, "warn-early,warn-b,info-all" },
		{ { "bulky-pickup" }, 1, "warn-early,info-all" },
		{ { "passport-renew" }, 1, "crit,warn-early,info-all" },
		{ { "pasaporte-renovar" }, 1, "crit,warn-early,info-all" },
		{ { "bulky-pickup", "dog-license", "passport-renew" }, 3,
		  "crit,warn-early,warn-b,info-all" },
		{ { "no-such-answer" }, 1, "warn-early,info-all" },
	};
	struct kb_notices in_force;
	struct th_kb t;
	size_t i;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	assert_int_equal(kb_notices_list(&in_force, t.kb, 0), 0);
	for (i = 0; i < NITEMS(cases); i++) {
		char *got = selected(t.kb, &in_force, cases[i].ids,
		    cases[i].n);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, got,
			    cases[i].want);
		free(got);
	}
	kb_notices_clear(&in_force);
	th_kb_finish(&t);
}

/* Selecting is pure: tags in any case; no tags, the untagged only. */
static void
notices__select__pure(void **state)
{
	char *trash[] = { "TRASH" }, *dog_and_trash[] = { "dog", "Trash" };
	const struct kb_notice *shown[8];
	struct kb_notices in_force;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	assert_int_equal(kb_notices_list(&in_force, t.kb, 0), 0);
	assert_int_equal(kb_notices_select(shown, &in_force, trash, 1), 3);
	assert_string_equal(shown[0]->id, "warn-early");
	assert_string_equal(shown[1]->id, "warn-a");
	assert_string_equal(shown[2]->id, "info-all");
	assert_int_equal(kb_notices_select(shown, &in_force, dog_and_trash,
	    2), 4);
	assert_string_equal(shown[2]->id, "warn-b");
	assert_int_equal(kb_notices_select(shown, &in_force, NULL, 0), 2);
	kb_notices_clear(&in_force);
	memset(&in_force, 0, sizeof(in_force));
	assert_int_equal(kb_notices_select(shown, &in_force, trash, 1), 0);
	th_kb_finish(&t);
}

/* A broken notice is left out with a warning; fixed, it is listed. */
static void
notices__index__broken_left_out_then_fixed(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	const struct th_diag *w;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	assert_int_equal(kb_index_update(NULL, t.kb, KB_INDEX_REBUILD,
	    th_diag_collect, &d), 0);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "missing severity");
	if (w == NULL) {
		th_diags_dump(&d);
		fail_msg("no warning for notices/broken.md");
	}
	assert_string_equal(w->path, "notices/broken.md");
	assert_int_equal(w->line, 1);
	assert_string_equal(w->message, "missing severity: every notice "
	    "needs 'severity: ...' (notice not shown; kb check lists every "
	    "problem)");
	th_diags_free(&d);
	expect_list(t.kb, KB_NOTICES_ALL, "expired,crit,future,warn-early,"
	    "warn-a,warn-b,info-all");

	/* Fixed and committed: the next list has it (the index follows). */
	assert_int_equal(th_write_file(t.dir, "notices/broken.md",
	    NOTICE("Broken", "2026-03-01", "2026-03-31", "warning", "")), 0);
	assert_int_equal(th_git(t.dir, "rm -q notices/crit.md"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Fix a notice"), 0);
	expect_list(t.kb, 0, "broken,warn-early,warn-a,warn-b,info-all");

	/* The warning names the line of the first error. */
	assert_int_equal(th_write_file(t.dir, "notices/bad-sev.md",
	    NOTICE("Bad", "2026-03-01", "2026-03-31", "urgent", "")), 0);
	assert_int_equal(th_git_commit_all(t.dir, "A bad notice"), 0);
	assert_int_equal(kb_index_update(NULL, t.kb, 0, th_diag_collect, &d),
	    0);
	if (d.n != 1) {
		th_diags_dump(&d);
		fail_msg("%zu diagnostics, want 1", d.n);
	}
	assert_string_equal(d.v[0].path, "notices/bad-sev.md");
	assert_int_equal(d.v[0].line, 5);
	assert_int_equal(d.v[0].severity, KB_SEVERITY_WARNING);
	assert_string_equal(d.v[0].message, "severity 'urgent' should be info, "
	    "warning or critical (notice not shown; kb check lists every "
	    "problem)");
	th_diags_free(&d);
	expect_list(t.kb, 0, "broken,warn-early,warn-a,warn-b,info-all");
	th_kb_finish(&t);
}

static void
notices__list__none(void **state)
{
	static const struct th_file files[] = {
		{ "answers/a.md", "---\ntitle: A\ntags: a\nrelated: a\n---\n"
		  "Alpha.\n" },
		{ NULL, NULL }
	};
	struct kb_answer *a = NULL;
	struct kb_notices l;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, files);
	setenv("KB_NOW", NOW, 1);
	expect_list(t.kb, 0, "");
	expect_list(t.kb, KB_NOTICES_ALL, "");
	assert_int_equal(kb_answer_load(&a, t.kb, "a"), 0);
	assert_int_equal(kb_notices_for_answer(&l, t.kb, a), 0);
	assert_int_equal(l.n, 0);
	kb_notices_clear(&l);
	kb_answer_free(a);
	th_kb_finish(&t);
}

/*
 * Same severity and start: by id.  "tie" sorts before "tie-b" although
 * its path (notices/tie.md) sorts after notices/tie-b.md.
 */
static void
notices__list__ties_by_id(void **state)
{
	static const struct th_file files[] = {
		{ "answers/a.md", "---\ntitle: A\ntags: a\nrelated: a\n---\n"
		  "Alpha.\n" },
		{ "notices/tie-b.md", NOTICE("Tie b", "2026-03-01T09:00",
		  "2026-03-31", "warning", "") },
		{ "notices/tie.md", NOTICE("Tie", "2026-03-01 09:00:00",
		  "2026-03-20", "warning", "") },
		{ "notices/tie-a.md", NOTICE("Tie a", "2026-03-01T09:00",
		  "2026-03-02", "info", "") },
		{ NULL, NULL }
	};
	struct th_kb t;

	(void)state;
	th_kb_start(&t, files);
	setenv("KB_NOW", "2026-03-01T10:00", 1);
	expect_list(t.kb, 0, "tie,tie-b,tie-a");
	expect_for_answer(t.kb, "a", "tie,tie-b,tie-a");
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notice__parse__valid),
		cmocka_unit_test(notice__parse__severities_and_no_tags),
		cmocka_unit_test(notice__parse__missing_keys),
		cmocka_unit_test(notice__parse__bad_severity),
		cmocka_unit_test(notice__parse__title_length),
		cmocka_unit_test(notice__parse__zone_suffix),
		cmocka_unit_test(notice__parse__bad_times),
		cmocka_unit_test(notice__parse__ends_not_after_starts),
		cmocka_unit_test(notice__parse__empty_body),
		cmocka_unit_test(notice__parse__long_body_warning),
		cmocka_unit_test(notice__parse__unknown_key_warning),
		cmocka_unit_test(notice__parse__file_too_large),
		cmocka_unit_test(notice__parse__invalid_utf8),
		cmocka_unit_test(notice__parse__crlf),
		cmocka_unit_test(notice__parse__bad_id_from_path),
		cmocka_unit_test(notice__parse__no_callback),
		cmocka_unit_test(notice__time__table),
		cmocka_unit_test(notice__state_at__date_times),
		cmocka_unit_test(notice__state_at__dates),
		cmocka_unit_test(notice__applies__tags),
		cmocka_unit_test(notice__path_is_notice__table),
		cmocka_unit_test(notices__list__active_in_order),
		cmocka_unit_test(notices__list__all),
		cmocka_unit_test(notices__list__fields_and_version),
		cmocka_unit_test(notices__list__follows_the_clock),
		cmocka_unit_test(notices__for_answer__tags),
		cmocka_unit_test(
		    notices__for_answer__translation_gets_the_source_notices),
		cmocka_unit_test(notices__select__for_the_answers_shown),
		cmocka_unit_test(notices__select__pure),
		cmocka_unit_test(notices__index__broken_left_out_then_fixed),
		cmocka_unit_test(notices__list__ties_by_id),
		cmocka_unit_test(notices__list__none),
	};

	th_env_setup();
	return th_run(argc, argv, "notice", tests, th_libkb_setup,
	    th_libkb_teardown);
}
