/*
 * The git store's writing side: proposal commits and branches, decisions,
 * merges, and the work tree after a merge.  Reading is in store.c.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/error.h"
#include "store_private.h"
#include "xmalloc.h"

int
kb_store__oid_from(git_oid *oid, const char *hex)
{
	if (hex == NULL || git_oid_fromstr(oid, hex) < 0)
		return kb_error_set(KB_EINVALID, "bad object id '%s'",
		    hex ? hex : "");
	return 0;
}

void
kb_store__hex_of(char out[KB_OID_HEX + 1], const git_oid *oid)
{
	git_oid_tostr(out, KB_OID_HEX + 1, oid);
}

static int
signature(git_signature **out, const struct kb_store_sig *who)
{
	if (git_signature_now(out, who->name, who->email) < 0)
		return kb_store__fail(-1, "making a signature");
	return 0;
}

int
kb_store__commit_lookup(git_commit **out, struct kb_store *s, const char *hex)
{
	git_oid oid;
	int rc;

	if ((rc = kb_store__oid_from(&oid, hex)) < 0)
		return rc;
	if ((rc = git_commit_lookup(out, s->repo, &oid)) < 0)
		return kb_store__fail(rc, hex);
	return 0;
}

/* The root tree of a commit; NULL (no tree) for "". */
int
kb_store__commit_tree(git_tree **out, struct kb_store *s, const char *hex)
{
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	if (*hex == '\0')
		return 0;
	if ((rc = kb_store__commit_lookup(&c, s, hex)) < 0)
		return rc;
	rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc < 0 ? kb_store__fail(rc, hex) : 0;
}

/* The tree of commit `base` with `path` holding `data`. */
static int
tree_with_file(struct kb_store *s, const git_commit *base, const char *path,
    const char *data, size_t len, git_tree **out)
{
	git_tree *tree = NULL;
	git_tree_update up;
	git_oid blob, id;
	int rc;

	*out = NULL;
	memset(&up, 0, sizeof(up));
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = path;
	if ((rc = git_commit_tree(&tree, base)) < 0 ||
	    (rc = git_blob_create_from_buffer(&blob, s->repo, data, len)) < 0 ||
	    (up.id = blob, rc = git_tree_create_updated(&id, s->repo, tree, 1,
	    &up)) < 0 ||
	    (rc = git_tree_lookup(out, s->repo, &id)) < 0)
		rc = kb_store__fail(rc, path);
	git_tree_free(tree);
	return rc;
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
kb_store__commit_file(struct kb_store *s, const char *parent_hex,
    const char *path, const char *data, size_t len,
    const struct kb_store_sig *author, const char *message,
    const char *branch, char out[KB_OID_HEX + 1])
{
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid commit;
	int rc;

	if ((rc = kb_store__commit_lookup(&parent, s, parent_hex)) < 0)
		return rc;
	if ((rc = tree_with_file(s, parent, path, data, len, &tree)) < 0)
		goto done;
	if (git_oid_equal(git_tree_id(tree), git_commit_tree_id(parent))) {
		rc = kb_error_set(KB_EINVALID, "%s: no change to propose", path);
		goto done;
	}
	if ((rc = signature(&sig, author)) < 0)
		goto done;
	/* The branch is created for this commit, never moved. */
	if ((rc = git_commit_create_v(&commit, s->repo, NULL, sig, sig, NULL,
	    message, tree, 1, parent)) < 0) {
		rc = kb_store__fail(rc, "committing the proposal");
		goto done;
	}
	if ((rc = create_branch(s, branch, &commit)) == 0)
		kb_store__hex_of(out, &commit);
done:
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
	return rc;
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
	git_signature *sig = NULL;
	git_oid commit;
	int rc;

	if ((rc = git_signature_now(&sig, who->name, who->email)) < 0 ||
	    (rc = git_commit_create(&commit, s->repo, NULL, sig, sig, NULL,
	    message, tree, nparents, parents)) < 0) {
		git_signature_free(sig);
		return kb_store__fail(rc, why);
	}
	git_signature_free(sig);
	if ((rc = move_branch(s, branch, git_commit_id(parents[0]), &commit,
	    why)) == 0)
		kb_store__hex_of(out, &commit);
	return rc;
}

int
kb_store__commit_empty(struct kb_store *s, const char *branch,
    const struct kb_store_sig *who, const char *message,
    char out[KB_OID_HEX + 1])
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
kb_store__commit_read(struct kb_store *s, const char *hex,
    struct kb_store_commit *out)
{
	git_commit *c = NULL;
	const git_signature *a;
	unsigned n;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = kb_store__commit_lookup(&c, s, hex)) < 0)
		return rc;
	snprintf(out->id, sizeof(out->id), "%s", hex);
	n = git_commit_parentcount(c);
	if (n > 0)
		kb_store__hex_of(out->parent, git_commit_parent_id(c, 0));
	if (n > 1)
		kb_store__hex_of(out->parent2, git_commit_parent_id(c, 1));
	kb_store__hex_of(out->tree, git_commit_tree_id(c));
	a = git_commit_author(c);
	out->author = xstrdup(a->name ? a->name : "");
	out->email = xstrdup(a->email ? a->email : "");
	out->time = (long long)a->when.time;
	out->committed = (long long)git_commit_time(c);
	out->message = xstrdup(git_commit_message(c) ?
	    git_commit_message(c) : "");
	git_commit_free(c);
	return 0;
}

