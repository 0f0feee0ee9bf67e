/*
 * kbsync's state between runs (sync_state.h) and what front ends show
 * of it (kb_sync_status in sync.h); kb_finish_interrupted (proposal.h),
 * which every command that writes calls first, finishes its journal.
 */
#include "sync_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kb/clock.h"
#include "kb/error.h"
#include "kb/identity.h"
#include "kb/proposal.h"
#include "kb/sync.h"
#include "kb_private.h"
#include "office_name.h"
#include "perm.h"
#include "store.h"
#include "url.h"
#include "xmalloc.h"

#define LAST_SYNC "last-sync"
#define JOURNAL "sync-worktree"
#define LOCK "worktree.lock"
#define LOCK_TRIES 6000	/* of 10 ms: a minute for a writer to finish */

/* Write `data` to <state>/<name> so that it is there whole or not at all. */
static int
write_atomically(struct kb *kb, const char *name, const char *data)
{
	char *path = xasprintf("%s/%s", kb->state_dir, name);
	char *tmp = xasprintf("%s.tmp", path);
	size_t len = strlen(data);
	int fd, rc = 0;

	/* The new file takes the mode of the one it replaces (a group's KB). */
	unlink(tmp);
	if ((rc = kb__state_file_make(kb, tmp, path)) < 0) {
		free(tmp);
		free(path);
		return rc;
	}
	if ((fd = open(tmp, O_WRONLY | O_TRUNC | O_CLOEXEC)) < 0)
		rc = -1;
	else {
		if (write(fd, data, len) != (ssize_t)len || fsync(fd) < 0)
			rc = -1;
		if (close(fd) < 0)
			rc = -1;
		if (rc == 0 && rename(tmp, path) < 0)
			rc = -1;
	}
	if (rc < 0) {
		rc = kb_perm__fail(path, "write", errno);
		unlink(tmp);
	}
	free(tmp);
	free(path);
	return rc;
}

/* The first line of <state>/<name> starting with `key`, after it. */
static int
read_value(struct kb *kb, const char *name, const char *key, char *out,
    size_t size)
{
	char *path = xasprintf("%s/%s", kb->state_dir, name);
	char line[512];
	size_t klen = strlen(key);
	FILE *f = fopen(path, "r");
	int found = 0;

	free(path);
	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, key, klen) == 0) {
			snprintf(out, size, "%s", line + klen);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

int
kb_sync_state__record(struct kb *kb, const char *central, const char *url)
{
	char now[KB_UTC_TIME_SIZE], *text, *shown = kb_url__redacted(url);
	int rc;

	/* Never a password in kb's own files (url.h). */
	kb_now_utc(now);
	text = xasprintf("time %s\ncentral %s\nurl %s\n", now, central,
	    shown);
	rc = write_atomically(kb, LAST_SYNC, text);
	free(text);
	free(shown);
	return rc;
}

long long
kb_sync_state__seconds(const char *utc)
{
	struct tm tm;
	unsigned y, mo, d, h, mi, s;

	if (sscanf(utc, "%4u-%2u-%2uT%2u:%2u:%2uZ", &y, &mo, &d, &h, &mi,
	    &s) != 6 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)mo - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)s;
	return (long long)timegm(&tm);
}

/*
 * The journal is written under the work-tree lock, held until it is
 * cleared: a journal whose lock is free was left by a process that died
 * between moving main and finishing the work tree.  flock: the kernel
 * lets go however the process ends.
 */
static int
lock_take(struct kb *kb, int wait, int *lock)
{
	char *path = xasprintf("%s/%s", kb->state_dir, LOCK);
	int fd, tries = wait ? LOCK_TRIES : 1, rc = 0;

	*lock = -1;
	if ((rc = kb__state_file_make(kb, path, NULL)) < 0)
		;
	else if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		rc = kb_perm__fail(path, "open", errno);
	else {
		const struct timespec pause = { 0, 10 * 1000 * 1000 };

		while (flock(fd, LOCK_EX | LOCK_NB) < 0 && --tries > 0)
			nanosleep(&pause, NULL);
		if (tries > 0)
			*lock = fd;
		else {
			close(fd);
			rc = kb_error_set(KB_ELOCKED, "%s: another kb or kbsync "
			    "is updating the work tree; try again when it has "
			    "finished", path);
		}
	}
	free(path);
	return rc;
}

static void
lock_release(int lock)
{
	if (lock >= 0)
		close(lock);	/* and with it the flock */
}

int
kb_sync_state__journal_begin(int *lock, struct kb *kb, const char *old_tip,
    const char *also_branch)
{
	char *text;
	int rc;

	if ((rc = lock_take(kb, 1, lock)) < 0)
		return rc;
	text = xasprintf("%s\n%s%s%s", old_tip, also_branch ? "branch " : "",
	    also_branch ? also_branch : "", also_branch ? "\n" : "");
	if ((rc = write_atomically(kb, JOURNAL, text)) < 0) {
		lock_release(*lock);
		*lock = -1;
	}
	free(text);
	return rc;
}

void
kb_sync_state__journal_end(struct kb *kb, int lock)
{
	kb_sync_state__journal_clear(kb);
	lock_release(lock);
}

void
kb_sync_state__journal_leave(int lock)
{
	lock_release(lock);
}

int
kb_sync_state__journal_read(char old_tip[KB_OID_HEX + 1], struct kb *kb)
{
	char line[64] = "";

	if (!read_value(kb, JOURNAL, "", line, sizeof(line)) ||
	    strlen(line) != KB_OID_HEX)
		return 0;
	memcpy(old_tip, line, KB_OID_HEX + 1);
	return 1;
}

