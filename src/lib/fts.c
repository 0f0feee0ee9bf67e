/* FTS5 tokenizers for queries, and the kb_rank() ranking function. */
#include "fts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "xmalloc.h"

/* How much a match weighs in each column: title, tags, body. */
static const double column_weight[] = { 8.0, 4.0, 1.0 };
#define NCOLUMN_WEIGHTS 3
#define BM25_K1 1.2
#define BM25_B 0.75
#define MAX_PHRASES 64

struct fts_tokenizer {
	fts5_tokenizer api[2];
	Fts5Tokenizer *tok[2];
};

fts5_api *
fts_api(sqlite3 *db)
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
fts_tokenizer_open(struct fts_tokenizer **out, sqlite3 *db)
{
	static const char *raw_args[] = { "remove_diacritics", "2" };
	static const char *stem_args[] = { "unicode61", "remove_diacritics",
	    "2" };
	struct fts_tokenizer *t;
	fts5_api *api;
	int rc;

	*out = NULL;
	if ((api = fts_api(db)) == NULL)
		return kb_error_set(KB_ERROR, "SQLite was built without FTS5");
	t = xcalloc(1, sizeof(*t));
	if ((rc = create_tokenizer(api, "unicode61", raw_args, 2,
	    &t->api[FTS_RAW], &t->tok[FTS_RAW])) < 0 ||
	    (rc = create_tokenizer(api, "porter", stem_args, 3,
	    &t->api[FTS_STEMMED], &t->tok[FTS_STEMMED])) < 0) {
		fts_tokenizer_close(t);
		return rc;
	}
	*out = t;
	return 0;
}

void
fts_tokenizer_close(struct fts_tokenizer *t)
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
fts_tokenize(struct fts_tokenizer *t, enum fts_tokenizer_kind kind,
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
	double total_idf;
	double peak_idf;	/* of the query's most telling group */
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
	    (rc = api->xColumnTotalSize(ctx, -1, &total)) != SQLITE_OK) {
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
		if (q->idf[i] > q->group_idf[q->group[i]])
			q->group_idf[q->group[i]] = q->idf[i];
	}
	for (i = 0; i < q->ngroup; i++) {
		q->total_idf += q->group_idf[i];
		if (q->group_idf[i] > q->peak_idf)
			q->peak_idf = q->group_idf[i];
	}
	*out = q;
	return SQLITE_OK;
}

static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *out,
    int argc, sqlite3_value **argv)
{
	double freq[MAX_PHRASES] = { 0 }, best[MAX_PHRASES] = { 0 };
	double min_coverage = argc > 0 ? sqlite3_value_double(argv[0]) : 0.0;
	double min_evidence = argc > 2 ? sqlite3_value_double(argv[2]) : 0.0;
	double min_peak = argc > 3 ? sqlite3_value_double(argv[3]) : 0.0;
	/* argv[4], the document frequencies, is read once per query. */
	double peak = 0.0;
	double score = 0.0, matched_idf = 0.0, norm;
	struct rank_query *q = api->xGetAuxdata(ctx, 0);
	int ninst = 0, i, rc, dl = 0;

	if (q == NULL) {
		const char *spec = argc > 1 ?
		    (const char *)sqlite3_value_text(argv[1]) : NULL;
		const char *dfs = argc > 4 ?
		    (const char *)sqlite3_value_text(argv[4]) : NULL;

		if ((rc = rank_query_init(api, ctx, spec, dfs, &q)) !=
		    SQLITE_OK ||
		    (rc = api->xSetAuxdata(ctx, q, free)) != SQLITE_OK) {
			sqlite3_result_error_code(out, rc);
			return;
		}
	}
	if ((rc = api->xInstCount(ctx, &ninst)) != SQLITE_OK ||
	    (rc = api->xColumnSize(ctx, -1, &dl)) != SQLITE_OK) {
		sqlite3_result_error_code(out, rc);
		return;
	}
	for (i = 0; i < ninst; i++) {
		int phrase, col, off;

		if (api->xInst(ctx, i, &phrase, &col, &off) != SQLITE_OK)
			continue;
		if (phrase < q->nphrase && col < NCOLUMN_WEIGHTS)
			freq[phrase] += column_weight[col];
	}
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
		score += best[i];
		if (best[i] > 0.0)
			matched_idf += q->group_idf[i];
		if (best[i] > 0.0 && q->group_idf[i] > peak)
			peak = q->group_idf[i];
	}
	if ((q->total_idf > 0.0 && matched_idf / q->total_idf < min_coverage) ||
	    matched_idf < min_evidence * q->rare_idf ||
	    peak < min_peak * q->peak_idf) {
		sqlite3_result_double(out, 0.0);
		return;
	}
	if (q->total_idf > 0.0)
		score *= matched_idf / q->total_idf;
	sqlite3_result_double(out, -score);
}

int
fts_register_rank(sqlite3 *db)
{
	fts5_api *api = fts_api(db);

	if (api == NULL)
		return kb_error_set(KB_ERROR, "SQLite was built without FTS5");
	if (api->xCreateFunction(api, "kb_rank", NULL, rank_fn, NULL) !=
	    SQLITE_OK)
		return kb_error_set(KB_ERROR, "cannot register kb_rank");
	return 0;
}
