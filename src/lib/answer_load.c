/*
 * Loading one answer (kb.h): as it is on the branch, found through the
 * index, or as it was in a version the usage log recorded.
 */
#include "kb/kb.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "kb/present.h"
#include "kb/usage.h"
#include "kb_private.h"
#include "store.h"
#include "xmalloc.h"

/* Where the index says the answer is, and its version. */
static int
locate(struct kb *kb, const char *id, char **path, char *version)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(kb->index->h,
	    "SELECT path, version FROM answer WHERE id = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(kb->index, rc, "looking up an answer");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*path = xstrdup((const char *)sqlite3_column_text(st, 0));
		snprintf(version, KB_OID_HEX + 1, "%s",
		    sqlite3_column_text(st, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = kb_error_set(KB_ENOTFOUND, "no answer '%s' in the KB", id);
	} else {
		rc = kb_db__fail(kb->index, rc, "looking up an answer");
	}
	sqlite3_finalize(st);
	return rc;
}

int
kb_answer_load(struct kb_answer **out, struct kb *kb, const char *id)
{
	char version[KB_OID_HEX + 1], *path = NULL, *data = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if (!kb_answer_id_valid(id))
		return kb_error_set(KB_ENOTFOUND, "no answer '%s' in the KB "
		    "(not a valid answer id)", id);
	if ((rc = kb_index__refresh(kb)) < 0)
		goto done;
	if ((rc = locate(kb, id, &path, version)) < 0 && kb_index__recover(kb))
		rc = locate(kb, id, &path, version);
	if (rc < 0 || (rc = kb__store(kb)) < 0 ||
	    (rc = kb_store__read_blob(&data, &len, kb->store, version)) < 0)
		goto done;
	if ((rc = kb_answer_parse(out, path, data, len, NULL, NULL)) == 0)
		memcpy((*out)->version, version, sizeof(version));
done:
	free(path);
	free(data);
	return rc;
}

/* Versions an ambiguous abbreviation lists: enough to pick from. */
#define LISTED_VERSIONS 5

/* A version as given: 7 to 40 hex digits, any case, into `hex`. */
static int
parse_version(const char *given, char hex[KB_OID_HEX + 1])
{
	size_t i, n = strlen(given);

	if (n == 0 || n > KB_OID_HEX ||
	    strspn(given, "0123456789abcdefABCDEF") != n)
		return kb_error_set(KB_EINVALID, "'%s' is not a version: give "
		    "its blob id (the 40 hex digits the usage log holds) or "
		    "its first %d or more", given, KB_VERSION_ABBREV_MIN);
	if (n < KB_VERSION_ABBREV_MIN)
		return kb_error_set(KB_EINVALID, "version '%s' is too short: "
		    "give at least %d hex digits (the reference line has %d), "
		    "so that it names one version", given,
		    KB_VERSION_ABBREV_MIN, KB_SHORT_VERSION);
	for (i = 0; i <= n; i++)
		hex[i] = (char)tolower((unsigned char)given[i]);
	return 0;
}

/* The versions of `id` kb knows that start with `prefix`. */
struct versions {
	char v[LISTED_VERSIONS + 1][KB_OID_HEX + 1];
	long n;			/* in all; only the first few are in v */
};

/*
 * The blob alone does not say which answer it was (its path is in the
 * trees that held it), so the versions of `id` are the current one and
 * those the usage log recorded for it.  Gives the current path when
 * known.
 */
static int
versions_like(struct kb *kb, const char *id, const char *prefix,
    struct versions *found, char **path)
{
	char current[KB_OID_HEX + 1];
	size_t n = strlen(prefix);
	long more;
	int rc, logged;

	*path = NULL;
	found->n = 0;
	if ((rc = kb_index__refresh(kb)) < 0)
		return rc;
	if (locate(kb, id, path, current) == 0 &&
	    strncmp(current, prefix, n) == 0) {
		if ((logged = kb_usage_logged_version(kb, id, current)) < 0)
			return logged;
		if (!logged)
			memcpy(found->v[found->n++], current, sizeof(current));
	}
	kb_error_clear();
	more = kb_usage_versions_like(found->v + found->n,
	    LISTED_VERSIONS + 1 - (size_t)found->n, kb, id, prefix);
	if (more < 0)
		return (int)more;
	found->n += more;
	return 0;
}

/* "0123456789ab, 123456789abc, ... (9 in all)": what to choose from. */
static int
ambiguous(const struct versions *found, const char *id, const char *prefix)
{
	char list[(LISTED_VERSIONS + 1) * (KB_SHORT_VERSION + 2) + 32];
	size_t at = 0;
	long i;

	list[0] = '\0';
	for (i = 0; i < found->n && i < LISTED_VERSIONS; i++)
		at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%.*s",
		    i ? ", " : "", KB_SHORT_VERSION, found->v[i]);
	if (found->n > LISTED_VERSIONS)
		snprintf(list + at, sizeof(list) - at, ", ... (%ld in all)",
		    found->n);
	return kb_error_set(KB_EINVALID, "version '%s' is ambiguous: %ld "
	    "versions of %s start with it (%s); give more digits", prefix,
	    found->n, id, list);
}

int
kb_answer_load_version(struct kb_answer **out, struct kb *kb, const char *id,
    const char *version)
{
	char prefix[KB_OID_HEX + 1], *path = NULL, *data = NULL;
	struct versions found;
	size_t len;
	int rc;

	*out = NULL;
	if (!kb_answer_id_valid(id))
		return kb_error_set(KB_EINVALID, "'%s' is not an answer id", id);
	if ((rc = parse_version(version, prefix)) < 0)
		return rc;
	if ((rc = versions_like(kb, id, prefix, &found, &path)) < 0)
		goto done;
	if (found.n == 0)
		rc = kb_error_set(KB_ENOTFOUND, "version %.*s is neither the "
		    "current version of %s nor one the usage log recorded for "
		    "it", KB_SHORT_VERSION, prefix, id);
	else if (found.n > 1)
		rc = ambiguous(&found, id, prefix);
	else if ((rc = kb_blob_read(&data, &len, kb, found.v[0])) < 0)
		rc = kb_error_set(rc, "version %.*s of %s is not in this KB's "
		    "history", KB_SHORT_VERSION, found.v[0], id);
	if (rc < 0)
		goto done;
	if (path == NULL)	/* where the file lived then is not known */
		path = xasprintf("answers/%s.md", id);
	if ((rc = kb_answer_parse(out, path, data, len, NULL, NULL)) == 0)
		memcpy((*out)->version, found.v[0], KB_OID_HEX + 1);
	else
		rc = kb_error_set(KB_EINVALID, "version %.*s is not a valid "
		    "answer", KB_SHORT_VERSION, found.v[0]);
done:
	free(path);
	free(data);
	return rc;
}