void
kb_sync_state__journal_clear(struct kb *kb)
{
	char *path = xasprintf("%s/%s", kb->state_dir, JOURNAL);

	unlink(path);
	free(path);
}

int
kb_sync_state__journal_abandoned(struct kb *kb)
{
	char old[KB_OID_HEX + 1];
	int lock, found;

	if (!kb_sync_state__journal_read(old, kb))
		return 0;
	if (lock_take(kb, 0, &lock) < 0) {
		kb_error_clear();
		return 0;	/* its writer is at work */
	}
	found = kb_sync_state__journal_read(old, kb);
	lock_release(lock);
	return found;
}

/* Remove <gitdir><name>.lock: the dead writer held it. */
static void
unlink_lock(struct kb *kb, const char *name)
{
	char *path = xasprintf("%s%s.lock", kb->gitdir, name);

	unlink(path);
	free(path);
}

/*
 * Under the lock, with the journal still there: its writer died.  The
 * git locks it may have held go (main's, the proposal's, the git
 * index's: nobody else takes them without the work-tree lock held by
 * kb), then the work tree and git index follow main from the old tip.
 */
static int
finish_abandoned(struct kb *kb, const char *old)
{
	char branch[300] = "", *ref;
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	ref = xasprintf("refs/heads/%s", kb->branch);
	unlink_lock(kb, ref);
	free(ref);
	if (read_value(kb, JOURNAL, "branch ", branch, sizeof(branch)) &&
	    strncmp(branch, "proposals/", 10) == 0 && !strstr(branch, "..")) {
		ref = xasprintf("refs/heads/%s", branch);
		unlink_lock(kb, ref);
		free(ref);
	}
	unlink_lock(kb, "index");
	if ((rc = kb_store__update_worktree(kb->store, kb->branch, old,
	    1)) < 0)
		return kb_error_set(rc, "%s; a kb approve or kbsync that was "
		    "killed left the work tree behind %s, and it could not be "
		    "finished: fix that, then run kb index", kb_error_last(),
		    kb->branch);
	kb_sync_state__journal_clear(kb);
	return 0;
}

int
kb_sync_state__journal_finish(struct kb *kb)
{
	char old[KB_OID_HEX + 1];
	int lock, rc;

	if (!kb_sync_state__journal_read(old, kb))
		return 0;	/* the usual case: one failed open() */
	if ((rc = lock_take(kb, 1, &lock)) < 0)
		return rc;
	if (kb_sync_state__journal_read(old, kb))
		rc = finish_abandoned(kb, old);
	lock_release(lock);
	return rc;
}

int
kb_finish_interrupted(struct kb *kb)
{
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	return kb_sync_state__journal_finish(kb);
}

unsigned
kb_sync_state__warn_hours(struct kb *kb)
{
	char *v = NULL, *end;
	unsigned long h = 24;

	if (kb_config_string(&v, kb, "kb.syncWarnHours") == 0) {
		unsigned long n = strtoul(v, &end, 10);

		if (end != v && *end == '\0' && n > 0 && n < 100000)
			h = n;
	}
	free(v);
	kb_error_clear();
	return (unsigned)h;
}

/*
 * An office KB is one with a last-sync file (kb init --remote writes
 * it).  A KB without one is not asked for its config: kb search on a
 * current index never starts libgit2.
 */
int
kb_sync_status(struct kb_sync_status *st, struct kb *kb)
{
	char when[64], now[KB_UTC_TIME_SIZE];
	long long t;

	memset(st, 0, sizeof(*st));
	st->warn_hours = 24;
	if (!read_value(kb, LAST_SYNC, "time ", when, sizeof(when)))
		return 0;
	st->office = 1;
	st->warn_hours = kb_sync_state__warn_hours(kb);
	if ((t = kb_sync_state__seconds(when)) > 0)
		st->last = t;
	kb_now_utc(now);
	if (st->last) {
		st->age = kb_sync_state__seconds(now) - st->last;
		if (st->age < 0)
			st->age = 0;
	}
	st->stale = st->last == 0 ||
	    st->age > (long long)st->warn_hours * 3600;
	return 0;
}

void
kb_sync_age_text(char *out, size_t size, long long s)
{
	if (s < 60)
		snprintf(out, size, "just now");
	else if (s < 3600)
		snprintf(out, size, "%lld minute%s ago", s / 60,
		    s / 60 == 1 ? "" : "s");
	else if (s < 48 * 3600)
		snprintf(out, size, "%lld hour%s ago", s / 3600,
		    s / 3600 == 1 ? "" : "s");
	else
		snprintf(out, size, "%lld days ago", s / 86400);
}

/* `configured` (else the host name) as a slug; `fallback` when empty. */
static void
slug_or_host(char *configured, const char *fallback, char out[128])
{
	char host[256] = "";

	kb_error_clear();
	if (configured == NULL && gethostname(host, sizeof(host) - 1) == 0)
		configured = xstrdup(host);
	/* Lower case letters, digits, '_', '-': always a valid ref component. */
	kb_office_name__slug(out, configured ? configured : "");
	if (*out == '\0')
		snprintf(out, 128, "%s", fallback);
	free(configured);
}

int
kb_sync_office(char out[128], struct kb *kb)
{
	slug_or_host(kb_office_name(kb, NULL), "office", out);
	return 0;
}

int
kb_sync_station(char out[128], struct kb *kb)
{
	char *v = NULL;

	if (kb_config_string(&v, kb, "kb.station") < 0 ||
	    v[strspn(v, " \t")] == '\0') {
		free(v);
		v = NULL;
	}
	slug_or_host(v, "station", out);
	return 0;
}
