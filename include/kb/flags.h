/*
 * Flags as work with an end.  An agent flags an answer (kb flag, f on
 * the screen): the flag is about the text it was made on, its version.
 * It stays open until the answer changes on the KB's branch after it
 * (an approved proposal, any commit touching the answer, a kbsync
 * update: closed, fixed), the answer leaves the KB (closed, removed), or
 * a reviewer closes it with a reason.  A flag made on the text a fix
 * gave, when the answer had flags on an older text, is open and "again":
 * flagged again after a fix.  Nothing is rewritten: a close by a
 * reviewer is one more usage event (flag_close), and the rest follows
 * from the log and the branch, at an office and at the centre alike.
 * kb(1), FLAGS, has the rule as users read it.
 *
 * At the centre (a KB that is no office's and has offices' usage refs),
 * listing and closing take in every office's flags, as kb report
 * --all-offices counts them; an office's own close counts there only for
 * that office's flags.
 */
#ifndef KB_FLAGS_H
#define KB_FLAGS_H

#include <stddef.h>

#include "diag.h"
#include "kb.h"
#include "render.h"

enum kb_flag_state {
	KB_FLAG_OPEN,		/* on the text the branch has now */
	KB_FLAG_AGAIN,		/* open, made after older ones' fix */
	KB_FLAG_FIXED,		/* closed: the answer changed since */
	KB_FLAG_REMOVED,	/* closed: the answer left the KB */
	KB_FLAG_CLOSED		/* closed by a reviewer, with a reason */
};

struct kb_flag {
	char *uid;		/* the flag event's uid: the flag's id */
	char *time;		/* when made: "YYYY-MM-DDTHH:MM:SSZ" */
	char *agent;
	char *office;		/* or NULL */
	enum kb_channel channel;
	char *answer;
	char *version;		/* the text flagged (blob id), or NULL */
	char *reason;
	enum kb_flag_state state;
	char *closed_time;	/* closed: when (a fix: its commit's time);
				   NULL when open or not known */
	char *fixed_in;		/* fixed, removed: the commit if known */
	char *closed_by;	/* closed by a reviewer: who, and why */
	char *close_reason;
};

struct kb_flags_options {
	const char *answer;	/* only this answer's flags, or NULL */
	int all;		/* closed flags too; else only open ones */
	int fix_times;		/* when and in which commit each fix came
				   (walks the branch's history) */
	kb_diag_cb on_bad_line;	/* at the centre: an office's usage line
				   skipped (as kb report --all-offices);
				   may be NULL */
	void *payload;
};

/* "open", "again", "fixed", "removed", "closed". */
const char *kb_flag_state_name(enum kb_flag_state state);

/* 1 when the flag is open (KB_FLAG_OPEN or KB_FLAG_AGAIN). */
int kb_flag_is_open(const struct kb_flag *f);

/*
 * The flags, oldest first.  Reading makes no usage log where there is
 * none (*n is 0).  Free with kb_flags_free().
 */
int kb_flags_list(struct kb_flag **out, size_t *n, struct kb *kb,
    const struct kb_flags_options *o);
void kb_flags_free(struct kb_flag *v, size_t n);

/* The shortest part of a uid that kb_flag_close() takes for it. */
#define KB_FLAG_ID_MIN 8
/* How much of a uid kb flags shows. */
#define KB_FLAG_ID_SHOWN 12

/*
 * Close flags as a reviewer: the KB repository's git user.name or
 * user.email must be named in REVIEWERS on the branch, as for kb
 * approve (kb_reviewer()).  `id` is a flag's uid, or its first
 * KB_FLAG_ID_MIN or more characters, or an answer id: every open flag
 * of that answer (an id that is both is taken as the flag's).  Logs a
 * flag_close event per flag, all or none, naming it, with `reason`
 * (required), the reviewer's user.name as its agent and `office` (may be
 * NULL).  *closed (may be NULL): how many.
 *
 * KB_ENOTFOUND: no such flag, nor an answer with flags.  KB_EINVALID: no
 * reason, not a reviewer, a part of a uid that several flags start with,
 * or nothing open to close (a flag closed already, an answer with no
 * open flag); the message says which.  KB_ELOCKED: the log was busy.
 */
int kb_flag_close(size_t *closed, struct kb *kb, const char *id,
    const char *reason, const char *office);

#endif
