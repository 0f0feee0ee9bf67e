/*
 * kbsync (sync.h): one sync of an office KB with the centre.
 *
 * Order matters for "killed at any moment": everything is fetched first
 * (objects, then tracking refs); main moves only after the work-tree
 * journal is written; usage commits are written before their ref moves;
 * the last-sync time is recorded only when every step succeeded.
 */
#include "kb/sync.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "decisions.h"
#include "kb/error.h"
#include "index_learn.h"
#include "kb/index.h"
#include "kb/learn.h"
#include "kb_private.h"
#include "office_name.h"
#include "perm.h"
#include "spawn.h"
#include "store.h"
#include "strlist.h"
#include "sync_state.h"
#include "usage_ref.h"
#include "xmalloc.h"

#define REF_MAX 300

struct sync {
	struct kb *kb;
	const struct kb_sync_options *o;
	struct kb_sync_result *r;
	struct kb_store_remote *remote;
	const char *branch;
	char main_track[REF_MAX];	/* the centre's main, fetched */
	char prop_track[REF_MAX];	/* ... its proposals/<x>, prefix */
	char usage_ref[REF_MAX];	/* this copy's: usage_ref.h */
	char usage_track[REF_MAX];	/* the centre's copy of it */
	char usage_sent[KB_OID_HEX + 1];	/* ... as known before this fetch */
	char office_ref[REF_MAX];	/* refs/kb/usage/<office>, from before
					   stations, when this KB has it */
	char office_track[REF_MAX];	/* the centre's copy of it */
	char learned_track[REF_MAX];	/* the centre's learned words */
	char learned_before[KB_OID_HEX + 1];	/* ... before this fetch */
	char decisions_ref[REF_MAX];	/* refs/kb/decisions/<office> */
	char decisions_track[REF_MAX];	/* the centre's copy of it */
	char central[KB_OID_HEX + 1];
	char main_before[KB_OID_HEX + 1];	/* this office's, before */
	int no_central_main;
	/* The proposals this office waits on a decision for: the only ones
	 * it fetches (want_proposal). */
	struct strlist waiting;
	/* What the push sends: refspecs, and the tracking ref and tip each
	 * leaves behind when the centre takes it. */
	struct strlist push, track, tips;
};

/* --- the lock: one sync at a time ------------------------------------ */

static long
lock_holder(int fd)
{
	char text[32] = "";
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);

	return n > 0 ? strtol(text, NULL, 10) : 0;
}

/* flock: the kernel lets go when the process ends, however it ends. */
static int
take_lock(struct kb *kb, const struct kb_sync_options *o, int *out)
{
	char *path = xasprintf("%s/sync.lock", kb->state_dir);
	char pid[32];
	int fd = -1, rc = 0;

	*out = -1;
	if ((rc = kb__state_file_make(kb, path, NULL)) < 0)
		;
	else if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		rc = kb_perm__fail(path, "open", errno);
	else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		long holder = lock_holder(fd);

		if (o->no_wait) {
			rc = kb_error_set(KB_ELOCKED, "another kbsync is "
			    "running (pid %ld); try again later", holder);
			close(fd);
		} else {
			if (o->waiting)
				o->waiting(holder, o->payload);
			if (flock(fd, LOCK_EX) < 0) {
				rc = kb_error_set(KB_ERROR, "%s: %s", path,
				    strerror(errno));
				close(fd);
			}
		}
	}
	if (rc == 0) {
		snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) < 0 ||
		    pwrite(fd, pid, strlen(pid), 0) < 0)
			(void)0;	/* the pid is only for the message */
		*out = fd;
	}
	free(path);
	return rc;
}

/*
 * Lock files a killed process left behind: git never removes them by
 * itself, and one left by a killed kbsync would stop every later sync.
 * Under kbsync's own lock, a lock file is taken as left over when
 *  - it is on a ref only kbsync writes (refs/kb/, refs/remotes/);
 *  - it is main's or the index's and the journal says a sync was killed
 *    while moving main (kbsync held them then);
 *  - or it is older than STALE_LOCK_SECONDS (kb and git hold such locks
 *    for milliseconds; an office's KB is not edited by hand).
 */
#define STALE_LOCK_SECONDS 600

struct stale {
	time_t now;
	int killed_moving_main;	/* the work-tree journal is there */
	const char *main_lock;	/* refs/heads/<branch>.lock, full path */
	const char *index_lock;
};

static void
remove_if_stale(const struct stale *st, const char *path, int ours)
{
	struct stat sb;
	size_t n = strlen(path);

	if (n <= 5 || strcmp(path + n - 5, ".lock") != 0 ||
	    lstat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return;
	if (ours || st->now - sb.st_mtime > STALE_LOCK_SECONDS ||
	    (st->killed_moving_main && (strcmp(path, st->main_lock) == 0 ||
	    strcmp(path, st->index_lock) == 0)))
		unlink(path);
}

static void
clear_stale_locks_in(const struct stale *st, const char *dir, int ours,
    int depth)
{
	struct dirent *e;
	DIR *d;

	if (depth > 16 || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct stat sb;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			clear_stale_locks_in(st, path, ours || (depth == 0 &&
			    (strcmp(e->d_name, "kb") == 0 ||
			    strcmp(e->d_name, "remotes") == 0)), depth + 1);
		else
			remove_if_stale(st, path, ours);
		free(path);
	}
	closedir(d);
}

static void
clear_stale_locks(struct kb *kb, const char *branch)
{
	static const char *const files[] = { "HEAD.lock", "packed-refs.lock",
	    "config.lock" };
	struct stale st;
	char *main_lock, *index_lock, *refs, *path;
	size_t i;

	main_lock = xasprintf("%srefs/heads/%s.lock", kb->gitdir, branch);
	index_lock = xasprintf("%sindex.lock", kb->gitdir);
	st.now = time(NULL);
	st.killed_moving_main = kb_sync_state__journal_abandoned(kb);
	st.main_lock = main_lock;
	st.index_lock = index_lock;
	remove_if_stale(&st, index_lock, 0);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path = xasprintf("%s%s", kb->gitdir, files[i]);
		remove_if_stale(&st, path, 0);
		free(path);
	}
	refs = xasprintf("%srefs", kb->gitdir);
	clear_stale_locks_in(&st, refs, 0, 0);
	free(refs);
	free(index_lock);
	free(main_lock);
}

