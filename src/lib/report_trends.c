/*
 * The report's figures over time (report.h, kb_report_trends_build): the
 * same events as the report's sections (report_events.h), counted per
 * day, week or month, for the HTML report's charts.
 */
#include "report_rows.h"
#include "kb/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "flags_state.h"
#include "kb/clock.h"
#include "kb/error.h"
#include "kb_private.h"
#include "offices.h"
#include "report_events.h"
#include "report_gaps.h"
#include "usage_db.h"
#include "xmalloc.h"

#define F REPORT_FILTER

/*
 * The period of a time t: its day, its week from the period's start
 * (temp.trend_period p), its month.
 */
#define DAY_OF(t) "substr(" t ", 1, 10)"
#define WEEK_OF(t) "iif(substr(" t ", 1, 10) < p.start, NULL," \
	" date(p.start, '+' || (CAST(julianday(substr(" t ", 1, 10)) -" \
	" julianday(p.start) AS INTEGER) / 7 * 7) || ' days'))"
#define MONTH_OF(t) "substr(" t ", 1, 7)"

/*
 * The events with their period (k), and the flags closed with the
 * period they were closed in (flags_state.h: by a change to the answer,
 * the answer removed, or a reviewer), as time and channel for the
 * report's filter.
 */
#define EVENTS(k) "CREATE TEMP VIEW trend_event AS SELECT e.*, " k \
	" AS k FROM event e, temp.trend_period p;"
#define CLOSED(k) "CREATE TEMP VIEW trend_closed AS SELECT f.closed_time" \
	" AS time, f.channel, f.office, " k " AS k FROM temp.flag_state f," \
	" temp.trend_period p WHERE f.closed_time IS NOT NULL" \
	" AND f.state IN ('fixed', 'closed', 'removed');"

static const char *const bucket_views[] = {
	EVENTS(DAY_OF("e.time")) CLOSED(DAY_OF("f.closed_time")),
	EVENTS(WEEK_OF("e.time")) CLOSED(WEEK_OF("f.closed_time")),
	EVENTS(MONTH_OF("e.time")) CLOSED(MONTH_OF("f.closed_time")),
};

/* Every period of the series, from :start by :step up to :to. */
static const char fill_buckets[] =
    "INSERT INTO temp.trend_bucket(k)"
    " WITH RECURSIVE b(d, i) AS (SELECT :start, 0 UNION ALL"
    "  SELECT date(d, :step), i + 1 FROM b"
    "  WHERE date(d, :step) <= :to AND i < 1000)"
    " SELECT iif(:step = '+1 month', substr(d, 1, 7), d) FROM b";

struct trend {
	const char *name;
	const char *title[3];	/* per day, per week, per month */
	const char *const *cols;
	const char *numeric;
	const char *sql;
};

static const char *const uses_cols[] = { "period", "phone", "email",
    "walk-in", "none", "total", NULL };
static const char *const gaps_cols[] = { "period", "no results",
    "not sure", "gaps", NULL };
static const char *const share_cols[] = { "period", "searches",
    "no sure answer", "share", NULL };
static const char *const flags_cols[] = { "period", "opened", "closed",
    NULL };
static const char *const review_cols[] = { "due", "answers", NULL };
static const char *const office_cols[] = { "office", "period", "uses",
    "searches", "gaps", "no sure answer", "flags opened", "flags closed",
    NULL };

/* Counts per period, every period of the series given a row. */
#define PER_PERIOD(cols, inner) \
	"SELECT b.k, " cols " FROM temp.trend_bucket b LEFT JOIN (" inner \
	") n ON n.k = b.k ORDER BY b.k"
#define NO_SURE "coalesce(sure, hits) = 0"
#define NOT_REFINED "uid NOT IN (SELECT uid FROM temp.refined)"

