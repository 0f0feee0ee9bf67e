/*
 * The git store (store.h): starting libgit2, opening the repository, its
 * git config, reading blobs and finding one by path in a tree; and what
 * the store's files share (store_private.h): libgit2's errors made ours,
 * hex ids to libgit2's and back.
 *
 * Answers are always read from committed trees, never from the work tree,
 * so that what is indexed and shown is what is versioned.
 */
#include "store.h"

#include <errno.h>
#include <git2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "xmalloc.h"

#include "store_private.h"

/*
 * libgit2 tells a write that failed for space only in its message, with
 * the system's words for ENOSPC or EDQUOT (strerror, so in the same
 * language as here).
 */
int
kb_store__disk_full(const char *message)
{
	return message && (strstr(message, strerror(ENOSPC)) ||
	    strstr(message, strerror(EDQUOT)));
}

/* Turn the last libgit2 error into ours. */
int
kb_store__fail(int rc, const char *what)
{
	const git_error *e = git_error_last();
	int code = KB_ERROR;

	if (e && kb_store__disk_full(e->message))
		return kb_error_set(KB_EFULL, "the disk is full: free space "
		    "and try again (%s: %s)", what, e->message);
	if (rc == GIT_ENOTFOUND)
		code = KB_ENOTFOUND;
	else if (rc == GIT_ELOCKED)
		code = KB_ELOCKED;
	return kb_error_set(code, "%s: %s", what,
	    e && e->message ? e->message : "git error");
}

int
kb_store__oid_from(git_oid *oid, const char *hex)
{
	if (hex == NULL || git_oid_fromstr(oid, hex) < 0)
		return kb_error_set(KB_EINVALID, "bad object id '%s'",
		    hex ? hex : "");
	return 0;
}

void
kb_store__hex_of(char out[KB_OID_HEX + 1], const git_oid *oid)
{
	git_oid_tostr(out, KB_OID_HEX + 1, oid);
}

/*
 * libgit2 is started on first use, not with the program: its start loads
 * the system's TLS certificates, and a search on a current index needs
 * none of it (gitref.h).
 */
static pthread_once_t libgit2_once = PTHREAD_ONCE_INIT;
static int libgit2_started;

static void
start_libgit2(void)
{
	libgit2_started = git_libgit2_init() >= 0;
	/* Like git itself, trust objects on read and leave checking their
	 * hashes to fsck: hashing every blob again costs a full build a
	 * tenth of its time. */
	if (libgit2_started)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

int
kb_store__global_init(void)
{
	pthread_once(&libgit2_once, start_libgit2);
	if (!libgit2_started)
		return kb_error_set(KB_ERROR, "cannot initialise libgit2");
	return 0;
}

void
kb_store__global_shutdown(void)
{
	if (libgit2_started)
		git_libgit2_shutdown();
}

int
kb_store__open(struct kb_store **out, const char *dir)
{
	git_repository *repo;
	int rc;

	*out = NULL;
	if ((rc = kb_store__global_init()) < 0)
		return rc;
	rc = git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL);
	if (rc == GIT_ENOTFOUND)
		return kb_error_set(KB_ENOTFOUND,
		    "%s: not a KB (no git repository there; see kb init)", dir);
	if (rc < 0)
		return kb_store__fail(rc, dir);
	*out = xcalloc(1, sizeof(**out));
	(*out)->repo = repo;
	return 0;
}

void
kb_store__close(struct kb_store *s)
{
	if (s == NULL)
		return;
	git_repository_free(s->repo);
	free(s);
}

const char *
kb_store__gitdir(const struct kb_store *s)
{
	return git_repository_path(s->repo);
}

const char *
kb_store__workdir(const struct kb_store *s)
{
	return git_repository_workdir(s->repo);
}

int
kb_store__config_string(char **out, struct kb_store *s, const char *key)
{
	git_config *cfg = NULL;
	git_buf value = GIT_BUF_INIT;
	int rc;

	*out = NULL;
	if ((rc = git_repository_config_snapshot(&cfg, s->repo)) < 0)
		return kb_store__fail(rc, "reading git config");
	rc = git_config_get_string_buf(&value, cfg, key);
	if (rc == 0)
		*out = xstrdup(value.ptr);
	git_buf_dispose(&value);
	git_config_free(cfg);
	if (rc == GIT_ENOTFOUND)
		return kb_error_set(KB_ENOTFOUND, "%s is not set", key);
	return rc < 0 ? kb_store__fail(rc, key) : 0;
}

