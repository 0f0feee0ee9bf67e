/*
 * Inside libkb: kb_worddiff() with its work drawn from budgets the caller
 * keeps, so that a whole diff (kb_diff_marks()) is bounded, not only each
 * of its changes.
 */
#ifndef KB_WORDDIFF_PRIVATE_H
#define KB_WORDDIFF_PRIVATE_H

#include <stddef.h>

#include "kb/worddiff.h"

struct worddiff_budget {
	size_t compare;		/* word comparisons, pairing lines */
	size_t cells;		/* cells of word-by-word tables */
};

/* kb_worddiff(), spending from *b (what is left stays there). */
void kb_worddiff__budgeted(struct kb_wordline *removed, size_t nremoved,
    struct kb_wordline *added, size_t nadded, struct worddiff_budget *b);

#endif
