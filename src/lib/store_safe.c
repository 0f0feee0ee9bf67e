/*
 * Trees that must never be checked out (store.h: kb_store__tree_unsafe).
 *
 * A hand-made tree can hold names no git command writes: ".git", "..",
 * "/etc", "a/b", a name twice.  Checking one out would write outside the
 * work tree or into the repository itself; libgit2 refuses it half way,
 * after the branch has moved.  So kbsync looks at the whole tree first,
 * and moves nothing when one path is wrong.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "kb/error.h"
#include "store_private.h"
#include "utf8.h"
#include "xmalloc.h"

/* Bounds: a KB is folders of answers, not a maze.  git itself stops at
 * 4096 levels; an answer path deeper than this is a mistake or an attack. */
#define SAFE_MAX_DEPTH 64
#define SAFE_MAX_ENTRIES 10000000
#define SAFE_SHOWN_PATH 200

struct safety {
	struct kb_store *s;
	struct buf path;	/* of the tree looked at, "" at the top */
	size_t entries;
	char *why;		/* the first unsafe path and the reason */
};

/* ".git" in any case, and what NTFS takes for it (".git." ".git ",
 * "git~1"): libgit2 and git refuse these on checkout too. */
static int
is_dot_git(const char *name)
{
	size_t n = strlen(name);

	if (strcasecmp(name, "git~1") == 0)
		return 1;
	while (n > 4 && (name[n - 1] == '.' || name[n - 1] == ' '))
		n--;
	return n == 4 && strncasecmp(name, ".git", 4) == 0;
}

static const char *
name_problem(const char *name)
{
	const unsigned char *p;

	if (*name == '\0')
		return "an empty name";
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return "a name that means a folder itself or its parent";
	if (is_dot_git(name))
		return "the name of git's own folder";
	for (p = (const unsigned char *)name; *p; p++) {
		if (*p == '/')
			return "a '/' inside a name (an absolute or nested "
			    "path)";
		if (*p == '\\')
			return "a '\\' inside a name";
		if (*p < 0x20 || *p == 0x7f)
			return "a control character in a name";
	}
	return NULL;
}

/* Answers, notices and the files beside them are plain files. */
static const char *
mode_problem(git_filemode_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
	case GIT_FILEMODE_TREE:
		return NULL;
	case GIT_FILEMODE_LINK:
		return "a symbolic link (a KB holds plain files)";
	case GIT_FILEMODE_COMMIT:
		return "a submodule (a KB holds plain files)";
	default:
		return "an unknown file mode";
	}
}

/* Record the first problem: the path (shown safely, and not too long)
 * and why. */
static int
unsafe(struct safety *sf, const char *name, const char *why)
{
	struct buf full = BUF_INIT, shown = BUF_INIT;
	size_t n;

	buf_add(&full, sf->path.data ? sf->path.data : "", sf->path.len);
	if (full.len && *name)
		buf_addc(&full, '/');
	buf_adds(&full, name);
	n = full.len > SAFE_SHOWN_PATH ? SAFE_SHOWN_PATH : full.len;
	buf_addc(&shown, '"');
	utf8_sanitize(&shown, buf_cstr(&full), n, UTF8_STRICT);
	buf_adds(&shown, n < full.len ? "...\"" : "\"");
	sf->why = xasprintf("%s: %s", buf_cstr(&shown), why);
	buf_free(&shown);
	buf_free(&full);
	return 1;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A name twice in one tree, or entries out of git's order (git writes
 * them sorted; the diff and lookups rely on it).  A file and a folder of
 * the same name are not neighbours in git's order: sort the names.
 */
