/*
 * The report's cost is the period's, not the history's: EXPLAIN QUERY
 * PLAN of every section's SQL (report_plan.h), with the centre's
 * offices.db attached and without, reads no event table whole: no line
 * of a plan is a SCAN of own_event, own_undo, own_copy, office_event or
 * office_undo (the aliases report_events.h gives the event tables), with
 * or without an index (a scan of a whole index is as long).  A real KB,
 * a real offices.db (made by the import, schema and indexes as a centre
 * has them).
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
#include "kb/error.h"
#include "kb/kb.h"
#include "kb/report.h"
#include "kb/usage.h"
#include "report_plan.h"
#include "xmalloc.h"

static const struct th_file answers[] = {
	{ "answers/a/alpha.md", "---\ntitle: Alpha\ntags: plan, test\n---\n"
	  "The fee is $20.\n" },
	{ "answers/b/beta.md", "---\ntitle: Beta\ntags: plan, test\n---\n"
	  "Open on Mondays.\n" },
	{ NULL, NULL }
};

static const char *const event_tables[] = { "own_event", "own_undo",
    "own_copy", "office_event", "office_undo", NULL };

struct plans {
	struct buf all;		/* every line, for the failure message */
	struct buf scans;	/* the lines that scan an event table */
	size_t lines;
	size_t sections;
	char last[64];
};

/* 1 when a plan line reads an event table whole. */
static int
full_scan(const char *detail)
{
	size_t i, n;

	if (strncmp(detail, "SCAN ", 5) != 0)
		return 0;
	for (i = 0; event_tables[i]; i++) {
		n = strlen(event_tables[i]);
		if (strncmp(detail + 5, event_tables[i], n) == 0 &&
		    (detail[5 + n] == '\0' || detail[5 + n] == ' '))
			return 1;
	}
	return 0;
}

static void
collect(const char *section, const char *detail, void *payload)
{
	struct plans *p = payload;

	if (strcmp(p->last, section) != 0) {
		snprintf(p->last, sizeof(p->last), "%s", section);
		p->sections++;
	}
	buf_addf(&p->all, "%s: %s\n", section, detail);
	if (full_scan(detail))
		buf_addf(&p->scans, "%s: %s\n", section, detail);
	p->lines++;
}

static void
log_use(struct kb *kb, const char *time, const char *id)
{
	struct kb_event e = KB_EVENT_INIT;

	e.kind = KB_EVENT_USE;
	e.agent = "ann";
	e.answer = id;
	e.time = time;
	if (kb_usage_log(kb, &e, 1000) != 0)
		fail_msg("kb_usage_log: %s", kb_error_last());
}

/* The plans of a month's report; fails on a full scan of events. */
static void
expect_bounded(struct kb *kb, int all_offices, size_t min_sections)
{
	struct kb_report_options o;
	struct plans p;

	memset(&o, 0, sizeof(o));
	memset(&p, 0, sizeof(p));
	o.since = "2026-11-01";
	o.until = "2026-11-30";
	o.all_offices = all_offices;
	if (kb_report_plan__plans(kb, &o, collect, &p) != 0)
		fail_msg("kb_report_plan__plans: %s", kb_error_last());
	if (p.sections < min_sections || p.lines == 0)
		fail_msg("only %zu sections explained:\n%s", p.sections,
		    p.all.data ? p.all.data : "");
	if (p.scans.len > 0) {
		/* cmocka cuts a long message: the plans go to stderr. */
		fprintf(stderr, "--- every plan:\n%s", p.all.data);
		fail_msg("a full scan of the events:\n%s", p.scans.data);
	}
	buf_free(&p.all);
	buf_free(&p.scans);
}

