/*
 * Unit tests for learning from use: the two-agent rule and its caps
 * (learn_evidence.h), the index keeping what was learned as the branch
 * and the log change (index_learn.h), the centre's published file read
 * as hostile input (learn_file.h), and publishing it (kb/learn.h).  Real
 * repositories, real usage logs; what was learned is read back through
 * kb report's "learned" section, as a reviewer reads it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "helpers.h"
#include "kb/error.h"
#include "kb/index.h"
#include "kb/kb.h"
#include "kb/learn.h"
#include "kb/report.h"
#include "kb/usage.h"
#include "kb_private.h"
#include "learn_evidence.h"
#include "learn_file.h"
#include "learned.h"
#include "store.h"

#define ANSWER(title, tags, body) \
	"---\ntitle: " title "\ntags: " tags "\n---\n" body "\n"

static const struct th_file three_answers[] = {
	{ "answers/travel/lost-passport.md", ANSWER("Report a lost passport",
	    "passport, lost", "Fill in form DS-64 and bring a photo ID.") },
	{ "answers/animals/dog-license.md", ANSWER("License your dog",
	    "dog, license", "Every dog over four months old needs a tag.") },
	{ "answers/parks/picnic-shelter.md", ANSWER("Book a picnic shelter",
	    "park, picnic", "Shelters are booked online or at the desk.") },
	{ NULL, NULL }
};

/* One use of `id` by `agent` after searching for `query`. */
static void
use(struct kb *kb, const char *agent, const char *id, const char *query)
{
	struct kb_event e = KB_EVENT_INIT;

	e.kind = KB_EVENT_USE;
	e.agent = agent;
	e.answer = id;
	e.query = query;
	e.channel = KB_CHANNEL_PHONE;
	if (kb_usage_log(kb, &e, 1000) != 0)
		fail_msg("logging a use: %s", kb_error_last());
}

static void
update(struct kb *kb, unsigned flags)
{
	if (kb_index_update(NULL, kb, flags, NULL, NULL) != 0)
		fail_msg("kb_index_update: %s", kb_error_last());
}

/* kb report's learned section: "answer|title|word|agents|weight" lines. */
static char *
learned_rows(struct kb *kb)
{
	struct kb_report_options o;
	struct kb_report *r = NULL;
	char *rows;

	memset(&o, 0, sizeof(o));
	if (kb_report_build(&r, kb, &o) != 0)
		fail_msg("kb_report_build: %s", kb_error_last());
	rows = th_table_rows(r, "learned");
	kb_report_free(r);
	return rows;
}

static void
expect_rows(struct kb *kb, const char *want, const char *what)
{
	char *got = learned_rows(kb);

	if (strcmp(got, want) != 0) {
		fprintf(stderr, "%s:\n--- want:\n%s--- got:\n%s", what, want,
		    got);
		free(got);
		fail();
	}
	free(got);
}

#define PASSPORT "lost-passport|Report a lost passport|"

/* --- the two-agent rule ------------------------------------------------- */

static void
learn__evidence__one_agent_teaches_nothing(void **state)
{
	struct th_kb t;
	int i;

	(void)state;
	th_kb_start(&t, three_answers);
	for (i = 0; i < 5; i++)
		use(t.kb, "alice", "lost-passport", "wallet pinched overseas");
	update(t.kb, 0);
	expect_rows(t.kb, "", "one agent five times");
	/* Two agents, each on another answer, teach nothing either. */
	use(t.kb, "bob", "dog-license", "wallet pinched overseas");
	update(t.kb, 0);
	expect_rows(t.kb, "", "a second agent on another answer");
	th_kb_finish(&t);
}

