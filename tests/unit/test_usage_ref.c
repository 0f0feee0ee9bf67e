/*
 * Unit tests for reading a usage ref (usage_ref.h): the event lines its
 * commits added, in both layouts (each commit the whole day file, grown
 * at its end; or each commit its own events only) and across the change,
 * read from any commit on, every event once and in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "helpers.h"
#include "kb/error.h"
#include "kb/kb.h"
#include "usage_ref.h"

#define MAX_FILE (1024 * 1024)

/* "file:line:text" for each line read, one a line. */
static int
collect(const char *file, unsigned lineno, const char *line, size_t len,
    void *payload)
{
	buf_addf(payload, "%s:%u:%.*s\n", file, lineno, (int)len, line);
	return 0;
}

static char *
lines_since(struct kb *kb, const char *tip, const char *since)
{
	struct buf b = BUF_INIT;

	assert_int_equal(kb_usage_ref__lines(kb, tip, since, MAX_FILE, collect,
	    &b), 0);
	return buf_detach(&b);
}

/* Commit what the work tree holds now; its id (caller frees). */
static char *
commit(const char *dir, const char *message)
{
	assert_int_equal(th_git(dir, "add -A"), 0);
	assert_int_equal(th_git(dir, "commit -q --allow-empty -m '%s'",
	    message), 0);
	return th_git_output(dir, "rev-parse HEAD");
}

/*
 * Two commits in the layout before (the day file grown: e1 e2, then e1
 * to e3 and a second day's e4), then two in the new one (e5 alone; e6
 * and the second day's e7): read from the start, each event once, in the
 * order of the commits; read from each commit on, what came after it.
 */
static void
usage_ref__lines__both_layouts(void **state)
{
	const struct th_file first[] = { { "2026-03-01.jsonl", "e1\ne2\n" },
	    { NULL, NULL } };
	char *dir = th_make_kb(first), *a, *b, *c, *d, *got;
	struct kb *kb;

	(void)state;
	assert_non_null(dir);
	a = th_git_output(dir, "rev-parse HEAD");
	th_write_file(dir, "2026-03-01.jsonl", "e1\ne2\ne3\n");
	th_write_file(dir, "2026-03-02.jsonl", "e4\n");
	b = commit(dir, "old layout");
	assert_int_equal(th_git(dir, "rm -q 2026-03-02.jsonl"), 0);
	th_write_file(dir, "2026-03-01.jsonl", "e5\n");
	c = commit(dir, "new layout");
	th_write_file(dir, "2026-03-01.jsonl", "e6\n");
	th_write_file(dir, "2026-03-02.jsonl", "e7\n");
	d = commit(dir, "new layout again");
	kb = th_kb_open(dir);

	got = lines_since(kb, d, "");
	assert_string_equal(got, "2026-03-01.jsonl:1:e1\n"
	    "2026-03-01.jsonl:2:e2\n" "2026-03-01.jsonl:3:e3\n"
	    "2026-03-02.jsonl:1:e4\n" "2026-03-01.jsonl:1:e5\n"
	    "2026-03-01.jsonl:1:e6\n" "2026-03-02.jsonl:1:e7\n");
	free(got);
	got = lines_since(kb, d, a);
	assert_string_equal(got, "2026-03-01.jsonl:3:e3\n"
	    "2026-03-02.jsonl:1:e4\n" "2026-03-01.jsonl:1:e5\n"
	    "2026-03-01.jsonl:1:e6\n" "2026-03-02.jsonl:1:e7\n");
	free(got);
	got = lines_since(kb, d, b);
	assert_string_equal(got, "2026-03-01.jsonl:1:e5\n"
	    "2026-03-01.jsonl:1:e6\n" "2026-03-02.jsonl:1:e7\n");
	free(got);
	got = lines_since(kb, d, c);
	assert_string_equal(got, "2026-03-01.jsonl:1:e6\n"
	    "2026-03-02.jsonl:1:e7\n");
	free(got);
	got = lines_since(kb, d, d);
	assert_string_equal(got, "");
	free(got);
	kb_close(kb);
	th_rmrf(dir);
	free(dir);
	free(a);
	free(b);
	free(c);
	free(d);
}

/*
 * A join (kb_usage_ref__rejoin's kind: the ref's own tree, its own last
 * commit and someone else's as parents) adds nothing, and what it joins
 * is not the ref's: only the first-parent history is read.
 */
