/*
 * Unit tests for the store's defences against hostile objects (store.h):
 * kb_store__tree_unsafe, trees no checkout may write (git refuses to make
 * them, so each tree here is written as raw bytes into a real repository's
 * object database, then committed), and kb_store__read_blob_max, blobs
 * too large to read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <git2.h>

#include "helpers.h"
#include "kb/error.h"
#include "store.h"
#include "xmalloc.h"

#define FFFD "\xEF\xBF\xBD"

/* One entry of a hand-made tree. */
struct entry {
	const char *mode;	/* "100644", "40000", "120000", "160000" */
	const char *name;
	const char *id;		/* hex; NULL: the blob of every test */
};

static char *repo_dir;
static git_repository *repo;
static struct kb_store *store;
static char blob_hex[GIT_OID_HEXSZ + 1];

static int
setup(void **state)
{
	git_oid blob;

	(void)state;
	repo_dir = th_tmpdir();
	assert_non_null(repo_dir);
	assert_int_equal(th_git(repo_dir, "init -q -b main"), 0);
	assert_int_equal(git_repository_open(&repo, repo_dir), 0);
	assert_int_equal(git_blob_create_from_buffer(&blob, repo, "Text.\n",
	    6), 0);
	git_oid_tostr(blob_hex, sizeof(blob_hex), &blob);
	assert_int_equal(kb_store__open(&store, repo_dir), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	kb_store__close(store);
	git_repository_free(repo);
	th_rmrf(repo_dir);
	free(repo_dir);
	return 0;
}

/* A tree of `n` entries, in the order given, written as they are. */
static void
raw_tree(const struct entry *e, size_t n, char out[GIT_OID_HEXSZ + 1])
{
	git_odb *odb = NULL;
	git_oid id;
	char *data = NULL;
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		size_t head = strlen(e[i].mode) + 1 + strlen(e[i].name) + 1;

		assert_int_equal(git_oid_fromstr(&id, e[i].id ? e[i].id :
		    blob_hex), 0);
		data = xreallocarray(data, len + head + GIT_OID_RAWSZ, 1);
		snprintf(data + len, head + 1, "%s %s", e[i].mode, e[i].name);
		len += head;	/* the NUL after the name is kept */
		memcpy(data + len, id.id, GIT_OID_RAWSZ);
		len += GIT_OID_RAWSZ;
	}
	assert_int_equal(git_repository_odb(&odb, repo), 0);
	assert_int_equal(git_odb_write(&id, odb, data ? data : "", len,
	    GIT_OBJECT_TREE), 0);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &id);
	git_odb_free(odb);
	free(data);
}

/* A commit of tree `tree_hex`. */
static void
commit_of(const char *tree_hex, char out[GIT_OID_HEXSZ + 1])
{
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid id;

	assert_int_equal(git_oid_fromstr(&id, tree_hex), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &id), 0);
	assert_int_equal(git_signature_new(&sig, "Test", "t@example.invalid",
	    1767225600, 0), 0);
	assert_int_equal(git_commit_create(&id, repo, NULL, sig, sig, NULL,
	    "Hand-made", tree, 0, NULL), 0);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &id);
	git_signature_free(sig);
	git_tree_free(tree);
}

/* The commit of a top folder holding `e`. */
static void
commit_entries(const struct entry *e, size_t n, char out[GIT_OID_HEXSZ + 1])
{
	char tree[GIT_OID_HEXSZ + 1];

	raw_tree(e, n, tree);
	commit_of(tree, out);
}

/* kb_store__tree_unsafe on `commit` (from nothing): its answer, and why. */
static int
check(const char *from, const char *commit, char **why)
{
	return kb_store__tree_unsafe(why, store, from, commit);
}

