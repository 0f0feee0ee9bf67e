/*
 * Proposals and review (proposal.h): branches and commits made through
 * the store, decisions recorded as commits with trailers:
 *
 *   Kb-Answer: <id>              on the proposal commit
 *   Kb-Decision: approved|rejected   on the reviewer's commit
 */
#include "kb/proposal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "decisions.h"
#include "kb/answer.h"
#include "kb/error.h"
#include "kb/index.h"
#include "kb/notice.h"
#include "kb/sync.h"
#include "kb_private.h"
#include "store.h"
#include "sync_state.h"
#include "xmalloc.h"

#define PREFIX "proposals/"
#define HISTORY_MAX 5000	/* commits walked for kb history */
#define NAMED_MAX 50		/* paths named in one message */
#define NAME_SHOWN 200		/* bytes of one path in a message */

/* The value of trailer `key` in a commit message, or NULL.  Caller frees. */
static char *
trailer(const char *message, const char *key)
{
	size_t klen = strlen(key);
	const char *p = message;

	while (p && *p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n > klen + 1 && strncmp(p, key, klen) == 0 &&
		    p[klen] == ':' && p[klen + 1] == ' ')
			return xstrndup(p + klen + 2, n - klen - 2);
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* The first line of a message. */
static char *
subject(const char *message)
{
	return xstrndup(message, strcspn(message, "\n"));
}

/* From a branch's tip back past decision commits to the proposal. */
static int
proposal_commit(struct kb *kb, const char *tip, struct kb_store_commit *c)
{
	char id[KB_OID_HEX + 1];
	int rc, i;

	snprintf(id, sizeof(id), "%s", tip);
	for (i = 0; i < 16; i++) {
		char *d;

		if ((rc = kb_store__commit_read(c, kb->store, id)) < 0)
			return rc;
		if ((d = trailer(c->message, "Kb-Decision")) == NULL)
			return 0;
		free(d);
		snprintf(id, sizeof(id), "%s", c->parent);
		kb_store__commit_clear(c);
	}
	return kb_error_set(KB_EINVALID, "%s: not a proposal", tip);
}

/* --- the files a proposal changes ------------------------------------ */

struct paths {
	char **v;
	size_t n, cap;
};

static int
add_path(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct paths *ps = payload;

	(void)old_oid;
	(void)new_oid;
	xgrow(&ps->v, &ps->cap, ps->n + 1, sizeof(*ps->v));
	ps->v[ps->n++] = xstrdup(path);
	return 0;
}

static void
paths_free(struct paths *ps)
{
	while (ps->n > 0)
		free(ps->v[--ps->n]);
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "notices/<id>": a proposal about a notice, not an answer. */
static int
is_notice_key(const char *key)
{
	return strncmp(key, "notices/", 8) == 0;
}

/* A changed path that may be answer `id`'s file: answers/.../<id>.md. */
static int
names_answer(const char *path, const char *id)
{
	size_t n = strlen(path), k = strlen(id);

	return strncmp(path, "answers/", 8) == 0 && n >= 8 + k + 3 &&
	    strcmp(path + n - 3, ".md") == 0 &&
	    strncmp(path + n - 3 - k, id, k) == 0 && path[n - 4 - k] == '/';
}

/*
 * The file a proposal names: a notice's notices/<id>.md; an answer's
 * file as it is at the merge base (a changed path named <id>.md that was
 * there), else a new one (answers/<id>.md, or the changed one named
 * so), else where the answer is at the base.  Cheap: only the changed
 * paths are looked up, unless none of them is named <id>.md.
 */
static char *
own_path(struct kb *kb, const char *base, const char *id,
    const struct paths *changed)
{
	struct kb_store_commit c;
	char blob[KB_OID_HEX + 1], *path = NULL, *plain;
	const char *named = NULL;
	size_t i;

	if (is_notice_key(id))
		return xasprintf("%s.md", id);
	plain = xasprintf("answers/%s.md", id);
	memset(&c, 0, sizeof(c));
	if (base[0] && kb_store__commit_read(&c, kb->store, base) < 0)
		c.tree[0] = '\0';
	for (i = 0; i < changed->n && path == NULL; i++) {
		if (!names_answer(changed->v[i], id))
			continue;
		if (c.tree[0] && kb_store__lookup_path(blob, kb->store, c.tree,
		    changed->v[i]) == 0)
			path = xstrdup(changed->v[i]);
		else if (named == NULL || strcmp(changed->v[i], plain) == 0)
			named = changed->v[i];
	}
	kb_store__commit_clear(&c);
	if (path == NULL && named)
		path = xstrdup(named);
	if (path == NULL && (!base[0] ||
	    kb_store__find_answer(&path, kb->store, base, id) < 0))
		path = xstrdup(plain);
	kb_error_clear();
	free(plain);
	return path;
}

/* Every path `tip` changes since its merge base with `main`, own first
 * out of the list. */
static int
files_of(struct kb *kb, const char *main, const char *tip, const char *id,
    struct kb_proposal_files *out)
{
	struct paths ps = { NULL, 0, 0 };
	char base[KB_OID_HEX + 1];
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	/* No common history (a hostile branch): every file is its change. */
	if (kb_store__merge_base(base, kb->store, main, tip) < 0) {
		base[0] = '\0';
		kb_error_clear();
	}
	if ((rc = kb_store__diff_files(kb->store, base, tip, add_path,
	    &ps)) < 0) {
		paths_free(&ps);
		return rc;
	}
	out->own = own_path(kb, base, id, &ps);
	out->other = xcalloc(ps.n + 1, sizeof(char *));
	for (i = 0; i < ps.n; i++) {
		if (strcmp(ps.v[i], out->own) == 0)
			free(ps.v[i]);
		else
			out->other[out->nother++] = ps.v[i];
	}
	ps.n = 0;
	paths_free(&ps);
	if (out->nother > 1)
		qsort(out->other, out->nother, sizeof(char *), by_name);
	return 0;
}

void
kb_proposal_files_clear(struct kb_proposal_files *f)
{
	size_t i;

	for (i = 0; i < f->nother; i++)
		free(f->other[i]);
	free(f->other);
	free(f->own);
	memset(f, 0, sizeof(*f));
}

int
kb_proposal_path_safe(const char *path)
{
	const char *seg = path, *p;

	if (*path == '\0' || *path == '/')
		return 0;
	for (p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	while (seg) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);

		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && strncmp(seg, "..", 2) == 0) ||
		    (n >= 4 && strncasecmp(seg, ".git", 4) == 0))
			return 0;
		seg = end ? end + 1 : NULL;
	}
	return 1;
}

