/*
 * Listing flags (kb/flags.h): the rows of temp.flag_state
 * (flags_state.c), with the offices' flags at the centre.
 */
#include "kb/flags.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "flags_state.h"
#include "kb/error.h"
#include "kb/sync.h"
#include "kb_private.h"
#include "offices.h"
#include "store.h"
#include "usage_db.h"
#include "xmalloc.h"

static const char *const state_names[] = { "open", "again", "fixed",
    "removed", "closed" };

const char *
kb_flag_state_name(enum kb_flag_state state)
{
	return state <= KB_FLAG_CLOSED ? state_names[state] : "?";
}

int
kb_flag_is_open(const struct kb_flag *f)
{
	return f->state == KB_FLAG_OPEN || f->state == KB_FLAG_AGAIN;
}

static enum kb_flag_state
state_of(const char *name)
{
	int i;

	for (i = KB_FLAG_OPEN; i < KB_FLAG_CLOSED; i++)
		if (strcmp(state_names[i], name) == 0)
			break;
	return (enum kb_flag_state)i;
}

static int
count_ref(const char *name, const char *tip, void *payload)
{
	(void)name;
	(void)tip;
	(*(int *)payload)++;
	return 0;
}

/*
 * The centre: no office's KB, and offices' usage refs to read (an
 * office's, refs/kb/usage/<office>, or a station's under
 * refs/kb/station-usage/: offices.c reads both).
 */
static int
at_centre(struct kb *kb)
{
	struct kb_sync_status st;
	int refs = 0;

	if (kb_sync_status(&st, kb) < 0 || st.office || kb__store(kb) < 0 ||
	    kb_store__refs(kb->store, "refs/kb/usage/*", count_ref,
	    &refs) < 0 || kb_store__refs(kb->store,
	    "refs/kb/station-usage/*", count_ref, &refs) < 0)
		refs = 0;
	kb_error_clear();
	return refs > 0;
}

static int
log_exists(struct kb *kb)
{
	struct stat sb;
	char *path;
	int rc;

	if (kb->usage)
		return 1;
	path = xasprintf("%s/usage.db", kb_state_dir(kb));
	rc = stat(path, &sb);
	free(path);
	return rc == 0;
}

static int
attach_offices(struct kb *kb, struct db *db, const struct kb_flags_options *o)
{
	return kb_offices__attach(kb, db, o->on_bad_line, o->payload);
}

static char *
text_or_null(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s ? xstrdup(s) : NULL;
}

static void
take_row(sqlite3_stmt *st, struct kb_flag *f)
{
	const char *channel = (const char *)sqlite3_column_text(st, 4);
	int ch = channel ? kb_channel_parse(channel) : -1;

	f->uid = text_or_null(st, 0);
	f->time = text_or_null(st, 1);
	f->agent = text_or_null(st, 2);
	f->office = text_or_null(st, 3);
	f->channel = ch < 0 ? KB_CHANNEL_NONE : (enum kb_channel)ch;
	f->answer = text_or_null(st, 5);
	f->version = text_or_null(st, 6);
	f->reason = text_or_null(st, 7);
	f->state = state_of((const char *)sqlite3_column_text(st, 8));
	f->closed_time = text_or_null(st, 9);
	f->fixed_in = text_or_null(st, 10);
	f->closed_by = text_or_null(st, 11);
	f->close_reason = text_or_null(st, 12);
}

static int
read_rows(struct db *db, const struct kb_flags_options *o,
    struct kb_flag **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if ((rc = kb_db__prepare(&st, db, "SELECT uid, time, agent, office,"
	    " channel, answer, version, reason, state, closed_time, fixed_in,"
	    " closed_by, close_reason FROM temp.flag_state"
	    " WHERE (?1 IS NULL OR answer = ?1)"
	    " AND (?2 OR state IN ('open', 'again'))"
	    " ORDER BY time, uid, ref")) < 0)
		return rc;
	if (o->answer)
		sqlite3_bind_text(st, 1, o->answer, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, o->all != 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(out, &cap, *n + 1, sizeof(**out));
		take_row(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc, "reading the flags");
}

int
kb_flags_list(struct kb_flag **out, size_t *n, struct kb *kb,
    const struct kb_flags_options *o)
{
	int centre = at_centre(kb), rc;
	struct db *db;

	*out = NULL;
	*n = 0;
	if (!centre && !log_exists(kb))
		return 0;
	if ((rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	if ((!centre || (rc = attach_offices(kb, db, o)) == 0) &&
	    (rc = kb_flags_state__prepare(kb, db, (centre ? FLAGS_OFFICES : 0) |
	    (o->fix_times ? FLAGS_FIX_TIMES : 0))) == 0)
		rc = read_rows(db, o, out, n);
	kb_flags_state__take_down(db);
	if (centre)
		kb_db__cleanup(db, "DETACH DATABASE offices");
	if (rc < 0) {
		kb_flags_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void
kb_flags_free(struct kb_flag *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].uid);
		free(v[i].time);
		free(v[i].agent);
		free(v[i].office);
		free(v[i].answer);
		free(v[i].version);
		free(v[i].reason);
		free(v[i].closed_time);
		free(v[i].fixed_in);
		free(v[i].closed_by);
		free(v[i].close_reason);
	}
	free(v);
}
