/*
 * Unit tests for the dictionary's cache file (dict_cache.c): a table
 * written is mapped back as it was; a file that is damaged, or was built
 * from lists that have changed since, is never used; without a home
 * nothing is written.  And the dictionary itself answers the same from
 * the cache as from the lists, and ends a lookup in a damaged table
 * (dict.c).
 */
#include <setjmp.h>
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "dict.h"
#include "dict_cache.h"

static char *cache_home, *lists_dir;
static char *lists[2];

/* A small table: "apple" and "pear", in slots 1 and 5 of 8. */
static char words[] = "apple\0pear";
static uint32_t slots[8] = { 0, 1, 0, 0, 0, 7, 0, 0 };
static const struct dict table = { words, sizeof(words), slots, 8, NULL, 0 };

static int
setup(void **state)
{
	(void)state;
	th_env_setup();
	cache_home = th_tmpdir();
	lists_dir = th_tmpdir();
	setenv("XDG_CACHE_HOME", cache_home, 1);
	lists[0] = th_path(lists_dir, "english");
	lists[1] = th_path(lists_dir, "spanish");
	assert_int_equal(th_write_file(lists_dir, "english", "apple\n"), 0);
	assert_int_equal(th_write_file(lists_dir, "spanish", "pera\n"), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	th_rmrf(cache_home);
	th_rmrf(lists_dir);
	free(cache_home);
	free(lists_dir);
	free(lists[0]);
	free(lists[1]);
	return 0;
}

/* The one cache file in $XDG_CACHE_HOME/kb; caller frees. */
static char *
cache_file(void)
{
	char *dir = th_path(cache_home, "kb"), *path = NULL;
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "dict-", 5) == 0) {
			assert_null(path);
			path = th_path(dir, e->d_name);
		}
	closedir(d);
	free(dir);
	assert_non_null(path);
	return path;
}

static void
save_fresh(void)
{
	char *dir = th_path(cache_home, "kb");

	th_rmrf(dir);
	free(dir);
	kb_dict_cache__save(&table, (const char *const *)lists, 2);
}

static void
cache__written_table_maps_back(void **state)
{
	struct dict d;

	(void)state;
	save_fresh();
	assert_int_equal(kb_dict_cache__map(&d, (const char *const *)lists,
	    2), 0);
	assert_non_null(d.mapped);
	assert_int_equal(d.len, sizeof(words));
	assert_memory_equal(d.words, words, sizeof(words));
	assert_int_equal(d.cap, 8);
	assert_memory_equal(d.slots, slots, sizeof(slots));
	kb_dict_cache__unmap(&d);
	assert_null(d.mapped);
}

static void
cache__changed_list_is_not_used(void **state)
{
	struct dict d;

	(void)state;
	save_fresh();
	/* The package manager upgraded a list: its size changed. */
	assert_int_equal(th_write_file(lists_dir, "spanish", "pera\nuva\n"),
	    0);
	assert_int_equal(kb_dict_cache__map(&d, (const char *const *)lists,
	    2), -1);
	assert_int_equal(th_write_file(lists_dir, "spanish", "pera\n"), 0);
}

/* Damage the saved file with `damage` and expect it refused. */
static void
expect_refused(void (*damage)(const char *path))
{
	struct dict d;
	char *path;

	save_fresh();
	path = cache_file();
	damage(path);
	assert_int_equal(kb_dict_cache__map(&d, (const char *const *)lists,
	    2), -1);
	free(path);
}

static void
cut_last_byte(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size - 1), 0);
}

static void
write_at(const char *path, long off, const char *bytes, size_t n)
{
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
break_magic(const char *path)
{
	write_at(path, 0, "XX", 2);
}

/* The words' last byte is no longer a NUL: a lookup could run off. */
static void
unterminate_words(const char *path)
{
	write_at(path, 32 + (long)sizeof(words) - 1, "z", 1);
}

/* A table size that is no power of two. */
static void
odd_table(const char *path)
{
	uint64_t cap = 7;

	write_at(path, 24, (const char *)&cap, sizeof(cap));
}

static void
cache__damaged_file_is_not_used(void **state)
{
	(void)state;
	expect_refused(cut_last_byte);
	expect_refused(break_magic);
	expect_refused(unterminate_words);
	expect_refused(odd_table);
}

static void
cache__no_home_no_file(void **state)
{
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char *dir = th_path(cache_home, "kb");
	struct stat st;
	struct dict d;

	(void)state;
	th_rmrf(dir);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	kb_dict_cache__save(&table, (const char *const *)lists, 2);
	assert_int_equal(kb_dict_cache__map(&d, (const char *const *)lists,
	    2), -1);
	assert_int_not_equal(stat(dir, &st), 0);
	setenv("XDG_CACHE_HOME", cache_home, 1);
	if (home)
		setenv("HOME", home, 1);
	free(home);
	free(dir);
}

/* In a child, so that each process loads the dictionary afresh. */
static int
child_has(const char *word)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(20);	/* a lookup that never ends fails the test */
		_exit(kb_dict__has(word, strlen(word)) ? 10 : 20);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status) == 10;
}

static void
dict__same_words_from_the_cache(void **state)
{
	char *dir = th_path(cache_home, "kb");
	struct stat st;

	(void)state;
	th_rmrf(dir);
	if (!child_has("fair"))
		skip();		/* no word lists on this machine */
	/* The first process built the cache; the next ones map it. */
	assert_int_equal(stat(dir, &st), 0);
	assert_true(child_has("fair"));
	assert_true(child_has("nino"));
	assert_false(child_has("pasport"));
	free(dir);
}

/*
 * Every slot of the real cache file taken, each by the first word: a
 * table no lookup can finish by finding an empty slot.  It must still
 * end, and find nothing else.
 */
static void
dict__full_table_still_ends(void **state)
{
	char *dir = th_path(cache_home, "kb"), *path;
	uint64_t len, cap, i;
	uint32_t first = 1;
	FILE *f;

	(void)state;
	th_rmrf(dir);
	if (!child_has("fair"))
		skip();		/* no word lists on this machine */
	path = cache_file();
	assert_non_null(f = fopen(path, "r+b"));
	assert_int_equal(fseek(f, 16, SEEK_SET), 0);
	assert_int_equal(fread(&len, sizeof(len), 1, f), 1);
	assert_int_equal(fread(&cap, sizeof(cap), 1, f), 1);
	assert_int_equal(fseek(f, (long)(32 + ((len + 7) & ~7ULL)), SEEK_SET),
	    0);
	for (i = 0; i < cap; i++)
		assert_int_equal(fwrite(&first, sizeof(first), 1, f), 1);
	assert_int_equal(fclose(f), 0);
	assert_false(child_has("pasport"));
	free(path);
	free(dir);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cache__written_table_maps_back),
		cmocka_unit_test(cache__changed_list_is_not_used),
		cmocka_unit_test(cache__damaged_file_is_not_used),
		cmocka_unit_test(cache__no_home_no_file),
		cmocka_unit_test(dict__same_words_from_the_cache),
		cmocka_unit_test(dict__full_table_still_ends),
	};

	return th_run(argc, argv, "dict_cache", tests, setup, teardown);
}
