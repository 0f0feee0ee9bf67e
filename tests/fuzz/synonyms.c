/*
 * Fuzz target: synonyms.txt, cut into words by the index's tokenizer,
 * then its groups matched against the stems of the same text.
 */
#include "fuzz.h"

#include <sqlite3.h>

#include "fts.h"
#include "strlist.h"
#include "synonyms.h"
#include "xmalloc.h"

static sqlite3 *db;
static struct fts_tokenizer *tok;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    kb_fts__tokenizer_open(&tok, db) < 0)
		abort();
	return 0;
}

static void
on_token(const char *token, size_t len, size_t start, size_t end,
    void *payload)
{
	(void)start;
	(void)end;
	strlist_push(payload, xstrndup(token, len));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct synonyms *s;
	struct strlist stems = STRLIST_INIT;
	size_t i, phrase, len;

	s = kb_synonyms__parse(text, tok, "synonyms.txt", fuzz_ignore_diag,
	    NULL);
	kb_fts__tokenize(tok, FTS_STEMMED, text, strlen(text), on_token,
	    &stems);
	for (i = 0; i < stems.n && i < 64; i++)
		(void)kb_synonyms__match(&phrase, &len, s, stems.v, stems.n, i);
	strlist_free(&stems);
	kb_synonyms__free(s);
	free(text);
	return 0;
}
