/*
 * Unit tests for proposals and review (kb/proposal.h) through the public
 * API on real temporary git repositories: kb_propose, kb_proposals_list,
 * kb_proposal_diff, kb_reviewer, kb_proposal_approve, kb_proposal_reject,
 * kb_answer_history, the files a proposal changes and the work-tree
 * journal a killed approval leaves.  The KB is checked with the plain git command.
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
#include "kb/kb.h"
#include "kb/proposal.h"
#include "kb/search.h"
#include "sync_state.h"

#define WALRUS_PATH "answers/zoo/walrus-feeding.md"
#define WALRUS_HEAD \
	"---\n" \
	"title: Walrus feeding times\n" \
	"tags: zoo, animals\n" \
	"related: penguin-parade\n" \
	"---\n"
/* Two body lines far apart: changes to each merge without a conflict. */
#define WALRUS_BODY(first, last) \
	first "\n\nThe keepers wear boots.\n\nVisitors may watch.\n\n" \
	"Photos are allowed.\n\n" last "\n"
#define WALRUS WALRUS_HEAD WALRUS_BODY("The walruses are fed clams at noon.", \
	"Ask a keeper for the time.")

#define PENGUIN_PATH "answers/zoo/penguin-parade.md"
#define PENGUIN \
	"---\n" \
	"title: Penguin parade schedule\n" \
	"tags: zoo, animals\n" \
	"related: walrus-feeding\n" \
	"---\n" \
	"The penguin parade starts at three in the afternoon.\n"

#define REVIEWERS \
	"# Who may approve or reject.  Nora Nobody is only in a comment.\n" \
	"Rita Reviewer\n" \
	"  sam@example.invalid  \n"

static const struct th_file zoo[] = {
	{ WALRUS_PATH, WALRUS },
	{ PENGUIN_PATH, PENGUIN },
	{ "REVIEWERS", REVIEWERS },
	{ NULL, NULL }
};

static const struct th_file zoo_without_reviewers[] = {
	{ WALRUS_PATH, WALRUS },
	{ PENGUIN_PATH, PENGUIN },
	{ NULL, NULL }
};

/* The KB repository's git identity; the handle is opened again. */
static void
identity(struct th_kb *t, const char *name, const char *email)
{
	assert_int_equal(th_git(t->dir, "config user.name '%s'", name), 0);
	assert_int_equal(th_git(t->dir, "config user.email '%s'", email), 0);
	th_kb_reopen(t);
}

static void
reviewer(struct th_kb *t)
{
	identity(t, "Rita Reviewer", "rita@example.invalid");
}

/* A text with its trailing newline, as git prints it without one. */
static void
expect_git_text(struct th_kb *t, const char *want, const char *cmd)
{
	char *got = th_git_ok(t->dir, "%s", cmd);
	size_t n = strlen(want);

	while (n && want[n - 1] == '\n')
		n--;
	if (strlen(got) != n || strncmp(got, want, n) != 0)
		fail_msg("git %s: got '%s', want '%.*s'", cmd, got, (int)n,
		    want);
	free(got);
}

static char *
main_tip(struct th_kb *t)
{
	return th_git_ok(t->dir, "rev-parse main");
}

/* kb_propose that must succeed; returns the branch (caller frees). */
static char *
propose(struct th_kb *t, const char *id, const char *text, const char *agent,
    const char *reason)
{
	char *branch = (char *)"not set";
	int rc;

	rc = kb_propose(&branch, t->kb, id, text, strlen(text), agent,
	    "agent@example.invalid", reason, th_diag_collect, &t->diags);
	if (rc != 0) {
		th_diags_dump(&t->diags);
		fail_msg("kb_propose %s: %d %s", id, rc, kb_error_last());
	}
	assert_non_null(branch);
	return branch;
}

/* kb_propose that must fail with `code` and make nothing. */
static void
propose_refused(struct th_kb *t, const char *id, const char *text,
    const char *reason, int code, const char *needle)
{
	char *branch = (char *)"not set", *before = main_tip(t);
	int rc;

	rc = kb_propose(&branch, t->kb, id, text, text ? strlen(text) : 0,
	    "Alice", "alice@example.invalid", reason, th_diag_collect,
	    &t->diags);
	if (rc != code)
		fail_msg("kb_propose %s (%s): %d, want %d (%s)", id,
		    reason ? reason : "NULL", rc, code, kb_error_last());
	assert_null(branch);
	if (needle && strstr(kb_error_last(), needle) == NULL)
		fail_msg("kb_propose %s: '%s' lacks '%s'", id,
		    kb_error_last(), needle);
	th_expect_git(t->dir, "", "branch --list 'proposals/*'");
	th_expect_git(t->dir, before, "rev-parse main");
	free(before);
}

/* The proposal on `branch` in a fresh listing (copied fields). */
struct seen {
	int found;
	enum kb_proposal_state state;
	char answer[64], author[64], email[64], reason[128], tip[KB_OID_HEX + 1];
	char decided_by[64], decision[128];
	int decided_null, decision_null;
	size_t n, other_files;
};

static struct seen
look(struct th_kb *t, const char *branch)
{
	struct kb_proposal *v = NULL;
	struct seen s;
	size_t n = 0, i;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = kb_proposals_list(&v, &n, t->kb);
	if (rc != 0)
		fail_msg("kb_proposals_list: %d %s", rc, kb_error_last());
	s.n = n;
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].branch, branch) != 0)
			continue;
		s.found = 1;
		s.state = v[i].state;
		snprintf(s.answer, sizeof(s.answer), "%s", v[i].answer);
		snprintf(s.author, sizeof(s.author), "%s", v[i].author);
		snprintf(s.email, sizeof(s.email), "%s", v[i].email);
		snprintf(s.reason, sizeof(s.reason), "%s", v[i].reason);
		snprintf(s.tip, sizeof(s.tip), "%s", v[i].tip);
		s.other_files = v[i].other_files;
		s.decided_null = v[i].decided_by == NULL;
		s.decision_null = v[i].decision == NULL;
		snprintf(s.decided_by, sizeof(s.decided_by), "%s",
		    v[i].decided_by ? v[i].decided_by : "");
		snprintf(s.decision, sizeof(s.decision), "%s",
		    v[i].decision ? v[i].decision : "");
		assert_true(v[i].time > 0);
	}
	kb_proposals_free(v, n);
	if (!s.found)
		fail_msg("no proposal %s in kb_proposals_list", branch);
	return s;
}

