/* Token tapes, and the player that stands in for "porter" (tape.h). */
#include "tape.h"

#include <stdlib.h>
#include <string.h>

#include "fts.h"
#include "kb/error.h"
#include "xmalloc.h"

void
kb_tape__begin(struct tape *t, const char *source, size_t len)
{
	struct tape_text *text;

	t->recording = t->ntexts < TAPE_MAX_TEXTS;
	if (!t->recording)
		return;
	text = &t->texts[t->ntexts++];
	text->source = source;
	text->len = len;
	text->first = t->ntokens;
	text->count = 0;
}

void
kb_tape__add(struct tape *t, const char *token, size_t len, size_t start,
    size_t end)
{
	struct tape_token *tok;

	if (!t->recording)
		return;
	xgrow(&t->bytes, &t->bytes_cap, t->nbytes + len, 1);
	xgrow(&t->tokens, &t->tokens_cap, t->ntokens + 1, sizeof(*t->tokens));
	tok = &t->tokens[t->ntokens++];
	tok->offset = (uint32_t)t->nbytes;
	tok->len = (uint32_t)len;
	tok->start = (int32_t)start;
	tok->end = (int32_t)end;
	memcpy(t->bytes + t->nbytes, token, len);
	t->nbytes += len;
	t->texts[t->ntexts - 1].count++;
}

void
kb_tape__free(struct tape *t)
{
	free(t->bytes);
	free(t->tokens);
	memset(t, 0, sizeof(*t));
}

/* --- the player ---------------------------------------------------------- */

struct tape_player {
	fts5_tokenizer porter;		/* the real one */
	void *porter_data;
	const struct tape *tape;
};

/* One tokenizer instance, as FTS5 makes one per table. */
struct player_instance {
	struct tape_player *player;
	Fts5Tokenizer *porter;
};

static int
player_create(void *data, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct tape_player *p = data;
	struct player_instance *in = xcalloc(1, sizeof(*in));
	int rc;

	in->player = p;
	rc = p->porter.xCreate(p->porter_data, argv, argc, &in->porter);
	if (rc != SQLITE_OK) {
		free(in);
		return rc;
	}
	*out = (Fts5Tokenizer *)in;
	return SQLITE_OK;
}

static void
player_delete(Fts5Tokenizer *tok)
{
	struct player_instance *in = (struct player_instance *)tok;

	in->player->porter.xDelete(in->porter);
	free(in);
}

static const struct tape_text *
find_text(const struct tape *t, const char *text, int len)
{
	int i;

	if (t == NULL || len < 0)
		return NULL;
	for (i = 0; i < t->ntexts; i++)
		if (t->texts[i].len == (size_t)len &&
		    memcmp(t->texts[i].source, text, (size_t)len) == 0)
			return &t->texts[i];
	return NULL;
}

static int
player_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text,
    int len, int (*emit)(void *, int, const char *, int, int, int))
{
	struct player_instance *in = (struct player_instance *)tok;
	const struct tape *t = in->player->tape;
	const struct tape_text *found = NULL;
	size_t i;
	int rc;

	if (flags == FTS5_TOKENIZE_DOCUMENT)
		found = find_text(t, text, len);
	if (found == NULL)
		return in->player->porter.xTokenize(in->porter, ctx, flags,
		    text, len, emit);
	for (i = found->first; i < found->first + found->count; i++) {
		const struct tape_token *k = &t->tokens[i];

		rc = emit(ctx, 0, t->bytes + k->offset, (int)k->len, k->start,
		    k->end);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

int
kb_tape__player_install(struct tape_player **out, sqlite3 *db)
{
	static fts5_tokenizer player_api = {
		player_create, player_delete, player_tokenize
	};
	fts5_api *api = kb_fts__api(db);
	struct tape_player *p;

	*out = NULL;
	if (api == NULL)
		return kb_error_set(KB_ERROR, "SQLite was built without FTS5");
	p = xcalloc(1, sizeof(*p));
	if (api->xFindTokenizer(api, "porter", &p->porter_data,
	    &p->porter) != SQLITE_OK) {
		free(p);
		return kb_error_set(KB_ERROR, "SQLite has no porter tokenizer");
	}
	/* The newest tokenizer of a name is the one FTS5 finds. */
	if (api->xCreateTokenizer(api, "porter", p, &player_api,
	    free) != SQLITE_OK) {
		free(p);
		return kb_error_set(KB_ERROR, "cannot install the token player");
	}
	*out = p;
	return 0;
}

void
kb_tape__player_load(struct tape_player *p, const struct tape *t)
{
	p->tape = t;
}
