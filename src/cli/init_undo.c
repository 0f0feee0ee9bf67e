/* Undoing a kb init that failed or was killed part-way (init_undo.h). */
#include "init_undo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 64	/* the sample is a few folders deep */

enum init_before
init_look_before(const char *dir)
{
	struct dirent *e;
	enum init_before b = INIT_EMPTY;
	DIR *d = opendir(dir);

	if (d == NULL)
		return errno == ENOENT ? INIT_NOTHING : INIT_SOMETHING;
	while (b == INIT_EMPTY && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			b = INIT_SOMETHING;
	closedir(d);
	return b;
}

static int
is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Remove what folder `fd` holds (it is closed); never follows links. */
static int
empty_folder(int fd, int depth)
{
	struct dirent *e;
	struct stat st;
	DIR *d;
	int rc = 0, sub;

	if (depth > MAX_DEPTH || (d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (is_dot(e->d_name))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = -1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0 || empty_folder(sub, depth + 1) < 0 ||
			    unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) < 0)
				rc = -1;
		} else if (unlinkat(dirfd(d), e->d_name, 0) < 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int
init_undo(const char *dir, enum init_before before)
{
	int fd;

	if (before == INIT_SOMETHING)
		return 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* nothing was made */
	if (empty_folder(fd, 0) == 0 && before == INIT_NOTHING)
		rmdir(dir);
	return init_look_before(dir) == INIT_SOMETHING ? -1 : 1;
}

/* 1 when `path` holds the first bytes of `sample` (all of them, or fewer). */
static int
is_beginning_of(const char *path, const char *sample)
{
	char a[8192], b[8192];
	FILE *f = fopen(path, "rb"), *g = fopen(sample, "rb");
	size_t n, m;
	int same = f && g;

	while (same && (n = fread(a, 1, sizeof(a), f)) > 0) {
		m = fread(b, 1, n, g);
		same = m == n && memcmp(a, b, n) == 0;
	}
	if (same && ferror(f))
		same = 0;
	if (f)
		fclose(f);
	if (g)
		fclose(g);
	return same;
}

/* Every entry of `dir` (but .git at the top) is the sample's, or begins it. */
static int
only_sample_files(const char *dir, const char *sample, int depth)
{
	struct dirent *e;
	struct stat st, sst;
	char path[4096], spath[4096];
	int ok = 1;
	DIR *d;

	if (depth > MAX_DEPTH || (d = opendir(dir)) == NULL)
		return 0;
	while (ok && (e = readdir(d)) != NULL) {
		if (is_dot(e->d_name) || (depth == 0 &&
		    strcmp(e->d_name, ".git") == 0))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    e->d_name) >= sizeof(path) ||
		    (size_t)snprintf(spath, sizeof(spath), "%s/%s", sample,
		    e->d_name) >= sizeof(spath) ||
		    lstat(path, &st) < 0 || stat(spath, &sst) < 0)
			ok = 0;
		else if (S_ISDIR(st.st_mode))
			ok = S_ISDIR(sst.st_mode) &&
			    only_sample_files(path, spath, depth + 1);
		else
			ok = S_ISREG(st.st_mode) && S_ISREG(sst.st_mode) &&
			    st.st_size <= sst.st_size &&
			    is_beginning_of(path, spath);
	}
	closedir(d);
	return ok;
}

/* A git directory with no branch: nothing was ever committed there. */
static int
never_committed(const char *dir)
{
	char path[4096];
	struct stat st;
	enum init_before heads;

	snprintf(path, sizeof(path), "%s/.git/HEAD", dir);
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	snprintf(path, sizeof(path), "%s/.git/packed-refs", dir);
	if (stat(path, &st) == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/.git/refs/heads", dir);
	heads = init_look_before(path);
	return heads == INIT_EMPTY;
}

int
init_half_made(const char *dir, const char *sample)
{
	return sample && never_committed(dir) &&
	    only_sample_files(dir, sample, 0);
}
