/*
 * Unit tests for the decisions refs (decisions.h): which branches have
 * an office, a record written and read back (one line per value, so a
 * hostile reason cannot add a key), a record per proposal on one ref,
 * and files that are no record of that branch ignored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decisions.h"
#include "helpers.h"
#include "kb/error.h"
#include "kb/kb.h"

static const struct th_file files[] = {
	{ "answers/a.md", "---\ntitle: A\n---\nA.\n" },
	{ NULL, NULL }
};

static void
decisions__office__names(void **state)
{
	char office[OFFICE_NAME_MAX + 1];

	(void)state;
	assert_int_equal(kb_decisions__office(office,
	    "proposals/north/pc/ann/a-1"), 1);
	assert_string_equal(office, "north");
	/* Named before offices: proposals/<agent>/<id>-<n>. */
	assert_int_equal(kb_decisions__office(office, "proposals/ann/a-1"), 0);
	assert_string_equal(office, "");
	assert_int_equal(kb_decisions__office(office,
	    "proposals/North/pc/ann/a-1"), 0);
	assert_int_equal(kb_decisions__office(office,
	    "heads/north/pc/ann/a-1"), 0);
}

static void
proposal(struct kb_proposal *p, const char *branch, const char *tip)
{
	memset(p, 0, sizeof(*p));
	p->branch = (char *)branch;
	p->answer = "a";
	p->author = "Ann";
	p->reason = "Simpler";
	p->time = 1764064800;
	snprintf(p->tip, sizeof(p->tip), "%s", tip);
}

static int
count(const struct decision *d, void *payload)
{
	(void)d;
	++*(int *)payload;
	return 0;
}

static void
decisions__record__read_back(void **state)
{
	struct kb_store_sig who = { "Rita Reviewer", "rita@example.invalid" };
	const char *ref = DECISIONS_REF "north";
	struct kb_proposal p;
	struct decision d;
	struct th_kb t;
	char *tip, *c;
	int n = 0;

	(void)state;
	th_kb_start(&t, files);
	tip = th_git_output(t.dir, "rev-parse HEAD");
	proposal(&p, "proposals/north/pc/ann/a-1", tip);
	assert_int_equal(kb_decisions__record(t.kb, &p, "rejected", tip, &who,
	    "Not now\ndecision: approved"), 0);
	proposal(&p, "proposals/north/pc/bob/a-1", tip);
	assert_int_equal(kb_decisions__record(t.kb, &p, "approved", tip, &who,
	    NULL), 0);
	/* No office: nothing recorded, no error. */
	proposal(&p, "proposals/ann/a-2", tip);
	assert_int_equal(kb_decisions__record(t.kb, &p, "approved", tip, &who,
	    NULL), 0);

	assert_int_equal(kb_decisions__find(&d, t.kb, ref,
	    "proposals/north/pc/ann/a-1"), 1);
	assert_string_equal(d.decision, "rejected");
	assert_string_equal(d.reason, "Not now decision: approved");
	assert_string_equal(d.reviewer, "Rita Reviewer");
	assert_string_equal(d.proposer, "Ann");
	assert_string_equal(d.tip, tip);
	assert_string_equal(d.commit, tip);
	assert_true(d.proposed == 1764064800);
	kb_decisions__clear(&d);
	assert_int_equal(kb_decisions__find(&d, t.kb, ref,
	    "proposals/north/pc/bob/a-1"), 1);
	assert_string_equal(d.decision, "approved");
	assert_null(d.reason);
	kb_decisions__clear(&d);
	assert_int_equal(kb_decisions__find(&d, t.kb, ref,
	    "proposals/north/pc/cy/a-1"), 0);
	assert_int_equal(kb_decisions__find(&d, t.kb, DECISIONS_REF "south",
	    "proposals/south/pc/ann/a-1"), 0);
	assert_int_equal(kb_decisions__each(t.kb, ref, count, &n), 0);
	assert_int_equal(n, 2);
	c = th_git_output(t.dir, "rev-list --count %s", ref);
	assert_string_equal(c, "2");	/* a commit per decision */
	free(c);
	free(tip);
	th_kb_finish(&t);
}

/* A file at a branch's place that names another branch is not its
 * record; one too long to be one is skipped. */
static void
decisions__find__not_a_record(void **state)
{
	const char *ref = DECISIONS_REF "north";
	struct decision d;
	struct th_kb t;
	char *big, *tree, *c;
	int n = 0;

	(void)state;
	th_kb_start(&t, files);
	big = calloc(1, DECISION_MAX + 100);
	memset(big, 'x', DECISION_MAX + 99);
	assert_int_equal(th_write_file(t.dir, "rec/pc/ann/a-1.txt",
	    "branch: proposals/north/pc/bob/a-1\ndecision: approved\n"), 0);
	assert_int_equal(th_write_file(t.dir, "rec/pc/bob/a-1.txt", big), 0);
	assert_int_equal(th_git(t.dir, "add rec"), 0);
	tree = th_git_output(t.dir, "write-tree --prefix=rec/");
	assert_non_null(tree);
	c = th_git_output(t.dir, "commit-tree -m x %s", tree);
	assert_non_null(c);
	assert_int_equal(th_git(t.dir, "update-ref %s %s", ref, c), 0);
	assert_int_equal(kb_decisions__find(&d, t.kb, ref,
	    "proposals/north/pc/ann/a-1"), 0);
	assert_int_equal(kb_decisions__find(&d, t.kb, ref,
	    "proposals/north/pc/bob/a-1"), 0);
	assert_int_equal(kb_decisions__each(t.kb, ref, count, &n), 0);
	assert_int_equal(n, 1);	/* the one that is a record, of bob's */
	free(big);
	free(tree);
	free(c);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decisions__office__names),
		cmocka_unit_test(decisions__record__read_back),
		cmocka_unit_test(decisions__find__not_a_record),
	};

	th_env_setup();
	return th_run(argc, argv, "decisions", tests, th_libkb_setup,
	    th_libkb_teardown);
}
