/*
 * Fuzz target: what an agent types.  The query builder cuts it into
 * MATCH expressions (AND and OR, with and without prefixes), then
 * kb_search runs it on a KB made once from the bundled sample
 * ($KB_SAMPLE_DIR, else ./kb) in a temporary directory.
 */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "fts.h"
#include "kb/index.h"
#include "kb/kb.h"
#include "kb/search.h"
#include "query.h"
#include "strlist.h"

static sqlite3 *db;
static struct fts_tokenizer *tok;
static struct kb *kb;
static char dir[] = "/tmp/kb-fuzz-search.XXXXXX";

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
clean_up(void)
{
	kb_close(kb);
	kb = NULL;
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
die(const char *what)
{
	fprintf(stderr, "fuzz search: %s: %s\n", what, kb_error_last());
	exit(1);
}

/* A KB in a private HOME, so that no configuration of the user's counts. */
static void
make_kb(void)
{
	const char *sample = getenv("KB_SAMPLE_DIR");
	char path[sizeof(dir) + 8];

	if (mkdtemp(dir) == NULL)
		die("cannot make a temporary directory");
	atexit(clean_up);
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_DATA_HOME", dir, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("KB_DIR");
	snprintf(path, sizeof(path), "%s/kb", dir);
	if (kb_global_init() < 0)
		die("kb_global_init");
	if (kb_init(path, sample ? sample : "kb", KB_DEFAULT_BRANCH) < 0)
		die("kb_init (set KB_SAMPLE_DIR to the sample KB)");
	if (kb_open(&kb, path) < 0)
		die("kb_open");
	if (kb_index_update(NULL, kb, 0, fuzz_ignore_diag, NULL) < 0)
		die("kb_index_update");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    kb_fts__tokenizer_open(&tok, db) < 0)
		die("cannot open a tokenizer");
	make_kb();
	return 0;
}

static void
build_queries(const char *text)
{
	static const enum query_op ops[] = { QUERY_AND, QUERY_OR };
	struct query q;
	size_t i;

	kb_query__parse(&q, tok, text, strlen(text));
	(void)kb_query__active(&q);
	for (i = 0; i < 2; i++) {
		struct strlist phrases = STRLIST_INIT;
		char *groups = NULL, *match;

		match = kb_query__match(&groups, &phrases, &q, ops[i],
		    i ? QUERY_NO_PREFIX : 0);
		free(match);
		free(groups);
		strlist_free(&phrases);
	}
	kb_query__free(&q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *res = NULL;
	char *text;

	if (size > 4096)
		return 0;	/* a search box holds a line */
	text = fuzz_string(data, size);
	build_queries(text);
	opts.no_refresh = 1;
	if (kb_search(&res, kb, text, &opts) == 0)
		kb_results_free(res);
	free(text);
	return 0;
}
