/*
 * The KB handle: opening a repository, its settings, its store and state
 * files.  Answers are loaded by answer_load.c.
 */
#include "kb/kb.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "db.h"
#include "fts.h"
#include "gitref.h"
#include "index_cache.h"
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
	if (!kb_perm__not_mine(owner, me, sizeof(owner), dir) &&
	    !kb_perm__not_mine(owner, me, sizeof(owner), kb->gitdir)) {
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
	if (kb_gitref__find_gitdir(&kb->gitdir, dir) < 0 &&
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
	kb_index_cache__free(kb);
	if (kb->tokenizer)
		kb_fts__tokenizer_close(kb->tokenizer);
	kb_db__close(kb->index);
	kb_db__close(kb->usage);
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
			kb->shared = kb_perm__shared_parse(value);
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
	return kb_perm__mkdir(kb->state_dir, shared_setting(kb));
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
	return kb_perm__create(path, shared_setting(kb), like);
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
kb_head(char commit[KB_OID_HEX + 1], struct kb *kb)
{
	char tree[KB_OID_HEX + 1];
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	return kb_store__branch(commit, tree, kb->store, kb->branch);
}

int
kb_blob_read(char **out, size_t *len, struct kb *kb, const char *oid_hex)
{
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = kb__store(kb)) < 0)
		return rc;
	return kb_store__read_blob(out, len, kb->store, oid_hex);
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

int
kb_init(const char *dir, const char *sample_dir, const char *branch)
{
	return kb_store__init(dir, sample_dir, branch ? branch :
	    KB_DEFAULT_BRANCH);
}
