/*
 * Token tapes: an answer's stemmed tokens, recorded where the answer is
 * prepared (a worker thread, prepare.h) and played back when the writer
 * inserts it, so that FTS5 on the writer's thread does not cut the same
 * text into tokens a second time.
 *
 * Tokenizing is about half of what an FTS5 insert costs.  The worker
 * tokenizes every answer anyway, to count the stems (vocab.h); with a
 * tape, the writer's thread only files the tokens, and a full build
 * runs as fast as the two cores allow rather than as fast as one.
 *
 * The player stands in for the "porter" tokenizer on one connection: for
 * a document text that is exactly a text on the loaded tape (same bytes)
 * it plays the recorded tokens; for anything else (queries, snippets,
 * deletes, a text the tape does not have) it runs the real porter.  The
 * index file is the same either way, and any other connection, kb's or
 * the sqlite3 shell's, reads it with the standard tokenizer.
 */
#ifndef KB_TAPE_H
#define KB_TAPE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define TAPE_MAX_TEXTS 4	/* title, tags, body */

struct tape_token {
	uint32_t offset, len;	/* in the tape's bytes */
	int32_t start, end;	/* byte range in the source text */
};

struct tape_text {
	const char *source;	/* borrowed: must outlive the playback */
	size_t len;
	size_t first, count;	/* its tokens */
};

struct tape {
	char *bytes;
	size_t nbytes, bytes_cap;
	struct tape_token *tokens;
	size_t ntokens, tokens_cap;
	struct tape_text texts[TAPE_MAX_TEXTS];
	int ntexts;
	int recording;		/* 0: kb_tape__add() drops tokens (tape full) */
};

/*
 * Start recording the tokens of `source` (which the tape borrows); past
 * TAPE_MAX_TEXTS texts, later ones are not recorded (and so tokenized by
 * the real tokenizer when inserted).
 */
void kb_tape__begin(struct tape *t, const char *source, size_t len);
/* Record one token of the text begun last. */
void kb_tape__add(struct tape *t, const char *token, size_t len, size_t start,
    size_t end);
void kb_tape__free(struct tape *t);

struct tape_player;

/*
 * Put a player in front of "porter" on `db`; before any FTS5 table of the
 * connection is used.  The connection owns the player and frees it when
 * it closes.
 */
int kb_tape__player_install(struct tape_player **out, sqlite3 *db);

/* The tape to play from now on; NULL for none. */
void kb_tape__player_load(struct tape_player *p, const struct tape *t);

#endif