/* --- fetching --------------------------------------------------------- */

static void
track_names(struct sync *s)
{
	const char *name = kb_store__remote_name(s->remote);
	const char *ns = s->o->dry_run ? "refs/kb/dry-run" : "refs/kb/central";
	char oid[KB_OID_HEX + 1];

	if (s->o->dry_run || name == NULL)
		snprintf(s->main_track, REF_MAX, "%s/%s", ns, s->branch);
	else
		snprintf(s->main_track, REF_MAX, "refs/remotes/%s/%s", name,
		    s->branch);
	snprintf(s->prop_track, REF_MAX, "%s/proposals/", ns);
	kb_usage_ref__station(s->usage_ref, s->r->office, s->r->station);
	snprintf(s->usage_track, REF_MAX, "%s/%s", ns,
	    s->usage_ref + strlen("refs/kb/"));
	/* The office's ref from before stations: fetched only by the copy
	 * that wrote it, which goes on after what the centre has of it. */
	snprintf(s->office_ref, REF_MAX, "%s%s", USAGE_REF_OFFICES,
	    s->r->office);
	if (kb_store__ref(oid, s->kb->store, s->office_ref) < 0)
		s->office_ref[0] = '\0';
	kb_error_clear();
	snprintf(s->office_track, REF_MAX, "%s/usage/%s", ns, s->r->office);
	snprintf(s->learned_track, REF_MAX, "%s/learned", ns);
	snprintf(s->decisions_ref, REF_MAX, "%s%s", DECISIONS_REF,
	    s->r->office);
	snprintf(s->decisions_track, REF_MAX, "%s/decisions/%s", ns,
	    s->r->office);
}

/* A ref the centre does not have: its tracking ref goes too. */
static void
gone(const char *spec, void *payload)
{
	struct sync *s = payload;
	const char *dst = strchr(spec, ':');

	if (strstr(spec, "refs/heads/") == spec + 1 && dst &&
	    strcmp(dst + 1, s->main_track) == 0)
		s->no_central_main = 1;
	else if (dst)
		kb_store__ref_delete(s->kb->store, dst + 1);
}

/* What the centre had of our usage as last known (none: ""). */
static void
usage_sent_before(struct sync *s)
{
	char ref[REF_MAX];

	snprintf(ref, sizeof(ref), "%s%s", USAGE_REF_CENTRAL,
	    s->usage_ref + strlen("refs/kb/"));
	if (kb_store__ref(s->usage_sent, s->kb->store, ref) < 0)
		s->usage_sent[0] = '\0';
	kb_error_clear();
}

/*
 * The centre's record of this office's proposal `name` at `tip`
 * (decisions.h), as fetched: 1 when it names this tip (or a later one
 * of the branch) as decided on, or as the decision's commit (the
 * rejection this office took into its branch).
 */
static int
recorded(struct sync *s, const char *name, const char *tip)
{
	struct decision d;
	int same;

	if (!kb_decisions__find(&d, s->kb, s->decisions_track, name))
		return 0;
	same = strcmp(d.tip, tip) == 0 || strcmp(d.commit, tip) == 0 ||
	    kb_store__contains(s->kb->store, d.tip, tip) == 1;
	kb_error_clear();
	kb_decisions__clear(&d);
	return same;
}

/*
 * A proposal decided here: its tip is a reviewer's decision (proposal.c:
 * Kb-Decision), this office's main already has it, or the centre's
 * decisions record it.  Such a one is neither fetched nor sent again:
 * the centre may delete it.
 */
static int
decided_here(struct sync *s, const char *name, const char *tip)
{
	struct kb_store_commit c;
	int decided = recorded(s, name, tip);

	if (!decided && kb_store__commit_read(&c, s->kb->store, tip) == 0) {
		decided = strstr(c.message, "\nKb-Decision: ") != NULL;
		kb_store__commit_clear(&c);
	}
	if (!decided && *s->main_before)
		decided = kb_store__contains(s->kb->store, s->main_before,
		    tip) == 1;
	kb_error_clear();
	return decided;
}

static int
want_proposal(const char *name, const char *tip, void *payload)
{
	struct sync *s = payload;

	if (!decided_here(s, name, tip))
		strlist_push(&s->waiting, xstrdup(name));
	return 0;
}

/*
 * What this office keeps of the centre: the main it tracks, and its own
 * proposals still waiting.  Copies an older kbsync left (every office's
 * proposals, under refs/kb/central/proposals/ and, through the remote's
 * default refspec, refs/remotes/<remote>/) go.
 */
static int
stale_ref(const char *name, const char *tip, void *payload)
{
	struct sync *s = payload;
	size_t n = strlen(s->prop_track), r = strlen("refs/remotes/");
	const char *slash;

	(void)tip;
	if (strncmp(name, s->prop_track, n) == 0) {
		char branch[REF_MAX];

		snprintf(branch, sizeof(branch), "proposals/%s", name + n);
		if (strlist_has(&s->waiting, branch))
			return 0;
	} else if (strcmp(name, s->main_track) == 0 ||
	    ((slash = strchr(name + r, '/')) && strcmp(slash, "/HEAD") == 0))
		return 0;
	kb_store__ref_delete(s->kb->store, name);
	kb_error_clear();
	return 0;
}