static void
learn__evidence__two_agents_teach(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	use(t.kb, "alice", "lost-passport", "wallet pinched overseas");
	use(t.kb, "alice", "lost-passport", "pinched");
	use(t.kb, "bob", "lost-passport", "Pinched while OVERSEAS!");
	update(t.kb, 0);
	expect_rows(t.kb, PASSPORT "overseas|2|2\n" PASSPORT "pinched|2|2\n",
	    "alice and bob");
	/* A third agent adds to the weight; the fourth and fifth only to
	 * the agents: the weight stops at 3. */
	use(t.kb, "carol", "lost-passport", "pinched");
	update(t.kb, 0);
	expect_rows(t.kb, PASSPORT "pinched|3|3\n" PASSPORT "overseas|2|2\n",
	    "a third agent");
	use(t.kb, "dave", "lost-passport", "pinched");
	use(t.kb, "erin", "lost-passport", "pinched");
	update(t.kb, 0);
	expect_rows(t.kb, PASSPORT "pinched|5|3\n" PASSPORT "overseas|2|2\n",
	    "five agents weigh 3");
	th_kb_finish(&t);
}

static void
learn__evidence__stop_words_and_forms(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	/* Stop words, a word longer than 32 bytes, accents and case; and
	 * "renewing" and "renew" are one word (one stem). */
	use(t.kb, "alice", "lost-passport", "I need to get the PASAPÓRTE "
	    "renewing where my supercalifragilisticexpialidociousness");
	use(t.kb, "bob", "lost-passport", "I need the pasaporte, renew my "
	    "supercalifragilisticexpialidociousness");
	update(t.kb, 0);
	expect_rows(t.kb, PASSPORT "pasaporte|2|2\n" PASSPORT "renewing|2|2\n",
	    "stop words, long words, forms");
	th_kb_finish(&t);
}

/* "w00 w01 ..." words from..to-1, as one query. */
static char *
words(int from, int to)
{
	char *q = calloc(1, (size_t)(to - from) * 5 + 1);
	int i;

	assert_non_null(q);
	for (i = from; i < to; i++)
		sprintf(q + strlen(q), "%sw%02d", i > from ? " " : "", i);
	return q;
}

static void
learn__evidence__caps(void **state)
{
	struct th_kb t;
	char *q, *rows, *line;
	int i, n;

	(void)state;
	th_kb_start(&t, three_answers);
	/* 40 words in one query: the first 32 count.  Then 60 more in
	 * shorter queries: 92 words taught by two agents, of which the 64
	 * with most agents stay; w90 and w91 have a third agent. */
	q = words(0, 40);
	use(t.kb, "alice", "dog-license", q);
	use(t.kb, "bob", "dog-license", q);
	free(q);
	for (i = 40; i < 100; i += 20) {
		q = words(i, i + 20);
		use(t.kb, "alice", "dog-license", q);
		use(t.kb, "bob", "dog-license", q);
		free(q);
	}
	use(t.kb, "carol", "dog-license", "w90 w91");
	update(t.kb, 0);
	rows = learned_rows(t.kb);
	for (n = 0, line = rows; (line = strchr(line, '\n')) != NULL; line++)
		n++;
	assert_int_equal(n, LEARNED_WORDS_MAX);
	{
		static const char first[] =
		    "dog-license|License your dog|w90|3|3\n"
		    "dog-license|License your dog|w91|3|3\n"
		    "dog-license|License your dog|w00|2|2\n";

		if (strncmp(rows, first, strlen(first)) != 0)
			fail_msg("the strongest words first: %s", rows);
	}
	assert_non_null(strstr(rows, "|w31|"));
	assert_null(strstr(rows, "|w32|"));
	assert_null(strstr(rows, "|w39|"));
	free(rows);
	th_kb_finish(&t);
}

/*
 * The rule on its own, with the index's tokenizers: uses come grouped
 * by answer and agent, as the SQL gives them.
 */
