/*
 * make eval: the search-quality scorer.  Queries go to the real `kb
 * search` program (as the dev set's score.sh does) and to a plain FTS5
 * "any word" baseline over the same answer files; both are scored per
 * kind of query.  See eval.c.
 */
#ifndef KB_EVAL_H
#define KB_EVAL_H

#include <stddef.h>

#define EVAL_TOP 10		/* hits that count, as in score.sh */

struct query {
	char *text;
	char **expected;	/* acceptable answer ids; none: a need the KB
				 * does not cover (NONE) */
	size_t nexpected;
	char *kind;		/* sentence, keywords, typo, ... */
};

struct query_set {
	struct query *v;
	size_t n;
};

/* At most EVAL_TOP answer ids, best first; owns them. */
struct hits {
	char *ids[EVAL_TOP];
	size_t n;
};

/* How one system did on one query. */
struct outcome {
	unsigned rank;		/* of the first expected id, 1-based; 0: absent */
	int empty;		/* ran fine and found nothing */
	int failed;		/* the command exited non-zero */
	char top3[160];		/* its first three ids, comma-separated */
};

/* queries.c */
int queries_load(struct query_set *out, const char *path);
void queries_free(struct query_set *qs);
void outcome_set(struct outcome *o, const struct query *q,
    const struct hits *h, int failed);

/* hits.c */
void hits_parse(struct hits *h, const char *text, size_t len);
void hits_add(struct hits *h, const char *id, size_t len);
void hits_clear(struct hits *h);

/* run.c: a program with stdin closed, its output kept (bounded). */
struct capture {
	char *out;		/* stdout, NUL-terminated */
	size_t nout;
	char err[512];		/* the start of stderr, NUL-terminated */
};

int run_capture(char *const argv[], struct capture *c);
void capture_free(struct capture *c);

/* baseline.c: title, tags and body in one FTS5 table, any word, bm25. */
struct baseline;

int baseline_open(struct baseline **out, const char *answers_dir);
int baseline_search(struct baseline *b, const char *query, struct hits *h);
size_t baseline_count(const struct baseline *b);
void baseline_close(struct baseline *b);

/* table.c */
void table_print(const char *title, const struct query_set *qs,
    const char *const names[2], const struct outcome *const res[2]);
void headline_print(const char *name, const struct query_set *qs,
    const struct outcome *res);

/* kb_cmd.c: the kb program under test. */
struct kb_target {
	const char *bin;	/* the kb program */
	const char *repo;	/* the KB repository it is given */
};

int kb_search_outcome(struct outcome *o, const struct kb_target *t,
    const struct query *q, int every, unsigned *errors);
int kb_use(const struct kb_target *t, const char *agent, const char *id,
    const char *query);
int kb_reindex(const struct kb_target *t);

/*
 * learn_cv.c: learning from use, cross-validated.  res[i] is query i's
 * outcome scored in the fold that did not learn from it; repos are two
 * fresh copies of the KB, one per fold.
 */
int learn_cv(struct outcome *res, const struct query_set *qs,
    const char *kb_bin, const char *const repos[2], unsigned *errors);

#endif
