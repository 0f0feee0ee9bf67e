/*
 * Unit tests for centre.c (kb/centre.h): which KBs are a reviewer's
 * clone, what kb_centre_fetch brings from the centre, and a decision
 * pushed to it.  The centre is a bare repository reached by its path,
 * the clone made with the git command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/centre.h"
#include "kb/kb.h"
#include "kb/proposal.h"

#define WALRUS_PATH "answers/zoo/walrus.md"
#define WALRUS(food) "---\ntitle: Walrus\ntags: zoo\n---\nFed " food \
	" at noon.\n"

static const struct th_file zoo[] = {
	{ WALRUS_PATH, WALRUS("clams") },
	{ "answers/zoo/penguin.md", "---\ntitle: Penguin\ntags: zoo\n---\n"
	  "Parade at three.\n" },
	{ "REVIEWERS", "Rita Reviewer\n" },
	{ NULL, NULL }
};

/* A centre (bare, from zoo), a reviewer's clone of it, open. */
struct setup {
	char *top, *centre, *clone, *office;
	struct kb *kb;
};

static void
setup_start(struct setup *s)
{
	char *src = th_make_kb(zoo);

	memset(s, 0, sizeof(*s));
	assert_non_null(src);
	s->top = th_tmpdir();
	s->centre = th_path(s->top, "centre.git");
	s->clone = th_path(s->top, "rita");
	assert_int_equal(th_git(s->top, "clone -q --bare '%s' centre.git",
	    src), 0);
	assert_int_equal(th_git(s->top, "clone -q centre.git rita"), 0);
	assert_int_equal(th_git(s->clone, "config user.name 'Rita Reviewer'"),
	    0);
	assert_int_equal(th_git(s->clone, "config user.email r@x.invalid"), 0);
	s->kb = th_kb_open(s->clone);
	th_rmrf(src);
	free(src);
}

static void
setup_finish(struct setup *s)
{
	kb_close(s->kb);
	th_rmrf(s->top);
	free(s->top);
	free(s->centre);
	free(s->clone);
	free(s->office);
}

/* A proposal at the centre, made in a scratch clone with plain git. */
static char *
centre_proposal(struct setup *s, const char *food)
{
	char *work = th_path(s->top, "agent"), *tip;

	th_rmrf(work);
	assert_int_equal(th_git(s->top, "clone -q centre.git agent"), 0);
	assert_int_equal(th_write_file(work, WALRUS_PATH, food), 0);
	assert_int_equal(th_git(work, "checkout -q -b proposals/ann/walrus-1"),
	    0);
	assert_int_equal(th_git(work, "commit -qam 'Herring' "
	    "-m 'Kb-Answer: walrus'"), 0);
	assert_int_equal(th_git(work, "push -q origin "
	    "proposals/ann/walrus-1"), 0);
	tip = th_git_output(work, "rev-parse HEAD");
	th_rmrf(work);
	free(work);
	return tip;
}

/* Main at the centre moves on (another reviewer's change). */
static char *
centre_moves(struct setup *s)
{
	char *work = th_path(s->top, "other"), *tip;

	th_rmrf(work);
	assert_int_equal(th_git(s->top, "clone -q centre.git other"), 0);
	assert_int_equal(th_write_file(work, "answers/zoo/penguin.md",
	    "---\ntitle: Penguin\ntags: zoo\n---\nParade at four.\n"), 0);
	assert_int_equal(th_git(work, "commit -q --allow-empty -am 'Four'"),
	    0);
	assert_int_equal(th_git(work, "push -q origin main"), 0);
	tip = th_git_output(work, "rev-parse HEAD");
	th_rmrf(work);
	free(work);
	return tip;
}

static void
clone__which_kbs_are(void **state)
{
	struct setup s;
	struct kb *plain;
	char *dir = th_make_kb(zoo);

	(void)state;
	setup_start(&s);
	assert_int_equal(kb_centre_clone(s.kb), 1);
	plain = th_kb_open(dir);
	assert_int_equal(kb_centre_clone(plain), 0);	/* no remote */
	kb_close(plain);
	/* The centre itself: git clone --bare left it an origin. */
	plain = th_kb_open(s.centre);
	assert_int_equal(kb_centre_clone(plain), 0);
	kb_close(plain);
	/* kb.remote names the centre: another remote is not it. */
	assert_int_equal(th_git(s.clone, "config kb.remote upstream"), 0);
	assert_int_equal(kb_centre_clone(s.kb), 0);
	assert_int_equal(th_git(s.clone, "remote rename origin upstream"), 0);
	assert_int_equal(kb_centre_clone(s.kb), 1);
	/* A field office (kbsync's last-sync file) is no reviewer's clone. */
	assert_int_equal(th_write_file(s.clone, ".git/kb/last-sync",
	    "time 2026-01-01T00:00:00Z\ncentral x\nurl y\n"), 0);
	assert_int_equal(kb_centre_clone(s.kb), 0);
	setup_finish(&s);
	th_rmrf(dir);
	free(dir);
}

