/*
 * The usage report (report.h): SQL over the usage log, with the index
 * attached for titles and review dates.
 */
#include "report_rows.h"
#include "kb/report.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "flags_state.h"
#include "fts.h"
#include "kb/clock.h"
#include "kb/error.h"
#include "kb_private.h"
#include "offices.h"
#include "report_events.h"
#include "report_gaps.h"
#include "report_plan.h"
#include "report_learned.h"
#include "store.h"
#include "strlist.h"
#include "sync_state.h"
#include "usage_db.h"
#include "xmalloc.h"

/*
 * Every event query filters with F: times are "YYYY-MM-DDTHH:MM:SSZ", so
 * "until" is inclusive when compared with the date followed by 'U'
 * (which sorts after the 'T' of any time that day).
 */
#define F " time >= :since AND time < :until || 'U'" \
	" AND (:channel IS NULL OR channel = :channel) "
#define TITLE " coalesce((SELECT title FROM idx.answer a WHERE a.id = " \
	"e.answer), '(not in the KB now)') "

struct section {
	const char *name, *title;
	const char *const *cols;
	const char *numeric;
	const char *sql;
};

static const char *const top_cols[] = { "answer", "title", "uses", NULL };
static const char *const by_channel_top_cols[] = { "channel", "answer",
    "title", "uses", NULL };
static const char *const per_channel_cols[] = { "answer", "phone", "email",
    "walk-in", "none", "total", "not used on", NULL };
static const char *const gap_cols[] = { "query", "searches", "no results",
    "not sure", "abandoned", NULL };
static const char *const review_cols[] = { "answer", "title", "review by",
    "status", NULL };
static const char *const never_cols[] = { "answer", "title", NULL };
static const char *const missing_cols[] = { "answer", "title", "missing",
    NULL };
static const char *const stale_cols[] = { "translation", "lang", "source",
    "translated", "source changed", NULL };
static const char *const flag_cols[] = { "answer", "title", "flags",
    "again", "not satisfied", "reasons", NULL };
static const char *const closed_cols[] = { "answer", "title", "closed",
    "fixed", "by reviewer", "removed", NULL };
static const char *const agent_cols[] = { "agent", "office", "uses",
    "searches", "flags", "not satisfied", NULL };
static const char *const office_cols[] = { "office", "uses", "searches",
    "flags", "not satisfied", NULL };
static const char *const station_cols[] = { "office", "station", "uses",
    "searches", "flags", "not satisfied", NULL };

/* The events of each kind an agent_count's rows hold. */
#define KINDS " sum((kind = 'use') * n), sum((kind = 'search') * n)," \
	" sum((kind = 'flag') * n), sum((kind = 'unsatisfied') * n) "

