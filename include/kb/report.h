/*
 * Reports on the usage log: top answers, use per channel, content gaps,
 * answers due for review, answers never used, flagged answers, and
 * counts per agent and office.  Each section is a table of text cells;
 * front ends print them as text, CSV or JSON.
 */
#ifndef KB_REPORT_H
#define KB_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "kb.h"
#include "render.h"

struct kb_report_options {
	const char *since;	/* YYYY-MM-DD, inclusive, or NULL */
	const char *until;	/* YYYY-MM-DD, inclusive, or NULL */
	enum kb_channel channel; /* only this channel; NONE: every one */
	unsigned top;		/* rows of the "top" sections (0: 10) */
	int all_offices;	/* the centre: add every office's usage, as
				   kbsync pushed it (refs/kb/station-usage/...
				   and refs/kb/usage/...), and the stations
				   section */
	kb_diag_cb on_bad_line;	/* all_offices: a line that is not an
				   event, a ref not read (both skipped), a
				   damaged offices.db (made again), as
				   warnings; may be NULL */
	void *payload;
};

struct kb_table {
	const char *name;	/* e.g. "top_answers": for CSV and JSON */
	const char *title;	/* e.g. "Top answers": for people */
	size_t ncols;
	const char *const *cols;
	const char *numeric;	/* 'n' for each numeric column, else '.' */
	size_t nrows;
	char **cells;		/* nrows * ncols; NULL for SQL NULL */
};

/*
 * What a report covers, for its header line: the KB and its commit, the
 * days of the first and last event counted (with the channel and the
 * period applied), and the offices those events came from.
 */
struct kb_report_scope {
	char *kb_name;		/* the KB's directory name */
	char commit[KB_OID_HEX + 1];	/* "" when the branch has none */
	char *first, *last;	/* YYYY-MM-DD, or NULL: no event */
	char **offices;		/* sorted; "(none)" for events without one */
	size_t noffices;
};

struct kb_report {
	struct kb_table *tables;
	size_t ntables;
	struct kb_report_scope scope;
};

/*
 * A content gap is a search with no sure answer, unless the agent
 * refined it: the same agent, in the same office, then used an answer
 * within this many seconds, or searched again within this many seconds
 * in a search refined in turn.  The log has no search session id (a
 * search is logged when it ends with no answer used); five minutes
 * bounds one customer's search.  Another agent's search stays a gap.
 */
#define KB_REPORT_REFINE_SECONDS 300

/* Build every section.  Dates are checked (KB_EINVALID when malformed). */
int kb_report_build(struct kb_report **out, struct kb *kb,
    const struct kb_report_options *opts);
void kb_report_free(struct kb_report *r);

/*
 * At the centre: read into offices.db what the offices' usage refs
 * gained since the last import, and nothing else (kb report
 * --all-offices does this first; kb import does it alone, for cron).
 * *refs: refs with new commits; *events: events new to the centre.
 * Lines and refs that cannot be read go to `cb` as warnings.
 */
int kb_report_import(unsigned long *refs, unsigned long *events, struct kb *kb,
    kb_diag_cb cb, void *payload);

/*
 * "Lost  Passport!" -> "lost passport", "CAFÉ" -> "cafe": the words as
 * search cuts them (lower case, accents removed), one space apart; how
 * content gaps are grouped.  Caller frees.
 */
char *kb_query_normalize(const char *query);

/* --- trends: the figures over time, for charts (report_trends.c) ---- */

/*
 * A series has one point per day over a period of up to
 * KB_TREND_DAYS_MAX days, else one per week (from the period's first
 * day) up to KB_TREND_POINTS_MAX weeks, else one per calendar month,
 * the last KB_TREND_POINTS_MAX months of a longer period.
 */
#define KB_TREND_DAYS_MAX 120
#define KB_TREND_POINTS_MAX 120
/* Review dates are charted for this many weeks from today. */
#define KB_TREND_REVIEW_WEEKS 13

enum kb_trend_step { KB_TREND_DAY, KB_TREND_WEEK, KB_TREND_MONTH };

/*
 * Tables, by name ("period" is YYYY-MM-DD, the first day of a week, or
 * YYYY-MM; every period of the series has a row, zeros included):
 *   uses_over_time     period, phone, email, walk-in, none, total
 *   gaps_over_time     period, no results, not sure, gaps (the content
 *                      gaps section's rule, refined searches left out)
 *   no_sure_share      period, searches, no sure answer, share (percent,
 *                      one decimal; NULL without searches).  Searches are
 *                      the logged ones (ended with no answer used) and
 *                      the uses (each ended one), as the log keeps them
 *   flags_over_time    period, opened, closed (when they closed: the
 *                      answer changed or removed, or a reviewer closed
 *                      them; kb/flags.h)
 *   review_coming_due  due ("overdue", then the first day of each week
 *                      from today), answers: review-by dates in the index
 *   offices_over_time  with --all-offices, or events of more than one
 *                      office: office, period, uses, searches, gaps,
 *                      no sure answer, flags opened, flags closed; only
 *                      the periods with an event of the office
 */
struct kb_report_trends {
	enum kb_trend_step step;
	char from[11], to[11];	/* the period charted; "" when no event */
	int cut;		/* 1: the period was longer; `from` moved */
	struct kb_table *tables;
	size_t ntables;
};

/*
 * The series over the report's period (opts as kb_report_build takes
 * them: the same events, filters and offices).  Free with
 * kb_report_trends_free() (accepts NULL).
 */
int kb_report_trends_build(struct kb_report_trends **out, struct kb *kb,
    const struct kb_report_options *opts);
void kb_report_trends_free(struct kb_report_trends *t);

/* The table `name` of tables[0..n), or NULL. */
const struct kb_table *kb_report_table(const struct kb_table *tables,
    size_t n, const char *name);

/* --- the report as one HTML page (report_html.c) ------------------- */

/*
 * Write the report as one self-contained HTML5 document: inline CSS, no
 * script, nothing fetched; each chart an inline SVG with a title, a text
 * alternative and a table of its numbers.  Every string from the log or
 * the KB is escaped.  KB_ERROR when writing to `f` failed.
 */
int kb_report_html_write(FILE *f, const struct kb_report *rep,
    const struct kb_report_trends *trends,
    const struct kb_report_options *opts);

#endif
