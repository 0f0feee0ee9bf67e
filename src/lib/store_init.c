/*
 * A new KB's repository (kb init): the sample KB's files copied into a
 * new work tree and committed as the branch's first commit.
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kb/error.h"
#include "perm.h"
#include "store_private.h"
#include "xmalloc.h"

static int
copy_file(const char *src, const char *dst)
{
	char chunk[65536];
	FILE *in, *out;
	size_t n;
	int rc = 0;

	if ((in = fopen(src, "rb")) == NULL)
		return kb_perm__fail(src, "reading", errno);
	if ((out = fopen(dst, "wb")) == NULL) {
		fclose(in);
		return kb_perm__fail(dst, "creating", errno);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (fwrite(chunk, 1, n, out) != n) {
			rc = kb_perm__fail(dst, "writing", errno);
			break;
		}
	if (ferror(in))
		rc = kb_error_set(KB_ERROR, "%s: read error", src);
	fclose(in);
	if (fclose(out) != 0 && rc == 0)
		rc = kb_perm__fail(dst, "writing", errno);
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