static void
expect_worktree(struct th_kb *t, const char *path, const char *want)
{
	char *full = th_path(t->dir, path), *got = th_read_file(full, NULL);

	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("work tree %s: got '%s', want '%s'", path,
		    got ? got : "(none)", want);
	free(got);
	free(full);
}

/* kb_proposal_approve's return, and nothing merged when it failed. */
static int
approve_rc(struct kb *kb, const char *branch)
{
	struct kb_approval a;
	int rc;

	memset(&a, 0, sizeof(a));
	rc = kb_proposal_approve(kb, branch, &a);
	if (rc < 0)
		assert_string_equal(a.merged, "");
	return rc;
}

static int
approve(struct th_kb *t, const char *branch, const char *message)
{
	int ff = -1, rc;

	struct kb_approval a;

	memset(&a, 0, sizeof(a));
	a.message = message;
	a.fast_forward = -1;
	rc = kb_proposal_approve(t->kb, branch, &a);
	if (rc != 0)
		fail_msg("kb_proposal_approve %s: %d %s", branch, rc,
		    kb_error_last());
	ff = a.fast_forward;
	assert_true(ff == 0 || ff == 1);
	assert_int_equal(strlen(a.merged), KB_OID_HEX);
	return ff;
}

#define NEW_WALRUS WALRUS_HEAD WALRUS_BODY( \
	"The walruses are fed herring at two.", "Ask a keeper for the time.")

/* --- kb_propose ----------------------------------------------------------- */

static void
propose__branch_with_one_commit_by_the_agent(void **state)
{
	struct th_kb t;
	char *before, *branch, *b2, *b3, *cmd;

	(void)state;
	th_kb_start(&t, zoo);
	before = main_tip(&t);
	branch = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice Agent",
	    "Herring at two now");
	assert_string_equal(branch, "proposals/alice-agent/walrus-feeding-1");
	assert_int_equal(th_diags_count(&t.diags, KB_SEVERITY_ERROR), 0);

	/* Main, the work tree and the git index are untouched. */
	th_expect_git(t.dir, before, "rev-parse main");
	th_expect_git(t.dir, "", "status --porcelain");
	th_expect_git(t.dir, "refs/heads/main", "symbolic-ref HEAD");
	expect_worktree(&t, WALRUS_PATH, WALRUS);

	/* One commit by the agent on top of main, with the answer trailer. */
	cmd = calloc(1, 512);
	assert_non_null(cmd);
	snprintf(cmd, 512, "rev-parse %s~1", branch);
	th_expect_git(t.dir, before, cmd);
	snprintf(cmd, 512, "log -1 --format='%%an|%%ae|%%cn|%%s' %s", branch);
	th_expect_git(t.dir, "Alice Agent|agent@example.invalid|Alice Agent|"
	    "Herring at two now", cmd);
	snprintf(cmd, 512, "log -1 --format=%%b %s", branch);
	th_expect_git(t.dir, "Kb-Answer: walrus-feeding", cmd);
	snprintf(cmd, 512, "show %s:" WALRUS_PATH, branch);
	expect_git_text(&t, NEW_WALRUS, cmd);
	snprintf(cmd, 512, "diff --name-only main %s", branch);
	th_expect_git(t.dir, WALRUS_PATH, cmd);

	/* Numbered per agent and answer. */
	b2 = propose(&t, "walrus-feeding", WALRUS_HEAD WALRUS_BODY(
	    "The walruses are fed squid.", "Ask a keeper for the time."),
	    "Alice Agent", "Squid");
	assert_string_equal(b2, "proposals/alice-agent/walrus-feeding-2");
	b3 = propose(&t, "walrus-feeding", NEW_WALRUS, "Bob", "Bob's");
	assert_string_equal(b3, "proposals/bob/walrus-feeding-1");
	snprintf(cmd, 512, "rev-parse %s~1", b3);
	th_expect_git(t.dir, before, cmd);
	th_expect_git(t.dir, before, "rev-parse main");

	free(cmd);
	free(b3);
	free(b2);
	free(branch);
	free(before);
	th_kb_finish(&t);
}

static void
propose__new_answer_at_answers_id(void **state)
{
	static const char otter[] =
	    "---\ntitle: Otter pool cleaning\ntags: zoo\n"
	    "related: walrus-feeding\n---\nThe otter pool is drained.\n";
	struct th_kb t;
	char *branch, *cmd;
	struct seen s;

	(void)state;
	th_kb_start(&t, zoo);
	branch = propose(&t, "otter-pool", otter, "Alice", "Otters");
	assert_string_equal(branch, "proposals/alice/otter-pool-1");
	cmd = calloc(1, 512);
	assert_non_null(cmd);
	snprintf(cmd, 512, "diff --name-status main %s", branch);
	th_expect_git(t.dir, "A\tanswers/otter-pool.md", cmd);
	snprintf(cmd, 512, "show %s:answers/otter-pool.md", branch);
	expect_git_text(&t, otter, cmd);
	s = look(&t, branch);
	assert_string_equal(s.answer, "otter-pool");
	assert_int_equal(s.state, KB_PROPOSAL_PENDING);
	th_expect_ids(t.kb, "otter", "");
	free(cmd);
	free(branch);
	th_kb_finish(&t);
}

