/*
 * REVIEWERS (reviewers.h): read from main, checked against the person
 * at hand (kb_reviewer, proposal.h), and changed by a commit on main.
 */
#include "kb/reviewers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "centre_private.h"
#include "kb/proposal.h"
#include "kb_private.h"
#include "main_move.h"
#include "store.h"
#include "utf8.h"
#include "xmalloc.h"

#define FILE_NAME "REVIEWERS"
/* A REVIEWERS file larger than this is not read: only a hostile one is. */
#define FILE_MAX (1024 * 1024)
#define FIRST_LINE "# Who may approve or reject proposals: a git user.name " \
	"or user.email a line.\n"

/* Main's commit and its REVIEWERS file (*data NULL when there is none). */
struct file {
	char main[KB_OID_HEX + 1];
	char *data;
	size_t len;
};

static int
file_read(struct kb *kb, struct file *f)
{
	char tree[KB_OID_HEX + 1], blob[KB_OID_HEX + 1];
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = kb__store(kb)) < 0 ||
	    (rc = kb_store__branch(f->main, tree, kb->store, kb->branch)) < 0)
		return rc;
	if (kb_store__lookup_path(blob, kb->store, tree, FILE_NAME) < 0) {
		kb_error_clear();
		return 0;
	}
	if ((rc = kb_store__read_blob_max(&f->data, &f->len, kb->store, blob,
	    FILE_MAX)) < 0)
		return kb_error_set(rc, "%s on %s: %s", FILE_NAME, kb->branch,
		    kb_error_last());
	return 0;
}

static void
file_clear(struct file *f)
{
	free(f->data);
	memset(f, 0, sizeof(*f));
}

/* A line without the spaces around it; its length, 0 for a comment. */
static size_t
named(const char **line, size_t len)
{
	while (len && isspace((unsigned char)(*line)[len - 1]))
		len--;
	while (len && isspace((unsigned char)**line)) {
		(*line)++;
		len--;
	}
	return len && **line != '#' ? len : 0;
}

/* Call `cb` with each person the file names; stop at its non-zero. */
static int
each_named(const struct file *f, int (*cb)(const char *s, size_t n,
    void *payload), void *payload)
{
	const char *p = f->data, *end = f->data ? f->data + f->len : NULL;
	int rc = 0;

	while (p && p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p;
		size_t n = named(&s, nl ? (size_t)(nl - p) : (size_t)(end - p));

		if (n)
			rc = cb(s, n, payload);
		p = nl ? nl + 1 : NULL;
	}
	return rc;
}

/* --- who may decide -------------------------------------------------- */

struct person {
	const char *name, *email;
};

static int
is_person(const char *s, size_t n, void *payload)
{
	const struct person *who = payload;

	return (strlen(who->name) == n && strncmp(s, who->name, n) == 0) ||
	    (strlen(who->email) == n && strncasecmp(s, who->email, n) == 0);
}

/* git user.name and user.email of the KB repository, both set. */
static int
identity(struct kb *kb, char **name, char **email)
{
	if (kb_config_string(name, kb, "user.name") == 0 && **name &&
	    kb_config_string(email, kb, "user.email") == 0 && **email)
		return 0;
	free(*name);
	free(*email);
	*name = *email = NULL;
	return kb_error_set(KB_EINVALID, "who are you? set git config "
	    "user.name and user.email in the KB repository");
}

/*
 * The person at hand, who must be named in REVIEWERS to `act` ("approve
 * or reject"); with `first_ok`, anyone may when main has no REVIEWERS.
 */
static int
reviewer_to(struct kb *kb, const char *act, int first_ok, char **name,
    char **email)
{
	struct file f;
	struct person who;
	int rc;

	*name = *email = NULL;
	if ((rc = identity(kb, name, email)) < 0)
		return rc;
	if ((rc = file_read(kb, &f)) < 0)
		goto done;
	who.name = *name;
	who.email = *email;
	if (f.data == NULL && !first_ok)
		rc = kb_error_set(KB_EINVALID, "%s <%s> may not %s: the KB has "
		    "no %s file on %s", *name, *email, act, FILE_NAME,
		    kb->branch);
	else if (f.data && !each_named(&f, is_person, &who))
		rc = kb_error_set(KB_EINVALID, "%s <%s> may not %s: not named "
		    "in %s", *name, *email, act, FILE_NAME);
done:
	file_clear(&f);
	if (rc < 0) {
		free(*name);
		free(*email);
		*name = *email = NULL;
	}
	return rc;
}

int
kb_reviewer(char **name, char **email, struct kb *kb)
{
	return reviewer_to(kb, "approve or reject", 0, name, email);
}

/* --- the list -------------------------------------------------------- */

static int
add_name(const char *s, size_t n, void *payload)
{
	struct kb_reviewers *r = payload;

	r->names = xreallocarray(r->names, r->n + 1, sizeof(*r->names));
	r->names[r->n++] = xstrndup(s, n);
	return 0;
}

int
kb_reviewers_list(struct kb_reviewers *out, struct kb *kb)
{
	struct file f;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = file_read(kb, &f)) == 0) {
		out->exists = f.data != NULL;
		each_named(&f, add_name, out);
	}
	file_clear(&f);
	return rc;
}

void
kb_reviewers_clear(struct kb_reviewers *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->names[i]);
	free(r->names);
	memset(r, 0, sizeof(*r));
}

