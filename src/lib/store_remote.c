/*
 * The git store and other repositories: cloning, fetching and pushing
 * through libgit2, with progress, credentials from the ssh agent, and
 * a distinct error (KB_EOFFLINE) when the other side cannot be reached.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/error.h"
#include "store_private.h"
#include "xmalloc.h"

struct kb_store_remote {
	git_remote *remote;
	char *name;		/* NULL: an address given on the command line */
};

/* What the callbacks need during one transfer. */
struct transfer {
	kb_transfer_cb progress;
	void *payload;
	int credential_tries;
	kb_store_rejected_cb rejected;
	void *rejected_payload;
};

static int
on_fetch_progress(const git_indexer_progress *p, void *payload)
{
	struct transfer *t = payload;
	struct kb_transfer k;

	if (t->progress == NULL)
		return 0;
	memset(&k, 0, sizeof(k));
	k.objects_total = p->total_objects;
	k.objects_done = p->received_objects;
	k.deltas_total = p->total_deltas;
	k.deltas_done = p->indexed_deltas;
	k.bytes = p->received_bytes;
	t->progress(&k, t->payload);
	return 0;
}

static int
on_push_progress(unsigned current, unsigned total, size_t bytes,
    void *payload)
{
	struct transfer *t = payload;
	struct kb_transfer k;

	if (t->progress == NULL)
		return 0;
	memset(&k, 0, sizeof(k));
	k.pushing = 1;
	k.objects_total = total;
	k.objects_done = current;
	k.bytes = bytes;
	t->progress(&k, t->payload);
	return 0;
}

/* ssh: the keys the ssh agent holds, offered once (no endless retry). */
static int
on_credentials(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *payload)
{
	struct transfer *t = payload;

	(void)url;
	if (t->credential_tries++ > 0 || !(allowed & GIT_CREDENTIAL_SSH_KEY))
		return GIT_PASSTHROUGH;
	return git_credential_ssh_key_from_agent(out, user ? user : "git");
}

static int
on_push_update(const char *ref, const char *status, void *payload)
{
	struct transfer *t = payload;

	if (status && t->rejected)
		t->rejected(ref, status, t->rejected_payload);
	return 0;
}

static void
callbacks_init(git_remote_callbacks *cb, struct transfer *t)
{
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->transfer_progress = on_fetch_progress;
	cb->push_transfer_progress = on_push_progress;
	cb->credentials = on_credentials;
	cb->push_update_reference = on_push_update;
	cb->payload = t;
}

/* An address that is a local path (or file://) with nothing there. */
static int
is_missing_path(const char *url)
{
	struct stat st;

	if (strncmp(url, "file://", 7) == 0)
		url += 7;
	else if (strstr(url, "://") || (strchr(url, ':') &&
	    strchr(url, ':') < (strchr(url, '/') ? strchr(url, '/') :
	    url + strlen(url))))
		return 0;	/* a network address, or scp-like host:path */
	return stat(url, &st) < 0;
}

/*
 * An error while talking to the other side: the network, or the path of
 * a repository that is not there (a share not mounted), mean "cannot
 * reach the centre now", which a field office lives with.  A refused key,
 * a bad certificate or a path that is no repository are errors someone
 * must fix; so is this side's disk, full (KB_EFULL) or not writable (a
 * system error naming `local`, the directory written here): an office
 * that takes those for "offline" would stay behind without a word.
 */
static int
transfer_fail(int rc, const char *url, const char *doing, const char *local)
{
	const git_error *e = git_error_last();
	int klass = e ? e->klass : GIT_ERROR_NONE;
	const char *msg = e && e->message ? e->message : "git error";

	(void)rc;
	if (store_disk_full(msg))
		return kb_error_set(KB_EFULL, "the disk is full (%s): free "
		    "space and try again (%s %s: %s)", local, doing, url, msg);
	if (is_missing_path(url))
		return kb_error_set(KB_EOFFLINE, "%s %s: no such directory",
		    doing, url);
	/* Reached, and it said no (a push not allowed, no such repo). */
	if (strncmp(msg, "remote error", 12) == 0)
		return kb_error_set(KB_ERROR, "%s %s: %s", doing, url, msg);
	if (klass == GIT_ERROR_OS && *local && strstr(msg, local))
		return kb_error_set(KB_ERROR, "%s %s: %s", doing, url, msg);
	if (klass == GIT_ERROR_NET || klass == GIT_ERROR_OS)
		return kb_error_set(KB_EOFFLINE, "%s %s: %s", doing, url, msg);
	return kb_error_set(KB_ERROR, "%s %s: %s", doing, url, msg);
}

