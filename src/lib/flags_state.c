/*
 * Whether each flag is still open (flags_state.h).
 *
 * The rule (kb(1), FLAGS): a flag is about the text it was made on, its
 * version (blob id).  It stays open while the answer on the branch has
 * that same version: an unchanged text is the same blob, wherever the
 * file moved.  Once the branch's blob differs (an approved proposal, a
 * plain commit, a kbsync update: any commit that changed the answer),
 * every flag made on an older version is closed, fixed; an answer no
 * longer on the branch closes its flags, removed.  A change taken back
 * (the old text again) opens them again: the problem is back.  A flag
 * made on the version now, when the answer had flags on an older one,
 * is open and "again": flagged again after a fix.  A reviewer closes a
 * flag with a reason (a flag_close event); an office's close (from any
 * of its stations) counts only for that office's own flags, the log's
 * own for any.  A flag
 * without a version (written by another tool) stays open until a
 * reviewer closes it.
 *
 * Nothing is written to the log: what is open follows from the events
 * and the branch, at the centre as at an office, offline too.
 */
#include "flags_state.h"

#include "kb/error.h"
#include "kb_private.h"
#include "store.h"
#include "valid.h"

/* The flags and closes that count; undone ones are as if never made. */
#define OWN_FLAG_EVENTS \
    " SELECT '' AS ref, '' AS slug, uid, time, kind, agent, office," \
    "  channel, answer, version, reason, closes FROM main.event e" \
    "  WHERE kind IN ('flag', 'flag_close') AND NOT EXISTS" \
    "  (SELECT 1 FROM main.event u WHERE u.undoes = e.uid)"

static const char own_events[] =
    "CREATE TEMP VIEW flag_event AS" OWN_FLAG_EVENTS;

/* As the report counts the offices' events (report.c): an office's
 * undo takes back only its own, an event the log has already is one.
 * slug: the office whose ref (any of its stations') brought the event. */
static const char all_events[] =
    "CREATE TEMP VIEW flag_event AS" OWN_FLAG_EVENTS
    " UNION ALL"
    " SELECT ref, office_slug, uid, time, kind, agent,"
    "  coalesce(office, office_slug), channel, answer, version, reason,"
    "  closes FROM offices.event o"
    "  WHERE kind IN ('flag', 'flag_close')"
    "  AND uid NOT IN (SELECT uid FROM main.event)"
    "  AND NOT EXISTS (SELECT 1 FROM offices.event u"
    "   WHERE u.ref = o.ref AND u.undoes = o.uid)";

static const char tables[] =
    "CREATE TEMP TABLE flag_now(answer TEXT PRIMARY KEY, version TEXT);"
    "CREATE TEMP TABLE flag_fix(answer TEXT, version TEXT, commit_id TEXT,"
    " time TEXT, PRIMARY KEY(answer, version));";

/*
 * One row per flag.  closing: the first close of each flag (a flag may
 * be closed at the centre and at its office).  fixed: the first flag
 * on a version the branch no longer has, per answer; a flag on the
 * version now made after it was flagged again after a fix.
 */
static const char state_view[] =
    "CREATE TEMP VIEW flag_state AS"
    " WITH flag AS (SELECT * FROM temp.flag_event WHERE kind = 'flag'),"
    " closing AS (SELECT * FROM (SELECT f.ref AS fref, f.uid AS fuid,"
    "   c.time, c.agent, c.reason, row_number() OVER (PARTITION BY"
    "   f.ref, f.uid ORDER BY c.time, c.ref, c.uid) AS r"
    "  FROM flag f JOIN temp.flag_event c ON c.kind = 'flag_close'"
    "  AND c.closes = f.uid AND (c.slug = '' OR c.slug = f.slug)) WHERE r = 1),"
    " fixed AS (SELECT f.answer, min(f.time) AS first FROM flag f"
    "  JOIN temp.flag_now n ON n.answer = f.answer"
    "  WHERE f.version <> n.version GROUP BY f.answer)"
    " SELECT f.ref, f.uid, f.time, f.agent, f.office, f.channel, f.answer,"
    "  f.version, f.reason,"
    "  CASE WHEN c.time IS NOT NULL THEN 'closed'"
    "   WHEN n.answer IS NULL THEN 'removed'"
    "   WHEN f.version <> n.version THEN 'fixed'"
    "   WHEN x.first <= f.time THEN 'again'"
    "   ELSE 'open' END AS state,"
    "  n.version AS now_version, fx.commit_id AS fixed_in,"
    "  CASE WHEN c.time IS NOT NULL THEN c.time"
    "   WHEN n.answer IS NULL OR f.version <> n.version"
    "   THEN coalesce(fx.time, f.time) END AS closed_time,"
    "  c.agent AS closed_by, c.reason AS close_reason"
    " FROM flag f LEFT JOIN temp.flag_now n ON n.answer = f.answer"
    " LEFT JOIN closing c ON c.fref = f.ref AND c.fuid = f.uid"
    " LEFT JOIN fixed x ON x.answer = f.answer"
    " LEFT JOIN temp.flag_fix fx ON fx.answer = f.answer"
    "  AND fx.version = f.version";

struct now {
	struct db *db;
	sqlite3_stmt *put;
};

/* Each answer file on the branch: its id and blob, the first of an id
 * kept (kb check reports an id twice). */
static int
note_answer(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct now *n = payload;
	char id[KB_ID_MAX + 1];
	int rc;

	(void)old_oid;
	if (new_oid == NULL || !kb_valid__path_id(id, path))
		return 0;
	sqlite3_bind_text(n->put, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(n->put, 2, new_oid, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(n->put);
	sqlite3_reset(n->put);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(n->db, rc,
	    "noting the answers' versions");
}

/* temp.flag_now from git itself: the index may be being rebuilt. */
static int
fill_now(struct kb *kb, struct db *db)
{
	char commit[KB_OID_HEX + 1], tree[KB_OID_HEX + 1];
	struct now n = { db, NULL };
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	rc = kb_store__branch(commit, tree, kb->store, kb_branch(kb));
	if (rc == KB_ENOTFOUND) {
		kb_error_clear();	/* no commit yet: no answer */
		return 0;
	}
	if (rc < 0 || (rc = kb_db__prepare(&n.put, db, "INSERT OR IGNORE INTO"
	    " temp.flag_now(answer, version) VALUES (?, ?)")) < 0)
		return rc;
	rc = kb_store__diff(kb->store, NULL, tree, note_answer, &n);
	sqlite3_finalize(n.put);
	return rc;
}

int
kb_flags_state__prepare(struct kb *kb, struct db *db, unsigned how)
{
	int rc;

	kb_flags_state__take_down(db);
	if ((rc = kb_db__exec(db, how & FLAGS_OFFICES ? all_events :
	    own_events)) < 0 || (rc = kb_db__exec(db, tables)) < 0 ||
	    (rc = kb_db__exec(db, state_view)) < 0 ||
	    (rc = fill_now(kb, db)) < 0 ||
	    ((how & FLAGS_FIX_TIMES) &&
	    (rc = kb_flags_state__fill_fixes(kb, db)) < 0))
		kb_flags_state__take_down(db);
	return rc;
}

void
kb_flags_state__take_down(struct db *db)
{
	kb_db__cleanup(db, "DROP VIEW IF EXISTS temp.flag_state");
	kb_db__cleanup(db, "DROP TABLE IF EXISTS temp.flag_fix");
	kb_db__cleanup(db, "DROP TABLE IF EXISTS temp.flag_now");
	kb_db__cleanup(db, "DROP VIEW IF EXISTS temp.flag_event");
}