static const struct trend series[] = {
	{ "uses_over_time", { "Uses per day by channel",
	  "Uses per week by channel", "Uses per month by channel" },
	  uses_cols, ".nnnnn",
	  PER_PERIOD("coalesce(n.p, 0), coalesce(n.e, 0), coalesce(n.w, 0),"
	  " coalesce(n.x, 0), coalesce(n.t, 0)",
	  "SELECT k, sum(channel = 'phone') AS p, sum(channel = 'email') AS e,"
	  " sum(channel = 'walk-in') AS w, sum(channel IS NULL) AS x,"
	  " count(*) AS t FROM temp.trend_event WHERE kind = 'use' AND" F
	  "GROUP BY k") },
	{ "gaps_over_time", { "Content gaps per day", "Content gaps per week",
	  "Content gaps per month" }, gaps_cols, ".nnn",
	  PER_PERIOD("coalesce(n.z, 0), coalesce(n.u, 0),"
	  " coalesce(n.z + n.u, 0)",
	  "SELECT k, sum(hits = 0) AS z, sum(hits > 0 AND " NO_SURE ") AS u"
	  " FROM temp.trend_event WHERE kind = 'search' AND " NO_SURE
	  " AND" F "AND " NOT_REFINED " GROUP BY k") },
	{ "no_sure_share", { "Searches with no sure answer, per day",
	  "Searches with no sure answer, per week",
	  "Searches with no sure answer, per month" }, share_cols, ".nnn",
	  PER_PERIOD("coalesce(n.s, 0), coalesce(n.z, 0),"
	  " iif(n.s > 0, round(100.0 * n.z / n.s, 1), NULL)",
	  "SELECT k, count(*) AS s, sum(kind = 'search' AND " NO_SURE ") AS z"
	  " FROM temp.trend_event WHERE kind IN ('search', 'use') AND" F
	  "GROUP BY k") },
	{ "flags_over_time", { "Flags opened and closed per day",
	  "Flags opened and closed per week",
	  "Flags opened and closed per month" }, flags_cols, ".nn",
	  "SELECT b.k, coalesce(o.n, 0), coalesce(c.n, 0)"
	  " FROM temp.trend_bucket b LEFT JOIN (SELECT k, count(*) AS n"
	  "  FROM temp.trend_event WHERE kind = 'flag' AND" F "GROUP BY k) o"
	  " ON o.k = b.k LEFT JOIN (SELECT k, count(*) AS n"
	  "  FROM temp.trend_closed WHERE" F "GROUP BY k) c ON c.k = b.k"
	  " ORDER BY b.k" },
};

#define NSERIES (sizeof(series) / sizeof(series[0]))

static const struct trend offices_trend = { "offices_over_time",
	{ "Offices per day", "Offices per week", "Offices per month" },
	office_cols, "..nnnnnn",
	"SELECT o, k, sum(u), sum(s), sum(g), sum(z), sum(f), sum(c) FROM ("
	" SELECT coalesce(office, '(none)') AS o, k, kind = 'use' AS u,"
	"  kind IN ('search', 'use') AS s,"
	"  kind = 'search' AND " NO_SURE " AND " NOT_REFINED " AS g,"
	"  kind = 'search' AND " NO_SURE " AS z, kind = 'flag' AS f, 0 AS c"
	"  FROM temp.trend_event WHERE" F
	" UNION ALL SELECT coalesce(office, '(none)'), k, 0, 0, 0, 0, 0, 1"
	"  FROM temp.trend_closed WHERE" F
	") WHERE k IN (SELECT k FROM temp.trend_bucket) GROUP BY o, k"
	" ORDER BY o, k" };

/* On the index's connection, which has the answers' review dates. */
static const struct trend review_trend = { "review_coming_due",
	{ "Answers coming due for review, by week from today", NULL, NULL },
	review_cols, ".n",
	"WITH RECURSIVE w(i, d) AS (SELECT 0, :today UNION ALL"
	"  SELECT i + 1, date(d, '+7 days') FROM w WHERE i + 1 < :weeks)"
	" SELECT due, n FROM ("
	"  SELECT -1 AS i, 'overdue' AS due, (SELECT count(*) FROM answer"
	"   WHERE review_by < :today) AS n"
	"  UNION ALL SELECT i, d, (SELECT count(*) FROM answer"
	"   WHERE review_by >= d AND review_by < date(d, '+7 days')) FROM w)"
	" ORDER BY i" };

/* What a trend's queries are bound to. */
struct period {
	const struct kb_report_options *o;
	const char *start, *to, *step;	/* the series' periods */
	char today[11];
};

static void
bind_all(sqlite3_stmt *st, const struct period *p)
{
	const struct kb_report_options *o = p->o;
	int i;

	kb_report_rows__bind_text(st, ":since", o->since ? o->since : "0000");
	kb_report_rows__bind_text(st, ":until", o->until ? o->until : "9999");
	kb_report_rows__bind_text(st, ":channel",
	    o->channel == KB_CHANNEL_NONE ? NULL : kb_channel_name(o->channel));
	kb_report_rows__bind_text(st, ":start", p->start);
	kb_report_rows__bind_text(st, ":to", p->to);
	kb_report_rows__bind_text(st, ":step", p->step);
	kb_report_rows__bind_text(st, ":today", p->today);
	if ((i = sqlite3_bind_parameter_index(st, ":weeks")) > 0)
		sqlite3_bind_int(st, i, KB_TREND_REVIEW_WEEKS);
}

