/*
 * The git store: libkb's repository, through libgit2.  Every libgit2 call
 * in libkb is in the store's files, each named below with what it
 * touches; they alone include <git2.h> (store_private.h).
 *
 * Objects are named by hex ids so that no other file needs <git2.h>.
 */
#ifndef KB_STORE_H
#define KB_STORE_H

#include <stddef.h>

#include "kb/answer.h"
#include "kb/transfer.h"

struct kb_store;

/* --- the repository, its config and blobs (store.c) ---------------------- */

/* libgit2's global state: started on first use, stopped at exit. */
int kb_store__global_init(void);
void kb_store__global_shutdown(void);

/* Open the repository at `dir` (work tree or bare). */
int kb_store__open(struct kb_store **out, const char *dir);
void kb_store__close(struct kb_store *s);

/* The repository's git directory, with a trailing '/'.  Borrowed. */
const char *kb_store__gitdir(const struct kb_store *s);
/* The work tree, or NULL for a bare repository.  Borrowed. */
const char *kb_store__workdir(const struct kb_store *s);

/* A string from the repository's git config; KB_ENOTFOUND if unset. */
int kb_store__config_string(char **out, struct kb_store *s, const char *key);

/* Set a string in the repository's own git config (.git/config). */
int kb_store__config_set(struct kb_store *s, const char *key,
    const char *value);

/* 1 if the object exists in the repository. */
int kb_store__exists(struct kb_store *s, const char *oid);

/*
 * A copy of a blob's bytes (NUL-terminated), refused with KB_EINVALID when
 * it is larger than `max` bytes: its size is read from the object's header
 * first, so a hostile blob costs no memory.  Caller frees.
 */
int kb_store__read_blob_max(char **data, size_t *len, struct kb_store *s,
    const char *oid, size_t max);

/* The same with no limit, for what kb wrote itself or checked before. */
int kb_store__read_blob(char **data, size_t *len, struct kb_store *s,
    const char *oid);

/* The blob at `path` in `tree`.  KB_ENOTFOUND when there is none. */
int kb_store__lookup_path(char oid[KB_OID_HEX + 1], struct kb_store *s,
    const char *tree, const char *path);

/* --- a new repository (store_init.c) ------------------------------------- */

/* Create a repository in `dir` from the files under `from` (see kb_init). */
int kb_store__init(const char *dir, const char *from, const char *branch);

/* --- commits (store_commit.c): no ref moves ------------------------------ */

struct kb_store_sig {
	const char *name, *email;
};

struct kb_store_commit {
	char id[KB_OID_HEX + 1];
	char parent[KB_OID_HEX + 1];	/* "" for none */
	char parent2[KB_OID_HEX + 1];	/* a merge's second parent, or "" */
	char tree[KB_OID_HEX + 1];
	char *author, *email;
	long long time;			/* the author's, seconds since 1970 */
	long long committed;		/* the committer's (when it landed) */
	char *message;
};

int kb_store__commit_read(struct kb_store_commit *out, struct kb_store *s,
    const char *id);
void kb_store__commit_clear(struct kb_store_commit *c);

struct kb_store_file {
	const char *path;
	const char *data;
	size_t len;
};

/*
 * A commit of the tree of `parent` ("" for none) with `files` written
 * into it.  No ref is moved: the caller does that (kb_store__ref_set).
 */
int kb_store__commit_files(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *parent, const struct kb_store_file *files, size_t n,
    const struct kb_store_sig *who, const char *message);

/*
 * A commit on `parent` ("" for none) whose tree holds `files` and
 * nothing else: what the parent's tree had is not carried on (the
 * usage refs, where each commit holds only its own events).
 */
int kb_store__commit_only_files(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *parent, const struct kb_store_file *files, size_t n,
    const struct kb_store_sig *who, const char *message);

/*
 * A merge that takes nothing from its second parent: a commit of
 * `first`'s tree with parents `first` and `second` (git merge -s ours),
 * so that a ref at `second` moves to it by a fast-forward.  No ref moves.
 */
int kb_store__commit_join(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *first, const char *second, const struct kb_store_sig *who,
    const char *message);

/* Where the answer file <id>.md is under answers/ in a commit's tree. */
int kb_store__find_answer(char **path, struct kb_store *s, const char *commit,
    const char *id);

/* --- history (store_history.c) ------------------------------------------- */

/* 1 when commit `commit` is `tip` or in its history, else 0. */
int kb_store__contains(struct kb_store *s, const char *tip,
    const char *commit);

/* Where the histories of commits `a` and `b` meet (git merge-base). */
int kb_store__merge_base(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *a, const char *b);

/* Commits `local` has that `upstream` has not, and the other way. */
int kb_store__ahead_behind(size_t *ahead, size_t *behind, struct kb_store *s,
    const char *local, const char *upstream);

