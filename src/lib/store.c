/*
 * The git store: reading the answers' branch through libgit2.
 *
 * Answers are always read from committed trees, never from the work tree,
 * so that what is indexed and shown is what is versioned.
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "kb/error.h"
#include "perm.h"
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
kb_store__branch(struct kb_store *s, const char *branch,
    char commit_hex[KB_OID_HEX + 1], char tree_hex[KB_OID_HEX + 1])
{
	git_commit *commit = NULL;
	git_oid oid;
	char ref[256];
	int rc;

	snprintf(ref, sizeof(ref), "refs/heads/%s", branch);
	if ((rc = git_reference_name_to_id(&oid, s->repo, ref)) < 0) {
		if (rc == GIT_ENOTFOUND)
			return kb_error_set(KB_ENOTFOUND,
			    "branch '%s' does not exist", branch);
		return kb_store__fail(rc, ref);
	}
	if ((rc = git_commit_lookup(&commit, s->repo, &oid)) < 0)
		return kb_store__fail(rc, ref);
	git_oid_tostr(commit_hex, KB_OID_HEX + 1, &oid);
	git_oid_tostr(tree_hex, KB_OID_HEX + 1, git_commit_tree_id(commit));
	git_commit_free(commit);
	return 0;
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
kb_store__read_blob_max(struct kb_store *s, const char *hex, size_t max,
    char **data, size_t *len)
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
kb_store__read_blob(struct kb_store *s, const char *hex, char **data,
    size_t *len)
{
	return kb_store__read_blob_max(s, hex, SIZE_MAX, data, len);
}

int
kb_store__lookup_path(struct kb_store *s, const char *tree_hex,
    const char *path, char oid_hex[KB_OID_HEX + 1])
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

/* The state of one tree comparison. */
struct diff {
	struct kb_store *s;
	kb_store_change_cb cb;
	void *payload;
	struct buf path;
};

static int diff_trees(struct diff *d, const git_tree *a, const git_tree *b);

/* Only the answers and notices folders and the root files kb reads are
 * compared. */
static int
wanted_at_root(const char *name, git_object_t type)
{
	if (type == GIT_OBJECT_TREE)
		return strcmp(name, "answers") == 0 ||
		    strcmp(name, "notices") == 0;
	return strcmp(name, "synonyms.txt") == 0;
}

static int
report_blob(struct diff *d, const git_tree_entry *old_e,
    const git_tree_entry *new_e)
{
	char old_hex[KB_OID_HEX + 1], new_hex[KB_OID_HEX + 1];

	if (old_e)
		git_oid_tostr(old_hex, sizeof(old_hex), git_tree_entry_id(old_e));
	if (new_e)
		git_oid_tostr(new_hex, sizeof(new_hex), git_tree_entry_id(new_e));
	return d->cb(buf_cstr(&d->path), old_e ? old_hex : NULL,
	    new_e ? new_hex : NULL, d->payload);
}

/*
 * Report one side's entry (the other side has none at this name), or both
 * when they differ.  Trees are opened only when their ids differ.
 */
static int
diff_entry(struct diff *d, const git_tree_entry *old_e,
    const git_tree_entry *new_e)
{
	const git_tree_entry *any = old_e ? old_e : new_e;
	git_tree *old_t = NULL, *new_t = NULL;
	size_t saved = d->path.len;
	int rc = 0;

	if (old_e && new_e && git_oid_equal(git_tree_entry_id(old_e),
	    git_tree_entry_id(new_e)))
		return 0;
	if (d->path.len)
		buf_addc(&d->path, '/');
	buf_adds(&d->path, git_tree_entry_name(any));
	if (git_tree_entry_type(any) == GIT_OBJECT_TREE) {
		if (old_e && (rc = git_tree_lookup(&old_t, d->s->repo,
		    git_tree_entry_id(old_e))) < 0) {
			rc = kb_store__fail(rc, buf_cstr(&d->path));
			goto done;
		}
		if (new_e && (rc = git_tree_lookup(&new_t, d->s->repo,
		    git_tree_entry_id(new_e))) < 0) {
			rc = kb_store__fail(rc, buf_cstr(&d->path));
			goto done;
		}
		rc = diff_trees(d, old_t, new_t);
	} else if (git_tree_entry_type(any) == GIT_OBJECT_BLOB &&
	    git_tree_entry_filemode(any) != GIT_FILEMODE_LINK) {
		rc = report_blob(d, old_e, new_e);
	}
done:
	git_tree_free(old_t);
	git_tree_free(new_t);
	buf_truncate(&d->path, saved);
	return rc;
}

static int
entry_wanted(struct diff *d, const git_tree_entry *e)
{
	return d->path.len > 0 ||
	    wanted_at_root(git_tree_entry_name(e), git_tree_entry_type(e));
}

/* Merge-walk two trees' sorted entries. */
static int
diff_trees(struct diff *d, const git_tree *a, const git_tree *b)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0,
	    nb = b ? git_tree_entrycount(b) : 0;
	int rc = 0;

	while (rc == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i)
		    : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j)
		    : NULL;
		int cmp = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);

		/* A file that became a folder compares unequal: both sides
		 * are reported, as a deletion and an addition. */
		if (cmp == 0 && git_tree_entry_type(ea) != git_tree_entry_type(eb))
			cmp = -1;
		if (cmp < 0) {
			if (entry_wanted(d, ea))
				rc = diff_entry(d, ea, NULL);
			i++;
		} else if (cmp > 0) {
			if (entry_wanted(d, eb))
				rc = diff_entry(d, NULL, eb);
			j++;
		} else {
			if (entry_wanted(d, ea))
				rc = diff_entry(d, ea, eb);
			i++;
			j++;
		}
	}
	return rc;
}

