/*
 * Learning from use (kb(1), LEARNING FROM USE).
 *
 * The words of a search that ended with an answer used (kb use; copy,
 * print or save on the screen) count for that answer once at least two
 * different agents used it after searching for them; each agent counts
 * once per answer and word, and a word's weight is its agents, at most 3,
 * so that one busy agent cannot skew search.  The index learns by itself:
 * kb_index_update() and every search's refresh read the usage log again
 * when it has new uses.  At the centre, every office's usage counts too;
 * the centre publishes what it learned on refs/kb/learned, kbsync brings
 * it to the offices, and an office's index merges it with its own.
 */
#ifndef KB_LEARN_H
#define KB_LEARN_H

#include <stddef.h>

#include "diag.h"
#include "kb.h"

#define KB_LEARN_REF "refs/kb/learned"

struct kb_learn_summary {
	size_t answers;		/* the KB's answers with learned words */
	size_t words;		/* their words, in all */
	unsigned changed;	/* answers whose words this update changed */
};

/*
 * Bring the index, and so what it learned, up to date (at the centre
 * reading the offices' usage refs), then count what it learned.  Lines
 * that could not be read (an office's bad event, a bad line of the
 * centre's file) are warnings through `cb` (may be NULL).
 */
int kb_learn_update(struct kb_learn_summary *out, struct kb *kb, kb_diag_cb cb,
    void *payload);

struct kb_learn_published {
	char commit[KB_OID_HEX + 1];	/* refs/kb/learned after */
	int changed;		/* 0: it held these words already */
	size_t answers, words;	/* in the file */
	size_t left_out;	/* answers that did not fit in its size */
};

/*
 * At the centre, after kb_learn_update(): publish the words the index
 * learned for the answers of the KB as a commit of one file on
 * refs/kb/learned (learn_file.h has the format), replacing what was
 * there.  KB_EINVALID in an office's KB: offices take what the centre
 * publishes, with kbsync.
 */
int kb_learn_publish(struct kb_learn_published *out, struct kb *kb);

#endif
