/*
 * The git store's refs: reading, moving and listing them, comparing
 * histories, and commits that no branch holds yet (kbsync's usage ref).
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "store_private.h"
#include "xmalloc.h"

int
kb_store__ref(struct kb_store *s, const char *name, char oid[KB_OID_HEX + 1])
{
	git_oid id;
	int rc;

	rc = git_reference_name_to_id(&id, s->repo, name);
	if (rc == GIT_ENOTFOUND)
		return KB_ENOTFOUND;
	if (rc < 0)
		return kb_store__fail(rc, name);
	kb_store__hex_of(oid, &id);
	return 0;
}

int
kb_store__ref_set(struct kb_store *s, const char *name, const char *from,
    const char *to, const char *why)
{
	git_reference *r = NULL;
	git_oid old, new;
	int rc;

	if ((rc = kb_store__oid_from(&new, to)) < 0)
		return rc;
	if (from == NULL)
		rc = git_reference_create(&r, s->repo, name, &new, 1, why);
	else if (*from == '\0')
		rc = git_reference_create(&r, s->repo, name, &new, 0, why);
	else if ((rc = kb_store__oid_from(&old, from)) < 0)
		return rc;
	else
		rc = git_reference_create_matching(&r, s->repo, name, &new, 1,
		    &old, why);
	git_reference_free(r);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
		return kb_error_set(KB_ECONFLICT, "%s moved meanwhile; try "
		    "again", name);
	return rc < 0 ? kb_store__fail(rc, name) : 0;
}

int
kb_store__ref_delete(struct kb_store *s, const char *name)
{
	git_reference *r = NULL;
	int rc;

	if ((rc = git_reference_lookup(&r, s->repo, name)) == GIT_ENOTFOUND)
		return 0;
	if (rc == 0)
		rc = git_reference_delete(r);
	git_reference_free(r);
	return rc < 0 ? kb_store__fail(rc, name) : 0;
}

/* Every ref matching `glob`, named without its first `skip` bytes. */
static int
each_ref(struct kb_store *s, const char *glob, size_t skip,
    kb_store_ref_cb cb, void *payload)
{
	git_reference_iterator *it = NULL;
	git_reference *r;
	int rc;

	if ((rc = git_reference_iterator_glob_new(&it, s->repo, glob)) < 0)
		return kb_store__fail(rc, glob);
	while ((rc = git_reference_next(&r, it)) == 0) {
		char tip[KB_OID_HEX + 1];
		const git_oid *oid = git_reference_target(r);

		if (oid) {
			kb_store__hex_of(tip, oid);
			rc = cb(git_reference_name(r) + skip, tip, payload);
		}
		git_reference_free(r);
		if (rc != 0)
			break;
	}
	git_reference_iterator_free(it);
	if (rc == GIT_ITEROVER)
		rc = 0;
	return rc;
}

int
kb_store__refs(struct kb_store *s, const char *glob, kb_store_ref_cb cb,
    void *payload)
{
	return each_ref(s, glob, 0, cb, payload);
}

int
kb_store__branches(struct kb_store *s, const char *prefix,
    kb_store_ref_cb cb, void *payload)
{
	char glob[512];

	snprintf(glob, sizeof(glob), "refs/heads/%s*", prefix);
	return each_ref(s, glob, strlen("refs/heads/"), cb, payload);
}

int
kb_store__ahead_behind(struct kb_store *s, const char *local,
    const char *upstream, size_t *ahead, size_t *behind)
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