static void
expect_unsafe(const struct entry *e, size_t n, const char *want)
{
	char commit[GIT_OID_HEXSZ + 1], *why = NULL;

	commit_entries(e, n, commit);
	assert_int_equal(check("", commit, &why), 1);
	assert_non_null(why);
	if (strstr(why, want) == NULL)
		fail_msg("want '%s' in '%s'", want, why);
	free(why);
}

static void
expect_safe(const struct entry *e, size_t n)
{
	char commit[GIT_OID_HEXSZ + 1], *why = NULL;

	commit_entries(e, n, commit);
	if (check("", commit, &why) != 0)
		fail_msg("refused: %s", why ? why : kb_error_last());
	assert_null(why);
}

/* Each name, alone in the top folder, and nested in a folder. */
static void
store_safe__unsafe_names(void **state)
{
	static const struct {
		const char *mode, *name, *want;
	} cases[] = {
		{ "100644", ".git", "\".git\": the name of git's own folder" },
		{ "40000", ".GiT", "\".GiT\": the name of git's own folder" },
		{ "100644", ".git. .", "the name of git's own folder" },
		{ "100644", "GIT~1", "\"GIT~1\": the name of git's own "
		    "folder" },
		{ "100644", ".", "\".\": a name that means a folder itself" },
		{ "40000", "..", "\"..\": a name that means a folder itself" },
		{ "100644", "/etc/passwd", "\"/etc/passwd\": a '/' inside" },
		{ "100644", "a/../../b", "\"a/../../b\": a '/' inside" },
		{ "100644", "a\\b", "\"a\\b\": a '\\' inside a name" },
		{ "100644", "bell\a.md", "\"bell" FFFD ".md\": a control "
		    "character" },
		{ "100644", "del\x7f", "a control character" },
		{ "120000", "link.md", "\"link.md\": a symbolic link" },
		{ "160000", "vendor", "\"vendor\": a submodule" },
	};
	char inner[GIT_OID_HEXSZ + 1], want[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct entry e = { cases[i].mode, cases[i].name, NULL };
		struct entry outer = { "40000", "answers", inner };

		if (strcmp(e.mode, "40000") == 0) {
			struct entry file = { "100644", "config", NULL };

			raw_tree(&file, 1, inner);
			e.id = inner;
		}
		expect_unsafe(&e, 1, cases[i].want);
		/* Nested: the path names its folder. */
		raw_tree(&e, 1, inner);
		snprintf(want, sizeof(want), "\"answers/%s", cases[i].want +
		    (cases[i].want[0] == '"'));
		if (cases[i].want[0] != '"')
			snprintf(want, sizeof(want), "%s", cases[i].want);
		expect_unsafe(&outer, 1, want);
	}
}

static void
store_safe__safe_names(void **state)
{
	static const struct entry ok[] = {
		{ "100644", ".github", NULL },
		{ "100644", ".gitignore", NULL },
		{ "100755", "a-script", NULL },
		{ "100644", "git~2", NULL },
		{ "100644", "readme.md", NULL },
		{ "100644", "\xC3\xB1" "and\xC3\xBA.md", NULL },
	};

	(void)state;
	expect_safe(ok, sizeof(ok) / sizeof(ok[0]));
	expect_safe(NULL, 0);	/* an empty tree */
}

static void
store_safe__twice_and_out_of_order(void **state)
{
	static const struct entry twice[] = {
		{ "100644", "a.md", NULL },
		{ "100644", "a.md", NULL },
	};
	static const struct entry unsorted[] = {
		{ "100644", "b.md", NULL },
		{ "100644", "a.md", NULL },
	};
	char sub[GIT_OID_HEXSZ + 1];
	struct entry file = { "100644", "x.md", NULL };
	/* A file and a folder named "dup": "dup-x" sorts between them. */
	struct entry file_and_folder[] = {
		{ "100644", "dup", NULL },
		{ "100644", "dup-x", NULL },
		{ "40000", "dup", sub },
	};

	(void)state;
	expect_unsafe(twice, 2, "\"a.md\": the same name twice in one folder");
	expect_unsafe(unsorted, 2, "\"a.md\": entries out of git's order");
	raw_tree(&file, 1, sub);
	expect_unsafe(file_and_folder, 3, "\"dup\": the same name twice");
}

