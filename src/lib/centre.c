/*
 * A reviewer's clone of the centre (centre.h): the centre's main and
 * proposals fetched in, changes pushed out (kb_centre__publish: the
 * decisions of centre_decide.c, REVIEWERS changed), all or nothing.
 *
 * The centre's refs are tracked where git's own clone keeps them,
 * refs/remotes/<remote>/main and refs/remotes/<remote>/proposals/...,
 * so that plain git in the clone sees what kb fetched.
 */
#include "kb/centre.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "centre_private.h"
#include "decisions.h"
#include "kb/sync.h"
#include "kb_private.h"
#include "main_move.h"
#include "store.h"
#include "xmalloc.h"

#define REF_MAX 300
/* What the centre said while refusing, at most: a hook's few lines. */
#define TOLD_MAX 2000

struct centre {
	struct kb *kb;
	struct kb_store_remote *remote;
	char main_track[REF_MAX];	/* refs/remotes/<remote>/<branch> */
	char prop_track[REF_MAX];	/* refs/remotes/<remote>/proposals/ */
	int main_gone;			/* the centre has no main */
	size_t proposals;		/* branches made or moved here */
	struct buf told;		/* what the centre said in a push */
	struct buf refused;		/* "ref (why)" of what it refused */
};

/* kb.remote, else "origin".  Caller frees. */
static char *
remote_name(struct kb *kb)
{
	char *name = NULL;

	if (kb_config_string(&name, kb, "kb.remote") == 0 && *name)
		return name;
	free(name);
	kb_error_clear();
	return xstrdup("origin");
}

/* 0 when the KB is a reviewer's clone, else why not (KB_EINVALID). */
static int
clone_or_why(struct kb *kb)
{
	struct kb_sync_status st;
	char *name, *key, *url = NULL;
	int rc = 0;

	if (kb_sync_status(&st, kb) == 0 && st.office)
		return kb_error_set(KB_EINVALID, "this is a field office's KB "
		    "(kbsync keeps it): decide at the centre, or in a clone of "
		    "it (git clone CENTRE)");
	/* The centre itself (git clone --bare leaves it an origin). */
	if ((rc = kb__store(kb)) < 0)
		return rc;
	if (kb_store__workdir(kb->store) == NULL)
		return kb_error_set(KB_EINVALID, "this is a bare repository, "
		    "such as the centre itself: decide here without --push, "
		    "or in a clone of it");
	name = remote_name(kb);
	key = xasprintf("remote.%s.url", name);
	if (kb_config_string(&url, kb, key) < 0 || *url == '\0')
		rc = kb_error_set(KB_EINVALID, "this KB is no clone of the "
		    "centre: it has no remote '%s' (a reviewer's clone is made "
		    "with git clone CENTRE)", name);
	free(url);
	free(key);
	free(name);
	return rc;
}

int
kb_centre_clone(struct kb *kb)
{
	int yes = clone_or_why(kb) == 0;

	kb_error_clear();
	return yes;
}

static int
centre_open(struct centre *c, struct kb *kb, char **url)
{
	char *name;
	int rc;

	memset(c, 0, sizeof(*c));
	c->kb = kb;
	if ((rc = kb__store(kb)) < 0 || (rc = clone_or_why(kb)) < 0)
		return rc;
	name = remote_name(kb);
	if ((rc = kb_store__remote_open(&c->remote, kb->store, name)) == 0 &&
	    kb_store__remote_name(c->remote) == NULL)
		rc = kb_error_set(KB_EINVALID, "%s is an address, not a remote "
		    "of this repository: a reviewer's clone is made with git "
		    "clone CENTRE", name);
	if (rc < 0) {
		free(name);
		return rc;
	}
	snprintf(c->main_track, REF_MAX, "refs/remotes/%s/%s", name,
	    kb->branch);
	snprintf(c->prop_track, REF_MAX, "refs/remotes/%s/proposals/", name);
	free(name);
	if (url) {
		free(*url);
		*url = xstrdup(kb_store__remote_url(c->remote));
	}
	return 0;
}

static void
centre_close(struct centre *c)
{
	kb_store__remote_close(c->remote);
	buf_free(&c->told);
	buf_free(&c->refused);
	memset(c, 0, sizeof(*c));
}

static void
main_gone(const char *spec, void *payload)
{
	struct centre *c = payload;

	(void)spec;	/* the only exact one is main's */
	c->main_gone = 1;
}

