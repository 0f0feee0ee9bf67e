/* Front matter and body: the part of the file format answers and notices
 * share (frontmatter.h). */
#include "frontmatter.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag_report.h"
#include "strlist.h"
#include "utf8.h"
#include "xmalloc.h"

void
kb_frontmatter__report(struct fm_parse *p, enum kb_severity severity,
    unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (severity == KB_SEVERITY_ERROR)
		p->errors++;
	va_start(ap, fmt);
	kb_diag_report__vemit(p->cb, p->payload, p->path, line, severity, fmt,
	    ap);
	va_end(ap);
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

char **
kb_frontmatter__split_list(size_t *count, const char *value)
{
	struct strlist list = STRLIST_INIT;
	const char *p = value ? value : "";

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

static int
key_known(const char *const *known, const char *key)
{
	size_t i;

	for (i = 0; known && known[i]; i++)
		if (strcmp(known[i], key) == 0)
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

static const struct kb_field *
field_find(const struct fm_doc *doc, const char *key)
{
	size_t i;

	for (i = 0; i < doc->nfields; i++)
		if (strcmp(doc->fields[i].key, key) == 0)
			return &doc->fields[i];
	return NULL;
}

static void
field_add(struct fm_parse *p, struct fm_doc *doc, size_t *cap,
    const char *line, size_t n, unsigned lineno, const char *const *known)
{
	const char *colon = memchr(line, ':', n);
	const struct kb_field *prev;
	struct kb_field *f;
	char *key;

	if (colon == NULL || !key_valid(line, (size_t)(colon - line))) {
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, lineno,
		    "expected 'key: value' in the front matter");
		return;
	}
	key = xstrndup(line, (size_t)(colon - line));
	if ((prev = field_find(doc, key)) != NULL) {
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, lineno,
		    "key '%s' given twice (first on line %u)", key, prev->line);
		free(key);
		return;
	}
	xgrow(&doc->fields, cap, doc->nfields + 1, sizeof(*doc->fields));
	f = &doc->fields[doc->nfields++];
	f->key = key;
	f->value = trimmed_copy(colon + 1, n - (size_t)(colon + 1 - line));
	f->line = lineno;
	f->known = key_known(known, key);
}

/*
 * Read the front matter starting at text (which begins with the opening
 * line).  Returns the offset of the body, or 0 when the front matter is
 * missing or not closed.
 */
static size_t
parse_front_matter(struct fm_parse *p, struct fm_doc *doc, const char *text,
    size_t len, const char *const *known)
{
	size_t pos, cap = 0;
	unsigned lineno = 1;

	if (strncmp(text, "---", 3) != 0 ||
	    (text[3] != '\n' && text[3] != '\0' && text[3] != ' ')) {
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, 1,
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
		field_add(p, doc, &cap, line, end, lineno, known);
	}
	kb_frontmatter__report(p, KB_SEVERITY_ERROR, 1,
	    "front matter is not closed by a line '---'");
	return 0;
}

int
kb_frontmatter__read(struct fm_parse *p, struct fm_doc *doc, const char *data,
    size_t len, size_t max_bytes, const char *what, const char *const *known)
{
	size_t norm_len, body, bad;
	char *text;

	memset(doc, 0, sizeof(*doc));
	if (len > max_bytes) {
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, 0,
		    "file is %zu bytes; %s are limited to %zu bytes", len,
		    what, max_bytes);
		return kb_error_set(KB_EINVALID, "%s: file too large", p->path);
	}
	if (!utf8_valid(data, len, &bad)) {
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line_of(data, bad),
		    "invalid UTF-8 (byte 0x%02X)", (unsigned char)data[bad]);
		return kb_error_set(KB_EINVALID, "%s: invalid UTF-8", p->path);
	}
	text = normalise(data, len, &norm_len);
	body = parse_front_matter(p, doc, text, norm_len, known);
	if (body == 0)
		body = norm_len;
	doc->body_line = line_of(text, body);
	doc->body_len = norm_len - body;
	doc->body = xstrndup(text + body, doc->body_len);
	free(text);
	return 0;
}

void
kb_frontmatter__doc_free(struct fm_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nfields; i++) {
		free(doc->fields[i].key);
		free(doc->fields[i].value);
	}
	free(doc->fields);
	free(doc->body);
	memset(doc, 0, sizeof(*doc));
}

const char *
kb_frontmatter__value(unsigned *line, const struct fm_doc *doc, const char *key)
{
	const struct kb_field *f = field_find(doc, key);

	if (f == NULL)
		return NULL;
	if (line)
		*line = f->line;
	return f->value;
}

void
kb_frontmatter__warn_unknown(struct fm_parse *p, const struct fm_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nfields; i++)
		if (!doc->fields[i].known)
			kb_frontmatter__report(p, KB_SEVERITY_WARNING,
			    doc->fields[i].line,
			    "unknown key '%s' (kept, but kb does not use it)",
			    doc->fields[i].key);
}

char *
kb_frontmatter__id_from_path(struct fm_parse *p, const char *path,
    const char *kind)
{
	char *id = NULL;

	if (kb_answer_id_from_path(&id, path) < 0) {
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, 0,
		    "%s files end in .md", kind);
		return xstrdup("");
	}
	if (!kb_answer_id_valid(id))
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, 0,
		    "invalid id '%s': ids are 1-64 characters of a-z, 0-9 "
		    "and '-', starting with a letter or digit", id);
	return id;
}
