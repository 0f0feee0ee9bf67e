/*
 * What search has learned from use: for each answer, the words of the
 * searches that ended with it used (kb use; copy, print or save on the
 * screen), each with how many agents taught it and the weight it gets.
 *
 * A set comes from the usage logs (learn_evidence.h) and from the file
 * the centre publishes (learn_file.h); the index holds the merged set
 * in its learned table and, per answer, as the text of answer_fts's
 * learned column (index_learn.h).  Words are as the index's raw
 * tokenizer cuts them (lower case, accents removed); two words with one
 * stem are one word.
 */
#ifndef KB_LEARNED_H
#define KB_LEARNED_H

#include <stddef.h>

#include "fts.h"
#include "strmap.h"

/* A word counts for an answer once this many agents used it for it. */
#define LEARNED_MIN_AGENTS 2
/* The weight of a word: its agents, at most this (one busy office or a
 * crowd of agents cannot make one word outweigh the answer's text). */
#define LEARNED_WEIGHT_MAX 3
/* Words kept per answer: those with the most agents. */
#define LEARNED_WORDS_MAX 64
/* Bytes of a word; longer tokens are not words anyone types. */
#define LEARNED_WORD_MAX 32

struct learned_word {
	char *word;		/* as typed, normalised */
	char *stem;		/* what the index matches it as */
	unsigned agents;	/* agents whose uses taught it here; 0 when
				 * it came only from the centre's file */
	unsigned weight;	/* 1 .. LEARNED_WEIGHT_MAX */
};

struct learned_answer {
	char *id;
	struct learned_word *words;
	size_t n, cap;
};

struct learned {
	struct learned_answer *v;
	size_t n, cap;
	struct strmap where;	/* "id" and "id\037stem" -> position + 1 */
};

#define LEARNED_INIT { NULL, 0, 0, STRMAP_INIT }

/*
 * Add a word for answer `id`, or merge it with the word of the same
 * stem there: the higher agents and weight are kept (a source that
 * knows more agents is right; two sources never add up, since the
 * centre's file already counts the office's own agents).
 */
void kb_learned__put(struct learned *l, const char *id, const char *word,
    const char *stem, unsigned agents, unsigned weight);

/* The answer's words, or NULL. */
const struct learned_answer *kb_learned__find(const struct learned *l,
    const char *id);

/*
 * Put the set in its canonical order, answers by id and each answer's
 * words by weight, agents, then word, and keep LEARNED_WORDS_MAX words
 * per answer.  Call once every word is in; lookups still work after.
 */
void kb_learned__finish(struct learned *l);

/*
 * The text of the index's learned column for words[0..n): each word
 * repeated `weight` times, so that BM25 counts it that often, by weight
 * then word.  Caller frees; "" for none.
 */
char *kb_learned__text(const struct learned_word *words, size_t n);

/*
 * The stem of word[0..n) when it can be learned: one word exactly as the
 * index's raw tokenizer cuts it (valid UTF-8, lower case, no accents, the
 * token is the word itself), no stop word, at most LEARNED_WORD_MAX
 * bytes.  Else NULL.  Caller frees.
 */
char *kb_learned__stem(struct fts_tokenizer *tok, const char *word, size_t n);

/* The number of words in the whole set. */
size_t kb_learned__count_words(const struct learned *l);

void kb_learned__free(struct learned *l);

#endif