static void
propose__invalid_makes_nothing(void **state)
{
	struct th_kb t;
	const struct th_diag *d;

	(void)state;
	th_kb_start(&t, zoo);

	/* No title: a diagnostic with the answer's path and a line. */
	propose_refused(&t, "walrus-feeding", "---\ntags: zoo\n"
	    "related: walrus-feeding\n---\nNo title.\n", "no title",
	    KB_EINVALID, "nothing was proposed");
	d = th_diags_find(&t.diags, KB_SEVERITY_ERROR, "title");
	if (d == NULL) {
		th_diags_dump(&t.diags);
		fail_msg("no diagnostic about the title");
	}
	assert_string_equal(d->path, WALRUS_PATH);
	assert_true(d->line >= 1);
	th_diags_clear(&t.diags);

	/* A bad date, on its line; a new answer's path. */
	propose_refused(&t, "seal-show", "---\ntitle: Seals\ntags: zoo\n"
	    "review-by: 2099-02-30\n---\nSeals.\n", "bad date", KB_EINVALID,
	    "answers/seal-show.md");
	d = th_diags_find(&t.diags, KB_SEVERITY_ERROR, "2099-02-30");
	assert_non_null(d);
	assert_string_equal(d->path, "answers/seal-show.md");
	assert_int_equal(d->line, 4);
	th_diags_clear(&t.diags);

	/* Empty text. */
	propose_refused(&t, "walrus-feeding", "", "empty", KB_EINVALID, NULL);
	assert_true(th_diags_count(&t.diags, KB_SEVERITY_ERROR) >= 1);
	th_diags_clear(&t.diags);

	/* Bad ids: refused before the text is looked at. */
	propose_refused(&t, "Bad_ID", NEW_WALRUS, "bad id", KB_EINVALID,
	    "Bad_ID");
	propose_refused(&t, "../etc", NEW_WALRUS, "bad id", KB_EINVALID,
	    "not an answer id");
	propose_refused(&t, "", NEW_WALRUS, "bad id", KB_EINVALID,
	    "not an answer id");
	assert_int_equal(t.diags.n, 0);

	/* Reasons: one non-blank line. */
	propose_refused(&t, "walrus-feeding", NEW_WALRUS, NULL, KB_EINVALID,
	    "reason");
	propose_refused(&t, "walrus-feeding", NEW_WALRUS, "", KB_EINVALID,
	    "reason");
	propose_refused(&t, "walrus-feeding", NEW_WALRUS, " \t ", KB_EINVALID,
	    "reason");
	propose_refused(&t, "walrus-feeding", NEW_WALRUS, "one\ntwo",
	    KB_EINVALID, "reason");

	/* The text main has already. */
	propose_refused(&t, "walrus-feeding", WALRUS, "same", KB_EINVALID,
	    "no change");
	th_kb_finish(&t);
}

/* --- kb_proposals_list ---------------------------------------------------- */

static void
list__pending_merged_rejected(void **state)
{
	struct th_kb t;
	char *merged, *rejected, *pending, *by_git, *tip, *cmd;
	struct kb_proposal *v = NULL;
	size_t n = 0;
	struct seen s;

	(void)state;
	th_kb_start(&t, zoo);
	assert_int_equal(kb_proposals_list(&v, &n, t.kb), 0);
	assert_int_equal(n, 0);
	kb_proposals_free(v, n);

	reviewer(&t);
	merged = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	rejected = propose(&t, "penguin-parade", PENGUIN "More.\n", "Bob",
	    "More penguins");
	pending = propose(&t, "penguin-parade", PENGUIN "Rain or shine.\n",
	    "Cleo", "Rain");
	by_git = propose(&t, "otter-pool", "---\ntitle: Otters\ntags: zoo\n"
	    "related: walrus-feeding\n---\nOtters.\n", "Dan", "Otters");

	s = look(&t, pending);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.state, KB_PROPOSAL_PENDING);
	assert_string_equal(s.answer, "penguin-parade");
	assert_string_equal(s.author, "Cleo");
	assert_string_equal(s.email, "agent@example.invalid");
	assert_string_equal(s.reason, "Rain");
	tip = th_git_ok(t.dir, "rev-parse %s", pending);
	assert_string_equal(s.tip, tip);
	free(tip);
	assert_true(s.decided_null);
	assert_true(s.decision_null);

	approve(&t, merged, NULL);
	assert_int_equal(kb_proposal_reject(t.kb, rejected,
	    "Not \"more\"; fewer"), 0);
	cmd = calloc(1, 512);
	assert_non_null(cmd);
	snprintf(cmd, 512, "merge -q --no-edit %s", by_git);
	assert_int_equal(th_git(t.dir, "%s", cmd), 0);

	s = look(&t, merged);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.state, KB_PROPOSAL_MERGED);
	assert_string_equal(s.author, "Alice");
	assert_string_equal(s.reason, "Herring");
	assert_true(s.decided_null);

	s = look(&t, rejected);
	assert_int_equal(s.state, KB_PROPOSAL_REJECTED);
	assert_string_equal(s.answer, "penguin-parade");
	assert_string_equal(s.author, "Bob");
	assert_string_equal(s.reason, "More penguins");
	assert_string_equal(s.decided_by, "Rita Reviewer");
	assert_string_equal(s.decision, "Not \"more\"; fewer");

	s = look(&t, by_git);
	assert_int_equal(s.state, KB_PROPOSAL_MERGED);
	assert_string_equal(s.answer, "otter-pool");
	assert_string_equal(s.author, "Dan");

	s = look(&t, pending);
	assert_int_equal(s.state, KB_PROPOSAL_PENDING);

	free(cmd);
	free(by_git);
	free(pending);
	free(rejected);
	free(merged);
	th_kb_finish(&t);
}

