/*
 * kb review's model: the pending proposals, the most used answers first
 * (uses in the last 30 days: reuse is review), a proposal's diff, and
 * what the reviewer decides: a approves (merged into main), r rejects
 * with a reason for the proposer, e resolves a conflict.  A proposal
 * that changes files besides its answer is approved only when the
 * reviewer types yes to a question naming them.  The list follows the
 * proposal branches and main by itself.  The list and the diff are drawn
 * by review_view.c and diff_view.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <kb/centre.h>
#include <kb/proposal.h>
#include <kb/usage.h>
#include <kb/worddiff.h>

#include "buf.h"
#include "view.h"
#include "xmalloc.h"

#define USE_DAYS 30
/* Larger diffs are not shown on the screen, nor approved from it: an
 * answer is at most 1 MiB, so only a hostile branch comes near. */
#define DIFF_SHOWN_MAX (8 * 1024 * 1024)
/* Bytes of file names a question names (it has 400 in all). */
#define NAMES_MAX 220

static void
free_list(struct tui *t)
{
	kb_proposals_free(t->review.props, t->review.n);
	free(t->review.uses);
	t->review.props = NULL;
	t->review.uses = NULL;
	t->review.n = 0;
}

/* The pending ones of `all`, most used first, into the review list. */
static void
take_pending(struct tui *t, struct kb_proposal *all, size_t n)
{
	char since[11];
	time_t now = time(NULL) - (time_t)USE_DAYS * 86400;
	struct tm tm;
	size_t i, j, k = 0;

	gmtime_r(&now, &tm);
	strftime(since, sizeof(since), "%Y-%m-%d", &tm);
	t->review.props = xcalloc(n + 1, sizeof(*t->review.props));
	t->review.uses = xcalloc(n + 1, sizeof(long));
	for (i = 0; i < n; i++) {
		long uses;

		if (all[i].state != KB_PROPOSAL_PENDING)
			continue;	/* freed by the caller */
		uses = kb_usage_uses_since(t->kb, all[i].answer, since);
		/* Insertion by uses, most first; ties keep newest first. */
		for (j = k; j > 0 && t->review.uses[j - 1] < uses; j--) {
			t->review.props[j] = t->review.props[j - 1];
			t->review.uses[j] = t->review.uses[j - 1];
		}
		t->review.props[j] = all[i];
		t->review.uses[j] = uses;
		memset(&all[i], 0, sizeof(all[i]));
		k++;
	}
	t->review.n = k;
}

void
review_load(struct tui *t)
{
	const struct kb_proposal *was = review_chosen(t);
	char *keep = was ? xstrdup(was->branch) : NULL;
	struct kb_proposal *all = NULL;
	const struct kb_proposal *p;
	size_t n = 0;

	if (kb_proposals_stamp(&t->review.stamp, t->kb) < 0)
		t->review.stamp = 0;
	free_list(t);
	if (kb_proposals_list(&all, &n, t->kb) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		free(keep);
		return;
	}
	take_pending(t, all, n);
	/* The decided ones were not taken: free what is left of them. */
	kb_proposals_free(all, n);
	/* The same proposal stays chosen wherever it moved. */
	if (keep && (p = review_find(t, keep)) != NULL)
		t->review.sel = (size_t)(p - t->review.props);
	else if (t->review.sel >= t->review.n)
		t->review.sel = t->review.n ? t->review.n - 1 : 0;
	free(keep);
}

int
review_sync(struct tui *t)
{
	unsigned long long now;

	if (kb_proposals_stamp(&now, t->kb) < 0 || now == t->review.stamp)
		return 0;
	review_load(t);
	return 1;
}

void
review_poll(struct tui *t)
{
	size_t before = t->review.n;

	if (!review_sync(t))
		return;
	if (t->review.n != before)
		tui_say(t, 0, "Proposals waiting: %zu (was %zu)", t->review.n,
		    before);
	view_reload_all(t);	/* what a diff says of its proposal wins */
}

void
review_refresh(struct tui *t)
{
	review_load(t);
	tui_say(t, 0, "Proposals read again: %zu waiting", t->review.n);
	view_reload_all(t);
}

