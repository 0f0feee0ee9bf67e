/*
 * The decisions refs: refs/kb/decisions/<office>, one per office, a
 * commit per decision holding one small file per decided proposal
 * (<rest of the branch name after proposals/<office>/>.txt), so that the
 * centre may delete a decided proposal's branch and the decision stays,
 * and an office fetches its own decisions only (kbsync(1), DECISIONS).
 * Append-only: a reviewer's commit on top of the one before.
 */
#ifndef KB_DECISIONS_H
#define KB_DECISIONS_H

#include "kb/kb.h"
#include "kb/proposal.h"
#include "office_name.h"
#include "store.h"

#define DECISIONS_REF "refs/kb/decisions/"
/* Where an office (kbsync) and a reviewer's clone keep the centre's. */
#define DECISIONS_CENTRAL "refs/kb/central/decisions/"
#define DECISION_MAX 4096	/* bytes of one record read */

/* A proposal decided, as its record says. */
struct decision {
	char *branch, *answer, *proposer, *subject, *decision, *reviewer;
	char *reason;
	long long proposed;
	char tip[KB_OID_HEX + 1];	/* the proposal decided on */
	char commit[KB_OID_HEX + 1];	/* the decision's commit, or "" */
};

/* The office of proposals/<office>/<station>/...: 1, else 0 (a proposal
 * named before offices; it has no record). */
int kb_decisions__office(char office[OFFICE_NAME_MAX + 1], const char *branch);

/*
 * Record proposal `p` decided (`decision`: "approved" or "rejected") by
 * `who` in commit `commit` (the merge, or the rejection on the branch),
 * with `reason` (NULL for none), on DECISIONS_REF <office>.  0 also when
 * the branch has no office.
 */
int kb_decisions__record(struct kb *kb, const struct kb_proposal *p,
    const char *decision, const char *commit, const struct kb_store_sig *who,
    const char *reason);

/* The record of `branch` on `ref` (a commit): 1 with *d set, 0 none. */
int kb_decisions__find(struct decision *d, struct kb *kb, const char *ref,
    const char *branch);

/* Each record on `ref`; a non-zero return from `cb` stops. */
typedef int (*decisions_cb)(const struct decision *d, void *payload);
int kb_decisions__each(struct kb *kb, const char *ref, decisions_cb cb,
    void *payload);

void kb_decisions__clear(struct decision *d);

#endif
