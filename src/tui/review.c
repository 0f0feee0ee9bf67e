/*
 * kb review's model: the pending proposals, the most used answers first
 * (uses in the last 30 days: reuse is review), the chosen one's diff,
 * and what the reviewer decides: a approves (merged into main), r
 * rejects with a reason for the proposer, e resolves a conflict.  The
 * list and the diff are drawn by review_view.c and diff_view.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kb/proposal.h>
#include <kb/usage.h>

#include "view.h"

#define USE_DAYS 30
/* Larger diffs are not shown on the screen, nor approved from it: an
 * answer is at most 1 MiB, so only a hostile branch comes near. */
#define DIFF_SHOWN_MAX (8 * 1024 * 1024)
#define EXTRA_MARK REVIEW_EXTRA_MARK

static void
free_list(struct tui *t)
{
	kb_proposals_free(t->review.props, t->review.n);
	free(t->review.uses);
	t->review.props = NULL;
	t->review.uses = NULL;
	t->review.n = 0;
}

void
review_load(struct tui *t)
{
	struct kb_proposal *all = NULL;
	size_t n = 0, i, j, k = 0;
	char since[11];
	time_t now = time(NULL) - (time_t)USE_DAYS * 86400;
	struct tm tm;

	free_list(t);
	if (kb_proposals_list(t->kb, &all, &n) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return;
	}
	gmtime_r(&now, &tm);
	strftime(since, sizeof(since), "%Y-%m-%d", &tm);
	t->review.props = calloc(n + 1, sizeof(*t->review.props));
	t->review.uses = calloc(n + 1, sizeof(long));
	if (t->review.props == NULL || t->review.uses == NULL)
		abort();
	for (i = 0; i < n; i++) {
		long uses;

		if (all[i].state != KB_PROPOSAL_PENDING)
			continue;	/* freed below */
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
	/* The decided ones were not moved: free what is left of them. */
	kb_proposals_free(all, n);
	t->review.n = k;
	if (t->review.sel >= k)
		t->review.sel = k ? k - 1 : 0;
}

void
review_free(struct tui *t)
{
	free_list(t);
}

const struct kb_proposal *
review_chosen(const struct tui *t)
{
	return t->review.n ? &t->review.props[t->review.sel] : NULL;
}

/* "diff --git a/P b/P" for the proposal's own file P. */
static int
is_own_header(const char *line, size_t len, const char *own)
{
	size_t n = strlen(own);

	return len == 11 + 2 * n + 5 && strncmp(line, "diff --git a/", 13) == 0 &&
	    strncmp(line + 13, own, n) == 0 && strncmp(line + 13 + n, " b/",
	    3) == 0 && strncmp(line + 16 + n, own, n) == 0;
}

/*
 * The diff as shown: each file but the proposal's own is preceded by a
 * line saying so (no diff line starts with 'E'), so the reviewer sees
 * every file the approval would merge.
 */
static char *
marked_diff(const char *diff, const char *own)
{
	size_t cap = strlen(diff) + 1, len = 0;
	char *out = malloc(cap);
	const char *s = diff;

	if (out == NULL)
		abort();
	while (*s) {
		const char *end = strchr(s, '\n');
		size_t n = end ? (size_t)(end - s + 1) : strlen(s);

		if (strncmp(s, "diff --git ", 11) == 0 &&
		    !is_own_header(s, end ? n - 1 : n, own)) {
			size_t more = strlen(EXTRA_MARK) + (n - 11) +
			    sizeof(" (not the proposal's answer)\n");

			if ((out = realloc(out, cap += more)) == NULL)
				abort();
			len += (size_t)sprintf(out + len, EXTRA_MARK "%.*s (not "
			    "the proposal's answer)\n", (int)(end ? n - 12 :
			    n - 11), s + 11);
		}
		memcpy(out + len, s, n);
		len += n;
		s += n;
	}
	out[len] = '\0';
	return out;
}

char *
review_diff(struct tui *t)
{
	const struct kb_proposal *p = review_chosen(t);
	struct kb_proposal_files f;
	char *diff = NULL, *shown;

	if (p == NULL)
		return NULL;
	if (kb_proposal_diff(t->kb, p->branch, &diff) < 0 ||
	    kb_proposal_files(t->kb, p->branch, &f) < 0) {
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
	shown = marked_diff(diff, f.own);
	free(diff);
	kb_proposal_files_clear(&f);
	return shown;
}

/*
 * What the screen may not approve: a proposal that changes other files
 * (the command line names each one), or one whose diff is too large to
 * be shown.  Sets the message and returns 1 then.
 */
static int
not_approvable(struct tui *t, const struct kb_proposal *p)
{
	struct kb_proposal_files f;
	char *diff = NULL;
	int refused = 1;

	if (kb_proposal_files(t->kb, p->branch, &f) < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else if (f.nother > 0)
		tui_say(t, 1, "Not approved: %zu EXTRA FILE%s besides "
		    "its answer; use kb approve --allow-path PATH, or r: "
		    "reject", f.nother, f.nother == 1 ? "" : "S");
	else if (kb_proposal_diff(t->kb, p->branch, &diff) < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else if (strlen(diff) > DIFF_SHOWN_MAX)
		tui_say(t, 1, "Not approved: the diff is too large to "
		    "show; read it with kb diff, then use kb approve");
	else
		refused = 0;
	free(diff);
	kb_proposal_files_clear(&f);
	return refused;
}

static int
approve_choice(struct tui *t, int key)
{
	const struct kb_proposal *p = review_chosen(t);
	struct kb_approval a;
	int rc;

	if (key != 'y' || p == NULL)
		return 0;
	t->prompt.kind = PROMPT_NONE;
	if (not_approvable(t, p))
		return 1;
	memset(&a, 0, sizeof(a));
	if ((rc = kb_proposal_approve(t->kb, p->branch, &a)) < 0 &&
	    !a.merged[0]) {
		/* A conflict merges nothing: the reviewer edits the result
		 * (e) or rejects (r). */
		tui_say(t, 1, "%s%s", rc == KB_ECONFLICT ?
		    "e: edit the result, r: reject.  " : "", kb_error_last());
		return 1;
	}
	if (rc < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else
		tui_say(t, 0, "Approved %s (%s): main has it now",
		    p->branch, a.fast_forward ? "fast-forward" :
		    "merge commit");
	view_pop_to_first(t);
	review_load(t);
	return 1;
}

void
review_approve(struct tui *t)
{
	const struct kb_proposal *p = review_chosen(t);
	char q[300];

	if (p == NULL)
		return;
	snprintf(q, sizeof(q), "Approve %s into main? y: yes  Esc: no",
	    p->branch);
	prompt_choice(t, q, approve_choice);
}

static void
reject_done(struct tui *t, const char *reason)
{
	const struct kb_proposal *p = review_chosen(t);

	if (p == NULL)
		return;
	if (kb_proposal_reject(t->kb, p->branch, reason) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return;
	}
	tui_say(t, 0, "Rejected %s: the proposer sees why", p->branch);
	view_pop_to_first(t);
	review_load(t);
}

void
review_reject(struct tui *t)
{
	const struct kb_proposal *p = review_chosen(t);
	char q[300];

	if (p == NULL)
		return;
	snprintf(q, sizeof(q), "Reject %s: why? (the proposer sees it)",
	    p->branch);
	prompt_text(t, q, reject_done);
}

/* e: the reviewer makes the result from both versions, then it merges. */
void
review_resolve(struct tui *t)
{
	const struct kb_proposal *p = review_chosen(t);
	char *both = NULL, *result;
	size_t len;

	if (p == NULL)
		return;
	if (kb_proposal_conflict_text(t->kb, p->branch, &both) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return;
	}
	result = propose_edit_text(t, "resolve", both, strlen(both), &len);
	free(both);
	if (result == NULL) {
		tui_say(t, 1, "The editor failed: nothing merged");
		return;
	}
	if (kb_proposal_approve_resolved(t->kb, p->branch, result, len,
	    "resolved by the reviewer") < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else {
		tui_say(t, 0, "Merged %s as you resolved it",
		    p->branch);
		view_pop_to_first(t);
		review_load(t);
	}
	free(result);
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

