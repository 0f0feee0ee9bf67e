/*
 * The centre from a reviewer's clone.  The central repository is bare:
 * a reviewer reviews in a clone of it (a plain `git clone`), and kb
 * brings the centre's main and proposals there and sends the decisions
 * back, so that the reviewer needs no git command.
 *
 * A field office is not a reviewer's clone: kbsync keeps it (sync.h),
 * and only its own proposals travel.
 */
#ifndef KB_CENTRE_H
#define KB_CENTRE_H

#include <stddef.h>

#include "kb.h"
#include "proposal.h"

/*
 * 1 when the KB is a reviewer's clone of the centre: a repository with
 * a work tree and the remote kb.remote (else "origin") configured, and
 * no field office (kb_sync_status).  Else 0.
 */
int kb_centre_clone(struct kb *kb);

struct kb_centre_fetch {
	char *url;			/* the centre's address */
	char old_main[KB_OID_HEX + 1];	/* main here before */
	char new_main[KB_OID_HEX + 1];	/* and after: "" when unchanged */
	size_t proposals;	/* proposal branches made or moved here */
	size_t ahead, behind;	/* main here against the centre's, after */
	char *kept;		/* why main was not brought to the centre's
				   (diverged, a local change), else NULL */
};

/*
 * Bring the centre's main and proposals into the clone: fetch them;
 * fast-forward main when it is behind the centre's (work tree and index
 * follow); make each of the centre's proposals/... branches here, or
 * fast-forward it, unless this clone's has what the centre's lacks (a
 * decision not pushed yet).  A main that has diverged from the centre's,
 * or a local change in the way, leaves main as it is and says why in
 * `kept` (not an error).  KB_EOFFLINE when the centre cannot be
 * reached: nothing changed here.  Clear `f` in every case.
 */
int kb_centre_fetch(struct kb_centre_fetch *f, struct kb *kb);
void kb_centre_fetch_clear(struct kb_centre_fetch *f);

/* What a decision sent to the centre did. */
struct kb_centre_push {
	char *url;		/* the centre's address */
	unsigned tries;		/* 1; more when the centre's main moved
				   meanwhile and the decision was made again
				   on it */
	size_t earlier;		/* commits main here had that the centre's
				   lacked (made here, never pushed): they
				   went with the decision */
	char *note;		/* pushed, but something to know (the
				   proposal's branch was not), else NULL */
	int sent;		/* 1: the centre has the decision, even when
				   a step here failed after (the index) */
};

/*
 * Decide in a reviewer's clone and push, all or nothing: fetch
 * (kb_centre_fetch; a main diverged from the centre's is refused,
 * KB_ECONFLICT), approve as kb_proposal_approve or reject as
 * kb_proposal_reject, then push main (never forced), then the proposal's
 * branch when the decision moved it.  When the centre took nothing, the
 * decision is taken back here, and:
 *  - the centre's main (or the branch) had moved meanwhile (another
 *    reviewer): fetched again and decided again on it, up to
 *    KB_CENTRE_TRIES times, then KB_ECONFLICT;
 *  - the centre refused (its hook, its rules): KB_ERROR with what it
 *    said;
 *  - it cannot be reached: KB_EOFFLINE.
 * A decision already taken at the centre (approved, rejected) is
 * refused as kb_proposal_approve refuses it.  Clear `p` in every case.
 */
#define KB_CENTRE_TRIES 3
int kb_centre_approve(struct kb_centre_push *p, struct kb *kb,
    const char *branch, struct kb_approval *a);
int kb_centre_reject(struct kb_centre_push *p, struct kb *kb,
    const char *branch, const char *reason);
/*
 * kb_proposal_approve_resolved, then pushed as kb_centre_approve does;
 * but when the centre's main moved meanwhile, the resolution (made
 * against the main it was made on) is taken back, not made again:
 * KB_ECONFLICT.
 */
int kb_centre_approve_resolved(struct kb_centre_push *p, struct kb *kb,
    const char *branch, const char *text, size_t len, const char *message);
void kb_centre_push_clear(struct kb_centre_push *p);

#endif
