/*
 * The KB handle, shared by the library's modules and by nothing else.
 */
#ifndef KB_PRIVATE_H
#define KB_PRIVATE_H

#include <sys/types.h>

#include "kb/kb.h"

struct db;
struct fts_tokenizer;
struct kb_store;
struct index_cache;

struct kb {
	char *path;		/* as given to kb_open() */
	char *gitdir;		/* with a trailing '/' */
	char *state_dir;	/* <gitdir>/kb */
	char *branch;		/* NULL until the store is open */
	struct kb_store *store;	/* opened on first need: kb__store() */

	/* The search index, opened on first use (index.c). */
	struct db *index;
	ino_t index_inode;	/* to notice a rebuilt file */
	struct fts_tokenizer *tokenizer;
	struct index_cache *index_cache;	/* what searches keep of it */

	struct db *usage;	/* the usage log, opened on first use */

	int shared;		/* core.sharedRepository (perm.h), once read */
	int shared_known;
	char *index_warning;	/* why the index was rebuilt or is not current */
	int index_unwritable;	/* the last update failed to write (index.c) */
};

/*
 * Open the git store (and with it libgit2, and kb.branch from the config)
 * unless it is open.  Everything that reads the repository calls it first;
 * a search on a current index never does (gitref.h).
 */
int kb__store(struct kb *kb);

/*
 * Make <state> (kb__state_dir_make) or a file in it (kb__state_file_make)
 * unless it exists, with the mode the umask and core.sharedRepository
 * give (perm.h); a file that replaces `like` takes its mode and group.
 * SQLite gives a database's journal, -wal and -shm files the database's
 * mode: a database made here first is usable by the whole group.
 */
int kb__state_dir_make(struct kb *kb);
int kb__state_file_make(struct kb *kb, const char *path, const char *like);

/* Open the index if it is not open yet; rebuild its file if unusable. */
int kb_index__open(struct kb *kb);

/*
 * Update the index when the branch has moved since it was built, or
 * what it learns from since it learned (index_learn.h).  Cheap when
 * nothing has: ref lookups, file times and a row of the index.
 */
int kb_index__refresh(struct kb *kb);

/*
 * After a failed query: when the index file turned out to be damaged,
 * build it again and return 1 (try once more); else 0.
 */
int kb_index__recover(struct kb *kb);

#endif
