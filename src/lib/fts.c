/* FTS5 tokenizers for queries, and the kb_rank() ranking function. */
#include "fts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "xmalloc.h"

/*
 * How much a match weighs in each column: title, tags, body, and the
 * words learned from use (learned.h).
 */
static const double column_weight[] = { 8.0, 4.0, 1.0, 2.0 };
#define NCOLUMN_WEIGHTS 4
#define COLUMN_TAGS 1
#define COLUMN_LEARNED 3
/* A row's score is its BM25 times its coverage (the share of the
 * query's telling words it has) to this power. */
#define COVERAGE_POWER 1.0
/* ... and times 1 + NEAR_WEIGHT x the share of those words it has close
 * together (NEAR_WINDOW, below): chosen on the dev set, checked on the
 * sample's queries. */
#define NEAR_WEIGHT 0.5
/* A long text is answered by a row with this many of its most telling
 * words (kb_cover's third figure). */
#define COVER_ENOUGH 5
#define BM25_K1 1.2
#define BM25_B 0.75
#define MAX_PHRASES 256

struct fts_tokenizer {
	fts5_tokenizer api[2];
	Fts5Tokenizer *tok[2];
};

fts5_api *
kb_fts__api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

static int
create_tokenizer(fts5_api *api, const char *name, const char **argv,
    int argc, fts5_tokenizer *out, Fts5Tokenizer **tok)
{
	void *user = NULL;

	if (api->xFindTokenizer(api, name, &user, out) != SQLITE_OK)
		return kb_error_set(KB_ERROR, "SQLite has no %s tokenizer",
		    name);
	if (out->xCreate(user, argv, argc, tok) != SQLITE_OK)
		return kb_error_set(KB_ERROR, "cannot create %s tokenizer",
		    name);
	return 0;
}

int
kb_fts__tokenizer_open(struct fts_tokenizer **out, sqlite3 *db)
{
	static const char *raw_args[] = { "remove_diacritics", "2" };
	static const char *stem_args[] = { "unicode61", "remove_diacritics",
	    "2" };
	struct fts_tokenizer *t;
	fts5_api *api;
	int rc;

	*out = NULL;
	if ((api = kb_fts__api(db)) == NULL)
		return kb_error_set(KB_ERROR, "SQLite was built without FTS5");
	t = xcalloc(1, sizeof(*t));
	if ((rc = create_tokenizer(api, "unicode61", raw_args, 2,
	    &t->api[FTS_RAW], &t->tok[FTS_RAW])) < 0 ||
	    (rc = create_tokenizer(api, "porter", stem_args, 3,
	    &t->api[FTS_STEMMED], &t->tok[FTS_STEMMED])) < 0) {
		kb_fts__tokenizer_close(t);
		return rc;
	}
	*out = t;
	return 0;
}

void
kb_fts__tokenizer_close(struct fts_tokenizer *t)
{
	int i;

	if (t == NULL)
		return;
	for (i = 0; i < 2; i++)
		if (t->tok[i])
			t->api[i].xDelete(t->tok[i]);
	free(t);
}

struct token_ctx {
	fts_token_cb cb;
	void *payload;
};

static int
on_token(void *ctx, int flags, const char *token, int len, int start, int end)
{
	struct token_ctx *c = ctx;

	(void)flags;
	if (len > 0)
		c->cb(token, (size_t)len, (size_t)start, (size_t)end,
		    c->payload);
	return SQLITE_OK;
}

int
kb_fts__tokenize(struct fts_tokenizer *t, enum fts_tokenizer_kind kind,
    const char *text, size_t len, fts_token_cb cb, void *payload)
{
	struct token_ctx c = { cb, payload };
	int rc;

	rc = t->api[kind].xTokenize(t->tok[kind], &c, FTS5_TOKENIZE_DOCUMENT,
	    text, (int)len, on_token);
	return rc == SQLITE_OK ? 0 : kb_error_set(KB_ERROR,
	    "cannot tokenize text");
}

/* What kb_rank() works out once per query. */
struct rank_query {
	int nphrase;
	int ngroup;
	int group[MAX_PHRASES];
	double idf[MAX_PHRASES];
	double group_idf[MAX_PHRASES];
	unsigned char known[MAX_PHRASES];	/* the phrase is in an answer */
	double total_idf;
	double peak_idf;	/* of the query's most telling group */
	double unknown_idf;	/* of the groups no answer has */
	double enough_idf;	/* of the COVER_ENOUGH most telling groups */
	double rare_idf;	/* idf of a word in one answer */
	double avgdl;
};

static int
count_row(const Fts5ExtensionApi *api, Fts5Context *ctx, void *payload)
{
	(void)api;
	(void)ctx;
	(*(sqlite3_int64 *)payload)++;
	return SQLITE_OK;
}

