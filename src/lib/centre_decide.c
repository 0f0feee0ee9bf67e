/*
 * A reviewer's decisions sent to the centre (centre.h): each is the
 * decision proposal.c makes here, approve or reject, published by
 * kb_centre__publish (centre.c), all or nothing.
 */
#include "kb/centre.h"

#include <string.h>

#include "centre_private.h"
#include "kb/error.h"
#include "kb/proposal.h"

struct approval {
	const char *branch;
	struct kb_approval *a;
};

static int
make_approval(struct kb *kb, void *payload)
{
	struct approval *x = payload;

	return kb_proposal_approve(kb, x->branch, x->a);
}

int
kb_centre_approve(struct kb_centre_push *p, struct kb *kb, const char *branch,
    struct kb_approval *a)
{
	struct approval x = { branch, a };
	struct centre_change ch = { make_approval, &x, branch, 1, 0 };

	return kb_centre__publish(p, kb, &ch);
}

struct resolution {
	const char *branch, *text, *message;
	size_t len;
};

static int
make_resolution(struct kb *kb, void *payload)
{
	struct resolution *x = payload;

	return kb_proposal_approve_resolved(kb, x->branch, x->text, x->len,
	    x->message);
}

int
kb_centre_approve_resolved(struct kb_centre_push *p, struct kb *kb,
    const char *branch, const char *text, size_t len, const char *message)
{
	struct resolution x = { branch, text, message, len };
	struct centre_change ch = { make_resolution, &x, branch, 1, 1 };

	return kb_centre__publish(p, kb, &ch);
}

struct rejection {
	const char *branch, *reason;
};

static int
make_rejection(struct kb *kb, void *payload)
{
	struct rejection *x = payload;

	return kb_proposal_reject(kb, x->branch, x->reason);
}

int
kb_centre_reject(struct kb_centre_push *p, struct kb *kb, const char *branch,
    const char *reason)
{
	struct rejection x = { branch, reason };
	struct centre_change ch = { make_rejection, &x, branch, 0, 0 };

	/* Checked before anything is fetched: the usual mistake. */
	if (reason == NULL || reason[strspn(reason, " \t")] == '\0' ||
	    strchr(reason, '\n')) {
		memset(p, 0, sizeof(*p));
		return kb_error_set(KB_EINVALID, "a rejection needs a one-line "
		    "reason for the proposer");
	}
	return kb_centre__publish(p, kb, &ch);
}