/* The centre's main and proposals into the tracking refs. */
static int
fetch_refs(struct centre *c)
{
	char main_spec[2 * REF_MAX], prop_spec[2 * REF_MAX];
	const char *specs[3];
	int rc;

	snprintf(main_spec, sizeof(main_spec), "+refs/heads/%s:%s",
	    c->kb->branch, c->main_track);
	snprintf(prop_spec, sizeof(prop_spec), "+refs/heads/proposals/*:%s*",
	    c->prop_track);
	specs[0] = main_spec;
	specs[1] = prop_spec;
	specs[2] = "+" DECISIONS_REF "*:" DECISIONS_CENTRAL "*";
	c->main_gone = 0;
	if ((rc = kb_store__fetch(c->remote, specs, 3, main_gone, c, NULL,
	    NULL)) < 0)
		return rc;
	if (c->main_gone)
		return kb_error_set(KB_ENOTFOUND, "the centre (%s) has no "
		    "branch %s", kb_store__remote_url(c->remote),
		    c->kb->branch);
	return 0;
}

/* A ref's commit, or "" when there is none. */
static void
ref_or_empty(struct kb *kb, const char *ref, char out[KB_OID_HEX + 1])
{
	if (kb_store__ref(out, kb->store, ref) < 0)
		out[0] = '\0';
	kb_error_clear();
}

/* Main here follows the centre's when it is only behind. */
static int
take_main(struct centre *c, struct kb_centre_fetch *f)
{
	struct kb *kb = c->kb;
	char local[KB_OID_HEX + 1], central[KB_OID_HEX + 1];
	int rc;

	ref_or_empty(kb, c->main_track, central);
	if (kb_head(local, kb) < 0) {
		local[0] = '\0';
		kb_error_clear();
	}
	memcpy(f->old_main, local, sizeof(local));
	f->ahead = f->behind = 0;
	if (strcmp(local, central) == 0)
		return 0;
	if (local[0] == '\0') {
		f->kept = xasprintf("this repository has no %s to bring to "
		    "the centre's", kb->branch);
		return 0;
	}
	if ((rc = kb_store__ahead_behind(&f->ahead, &f->behind, kb->store,
	    local, central)) < 0)
		return rc;
	if (f->ahead > 0 && f->behind > 0) {
		f->kept = xasprintf("%s here and the centre's have diverged: "
		    "this one has %zu commit%s the centre's lacks, and the "
		    "centre's %zu this one lacks; %s was left as it is",
		    kb->branch, f->ahead, f->ahead == 1 ? "" : "s", f->behind,
		    kb->branch);
		return 0;
	}
	if (f->ahead > 0)
		return 0;	/* decisions made here, not pushed yet */
	rc = kb_main_move__run(kb, local, central, "kb: the centre's main");
	if (rc == KB_ECONFLICT) {
		f->kept = xstrdup(kb_error_last());
		kb_error_clear();
		return 0;
	}
	if (rc < 0)
		return rc;
	memcpy(f->new_main, central, sizeof(central));
	f->behind = 0;
	return 0;
}

/*
 * One of the centre's proposals: made here, or fast-forwarded; a branch
 * here that has what the centre's lacks (a decision not pushed) or
 * differs from it is left alone.
 */
static int
take_proposal(const char *ref, const char *tip, void *payload)
{
	struct centre *c = payload;
	struct kb_store *st = c->kb->store;
	char local[2 * REF_MAX], mine[KB_OID_HEX + 1];

	if (strlen(ref) >= REF_MAX)
		return 0;	/* no proposal kb makes; not cut to another */
	snprintf(local, sizeof(local), "refs/heads/proposals/%s",
	    ref + strlen(c->prop_track));
	ref_or_empty(c->kb, local, mine);
	if (strcmp(mine, tip) == 0 || (mine[0] &&
	    kb_store__contains(st, tip, mine) != 1))
		return 0;
	if (kb_store__ref_set(st, local, mine, tip, "kb: the centre's "
	    "proposal") == 0)
		c->proposals++;
	kb_error_clear();	/* one odd branch does not stop the rest */
	return 0;
}

static int
take_proposals(struct centre *c)
{
	char glob[REF_MAX + 2];

	snprintf(glob, sizeof(glob), "%s*", c->prop_track);
	return kb_store__refs(c->kb->store, glob, take_proposal, c);
}

/* Fetch, then main and the proposals here follow the centre's. */
static int
bring(struct centre *c, struct kb_centre_fetch *f)
{
	int rc;

	if ((rc = kb_finish_interrupted(c->kb)) < 0 ||
	    (rc = fetch_refs(c)) < 0 ||
	    (rc = take_main(c, f)) < 0 ||
	    (rc = take_proposals(c)) < 0)
		return rc;
	f->proposals = c->proposals;
	return 0;
}