static void
forget_question(struct tui *t)
{
	size_t i;

	for (i = 0; i < t->review.nextra; i++)
		free(t->review.extra[i]);
	free(t->review.extra);
	free(t->review.asked);
	t->review.extra = NULL;
	t->review.nextra = 0;
	t->review.asked = NULL;
	t->review.asked_tip[0] = '\0';
}

void
review_free(struct tui *t)
{
	forget_question(t);
	free_list(t);
	review_flags_free(t);
}

const struct kb_proposal *
review_chosen(const struct tui *t)
{
	return t->review.n ? &t->review.props[t->review.sel] : NULL;
}

const struct kb_proposal *
review_find(const struct tui *t, const char *branch)
{
	size_t i;

	for (i = 0; branch && i < t->review.n; i++)
		if (strcmp(t->review.props[i].branch, branch) == 0)
			return &t->review.props[i];
	return NULL;
}

/* The proposal a decision is about; NULL, said, when it is gone. */
static const struct kb_proposal *
decided(struct tui *t, const char *branch)
{
	const struct kb_proposal *p = branch ? review_find(t, branch) :
	    review_chosen(t);

	if (p == NULL && branch)
		tui_say(t, 1, "%s is no longer waiting: it was approved or "
		    "rejected meanwhile", branch);
	return p;
}

/* --- the diff as shown ---------------------------------------------------- */

/* "diff --git a/P b/P" for the proposal's own file P. */
static int
is_own_header(const char *line, size_t len, const char *own)
{
	size_t n = strlen(own);

	return len == 11 + 2 * n + 5 && strncmp(line, "diff --git a/", 13) == 0 &&
	    strncmp(line + 13, own, n) == 0 && strncmp(line + 13 + n, " b/",
	    3) == 0 && strncmp(line + 16 + n, own, n) == 0;
}

/* "REVIEWERS, synonyms.txt" as much as fits, "and 3 more" for the rest. */
static void
name_files(char *out, size_t size, char *const *v, size_t n)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0 && len + strlen(v[i]) + 2 > NAMES_MAX) {
			snprintf(out + len, size - len, " and %zu more", n - i);
			return;
		}
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    i ? ", " : "", v[i]);
		if (len >= size)
			return;
	}
}

/*
 * The diff as shown: when the proposal changes other files, a first line
 * naming them, and each one's header preceded by a line saying so (no
 * diff line starts with 'E'), so the reviewer sees every file the
 * approval would merge.
 */
static char *
marked_diff(const char *diff, const struct kb_proposal_files *f)
{
	char names[NAMES_MAX + 40];
	struct buf out = BUF_INIT;
	const char *s = diff;

	if (f->nother > 0) {
		name_files(names, sizeof(names), f->other, f->nother);
		buf_addf(&out, REVIEW_EXTRA_MARK "S: besides its answer this "
		    "proposal changes %zu other file%s: %s; a asks you to "
		    "confirm %s\n", f->nother, f->nother == 1 ? "" : "s",
		    names, f->nother == 1 ? "it" : "them");
	}
	while (*s) {
		const char *end = strchr(s, '\n');
		size_t n = end ? (size_t)(end - s + 1) : strlen(s);

		if (strncmp(s, "diff --git ", 11) == 0 &&
		    !is_own_header(s, end ? n - 1 : n, f->own))
			buf_addf(&out, REVIEW_EXTRA_MARK ": %.*s (not the "
			    "proposal's answer)\n",
			    (int)(end ? n - 12 : n - 11), s + 11);
		buf_add(&out, s, n);
		s += n;
	}
	return buf_detach(&out);
}

