/* Learning's evidence: uses and their queries (learn_evidence.h). */
#include "learn_evidence.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "kb/answer.h"
#include "kb/error.h"
#include "xmalloc.h"

void
kb_learn_evidence__init(struct learn_evidence *e, struct fts_tokenizer *tok)
{
	memset(e, 0, sizeof(*e));
	e->tok = tok;
}

/* --- one query: its words ------------------------------------------- */

/* The words of one query that can be learned, each once. */
struct query_words {
	struct learn_evidence *e;
	char *word[LEARN_EVIDENCE_QUERY_WORDS];
	char *stem[LEARN_EVIDENCE_QUERY_WORDS];
	size_t n;
};

/*
 * Only what the published file may hold (kb_learned__stem): an office reads
 * back every word the centre learns.  Caller frees; NULL for none.
 */
static char *
stem_of(struct learn_evidence *e, const char *w, size_t n)
{
	int64_t *pos = strmap_find(&e->stem_of, w, n);
	char *stem;

	if (pos)
		return *pos > 0 ? xstrdup(e->stems[*pos - 1]) : NULL;
	stem = kb_learned__stem(e->tok, w, n);
	if (e->stem_of.used >= LEARN_EVIDENCE_STEMS)
		return stem;
	pos = strmap_get(&e->stem_of, w, n);
	*pos = -1;
	if (stem) {
		xgrow(&e->stems, &e->stems_cap, e->nstems + 1,
		    sizeof(*e->stems));
		e->stems[e->nstems] = xstrdup(stem);
		*pos = (int64_t)++e->nstems;
	}
	return stem;
}

static void
on_token(const char *w, size_t n, size_t start, size_t end, void *payload)
{
	struct query_words *q = payload;
	char *stem;
	size_t i;

	(void)start;
	(void)end;
	if (q->n >= LEARN_EVIDENCE_QUERY_WORDS)
		return;
	for (i = 0; i < q->n; i++)
		if (strlen(q->word[i]) == n && memcmp(q->word[i], w, n) == 0)
			return;
	if ((stem = stem_of(q->e, w, n)) == NULL)
		return;
	q->word[q->n] = xstrndup(w, n);
	q->stem[q->n++] = stem;
}

static void
query_words_free(struct query_words *q)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		free(q->word[i]);
		free(q->stem[i]);
	}
	q->n = 0;
}

/* --- counting agents -------------------------------------------------- */

static void
end_group(struct learn_evidence *e)
{
	free(e->answer);
	free(e->agent);
	e->answer = e->agent = NULL;
	strmap_clear(&e->seen);
}

/* One agent more for (answer, stem), unless the pairs are full. */
static void
count_pair(struct learn_evidence *e, const char *word, const char *stem)
{
	char key[KB_ID_MAX + LEARNED_WORD_MAX + 8];
	int n = snprintf(key, sizeof(key), "%s\037%s", e->answer, stem);
	int64_t *pos;

	/* Ids and stems are bounded: a key that does not fit is no pair. */
	if (n < 0 || (size_t)n >= sizeof(key))
		return;
	pos = strmap_find(&e->pairs, key, (size_t)n);
	if (pos == NULL && e->npairs < LEARN_EVIDENCE_PAIRS) {
		pos = strmap_get(&e->pairs, key, (size_t)n);
		xgrow(&e->v, &e->cap, e->npairs + 1, sizeof(*e->v));
		e->v[e->npairs].agents = 0;
		e->v[e->npairs].word = xstrdup(word);
		*pos = (int64_t)++e->npairs;
	}
	if (pos)
		e->v[*pos - 1].agents++;
}

void
kb_learn_evidence__use(struct learn_evidence *e, const char *answer,
    const char *agent, const char *query)
{
	struct query_words q;
	size_t i, len;

	if (answer == NULL || agent == NULL || query == NULL ||
	    !kb_answer_id_valid(answer))
		return;
	e->uses++;
	if (e->answer == NULL || strcmp(e->answer, answer) != 0 ||
	    strcmp(e->agent, agent) != 0) {
		end_group(e);
		e->answer = xstrdup(answer);
		e->agent = xstrdup(agent);
	}
	memset(&q, 0, sizeof(q));
	q.e = e;
	len = strlen(query);
	if (len > LEARN_EVIDENCE_QUERY_MAX)
		len = LEARN_EVIDENCE_QUERY_MAX;
	kb_fts__tokenize(e->tok, FTS_RAW, query, len, on_token, &q);
	for (i = 0; i < q.n; i++) {
		int64_t *seen = strmap_get(&e->seen, q.stem[i],
		    strlen(q.stem[i]));

		if ((*seen)++ == 0)
			count_pair(e, q.word[i], q.stem[i]);
	}
	query_words_free(&q);
}

