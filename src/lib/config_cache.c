/* Git config values remembered in the index (config_cache.h). */
#include "config_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "db.h"
#include "gitref.h"
#include "kb/error.h"
#include "kb_private.h"
#include "xmalloc.h"

static void
stamp_file(struct buf *b, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		buf_addf(b, "%s=%lld.%09ld:%lld:%llu;", path,
		    (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
		    (long long)st.st_size, (unsigned long long)st.st_ino);
	else
		buf_addf(b, "%s=none;", path);
}

/* The files git (and libgit2) read config from, as they are now. */
static char *
config_stamp(const struct kb *kb)
{
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	struct buf b = BUF_INIT;
	char repo[128];
	char *path;

	kb_gitref__config_stamp(repo, sizeof(repo), kb->gitdir);
	buf_addf(&b, "repo=%s;", repo);
	if (home) {
		path = xasprintf("%s/.gitconfig", home);
		stamp_file(&b, path);
		free(path);
	}
	if (xdg && *xdg)
		path = xasprintf("%s/git/config", xdg);
	else
		path = xasprintf("%s/.config/git/config", home ? home : "");
	stamp_file(&b, path);
	free(path);
	stamp_file(&b, "/etc/gitconfig");
	return buf_detach(&b);
}

/*
 * After the meta table could not be read or written: best effort, a
 * busy, damaged or read-only index just means asking git, so the
 * message there was before (`was`) stays kb_error_last().
 */
static void
restore_error(const char *was)
{
	if (*was)
		kb_error_set(KB_ERROR, "%s", was);
	else
		kb_error_clear();
}

/* "stamp\n=value" or "stamp\n-" (unset), as the meta table keeps it. */
static int
kept(struct db *db, const char *meta_key, const char *stamp, char **out)
{
	char *v = NULL, *was = xstrdup(kb_error_last());
	size_t n = strlen(stamp);
	int found = 0;

	if (kb_db__meta_dup(&v, db, meta_key) < 0)
		restore_error(was);
	else if (v && strncmp(v, stamp, n) == 0 && v[n] == '\n') {
		*out = v[n + 1] == '=' ? xstrdup(v + n + 2) : NULL;
		found = 1;
	}
	free(v);
	free(was);
	return found;
}

static void
keep(struct db *db, const char *meta_key, const char *stamp,
    const char *value)
{
	char *v = xasprintf("%s\n%s%s", stamp, value ? "=" : "-",
	    value ? value : ""), *was = xstrdup(kb_error_last());

	if (kb_db__meta_set(db, meta_key, v) < 0)
		restore_error(was);
	free(v);
	free(was);
}

int
kb_config_cache__string(char **out, struct kb *kb, const char *key)
{
	char *stamp, *meta_key;
	int rc;

	*out = NULL;
	stamp = config_stamp(kb);
	meta_key = xasprintf("config %s", key);
	if (kept(kb->index, meta_key, stamp, out)) {
		rc = *out ? 0 : kb_error_set(KB_ENOTFOUND, "%s is not set",
		    key);
		goto done;
	}
	rc = kb_config_string(out, kb, key);
	if (rc == 0 || rc == KB_ENOTFOUND)
		keep(kb->index, meta_key, stamp, *out);
done:
	free(stamp);
	free(meta_key);
	return rc;
}

void
kb_config_cache__fill(struct kb *kb, struct db *db)
{
	static const char *const keys[] = { CONFIG_CACHE_KEYS, NULL };
	char *stamp = config_stamp(kb), *meta_key, *value;
	size_t i;
	int rc;

	for (i = 0; keys[i]; i++) {
		rc = kb_config_string(&value, kb, keys[i]);
		meta_key = xasprintf("config %s", keys[i]);
		if (rc == 0 || rc == KB_ENOTFOUND)
			keep(db, meta_key, stamp, value);
		free(meta_key);
		free(value);
	}
	kb_error_clear();
	free(stamp);
}