/* A path for a message: control characters as '?', cut when long. */
static void
add_shown(struct buf *b, const char *path)
{
	size_t i;

	for (i = 0; path[i] && i < NAME_SHOWN; i++)
		buf_addc(b, (unsigned char)path[i] < 0x20 ||
		    path[i] == 0x7f ? '?' : path[i]);
	if (path[i])
		buf_adds(b, "...");
}

/* "a, b, c and 3 more" */
static void
add_list(struct buf *b, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < NAMED_MAX; i++) {
		if (i)
			buf_adds(b, ", ");
		add_shown(b, v[i]);
	}
	if (n > NAMED_MAX)
		buf_addf(b, " and %zu more", n - NAMED_MAX);
}

struct listing {
	struct kb *kb;
	char main[KB_OID_HEX + 1];
	struct kb_proposal *v;
	size_t n, cap;
};

static int
add_proposal(const char *branch, const char *tip, void *payload)
{
	struct listing *l = payload;
	struct kb_store_commit top, c;
	struct kb_proposal *p;
	char *decision;
	int merged, rc;

	if ((merged = kb_store__contains(l->kb->store, l->main, tip)) < 0)
		return merged;
	if (proposal_commit(l->kb, tip, &c) < 0)
		return 0;	/* a branch someone made by hand: not ours */
	if ((decision = trailer(c.message, "Kb-Answer")) == NULL) {
		kb_store__commit_clear(&c);
		return 0;	/* not made by kb propose */
	}
	if (!kb_answer_id_valid(is_notice_key(decision) ? decision + 8 :
	    decision)) {
		free(decision);
		kb_store__commit_clear(&c);
		return 0;	/* names no answer kb could show */
	}
	free(decision);
	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	p = &l->v[l->n++];
	memset(p, 0, sizeof(*p));
	p->branch = xstrdup(branch);
	p->answer = trailer(c.message, "Kb-Answer");
	p->author = xstrdup(c.author);
	p->email = xstrdup(c.email);
	p->time = c.time;
	p->reason = subject(c.message);
	snprintf(p->tip, sizeof(p->tip), "%s", tip);
	p->state = merged ? KB_PROPOSAL_MERGED : KB_PROPOSAL_PENDING;
	kb_store__commit_clear(&c);
	if (!merged) {
		struct kb_proposal_files f;

		if ((rc = files_of(l->kb, l->main, tip, p->answer, &f)) < 0)
			return rc;
		p->other_files = f.nother;
		kb_proposal_files_clear(&f);
	}
	if (!merged && kb_store__commit_read(&top, l->kb->store, tip) == 0) {
		decision = trailer(top.message, "Kb-Decision");
		if (decision && strcmp(decision, "rejected") == 0) {
			p->state = KB_PROPOSAL_REJECTED;
			p->decided_by = xstrdup(top.author);
			p->decision = trailer(top.message, "Kb-Reason");
		}
		free(decision);
		kb_store__commit_clear(&top);
	}
	return 0;
}

/* A decided proposal whose branch is gone: from its record. */
static int
add_record(const struct decision *d, void *payload)
{
	struct listing *l = payload;
	struct kb_proposal *p;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].branch, d->branch) == 0)
			return 0;
	if (d->answer == NULL || (strcmp(d->decision, "approved") != 0 &&
	    strcmp(d->decision, "rejected") != 0))
		return 0;
	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	p = &l->v[l->n++];
	memset(p, 0, sizeof(*p));
	p->branch = xstrdup(d->branch);
	p->answer = xstrdup(d->answer);
	p->author = xstrdup(d->proposer ? d->proposer : "");
	p->email = xstrdup("");
	p->time = d->proposed;
	p->reason = xstrdup(d->subject ? d->subject : "");
	snprintf(p->tip, sizeof(p->tip), "%s", d->tip);
	p->state = KB_PROPOSAL_MERGED;
	if (strcmp(d->decision, "rejected") == 0) {
		p->state = KB_PROPOSAL_REJECTED;
		p->decided_by = xstrdup(d->reviewer ? d->reviewer : "");
		p->decision = xstrdup(d->reason ? d->reason : "");
	}
	return 0;
}

