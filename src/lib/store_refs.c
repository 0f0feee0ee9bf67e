/*
 * Refs and branches: reading, moving, listing and deleting refs, a
 * branch's commit and tree, and the commits made on a branch as it moves:
 * a proposal's new branch, a decision, a merge (a fast-forward, a merge
 * commit, or one with a conflict resolved).
 */
#include "store.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "kb/error.h"
#include "store_private.h"

int
kb_store__ref(char oid[KB_OID_HEX + 1], struct kb_store *s, const char *name)
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
kb_store__branch(char commit_hex[KB_OID_HEX + 1], char tree_hex[KB_OID_HEX + 1],
    struct kb_store *s, const char *branch)
{
	git_commit *commit = NULL;
	git_oid oid;
	char ref[256];
	int rc;

	snprintf(ref, sizeof(ref), "refs/heads/%s", branch);
	if ((rc = git_reference_name_to_id(&oid, s->repo, ref)) < 0) {
		if (rc == GIT_ENOTFOUND)
			return kb_error_set(KB_ENOTFOUND,
			    "branch '%s' does not exist", branch);
		return kb_store__fail(rc, ref);
	}
	if ((rc = git_commit_lookup(&commit, s->repo, &oid)) < 0)
		return kb_store__fail(rc, ref);
	git_oid_tostr(commit_hex, KB_OID_HEX + 1, &oid);
	git_oid_tostr(tree_hex, KB_OID_HEX + 1, git_commit_tree_id(commit));
	git_commit_free(commit);
	return 0;
}

/* Move refs/heads/<branch> from `old` to `new`, or fail if it moved. */
static int
move_branch(struct kb_store *s, const char *branch, const git_oid *old,
    const git_oid *new, const char *why)
{
	git_reference *r = NULL;
	char ref[512];
	int rc;

	snprintf(ref, sizeof(ref), "refs/heads/%s", branch);
	rc = git_reference_create_matching(&r, s->repo, ref, new, 1, old, why);
	git_reference_free(r);
	if (rc == GIT_EMODIFIED)
		return kb_error_set(KB_ECONFLICT, "%s moved meanwhile; try "
		    "again", branch);
	return rc < 0 ? kb_store__fail(rc, ref) : 0;
}

int
kb_store__move_branch(struct kb_store *s, const char *branch,
    const char *from, const char *to)
{
	git_oid a, b;
	int rc;

	if ((rc = kb_store__oid_from(&a, from)) < 0 ||
	    (rc = kb_store__oid_from(&b, to)) < 0)
		return rc;
	return move_branch(s, branch, &a, &b, "kb: undo");
}

static int
branch_tip(struct kb_store *s, const char *branch, git_commit **out)
{
	git_reference *r = NULL;
	char ref[512];
	int rc;

	snprintf(ref, sizeof(ref), "refs/heads/%s", branch);
	if ((rc = git_reference_lookup(&r, s->repo, ref)) < 0)
		return rc == GIT_ENOTFOUND ? kb_error_set(KB_ENOTFOUND,
		    "no branch %s", branch) : kb_store__fail(rc, ref);
	rc = git_commit_lookup(out, s->repo, git_reference_target(r));
	git_reference_free(r);
	return rc < 0 ? kb_store__fail(rc, ref) : 0;
}

/* Create refs/heads/<branch> at `commit`; KB_ECONFLICT if it exists. */
static int
create_branch(struct kb_store *s, const char *branch, const git_oid *commit)
{
	git_reference *r = NULL;
	char ref[512];
	int rc;

	snprintf(ref, sizeof(ref), "refs/heads/%s", branch);
	rc = git_reference_create(&r, s->repo, ref, commit, 0, "kb propose");
	git_reference_free(r);
	if (rc == GIT_EEXISTS)
		return kb_error_set(KB_ECONFLICT, "%s exists already", branch);
	return rc < 0 ? kb_store__fail(rc, ref) : 0;
}

int
kb_store__commit_file(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *parent_hex, const struct kb_store_file *file,
    const struct kb_store_sig *author, const char *message,
    const char *branch)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_oid commit;
	int rc;

	if ((rc = kb_store__commit_lookup(&parent, s, parent_hex)) < 0)
		return rc;
	if ((rc = kb_store__tree_with_files(&tree, s, parent, file, 1)) < 0)
		goto done;
	if (git_oid_equal(git_tree_id(tree), git_commit_tree_id(parent))) {
		rc = kb_error_set(KB_EINVALID, "%s: no change to propose",
		    file->path);
		goto done;
	}
	/* The branch is created for this commit, never moved. */
	if ((rc = kb_store__commit_write(&commit, s, tree,
	    (const git_commit *[]){ parent }, 1, author, message,
	    "committing the proposal")) == 0 &&
	    (rc = create_branch(s, branch, &commit)) == 0)
		kb_store__hex_of(out, &commit);
