/*
 * The decisions refs (decisions.h).  A record is a few "key: value"
 * lines; every value is one line, made so when written (a reason or a
 * name holding a newline cannot add a key) and bounded when read.
 */
#include "decisions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/clock.h"
#include "kb/error.h"
#include "kb_private.h"
#include "xmalloc.h"

#define PREFIX "proposals/"

int
kb_decisions__office(char office[OFFICE_NAME_MAX + 1], const char *branch)
{
	const char *rest, *slash;
	size_t n;

	office[0] = '\0';
	if (strncmp(branch, PREFIX, strlen(PREFIX)) != 0)
		return 0;
	rest = branch + strlen(PREFIX);
	/* proposals/<office>/<station>/<agent>/<id>-<n> */
	if ((slash = strchr(rest, '/')) == NULL || (n = (size_t)(slash -
	    rest)) > OFFICE_NAME_MAX || strchr(slash + 1, '/') == NULL)
		return 0;
	memcpy(office, rest, n);
	office[n] = '\0';
	if (!kb_office_name__valid(office)) {
		office[0] = '\0';
		return 0;
	}
	return 1;
}

/* Where a branch's record is: its name after proposals/<office>/. */
static char *
record_path(const char *branch, const char *office)
{
	return xasprintf("%s.txt", branch + strlen(PREFIX) + strlen(office) +
	    1);
}

/* "key: value\n", the value on one line. */
static void
add_field(struct buf *b, const char *key, const char *value)
{
	const char *p;

	buf_addf(b, "%s: ", key);
	for (p = value ? value : ""; *p; p++)
		buf_addc(b, (unsigned char)*p < 0x20 ? ' ' : *p);
	buf_addc(b, '\n');
}

static char *
record_text(const struct kb_proposal *p, const char *decision,
    const char *commit, const char *reviewer, const char *reason)
{
	struct buf b = BUF_INIT;
	char now[KB_UTC_TIME_SIZE], proposed[32];

	kb_now_utc(now);
	snprintf(proposed, sizeof(proposed), "%lld", p->time);
	add_field(&b, "branch", p->branch);
	add_field(&b, "tip", p->tip);
	add_field(&b, "answer", p->answer);
	add_field(&b, "proposer", p->author);
	add_field(&b, "proposed", proposed);
	add_field(&b, "subject", p->reason);
	add_field(&b, "decision", decision);
	add_field(&b, "commit", commit);
	add_field(&b, "reviewer", reviewer);
	add_field(&b, "decided", now);
	if (reason && *reason)
		add_field(&b, "reason", reason);
	return buf_detach(&b);
}

int
kb_decisions__record(struct kb *kb, const struct kb_proposal *p,
    const char *decision, const char *commit, const struct kb_store_sig *who,
    const char *reason)
{
	char office[OFFICE_NAME_MAX + 1], ref[sizeof(DECISIONS_REF) +
	    OFFICE_NAME_MAX], parent[KB_OID_HEX + 1] = "", out[KB_OID_HEX + 1];
	struct kb_store_file file;
	char *path, *text, *message;
	int rc;

	if (!kb_decisions__office(office, p->branch))
		return 0;
	if ((rc = kb__store(kb)) < 0)
		return rc;
	snprintf(ref, sizeof(ref), DECISIONS_REF "%s", office);
	if ((rc = kb_store__ref(parent, kb->store, ref)) < 0 &&
	    rc != KB_ENOTFOUND)
		return rc;
	kb_error_clear();
	path = record_path(p->branch, office);
	text = record_text(p, decision, commit, who->name, reason);
	message = xasprintf("%s %s\n", decision, p->branch);
	file.path = path;
	file.data = text;
	file.len = strlen(text);
	if ((rc = kb_store__commit_files(out, kb->store, parent, &file, 1, who,
	    message)) == 0)
		rc = kb_store__ref_set(kb->store, ref, parent, out,
		    "kb: decision");
	if (rc < 0)
		rc = kb_error_set(rc, "recording the decision on %s in %s: %s",
		    p->branch, ref, kb_error_last());
	free(message);
	free(text);
	free(path);
	return rc;
}

