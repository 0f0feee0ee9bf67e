/*
 * Transfer progress on a terminal ("Receiving objects: 45% (450/1000),
 * 1.2 MiB"), shared by kb init --remote and kbsync.  Nothing is drawn
 * when stderr is not a terminal (cron, systemd).
 */
#ifndef KB_CLI_PROGRESS_H
#define KB_CLI_PROGRESS_H

#include <kb/transfer.h>

struct progress {
	const char *prog;	/* "kbsync", "kb init" */
	int on;			/* stderr is a terminal and not --quiet */
	int drawn;		/* a line is on screen, not ended yet */
	long long last_ms;	/* when it was drawn */
};

void progress_init(struct progress *p, const char *prog, int quiet);
/* A kb_transfer_cb; the payload is a struct progress. */
void progress_show(const struct kb_transfer *t, void *payload);
/* End the progress line, if one is showing. */
void progress_done(struct progress *p);

#endif
