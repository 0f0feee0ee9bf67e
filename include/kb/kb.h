/*
 * libkb: a git-versioned knowledge base of answers with a search index.
 *
 * Call order: kb_global_init() once per process, kb_open() per KB, then
 * any module (index.h, search.h, check.h ...), kb_close(), and
 * kb_global_shutdown() before exit.  A struct kb is used by one thread at
 * a time.
 */
#ifndef KB_KB_H
#define KB_KB_H

#include <stddef.h>

#include "answer.h"
#include "diag.h"
#include "error.h"

#define KB_VERSION "0.1.0"
#define KB_DEFAULT_BRANCH "main"

struct kb;

/* Initialise and release the libraries libkb stands on (libgit2). */
int kb_global_init(void);
void kb_global_shutdown(void);

/*
 * The KB directory to use when none is given: $KB_DIR, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/kb.  Caller frees.  (Where
 * kb init makes a KB; commands that use one call kb_locate.)
 */
int kb_default_dir(char **out);

/* Where the KB a command uses came from (discover.c). */
enum kb_from {
	KB_FROM_OPTION,		/* --kb: the front end's own */
	KB_FROM_ENV,		/* $KB_DIR */
	KB_FROM_HERE,		/* the repository the current folder is in */
	KB_FROM_DEFAULT		/* ${XDG_DATA_HOME:-~/.local/share}/kb */
};

struct kb_location {
	enum kb_from from;
	char *not_kb;	/* KB_FROM_DEFAULT: the current folder's repository,
			   which is no KB; else NULL */
};

/*
 * The KB a command uses when --kb is not given, as git finds a
 * repository: $KB_DIR; else the repository the current folder is in
 * (kb_discover) when it is a KB; else the default folder.  Caller frees
 * *out and clears `where`.
 */
int kb_locate(char **out, struct kb_location *where);
void kb_location_clear(struct kb_location *where);

/*
 * The KB whose repository holds the folder `dir` (absolute): the
 * innermost work tree (a folder with .git) or bare repository from
 * `dir` up, not past $GIT_CEILING_DIRECTORIES nor onto another file
 * system (unless $GIT_DISCOVERY_ACROSS_FILESYSTEM), as git looks.  It
 * is a KB when its work tree has answers/ at the root, or its git
 * directory has kb's folder (kb/) or a [kb] section in its config.
 * KB_ENOTFOUND otherwise; then *not_kb (when not NULL; caller frees)
 * names the repository found that is no KB, if any.
 */
int kb_discover(char **out, char **not_kb, const char *dir);

/*
 * Open the KB repository at `dir` (a work tree or a bare repository).
 * KB_ENOTFOUND when there is no git repository there.
 */
int kb_open(struct kb **out, const char *dir);
void kb_close(struct kb *kb);

/* The directory the KB was opened from, as given.  Borrowed. */
const char *kb_path(const struct kb *kb);
/* Where kb keeps its own files: <gitdir>/kb.  Borrowed. */
const char *kb_state_dir(const struct kb *kb);
/*
 * The branch holding the answers: git config kb.branch, else "main".
 * NULL when the repository cannot be read (see kb_error_last()).
 */
const char *kb_branch(struct kb *kb);

/* A string from the KB repository's git config; KB_ENOTFOUND if unset. */
int kb_config_string(char **out, struct kb *kb, const char *key);
/*
 * A boolean from the git config, read as git reads it (true, yes, on, 1;
 * false, no, off, 0; any case); `fallback` when unset or unreadable.
 */
int kb_config_bool(struct kb *kb, const char *key, int fallback);

/*
 * The commit the branch points at, as hex.  KB_ENOTFOUND when the branch
 * does not exist (an empty KB).
 */
int kb_head(char commit[KB_OID_HEX + 1], struct kb *kb);

/*
 * The answer `id` as committed on the branch (the index is refreshed first
 * if the branch moved).  KB_ENOTFOUND when there is no such answer.
 */
int kb_answer_load(struct kb_answer **out, struct kb *kb, const char *id);

/* Hex digits an abbreviated version needs at least, as git asks. */
#define KB_VERSION_ABBREV_MIN 7

/*
 * The answer `id` exactly as it was in `version`: what a customer was
 * told.  `version` is a blob id, 40 hex digits as the usage log records
 * it, or a unique prefix of KB_VERSION_ABBREV_MIN or more (the reference
 * line's KB_SHORT_VERSION), among the versions of `id` kb knows: its
 * current one and those the usage log recorded for it.  KB_EINVALID for
 * a malformed or too short version, or one that more than one of those
 * start with (the message lists them); KB_ENOTFOUND when none does.
 */
int kb_answer_load_version(struct kb_answer **out, struct kb *kb,
    const char *id, const char *version);

/* Read a blob by its id (an answer version).  Caller frees *out. */
int kb_blob_read(char **out, size_t *len, struct kb *kb, const char *oid_hex);

/*
 * Create a new KB repository in `dir` holding a copy of the files under
 * `sample_dir`, committed on `branch` (NULL: "main").  Refuses a `dir`
 * that exists and is not empty.
 */
int kb_init(const char *dir, const char *sample_dir, const char *branch);

#endif
