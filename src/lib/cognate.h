/*
 * English words a Spanish word may be a cognate of: "licencia" ->
 * "licence", "license"; "seccion" -> "section"; "garaje" -> "garage";
 * "titulo" -> "title".  A caller who asks in Spanish about an answer
 * written only in English uses many of its words in their Spanish form;
 * the regular endings map one onto the other.  The spellings are
 * guesses: the caller keeps those the KB's answers have (expand.c).
 */
#ifndef KB_COGNATE_H
#define KB_COGNATE_H

#include <stddef.h>

#define COGNATE_MIN 5		/* shorter Spanish words are left alone */
#define COGNATE_MAX 8		/* spellings per word, at most */
#define COGNATE_WORD 64		/* bytes of a spelling, with its NUL */

/*
 * The English spellings of `word` (lower case, no accents), longest
 * Spanish ending first, each once; returns how many were written.
 */
size_t kb_cognate__english(const char *word,
    char out[COGNATE_MAX][COGNATE_WORD]);

#endif