static int
tree_lookup_hex(git_tree **out, struct kb_store *s, const char *hex)
{
	git_oid oid;
	int rc;

	*out = NULL;
	if (hex == NULL)
		return 0;
	if (git_oid_fromstr(&oid, hex) < 0)
		return kb_error_set(KB_EINVALID, "bad tree id %s", hex);
	if ((rc = git_tree_lookup(out, s->repo, &oid)) < 0)
		return kb_store__fail(rc, hex);
	return 0;
}

int
kb_store__diff(struct kb_store *s, const char *old_hex, const char *new_hex,
    kb_store_change_cb cb, void *payload)
{
	struct diff d = { s, cb, payload, BUF_INIT };
	git_tree *old_t = NULL, *new_t = NULL;
	int rc;

	if ((rc = tree_lookup_hex(&old_t, s, old_hex)) < 0 ||
	    (rc = tree_lookup_hex(&new_t, s, new_hex)) < 0)
		goto done;
	rc = diff_trees(&d, old_t, new_t);
done:
	git_tree_free(old_t);
	git_tree_free(new_t);
	buf_free(&d.path);
	return rc;
}

static int
copy_file(const char *src, const char *dst)
{
	char chunk[65536];
	FILE *in, *out;
	size_t n;
	int rc = 0;

	if ((in = fopen(src, "rb")) == NULL)
		return perm_fail(src, "reading", errno);
	if ((out = fopen(dst, "wb")) == NULL) {
		fclose(in);
		return perm_fail(dst, "creating", errno);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (fwrite(chunk, 1, n, out) != n) {
			rc = perm_fail(dst, "writing", errno);
			break;
		}
	if (ferror(in))
		rc = kb_error_set(KB_ERROR, "%s: read error", src);
	fclose(in);
	if (fclose(out) != 0 && rc == 0)
		rc = perm_fail(dst, "writing", errno);
	return rc;
}

/* Copy the sample KB's files (not its dot files) into the new work tree. */
static int
copy_tree(const char *from, const char *to)
{
	DIR *dir;
	struct dirent *de;
	int rc = 0;

	if ((dir = opendir(from)) == NULL)
		return kb_error_set(KB_ENOTFOUND, "%s: %s", from,
		    strerror(errno));
	if (mkdir(to, 0777) < 0 && errno != EEXIST) {
		closedir(dir);
		return kb_error_set(KB_ERROR, "%s: %s", to, strerror(errno));
	}
	while (rc == 0 && (de = readdir(dir)) != NULL) {
		char *src, *dst;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		src = xasprintf("%s/%s", from, de->d_name);
		dst = xasprintf("%s/%s", to, de->d_name);
		if (stat(src, &st) < 0)
			rc = kb_error_set(KB_ERROR, "%s: %s", src,
			    strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = copy_tree(src, dst);
		else if (S_ISREG(st.st_mode))
			rc = copy_file(src, dst);
		free(src);
		free(dst);
	}
	closedir(dir);
	return rc;
}

/* 1 if `dir` is missing or an empty directory. */
static int
dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int empty = 1;

	if (d == NULL)
		return errno == ENOENT;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

/* The committer: git config user.name/email, else the login name. */
static int
default_signature(git_signature **out, git_repository *repo)
{
	const char *user;
	char email[256];

	if (git_signature_default(out, repo) == 0)
		return 0;
	user = getenv("KB_AGENT");
	if (user == NULL || *user == '\0')
		user = getenv("USER");
	if (user == NULL || *user == '\0')
		user = "kb";
	snprintf(email, sizeof(email), "%s@localhost", user);
	if (git_signature_now(out, user, email) < 0)
		return kb_store__fail(-1, "making a signature");
	return 0;
}

static int
commit_work_tree(git_repository *repo, const char *branch)
{
	char *paths[] = { "*" };
	git_strarray spec = { paths, 1 };
	git_signature *sig = NULL;
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_oid tree_oid, commit_oid;
	char ref[256];
	int rc;

	snprintf(ref, sizeof(ref), "refs/heads/%s", branch);
	if ((rc = git_repository_index(&index, repo)) < 0 ||
	    (rc = git_index_add_all(index, &spec, 0, NULL, NULL)) < 0 ||
	    (rc = git_index_write(index)) < 0 ||
	    (rc = git_index_write_tree(&tree_oid, index)) < 0 ||
	    (rc = git_tree_lookup(&tree, repo, &tree_oid)) < 0) {
		rc = kb_store__fail(rc, "staging the sample KB");
		goto done;
	}
	if ((rc = default_signature(&sig, repo)) < 0)
		goto done;
	if ((rc = git_commit_create_v(&commit_oid, repo, ref, sig, sig, NULL,
	    "Start the knowledge base from the kb sample\n", tree, 0)) < 0)
		rc = kb_store__fail(rc, "committing the sample KB");
done:
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
	return rc;
}

int
kb_store__init(const char *dir, const char *from, const char *branch)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	struct stat st;
	int rc;

	if (!dir_is_empty(dir))
		return kb_error_set(KB_EINVALID,
		    "%s: exists and is not empty; kb init needs a new directory",
		    dir);
	if (stat(from, &st) < 0 || !S_ISDIR(st.st_mode))
		return kb_error_set(KB_ENOTFOUND, "%s: no sample KB there", from);
	if ((rc = kb_store__global_init()) < 0)
		return rc;
	git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = branch;
	if ((rc = git_repository_init_ext(&repo, dir, &opts)) < 0)
		return kb_store__fail(rc, dir);
	if ((rc = copy_tree(from, dir)) == 0)
		rc = commit_work_tree(repo, branch);
	git_repository_free(repo);
	return rc;
}