static int
each_decisions_ref(const char *name, const char *tip, void *payload)
{
	struct listing *l = payload;

	(void)tip;
	return kb_decisions__each(l->kb, name, add_record, l);
}

/* The decided proposals of the decisions refs, here and as fetched. */
static int
add_records(struct listing *l)
{
	int rc = kb_store__refs(l->kb->store, DECISIONS_REF "*",
	    each_decisions_ref, l);

	if (rc == 0)
		rc = kb_store__refs(l->kb->store, DECISIONS_CENTRAL "*",
		    each_decisions_ref, l);
	return rc;
}

static int
newest_first(const void *a, const void *b)
{
	const struct kb_proposal *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? 1 : -1;
	return strcmp(x->branch, y->branch);
}

static int
list(struct kb *kb, int decided, struct kb_proposal **out, size_t *n)
{
	struct listing l;
	int rc;

	*out = NULL;
	*n = 0;
	memset(&l, 0, sizeof(l));
	l.kb = kb;
	if ((rc = kb_head(l.main, kb)) < 0)
		return rc;
	if ((rc = kb_store__branches(kb->store, PREFIX, add_proposal,
	    &l)) < 0 || (decided && (rc = add_records(&l)) < 0)) {
		kb_proposals_free(l.v, l.n);
		return rc;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), newest_first);
	*out = l.v;
	*n = l.n;
	return 0;
}

int
kb_proposals_list(struct kb_proposal **out, size_t *n, struct kb *kb)
{
	return list(kb, 0, out, n);
}

int
kb_proposals_list_decided(struct kb_proposal **out, size_t *n, struct kb *kb)
{
	return list(kb, 1, out, n);
}

void
kb_proposal_clear(struct kb_proposal *p)
{
	free(p->branch);
	free(p->answer);
	free(p->author);
	free(p->email);
	free(p->reason);
	free(p->decided_by);
	free(p->decision);
	memset(p, 0, sizeof(*p));
}

void
kb_proposals_free(struct kb_proposal *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		kb_proposal_clear(&v[i]);
	free(v);
}

/* "Maria José" -> "maria-jose"-like: what a branch name may hold. */
static char *
slug(const char *name)
{
	struct buf b = BUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++) {
		if (isalnum(*p))
			buf_addc(&b, (char)tolower(*p));
		else if (b.len && b.data[b.len - 1] != '-')
			buf_addc(&b, '-');
	}
	while (b.len && b.data[b.len - 1] == '-')
		buf_truncate(&b, b.len - 1);
	if (b.len == 0)
		buf_adds(&b, "agent");
	return buf_detach(&b);
}

/*
 * Where an office's proposals go: proposals/<office>/<station>/ (the
 * slugs kbsync names its usage ref with), so that a proposal's name says
 * whose it is and two offices' agents of the same name never meet at the
 * centre.  A KB that is no office (no kb.office: the centre's own, or
 * one on its own) keeps proposals/.  Caller frees.
 */
static char *
proposal_prefix(struct kb *kb)
{
	char office[128], station[128], *set = NULL;
	int is_office = kb_config_string(&set, kb, "kb.office") == 0 &&
	    set[strspn(set, " \t")] != '\0';

	free(set);
	kb_error_clear();
	if (!is_office)
		return xstrdup(PREFIX);
	kb_sync_office(office, kb);
	kb_sync_station(station, kb);
	return xasprintf(PREFIX "%s/%s/", office, station);
}

struct numbering {
	const char *stem;	/* "proposals/alice/ssn-card-" */
	int max;
};

static int
count_number(const char *branch, const char *tip, void *payload)
{
	struct numbering *num = payload;
	size_t n = strlen(num->stem);

	(void)tip;
	if (strncmp(branch, num->stem, n) == 0 && atoi(branch + n) > num->max)
		num->max = atoi(branch + n);
	return 0;
}

/* Proposal `stem`<n> decided and recorded (its branch may be gone). */
static int
recorded_number(struct kb *kb, const char *stem, int n)
{
	char office[OFFICE_NAME_MAX + 1], ref[2 * OFFICE_NAME_MAX];
	char *branch = xasprintf("%s%d", stem, n);
	struct decision d;
	int found = 0;

	if (kb_decisions__office(office, branch)) {
		snprintf(ref, sizeof(ref), DECISIONS_REF "%s", office);
		found = kb_decisions__find(&d, kb, ref, branch);
		if (!found) {
			snprintf(ref, sizeof(ref), DECISIONS_CENTRAL "%s",
			    office);
			found = kb_decisions__find(&d, kb, ref, branch);
		}
		if (found)
			kb_decisions__clear(&d);
	}
	free(branch);
	return found;
}