/* --- kb_proposal_diff ------------------------------------------------------ */

static void
diff__against_main(void **state)
{
	struct th_kb t;
	char *branch, *text = NULL;

	(void)state;
	th_kb_start(&t, zoo);
	branch = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	assert_int_equal(kb_proposal_diff(&text, t.kb, branch), 0);
	assert_non_null(text);
	assert_non_null(strstr(text, "--- a/" WALRUS_PATH "\n"));
	assert_non_null(strstr(text, "+++ b/" WALRUS_PATH "\n"));
	assert_non_null(strstr(text,
	    "\n-The walruses are fed clams at noon.\n"));
	assert_non_null(strstr(text,
	    "\n+The walruses are fed herring at two.\n"));
	assert_null(strstr(text, PENGUIN_PATH));
	free(text);

	text = (char *)"not set";
	assert_int_equal(kb_proposal_diff(&text, t.kb, "proposals/nobody/x-1"),
	    KB_ENOTFOUND);
	assert_null(text);
	free(branch);
	th_kb_finish(&t);
}

/* --- kb_reviewer ---------------------------------------------------------- */

static void
expect_reviewer(struct th_kb *t, const char *name, const char *email)
{
	char *n = (char *)"x", *e = (char *)"x";
	int rc = kb_reviewer(&n, &e, t->kb);

	if (rc != 0)
		fail_msg("kb_reviewer %s <%s>: %d %s", name, email, rc,
		    kb_error_last());
	assert_string_equal(n, name);
	assert_string_equal(e, email);
	free(n);
	free(e);
}

static void
expect_not_reviewer(struct th_kb *t, const char *needle)
{
	char *n = (char *)"x", *e = (char *)"x";
	int rc = kb_reviewer(&n, &e, t->kb);

	if (rc != KB_EINVALID)
		fail_msg("kb_reviewer: %d, want KB_EINVALID", rc);
	if (strstr(kb_error_last(), needle) == NULL)
		fail_msg("kb_reviewer: '%s' lacks '%s'", kb_error_last(),
		    needle);
	free(n);
	free(e);
}

static void
reviewer__who_may_decide(void **state)
{
	struct th_kb t;
	char *branch, *before, *tip, *after;

	(void)state;
	th_kb_start(&t, zoo);
	branch = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	before = main_tip(&t);
	tip = th_git_ok(t.dir, "rev-parse %s", branch);

	/* Not named (a name in a comment does not count). */
	identity(&t, "Nora Nobody", "nora@example.invalid");
	expect_not_reviewer(&t, "not named in REVIEWERS");
	assert_non_null(strstr(kb_error_last(), "Nora Nobody"));
	assert_int_equal(approve_rc(t.kb, branch),
	    KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "REVIEWERS"));
	assert_int_equal(kb_proposal_reject(t.kb, branch, "no"), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "REVIEWERS"));
	th_expect_git(t.dir, before, "rev-parse main");
	after = th_git_ok(t.dir, "rev-parse %s", branch);
	assert_string_equal(after, tip);
	free(after);
	assert_int_equal(look(&t, branch).state, KB_PROPOSAL_PENDING);

	/* Part of a name is not the name. */
	identity(&t, "Rita", "rita@example.invalid");
	expect_not_reviewer(&t, "not named in REVIEWERS");

	/* Named by user.name. */
	identity(&t, "Rita Reviewer", "rita.home@example.invalid");
	expect_reviewer(&t, "Rita Reviewer", "rita.home@example.invalid");

	/* Named by user.email, in any case, spaces around it ignored. */
	identity(&t, "Samuel", "Sam@Example.INVALID");
	expect_reviewer(&t, "Samuel", "Sam@Example.INVALID");

	free(tip);
	free(before);
	free(branch);
	th_kb_finish(&t);
}

static void
reviewer__no_reviewers_file(void **state)
{
	struct th_kb t;
	char *branch, *before;

	(void)state;
	th_kb_start(&t, zoo_without_reviewers);
	branch = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	before = main_tip(&t);
	reviewer(&t);
	expect_not_reviewer(&t, "no REVIEWERS file");

	/* A REVIEWERS file in the work tree only does not count. */
	assert_int_equal(th_write_file(t.dir, "REVIEWERS", "Rita Reviewer\n"),
	    0);
	expect_not_reviewer(&t, "no REVIEWERS file");
	assert_int_equal(approve_rc(t.kb, branch),
	    KB_EINVALID);
	assert_int_equal(kb_proposal_reject(t.kb, branch, "no"), KB_EINVALID);
	th_expect_git(t.dir, before, "rev-parse main");
	assert_int_equal(look(&t, branch).state, KB_PROPOSAL_PENDING);

	/* Committed on main, it counts. */
	assert_int_equal(th_git_commit_all(t.dir, "Reviewers"), 0);
	expect_reviewer(&t, "Rita Reviewer", "rita@example.invalid");
	free(before);
	free(branch);
	th_kb_finish(&t);
}

/* --- kb_proposal_approve --------------------------------------------------- */