static const struct section sections[] = {
	/* The counting sections read the period's counts (load_counts):
	 * n uses (answer_count) or events (agent_count) a row. */
	{ .name = "top_answers", .title = "Top answers", .cols = top_cols,
	  .numeric = "..n",
	  .sql = "SELECT answer," TITLE ", sum(n) FROM temp.answer_count e"
	  " GROUP BY answer ORDER BY sum(n) DESC, answer LIMIT :top" },
	{ .name = "top_answers_by_channel", .title = "Top answers by channel",
	  .cols = by_channel_top_cols, .numeric = "...n",
	  .sql = "SELECT channel, answer," TITLE ", n FROM ("
	  " SELECT channel, answer, sum(n) AS n, row_number() OVER ("
	  "  PARTITION BY channel ORDER BY sum(n) DESC, answer) AS r"
	  " FROM temp.answer_count WHERE channel IS NOT NULL"
	  " GROUP BY channel, answer) e WHERE r <= :top ORDER BY channel, r" },
	/* (channel = x) * n: NULL for no channel, as an event's was. */
	{ .name = "use_by_channel", .title = "Use of each answer by channel",
	  .cols = per_channel_cols, .numeric = ".nnnnn.",
	  .sql =
	  "SELECT answer, sum((channel = 'phone') * n),"
	  " sum((channel = 'email') * n), sum((channel = 'walk-in') * n),"
	  " sum((channel IS NULL) * n), sum(n),"
	  " trim(iif(sum((channel = 'phone') * n) = 0, 'phone ', '') ||"
	  " iif(sum((channel = 'email') * n) = 0, 'email ', '') ||"
	  " iif(sum((channel = 'walk-in') * n) = 0, 'walk-in', ''))"
	  " FROM temp.answer_count GROUP BY answer"
	  " ORDER BY sum(n) DESC, answer" },
	/* A gap is a search with no sure hit: none at all, or only weaker
	 * ones; a search logged before the sure count (NULL) counts its
	 * hits as sure.  Abandoned: sure hits shown, none used.  A search
	 * the agent refined into a use is none (report_gaps.h). */
	{ .name = "content_gaps",
	  .title = "Content gaps: searches with no answer used",
	  .cols = gap_cols, .numeric = ".nnnn",
	  .sql =
	  "SELECT coalesce(kb_normalize(query), '(query not logged)') AS q,"
	  " count(*), sum(hits = 0),"
	  " sum(hits > 0 AND coalesce(sure, hits) = 0),"
	  " sum(coalesce(sure, hits) > 0) FROM event"
	  " WHERE kind = 'search' AND" F
	  " AND uid NOT IN (SELECT uid FROM temp.refined) GROUP BY q"
	  " ORDER BY sum(coalesce(sure, hits) = 0) DESC, count(*) DESC, q"
	  " LIMIT 100" },
	{ .name = "review_due",
	  .title = "Answers past or within 30 days of review",
	  .cols = review_cols, .numeric = "....",
	  .sql = "SELECT id, title, review_by, CASE"
	  " WHEN review_by < :today THEN 'overdue'"
	  " WHEN review_by = :today THEN 'due today'"
	  " WHEN review_by = date(:today, '+1 day') THEN 'due tomorrow'"
	  " ELSE 'due in ' || CAST(julianday(review_by) - julianday(:today)"
	  " AS INTEGER) || ' days' END FROM idx.answer"
	  " WHERE review_by IS NOT NULL AND review_by <="
	  " date(:today, '+30 days') ORDER BY review_by, id" },
	/* The languages expected are those the KB has translations in; an
	 * answer that is internal, expired or replaced needs none. */
	{ .name = "missing_translations",
	  .title = "Answers missing a translation", .cols = missing_cols,
	  .numeric = "...",
	  .sql =
	  "SELECT a.id, a.title, group_concat(l.lang, ', ') FROM idx.answer a"
	  " JOIN (SELECT DISTINCT lang FROM idx.answer"
	  "  WHERE translation_of IS NOT NULL ORDER BY lang) l"
	  "  ON l.lang <> a.lang"
	  " WHERE a.translation_of IS NULL AND a.audience <> 'internal'"
	  " AND (a.expires IS NULL OR a.expires > :today)"
	  " AND NOT EXISTS (SELECT 1 FROM idx.answer r WHERE r.replaces = a.id"
	  "  AND (r.effective IS NULL OR r.effective <= :today))"
	  " AND NOT EXISTS (SELECT 1 FROM idx.answer t"
	  "  WHERE t.translation_of = a.id AND t.lang = l.lang)"
	  " GROUP BY a.id ORDER BY a.id" },
	/* temp.last_change: when each file last changed on the branch. */
	{ .name = "stale_translations",
	  .title = "Translations older than their source", .cols = stale_cols,
	  .numeric = ".....",
	  .sql = "SELECT t.id, t.lang, s.id,"
	  " strftime('%Y-%m-%d %H:%M', ct.time, 'unixepoch', 'localtime'),"
	  " strftime('%Y-%m-%d %H:%M', cs.time, 'unixepoch', 'localtime')"
	  " FROM idx.answer t JOIN idx.answer s ON s.id = t.translation_of"
	  " JOIN temp.last_change ct ON ct.path = t.path"
	  " JOIN temp.last_change cs ON cs.path = s.path"
	  " WHERE cs.time > ct.time ORDER BY cs.time - ct.time DESC, t.id" },
	/* NOT EXISTS: a use of each answer in the period is an index
	 * search (temp.answer_count_answer). */
	{ .name = "never_used", .title = "Answers never used in the period",
	  .cols = never_cols, .numeric = "..",
	  .sql = "SELECT id, title FROM idx.answer a WHERE NOT EXISTS ("
	  " SELECT 1 FROM temp.answer_count c WHERE c.answer = a.id)"
	  " ORDER BY id" },
	/* Open flags only (flags_state.c): a change to the answer on the
	 * branch closes those made on older text, and so does a reviewer;
	 * those made after such a fix are "flagged again".  Customers not
	 * satisfied count for the text the answer has now. */
	{ .name = "flagged", .title = "Flagged answers", .cols = flag_cols,
	  .numeric = "..nnn.",
	  .sql = "SELECT answer," TITLE ", sum(flag), sum(again), sum(unsat),"
	  " group_concat(reason, '; ') FROM ("
	  " SELECT answer, time, channel, 1 AS flag, state = 'again' AS again,"
	  "  0 AS unsat, reason FROM temp.flag_state"
	  "  WHERE state IN ('open', 'again')"
	  " UNION ALL SELECT u.answer, u.time, u.channel, 0, 0, 1, NULL"
	  "  FROM event u JOIN temp.flag_now n ON n.answer = u.answer"
	  "  WHERE u.kind = 'unsatisfied'"
	  "  AND (u.version IS NULL OR u.version = n.version)"
	  ") e WHERE" F "GROUP BY answer"
	  " ORDER BY sum(flag) + sum(unsat) DESC, answer" },
	/* Closed in the period: by a fix (the commit's time), by a
	 * reviewer (the close's), or the answer removed. */
	{ .name = "flags_closed", .title = "Flags closed", .cols = closed_cols,
	  .numeric = "..nnnn",
	  .sql = "SELECT answer," TITLE ", count(*), sum(state = 'fixed'),"
	  " sum(state = 'closed'), sum(state = 'removed') FROM ("
	  " SELECT answer, closed_time AS time, channel, state"
	  "  FROM temp.flag_state WHERE state IN ('fixed', 'closed', 'removed')"
	  ") e WHERE" F "GROUP BY answer ORDER BY count(*) DESC, answer" },
	{ .name = "agents", .title = "Agents", .cols = agent_cols,
	  .numeric = "..nnnn",
	  .sql = "SELECT agent, office," KINDS "FROM temp.agent_count"
	  " GROUP BY agent, office ORDER BY agent, office" },
	{ .name = "offices", .title = "Offices", .cols = office_cols,
	  .numeric = ".nnnn",
	  .sql = "SELECT coalesce(office, '(none)')," KINDS
	  "FROM temp.agent_count GROUP BY office ORDER BY office" },
};