static void
drop_stale_copies(struct sync *s)
{
	const char *name = kb_store__remote_name(s->remote);
	char glob[REF_MAX + 16];

	snprintf(glob, sizeof(glob), "%s*", s->prop_track);
	kb_store__refs(s->kb->store, glob, stale_ref, s);
	if (name) {
		snprintf(glob, sizeof(glob), "refs/remotes/%s/*", name);
		kb_store__refs(s->kb->store, glob, stale_ref, s);
	}
	kb_error_clear();
}

static void
add_spec(struct strlist *specs, const char *src, const char *dst)
{
	strlist_push(specs, xasprintf("+%s:%s", src, dst));
}

static int
fetch(struct sync *s)
{
	struct strlist specs = STRLIST_INIT;
	char src[REF_MAX], dst[2 * REF_MAX];
	size_t i;
	int rc;

	if (kb_head(s->main_before, s->kb) < 0)
		s->main_before[0] = '\0';
	kb_error_clear();
	snprintf(src, sizeof(src), "refs/heads/%s", s->branch);
	add_spec(&specs, src, s->main_track);
	add_spec(&specs, s->usage_ref, s->usage_track);
	/* What the centre learned from use: only ever fetched, never sent
	 * (kb(1), LEARNING FROM USE). */
	add_spec(&specs, KB_LEARN_REF, s->learned_track);
	if (s->office_ref[0])
		add_spec(&specs, s->office_ref, s->office_track);
	/* This office's decisions only (decisions.h): a file per decided
	 * proposal of its own, so it grows with them, not with the fleet. */
	add_spec(&specs, s->decisions_ref, s->decisions_track);
	/* Each of this office's proposals still waiting, by name: never
	 * another office's, and none already decided. */
	if ((rc = kb_store__branches(s->kb->store, "proposals/",
	    want_proposal, s)) < 0)
		goto done;
	for (i = 0; i < s->waiting.n; i++) {
		snprintf(src, sizeof(src), "refs/heads/%s", s->waiting.v[i]);
		snprintf(dst, sizeof(dst), "%s%s", s->prop_track,
		    s->waiting.v[i] + strlen("proposals/"));
		add_spec(&specs, src, dst);
	}
	/* Before the fetch moves it: for a usage ref moved since. */
	usage_sent_before(s);
	if (kb_store__ref(s->learned_before, s->kb->store,
	    s->learned_track) < 0)
		s->learned_before[0] = '\0';
	kb_error_clear();
	if ((rc = kb_store__fetch(s->remote, (const char *const *)specs.v,
	    specs.n, gone, s, s->o->progress, s->o->payload)) < 0)
		goto done;
	if (!s->o->dry_run)
		drop_stale_copies(s);
	if (s->no_central_main)
		rc = kb_error_set(KB_ENOTFOUND, "%s has no branch %s",
		    s->r->url, s->branch);
	else
		rc = kb_store__ref(s->central, s->kb->store, s->main_track);
done:
	strlist_free(&specs);
	return rc;
}

/* --- main ------------------------------------------------------------- */

static int
count_change(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct kb_sync_result *r = payload;
	size_t n = strlen(path);

	if (strncmp(path, "answers/", 8) != 0 || n < 3 ||
	    strcmp(path + n - 3, ".md") != 0)
		return 0;
	if (old_oid == NULL)
		r->added++;
	else if (new_oid == NULL)
		r->removed++;
	else
		r->changed++;
	return 0;
}

static int
tree_of(struct kb *kb, const char *commit, char tree[KB_OID_HEX + 1])
{
	struct kb_store_commit c;
	int rc;

	tree[0] = '\0';
	if (*commit == '\0')
		return 0;
	if ((rc = kb_store__commit_read(&c, kb->store, commit)) < 0)
		return rc;
	memcpy(tree, c.tree, KB_OID_HEX + 1);
	kb_store__commit_clear(&c);
	return 0;
}

static int
count_changes(struct sync *s, const char *from, const char *to)
{
	char a[KB_OID_HEX + 1], b[KB_OID_HEX + 1];
	int rc;

	if ((rc = tree_of(s->kb, from, a)) < 0 ||
	    (rc = tree_of(s->kb, to, b)) < 0)
		return rc;
	return kb_store__diff(s->kb->store, *a ? a : NULL, b, count_change,
	    s->r);
}

/* refs/kb/backup/<branch>-<UTC time>: the office's main before a reset. */
static int
backup(struct sync *s, const char *local)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(s->r->backup_ref, sizeof(s->r->backup_ref),
	    "refs/kb/backup/%s-%s", s->branch, stamp);
	return kb_store__ref_set(s->kb->store, s->r->backup_ref, NULL, local,
	    "kbsync --reset-to-remote: the office's main");
}

/*
 * Move main from `local` to the centre's, with the work tree following.
 * The journal lets a sync killed in between finish the work tree.
 */
static int
move_main(struct sync *s, const char *local, int *moved)
{
	struct kb_store *st = s->kb->store;
	char ref[REF_MAX], *path = NULL;
	int rc, lock;

	if ((rc = kb_store__worktree_blocks(&path, st, s->branch, local,
	    s->central)) != 0) {
		if (rc == 1)
			rc = kb_error_set(KB_ERROR, "%s/%s: changed in the work "
			    "tree, and the centre changed it too; kbsync leaves "
			    "main as it is (propose the change with kb propose, "
			    "or undo it with git checkout)", kb_path(s->kb),
			    path);
		free(path);
		return rc;
	}
	snprintf(ref, sizeof(ref), "refs/heads/%s", s->branch);
	if ((rc = kb_sync_state__journal_begin(&lock, s->kb, local, NULL)) < 0)
		return rc;
	if ((rc = kb_store__ref_set(st, ref, local, s->central,
	    s->r->backup_ref[0] ? "kbsync: reset to the centre" :
	    "kbsync: fast-forward")) < 0) {
		kb_sync_state__journal_end(s->kb, lock);
		return rc;
	}
	*moved = 1;
	/* No local change sits on these paths (checked above): what stops
	 * the update now is the machine (a lock, a full disk), and the
	 * journal lets the next sync finish it with the files it wrote. */
	if ((rc = kb_store__update_worktree(st, s->branch, local, 0)) < 0) {
		kb_sync_state__journal_leave(lock);
		return kb_error_set(rc, "%s; main has the centre's "
		    "answers, and the next kbsync finishes the work tree",
		    kb_error_last());
	}
	kb_sync_state__journal_end(s->kb, lock);
	return 0;
}