static void
approve__fast_forward(void **state)
{
	struct th_kb t;
	char *branch, *tip, *before, *cmd;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	th_expect_ids(t.kb, "clams", "walrus-feeding");
	before = main_tip(&t);
	branch = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	tip = th_git_ok(t.dir, "rev-parse %s", branch);

	assert_int_equal(approve(&t, branch, "checked"), 1);

	/* Main is an approval commit by the reviewer on the proposal. */
	th_expect_git(t.dir, "Rita Reviewer|rita@example.invalid|Rita Reviewer",
	    "log -1 --format='%an|%ae|%cn' main");
	cmd = calloc(1, 512);
	assert_non_null(cmd);
	snprintf(cmd, 512, "rev-parse main~1");
	th_expect_git(t.dir, tip, cmd);
	snprintf(cmd, 512, "rev-parse main~2");
	th_expect_git(t.dir, before, cmd);
	snprintf(cmd, 512, "rev-parse %s", branch);
	{
		char *m = main_tip(&t);

		th_expect_git(t.dir, m, cmd);
		free(m);
	}
	th_expect_git(t.dir, "", "diff main~1 main");
	{
		char *body = th_git_ok(t.dir, "log -1 --format=%%B main");

		assert_non_null(strstr(body, "Kb-Decision: approved"));
		assert_non_null(strstr(body, "checked"));
		free(body);
	}

	/* The work tree and the index follow; search finds the new text. */
	expect_worktree(&t, WALRUS_PATH, NEW_WALRUS);
	th_expect_git(t.dir, "", "status --porcelain");
	th_expect_ids(t.kb, "herring", "walrus-feeding");
	th_expect_ids(t.kb, "clams", "");
	assert_int_equal(look(&t, branch).state, KB_PROPOSAL_MERGED);

	/* Approving again is refused. */
	assert_int_equal(approve_rc(t.kb, branch), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "merged"));
	free(cmd);
	free(before);
	free(tip);
	free(branch);
	th_kb_finish(&t);
}

static void
approve__merge_commit(void **state)
{
	struct th_kb t;
	char *a, *b, *btip, *mid, *want;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	a = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	b = propose(&t, "penguin-parade", PENGUIN "Rain or shine.\n", "Bob",
	    "Rain");
	btip = th_git_ok(t.dir, "rev-parse %s", b);
	assert_int_equal(approve(&t, a, NULL), 1);
	mid = main_tip(&t);
	assert_int_equal(approve(&t, b, NULL), 0);

	want = calloc(1, 2 * KB_OID_HEX + 2);
	assert_non_null(want);
	snprintf(want, 2 * KB_OID_HEX + 2, "%s %s", mid, btip);
	th_expect_git(t.dir, want, "log -1 --format=%P main");
	th_expect_git(t.dir, "Rita Reviewer|rita@example.invalid",
	    "log -1 --format='%an|%ae' main");
	{
		char *body = th_git_ok(t.dir, "log -1 --format=%%B main");

		assert_non_null(strstr(body, "Kb-Decision: approved"));
		free(body);
	}
	/* The proposal branch itself is not changed by a merge approval. */
	{
		char *now = th_git_ok(t.dir, "rev-parse %s", b);

		assert_string_equal(now, btip);
		free(now);
	}
	expect_worktree(&t, WALRUS_PATH, NEW_WALRUS);
	expect_worktree(&t, PENGUIN_PATH, PENGUIN "Rain or shine.\n");
	th_expect_git(t.dir, "", "status --porcelain");
	th_expect_ids(t.kb, "shine", "penguin-parade");
	th_expect_ids(t.kb, "herring", "walrus-feeding");
	assert_int_equal(look(&t, b).state, KB_PROPOSAL_MERGED);

	free(want);
	free(mid);
	free(btip);
	free(b);
	free(a);
	th_kb_finish(&t);
}

static void
approve__conflict_merges_nothing(void **state)
{
	struct th_kb t;
	char *a, *b, *btip, *mid, *now;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	a = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	b = propose(&t, "walrus-feeding", WALRUS_HEAD WALRUS_BODY(
	    "The walruses are fed squid at one.", "Ask a keeper for the time."),
	    "Bob", "Squid");
	btip = th_git_ok(t.dir, "rev-parse %s", b);
	assert_int_equal(approve(&t, a, NULL), 1);
	mid = main_tip(&t);

	assert_int_equal(approve_rc(t.kb, b),
	    KB_ECONFLICT);
	assert_non_null(strstr(kb_error_last(), "conflict in " WALRUS_PATH));
	th_expect_git(t.dir, mid, "rev-parse main");
	now = th_git_ok(t.dir, "rev-parse %s", b);
	assert_string_equal(now, btip);
	free(now);
	expect_worktree(&t, WALRUS_PATH, NEW_WALRUS);
	th_expect_git(t.dir, "", "status --porcelain");
	assert_int_equal(look(&t, b).state, KB_PROPOSAL_PENDING);
	th_expect_ids(t.kb, "squid", "");

	/* It can still be rejected. */
	assert_int_equal(kb_proposal_reject(t.kb, b, "conflicts"), 0);
	assert_int_equal(look(&t, b).state, KB_PROPOSAL_REJECTED);
	th_expect_git(t.dir, mid, "rev-parse main");

	free(mid);
	free(btip);
	free(b);
	free(a);
	th_kb_finish(&t);
}

static void
approve__dirty_worktree_refused(void **state)
{
	static const char local[] = WALRUS "My local note.\n";
	struct th_kb t;
	char *branch, *before, *tip, *now;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	branch = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	before = main_tip(&t);
	tip = th_git_ok(t.dir, "rev-parse %s", branch);
	assert_int_equal(th_write_file(t.dir, WALRUS_PATH, local), 0);

	assert_int_equal(approve_rc(t.kb, branch),
	    KB_ECONFLICT);
	assert_non_null(strstr(kb_error_last(), "local changes"));
	expect_worktree(&t, WALRUS_PATH, local);
	th_expect_git(t.dir, before, "rev-parse main");
	now = th_git_ok(t.dir, "rev-parse %s", branch);
	assert_string_equal(now, tip);
	free(now);
	assert_int_equal(look(&t, branch).state, KB_PROPOSAL_PENDING);

	/* Clean again, it goes through. */
	assert_int_equal(th_git(t.dir, "checkout -q -- answers"), 0);
	assert_int_equal(approve(&t, branch, NULL), 1);
	expect_worktree(&t, WALRUS_PATH, NEW_WALRUS);
	free(tip);
	free(before);
	free(branch);
	th_kb_finish(&t);
}