#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

/*
 * --all-offices only, after the rest: each office by the copy of its KB
 * that sent the events (offices.c); "" is the office's ref from before
 * stations.
 */
static const struct section stations_section = {
	.name = "stations", .title = "Offices by station", .cols = station_cols,
	.numeric = "..nnnn",
	.sql = "SELECT office, iif(station = '', '(before stations)', station),"
	KINDS "FROM temp.agent_count WHERE station IS NOT NULL"
	" GROUP BY office, station ORDER BY office, station"
};

/*
 * --all-offices only, last: each station's last sync (its ref's tip, as
 * it landed at the centre), the events it sent of the period (each day's
 * count, offices.c's office_day, whatever the channel), its backlog when
 * its last commit said, and how long it has been silent when longer than
 * kb.syncWarnHours; the offices silent that long (every station) first.
 */
static const char *const syncs_cols[] = { "office", "station", "last sync",
    "events", "backlog", "silent", NULL };
#define SILENT_FOR(synced) " strftime('%s', :now) - " synced
static const struct section syncs_section = {
	.name = "syncs", .title = "Offices' syncs, silent offices first",
	.cols = syncs_cols, .numeric = "...nn.",
	.sql = "SELECT s.office_slug, iif(s.station = '', '(before stations)',"
	" s.station), coalesce(strftime('%Y-%m-%d %H:%M', s.synced,"
	" 'unixepoch', 'localtime'), '(not known)'),"
	" (SELECT coalesce(sum(events), 0) FROM offices.office_day d"
	"  WHERE d.office_slug = s.office_slug AND d.station = s.station"
	"  AND d.day >= :since AND d.day <= :until), s.backlog,"
	" iif(" SILENT_FOR("s.synced") " > :warn * 3600,"
	" ((" SILENT_FOR("s.synced") ") / 3600) || ' h', '')"
	" FROM offices.source s WHERE s.office_slug IS NOT NULL"
	" ORDER BY (SELECT " SILENT_FOR("max(x.synced)") " > :warn * 3600"
	"  FROM offices.source x WHERE x.office_slug = s.office_slug) DESC,"
	" s.office_slug, s.station"
};

/* What the report covers (kb_report_scope): not sections of it. */
static const char *const period_cols[] = { "first", "last", NULL };
static const char *const offices_cols[] = { "office", NULL };

static const struct section period_section = {
	.name = "period", .title = "Period", .cols = period_cols,
	.numeric = "..",
	.sql = "SELECT min(day), max(day) FROM temp.agent_count"
};
static const struct section offices_section = {
	.name = "offices", .title = "Offices", .cols = offices_cols,
	.numeric = ".",
	.sql = "SELECT DISTINCT coalesce(office, '(none)') AS o"
	" FROM temp.agent_count ORDER BY o"
};