/*
 * The highest number of `num->stem` in a branch or, after it, in a
 * record of a decided one whose branch was deleted: never given again.
 */
static int
highest_number(struct kb *kb, struct numbering *num)
{
	int rc;

	num->max = 0;
	if ((rc = kb_store__branches(kb->store, num->stem, count_number,
	    num)) < 0)
		return rc;
	while (recorded_number(kb, num->stem, num->max + 1))
		num->max++;
	return 0;
}

static void
collect(const struct kb_diag *d, void *payload)
{
	int *errors = payload;

	if (d->severity == KB_SEVERITY_ERROR)
		(*errors)++;
}

struct fan {
	kb_diag_cb cb;
	void *payload;
	int errors;
};

static void
fan_out(const struct kb_diag *d, void *payload)
{
	struct fan *f = payload;

	collect(d, &f->errors);
	if (f->cb)
		f->cb(d, f->payload);
}

/* An answer id, or "notices/" and a notice id. */
static int
key_valid(const char *key)
{
	return kb_answer_id_valid(is_notice_key(key) ? key + 8 : key);
}

/* Checked as kb check checks the file (answer or notice). */
static int
parse_proposed(const char *key, const char *path, const char *text,
    size_t len, kb_diag_cb cb, void *payload)
{
	struct kb_answer *a = NULL;
	struct kb_notice *n = NULL;
	int rc;

	if (is_notice_key(key)) {
		rc = kb_notice_parse(&n, path, text, len, cb, payload);
		kb_notice_free(n);
	} else {
		rc = kb_answer_parse(&a, path, text, len, cb, payload);
		kb_answer_free(a);
	}
	return rc;
}

/* Where the answer lives now, or where a new one goes; a notice's is
 * always notices/<id>.md. */
static char *
answer_path(struct kb *kb, const char *id)
{
	struct kb_answer *a = NULL;
	char *path;

	if (is_notice_key(id))
		return xasprintf("%s.md", id);
	if (kb_answer_load(&a, kb, id) == 0) {
		path = xstrdup(a->path);
		kb_answer_free(a);
		return path;
	}
	return xasprintf("answers/%s.md", id);
}

int
kb_propose(char **branch, struct kb *kb, const char *id, const char *text,
    size_t len, const char *agent, const char *email, const char *reason,
    kb_diag_cb cb, void *payload)
{
	struct kb_store_sig sig = { agent, email };
	struct numbering num;
	struct fan f = { cb, payload, 0 };
	char main[KB_OID_HEX + 1], commit[KB_OID_HEX + 1];
	char *path = NULL, *stem = NULL, *who = NULL, *message = NULL;
	char *prefix = NULL;
	int rc;

	*branch = NULL;
	if (!key_valid(id))
		return kb_error_set(KB_EINVALID, "'%s' is not an answer id "
		    "(a-z, 0-9 and '-', up to 64) or notices/ and a notice id",
		    id);
	if (reason == NULL || reason[strspn(reason, " \t")] == '\0' ||
	    strchr(reason, '\n'))
		return kb_error_set(KB_EINVALID, "a proposal needs a one-line "
		    "reason");
	if ((rc = kb_finish_interrupted(kb)) < 0 ||
	    (rc = kb_head(main, kb)) < 0)
		return rc;
	path = answer_path(kb, id);
	/* Checked as kb check checks a file. */
	rc = parse_proposed(id, path, text, len, fan_out, &f);
	if (rc < 0 || f.errors) {
		rc = kb_error_set(KB_EINVALID, "%s: the proposal has %d "
		    "error%s (see above); nothing was proposed", path,
		    f.errors ? f.errors : 1, f.errors == 1 ? "" : "s");
		goto done;
	}
	who = slug(agent);
	prefix = proposal_prefix(kb);
	stem = xasprintf("%s%s/%s-", prefix, who, id);
	num.stem = stem;
	if ((rc = highest_number(kb, &num)) < 0)
		goto done;
	*branch = xasprintf("%s%d", stem, num.max + 1);
	message = xasprintf("%s\n\nKb-Answer: %s\n", reason, id);
	rc = kb_store__commit_file(commit, kb->store, main,
	    &(struct kb_store_file){ path, text, len }, &sig, message, *branch);
	if (rc < 0) {
		free(*branch);
		*branch = NULL;
	}
done:
	free(message);
	free(stem);
	free(prefix);
	free(who);
	free(path);
	return rc;
}

static int
find_proposal(struct kb *kb, const char *branch, struct kb_proposal **all,
    size_t *n, struct kb_proposal **found)
{
	size_t i;
	int rc;

	*found = NULL;
	if ((rc = kb_proposals_list(all, n, kb)) < 0)
		return rc;
	for (i = 0; i < *n; i++)
		if (strcmp((*all)[i].branch, branch) == 0)
			*found = &(*all)[i];
	if (*found == NULL)
		return kb_error_set(KB_ENOTFOUND, "no proposal %s (see kb "
		    "proposals)", branch);
	return 0;
}