static void
learn__evidence__grouped_uses(void **state)
{
	struct learned l = LEARNED_INIT;
	struct learn_evidence e;
	struct th_fts *f;
	const struct learned_answer *a;

	(void)state;
	assert_int_equal(th_fts_open(&f), 0);
	kb_learn_evidence__init(&e, f->tok);
	kb_learn_evidence__use(&e, "a-1", "alice", "renew passport");
	kb_learn_evidence__use(&e, "a-1", "alice", "renewing passports");
	kb_learn_evidence__use(&e, "a-1", "bob", "Passport");
	kb_learn_evidence__use(&e, "a-1", "carol", "Renewing");
	kb_learn_evidence__use(&e, "b-2", "alice", "renew");
	kb_learn_evidence__use(&e, "Not An Id", "bob", "renew");
	kb_learn_evidence__use(&e, "b-2", NULL, "renew");
	kb_learn_evidence__finish(&l, &e);
	kb_learned__finish(&l);
	assert_int_equal(e.uses, 5);
	assert_int_equal(l.n, 1);
	a = kb_learned__find(&l, "a-1");
	assert_non_null(a);
	/* renew and renewing are one stem: alice's (once, however often)
	 * and carol's; passport and passports: alice's and bob's.  b-2 has
	 * one agent; an answer that is no id, or no agent, counts for
	 * nothing. */
	assert_int_equal(a->n, 2);
	assert_string_equal(a->words[0].word, "passport");
	assert_int_equal(a->words[0].agents, 2);
	assert_string_equal(a->words[1].word, "renew");
	assert_int_equal(a->words[1].agents, 2);
	assert_int_equal(a->words[1].weight, 2);
	kb_learned__free(&l);
	kb_learn_evidence__free(&e);
	th_fts_teardown((void **)&f);
}

/* --- the index ---------------------------------------------------------- */

/* Everything learning touches in index.db, as one string. */
static char *
index_dump(struct kb *kb)
{
	static const char *const dump =
	    "SELECT group_concat(x, char(10)) FROM ("
	    " SELECT 'f ' || a.id || ' ' || i.term || ' ' || i.col || ' ' ||"
	    "  i.offset AS x FROM temp.ai i JOIN answer a ON a.rowid = i.doc"
	    " UNION ALL SELECT 's ' || term || ' ' || df FROM stems"
	    " UNION ALL SELECT 'v ' || term || ' ' || df FROM vocab"
	    " UNION ALL SELECT 'l ' || id || ' ' || word || ' ' || agents ||"
	    "  ' ' || weight FROM learned"
	    " ORDER BY 1)";
	char *path = th_path(kb_state_dir(kb), "index.db"), *out = NULL;
	sqlite3_stmt *st;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.ai USING"
	    " fts5vocab(main, answer_fts, instance)", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, dump, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(path);
	assert_non_null(out);
	return out;
}

/* The incremental index is the one a full build makes. */
static void
expect_as_rebuilt(struct kb *kb, const char *what)
{
	char *incremental = index_dump(kb), *rebuilt;

	update(kb, KB_INDEX_REBUILD);
	rebuilt = index_dump(kb);
	if (strcmp(incremental, rebuilt) != 0) {
		fprintf(stderr, "%s:\n--- incremental:\n%s\n--- rebuilt:\n%s\n",
		    what, incremental, rebuilt);
		free(incremental);
		free(rebuilt);
		fail();
	}
	free(incremental);
	free(rebuilt);
}