int
kb_centre_fetch(struct kb_centre_fetch *f, struct kb *kb)
{
	struct centre c;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = centre_open(&c, kb, &f->url)) == 0)
		rc = bring(&c, f);
	centre_close(&c);
	return rc;
}

void
kb_centre_fetch_clear(struct kb_centre_fetch *f)
{
	free(f->url);
	free(f->kept);
	memset(f, 0, sizeof(*f));
}

/* --- pushing a decision ------------------------------------------------ */

static void
on_refused(const char *ref, const char *why, void *payload)
{
	struct centre *c = payload;

	buf_addf(&c->refused, "%s%s (%s)", c->refused.len ? ", " : "", ref,
	    why);
}

static void
on_told(const char *text, size_t len, void *payload)
{
	struct centre *c = payload;

	if (c->told.len < TOLD_MAX)
		buf_add(&c->told, text, len < TOLD_MAX ? len : TOLD_MAX);
}

/* What the centre said, its lines joined by "; ", blank ones dropped. */
static void
add_told(struct buf *b, const struct buf *told)
{
	const char *p = buf_cstr(told);
	int first = 1;

	while (*p) {
		size_t n = strcspn(p, "\r\n"), lead = strspn(p, " \t");

		if (n > lead) {
			buf_adds(b, first ? ": it said: " : "; ");
			buf_add(b, p + lead, n - lead);
			first = 0;
		}
		p += n;
		p += strspn(p, "\r\n");
	}
}

/*
 * Push one refspec.  0 when the centre took it; 1 when it moved first
 * (KB_ECONFLICT from the store) or refused it, *why saying so; else
 * the error (cannot reach it ...).
 */
static int
push_one(struct centre *c, const char *spec, char **why)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_truncate(&c->told, 0);
	buf_truncate(&c->refused, 0);
	rc = kb_store__push_told(c->remote, &spec, 1, on_refused, on_told, c);
	if (rc == KB_ECONFLICT) {
		*why = xasprintf("the centre's copy moved first (%s)",
		    kb_error_last());
		return 1;
	}
	if (rc < 0)
		return rc;
	if (c->refused.len == 0)
		return 0;
	buf_addf(&b, "the centre refused %s", buf_cstr(&c->refused));
	add_told(&b, &c->told);
	*why = buf_detach(&b);
	return 1;
}

/* Where main and the change's branch are, here and at the centre. */
struct tips {
	char main[KB_OID_HEX + 1];
	char branch[KB_OID_HEX + 1];	/* "" for none */
};

static void
tips_here(struct centre *c, const struct centre_change *ch,
    struct tips *t)
{
	char ref[2 * REF_MAX];

	if (kb_head(t->main, c->kb) < 0)
		t->main[0] = '\0';
	t->branch[0] = '\0';
	if (ch->branch) {
		snprintf(ref, sizeof(ref), "refs/heads/%s", ch->branch);
		ref_or_empty(c->kb, ref, t->branch);
	}
	kb_error_clear();
}

static void
tips_there(struct centre *c, const struct centre_change *ch,
    struct tips *t)
{
	char ref[2 * REF_MAX];

	ref_or_empty(c->kb, c->main_track, t->main);
	t->branch[0] = '\0';
	if (ch->branch && strncmp(ch->branch, "proposals/", 10) == 0) {
		snprintf(ref, sizeof(ref), "%s%s", c->prop_track,
		    ch->branch + 10);
		ref_or_empty(c->kb, ref, t->branch);
	}
}

/* The change taken back here: the centre has none of it. */
static int
take_back(struct centre *c, const struct centre_change *ch,
    const struct tips *before, const struct tips *after)
{
	char ref[2 * REF_MAX];
	int rc = 0;

	if (strcmp(before->main, after->main) != 0 && before->main[0])
		rc = kb_main_move__run(c->kb, after->main, before->main, "kb: "
		    "taken back, the centre did not take it");
	if (rc == 0 && ch->branch && strcmp(before->branch,
	    after->branch) != 0) {
		snprintf(ref, sizeof(ref), "refs/heads/%s", ch->branch);
		rc = before->branch[0] ? kb_store__ref_set(c->kb->store, ref,
		    after->branch, before->branch, "kb: taken back, the "
		    "centre did not take it") :
		    kb_store__ref_delete(c->kb->store, ref);
	}
	if (rc < 0)
		rc = kb_error_set(rc, "the centre did not take it, and taking "
		    "it back here failed: %s; %s here is at %.12s, the centre's "
		    "at %.12s", kb_error_last(), c->kb->branch, after->main,
		    before->main);
	return rc;
}