int
kb_proposal_diff(char **out, struct kb *kb, const char *branch)
{
	struct kb_proposal *all = NULL, *p;
	char main[KB_OID_HEX + 1], base[KB_OID_HEX + 1];
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = find_proposal(kb, branch, &all, &n, &p)) == 0 &&
	    (rc = kb_head(main, kb)) == 0 &&
	    (rc = kb_store__merge_base(base, kb->store, main, p->tip)) == 0)
		rc = kb_store__diff_text(out, kb->store, base, main, p->tip);
	kb_proposals_free(all, n);
	return rc;
}

int
kb_proposal_files(struct kb_proposal_files *out, struct kb *kb,
    const char *branch)
{
	struct kb_proposal *all = NULL, *p;
	char main[KB_OID_HEX + 1];
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = find_proposal(kb, branch, &all, &n, &p)) == 0 &&
	    (rc = kb_head(main, kb)) == 0)
		rc = files_of(kb, main, p->tip, p->answer, out);
	kb_proposals_free(all, n);
	return rc;
}

/* Who may decide: kb_reviewer, in reviewers.c. */

/*
 * What approve and reject start with: the reviewer's name and email, and
 * the proposal, which must be pending.
 */
static int
decidable(struct kb *kb, const char *branch, char **name, char **email,
    struct kb_proposal **all, size_t *n, struct kb_proposal **p)
{
	int rc;

	if ((rc = kb_reviewer(name, email, kb)) < 0 ||
	    (rc = find_proposal(kb, branch, all, n, p)) < 0)
		return rc;
	if ((*p)->state != KB_PROPOSAL_PENDING)
		return kb_error_set(KB_EINVALID, "%s is %s already", branch,
		    (*p)->state == KB_PROPOSAL_MERGED ? "merged" : "rejected");
	return 0;
}

/*
 * A new answer proposed at answers/<id>.md while main got an answer of
 * that id elsewhere would give the KB two files with one id: refused.
 * Read from git, not the search index, which may be out of date.
 */
static int
same_place(struct kb *kb, const struct kb_proposal *p, const char *main)
{
	struct kb_proposal_files f;
	char *there = NULL;
	int rc;

	if (is_notice_key(p->answer))
		return 0;
	if ((rc = files_of(kb, main, p->tip, p->answer, &f)) < 0)
		return rc;
	if (kb_store__find_answer(&there, kb->store, main, p->answer) == 0 &&
	    strcmp(there, f.own) != 0)
		rc = kb_error_set(KB_ECONFLICT, "main has an answer '%s' at %s "
		    "now, and the proposal adds another file with that id (%s): "
		    "nothing was merged (reject it, or propose a change to %s)",
		    p->answer, there, f.own, there);
	else
		kb_error_clear();
	free(there);
	kb_proposal_files_clear(&f);
	return rc;
}

/*
 * A proposal changes only its own file: every other path must be one the
 * reviewer allows by name, and an unsafe one is never merged.
 */
static int
only_allowed(struct kb *kb, const char *branch, const char *main,
    const struct kb_proposal *p, const struct kb_approval *a,
    struct buf *trailers)
{
	struct kb_proposal_files f;
	struct paths unsafe = { NULL, 0, 0 }, unallowed = { NULL, 0, 0 };
	size_t i, j;
	int rc;

	if ((rc = files_of(kb, main, p->tip, p->answer, &f)) < 0)
		return rc;
	for (i = 0; i < f.nother; i++) {
		for (j = 0; j < a->nallow && strcmp(a->allow[j],
		    f.other[i]) != 0; j++)
			;
		if (!kb_proposal_path_safe(f.other[i]))
			add_path(f.other[i], NULL, NULL, &unsafe);
		else if (j == a->nallow)
			add_path(f.other[i], NULL, NULL, &unallowed);
		else
			buf_addf(trailers, "Kb-Allowed: %s\n", f.other[i]);
	}
	for (j = 0; rc == 0 && j < a->nallow; j++) {
		for (i = 0; i < f.nother && strcmp(a->allow[j],
		    f.other[i]) != 0; i++)
			;
		if (i == f.nother) {
			struct buf b = BUF_INIT;

			add_shown(&b, a->allow[j]);
			rc = kb_error_set(KB_EINVALID, "%s does not change %s "
			    "besides %s, so it cannot be allowed; nothing was "
			    "merged", branch, buf_cstr(&b), f.own);
			buf_free(&b);
		}
	}
	if (rc == 0 && (unsafe.n || unallowed.n)) {
		struct buf b = BUF_INIT;

		buf_addf(&b, "%s changes ", branch);
		if (unsafe.n) {
			buf_addf(&b, "%zu path%s kb never merges (.git, .., "
			    "absolute or control characters): ", unsafe.n,
			    unsafe.n == 1 ? "" : "s");
			add_list(&b, unsafe.v, unsafe.n);
			buf_adds(&b, "; nothing was merged: reject it");
		} else {
			buf_addf(&b, "%zu file%s besides %s: ", unallowed.n,
			    unallowed.n == 1 ? "" : "s", f.own);
			add_list(&b, unallowed.v, unallowed.n);
			buf_adds(&b, "; nothing was merged (a proposal changes "
			    "only its own answer or notice: reject it, or "
			    "approve those files too with kb approve "
			    "--allow-path PATH for each, after reading kb "
			    "diff)");
		}
		rc = kb_error_set(KB_EINVALID, "%s", buf_cstr(&b));
		buf_free(&b);
	}
	paths_free(&unsafe);
	paths_free(&unallowed);
	kb_proposal_files_clear(&f);
	return rc;
}

