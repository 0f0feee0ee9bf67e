/* The KB handle: opening a repository, its settings, loading answers. */
#include "kb/kb.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "db.h"
#include "fts.h"
#include "gitref.h"
#include "kb/present.h"
#include "kb/usage.h"
#include "kb_private.h"
#include "perm.h"
#include "store.h"
#include "xmalloc.h"

int
kb_global_init(void)
{
	/* libgit2 starts on first use (store.c): a search on a current
	 * index never needs it. */
	return 0;
}

void
kb_global_shutdown(void)
{
	kb_store__global_shutdown();
}

/*
 * The folder git's safe.directory must name for this KB: the work tree,
 * or the git directory of a bare repository.
 */
static char *
safe_directory(const struct kb *kb)
{
	char *dir = xstrdup(kb->gitdir), *real;
	size_t n = strlen(dir);

	if (n >= 6 && strcmp(dir + n - 6, "/.git/") == 0)
		dir[n - 5] = '\0';
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	if ((real = realpath(dir, NULL)) == NULL)
		return dir;
	free(dir);
	return real;
}

/*
 * libgit2, like git, refuses a repository another user owns unless
 * safe.directory lists it, and its 1.5 says only "not found": say why,
 * and what to do.  0 when ownership is not the problem.
 */
static int
owner_refused(const struct kb *kb, int open_rc)
{
	char owner[64], me[64], *dir;
	int rc;

	/* libgit2 1.5 reports it as "not found" (a git directory is there:
	 * gitref.h found it), later ones as "not owned by current user". */
	if (kb->gitdir == NULL || (open_rc != KB_ENOTFOUND &&
	    strstr(kb_error_last(), "owned") == NULL &&
	    strstr(kb_error_last(), "safe.directory") == NULL))
		return 0;
	dir = safe_directory(kb);
	if (!perm_not_mine(dir, owner, me, sizeof(owner)) &&
	    !perm_not_mine(kb->gitdir, owner, me, sizeof(owner))) {
		free(dir);
		return 0;
	}
	rc = kb_error_set(KB_ERROR, "%s: owned by %s, you are %s: add it to "
	    "safe.directory (git config --global --add safe.directory %s) "
	    "or see README 'Several users on one KB'", dir, owner, me, dir);
	free(dir);
	return rc;
}

int
kb__store(struct kb *kb)
{
	char *branch = NULL;
	int rc, owner;

	if (kb->store)
		return 0;
	if ((rc = kb_store__open(&kb->store, kb->gitdir ? kb->gitdir :
	    kb->path)) < 0)
		return (owner = owner_refused(kb, rc)) < 0 ? owner : rc;
	if (kb->gitdir == NULL)
		kb->gitdir = xstrdup(kb_store__gitdir(kb->store));
	free(kb->branch);
	if (kb_store__config_string(&branch, kb->store, "kb.branch") == 0 &&
	    *branch)
		kb->branch = branch;
	else {
		free(branch);
		kb->branch = xstrdup(KB_DEFAULT_BRANCH);
	}
	return 0;
}

int
kb_open(struct kb **out, const char *dir)
{
	struct kb *kb;
	int rc;

	*out = NULL;
	kb = xcalloc(1, sizeof(*kb));
	kb->path = xstrdup(dir);
	/* The plain layouts are found without libgit2; the rest with it,
	 * which also says precisely why a directory is not a KB. */
	if (gitref_find_gitdir(dir, &kb->gitdir) < 0 &&
	    (rc = kb__store(kb)) < 0) {
		kb_close(kb);
		return rc;
	}
	kb->state_dir = xasprintf("%skb", kb->gitdir);
	*out = kb;
	return 0;
}

void
kb_close(struct kb *kb)
{
	if (kb == NULL)
		return;
	kb_search__reset(kb);
	free(kb->search);
	if (kb->tokenizer)
		fts_tokenizer_close(kb->tokenizer);
	db_close(kb->index);
	db_close(kb->usage);
	kb_store__close(kb->store);
	free(kb->path);
	free(kb->gitdir);
	free(kb->state_dir);
	free(kb->branch);
	free(kb->index_warning);
	free(kb);
}

/* core.sharedRepository, read once, and only to make a file. */
static int
shared_setting(struct kb *kb)
{
	char *value = NULL;

	if (!kb->shared_known) {
		if (kb_config_string(&value, kb, "core.sharedRepository") == 0)
			kb->shared = perm_shared_parse(value);
		kb_error_clear();
		free(value);
		kb->shared_known = 1;
	}
	return kb->shared;
}

