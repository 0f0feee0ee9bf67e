/*
 * Search: from what an agent typed to ranked answers.
 *
 * 1. The text becomes terms (query.c); synonyms join each term as
 *    alternatives, and the last, half-typed word stands for the commonest
 *    words of titles and tags it may become (its completions).
 * 2. Every term must match (AND).  In bodies a short half-typed word is
 *    searched through its completions, never as "wo"*: a prefix costs
 *    FTS5 every doclist it covers (query.h).  The small title/tags index
 *    has prefix entries and takes "wo"* as typed.
 * 3. No stage ranks more than RANK_CAP rows, whatever the KB's size: an
 *    unranked probe finds whether a query is that broad ("app", "time");
 *    then titles are ranked first, and bodies only over the first
 *    RANK_CAP matches.  Typing on narrows it within a few keystrokes.
 * 4. Too few hits: words that match nothing are corrected against the
 *    vocabulary, and the search widens to any term (OR), keeping only
 *    answers that cover enough of the query (kb_rank's coverage), so that
 *    a question the KB does not answer gets no hits.
 */
#include "kb/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "fts.h"
#include "kb/clock.h"
#include "kb_private.h"
#include "query.h"
#include "standing_sql.h"
#include "strlist.h"
#include "synonyms.h"
#include "typo.h"
#include "xmalloc.h"

#define MIN_HITS 3		/* fewer than this from AND: widen */
/*
 * A widened hit must cover this share of the query (by idf), add up to
 * this many rare words' worth, and match a word nearly as telling as the
 * query's most telling one: "marriage license" must not find the business
 * licence.  Measured with make eval; see README.md.
 */
#define MIN_COVERAGE 0.3
#define MIN_EVIDENCE 0.75
#define MIN_PEAK 0.7
/* Beside answers with every word, widened hits scoring under this share
 * of the best are left out: they pad the list, not answer the question
 * (make eval: no change to hit@1, hit@3 or MRR up to 0.6). */
#define WIDENED_FLOOR 0.5
#define COMPLETIONS 6		/* words a half-typed word may stand for */
#define RANK_CAP 1000		/* rows one stage ranks at most */
#define SNIPPET_TOKENS 14
#define SNIPPET_OPEN "\x02"
#define SNIPPET_CLOSE "\x03"

struct search_state {
	struct synonyms *synonyms;
	int loaded;
	sqlite3_stmt *df_lookup;	/* a stem's document frequency */
};

void
kb_search__reset(struct kb *kb)
{
	if (kb->search == NULL)
		return;
	synonyms_free(kb->search->synonyms);
	kb->search->synonyms = NULL;
	kb->search->loaded = 0;
	sqlite3_finalize(kb->search->df_lookup);
	kb->search->df_lookup = NULL;
}

struct df_ctx {
	struct kb *kb;
	int64_t df;		/* -1 before the first word */
	int words;
	int rc;
};

static void
on_stem_df(const char *stem, size_t n, size_t start, size_t end,
    void *payload)
{
	struct df_ctx *c = payload;
	struct search_state *s = c->kb->search;
	int64_t df = 0;
	int rc;

	(void)start;
	(void)end;
	if (c->rc < 0 || c->words++ > 0)
		return;
	if (s->df_lookup == NULL && (c->rc = db_prepare(c->kb->index,
	    &s->df_lookup, "SELECT df FROM stems WHERE term = ?")) < 0)
		return;
	sqlite3_bind_text(s->df_lookup, 1, stem, (int)n, SQLITE_STATIC);
	if ((rc = sqlite3_step(s->df_lookup)) == SQLITE_ROW)
		df = sqlite3_column_int64(s->df_lookup, 0);
	else if (rc != SQLITE_DONE)
		c->rc = db_fail(c->kb->index, rc, "counting a word");
	sqlite3_reset(s->df_lookup);
	c->df = df;
}

/*
 * "12 0 -1": each word's document frequency in the body index, from the
 * stems table.  A phrase of several words ("motor vehicles") is -1:
 * kb_rank counts it, which costs little because phrases are rare.
 */
static int
phrase_dfs(struct kb *kb, const struct strlist *phrases, char **out)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < phrases->n; i++) {
		struct df_ctx c = { kb, -1, 0, 0 };

		fts_tokenize(kb->tokenizer, FTS_STEMMED, phrases->v[i],
		    strlen(phrases->v[i]), on_stem_df, &c);
		if (c.rc < 0) {
			buf_free(&b);
			return c.rc;
		}
		buf_addf(&b, "%s%lld", i ? " " : "", (long long)(c.words == 1 ?
		    c.df : -1));
	}
	*out = buf_detach(&b);
	return 0;
}

