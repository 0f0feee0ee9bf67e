/*
 * kb review: the reviewer's screen.  Pending proposals, the most used
 * answers first (uses in the last 30 days: reuse is review); Enter shows
 * the diff against main, the changed words marked; a approves (merged
 * into main), r rejects with a reason for the proposer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kb/proposal.h>
#include <kb/usage.h>

#include "tui_private.h"

#define USE_DAYS 30
/* Larger diffs are not shown on the screen, nor approved from it: an
 * answer is at most 1 MiB, so only a hostile branch comes near. */
#define DIFF_SHOWN_MAX (8 * 1024 * 1024)
#define EXTRA_MARK "EXTRA FILE: "

static void
free_list(struct tui *t)
{
	kb_proposals_free(t->props, t->nprops);
	free(t->prop_uses);
	t->props = NULL;
	t->prop_uses = NULL;
	t->nprops = 0;
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
		app_set_message(t, 1, "%s", kb_error_last());
		return;
	}
	gmtime_r(&now, &tm);
	strftime(since, sizeof(since), "%Y-%m-%d", &tm);
	t->props = calloc(n + 1, sizeof(*t->props));
	t->prop_uses = calloc(n + 1, sizeof(long));
	if (t->props == NULL || t->prop_uses == NULL)
		abort();
	for (i = 0; i < n; i++) {
		long uses;

		if (all[i].state != KB_PROPOSAL_PENDING)
			continue;	/* freed below */
		uses = kb_usage_uses_since(t->kb, all[i].answer, since);
		/* Insertion by uses, most first; ties keep newest first. */
		for (j = k; j > 0 && t->prop_uses[j - 1] < uses; j--) {
			t->props[j] = t->props[j - 1];
			t->prop_uses[j] = t->prop_uses[j - 1];
		}
		t->props[j] = all[i];
		t->prop_uses[j] = uses;
		memset(&all[i], 0, sizeof(all[i]));
		k++;
	}
	/* The decided ones were not moved: free what is left of them. */
	kb_proposals_free(all, n);
	t->nprops = k;
	if (t->psel >= k)
		t->psel = k ? k - 1 : 0;
}

void
review_free(struct tui *t)
{
	free_list(t);
	free(t->diff);
	t->diff = NULL;
}

