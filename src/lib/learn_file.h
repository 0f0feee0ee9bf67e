/*
 * The file in which the centre publishes what search learned there, on
 * the ref refs/kb/learned, for the offices (kb learn --publish; kbsync
 * fetches it into refs/kb/central/learned).  One line per answer:
 *
 *	answer-id<TAB>word weight word weight ...
 *
 * words as the index's raw tokenizer cuts them, weights 1 to
 * LEARNED_WEIGHT_MAX; lines starting with '#' and empty lines are
 * comments.  Whoever can write the ref can write anything into it, so an
 * office trusts nothing in it: the file is read only up to
 * LEARN_FILE_MAX bytes, and a line that is not exactly of this form is
 * skipped with a warning naming its line, never quoting it.
 */
#ifndef KB_LEARN_FILE_H
#define KB_LEARN_FILE_H

#include <stddef.h>

#include "fts.h"
#include "kb/diag.h"
#include "learned.h"

#define LEARN_FILE_PATH "learned.txt"	/* in the commit's tree */
#define LEARN_FILE_MAX (8u << 20)
#define LEARN_FILE_MAX_TEXT "8 MiB"
#define LEARN_FILE_LINE_MAX 4096
/* Warnings about one file: then one line says how many more. */
#define LEARN_FILE_WARNINGS 20

/*
 * The file for `l` (in kb_learned__finish() order), without the words that
 * came only from another centre (agents 0), and at most LEARN_FILE_MAX
 * bytes: answers that would not fit are left out (*left_out).  Caller
 * frees.
 */
char *kb_learn_file__format(size_t *answers, size_t *words, size_t *left_out,
    const struct learned *l);

/*
 * Add the words of the file text[0..len) to `into` (agents 0).  Bad
 * lines are reported through `cb` (may be NULL) as warnings on `path`
 * and skipped.
 */
void kb_learn_file__parse(struct learned *into, struct fts_tokenizer *tok,
    const char *text, size_t len, const char *path, kb_diag_cb cb,
    void *payload);

#endif