static void
approve__unknown_proposal(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	assert_int_equal(approve_rc(t.kb, "proposals/nobody/x-1"), KB_ENOTFOUND);
	assert_non_null(strstr(kb_error_last(), "proposals/nobody/x-1"));
	assert_int_equal(kb_proposal_reject(t.kb, "proposals/nobody/x-1",
	    "no"), KB_ENOTFOUND);
	/* main is not a proposal. */
	assert_int_equal(approve_rc(t.kb, "main"),
	    KB_ENOTFOUND);
	th_kb_finish(&t);
}

/* --- kb_proposal_reject ---------------------------------------------------- */

static void
reject__empty_commit_on_the_branch(void **state)
{
	struct th_kb t;
	char *branch, *before, *tip, *cmd;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	branch = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	before = main_tip(&t);
	tip = th_git_ok(t.dir, "rev-parse %s", branch);

	assert_int_equal(kb_proposal_reject(t.kb, branch, NULL), KB_EINVALID);
	assert_int_equal(kb_proposal_reject(t.kb, branch, " "), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "reason"));
	assert_int_equal(kb_proposal_reject(t.kb, branch, "Not in budget"), 0);

	cmd = calloc(1, 512);
	assert_non_null(cmd);
	snprintf(cmd, 512, "rev-parse %s~1", branch);
	th_expect_git(t.dir, tip, cmd);
	snprintf(cmd, 512, "diff %s~1 %s", branch, branch);
	th_expect_git(t.dir, "", cmd);
	snprintf(cmd, 512, "log -1 --format='%%an|%%ae' %s", branch);
	th_expect_git(t.dir, "Rita Reviewer|rita@example.invalid", cmd);
	snprintf(cmd, 512, "log -1 --format=%%b %s", branch);
	th_expect_git(t.dir, "Kb-Decision: rejected\nKb-Reason: Not in budget",
	    cmd);
	th_expect_git(t.dir, before, "rev-parse main");
	th_expect_git(t.dir, "", "status --porcelain");

	assert_int_equal(approve_rc(t.kb, branch),
	    KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "rejected"));
	assert_int_equal(kb_proposal_reject(t.kb, branch, "again"),
	    KB_EINVALID);
	th_expect_git(t.dir, before, "rev-parse main");
	assert_int_equal(look(&t, branch).state, KB_PROPOSAL_REJECTED);
	th_expect_ids(t.kb, "herring", "");

	free(cmd);
	free(tip);
	free(before);
	free(branch);
	th_kb_finish(&t);
}

/* --- kb_answer_history ----------------------------------------------------- */

static void
expect_version(struct th_kb *t, const struct kb_version *v, const char *rev,
    const char *author, const char *approver, const char *reason)
{
	char *blob = th_git_ok(t->dir, "rev-parse %s:" WALRUS_PATH, rev);

	assert_string_equal(v->version, blob);
	assert_string_equal(v->author, author);
	if (approver == NULL)
		assert_null(v->approver);
	else {
		assert_non_null(v->approver);
		assert_string_equal(v->approver, approver);
	}
	assert_string_equal(v->reason, reason);
	assert_int_equal(strlen(v->commit), KB_OID_HEX);
	assert_true(v->time > 0);
	free(blob);
}

static void
history__authors_and_approvers(void **state)
{
	static const char bob_text[] = WALRUS_HEAD WALRUS_BODY(
	    "The walruses are fed clams at noon.", "Ask Bob for the time.");
	static const char direct[] = WALRUS_HEAD WALRUS_BODY(
	    "The walruses are fed herring at two.", "Ask Bob for the time.")
	    "Edited directly.\n";
	struct kb_version *v = NULL;
	struct th_kb t;
	char *a, *b, *head;
	size_t n = 0;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	a = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	b = propose(&t, "walrus-feeding", bob_text, "Bob", "Ask Bob");
	assert_int_equal(approve(&t, a, NULL), 1);	/* fast-forward */
	assert_int_equal(approve(&t, b, NULL), 0);	/* merge commit */
	/* An unrelated commit, then a direct edit with plain git. */
	assert_int_equal(th_write_file(t.dir, "README.md", "Hello.\n"), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Readme"), 0);
	assert_int_equal(th_write_file(t.dir, WALRUS_PATH, direct), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Direct edit"), 0);

	assert_int_equal(kb_answer_history(&v, &n, t.kb, "walrus-feeding"), 0);
	if (n != 4) {
		size_t i;

		for (i = 0; i < n; i++)
			fprintf(stderr, "  %s %s %s %s\n", v[i].version,
			    v[i].author, v[i].approver ? v[i].approver :
			    "(direct)", v[i].reason);
		fail_msg("%zu versions, want 4", n);
	}
	head = main_tip(&t);
	assert_string_equal(v[0].commit, head);
	free(head);
	expect_version(&t, &v[0], "main", "Test", NULL, "Direct edit");
	expect_version(&t, &v[1], "main~2", "Bob", "Rita Reviewer", "Ask Bob");
	expect_version(&t, &v[2], "main~3", "Alice", "Rita Reviewer",
	    "Herring");
	expect_version(&t, &v[3], "main~5", "Test", NULL, "Initial answers");
	kb_versions_free(v, n);

	/* Another answer's history is its own. */
	assert_int_equal(kb_answer_history(&v, &n, t.kb, "penguin-parade"), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].reason, "Initial answers");
	kb_versions_free(v, n);

	v = (struct kb_version *)&n;
	assert_int_equal(kb_answer_history(&v, &n, t.kb, "Bad_ID"),
	    KB_EINVALID);
	assert_null(v);
	assert_int_equal(n, 0);
	free(b);
	free(a);
	th_kb_finish(&t);
}

static void
history__deleted_top_level_answer(void **state)
{
	static const struct th_file files[] = {
		{ "answers/seal-show.md", "---\ntitle: Seal show\ntags: zoo\n"
		  "related: seal-show\n---\nSeals at five.\n" },
		{ NULL, NULL }
	};
	struct kb_version *v = NULL;
	struct th_kb t;
	size_t n = 0;
	char *blob;

	(void)state;
	th_kb_start(&t, files);
	blob = th_git_ok(t.dir, "rev-parse main:answers/seal-show.md");
	assert_int_equal(th_git(t.dir, "rm -q answers/seal-show.md"), 0);
	assert_int_equal(th_git(t.dir, "commit -q -m 'Remove seals'"), 0);
	assert_int_equal(kb_answer_history(&v, &n, t.kb, "seal-show"), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].version, "");
	assert_string_equal(v[0].reason, "Remove seals");
	assert_string_equal(v[1].version, blob);
	assert_string_equal(v[1].reason, "Initial answers");
	kb_versions_free(v, n);
	free(blob);
	th_kb_finish(&t);
}

