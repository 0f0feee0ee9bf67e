/*
 * Search: from what an agent typed to ranked answers.
 *
 * 1. The text becomes terms (query.c); a long one keeps its telling words
 *    (focus.c); each word gets its synonyms, completions and corrections
 *    as alternatives (expand.c).
 * 2. Recall first: every answer with any of the words is a candidate
 *    (OR), ranked by kb_rank (fts.c): BM25 with field weights, times the
 *    share of the query's telling words the answer has.  No filter drops
 *    an answer that matches.
 * 3. No search ranks more than RANK_CAP rows, whatever the KB's size: an
 *    unranked probe finds whether a query is that broad, and then only
 *    the first RANK_CAP matches are ranked.
 * 4. Each hit gets a confidence (confidence.c); the sure hits come
 *    first, then the weaker ones.
 */
#include "kb/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "confidence.h"
#include "db.h"
#include "dict.h"
#include "expand.h"
#include "focus.h"
#include "fts.h"
#include "index_cache.h"
#include "kb/clock.h"
#include "kb_private.h"
#include "query.h"
#include "query_lang.h"
#include "standing_sql.h"
#include "strlist.h"
#include "xmalloc.h"

#define RANK_CAP 1000		/* rows one search ranks at most */
#define LANGUAGE_SLACK 5	/* rows read past the limit, so that the
				 * caller's language can come first */
#define SNIPPET_TOKENS 14
#define SNIPPET_OPEN "\x02"
#define SNIPPET_CLOSE "\x03"

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
	long long df;

	(void)start;
	(void)end;
	if (c->rc < 0 || c->words++ > 0)
		return;
	if ((c->rc = kb_index_cache__stem_df(&df, c->kb, stem, n)) == 0)
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

		kb_fts__tokenize(kb->tokenizer, FTS_STEMMED, phrases->v[i],
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

/* Hits gathered over the stages, each answer once. */
struct gather {
	struct kb_results *res;
	size_t cap;
	unsigned limit;		/* hits the caller wants */
	unsigned fetch;		/* rows ranked and read: LANGUAGE_SLACK more */
};

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

/* ... and what kb_cover() measured of each hit (fts.h). */
static void
trace_cover(const struct kb_search_options *opts, const struct kb_hit *hit,
    const char *cover)
{
	struct buf line = BUF_INIT;

	if (opts->trace == NULL)
		return;
	buf_addf(&line, "cover %s %.4f %s", hit->id, hit->score,
	    cover ? cover : "");
	opts->trace(buf_cstr(&line), opts->trace_payload);
	buf_free(&line);
}

static void
add_hit(struct gather *g, sqlite3_stmt *st,
    const struct kb_search_options *opts)
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
	if (opts->snippets)
		set_snippet(hit, (const char *)sqlite3_column_text(st, 5));
	hit->score = -sqlite3_column_double(st, 6);
	kb_confidence__read_cover(hit,
	    (const char *)sqlite3_column_text(st, 7));
	trace_cover(opts, hit, (const char *)sqlite3_column_text(st, 7));
}

/*
 * Rank the matches, best first.  FTS5 orders by rank itself, so snippets
 * are made only for the rows returned.
 */
static int
run_ranked(struct kb *kb, struct gather *g, const char *match,
    const char *groups, const char *dfs, sqlite3_int64 bound,
    const struct kb_search_options *opts)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, param = 4;
	char *rank, *in_use, today[11];

	rank = sqlite3_mprintf("kb_rank(0, %Q, 0, 0, %Q)", groups, dfs);
	buf_addf(&sql, "SELECT a.id, a.title, a.tags, a.lang, a.version, "
	    "snippet(answer_fts, 2, '" SNIPPET_OPEN "', '" SNIPPET_CLOSE
	    "', '…', %d), answer_fts.rank, kb_cover(answer_fts, ?2, ?3) ",
	    SNIPPET_TOKENS);
	/* Answers not in effect today, expired or replaced are left out
	 * on the day, whenever the index was built. */
	in_use = kb_standing_sql__in_use("a", 4);
	buf_addf(&sql, "FROM answer_fts JOIN answer a ON a.rowid = "
	    "answer_fts.rowid WHERE answer_fts MATCH ?1 AND answer_fts.rank "
	    "MATCH ?5 AND %s", in_use);
	free(in_use);
	param = 6;
	if (opts->lang)
		buf_addf(&sql, " AND (a.lang = ?%d OR a.lang LIKE ?%d || '-%%')",
		    param, param), param++;
	if (opts->tag)
		buf_addf(&sql, " AND instr(',' || lower(replace(a.tags, ', ', "
		    "',')) || ',', ',' || lower(?%d) || ',') > 0", param++);
	if (bound)
		buf_addf(&sql, " AND answer_fts.rowid <= %lld",
		    (long long)bound);
	buf_addf(&sql, " ORDER BY answer_fts.rank LIMIT ?%d", param);

	rc = sqlite3_prepare_v2(kb->index->h, buf_cstr(&sql), -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = kb_db__fail(kb->index, rc, "preparing a search");
		goto done;
	}
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, groups, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, dfs, -1, SQLITE_STATIC);
	kb_today(today);
	sqlite3_bind_text(st, 4, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, rank, -1, SQLITE_STATIC);
	param = 6;
	if (opts->lang)
		sqlite3_bind_text(st, param++, opts->lang, -1, SQLITE_STATIC);
	if (opts->tag)
		sqlite3_bind_text(st, param++, opts->tag, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, param, (int)g->fetch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    g->res->nhits < g->fetch)
		add_hit(g, st, opts);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    kb_db__fail(kb->index, rc, "searching");
