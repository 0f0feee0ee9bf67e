/*
 * Unit tests for credential.c (the token file: its checks, its first
 * line; the user from the address) and hostkey.c (known_hosts' names,
 * ssh's fingerprints).  git credential itself is tested end to end
 * (tests/e2e/sync/https-test.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "credential.h"
#include "helpers.h"
#include "hostkey.h"
#include "kb/error.h"

static char *
token_file(const char *dir, const char *content, mode_t mode)
{
	char *path = th_path(dir, "token");

	assert_int_equal(th_write_file(dir, "token", content), 0);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void
credential__read_token__first_line(void **state)
{
	char *dir = th_tmpdir(), *path, *token = NULL;

	(void)state;
	path = token_file(dir, "tok-123 \r\nsecond line\n", 0600);
	assert_int_equal(kb_credential__read_token(&token, path), 0);
	assert_string_equal(token, "tok-123");
	free(token);
	free(path);
	th_rmrf(dir);
	free(dir);
}

static void
credential__read_token__refused(void **state)
{
	char *dir = th_tmpdir(), *path, *token = NULL;

	(void)state;
	path = token_file(dir, "tok\n", 0644);
	assert_int_equal(kb_credential__read_token(&token, path), KB_EINVALID);
	assert_null(token);
	assert_non_null(strstr(kb_error_last(), "chmod 600"));
	assert_null(strstr(kb_error_last(), "tok\n"));
	free(path);
	path = token_file(dir, "\n", 0600);
	assert_int_equal(kb_credential__read_token(&token, path), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "its first line is no token"));
	free(path);
	path = token_file(dir, "", 0600);
	assert_int_equal(kb_credential__read_token(&token, path), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "empty"));
	free(path);
	assert_int_equal(kb_credential__read_token(&token, "relative/token"),
	    KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "absolute path"));
	path = th_path(dir, "missing");
	assert_int_equal(kb_credential__read_token(&token, path), KB_ERROR);
	free(path);
	assert_int_equal(kb_credential__read_token(&token, dir), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "not a file"));
	th_rmrf(dir);
	free(dir);
}

static void
credential__fill__token_needs_a_user(void **state)
{
	char *dir = th_tmpdir(), *path = token_file(dir, "tok\n", 0600);
	struct credential c;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(kb_credential__fill(&c,
	    "https://centre.example/kb.git", path, NULL), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "names no user"));
	kb_credential__clear(&c);
	assert_int_equal(kb_credential__fill(&c,
	    "https://north@centre.example/kb.git", path, NULL), 0);
	assert_int_equal(c.source, CREDENTIAL_TOKEN_FILE);
	assert_string_equal(c.user, "north");
	assert_string_equal(c.password, "tok");
	kb_credential__clear(&c);
	free(path);
	th_rmrf(dir);
	free(dir);
}

static void
hostkey__names_and_fingerprints(void **state)
{
	unsigned char sha[32];
	char fp[64], *name;
	size_t i;

	(void)state;
	name = kb_hostkey__lookup_name("centre.example", 0);
	assert_string_equal(name, "centre.example");
	free(name);
	name = kb_hostkey__lookup_name("centre.example", 22);
	assert_string_equal(name, "centre.example");
	free(name);
	name = kb_hostkey__lookup_name("127.0.0.1", 2222);
	assert_string_equal(name, "[127.0.0.1]:2222");
	free(name);
	for (i = 0; i < sizeof(sha); i++)
		sha[i] = (unsigned char)i;
	kb_hostkey__fingerprint(fp, sha);
	/* base64 of 00 01 .. 1f, without padding, as ssh-keygen -l. */
	assert_string_equal(fp,
	    "SHA256:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
	kb_hostkey__fingerprint(fp, NULL);
	assert_string_equal(fp, "");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(credential__read_token__first_line),
		cmocka_unit_test(credential__read_token__refused),
		cmocka_unit_test(credential__fill__token_needs_a_user),
		cmocka_unit_test(hostkey__names_and_fingerprints),
	};

	th_env_setup();
	return th_run(argc, argv, "credential", tests, NULL, NULL);
}
