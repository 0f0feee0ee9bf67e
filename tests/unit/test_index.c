/*
 * Unit tests for the incremental search index through the public API
 * (kb_open, kb_index_update, kb_search) on real temporary git
 * repositories, changed with plain git commands between updates.
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
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "kb/index.h"
#include "kb/kb.h"
#include "kb/search.h"
#include "schema.h"

/*
 * Every answer here has non-empty tags and related ids: an absent list
 * trips the parser bug that index__update__answer_without_lists shows,
 * and the other tests are about indexing, not that bug.
 */
#define REL "related: passport-renew\n"

#define PASSPORT_PATH "answers/passports/passport-renew.md"
#define PASSPORT \
	"---\n" \
	"title: Renew a passport\n" \
	"tags: passport, renewal\n" \
	"related: dog-license\n" \
	"---\n" \
	"Use form DS-82 to renew by mail. Include your old passport and a " \
	"recent photo.\n"

#define BULKY_PATH "answers/trash/bulky-pickup.md"
#define BULKY \
	"---\n" \
	"title: Bulky item pickup\n" \
	"tags: furniture, curb\n" \
	"related: passport-renew\n" \
	"---\n" \
	"Put the sofa at the curb by 6 am. The trash truck takes bulky " \
	"items on Mondays.\n"

#define DOG_PATH "answers/animals/dog-license.md"
#define DOG \
	"---\n" \
	"title: License your dog\n" \
	"tags: dog, license\n" \
	"related: bulky-pickup\n" \
	"---\n" \
	"Every dog over four months old needs a license tag. Bring the " \
	"rabies certificate.\n"

static const struct th_file three_answers[] = {
	{ PASSPORT_PATH, PASSPORT },
	{ BULKY_PATH, BULKY },
	{ DOG_PATH, DOG },
	{ "README.md", "This KB is for tests.\n" },
	{ NULL, NULL }
};

/* kb_index_update that must succeed. */
static struct kb_index_stats
update(struct th_kb *t, unsigned flags)
{
	struct kb_index_stats st;
	int rc;

	memset(&st, 0xAB, sizeof(st));
	rc = kb_index_update(&st, t->kb, flags, th_diag_collect, &t->diags);
	if (rc != 0)
		fail_msg("kb_index_update: %d %s", rc, kb_error_last());
	return st;
}

static void
assert_stats(const struct kb_index_stats *st, unsigned added,
    unsigned changed, unsigned removed, unsigned skipped, unsigned total)
{
	if (st->added != added || st->changed != changed ||
	    st->removed != removed || st->skipped != skipped ||
	    st->total != total)
		fail_msg("stats added %u changed %u removed %u skipped %u "
		    "total %u; want %u %u %u %u %u", st->added, st->changed,
		    st->removed, st->skipped, st->total, added, changed,
		    removed, skipped, total);
}

/* Search; returns the results (caller frees). */
static struct kb_results *
search(struct th_kb *t, const char *query)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *r = NULL;
	int rc;

	rc = kb_search(&r, t->kb, query, &opts);
	if (rc != 0 || r == NULL)
		fail_msg("kb_search '%s': %d %s", query, rc, kb_error_last());
	return r;
}

static char *
head_of(const char *dir)
{
	char *out = th_git_output(dir, "rev-parse main");

	assert_non_null(out);
	return out;
}

static void
index__update__initial_build(void **state)
{
	struct kb_index_stats st;
	struct kb_results *r;
	struct th_kb t;
	char *head, *blob;

	(void)state;
	th_kb_start(&t, three_answers);
	st = update(&t, 0);
	assert_stats(&st, 3, 0, 0, 0, 3);
	assert_int_equal(st.rebuilt, 1);
	assert_int_equal(st.up_to_date, 0);
	head = head_of(t.dir);
	assert_string_equal(st.commit, head);
	free(head);
	assert_int_equal(t.diags.n, 0);

	r = search(&t, "rabies");
	assert_int_equal(r->nhits, 1);
	assert_string_equal(r->hits[0].id, "dog-license");
	assert_string_equal(r->hits[0].title, "License your dog");
	assert_string_equal(r->hits[0].lang, "en");
	assert_true(r->hits[0].score > 0.0);
	assert_non_null(r->hits[0].snippet);
	assert_non_null(strstr(r->hits[0].snippet, "rabies"));
	blob = th_git_output(t.dir, "rev-parse main:" DOG_PATH);
	assert_non_null(blob);
	assert_string_equal(r->hits[0].version, blob);
	free(blob);
	kb_results_free(r);

	th_expect_ids(t.kb, "sofa", "bulky-pickup");
	th_expect_ids(t.kb, "passport photo", "passport-renew");
	th_expect_ids(t.kb, "xylophone", "");
	th_kb_finish(&t);
}