/*
 * Every commit reachable from `tip` and not from `hide` ("" or NULL for
 * none), newest first.  A non-zero return from `cb` stops the walk.
 */
typedef int (*kb_store_commit_cb)(const char *id, void *payload);
int kb_store__walk(struct kb_store *s, const char *tip, const char *hide,
    kb_store_commit_cb cb, void *payload);

/*
 * When each of `paths` last changed on the first-parent history of
 * `commit`: the committer time, in seconds, of the newest commit that
 * changed it; 0 for a path not in `commit`.
 */
int kb_store__last_changes(long long *times, struct kb_store *s,
    const char *commit, const char *const *paths, size_t n);

/* --- comparing trees (store_diff.c) -------------------------------------- */

/*
 * Called for every file that differs between two trees: `old_oid` is NULL
 * for an added file, `new_oid` NULL for a deleted one.  A non-zero return
 * stops the walk and is returned.
 */
typedef int (*kb_store_change_cb)(const char *path, const char *old_oid,
    const char *new_oid, void *payload);

/*
 * Compare two trees, reporting only what kb reads: files under answers/
 * and notices/, and the KB's root files (synonyms.txt).  Subtrees with
 * the same id are skipped without being read, so topic folders make
 * updates cheap.
 * `old_tree` may be NULL (every file is new).  KB_ENOTFOUND when the old
 * tree is no longer in the repository.
 */
int kb_store__diff(struct kb_store *s, const char *old_tree,
    const char *new_tree, kb_store_change_cb cb, void *payload);

/* Every file that differs between two commits ("" for none), any path. */
int kb_store__diff_files(struct kb_store *s, const char *old_commit,
    const char *new_commit, kb_store_change_cb cb, void *payload);

/*
 * The patch of the files `theirs` changed since `base`, shown against
 * `ours` (the branch as it is now).  Caller frees *out.
 */
int kb_store__diff_text(char **out, struct kb_store *s, const char *base,
    const char *ours, const char *theirs);

/* --- refs and branches (store_refs.c) ------------------------------------ */

/* The commit a ref (full name) points at; KB_ENOTFOUND if none. */
int kb_store__ref(char oid[KB_OID_HEX + 1], struct kb_store *s,
    const char *name);

/*
 * Point ref `name` at commit `to`.  `from` is what it must point at now:
 * NULL for anything, "" for "must not exist" (else KB_ECONFLICT).
 */
int kb_store__ref_set(struct kb_store *s, const char *name, const char *from,
    const char *to, const char *why);
int kb_store__ref_delete(struct kb_store *s, const char *name);

/* Every branch whose name starts with `prefix`, and its tip. */
typedef int (*kb_store_ref_cb)(const char *name, const char *tip,
    void *payload);
int kb_store__branches(struct kb_store *s, const char *prefix,
    kb_store_ref_cb cb, void *payload);

/* Every ref matching `glob` (e.g. a prefix and a star), by full name. */
int kb_store__refs(struct kb_store *s, const char *glob, kb_store_ref_cb cb,
    void *payload);

/* The commit and root tree of refs/heads/<branch>. */
int kb_store__branch(char commit[KB_OID_HEX + 1], char tree[KB_OID_HEX + 1],
    struct kb_store *s, const char *branch);

/* Move the branch from commit `from` to `to` (KB_ECONFLICT if it moved). */
int kb_store__move_branch(struct kb_store *s, const char *branch,
    const char *from, const char *to);

/*
 * A proposal: `file` committed on top of commit `parent` by `author`, as
 * the new branch refs/heads/<branch> (KB_ECONFLICT if it exists).
 * KB_EINVALID when the file changes nothing.
 */
int kb_store__commit_file(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *parent, const struct kb_store_file *file,
    const struct kb_store_sig *author, const char *message,
    const char *branch);

/* A commit that changes nothing (a decision) on top of a branch. */
int kb_store__commit_empty(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *branch, const struct kb_store_sig *who, const char *message);

/*
 * Merge commit `theirs` into the branch: a fast-forward when possible,
 * else a merge commit by `who`.  On a conflict nothing changes and
 * KB_ECONFLICT names the paths.
 */
int kb_store__merge(char out[KB_OID_HEX + 1], int *fast_forward,
    struct kb_store *s, const char *branch, const char *theirs,
    const struct kb_store_sig *who, const char *message);

/*
 * Merge `theirs` into the branch with `path` holding `data` (what the
 * reviewer made of a conflict): a merge commit by `who`.
 */
int kb_store__merge_resolved(char out[KB_OID_HEX + 1], struct kb_store *s,
    const char *branch, const char *theirs, const char *path, const char *data,
    size_t len, const struct kb_store_sig *who, const char *message);