/* BM25's inverse document frequency, kept above zero. */
static double
idf_of(sqlite3_int64 nrow, sqlite3_int64 hits)
{
	double idf = log(((double)nrow - (double)hits + 0.5) /
	    ((double)hits + 0.5));

	return idf > 1e-6 ? idf : 1e-6;
}

static void
parse_groups(struct rank_query *q, const char *spec)
{
	int i;

	for (i = 0; i < q->nphrase; i++) {
		char *end;
		long g = spec ? strtol(spec, &end, 10) : i;

		if (spec && end == spec)
			g = i;
		if (spec)
			spec = end;
		q->group[i] = g >= 0 && g < MAX_PHRASES ? (int)g : i;
		if (q->group[i] + 1 > q->ngroup)
			q->ngroup = q->group[i] + 1;
	}
}

/* The idf of the query's n most telling groups, added up. */
static double
most_telling_idf(const struct rank_query *q, int n)
{
	unsigned char taken[MAX_PHRASES] = { 0 };
	double sum = 0.0;
	int k, i;

	for (k = 0; k < n; k++) {
		int best = -1;

		for (i = 0; i < q->ngroup; i++)
			if (!taken[i] && (best < 0 ||
			    q->group_idf[i] > q->group_idf[best]))
				best = i;
		if (best < 0)
			break;
		taken[best] = 1;
		sum += q->group_idf[best];
	}
	return sum;
}

/*
 * The answers' own text: title, tags and body, not what was learned from
 * use (a long list of learned words must not make an answer "long").
 * Tables with fewer columns (title_fts) have all of theirs counted.
 */
static int
text_columns(const Fts5ExtensionApi *api, Fts5Context *ctx)
{
	int n = api->xColumnCount(ctx);

	return n > COLUMN_LEARNED ? COLUMN_LEARNED : n;
}

static int
text_total_size(const Fts5ExtensionApi *api, Fts5Context *ctx,
    sqlite3_int64 *total)
{
	int col, rc = SQLITE_OK;

	*total = 0;
	for (col = 0; col < text_columns(api, ctx) && rc == SQLITE_OK; col++) {
		sqlite3_int64 n = 0;

		rc = api->xColumnTotalSize(ctx, col, &n);
		*total += n;
	}
	return rc;
}

static int
text_size(const Fts5ExtensionApi *api, Fts5Context *ctx, int *size)
{
	int col, rc = SQLITE_OK;

	*size = 0;
	for (col = 0; col < text_columns(api, ctx) && rc == SQLITE_OK; col++) {
		int n = 0;

		rc = api->xColumnSize(ctx, col, &n);
		*size += n;
	}
	return rc;
}

/*
 * A group stands for one word typed: it is as telling as the answers
 * that have any of its phrases, about as many as have its commonest
 * known phrase.  A rare completion ("card" -> "cardboard") or an unknown
 * typo must not make a common word look rare.  A group none of whose
 * phrases any answer has weighs like the rarest word.
 */
static void
group_idfs(struct rank_query *q)
{
	unsigned char seen[MAX_PHRASES] = { 0 };
	int i, g;

	for (i = 0; i < q->nphrase; i++) {
		g = q->group[i];
		if (!q->known[i])
			continue;
		if (!seen[g] || q->idf[i] < q->group_idf[g])
			q->group_idf[g] = q->idf[i];
		seen[g] = 1;
	}
	for (i = 0; i < q->nphrase; i++)
		if (!seen[q->group[i]])
			q->group_idf[q->group[i]] = q->idf[i];
	/* What stands for a word ("wichita" for "wic") weighs no more than
	 * the group: a rare completion must not outweigh the word typed. */
	for (i = 0; i < q->nphrase; i++)
		if (q->idf[i] > q->group_idf[q->group[i]])
			q->idf[i] = q->group_idf[q->group[i]];
}

