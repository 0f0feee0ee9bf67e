/*
 * What the store's files (store.c reads, store_write.c writes) share;
 * they are the only files of libkb that include <git2.h>.
 */
#ifndef KB_STORE_PRIVATE_H
#define KB_STORE_PRIVATE_H

#include <git2.h>

struct kb_store {
	git_repository *repo;
};

/* Turn libgit2's last error into ours, with `what` first. */
int git_fail(int rc, const char *what);

#endif