static void
table_init(struct kb_table *t, const struct trend *tr, enum kb_trend_step s)
{
	memset(t, 0, sizeof(*t));
	t->name = tr->name;
	t->title = tr->title[s] ? tr->title[s] : tr->title[0];
	t->cols = tr->cols;
	t->numeric = tr->numeric;
	while (tr->cols[t->ncols])
		t->ncols++;
}

static int
run_trend(struct db *db, const struct trend *tr, const struct period *p,
    enum kb_trend_step step, struct kb_table *t)
{
	sqlite3_stmt *st;
	int rc;

	table_init(t, tr, step);
	if ((rc = kb_db__prepare(&st, db, tr->sql)) < 0)
		return rc;
	bind_all(st, p);
	return kb_report_rows__read_rows(t, db, st, tr->title[0]);
}

/* One row of text values from `sql`, bound as a trend's; NULL cells "". */
static int
query_row(struct db *db, const char *sql, const struct period *p,
    char (*out)[11], int n)
{
	sqlite3_stmt *st;
	int rc, i;

	if ((rc = kb_db__prepare(&st, db, sql)) < 0)
		return rc;
	bind_all(st, p);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			snprintf(out[i], sizeof(out[i]), "%s",
			    sqlite3_column_text(st, i) ? (const char *)
			    sqlite3_column_text(st, i) : "");
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 :
	    kb_db__fail(db, rc, "reading the period");
}