int
kb_reviewer_valid(const char *who)
{
	size_t n = who ? strlen(who) : 0, at = 0, bad;
	uint32_t cp;

	if (n == 0)
		return kb_error_set(KB_EINVALID, "give a name or an email");
	if (n > KB_REVIEWER_MAX)
		return kb_error_set(KB_EINVALID, "a name or email of %zu bytes: "
		    "at most %d", n, KB_REVIEWER_MAX);
	if (!utf8_valid(who, n, &bad))
		return kb_error_set(KB_EINVALID, "not valid UTF-8 (byte %zu)",
		    bad + 1);
	if (isspace((unsigned char)who[0]) || isspace((unsigned char)who[n - 1]))
		return kb_error_set(KB_EINVALID, "a space at either end of a "
		    "name would not match it: give it without");
	if (who[0] == '#')
		return kb_error_set(KB_EINVALID, "a line starting with '#' is "
		    "a comment in %s, not a reviewer", FILE_NAME);
	while (at < n) {
		at += utf8_decode(who + at, n - at, &cp);
		if (utf8_is_unsafe(cp) || cp == 0x2028 || cp == 0x2029)
			return kb_error_set(KB_EINVALID, "a control character "
			    "or line break in a name or email (U+%04X)",
			    (unsigned)cp);
	}
	return 0;
}

/* --- changing it ----------------------------------------------------- */

struct change {
	enum kb_reviewers_change what;
	const char *who;
};

/* The same entry: the same text, or the same email in any case. */
static int
same_entry(const char *s, size_t n, const char *who)
{
	return strlen(who) == n && (strncmp(s, who, n) == 0 ||
	    (strchr(who, '@') && strncasecmp(s, who, n) == 0));
}

static int
is_who(const char *s, size_t n, void *payload)
{
	return same_entry(s, n, payload);
}

static int
count_named(const char *s, size_t n, void *payload)
{
	(void)s;
	(void)n;
	(*(size_t *)payload)++;
	return 0;
}

/* The file with `who` added, or KB_EINVALID when it is there. */
static int
text_added(const struct file *f, const char *who, struct buf *b)
{
	if (f->data && each_named(f, is_who, (void *)who))
		return kb_error_set(KB_EINVALID, "%s is in %s already: nothing "
		    "changed", who, FILE_NAME);
	if (f->data == NULL)
		buf_adds(b, FIRST_LINE);
	else {
		buf_add(b, f->data, f->len);
		if (f->len && f->data[f->len - 1] != '\n')
			buf_addc(b, '\n');
	}
	buf_addf(b, "%s\n", who);
	return 0;
}

/* The file without the lines naming `who`; the last one stays. */
static int
text_removed(const struct file *f, const char *who, struct buf *b)
{
	const char *p = f->data, *end = f->data + f->len;
	size_t removed = 0, left = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);
		const char *s = p;
		size_t n = named(&s, nl ? len - 1 : len);

		if (n && same_entry(s, n, who))
			removed++;
		else
			buf_add(b, p, len);
		p += len;
	}
	if (removed == 0)
		return kb_error_set(KB_ENOTFOUND, "%s is not in %s: nothing "
		    "changed (kb reviewers lists who is)", who, FILE_NAME);
	each_named(f, count_named, &left);
	if (left == removed)
		return kb_error_set(KB_EINVALID, "%s is the only reviewer: "
		    "nobody could approve then; add another first", who);
	return 0;
}

/* The commit on main, made by the person at hand. */
static int
make_change(struct kb *kb, void *payload)
{
	const struct change *c = payload;
	struct kb_store_sig sig;
	struct kb_store_file file;
	struct buf text = BUF_INIT;
	struct file f;
	char *name = NULL, *email = NULL, *message = NULL;
	char commit[KB_OID_HEX + 1];
	int rc, add = c->what == KB_REVIEWERS_ADD;

	memset(&f, 0, sizeof(f));
	if ((rc = kb_finish_interrupted(kb)) < 0 ||
	    (rc = reviewer_to(kb, "change " FILE_NAME, add, &name,
	    &email)) < 0 || (rc = file_read(kb, &f)) < 0)
		goto done;
	if (!add && f.data == NULL) {
		rc = kb_error_set(KB_ENOTFOUND, "the KB has no %s file on %s",
		    FILE_NAME, kb->branch);
		goto done;
	}
	if ((rc = add ? text_added(&f, c->who, &text) :
	    text_removed(&f, c->who, &text)) < 0)
		goto done;
	message = add ? xasprintf("Add %s to " FILE_NAME "\n\n%s may approve "
	    "and reject proposals from now on.\n", c->who, c->who) :
	    xasprintf("Remove %s from " FILE_NAME "\n\n%s may no longer "
	    "approve or reject proposals.\n", c->who, c->who);
	sig.name = name;
	sig.email = email;
	file.path = FILE_NAME;
	file.data = buf_cstr(&text);
	file.len = text.len;
	if ((rc = kb_store__commit_files(commit, kb->store, f.main, &file, 1,
	    &sig, message)) == 0)
		rc = kb_main_move__run(kb, f.main, commit,
		    add ? "kb reviewers add" : "kb reviewers remove");
done:
	free(message);
	buf_free(&text);
	file_clear(&f);
	free(name);
	free(email);
	return rc;
}

int
kb_reviewers_change(struct kb_centre_push *push, struct kb *kb,
    enum kb_reviewers_change what, const char *who)
{
	struct change c = { what, who };
	struct centre_change ch = { make_change, &c, NULL, 1, 0 };
	int rc;

	if (push)
		memset(push, 0, sizeof(*push));
	if ((rc = kb_reviewer_valid(who)) < 0)
		return rc;
	return push ? kb_centre__publish(push, kb, &ch) : make_change(kb, &c);
}