/*
 * The centre's main must be safe to check out before anything moves
 * (store.h: kb_store__tree_unsafe).  Refused, main stays where it is,
 * search and the screen go on with it, and the next sync looks again at
 * what the centre has then.
 */
static int
refuse_unsafe(struct sync *s, const char *local)
{
	char *why = NULL;
	int rc;

	rc = kb_store__tree_unsafe(&why, s->kb->store, local, s->central);
	if (rc == 1)
		rc = kb_error_set(KB_EINVALID, "the centre's main %.12s has "
		    "an unsafe path, %s; kbsync keeps main at %.12s; the "
		    "centre must fix main, and the next kbsync takes it once "
		    "it is safe", s->central, why, *local ? local : "(none)");
	else if (rc < 0)
		rc = kb_error_set(rc, "%s; kbsync keeps main at %.12s",
		    kb_error_last(), *local ? local : "(none)");
	free(why);
	return rc;
}

static int
update_main(struct sync *s)
{
	struct kb_sync_result *r = s->r;
	char local[KB_OID_HEX + 1] = "";
	size_t ahead = 0, behind = 1;
	int rc, moved = 0;

	if ((rc = kb_head(local, s->kb)) < 0 && rc != KB_ENOTFOUND)
		return rc;
	memcpy(r->old_main, local, sizeof(local));
	if (strcmp(local, s->central) == 0)
		return 0;
	if (*local && (rc = kb_store__ahead_behind(&ahead, &behind,
	    s->kb->store, local, s->central)) < 0)
		return rc;
	r->local_only = ahead;
	if (ahead > 0 && !s->o->reset_to_remote) {
		if (behind > 0) {
			r->diverged = 1;
			r->central_only = behind;
		}
		return 0;	/* nothing here is dropped without asking */
	}
	if ((rc = refuse_unsafe(s, local)) < 0 ||
	    (rc = count_changes(s, local, s->central)) < 0)
		return rc;
	memcpy(r->new_main, s->central, sizeof(s->central));
	if (s->o->dry_run)
		return 0;
	if (ahead > 0 && (rc = backup(s, local)) < 0)
		return rc;
	if ((rc = move_main(s, local, &moved)) < 0 && !moved) {
		r->new_main[0] = '\0';
		r->added = r->changed = r->removed = 0;
		return rc;
	}
	if (rc < 0) {
		char *why = xstrdup(kb_error_last());

		kb_index_update(NULL, s->kb, 0, NULL, NULL);
		rc = kb_error_set(rc, "%s", why);
		free(why);
		return rc;
	}
	return kb_index_update(NULL, s->kb, 0, NULL, NULL);
}

/* Finish the work tree a killed sync or approval left half updated. */
static int
finish_worktree(struct kb *kb, const char *branch)
{
	(void)branch;	/* the journal's is kb's own */
	return kb_sync_state__journal_finish(kb);
}

/*
 * An office an older kbsync left stuck: main moved to a commit of the
 * centre's with an unsafe path, the work tree could not follow, and the
 * journal made every later run fail there.  Main goes back to the
 * commit the work tree still holds (the checkout stopped before writing
 * anything), so that this sync goes on and takes the centre's main once
 * it is safe.
 */
static int
undo_unsafe_main(struct kb *kb, const char *branch)
{
	char old[KB_OID_HEX + 1], head[KB_OID_HEX + 1], ref[REF_MAX];
	char *why = NULL;
	int rc, lock;

	if (!kb_sync_state__journal_read(old, kb))
		return 0;
	rc = kb_head(head, kb) < 0 ? 0 :
	    kb_store__tree_unsafe(&why, kb->store, old, head);
	free(why);
	kb_error_clear();
	if (rc != 1)
		return 0;	/* the journal is finished as usual */
	if ((rc = kb_sync_state__journal_begin(&lock, kb, old, NULL)) < 0)
		return rc;
	snprintf(ref, sizeof(ref), "refs/heads/%s", branch);
	if ((rc = kb_store__ref_set(kb->store, ref, head, old, "kbsync: "
	    "back from the centre's unsafe main")) < 0) {
		kb_sync_state__journal_leave(lock);
		return rc;
	}
	kb_sync_state__journal_end(kb, lock);
	return kb_index_update(NULL, kb, 0, NULL, NULL);
}

/* --- what the centre learned ------------------------------------------ */

static void
learned_warning(const struct kb_diag *d, void *payload)
{
	struct sync *s = payload;
	struct kb_sync_result *r = s->r;

	r->warnings = xreallocarray(r->warnings, r->nwarnings + 1,
	    sizeof(*r->warnings));
	r->warnings[r->nwarnings++] = d->line ? xasprintf("%s:%u: %s",
	    d->path, d->line, d->message) : xasprintf("%s: %s", d->path,
	    d->message);
}

/*
 * The centre published new learned words: what is wrong in the file is
 * told here, where someone reads it, and the index takes the rest now
 * rather than at the next search.
 */