/* Days from 1970-01-01 to a valid YYYY-MM-DD (proleptic Gregorian). */
static long
day_number(const char *d)
{
	int y, m, dd;
	long era, yoe, doy, doe;

	if (sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3)
		return 0;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static long
month_number(const char *d)
{
	int y, m;

	if (sscanf(d, "%4d-%2d", &y, &m) != 2)
		return 0;
	return (long)y * 12 + m - 1;
}

/*
 * The series' step for the period from..to, moving `from` to the first
 * of the last KB_TREND_POINTS_MAX months when it is longer.
 */
static void
choose_step(struct kb_report_trends *t)
{
	long days = day_number(t->to) - day_number(t->from) + 1;
	long last = month_number(t->to);

	if (days <= KB_TREND_DAYS_MAX)
		t->step = KB_TREND_DAY;
	else if (days <= 7L * KB_TREND_POINTS_MAX)
		t->step = KB_TREND_WEEK;
	else
		t->step = KB_TREND_MONTH;
	if (t->step == KB_TREND_MONTH &&
	    last - month_number(t->from) + 1 > KB_TREND_POINTS_MAX) {
		last -= KB_TREND_POINTS_MAX - 1;
		if (last < 0)
			last = 0;
		snprintf(t->from, sizeof(t->from), "%04d-%02d-01",
		    (int)(last / 12 % 10000), (int)(last % 12 + 1));
		t->cut = 1;
	}
}

/*
 * The period charted: the days given, else those of the first and last
 * event counted; "" when no event is counted.  1 when there are events
 * of more than one office.
 */
static int
find_period(struct db *db, struct period *p, struct kb_report_trends *t,
    int *offices)
{
	char row[3][11];
	int rc;

	if ((rc = query_row(db, "SELECT date(substr(min(time), 1, 10)),"
	    " date(substr(max(time), 1, 10)), count(DISTINCT"
	    " coalesce(office, '')) FROM event WHERE" F, p, row, 3)) < 0)
		return rc;
	*offices = atoi(row[2]);
	if (row[0][0] == '\0')
		return 0;
	snprintf(t->from, sizeof(t->from), "%s", p->o->since ? p->o->since :
	    row[0]);
	snprintf(t->to, sizeof(t->to), "%s", p->o->until ? p->o->until :
	    row[1]);
	choose_step(t);
	return 0;
}

static int
make_buckets(struct db *db, struct period *p, struct kb_report_trends *t)
{
	static const char *const steps[] = { "+1 day", "+7 days", "+1 month" };
	char start[11];
	sqlite3_stmt *st;
	int rc;

	snprintf(start, sizeof(start), "%s", t->from);
	if (t->step == KB_TREND_MONTH)
		memcpy(start + 8, "01", 2);
	p->start = start;
	p->to = t->to;
	p->step = steps[t->step];
	if ((rc = kb_db__exec(db, bucket_views[t->step])) < 0 ||
	    (rc = kb_db__prepare(&st, db, "INSERT INTO temp.trend_period"
	    " VALUES(:start)")) < 0)
		return rc;
	bind_all(st, p);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kb_db__fail(db, rc, "noting the period");
	if ((rc = kb_db__prepare(&st, db, fill_buckets)) < 0)
		return rc;
	bind_all(st, p);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	p->start = NULL;	/* `start` goes out of scope */
	return rc == SQLITE_DONE ? 0 :
	    kb_db__fail(db, rc, "listing the periods");
}

/* Every event series; the offices' only when asked or useful. */
static int
run_series(struct db *db, struct period *p, struct kb_report_trends *t)
{
	int rc, offices = 0;
	size_t i;

	if ((rc = kb_report_gaps__mark_refined(db, p->o->since,
	    p->o->until)) < 0 ||
	    (rc = find_period(db, p, t, &offices)) < 0)
		return rc;
	if (t->from[0] && (rc = make_buckets(db, p, t)) < 0)
		return rc;
	for (i = 0; i < NSERIES; i++) {
		if (t->from[0] == '\0') {	/* no event: empty series */
			table_init(&t->tables[t->ntables++], &series[i],
			    t->step);
			continue;
		}
		if ((rc = run_trend(db, &series[i], p, t->step,
		    &t->tables[t->ntables++])) < 0)
			return rc;
	}
	if (t->from[0] && (p->o->all_offices || offices > 1))
		return run_trend(db, &offices_trend, p, t->step,
		    &t->tables[t->ntables++]);
	return 0;
}

static int
attach_offices(struct kb *kb, struct db *db, const struct kb_report_options *o)
{
	int rc = kb_offices__attach(kb, db, o->on_bad_line, o->payload);

	return rc < 0 ? rc : kb_db__exec(db, REPORT_ALL_OFFICES_VIEW);
}

/* Undo the set-up; each step may not have run (cleanup never fails). */
static void
take_down(struct db *db)
{
	kb_db__cleanup(db, "DROP VIEW IF EXISTS temp.trend_closed");
	kb_db__cleanup(db, "DROP VIEW IF EXISTS temp.trend_event");
	kb_db__cleanup(db, "DROP TABLE IF EXISTS temp.trend_bucket");
	kb_db__cleanup(db, "DROP TABLE IF EXISTS temp.trend_period");
	kb_report_gaps__unmark_refined(db);
	kb_flags_state__take_down(db);
	kb_db__cleanup(db, "DROP VIEW IF EXISTS temp.event");
	kb_db__cleanup(db, "DETACH DATABASE offices");
}

/* The event series, in one read transaction: each sees the same log. */
static int
build_series(struct kb *kb, struct period *p, struct kb_report_trends *t)
{
	struct db *db;
	int rc;

	if ((rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	if ((rc = p->o->all_offices ? attach_offices(kb, db, p->o) :
	    kb_db__exec(db, REPORT_OWN_VIEW)) == 0 &&
	    (rc = kb_flags_state__prepare(kb, db, FLAGS_FIX_TIMES |
	    (p->o->all_offices ? FLAGS_OFFICES : 0))) == 0 &&
	    (rc = kb_db__exec(db, "CREATE TEMP TABLE trend_bucket("
	    "k TEXT PRIMARY KEY); CREATE TEMP TABLE trend_period("
	    "start TEXT NOT NULL)")) == 0 &&
	    (rc = kb_db__exec(db, "BEGIN")) == 0) {
		if ((rc = run_series(db, p, t)) == 0)
			rc = kb_db__exec(db, "COMMIT");
		else
			kb_db__rollback(db);
	}
	take_down(db);
	return rc;
}

static int
build_review(struct kb *kb, const struct period *p, struct kb_table *t)
{
	int rc;

	if ((rc = kb_index__refresh(kb)) < 0)
		return rc;
	return run_trend(kb->index, &review_trend, p, KB_TREND_DAY, t);
}

int
kb_report_trends_build(struct kb_report_trends **out, struct kb *kb,
    const struct kb_report_options *o)
{
	struct kb_report_trends *t;
	struct period p;
	int rc;

	*out = NULL;
	if ((o->since && !kb_date_valid(o->since)) ||
	    (o->until && !kb_date_valid(o->until)))
		return kb_error_set(KB_EINVALID, "a report's period is two "
		    "dates (YYYY-MM-DD)");
	memset(&p, 0, sizeof(p));
	p.o = o;
	kb_today(p.today);
	t = xcalloc(1, sizeof(*t));
	t->tables = xcalloc(NSERIES + 2, sizeof(*t->tables));
	if ((rc = build_series(kb, &p, t)) == 0)
		rc = build_review(kb, &p, &t->tables[t->ntables++]);
	if (rc < 0) {
		kb_report_trends_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void
kb_report_trends_free(struct kb_report_trends *t)
{
	size_t i, c;

	if (t == NULL)
		return;
	for (i = 0; i < t->ntables; i++) {
		for (c = 0; c < t->tables[i].nrows * t->tables[i].ncols; c++)
			free(t->tables[i].cells[c]);
		free(t->tables[i].cells);
	}
	free(t->tables);
	free(t);
}

const struct kb_table *
kb_report_table(const struct kb_table *tables, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}
