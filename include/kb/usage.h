/*
 * The usage log: which answers were used, on which channel, in which
 * version, by whom; which searches found nothing useful; which answers
 * agents flagged.  It is primary data, kept in <gitdir>/kb/usage.db
 * beside the index but never touched when the index is rebuilt or
 * deleted.  The schema is documented in kb(1), FILES.
 */
#ifndef KB_USAGE_H
#define KB_USAGE_H

#include "kb.h"
#include "render.h"

enum kb_event_kind {
	KB_EVENT_USE,		/* an answer given to a customer */
	KB_EVENT_SEARCH,	/* a TUI search that ended with no answer used */
	KB_EVENT_FLAG,		/* an agent says an answer needs work */
	KB_EVENT_UNSATISFIED,	/* the customer was not satisfied */
	KB_EVENT_UNDO,		/* one of the above taken back (written by
				 * kb_usage_undo_last() only) */
	KB_EVENT_FLAG_CLOSE	/* a reviewer closed a flag (written by
				 * kb_flag_close() only: kb/flags.h) */
};

struct kb_event {
	enum kb_event_kind kind;
	const char *agent;	/* required */
	const char *office;	/* or NULL */
	enum kb_channel channel; /* KB_CHANNEL_NONE: not known */
	const char *answer;	/* use, flag, unsatisfied: an answer id */
	const char *version;	/* the answer's blob id, or NULL */
	const char *query;	/* what found it, or NULL */
	long hits;		/* search: answers it found; else -1 */
	const char *reason;	/* flag: outdated, wrong, unclear or text */
	const char *time;	/* UTC "YYYY-MM-DDTHH:MM:SSZ"; NULL: now */
	long sure;		/* search: how many of the hits were sure
				 * (kb_results.nsure), at most hits; 0 is a
				 * content gap.  -1: not known (stored NULL,
				 * counted as hits) */
};

#define KB_EVENT_INIT { KB_EVENT_USE, NULL, NULL, KB_CHANNEL_NONE, NULL, \
	NULL, NULL, -1, NULL, NULL, -1 }

/*
 * Append one event.  With git config kb.logQueries false the query text
 * is not stored (the count of hits still is).  Waits at most
 * `timeout_ms` for other writers (and for one recovering the log after
 * a crash), then returns KB_ELOCKED and stores nothing: the caller keeps
 * the event and tries again (the TUI does, so that logging never stalls
 * a keystroke).
 */
int kb_usage_log(struct kb *kb, const struct kb_event *e,
    unsigned timeout_ms);

/*
 * kb_usage_log() for an event about answer e->answer as it is on the
 * branch now (kb use, kb flag), with its version (e->version is not
 * read) taken from git itself, never from the index: logging works
 * while the index is rebuilt, locked or damaged.  KB_ENOTFOUND when the
 * branch has no such answer.
 */
int kb_usage_log_answer(struct kb *kb, const struct kb_event *e,
    unsigned timeout_ms);

/* 1 when the log has an event for answer `id` in `version`, else 0. */
int kb_usage_logged_version(struct kb *kb, const char *id,
    const char *version);

/*
 * The versions the log recorded for answer `id` that start with
 * `prefix` (lower-case hex), in order: the first `max` go to out[], and
 * the return value is how many there are in all (so more than `max`
 * says the list was cut), or a negative error.  No log yet: 0.
 */
long kb_usage_versions_like(char (*out)[KB_OID_HEX + 1], size_t max,
    struct kb *kb, const char *id, const char *prefix);

/* How often answer `id` was used since `since` (YYYY-MM-DD); 0 on error. */
long kb_usage_uses_since(struct kb *kb, const char *id, const char *since);

/* --- undo ------------------------------------------------------------ */

/* How long after logging it an agent may take an event back. */
#define KB_UNDO_SECONDS 60
/* How long an undo waits for other writers of the log. */
#define KB_UNDO_WAIT_MS 1000

/*
 * Take back the last use, flag or "not satisfied" that `agent` logged,
 * when it was logged less than KB_UNDO_SECONDS ago and is not taken back
 * already (called again, the one before it, within the same minute).
 * The log stays append-only: an event of kind undo is added, naming the
 * event it undoes (its uid), with that event's office, channel, answer
 * and version; every report, here and at the centre, then counts
 * neither, as if the event never happened.
 *
 * The screen calls it for its "undo" key, after dropping an event it
 * still holds unwritten (that one never reached the log); kb undo is
 * the command line's.  0 and *what_was_undone (may be NULL; caller
 * frees), e.g. "use of passport-lost-stolen (phone)", as the agent
 * reads it (the reason of a flag is their text: show it through
 * kb/text.h); KB_ENOTFOUND, with a message, when there is nothing to
 * undo; KB_ELOCKED when other writers held the log KB_UNDO_WAIT_MS.
 */
int kb_usage_undo_last(char **what_was_undone, struct kb *kb,
    const char *agent);

/* "outdated", "wrong", "unclear": the reasons offered for a flag. */
extern const char *const kb_flag_reasons[];

/* The name stored for a kind: "use", "search", "flag", "unsatisfied",
 * "undo", "flag_close". */
const char *kb_event_kind_name(enum kb_event_kind kind);

#endif