static int
rank_query_init(const Fts5ExtensionApi *api, Fts5Context *ctx,
    const char *spec, const char *dfs, struct rank_query **out)
{
	struct rank_query *q = xcalloc(1, sizeof(*q));
	sqlite3_int64 nrow = 0, total = 0;
	int i, rc;

	q->nphrase = api->xPhraseCount(ctx);
	if (q->nphrase > MAX_PHRASES)
		q->nphrase = MAX_PHRASES;
	parse_groups(q, spec);
	if ((rc = api->xRowCount(ctx, &nrow)) != SQLITE_OK ||
	    (rc = text_total_size(api, ctx, &total)) != SQLITE_OK) {
		free(q);
		return rc;
	}
	q->avgdl = nrow ? (double)total / (double)nrow : 1.0;
	q->rare_idf = idf_of(nrow, 1);
	for (i = 0; i < q->nphrase; i++) {
		sqlite3_int64 hits = 0;
		char *end;

		if (dfs && (hits = strtoll(dfs, &end, 10), end != dfs))
			dfs = end;
		else
			hits = -1;
		if (hits < 0 && (hits = 0, rc = api->xQueryPhrase(ctx, i, &hits,
		    count_row)) != SQLITE_OK) {
			free(q);
			return rc;
		}
		/* A word no answer has weighs like the rarest one there is:
		 * it tells that the question may be off topic, no more. */
		q->idf[i] = idf_of(nrow, hits ? hits : 1);
		q->known[i] = hits > 0;
	}
	group_idfs(q);
	q->enough_idf = most_telling_idf(q, COVER_ENOUGH);
	for (i = 0; i < q->ngroup; i++) {
		int j, known = 0;

		for (j = 0; j < q->nphrase; j++)
			known |= q->group[j] == i && q->known[j];
		if (!known)
			q->unknown_idf += q->group_idf[i];
		q->total_idf += q->group_idf[i];
		if (q->group_idf[i] > q->peak_idf)
			q->peak_idf = q->group_idf[i];
	}
	*out = q;
	return SQLITE_OK;
}

/* What one row matches of the query. */
struct row_match {
	double score;		/* BM25 over the groups, each counted once */
	double matched_idf;	/* idf of the groups the row has */
	double named_idf;	/* ... in its title or tags */
	double peak;		/* idf of its most telling group */
	double near_idf;	/* idf of the groups found close together */
};

/* The query's per-query state, made on the first row. */
static int
rank_query_get(const Fts5ExtensionApi *api, Fts5Context *ctx, int argc,
    sqlite3_value **argv, int spec_arg, int dfs_arg, struct rank_query **out)
{
	const char *spec, *dfs;
	int rc;

	if ((*out = api->xGetAuxdata(ctx, 0)) != NULL)
		return SQLITE_OK;
	spec = argc > spec_arg ?
	    (const char *)sqlite3_value_text(argv[spec_arg]) : NULL;
	dfs = argc > dfs_arg ?
	    (const char *)sqlite3_value_text(argv[dfs_arg]) : NULL;
	if ((rc = rank_query_init(api, ctx, spec, dfs, out)) != SQLITE_OK)
		return rc;
	return api->xSetAuxdata(ctx, *out, free);
}

/* Words this close (in tokens of one column) are read together. */
#define NEAR_WINDOW 10

/* One place a phrase of the query is in the row. */
struct place {
	int col, off, group;
};

#define STACK_PLACES 256	/* places of a row kept without malloc */

static int
by_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

/*
 * The most idf of distinct groups that one stretch of NEAR_WINDOW tokens
 * of one column holds: "library card" together, not "library" in one
 * paragraph and "card" in another.
 */
static double
near_idf(const struct rank_query *q, struct place *p, int n)
{
	int count[MAX_PHRASES] = { 0 };
	double in = 0.0, best = 0.0;
	int i, j = 0;

	qsort(p, (size_t)n, sizeof(*p), by_place);
	for (i = 0; i < n; i++) {
		while (p[j].col != p[i].col ||
		    p[j].off <= p[i].off - NEAR_WINDOW)
			if (--count[p[j++].group] == 0)
				in -= q->group_idf[p[j - 1].group];
		if (count[p[i].group]++ == 0)
			in += q->group_idf[p[i].group];
		if (in > best)
			best = in;
	}
	return best;
}