static int
load_synonyms(struct kb *kb)
{
	struct search_state *s;
	sqlite3_stmt *st;
	int rc;

	if (kb->search == NULL)
		kb->search = xcalloc(1, sizeof(*kb->search));
	s = kb->search;
	if (s->loaded)
		return 0;
	rc = sqlite3_prepare_v2(kb->index->h,
	    "SELECT value FROM meta WHERE key = 'synonyms'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(kb->index, rc, "reading synonyms");
	if (sqlite3_step(st) == SQLITE_ROW)
		s->synonyms = synonyms_parse(
		    (const char *)sqlite3_column_text(st, 0), kb->tokenizer,
		    "synonyms.txt", NULL, NULL);
	sqlite3_finalize(st);
	s->loaded = 1;
	return 0;
}

/* Give every term that is (part of) a synonym its group's other members. */
static void
add_synonyms(struct query *q, const struct synonyms *syn)
{
	char *stems[QUERY_MAX_TERMS];
	size_t i, j, k, phrase, len;

	for (i = 0; i < q->n; i++)
		stems[i] = q->terms[i].stem;
	for (i = 0; i < q->n; i++) {
		struct query_term *t = &q->terms[i];
		int g = synonyms_match(syn, stems, q->n, i, &phrase, &len);

		if (g < 0)
			continue;
		/* "motor vehicles" -> one term: the later words fold in. */
		if (len > 1) {
			struct buf w = BUF_INIT;

			for (j = i; j < i + len; j++) {
				if (j > i)
					buf_addc(&w, ' ');
				buf_adds(&w, q->terms[j].word);
				if (j > i)
					q->terms[j].skip = 1;
			}
			free(t->word);
			t->word = buf_detach(&w);
			t->prefix = q->terms[i + len - 1].prefix;
			t->stop = 0;
		}
		for (k = 0; k < syn->groups[g].nphrases; k++)
			if (k != phrase)
				query_term_add_alt(t,
				    syn->groups[g].phrases[k].text);
		i += len - 1;
	}
}

/*
 * The index is stemmed, and "securit"* does not find the stem "secur":
 * a half-typed word also stands for the commonest words it begins.
 */
static int
add_completions(struct kb *kb, struct query *q)
{
	struct query_term *t;
	sqlite3_stmt *st;
	char hi[QUERY_MAX_TERMS * 8];
	int rc;

	if ((t = query_prefix_term(q)) == NULL ||
	    strlen(t->word) + 2 > sizeof(hi))
		return 0;
	snprintf(hi, sizeof(hi), "%s\xff", t->word);
	rc = sqlite3_prepare_v2(kb->index->h, "SELECT term FROM vocab "
	    "WHERE term > ?1 AND term < ?2 ORDER BY df DESC LIMIT ?3", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(kb->index, rc, "completing a word");
	sqlite3_bind_text(st, 1, t->word, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, 2 * COMPLETIONS);
	/* "wher" should not stand for "where": stop words find everything. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && t->alts.n < COMPLETIONS)
		if (!query_is_stop_word((const char *)sqlite3_column_text(st,
		    0)))
			query_term_add_alt(t,
			    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
	    db_fail(kb->index, rc, "completing a word");
}

/* Hits gathered over the stages, each answer once. */
struct gather {
	struct kb_results *res;
	size_t cap;
	unsigned limit;
	double floor;		/* widened hits must score at least this */
};

static int
have_hit(const struct gather *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->res->nhits; i++)
		if (strcmp(g->res->hits[i].id, id) == 0)
			return 1;
	return 0;
}

/* Turn the snippet's markers into spans of KB_STYLE_MARK. */
static void
set_snippet(struct kb_hit *hit, const char *marked)
{
	struct buf clean = BUF_INIT;
	size_t cap = 0, start = 0;
	const char *p;

	for (p = marked; p && *p; p++) {
		if (*p == SNIPPET_OPEN[0]) {
			start = clean.len;
		} else if (*p == SNIPPET_CLOSE[0]) {
			xgrow(&hit->marks, &cap, hit->nmarks + 1,
			    sizeof(*hit->marks));
			hit->marks[hit->nmarks].start = start;
			hit->marks[hit->nmarks].len = clean.len - start;
			hit->marks[hit->nmarks].style = KB_STYLE_MARK;
			hit->nmarks++;
		} else {
			buf_addc(&clean, *p);
		}
	}
	hit->snippet = buf_detach(&clean);
}

static void
add_hit(struct gather *g, sqlite3_stmt *st, int with_snippet)
{
	struct kb_results *r = g->res;
	struct kb_hit *hit;

	xgrow(&r->hits, &g->cap, r->nhits + 1, sizeof(*r->hits));
	hit = &r->hits[r->nhits++];
	memset(hit, 0, sizeof(*hit));
	hit->id = xstrdup((const char *)sqlite3_column_text(st, 0));
	hit->title = xstrdup((const char *)sqlite3_column_text(st, 1));
	hit->tags = xstrdup((const char *)sqlite3_column_text(st, 2));
	hit->lang = xstrdup((const char *)sqlite3_column_text(st, 3));
	snprintf(hit->version, sizeof(hit->version), "%s",
	    sqlite3_column_text(st, 4));
	if (with_snippet)
		set_snippet(hit, (const char *)sqlite3_column_text(st, 5));
	hit->score = -sqlite3_column_double(st, 6);
}

enum fts_table {
	BODY_INDEX,		/* answer_fts: title, tags and body */
	TITLE_INDEX		/* title_fts: title and tags, with prefixes */
};

/*
 * One ranked query.  FTS5 orders by rank itself, so snippets are made only
 * for the rows returned; rows below the coverage score 0 and end the list.
 */
static int
run_ranked(struct kb *kb, struct gather *g, enum fts_table table,
    const char *match, const char *groups, const char *dfs,
    double min_coverage, sqlite3_int64 bound,
    const struct kb_search_options *opts)
{
	const char *fts = table == BODY_INDEX ? "answer_fts" : "title_fts";
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int widened = min_coverage > 0.0, rc, param = 4;
	char *rank, *in_use, today[11];

	if (g->res->nhits >= g->limit)
		return 0;
	rank = sqlite3_mprintf("kb_rank(%.3f, %Q, %.3f, %.3f, %Q)",
	    min_coverage, groups, widened ? MIN_EVIDENCE : 0.0,
	    widened ? MIN_PEAK : 0.0, dfs);
	buf_addf(&sql, "SELECT a.id, a.title, a.tags, a.lang, a.version, ");
	if (table == BODY_INDEX)
		buf_addf(&sql, "snippet(answer_fts, 2, '" SNIPPET_OPEN "', '"
		    SNIPPET_CLOSE "', '…', %d), ", SNIPPET_TOKENS);
	else
		buf_addf(&sql, "(SELECT substr(body, 1, 100) FROM answer_fts "
		    "WHERE answer_fts.rowid = a.rowid), ");
	/* Answers not in effect today, expired or replaced are left out
	 * on the day, whenever the index was built. */
	in_use = standing_sql_in_use("a", 3);
	buf_addf(&sql, "%s.rank FROM %s JOIN answer a ON a.rowid = %s.rowid "
	    "WHERE %s MATCH ?1 AND %s.rank MATCH ?2 AND %s", fts, fts, fts,
	    fts, fts, in_use);
	free(in_use);
	if (opts->lang)
		buf_addf(&sql, " AND (a.lang = ?%d OR a.lang LIKE ?%d || '-%%')",
		    param, param), param++;
	if (opts->tag)
		buf_addf(&sql, " AND instr(',' || lower(replace(a.tags, ', ', "
		    "',')) || ',', ',' || lower(?%d) || ',') > 0", param++);
	if (bound)
		buf_addf(&sql, " AND %s.rowid <= %lld", fts, (long long)bound);
	buf_addf(&sql, " ORDER BY %s.rank LIMIT ?%d", fts, param);

	rc = sqlite3_prepare_v2(kb->index->h, buf_cstr(&sql), -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(kb->index, rc, "preparing a search");
		goto done;
	}
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rank, -1, SQLITE_STATIC);
	kb_today(today);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
	param = 4;
	if (opts->lang)
		sqlite3_bind_text(st, param++, opts->lang, -1, SQLITE_STATIC);
	if (opts->tag)
		sqlite3_bind_text(st, param++, opts->tag, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, param, (int)(g->limit + g->res->nhits));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    g->res->nhits < g->limit) {
		double score = -sqlite3_column_double(st, 6);

		if (score <= 0.0 || (widened && score < g->floor))
			break;
		if (!have_hit(g, (const char *)sqlite3_column_text(st, 0)))
			add_hit(g, st, opts->snippets);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_fail(kb->index, rc, "searching");
done:
	sqlite3_finalize(st);
	sqlite3_free(rank);
	buf_free(&sql);
	return rc;
}

/* Tell the caller's trace hook what a stage searched and found. */
static void
trace(const struct kb_search_options *opts, const char *stage,
    const char *match, const struct gather *g, size_t before)
{
	struct buf line = BUF_INIT;
	size_t i;

	if (opts->trace == NULL)
		return;
	buf_addf(&line, "%s %s ->", stage, match ? match : "(none)");
	for (i = before; i < g->res->nhits; i++)
		buf_addf(&line, " %s(%.2f)", g->res->hits[i].id,
		    g->res->hits[i].score);
	opts->trace(buf_cstr(&line), opts->trace_payload);
	buf_free(&line);
}

/*
 * 0 when fewer than RANK_CAP answers match; else the rowid of the
 * RANK_CAP-th match, so that ranking can stop there.  FTS5 walks matches
 * in rowid order without ranking them: this costs little.
 */
static int
probe(struct kb *kb, const char *fts, const char *match,
    sqlite3_int64 *bound)
{
	sqlite3_stmt *st;
	char sql[160];
	int rc;

	*bound = 0;
	snprintf(sql, sizeof(sql), "SELECT rowid FROM %s WHERE %s MATCH ? "
	    "ORDER BY rowid LIMIT 1 OFFSET %d", fts, fts, RANK_CAP - 1);
	if ((rc = sqlite3_prepare_v2(kb->index->h, sql, -1, &st, NULL)) !=
	    SQLITE_OK)
		return db_fail(kb->index, rc, "searching");
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*bound = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_fail(kb->index, rc, "searching");
}

/*
 * One stage: build the MATCH text, probe how broad it is, rank at most
 * RANK_CAP rows.  With `skip_if_broad`, a broad query is not ranked here
 * (*broad says so) and the caller goes another way first.
 */
static int
search_stage(struct kb *kb, struct gather *g, const struct query *q,
    enum fts_table table, enum query_op op, double coverage,
    const struct kb_search_options *opts, int skip_if_broad, int *broad)
{
	const char *fts = table == BODY_INDEX ? "answer_fts" : "title_fts";
	struct strlist phrases = STRLIST_INIT;
	size_t before = g->res->nhits;
	char *groups = NULL, *match, *dfs = NULL;
	sqlite3_int64 bound = 0;
	int rc = 0;

	*broad = 0;
	match = query_match(q, op, table == BODY_INDEX ? QUERY_NO_PREFIX : 0,
	    &groups, &phrases);
	if (match && g->res->nhits < g->limit &&
	    (rc = probe(kb, fts, match, &bound)) == 0) {
		*broad = bound != 0;
		/* Title phrases may be prefixes: kb_rank counts those. */
		if (!(*broad && skip_if_broad) && (table == TITLE_INDEX ||
		    (rc = phrase_dfs(kb, &phrases, &dfs)) == 0))
			rc = run_ranked(kb, g, table, match, groups, dfs,
			    coverage, bound, opts);
	}
	free(dfs);
	strlist_free(&phrases);
	trace(opts, table == TITLE_INDEX ? "title" : op == QUERY_AND ? "and" :
	    "or", match, g, before);
	free(match);
	free(groups);
	return rc;
}

/*
 * All words must match.  A query so broad that ranking all of it would
 * take too long is ranked over titles first (where its words are in the
 * title, an answer is about them), then over the first RANK_CAP bodies.
 */
static int
search_all_words(struct kb *kb, struct gather *g, const struct query *q,
    const struct kb_search_options *opts)
{
	int broad, rc;

	if ((rc = search_stage(kb, g, q, BODY_INDEX, QUERY_AND, 0.0, opts, 1,
	    &broad)) < 0 || !broad)
		return rc;
	if ((rc = search_stage(kb, g, q, TITLE_INDEX, QUERY_AND, 0.0, opts, 0,
	    &broad)) < 0)
		return rc;
	return search_stage(kb, g, q, BODY_INDEX, QUERY_AND, 0.0, opts, 0,
	    &broad);
}

/* 1 when the term, with its alternatives, is somewhere in the index. */
static int
term_found(struct kb *kb, const struct query_term *t)
{
	struct query one;
	sqlite3_stmt *st;
	char *match, *groups = NULL;
	int found = 0;

	memset(&one, 0, sizeof(one));
	one.terms[0] = *t;
	one.terms[0].stop = 0;
	one.n = 1;
	if ((match = query_match(&one, QUERY_AND, QUERY_NO_PREFIX,
	    &groups, NULL)) == NULL)
		return 1;
	if (sqlite3_prepare_v2(kb->index->h, "SELECT 1 FROM answer_fts "
	    "WHERE answer_fts MATCH ? LIMIT 1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	free(match);
	free(groups);
	return found;
}

/* Correct the words that match nothing; returns how many were. */
static int
correct_typos(struct kb *kb, struct query *q, struct kb_results *res)
{
	struct buf shown = BUF_INIT;
	size_t i;
	int corrected = 0;

	for (i = 0; i < q->n; i++) {
		struct query_term *t = &q->terms[i];
		char *fix = NULL;

		if (!t->skip && !t->stop && !t->protect &&
		    strchr(t->word, ' ') == NULL && !term_found(kb, t) &&
		    typo_correct(&fix, kb->index, t->word, t->stem,
		    t->prefix) == 0 &&
		    fix) {
			query_term_add_alt(t, fix);
			corrected++;
		}
		if (t->skip)
			continue;
		if (shown.len)
			buf_addc(&shown, ' ');
		buf_adds(&shown, fix ? fix : t->word);
		free(fix);
	}
	if (corrected)
		res->corrected = buf_detach(&shown);
	buf_free(&shown);
	return corrected;
}

/* Every hit this search keeps is one it is sure of. */
static void
mark_sure(struct kb_results *r)
{
	size_t i;

	for (i = 0; i < r->nhits; i++) {
		r->hits[i].confidence = 1.0;
		r->hits[i].sure = 1;
	}
	r->nsure = r->nhits;
}

static int
search_once(struct kb_results **out, struct kb *kb, const char *text,
    const struct kb_search_options *opts)
{
	struct gather g;
	struct query q;
	int rc;

	*out = NULL;
	rc = opts->no_refresh ? kb_index__open(kb) : kb_index__refresh(kb);
	if (rc < 0)
		return rc;
	/* One read transaction: one snapshot of the index, one lock. */
	if ((rc = db_exec(kb->index, "BEGIN")) < 0)
		return rc;
	if ((rc = load_synonyms(kb)) < 0) {
		db_exec(kb->index, "COMMIT");
		return rc;
	}
	memset(&g, 0, sizeof(g));
	g.res = xcalloc(1, sizeof(*g.res));
	g.limit = opts->limit ? opts->limit : 10;
	query_parse(&q, kb->tokenizer, text ? text : "",
	    text ? strlen(text) : 0);
	if (query_active(&q) == 0)
		goto done;
	add_synonyms(&q, kb->search->synonyms);
	if ((rc = add_completions(kb, &q)) < 0 ||
	    (rc = search_all_words(kb, &g, &q, opts)) < 0)
		goto done;
	if (g.res->nhits >= MIN_HITS || g.res->nhits >= g.limit)
		goto done;
	if (correct_typos(kb, &q, g.res) &&
	    (rc = search_all_words(kb, &g, &q, opts)) < 0)
		goto done;
	if (g.res->nhits < MIN_HITS && query_active(&q) > 1) {
		size_t before = g.res->nhits;
		int broad;

		/* Beside answers with every word, a widened hit must not be
		 * far weaker than the best: no padding the list. */
		g.floor = g.res->nhits ? WIDENED_FLOOR * g.res->hits[0].score :
		    0.0;
		rc = search_stage(kb, &g, &q, BODY_INDEX, QUERY_OR, MIN_COVERAGE,
		    opts, 0, &broad);
		g.res->widened = g.res->nhits > before;
	}
done:
	db_exec(kb->index, "COMMIT");
	query_free(&q);
	if (rc < 0) {
		kb_results_free(g.res);
		return rc;
	}
	mark_sure(g.res);
	*out = g.res;
	return 0;
}

int
kb_search(struct kb_results **out, struct kb *kb, const char *text,
    const struct kb_search_options *opts)
{
	struct kb_search_options defaults = KB_SEARCH_OPTIONS_INIT;
	int rc;

	if (opts == NULL)
		opts = &defaults;
	rc = search_once(out, kb, text, opts);
	if (rc < 0 && kb_index__recover(kb))
		rc = search_once(out, kb, text, opts);
	return rc;
}

void
kb_results_free(struct kb_results *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nhits; i++) {
		free(r->hits[i].id);
		free(r->hits[i].title);
		free(r->hits[i].tags);
		free(r->hits[i].lang);
		free(r->hits[i].snippet);
		free(r->hits[i].marks);
	}
	free(r->hits);
	free(r->corrected);
	free(r);
}
