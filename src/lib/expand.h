/*
 * What each typed word may stand for, before the search runs:
 *
 *   - its synonyms (synonyms.txt): every member of its group;
 *   - a half-typed word, anywhere in the text ("repl lost medic card"):
 *     the commonest words of the KB it begins.  A word counts as
 *     half-typed when it is the last one and nothing follows it, or when
 *     neither the KB nor the general dictionary knows it;
 *   - a typo: a word that neither the KB nor the dictionary (dict.h)
 *     knows and that completes to nothing is corrected to the nearest
 *     word of the KB (typo.h).  A real word is never rewritten.
 *
 *   - in a question asked in Spanish: the English spellings of its
 *     cognates that the answers have ("licencia" -> "license"), for an
 *     answer written only in English (cognate.h).
 *
 * Expansions are alternatives: the word as typed still counts.
 */
#ifndef KB_EXPAND_H
#define KB_EXPAND_H

#include "query.h"

struct kb;
struct synonyms;

/*
 * Expand every active term of `q`; `spanish`: the query is in Spanish
 * (query_lang.h).  *corrected gets the text as shown after corrections
 * ("renew passport"), or NULL when nothing was corrected.  Returns 0 or
 * a KB_E* code.
 */
int kb_expand__query(char **corrected, struct kb *kb, struct query *q,
    const struct synonyms *syn, int spanish);

#endif
