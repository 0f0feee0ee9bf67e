/*
 * The general dictionary: Debian's word lists (wamerican, wspanish), so
 * that search never "corrects" a real word just because the KB does not
 * use it ("fair" is not a typo of "first").  Loaded once per process, on
 * the first word the KB does not know; a missing list is no error (every
 * word is then unknown to it, as before).
 */
#ifndef KB_DICT_H
#define KB_DICT_H

#include <stddef.h>

/* 1 when `word` (as the index spells it: lower case, no accents) is a
 * word of one of the lists. */
int kb_dict__has(const char *word, size_t len);

/* Free the loaded lists (tests, valgrind). */
void kb_dict__unload(void);

#endif