/* The tree of `parent` ("" for none) with `files` written into it. */
static int
tree_with_files(struct kb_store *s, const git_commit *parent,
    const struct kb_store_file *files, size_t n, git_oid *out)
{
	git_tree *base = NULL;
	git_tree_update *up;
	git_treebuilder *empty = NULL;
	git_oid empty_id;
	size_t i;
	int rc = 0;

	up = xcalloc(n ? n : 1, sizeof(*up));
	for (i = 0; rc == 0 && i < n; i++) {
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = files[i].path;
		rc = git_blob_create_from_buffer(&up[i].id, s->repo,
		    files[i].data, files[i].len);
	}
	if (rc == 0 && parent)
		rc = git_commit_tree(&base, parent);
	else if (rc == 0 && (rc = git_treebuilder_new(&empty, s->repo,
	    NULL)) == 0 && (rc = git_treebuilder_write(&empty_id, empty)) == 0)
		rc = git_tree_lookup(&base, s->repo, &empty_id);
	if (rc == 0)
		rc = git_tree_create_updated(out, s->repo, base, n, up);
	git_treebuilder_free(empty);
	git_tree_free(base);
	free(up);
	return rc < 0 ? kb_store__fail(rc, "writing a tree") : 0;
}

/* A commit of `tree` on `parents` by `who`, now. */
static int
commit_write(struct kb_store *s, const git_tree *tree,
    const git_commit **parents, size_t nparents,
    const struct kb_store_sig *who, const char *message,
    char out[KB_OID_HEX + 1])
{
	git_signature *sig = NULL;
	git_oid commit;
	int rc;

	if ((rc = git_signature_now(&sig, who->name, who->email)) < 0 ||
	    (rc = git_commit_create(&commit, s->repo, NULL, sig, sig, NULL,
	    message, tree, nparents, parents)) < 0)
		rc = kb_store__fail(rc, "committing");
	else
		kb_store__hex_of(out, &commit);
	git_signature_free(sig);
	return rc;
}

/* A commit on `parent_hex`, of its tree with `files` or (`only`) of
 * a tree of `files` alone. */
static int
commit_files(struct kb_store *s, const char *parent_hex, int only,
    const struct kb_store_file *files, size_t n,
    const struct kb_store_sig *who, const char *message,
    char out[KB_OID_HEX + 1])
{
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_oid tree_id;
	int rc;

	if (*parent_hex && (rc = kb_store__commit_lookup(&parent, s,
	    parent_hex)) < 0)
		return rc;
	if ((rc = tree_with_files(s, only ? NULL : parent, files, n,
	    &tree_id)) == 0) {
		if ((rc = git_tree_lookup(&tree, s->repo, &tree_id)) < 0)
			rc = kb_store__fail(rc, "reading the new tree");
		else
			rc = commit_write(s, tree, (const git_commit *[]){
			    parent }, parent ? 1 : 0, who, message, out);
	}
	git_tree_free(tree);
	git_commit_free(parent);
	return rc;
}

int
kb_store__commit_files(struct kb_store *s, const char *parent_hex,
    const struct kb_store_file *files, size_t n,
    const struct kb_store_sig *who, const char *message,
    char out[KB_OID_HEX + 1])
{
	return commit_files(s, parent_hex, 0, files, n, who, message, out);
}

int
kb_store__commit_only_files(struct kb_store *s, const char *parent_hex,
    const struct kb_store_file *files, size_t n,
    const struct kb_store_sig *who, const char *message,
    char out[KB_OID_HEX + 1])
{
	return commit_files(s, parent_hex, 1, files, n, who, message, out);
}

int
kb_store__commit_join(struct kb_store *s, const char *first,
    const char *second, const struct kb_store_sig *who, const char *message,
    char out[KB_OID_HEX + 1])
{
	git_commit *a = NULL, *b = NULL;
	git_tree *tree = NULL;
	int rc;

	if ((rc = kb_store__commit_lookup(&a, s, first)) == 0 &&
	    (rc = kb_store__commit_lookup(&b, s, second)) == 0) {
		if ((rc = git_commit_tree(&tree, a)) < 0)
			rc = kb_store__fail(rc, "reading a tree");
		else
			rc = commit_write(s, tree, (const git_commit *[]){ a,
			    b }, 2, who, message, out);
	}
	git_tree_free(tree);
	git_commit_free(b);
	git_commit_free(a);
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
