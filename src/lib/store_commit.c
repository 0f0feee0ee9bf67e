/*
 * Commits: reading one, writing one (a tree of a parent's with files
 * written into it, or of the files alone; a merge that takes nothing from
 * its second parent) without moving any ref, and finding an answer's file
 * in a commit's tree.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "store_private.h"
#include "xmalloc.h"

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
