/*
 * Fuzz target: learning from use on what others write.  The input is
 * read as the centre's published file of learned words (learn_file.h),
 * as an office reads it; and its lines "answer<TAB>agent<TAB>query" as
 * uses (learn_evidence.h).  What is learned is written as the centre
 * would publish it, and that must read back with no warning.
 */
#include "fuzz.h"

#include <sqlite3.h>
#include <stdio.h>

#include "fts.h"
#include "learn_evidence.h"
#include "learn_file.h"
#include "learned.h"

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
must_not_warn(const struct kb_diag *diag, void *payload)
{
	(void)payload;
	/* What kb publishes, kb reads. */
	fprintf(stderr, "published file, line %u: %s\n", diag->line,
	    diag->message);
	abort();
}

/* Each line "answer<TAB>agent<TAB>query" is one use. */
static void
uses(struct learned *into, char *text)
{
	struct learn_evidence e;
	char *line, *next, *agent, *query;

	kb_learn_evidence__init(&e, tok);
	for (line = text; line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((agent = strchr(line, '\t')) == NULL)
			continue;
		*agent++ = '\0';
		if ((query = strchr(agent, '\t')) == NULL)
			continue;
		*query++ = '\0';
		kb_learn_evidence__use(&e, line, agent, query);
	}
	kb_learn_evidence__finish(into, &e);
	kb_learn_evidence__free(&e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct learned l = LEARNED_INIT, again = LEARNED_INIT;
	char *text = fuzz_string(data, size), *file;
	size_t answers, words, left_out;

	kb_learn_file__parse(&l, tok, (const char *)data, size, "learned.txt",
	    fuzz_ignore_diag, NULL);
	uses(&l, text);
	kb_learned__finish(&l);
	file = kb_learn_file__format(&answers, &words, &left_out, &l);
	kb_learn_file__parse(&again, tok, file, strlen(file), "published",
	    must_not_warn, NULL);
	free(file);
	kb_learned__free(&again);
	kb_learned__free(&l);
	free(text);
	return 0;
}
