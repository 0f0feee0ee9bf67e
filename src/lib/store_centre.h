/*
 * Reaching another repository (store_remote.c's transfers): the
 * libgit2 callbacks that say, for each problem of an office's set-up, what
 * to do (an ssh host key unknown or changed, a key refused, an https
 * certificate not trusted, a password refused), the credentials and CA
 * certificates they use, and what the other side says while it takes a
 * push.  Private to libkb's store: it holds libgit2 types.
 */
#ifndef KB_STORE_CENTRE_H
#define KB_STORE_CENTRE_H

#include <git2.h>

#include "credential.h"
#include "kb/transfer.h"
#include "store.h"

#define STORE_SAID_LINES_MAX 40	/* lines of what the centre says, kept */
#define STORE_SAID_LINE_MAX 400	/* bytes of one, kept */

/* What one centre needs across transfers: its credentials (asked for
 * once per sync) and what it said during the last push. */
struct store_centre {
	git_repository *repo;	/* config; NULL while cloning */
	char *url;		/* the address, any password hidden */
	char *ca;		/* what https certificates are checked
				   against, for messages; NULL: the system's */
	struct credential cred;
	int cred_filled;
	char **said;		/* whole lines, made safe */
	size_t nsaid;
	char partial[STORE_SAID_LINE_MAX + 1];
	size_t npartial;
};

/* What the callbacks need during one transfer. */
struct store_transfer {
	kb_transfer_cb progress;
	void *payload;
	kb_store_rejected_cb rejected;
	void *rejected_payload;
	kb_store_told_cb told;	/* raw pieces, given rejected_payload */
	struct store_centre *centre;
	int ssh_tries, password_tries;
	int listening;		/* a push: keep what the centre says */
	char *problem;		/* our message for the failure, or NULL */
};

/*
 * The centre at `url` (repo: NULL for a clone, whose config is the
 * user's and the system's).  An address with a password is refused
 * (KB_EINVALID, the message naming `remote` to fix it when not NULL), and
 * the CA certificates an https centre is checked against are set.
 */
int kb_store_centre__init(struct store_centre *c, git_repository *repo,
    const char *url, const char *remote);
void kb_store_centre__clear(struct store_centre *c);
/* Forget what the centre said (before a push). */
void kb_store_centre__said_clear(struct store_centre *c);
/* A last piece said without its newline becomes a line. */
void kb_store_centre__said_flush(struct store_centre *c);

void kb_store_centre__transfer_init(struct store_transfer *t,
    struct store_centre *c, kb_transfer_cb progress, void *payload);
void kb_store_centre__callbacks_init(git_remote_callbacks *cb,
    struct store_transfer *t);

/*
 * The end of a transfer that returned `rc`: credentials that worked are
 * kept by git's helper; a failure (rc < 0) becomes the KB_E* error that
 * says it, `doing` what to `local` (this side's git directory, to tell
 * its own disk's errors from the network's).
 */
int kb_store_centre__transfer_end(int rc, struct store_transfer *t,
    const char *doing, const char *local);

#endif