/* Where a transfer writes: this repository's git directory. */
static const char *
local_dir(const struct kb_store_remote *r)
{
	git_repository *repo = git_remote_owner(r->remote);
	const char *path = repo ? git_repository_path(repo) : NULL;

	return path ? path : "";
}

/* The files in `dir` as libgit2 names them in its messages: an
 * absolute path, ending in '/'. */
static char *
absolute(const char *dir)
{
	char cwd[4096];
	size_t n = strlen(dir);
	const char *slash = n && dir[n - 1] == '/' ? "" : "/";

	if (*dir == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return xasprintf("%s%s", dir, slash);
	return xasprintf("%s/%s%s", cwd, dir, slash);
}

/*
 * A new clone's files, written only when its tree is safe to check out
 * (kb_store__tree_unsafe): a hand-made tree must not write outside the
 * new work tree, or into its .git.
 */
static int
checkout_if_safe(git_repository *repo, const char *branch)
{
	struct kb_store st = { repo };
	git_checkout_options co;
	git_oid head;
	char hex[KB_OID_HEX + 1], *why = NULL;
	int rc;

	if ((rc = git_reference_name_to_id(&head, repo, "HEAD")) < 0)
		return git_fail(rc, branch);
	store_hex_of(hex, &head);
	if ((rc = kb_store__tree_unsafe(&st, "", hex, &why)) == 1)
		rc = kb_error_set(KB_EINVALID, "the centre's %s %.12s has an "
		    "unsafe path, %s; the centre must fix %s, then make the "
		    "office again", branch, hex, why, branch);
	free(why);
	if (rc != 0)
		return rc;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;	/* a new work tree */
	if ((rc = git_checkout_head(repo, &co)) < 0)
		return git_fail(rc, "writing the answers");
	return 0;
}

int
kb_store__clone(const char *url, const char *dir, const char *branch,
    kb_transfer_cb progress, void *payload)
{
	git_clone_options o;
	git_repository *repo = NULL;
	struct transfer t = { progress, payload, 0, NULL, NULL };
	int rc;

	if ((rc = kb_store__global_init()) < 0)
		return rc;
	git_clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
	callbacks_init(&o.fetch_opts.callbacks, &t);
	o.checkout_branch = branch;
	o.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	if ((rc = git_clone(&repo, url, dir, &o)) == 0)
		rc = checkout_if_safe(repo, branch);
	else {
		char *local = absolute(dir);

		rc = rc == GIT_ENOTFOUND ? kb_error_set(KB_ENOTFOUND,
		    "%s has no branch %s", url, branch) :
		    transfer_fail(rc, url, "cannot clone", local);
		free(local);
	}
	git_repository_free(repo);
	return rc;
}

int
kb_store__remote_open(struct kb_store_remote **out, struct kb_store *s,
    const char *name_or_url)
{
	struct kb_store_remote *r;
	int rc;

	*out = NULL;
	r = xcalloc(1, sizeof(*r));
	rc = git_remote_lookup(&r->remote, s->repo, name_or_url);
	if (rc == 0)
		r->name = xstrdup(name_or_url);
	else if (strchr(name_or_url, '/') || strchr(name_or_url, ':'))
		rc = git_remote_create_anonymous(&r->remote, s->repo,
		    name_or_url);
	else {
		free(r);
		return kb_error_set(KB_ENOTFOUND, "no remote named '%s' "
		    "(give its name or an address)", name_or_url);
	}
	if (rc < 0) {
		free(r->name);
		free(r);
		return git_fail(rc, name_or_url);
	}
	*out = r;
	return 0;
}

void
kb_store__remote_close(struct kb_store_remote *r)
{
	if (r == NULL)
		return;
	git_remote_free(r->remote);
	free(r->name);
	free(r);
}

const char *
kb_store__remote_name(const struct kb_store_remote *r)
{
	return r->name;
}

const char *
kb_store__remote_url(const struct kb_store_remote *r)
{
	const char *url = git_remote_url(r->remote);

	return url ? url : "";
}

/* The source of a refspec "[+]src:dst" when it names one ref, else NULL. */
static char *
exact_source(const char *spec)
{
	const char *colon;

	if (*spec == '+')
		spec++;
	if (strchr(spec, '*') || (colon = strchr(spec, ':')) == NULL)
		return NULL;
	return xstrndup(spec, (size_t)(colon - spec));
}

static int
advertised(const git_remote_head **heads, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(heads[i]->name, name) == 0)
			return 1;
	return 0;
}

