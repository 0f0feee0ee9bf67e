/*
 * The git store and other repositories: cloning, fetching and pushing
 * through libgit2, with progress, and a distinct error (KB_EOFFLINE)
 * when the other side cannot be reached.  How the other side is reached
 * (credentials, host keys, certificates) and each problem's message are
 * store_centre.c's.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/error.h"
#include "store_centre.h"
#include "store_private.h"
#include "url.h"
#include "xmalloc.h"

struct kb_store_remote {
	git_remote *remote;
	char *name;		/* NULL: an address given on the command line */
	struct store_centre centre;
};

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
		return kb_store__fail(rc, branch);
	kb_store__hex_of(hex, &head);
	if ((rc = kb_store__tree_unsafe(&why, &st, "", hex)) == 1)
		rc = kb_error_set(KB_EINVALID, "the centre's %s %.12s has an "
		    "unsafe path, %s; the centre must fix %s, then make the "
		    "office again", branch, hex, why, branch);
	free(why);
	if (rc != 0)
		return rc;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;	/* a new work tree */
	if ((rc = git_checkout_head(repo, &co)) < 0)
		return kb_store__fail(rc, "writing the answers");
	return 0;
}

int
kb_store__clone(const char *url, const char *dir, const char *branch,
    kb_transfer_cb progress, void *payload)
{
	git_clone_options o;
	git_repository *repo = NULL;
	struct store_centre c;
	struct store_transfer t;
	char *local;
	int rc;

	if ((rc = kb_store__global_init()) < 0)
		return rc;
	if ((rc = kb_store_centre__init(&c, NULL, url, NULL)) < 0) {
		kb_store_centre__clear(&c);
		return rc;
	}
	kb_store_centre__transfer_init(&t, &c, progress, payload);
	git_clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
	kb_store_centre__callbacks_init(&o.fetch_opts.callbacks, &t);
	o.checkout_branch = branch;
	o.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	rc = git_clone(&repo, url, dir, &o);
	local = absolute(dir);
	if (rc == GIT_ENOTFOUND && t.problem == NULL)
		rc = kb_error_set(KB_ENOTFOUND, "%s has no branch %s", c.url,
		    branch);
	else
		rc = kb_store_centre__transfer_end(rc, &t, "cannot clone",
		    local);
	free(local);
	if (rc == 0)
		rc = checkout_if_safe(repo, branch);
	git_repository_free(repo);
	kb_store_centre__clear(&c);
	return rc;
}

int
kb_store__remote_open(struct kb_store_remote **out, struct kb_store *s,
    const char *name_or_url)
{
	struct kb_store_remote *r;
	const char *url;
	char *shown;
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
		shown = kb_url__redacted(name_or_url);
		rc = kb_store__fail(rc, shown);
		free(shown);
		free(r->name);
		free(r);
		return rc;
	}
	url = git_remote_url(r->remote);
	if ((rc = kb_store_centre__init(&r->centre, s->repo, url ? url : "",
	    r->name)) < 0) {
		kb_store__remote_close(r);
		return rc;
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
	kb_store_centre__clear(&r->centre);
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
	return r->centre.url ? r->centre.url : "";
}