int
kb_store__config_set(struct kb_store *s, const char *key, const char *value)
{
	git_config *cfg = NULL, *local = NULL;
	int rc;

	if ((rc = git_repository_config(&cfg, s->repo)) == 0 &&
	    (rc = git_config_open_level(&local, cfg,
	    GIT_CONFIG_LEVEL_LOCAL)) == 0)
		rc = git_config_set_string(local, key, value);
	git_config_free(local);
	git_config_free(cfg);
	return rc < 0 ? kb_store__fail(rc, key) : 0;
}

int
kb_store__exists(struct kb_store *s, const char *hex)
{
	git_odb *odb;
	git_oid oid;
	int found;

	if (git_oid_fromstr(&oid, hex) < 0)
		return 0;
	if (git_repository_odb(&odb, s->repo) < 0)
		return 0;
	found = git_odb_exists(odb, &oid);
	git_odb_free(odb);
	return found;
}

/* The blob's size from its header, without reading its bytes. */
static int
blob_size(struct kb_store *s, const git_oid *oid, size_t *size)
{
	git_object_t type;
	git_odb *odb;
	int rc;

	if ((rc = git_repository_odb(&odb, s->repo)) < 0)
		return kb_store__fail(rc, "the object database");
	rc = git_odb_read_header(size, &type, odb, oid);
	git_odb_free(odb);
	if (rc == GIT_ENOTFOUND)
		return kb_error_set(KB_ENOTFOUND, "version %s is not in the KB",
		    git_oid_tostr_s(oid));
	return rc < 0 ? kb_store__fail(rc, git_oid_tostr_s(oid)) : 0;
}

int
kb_store__read_blob_max(char **data, size_t *len, struct kb_store *s,
    const char *hex, size_t max)
{
	git_blob *blob;
	git_oid oid;
	size_t n;
	int rc;

	*data = NULL;
	*len = 0;
	if (git_oid_fromstrp(&oid, hex) < 0 || strlen(hex) != KB_OID_HEX)
		return kb_error_set(KB_EINVALID, "'%s' is not a version id",
		    hex);
	if (max != SIZE_MAX && (rc = blob_size(s, &oid, &n)) < 0)
		return rc;
	if (max != SIZE_MAX && n > max)
		return kb_error_set(KB_EINVALID, "%.12s is %zu bytes, more "
		    "than the %zu kb reads", hex, n, max);
	if ((rc = git_blob_lookup(&blob, s->repo, &oid)) < 0) {
		if (rc == GIT_ENOTFOUND)
			return kb_error_set(KB_ENOTFOUND,
			    "version %s is not in the KB", hex);
		return kb_store__fail(rc, hex);
	}
	n = (size_t)git_blob_rawsize(blob);
	*data = xmalloc(n + 1);
	memcpy(*data, git_blob_rawcontent(blob), n);
	(*data)[n] = '\0';
	*len = n;
	git_blob_free(blob);
	return 0;
}

int
kb_store__read_blob(char **data, size_t *len, struct kb_store *s,
    const char *hex)
{
	return kb_store__read_blob_max(data, len, s, hex, SIZE_MAX);
}

int
kb_store__lookup_path(char oid_hex[KB_OID_HEX + 1], struct kb_store *s,
    const char *tree_hex, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_oid oid;
	int rc;

	if (git_oid_fromstr(&oid, tree_hex) < 0)
		return kb_error_set(KB_EINVALID, "bad tree id %s", tree_hex);
	if ((rc = git_tree_lookup(&tree, s->repo, &oid)) < 0)
		return kb_store__fail(rc, tree_hex);
	rc = git_tree_entry_bypath(&entry, tree, path);
	if (rc == 0 && git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
		git_oid_tostr(oid_hex, KB_OID_HEX + 1, git_tree_entry_id(entry));
	else if (rc == 0 || rc == GIT_ENOTFOUND)
		rc = kb_error_set(KB_ENOTFOUND, "%s: no such file", path);
	else
		rc = kb_store__fail(rc, path);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return rc;
}
