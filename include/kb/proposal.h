/*
 * Proposals and review: how what front-line staff know reaches every
 * channel.  A proposal is an ordinary git branch,
 * proposals/<agent>/<id>-<n> (in an office's KB, one with kb.office,
 * proposals/<office>/<station>/<agent>/<id>-<n>: kbsync(1), Proposals),
 * holding one commit by the agent on top of
 * main; a decision is an ordinary commit by the reviewer (an approval
 * merged into main, a rejection left on the branch).  Plain git and any
 * git server's merge requests handle them; a proposal merged with plain
 * git is no longer pending.
 */
#ifndef KB_PROPOSAL_H
#define KB_PROPOSAL_H

#include <stddef.h>

#include "diag.h"
#include "kb.h"

enum kb_proposal_state {
	KB_PROPOSAL_PENDING,
	KB_PROPOSAL_MERGED,	/* in main: approved, or merged with git */
	KB_PROPOSAL_REJECTED
};

struct kb_proposal {
	char *branch;		/* "proposals/alice/ssn-card-1" */
	char *answer;		/* the answer id it changes or adds */
	char *author, *email;	/* the agent */
	long long time;		/* when it was proposed (seconds) */
	char *reason;		/* the agent's one line */
	enum kb_proposal_state state;
	char *decided_by;	/* rejected: the reviewer, else NULL */
	char *decision;		/* rejected: the reason given, else NULL */
	char tip[KB_OID_HEX + 1];
	size_t other_files;	/* paths it changes besides its own file */
};

/* Every proposal branch, newest first.  Free with kb_proposals_free(). */
int kb_proposals_list(struct kb_proposal **out, size_t *n, struct kb *kb);
/*
 * The same, and the decided proposals whose branches are gone, from the
 * decisions refs here and as fetched (kbsync(1), DECISIONS).
 */
int kb_proposals_list_decided(struct kb_proposal **out, size_t *n,
    struct kb *kb);
void kb_proposals_free(struct kb_proposal *v, size_t n);
/* Free what one proposal holds (it is left zeroed). */
void kb_proposal_clear(struct kb_proposal *p);
/*
 * A number that changes when kb_proposals_list() may say something else:
 * a proposal branch made, moved or deleted, or main moved.  Reads refs
 * only, so a screen can look every few seconds (kb review does).
 */
int kb_proposals_stamp(unsigned long long *out, struct kb *kb);

/*
 * Propose `text` as the new content of answer `id` (a new answer when the
 * KB has none), by `agent` <`email`>, with a one-line `reason`.  The text
 * is checked as kb check would; problems go to `cb` and give KB_EINVALID.
 * Main is never touched.  *branch (caller frees) names the proposal.
 */
int kb_propose(char **branch, struct kb *kb, const char *id, const char *text,
    size_t len, const char *agent, const char *email, const char *reason,
    kb_diag_cb cb, void *payload);

/* The proposal's changes, against main as it is now: a unified diff of
 * every file it changes. */
int kb_proposal_diff(char **out, struct kb *kb, const char *branch);

/*
 * The files a proposal changes: its tip against its merge base with main.
 * A proposal changes exactly the answer or notice it names (`own`); kb
 * propose never makes anything else, but a branch made with plain git
 * can change any path, and each one is in `other` (sorted).
 */
struct kb_proposal_files {
	char *own;		/* "answers/animals/dog-licence.md" */
	char **other;
	size_t nother;
};
int kb_proposal_files(struct kb_proposal_files *out, struct kb *kb,
    const char *branch);
void kb_proposal_files_clear(struct kb_proposal_files *f);

/*
 * 1 when kb may merge a path at all: relative, no "", "." or ".."
 * component, none starting with ".git" (any case), no control character
 * or backslash.  Other paths are refused whatever the reviewer allows.
 */
int kb_proposal_path_safe(const char *path);

/*
 * The reviewer (the KB repository's git user.name and user.email) when
 * the REVIEWERS file on main names either; else KB_EINVALID saying why.
 */
int kb_reviewer(char **name, char **email, struct kb *kb);

/*
 * Approve: merge into main (fast-forward when possible, else a merge
 * commit by the reviewer); the work tree follows when main is checked
 * out, and a dirty one is refused (KB_ECONFLICT), as is a conflict,
 * which merges nothing.  A proposal that changes any file besides its own
 * is refused (KB_EINVALID, naming every such path) unless each one is in
 * `allow`, and an unsafe path always is.  The index is updated.
 *
 * On success `merged` is main's new commit.  On failure with `merged`
 * still "" nothing was merged; with it set, the approval is in main and
 * a later step failed (the work tree, the index): kb_error_last() says
 * which and what to do.
 */
struct kb_approval {
	const char *message;		/* the reviewer's note, or NULL */
	const char *const *allow;	/* other paths the reviewer allows */
	size_t nallow;
	int fast_forward;		/* out: how it was merged */
	char merged[KB_OID_HEX + 1];	/* out: main's new commit, or "" */
};
int kb_proposal_approve(struct kb *kb, const char *branch,
    struct kb_approval *a);

/*
 * Finish what a kb approve or kbsync killed between moving main and
 * updating the work tree left: the work tree and git index follow main.
 * Every command that writes calls it first; one stat() when there is
 * nothing to finish.
 */
int kb_finish_interrupted(struct kb *kb);

/*
 * After a conflict: both versions of the answer, main's and the
 * proposal's, between conflict markers, for the reviewer to edit into
 * the result.  Caller frees.
 */
int kb_proposal_conflict_text(char **out, struct kb *kb, const char *branch);

/*
 * Approve with `text` as the answer's content (the reviewer's resolution
 * of a conflict, checked like any answer): a merge commit by the
 * reviewer.  A proposal that changes other files is refused.
 */
int kb_proposal_approve_resolved(struct kb *kb, const char *branch,
    const char *text, size_t len, const char *message);

/* Reject, with the reason the proposer will see; nothing is deleted. */
int kb_proposal_reject(struct kb *kb, const char *branch, const char *reason);

/* One version of an answer on main. */
struct kb_version {
	char version[KB_OID_HEX + 1];	/* blob id; "" when deleted */
	char commit[KB_OID_HEX + 1];
	long long time;
	char *author;		/* who wrote it */
	char *approver;		/* who approved it, or NULL (a direct commit) */
	char *reason;		/* the proposal's reason or the commit's subject */
	size_t other_files;	/* approved with it: files besides this one */
};

/* The versions of answer `id` (or notice "notices/<id>") on main, newest
 * first. */
int kb_answer_history(struct kb_version **out, size_t *n, struct kb *kb,
    const char *id);
void kb_versions_free(struct kb_version *v, size_t n);

#endif