static void
add_word(const char *w, size_t n, size_t start, size_t end, void *payload)
{
	struct buf *b = payload;

	(void)start;
	(void)end;
	if (b->len > 0)
		buf_addc(b, ' ');
	buf_add(b, w, n);
}

/* The words of `query` as search cuts them: lower case, no accents. */
static char *
normalize_with(struct fts_tokenizer *tok, const char *query)
{
	struct buf b = BUF_INIT;

	kb_fts__tokenize(tok, FTS_RAW, query, strlen(query), add_word, &b);
	return buf_detach(&b);
}

char *
kb_query_normalize(const char *query)
{
	struct fts_tokenizer *tok = NULL;
	struct db *db = NULL;
	char *out;

	if (kb_db__open(&db, ":memory:", DB_BULK) < 0 ||
	    kb_fts__tokenizer_open(&tok, db->h) < 0) {
		kb_db__close(db);
		return xstrdup(query);
	}
	out = normalize_with(tok, query);
	kb_fts__tokenizer_close(tok);
	kb_db__close(db);
	return out;
}

static void
normalize_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *q = sqlite3_value_text(argv[0]);

	(void)argc;
	if (q == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, normalize_with(sqlite3_user_data(ctx),
	    (const char *)q), -1, free);
}

/* A section's parameters: the options', today, now and :warn hours. */
static void
bind_all(sqlite3_stmt *st, const struct kb_report_options *o, unsigned warn)
{
	char today[11], now[KB_UTC_TIME_SIZE];
	int i;

	kb_today(today);
	kb_now_utc(now);
	kb_report_rows__bind_text(st, ":since", o->since ? o->since : "0000");
	kb_report_rows__bind_text(st, ":until", o->until ? o->until : "9999");
	kb_report_rows__bind_text(st, ":channel",
	    o->channel == KB_CHANNEL_NONE ? NULL : kb_channel_name(o->channel));
	kb_report_rows__bind_text(st, ":today", today);
	kb_report_rows__bind_text(st, ":now", now);
	if ((i = sqlite3_bind_parameter_index(st, ":top")) > 0)
		sqlite3_bind_int(st, i, o->top ? (int)o->top : 10);
	if ((i = sqlite3_bind_parameter_index(st, ":warn")) > 0)
		sqlite3_bind_int(st, i, (int)warn);
}

static int
run_section_warn(struct db *db, const struct section *s,
    const struct kb_report_options *o, unsigned warn, struct kb_table *t)
{
	sqlite3_stmt *st;
	int rc;

	memset(t, 0, sizeof(*t));
	t->name = s->name;
	t->title = s->title;
	t->cols = s->cols;
	t->numeric = s->numeric;
	while (s->cols[t->ncols])
		t->ncols++;
	if ((rc = kb_db__prepare(&st, db, s->sql)) < 0)
		return rc;
	bind_all(st, o, warn);
	return kb_report_rows__read_rows(t, db, st, s->title);
}

static int
run_section(struct db *db, const struct section *s,
    const struct kb_report_options *o, struct kb_table *t)
{
	return run_section_warn(db, s, o, 0, t);
}

static int
valid_date_or_null(const char *d, const char *what)
{
	if (d == NULL || kb_date_valid(d))
		return 0;
	return kb_error_set(KB_EINVALID, "%s '%s' is not a date "
	    "(YYYY-MM-DD)", what, d);
}

static int
attach_index(struct kb *kb, struct db *db)
{
	char *path;
	int rc;

	if ((rc = kb_index__refresh(kb)) < 0)
		return rc;
	path = xasprintf("%s/index.db", kb->state_dir);
	rc = kb_db__attach(db, path, "idx", "opening the index for the report");
	free(path);
	return rc;
}