static void
usage_ref__lines__join_reads_own_side(void **state)
{
	const struct th_file first[] = { { "2026-03-01.jsonl", "e1\n" },
	    { NULL, NULL } };
	char *dir = th_make_kb(first), *own, *other, *join, *tree, *got;
	struct kb *kb;

	(void)state;
	assert_non_null(dir);
	own = th_git_output(dir, "rev-parse HEAD");
	assert_int_equal(th_git(dir, "checkout -q --orphan forged"), 0);
	th_write_file(dir, "2026-03-01.jsonl", "forged\n");
	other = commit(dir, "not ours");
	tree = th_git_output(dir, "rev-parse %s^{tree}", own);
	join = th_git_output(dir, "commit-tree -p %s -p %s -m joined %s", own,
	    other, tree);
	kb = th_kb_open(dir);
	got = lines_since(kb, join, "");
	assert_string_equal(got, "2026-03-01.jsonl:1:e1\n");
	free(got);
	got = lines_since(kb, join, own);
	assert_string_equal(got, "");
	free(got);
	kb_close(kb);
	th_rmrf(dir);
	free(dir);
	free(own);
	free(other);
	free(join);
	free(tree);
}

/*
 * kb prune's history (kb_usage_ref__prune): the ref becomes one root commit
 * holding the lines of the days on or after the date, in the order the
 * history added them, with the tip's mark and the tip it replaced; a
 * history with nothing before the date is left as it is.
 */
static void
usage_ref__prune__keeps_later_days(void **state)
{
	const struct th_file first[] = { { "2026-03-01.jsonl", "e1\n" },
	    { "2026-03-02.jsonl", "e2\n" }, { NULL, NULL } };
	const char *ref = "refs/kb/station-usage/north/pc1";
	char *dir = th_make_kb(first), *old, *moved, *msg, *got;
	char tip[KB_OID_HEX + 1], was[KB_OID_HEX + 1], root[KB_OID_HEX + 1];
	struct kb *kb;

	(void)state;
	assert_non_null(dir);
	th_write_file(dir, "2026-03-01.jsonl", "e3\n");
	th_write_file(dir, "2026-03-02.jsonl", "e4\n");
	assert_int_equal(th_git(dir, "add -A"), 0);
	assert_int_equal(th_git(dir, "commit -q -m usage "
	    "-m 'Kb-Usage-Last: 4 d4'"), 0);
	old = th_git_output(dir, "rev-parse HEAD");
	assert_int_equal(th_git(dir, "update-ref %s %s", ref, old), 0);
	kb = th_kb_open(dir);
	assert_int_equal(kb_usage_ref__pruned_from(was, root, kb, old), 0);

	snprintf(tip, sizeof(tip), "%s", old);
	assert_int_equal(kb_usage_ref__prune(kb, ref, "2026-03-02", tip), 1);
	moved = th_git_output(dir, "rev-parse %s", ref);
	assert_string_equal(moved, tip);
	got = lines_since(kb, tip, "");
	assert_string_equal(got, "2026-03-02.jsonl:1:e2\n"
	    "2026-03-02.jsonl:2:e4\n");
	free(got);
	assert_int_equal(kb_usage_ref__pruned_from(was, root, kb, tip), 1);
	assert_string_equal(was, old);
	assert_string_equal(root, tip);
	msg = th_git_output(dir, "rev-list --count %s", ref);
	assert_string_equal(msg, "1");
	free(msg);
	msg = th_git_output(dir, "log -1 --format=%%B %s", ref);
	assert_non_null(strstr(msg, "\nKb-Usage-Last: 4 d4\n"));
	assert_non_null(strstr(msg, "\nKb-Usage-Events: 0\n"));
	assert_non_null(strstr(msg, "\nKb-Usage-Pruned: "));
	assert_non_null(strstr(msg, old));
	free(msg);

	/* Nothing before the day any more: nothing written. */
	assert_int_equal(kb_usage_ref__prune(kb, ref, "2026-03-02", tip), 0);
	free(moved);
	moved = th_git_output(dir, "rev-parse %s", ref);
	assert_string_equal(moved, tip);
	kb_close(kb);
	th_rmrf(dir);
	free(dir);
	free(old);
	free(moved);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(usage_ref__lines__both_layouts),
		cmocka_unit_test(usage_ref__lines__join_reads_own_side),
		cmocka_unit_test(usage_ref__prune__keeps_later_days),
	};

	th_env_setup();
	return th_run(argc, argv, "usage_ref", tests, th_libkb_setup,
	    th_libkb_teardown);
}
