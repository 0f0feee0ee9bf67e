/*
 * Typo correction.  Only a word that matches nothing is corrected, to the
 * commonest word of the index within a small edit distance: one edit up
 * to seven letters, two from eight.  Candidates come from the words of
 * titles and tags (unstemmed) and the stems of every answer (vocab.h),
 * read in narrow ranges so that it stays cheap at any KB size.
 * Callers never pass form numbers or acronyms.
 */
#ifndef KB_TYPO_H
#define KB_TYPO_H

#include <stddef.h>

#include "db.h"

#define TYPO_MIN_LENGTH 4	/* shorter words are never corrected */

/*
 * Edit distance with adjacent transpositions counting one (optimal string
 * alignment), or max + 1 when it exceeds `max`.
 */
unsigned kb_typo__distance(const char *a, size_t na, const char *b, size_t nb,
    unsigned max);

/*
 * Set *out (caller frees) to the best correction of `word` (whose stems
 * are `stem`), or NULL when none is close enough.  For a half-typed word
 * (`prefix`), candidates are compared by their beginning.
 */
int kb_typo__correct(char **out, struct db *db, const char *word,
    const char *stem, int prefix);

#endif
