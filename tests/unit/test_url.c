/* Unit tests for url.c: passwords found, hidden and removed; parts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "url.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

struct password_case {
	const char *url;
	int has;
	const char *redacted;
	const char *without;
};

static void
url__password__table(void **state)
{
	static const struct password_case cases[] = {
		{ "https://centre.example/kb.git", 0,
		  "https://centre.example/kb.git",
		  "https://centre.example/kb.git" },
		{ "https://north@centre.example/kb.git", 0,
		  "https://north@centre.example/kb.git",
		  "https://north@centre.example/kb.git" },
		{ "https://north:s3cret@centre.example:8443/kb.git", 1,
		  "https://north:***@centre.example:8443/kb.git",
		  "https://north@centre.example:8443/kb.git" },
		{ "https://north:@centre.example/kb.git", 1,
		  "https://north:***@centre.example/kb.git",
		  "https://north@centre.example/kb.git" },
		/* The last '@' ends the user part; '@' in a path is not one. */
		{ "https://a@b:p@w@centre.example/x@y.git", 1,
		  "https://a@b:***@centre.example/x@y.git",
		  "https://a@b@centre.example/x@y.git" },
		{ "https://centre.example/x:y@z.git", 0,
		  "https://centre.example/x:y@z.git",
		  "https://centre.example/x:y@z.git" },
		{ "ssh://kb:pw@centre.example/srv/kb.git", 1,
		  "ssh://kb:***@centre.example/srv/kb.git",
		  "ssh://kb@centre.example/srv/kb.git" },
		{ "kb@centre.example:/srv/kb.git", 0,
		  "kb@centre.example:/srv/kb.git",
		  "kb@centre.example:/srv/kb.git" },
		{ "kb:pw@centre.example:/srv/kb.git", 1,
		  "kb:***@centre.example:/srv/kb.git",
		  "kb@centre.example:/srv/kb.git" },
		{ "/srv/kb/user:pw@host.git", 0,
		  "/srv/kb/user:pw@host.git", "/srv/kb/user:pw@host.git" },
		{ "", 0, "", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char *r = kb_url__redacted(cases[i].url);
		char *w = kb_url__without_password(cases[i].url);

		if (kb_url__has_password(cases[i].url) != cases[i].has)
			fail_msg("%s: has_password", cases[i].url);
		if (strcmp(r, cases[i].redacted) != 0)
			fail_msg("%s: redacted as %s", cases[i].url, r);
		if (strcmp(w, cases[i].without) != 0)
			fail_msg("%s: without password %s", cases[i].url, w);
		free(r);
		free(w);
	}
}

struct parse_case {
	const char *url;
	int rc;
	const char *scheme, *user, *host;
	int port;
	const char *path;
};

static void
url__parse__table(void **state)
{
	static const struct parse_case cases[] = {
		{ "ssh://kb@127.0.0.1:2222/srv/kb.git", 0, "ssh", "kb",
		  "127.0.0.1", 2222, "/srv/kb.git" },
		{ "ssh://centre.example/srv/kb.git", 0, "ssh", NULL,
		  "centre.example", 0, "/srv/kb.git" },
		{ "https://north:pw@[::1]:8443/kb.git", 0, "https", "north",
		  "::1", 8443, "/kb.git" },
		{ "kb@centre.example:/srv/kb.git", 0, "ssh", "kb",
		  "centre.example", 0, "/srv/kb.git" },
		{ "centre.example:kb.git", 0, "ssh", NULL, "centre.example", 0,
		  "kb.git" },
		{ "https://centre.example:99999/kb.git", -1, NULL, NULL, NULL,
		  0, NULL },
		{ "https://centre.example:x/kb.git", -1, NULL, NULL, NULL, 0,
		  NULL },
		{ "https://:8443/kb.git", -1, NULL, NULL, NULL, 0, NULL },
		{ "/srv/kb.git", -1, NULL, NULL, NULL, 0, NULL },
	};
	struct url_parts u;
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		const struct parse_case *c = &cases[i];
		int rc = kb_url__parse(&u, c->url);

		if (rc != c->rc)
			fail_msg("%s: rc %d", c->url, rc);
		if (rc == 0) {
			assert_string_equal(u.scheme, c->scheme);
			if (c->user)
				assert_string_equal(u.user, c->user);
			else
				assert_null(u.user);
			assert_string_equal(u.host, c->host);
			assert_int_equal(u.port, c->port);
			assert_string_equal(u.path, c->path);
		}
		kb_url__parts_clear(&u);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url__password__table),
		cmocka_unit_test(url__parse__table),
	};

	th_env_setup();
	return th_run(argc, argv, "url", tests, NULL, NULL);
}
