/*
 * How sure a hit is.  A hit is sure when it has most of what the query
 * says (its telling words, weighted by rarity): an answer that shares
 * only a word or two with the question is related, not an answer.  The
 * sure hits come first; a search with none is a gap in the KB.
 */
#ifndef KB_CONFIDENCE_H
#define KB_CONFIDENCE_H

#include "kb/search.h"
#include "query.h"

/* Read kb_cover()'s "COVERAGE NAMED" for one hit. */
void kb_confidence__read_cover(struct kb_hit *hit, const char *cover);

/* Set every hit's confidence and sure flag, the sure ones first. */
void kb_confidence__assess(struct kb_results *r);

#endif