static void
take_learned(struct sync *s)
{
	char now[KB_OID_HEX + 1];

	if (s->o->dry_run)
		return;
	if (kb_store__ref(now, s->kb->store, s->learned_track) < 0)
		now[0] = '\0';
	kb_error_clear();
	if (strcmp(now, s->learned_before) == 0)
		return;
	/* Its words are read with the index's tokenizer. */
	if (s->kb->tokenizer == NULL && kb_index__open(s->kb) < 0)
		kb_error_clear();
	else
		kb_index_learn__check_central(s->kb, learned_warning, s);
	/* The index is derived: one that cannot be written now is brought
	 * up to date by the next search, which says why if it still
	 * cannot. */
	if (kb_index_update(NULL, s->kb, 0, NULL, NULL) < 0)
		kb_error_clear();
}

/* --- proposals and usage ---------------------------------------------- */

/* Something the centre and the office disagree on, for the report. */
static void
refuse(struct sync *s, char *why)
{
	struct kb_sync_result *r = s->r;

	r->refused = xreallocarray(r->refused, r->nrefused + 1,
	    sizeof(*r->refused));
	r->refused[r->nrefused++] = why;
}

/* `force`: the one push that replaces what the centre has (a usage
 * ref's pruned history: pruned_here). */
static void
push_ref(struct sync *s, const char *ref, const char *track, const char *tip,
    int force)
{
	char spec[2 * REF_MAX + 3];

	snprintf(spec, sizeof(spec), "%s%s:%s", force ? "+" : "", ref, ref);
	strlist_push(&s->push, xstrdup(spec));
	strlist_push(&s->track, xstrdup(track));
	strlist_push(&s->tips, xstrdup(tip));
}

static void
to_push(struct sync *s, const char *ref, const char *track, const char *tip)
{
	push_ref(s, ref, track, tip, 0);
}

/*
 * A decided proposal's branch here, and its copy of the centre's: one
 * that cannot be deleted now stays, decided, until the next sync.
 */
static void
drop_decided(struct sync *s, const char *name)
{
	char ref[REF_MAX], track[REF_MAX];

	snprintf(ref, sizeof(ref), "refs/heads/%s", name);
	snprintf(track, sizeof(track), "%s%s", s->prop_track,
	    name + strlen("proposals/"));
	kb_store__ref_delete(s->kb->store, track);
	kb_store__ref_delete(s->kb->store, ref);
	kb_error_clear();
}

/*
 * One of the office's proposals: the centre decided on it (its copy has
 * more commits: take them), or it has not seen all of it (send it).
 */
static int
proposal_cb(const char *name, const char *tip, void *payload)
{
	struct sync *s = payload;
	struct kb_store *st = s->kb->store;
	char track[REF_MAX], ref[REF_MAX], theirs[KB_OID_HEX + 1];
	int found, waiting = strlist_has(&s->waiting, name);

	snprintf(track, sizeof(track), "%s%s", s->prop_track,
	    name + strlen("proposals/"));
	snprintf(ref, sizeof(ref), "refs/heads/%s", name);
	found = waiting && kb_store__ref(theirs, st, track) == 0;
	kb_error_clear();
	/* Recorded as decided at the centre (decisions.h) and seen here, in
	 * an earlier sync or now with its branch gone there: the branch goes
	 * here too (the record keeps the decision for kb proposals --all),
	 * and it is never sent back. */
	if ((!waiting || !found) && recorded(s, name, tip)) {
		if (waiting)
			s->r->decisions_received++;
		if (!s->o->dry_run)
			drop_decided(s, name);
		return 0;
	}
	/* Decided and seen here: the centre may delete it, and it is not
	 * sent back. */
	if (!waiting)
		return 0;
	if (found && strcmp(theirs, tip) == 0) {
		/* Approved by a merge commit: main took it in this sync. */
		if (s->r->new_main[0] && kb_store__contains(st,
		    s->r->new_main, tip) == 1 && !(s->r->old_main[0] &&
		    kb_store__contains(st, s->r->old_main, tip) == 1))
			s->r->decisions_received++;
		return 0;
	}
	if (found && kb_store__contains(st, theirs, tip) == 1) {
		s->r->decisions_received++;
		return s->o->dry_run ? 0 :
		    kb_store__ref_set(st, ref, tip, theirs, "kbsync: decision");
	}
	if (found && kb_store__contains(st, tip, theirs) != 1) {
		refuse(s, xasprintf("%s: the centre's copy differs from this "
		    "one; both are left as they are", name));
		return 0;
	}
	/* Merged at the centre and its branch deleted there: done. */
	if (!found && kb_store__contains(st, s->central, tip) == 1)
		return 0;
	s->r->proposals_sent++;
	to_push(s, ref, track, tip);
	return 0;
}

/*
 * Another KB sends its usage under this office's and station's name: a
 * second PC set up with the same station name, or a copy made again on
 * the same PC.  Its events and this KB's cannot share one ref.
 */
static void
refuse_station(struct sync *s)
{
	refuse(s, xasprintf("%s: the centre has other usage under this "
	    "station's name: another KB of office %s uses the station name "
	    "%s.  Pick another station name for this one (git config "
	    "kb.station NAME; kbsync(1)), and the next kbsync sends its "
	    "events under it", s->usage_ref, s->r->office, s->r->station));
}

/* The centre's copy of this KB's usage ref ("" when it has none). */
static void
usage_theirs(struct sync *s, char theirs[KB_OID_HEX + 1])
{
	if (kb_store__ref(theirs, s->kb->store, s->usage_track) < 0)
		theirs[0] = '\0';
	kb_error_clear();
}

/*
 * The centre's copy, `theirs`, is not part of this KB's ref `tip`.  kb
 * prune replaced the history the centre has (kb_usage_ref__prune: the new
 * history's root names `theirs`): the one push that is forced.  Or
 * someone else moved the centre's copy: a join (kb_usage_ref__rejoin), or,
 * for a pruned history, nothing.  Or another KB uses the name.  1 to
 * push (*force for a pruned history), 0 when refused, or an error.
 */