done:
	git_tree_free(tree);
	git_commit_free(parent);
	return rc;
}

/*
 * Commit `tree` by `who` on top of `parents` (the first is the branch's
 * tip), then move the branch to it: a decision or a merge.
 */
static int
commit_on_branch(struct kb_store *s, const char *branch, git_tree *tree,
    const git_commit **parents, size_t nparents,
    const struct kb_store_sig *who, const char *message, const char *why,
    char out[KB_OID_HEX + 1])
{
	git_oid commit;
	int rc;

	if ((rc = kb_store__commit_write(&commit, s, tree, parents, nparents,
	    who, message, why)) == 0 &&
	    (rc = move_branch(s, branch, git_commit_id(parents[0]), &commit,
	    why)) == 0)
		kb_store__hex_of(out, &commit);
	return rc;
}

int
kb_store__commit_empty(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *branch, const struct kb_store_sig *who, const char *message)
{
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	int rc;

	if ((rc = branch_tip(s, branch, &tip)) < 0)
		return rc;
	if ((rc = git_commit_tree(&tree, tip)) < 0)
		rc = kb_store__fail(rc, "recording the decision");
	else
		rc = commit_on_branch(s, branch, tree,
		    (const git_commit *[]){ tip }, 1, who, message,
		    "kb decision", out);
	git_tree_free(tree);
	git_commit_free(tip);
	return rc;
}

/* The conflicting paths, for the reviewer. */
static int
conflict_error(git_index *index)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *anc, *ours, *theirs;
	struct buf b = BUF_INIT;
	int rc;

	if (git_index_conflict_iterator_new(&it, index) == 0) {
		while (git_index_conflict_next(&anc, &ours, &theirs, it) == 0) {
			const git_index_entry *e = ours ? ours : theirs ?
			    theirs : anc;

			buf_addf(&b, "%s%s", b.len ? ", " : "", e->path);
		}
		git_index_conflict_iterator_free(it);
	}
	rc = kb_error_set(KB_ECONFLICT, "conflict in %s: main changed the "
	    "same lines since the proposal was made; nothing was merged",
	    b.len ? buf_cstr(&b) : "the answer");
	buf_free(&b);
	return rc;
}

int
kb_store__merge(char out[KB_OID_HEX + 1], int *fast_forward, struct kb_store *s,
    const char *branch, const char *theirs, const struct kb_store_sig *who,
    const char *message)
{
	git_commit *ours = NULL, *their = NULL;
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_oid tree_oid;
	int rc;

	*fast_forward = 0;
	if ((rc = branch_tip(s, branch, &ours)) < 0 ||
	    (rc = kb_store__commit_lookup(&their, s, theirs)) < 0)
		goto done;
	rc = git_graph_descendant_of(s->repo, git_commit_id(their),
	    git_commit_id(ours));
	if (rc == 1) {
		*fast_forward = 1;
		if ((rc = move_branch(s, branch, git_commit_id(ours),
		    git_commit_id(their), "kb approve (fast-forward)")) == 0)
			kb_store__hex_of(out, git_commit_id(their));
		goto done;
	}
	if ((rc = git_merge_commits(&index, s->repo, ours, their, NULL)) < 0) {
		rc = kb_store__fail(rc, "merging");
		goto done;
	}
	if (git_index_has_conflicts(index)) {
		rc = conflict_error(index);
		goto done;
	}
	if ((rc = git_index_write_tree_to(&tree_oid, index, s->repo)) < 0 ||
	    (rc = git_tree_lookup(&tree, s->repo, &tree_oid)) < 0) {
		rc = kb_store__fail(rc, "committing the merge");
		goto done;
	}
	rc = commit_on_branch(s, branch, tree,
	    (const git_commit *[]){ ours, their }, 2, who, message,
	    "kb approve (merge)", out);
done:
	git_tree_free(tree);
	git_index_free(index);
	git_commit_free(their);
	git_commit_free(ours);
	return rc;
}

int
kb_store__merge_resolved(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *branch, const char *theirs, const char *path, const char *data,
    size_t len, const struct kb_store_sig *who, const char *message)
{
	git_commit *ours = NULL, *their = NULL;
	git_tree *tree = NULL;
	int rc;

	/* The branch as it is, with the file as the reviewer resolved it. */
	if ((rc = branch_tip(s, branch, &ours)) == 0 &&
	    (rc = kb_store__commit_lookup(&their, s, theirs)) == 0 &&
	    (rc = kb_store__tree_with_files(&tree, s, ours,
	    &(struct kb_store_file){ path, data, len }, 1)) == 0)
		rc = commit_on_branch(s, branch, tree,
		    (const git_commit *[]){ ours, their }, 2, who, message,
		    "kb approve (resolved)", out);
	git_tree_free(tree);
	git_commit_free(their);
	git_commit_free(ours);
	return rc;
}
