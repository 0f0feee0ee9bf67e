/*
 * The evidence search learns from: the uses in the usage logs, each with
 * the query that found the answer.  A word of such a query counts for
 * the answer once at least LEARNED_MIN_AGENTS different agents used the
 * answer after a query with that word; each agent counts once per answer
 * and word, however often it used it, so one busy agent teaches nothing
 * on its own.  Words are cut and stemmed by the index's own tokenizers
 * (fts.h); stop words (query.h), and words longer than LEARNED_WORD_MAX
 * bytes, are left out.
 *
 * The work is bounded: the newest LEARN_EVIDENCE_EVENTS uses of each log,
 * LEARN_EVIDENCE_QUERY_WORDS words of a query, and
 * LEARN_EVIDENCE_PAIRS (answer, word) pairs in all.
 */
#ifndef KB_LEARN_EVIDENCE_H
#define KB_LEARN_EVIDENCE_H

#include "db.h"
#include "fts.h"
#include "learned.h"
#include "strmap.h"

#define LEARN_EVIDENCE_EVENTS 100000
#define LEARN_EVIDENCE_QUERY_WORDS 32
#define LEARN_EVIDENCE_PAIRS 500000
#define LEARN_EVIDENCE_STEMS 200000
/* Bytes of a query and of an agent's name that are read. */
#define LEARN_EVIDENCE_QUERY_MAX 2000
#define LEARN_EVIDENCE_AGENT_MAX 200

/* An (answer, word) pair: its key is in learn_evidence.pairs. */
struct learn_pair {
	unsigned agents;
	char *word;		/* as typed, normalised */
};

struct learn_evidence {
	struct fts_tokenizer *tok;	/* borrowed */
	struct strmap pairs;	/* "answer\037stem" -> position + 1 */
	struct learn_pair *v;
	size_t npairs, cap;
	char *answer, *agent;	/* the group of uses being read */
	struct strmap seen;	/* stems this agent gave for this answer */
	unsigned long uses;	/* uses read */
	/* Queries repeat their words: each word's stem is worked out once
	 * (kb_learned__stem), up to LEARN_EVIDENCE_STEMS words. */
	struct strmap stem_of;	/* word -> position + 1, or -1: none */
	char **stems;
	size_t nstems, stems_cap;
};

void kb_learn_evidence__init(struct learn_evidence *e,
    struct fts_tokenizer *tok);

/*
 * One use of `answer` by `agent` after `query`.  Uses must come grouped
 * by answer, then by agent (ORDER BY answer, agent): an agent is counted
 * once per answer and word within its group.
 */
void kb_learn_evidence__use(struct learn_evidence *e, const char *answer,
    const char *agent, const char *query);

/* Put every word that enough agents taught into `into`. */
void kb_learn_evidence__finish(struct learned *into, struct learn_evidence *e);

void kb_learn_evidence__free(struct learn_evidence *e);

/*
 * Read the uses of the usage log attached to `db` as "u" (with `usage`)
 * and, at the centre, of the offices' events attached as "o" (with
 * `offices`: offices.h) into `into`; *uses: how many were read.  An
 * office's agent is another agent than one of the same name elsewhere.
 */
int kb_learn_evidence__read(struct learned *into, unsigned long *uses,
    struct fts_tokenizer *tok, struct db *db, int usage, int offices);

#endif
