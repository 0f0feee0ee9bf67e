/* The notice file format (notice.h, kb-answer(5) NOTICES). */
#include "kb/notice.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "frontmatter.h"
#include "strlist.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const known_keys[] = {
	"title", "starts", "ends", "severity", "tags", NULL
};

static const char *const severity_names[] = { "info", "warning",
    "critical" };
static const char *const state_names[] = { "active", "future", "expired" };

const char *
kb_notice_severity_name(enum kb_notice_severity s)
{
	return severity_names[s];
}

const char *
kb_notice_state_name(enum kb_notice_state s)
{
	return state_names[s];
}

int
kb_notice_path_is_notice(const char *path)
{
	size_t n = strlen(path);

	return strncmp(path, "notices/", 8) == 0 && n > 11 &&
	    strchr(path + 8, '/') == NULL && strcmp(path + n - 3, ".md") == 0;
}

/* Two digits at s, at most `max`. */
static int
two_digits(const char *s, int max, int *out)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return 0;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return *out <= max;
}

int
kb_notice_time(char out[KB_LOCAL_TIME_SIZE], const char *s, int end)
{
	char date[11];
	int h, m, sec = 0;

	if (strlen(s) < 10)
		return 0;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!kb_date_valid(date))
		return 0;
	if (s[10] == '\0') {
		snprintf(out, KB_LOCAL_TIME_SIZE, "%sT%s", date,
		    end ? "24:00:00" : "00:00:00");
		return 1;
	}
	if ((s[10] != 'T' && s[10] != ' ') || !two_digits(s + 11, 23, &h) ||
	    s[13] != ':' || !two_digits(s + 14, 59, &m))
		return 0;
	if (s[16] == ':') {
		if (!two_digits(s + 17, 59, &sec) || s[19] != '\0')
			return 0;
	} else if (s[16] != '\0') {
		return 0;
	}
	snprintf(out, KB_LOCAL_TIME_SIZE, "%sT%02d:%02d:%02d", date, h, m, sec);
	return 1;
}

enum kb_notice_state
kb_notice_state_at(const struct kb_notice *n, const char *now)
{
	if (strcmp(now, n->from) < 0)
		return KB_NOTICE_FUTURE;
	if (strcmp(now, n->until) >= 0)
		return KB_NOTICE_EXPIRED;
	return KB_NOTICE_ACTIVE;
}

int
kb_notice_applies(const struct kb_notice *n, char *const *tags, size_t ntags)
{
	size_t i, j;

	if (n->ntags == 0)
		return 1;
	for (i = 0; i < n->ntags; i++)
		for (j = 0; j < ntags; j++)
			if (strcasecmp(n->tags[i], tags[j]) == 0)
				return 1;
	return 0;
}

static const char *
need(struct fm_parse *p, const struct fm_doc *doc, const char *key,
    unsigned *line)
{
	const char *v = kb_frontmatter__value(line, doc, key);

	if (v == NULL || *v == '\0') {
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, v ? *line : 1,
		    "missing %s: every notice needs '%s: ...'", key, key);
		return NULL;
	}
	return v;
}

static void
read_time(struct fm_parse *p, const struct fm_doc *doc, const char *key,
    int end, char **as_written, char out[KB_LOCAL_TIME_SIZE])
{
	unsigned line = 1;
	const char *v = need(p, doc, key, &line);

	*as_written = xstrdup(v ? v : "");
	out[0] = '\0';
	if (v == NULL)
		return;
	if (strlen(v) > 10 && strpbrk(v + 10, "Zz+-"))
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "%s '%s': write local time without a zone, e.g. "
		    "2026-12-24 or 2026-12-24T09:00", key, v);
	else if (!kb_notice_time(out, v, end))
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "%s '%s' is not a date (YYYY-MM-DD) or a date and time "
		    "(YYYY-MM-DDTHH:MM)", key, v);
}

static void
read_severity(struct fm_parse *p, const struct fm_doc *doc,
    struct kb_notice *n)
{
	unsigned line = 1;
	const char *v = need(p, doc, "severity", &line);
	size_t i;

	n->severity = KB_NOTICE_INFO;
	if (v == NULL)
		return;
	for (i = 0; i < 3; i++)
		if (strcmp(v, severity_names[i]) == 0) {
			n->severity = (enum kb_notice_severity)i;
			return;
		}
	kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
	    "severity '%s' should be info, warning or critical", v);
}

static void
interpret(struct fm_parse *p, const struct fm_doc *doc, struct kb_notice *n)
{
	unsigned line = 1;
	const char *v;
	size_t chars;

	v = need(p, doc, "title", &line);
	if (v && utf8_count(v, strlen(v)) > KB_TITLE_MAX)
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "title is longer than %d characters", KB_TITLE_MAX);
	n->title = xstrdup(v ? v : "");
	read_time(p, doc, "starts", 0, &n->starts, n->from);
	read_time(p, doc, "ends", 1, &n->ends, n->until);
	if (n->from[0] && n->until[0] && strcmp(n->until, n->from) <= 0) {
		kb_frontmatter__value(&line, doc, "ends");
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "ends %s is not after starts %s: the notice would never "
		    "be shown", n->ends, n->starts);
	}
	read_severity(p, doc, n);
	n->tags = kb_frontmatter__split_list(&n->ntags,
	    kb_frontmatter__value(&n->tags_line, doc, "tags"));
	chars = utf8_count(n->body, n->body_len);
	if (n->body[strspn(n->body, " \t\n")] == '\0')
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, doc->body_line,
		    "the notice has no text: say what customers must know");
	else if (chars > KB_NOTICE_BODY_WARN)
		kb_frontmatter__report(p, KB_SEVERITY_WARNING, doc->body_line,
		    "the notice is %zu characters; keep it under %d (it is "
		    "read out on every affected call)", chars,
		    KB_NOTICE_BODY_WARN);
}

int
kb_notice_parse(struct kb_notice **out, const char *path, const char *data,
    size_t len, kb_diag_cb cb, void *payload)
{
	struct fm_parse p = { path, cb, payload, 0 };
	struct kb_notice *n;
	struct fm_doc doc;
	int rc;

	*out = NULL;
	if ((rc = kb_frontmatter__read(&p, &doc, data, len,
	    KB_NOTICE_MAX_BYTES, "notices", known_keys)) < 0)
		return rc;
	n = xcalloc(1, sizeof(*n));
	n->path = xstrdup(path);
	n->body = doc.body;
	n->body_len = doc.body_len;
	doc.body = NULL;
	n->id = kb_frontmatter__id_from_path(&p, path, "notice");
	interpret(&p, &doc, n);
	kb_frontmatter__warn_unknown(&p, &doc);
	kb_frontmatter__doc_free(&doc);
	if (p.errors) {
		kb_notice_free(n);
		return kb_error_set(KB_EINVALID, "%s: %u error%s", path,
		    p.errors, p.errors == 1 ? "" : "s");
	}
	*out = n;
	return 0;
}

void
kb_notice_free(struct kb_notice *n)
{
	if (n == NULL)
		return;
	free(n->id);
	free(n->path);
	free(n->title);
	free(n->starts);
	free(n->ends);
	strlist_free_array(n->tags, n->ntags);
	free(n->body);
	free(n);
}
