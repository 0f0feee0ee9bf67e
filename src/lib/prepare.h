/*
 * Preparing answers for the index: read the blob, parse, render, and cut
 * into tokens.
 *
 * This is the part of indexing that needs no database, so a full build
 * runs it on worker threads (each with its own repository handle and
 * tokenizer, counting the vocabularies as it goes and recording each
 * answer's tokens on a tape, tape.h) while the caller's thread inserts
 * what is ready: the cores work together.  Small updates run it inline.
 * Results come back in the order given.
 */
#ifndef KB_PREPARE_H
#define KB_PREPARE_H

#include <stddef.h>

#include "kb/answer.h"
#include "kb/diag.h"
#include "tape.h"
#include "vocab.h"

struct prepare_item {
	const char *path;		/* borrowed from the caller's list */
	const char *oid;
};

struct prepared {
	struct kb_answer *answer;	/* NULL when it cannot be indexed */
	char *tags;			/* the tags, joined with ", " */
	char *text;			/* rendered text of the body */
	struct tape tape;		/* the stemmed tokens of all three */
	struct kb_diag *diags;		/* problems found, owned */
	size_t ndiags;
};

struct prepare;

/*
 * Start preparing `items` (which must outlive the pipeline) from the
 * repository at `repo_dir`.  With `threaded`, worker threads do it.
 */
int kb_prepare__start(struct prepare **out, const char *repo_dir,
    const struct prepare_item *items, size_t nitems, int threaded);

/*
 * The next result, in order; *out is NULL after the last.  A negative
 * return is a failure to read the repository (the message is set).
 */
int kb_prepare__next(struct prepared **out, struct prepare *p);

void kb_prepare__prepared_free(struct prepared *r);

/*
 * After the last result: add the words and stems of every answer prepared
 * (vocab.h) to `into`.
 */
void kb_prepare__take_counts(struct vocab_delta *into, struct prepare *p);

/* Stop (the worker is told to quit) and free everything. */
void kb_prepare__finish(struct prepare *p);

#endif
