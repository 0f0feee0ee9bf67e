/*
 * The index's two vocabularies, each word -> number of answers using it:
 *
 *   vocab: unstemmed words of titles and tags.  Half-typed words are
 *          completed from it and typos corrected against it.
 *   stems: the stems of everything indexed (what answer_fts holds).  It
 *          gives kb_rank() each word's document frequency in one lookup,
 *          where FTS5 would walk the word's whole doclist.
 *
 * Changes are gathered in memory (+1 for an answer added, -1 for one
 * removed) and written in one pass.  A full build counts on the worker
 * thread that prepares answers, beside the inserts.
 */
#ifndef KB_VOCAB_H
#define KB_VOCAB_H

#include <stdint.h>

#include "db.h"
#include "fts.h"
#include "strmap.h"

struct tape;

/* The distinct tokens of one answer; reused from answer to answer. */
struct vocab_seen {
	char *arena;		/* the tokens, NUL-terminated, end to end */
	size_t len, arena_cap;
	uint32_t *slots;	/* 1 + offset into arena; 0 is empty */
	uint32_t *hashes;	/* of each slot's token */
	size_t cap, used;
};

struct vocab_delta {
	struct strmap words;
	struct strmap stems;
	struct vocab_seen seen;
};

/*
 * Count the distinct words and stems of one answer, +1 or -1; with a
 * `tape`, record the stemmed tokens of the three texts on it (tape.h).
 */
void kb_vocab__delta_answer(struct vocab_delta *v, struct tape *tape,
    struct fts_tokenizer *t, const char *title, const char *tags,
    const char *text, int sign);

/*
 * An answer's learned words (index_learn.h) went from `before` to
 * `after`: count the words and stems that only they give it (-1 for
 * those of `before`, +1 for those of `after`), so that words learned from
 * use have their document frequency as if the answer's text had them.
 */
void kb_vocab__delta_learned(struct vocab_delta *v, struct fts_tokenizer *t,
    const char *title, const char *tags, const char *text,
    const char *before, const char *after);

/* Add the counts of `from` to `into` and empty `from`. */
void kb_vocab__delta_merge(struct vocab_delta *into, struct vocab_delta *from);

/* Apply the gathered changes to both tables (inside a transaction). */
int kb_vocab__delta_write(struct vocab_delta *v, struct db *db);

void kb_vocab__delta_clear(struct vocab_delta *v);

#endif