/* The files of translations and their sources, from the index. */
static int
translation_paths(struct db *db, struct strlist *paths)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_db__prepare(&st, db, "SELECT t.path FROM idx.answer t"
	    " WHERE t.translation_of IS NOT NULL UNION SELECT s.path"
	    " FROM idx.answer s JOIN idx.answer t ON s.id = t.translation_of"))
	    < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strlist_push(paths, xstrdup((const char *)
		    sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 :
	    kb_db__fail(db, rc, "reading translations");
}

/*
 * temp.last_change(path, time): when each translation and its source
 * last changed on the branch, for the stale_translations section.
 */
static int
fill_last_change(struct kb *kb, struct db *db)
{
	struct strlist paths = STRLIST_INIT;
	char head[KB_OID_HEX + 1];
	long long *times = NULL;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if ((rc = kb_db__exec(db, "CREATE TEMP TABLE IF NOT EXISTS last_change("
	    "path TEXT PRIMARY KEY, time INTEGER NOT NULL)")) < 0 ||
	    (rc = kb_db__exec(db, "DELETE FROM temp.last_change")) < 0 ||
	    (rc = translation_paths(db, &paths)) < 0 || paths.n == 0)
		goto done;
	times = xcalloc(paths.n, sizeof(*times));
	if ((rc = kb_head(head, kb)) < 0 || (rc = kb__store(kb)) < 0 ||
	    (rc = kb_store__last_changes(times, kb->store, head,
	    (const char *const *)paths.v, paths.n)) < 0 ||
	    (rc = kb_db__prepare(&st, db,
	    "INSERT OR REPLACE INTO temp.last_change VALUES(?, ?)")) < 0)
		goto done;
	for (i = 0; i < paths.n && rc == 0; i++) {
		sqlite3_bind_text(st, 1, paths.v[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, times[i]);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : kb_db__fail(db,
		    sqlite3_errcode(db->h), "noting when files changed");
		sqlite3_reset(st);
	}
done:
	sqlite3_finalize(st);
	free(times);
	strlist_free(&paths);
	return rc;
}

/*
 * A temporary table named event hides the log's own table (SQLite looks
 * in temp first), so that every section reads the events that count
 * without knowing it (report_events.h): those of the period and of the
 * day after it (a search refined across its end: report_gaps.h), read
 * once through the indexes on time, where a view would read them again
 * for each section.  With --all-offices, each office's undos take back
 * only its own (offices.c checked them as they came: the same agent,
 * within the minute).  Only the kinds the sections read one by one: the
 * searches and uses (content_gaps, and the searches refined), the
 * customers not satisfied (flagged); the rest count (load_counts).
 */
#define PERIOD_EVENTS(events) \
    "INSERT INTO temp.event SELECT * FROM (" events ") WHERE" \
    " kind IN ('search', 'use', 'unsatisfied') AND time >= :since" \
    " AND time < iif(length(:until) = 10," \
    " date(:until, '+1 day'), :until) || 'U'"

static const char own_events[] = PERIOD_EVENTS(REPORT_OWN_EVENTS);
static const char all_offices_events[] =
    PERIOD_EVENTS(REPORT_ALL_OFFICES_EVENTS);

static int
load_events(struct db *db, const struct kb_report_options *o)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_db__exec(db, "CREATE TEMP TABLE event(uid, time, kind,"
	    " agent, office, channel, answer, version, query, hits, reason,"
	    " sure, station)")) < 0 || (rc = kb_db__prepare(&st, db,
	    o->all_offices ? all_offices_events : own_events)) < 0)
		return rc;
	bind_all(st, o, 0);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kb_db__fail(db, rc, "reading the events of the period");
	/* An agent's searches and uses in time: the refined searches
	 * (report_gaps.c) look each one's up; flagged, the customers not
	 * satisfied with each answer (a few: a partial index). */
	if ((rc = kb_db__exec(db,
	    "CREATE INDEX temp.event_agent ON event(agent, kind, time)")) < 0)
		return rc;
	return kb_db__exec(db, "CREATE INDEX temp.event_answer ON event(answer,"
	    " time) WHERE kind = 'unsatisfied'");
}

/*
 * The counting sections' counts of the period (report.c's sections):
 * temp.answer_count(day, channel, answer, n), n uses, and
 * temp.agent_count(day, channel, kind, office, station, agent, n), n
 * events that count, of the period's days and the channel asked (the
 * period is whole UTC days: report_events.h).  The log's own from its
 * events; with --all-offices, the offices' from their daily roll-ups
 * (offices.c) rather than their events, less the offices' copies of
 * the log's own events, which count once, as the log's
 * (REPORT_ALL_OFFICES_EVENTS).  own_uid reads the log's uids whole: the
 * centre's own log is one office's, not the fleet's; each is looked up
 * in event_uid (the unary + keeps SQLite from the period's range).
 */
#define DAYS " day >= :since AND day < :until || 'U'" \
	" AND (:channel IS NULL OR channel = :channel) "
#define OWN_COPIES " FROM main.event own_uid CROSS JOIN offices.event oe" \
	" ON oe.uid = own_uid.uid WHERE oe.kind <> 'undo'" \
	" AND +oe.time >= :since AND +oe.time < :until || 'U'" \
	" AND (:channel IS NULL OR oe.channel = :channel)" \
	" AND NOT EXISTS (SELECT 1 FROM offices.event office_undo" \
	"  WHERE office_undo.ref = oe.ref AND office_undo.undoes = oe.uid)"