done:
	sqlite3_finalize(st);
	sqlite3_free(rank);
	buf_free(&sql);
	return rc;
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
		return kb_db__fail(kb->index, rc, "searching");
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*bound = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    kb_db__fail(kb->index, rc, "searching");
}

/*
 * The search: every answer with any of the words, ranked.  A query so
 * broad that ranking all of it would take too long ranks the first
 * RANK_CAP matches only.
 */
static int
search_any_word(struct kb *kb, struct gather *g, const struct query *q,
    const struct kb_search_options *opts)
{
	struct strlist phrases = STRLIST_INIT;
	char *groups = NULL, *match, *dfs = NULL;
	sqlite3_int64 bound = 0;
	int rc = 0;

	match = kb_query__match(&groups, &phrases, q, QUERY_OR,
	    QUERY_NO_PREFIX);
	if (match && (rc = probe(kb, "answer_fts", match, &bound)) == 0 &&
	    (rc = phrase_dfs(kb, &phrases, &dfs)) == 0)
		rc = run_ranked(kb, g, match, groups, dfs, bound, opts);
	trace(opts, "any", match, g, 0);
	free(dfs);
	strlist_free(&phrases);
	free(match);
	free(groups);
	return rc;
}

static void
hit_free(struct kb_hit *h)
{
	free(h->id);
	free(h->title);
	free(h->tags);
	free(h->lang);
	free(h->snippet);
	free(h->marks);
}

/* Drop the hits past the first `limit`. */
static void
keep_first(struct kb_results *r, size_t limit)
{
	while (r->nhits > limit)
		hit_free(&r->hits[--r->nhits]);
}

/* Asked in Spanish: its words may stand for English cognates. */
static int
in_spanish(const char *text)
{
	const char *lang = text ? kb_query_lang__guess(text) : NULL;

	return lang != NULL && strcmp(lang, "es") == 0;
}

static int
search_once(struct kb_results **out, struct kb *kb, const char *text,
    const struct kb_search_options *opts)
{
	const struct synonyms *synonyms;
	struct gather g;
	struct query q;
	int rc;

	*out = NULL;
	rc = opts->no_refresh ? kb_index__open(kb) : kb_index__refresh(kb);
	if (rc < 0)
		return rc;
	/* One read transaction: one snapshot of the index, one lock. */
	if ((rc = kb_db__exec(kb->index, "BEGIN")) < 0)
		return rc;
	if ((rc = kb_index_cache__synonyms(&synonyms, kb)) < 0) {
		kb_db__exec(kb->index, "COMMIT");
		return rc;
	}
	memset(&g, 0, sizeof(g));
	g.res = xcalloc(1, sizeof(*g.res));
	g.limit = opts->limit ? opts->limit : 10;
	g.fetch = g.limit + LANGUAGE_SLACK;
	kb_query__parse(&q, kb->tokenizer, text ? text : "",
	    text ? strlen(text) : 0);
	if (kb_query__active(&q) == 0)
		goto done;
	if ((rc = kb_focus__query(kb, &q)) < 0 ||
	    (rc = kb_expand__query(&g.res->corrected, kb, &q, synonyms,
	    in_spanish(text))) < 0 ||
	    (rc = search_any_word(kb, &g, &q, opts)) < 0)
		goto done;
	kb_query_lang__prefer(g.res, text);
	keep_first(g.res, g.limit);
	kb_confidence__assess(g.res);
done:
	kb_db__exec(kb->index, "COMMIT");
	kb_query__free(&q);
	if (rc < 0) {
		kb_results_free(g.res);
		return rc;
	}
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
	for (i = 0; i < r->nhits; i++)
		hit_free(&r->hits[i]);
	free(r->hits);
	free(r->corrected);
	free(r);
}