/* --- the work tree (store_worktree.c) ------------------------------------ */

/* 1 when the branch is checked out and the work tree has changes. */
int kb_store__checked_out_dirty(struct kb_store *s, const char *branch);

/*
 * 1 when the branch is checked out and a local change (or an untracked
 * file) sits on a path that moving it from `from` to `to` would write;
 * *path names the first.  Only those paths are looked at.
 */
int kb_store__worktree_blocks(char **path, struct kb_store *s,
    const char *branch, const char *from, const char *to);

/*
 * After the branch moved from `old_tip`: when it is checked out, update
 * the work tree as git merge would (1), else leave it (0).  With `force`,
 * overwrite what differs (finishing an update a killed process began).
 */
int kb_store__update_worktree(struct kb_store *s, const char *branch,
    const char *old_tip, int force);

/* --- trees unsafe to check out (store_safe.c) ---------------------------- */

/*
 * 0 when commit `to` can be checked out safely; 1 and *why (the path,
 * shown safely, and the reason; caller frees) when a path in its tree
 * could write outside the work tree or into .git: ".", "..", ".git" in
 * any case, an empty name, '/', '\\' or a control character in a name,
 * a name twice in a folder, entries out of git's order, a symbolic link
 * or a submodule.  Only folders that differ from `from`'s ("" for none)
 * are read.
 */
int kb_store__tree_unsafe(char **why, struct kb_store *s, const char *from,
    const char *to);

/* --- other repositories (store_remote.c) --------------------------------- */

/*
 * Clone `url` into `dir` with `branch` checked out.  KB_EOFFLINE when
 * the other side cannot be reached, KB_EFULL when the disk is full,
 * KB_EINVALID when the branch's tree is unsafe to check out (see
 * kb_store__tree_unsafe; nothing of it is written then, but the
 * repository is: the caller removes `dir`).
 */
int kb_store__clone(const char *url, const char *dir, const char *branch,
    kb_transfer_cb progress, void *payload);

struct kb_store_remote;

/* A configured remote by name, else `name_or_url` taken as an address. */
int kb_store__remote_open(struct kb_store_remote **out, struct kb_store *s,
    const char *name_or_url);
void kb_store__remote_close(struct kb_store_remote *r);
/* The remote's name, or NULL for an address. */
const char *kb_store__remote_name(const struct kb_store_remote *r);
/* Its address as it may be shown and stored (never with a password:
 * kb_store__remote_open refuses an address that holds one). */
const char *kb_store__remote_url(const struct kb_store_remote *r);
/*
 * What the other side said during the last push ("remote: ..." lines:
 * its hooks' reasons), whole lines only, made safe to show (kb/text.h)
 * and bounded in number and length; borrowed until the next push.
 */
size_t kb_store__remote_said(const char *const **lines,
    const struct kb_store_remote *r);

/*
 * Fetch with refspecs "[+]src:dst", deleting the destinations whose
 * source the other side no longer has (a prune).  A refspec naming one
 * ref the other side does not have is skipped and passed to `gone` (may
 * be NULL).
 * KB_EOFFLINE when the other side cannot be reached or the connection
 * is lost; nothing the fetch had not finished is recorded.  Only the
 * refspecs' destinations move: a named remote's own refs/remotes/<name>/
 * copies do not.
 */
int kb_store__fetch(struct kb_store_remote *r, const char *const *specs,
    size_t n, void (*gone)(const char *spec, void *), void *gone_payload,
    kb_transfer_cb progress, void *payload);

/* Called for each ref the other side refused, with its reason. */
typedef void (*kb_store_rejected_cb)(const char *ref, const char *why,
    void *payload);

/* Push refspecs "src:dst" (never forced).  KB_EOFFLINE as for a fetch.
 * No refs/remotes/<name>/ copy moves (kb_store__push_told's do). */
int kb_store__push(struct kb_store_remote *r, const char *const *specs,
    size_t n, kb_store_rejected_cb rejected, void *rejected_payload,
    kb_transfer_cb progress, void *payload);

/* What the other side printed while a push ran (its hooks' messages,
 * git's "remote: ..." lines), a piece at a time, raw. */
typedef void (*kb_store_told_cb)(const char *text, size_t len,
    void *payload);

/*
 * A push as kb_store__push, which also passes what the other side
 * printed to `told`, and says KB_ECONFLICT when a ref there has moved
 * past what this side has (another writer pushed first): nothing was
 * pushed then.  `payload` goes to both callbacks.
 */
int kb_store__push_told(struct kb_store_remote *r, const char *const *specs,
    size_t n, kb_store_rejected_cb rejected, kb_store_told_cb told,
    void *payload);

#endif
