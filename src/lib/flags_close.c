/*
 * A reviewer closes flags (kb_flag_close, kb/flags.h): one flag_close
 * event per flag, naming it by its uid, in one transaction.  Which flags
 * an id names is read as kb flags lists them, so that what a reviewer
 * sees is what they close.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "kb/answer.h"
#include "kb/error.h"
#include "kb/flags.h"
#include "kb/proposal.h"
#include "kb/usage.h"
#include "kb_private.h"
#include "usage_db.h"
#include "xmalloc.h"

#define CLOSE_WAIT_MS 10000

/* The flags whose uid is `id`, or starts with it (KB_FLAG_ID_MIN on). */
static size_t
by_uid(const struct kb_flag *v, size_t n, const char *id, size_t *first,
    int *several)
{
	size_t i, len = strlen(id), found = 0;

	*several = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].uid, id) != 0 && (len < KB_FLAG_ID_MIN ||
		    strncmp(v[i].uid, id, len) != 0))
			continue;
		/* One uid on two refs is one flag. */
		if (found && strcmp(v[*first].uid, v[i].uid) != 0)
			*several = 1;
		if (!found || (!kb_flag_is_open(&v[*first]) &&
		    kb_flag_is_open(&v[i])))
			*first = i;
		found++;
	}
	return found;
}

/* How a closed flag was closed, for the reviewer who tries again. */
static int
closed_already(const struct kb_flag *f)
{
	const char *id = f->uid;

	switch (f->state) {
	case KB_FLAG_FIXED:
		return kb_error_set(KB_EINVALID, "flag %.*s is closed already: "
		    "%s changed on the branch since it was flagged (kb flags "
		    "--all says when)", KB_FLAG_ID_SHOWN, id, f->answer);
	case KB_FLAG_REMOVED:
		return kb_error_set(KB_EINVALID, "flag %.*s is closed already: "
		    "%s is no longer in the KB", KB_FLAG_ID_SHOWN, id,
		    f->answer);
	default:
		return kb_error_set(KB_EINVALID, "flag %.*s is closed already: "
		    "%s closed it (%s)", KB_FLAG_ID_SHOWN, id,
		    f->closed_by ? f->closed_by : "a reviewer",
		    f->close_reason ? f->close_reason : "no reason");
	}
}

/*
 * Mark in `close` the flags `id` names: a flag by its uid, else every
 * open flag of an answer.  The return value is how many, or an error.
 */
static long
choose(const struct kb_flag *v, size_t n, const char *id, char *close)
{
	size_t i, first = 0, open = 0, answer = 0;
	int several;

	if (by_uid(v, n, id, &first, &several) > 0) {
		if (several)
			return kb_error_set(KB_EINVALID, "'%s' is the start of "
			    "more than one flag's id: give more of it (kb "
			    "flags --all lists them)", id);
		if (!kb_flag_is_open(&v[first]))
			return closed_already(&v[first]);
		for (i = 0; i < n; i++)
			close[i] = strcmp(v[i].uid, v[first].uid) == 0;
		return 1;
	}
	for (i = 0; i < n; i++) {
		int of = strcmp(v[i].answer, id) == 0;

		answer += of;
		close[i] = of && kb_flag_is_open(&v[i]);
		open += close[i];
	}
	if (answer == 0)
		return kb_error_set(KB_ENOTFOUND, "no flag has the id '%s', "
		    "and no answer '%s' was flagged: kb flags lists the open "
		    "flags and their ids", id, id);
	if (open == 0)
		return kb_error_set(KB_EINVALID, "%s has no open flag: its %zu "
		    "flag%s closed already (kb flags --all %s)", id, answer,
		    answer == 1 ? " is" : "s are", id);
	return (long)open;
}

/* 1 when an earlier flag to close has the same uid (on another ref). */
static int
closed_before(const struct kb_flag *v, const char *close, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (close[j] && strcmp(v[j].uid, v[i].uid) == 0)
			return 1;
	return 0;
}

/* The close events, all or none. */
static int
write_closes(struct kb *kb, const struct kb_flag *v, size_t n,
    const char *close, const struct kb_event *proto)
{
	struct db *db;
	size_t i;
	int rc;

	if ((rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	sqlite3_busy_timeout(db->h, CLOSE_WAIT_MS);
	rc = kb_db__exec(db, "BEGIN IMMEDIATE");
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	for (i = 0; rc == 0 && i < n; i++) {
		struct kb_event e = *proto;

		if (!close[i] || closed_before(v, close, i))
			continue;	/* one close names every copy */
		e.answer = v[i].answer;
		e.version = v[i].version;
		rc = kb_usage_db__log_close(kb, &e, v[i].uid, CLOSE_WAIT_MS);
	}
	if (rc == 0)
		return kb_db__exec(db, "COMMIT");
	kb_db__rollback(db);
	return rc;
}

/* Only a reviewer closes: the same check as kb approve's. */
static int
reviewer(struct kb *kb, char **name)
{
	char *email = NULL;
	int rc;

	if ((rc = kb_reviewer(name, &email, kb)) < 0) {
		char *why = xstrdup(kb_error_last());

		rc = kb_error_set(rc, "only a reviewer closes a flag: %s", why);
		free(why);
	}
	free(email);
	return rc;
}

int
kb_flag_close(size_t *closed, struct kb *kb, const char *id, const char *reason,
    const char *office)
{
	struct kb_flags_options o = { NULL, 1, 0, NULL, NULL };
	struct kb_event e = KB_EVENT_INIT;
	struct kb_flag *v = NULL;
	char *name = NULL, *close = NULL;
	size_t n = 0;
	long chosen;
	int rc;

	if (closed)
		*closed = 0;
	while (reason && isspace((unsigned char)*reason))
		reason++;
	if (reason == NULL || *reason == '\0')
		return kb_error_set(KB_EINVALID, "give the reason the flag is "
		    "closed, for whoever flagged it");
	if (id == NULL || *id == '\0')
		return kb_error_set(KB_ENOTFOUND, "give a flag's id or an "
		    "answer id");
	if ((rc = reviewer(kb, &name)) < 0 ||
	    (rc = kb_flags_list(&v, &n, kb, &o)) < 0)
		goto done;
	close = xcalloc(n + 1, 1);
	if ((chosen = choose(v, n, id, close)) < 0) {
		rc = (int)chosen;
		goto done;
	}
	e.kind = KB_EVENT_FLAG_CLOSE;
	e.agent = name;
	e.office = office;
	e.reason = reason;
	if ((rc = write_closes(kb, v, n, close, &e)) == 0 && closed)
		*closed = (size_t)chosen;
done:
	free(close);
	kb_flags_free(v, n);
	free(name);
	return rc;
}
