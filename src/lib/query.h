/*
 * The query builder: what an agent typed -> FTS5 MATCH expressions.
 *
 * The text is cut into words by the index's own tokenizer, so no input
 * can produce FTS5 syntax: every word goes into the expression quoted.
 * Words joined by '-', '/' or '.' ("W-2", "DS-11") stay one phrase.  Each
 * word is a group of alternatives (itself, its synonyms, a correction, its
 * completions); the MATCH text requires all groups (AND) or any (OR).
 * This is the only file that writes MATCH text.
 */
#ifndef KB_QUERY_H
#define KB_QUERY_H

#include <stddef.h>

#include "fts.h"
#include "strlist.h"

#define QUERY_MAX_TERMS 96	/* further words are ignored */
#define QUERY_SHORT 16		/* past this many terms, a long text keeps
				 * only its telling words, each once */
#define QUERY_MAX_TOKENS 2048	/* of a pasted text, the first this many */
#define QUERY_MAX_ALTS 8	/* alternatives per word */

struct query_term {
	char *word;		/* normalised: lower case, no accents */
	char *stem;		/* stems of its words, space-separated */
	int prefix;		/* the last word, maybe still being typed */
	int protect;		/* digits or an acronym: never corrected */
	int stop;		/* a stop word: left out of searches */
	int skip;		/* merged into the previous term's synonym */
	struct strlist alts;	/* other words and phrases that stand for it */
};

struct query {
	struct query_term terms[QUERY_MAX_TERMS];
	size_t n;
};

/* Cut `text` (any bytes) into terms. */
void kb_query__parse(struct query *q, struct fts_tokenizer *t, const char *text,
    size_t len);
void kb_query__free(struct query *q);

/* Terms that take part in a search (not stop words, not merged). */
size_t kb_query__active(const struct query *q);

enum query_op {
	QUERY_AND,
	QUERY_OR
};

enum query_match_flags {
	/*
	 * For an index without prefix entries (bodies): a half-typed last
	 * word shorter than QUERY_PREFIX_MIN is searched as itself and its
	 * alternatives (the words it may become), never as "wo"*: FTS5 reads
	 * every doclist a prefix covers, and "a"* covers a good part of the
	 * index.  A longer prefix covers a few words and stays.
	 */
	QUERY_NO_PREFIX = 1 << 0
};

#define QUERY_PREFIX_MIN 5	/* bytes of the word's last token */

/*
 * The MATCH expression for the active terms, or NULL when none is left.
 * *groups gets the group of every phrase in order ("0 0 1"), for
 * kb_rank(); `phrases` (may be NULL) gets each phrase's text in the same
 * order.  Caller frees.
 */
char *kb_query__match(char **groups, struct strlist *phrases,
    const struct query *q, enum query_op op, unsigned flags);

/* `phrase` as one quoted FTS5 phrase, "" doubled (caller frees). */
char *kb_query__quote(const char *phrase);

/* The half-typed last word, or NULL when the text ends with a space. */
struct query_term *kb_query__prefix_term(struct query *q);

/* Add an alternative phrase to a term (ignored past QUERY_MAX_ALTS). */
void kb_query__term_add_alt(struct query_term *term, const char *phrase);

/* 1 for the English and Spanish words that carry no meaning in a search. */
int kb_query__is_stop_word(const char *word);

#endif
