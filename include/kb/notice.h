/*
 * Notices: what every channel must tell customers about today (an office
 * closed, a backlog, a system down).  A notice is a file notices/<id>.md
 * with front matter (title, starts, ends, severity, tags) and a short
 * Markdown body; see kb-answer(5).  It is proposed, reviewed and synced
 * like any answer.
 *
 * A notice is active from `starts` until `ends`, both local time; a date
 * alone starts at 00:00 and ends at the end of that day.  It applies to
 * the answers sharing one of its tags, or to every answer when it has
 * none.
 */
#ifndef KB_NOTICE_H
#define KB_NOTICE_H

#include <stddef.h>

#include "answer.h"
#include "clock.h"
#include "diag.h"

#define KB_NOTICE_MAX_BYTES (64 * 1024)	/* a notice is short */
#define KB_NOTICE_BODY_WARN 600		/* characters: keep it short */

enum kb_notice_severity {
	KB_NOTICE_INFO,
	KB_NOTICE_WARNING,
	KB_NOTICE_CRITICAL
};

enum kb_notice_state {
	KB_NOTICE_ACTIVE,
	KB_NOTICE_FUTURE,	/* not started yet */
	KB_NOTICE_EXPIRED
};

struct kb_notice {
	char *id;		/* file name without .md */
	char *path;
	char version[KB_OID_HEX + 1];	/* blob id, "" when not from git */
	char *title;
	char *starts, *ends;	/* as written */
	/* Comparable instants, "YYYY-MM-DDTHH:MM:SS"; a date alone ends
	 * at "DATET24:00:00", after every time of that day. */
	char from[KB_LOCAL_TIME_SIZE], until[KB_LOCAL_TIME_SIZE];
	enum kb_notice_severity severity;
	char **tags;
	size_t ntags;
	unsigned tags_line;	/* where `tags:` is in the file, or 0 */
	char *body;		/* Markdown, LF endings */
	size_t body_len;
};

/*
 * Parse a notice file, reporting every problem through `cb` (may be
 * NULL).  0 and *out (free with kb_notice_free()), or KB_EINVALID and
 * NULL after at least one error.
 */
int kb_notice_parse(struct kb_notice **out, const char *path,
    const char *data, size_t len, kb_diag_cb cb, void *payload);
void kb_notice_free(struct kb_notice *n);

/* 1 if the path names a notice file: notices/<id>.md. */
int kb_notice_path_is_notice(const char *path);

/* "info", "warning", "critical". */
const char *kb_notice_severity_name(enum kb_notice_severity s);
/* "active", "future", "expired". */
const char *kb_notice_state_name(enum kb_notice_state s);

/* The notice's state at `now` (see kb_now_local()). */
enum kb_notice_state kb_notice_state_at(const struct kb_notice *n,
    const char *now);

/* 1 when the notice applies to an answer with these tags. */
int kb_notice_applies(const struct kb_notice *n, char *const *tags,
    size_t ntags);

/*
 * "ISO date or date-time, local time" as a comparable instant: 1 and
 * *out for "2026-12-24", "2026-12-24T09:00", "2026-12-24 09:00:30";
 * `end` makes a date alone the end of that day.  0 when malformed.
 */
int kb_notice_time(char out[KB_LOCAL_TIME_SIZE], const char *s, int end);

/* --- the KB's notices (notices.c) ------------------------------------- */

struct kb;

struct kb_notices {
	struct kb_notice **v;
	size_t n;
};

enum kb_notices_flags {
	KB_NOTICES_ALL = 1 << 0		/* expired and future ones too */
};

/*
 * The notices on the branch, active now unless KB_NOTICES_ALL; critical
 * first, then warning, info, each by start.  Notices with errors are
 * left out (kb check reports them).
 */
int kb_notices_list(struct kb_notices *out, struct kb *kb, unsigned flags);

/* The active notices that apply to answer `a`, in the same order. */
int kb_notices_for_answer(struct kb_notices *out, struct kb *kb,
    const struct kb_answer *a);

void kb_notices_clear(struct kb_notices *list);

/* --- the notices that concern the screen ------------------------------ */

/*
 * The banner shows the notices that concern the call, not every notice
 * everywhere.  At each frame's layout the screen calls, with the
 * answers it shows (the results listed, or the open answer):
 *
 *	kb_notice_tags_of(&tags, &ntags, kb, ids, nids);
 *	n = kb_notices_select(shown, &in_force, tags, ntags);
 *	...draw shown[0 .. n)...
 *	kb_notice_tags_free(tags, ntags);
 *
 * where `in_force` is kb_notices_list()'s (the active ones, most severe
 * first, refreshed as time passes) and `shown` has room for in_force.n.
 */

/*
 * The tags notices are matched against for the answers `ids`: each
 * one's own and, for a translation, its source's, as
 * kb_notices_for_answer() matches them; read from the index, an id not
 * in it adds none.  Caller frees with kb_notice_tags_free().
 */
int kb_notice_tags_of(char ***tags, size_t *ntags, struct kb *kb,
    const char *const *ids, size_t nids);
void kb_notice_tags_free(char **tags, size_t ntags);

/*
 * The notices of `in_force` that concern answers with `tags`: those
 * without tags, and those sharing a tag (any case), in `in_force`'s
 * order.  out[0 .. return value) point into `in_force` (borrowed); `out`
 * has room for in_force->n.  No tags (nothing on the screen): the
 * untagged notices only.  Pure: no I/O, no clock.
 */
size_t kb_notices_select(const struct kb_notice **out,
    const struct kb_notices *in_force, char *const *tags, size_t ntags);

#endif
