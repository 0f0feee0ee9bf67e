/*
 * Answering "which commit is the branch at?" without libgit2.
 *
 * Every search asks it first, to know whether the index is current.
 * libgit2's initialisation loads the system's TLS certificates (about 4 ms
 * here, more than a whole search), while the answer is a file read.  Only
 * the plain cases are handled: a .git directory or a bare repository, a
 * loose or packed ref.  Anything else answers "don't know" (-1) and the
 * caller asks libgit2 (store.h).
 */
#ifndef KB_GITREF_H
#define KB_GITREF_H

#include <stddef.h>

#include "kb/answer.h"

/* The git directory of `dir`, with a trailing '/'; caller frees. */
int kb_gitref__find_gitdir(char **gitdir, const char *dir);

/* The commit refs/heads/<branch> points at. */
int kb_gitref__read(char commit[KB_OID_HEX + 1], const char *gitdir,
    const char *branch);

/* The object any ref (full name, "refs/kb/...") points at. */
int kb_gitref__read_ref(char oid[KB_OID_HEX + 1], const char *gitdir,
    const char *ref);

/*
 * A string that changes whenever the repository's config file does, so
 * that settings read from it (kb.branch) can be trusted while it holds.
 */
void kb_gitref__config_stamp(char *out, size_t size, const char *gitdir);

#endif