static int
diverged(struct sync *s, char tip[KB_OID_HEX + 1], const char *theirs,
    int *force)
{
	char old[KB_OID_HEX + 1], root[KB_OID_HEX + 1];
	int rc = kb_usage_ref__pruned_from(old, root, s->kb, tip);

	kb_error_clear();
	if (rc == 1 && strcmp(old, theirs) == 0) {
		*force = 1;
		return 1;
	}
	if (rc == 1) {
		refuse(s, xasprintf("%s: kb prune replaced this station's "
		    "usage history while the centre had %.12s, but the centre "
		    "now has %.12s: not sent.  Only this KB should push %s: "
		    "ask the centre to check its server (kbsync(1), PRUNED "
		    "HISTORY)", s->usage_ref, old, theirs, s->usage_ref));
		return 0;
	}
	if ((rc = kb_usage_ref__rejoin(s->kb, s->usage_ref, s->r->office,
	    s->r->station, s->usage_sent, theirs, s->o->dry_run, tip)) < 0)
		return rc;
	if (rc == 0) {
		refuse_station(s);
		return 0;
	}
	s->r->usage_note = xasprintf("%s: someone else moved this "
	    "station's usage at the centre (to %.12s); this station's "
	    "events %s joined to it and sent again, each counted once."
	    "  Only this KB should push %s: ask the centre to "
	    "check its server (kbsync(1), CENTRE SET-UP)",
	    s->usage_ref, theirs, s->o->dry_run ? "would be" : "were",
	    s->usage_ref);
	return 1;
}

/*
 * At most kb.syncMaxEvents events a sync (default 100,000), so that a
 * station back after a long outage sends its backlog over several syncs
 * rather than in one push; the centre sees what waits (Kb-Usage-Backlog).
 */
static unsigned long
max_events(struct kb *kb)
{
	char *v = NULL, *end;
	unsigned long n = 100000;

	if (kb_config_string(&v, kb, "kb.syncMaxEvents") == 0) {
		unsigned long given = strtoul(v, &end, 10);

		if (end != v && *end == '\0' && given > 0)
			n = given;
	}
	free(v);
	kb_error_clear();
	return n;
}

static int
usage(struct sync *s)
{
	struct kb_store *st = s->kb->store;
	char tip[KB_OID_HEX + 1] = "", theirs[KB_OID_HEX + 1] = "";
	unsigned long exported = 0, between = 0;
	int rc, force = 0;

	/* A ref this KB never wrote is already at the centre: another KB's.
	 * Nothing is written here, so a rename starts clean. */
	usage_theirs(s, theirs);
	if (*theirs && (kb_store__ref(tip, st, s->usage_ref) < 0 || !*tip)) {
		kb_error_clear();
		refuse_station(s);
		return 0;
	}
	if ((rc = kb_usage_ref__export(&exported, s->kb, s->usage_ref,
	    s->r->office, s->r->station, max_events(s->kb), s->o->dry_run)) < 0)
		return rc;
	if (kb_store__ref(tip, st, s->usage_ref) < 0 || *tip == '\0') {
		kb_error_clear();
		s->r->events_sent = s->o->dry_run ? exported : 0;
		return 0;
	}
	if (strcmp(tip, theirs) == 0) {
		s->r->events_sent = s->o->dry_run ? exported : 0;
		return 0;
	}
	if (*theirs && kb_store__contains(st, tip, theirs) != 1 &&
	    (rc = diverged(s, tip, theirs, &force)) <= 0)
		return rc;
	if ((rc = kb_usage_ref__count(&between, s->kb, tip, theirs)) < 0)
		return rc;
	s->r->events_sent = between + (s->o->dry_run ? exported : 0);
	push_ref(s, s->usage_ref, s->usage_track, tip, force);
	return 0;
}

static void
rejected(const char *ref, const char *why, void *payload)
{
	struct sync *s = payload;
	size_t i;

	refuse(s, xasprintf("%s: the centre refused it (%s)", ref, why));
	for (i = 0; i < s->push.n; i++) {
		const char *spec = s->push.v[i] + (s->push.v[i][0] == '+');

		if (strncmp(spec, ref, strlen(ref)) != 0 ||
		    spec[strlen(ref)] != ':')
			continue;
		s->tips.v[i][0] = '\0';	/* not sent */
		if (strcmp(ref, s->usage_ref) == 0)
			s->r->events_sent = 0;
		else if (s->r->proposals_sent > 0)
			s->r->proposals_sent--;
	}
}

/* What the centre said taking the push: its hook's reasons, when it
 * refused something, are its own words (kb_store__remote_said). */
static void
keep_said(struct sync *s)
{
	const char *const *lines;
	size_t i, n = kb_store__remote_said(&lines, s->remote);

	if (n == 0)
		return;
	s->r->said = xcalloc(n, sizeof(*s->r->said));
	for (i = 0; i < n; i++)
		s->r->said[i] = xstrdup(lines[i]);
	s->r->nsaid = n;
}

static int
push(struct sync *s)
{
	size_t i;
	int rc;

	if (s->o->dry_run || s->push.n == 0)
		return 0;
	rc = kb_store__push(s->remote, (const char *const *)s->push.v,
	    s->push.n, rejected, s, s->o->progress, s->o->payload);
	keep_said(s);
	if (rc < 0) {
		s->r->proposals_sent = 0;
		s->r->events_sent = 0;
		return rc;
	}
	/* What the centre took is what the next sync compares with. */
	for (i = 0; i < s->track.n; i++)
		if (s->tips.v[i][0])
			kb_store__ref_set(s->kb->store, s->track.v[i],
			    NULL, s->tips.v[i], "kbsync: sent");
	return 0;
}