#define AGENT_COLS(e) "substr(" e "time, 1, 10), " e "channel, " e "kind, " \
	e "office, " e "station, " e "agent"
#define ANSWER_COLS(e) "substr(" e "time, 1, 10), " e "channel, " e "answer"

static const char own_agent_counts[] =
    "INSERT INTO temp.agent_count SELECT " AGENT_COLS("") ", count(*)"
    " FROM (" REPORT_OWN_EVENTS ") WHERE" F "GROUP BY 1, 2, 3, 4, 5, 6";
static const char own_answer_counts[] =
    "INSERT INTO temp.answer_count SELECT " ANSWER_COLS("") ", count(*)"
    " FROM (" REPORT_OWN_EVENTS ") WHERE kind = 'use' AND" F
    "GROUP BY 1, 2, 3";
static const char all_agent_counts[] =
    "INSERT INTO temp.agent_count SELECT day, channel, kind, office,"
    " station, agent, sum(n) FROM ("
    " SELECT day, nullif(channel, '') AS channel, kind, office, station,"
    "  agent, events AS n FROM offices.agent_day WHERE" DAYS
    " UNION ALL SELECT " AGENT_COLS("") ", count(*) FROM ("
    REPORT_OWN_EVENTS ") WHERE" F "GROUP BY 1, 2, 3, 4, 5, 6"
    " UNION ALL SELECT " AGENT_COLS("oe.") ", -count(*)" OWN_COPIES
    " GROUP BY 1, 2, 3, 4, 5, 6"
    ") GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0";
static const char all_answer_counts[] =
    "INSERT INTO temp.answer_count SELECT day, channel, answer, sum(n)"
    " FROM ("
    " SELECT day, nullif(channel, '') AS channel, answer, uses AS n"
    "  FROM offices.answer_day WHERE" DAYS
    " UNION ALL SELECT " ANSWER_COLS("") ", count(*) FROM ("
    REPORT_OWN_EVENTS ") WHERE kind = 'use' AND" F "GROUP BY 1, 2, 3"
    " UNION ALL SELECT " ANSWER_COLS("oe.") ", -count(*)" OWN_COPIES
    " AND +oe.kind = 'use' GROUP BY 1, 2, 3"
    ") GROUP BY 1, 2, 3 HAVING sum(n) <> 0";

static int
run_bound(struct db *db, const char *sql, const struct kb_report_options *o)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_db__prepare(&st, db, sql)) < 0)
		return rc;
	bind_all(st, o, 0);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc,
	    "counting the events of the period");
}

static int
load_counts(struct db *db, const struct kb_report_options *o)
{
	int rc;

	if ((rc = kb_db__exec(db, "CREATE TEMP TABLE answer_count(day,"
	    " channel, answer, n); CREATE TEMP TABLE agent_count(day,"
	    " channel, kind, office, station, agent, n)")) < 0 ||
	    (rc = run_bound(db, o->all_offices ? all_answer_counts :
	    own_answer_counts, o)) < 0 ||
	    (rc = run_bound(db, o->all_offices ? all_agent_counts :
	    own_agent_counts, o)) < 0)
		return rc;
	return kb_db__exec(db, "CREATE INDEX temp.answer_count_answer"
	    " ON answer_count(answer)");
}

static int
attach_offices(struct kb *kb, struct db *db, const struct kb_report_options *o)
{
	return kb_offices__attach(kb, db, o->on_bad_line, o->payload);
}

/*
 * Undo what build() set up.  Each step may have failed or never run
 * (DETACH of a database not attached fails): cleanup never replaces the
 * error being returned.
 */
static void
take_down(struct db *db, struct fts_tokenizer *tok)
{
	kb_report_gaps__unmark_refined(db);
	kb_flags_state__take_down(db);
	kb_db__cleanup(db, "DROP TABLE IF EXISTS temp.event");
	kb_db__cleanup(db, "DROP TABLE IF EXISTS temp.answer_count");
	kb_db__cleanup(db, "DROP TABLE IF EXISTS temp.agent_count");
	kb_db__cleanup(db, "DETACH DATABASE offices");
	kb_db__cleanup(db, "DETACH DATABASE idx");
	sqlite3_create_function(db->h, "kb_normalize", 1, SQLITE_UTF8, NULL,
	    NULL, NULL, NULL);
	kb_fts__tokenizer_close(tok);
}