static int
order_problem(struct safety *sf, const git_tree *t)
{
	size_t i, n = git_tree_entrycount(t);
	const char **names;
	int rc = 0;

	for (i = 1; i < n; i++)
		if (git_tree_entry_cmp(git_tree_entry_byindex(t, i - 1),
		    git_tree_entry_byindex(t, i)) > 0)
			return unsafe(sf, git_tree_entry_name(
			    git_tree_entry_byindex(t, i)), "entries out of "
			    "git's order (a tree no git command writes)");
	names = xcalloc(n ? n : 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = git_tree_entry_name(git_tree_entry_byindex(t, i));
	qsort(names, n, sizeof(*names), by_name);
	for (i = 1; rc == 0 && i < n; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			rc = unsafe(sf, names[i], "the same name twice in one "
			    "folder");
	free(names);
	return rc;
}

static int check_tree(struct safety *sf, const git_tree *t,
    const git_tree *old, int depth);

/* A folder: looked into unless the old tree had the very same one. */
static int
check_subtree(struct safety *sf, const git_tree_entry *e, const git_tree *old,
    int depth)
{
	const git_tree_entry *was = old ? git_tree_entry_byname(old,
	    git_tree_entry_name(e)) : NULL;
	git_tree *t = NULL, *old_t = NULL;
	size_t saved = sf->path.len;
	int rc;

	if (was && git_tree_entry_type(was) == GIT_OBJECT_TREE &&
	    git_oid_equal(git_tree_entry_id(was), git_tree_entry_id(e)))
		return 0;
	if (depth >= SAFE_MAX_DEPTH)
		return unsafe(sf, git_tree_entry_name(e), "folders nested "
		    "too deep");
	if (git_tree_lookup(&t, sf->s->repo, git_tree_entry_id(e)) < 0) {
		const git_error *ge = git_error_last();
		char why[300];

		snprintf(why, sizeof(why), "a folder that cannot be read (%s)",
		    ge && ge->message ? ge->message : "a malformed tree");
		return unsafe(sf, git_tree_entry_name(e), why);
	}
	if (was && git_tree_entry_type(was) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&old_t, sf->s->repo, git_tree_entry_id(was)) < 0)
		old_t = NULL;	/* then every entry is looked at */
	if (sf->path.len)
		buf_addc(&sf->path, '/');
	buf_adds(&sf->path, git_tree_entry_name(e));
	rc = check_tree(sf, t, old_t, depth + 1);
	buf_truncate(&sf->path, saved);
	git_tree_free(old_t);
	git_tree_free(t);
	return rc;
}

static int
check_tree(struct safety *sf, const git_tree *t, const git_tree *old,
    int depth)
{
	size_t i, n = git_tree_entrycount(t);
	int rc;

	if ((sf->entries += n) > SAFE_MAX_ENTRIES)
		return unsafe(sf, "", "more files than a KB can hold");
	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(e);
		const char *why = name_problem(name);

		if (why == NULL)
			why = mode_problem(git_tree_entry_filemode(e));
		if (why)
			return unsafe(sf, name, why);
	}
	if ((rc = order_problem(sf, t)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);

		if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
		    (rc = check_subtree(sf, e, old, depth)) != 0)
			return rc;
	}
	return 0;
}

int
kb_store__tree_unsafe(char **why, struct kb_store *s, const char *from,
    const char *to)
{
	struct safety sf;
	git_tree *old = NULL, *new = NULL;
	int rc;

	*why = NULL;
	memset(&sf, 0, sizeof(sf));
	sf.s = s;
	if ((rc = kb_store__commit_tree(&new, s, to)) < 0 || new == NULL)
		return rc;
	/* What the old tree held was checked when it came: only what
	 * changed is read, so a sync of one answer reads a few trees. */
	if (*from && kb_store__commit_tree(&old, s, from) < 0) {
		kb_error_clear();
		old = NULL;
	}
	if (old && git_oid_equal(git_tree_id(old), git_tree_id(new)))
		rc = 0;
	else
		rc = check_tree(&sf, new, old, 0);
	git_tree_free(old);
	git_tree_free(new);
	buf_free(&sf.path);
	*why = sf.why;
	return rc;
}