char *
review_diff(struct tui *t, const struct kb_proposal *p)
{
	struct kb_proposal_files f;
	char *diff = NULL, *marked, *shown;

	if (kb_proposal_diff(&diff, t->kb, p->branch) < 0 ||
	    kb_proposal_files(&f, t->kb, p->branch) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		free(diff);
		return NULL;
	}
	if (strlen(diff) > DIFF_SHOWN_MAX) {
		tui_say(t, 1, "%s: the diff is %zu bytes, too "
		    "large for the screen: read it with kb diff", p->branch,
		    strlen(diff));
		free(diff);
		kb_proposal_files_clear(&f);
		return NULL;
	}
	marked = marked_diff(diff, &f);
	shown = kb_diff_for_screen(marked, strlen(marked));
	free(marked);
	free(diff);
	kb_proposal_files_clear(&f);
	return shown;
}

/* --- approving ------------------------------------------------------------ */

/* Remember what a question is about: the proposal at its tip now. */
static void
ask_about(struct tui *t, const struct kb_proposal *p)
{
	forget_question(t);
	t->review.asked = xstrdup(p->branch);
	snprintf(t->review.asked_tip, sizeof(t->review.asked_tip), "%s",
	    p->tip);
}

/*
 * Still approvable as the reviewer read it: waiting, at the same tip,
 * with a diff the screen can show.  Says why not, and returns 0 then.
 */