int
kb__state_dir_make(struct kb *kb)
{
	struct stat st;

	if (stat(kb->state_dir, &st) == 0)
		return 0;
	return perm_mkdir(kb->state_dir, shared_setting(kb));
}

int
kb__state_file_make(struct kb *kb, const char *path, const char *like)
{
	struct stat st;
	int rc;

	if (stat(path, &st) == 0)
		return 0;
	if ((rc = kb__state_dir_make(kb)) < 0)
		return rc;
	return perm_create(path, shared_setting(kb), like);
}

const char *
kb_path(const struct kb *kb)
{
	return kb->path;
}

const char *
kb_state_dir(const struct kb *kb)
{
	return kb->state_dir;
}

const char *
kb_branch(struct kb *kb)
{
	return kb__store(kb) < 0 ? NULL : kb->branch;
}

int
kb_config_string(char **out, struct kb *kb, const char *key)
{
	int rc;

	*out = NULL;
	if ((rc = kb__store(kb)) < 0)
		return rc;
	return kb_store__config_string(out, kb->store, key);
}

int
kb_head(struct kb *kb, char commit[KB_OID_HEX + 1])
{
	char tree[KB_OID_HEX + 1];
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	return kb_store__branch(kb->store, kb->branch, commit, tree);
}

int
kb_blob_read(char **out, size_t *len, struct kb *kb, const char *oid_hex)
{
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = kb__store(kb)) < 0)
		return rc;
	return kb_store__read_blob(kb->store, oid_hex, out, len);
}

/* Where the index says the answer is, and its version. */
static int
locate(struct kb *kb, const char *id, char **path, char *version)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(kb->index->h,
	    "SELECT path, version FROM answer WHERE id = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(kb->index, rc, "looking up an answer");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*path = xstrdup((const char *)sqlite3_column_text(st, 0));
		snprintf(version, KB_OID_HEX + 1, "%s",
		    sqlite3_column_text(st, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = kb_error_set(KB_ENOTFOUND, "no answer '%s' in the KB", id);
	} else {
		rc = db_fail(kb->index, rc, "looking up an answer");
	}
	sqlite3_finalize(st);
	return rc;
}

int
kb_answer_load(struct kb_answer **out, struct kb *kb, const char *id)
{
	char version[KB_OID_HEX + 1], *path = NULL, *data = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if (!kb_answer_id_valid(id))
		return kb_error_set(KB_ENOTFOUND, "no answer '%s' in the KB "
		    "(not a valid answer id)", id);
	if ((rc = kb_index__refresh(kb)) < 0)
		goto done;
	if ((rc = locate(kb, id, &path, version)) < 0 && kb_index__recover(kb))
		rc = locate(kb, id, &path, version);
	if (rc < 0 || (rc = kb__store(kb)) < 0 ||
	    (rc = kb_store__read_blob(kb->store, version, &data, &len)) < 0)
		goto done;
	if ((rc = kb_answer_parse(out, path, data, len, NULL, NULL)) == 0)
		memcpy((*out)->version, version, sizeof(version));
done:
	free(path);
	free(data);
	return rc;
}

int
kb_config_bool(struct kb *kb, const char *key, int fallback)
{
	static const char *const yes[] = { "true", "yes", "on", "1", NULL };
	static const char *const no[] = { "false", "no", "off", "0", "",
	    NULL };
	char *v = NULL;
	int i, result = fallback;

	if (kb_config_string(&v, kb, key) < 0)
		return fallback;
	for (i = 0; yes[i]; i++)
		if (strcasecmp(v, yes[i]) == 0)
			result = 1;
	for (i = 0; no[i]; i++)
		if (strcasecmp(v, no[i]) == 0)
			result = 0;
	free(v);
	return result;
}

/* Versions an ambiguous abbreviation lists: enough to pick from. */
#define LISTED_VERSIONS 5

/* A version as given: 7 to 40 hex digits, any case, into `hex`. */
static int
parse_version(const char *given, char hex[KB_OID_HEX + 1])
{
	size_t i, n = strlen(given);

	if (n == 0 || n > KB_OID_HEX ||
	    strspn(given, "0123456789abcdefABCDEF") != n)
		return kb_error_set(KB_EINVALID, "'%s' is not a version: give "
		    "its blob id (the 40 hex digits the usage log holds) or "
		    "its first %d or more", given, KB_VERSION_ABBREV_MIN);
	if (n < KB_VERSION_ABBREV_MIN)
		return kb_error_set(KB_EINVALID, "version '%s' is too short: "
		    "give at least %d hex digits (the reference line has %d), "
		    "so that it names one version", given,
		    KB_VERSION_ABBREV_MIN, KB_SHORT_VERSION);
	for (i = 0; i <= n; i++)
		hex[i] = (char)tolower((unsigned char)given[i]);
	return 0;
}

/* The versions of `id` kb knows that start with `prefix`. */
struct versions {
	char v[LISTED_VERSIONS + 1][KB_OID_HEX + 1];
	long n;			/* in all; only the first few are in v */
};

/*
 * The blob alone does not say which answer it was (its path is in the
 * trees that held it), so the versions of `id` are the current one and
 * those the usage log recorded for it.  Gives the current path when
 * known.
 */
static int
versions_like(struct kb *kb, const char *id, const char *prefix,
    struct versions *found, char **path)
{
	char current[KB_OID_HEX + 1];
	size_t n = strlen(prefix);
	long more;
	int rc, logged;

	*path = NULL;
	found->n = 0;
	if ((rc = kb_index__refresh(kb)) < 0)
		return rc;
	if (locate(kb, id, path, current) == 0 &&
	    strncmp(current, prefix, n) == 0) {
		if ((logged = kb_usage_logged_version(kb, id, current)) < 0)
			return logged;
		if (!logged)
			memcpy(found->v[found->n++], current, sizeof(current));
	}
	kb_error_clear();
	more = kb_usage_versions_like(kb, id, prefix, found->v + found->n,
	    LISTED_VERSIONS + 1 - (size_t)found->n);
	if (more < 0)
		return (int)more;
	found->n += more;
	return 0;
}

/* "0123456789ab, 123456789abc, ... (9 in all)": what to choose from. */
static int
ambiguous(const struct versions *found, const char *id, const char *prefix)
{
	char list[(LISTED_VERSIONS + 1) * (KB_SHORT_VERSION + 2) + 32];
	size_t at = 0;
	long i;

	list[0] = '\0';
	for (i = 0; i < found->n && i < LISTED_VERSIONS; i++)
		at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%.*s",
		    i ? ", " : "", KB_SHORT_VERSION, found->v[i]);
	if (found->n > LISTED_VERSIONS)
		snprintf(list + at, sizeof(list) - at, ", ... (%ld in all)",
		    found->n);
	return kb_error_set(KB_EINVALID, "version '%s' is ambiguous: %ld "
	    "versions of %s start with it (%s); give more digits", prefix,
	    found->n, id, list);
}