static void
learn__index__incremental_as_rebuilt(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	update(t.kb, 0);
	/* "dog" is in the answer already, "puppy" nowhere: each counts once
	 * in the document frequencies. */
	use(t.kb, "alice", "dog-license", "puppy dog tag");
	use(t.kb, "bob", "dog-license", "puppy dog");
	update(t.kb, 0);
	expect_as_rebuilt(t.kb, "words learned");
	/* The answer changes, and learning with it. */
	assert_int_equal(th_write_file(t.dir, "answers/animals/dog-license.md",
	    ANSWER("License your dog", "dog, license, puppy",
	    "Every dog and puppy over four months old needs a tag.")), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Puppies"), 0);
	use(t.kb, "carol", "dog-license", "puppy kennel");
	use(t.kb, "dave", "dog-license", "kennel");
	update(t.kb, 0);
	expect_as_rebuilt(t.kb, "answer and learning changed together");
	/* Moved to another folder: the same id, the same words. */
	assert_int_equal(th_git(t.dir, "mv answers/animals answers/pets"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Move"), 0);
	update(t.kb, 0);
	expect_as_rebuilt(t.kb, "answer moved");
	th_kb_finish(&t);
}

static void
learn__index__removed_answer(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	use(t.kb, "alice", "picnic-shelter", "gazebo rental");
	use(t.kb, "bob", "picnic-shelter", "gazebo");
	update(t.kb, 0);
	expect_rows(t.kb, "picnic-shelter|Book a picnic shelter|gazebo|2|2\n",
	    "learned");
	/* Gone from the KB: nothing breaks, the report and search leave it
	 * out, and the words wait in the learned table. */
	assert_int_equal(th_git(t.dir, "rm -q answers/parks/picnic-shelter.md"),
	    0);
	assert_int_equal(th_git_commit_all(t.dir, "Remove"), 0);
	update(t.kb, 0);
	expect_rows(t.kb, "", "the answer is gone");
	expect_as_rebuilt(t.kb, "answer removed");
	/* Back under another folder: its words come back with it. */
	assert_int_equal(th_write_file(t.dir,
	    "answers/events/picnic-shelter.md",
	    ANSWER("Book a picnic shelter", "park, picnic",
	    "Shelters are booked online.")), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Back"), 0);
	update(t.kb, 0);
	expect_rows(t.kb, "picnic-shelter|Book a picnic shelter|gazebo|2|2\n",
	    "the answer is back");
	expect_as_rebuilt(t.kb, "answer back");
	th_kb_finish(&t);
}

/* A refresh, as every search does, learns from new uses by itself. */
static void
learn__index__refresh_learns(void **state)
{
	struct th_kb t;
	struct kb_event e = KB_EVENT_INIT;

	(void)state;
	th_kb_start(&t, three_answers);
	update(t.kb, 0);
	assert_int_equal(kb_index_refresh(t.kb), 0);
	use(t.kb, "alice", "picnic-shelter", "gazebo");
	use(t.kb, "bob", "picnic-shelter", "gazebo");
	assert_int_equal(kb_index_refresh(t.kb), 1);
	assert_int_equal(kb_index_refresh(t.kb), 0);
	expect_rows(t.kb, "picnic-shelter|Book a picnic shelter|gazebo|2|2\n",
	    "learned by a refresh");
	/* A search logged teaches nothing, and no log is read again: the
	 * refresh only notes it. */
	e.kind = KB_EVENT_SEARCH;
	e.agent = "alice";
	e.query = "gazebo";
	e.hits = 1;
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	assert_int_equal(kb_index_refresh(t.kb), 1);
	assert_int_equal(kb_index_refresh(t.kb), 0);
	th_kb_finish(&t);
}

/* A use the agent took back (kb undo) teaches nothing. */
static void
learn__index__undone_use_teaches_nothing(void **state)
{
	struct th_kb t;
	char *what = NULL;

	(void)state;
	th_kb_start(&t, three_answers);
	update(t.kb, 0);
	use(t.kb, "alice", "picnic-shelter", "gazebo");
	use(t.kb, "bob", "picnic-shelter", "gazebo");
	assert_int_equal(kb_usage_undo_last(&what, t.kb, "bob"), 0);
	free(what);
	assert_int_equal(kb_index_refresh(t.kb), 1);
	expect_rows(t.kb, "", "after bob took his use back");
	use(t.kb, "carol", "picnic-shelter", "gazebo");
	assert_int_equal(kb_index_refresh(t.kb), 1);
	expect_rows(t.kb, "picnic-shelter|Book a picnic shelter|gazebo|2|2\n",
	    "alice and carol");
	th_kb_finish(&t);
}

/* --- the centre's published file --------------------------------------- */

struct hostile_case {
	const char *line;
	const char *problem;	/* NULL: a good line */
};

/* The warning about line `line`, or NULL. */
static const struct th_diag *
on_line(const struct th_diags *d, unsigned line)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].line == line)
			return &d->v[i];
	return NULL;
}

static void
parse(struct learned *l, const char *text, struct th_diags *d)
{
	struct th_fts *f;

	assert_int_equal(th_fts_open(&f), 0);
	kb_learn_file__parse(l, f->tok, text, strlen(text), "the-file",
	    th_diag_collect, d);
	kb_learned__finish(l);
	th_fts_teardown((void **)&f);
}

static void
learn__file__hostile_lines(void **state)
{
	static const struct hostile_case cases[] = {
		{ "good-one\tholiday 3 stolen 2", NULL },
		{ "# a comment", NULL },
		{ "", NULL },
		{ "no-tab holiday 3", "no tab after the answer id" },
		{ "Bad_Id\tholiday 3", "not an answer id" },
		{ "\tholiday 3", "not an answer id" },
		{ "../../etc\tholiday 3", "not an answer id" },
		{ "good-one\tsecond 2", "a second line for this answer" },
		{ "w-1\tholiday", "a word without its weight" },
		{ "w-2\tholiday 0", "a weight that is not" },
		{ "w-3\tholiday 4", "a weight that is not" },
		{ "w-4\tholiday x", "a weight that is not" },
		{ "w-5\tholiday 33", "a weight that is not" },
		{ "w-6\tHoliday 2", "not one word as kb cuts words" },
		{ "w-7\tthe 2", "not one word as kb cuts words" },
		{ "w-8\tcaf\xc3\xa9 2", "not one word as kb cuts words" },
		{ "w-9\t\x1b[31m 2", "not one word as kb cuts words" },
		{ "w-10\t\xff\xfe 2", "not one word as kb cuts words" },
		{ "w-11\tw-2 2", "not one word as kb cuts words" },
		{ "w-12\tholiday  2", "a weight that is not" },
		{ "last-one\tpickpocket 1", NULL },
	};
	struct learned l = LEARNED_INIT;
	struct th_diags d = TH_DIAGS_INIT;
	const struct learned_answer *a;
	char text[4096] = "";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strcat(text, cases[i].line);
		/* The last line has no newline. */
		if (i + 1 < sizeof(cases) / sizeof(cases[0]))
			strcat(text, "\n");
	}
	parse(&l, text, &d);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct th_diag *w = on_line(&d, (unsigned)i + 1);

		if (cases[i].problem == NULL && w == NULL)
			continue;
		if (cases[i].problem == NULL || w == NULL ||
		    strcmp(w->path, "the-file") != 0 ||
		    w->severity != KB_SEVERITY_WARNING ||
		    strstr(w->message, cases[i].problem) == NULL ||
		    strstr(w->message, "; line skipped") == NULL) {
			th_diags_dump(&d);
			fail_msg("line %zu: want the warning '%s', got '%s'",
			    i + 1, cases[i].problem ? cases[i].problem : "none",
			    w ? w->message : "none");
		}
		/* Never quoting the line. */
		assert_null(strchr(w->message, '\x1b'));
		assert_null(strstr(w->message, "Bad_Id"));
	}
	/* Only the good lines are kept, with no agents here. */
	assert_int_equal(l.n, 2);
	a = kb_learned__find(&l, "good-one");
	assert_non_null(a);
	assert_int_equal(a->n, 2);
	assert_string_equal(a->words[0].word, "holiday");
	assert_int_equal(a->words[0].weight, 3);
	assert_int_equal(a->words[0].agents, 0);
	assert_string_equal(a->words[1].word, "stolen");
	assert_int_equal(a->words[1].weight, 2);
	assert_non_null(kb_learned__find(&l, "last-one"));
	kb_learned__free(&l);
	th_diags_free(&d);
}