/* Nothing may stop the work tree from following: checked before
 * anything moves, as git merge does. */
static int
worktree_free(struct kb *kb, const char *before, const char *tip)
{
	char *path = NULL;
	int rc;

	if (kb_store__checked_out_dirty(kb->store, kb->branch))
		return kb_error_set(KB_ECONFLICT, "%s is checked out with "
		    "local changes: commit or stash them first (they are "
		    "never overwritten); nothing was merged", kb->branch);
	if ((rc = kb_store__worktree_blocks(&path, kb->store, kb->branch,
	    before, tip)) == 1) {
		struct buf b = BUF_INIT;

		add_shown(&b, path);
		rc = kb_error_set(KB_ECONFLICT, "%s/%s: an untracked file is "
		    "where the approval would write; nothing was merged (move "
		    "it away, then approve again)", kb_path(kb), buf_cstr(&b));
		buf_free(&b);
	}
	free(path);
	return rc;
}

/*
 * Merge under the work-tree journal: main moves, then the work tree
 * follows; a process killed in between leaves the journal, and the next
 * command that writes finishes the work tree.
 */
static int
merge_journaled(struct kb *kb, const char *branch,
    const struct kb_proposal *p, const char *before, const char *text,
    const struct kb_store_sig *sig, const char *resolved,
    size_t resolved_len, struct kb_approval *a)
{
	char decided[KB_OID_HEX + 1] = "", result[KB_OID_HEX + 1];
	char *path = NULL;
	int lock, rc;

	if ((rc = kb_sync_state__journal_begin(&lock, kb, before, branch)) < 0)
		return rc;
	/* The approval is a commit by the reviewer either way: on top of
	 * the proposal (then main moves to it), or the merge itself. */
	if (resolved) {
		path = answer_path(kb, p->answer);
		rc = kb_store__merge_resolved(result, kb->store, kb->branch,
		    p->tip, path, resolved, resolved_len, sig, text);
		free(path);
	} else if (kb_store__contains(kb->store, p->tip, before) == 1) {
		if ((rc = kb_store__commit_empty(decided, kb->store, branch,
		    sig, text)) == 0)
			rc = kb_store__merge(result, &a->fast_forward,
			    kb->store, kb->branch, decided, sig, text);
	} else {
		rc = kb_store__merge(result, &a->fast_forward, kb->store,
		    kb->branch, p->tip, sig, text);
	}
	if (rc < 0) {
		/* Main did not move: an approval commit left on the branch
		 * would say it did. */
		if (decided[0])
			kb_store__move_branch(kb->store, branch, decided,
			    p->tip);
		kb_sync_state__journal_end(kb, lock);
		return rc;
	}
	memcpy(a->merged, result, sizeof(result));
	if ((rc = kb_store__update_worktree(kb->store, kb->branch, before,
	    0)) < 0) {
		kb_sync_state__journal_leave(lock);
		return kb_error_set(rc, "approved %s (merged as %.12s) but the "
		    "work tree could not follow: %s; the next kb command that "
		    "writes (kb index) finishes it", branch, result,
		    kb_error_last());
	}
	kb_sync_state__journal_end(kb, lock);
	return 0;
}

/*
 * Approve: with `resolved` (what the reviewer made of a conflict) a merge
 * commit holding it; else a fast-forward or an ordinary merge.
 */
static int
approve(struct kb *kb, const char *branch, const char *resolved,
    size_t resolved_len, struct kb_approval *a)
{
	struct kb_proposal *all = NULL, *p;
	struct kb_store_sig sig;
	struct buf trailers = BUF_INIT;
	char *name = NULL, *email = NULL, *text = NULL;
	char before[KB_OID_HEX + 1];
	size_t n = 0;
	int rc;

	a->fast_forward = 0;
	a->merged[0] = '\0';
	if ((rc = kb_finish_interrupted(kb)) < 0 ||
	    (rc = decidable(kb, branch, &name, &email, &all, &n, &p)) < 0 ||
	    (rc = kb_head(before, kb)) < 0 ||
	    (rc = only_allowed(kb, branch, before, p, a, &trailers)) < 0 ||
	    (rc = worktree_free(kb, before, p->tip)) < 0 ||
	    (rc = same_place(kb, p, before)) < 0)
		goto done;
	sig.name = name;
	sig.email = email;
	text = xasprintf("Approve %s%s%s\n\nKb-Decision: approved\n"
	    "Kb-Proposal: %s\n%s", p->answer, a->message && *a->message ?
	    ": " : "", a->message ? a->message : "", branch,
	    buf_cstr(&trailers));
	if ((rc = merge_journaled(kb, branch, p, before, text, &sig, resolved,
	    resolved_len, a)) < 0)
		goto done;
	/* Kept where the branch is not needed: the centre may delete it. */
	if ((rc = kb_decisions__record(kb, p, "approved", a->merged, &sig,
	    a->message)) < 0) {
		rc = kb_error_set(rc, "approved %s (merged as %.12s) but %s; "
		    "keep its branch, which holds the decision", branch,
		    a->merged, kb_error_last());
		goto done;
	}
	if ((rc = kb_index_update(NULL, kb, 0, NULL, NULL)) < 0)
		rc = kb_error_set(rc, "approved %s (merged as %.12s) but "
		    "updating the search index failed: %s; run kb index",
		    branch, a->merged, kb_error_last());
done:
	buf_free(&trailers);
	free(text);
	free(name);
	free(email);
	kb_proposals_free(all, n);
	return rc;
}

