/*
 * A change a reviewer's clone makes and sends to the centre (centre.c):
 * a decision on a proposal, REVIEWERS changed.  The library's own; the
 * front ends use centre.h.
 */
#ifndef KB_CENTRE_PRIVATE_H
#define KB_CENTRE_PRIVATE_H

#include "kb/centre.h"

struct centre_change {
	/* Make the change here: move main, the branch, or both.  Called
	 * again after the centre's main moved and was brought here. */
	int (*make)(struct kb *kb, void *payload);
	void *payload;
	const char *branch;	/* the proposal branch it may move, or NULL */
	int main;		/* 1: main is pushed (and must not have
				   diverged from the centre's) */
	int once;		/* 1: never made again on a newer main (the
				   reviewer's own resolution of a conflict) */
};

/*
 * Bring the centre's main and proposals here, make the change, push it;
 * all or nothing, as kb_centre_approve (centre.h) says.
 */
int kb_centre__publish(struct kb_centre_push *p, struct kb *kb,
    const struct centre_change *ch);

#endif
