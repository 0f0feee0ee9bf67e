/*
 * Reports on the usage log: top answers, use per channel, content gaps,
 * answers due for review, answers never used, flagged answers, and
 * counts per agent and office.  Each section is a table of text cells;
 * front ends print them as text, CSV or JSON.
 */
#ifndef KB_REPORT_H
#define KB_REPORT_H

#include <stddef.h>

#include "diag.h"
#include "kb.h"
#include "render.h"

struct kb_report_options {
	const char *since;	/* YYYY-MM-DD, inclusive, or NULL */
	const char *until;	/* YYYY-MM-DD, inclusive, or NULL */
	enum kb_channel channel; /* only this channel; NONE: every one */
	unsigned top;		/* rows of the "top" sections (0: 10) */
	int all_offices;	/* the centre: add every office's usage, as
				   kbsync pushed it (refs/kb/usage/...) */
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
 * "Lost  Passport!" -> "lost passport", "CAFÉ" -> "cafe": the words as
 * search cuts them (lower case, accents removed), one space apart; how
 * content gaps are grouped.  Caller frees.
 */
char *kb_query_normalize(const char *query);

#endif
