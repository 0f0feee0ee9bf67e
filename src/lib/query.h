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

#define QUERY_MAX_TERMS 16	/* further words are ignored */
#define QUERY_MAX_ALTS 8	/* alternatives per word */

struct query_term {
	char *word;		/* normalised: lower case, no accents */
	char *stem;		/* stems of its words, space-separated */
	int prefix;		/* the last word, maybe still being typed */
	int protect;		/* digits or an acronym: never corrected */
	int stop;		/* a stop word: left out of searches */
	int skip;		/* merged into the previous term's synonym */
	struct strlist alts;	/* other phrases that stand for it */
	struct strlist prefix_alts; /* alternatives searched as prefixes */
};

struct query {
	struct query_term terms[QUERY_MAX_TERMS];
	size_t n;
};

/* Cut `text` (any bytes) into terms. */
void query_parse(struct query *q, struct fts_tokenizer *t, const char *text,
    size_t len);
void query_free(struct query *q);

/* Terms that take part in a search (not stop words, not merged). */
size_t query_active(const struct query *q);

enum query_op {
	QUERY_AND,
	QUERY_OR
};

enum query_match_flags {
	QUERY_NO_SHORT_PREFIX = 1 << 0	/* leave out a prefix under 3 bytes */
};

#define QUERY_SHORT_PREFIX 3

/*
 * The MATCH expression for the active terms, or NULL when none is left.
 * *groups gets the group of every phrase in order ("0 0 1"), for
 * kb_rank().  Caller frees both.
 */
char *query_match(const struct query *q, enum query_op op, unsigned flags,
    char **groups);

/* 1 when the last active term is a prefix shorter than 3 bytes. */
int query_has_short_prefix(const struct query *q);

/* Add an alternative phrase to a term (ignored past QUERY_MAX_ALTS). */
void query_term_add_alt(struct query_term *term, const char *phrase,
    int as_prefix);

/* 1 for the English and Spanish words that carry no meaning in a search. */
int query_is_stop_word(const char *word);

#endif