/* --- the whole sync ------------------------------------------------- */

#define GC_TIMEOUT_MS (10 * 60 * 1000)

static void
warn(struct sync *s, char *message)
{
	struct kb_sync_result *r = s->r;

	r->warnings = xreallocarray(r->warnings, r->nwarnings + 1,
	    sizeof(*r->warnings));
	r->warnings[r->nwarnings++] = message;
}

/*
 * git gc --auto: every fetch leaves a pack and every usage commit loose
 * objects, and nothing else ever packs an office's repository.  It does
 * nothing until there is enough to pack (git's gc.auto, gc.autoPackLimit);
 * in the foreground, so that a timer's run ends when its work does.
 * libgit2 has no gc: this is git's, a recommended package.
 */
static void
gc_auto(struct sync *s)
{
	char *dir = xasprintf("--git-dir=%s", s->kb->gitdir);
	const char *argv[] = { "git", dir, "-c", "gc.autoDetach=false", "gc",
	    "--auto", "--quiet", NULL };
	struct spawn sp = { argv, NULL, NULL, "", 4096, GC_TIMEOUT_MS };
	char *out = NULL;
	size_t len = 0;
	int status = 0;

	if (kb_spawn__run(&out, &len, &status, &sp) < 0 || status != 0)
		warn(s, xasprintf("git gc --auto did not run or failed (exit "
		    "%d): the office's repository is not packed, and grows "
		    "faster than it must; is git installed (apt-get install "
		    "git)?", status));
	kb_spawn__free_output(out, len);
	free(dir);
}

static int
drop_ref(const char *name, const char *tip, void *payload)
{
	(void)tip;
	return kb_store__ref_delete(payload, name);
}

static const char *
remote_to_use(struct kb *kb, const char *given, char **configured)
{
	*configured = NULL;
	if (given && *given)
		return given;
	if (kb_config_string(configured, kb, "kb.remote") == 0 &&
	    **configured)
		return *configured;
	kb_error_clear();
	return "origin";
}

struct first_error {
	int rc;
	char *message;
};

static void
keep_first(struct first_error *f, int rc)
{
	if (rc >= 0 || f->rc < 0)
		return;
	f->rc = rc;
	f->message = xstrdup(kb_error_last());
}

/*
 * This copy's station name.  One taken from the host name is written to
 * kb.station at the first sync, so that a host renamed later does not
 * start another usage ref (a config that cannot be written only means
 * the host name is asked again next time).
 */
static void
station_to_use(struct sync *s)
{
	char *set = NULL;

	kb_sync_station(s->r->station, s->kb);
	if (kb_config_string(&set, s->kb, "kb.station") == KB_ENOTFOUND &&
	    !s->o->dry_run)
		kb_store__config_set(s->kb->store, "kb.station",
		    s->r->station);
	kb_error_clear();
	free(set);
}

/* The steps after the lock. */
static int
run(struct sync *s)
{
	struct first_error first = { 0, NULL };
	char *configured;
	const char *name = remote_to_use(s->kb, s->o->remote, &configured);
	int rc;

	rc = kb_store__remote_open(&s->remote, s->kb->store, name);
	free(configured);
	/* A named remote's fetch also moves its own tracking refs (as git
	 * does); a dry run goes by the bare address so that nothing moves. */
	if (rc == 0 && s->o->dry_run && kb_store__remote_name(s->remote)) {
		char *url = xstrdup(kb_store__remote_url(s->remote));

		kb_store__remote_close(s->remote);
		rc = kb_store__remote_open(&s->remote, s->kb->store, url);
		free(url);
	}
	if (rc < 0)
		return rc;
	s->r->url = xstrdup(kb_store__remote_url(s->remote));
	kb_sync_office(s->r->office, s->kb);
	station_to_use(s);
	track_names(s);
	if ((rc = fetch(s)) < 0)
		return rc;
	/* A step that fails (a local change keeps main where it is, the
	 * usage log cannot be read) does not stop the others: what can go
	 * out goes out, and the first error is returned at the end. */
	keep_first(&first, update_main(s));
	take_learned(s);
	keep_first(&first, kb_store__branches(s->kb->store, "proposals/",
	    proposal_cb, s));
	if ((rc = usage(s)) < 0) {
		s->r->events_sent = 0;
		keep_first(&first, rc);
	}
	if ((rc = push(s)) < 0) {
		free(first.message);
		return rc;
	}
	if (!s->o->dry_run)
		gc_auto(s);
	if (first.rc < 0) {
		kb_error_set(first.rc, "%s", first.message);
		free(first.message);
		return first.rc;
	}
	if (s->r->diverged)
		return kb_error_set(KB_ECONFLICT, "the centre's %s and this "
		    "office's have diverged (the centre's history was "
		    "rewritten, or commits were made here): this office's has %zu commit%s the centre's "
		    "lacks, and the centre's %zu this office lacks; %s was not "
		    "changed.  kbsync --reset-to-remote takes the centre's and "
		    "keeps this office's under refs/kb/backup/", s->branch,
		    s->r->local_only, s->r->local_only == 1 ? "" : "s",
		    s->r->central_only, s->branch);
	if (s->r->nrefused > 0)
		return kb_error_set(KB_ECONFLICT, "%s", s->r->refused[0]);
	if (!s->o->dry_run)
		return kb_sync_state__record(s->kb, s->central, s->r->url);
	return 0;
}