/*
 * The refspecs the other side can answer: one naming a single ref it
 * does not have is left out (and `gone` called with it), so a first
 * sync with no usage on the centre yet is not an error.
 */
static size_t
answerable(git_remote *remote, const char *const *specs, size_t n,
    char **keep, void (*gone)(const char *spec, void *), void *payload)
{
	const git_remote_head **heads;
	size_t nheads, i, k = 0;

	if (git_remote_ls(&heads, &nheads, remote) < 0)
		nheads = 0;
	for (i = 0; i < n; i++) {
		char *src = exact_source(specs[i]);

		if (src == NULL || advertised(heads, nheads, src))
			keep[k++] = (char *)specs[i];
		else if (gone)
			gone(specs[i], payload);
		free(src);
	}
	return k;
}

int
kb_store__fetch(struct kb_store_remote *r, const char *const *specs,
    size_t n, void (*gone)(const char *spec, void *), void *gone_payload,
    kb_transfer_cb progress, void *payload)
{
	struct transfer t = { progress, payload, 0, NULL, NULL };
	git_fetch_options o;
	git_strarray arr;
	const char *url = kb_store__remote_url(r);
	char **keep;
	int rc;

	git_fetch_options_init(&o, GIT_FETCH_OPTIONS_VERSION);
	callbacks_init(&o.callbacks, &t);
	o.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	o.update_fetchhead = 0;
	if ((rc = git_remote_connect(r->remote, GIT_DIRECTION_FETCH,
	    &o.callbacks, NULL, NULL)) < 0)
		return transfer_fail(rc, url, "cannot reach", local_dir(r));
	keep = xcalloc(n ? n : 1, sizeof(*keep));
	arr.strings = keep;
	arr.count = answerable(r->remote, specs, n, keep, gone, gone_payload);
	if (arr.count > 0) {
		if ((rc = git_remote_download(r->remote, &arr, &o)) < 0)
			rc = transfer_fail(rc, url, "fetching from",
			    local_dir(r));
		else if ((rc = git_remote_update_tips(r->remote, &o.callbacks,
		    0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, "kbsync: fetch")) < 0 ||
		    (rc = git_remote_prune(r->remote, &o.callbacks)) < 0)
			rc = git_fail(rc, "recording what was fetched");
	}
	git_remote_disconnect(r->remote);
	free(keep);
	return rc;
}

int
kb_store__push(struct kb_store_remote *r, const char *const *specs,
    size_t n, kb_store_rejected_cb rejected, void *rejected_payload,
    kb_transfer_cb progress, void *payload)
{
	struct transfer t = { progress, payload, 0, rejected,
	    rejected_payload };
	git_push_options o;
	git_strarray arr;
	int rc;

	if (n == 0)
		return 0;
	git_push_options_init(&o, GIT_PUSH_OPTIONS_VERSION);
	callbacks_init(&o.callbacks, &t);
	arr.strings = (char **)specs;
	arr.count = n;
	if ((rc = git_remote_push(r->remote, &arr, &o)) < 0)
		rc = transfer_fail(rc, kb_store__remote_url(r), "pushing to",
		    local_dir(r));
	git_remote_disconnect(r->remote);
	return rc;
}