static int
row_match(const Fts5ExtensionApi *api, Fts5Context *ctx,
    const struct rank_query *q, struct row_match *m)
{
	double freq[MAX_PHRASES] = { 0 }, best[MAX_PHRASES] = { 0 };
	double learned[MAX_PHRASES] = { 0 };
	unsigned char named[MAX_PHRASES] = { 0 };
	double norm;
	struct place stack_places[STACK_PLACES], *places;
	int ninst = 0, nplace = 0, i, rc, dl = 0;

	memset(m, 0, sizeof(*m));
	if ((rc = api->xInstCount(ctx, &ninst)) != SQLITE_OK ||
	    (rc = text_size(api, ctx, &dl)) != SQLITE_OK)
		return rc;
	places = ninst <= STACK_PLACES ? stack_places :
	    xmalloc((size_t)ninst * sizeof(*places));
	for (i = 0; i < ninst; i++) {
		int phrase, col, off;

		if (api->xInst(ctx, i, &phrase, &col, &off) != SQLITE_OK ||
		    phrase >= q->nphrase || col >= NCOLUMN_WEIGHTS)
			continue;
		if (col == COLUMN_LEARNED)
			learned[phrase] += column_weight[col];
		else
			freq[phrase] += column_weight[col];
		if (col != COLUMN_LEARNED)
			places[nplace++] = (struct place){ col, off,
			    q->group[phrase] };
		if (col <= COLUMN_TAGS)
			named[q->group[phrase]] = 1;
	}
	/* What was learned counts where the answer's text lacks the word:
	 * callers' words for it, not a second vote for its own. */
	for (i = 0; i < q->nphrase; i++)
		if (freq[i] == 0.0)
			freq[i] = learned[i];
	norm = BM25_K1 * (1.0 - BM25_B + BM25_B * (double)dl / q->avgdl);
	for (i = 0; i < q->nphrase; i++) {
		double s;

		if (freq[i] == 0.0)
			continue;
		s = q->idf[i] * freq[i] * (BM25_K1 + 1.0) / (freq[i] + norm);
		if (s > best[q->group[i]])
			best[q->group[i]] = s;
	}
	for (i = 0; i < q->ngroup; i++) {
		if (best[i] == 0.0)
			continue;
		m->score += best[i];
		m->matched_idf += q->group_idf[i];
		if (named[i])
			m->named_idf += q->group_idf[i];
		if (q->group_idf[i] > m->peak)
			m->peak = q->group_idf[i];
	}
	/* One word is near itself: no need to sort its places. */
	m->near_idf = m->matched_idf > m->peak ? near_idf(q, places, nplace) :
	    m->peak;
	if (places != stack_places)
		free(places);
	return SQLITE_OK;
}

/* The share of the query's telling words the row has close together. */
static double
near_share(const struct rank_query *q, const struct row_match *m)
{
	return q->enough_idf > 0.0 ? fmin(1.0, m->near_idf / q->enough_idf) :
	    1.0;
}

static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *out,
    int argc, sqlite3_value **argv)
{
	double min_coverage = argc > 0 ? sqlite3_value_double(argv[0]) : 0.0;
	double min_evidence = argc > 2 ? sqlite3_value_double(argv[2]) : 0.0;
	double min_peak = argc > 3 ? sqlite3_value_double(argv[3]) : 0.0;
	struct rank_query *q;
	struct row_match m;
	double coverage;
	int rc;

	if ((rc = rank_query_get(api, ctx, argc, argv, 1, 4, &q)) != SQLITE_OK ||
	    (rc = row_match(api, ctx, q, &m)) != SQLITE_OK) {
		sqlite3_result_error_code(out, rc);
		return;
	}
	coverage = q->total_idf > 0.0 ? m.matched_idf / q->total_idf : 1.0;
	if (coverage < min_coverage ||
	    m.matched_idf < min_evidence * q->rare_idf ||
	    m.peak < min_peak * q->peak_idf) {
		sqlite3_result_double(out, 0.0);
		return;
	}
	sqlite3_result_double(out, -m.score * pow(coverage, COVERAGE_POWER) *
	    (1.0 + NEAR_WEIGHT * near_share(q, &m)));
}

/* kb_cover(groups, dfs): "COVERAGE NAMED" of the row, see fts.h. */
static void
cover_fn(const Fts5ExtensionApi *api, Fts5Context *ctx,
    sqlite3_context *out, int argc, sqlite3_value **argv)
{
	struct rank_query *q;
	struct row_match m;
	char text[128];
	int rc;

	if ((rc = rank_query_get(api, ctx, argc, argv, 0, 1, &q)) != SQLITE_OK ||
	    (rc = row_match(api, ctx, q, &m)) != SQLITE_OK) {
		sqlite3_result_error_code(out, rc);
		return;
	}
	snprintf(text, sizeof(text), "%.4f %.4f %.4f %.4f %.4f %.4f %.4f",
	    q->total_idf > 0.0 ? m.matched_idf / q->total_idf : 1.0,
	    q->total_idf > 0.0 ? m.named_idf / q->total_idf : 1.0,
	    q->total_idf > 0.0 ? q->unknown_idf / q->total_idf : 0.0,
	    q->peak_idf > 0.0 ? m.peak / q->peak_idf : 1.0, m.score,
	    q->enough_idf > 0.0 ? fmin(1.0, m.matched_idf / q->enough_idf) :
	    1.0, near_share(q, &m));
	sqlite3_result_text(out, text, -1, SQLITE_TRANSIENT);
}

int
kb_fts__register_rank(sqlite3 *db)
{
	fts5_api *api = kb_fts__api(db);

	if (api == NULL)
		return kb_error_set(KB_ERROR, "SQLite was built without FTS5");
	if (api->xCreateFunction(api, "kb_rank", NULL, rank_fn, NULL) !=
	    SQLITE_OK ||
	    api->xCreateFunction(api, "kb_cover", NULL, cover_fn, NULL) !=
	    SQLITE_OK)
		return kb_error_set(KB_ERROR, "cannot register kb_rank");
	return 0;
}