/* Lines too long or with too many words; a flood of bad lines. */
static void
learn__file__bounds(void **state)
{
	struct learned l = LEARNED_INIT;
	struct th_diags d = TH_DIAGS_INIT;
	char *text = calloc(1, 64 * 1024);
	size_t i;

	(void)state;
	assert_non_null(text);
	strcat(text, "many-words\t");
	for (i = 0; i < LEARNED_WORDS_MAX + 1; i++)
		sprintf(text + strlen(text), "%sw%03zu 1", i ? " " : "", i);
	strcat(text, "\nlong-word\t");
	for (i = 0; i < LEARNED_WORD_MAX + 1; i++)
		strcat(text, "a");
	strcat(text, " 1\nlong-line\t");
	for (i = 0; i < LEARN_FILE_LINE_MAX / 4; i++)
		strcat(text, "ab 1");
	strcat(text, "\nfits\t");
	for (i = 0; i < LEARNED_WORDS_MAX; i++)
		sprintf(text + strlen(text), "%sw%03zu 1", i ? " " : "", i);
	strcat(text, "\n");
	parse(&l, text, &d);
	assert_int_equal(d.n, 3);
	assert_non_null(strstr(on_line(&d, 1)->message, "more than 64 words"));
	assert_non_null(strstr(on_line(&d, 2)->message, "at most 32 bytes"));
	assert_non_null(strstr(on_line(&d, 3)->message, "longer than 4096"));
	assert_int_equal(l.n, 1);
	assert_int_equal(kb_learned__find(&l, "fits")->n, LEARNED_WORDS_MAX);
	kb_learned__free(&l);
	th_diags_free(&d);

	/* 30 bad lines: 20 told, then one line for them all. */
	text[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(text, "bad\n");
	parse(&l, text, &d);
	assert_int_equal(d.n, LEARN_FILE_WARNINGS + 1);
	assert_int_equal(d.v[LEARN_FILE_WARNINGS - 1].line,
	    LEARN_FILE_WARNINGS);
	assert_non_null(strstr(d.v[LEARN_FILE_WARNINGS].message,
	    "30 lines skipped in all"));
	assert_int_equal(l.n, 0);
	kb_learned__free(&l);
	th_diags_free(&d);
	free(text);
}

/* A commit of learned.txt on refs/kb/central/learned, as kbsync leaves it. */
static void
put_central(struct kb *kb, const char *text)
{
	struct kb_store_sig who = { "Centre", "centre@example.invalid" };
	struct kb_store_file file = { LEARN_FILE_PATH, text, strlen(text) };
	char oid[KB_OID_HEX + 1];

	assert_int_equal(kb__store(kb), 0);
	assert_int_equal(kb_store__commit_files(oid, kb->store, "", &file, 1,
	    &who, "learned"), 0);
	assert_int_equal(kb_store__ref_set(kb->store, "refs/kb/central/learned",
	    NULL, oid, "test"), 0);
}

static void
learn__file__central_merged(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	use(t.kb, "alice", "lost-passport", "pinched overseas");
	use(t.kb, "bob", "lost-passport", "pinched overseas");
	use(t.kb, "carol", "lost-passport", "pinched");
	put_central(t.kb, "# from the centre\n"
	    "lost-passport\tpinched 1 overseas 3 holiday 2\n"
	    "dog-license\tpuppy 2\n"
	    "dog-license\tkennel 2\n"
	    "Bad Line\n");
	assert_int_equal(kb_index_update(NULL, t.kb, 0, th_diag_collect, &d),
	    0);
	/* The higher weight of a word counts; agents are this KB's. */
	expect_rows(t.kb,
	    "dog-license|License your dog|puppy|NULL|2\n"
	    PASSPORT "pinched|3|3\n"
	    PASSPORT "overseas|2|3\n"
	    PASSPORT "holiday|NULL|2\n", "merged with the centre's");
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].path,
	    "refs/kb/central/learned:learned.txt");
	assert_int_equal(d.v[0].line, 4);
	assert_non_null(strstr(d.v[0].message, "a second line"));
	assert_int_equal(d.v[1].line, 5);
	th_diags_free(&d);
	/* A file too large is not read: the centre's words go. */
	{
		size_t big = LEARN_FILE_MAX + 1;
		char *text = malloc(big + 1);

		assert_non_null(text);
		memset(text, '#', big);
		text[big] = '\0';
		put_central(t.kb, text);
		free(text);
	}
	assert_int_equal(kb_index_update(NULL, t.kb, 0, th_diag_collect, &d),
	    0);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].message, "larger than 8 MiB"));
	expect_rows(t.kb, PASSPORT "pinched|3|3\n" PASSPORT "overseas|2|2\n",
	    "the centre's file too large");
	th_diags_free(&d);
	th_kb_finish(&t);
}

