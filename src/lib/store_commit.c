/*
 * Commits: reading one; the one tree builder and the one commit writer
 * (store_private.h) every commit of the store goes through; commits of a
 * parent's tree with files written in, of files alone, and a merge that
 * takes nothing from its second parent, none of which moves a ref; and
 * finding an answer's file in a commit's tree.
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
kb_store__commit_read(struct kb_store_commit *out, struct kb_store *s,
    const char *hex)
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

/* The empty tree, written (a commit of files alone starts from it). */
static int
empty_tree(git_tree **out, struct kb_store *s)
{
	git_treebuilder *empty = NULL;
	git_oid id;
	int rc;

	if ((rc = git_treebuilder_new(&empty, s->repo, NULL)) == 0 &&
	    (rc = git_treebuilder_write(&id, empty)) == 0)
		rc = git_tree_lookup(out, s->repo, &id);
	git_treebuilder_free(empty);
	return rc;
}

/* Each file written as a blob, and the update that puts it at its path. */
static int
file_updates(git_tree_update *up, struct kb_store *s,
    const struct kb_store_file *files, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++) {
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = files[i].path;
		rc = git_blob_create_from_buffer(&up[i].id, s->repo,
		    files[i].data, files[i].len);
	}
	return rc;
}

int
kb_store__tree_with_files(git_tree **out, struct kb_store *s,
    const git_commit *base, const struct kb_store_file *files, size_t n)
{
	git_tree *from = NULL;
	git_tree_update *up;
	git_oid id;
	int rc;

	*out = NULL;
	up = xcalloc(n ? n : 1, sizeof(*up));
	if ((rc = file_updates(up, s, files, n)) == 0)
		rc = base ? git_commit_tree(&from, base) : empty_tree(&from, s);
	if (rc == 0 &&
	    (rc = git_tree_create_updated(&id, s->repo, from, n, up)) == 0)
		rc = git_tree_lookup(out, s->repo, &id);
	git_tree_free(from);
	free(up);
	return rc < 0 ? kb_store__fail(rc, "writing a tree") : 0;
}

int
kb_store__commit_write(git_oid *out, struct kb_store *s, const git_tree *tree,
    const git_commit **parents, size_t nparents,
    const struct kb_store_sig *who, const char *message, const char *what)
{
	git_signature *sig = NULL;
	int rc;

	if ((rc = git_signature_now(&sig, who->name, who->email)) < 0)
		return kb_store__fail(rc, "making a signature");
	if ((rc = git_commit_create(out, s->repo, NULL, sig, sig, NULL,
	    message, tree, nparents, parents)) < 0)
		rc = kb_store__fail(rc, what);
	git_signature_free(sig);
	return rc;
}

/* A commit on `parent_hex`, of its tree with `files` or (`only`) of
 * a tree of `files` alone. */
static int
commit_files(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *parent_hex, int only, const struct kb_store_file *files,
    size_t n, const struct kb_store_sig *who, const char *message)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int rc;

	if (*parent_hex && (rc = kb_store__commit_lookup(&parent, s,
	    parent_hex)) < 0)
		return rc;
	if ((rc = kb_store__tree_with_files(&tree, s, only ? NULL : parent,
	    files, n)) == 0 &&
	    (rc = kb_store__commit_write(&id, s, tree,
	    (const git_commit *[]){ parent }, parent ? 1 : 0, who, message,
	    "committing")) == 0)
		kb_store__hex_of(out, &id);
	git_tree_free(tree);
	git_commit_free(parent);
	return rc;
}

int
kb_store__commit_files(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *parent_hex, const struct kb_store_file *files, size_t n,
    const struct kb_store_sig *who, const char *message)
{
	return commit_files(out, s, parent_hex, 0, files, n, who, message);
}

int
kb_store__commit_only_files(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *parent_hex, const struct kb_store_file *files, size_t n,
    const struct kb_store_sig *who, const char *message)
{
	return commit_files(out, s, parent_hex, 1, files, n, who, message);
}

int
kb_store__commit_join(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *first, const char *second, const struct kb_store_sig *who,
    const char *message)
{
	git_commit *a = NULL, *b = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int rc;

	if ((rc = kb_store__commit_lookup(&a, s, first)) == 0 &&
	    (rc = kb_store__commit_lookup(&b, s, second)) == 0) {
		if ((rc = git_commit_tree(&tree, a)) < 0)
			rc = kb_store__fail(rc, "reading a tree");
		else if ((rc = kb_store__commit_write(&id, s, tree,
		    (const git_commit *[]){ a, b }, 2, who, message,
		    "committing")) == 0)
			kb_store__hex_of(out, &id);
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
kb_store__find_answer(char **path, struct kb_store *s, const char *commit_hex,
    const char *id)
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
