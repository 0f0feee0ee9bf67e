/*
 * Unit tests for discover.c: the KB a command uses when --kb is not
 * given (kb_locate), and the KB a folder is in (kb_discover), on real
 * temporary repositories made with the git command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "kb/kb.h"

static const struct th_file one_answer[] = {
	{ "answers/zoo/walrus.md",
	  "---\ntitle: Walrus\ntags: zoo\n---\nFed at noon.\n" },
	{ NULL, NULL }
};

/* dir/rel made (with its parents); caller frees the path. */
static char *
made_dir(const char *dir, const char *rel)
{
	char *path = th_path(dir, rel), *p;

	for (p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	mkdir(path, 0755);
	return path;
}

/* kb_discover from `from`: must find `want` (NULL: none, and then the
 * repository that is no KB must be `not_kb`, NULL for none). */
static void
expect_discovered(const char *from, const char *want, const char *not_kb)
{
	char *out = NULL, *other = NULL;
	int rc = kb_discover(&out, &other, from);

	if (want) {
		if (rc != 0)
			fail_msg("from %s: %s", from, kb_error_last());
		assert_string_equal(out, want);
		assert_null(other);
	} else {
		assert_int_equal(rc, KB_ENOTFOUND);
		assert_null(out);
		if (not_kb)
			assert_string_equal(other, not_kb);
		else
			assert_null(other);
	}
	free(out);
	free(other);
}

static void
discover__a_subfolder_of_a_kb(void **state)
{
	char *kb = th_make_kb(one_answer), *deep;

	(void)state;
	assert_non_null(kb);
	deep = made_dir(kb, "answers/zoo/drafts/old");
	expect_discovered(deep, kb, NULL);
	expect_discovered(kb, kb, NULL);
	free(deep);
	deep = th_path(kb, ".git");
	expect_discovered(deep, kb, NULL);	/* git finds it from there */
	free(deep);
	th_rmrf(kb);
	free(kb);
}

static void
discover__a_repository_that_is_no_kb(void **state)
{
	char *dir = th_tmpdir(), *sub;

	(void)state;
	assert_int_equal(th_git(dir, "init -q -b main"), 0);
	assert_int_equal(th_write_file(dir, "README", "notes\n"), 0);
	assert_int_equal(th_git_commit_all(dir, "Notes"), 0);
	sub = made_dir(dir, "a/b");
	expect_discovered(sub, NULL, dir);
	/* A [kb] setting makes it one (kb.branch: the answers elsewhere). */
	assert_int_equal(th_git(dir, "config kb.branch answers"), 0);
	expect_discovered(sub, dir, NULL);
	free(sub);
	th_rmrf(dir);
	free(dir);
}

static void
discover__no_repository_at_all(void **state)
{
	char *dir = th_tmpdir(), *sub = made_dir(dir, "x/y");

	(void)state;
	expect_discovered(sub, NULL, NULL);
	free(sub);
	th_rmrf(dir);
	free(dir);
}

static void
discover__bare_repository_once_kb_used_it(void **state)
{
	char *dir = th_tmpdir(), *bare = th_path(dir, "centre.git"), *refs;

	(void)state;
	assert_int_equal(th_git(dir, "init -q --bare centre.git"), 0);
	refs = th_path(bare, "refs");
	expect_discovered(refs, NULL, bare);
	free(made_dir(bare, "kb"));	/* kb's own folder: its index */
	expect_discovered(refs, bare, NULL);
	expect_discovered(bare, bare, NULL);
	free(refs);
	free(bare);
	th_rmrf(dir);
	free(dir);
}

static void
discover__the_innermost_repository_counts(void **state)
{
	char *kb = th_make_kb(one_answer), *inner, *sub, *deeper;

	(void)state;
	inner = made_dir(kb, "vendor/lib");
	assert_int_equal(th_git(inner, "init -q -b main"), 0);
	sub = made_dir(inner, "src");
	expect_discovered(sub, NULL, inner);	/* not the KB around it */
	/* ... and a KB inside a repository that is no KB is found. */
	deeper = made_dir(inner, "answers");
	expect_discovered(sub, inner, NULL);
	free(deeper);
	free(sub);
	free(inner);
	th_rmrf(kb);
	free(kb);
}

static void
discover__stops_at_a_ceiling(void **state)
{
	char *kb = th_make_kb(one_answer), *sub = made_dir(kb, "answers/zoo");

	(void)state;
	setenv("GIT_CEILING_DIRECTORIES", kb, 1);
	expect_discovered(sub, NULL, NULL);
	/* A ceiling is not looked in, but the folder given is. */
	expect_discovered(kb, kb, NULL);
	/* Ceilings above the KB do not hide it. */
	setenv("GIT_CEILING_DIRECTORIES", "/nowhere:/", 1);
	expect_discovered(sub, kb, NULL);
	unsetenv("GIT_CEILING_DIRECTORIES");
	free(sub);
	th_rmrf(kb);
	free(kb);
}

static void
discover__relative_path_refused(void **state)
{
	char *out = NULL, *other = NULL;

	(void)state;
	assert_int_equal(kb_discover(&out, &other, "answers"), KB_EINVALID);
	assert_null(out);
	assert_null(other);
}

/* kb_locate from `cwd`: *out and the source, checked. */
static void
expect_located(const char *cwd, const char *want, enum kb_from from,
    const char *not_kb)
{
	struct kb_location where;
	char *out = NULL, old[4096];

	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(cwd), 0);
	if (kb_locate(&out, &where) < 0)
		fail_msg("kb_locate: %s", kb_error_last());
	assert_int_equal(chdir(old), 0);
	assert_string_equal(out, want);
	assert_int_equal(where.from, from);
	if (not_kb)
		assert_string_equal(where.not_kb, not_kb);
	else
		assert_null(where.not_kb);
	kb_location_clear(&where);
	free(out);
}

static void
locate__env_then_here_then_default(void **state)
{
	char *kb = th_make_kb(one_answer), *sub = made_dir(kb, "answers/zoo");
	char *other = th_tmpdir(), *plain, *fallback;

	(void)state;
	fallback = th_path(getenv("XDG_DATA_HOME"), "kb");
	setenv("KB_DIR", "/srv/kb/office", 1);
	expect_located(sub, "/srv/kb/office", KB_FROM_ENV, NULL);
	setenv("KB_DIR", "", 1);	/* empty: as if unset */
	expect_located(sub, kb, KB_FROM_HERE, NULL);
	unsetenv("KB_DIR");
	expect_located(sub, kb, KB_FROM_HERE, NULL);
	plain = made_dir(other, "elsewhere");
	expect_located(plain, fallback, KB_FROM_DEFAULT, NULL);
	assert_int_equal(th_git(other, "init -q -b main"), 0);
	expect_located(plain, fallback, KB_FROM_DEFAULT, other);
	free(plain);
	free(fallback);
	free(sub);
	th_rmrf(other);
	free(other);
	th_rmrf(kb);
	free(kb);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(discover__a_subfolder_of_a_kb),
		cmocka_unit_test(discover__a_repository_that_is_no_kb),
		cmocka_unit_test(discover__no_repository_at_all),
		cmocka_unit_test(discover__bare_repository_once_kb_used_it),
		cmocka_unit_test(discover__the_innermost_repository_counts),
		cmocka_unit_test(discover__stops_at_a_ceiling),
		cmocka_unit_test(discover__relative_path_refused),
		cmocka_unit_test(locate__env_then_here_then_default),
	};

	th_env_setup();
	return th_run(argc, argv, "discover", tests, NULL, NULL);
}
