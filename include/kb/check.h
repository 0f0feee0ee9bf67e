/*
 * kb check: validate every answer and notice on the branch, the links
 * between them, and synonyms.txt.
 */
#ifndef KB_CHECK_H
#define KB_CHECK_H

#include "diag.h"
#include "kb.h"

struct kb_check_stats {
	unsigned answers;	/* answer files looked at */
	unsigned notices;	/* notice files looked at */
	unsigned errors;
	unsigned warnings;
};

/*
 * Report every problem through `cb`.  Returns 0 when the check ran (look
 * at stats->errors for the verdict), a negative code when it could not.
 */
int kb_check(struct kb_check_stats *stats, struct kb *kb, kb_diag_cb cb,
    void *payload);

#endif