static void
index__update__up_to_date(void **state)
{
	struct kb_index_stats st;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	st = update(&t, 0);
	assert_stats(&st, 0, 0, 0, 0, 3);
	assert_int_equal(st.up_to_date, 1);
	assert_int_equal(st.rebuilt, 0);

	/* A new handle sees the same index, still up to date. */
	th_kb_reopen(&t);
	st = update(&t, 0);
	assert_int_equal(st.up_to_date, 1);
	assert_int_equal(st.total, 3);

	/* A commit touching no answer changes nothing in the index. */
	assert_int_equal(th_write_file(t.dir, "README.md", "Changed.\n"), 0);
	assert_int_equal(th_write_file(t.dir, "drafts/x.md",
	    "---\ntitle: Draft\n---\nzeppelin\n"), 0);
	assert_int_equal(th_write_file(t.dir, "answers/notes.txt",
	    "zeppelin\n"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Not answers"), 0);
	st = update(&t, 0);
	assert_stats(&st, 0, 0, 0, 0, 3);
	assert_int_equal(st.rebuilt, 0);
	assert_int_equal(t.diags.n, 0);
	th_expect_ids(t.kb, "zeppelin", "");
	th_kb_finish(&t);
}

static void
index__update__new_commit_adds_one(void **state)
{
	struct kb_index_stats st;
	struct th_kb t;
	char *head;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	assert_int_equal(th_write_file(t.dir, "answers/housing/rent-help.md",
	    "---\ntitle: Help with rent\ntags: rent\n" REL "---\n"
	    "Ask about eviction prevention grants.\n"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Add rent-help"), 0);
	st = update(&t, 0);
	assert_stats(&st, 1, 0, 0, 0, 4);
	assert_int_equal(st.rebuilt, 0);
	assert_int_equal(st.up_to_date, 0);
	head = head_of(t.dir);
	assert_string_equal(st.commit, head);
	free(head);
	th_expect_ids(t.kb, "eviction", "rent-help");
	th_expect_ids(t.kb, "rabies", "dog-license");
	th_kb_finish(&t);
}

/* The search refreshes the index itself after a commit. */
static void
index__search__refreshes_after_commit(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	th_expect_ids(t.kb, "eviction", "");
	assert_int_equal(th_write_file(t.dir, "answers/rent-help.md",
	    "---\ntitle: Help with rent\ntags: rent\n" REL "---\nAsk about "
	    "eviction.\n"), 0);
	/* Not committed yet: the work tree is never read. */
	th_expect_ids(t.kb, "eviction", "");
	assert_int_equal(th_git_commit_all(t.dir, "Add rent-help"), 0);
	th_expect_ids(t.kb, "eviction", "rent-help");
	th_kb_finish(&t);
}

static void
index__update__changed_answer(void **state)
{
	struct kb_index_stats st;
	struct kb_results *r;
	struct th_kb t;
	char *blob;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	assert_int_equal(th_write_file(t.dir, DOG_PATH,
	    "---\ntitle: License your dog\ntags: dog, license\n" REL "---\n"
	    "Every dog "
	    "needs a license tag and a microchip.\n"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Change dog-license"), 0);
	st = update(&t, 0);
	assert_stats(&st, 0, 1, 0, 0, 3);
	th_expect_ids(t.kb, "microchip", "dog-license");
	th_expect_ids(t.kb, "rabies", "");
	r = search(&t, "microchip");
	blob = th_git_output(t.dir, "rev-parse main:" DOG_PATH);
	assert_string_equal(r->hits[0].version, blob);
	free(blob);
	kb_results_free(r);
	th_kb_finish(&t);
}

static void
index__update__deleted_answer(void **state)
{
	struct kb_index_stats st;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	th_expect_ids(t.kb, "sofa", "bulky-pickup");
	assert_int_equal(th_git(t.dir, "rm -q %s", BULKY_PATH), 0);
	assert_int_equal(th_git(t.dir, "commit -q -m 'Remove bulky'"), 0);
	st = update(&t, 0);
	assert_stats(&st, 0, 0, 1, 0, 2);
	th_expect_ids(t.kb, "sofa", "");
	th_expect_ids(t.kb, "rabies", "dog-license");
	th_kb_finish(&t);
}

static void
index__update__moved_to_other_topic(void **state)
{
	struct kb_index_stats st;
	struct kb_results *r;
	struct kb_answer *a = NULL;
	struct th_kb t;
	char version[KB_OID_HEX + 1];

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	r = search(&t, "sofa");
	assert_int_equal(r->nhits, 1);
	memcpy(version, r->hits[0].version, sizeof(version));
	kb_results_free(r);

	{
		char *p = th_path(t.dir, "answers/city");

		assert_int_equal(mkdir(p, 0777), 0);
		free(p);
		p = th_path(t.dir, "answers/city/services");
		assert_int_equal(mkdir(p, 0777), 0);
		free(p);
	}
	assert_int_equal(th_git(t.dir, "mv %s answers/city/services/"
	    "bulky-pickup.md", BULKY_PATH), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Move bulky-pickup"), 0);
	st = update(&t, 0);
	assert_int_equal(st.total, 3);
	assert_int_equal(st.skipped, 0);
	assert_int_equal(t.diags.n, 0);

	r = search(&t, "sofa");
	assert_int_equal(r->nhits, 1);
	assert_string_equal(r->hits[0].id, "bulky-pickup");
	/* The version is the blob id: a move does not change it. */
	assert_string_equal(r->hits[0].version, version);
	kb_results_free(r);

	assert_int_equal(kb_answer_load(&a, t.kb, "bulky-pickup"), 0);
	assert_string_equal(a->path, "answers/city/services/bulky-pickup.md");
	assert_string_equal(a->version, version);
	kb_answer_free(a);
	th_kb_finish(&t);
}

static void
index__update__malformed_skipped_then_fixed(void **state)
{
	static const struct th_file files[] = {
		{ PASSPORT_PATH, PASSPORT },
		{ BULKY_PATH, BULKY },
		{ DOG_PATH, DOG },
		{ "answers/misc/zeppelin-tours.md",
		  "---\ntags: zeppelin\n" REL "---\nZeppelin tours leave at "
		  "noon.\n" },
		{ NULL, NULL }
	};
	struct kb_index_stats st;
	const struct th_diag *w;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, files);
	st = update(&t, 0);
	assert_stats(&st, 3, 0, 0, 1, 3);
	assert_int_equal(th_diags_count(&t.diags, KB_SEVERITY_ERROR), 0);
	w = th_diags_find(&t.diags, KB_SEVERITY_WARNING, "missing title");
	if (w == NULL) {
		th_diags_dump(&t.diags);
		fail_msg("no warning about the malformed answer");
	}
	assert_string_equal(w->path, "answers/misc/zeppelin-tours.md");
	assert_non_null(strstr(w->message, "not indexed"));
	th_expect_ids(t.kb, "zeppelin", "");
	th_expect_ids(t.kb, "rabies", "dog-license");

	/* Fixed in the next commit: indexed. */
	th_diags_clear(&t.diags);
	assert_int_equal(th_write_file(t.dir, "answers/misc/zeppelin-tours.md",
	    "---\ntitle: Zeppelin tours\ntags: zeppelin\n" REL "---\n"
	    "Zeppelin tours "
	    "leave at noon.\n"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Fix zeppelin-tours"), 0);
	st = update(&t, 0);
	assert_int_equal(st.total, 4);
	assert_int_equal(st.added + st.changed, 1);
	assert_int_equal(st.skipped, 0);
	assert_int_equal(t.diags.n, 0);
	th_expect_ids(t.kb, "zeppelin", "zeppelin-tours");
	th_kb_finish(&t);
}

/* The ids of several searches, in order. */
static char *
searches(struct th_kb *t)
{
	static const char *const queries[] = { "rabies", "sofa", "dog",
	    "passport", "license", "curb", "eviction", "renew passport photo",
	    "pass", "do", "microchip" };
	char *all = calloc(1, 4096);
	size_t i;

	assert_non_null(all);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		char *ids = th_search_ids(t->kb, queries[i]);

		strcat(all, queries[i]);
		strcat(all, "=");
		strcat(all, ids);
		strcat(all, ";");
		free(ids);
	}
	return all;
}

static void
index__update__rebuild_same_results(void **state)
{
	struct kb_index_stats st;
	struct th_kb t;
	char *before, *after;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	/* A history of changes applied incrementally. */
	assert_int_equal(th_write_file(t.dir, "answers/housing/rent-help.md",
	    "---\ntitle: Help with rent\ntags: rent, eviction\n" REL "---\n"
	    "Ask about "
	    "eviction prevention. Dogs allowed.\n"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Add"), 0);
	update(&t, 0);
	assert_int_equal(th_write_file(t.dir, DOG_PATH,
	    "---\ntitle: License your dog\ntags: dog, license\n" REL "---\n"
	    "A "
	    "microchip and a license tag.\n"), 0);
	assert_int_equal(th_git(t.dir, "rm -q %s", BULKY_PATH), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Change and delete"), 0);
	st = update(&t, 0);
	assert_stats(&st, 0, 1, 1, 0, 3);

	before = searches(&t);
	st = update(&t, KB_INDEX_REBUILD);
	assert_int_equal(st.rebuilt, 1);
	assert_stats(&st, 3, 0, 0, 0, 3);
	after = searches(&t);
	assert_string_equal(after, before);
	/* Not vacuous: the searches found things. */
	assert_non_null(strstr(before, "microchip=dog-license;"));
	assert_non_null(strstr(before, "eviction=rent-help;"));
	assert_non_null(strstr(before, "sofa=;"));
	free(before);
	free(after);
	th_kb_finish(&t);
}

static char *
index_path(struct th_kb *t)
{
	return th_path(kb_state_dir(t->kb), "index.db");
}

/* <dir>/.git/kb, with the handle closed; a static buffer. */
static const char *
kb_state_dir_of(const char *dir)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/.git/kb", dir);
	return path;
}

/*
 * Overwrite the index file (kb closed) with bytes that are not SQLite,
 * and drop its WAL and shared-memory files.
 */
static void
trash_index(struct th_kb *t)
{
	char garbage[8192], *path = index_path(t), other[4096];
	uint32_t x = 2463534242u;
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(garbage); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		garbage[i] = (char)x;
	}
	kb_close(t->kb);
	t->kb = NULL;
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(garbage, 1, sizeof(garbage), f),
	    sizeof(garbage));
	assert_int_equal(fclose(f), 0);
	snprintf(other, sizeof(other), "%s-wal", path);
	unlink(other);
	snprintf(other, sizeof(other), "%s-shm", path);
	unlink(other);
	free(path);
	th_kb_reopen(t);
}

static void
index__open__garbage_index_rebuilt_on_update(void **state)
{
	struct kb_index_stats st;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	trash_index(&t);
	st = update(&t, 0);
	assert_stats(&st, 3, 0, 0, 0, 3);
	assert_int_equal(st.rebuilt, 1);
	assert_int_equal(t.diags.n, 0);
	th_expect_ids(t.kb, "rabies", "dog-license");
	th_kb_finish(&t);
}

static void
index__open__garbage_index_rebuilt_on_search(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	trash_index(&t);
	th_expect_ids(t.kb, "sofa", "bulky-pickup");
	th_expect_ids(t.kb, "rabies", "dog-license");
	th_kb_finish(&t);
}

/* A damaged index is rebuilt with a one-line note, given once. */
static void
index__open__garbage_index_noted_once(void **state)
{
	struct th_kb t;
	char *warning;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	assert_null(kb_index_warning_take(t.kb));
	trash_index(&t);
	th_expect_ids(t.kb, "rabies", "dog-license");
	warning = kb_index_warning_take(t.kb);
	assert_non_null(warning);
	assert_non_null(strstr(warning, "index.db was damaged"));
	assert_non_null(strstr(warning, "built it again"));
	assert_null(strchr(warning, '\n'));
	free(warning);
	assert_null(kb_index_warning_take(t.kb));
	th_kb_finish(&t);
}

/* What a build killed part-way leaves goes with the next update. */
static void
index__update__leftover_new_file_removed(void **state)
{
	struct kb_index_stats st;
	struct stat sb;
	struct th_kb t;
	char *new_path;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	new_path = th_path(kb_state_dir(t.kb), "index.db.new");
	assert_int_equal(th_write_file(kb_state_dir(t.kb), "index.db.new",
	    "half a database\n"), 0);
	st = update(&t, 0);
	assert_int_equal(st.up_to_date, 1);
	assert_int_equal(stat(new_path, &sb), -1);
	th_expect_ids(t.kb, "rabies", "dog-license");
	free(new_path);
	th_kb_finish(&t);
}

static unsigned
mode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return (unsigned)(sb.st_mode & 07777);
}

/* A rebuild writes a new file: it keeps the mode of the one it replaces. */
static void
index__rebuild__keeps_the_mode(void **state)
{
	struct th_kb t;
	char *path;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	path = index_path(&t);
	assert_int_equal(chmod(path, 0660), 0);
	update(&t, KB_INDEX_REBUILD);
	assert_int_equal(mode_of(path), 0660);
	assert_int_equal(chmod(path, 0604), 0);
	update(&t, KB_INDEX_REBUILD);
	assert_int_equal(mode_of(path), 0604);
	free(path);
	th_kb_finish(&t);
}

/* Close the KB, remove its state folder, open it and index it again:
 * every file kb keeps beside the repository is made anew. */
static void
index_made_anew(struct th_kb *t)
{
	kb_close(t->kb);
	t->kb = NULL;
	assert_int_equal(th_rmrf(kb_state_dir_of(t->dir)), 0);
	th_kb_reopen(t);
	update(t, 0);
}

/* New files follow the umask, and core.sharedRepository on top. */
static void
index__update__new_files_follow_umask_and_shared(void **state)
{
	struct th_kb t;
	mode_t old = umask(002);
	char *path;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	path = index_path(&t);
	assert_int_equal(mode_of(path), 0664);
	assert_int_equal(mode_of(kb_state_dir(t.kb)), 0775);

	umask(022);
	index_made_anew(&t);
	assert_int_equal(mode_of(path), 0644);

	assert_int_equal(th_git(t.dir, "config core.sharedRepository group"),
	    0);
	index_made_anew(&t);
	assert_int_equal(mode_of(path), 0664);
	assert_int_equal(mode_of(kb_state_dir(t.kb)), 02775);

	assert_int_equal(th_git(t.dir, "config core.sharedRepository 0640"),
	    0);
	index_made_anew(&t);
	assert_int_equal(mode_of(path), 0640);
	assert_int_equal(mode_of(kb_state_dir(t.kb)), 02750);
	umask(old);
	free(path);
	th_kb_finish(&t);
}

static int
read_user_version(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1,
	    &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
index__open__other_schema_version_rebuilt(void **state)
{
	struct kb_index_stats st;
	struct th_kb t;
	sqlite3 *db;
	char *path;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	path = index_path(&t);
	kb_close(t.kb);
	t.kb = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=999", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(read_user_version(path), 999);

	th_kb_reopen(&t);
	st = update(&t, 0);
	assert_int_equal(st.rebuilt, 1);
	assert_stats(&st, 3, 0, 0, 0, 3);
	assert_int_equal(t.diags.n, 0);
	th_expect_ids(t.kb, "rabies", "dog-license");
	kb_close(t.kb);
	t.kb = NULL;
	assert_int_equal(read_user_version(path), INDEX_SCHEMA_VERSION);
	free(path);
	th_kb_reopen(&t);
	th_kb_finish(&t);
}

static void
index__search__synonyms_from_commit(void **state)
{
	static const struct th_file files[] = {
		{ BULKY_PATH, BULKY },
		{ DOG_PATH, DOG },
		{ NULL, NULL }
	};
	struct kb_index_stats st;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, files);
	th_expect_ids(t.kb, "trash", "bulky-pickup");
	th_expect_ids(t.kb, "garbage", "");

	assert_int_equal(th_write_file(t.dir, "synonyms.txt",
	    "# household waste\ntrash, garbage, rubbish\n"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Add synonyms"), 0);
	st = update(&t, 0);
	assert_stats(&st, 0, 0, 0, 0, 2);
	th_expect_ids(t.kb, "garbage", "bulky-pickup");
	th_expect_ids(t.kb, "rubbish", "bulky-pickup");

	/* Removing the file narrows the search again. */
	assert_int_equal(th_git(t.dir, "rm -q synonyms.txt"), 0);
	assert_int_equal(th_git(t.dir, "commit -q -m 'No synonyms'"), 0);
	th_expect_ids(t.kb, "garbage", "");
	th_kb_finish(&t);
}

static void
index__search__branch_not_created_yet(void **state)
{
	struct kb_index_stats st;
	struct kb_results *r;
	struct th_kb t;
	char head[KB_OID_HEX + 1];

	(void)state;
	th_kb_start(&t, NULL);	/* git init, no commit */
	assert_int_equal(kb_head(head, t.kb), KB_ENOTFOUND);
	r = search(&t, "passport");
	assert_int_equal(r->nhits, 0);
	kb_results_free(r);
	st = update(&t, 0);
	assert_int_equal(st.total, 0);
	assert_int_equal(st.added, 0);
	assert_int_equal(t.diags.n, 0);

	/* The first commit creates the branch; it is then searched. */
	assert_int_equal(th_write_file(t.dir, PASSPORT_PATH, PASSPORT), 0);
	assert_int_equal(th_git_commit_all(t.dir, "First answer"), 0);
	assert_int_equal(kb_head(head, t.kb), 0);
	th_expect_ids(t.kb, "passport", "passport-renew");
	th_kb_finish(&t);
}

static void
index__search__configured_branch(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, three_answers);
	assert_int_equal(th_git(t.dir, "config kb.branch published"), 0);
	th_kb_reopen(&t);
	assert_string_equal(kb_branch(t.kb), "published");
	th_expect_ids(t.kb, "rabies", "");
	assert_int_equal(th_git(t.dir, "branch published main"), 0);
	th_expect_ids(t.kb, "rabies", "dog-license");
	th_kb_finish(&t);
}

static void
index__search__bare_repository(void **state)
{
	struct th_kb t, bare;

	(void)state;
	th_kb_start(&t, three_answers);
	memset(&bare, 0, sizeof(bare));
	bare.dir = th_tmpdir();
	assert_non_null(bare.dir);
	assert_int_equal(th_git(t.dir, "clone -q --bare . '%s/kb.git'",
	    bare.dir), 0);
	{
		char *p = th_path(bare.dir, "kb.git");

		assert_int_equal(kb_open(&bare.kb, p), 0);
		free(p);
	}
	th_expect_ids(bare.kb, "sofa", "bulky-pickup");
	th_kb_finish(&bare);
	th_kb_finish(&t);
}

static void
index__open__not_a_repository(void **state)
{
	struct kb *kb = (struct kb *)1;
	char *dir = th_tmpdir();

	(void)state;
	assert_non_null(dir);
	assert_int_equal(kb_open(&kb, dir), KB_ENOTFOUND);
	assert_null(kb);
	assert_int_equal(th_rmrf(dir), 0);
	free(dir);
}

/*
 * The simplest answer, a title and a body, is indexed, whatever the heap
 * held before (the parser must not read memory it never wrote).
 */
static int
index_plain_answer(void *arg)
{
	struct th_kb t;
	struct kb_index_stats st;
	char *ids;
	int rc;

	memset(&t, 0, sizeof(t));
	t.dir = arg;
	if (kb_open(&t.kb, t.dir) != 0)
		return 1;
	rc = kb_index_update(&st, t.kb, 0, th_diag_collect, &t.diags);
	if (rc != 0 || st.total != 1 || st.skipped != 0) {
		print_error("an answer with no tags or related ids was not "
		    "indexed (rc %d, added %u, skipped %u)\n", rc, st.added,
		    st.skipped);
		th_diags_dump(&t.diags);
		rc = 1;
	} else {
		ids = th_search_ids(t.kb, "narwhals");
		rc = strcmp(ids, "plain") != 0;
		free(ids);
	}
	kb_close(t.kb);
	th_diags_free(&t.diags);
	return rc;
}

static void
index__update__answer_without_lists(void **state)
{
	static const struct th_file files[] = {
		{ "answers/plain.md", "---\ntitle: Plain answer\n---\n"
		  "A body about narwhals.\n" },
		{ NULL, NULL }
	};
	char *dir = th_make_kb(files);
	int rc;

	(void)state;
	assert_non_null(dir);
	rc = th_run_perturbed(index_plain_answer, dir);
	th_rmrf(dir);
	free(dir);
	assert_int_equal(rc, 0);
}

/*
 * Two files with one id: the first is indexed, the second skipped as a
 * duplicate.  Once the first is deleted the KB is valid again and the
 * second must be searchable, as a rebuild shows.
 */
static void
index__update__duplicate_id_freed_by_delete(void **state)
{
	static const struct th_file files[] = {
		{ "answers/a/same.md",
		  "---\ntitle: Quokka\ntags: q\n" REL "---\nquokka\n" },
		{ "answers/b/same.md",
		  "---\ntitle: Wombat\ntags: w\n" REL "---\nwombat\n" },
		{ DOG_PATH, DOG },
		{ NULL, NULL }
	};
	struct kb_index_stats st;
	struct th_kb t;
	unsigned incremental_total;
	char *incremental;

	(void)state;
	th_kb_start(&t, files);
	st = update(&t, 0);
	assert_stats(&st, 2, 0, 0, 1, 2);
	assert_non_null(th_diags_find(&t.diags, KB_SEVERITY_WARNING,
	    "duplicate id 'same'"));
	th_expect_ids(t.kb, "quokka", "same");
	th_expect_ids(t.kb, "wombat", "");

	assert_int_equal(th_git(t.dir, "rm -q answers/a/same.md"), 0);
	assert_int_equal(th_git(t.dir, "commit -q -m 'Remove the first'"), 0);
	st = update(&t, 0);
	incremental_total = st.total;
	incremental = th_search_ids(t.kb, "wombat");

	st = update(&t, KB_INDEX_REBUILD);
	assert_int_equal(st.total, 2);
	th_expect_ids(t.kb, "wombat", "same");
	th_kb_finish(&t);

	if (incremental_total != st.total || strcmp(incremental, "same") != 0) {
		print_error("after the delete, the incremental index holds %u "
		    "answers and 'wombat' finds '%s'; a rebuild holds %u and "
		    "finds 'same'\n", incremental_total, incremental, st.total);
		free(incremental);
		fail();
	}
	free(incremental);
}

/*
 * Everything FTS5 holds, as one string: each token occurrence (answer id,
 * token, column, position) of both FTS5 tables, and the stems table.
 * Answer ids rather than rowids, so that two builds compare equal when
 * they filed the same tokens for the same answers.
 */
static char *
index_dump(const char *path)
{
	static const char *const sql[] = {
		"CREATE VIRTUAL TABLE temp.ai USING "
		"  fts5vocab(main, answer_fts, instance)",
	};
	static const char *const dump =
	    "SELECT group_concat(x, char(10)) FROM ("
	    " SELECT 'a ' || a.id || ' ' || i.term || ' ' || i.col || ' ' ||"
	    "  i.offset AS x FROM temp.ai i JOIN answer a ON a.rowid = i.doc"
	    " UNION ALL SELECT 's ' || term || ' ' || df FROM stems"
	    " ORDER BY 1)";
	sqlite3 *db;
	sqlite3_stmt *st;
	char *out = NULL;
	size_t i;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		assert_int_equal(sqlite3_exec(db, sql[i], NULL, NULL, NULL),
		    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, dump, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_non_null(out);
	return out;
}

/*
 * A full build files the tokens its workers recorded (tape.h) instead of
 * tokenizing again; the index must be the very one that answers added
 * one update at a time (tokenized by FTS5 itself) give.  Enough answers
 * for the threaded path, with accents, digits, punctuation and emoji.
 */
static void
index__rebuild__recorded_tokens_match_fts5(void **state)
{
	static const char *const words[] = {
	    "passport", "Renewal", "café", "Teléfono", "DS-82", "naïve",
	    "I-9", "don't", "año", "ÉCOLE", "🙂", "recycling", "permits",
	    "walk-in", "3:30pm", "über", "CJK漢字", "x_y", "e-mail", "o'clock"
	};
	const size_t nwords = sizeof(words) / sizeof(words[0]);
	struct th_kb t;
	char *path, *incremental, *rebuilt;
	int i;

	(void)state;
	th_kb_start(&t, three_answers);
	update(&t, 0);
	for (i = 0; i < 90; i++) {
		char rel[64], text[1024];

		snprintf(rel, sizeof(rel), "answers/t%d/answer-%02d.md",
		    i % 7, i);
		snprintf(text, sizeof(text), "---\ntitle: %s %s number %d\n"
		    "tags: %s, %s\n" REL "---\n%s *%s* and %s; %s.\n\n"
		    "## Phone\nSay %s, then %s.\n",
		    words[i % nwords], words[(i * 3) % nwords], i,
		    words[(i + 5) % nwords], words[(i * 7) % nwords],
		    words[(i + 1) % nwords], words[(i + 2) % nwords],
		    words[(i * 5) % nwords], words[(i + 11) % nwords],
		    words[(i + 13) % nwords], words[(i * 11) % nwords]);
		assert_int_equal(th_write_file(t.dir, rel, text), 0);
	}
	assert_int_equal(th_git_commit_all(t.dir, "ninety answers"), 0);
	assert_stats((const struct kb_index_stats[]){ update(&t, 0) }, 90, 0,
	    0, 0, 93);
	path = index_path(&t);
	incremental = index_dump(path);
	update(&t, KB_INDEX_REBUILD);
	rebuilt = index_dump(path);
	assert_string_equal(rebuilt, incremental);
	free(incremental);
	free(rebuilt);
	free(path);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(index__update__initial_build),
		cmocka_unit_test(index__update__up_to_date),
		cmocka_unit_test(index__update__new_commit_adds_one),
		cmocka_unit_test(index__search__refreshes_after_commit),
		cmocka_unit_test(index__update__changed_answer),
		cmocka_unit_test(index__update__deleted_answer),
		cmocka_unit_test(index__update__moved_to_other_topic),
		cmocka_unit_test(index__update__malformed_skipped_then_fixed),
		cmocka_unit_test(index__update__rebuild_same_results),
		cmocka_unit_test(index__open__garbage_index_rebuilt_on_update),
		cmocka_unit_test(index__open__garbage_index_rebuilt_on_search),
		cmocka_unit_test(index__open__other_schema_version_rebuilt),
		cmocka_unit_test(index__search__synonyms_from_commit),
		cmocka_unit_test(index__search__branch_not_created_yet),
		cmocka_unit_test(index__search__configured_branch),
		cmocka_unit_test(index__search__bare_repository),
		cmocka_unit_test(index__open__not_a_repository),
		cmocka_unit_test(index__update__answer_without_lists),
		cmocka_unit_test(index__update__duplicate_id_freed_by_delete),
		cmocka_unit_test(index__rebuild__recorded_tokens_match_fts5),
		cmocka_unit_test(index__open__garbage_index_noted_once),
		cmocka_unit_test(index__update__leftover_new_file_removed),
		cmocka_unit_test(index__rebuild__keeps_the_mode),
		cmocka_unit_test(index__update__new_files_follow_umask_and_shared),
	};

	th_env_setup();
	return th_run(argc, argv, "index", tests,
	    th_libkb_setup, th_libkb_teardown);
}