/*
 * An answer in a topic folder, deleted: its history still shows its
 * versions and the deletion (kb history prints "(deleted)").  Problems
 * are reported after everything is freed, so that valgrind shows only
 * the library's own leaks.
 */
static void
history__deleted_answer_in_topic_folder(void **state)
{
	struct kb_version *v = NULL;
	struct th_kb t;
	size_t n = 0, i;
	char *blob, problem[256] = "";

	(void)state;
	th_kb_start(&t, zoo);
	blob = th_git_ok(t.dir, "rev-parse main:" PENGUIN_PATH);
	assert_int_equal(th_git(t.dir, "rm -q " PENGUIN_PATH), 0);
	assert_int_equal(th_git(t.dir, "commit -q -m 'Remove penguins'"), 0);
	assert_int_equal(kb_answer_history(&v, &n, t.kb, "penguin-parade"),
	    0);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  version %zu: '%s' %s\n", i, v[i].version,
		    v[i].reason);
	if (n != 2)
		snprintf(problem, sizeof(problem), "%zu versions of a deleted "
		    "answer, want 2 (the deletion and the first version)", n);
	else if (strcmp(v[0].version, "") != 0 ||
	    strcmp(v[0].reason, "Remove penguins") != 0)
		snprintf(problem, sizeof(problem), "the newest version is "
		    "'%s' (%s), want the deletion", v[0].version, v[0].reason);
	else if (strcmp(v[1].version, blob) != 0 ||
	    strcmp(v[1].reason, "Initial answers") != 0)
		snprintf(problem, sizeof(problem), "the first version is "
		    "'%s' (%s), want %s", v[1].version, v[1].reason, blob);
	kb_versions_free(v, n);
	free(blob);
	th_kb_finish(&t);
	if (problem[0])
		fail_msg("%s", problem);
}

/*
 * An answer moved to another folder with git mv: kb(1) documents that
 * history follows the file at the path it has now, so the versions from
 * before the move are not shown and the move is the oldest version (a
 * limitation, not a wish: update this test when history follows moves).
 */
static void
history__moved_answer_starts_at_the_move(void **state)
{
	static const char edited[] = PENGUIN "Edited before the move.\n";
	struct kb_version *v = NULL;
	struct th_kb t;
	size_t n = 0;
	char *blob, *head;

	(void)state;
	th_kb_start(&t, zoo);
	assert_int_equal(th_write_file(t.dir, PENGUIN_PATH, edited), 0);
	assert_int_equal(th_git_commit_all(t.dir, "Edit penguins"), 0);
	blob = th_git_ok(t.dir, "rev-parse main:" PENGUIN_PATH);
	/* git mv to another folder: the same blob at a new path. */
	assert_int_equal(th_write_file(t.dir, "answers/birds/penguin-parade.md",
	    edited), 0);
	assert_int_equal(th_git(t.dir, "rm -q " PENGUIN_PATH), 0);
	assert_int_equal(th_git(t.dir, "add answers/birds"), 0);
	assert_int_equal(th_git(t.dir, "commit -q -m 'Move penguins'"), 0);
	head = main_tip(&t);

	assert_int_equal(kb_answer_history(&v, &n, t.kb, "penguin-parade"),
	    0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].version, blob);
	assert_string_equal(v[0].commit, head);
	assert_string_equal(v[0].author, "Test");
	assert_null(v[0].approver);
	assert_string_equal(v[0].reason, "Move penguins");
	kb_versions_free(v, n);
	free(head);
	free(blob);
	th_kb_finish(&t);
}

/* --- the files a proposal changes ----------------------------------------- */

static void
files__path_safe(void **state)
{
	static const char *const safe[] = { "REVIEWERS", "synonyms.txt",
	    "answers/zoo/walrus-feeding.md", "notices/x.md", "a/.hidden",
	    "a/git/b", NULL };
	static const char *const unsafe[] = { "", "/etc/passwd", ".git",
	    ".git/hooks/post-merge", "answers/.GIT/config", ".gitattributes",
	    "answers/.gitmodules", "..", "answers/../../x", "a//b", "./a",
	    "a/", "a\\b", "tab\there", "new\nline", "del\x7f", NULL };
	size_t i;

	(void)state;
	for (i = 0; safe[i]; i++)
		if (!kb_proposal_path_safe(safe[i]))
			fail_msg("'%s' refused", safe[i]);
	for (i = 0; unsafe[i]; i++)
		if (kb_proposal_path_safe(unsafe[i]))
			fail_msg("'%s' allowed", unsafe[i]);
}