int
kb_answer_load_version(struct kb_answer **out, struct kb *kb, const char *id,
    const char *version)
{
	char prefix[KB_OID_HEX + 1], *path = NULL, *data = NULL;
	struct versions found;
	size_t len;
	int rc;

	*out = NULL;
	if (!kb_answer_id_valid(id))
		return kb_error_set(KB_EINVALID, "'%s' is not an answer id", id);
	if ((rc = parse_version(version, prefix)) < 0)
		return rc;
	if ((rc = versions_like(kb, id, prefix, &found, &path)) < 0)
		goto done;
	if (found.n == 0)
		rc = kb_error_set(KB_ENOTFOUND, "version %.*s is neither the "
		    "current version of %s nor one the usage log recorded for "
		    "it", KB_SHORT_VERSION, prefix, id);
	else if (found.n > 1)
		rc = ambiguous(&found, id, prefix);
	else if ((rc = kb_blob_read(&data, &len, kb, found.v[0])) < 0)
		rc = kb_error_set(rc, "version %.*s of %s is not in this KB's "
		    "history", KB_SHORT_VERSION, found.v[0], id);
	if (rc < 0)
		goto done;
	if (path == NULL)	/* where the file lived then is not known */
		path = xasprintf("answers/%s.md", id);
	if ((rc = kb_answer_parse(out, path, data, len, NULL, NULL)) == 0)
		memcpy((*out)->version, found.v[0], KB_OID_HEX + 1);
	else
		rc = kb_error_set(KB_EINVALID, "version %.*s is not a valid "
		    "answer", KB_SHORT_VERSION, found.v[0]);
done:
	free(path);
	free(data);
	return rc;
}

int
kb_init(const char *dir, const char *sample_dir, const char *branch)
{
	return kb_store__init(dir, sample_dir, branch ? branch :
	    KB_DEFAULT_BRANCH);
}
