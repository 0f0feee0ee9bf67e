/*
 * Which KB a command uses when --kb is not given (kb.h: kb_locate):
 * $KB_DIR, else the repository the current folder is in, found as git
 * finds it, when it is a KB, else the default folder.
 *
 * The walk up is plain file checks, not libgit2's discovery: starting
 * libgit2 costs more than a whole search on a current index (gitref.h).
 */
#include "kb/kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmalloc.h"

/* Folders a walk looks at, at most: a path has fewer levels than this. */
#define LEVELS_MAX 4096
/* Bytes of a git config file read for a [kb] section. */
#define CONFIG_READ_MAX (256 * 1024)

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* dir + "/" + name, checked with `test`. */
static int
has(const char *dir, const char *name, int (*test)(const char *))
{
	char *path = xasprintf("%s/%s", dir, name);
	int yes = test(path);

	free(path);
	return yes;
}

/* A bare repository's layout: HEAD, objects/ and refs/. */
static int
is_bare_repository(const char *dir)
{
	return has(dir, "HEAD", exists) && has(dir, "objects", is_dir) &&
	    has(dir, "refs", is_dir);
}

/* A line "[kb]" (any case, spaces allowed) in the git config `path`. */
static int
has_kb_section(const char *path)
{
	char line[512];
	size_t read = 0;
	FILE *f = fopen(path, "r");
	int found = 0;

	while (f && !found && read < CONFIG_READ_MAX &&
	    fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " \t");

		read += strlen(line);
		if (strncasecmp(p, "[kb", 3) == 0 && (p[3] == ']' ||
		    p[3] == ' ' || p[3] == '\t' || p[3] == '"'))
			found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

/*
 * A git directory kb has been used on: kb's own folder in it (the index,
 * the usage log), or a kb setting in its config.
 */
static int
gitdir_is_kb(const char *gitdir)
{
	char *config;
	int yes;

	if (has(gitdir, "kb", is_dir))
		return 1;
	config = xasprintf("%s/config", gitdir);
	yes = has_kb_section(config);
	free(config);
	return yes;
}

/*
 * Is the repository at `dir` a KB?  A work tree is when it has answers/
 * at its root, or its git directory was used by kb; a bare repository
 * when it was used by kb.
 */
static int
repository_is_kb(const char *dir, int bare)
{
	char *gitdir;
	int yes;

	if (bare)
		return gitdir_is_kb(dir);
	if (has(dir, "answers", is_dir))
		return 1;
	gitdir = xasprintf("%s/.git", dir);
	yes = is_dir(gitdir) && gitdir_is_kb(gitdir);
	free(gitdir);
	return yes;
}

/* Is `dir` one of $GIT_CEILING_DIRECTORIES (git never walks into one)? */
static int
is_ceiling(const char *dir)
{
	const char *list = getenv("GIT_CEILING_DIRECTORIES"), *p;
	size_t n = strlen(dir);

	for (p = list; p && *p; ) {
		size_t len = strcspn(p, ":");

		while (len > 1 && p[len - 1] == '/')
			len--;
		if (len == n && strncmp(p, dir, n) == 0)
			return 1;
		p += strcspn(p, ":");
		if (*p == ':')
			p++;
	}
	return 0;
}

/* git's GIT_DISCOVERY_ACROSS_FILESYSTEM: a walk may cross mount points. */
static int
across_filesystems(void)
{
	const char *v = getenv("GIT_DISCOVERY_ACROSS_FILESYSTEM");

	return v && (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0);
}

/* `dir` without its last component ("/" stays "/").  In place. */
static void
parent_of(char *dir)
{
	char *slash = strrchr(dir, '/');

	if (slash == NULL || slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
}

/* ".../.git": a work tree's git directory. */
static int
ends_in_dotgit(const char *dir)
{
	size_t n = strlen(dir);

	return n > 5 && strcmp(dir + n - 5, "/.git") == 0;
}

/*
 * The innermost repository holding `dir`: a folder with .git (a folder,
 * or a file naming one elsewhere) or a bare repository.  *bare says
 * which.  NULL when none is found before the root, a ceiling or another
 * file system.  Caller frees.
 */
static char *
repository_of(const char *dir, int *bare)
{
	char *at = xstrdup(dir);
	struct stat st;
	dev_t dev;
	int level, cross = across_filesystems();

	if (stat(at, &st) < 0) {
		free(at);
		return NULL;
	}
	dev = st.st_dev;
	for (level = 0; level < LEVELS_MAX; level++) {
		if (has(at, ".git", exists)) {
			*bare = 0;
			return at;
		}
		if (is_bare_repository(at)) {
			/* A work tree's .git: the repository is the work
			 * tree's, as git takes it. */
			*bare = !ends_in_dotgit(at);
			if (!*bare)
				parent_of(at);
			return at;
		}
		if (strcmp(at, "/") == 0)
			break;
		parent_of(at);
		if (is_ceiling(at) || stat(at, &st) < 0 ||
		    (!cross && st.st_dev != dev))
			break;
	}
	free(at);
	return NULL;
}

/* ${XDG_DATA_HOME:-$HOME/.local/share}/kb */
static int
default_home(char **out)
{
	const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (data && *data) {
		*out = xasprintf("%s/kb", data);
		return 0;
	}
	if (home == NULL || *home == '\0') {
		*out = NULL;
		return kb_error_set(KB_ENOTFOUND,
		    "no KB given: use --kb DIR or set KB_DIR (HOME is not set)");
	}
	*out = xasprintf("%s/.local/share/kb", home);
	return 0;
}

int
kb_default_dir(char **out)
{
	const char *env = getenv("KB_DIR");

	if (env && *env) {
		*out = xstrdup(env);
		return 0;
	}
	return default_home(out);
}

int
kb_discover(char **out, char **not_kb, const char *dir)
{
	char *repo;
	int bare = 0;

	*out = NULL;
	if (not_kb)
		*not_kb = NULL;
	if (dir == NULL || *dir != '/')
		return kb_error_set(KB_EINVALID, "kb_discover: '%s' is not an "
		    "absolute path", dir ? dir : "(null)");
	if ((repo = repository_of(dir, &bare)) == NULL)
		return kb_error_set(KB_ENOTFOUND, "%s is in no git repository",
		    dir);
	if (!repository_is_kb(repo, bare)) {
		kb_error_set(KB_ENOTFOUND, "%s is a git repository but not a "
		    "KB (no answers/ folder, and kb never used it)", repo);
		if (not_kb)
			*not_kb = repo;
		else
			free(repo);
		return KB_ENOTFOUND;
	}
	*out = repo;
	return 0;
}

int
kb_locate(char **out, struct kb_location *where)
{
	const char *env = getenv("KB_DIR");
	char cwd[4096];

	*out = NULL;
	memset(where, 0, sizeof(*where));
	if (env && *env) {
		where->from = KB_FROM_ENV;
		*out = xstrdup(env);
		return 0;
	}
	if (getcwd(cwd, sizeof(cwd)) &&
	    kb_discover(out, &where->not_kb, cwd) == 0) {
		where->from = KB_FROM_HERE;
		return 0;
	}
	kb_error_clear();
	where->from = KB_FROM_DEFAULT;
	return default_home(out);
}

void
kb_location_clear(struct kb_location *where)
{
	free(where->not_kb);
	memset(where, 0, sizeof(*where));
}
