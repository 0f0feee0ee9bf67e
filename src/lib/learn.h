/*
 * Learning from use: the words of searches that ended with an answer
 * given count for that answer.
 *
 * Evidence is a (word, answer) pair seen in the queries behind uses of the
 * answer (kb use, and copy, print or save on the screen).  A pair counts
 * once at least LEARN_MIN_AGENTS different agents have used the answer
 * for a query with that word, and each agent adds at most one use to it,
 * so one busy agent cannot skew search.  At the centre every office's
 * usage counts (offices.db); the centre publishes what it learned on a
 * ref that kbsync brings to the offices, where it adds to their own.
 */
#ifndef KB_LEARN_H
#define KB_LEARN_H

#include <stddef.h>

struct kb;

#define LEARN_MIN_AGENTS 2

/* How strongly what was learned ties a query to one answer. */
struct learn_match {
	char *id;		/* the answer */
	double score;		/* > 0; higher is stronger; comparable within
				 * one call only */
};

/*
 * The answers that learned evidence links to the query words `stems`
 * (stemmed as the index stems, kb->tokenizer), strongest first, at most
 * `limit`.  None (n = 0) when nothing was learned.  Reads the index only
 * (the evidence is kept there by kb_index_update): no usage log is read
 * while searching.  Caller frees with learn_matches_free().
 */
int learn_match(struct kb *kb, const char *const *stems, size_t nstems,
    size_t limit, struct learn_match **out, size_t *n);

void learn_matches_free(struct learn_match *m, size_t n);

#endif
