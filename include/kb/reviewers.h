/*
 * REVIEWERS: who may approve or reject proposals (kb(1), Who may
 * approve).  A file at the KB's root on main naming one person a line,
 * by git user.name (exactly) or user.email (in any case); blank lines
 * and lines starting with '#' are not read.  It is read as committed on
 * main, and changed by a commit on main, as answers are.
 * kb_reviewer() (proposal.h) checks the person at hand.
 */
#ifndef KB_REVIEWERS_H
#define KB_REVIEWERS_H

#include <stddef.h>

#include "centre.h"
#include "kb.h"

/* Bytes one name or email in REVIEWERS may have. */
#define KB_REVIEWER_MAX 200

struct kb_reviewers {
	int exists;		/* main has a REVIEWERS file */
	char **names;		/* the people it names, in its order */
	size_t n;
};

/* The people REVIEWERS names on main.  Clear `out` in every case. */
int kb_reviewers_list(struct kb_reviewers *out, struct kb *kb);
void kb_reviewers_clear(struct kb_reviewers *r);

/*
 * 0 when `who` may be a line of REVIEWERS: 1 to KB_REVIEWER_MAX bytes of
 * valid UTF-8, no control character, bidirectional control or line
 * separator, no space at either end, not starting with '#'.  Else
 * KB_EINVALID saying why.
 */
int kb_reviewer_valid(const char *who);

enum kb_reviewers_change {
	KB_REVIEWERS_ADD,
	KB_REVIEWERS_REMOVE
};

/*
 * Add `who` to REVIEWERS, or remove it (every line naming it: the same
 * text, or the same email in any case), as a commit on main by the
 * person at hand (git user.name and user.email), who must be a reviewer;
 * when main has no REVIEWERS file anyone may add the first.  Refused
 * (KB_EINVALID): a `who` that is not valid, one named already, and the
 * removal of the last reviewer; KB_ENOTFOUND: removing one not named.
 * The comments and order of the file are kept; a new one goes last.
 * The work tree follows when main is checked out.
 *
 * With `push` (a reviewer's clone, centre.h) the commit is made on the
 * centre's main, brought here first, and pushed, all or nothing, as
 * kb_centre_approve does.  NULL: only here.
 */
int kb_reviewers_change(struct kb_centre_push *push, struct kb *kb,
    enum kb_reviewers_change change, const char *who);

#endif
