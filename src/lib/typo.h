/*
 * Typo correction against the index's vocabulary (words of titles and
 * tags).  Only words that match nothing are corrected, to the commonest
 * word within a small edit distance; callers never pass form numbers or
 * acronyms.
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
unsigned typo_distance(const char *a, size_t na, const char *b, size_t nb,
    unsigned max);

/*
 * Set *out (caller frees) to the best correction of `word`, or NULL when
 * none is close enough.  For a half-typed word (`prefix`), vocabulary words
 * are compared by their beginning.
 */
int typo_correct(char **out, struct db *db, const char *word, int prefix);

#endif