/* The check itself tells a scan from a search. */
static void
plan__detects_full_scan(void **state)
{
	(void)state;
	assert_true(full_scan("SCAN office_event"));
	assert_true(full_scan("SCAN own_event USING INDEX event_time"));
	assert_true(full_scan("SCAN office_undo USING COVERING INDEX x"));
	assert_false(full_scan("SEARCH office_event USING INDEX "
	    "event_kind_time (kind=? AND time>? AND time<?)"));
	assert_false(full_scan("SCAN office_events"));
	assert_false(full_scan("SCAN a"));
}

static void
plan__own_report_bounded(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, answers);
	log_use(t.kb, "2026-11-02T10:00:00Z", "alpha");
	expect_bounded(t.kb, 0, 15);
	th_kb_finish(&t);
}

static void
plan__all_offices_bounded(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, answers);
	log_use(t.kb, "2026-11-02T10:00:00Z", "alpha");
	expect_bounded(t.kb, 1, 17);
	th_kb_finish(&t);
}

/* The lines of `section`'s plans in p->all, "detail\n" each. */
static char *
plan_of(const struct plans *p, const char *section)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(section);
	const char *line, *end;

	for (line = p->all.data; line && *line; line = end + 1) {
		end = strchr(line, '\n');
		if (strncmp(line, section, n) == 0 && line[n] == ':')
			buf_addf(&b, "%.*s\n", (int)(end - line - n - 2),
			    line + n + 2);
	}
	return b.data ? buf_detach(&b) : xstrdup("");
}

/*
 * With --all-offices the counting sections read the period's counts
 * (temp.answer_count, temp.agent_count), not its events, and those are
 * made from a range of the days of offices.db's roll-ups (offices.c),
 * less the offices' copies of the centre's own events, looked up by
 * uid (own_uid, the centre's own log, is read whole).
 */
static void
plan__counts_read_rollups(void **state)
{
	static const char *const counting[] = { "top_answers",
	    "top_answers_by_channel", "use_by_channel", "never_used",
	    "agents", "offices", "stations", "period", NULL };
	struct kb_report_options o;
	struct plans p;
	struct th_kb t;
	char *lines;
	size_t i;

	(void)state;
	th_kb_start(&t, answers);
	log_use(t.kb, "2026-11-02T10:00:00Z", "alpha");
	memset(&o, 0, sizeof(o));
	memset(&p, 0, sizeof(p));
	o.since = "2026-11-01";
	o.until = "2026-11-30";
	o.all_offices = 1;
	if (kb_report_plan__plans(t.kb, &o, collect, &p) != 0)
		fail_msg("kb_report_plan__plans: %s", kb_error_last());
	for (i = 0; counting[i]; i++) {
		lines = plan_of(&p, counting[i]);
		if (*lines == '\0' || strstr(lines, "event") != NULL)
			fail_msg("%s reads events, or nothing:\n%s",
			    counting[i], lines);
		free(lines);
	}
	lines = plan_of(&p, "uses of the period");
	if (strstr(lines, "SEARCH offices.answer_day USING PRIMARY KEY (day>? AND "
	    "day<?)") == NULL)
		fail_msg("the uses are not a range of answer_day:\n%s", lines);
	free(lines);
	lines = plan_of(&p, "counts of the period");
	if (strstr(lines, "SEARCH offices.agent_day USING PRIMARY KEY (day>? AND "
	    "day<?)") == NULL)
		fail_msg("the counts are not a range of agent_day:\n%s", lines);
	/* The offices' copies of the log's own events: by uid. */
	if (strstr(lines, "SEARCH oe USING INDEX event_uid (uid=?)") == NULL)
		fail_msg("the copies are not looked up by uid:\n%s", lines);
	free(lines);
	buf_free(&p.all);
	buf_free(&p.scans);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plan__detects_full_scan),
		cmocka_unit_test(plan__own_report_bounded),
		cmocka_unit_test(plan__all_offices_bounded),
		cmocka_unit_test(plan__counts_read_rollups),
	};

	th_env_setup();
	return th_run(argc, argv, "report_plan", tests,
	    th_libkb_setup, th_libkb_teardown);
}