/* The value of "key: " in a record, as a new string, or NULL. */
static char *
field(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text, *end;

	while (p && *p) {
		if (strncmp(p, key, n) == 0 && p[n] == ':' && p[n + 1] == ' ') {
			p += n + 2;
			end = strchr(p, '\n');
			return xstrndup(p, end ? (size_t)(end - p) : strlen(p));
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return NULL;
}

static int
parse(const char *text, struct decision *d)
{
	char *tip, *commit, *proposed;

	memset(d, 0, sizeof(*d));
	d->branch = field(text, "branch");
	d->decision = field(text, "decision");
	if (d->branch == NULL || d->decision == NULL) {
		kb_decisions__clear(d);
		return 0;
	}
	d->answer = field(text, "answer");
	d->proposer = field(text, "proposer");
	d->subject = field(text, "subject");
	d->reviewer = field(text, "reviewer");
	d->reason = field(text, "reason");
	if ((proposed = field(text, "proposed")) != NULL)
		d->proposed = strtoll(proposed, NULL, 10);
	if ((tip = field(text, "tip")) != NULL)
		snprintf(d->tip, sizeof(d->tip), "%s", tip);
	if ((commit = field(text, "commit")) != NULL)
		snprintf(d->commit, sizeof(d->commit), "%s", commit);
	free(proposed);
	free(tip);
	free(commit);
	return 1;
}

static int
read_record(struct kb *kb, const char *blob, struct decision *d)
{
	char *data = NULL;
	size_t len;
	int rc;

	if ((rc = kb_store__read_blob_max(&data, &len, kb->store, blob,
	    DECISION_MAX)) < 0) {
		kb_error_clear();	/* too long: not a record of ours */
		return 0;
	}
	rc = memchr(data, '\0', len) == NULL && parse(data, d);
	free(data);
	return rc;
}

int
kb_decisions__find(struct decision *d, struct kb *kb, const char *ref,
    const char *branch)
{
	char office[OFFICE_NAME_MAX + 1], tip[KB_OID_HEX + 1], blob[
	    KB_OID_HEX + 1];
	struct kb_store_commit c;
	char *path;
	int found = 0;

	if (!kb_decisions__office(office, branch) || kb__store(kb) < 0 ||
	    kb_store__ref(tip, kb->store, ref) < 0 ||
	    kb_store__commit_read(&c, kb->store, tip) < 0) {
		kb_error_clear();
		return 0;
	}
	path = record_path(branch, office);
	if (kb_store__lookup_path(blob, kb->store, c.tree, path) == 0 &&
	    read_record(kb, blob, d)) {
		found = strcmp(d->branch, branch) == 0;
		if (!found)
			kb_decisions__clear(d);
	}
	kb_error_clear();
	kb_store__commit_clear(&c);
	free(path);
	return found;
}

struct each {
	struct kb *kb;
	decisions_cb cb;
	void *payload;
};

static int
each_file(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct each *e = payload;
	struct decision d;
	int rc;

	(void)path;
	(void)old_oid;
	if (new_oid == NULL || !*new_oid || !read_record(e->kb, new_oid, &d))
		return 0;
	rc = e->cb(&d, e->payload);
	kb_decisions__clear(&d);
	return rc;
}

int
kb_decisions__each(struct kb *kb, const char *ref, decisions_cb cb,
    void *payload)
{
	struct each e = { kb, cb, payload };
	char tip[KB_OID_HEX + 1];
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	if (kb_store__ref(tip, kb->store, ref) < 0) {
		kb_error_clear();
		return 0;
	}
	return kb_store__diff_files(kb->store, "", tip, each_file, &e);
}

void
kb_decisions__clear(struct decision *d)
{
	free(d->branch);
	free(d->answer);
	free(d->proposer);
	free(d->subject);
	free(d->decision);
	free(d->reviewer);
	free(d->reason);
	memset(d, 0, sizeof(*d));
}
