/*
 * The FTS5 extension API: the tokenizers kb shares with the index, and
 * kb_rank(), the ranking function searches order by.
 *
 * Queries are tokenized by the very tokenizers the index uses, so that
 * what an agent types is cut into words exactly as answers were.
 */
#ifndef KB_FTS_H
#define KB_FTS_H

#include <sqlite3.h>
#include <stddef.h>

/* The tokenizer spelling shared by the schema and kb_fts__tokenizer_open(). */
#define FTS_TOKENIZE_STEMMED "porter unicode61 remove_diacritics 2"

struct fts_tokenizer;

enum fts_tokenizer_kind {
	FTS_RAW,	/* unicode61: lower case, accents removed */
	FTS_STEMMED	/* porter over unicode61: what the index holds */
};

/* Called per token: bytes of the token and its byte range in the input. */
typedef void (*fts_token_cb)(const char *token, size_t len, size_t start,
    size_t end, void *payload);

/* The connection's FTS5 API, or NULL when SQLite lacks FTS5. */
fts5_api *kb_fts__api(sqlite3 *db);

int kb_fts__tokenizer_open(struct fts_tokenizer **out, sqlite3 *db);
void kb_fts__tokenizer_close(struct fts_tokenizer *t);
int kb_fts__tokenize(struct fts_tokenizer *t, enum fts_tokenizer_kind kind,
    const char *text, size_t len, fts_token_cb cb, void *payload);

/*
 * Register kb_rank(table, min_coverage, groups, min_evidence, min_peak,
 * dfs) on a connection: BM25 with field weights (title, tags, body), where
 * phrases that stand for the same word (its synonyms, corrections,
 * completions) form one group and count once, with the idf of the
 * commonest of them; times the share of the query's groups (weighted by
 * rarity, idf) that the row matches; times a little more when the row
 * has its telling words close together.  A row scores 0 when
 * that share is below min_coverage or when the idf it matches adds up to
 * less than min_evidence words found in a single answer; others score
 * below 0, lower is better, like bm25().  `groups` gives each phrase's
 * group, e.g. "0 0 1".  `dfs`, when given, is each phrase's document
 * frequency ("120 4 -1"); for -1, or without `dfs`, kb_rank counts it by
 * walking every row that has the phrase, which is what makes bm25() slow
 * on common words.
 */
/*
 * And kb_cover(table, groups, dfs): what a row has of the query, as text
 * of seven figures: the share of the query's idf it matches, the share
 * it matches in title or tags, the share of groups no answer has, its
 * most telling group's idf over the query's, its BM25, the share of the
 * COVER_ENOUGH most telling groups' idf it matches (at most 1; for a
 * long text, "enough" of it), and the share of that it has within a few
 * words of each other.  confidence.c reads them.
 */
int kb_fts__register_rank(sqlite3 *db);

#endif