static int
still_as_read(struct tui *t, const char *branch)
{
	const struct kb_proposal *p;
	char *diff = NULL;
	int ok = 0;

	/* The list as it is now; a diff shown follows it too. */
	if (review_sync(t))
		view_reload_all(t);
	if ((p = decided(t, branch)) == NULL)
		return 0;
	if (strcmp(p->tip, t->review.asked_tip) != 0)
		tui_say(t, 1, "Not approved: %s changed since you read it; "
		    "Enter shows it as it is now", branch);
	else if (kb_proposal_diff(&diff, t->kb, branch) < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else if (strlen(diff) > DIFF_SHOWN_MAX)
		tui_say(t, 1, "Not approved: the diff is too large to "
		    "show; read it with kb diff, then use kb approve");
	else
		ok = 1;
	free(diff);
	return ok;
}

/*
 * In a reviewer's clone of the centre a decision is pushed there too,
 * all or nothing (kb/centre.h): the screen never leaves one in the clone
 * alone.  Elsewhere, as kb approve and kb reject decide.
 */
static int
approve_here(struct tui *t, const char *branch, struct kb_approval *a)
{
	struct kb_centre_push p;
	int rc;

	if (!kb_centre_clone(t->kb))
		return kb_proposal_approve(t->kb, branch, a);
	rc = kb_centre_approve(&p, t->kb, branch, a);
	if (rc < 0 && !p.sent)
		a->merged[0] = '\0';	/* taken back: nothing merged */
	kb_centre_push_clear(&p);
	return rc;
}

static int
reject_here(struct tui *t, const char *branch, const char *reason)
{
	struct kb_centre_push p;
	int rc;

	if (!kb_centre_clone(t->kb))
		return kb_proposal_reject(t->kb, branch, reason);
	rc = kb_centre_reject(&p, t->kb, branch, reason);
	kb_centre_push_clear(&p);
	return rc;
}

static int
resolve_here(struct tui *t, const char *branch, const char *text,
    size_t len)
{
	static const char note[] = "resolved by the reviewer";
	struct kb_centre_push p;
	int rc;

	if (!kb_centre_clone(t->kb))
		return kb_proposal_approve_resolved(t->kb, branch, text, len,
		    note);
	rc = kb_centre_approve_resolved(&p, t->kb, branch, text, len, note);
	kb_centre_push_clear(&p);
	return rc;
}

static void
approve_asked(struct tui *t, int with_extra)
{
	struct kb_approval a;
	char *branch = t->review.asked;
	int rc;

	if (branch == NULL || !still_as_read(t, branch))
		return;
	memset(&a, 0, sizeof(a));
	if (with_extra) {
		a.allow = (const char *const *)t->review.extra;
		a.nallow = t->review.nextra;
	}
	if ((rc = approve_here(t, branch, &a)) < 0 && !a.merged[0]) {
		/* A conflict merges nothing: the reviewer edits the result
		 * (e) or rejects (r). */
		tui_say(t, 1, "%s%s", rc == KB_ECONFLICT ?
		    "e: edit the result, r: reject.  " : "", kb_error_last());
		return;
	}
	if (rc < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else
		tui_say(t, 0, "Approved %s (%s%s): main has it now", branch,
		    a.fast_forward ? "fast-forward" : "merge commit",
		    with_extra ? ", with its extra files" : "");
	view_pop_to_first(t);
	review_load(t);
}

static int
approve_choice(struct tui *t, int key)
{
	t->prompt.kind = PROMPT_NONE;
	if (key != 'y') {
		tui_say(t, 0, "Not approved");
		return 1;
	}
	approve_asked(t, 0);
	return 1;
}

static void
approve_extra_done(struct tui *t, const char *text)
{
	size_t n;

	text += strspn(text, " ");
	for (n = strlen(text); n > 0 && text[n - 1] == ' '; n--)
		;
	if (n == 3 && strncasecmp(text, "yes", 3) == 0)
		approve_asked(t, 1);
	else
		tui_say(t, 1, "Not approved: approving a proposal with extra "
		    "files needs yes typed in full");
}

void
review_approve(struct tui *t, const char *branch)
{
	const struct kb_proposal *p = decided(t, branch);
	struct kb_proposal_files f;
	char q[400], names[NAMES_MAX + 40];

	if (p == NULL)
		return;
	if (kb_proposal_files(&f, t->kb, p->branch) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return;
	}
	ask_about(t, p);
	if (f.nother == 0) {
		snprintf(q, sizeof(q), "Approve %s into main? y: yes, any "
		    "other key: no", p->branch);
		prompt_choice(t, q, approve_choice);
		kb_proposal_files_clear(&f);
		return;
	}
	/* The files are the reviewer's to allow by name: keep them. */
	t->review.extra = f.other;
	t->review.nextra = f.nother;
	f.other = NULL;
	f.nother = 0;
	name_files(names, sizeof(names), t->review.extra, t->review.nextra);
	snprintf(q, sizeof(q), "Approve %s WITH %zu EXTRA FILE%s: %s? Type yes "
	    "to merge %s too; anything else cancels", p->branch,
	    t->review.nextra, t->review.nextra == 1 ? "" : "S", names,
	    t->review.nextra == 1 ? "it" : "them");
	prompt_text(t, q, approve_extra_done);
	kb_proposal_files_clear(&f);
}

/* --- rejecting, resolving ------------------------------------------------- */

static void
reject_done(struct tui *t, const char *reason)
{
	char *branch = t->review.asked;

	if (branch == NULL)
		return;
	if (reject_here(t, branch, reason) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return;
	}
	tui_say(t, 0, "Rejected %s: the proposer sees why", branch);
	view_pop_to_first(t);
	review_load(t);
}

void
review_reject(struct tui *t, const char *branch)
{
	const struct kb_proposal *p = decided(t, branch);
	char q[300];

	if (p == NULL)
		return;
	ask_about(t, p);
	snprintf(q, sizeof(q), "Reject %s: why? (the proposer sees it)",
	    p->branch);
	prompt_text(t, q, reject_done);
}

/* e: the reviewer makes the result from both versions, then it merges. */
void
review_resolve(struct tui *t, const char *branch)
{
	const struct kb_proposal *p = decided(t, branch);
	char *both = NULL, *result, *name;
	size_t len;

	if (p == NULL)
		return;
	name = xstrdup(p->branch);
	if (kb_proposal_conflict_text(&both, t->kb, name) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		free(name);
		return;
	}
	result = propose_edit_text(t, "resolve", both, strlen(both), &len);
	free(both);
	if (result == NULL)
		tui_say(t, 1, "The editor failed: nothing merged");
	else if (resolve_here(t, name, result, len) < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else {
		tui_say(t, 0, "Merged %s as you resolved it", name);
		view_pop_to_first(t);
		review_load(t);
	}
	free(result);
	free(name);
}

void
review_select(struct tui *t, long delta)
{
	long s = (long)t->review.sel + delta;

	if (t->review.n == 0)
		return;
	t->review.sel = (size_t)(s < 0 ? 0 : s >= (long)t->review.n ?
	    (long)t->review.n - 1 : s);
}
