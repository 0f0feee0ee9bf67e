/*
 * What searches keep of the open index between searches: its synonyms,
 * parsed once, and the prepared statement for a stem's document
 * frequency.  Both hang on the connection (kb->index): index.c forgets
 * them whenever it closes, replaces or updates the index, and kb_close()
 * with the handle.  Searching (search.c, focus.c) reaches them here,
 * on first need.
 */
#ifndef KB_INDEX_CACHE_H
#define KB_INDEX_CACHE_H

#include <stddef.h>

struct kb;
struct synonyms;

/* Forget what was kept: before the index is closed or changes. */
void kb_index_cache__reset(struct kb *kb);

/* Forget it and free its room: the handle closes. */
void kb_index_cache__free(struct kb *kb);

/*
 * The index's synonyms (its meta table, as index.c wrote them), read on
 * first need; *out NULL when there are none.  Needs the index open.
 */
int kb_index_cache__synonyms(const struct synonyms **out, struct kb *kb);

/*
 * The number of answers with the stem `len` bytes at `stem` (the index's
 * stems table); 0 when none.  Needs the index open.
 */
int kb_index_cache__stem_df(long long *out, struct kb *kb, const char *stem,
    size_t len);

#endif
