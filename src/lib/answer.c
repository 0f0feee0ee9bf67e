/*
 * The answer file format: front matter of `key: value` lines between `---`
 * lines, then Markdown.  See kb-answer(5).
 */
#include "kb/answer.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/error.h"
#include "strlist.h"
#include "utf8.h"
#include "xmalloc.h"

/* What a parse in progress needs to report problems. */
struct parse {
	const char *path;
	kb_diag_cb cb;
	void *payload;
	unsigned errors;
};

static void report(struct parse *p, enum kb_severity severity, unsigned line,
    const char *fmt, ...) KB_PRINTF(4, 5);

static void
report(struct parse *p, enum kb_severity severity, unsigned line,
    const char *fmt, ...)
{
	struct kb_diag diag;
	char message[512];
	va_list ap;

	if (severity == KB_SEVERITY_ERROR)
		p->errors++;
	if (p->cb == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	diag.path = p->path;
	diag.line = line;
	diag.severity = severity;
	diag.message = message;
	p->cb(&diag, p->payload);
}

int
kb_answer_id_valid(const char *id)
{
	size_t i;

	if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
		return 0;
	for (i = 1; id[i]; i++) {
		if (i >= KB_ID_MAX)
			return 0;
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	}
	return 1;
}

int
kb_date_valid(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	if (s[10] != '\0')
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

int
kb_answer_path_is_answer(const char *path)
{
	size_t n = strlen(path);

	return strncmp(path, "answers/", 8) == 0 && n > 11 &&
	    strcmp(path + n - 3, ".md") == 0;
}

int
kb_answer_id_from_path(char **out, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n <= 3 || strcmp(base + n - 3, ".md") != 0) {
		*out = NULL;
		return kb_error_set(KB_EINVALID, "%s: not a .md file", path);
	}
	*out = xstrndup(base, n - 3);
	return 0;
}

/* A language tag such as en, es or pt-BR. */
static int
lang_valid(const char *s)
{
	size_t i = 0;

	while (s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return 0;
	while (s[i] == '-') {
		size_t start = ++i;

		while (isalnum((unsigned char)s[i]))
			i++;
		if (i == start || i - start > 8)
			return 0;
	}
	return s[i] == '\0';
}

/*
 * Copy the file with the BOM dropped and CRLF (or a lone CR) turned into
 * LF, so that the rest of the parser sees one kind of line ending.
 */
static char *
normalise(const char *data, size_t len, size_t *out_len)
{
	char *out = xmalloc(len + 1);
	size_t i = 0, o = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < len; i++) {
		if (data[i] == '\r') {
			out[o++] = '\n';
			if (i + 1 < len && data[i + 1] == '\n')
				i++;
		} else {
			out[o++] = data[i];
		}
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

static unsigned
line_of(const char *text, size_t offset)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < offset; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

static char *
trimmed_copy(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	utf8_sanitize(&b, s, n, 0);
	return buf_detach(&b);
}

/* Split "a, b ,c" into trimmed non-empty items. */
static char **
split_list(const char *value, size_t *count)
{
	struct strlist list = STRLIST_INIT;
	const char *p = value;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *item = trimmed_copy(p, n);

		if (*item)
			strlist_push(&list, item);
		else
			free(item);
		if (!comma)
			break;
		p = comma + 1;
	}
	*count = list.n;
	return strlist_detach(&list);
}

static const char *const known_keys[] = {
	"title", "tags", "audience", "lang", "review-by", "owner",
	"standard", "related", NULL
};

static int
key_known(const char *key)
{
	size_t i;

	for (i = 0; known_keys[i]; i++)
		if (strcmp(known_keys[i], key) == 0)
			return 1;
	return 0;
}

static int
key_valid(const char *key, size_t n)
{
	size_t i;

	if (n == 0 || !(key[0] >= 'a' && key[0] <= 'z'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') ||
		    (key[i] >= '0' && key[i] <= '9') || key[i] == '-' ||
		    key[i] == '_'))
			return 0;
	return 1;
}

static struct kb_field *
field_find(struct kb_answer *a, const char *key)
{
	size_t i;

	for (i = 0; i < a->nfields; i++)
		if (strcmp(a->fields[i].key, key) == 0)
			return &a->fields[i];
	return NULL;
}

static void
field_add(struct parse *p, struct kb_answer *a, size_t *cap,
    const char *line, size_t n, unsigned lineno)
{
	const char *colon = memchr(line, ':', n);
	struct kb_field *f, *prev;
	char *key;

	if (colon == NULL || !key_valid(line, (size_t)(colon - line))) {
		report(p, KB_SEVERITY_ERROR, lineno,
		    "expected 'key: value' in the front matter");
		return;
	}
	key = xstrndup(line, (size_t)(colon - line));
	if ((prev = field_find(a, key)) != NULL) {
		report(p, KB_SEVERITY_ERROR, lineno,
		    "key '%s' given twice (first on line %u)", key, prev->line);
		free(key);
		return;
	}
	xgrow(&a->fields, cap, a->nfields + 1, sizeof(*a->fields));
	f = &a->fields[a->nfields++];
	f->key = key;
	f->value = trimmed_copy(colon + 1, n - (size_t)(colon + 1 - line));
	f->line = lineno;
	f->known = key_known(key);
}

/*
 * Read the front matter starting at text (which begins with the opening
 * line).  Returns the offset of the body, or 0 when the front matter is
 * missing or not closed.
 */
static size_t
parse_front_matter(struct parse *p, struct kb_answer *a, const char *text,
    size_t len)
{
	size_t pos, cap = 0;
	unsigned lineno = 1;

	if (strncmp(text, "---", 3) != 0 ||
	    (text[3] != '\n' && text[3] != '\0' && text[3] != ' ')) {
		report(p, KB_SEVERITY_ERROR, 1,
		    "missing front matter: the file must start with a line '---'");
		return 0;
	}
	pos = strcspn(text, "\n");
	pos = pos < len ? pos + 1 : len;
	while (pos < len) {
		const char *line = text + pos;
		size_t n = strcspn(line, "\n"), end = n;

		lineno++;
		while (end && (line[end - 1] == ' ' || line[end - 1] == '\t'))
			end--;
		pos += n < len - pos ? n + 1 : n;
		if (end == 3 && memcmp(line, "---", 3) == 0)
			return pos;
		if (end == 0 || line[0] == '#')
			continue;
		field_add(p, a, &cap, line, end, lineno);
	}
	report(p, KB_SEVERITY_ERROR, 1,
	    "front matter is not closed by a line '---'");
	return 0;
}

static const char *
field_value(struct kb_answer *a, const char *key, unsigned *line)
{
	struct kb_field *f = field_find(a, key);

	if (f == NULL)
		return NULL;
	if (line)
		*line = f->line;
	return f->value;
}

/* Check the known keys and copy them into the answer's own members. */
static void
interpret_fields(struct parse *p, struct kb_answer *a)
{
	const char *v;
	unsigned line = 1;
	size_t i;

	v = field_value(a, "title", &line);
	if (v == NULL || *v == '\0')
		report(p, KB_SEVERITY_ERROR, v ? line : 1,
		    "missing title: every answer needs 'title: ...'");
	else if (utf8_count(v, strlen(v)) > KB_TITLE_MAX)
		report(p, KB_SEVERITY_ERROR, line,
		    "title is longer than %d characters", KB_TITLE_MAX);
	a->title = xstrdup(v ? v : "");

	v = field_value(a, "tags", NULL);
	a->tags = split_list(v ? v : "", &a->ntags);

	v = field_value(a, "audience", &line);
	if (v && strcmp(v, "public") != 0 && strcmp(v, "internal") != 0)
		report(p, KB_SEVERITY_WARNING, line,
		    "audience '%s' should be 'public' or 'internal'", v);
	a->audience = xstrdup(v && *v ? v : "public");

	v = field_value(a, "lang", &line);
	if (v && *v && !lang_valid(v))
		report(p, KB_SEVERITY_ERROR, line,
		    "lang '%s' is not a language tag such as 'en' or 'es'", v);
	a->lang = xstrdup(v && *v ? v : "en");

	v = field_value(a, "review-by", &line);
	if (v && *v && !kb_date_valid(v))
		report(p, KB_SEVERITY_ERROR, line,
		    "review-by '%s' is not a date written YYYY-MM-DD", v);
	a->review_by = v && *v ? xstrdup(v) : NULL;

	v = field_value(a, "owner", NULL);
	a->owner = v && *v ? xstrdup(v) : NULL;
	v = field_value(a, "standard", NULL);
	a->standard = v && *v ? xstrdup(v) : NULL;

	v = field_value(a, "related", &line);
	a->related = split_list(v ? v : "", &a->nrelated);
	for (i = 0; i < a->nrelated; i++)
		if (!kb_answer_id_valid(a->related[i]))
			report(p, KB_SEVERITY_ERROR, line,
			    "related: '%s' is not a valid answer id",
			    a->related[i]);

	for (i = 0; i < a->nfields; i++)
		if (!a->fields[i].known)
			report(p, KB_SEVERITY_WARNING, a->fields[i].line,
			    "unknown key '%s' (kept, but kb does not use it)",
			    a->fields[i].key);
}

/* Is `text` exactly one of the channel headings kb renders as a section? */
static int
is_channel_heading(const char *text, size_t n)
{
	return (n == 5 && memcmp(text, "Phone", 5) == 0) ||
	    (n == 5 && memcmp(text, "Email", 5) == 0) ||
	    (n == 7 && memcmp(text, "Walk-in", 7) == 0);
}

/* Does `text` (a heading's words) name a channel, however spelled? */
static int
looks_like_channel(const char *text, size_t n)
{
	static const char *const names[] = { "phone", "email", "e-mail",
	    "walk-in", "walk in", "walkin", "telephone", NULL };
	size_t i;

	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == n && strncasecmp(text, names[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Warn about headings that look like channel sections but are not one:
 * "## phone", "# Phone", "### Walk in".  A heading kb renders as a
 * channel section (level 2, text exactly Phone, Email or Walk-in, however
 * it is spaced) is fine.
 */
static void
check_channel_headings(struct parse *p, const struct kb_answer *a)
{
	const char *s = a->body, *end = a->body + a->body_len;
	unsigned line = a->body_line;
	int fenced = 0;

	for (; s < end; line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		size_t hashes = 0, start, stop;

		if (n >= 3 && (strncmp(s, "```", 3) == 0 ||
		    strncmp(s, "~~~", 3) == 0))
			fenced = !fenced;
		while (hashes < n && s[hashes] == '#')
			hashes++;
		if (!fenced && hashes >= 1 && hashes <= 6 &&
		    (hashes == n || s[hashes] == ' ' || s[hashes] == '\t')) {
			for (start = hashes; start < n && (s[start] == ' ' ||
			    s[start] == '\t'); start++)
				;
			for (stop = n; stop > start && (s[stop - 1] == ' ' ||
			    s[stop - 1] == '\t' || s[stop - 1] == '#'); stop--)
				;
			if (looks_like_channel(s + start, stop - start) &&
			    !(hashes == 2 && is_channel_heading(s + start,
			    stop - start)))
				report(p, KB_SEVERITY_WARNING, line,
				    "heading '%.*s' looks like a channel section; "
				    "write exactly '## Phone', '## Email' or "
				    "'## Walk-in'", (int)n, s);
		}
		s += n + 1;
	}
}

int
kb_answer_parse(struct kb_answer **out, const char *path, const char *data,
    size_t len, kb_diag_cb cb, void *payload)
{
	struct parse p = { path, cb, payload, 0 };
	struct kb_answer *a;
	size_t norm_len, body, bad;
	char *text;

	*out = NULL;
	if (len > KB_ANSWER_MAX_BYTES) {
		report(&p, KB_SEVERITY_ERROR, 0,
		    "file is %zu bytes; answers are limited to %d bytes (1 MiB)",
		    len, KB_ANSWER_MAX_BYTES);
		return kb_error_set(KB_EINVALID, "%s: file too large", path);
	}
	if (!utf8_valid(data, len, &bad)) {
		report(&p, KB_SEVERITY_ERROR, line_of(data, bad),
		    "invalid UTF-8 (byte 0x%02X)", (unsigned char)data[bad]);
		return kb_error_set(KB_EINVALID, "%s: invalid UTF-8", path);
	}

	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(path);
	if (kb_answer_id_from_path(&a->id, path) < 0) {
		report(&p, KB_SEVERITY_ERROR, 0, "answer files end in .md");
		a->id = xstrdup("");
	} else if (!kb_answer_id_valid(a->id)) {
		report(&p, KB_SEVERITY_ERROR, 0, "invalid id '%s': ids are 1-64 "
		    "characters of a-z, 0-9 and '-', starting with a letter or "
		    "digit", a->id);
	}

	text = normalise(data, len, &norm_len);
	body = parse_front_matter(&p, a, text, norm_len);
	if (body == 0)
		body = norm_len;
	a->body_line = line_of(text, body);
	a->body_len = norm_len - body;
	a->body = xstrndup(text + body, a->body_len);
	free(text);

	interpret_fields(&p, a);
	check_channel_headings(&p, a);

	if (p.errors) {
		kb_answer_free(a);
		return kb_error_set(KB_EINVALID, "%s: %u error%s", path,
		    p.errors, p.errors == 1 ? "" : "s");
	}
	*out = a;
	return 0;
}

void
kb_answer_free(struct kb_answer *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nfields; i++) {
		free(a->fields[i].key);
		free(a->fields[i].value);
	}
	free(a->fields);
	strlist_free_array(a->tags, a->ntags);
	strlist_free_array(a->related, a->nrelated);
	free(a->id);
	free(a->path);
	free(a->title);
	free(a->audience);
	free(a->lang);
	free(a->review_by);
	free(a->owner);
	free(a->standard);
	free(a->body);
	free(a);
}
