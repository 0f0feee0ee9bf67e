/* Reading refs from files, for the fast "is the index current?" check. */
#include "gitref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xmalloc.h"

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A git directory: HEAD, objects/ and refs/, and no commondir (worktree). */
static int
looks_like_gitdir(const char *dir)
{
	char *head = xasprintf("%s/HEAD", dir);
	char *objects = xasprintf("%s/objects", dir);
	char *refs = xasprintf("%s/refs", dir);
	char *common = xasprintf("%s/commondir", dir);
	int ok = is_file(head) && is_dir(objects) && is_dir(refs) &&
	    !is_file(common);

	free(head);
	free(objects);
	free(refs);
	free(common);
	return ok;
}

int
kb_gitref__find_gitdir(char **gitdir, const char *dir)
{
	char *dotgit = xasprintf("%s/.git", dir);

	*gitdir = NULL;
	if (is_dir(dotgit) && looks_like_gitdir(dotgit))
		*gitdir = xasprintf("%s/", dotgit);
	else if (looks_like_gitdir(dir))
		*gitdir = xasprintf("%s/", dir);
	free(dotgit);
	return *gitdir ? 0 : -1;
}

static int
is_hex_oid(const char *s)
{
	size_t i;

	for (i = 0; i < KB_OID_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int
read_loose(const char *gitdir, const char *ref, char *out)
{
	char *path = xasprintf("%s%s", gitdir, ref);
	char line[128];
	FILE *f = fopen(path, "r");
	int rc = -1;

	free(path);
	if (f == NULL)
		return -1;
	if (fgets(line, sizeof(line), f) && strlen(line) == KB_OID_HEX + 1 &&
	    line[KB_OID_HEX] == '\n' && is_hex_oid(line)) {
		memcpy(out, line, KB_OID_HEX);
		out[KB_OID_HEX] = '\0';
		rc = 0;
	}
	fclose(f);
	return rc;
}

static int
read_packed(const char *gitdir, const char *want, char *out)
{
	char *path = xasprintf("%spacked-refs", gitdir);
	char line[1024];
	FILE *f = fopen(path, "r");
	int rc = -1;

	free(path);
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strlen(line) > KB_OID_HEX + 1 && line[KB_OID_HEX] == ' ' &&
		    is_hex_oid(line) && strcmp(line + KB_OID_HEX + 1, want) == 0) {
			memcpy(out, line, KB_OID_HEX);
			out[KB_OID_HEX] = '\0';
			rc = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	return rc;
}

int
kb_gitref__read_ref(char oid[KB_OID_HEX + 1], const char *gitdir,
    const char *ref)
{
	char *loose = xasprintf("%s%s", gitdir, ref);
	int exists = is_file(loose);

	free(loose);
	/* A loose ref wins over a packed one; an odd loose ref: don't know. */
	if (exists)
		return read_loose(gitdir, ref, oid);
	return read_packed(gitdir, ref, oid);
}

int
kb_gitref__read(char commit[KB_OID_HEX + 1], const char *gitdir,
    const char *branch)
{
	char *ref = xasprintf("refs/heads/%s", branch);
	int rc = kb_gitref__read_ref(commit, gitdir, ref);

	free(ref);
	return rc;
}

void
kb_gitref__config_stamp(char *out, size_t size, const char *gitdir)
{
	char *path = xasprintf("%sconfig", gitdir);
	struct stat st;

	if (stat(path, &st) == 0)
		snprintf(out, size, "%lld.%09ld:%lld:%llu",
		    (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
		    (long long)st.st_size, (unsigned long long)st.st_ino);
	else
		snprintf(out, size, "none");
	free(path);
}