int
kb_proposal_approve(struct kb *kb, const char *branch,
    struct kb_approval *a)
{
	return approve(kb, branch, NULL, 0, a);
}

int
kb_proposal_approve_resolved(struct kb *kb, const char *branch,
    const char *text, size_t len, const char *message)
{
	struct kb_proposal *all = NULL, *p;
	struct kb_approval a;
	struct fan f = { NULL, NULL, 0 };
	size_t n = 0;
	int rc;

	if ((rc = find_proposal(kb, branch, &all, &n, &p)) < 0)
		return rc;
	/* Checked like any proposal: a resolution may not break the KB. */
	rc = parse_proposed(p->answer, is_notice_key(p->answer) ?
	    "notices/resolved.md" : "answers/resolved.md", text, len, fan_out,
	    &f);
	kb_proposals_free(all, n);
	if (rc < 0 || f.errors)
		return kb_error_set(KB_EINVALID, "the resolved answer has "
		    "errors (is a conflict marker left?): nothing was merged");
	memset(&a, 0, sizeof(a));
	a.message = message;
	return approve(kb, branch, text, len, &a);
}

int
kb_proposal_conflict_text(char **out, struct kb *kb, const char *branch)
{
	struct kb_proposal *all = NULL, *p;
	char main[KB_OID_HEX + 1], blob[KB_OID_HEX + 1];
	struct kb_store_commit tip;
	char *path = NULL, *ours = NULL, *theirs = NULL;
	size_t n = 0, len;
	int rc;

	*out = NULL;
	if ((rc = find_proposal(kb, branch, &all, &n, &p)) < 0 ||
	    (rc = kb_head(main, kb)) < 0)
		goto done;
	path = answer_path(kb, p->answer);
	if ((rc = kb_store__commit_read(&tip, kb->store, p->tip)) < 0)
		goto done;
	if (kb_store__lookup_path(blob, kb->store, tip.tree, path) == 0)
		kb_store__read_blob(&theirs, &len, kb->store, blob);
	kb_store__commit_clear(&tip);
	{
		struct kb_store_commit m;

		if ((rc = kb_store__commit_read(&m, kb->store, main)) < 0)
			goto done;
		if (kb_store__lookup_path(blob, kb->store, m.tree, path) == 0)
			kb_store__read_blob(&ours, &len, kb->store, blob);
		kb_store__commit_clear(&m);
	}
	*out = xasprintf("<<<<<<< main (now)\n%s=======\n%s>>>>>>> %s\n",
	    ours ? ours : "", theirs ? theirs : "", branch);
done:
	free(ours);
	free(theirs);
	free(path);
	kb_proposals_free(all, n);
	return rc;
}

int
kb_proposal_reject(struct kb *kb, const char *branch, const char *reason)
{
	struct kb_proposal *all = NULL, *p;
	struct kb_store_sig sig;
	char *name = NULL, *email = NULL, *text = NULL;
	char out[KB_OID_HEX + 1];
	size_t n = 0;
	int rc;

	if (reason == NULL || reason[strspn(reason, " \t")] == '\0' ||
	    strchr(reason, '\n'))
		return kb_error_set(KB_EINVALID, "a rejection needs a one-line "
		    "reason for the proposer");
	if ((rc = kb_finish_interrupted(kb)) < 0 ||
	    (rc = decidable(kb, branch, &name, &email, &all, &n, &p)) < 0)
		goto done;
	sig.name = name;
	sig.email = email;
	text = xasprintf("Reject %s: %s\n\nKb-Decision: rejected\n"
	    "Kb-Reason: %s\n", p->answer, reason, reason);
	if ((rc = kb_store__commit_empty(out, kb->store, branch, &sig,
	    text)) == 0 && (rc = kb_decisions__record(kb, p, "rejected", out,
	    &sig, reason)) < 0)
		rc = kb_error_set(rc, "rejected %s but %s; keep its branch, "
		    "which holds the decision", branch, kb_error_last());
done:
	free(text);
	free(name);
	free(email);
	kb_proposals_free(all, n);
	return rc;
}

/* --- history ------------------------------------------------------------- */

static void
blob_at(struct kb *kb, const char *tree, const char *path,
    char out[KB_OID_HEX + 1])
{
	if (!tree[0] || kb_store__lookup_path(out, kb->store, tree, path) < 0)
		out[0] = '\0';
}

