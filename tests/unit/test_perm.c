/*
 * Unit tests for perm.c: core.sharedRepository as git reads it, the modes
 * it gives, files made with the mode of the file they replace, and the
 * description of a file kb could not use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "perm.h"

static void
perm__shared_parse__git_values(void **state)
{
	static const struct {
		const char *value;
		int shared;
	} cases[] = {
		{ NULL, 0 }, { "", 0 }, { "umask", 0 }, { "false", 0 },
		{ "0", 0 }, { "group", 0660 }, { "GROUP", 0660 },
		{ "true", 0660 }, { "1", 0660 }, { "all", 0664 },
		{ "world", 0664 }, { "everybody", 0664 }, { "2", 0664 },
		{ "0640", -0640 }, { "0660", -0660 }, { "0777", -0666 },
		{ "0440", 0 },		/* the owner must write: refused */
		{ "0999", 0 }, { "groups", 0 }, { "-1", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (kb_perm__shared_parse(cases[i].value) != cases[i].shared)
			fail_msg("'%s': %o, want %o", cases[i].value ?
			    cases[i].value : "(null)",
			    kb_perm__shared_parse(cases[i].value),
			    cases[i].shared);
}

static void
perm__shared_mode__as_git(void **state)
{
	(void)state;
	assert_int_equal(kb_perm__shared_mode(0644, 0, 0), 0644);
	assert_int_equal(kb_perm__shared_mode(0644, 0660, 0), 0664);
	assert_int_equal(kb_perm__shared_mode(0600, 0664, 0), 0664);
	assert_int_equal(kb_perm__shared_mode(0644, -0640, 0), 0640);
	assert_int_equal(kb_perm__shared_mode(0755, 0660, 1), 02775);
	assert_int_equal(kb_perm__shared_mode(0700, -0640, 1), 02750);
	assert_int_equal(kb_perm__shared_mode(0444, 0660, 0), 0444);
}

static unsigned
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (unsigned)(st.st_mode & 07777);
}

static void
perm__create__umask_shared_and_like(void **state)
{
	char *dir = th_tmpdir(), *a, *b, *c, *sub;
	mode_t old = umask(022);

	(void)state;
	assert_non_null(dir);
	a = th_path(dir, "a");
	b = th_path(dir, "b");
	c = th_path(dir, "c");
	sub = th_path(dir, "sub");
	assert_int_equal(kb_perm__create(a, 0, NULL), 0);
	assert_int_equal(mode_of(a), 0644);
	assert_int_equal(kb_perm__create(b, 0660, NULL), 0);
	assert_int_equal(mode_of(b), 0664);
	assert_int_equal(chmod(a, 0600), 0);
	assert_int_equal(kb_perm__create(c, 0660, a), 0);
	assert_int_equal(mode_of(c), 0600);
	/* An existing file is left as it is. */
	assert_int_equal(kb_perm__create(b, 0, NULL), 0);
	assert_int_equal(mode_of(b), 0664);
	assert_int_equal(kb_perm__mkdir(sub, 0660), 0);
	assert_int_equal(mode_of(sub), 02775);
	assert_int_equal(kb_perm__mkdir(sub, 0), 0);
	umask(old);
	assert_int_equal(th_rmrf(dir), 0);
	free(a);
	free(b);
	free(c);
	free(sub);
	free(dir);
}

static void
perm__describe__owner_group_mode(void **state)
{
	char *dir = th_tmpdir(), *path, *missing, out[400];

	(void)state;
	assert_non_null(dir);
	path = th_path(dir, "f");
	missing = th_path(dir, "none");
	assert_int_equal(th_write_file(dir, "f", "x\n"), 0);
	assert_int_equal(chmod(path, 0640), 0);
	kb_perm__describe(out, sizeof(out), path);
	assert_non_null(strstr(out, "owned by "));
	assert_non_null(strstr(out, ", mode 0640; you are "));
	kb_perm__describe(out, sizeof(out), missing);
	assert_non_null(strstr(out, "its folder "));
	assert_non_null(strstr(out, dir));
	assert_int_equal(kb_perm__fail(path, "writing", ENOSPC),
	    KB_EFULL);
	assert_non_null(strstr(kb_error_last(), "the disk is full ("));
	assert_int_equal(th_rmrf(dir), 0);
	free(path);
	free(missing);
	free(dir);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(perm__shared_parse__git_values),
		cmocka_unit_test(perm__shared_mode__as_git),
		cmocka_unit_test(perm__create__umask_shared_and_like),
		cmocka_unit_test(perm__describe__owner_group_mode),
	};

	th_env_setup();
	return th_run(argc, argv, "perm", tests, NULL, NULL);
}
