/*
 * History: whether one commit is in another's history, where two
 * histories meet and how far apart they are, every commit of a walk, and
 * when files last changed on a branch.
 *
 * When files last changed: the first-parent history, newest first, so a
 * merged proposal counts from when it was merged.  Each step compares a
 * commit's tree with its parent's the way the index does (kb_store__diff:
 * unchanged folders are skipped unread), so the cost is the history's
 * changes, not the number of paths asked about.
 */
#include "store.h"

#include <string.h>

#include "kb/error.h"
#include "store_private.h"
#include "strmap.h"

int
kb_store__contains(struct kb_store *s, const char *tip, const char *commit)
{
	git_oid a, b;
	int rc;

	if ((rc = kb_store__oid_from(&a, tip)) < 0 ||
	    (rc = kb_store__oid_from(&b, commit)) < 0)
		return rc;
	if (git_oid_equal(&a, &b))
		return 1;
	rc = git_graph_descendant_of(s->repo, &a, &b);
	return rc < 0 ? kb_store__fail(rc, "walking history") : rc;
}

int
kb_store__merge_base(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *a, const char *b)
{
	git_oid x, y, base;
	int rc;

	if ((rc = kb_store__oid_from(&x, a)) < 0 ||
	    (rc = kb_store__oid_from(&y, b)) < 0)
		return rc;
	if ((rc = git_merge_base(&base, s->repo, &x, &y)) < 0)
		return kb_store__fail(rc, "finding where the proposal started");
	kb_store__hex_of(out, &base);
	return 0;
}

int
kb_store__ahead_behind(size_t *ahead, size_t *behind, struct kb_store *s,
    const char *local, const char *upstream)
{
	git_oid a, b;
	int rc;

	if ((rc = kb_store__oid_from(&a, local)) < 0 ||
	    (rc = kb_store__oid_from(&b, upstream)) < 0)
		return rc;
	if ((rc = git_graph_ahead_behind(ahead, behind, s->repo, &a, &b)) < 0)
		return kb_store__fail(rc, "comparing histories");
	return 0;
}

int
kb_store__walk(struct kb_store *s, const char *tip, const char *hide,
    kb_store_commit_cb cb, void *payload)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc;

	if ((rc = git_revwalk_new(&walk, s->repo)) < 0)
		return kb_store__fail(rc, "walking history");
	if ((rc = kb_store__oid_from(&oid, tip)) < 0 ||
	    (rc = git_revwalk_push(walk, &oid)) < 0)
		goto done;
	if (hide && *hide && ((rc = kb_store__oid_from(&oid, hide)) < 0 ||
	    (rc = git_revwalk_hide(walk, &oid)) < 0))
		goto done;
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		char hex[KB_OID_HEX + 1];

		kb_store__hex_of(hex, &oid);
		if ((rc = cb(hex, payload)) != 0)
			break;
	}
	if (rc == GIT_ITEROVER)
		rc = 0;
done:
	git_revwalk_free(walk);
	return rc < 0 && rc != KB_EINVALID ?
	    kb_store__fail(rc, "walking history") : rc;
}

struct walk {
	struct strmap wanted;	/* path -> its index + 1 */
	long long *times;
	size_t left;		/* paths whose last change is not known */
	long long when;		/* the commit being looked at */
};

static int
note_change(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct walk *w = payload;
	int64_t *at = strmap_find(&w->wanted, path, strlen(path));

	(void)old_oid;
	(void)new_oid;
	if (at && *at > 0 && w->times[*at - 1] == 0) {
		w->times[*at - 1] = w->when;
		w->left--;
	}
	return 0;
}

/* Whether each path is in the tip's tree: the others stay 0. */
static void
want_present(struct walk *w, struct kb_store *s, const char *tree,
    const char *const *paths, size_t n)
{
	char blob[KB_OID_HEX + 1];
	size_t i;

	for (i = 0; i < n; i++)
		if (kb_store__lookup_path(blob, s, tree, paths[i]) == 0) {
			*strmap_get(&w->wanted, paths[i], strlen(paths[i])) =
			    (int64_t)i + 1;
			w->left++;
		}
	kb_error_clear();
}

int
kb_store__last_changes(long long *times, struct kb_store *s, const char *commit,
    const char *const *paths, size_t n)
{
	struct kb_store_commit c, parent;
	struct walk w;
	int rc, have_parent;

	memset(times, 0, n * sizeof(*times));
	memset(&w, 0, sizeof(w));
	w.times = times;
	if ((rc = kb_store__commit_read(&c, s, commit)) < 0)
		return rc;
	want_present(&w, s, c.tree, paths, n);
	while (w.left > 0) {
		have_parent = c.parent[0] &&
		    kb_store__commit_read(&parent, s, c.parent) == 0;
		w.when = c.committed;
		/* A commit without parent added everything it has. */
		rc = kb_store__diff(s, have_parent ? parent.tree : NULL,
		    c.tree, note_change, &w);
		kb_store__commit_clear(&c);
		if (rc < 0 || !have_parent) {
			if (have_parent)
				kb_store__commit_clear(&parent);
			goto done;
		}
		c = parent;
	}
	kb_store__commit_clear(&c);
done:
	strmap_clear(&w.wanted);
	return rc < 0 ? rc : 0;
}