/* Mallory's branch, made with plain git: the walrus answer, REVIEWERS. */
static char *
hostile_branch(struct th_kb *t)
{
	assert_int_equal(th_git(t->dir, "checkout -q -b "
	    "proposals/mallory/walrus-feeding-1"), 0);
	assert_int_equal(th_write_file(t->dir, WALRUS_PATH, NEW_WALRUS), 0);
	assert_int_equal(th_write_file(t->dir, "REVIEWERS", REVIEWERS
	    "Mallory\n"), 0);
	assert_int_equal(th_git(t->dir, "commit -q -a -m 'Herring' "
	    "-m 'Kb-Answer: walrus-feeding'"), 0);
	assert_int_equal(th_git(t->dir, "checkout -q main"), 0);
	return strdup("proposals/mallory/walrus-feeding-1");
}

static void
files__other_paths_refused_unless_allowed(void **state)
{
	static const char *const allow[] = { "REVIEWERS" };
	static const char *const wrong[] = { "REVIEWERS", "synonyms.txt" };
	struct kb_proposal_files f;
	struct kb_approval a;
	struct th_kb t;
	char *branch, *before, *good;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	good = propose(&t, "penguin-parade", PENGUIN "More.\n", "Alice", "m");
	assert_int_equal(kb_proposal_files(&f, t.kb, good), 0);
	assert_string_equal(f.own, PENGUIN_PATH);
	assert_int_equal(f.nother, 0);
	kb_proposal_files_clear(&f);

	branch = hostile_branch(&t);
	before = main_tip(&t);
	assert_int_equal(kb_proposal_files(&f, t.kb, branch), 0);
	assert_string_equal(f.own, WALRUS_PATH);
	assert_int_equal(f.nother, 1);
	assert_string_equal(f.other[0], "REVIEWERS");
	kb_proposal_files_clear(&f);
	assert_int_equal(look(&t, branch).other_files, 1);

	assert_int_equal(approve_rc(t.kb, branch), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "1 file besides "
	    WALRUS_PATH ": REVIEWERS; nothing was merged"));
	memset(&a, 0, sizeof(a));
	a.allow = wrong;
	a.nallow = 2;
	assert_int_equal(kb_proposal_approve(t.kb, branch, &a), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "does not change "
	    "synonyms.txt"));
	assert_string_equal(a.merged, "");
	th_expect_git(t.dir, before, "rev-parse main");

	memset(&a, 0, sizeof(a));
	a.allow = allow;
	a.nallow = 1;
	assert_int_equal(kb_proposal_approve(t.kb, branch, &a), 0);
	th_expect_git(t.dir, a.merged, "rev-parse main");
	th_expect_git(t.dir, "", "status --porcelain");
	{
		char *body = th_git_ok(t.dir, "log -1 --format=%%B main");

		assert_non_null(strstr(body, "\nKb-Allowed: REVIEWERS"));
		free(body);
	}
	free(before);
	free(branch);
	free(good);
	th_kb_finish(&t);
}

/* --- the work-tree journal ------------------------------------------------- */

static void
journal__killed_move_is_finished(void **state)
{
	struct th_kb t;
	char *branch, *before, *tip, old[KB_OID_HEX + 1];
	int lock = -1;

	(void)state;
	th_kb_start(&t, zoo);
	reviewer(&t);
	before = main_tip(&t);
	branch = propose(&t, "walrus-feeding", NEW_WALRUS, "Alice", "Herring");
	tip = th_git_ok(t.dir, "rev-parse %s", branch);

	/* What a kill between moving main and the work tree leaves. */
	assert_int_equal(kb_sync_state__journal_begin(&lock, t.kb, before,
	    branch), 0);
	assert_int_equal(th_git(t.dir, "update-ref refs/heads/main %s %s",
	    tip, before), 0);
	kb_sync_state__journal_leave(lock);
	assert_int_equal(kb_sync_state__journal_abandoned(t.kb), 1);
	th_expect_git(t.dir, "M  " WALRUS_PATH, "status --porcelain");

	assert_int_equal(kb_finish_interrupted(t.kb), 0);
	th_expect_git(t.dir, "", "status --porcelain");
	expect_worktree(&t, WALRUS_PATH, NEW_WALRUS);
	assert_int_equal(kb_sync_state__journal_read(old, t.kb), 0);
	/* Nothing left to do: a no-op. */
	assert_int_equal(kb_finish_interrupted(t.kb), 0);
	free(tip);
	free(branch);
	free(before);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(propose__branch_with_one_commit_by_the_agent),
		cmocka_unit_test(propose__new_answer_at_answers_id),
		cmocka_unit_test(propose__invalid_makes_nothing),
		cmocka_unit_test(list__pending_merged_rejected),
		cmocka_unit_test(diff__against_main),
		cmocka_unit_test(reviewer__who_may_decide),
		cmocka_unit_test(reviewer__no_reviewers_file),
		cmocka_unit_test(approve__fast_forward),
		cmocka_unit_test(approve__merge_commit),
		cmocka_unit_test(approve__conflict_merges_nothing),
		cmocka_unit_test(approve__dirty_worktree_refused),
		cmocka_unit_test(approve__unknown_proposal),
		cmocka_unit_test(reject__empty_commit_on_the_branch),
		cmocka_unit_test(history__authors_and_approvers),
		cmocka_unit_test(history__deleted_top_level_answer),
		cmocka_unit_test(history__deleted_answer_in_topic_folder),
		cmocka_unit_test(history__moved_answer_starts_at_the_move),
		cmocka_unit_test(files__path_safe),
		cmocka_unit_test(files__other_paths_refused_unless_allowed),
		cmocka_unit_test(journal__killed_move_is_finished),
	};

	th_env_setup();
	return th_run(argc, argv, "proposal", tests,
	    th_libkb_setup, th_libkb_teardown);
}