/* Push main, then the branch; see push_decision. */
static int
push_refs(struct centre *c, const struct centre_change *ch,
    const struct tips *after, const struct tips *there,
    struct kb_centre_push *p, char **why)
{
	char spec[4 * REF_MAX];
	int rc, main_sent = 0;

	if (ch->main && strcmp(after->main, there->main) != 0) {
		snprintf(spec, sizeof(spec), "refs/heads/%s:refs/heads/%s",
		    c->kb->branch, c->kb->branch);
		if ((rc = push_one(c, spec, why)) != 0)
			return rc;
		kb_store__ref_set(c->kb->store, c->main_track, NULL,
		    after->main, "kb: pushed");
		main_sent = 1;
	}
	if (ch->branch == NULL || after->branch[0] == '\0' ||
	    strcmp(after->branch, there->branch) == 0)
		return 0;
	snprintf(spec, sizeof(spec), "refs/heads/%s:refs/heads/%s",
	    ch->branch, ch->branch);
	if ((rc = push_one(c, spec, why)) != 0 && !main_sent)
		return rc;
	if (rc != 0) {
		/* Main has the decision: the branch only lags behind it. */
		p->note = xasprintf("the centre's %s has it, but %s was not "
		    "pushed: %s", c->kb->branch, ch->branch, rc == 1 ? *why :
		    kb_error_last());
		free(*why);
		*why = NULL;
		kb_error_clear();
		return 0;
	}
	snprintf(spec, sizeof(spec), "%s%s", c->prop_track, ch->branch + 10);
	kb_store__ref_set(c->kb->store, spec, NULL, after->branch,
	    "kb: pushed");
	kb_error_clear();
	return 0;
}

/* The decisions ref of the change's proposal's office, and the
 * centre's copy of it: 0 when it has none (no proposal, no office). */
static int
decisions_refs(const struct centre_change *ch, char ref[REF_MAX],
    char track[REF_MAX])
{
	char office[OFFICE_NAME_MAX + 1];

	if (ch->branch == NULL || !kb_decisions__office(office, ch->branch))
		return 0;
	snprintf(ref, REF_MAX, DECISIONS_REF "%s", office);
	snprintf(track, REF_MAX, DECISIONS_CENTRAL "%s", office);
	return 1;
}

/* The record goes on top of the centre's: this clone's is its copy. */
static void
decisions_from_centre(struct centre *c, const struct centre_change *ch)
{
	char ref[REF_MAX], track[REF_MAX], tip[KB_OID_HEX + 1];

	if (!decisions_refs(ch, ref, track))
		return;
	ref_or_empty(c->kb, track, tip);
	if (*tip)
		kb_store__ref_set(c->kb->store, ref, NULL, tip,
		    "kb: the centre's decisions");
	else
		kb_store__ref_delete(c->kb->store, ref);
	kb_error_clear();
}

/*
 * The decision's record, after the decision: when the centre refuses it
 * (another reviewer's record first), the decision stands in main or the
 * branch, and the note says the branch must stay until a record is.
 */
static void
push_record(struct centre *c, const struct centre_change *ch,
    struct kb_centre_push *p)
{
	char ref[REF_MAX], track[REF_MAX], spec[2 * REF_MAX];
	char here[KB_OID_HEX + 1], there[KB_OID_HEX + 1], *why = NULL;
	int rc;

	if (!decisions_refs(ch, ref, track))
		return;
	ref_or_empty(c->kb, ref, here);
	ref_or_empty(c->kb, track, there);
	if (!*here || strcmp(here, there) == 0)
		return;
	snprintf(spec, sizeof(spec), "%s:%s", ref, ref);
	if ((rc = push_one(c, spec, &why)) == 0) {
		kb_store__ref_set(c->kb->store, track, NULL, here,
		    "kb: pushed");
		kb_error_clear();
		return;
	}
	if (p->note == NULL)
		p->note = xasprintf("the centre has the decision, but not its "
		    "record in %s (%s): keep %s at the centre, which holds the "
		    "decision", ref, rc == 1 ? why : kb_error_last(),
		    ch->branch);
	free(why);
	kb_error_clear();
}

/* Commits main here has that the centre's lacks, before the change. */
static size_t
earlier_commits(struct centre *c, const struct tips *here,
    const struct tips *there)
{
	size_t ahead = 0, behind = 0;

	if (here->main[0] && there->main[0] && strcmp(here->main,
	    there->main) != 0 && kb_store__ahead_behind(&ahead, &behind,
	    c->kb->store, here->main, there->main) < 0) {
		kb_error_clear();
		ahead = 0;
	}
	return ahead;
}

