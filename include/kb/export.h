/*
 * Data out: every event of the usage log (at the centre, every office's
 * as well) as CSV or JSON lines, each with its seq, a number that only
 * grows, so that a data warehouse loads what is new with --after the
 * last seq it holds.  kb(1), EXPORT, documents the columns.
 */
#ifndef KB_EXPORT_H
#define KB_EXPORT_H

#include <stddef.h>

#include "diag.h"
#include "kb.h"

enum kb_export_format {
	KB_EXPORT_CSV,		/* a header line, then RFC 4180 rows */
	KB_EXPORT_JSONL		/* one JSON object per line */
};

struct kb_export_options {
	long long after;	/* only events with a seq above this; 0: all */
	enum kb_export_format format;
	int redact_queries;	/* every query written as null */
	int all_offices;	/* the centre: the offices' events, as
				   kbsync pushed them (offices.db), instead
				   of this KB's own usage log */
	kb_diag_cb on_bad_line;	/* all_offices: as kb_report_options' */
	void *payload;
};

#define KB_EXPORT_OPTIONS_INIT { 0, KB_EXPORT_CSV, 0, 0, NULL, NULL }

/* The columns, in order, as the CSV header names them; NULL ends it. */
extern const char *const kb_export_columns[];

/*
 * One line of output, newline included, for the caller to write; a
 * negative KB_E* (with kb_error_set) stops the export and is returned.
 */
typedef int (*kb_export_line_cb)(const char *line, size_t len,
    void *payload);

/*
 * Write the events with a seq above o->after, in seq order, a line each
 * to `cb` (a CSV export starts with its header line).  Text is valid
 * UTF-8 without control characters (a newline or tab in a query becomes
 * a space).  *count: the events written.  KB_ECONFLICT when o->after is
 * above every seq there is: the events were numbered again (offices.db
 * made again at the centre), and the warehouse must load from 0,
 * keeping one row per office and uid.
 */
int kb_export(unsigned long *count, struct kb *kb,
    const struct kb_export_options *o, kb_export_line_cb cb, void *payload);

#endif