size_t
kb_store__remote_said(const char *const **lines,
    const struct kb_store_remote *r)
{
	*lines = (const char *const *)r->centre.said;
	return r->centre.nsaid;
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

/*
 * The remote a transfer goes through: the same address with no refspec
 * of its own.  A named remote's fetch or push also copies what the given
 * refspecs move under its own refs/remotes/<name>/ (libgit2's
 * "opportunistic" updates, as git does): an office would keep a second
 * copy of each proposal there, never pruned.  Only the given refspecs
 * write refs.
 */
static int
transfer_remote(struct kb_store_remote *r, int push, git_remote **out)
{
	git_remote_create_options co;
	const char *url = push && git_remote_pushurl(r->remote) ?
	    git_remote_pushurl(r->remote) : git_remote_url(r->remote);
	int rc;

	*out = r->remote;
	if (r->name == NULL || url == NULL)
		return 0;
	git_remote_create_options_init(&co, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	co.repository = git_remote_owner(r->remote);
	/* The address is the named remote's, already rewritten. */
	co.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF |
	    GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if ((rc = git_remote_create_with_opts(out, url, &co)) < 0)
		return kb_store__fail(rc, r->centre.url);
	return 0;
}

int
kb_store__fetch(struct kb_store_remote *r, const char *const *specs,
    size_t n, void (*gone)(const char *spec, void *), void *gone_payload,
    kb_transfer_cb progress, void *payload)
{
	struct store_transfer t;
	git_fetch_options o;
	git_strarray arr;
	git_remote *remote;
	char **keep;
	int rc;

	if ((rc = transfer_remote(r, 0, &remote)) < 0)
		return rc;
	kb_store_centre__transfer_init(&t, &r->centre, progress, payload);
	git_fetch_options_init(&o, GIT_FETCH_OPTIONS_VERSION);
	kb_store_centre__callbacks_init(&o.callbacks, &t);
	o.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	o.update_fetchhead = 0;
	if ((rc = git_remote_connect(remote, GIT_DIRECTION_FETCH,
	    &o.callbacks, NULL, NULL)) < 0) {
		rc = kb_store_centre__transfer_end(rc, &t, "cannot reach",
		    local_dir(r));
		goto done;
	}
	keep = xcalloc(n ? n : 1, sizeof(*keep));
	arr.strings = keep;
	arr.count = answerable(remote, specs, n, keep, gone, gone_payload);
	rc = 0;
	if (arr.count > 0 &&
	    (rc = git_remote_download(remote, &arr, &o)) == 0 &&
	    ((rc = git_remote_update_tips(remote, &o.callbacks, 0,
	    GIT_REMOTE_DOWNLOAD_TAGS_NONE, "kbsync: fetch")) < 0 ||
	    (rc = git_remote_prune(remote, &o.callbacks)) < 0))
		rc = kb_store__fail(rc, "recording what was fetched");
	else
		rc = kb_store_centre__transfer_end(rc, &t, "fetching from",
		    local_dir(r));
	git_remote_disconnect(remote);
	free(keep);
done:
	if (remote != r->remote)
		git_remote_free(remote);
	return rc;
}

/* One push; *libgit2_rc (may be NULL) gets libgit2's own code.  What the
 * other side says while it runs is kept (kb_store__remote_said).  With
 * `plain`, through transfer_remote: no refs/remotes/ copy moves. */
static int
push_with(struct kb_store_remote *r, const char *const *specs, size_t n,
    struct store_transfer *t, int *libgit2_rc, int plain)
{
	git_push_options o;
	git_strarray arr;
	git_remote *remote;
	int rc;

	if (libgit2_rc)
		*libgit2_rc = 0;
	kb_store_centre__said_clear(&r->centre);
	if (n == 0)
		return 0;
	remote = r->remote;
	if (plain && (rc = transfer_remote(r, 1, &remote)) < 0)
		return rc;
	t->listening = 1;
	git_push_options_init(&o, GIT_PUSH_OPTIONS_VERSION);
	kb_store_centre__callbacks_init(&o.callbacks, t);
	arr.strings = (char **)specs;
	arr.count = n;
	rc = git_remote_push(remote, &arr, &o);
	kb_store_centre__said_flush(&r->centre);
	if (rc < 0 && libgit2_rc)
		*libgit2_rc = rc;
	rc = kb_store_centre__transfer_end(rc, t, "pushing to",
	    local_dir(r));
	git_remote_disconnect(remote);
	if (remote != r->remote)
		git_remote_free(remote);
	return rc;
}

int
kb_store__push(struct kb_store_remote *r, const char *const *specs,
    size_t n, kb_store_rejected_cb rejected, void *rejected_payload,
    kb_transfer_cb progress, void *payload)
{
	struct store_transfer t;

	kb_store_centre__transfer_init(&t, &r->centre, progress, payload);
	t.rejected = rejected;
	t.rejected_payload = rejected_payload;
	return push_with(r, specs, n, &t, NULL, 1);
}

int
kb_store__push_told(struct kb_store_remote *r, const char *const *specs,
    size_t n, kb_store_rejected_cb rejected, kb_store_told_cb told,
    void *payload)
{
	struct store_transfer t;
	int libgit2_rc, rc;

	kb_store_centre__transfer_init(&t, &r->centre, NULL, NULL);
	t.rejected = rejected;
	t.rejected_payload = payload;
	t.told = told;
	rc = push_with(r, specs, n, &t, &libgit2_rc, 0);
	/* The other side moved past what was fetched: not the network, nor
	 * a refusal, but a race the caller may run again. */
	if (rc < 0 && libgit2_rc == GIT_ENONFASTFORWARD)
		rc = kb_error_set(KB_ECONFLICT, "%s", kb_error_last());
	return rc;
}