static const struct kb_proposal *
chosen(struct tui *t)
{
	return t->nprops ? &t->props[t->psel] : NULL;
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

void
review_open(struct tui *t)
{
	const struct kb_proposal *p = chosen(t);
	struct kb_proposal_files f;
	char *diff = NULL;

	if (p == NULL)
		return;
	free(t->diff);
	t->diff = NULL;
	if (kb_proposal_diff(t->kb, p->branch, &diff) < 0 ||
	    kb_proposal_files(t->kb, p->branch, &f) < 0) {
		app_set_message(t, 1, "%s", kb_error_last());
		free(diff);
		return;
	}
	if (strlen(diff) > DIFF_SHOWN_MAX) {
		app_set_message(t, 1, "%s: the diff is %zu bytes, too large "
		    "for the screen: read it with kb diff", p->branch,
		    strlen(diff));
		free(diff);
		kb_proposal_files_clear(&f);
		return;
	}
	t->diff = marked_diff(diff, f.own);
	free(diff);
	kb_proposal_files_clear(&f);
	t->view = VIEW_DIFF;
	t->scroll = 0;
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
		app_set_message(t, 1, "%s", kb_error_last());
	else if (f.nother > 0)
		app_set_message(t, 1, "Not approved: %zu EXTRA FILE%s besides "
		    "its answer; use kb approve --allow-path PATH, or r: "
		    "reject", f.nother, f.nother == 1 ? "" : "S");
	else if (kb_proposal_diff(t->kb, p->branch, &diff) < 0)
		app_set_message(t, 1, "%s", kb_error_last());
	else if (strlen(diff) > DIFF_SHOWN_MAX)
		app_set_message(t, 1, "Not approved: the diff is too large to "
		    "show; read it with kb diff, then use kb approve");
	else
		refused = 0;
	free(diff);
	kb_proposal_files_clear(&f);
	return refused;
}

static int
approve_choice(struct tui *t, wint_t key)
{
	const struct kb_proposal *p = chosen(t);
	struct kb_approval a;
	int rc;

	if (key != 'y' || p == NULL)
		return 0;
	t->prompt = PROMPT_NONE;
	if (not_approvable(t, p))
		return 1;
	memset(&a, 0, sizeof(a));
	if ((rc = kb_proposal_approve(t->kb, p->branch, &a)) < 0 &&
	    !a.merged[0]) {
		/* A conflict merges nothing: the reviewer edits the result
		 * (e) or rejects (r). */
		app_set_message(t, 1, "%s%s", rc == KB_ECONFLICT ?
		    "e: edit the result, r: reject.  " : "", kb_error_last());
		return 1;
	}
	if (rc < 0)
		app_set_message(t, 1, "%s", kb_error_last());
	else
		app_set_message(t, 0, "Approved %s (%s): main has it now",
		    p->branch, a.fast_forward ? "fast-forward" :
		    "merge commit");
	t->view = VIEW_REVIEW;
	review_load(t);
	return 1;
}

void
review_approve(struct tui *t)
{
	const struct kb_proposal *p = chosen(t);
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
	const struct kb_proposal *p = chosen(t);

	if (p == NULL)
		return;
	if (kb_proposal_reject(t->kb, p->branch, reason) < 0) {
		app_set_message(t, 1, "%s", kb_error_last());
		return;
	}
	app_set_message(t, 0, "Rejected %s: the proposer sees why", p->branch);
	t->view = VIEW_REVIEW;
	review_load(t);
}

void
review_reject(struct tui *t)
{
	const struct kb_proposal *p = chosen(t);
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
	const struct kb_proposal *p = chosen(t);
	char *both = NULL, *result;
	size_t len;

	if (p == NULL)
		return;
	if (kb_proposal_conflict_text(t->kb, p->branch, &both) < 0) {
		app_set_message(t, 1, "%s", kb_error_last());
		return;
	}
	result = propose_edit_text(t, "resolve", both, strlen(both), &len);
	free(both);
	if (result == NULL) {
		app_set_message(t, 1, "The editor failed: nothing merged");
		return;
	}
	if (kb_proposal_approve_resolved(t->kb, p->branch, result, len,
	    "resolved by the reviewer") < 0)
		app_set_message(t, 1, "%s", kb_error_last());
	else {
		app_set_message(t, 0, "Merged %s as you resolved it", p->branch);
		t->view = VIEW_REVIEW;
		review_load(t);
	}
	free(result);
}

void
review_select(struct tui *t, long delta)
{
	long s = (long)t->psel + delta;

	if (t->nprops == 0)
		return;
	t->psel = (size_t)(s < 0 ? 0 : s >= (long)t->nprops ?
	    (long)t->nprops - 1 : s);
}

/* --- drawing ------------------------------------------------------------- */

void
review_draw_list(struct tui *t, int rows, int cols)
{
	size_t i, top = 0;
	int y = 2, h = rows - 3;
	char line[600], date[11], more[40];

	mvaddnstr(0, 0, "Proposals waiting for review, the most used answers "
	    "first (uses in the last 30 days)", cols);
	if (t->nprops == 0)
		mvaddnstr(2, 0, "No proposal is waiting.", cols);
	if (h > 0 && t->psel >= (size_t)h)
		top = t->psel - (size_t)h + 1;
	for (i = top; i < t->nprops && y < rows - 1; i++, y++) {
		time_t tt = (time_t)t->props[i].time;
		struct tm tm;

		gmtime_r(&tt, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		more[0] = '\0';
		if (t->props[i].other_files)
			snprintf(more, sizeof(more), "[+%zu other file%s] ",
			    t->props[i].other_files,
			    t->props[i].other_files == 1 ? "" : "s");
		snprintf(line, sizeof(line), "%s%5ld  %-28s %s%s  (%s, %s, %s)",
		    i == t->psel ? "> " : "  ", t->prop_uses[i],
		    t->props[i].answer, more, t->props[i].reason,
		    t->props[i].author, date, t->props[i].branch);
		attrset(i == t->psel ? term_attr(ROLE_SELECTED) : A_NORMAL);
		draw_line_text(y, 0, cols, line);
		attrset(A_NORMAL);
		if (i == t->psel)
			move(y, 0);
	}
	if (t->nprops == 0)
		move(2, 0);
}

/* Byte length of the common start of a and b, on a UTF-8 boundary. */
static size_t
common_start(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	while (i < na && i < nb && a[i] == b[i])
		i++;
	while (i > 0 && ((unsigned char)a[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t
common_end(const char *a, size_t na, const char *b, size_t nb, size_t start)
{
	size_t i = 0;

	while (i < na - start && i < nb - start &&
	    a[na - 1 - i] == b[nb - 1 - i])
		i++;
	while (i > 0 && ((unsigned char)a[na - i] & 0xC0) == 0x80)
		i--;
	return i;
}

/*
 * One diff line; `other` is the line it replaces (or is replaced by)
 * when a '-' line is followed by a '+' line: the words that differ are
 * marked, so a small change in a long line is seen at once.
 */
static void
draw_diff_line(int y, int cols, const char *line, size_t len,
    const char *other, size_t olen)
{
	attr_t base = line[0] == '+' ? term_attr(ROLE_ADDED) :
	    line[0] == '-' ? term_attr(ROLE_REMOVED) : line[0] == '@' ?
	    term_attr(ROLE_DIM) : A_NORMAL;
	size_t s = 0, e = 0;
	struct kb_span mark;

	if (other && len > 1 && olen > 1) {
		s = common_start(line + 1, len - 1, other + 1, olen - 1) + 1;
		e = common_end(line, len, other, olen, s);
	}
	if (other && len > s + e) {
		mark.start = s;
		mark.len = len - e - s;
		mark.style = KB_STYLE_MARK;
		draw_styled_line(y, 0, cols, line, len, &mark, 1, base);
	} else {
		draw_styled_line(y, 0, cols, line, len, NULL, 0, base);
	}
}

/* The next line of a diff: its length, and where the one after starts. */
static const char *
next_line(const char *s, size_t *len)
{
	const char *end = strchr(s, '\n');

	*len = end ? (size_t)(end - s) : strlen(s);
	return end ? end + 1 : s + *len;
}

/*
 * Every line of the diff can be scrolled to (End shows the last): the
 * text is walked at each draw, with no copy and no limit on lines.
 */
void
review_draw_diff(struct tui *t, int rows, int cols)
{
	const struct kb_proposal *p = chosen(t);
	const char *s = t->diff ? t->diff : "", *prev = NULL;
	size_t prev_len = 0, i;
	char head[400];
	int y = 1;

	snprintf(head, sizeof(head), "%s: %s  (%s)  a approve  r reject  "
	    "Esc back", p ? p->answer : "", p ? p->reason : "",
	    p ? p->author : "");
	attrset(term_attr(ROLE_TITLE));
	draw_line_text(0, 0, cols, head);
	attrset(A_NORMAL);
	t->body_y = 1;
	t->body_h = rows - 2;
	for (i = 0; *s; i++) {
		size_t len, next_len = 0;
		const char *after = next_line(s, &len), *other = NULL;
		size_t olen = 0;

		if (i >= t->scroll && y < rows - 1) {
			if (*after)
				next_line(after, &next_len);
			if (s[0] == '-' && *after && after[0] == '+' &&
			    strncmp(s, "---", 3) != 0) {
				other = after;
				olen = next_len;
			} else if (s[0] == '+' && prev && prev[0] == '-' &&
			    strncmp(s, "+++", 3) != 0) {
				other = prev;
				olen = prev_len;
			}
			if (strncmp(s, EXTRA_MARK, strlen(EXTRA_MARK)) == 0)
				draw_styled_line(y, 0, cols, s, len, NULL, 0,
				    term_attr(ROLE_ERROR));
			else
				draw_diff_line(y, cols, s, len, other, olen);
			y++;
		}
		prev = s;
		prev_len = len;
		s = after;
	}
	t->diff_lines = i;
	move(1, 0);
}
