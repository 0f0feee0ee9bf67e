/*
 * Unit tests for the screen's key table (src/tui/keymap.h), linked
 * without curses: typing never acts in the search view, the status
 * line's hints give way by priority and are never cut, and kb(1)'s KEYS
 * lists exactly the keys of the table, in its order, each with where it
 * works, as the help screen does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "keymap.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * No letter, digit or punctuation (nor a space) is a key where the
 * search line takes text: typed as a query it can never log, flag, open
 * an editor or quit.
 */
static void
keymap__search_view__typing_never_acts(void **state)
{
	static const unsigned places[] = { IN_SEARCH, IN_LIST, IN_PREVIEW };
	size_t i;
	int c;

	(void)state;
	for (i = 0; i < NITEMS(places); i++)
		for (c = ' '; c < 127; c++)
			if (keymap_find(places[i], c) != NULL)
				fail_msg("'%c' is a key in place %u", c,
				    places[i]);
	/* Where an answer is read, they are keys; "not satisfied" is off n,
	 * which finds the next match. */
	assert_int_equal(keymap_find(IN_ANSWER, 'u')->action, A_USED);
	assert_int_equal(keymap_find(IN_ANSWER, 'x')->action, A_UNSATISFIED);
	assert_int_equal(keymap_find(IN_ANSWER, 'n')->action, A_FIND_NEXT);
	assert_int_equal(keymap_find(IN_ANSWER, '7')->action, A_RELATED);
}

/* q and Esc go back one level; q quits only kb review's list. */
static void
keymap__q_and_esc__back_one_level(void **state)
{
	(void)state;
	assert_int_equal(keymap_find(IN_ANSWER, 'q')->action, A_BACK);
	assert_int_equal(keymap_find(IN_DIFF, 'q')->action, A_BACK);
	assert_int_equal(keymap_find(IN_HELP, 'q')->action, A_BACK);
	assert_int_equal(keymap_find(IN_ANSWER, TK_ESC)->action, A_BACK);
	assert_int_equal(keymap_find(IN_LIST, TK_ESC)->action, A_BACK);
	assert_int_equal(keymap_find(IN_REVIEW, 'q')->action, A_QUIT);
	assert_int_equal(keymap_find(IN_SEARCH, TK_CTRL('C'))->action,
	    A_QUIT);
	/* Ctrl-U: a new caller in the search line, half a page in a text. */
	assert_int_equal(keymap_find(IN_SEARCH, TK_CTRL('U'))->action,
	    A_LINE_CLEAR);
	assert_int_equal(keymap_find(IN_ANSWER, TK_CTRL('U'))->action,
	    A_HALF_UP);
}

/* Every hint whole, the most important first, as many as fit. */
static void
keymap__hints__give_way_by_priority(void **state)
{
	char out[256];
	size_t used;

	(void)state;
	used = keymap_hints(IN_ANSWER, 200, out, sizeof(out));
	assert_int_equal(used, strlen(out));
	assert_true(strncmp(out, "q back  y copy  u used", 22) == 0);
	used = keymap_hints(IN_ANSWER, 15, out, sizeof(out));
	assert_string_equal(out, "q back  y copy");
	assert_int_equal(used, 14);
	used = keymap_hints(IN_ANSWER, 5, out, sizeof(out));
	assert_string_equal(out, "");
	keymap_hints(IN_SEARCH, 200, out, sizeof(out));
	assert_true(strncmp(out, "Enter open", 10) == 0);
	assert_null(strstr(out, "u used"));
	keymap_hints(IN_REVIEW, 200, out, sizeof(out));
	assert_non_null(strstr(out, "q quit"));
}

/* --- kb(1) KEYS ---------------------------------------------------------- */

struct man_key {
	char keys[128];		/* "Up Down k j" */
	char where[64];		/* "search view" */
};

/* ".It Cm Up , Down" -> "Up Down"; ".It typing" -> "typing". */
static void
man_keys(const char *line, char *out, size_t size)
{
	char buf[256], *tok, *save = NULL;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", line + 4);
	out[0] = '\0';
	for (tok = strtok_r(buf, " ", &save); tok;
	    tok = strtok_r(NULL, " ", &save)) {
		if (strcmp(tok, "Cm") == 0 || strcmp(tok, "No") == 0 ||
		    strcmp(tok, ",") == 0)
			continue;
		if (strncmp(tok, "\\&", 2) == 0)
			tok += 2;
		n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " " : "",
		    tok);
	}
}

/* The help's label "Up  Down  k  j" as "Up Down k j". */
static void
label_keys(const char *label, char *out, size_t size)
{
	size_t n = 0;

	for (; *label && n + 1 < size; label++)
		if (*label != ' ' || (n > 0 && out[n - 1] != ' '))
			out[n++] = *label;
	out[n] = '\0';
}

/* The keys kb.1 lists under KEYS, after the list of places. */
static size_t
read_man(struct man_key *v, size_t max)
{
	char *path = th_path(KB_SOURCE_DIR, "man/kb.1"), *text, *line, *save;
	size_t n = 0;
	int in_keys = 0, lists = 0;

	text = th_read_file(path, NULL);
	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, ".Sh ", 4) == 0) {
			in_keys = strcmp(line, ".Sh KEYS") == 0;
			continue;
		}
		if (!in_keys)
			continue;
		if (strncmp(line, ".Bl", 3) == 0)
			lists++;
		/* The second list is the keys (the first, the places). */
		if (lists != 2)
			continue;
		if (strncmp(line, ".It ", 4) == 0 && n < max) {
			man_keys(line, v[n].keys, sizeof(v[n].keys));
			v[n].where[0] = '\0';
			n++;
		} else if (strncmp(line, ".Pq ", 4) == 0 && n > 0 &&
		    v[n - 1].where[0] == '\0') {
			snprintf(v[n - 1].where, sizeof(v[n - 1].where), "%s",
			    line + 4);
		}
	}
	free(text);
	free(path);
	return n;
}

static void
keymap__man_page__lists_exactly_the_table(void **state)
{
	struct man_key man[128];
	const struct tui_key *keys;
	size_t nkeys, nman, i, j = 0;
	char want[128];

	(void)state;
	nman = read_man(man, NITEMS(man));
	keys = keymap_table(&nkeys);
	for (i = 0; i < nkeys; i++) {
		if (keys[i].label == NULL)
			continue;
		label_keys(keys[i].label, want, sizeof(want));
		if (j >= nman)
			fail_msg("kb.1 KEYS ends before '%s' (%s)", want,
			    keymap_where_label(keys[i].where));
		if (strcmp(man[j].keys, want) != 0)
			fail_msg("kb.1 KEYS item %zu is '%s', the key table's "
			    "is '%s'", j + 1, man[j].keys, want);
		if (strcmp(man[j].where,
		    keymap_where_label(keys[i].where)) != 0)
			fail_msg("kb.1 KEYS: '%s' works in '%s', the key table "
			    "says '%s'", want, man[j].where,
			    keymap_where_label(keys[i].where));
		j++;
	}
	if (j != nman)
		fail_msg("kb.1 KEYS lists %zu keys the table does not have, "
		    "from '%s'", nman - j, man[j].keys);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keymap__search_view__typing_never_acts),
		cmocka_unit_test(keymap__q_and_esc__back_one_level),
		cmocka_unit_test(keymap__hints__give_way_by_priority),
		cmocka_unit_test(keymap__man_page__lists_exactly_the_table),
	};

	return th_run(argc, argv, "tui_keymap", tests, NULL, NULL);
}
