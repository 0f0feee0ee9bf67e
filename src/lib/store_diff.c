/*
 * Comparing trees: the files kb reads that differ between two trees (what
 * an index update reads), every file that differs between two commits,
 * and a proposal's patch as text.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/error.h"
#include "store_private.h"
#include "xmalloc.h"

/* The state of one tree comparison. */
struct diff {
	struct kb_store *s;
	kb_store_change_cb cb;
	void *payload;
	struct buf path;
};

static int diff_trees(struct diff *d, const git_tree *a, const git_tree *b);

/* Only the answers and notices folders and the root files kb reads are
 * compared. */
static int
wanted_at_root(const char *name, git_object_t type)
{
	if (type == GIT_OBJECT_TREE)
		return strcmp(name, "answers") == 0 ||
		    strcmp(name, "notices") == 0;
	return strcmp(name, "synonyms.txt") == 0;
}

static int
report_blob(struct diff *d, const git_tree_entry *old_e,
    const git_tree_entry *new_e)
{
	char old_hex[KB_OID_HEX + 1], new_hex[KB_OID_HEX + 1];

	if (old_e)
		git_oid_tostr(old_hex, sizeof(old_hex), git_tree_entry_id(old_e));
	if (new_e)
		git_oid_tostr(new_hex, sizeof(new_hex), git_tree_entry_id(new_e));
	return d->cb(buf_cstr(&d->path), old_e ? old_hex : NULL,
	    new_e ? new_hex : NULL, d->payload);
}

/*
 * Report one side's entry (the other side has none at this name), or both
 * when they differ.  Trees are opened only when their ids differ.
 */
static int
diff_entry(struct diff *d, const git_tree_entry *old_e,
    const git_tree_entry *new_e)
{
	const git_tree_entry *any = old_e ? old_e : new_e;
	git_tree *old_t = NULL, *new_t = NULL;
	size_t saved = d->path.len;
	int rc = 0;

	if (old_e && new_e && git_oid_equal(git_tree_entry_id(old_e),
	    git_tree_entry_id(new_e)))
		return 0;
	if (d->path.len)
		buf_addc(&d->path, '/');
	buf_adds(&d->path, git_tree_entry_name(any));
	if (git_tree_entry_type(any) == GIT_OBJECT_TREE) {
		if (old_e && (rc = git_tree_lookup(&old_t, d->s->repo,
		    git_tree_entry_id(old_e))) < 0) {
			rc = kb_store__fail(rc, buf_cstr(&d->path));
			goto done;
		}
		if (new_e && (rc = git_tree_lookup(&new_t, d->s->repo,
		    git_tree_entry_id(new_e))) < 0) {
			rc = kb_store__fail(rc, buf_cstr(&d->path));
			goto done;
		}
		rc = diff_trees(d, old_t, new_t);
	} else if (git_tree_entry_type(any) == GIT_OBJECT_BLOB &&
	    git_tree_entry_filemode(any) != GIT_FILEMODE_LINK) {
		rc = report_blob(d, old_e, new_e);
	}
done:
	git_tree_free(old_t);
	git_tree_free(new_t);
	buf_truncate(&d->path, saved);
	return rc;
}

static int
entry_wanted(struct diff *d, const git_tree_entry *e)
{
	return d->path.len > 0 ||
	    wanted_at_root(git_tree_entry_name(e), git_tree_entry_type(e));
}

/* Merge-walk two trees' sorted entries. */
static int
diff_trees(struct diff *d, const git_tree *a, const git_tree *b)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0,
	    nb = b ? git_tree_entrycount(b) : 0;
	int rc = 0;

	while (rc == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i)
		    : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j)
		    : NULL;
		int cmp = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);

		/* A file that became a folder compares unequal: both sides
		 * are reported, as a deletion and an addition. */
		if (cmp == 0 && git_tree_entry_type(ea) != git_tree_entry_type(eb))
			cmp = -1;
		if (cmp < 0) {
			if (entry_wanted(d, ea))
				rc = diff_entry(d, ea, NULL);
			i++;
		} else if (cmp > 0) {
			if (entry_wanted(d, eb))
				rc = diff_entry(d, NULL, eb);
			j++;
		} else {
			if (entry_wanted(d, ea))
				rc = diff_entry(d, ea, eb);
			i++;
			j++;
		}
	}
	return rc;
}