/* Take the cells of a one-row, two-column table (the period). */
static void
take_period(struct kb_report_scope *s, struct kb_table *t)
{
	if (t->nrows == 1) {
		s->first = t->cells[0];
		s->last = t->cells[1];
		t->cells[0] = t->cells[1] = NULL;
	}
}

static void
table_free(struct kb_table *t)
{
	size_t c;

	for (c = 0; c < t->nrows * t->ncols; c++)
		free(t->cells[c]);
	free(t->cells);
}

/* The period and offices the events counted cover. */
static int
run_scope(struct db *db, const struct kb_report_options *o,
    struct kb_report_scope *s)
{
	struct kb_table t;
	int rc;

	if ((rc = run_section(db, &period_section, o, &t)) == 0)
		take_period(s, &t);
	table_free(&t);
	if (rc < 0)
		return rc;
	if ((rc = run_section(db, &offices_section, o, &t)) == 0) {
		s->offices = t.cells;	/* one column: a row is a cell */
		s->noffices = t.nrows;
		return 0;
	}
	table_free(&t);
	return rc;
}

/* Every section, in one read transaction: each sees the same log. */
static int
run_sections(struct db *db, const struct kb_report_options *o,
    unsigned warn, struct kb_report *r)
{
	size_t i;
	int rc;

	if ((rc = kb_db__exec(db, "BEGIN")) < 0)
		return rc;
	if ((rc = kb_report_gaps__mark_refined(db, o->since, o->until)) == 0)
		rc = run_scope(db, o, &r->scope);
	for (i = 0; rc == 0 && i < NSECTIONS; i++) {
		rc = run_section(db, &sections[i], o, &r->tables[i]);
		r->ntables = i + 1;
	}
	/* Last: what search learned from use (report_learned.c). */
	if (rc == 0) {
		rc = kb_report_learned__learned(&r->tables[NSECTIONS], db);
		r->ntables = NSECTIONS + 1;
	}
	if (rc == 0 && o->all_offices) {
		rc = run_section(db, &stations_section, o,
		    &r->tables[NSECTIONS + 1]);
		r->ntables = NSECTIONS + 2;
	}
	if (rc == 0 && o->all_offices) {
		rc = run_section_warn(db, &syncs_section, o, warn,
		    &r->tables[NSECTIONS + 2]);
		r->ntables = NSECTIONS + 3;
	}
	if (rc == 0)
		return kb_db__exec(db, "COMMIT");
	kb_db__rollback(db);
	return rc;
}

/* The KB's directory name and the commit the report read. */
static void
name_kb(struct kb *kb, struct kb_report_scope *s)
{
	const char *path = kb_path(kb), *base;
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (base = path + n; base > path && base[-1] != '/'; base--)
		;
	s->kb_name = xstrndup(base, (size_t)(path + n - base));
	if (kb_head(s->commit, kb) < 0)
		s->commit[0] = '\0';
}

/* What every section reads: the index, the period's events, the flags. */
static int
set_up(struct kb *kb, struct db *db, const struct kb_report_options *o,
    struct fts_tokenizer **tok)
{
	int rc;

	if ((rc = kb_fts__tokenizer_open(tok, db->h)) < 0)
		return rc;
	sqlite3_create_function(db->h, "kb_normalize", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, *tok, normalize_fn, NULL, NULL);
	if ((rc = attach_index(kb, db)) < 0 ||
	    (rc = fill_last_change(kb, db)) < 0 || (o->all_offices ?
	    (rc = attach_offices(kb, db, o)) : 0) < 0 ||
	    (rc = load_events(db, o)) < 0 || (rc = load_counts(db, o)) < 0 ||
	    (rc = kb_flags_state__prepare(kb, db, FLAGS_FIX_TIMES |
	    (o->all_offices ? FLAGS_OFFICES : 0))) < 0) {
		take_down(db, *tok);
		return rc;
	}
	return 0;
}