void
kb_store__commit_clear(struct kb_store_commit *c)
{
	free(c->author);
	free(c->email);
	free(c->message);
	memset(c, 0, sizeof(*c));
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
kb_store__merge(struct kb_store *s, const char *branch, const char *theirs,
    const struct kb_store_sig *who, const char *message,
    char out[KB_OID_HEX + 1], int *fast_forward)
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

/* 1 when the work tree or the index has changes to tracked files. */
static int
dirty(git_repository *repo)
{
	git_status_options o;
	git_status_list *list = NULL;
	size_t n = 1;

	git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION);
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	o.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&list, repo, &o) == 0)
		n = git_status_list_entrycount(list);
	git_status_list_free(list);
	return n > 0;
}

/* 1 when a work tree has the branch checked out. */
static int
checked_out(struct kb_store *s, const char *branch)
{
	git_reference *head = NULL;
	char ref[512];
	int on_branch;

	if (git_repository_is_bare(s->repo))
		return 0;
	snprintf(ref, sizeof(ref), "refs/heads/%s", branch);
	if (git_repository_head(&head, s->repo) < 0)
		return 0;
	on_branch = strcmp(git_reference_name(head), ref) == 0;
	git_reference_free(head);
	return on_branch;
}

int
kb_store__checked_out_dirty(struct kb_store *s, const char *branch)
{
	return checked_out(s, branch) && dirty(s->repo);
}

/*
 * The paths that differ between two trees: a checkout limited to them
 * does not walk the whole work tree (a KB may hold 100,000 answers) and
 * never touches any other file.
 */
static int
changed_paths(struct kb_store *s, git_tree *a, git_tree *b, git_strarray *out)
{
	git_diff *diff = NULL;
	size_t i, n;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = git_diff_tree_to_tree(&diff, s->repo, a, b, NULL)) < 0)
		return rc;
	n = git_diff_num_deltas(diff);
	out->strings = xcalloc(2 * n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		out->strings[out->count++] = xstrdup(d->old_file.path);
		if (strcmp(d->old_file.path, d->new_file.path) != 0)
			out->strings[out->count++] = xstrdup(d->new_file.path);
	}
	git_diff_free(diff);
	return 0;
}

static void
paths_free(git_strarray *paths)
{
	while (paths->count > 0)
		free(paths->strings[--paths->count]);
	free(paths->strings);
	paths->strings = NULL;
}

int
kb_store__worktree_blocks(struct kb_store *s, const char *branch,
    const char *from, const char *to, char **path)
{
	git_tree *a = NULL, *b = NULL;
	git_strarray paths = { NULL, 0 };
	git_status_options o;
	git_status_list *list = NULL;
	int rc;

	*path = NULL;
	if (!checked_out(s, branch))
		return 0;
	if ((rc = kb_store__commit_tree(&a, s, from)) < 0 ||
	    (rc = kb_store__commit_tree(&b, s, to)) < 0 ||
	    (rc = changed_paths(s, a, b, &paths)) < 0)
		goto done;
	git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION);
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/* Without recursing, libgit2 misses an untracked file named by a
	 * pathspec that pathspec matching is disabled for. */
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	o.pathspec = paths;
	if (paths.count > 0 &&
	    (rc = git_status_list_new(&list, s->repo, &o)) == 0 &&
	    git_status_list_entrycount(list) > 0) {
		const git_status_entry *e = git_status_byindex(list, 0);
		const git_diff_delta *d = e->index_to_workdir ?
		    e->index_to_workdir : e->head_to_index;

		*path = xstrdup(d ? d->new_file.path : "?");
		rc = 1;
	}
done:
	if (rc < 0 && rc > -100)
		rc = kb_store__fail(rc, "looking at the work tree");
	git_status_list_free(list);
	paths_free(&paths);
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

int
kb_store__update_worktree(struct kb_store *s, const char *branch,
    const char *old_tip, int force)
{
	git_checkout_options o;
	git_commit *old = NULL;
	git_tree *old_tree = NULL;
	git_strarray paths = { NULL, 0 };
	git_object *head = NULL;
	int rc;

	if (!checked_out(s, branch))
		return 0;
	/* From the old tree to the new one, as git merge would. */
	if ((rc = kb_store__commit_lookup(&old, s, old_tip)) < 0)
		return rc;
	if ((rc = git_commit_tree(&old_tree, old)) == 0 &&
	    (rc = git_revparse_single(&head, s->repo, "HEAD^{tree}")) == 0)
		rc = changed_paths(s, old_tree, (git_tree *)head, &paths);
	git_checkout_options_init(&o, GIT_CHECKOUT_OPTIONS_VERSION);
	o.checkout_strategy = (force ? GIT_CHECKOUT_FORCE : GIT_CHECKOUT_SAFE) |
	    GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	o.baseline = old_tree;
	o.paths = paths;
	if (rc == 0 && paths.count > 0)
		rc = git_checkout_head(s->repo, &o);
	paths_free(&paths);
	git_object_free(head);
	git_tree_free(old_tree);
	git_commit_free(old);
	return rc < 0 ? kb_store__fail(rc, "updating the work tree") : 1;
}