/*
 * Make the change, push it.  0: the centre has it.  1: it moved first
 * or refused, *why says which, and the change is taken back here.  Else
 * an error, the change taken back too.
 */
static int
push_decision(struct centre *c, const struct centre_change *ch,
    struct kb_centre_push *p, const struct tips *there, char **why)
{
	struct tips before, after;
	char *late = NULL;
	int rc, late_rc;

	tips_here(c, ch, &before);
	p->earlier = ch->main ? earlier_commits(c, &before, there) : 0;
	decisions_from_centre(c, ch);
	if ((late_rc = ch->make(c->kb, ch->payload)) < 0)
		late = xstrdup(kb_error_last());
	tips_here(c, ch, &after);
	if (late_rc < 0 && strcmp(before.main, after.main) == 0 &&
	    strcmp(before.branch, after.branch) == 0) {
		rc = kb_error_set(late_rc, "%s", late);	/* nothing made */
		free(late);
		return rc;
	}
	rc = push_refs(c, ch, &after, there, p, why);
	if (rc != 0) {
		char *said = rc < 0 ? xstrdup(kb_error_last()) : NULL;
		int back = take_back(c, ch, &before, &after);

		decisions_from_centre(c, ch);	/* its record goes too */

		if (back < 0)
			rc = back;
		else if (said)
			rc = kb_error_set(rc, "%s; nothing was sent, and it was "
			    "taken back here", said);
		free(said);
	} else {
		p->sent = 1;
		push_record(c, ch, p);
		if (late_rc < 0)
			rc = kb_error_set(late_rc, "%s", late);
	}
	free(late);
	return rc;
}

/* Did the centre's main or branch move since `seen`? */
static int
moved_since(struct centre *c, const struct centre_change *ch,
    const struct tips *seen)
{
	struct tips now;

	tips_there(c, ch, &now);
	return strcmp(now.main, seen->main) != 0 ||
	    strcmp(now.branch, seen->branch) != 0;
}

/* Fetched and brought; a main diverged from the centre's is refused. */
static int
bring_for_change(struct centre *c, const struct centre_change *ch)
{
	struct kb_centre_fetch f;
	int rc;

	memset(&f, 0, sizeof(f));
	c->proposals = 0;
	if ((rc = bring(c, &f)) == 0 && f.kept && ch->main)
		rc = kb_error_set(KB_ECONFLICT, "%s: nothing was done (the "
		    "centre's %s must be in this clone first)", f.kept,
		    c->kb->branch);
	kb_centre_fetch_clear(&f);
	return rc;
}

int
kb_centre__publish(struct kb_centre_push *p, struct kb *kb,
    const struct centre_change *ch)
{
	struct centre c;
	struct tips seen;
	char *why = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	memset(&c, 0, sizeof(c));
	if (ch->branch && strlen(ch->branch) >= REF_MAX - 32) {
		rc = kb_error_set(KB_ENOTFOUND, "no proposal of that name (see "
		    "kb proposals)");
		goto done;
	}
	if ((rc = centre_open(&c, kb, &p->url)) < 0)
		goto done;
	for (p->tries = 1; ; p->tries++) {
		if ((rc = bring_for_change(&c, ch)) < 0)
			break;
		if (why && !moved_since(&c, ch, &seen)) {
			rc = kb_error_set(KB_ERROR, "%s; nothing was sent, and "
			    "it was taken back here", why);
			break;
		}
		if (why && ch->once) {
			rc = kb_error_set(KB_ECONFLICT, "the centre's %s moved "
			    "meanwhile (another reviewer?): nothing was sent, "
			    "and it was taken back here; look at the proposal "
			    "again on the new %s", kb->branch, kb->branch);
			break;
		}
		if (why && p->tries > KB_CENTRE_TRIES) {
			rc = kb_error_set(KB_ECONFLICT, "the centre's %s moved "
			    "each of %d times (other reviewers at work?): "
			    "nothing was sent, and it was taken back here; try "
			    "again", kb->branch, KB_CENTRE_TRIES);
			break;
		}
		free(why);
		why = NULL;
		tips_there(&c, ch, &seen);
		if ((rc = push_decision(&c, ch, p, &seen, &why)) != 1)
			break;
	}
done:
	if (rc > 0)
		rc = KB_ERROR;
	free(why);
	centre_close(&c);
	return rc;
}

void
kb_centre_push_clear(struct kb_centre_push *p)
{
	free(p->url);
	free(p->note);
	memset(p, 0, sizeof(*p));
}