/* --- publishing --------------------------------------------------------- */

static void
learn__publish__centre(void **state)
{
	struct kb_learn_summary s;
	struct kb_learn_published p;
	struct learned l = LEARNED_INIT;
	struct th_diags d = TH_DIAGS_INIT;
	struct th_fts *f;
	struct th_kb t;
	char *text, *first;
	size_t len;

	(void)state;
	th_kb_start(&t, three_answers);
	use(t.kb, "alice", "lost-passport", "pinched overseas");
	use(t.kb, "bob", "lost-passport", "pinched");
	use(t.kb, "alice", "ghost-answer", "boo");
	use(t.kb, "bob", "ghost-answer", "boo");
	assert_int_equal(kb_learn_update(&s, t.kb, NULL, NULL), 0);
	/* ghost-answer is not in the KB: not counted, not published. */
	assert_int_equal(s.answers, 1);
	assert_int_equal(s.words, 1);
	assert_int_equal(kb_learn_publish(&p, t.kb), 0);
	assert_int_equal(p.changed, 1);
	assert_int_equal(p.answers, 1);
	assert_int_equal(p.words, 1);
	first = strdup(p.commit);
	text = th_git_output(t.dir, "show refs/kb/learned:learned.txt");
	assert_non_null(text);
	assert_non_null(strstr(text, "\nlost-passport\tpinched 2"));
	assert_null(strstr(text, "ghost"));
	/* What is published reads back with no warning. */
	assert_int_equal(th_fts_open(&f), 0);
	len = strlen(text);
	kb_learn_file__parse(&l, f->tok, text, len, "x", th_diag_collect, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(l.n, 1);
	kb_learned__free(&l);
	th_fts_teardown((void **)&f);
	free(text);
	/* Nothing new: the ref stays. */
	assert_int_equal(kb_learn_publish(&p, t.kb), 0);
	assert_int_equal(p.changed, 0);
	assert_string_equal(p.commit, first);
	free(first);
	/* An office takes what the centre publishes; it publishes nothing. */
	assert_int_equal(th_write_file(kb_state_dir(t.kb), "last-sync",
	    "time 2026-01-01T00:00:00Z\ncentral "
	    "0000000000000000000000000000000000000000\nurl x\n"), 0);
	assert_int_equal(kb_learn_publish(&p, t.kb), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "office"));
	th_diags_free(&d);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(learn__evidence__one_agent_teaches_nothing),
		cmocka_unit_test(learn__evidence__two_agents_teach),
		cmocka_unit_test(learn__evidence__stop_words_and_forms),
		cmocka_unit_test(learn__evidence__caps),
		cmocka_unit_test(learn__evidence__grouped_uses),
		cmocka_unit_test(learn__index__incremental_as_rebuilt),
		cmocka_unit_test(learn__index__removed_answer),
		cmocka_unit_test(learn__index__refresh_learns),
		cmocka_unit_test(learn__index__undone_use_teaches_nothing),
		cmocka_unit_test(learn__file__hostile_lines),
		cmocka_unit_test(learn__file__bounds),
		cmocka_unit_test(learn__file__central_merged),
		cmocka_unit_test(learn__publish__centre),
	};

	th_env_setup();
	return th_run(argc, argv, "learn", tests,
	    th_libkb_setup, th_libkb_teardown);
}
