/*
 * kbsync's state between runs (sync_state.h) and what front ends show
 * of it (kb_sync_status in sync.h).
 */
#include "sync_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kb/clock.h"
#include "kb/error.h"
#include "kb/identity.h"
#include "kb/sync.h"
#include "kb_private.h"
#include "xmalloc.h"

#define LAST_SYNC "last-sync"
#define JOURNAL "sync-worktree"

/* Write `data` to <state>/<name> so that it is there whole or not at all. */
static int
write_atomically(struct kb *kb, const char *name, const char *data)
{
	char *path = xasprintf("%s/%s", kb->state_dir, name);
	char *tmp = xasprintf("%s.tmp", path);
	size_t len = strlen(data);
	int fd, rc = 0;

	if (mkdir(kb->state_dir, 0777) < 0 && errno != EEXIST)
		rc = -1;
	else if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0)
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
		rc = kb_error_set(KB_ERROR, "%s: %s", path, strerror(errno));
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
sync_state__record(struct kb *kb, const char *central, const char *url)
{
	char now[KB_UTC_TIME_SIZE], *text;
	int rc;

	kb_now_utc(now);
	text = xasprintf("time %s\ncentral %s\nurl %s\n", now, central, url);
	rc = write_atomically(kb, LAST_SYNC, text);
	free(text);
	return rc;
}

long long
sync_state__seconds(const char *utc)
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

int
sync_state__journal_write(struct kb *kb, const char *old_tip)
{
	char text[KB_OID_HEX + 2];

	snprintf(text, sizeof(text), "%s\n", old_tip);
	return write_atomically(kb, JOURNAL, text);
}

int
sync_state__journal_read(struct kb *kb, char old_tip[KB_OID_HEX + 1])
{
	char line[64] = "";

	if (!read_value(kb, JOURNAL, "", line, sizeof(line)) ||
	    strlen(line) != KB_OID_HEX)
		return 0;
	memcpy(old_tip, line, KB_OID_HEX + 1);
	return 1;
}

void
sync_state__journal_clear(struct kb *kb)
{
	char *path = xasprintf("%s/%s", kb->state_dir, JOURNAL);

	unlink(path);
	free(path);
}

static unsigned
warn_hours(struct kb *kb)
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
kb_sync_status(struct kb *kb, struct kb_sync_status *st)
{
	char when[64], now[KB_UTC_TIME_SIZE];
	long long t;

	memset(st, 0, sizeof(*st));
	st->warn_hours = 24;
	if (!read_value(kb, LAST_SYNC, "time ", when, sizeof(when)))
		return 0;
	st->office = 1;
	st->warn_hours = warn_hours(kb);
	if ((t = sync_state__seconds(when)) > 0)
		st->last = t;
	kb_now_utc(now);
	if (st->last) {
		st->age = sync_state__seconds(now) - st->last;
		if (st->age < 0)
			st->age = 0;
	}
	st->stale = st->last == 0 ||
	    st->age > (long long)st->warn_hours * 3600;
	return 0;
}

void
kb_sync_age_text(long long s, char *out, size_t size)
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

/* Lower case letters, digits, '_', '-': always a valid ref component. */
static void
slug(const char *name, char out[128])
{
	size_t i, n = 0;

	for (i = 0; name[i] && n < 100; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-'))
			c = '-';
		if (c == '-' && n > 0 && out[n - 1] == '-')
			continue;
		out[n++] = c;
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (n == 0)
		snprintf(out, 128, "office");
}

int
kb_sync_office(struct kb *kb, char out[128])
{
	char *office = kb_office_name(kb, NULL);
	char host[256] = "";

	kb_error_clear();
	if (office == NULL && gethostname(host, sizeof(host) - 1) == 0)
		office = xstrdup(host);
	slug(office ? office : "", out);
	free(office);
	return 0;
}
