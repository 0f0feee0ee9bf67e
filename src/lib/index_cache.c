/* What searches keep of the open index (index_cache.h). */
#include "index_cache.h"

#include <stdlib.h>

#include "db.h"
#include "kb_private.h"
#include "synonyms.h"
#include "xmalloc.h"

struct index_cache {
	struct synonyms *synonyms;
	int loaded;
	sqlite3_stmt *df_lookup;	/* a stem's document frequency */
};

static struct index_cache *
cache(struct kb *kb)
{
	if (kb->index_cache == NULL)
		kb->index_cache = xcalloc(1, sizeof(*kb->index_cache));
	return kb->index_cache;
}

void
kb_index_cache__reset(struct kb *kb)
{
	struct index_cache *c = kb->index_cache;

	if (c == NULL)
		return;
	kb_synonyms__free(c->synonyms);
	c->synonyms = NULL;
	c->loaded = 0;
	sqlite3_finalize(c->df_lookup);
	c->df_lookup = NULL;
}

void
kb_index_cache__free(struct kb *kb)
{
	kb_index_cache__reset(kb);
	free(kb->index_cache);
	kb->index_cache = NULL;
}

int
kb_index_cache__synonyms(const struct synonyms **out, struct kb *kb)
{
	struct index_cache *c = cache(kb);
	char *text;

	*out = NULL;
	if (c->loaded) {
		*out = c->synonyms;
		return 0;
	}
	if (kb_db__meta_dup(&text, kb->index, "synonyms") < 0)
		return -1;
	if (text != NULL)
		c->synonyms = kb_synonyms__parse(text, kb->tokenizer,
		    "synonyms.txt", NULL, NULL);
	free(text);
	c->loaded = 1;
	*out = c->synonyms;
	return 0;
}

int
kb_index_cache__stem_df(long long *out, struct kb *kb, const char *stem,
    size_t len)
{
	struct index_cache *c = cache(kb);
	int rc;

	*out = 0;
	if (c->df_lookup == NULL && (rc = kb_db__prepare(&c->df_lookup,
	    kb->index, "SELECT df FROM stems WHERE term = ?")) < 0)
		return rc;
	sqlite3_bind_text(c->df_lookup, 1, stem, (int)len, SQLITE_STATIC);
	if ((rc = sqlite3_step(c->df_lookup)) == SQLITE_ROW)
		*out = sqlite3_column_int64(c->df_lookup, 0);
	sqlite3_reset(c->df_lookup);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    kb_db__fail(kb->index, rc, "counting a word");
}
