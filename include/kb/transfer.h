/*
 * Progress of a transfer with another repository (kb init --remote,
 * kbsync): what a front end shows while a long fetch or push runs.
 */
#ifndef KB_TRANSFER_H
#define KB_TRANSFER_H

#include <stddef.h>

struct kb_transfer {
	int pushing;			/* 0: receiving, 1: sending */
	unsigned objects_total;		/* 0 while not known yet */
	unsigned objects_done;		/* received (or sent) so far */
	unsigned deltas_total, deltas_done;	/* resolving, after receiving */
	size_t bytes;			/* received (or sent) so far */
};

/* Called often during a transfer; the front end decides what to draw. */
typedef void (*kb_transfer_cb)(const struct kb_transfer *t, void *payload);

#endif