int
kb_store__diff_text(struct kb_store *s, const char *base_hex,
    const char *ours_hex, const char *theirs_hex, char **out)
{
	git_commit *base = NULL, *ours = NULL, *theirs = NULL;
	git_tree *tb = NULL, *to = NULL, *tt = NULL;
	git_diff *changed = NULL, *shown = NULL;
	git_diff_options o;
	git_buf text = GIT_BUF_INIT;
	struct strlist_like { char **v; size_t n; } paths = { NULL, 0 };
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = kb_store__commit_lookup(&base, s, base_hex)) < 0 ||
	    (rc = kb_store__commit_lookup(&ours, s, ours_hex)) < 0 ||
	    (rc = kb_store__commit_lookup(&theirs, s, theirs_hex)) < 0)
		goto done;
	if ((rc = git_commit_tree(&tb, base)) < 0 ||
	    (rc = git_commit_tree(&to, ours)) < 0 ||
	    (rc = git_commit_tree(&tt, theirs)) < 0 ||
	    (rc = git_diff_tree_to_tree(&changed, s->repo, tb, tt, NULL)) < 0) {
		rc = kb_store__fail(rc, "comparing");
		goto done;
	}
	/* What the proposal changed, shown against the branch as it is now. */
	paths.v = xcalloc(git_diff_num_deltas(changed) + 1, sizeof(char *));
	for (i = 0; i < git_diff_num_deltas(changed); i++)
		paths.v[paths.n++] = (char *)git_diff_get_delta(changed,
		    i)->new_file.path;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.pathspec.strings = paths.v;
	o.pathspec.count = paths.n;
	o.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	if (paths.n == 0) {
		*out = xstrdup("");
		rc = 0;
		goto done;
	}
	if ((rc = git_diff_tree_to_tree(&shown, s->repo, to, tt, &o)) < 0 ||
	    (rc = git_diff_to_buf(&text, shown, GIT_DIFF_FORMAT_PATCH)) < 0) {
		rc = kb_store__fail(rc, "making the diff");
		goto done;
	}
	*out = xstrdup(text.ptr ? text.ptr : "");
done:
	git_buf_dispose(&text);
	free(paths.v);
	git_diff_free(shown);
	git_diff_free(changed);
	git_tree_free(tt);
	git_tree_free(to);
	git_tree_free(tb);
	git_commit_free(theirs);
	git_commit_free(ours);
	git_commit_free(base);
	return rc;
}

int
kb_store__merge_base(struct kb_store *s, const char *a, const char *b,
    char out[KB_OID_HEX + 1])
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
kb_store__merge_resolved(struct kb_store *s, const char *branch,
    const char *theirs, const char *path, const char *data, size_t len,
    const struct kb_store_sig *who, const char *message,
    char out[KB_OID_HEX + 1])
{
	git_commit *ours = NULL, *their = NULL;
	git_tree *tree = NULL;
	int rc;

	/* The branch as it is, with the file as the reviewer resolved it. */
	if ((rc = branch_tip(s, branch, &ours)) == 0 &&
	    (rc = kb_store__commit_lookup(&their, s, theirs)) == 0 &&
	    (rc = tree_with_file(s, ours, path, data, len, &tree)) == 0)
		rc = commit_on_branch(s, branch, tree,
		    (const git_commit *[]){ ours, their }, 2, who, message,
		    "kb approve (resolved)", out);
	git_tree_free(tree);
	git_commit_free(their);
	git_commit_free(ours);
	return rc;
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

struct finding {
	const char *file;	/* "<id>.md" */
	char *path;
};

static int
find_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct finding *f = payload;

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return strncmp(root, "answers/", 8) == 0 || root[0] == '\0' ?
		    0 : 1;	/* only under answers/ */
	if (strncmp(root, "answers/", 8) == 0 &&
	    strcmp(git_tree_entry_name(e), f->file) == 0) {
		f->path = xasprintf("%s%s", root, f->file);
		return -1;	/* found: stop */
	}
	return 0;
}

int
kb_store__find_answer(struct kb_store *s, const char *commit_hex,
    const char *id, char **path)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	struct finding f;
	char file[128];
	int rc;

	*path = NULL;
	snprintf(file, sizeof(file), "%s.md", id);
	f.file = file;
	f.path = NULL;
	if ((rc = kb_store__commit_lookup(&c, s, commit_hex)) < 0)
		return rc;
	if (git_commit_tree(&tree, c) == 0)
		git_tree_walk(tree, GIT_TREEWALK_PRE, find_cb, &f);
	git_tree_free(tree);
	git_commit_free(c);
	*path = f.path;
	return f.path ? 0 : KB_ENOTFOUND;
}
