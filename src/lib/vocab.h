/*
 * The index's vocabulary: unstemmed words of titles and tags with the
 * number of answers that use them.  Search corrects typos against it and
 * completes half-typed words from it.
 *
 * Changes are gathered in memory (a word's count goes up for an answer
 * added and down for one removed) and written in one pass.
 */
#ifndef KB_VOCAB_H
#define KB_VOCAB_H

#include "db.h"
#include "fts.h"

struct vocab_delta;

struct vocab_delta *vocab_delta_new(void);
void vocab_delta_free(struct vocab_delta *v);

/* Count the distinct words of an answer's title and tags, +1 or -1. */
void vocab_delta_answer(struct vocab_delta *v, struct fts_tokenizer *t,
    const char *title, const char *tags, int sign);

/* Apply the gathered changes to the vocab table (inside a transaction). */
int vocab_delta_write(struct vocab_delta *v, struct db *db);

#endif