static int
tree_lookup_hex(git_tree **out, struct kb_store *s, const char *hex)
{
	git_oid oid;
	int rc;

	*out = NULL;
	if (hex == NULL)
		return 0;
	if (git_oid_fromstr(&oid, hex) < 0)
		return kb_error_set(KB_EINVALID, "bad tree id %s", hex);
	if ((rc = git_tree_lookup(out, s->repo, &oid)) < 0)
		return kb_store__fail(rc, hex);
	return 0;
}

int
kb_store__diff(struct kb_store *s, const char *old_hex, const char *new_hex,
    kb_store_change_cb cb, void *payload)
{
	struct diff d = { s, cb, payload, BUF_INIT };
	git_tree *old_t = NULL, *new_t = NULL;
	int rc;

	if ((rc = tree_lookup_hex(&old_t, s, old_hex)) < 0 ||
	    (rc = tree_lookup_hex(&new_t, s, new_hex)) < 0)
		goto done;
	rc = diff_trees(&d, old_t, new_t);
done:
	git_tree_free(old_t);
	git_tree_free(new_t);
	buf_free(&d.path);
	return rc;
}

int
kb_store__diff_files(struct kb_store *s, const char *old_commit,
    const char *new_commit, kb_store_change_cb cb, void *payload)
{
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	size_t i, n;
	int rc;

	if ((rc = kb_store__commit_tree(&a, s, old_commit)) < 0 ||
	    (rc = kb_store__commit_tree(&b, s, new_commit)) < 0)
		goto done;
	if ((rc = git_diff_tree_to_tree(&diff, s->repo, a, b, NULL)) < 0) {
		rc = kb_store__fail(rc, "comparing trees");
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; rc == 0 && i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		char old_hex[KB_OID_HEX + 1], new_hex[KB_OID_HEX + 1];

		kb_store__hex_of(old_hex, &d->old_file.id);
		kb_store__hex_of(new_hex, &d->new_file.id);
		rc = cb(d->new_file.path,
		    d->status == GIT_DELTA_ADDED ? NULL : old_hex,
		    d->status == GIT_DELTA_DELETED ? NULL : new_hex, payload);
	}
done:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

/* The root tree of commit `hex`. */
static int
tree_of(git_tree **out, struct kb_store *s, const char *hex)
{
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	if ((rc = kb_store__commit_lookup(&c, s, hex)) < 0)
		return rc;
	if ((rc = git_commit_tree(out, c)) < 0)
		rc = kb_store__fail(rc, "comparing");
	git_commit_free(c);
	return rc;
}

/* The patch from `ours` to `theirs` of `paths` alone. */
static int
patch_of(char **out, struct kb_store *s, git_tree *ours, git_tree *theirs,
    const git_strarray *paths)
{
	git_diff_options o;
	git_diff *shown = NULL;
	git_buf text = GIT_BUF_INIT;
	int rc;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.pathspec = *paths;
	o.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	if ((rc = git_diff_tree_to_tree(&shown, s->repo, ours, theirs,
	    &o)) < 0 ||
	    (rc = git_diff_to_buf(&text, shown, GIT_DIFF_FORMAT_PATCH)) < 0)
		rc = kb_store__fail(rc, "making the diff");
	else
		*out = xstrdup(text.ptr ? text.ptr : "");
	git_buf_dispose(&text);
	git_diff_free(shown);
	return rc;
}

int
kb_store__diff_text(char **out, struct kb_store *s, const char *base_hex,
    const char *ours_hex, const char *theirs_hex)
{
	git_tree *base = NULL, *ours = NULL, *theirs = NULL;
	git_diff *changed = NULL;
	git_strarray paths = { NULL, 0 };
	size_t i, n;
	int rc;

	*out = NULL;
	if ((rc = tree_of(&base, s, base_hex)) < 0 ||
	    (rc = tree_of(&ours, s, ours_hex)) < 0 ||
	    (rc = tree_of(&theirs, s, theirs_hex)) < 0)
		goto done;
	if ((rc = git_diff_tree_to_tree(&changed, s->repo, base, theirs,
	    NULL)) < 0) {
		rc = kb_store__fail(rc, "comparing");
		goto done;
	}
	/* What the proposal changed, shown against the branch as it is now. */
	n = git_diff_num_deltas(changed);
	paths.strings = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		paths.strings[paths.count++] = (char *)git_diff_get_delta(
		    changed, i)->new_file.path;
	if (n == 0)
		*out = xstrdup("");
	else
		rc = patch_of(out, s, ours, theirs, &paths);
done:
	free(paths.strings);
	git_diff_free(changed);
	git_tree_free(theirs);
	git_tree_free(ours);
	git_tree_free(base);
	return rc;
}