static void
fetch__brings_main_and_proposals(void **state)
{
	struct setup s;
	struct kb_centre_fetch f;
	char *tip, *moved, *here, *branch;

	(void)state;
	setup_start(&s);
	tip = centre_proposal(&s, WALRUS("herring"));
	moved = centre_moves(&s);
	if (kb_centre_fetch(&f, s.kb) < 0)
		fail_msg("kb_centre_fetch: %s", kb_error_last());
	assert_string_equal(f.new_main, moved);
	assert_int_equal(f.proposals, 1);
	assert_null(f.kept);
	assert_string_equal(f.url, s.centre);
	kb_centre_fetch_clear(&f);
	here = th_git_output(s.clone, "rev-parse main");
	assert_string_equal(here, moved);
	free(here);
	branch = th_git_output(s.clone, "rev-parse proposals/ann/walrus-1");
	assert_string_equal(branch, tip);
	free(branch);
	assert_int_equal(th_git(s.clone, "diff --quiet HEAD"), 0);

	/* A decision here not pushed yet: the branch is left as it is. */
	assert_int_equal(kb_proposal_reject(s.kb, "proposals/ann/walrus-1",
	    "No herring"), 0);
	branch = th_git_output(s.clone, "rev-parse proposals/ann/walrus-1");
	assert_int_equal(kb_centre_fetch(&f, s.kb), 0);
	assert_int_equal(f.proposals, 0);
	kb_centre_fetch_clear(&f);
	here = th_git_output(s.clone, "rev-parse proposals/ann/walrus-1");
	assert_string_equal(here, branch);
	free(here);
	free(branch);

	/* Main here and the centre's diverged: kept, and said why. */
	assert_int_equal(th_git(s.clone, "commit -q --allow-empty -m mine"), 0);
	free(centre_moves(&s));
	assert_int_equal(kb_centre_fetch(&f, s.kb), 0);
	assert_non_null(f.kept);
	assert_non_null(strstr(f.kept, "diverged"));
	assert_int_equal(f.ahead, 1);
	assert_int_equal(f.behind, 1);
	kb_centre_fetch_clear(&f);
	free(moved);
	free(tip);
	setup_finish(&s);
}

static void
approve__pushed_to_the_centre(void **state)
{
	struct setup s;
	struct kb_approval a;
	struct kb_centre_push p;
	char *tip, *centre_main, *here;

	(void)state;
	setup_start(&s);
	tip = centre_proposal(&s, WALRUS("herring"));
	memset(&a, 0, sizeof(a));
	if (kb_centre_approve(&p, s.kb, "proposals/ann/walrus-1", &a) < 0)
		fail_msg("kb_centre_approve: %s", kb_error_last());
	assert_int_equal(p.sent, 1);
	assert_int_equal(p.tries, 1);
	assert_int_equal(p.earlier, 0);
	assert_null(p.note);
	assert_int_equal(a.fast_forward, 1);
	kb_centre_push_clear(&p);
	centre_main = th_git_output(s.centre, "rev-parse main");
	here = th_git_output(s.clone, "rev-parse main");
	assert_string_equal(centre_main, here);
	assert_int_equal(th_git(s.centre, "merge-base --is-ancestor %s main",
	    tip), 0);
	free(here);
	here = th_git_output(s.centre, "rev-parse proposals/ann/walrus-1");
	assert_string_equal(here, centre_main);	/* the approval commit */
	free(here);

	/* Decided already, at the centre: refused, nothing pushed. */
	assert_int_equal(kb_centre_reject(&p, s.kb, "proposals/ann/walrus-1",
	    "too late"), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "merged already"));
	assert_int_equal(p.sent, 0);
	kb_centre_push_clear(&p);
	assert_int_equal(kb_centre_reject(&p, s.kb, "proposals/ann/walrus-1",
	    "two\nlines"), KB_EINVALID);
	kb_centre_push_clear(&p);
	free(centre_main);
	free(tip);
	setup_finish(&s);
}

static void
approve__refused_outside_a_clone(void **state)
{
	struct th_kb t;
	struct kb_approval a;
	struct kb_centre_push p;

	(void)state;
	th_kb_start(&t, zoo);
	memset(&a, 0, sizeof(a));
	assert_int_equal(kb_centre_approve(&p, t.kb, "proposals/x/y-1", &a),
	    KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "no clone of the centre"));
	kb_centre_push_clear(&p);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clone__which_kbs_are),
		cmocka_unit_test(fetch__brings_main_and_proposals),
		cmocka_unit_test(approve__pushed_to_the_centre),
		cmocka_unit_test(approve__refused_outside_a_clone),
	};

	th_env_setup();
	return th_run(argc, argv, "centre", tests,
	    th_libkb_setup, th_libkb_teardown);
}