static int
build(struct kb_report **out, struct kb *kb, struct db *db,
    const struct kb_report_options *o)
{
	struct fts_tokenizer *tok = NULL;
	struct kb_report *r;
	int rc;

	if ((rc = set_up(kb, db, o, &tok)) < 0)
		return rc;
	r = xcalloc(1, sizeof(*r));
	r->tables = xcalloc(NSECTIONS + 3, sizeof(*r->tables));
	name_kb(kb, &r->scope);
	rc = run_sections(db, o,
	    o->all_offices ? kb_sync_state__warn_hours(kb) : 0, r);
	take_down(db, tok);
	if (rc < 0) {
		kb_report_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* Each line of the plan of `sql`, bound as the report binds it. */
static int
explain(struct db *db, const char *name, const char *sql,
    const struct kb_report_options *o, report_plan_cb cb, void *payload)
{
	char *text = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *st;
	int rc;

	rc = kb_db__prepare(&st, db, text);
	free(text);
	if (rc < 0)
		return rc;
	bind_all(st, o, 24);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cb(name, (const char *)sqlite3_column_text(st, 3), payload);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc, name);
}

static int
explain_all(struct db *db, const struct kb_report_options *o,
    report_plan_cb cb, void *payload)
{
	/* The scope's in every report; the last two with --all-offices. */
	const struct section *more[] = { &period_section, &offices_section,
	    &stations_section, &syncs_section };
	size_t i, nmore = o->all_offices ? 4 : 2;
	int rc;

	if ((rc = explain(db, "events of the period", o->all_offices ?
	    all_offices_events : own_events, o, cb, payload)) < 0 ||
	    (rc = explain(db, "uses of the period", o->all_offices ?
	    all_answer_counts : own_answer_counts, o, cb, payload)) < 0 ||
	    (rc = explain(db, "counts of the period", o->all_offices ?
	    all_agent_counts : own_agent_counts, o, cb, payload)) < 0 ||
	    (rc = kb_report_gaps__mark_refined(db, o->since, o->until)) < 0 ||
	    (rc = explain(db, "refined", kb_report_gaps__refined_sql(), o, cb,
	    payload)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < NSECTIONS; i++)
		rc = explain(db, sections[i].name, sections[i].sql, o, cb,
		    payload);
	for (i = 0; rc == 0 && i < nmore; i++)
		rc = explain(db, more[i]->name, more[i]->sql, o, cb, payload);
	return rc;
}

int
kb_report_plan__plans(struct kb *kb, const struct kb_report_options *o,
    report_plan_cb cb, void *payload)
{
	struct fts_tokenizer *tok = NULL;
	struct db *db;
	int rc;

	if ((rc = kb_usage_db__open(&db, kb)) < 0 ||
	    (rc = set_up(kb, db, o, &tok)) < 0)
		return rc;
	if ((rc = kb_db__exec(db, "BEGIN")) == 0) {
		rc = explain_all(db, o, cb, payload);
		kb_db__rollback(db);
	}
	take_down(db, tok);
	return rc;
}

/* offices.db found damaged while the report read it: made again, once. */
static void
say_offices_remade(struct kb *kb, const struct kb_report_options *o)
{
	char *path = xasprintf("%s/offices.db", kb->state_dir);
	struct kb_diag d = { path, 0, KB_SEVERITY_WARNING, "damaged (the "
	    "report could not read it); removed and made again from the usage "
	    "refs" };

	if (o->on_bad_line)
		o->on_bad_line(&d, o->payload);
	free(path);
}

int
kb_report_build(struct kb_report **out, struct kb *kb,
    const struct kb_report_options *o)
{
	struct db *db;
	int rc, was_corrupt;

	*out = NULL;
	if ((rc = valid_date_or_null(o->since, "--since")) < 0 ||
	    (rc = valid_date_or_null(o->until, "--until")) < 0 ||
	    (rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	was_corrupt = db->corrupt;
	db->corrupt = 0;
	if ((rc = build(out, kb, db, o)) < 0 && o->all_offices &&
	    db->corrupt && kb_offices__damaged(kb)) {
		/* Damage noticed only when a section read it: offices.db is
		 * derived, so it goes. */
		say_offices_remade(kb, o);
		kb_offices__remove(kb);
		db->corrupt = 0;
		rc = build(out, kb, db, o);
	}
	db->corrupt |= was_corrupt;
	return rc;
}

int
kb_report_import(unsigned long *refs, unsigned long *events, struct kb *kb,
    kb_diag_cb cb, void *payload)
{
	struct offices_counts n = { 0, 0 };
	char *path = NULL;
	int rc;

	rc = kb_offices__import_counted(&path, &n, kb, cb, payload);
	free(path);
	*refs = n.refs;
	*events = n.events;
	return rc;
}

void
kb_report_free(struct kb_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ntables; i++)
		table_free(&r->tables[i]);
	free(r->tables);
	for (i = 0; i < r->scope.noffices; i++)
		free(r->scope.offices[i]);
	free(r->scope.offices);
	free(r->scope.kb_name);
	free(r->scope.first);
	free(r->scope.last);
	free(r);
}
