/*
 * Unit tests for the content gaps rule of report.h: a search the same
 * agent refined into a use, within KB_REPORT_REFINE_SECONDS each step,
 * is no gap; another agent's search, or one too long before, still is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"
#include "kb/error.h"
#include "kb/kb.h"
#include "kb/report.h"
#include "kb/usage.h"

static const struct th_file one_answer[] = {
	{ "answers/passport.md", "---\ntitle: Lost passport\n"
	  "tags: passport\n---\nReport it lost.\n" },
	{ NULL, NULL }
};

/* An event at `time` by `agent` in office North on the phone. */
static void
log_event(struct kb *kb, enum kb_event_kind kind, const char *time,
    const char *agent, const char *query)
{
	struct kb_event e = KB_EVENT_INIT;
	int rc;

	e.kind = kind;
	e.time = time;
	e.agent = agent;
	e.office = "North";
	e.channel = KB_CHANNEL_PHONE;
	e.query = query;
	if (kind == KB_EVENT_SEARCH) {
		e.hits = 0;
		e.sure = 0;
	} else {
		e.answer = "passport";
	}
	if ((rc = kb_usage_log(kb, &e, 1000)) != 0)
		fail_msg("kb_usage_log: %d %s", rc, kb_error_last());
}

/* One event of a test's log: a search for `query`, or a use. */
struct step {
	enum kb_event_kind kind;
	const char *time, *agent, *query;
};

#define SEARCH(t, a, q) \
	{ .kind = KB_EVENT_SEARCH, .time = (t), .agent = (a), .query = (q) }
#define USE(t, a) \
	{ .kind = KB_EVENT_USE, .time = (t), .agent = (a), \
	  .query = "lost passport" }
#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The content gaps section's rows, "query|searches|...\n". */
static void
expect_gaps(struct kb *kb, const char *want)
{
	struct kb_report_options o;
	struct kb_report *r = NULL;
	char *got;

	memset(&o, 0, sizeof(o));
	o.channel = KB_CHANNEL_NONE;
	if (kb_report_build(&r, kb, &o) != 0)
		fail_msg("kb_report_build: %s", kb_error_last());
	got = th_table_rows(r, "content_gaps");
	if (strcmp(got, want) != 0)
		fail_msg("content gaps:\n%s\nwant:\n%s", got, want);
	free(got);
	kb_report_free(r);
}

/* A new KB with the `n` steps of `log` logged: its gaps must be `want`. */
static void
expect_gaps_after(const struct step *log, size_t n, const char *want)
{
	struct th_kb t;
	size_t i;

	th_kb_start(&t, one_answer);
	for (i = 0; i < n; i++)
		log_event(t.kb, log[i].kind, log[i].time, log[i].agent,
		    log[i].query);
	expect_gaps(t.kb, want);
	th_kb_finish(&t);
}

static void
gaps__refined_chain_is_no_gap(void **state)
{
	/* ann: two searches, three minutes apart, then a use: no gaps. */
	static const struct step log[] = {
		SEARCH("2026-03-05T10:00:00Z", "ann", "lost pasport"),
		SEARCH("2026-03-05T10:03:00Z", "ann", "passport gone"),
		USE("2026-03-05T10:06:00Z", "ann"),
	};

	(void)state;
	expect_gaps_after(log, NITEMS(log), "");
}

static void
gaps__another_agent_is_a_gap(void **state)
{
	/* bob searched between ann's searches; ann used, bob did not. */
	static const struct step log[] = {
		SEARCH("2026-03-05T10:00:00Z", "ann", "lost pasport"),
		SEARCH("2026-03-05T10:01:00Z", "bob", "lost pasport"),
		USE("2026-03-05T10:02:00Z", "ann"),
	};

	(void)state;
	expect_gaps_after(log, NITEMS(log), "lost pasport|1|1|0|0\n");
}

static void
gaps__window_is_five_minutes(void **state)
{
	static const struct step log[] = {
		/* Exactly five minutes before the use: refined. */
		SEARCH("2026-03-05T10:00:00Z", "ann", "edge"),
		USE("2026-03-05T10:05:00Z", "ann"),
		/* Five minutes and a second: a gap. */
		SEARCH("2026-03-05T11:00:00Z", "ann", "too early"),
		USE("2026-03-05T11:05:01Z", "ann"),
		/* A chain broken by a pause of six minutes: the first is a
		 * gap. */
		SEARCH("2026-03-05T12:00:00Z", "ann", "broken chain"),
		SEARCH("2026-03-05T12:06:00Z", "ann", "second try"),
		USE("2026-03-05T12:07:00Z", "ann"),
		/* A use before the search ended it not. */
		USE("2026-03-05T13:00:00Z", "ann"),
		SEARCH("2026-03-05T13:01:00Z", "ann", "after a use"),
	};

	(void)state;
	assert_int_equal(KB_REPORT_REFINE_SECONDS, 300);
	expect_gaps_after(log, NITEMS(log), "after a use|1|1|0|0\n"
	    "broken chain|1|1|0|0\n"
	    "too early|1|1|0|0\n");
}

static void
gaps__same_agent_other_office_is_a_gap(void **state)
{
	struct kb_event e = KB_EVENT_INIT;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, one_answer);
	log_event(t.kb, KB_EVENT_SEARCH, "2026-03-05T10:00:00Z", "ann",
	    "lost pasport");
	e.kind = KB_EVENT_USE;
	e.time = "2026-03-05T10:01:00Z";
	e.agent = "ann";
	e.office = "South";
	e.answer = "passport";
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	expect_gaps(t.kb, "lost pasport|1|1|0|0\n");
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gaps__refined_chain_is_no_gap),
		cmocka_unit_test(gaps__another_agent_is_a_gap),
		cmocka_unit_test(gaps__window_is_five_minutes),
		cmocka_unit_test(gaps__same_agent_other_office_is_a_gap),
	};

	th_env_setup();
	return th_run(argc, argv, "report_gaps", tests,
	    th_libkb_setup, th_libkb_teardown);
}
