/*
 * What the store's files (store*.c, see store.h) share in libgit2's
 * terms: the repository, its errors made ours, ids, commits.  They are
 * the only files of libkb that include <git2.h>.
 */
#ifndef KB_STORE_PRIVATE_H
#define KB_STORE_PRIVATE_H

#include <git2.h>

#include "kb/answer.h"
#include "store.h"

struct kb_store {
	git_repository *repo;
};

/* --- store.c -------------------------------------------------------- */

/* Turn libgit2's last error into ours, with `what` first; KB_EFULL
 * when the disk is full. */
int kb_store__fail(int rc, const char *what);
/* 1 when a libgit2 message says the disk (or the quota) is full. */
int kb_store__disk_full(const char *message);

/* Hex ids to libgit2's and back; a bad id is KB_EINVALID. */
int kb_store__oid_from(git_oid *oid, const char *hex);
void kb_store__hex_of(char out[KB_OID_HEX + 1], const git_oid *oid);

/* --- store_commit.c ------------------------------------------------- */

/* The commit with id `hex`; a bad id is KB_EINVALID. */
int kb_store__commit_lookup(git_commit **out, struct kb_store *s,
    const char *hex);
/* The root tree of a commit; NULL (no tree: an empty one) for "". */
int kb_store__commit_tree(git_tree **out, struct kb_store *s, const char *hex);

/*
 * The one tree builder: the tree of commit `base` (NULL: of nothing)
 * with `files` written into it.
 */
int kb_store__tree_with_files(git_tree **out, struct kb_store *s,
    const git_commit *base, const struct kb_store_file *files, size_t n);

/*
 * The one commit writer: a commit of `tree` on `parents` by `who`, now,
 * `what` naming it in an error.  No ref moves.
 */
int kb_store__commit_write(git_oid *out, struct kb_store *s,
    const git_tree *tree, const git_commit **parents, size_t nparents,
    const struct kb_store_sig *who, const char *message, const char *what);

#endif