static void
add_version(struct kb_version **v, size_t *n, size_t *cap, const char *blob,
    const struct kb_store_commit *at, const struct kb_store_commit *written,
    const char *approver)
{
	struct kb_version *x;
	char *reason = subject(written->message);

	xgrow(v, cap, *n + 1, sizeof(**v));
	x = &(*v)[(*n)++];
	memset(x, 0, sizeof(*x));
	snprintf(x->version, sizeof(x->version), "%s", blob);
	snprintf(x->commit, sizeof(x->commit), "%s", at->id);
	x->time = at->time;
	x->author = xstrdup(written->author);
	x->approver = approver ? xstrdup(approver) : NULL;
	x->reason = reason;
}

/* How many files besides `path` commit `c` changed (its first parent
 * against it): what a proposal merged besides its answer. */
static size_t
others_in(struct kb *kb, const struct kb_store_commit *c, const char *path)
{
	struct paths ps = { NULL, 0, 0 };
	size_t i, n = 0;

	if (kb_store__diff_files(kb->store, c->parent, c->id, add_path,
	    &ps) < 0)
		kb_error_clear();
	for (i = 0; i < ps.n; i++)
		n += strcmp(ps.v[i], path) != 0;
	paths_free(&ps);
	return n;
}

/*
 * The answer's path: where it is now, else (deleted) where the newest
 * commit that had it kept it.
 */
static char *
history_path(struct kb *kb, const char *id, const char *tip)
{
	struct kb_answer *a = NULL;
	struct kb_store_commit c;
	char at[KB_OID_HEX + 1];
	char *path = NULL;
	int steps;

	if (is_notice_key(id))
		return xasprintf("%s.md", id);
	if (kb_answer_load(&a, kb, id) == 0) {
		path = xstrdup(a->path);
		kb_answer_free(a);
		return path;
	}
	snprintf(at, sizeof(at), "%s", tip);
	for (steps = 0; at[0] && steps < HISTORY_MAX; steps++) {
		if (kb_store__find_answer(&path, kb->store, at, id) == 0)
			return path;
		if (kb_store__commit_read(&c, kb->store, at) < 0)
			break;
		snprintf(at, sizeof(at), "%s", c.parent);
		kb_store__commit_clear(&c);
	}
	return xasprintf("answers/%s.md", id);
}

int
kb_answer_history(struct kb_version **out, size_t *n, struct kb *kb,
    const char *id)
{
	char id_hex[KB_OID_HEX + 1], blob[KB_OID_HEX + 1], prev[KB_OID_HEX + 1];
	struct kb_store_commit c, parent, approval;
	char *path;
	size_t cap = 0;
	int rc, steps, have_approval = 0;

	*out = NULL;
	*n = 0;
	if (!key_valid(id))
		return kb_error_set(KB_EINVALID, "'%s' is not an answer id (or "
		    "notices/ and a notice id)", id);
	if ((rc = kb_head(id_hex, kb)) < 0)
		return rc;
	path = history_path(kb, id, id_hex);
	memset(&approval, 0, sizeof(approval));
	for (steps = 0; id_hex[0] && steps < HISTORY_MAX; steps++) {
		char *decision;

		if ((rc = kb_store__commit_read(&c, kb->store, id_hex)) < 0)
			break;
		decision = trailer(c.message, "Kb-Decision");
		blob_at(kb, c.tree, path, blob);
		prev[0] = '\0';
		if (c.parent[0] && kb_store__commit_read(&parent, kb->store,
		    c.parent) == 0) {
			blob_at(kb, parent.tree, path, prev);
			kb_store__commit_clear(&parent);
		}
		if (strcmp(blob, prev) != 0) {
			struct kb_store_commit written;
			char *made = NULL;

			memset(&written, 0, sizeof(written));

			/* A merge of a proposal, kb's or plain git's: the
			 * proposer wrote it, the one who merged approved it. */
			if (c.parent2[0] && proposal_commit(kb, c.parent2,
			    &written) == 0 && (made = trailer(written.message,
			    "Kb-Answer")) != NULL) {
				add_version(out, n, &cap, blob, &c, &written,
				    c.author);
				(*out)[*n - 1].other_files = others_in(kb, &c,
				    path);
			} else {
				add_version(out, n, &cap, blob, &c, &c,
				    have_approval && strcmp(approval.parent,
				    c.id) == 0 ? approval.author : NULL);
				if ((*out)[*n - 1].approver)
					(*out)[*n - 1].other_files =
					    others_in(kb, &c, path);
			}
			kb_store__commit_clear(&written);
			free(made);
		}
		if (have_approval)
			kb_store__commit_clear(&approval);
		have_approval = 0;
		if (decision && !c.parent2[0]) {
			approval = c;	/* for its parent, the next one */
			have_approval = 1;
		}
		free(decision);
		snprintf(id_hex, sizeof(id_hex), "%s", c.parent);
		if (!have_approval)
			kb_store__commit_clear(&c);
	}
	if (have_approval)
		kb_store__commit_clear(&approval);
	free(path);
	if (rc < 0) {
		kb_versions_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void
kb_versions_free(struct kb_version *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].approver);
		free(v[i].reason);
	}
	free(v);
}