/* Folders in folders: a bound, and no unbounded recursion. */
static void
store_safe__depth(void **state)
{
	char tree[GIT_OID_HEXSZ + 1], commit[GIT_OID_HEXSZ + 1], *why = NULL;
	struct entry e = { "100644", "deep.md", NULL };
	int level;

	(void)state;
	raw_tree(&e, 1, tree);
	for (level = 0; level < 40; level++) {
		struct entry dir = { "40000", "d", tree };

		raw_tree(&dir, 1, tree);
	}
	commit_of(tree, commit);
	assert_int_equal(check("", commit, &why), 0);
	for (; level < 200; level++) {
		struct entry dir = { "40000", "d", tree };

		raw_tree(&dir, 1, tree);
	}
	commit_of(tree, commit);
	assert_int_equal(check("", commit, &why), 1);
	assert_non_null(strstr(why, "folders nested too deep"));
	free(why);
}

/* A long path is shown shortened, and never raw. */
static void
store_safe__long_path_is_shortened(void **state)
{
	char name[1001], commit[GIT_OID_HEXSZ + 1], *why = NULL;
	struct entry e = { "100644", name, NULL };

	(void)state;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	name[sizeof(name) - 2] = '\x1b';
	commit_entries(&e, 1, commit);
	assert_int_equal(check("", commit, &why), 1);
	assert_true(strlen(why) < 400);
	assert_non_null(strstr(why, "...\": a control character"));
	assert_null(strchr(why, '\x1b'));
	free(why);
}

/*
 * Only what changed is read: a folder the old commit had as it is now was
 * checked when it came (and the work tree holds it already).
 */
static void
store_safe__unchanged_folders_are_not_read(void **state)
{
	char bad[GIT_OID_HEXSZ + 1], old[GIT_OID_HEXSZ + 1];
	char new[GIT_OID_HEXSZ + 1], *why = NULL;
	struct entry dotgit = { "100644", ".git", NULL };
	struct entry before[] = {
		{ "40000", "answers", bad },
	};
	struct entry after[] = {
		{ "40000", "answers", bad },
		{ "100644", "synonyms.txt", NULL },
	};

	(void)state;
	raw_tree(&dotgit, 1, bad);
	commit_entries(before, 1, old);
	commit_entries(after, 2, new);
	assert_int_equal(check(old, new, &why), 0);
	assert_int_equal(check("", new, &why), 1);
	free(why);
	assert_int_equal(check(new, new, &why), 0);
}

static void
store_blob__larger_than_max_is_refused_unread(void **state)
{
	char *data = NULL;
	size_t len = 99;

	(void)state;
	assert_int_equal(kb_store__read_blob_max(&data, &len, store, blob_hex,
	    5), KB_EINVALID);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_non_null(strstr(kb_error_last(), "is 6 bytes, more than the 5"));
	assert_int_equal(kb_store__read_blob_max(&data, &len, store, blob_hex,
	    6), 0);
	assert_int_equal(len, 6);
	assert_string_equal(data, "Text.\n");
	free(data);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_safe__unsafe_names),
		cmocka_unit_test(store_safe__safe_names),
		cmocka_unit_test(store_safe__twice_and_out_of_order),
		cmocka_unit_test(store_safe__depth),
		cmocka_unit_test(store_safe__long_path_is_shortened),
		cmocka_unit_test(store_safe__unchanged_folders_are_not_read),
		cmocka_unit_test(store_blob__larger_than_max_is_refused_unread),
	};

	th_env_setup();
	if (kb_store__global_init() < 0)
		return 1;
	return th_run(argc, argv, "store_safe", tests, setup,
	    teardown);
}
