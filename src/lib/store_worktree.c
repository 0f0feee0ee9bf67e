/*
 * The work tree: whether the branch checked out has local changes, or has
 * them where moving the branch would write, and bringing it in step after
 * the branch moved, as git merge would.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "store_private.h"
#include "xmalloc.h"

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
kb_store__worktree_blocks(char **path, struct kb_store *s, const char *branch,
    const char *from, const char *to)
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
