/*
 * Writing and reading the usage refs (usage_ref.h).  Exactly once: the
 * ref's tip names the last event it holds (Kb-Usage-Last: <row id>
 * <uid>), and the next export starts after it.  The ref is moved only
 * after the commit is written, so a killed export leaves the ref as it
 * was and the next one writes the same events again.
 */
#include "usage_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "json.h"
#include "kb/clock.h"
#include "kb/error.h"
#include "kb_private.h"
#include "store.h"
#include "strlist.h"
#include "usage_check.h"
#include "usage_db.h"
#include "xmalloc.h"

#define BATCH 20000	/* events per commit: bounds the memory used */

const char *const kb_usage_ref__fields[] = { "uid", "time", "kind", "agent",
    "office", "channel", "answer", "version", "query", "hits", "reason",
    "sure", "undoes", "closes" };

/* The value after "<key>: " on a line of a commit message. */
static const char *
trailer(const char *message, const char *key)
{
	size_t n = strlen(key);
	const char *p = message;

	while (p && *p) {
		if (strncmp(p, key, n) == 0 && p[n] == ':' && p[n + 1] == ' ')
			return p + n + 2;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return NULL;
}

/* The last event a usage commit holds: its row id and uid. */
static int
commit_mark(struct kb *kb, const char *commit, long long *id,
    char uid[64])
{
	struct kb_store_commit c;
	const char *t;
	int rc;

	*id = 0;
	uid[0] = '\0';
	if ((rc = kb_store__commit_read(&c, kb->store, commit)) < 0)
		return rc;
	if ((t = trailer(c.message, "Kb-Usage-Last")) == NULL ||
	    sscanf(t, "%lld %63s", id, uid) != 2)
		rc = kb_error_set(KB_EINVALID, "usage commit %.12s has no "
		    "Kb-Usage-Last line", commit);
	kb_store__commit_clear(&c);
	return rc;
}

void
kb_usage_ref__station(char out[USAGE_REF_MAX], const char *office,
    const char *station)
{
	snprintf(out, USAGE_REF_MAX, "%s%s/%s", USAGE_REF_STATIONS, office,
	    station);
}

/* The slug `name` starts with, up to `end` (a '/' or '\0'), if valid. */
static int
slug_part(const char *name, int end, char out[OFFICE_NAME_MAX + 1])
{
	const char *stop = strchr(name, end);
	size_t n = stop ? (size_t)(stop - name) : strlen(name);

	if (stop == NULL || n == 0 || n > OFFICE_NAME_MAX)
		return 0;
	memcpy(out, name, n);
	out[n] = '\0';
	return kb_office_name__valid(out);
}

int
kb_usage_ref__parse(char office[OFFICE_NAME_MAX + 1],
    char station[OFFICE_NAME_MAX + 1], const char *ref)
{
	size_t ns = strlen(USAGE_REF_STATIONS), no = strlen(USAGE_REF_OFFICES);
	const char *rest;

	office[0] = station[0] = '\0';
	if (strncmp(ref, USAGE_REF_STATIONS, ns) == 0) {
		rest = ref + ns;
		return slug_part(rest, '/', office) && slug_part(rest +
		    strlen(office) + 1, '\0', station);
	}
	if (strncmp(ref, USAGE_REF_OFFICES, no) == 0)
		return slug_part(ref + no, '\0', office);
	return 0;
}

/*
 * Where a ref starts: after what its tip holds, or after the highest
 * event the centre has of this KB's other usage refs.  A centre copy
 * counts only when this KB's own ref contains it (another KB may have
 * used the name before: its events are not ours), and what was only
 * written here was never sent.
 */
struct highest {
	struct kb *kb;
	long long id;
	char uid[64];
};

static int
highest_cb(const char *name, const char *tip, void *payload)
{
	struct highest *h = payload;
	char sent_ref[512], sent[KB_OID_HEX + 1];
	long long id;
	char uid[64];

	snprintf(sent_ref, sizeof(sent_ref), "%s%s", USAGE_REF_CENTRAL,
	    name + strlen("refs/kb/"));
	if (kb_store__ref(sent, h->kb->store, sent_ref) == 0 &&
	    kb_store__contains(h->kb->store, tip, sent) == 1 &&
	    commit_mark(h->kb, sent, &id, uid) == 0 && id > h->id) {
		h->id = id;
		memcpy(h->uid, uid, sizeof(uid));
	}
	kb_error_clear();
	return 0;
}

static int
start_mark(struct kb *kb, const char *tip, long long *id, char uid[64])
{
	struct highest h = { kb, 0, "" };
	int rc;

	if (*tip && (rc = commit_mark(kb, tip, &h.id, h.uid)) < 0)
		return rc;
	if ((rc = kb_store__refs(kb->store, USAGE_REF_OFFICES "*", highest_cb,
	    &h)) == 0)
		rc = kb_store__refs(kb->store, USAGE_REF_STATIONS "*",
		    highest_cb, &h);
	*id = h.id;
	memcpy(uid, h.uid, 64);
	return rc;
}

/* The log must still hold the event the ref says it sent last. */
static int
check_mark(struct db *db, long long id, const char *uid)
{
	sqlite3_stmt *st;
	int rc, same = 0;

	if (id == 0)
		return 0;
	if ((rc = kb_db__prepare(&st, db,
	    "SELECT uid FROM event WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		same = strcmp((const char *)sqlite3_column_text(st, 0),
		    uid) == 0;
	sqlite3_finalize(st);
	if (!same)
		return kb_error_set(KB_ECONFLICT, "%s does not hold event %lld "
		    "(%s), which the usage ref says was sent last: was the "
		    "usage log replaced?  Nothing was sent", db->path, id, uid);
	return 0;
}

struct day {
	char name[11];
	struct buf lines;
};

struct batch {
	struct day *days;
	size_t ndays, cap;
	unsigned long events;
	long long last_id;
	char last_uid[64];
};

static struct buf *
day_lines(struct batch *b, const char *time)
{
	char name[11];
	size_t i;

	snprintf(name, sizeof(name), "%.10s", time);
	for (i = 0; i < b->ndays; i++)
		if (strcmp(b->days[i].name, name) == 0)
			return &b->days[i].lines;
	xgrow(&b->days, &b->cap, b->ndays + 1, sizeof(*b->days));
	memcpy(b->days[b->ndays].name, name, sizeof(name));
	memset(&b->days[b->ndays].lines, 0, sizeof(struct buf));
	return &b->days[b->ndays++].lines;
}

/*
 * One row of SELECT id, <the fields> as a JSON line, in the file of its
 * day; a time that is not one (a log written by another tool) goes to
 * "undated", never into a path.
 */
static void
add_line(struct batch *b, sqlite3_stmt *st)
{
	const char *time = (const char *)sqlite3_column_text(st, 2);
	struct buf *out = day_lines(b, kb_utc_time_valid(time) ? time :
	    "undated");
	int i;

	buf_addc(out, '{');
	for (i = 0; i < USAGE_REF_NFIELDS; i++) {
		int col = i + 1;

		if (i > 0)
			buf_addc(out, ',');
		json_add_string(out, kb_usage_ref__fields[i]);
		buf_addc(out, ':');
		if (sqlite3_column_type(st, col) == SQLITE_INTEGER)
			buf_addf(out, "%lld", (long long)
			    sqlite3_column_int64(st, col));
		else
			json_add_string(out, (const char *)
			    sqlite3_column_text(st, col));
	}
	buf_adds(out, "}\n");
	b->events++;
	b->last_id = sqlite3_column_int64(st, 0);
	snprintf(b->last_uid, sizeof(b->last_uid), "%s",
	    (const char *)sqlite3_column_text(st, 1));
}

static int
read_batch(struct db *db, long long after, unsigned long limit,
    struct batch *b)
{
	sqlite3_stmt *st;
	int rc;

	rc = kb_db__prepare(&st, db,
	    "SELECT id, uid, time, kind, agent, office,"
	    " channel, answer, version, query, hits, reason, sure, undoes,"
	    " closes FROM event"
	    " WHERE id > ? ORDER BY id LIMIT ?");
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_line(b, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 :
	    kb_db__fail(db, rc, "reading the usage log");
}

/*
 * The day files of the batch, holding the batch's events only: a commit
 * carries what is new and nothing before it, so that what a sync adds
 * (at the centre and on the wire) is its events, however many syncs the
 * day had before (kbsync(1), USAGE REFS).
 */
static void
day_files(struct batch *b, struct kb_store_file *files, char **names)
{
	size_t i;

	for (i = 0; i < b->ndays; i++) {
		names[i] = xasprintf("%s.jsonl", b->days[i].name);
		files[i].path = names[i];
		files[i].data = buf_cstr(&b->days[i].lines);
		files[i].len = b->days[i].lines.len;
	}
}

static int
count_after(struct db *db, long long id, unsigned long *count)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_db__prepare(&st, db,
	    "SELECT count(*) FROM event WHERE id > ?")) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*count = (unsigned long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : kb_db__fail(db, rc, "counting events");
}

/*
 * A commit of the batch, naming its last event (Kb-Usage-Last) and the
 * events still waiting after it (Kb-Usage-Backlog), so that the centre
 * sees a station that is behind (kb(1), the syncs section).
 */
static int
commit_batch(struct kb *kb, const char *ref, const char *office,
    const char *station, char tip[KB_OID_HEX + 1], struct batch *b,
    unsigned long backlog)
{
	struct kb_store_file *files = xcalloc(b->ndays, sizeof(*files));
	char **names = xcalloc(b->ndays, sizeof(char *));
	struct kb_store_sig who = { "kbsync", "kbsync@kb.invalid" };
	char commit[KB_OID_HEX + 1], *message;
	size_t i;
	int rc;

	message = xasprintf("usage: %lu event%s from %s, station %s\n\n"
	    "Kb-Office: %s\nKb-Station: %s\nKb-Usage-Events: %lu\n"
	    "Kb-Usage-Last: %lld %s\nKb-Usage-Backlog: %lu\n", b->events,
	    b->events == 1 ? "" : "s", office, station, office, station,
	    b->events, b->last_id, b->last_uid, backlog);
	day_files(b, files, names);
	if ((rc = kb_store__commit_only_files(commit, kb->store, tip, files,
	    b->ndays, &who, message)) == 0 &&
	    (rc = kb_store__ref_set(kb->store, ref, tip, commit,
	    "kbsync: usage")) == 0)
		memcpy(tip, commit, KB_OID_HEX + 1);
	for (i = 0; i < b->ndays; i++)
		free(names[i]);
	free(names);
	free(files);
	free(message);
	return rc;
}

static void
batch_clear(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->ndays; i++)
		buf_free(&b->days[i].lines);
	free(b->days);
	memset(b, 0, sizeof(*b));
}

/* At most `max` events from after `mark`, a commit per BATCH. */
static int
export_batches(struct kb *kb, struct db *db, const char *ref,
    const char *office, const char *station, char tip[KB_OID_HEX + 1],
    long long mark, unsigned long max, unsigned long *count)
{
	unsigned long limit, backlog;
	struct batch b;
	int rc;

	memset(&b, 0, sizeof(b));
	do {
		batch_clear(&b);
		limit = max - *count < BATCH ? max - *count : BATCH;
		if ((rc = read_batch(db, mark, limit, &b)) < 0 ||
		    b.events == 0)
			break;
		if ((rc = count_after(db, b.last_id, &backlog)) < 0 ||
		    (rc = commit_batch(kb, ref, office, station, tip, &b,
		    backlog)) < 0)
			break;
		*count += b.events;
		mark = b.last_id;
	} while (b.events == limit && *count < max);
	batch_clear(&b);
	return rc;
}

int
kb_usage_ref__export(unsigned long *count, struct kb *kb, const char *ref,
    const char *office, const char *station, unsigned long max, int dry_run)
{
	char tip[KB_OID_HEX + 1] = "", uid[64];
	struct db *db;
	long long mark;
	int rc;

	*count = 0;
	if ((rc = kb__store(kb)) < 0 || (rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	if ((rc = kb_store__ref(tip, kb->store, ref)) < 0 &&
	    rc != KB_ENOTFOUND)
		return rc;
	if ((rc = start_mark(kb, tip, &mark, uid)) < 0 ||
	    (rc = check_mark(db, mark, uid)) < 0)
		return rc;
	if (!dry_run)
		return export_batches(kb, db, ref, office, station, tip, mark,
		    max, count);
	if ((rc = count_after(db, mark, count)) == 0 && *count > max)
		*count = max;
	return rc;
}

int
kb_usage_ref__rejoin(struct kb *kb, const char *ref, const char *office,
    const char *station, const char *sent, const char *theirs, int dry_run,
    char tip[KB_OID_HEX + 1])
{
	struct kb_store_sig who = { "kbsync", "kbsync@kb.invalid" };
	char commit[KB_OID_HEX + 1], uid[64], *message;
	long long mark;
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	if (!*sent || !*tip || strcmp(sent, theirs) == 0 ||
	    kb_store__contains(kb->store, tip, sent) != 1) {
		kb_error_clear();
		return 0;
	}
	if (dry_run)
		return 1;
	/* The join names the same last event as the tip: the next export
	 * goes on from there. */
	if ((rc = commit_mark(kb, tip, &mark, uid)) < 0)
		return rc;
	message = xasprintf("usage: joined to the centre's copy, which "
	    "someone else moved\n\nKb-Office: %s\nKb-Station: %s\n"
	    "Kb-Usage-Events: 0\nKb-Usage-Last: %lld %s\n"
	    "Kb-Usage-Moved: %s\n", office, station, mark, uid, theirs);
	if ((rc = kb_store__commit_join(commit, kb->store, tip, theirs, &who,
	    message)) == 0 &&
	    (rc = kb_store__ref_set(kb->store, ref, tip, commit,
	    "kbsync: usage joined to the centre's")) == 0)
		memcpy(tip, commit, KB_OID_HEX + 1);
	free(message);
	return rc < 0 ? rc : 1;
}

struct tally {
	struct kb *kb;
	unsigned long events;
};

static int
tally_cb(const char *id, void *payload)
{
	struct tally *t = payload;
	struct kb_store_commit c;
	const char *n;

	if (kb_store__commit_read(&c, t->kb->store, id) < 0)
		return -1;
	if ((n = trailer(c.message, "Kb-Usage-Events")) != NULL)
		t->events += strtoul(n, NULL, 10);
	kb_store__commit_clear(&c);
	return 0;
}

int
kb_usage_ref__count(unsigned long *count, struct kb *kb, const char *tip,
    const char *sent)
{
	struct tally t = { kb, 0 };
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	rc = kb_store__walk(kb->store, tip, sent, tally_cb, &t);
	*count = t.events;
	return rc < 0 ? rc : 0;
}

/* --- reading what a ref gained ---------------------------------------- */

/*
 * The first-parent history of `tip` down to `since` (or to what `since`
 * has), newest first: the ref's own commits.  A join's second parent is
 * what someone else put at the centre (kb_usage_ref__rejoin): not this
 * ref's events.
 */
static int
own_commits(struct kb *kb, const char *tip, const char *since,
    struct strlist *ids)
{
	struct kb_store_commit c;
	char at[KB_OID_HEX + 1];
	int rc = 0;

	snprintf(at, sizeof(at), "%s", tip);
	while (*at && strcmp(at, since) != 0) {
		if (*since && kb_store__contains(kb->store, since, at) == 1)
			break;
		kb_error_clear();
		if ((rc = kb_store__commit_read(&c, kb->store, at)) < 0)
			break;
		strlist_push(ids, xstrdup(at));
		memcpy(at, c.parent, sizeof(at));
		kb_store__commit_clear(&c);
	}
	return rc;
}

int
kb_usage_ref__changes(struct kb *kb, const char *tip, const char *since,
    kb_store_change_cb cb, void *payload)
{
	struct strlist ids = STRLIST_INIT;
	struct kb_store_commit c;
	size_t i;
	int rc;

	if ((rc = kb__store(kb)) < 0 || (rc = own_commits(kb, tip,
	    since ? since : "", &ids)) < 0)
		goto done;
	/* Oldest first: an undo comes after what it takes back. */
	for (i = ids.n; rc == 0 && i-- > 0;) {
		if ((rc = kb_store__commit_read(&c, kb->store, ids.v[i])) < 0)
			break;
		rc = kb_store__diff_files(kb->store, c.parent, c.id, cb,
		    payload);
		kb_store__commit_clear(&c);
	}
done:
	strlist_free(&ids);
	return rc;
}

struct lines {
	struct kb *kb;
	size_t max;
	usage_ref_line_cb cb;
	void *payload;
};

/* The new end of a file that only grew, else all of it. */
static size_t
new_part(const char *old, size_t old_len, const char *new, size_t new_len)
{
	if (old && old_len <= new_len && memcmp(old, new, old_len) == 0 &&
	    (old_len == 0 || old[old_len - 1] == '\n'))
		return old_len;
	return 0;
}

static int
lines_cb(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct lines *l = payload;
	char *old = NULL, *new = NULL;
	size_t old_len = 0, new_len = 0, at, n;
	unsigned lineno = 1;
	int rc;

	if (new_oid == NULL)
		return 0;	/* a file not carried on: its events were read */
	if ((rc = kb_store__read_blob_max(&new, &new_len, l->kb->store, new_oid,
	    l->max)) < 0)
		return rc;
	if (old_oid && kb_store__read_blob_max(&old, &old_len, l->kb->store,
	    old_oid, l->max) < 0)
		old_len = 0;
	kb_error_clear();
	at = new_part(old, old_len, new, new_len);
	for (n = 0; n < at; n++)
		lineno += new[n] == '\n';
	while (rc == 0 && at < new_len) {
		const char *nl = memchr(new + at, '\n', new_len - at);

		n = nl ? (size_t)(nl - (new + at)) : new_len - at;
		if (n > 0)
			rc = l->cb(path, lineno, new + at, n, l->payload);
		at += n + 1;
		lineno++;
	}
	free(old);
	free(new);
	return rc;
}

int
kb_usage_ref__lines(struct kb *kb, const char *tip, const char *since,
    size_t max_file, usage_ref_line_cb cb, void *payload)
{
	struct lines l = { kb, max_file, cb, payload };

	return kb_usage_ref__changes(kb, tip, since, lines_cb, &l);
}

/* --- pruning a ref's history ------------------------------------------ */

/* The root of `tip`'s first-parent history. */
static int
first_root(struct kb *kb, const char *tip, char root[KB_OID_HEX + 1])
{
	struct kb_store_commit c;
	int rc = 0;

	snprintf(root, KB_OID_HEX + 1, "%s", tip);
	while ((rc = kb_store__commit_read(&c, kb->store, root)) == 0) {
		int last = c.parent[0] == '\0';

		if (!last)
			memcpy(root, c.parent, KB_OID_HEX + 1);
		kb_store__commit_clear(&c);
		if (last)
			break;
	}
	return rc;
}

int
kb_usage_ref__pruned_from(char old[KB_OID_HEX + 1], char root[KB_OID_HEX + 1],
    struct kb *kb, const char *tip)
{
	struct kb_store_commit c;
	const char *t;
	int rc, found = 0;

	old[0] = '\0';
	if ((rc = kb__store(kb)) < 0 || (rc = first_root(kb, tip, root)) < 0 ||
	    (rc = kb_store__commit_read(&c, kb->store, root)) < 0)
		return rc;
	if ((t = trailer(c.message, "Kb-Usage-Pruned")) != NULL &&
	    strspn(t, "0123456789abcdef") == KB_OID_HEX &&
	    (t[KB_OID_HEX] == '\n' || t[KB_OID_HEX] == '\0')) {
		memcpy(old, t, KB_OID_HEX);
		old[KB_OID_HEX] = '\0';
		found = 1;
	}
	kb_store__commit_clear(&c);
	return found;
}

struct kept {
	const char *before;
	struct batch b;
	unsigned long dropped;
};

/* An event line of a day on or after the date (or undated): kept. */
static int
kept_cb(const char *file, unsigned lineno, const char *line, size_t len,
    void *payload)
{
	struct kept *k = payload;
	struct buf *out;

	(void)lineno;
	if (strcmp(file, "undated.jsonl") != 0 &&
	    strncmp(file, k->before, 10) < 0) {
		k->dropped++;
		return 0;
	}
	out = day_lines(&k->b, strcmp(file, "undated.jsonl") == 0 ?
	    "undated" : file);
	if (out->len + len + 1 > USAGE_CHECK_DAY_MAX)
		return kb_error_set(KB_EINVALID, "%s: more than a day of "
		    "events can be", file);
	buf_add(out, line, len);
	buf_addc(out, '\n');
	k->b.events++;
	return 0;
}

static int
commit_root(struct kb *kb, const char *ref, const char *office,
    const char *station, const char *tip, struct kept *k,
    char out[KB_OID_HEX + 1])
{
	struct kb_store_file *files = xcalloc(k->b.ndays + 1, sizeof(*files));
	char **names = xcalloc(k->b.ndays + 1, sizeof(char *));
	struct kb_store_sig who = { "kbsync", "kbsync@kb.invalid" };
	char commit[KB_OID_HEX + 1], uid[64], *message;
	long long mark;
	size_t i;
	int rc;

	if ((rc = commit_mark(kb, tip, &mark, uid)) < 0)
		goto done;
	/* Events 0: what it holds was sent before, and is not sent again. */
	message = xasprintf("usage: history before %s pruned, %lu later "
	    "event%s kept\n\nKb-Office: %s\nKb-Station: %s\n"
	    "Kb-Usage-Events: 0\nKb-Usage-Last: %lld %s\n"
	    "Kb-Usage-Pruned: %s\n", k->before, k->b.events,
	    k->b.events == 1 ? "" : "s", office, station, mark, uid, tip);
	day_files(&k->b, files, names);
	if ((rc = kb_store__commit_only_files(commit, kb->store, "", files,
	    k->b.ndays, &who, message)) == 0 &&
	    (rc = kb_store__ref_set(kb->store, ref, tip, commit,
	    "kb prune: usage history")) == 0)
		memcpy(out, commit, KB_OID_HEX + 1);
	free(message);
done:
	for (i = 0; i < k->b.ndays; i++)
		free(names[i]);
	free(names);
	free(files);
	return rc;
}

int
kb_usage_ref__prune(struct kb *kb, const char *ref, const char *before,
    char tip[KB_OID_HEX + 1])
{
	char office[OFFICE_NAME_MAX + 1], station[OFFICE_NAME_MAX + 1];
	struct kept k;
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	if (!kb_usage_ref__parse(office, station, ref) || !*station)
		return kb_error_set(KB_EINVALID, "%s: not a station's usage "
		    "ref", ref);
	memset(&k, 0, sizeof(k));
	k.before = before;
	if ((rc = kb_usage_ref__lines(kb, tip, "", USAGE_CHECK_DAY_MAX, kept_cb,
	    &k)) == 0 && k.dropped > 0 &&
	    (rc = commit_root(kb, ref, office, station, tip, &k, tip)) == 0)
		rc = 1;
	batch_clear(&k.b);
	return rc;
}