int
kb_sync(struct kb_sync_result *r, struct kb *kb,
    const struct kb_sync_options *o)
{
	struct sync s;
	int lock = -1, rc;

	memset(r, 0, sizeof(*r));
	memset(&s, 0, sizeof(s));
	s.kb = kb;
	s.o = o;
	s.r = r;
	if ((rc = kb__store(kb)) < 0)
		return rc;
	s.branch = kb_branch(kb);
	if ((rc = take_lock(kb, o, &lock)) < 0)
		return rc;
	if (!o->dry_run)
		clear_stale_locks(kb, s.branch);
	if (o->dry_run || ((rc = undo_unsafe_main(kb, s.branch)) == 0 &&
	    (rc = finish_worktree(kb, s.branch)) == 0))
		rc = run(&s);
	if (o->dry_run) {
		char *why = xstrdup(kb_error_last());

		kb_store__refs(kb->store, "refs/kb/dry-run/*",
		    drop_ref, kb->store);
		if (rc < 0)
			kb_error_set(rc, "%s", why);
		free(why);
	}
	kb_store__remote_close(s.remote);
	strlist_free(&s.push);
	strlist_free(&s.waiting);
	strlist_free(&s.track);
	strlist_free(&s.tips);
	close(lock);
	return rc;
}

void
kb_sync_result_clear(struct kb_sync_result *r)
{
	size_t i;

	for (i = 0; i < r->nrefused; i++)
		free(r->refused[i]);
	free(r->refused);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	for (i = 0; i < r->nsaid; i++)
		free(r->said[i]);
	free(r->said);
	free(r->usage_note);
	free(r->url);
	memset(r, 0, sizeof(*r));
}

/* 1 when `dir` is not there, or is an empty folder. */
static int
absent_or_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return errno == ENOENT;
	while (empty && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

/* Remove what is in `dir` (not following links), bounded in depth. */
static void
remove_contents(const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;

	if (depth > 64 || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			remove_contents(path, depth + 1);
			rmdir(path);
		} else
			unlink(path);
		free(path);
	}
	closedir(d);
}

/* The centre has no ref of that name (its fetch was skipped). */
static void
station_free(const char *spec, void *payload)
{
	(void)spec;
	*(int *)payload = 1;
}

/*
 * A station name the centre already has usage under is another copy's
 * (another PC, or this one before it was made again): refused now, as
 * kbsync would refuse it at every sync.  The fetch only asks; the ref
 * is not kept.
 */
static int
station_unused(struct kb *kb, const char *url, const char *office,
    const char *station)
{
	struct kb_store_remote *remote = NULL;
	char ref[USAGE_REF_MAX], spec[2 * USAGE_REF_MAX + 32];
	const char *specs[1];
	int rc, free_name = 0;

	kb_usage_ref__station(ref, office, station);
	snprintf(spec, sizeof(spec), "+%s:refs/kb/init-check/%s", ref,
	    ref + strlen("refs/kb/"));
	specs[0] = spec;
	if ((rc = kb_store__remote_open(&remote, kb->store, "origin")) == 0)
		rc = kb_store__fetch(remote, specs, 1, station_free, &free_name,
		    NULL, NULL);
	kb_store__remote_close(remote);
	kb_store__refs(kb->store, "refs/kb/init-check/*", drop_ref,
	    kb->store);
	if (rc < 0 || free_name)
		return rc;
	return kb_error_set(KB_ECONFLICT, "%s already has usage from "
	    "station %s of office %s (%s): another copy of the KB uses that "
	    "station name.  Give this one another with --station NAME",
	    url, station, office, ref);
}

/* A name as given, else the host's, else `fallback`: as the config keeps it. */
static void
name_or_host(char *out, size_t size, const char *given, const char *fallback)
{
	if (given && *given)
		snprintf(out, size, "%s", given);
	else if (gethostname(out, size - 1) < 0 || !*out)
		snprintf(out, size, "%s", fallback);
	out[size - 1] = '\0';
}

static int
init_remote(const char *dir, const char *url, const char *office,
    const char *station, kb_transfer_cb progress, void *payload)
{
	struct kb *kb = NULL;
	char central[KB_OID_HEX + 1], name[128], given[128];
	char slug[OFFICE_NAME_MAX + 1], here[OFFICE_NAME_MAX + 1];
	int rc;

	if ((rc = kb_store__clone(url, dir, KB_DEFAULT_BRANCH, progress,
	    payload)) < 0)
		return rc;
	if ((rc = kb_open(&kb, dir)) < 0 || (rc = kb__store(kb)) < 0)
		goto done;
	/* The office's name as given (or the host's): the slug is made when
	 * the usage ref is named, and reports show the name itself.  The
	 * station is kept as its slug: it is only ever a ref's name. */
	name_or_host(name, sizeof(name), office, "office");
	name_or_host(given, sizeof(given), station, "station");
	kb_office_name__slug(slug, name);
	kb_office_name__slug(here, given);
	if (!*slug)
		snprintf(slug, sizeof(slug), "office");
	if (!*here)
		snprintf(here, sizeof(here), "station");
	if ((rc = kb_store__config_set(kb->store, "kb.remote", "origin")) < 0 ||
	    (rc = kb_store__config_set(kb->store, "kb.office", name)) < 0 ||
	    (rc = kb_store__config_set(kb->store, "kb.station", here)) < 0 ||
	    (rc = station_unused(kb, url, slug, here)) < 0 ||
	    (rc = kb_head(central, kb)) < 0)
		goto done;
	rc = kb_sync_state__record(kb, central, url);
done:
	kb_close(kb);
	return rc;
}

/*
 * Make the office; when a step fails (a full disk, an unsafe tree, the
 * centre gone), what this made goes, so that the same command works
 * once the cause is fixed.  A folder that held anything is left alone.
 */
int
kb_init_remote(const char *dir, const char *url, const char *office,
    const char *station, kb_transfer_cb progress, void *payload)
{
	int fresh = absent_or_empty(dir), existed = access(dir, F_OK) == 0;
	int rc = init_remote(dir, url, office, station, progress, payload);

	if (rc < 0 && fresh) {
		remove_contents(dir, 0);
		if (!existed)
			rmdir(dir);
	}
	return rc;
}