void
kb_learn_evidence__finish(struct learned *into, struct learn_evidence *e)
{
	size_t i;

	end_group(e);
	for (i = 0; i < e->pairs.cap; i++) {
		const struct strmap_slot *s = &e->pairs.slots[i];
		char *answer, *stem;
		unsigned agents;

		if (s->key == NULL)
			continue;
		agents = e->v[s->value - 1].agents;
		if (agents < LEARNED_MIN_AGENTS)
			continue;
		answer = xstrdup(s->key);
		stem = strchr(answer, '\037');
		*stem++ = '\0';
		kb_learned__put(into, answer, e->v[s->value - 1].word, stem,
		    agents, agents);
		free(answer);
	}
}

void
kb_learn_evidence__free(struct learn_evidence *e)
{
	size_t i;

	end_group(e);
	for (i = 0; i < e->npairs; i++)
		free(e->v[i].word);
	free(e->v);
	for (i = 0; i < e->nstems; i++)
		free(e->stems[i]);
	free(e->stems);
	strmap_clear(&e->stem_of);
	strmap_clear(&e->pairs);
	memset(e, 0, sizeof(*e));
}

/* --- reading the logs ------------------------------------------------- */

#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * The newest uses of each log, grouped as kb_learn_evidence__use() wants.  A
 * use the agent took back (`kb undo`) teaches nothing; a log made before
 * undo existed has no `undoes` column, and nothing taken back.
 */
static const char usage_uses[] =
    "SELECT * FROM (SELECT answer, agent, query FROM u.event e"
    " WHERE kind = 'use' AND answer IS NOT NULL AND query IS NOT NULL";
static const char usage_newest[] =
    " ORDER BY id DESC LIMIT " STR(LEARN_EVIDENCE_EVENTS) ")";
static const char usage_not_undone[] =
    " AND NOT EXISTS (SELECT 1 FROM u.event x WHERE x.undoes = e.uid)";
/* An office's agent is its office's: "alice" in two offices is two
 * people, "alice" on two PCs (stations) of one office is one.  Before
 * stations (no office_slug column) the office is its ref. */
static const char offices_uses[] =
    "SELECT * FROM (SELECT answer, %s || char(31) || agent AS agent, query"
    " FROM o.event e"
    " WHERE kind = 'use' AND answer IS NOT NULL AND query IS NOT NULL";
static const char offices_newest[] =
    " ORDER BY rowid DESC LIMIT " STR(LEARN_EVIDENCE_EVENTS) ")";
static const char offices_not_undone[] =
    " AND NOT EXISTS (SELECT 1 FROM o.event x WHERE x.ref = e.ref"
    " AND x.undoes = e.uid)";

/* 1 when schema.event has the column `name`. */
static int
has_column(struct db *db, const char *schema, const char *name)
{
	char *sql = xasprintf("SELECT 1 FROM pragma_table_info('event', '%s')"
	    " WHERE name = '%s'", schema, name);
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK) {
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	free(sql);
	return found;
}

static int
read_uses(struct learn_evidence *e, struct db *db, int usage, int offices)
{
	sqlite3_stmt *st;
	char *sql;
	int rc;

	char *from_usage = usage ? xasprintf("%s%s%s", usage_uses,
	    has_column(db, "u", "undoes") ? usage_not_undone : "",
	    usage_newest) : xstrdup("");
	char *office_uses = xasprintf(offices_uses,
	    offices && has_column(db, "o", "office_slug") ? "office_slug" :
	    "ref");
	char *from_offices = offices ? xasprintf("%s%s%s", office_uses,
	    has_column(db, "o", "undoes") ? offices_not_undone : "",
	    offices_newest) : xstrdup("");

	sql = xasprintf("SELECT answer, substr(agent, 1, %d),"
	    " substr(query, 1, %d) FROM (%s%s%s) ORDER BY 1, 2",
	    LEARN_EVIDENCE_AGENT_MAX, LEARN_EVIDENCE_QUERY_MAX, from_usage,
	    usage && offices ? " UNION ALL " : "", from_offices);
	free(from_usage);
	free(office_uses);
	free(from_offices);
	rc = kb_db__prepare(&st, db, sql);
	free(sql);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		kb_learn_evidence__use(e,
		    (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc, "reading uses");
}

int
kb_learn_evidence__read(struct learned *into, unsigned long *uses,
    struct fts_tokenizer *tok, struct db *db, int usage, int offices)
{
	struct learn_evidence e;
	int rc = 0;

	*uses = 0;
	if (!usage && !offices)
		return 0;
	kb_learn_evidence__init(&e, tok);
	if ((rc = read_uses(&e, db, usage, offices)) == 0) {
		kb_learn_evidence__finish(into, &e);
		*uses = e.uses;
	}
	kb_learn_evidence__free(&e);
	return rc;
}
