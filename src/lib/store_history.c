/*
 * When files last changed on a branch: the first-parent history, newest
 * first, so a merged proposal counts from when it was merged.  Each step
 * compares a commit's tree with its parent's the way the index does
 * (kb_store__diff: unchanged folders are skipped unread), so the cost is
 * the history's changes, not the number of paths asked about.
 */
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "store.h"
#include "store_private.h"
#include "strmap.h"
#include "xmalloc.h"

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
		if (kb_store__lookup_path(s, tree, paths[i], blob) == 0) {
			*strmap_get(&w->wanted, paths[i], strlen(paths[i])) =
			    (int64_t)i + 1;
			w->left++;
		}
	kb_error_clear();
}

int
kb_store__last_changes(struct kb_store *s, const char *commit,
    const char *const *paths, size_t n, long long *times)
{
	struct kb_store_commit c, parent;
	struct walk w;
	int rc, have_parent;

	memset(times, 0, n * sizeof(*times));
	memset(&w, 0, sizeof(w));
	w.times = times;
	if ((rc = kb_store__commit_read(s, commit, &c)) < 0)
		return rc;
	want_present(&w, s, c.tree, paths, n);
	while (w.left > 0) {
		have_parent = c.parent[0] &&
		    kb_store__commit_read(s, c.parent, &parent) == 0;
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
