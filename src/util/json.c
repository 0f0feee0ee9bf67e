/* JSON strings and flat objects (json.h). */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/*
 * Characters written as \uXXXX: every control (C0, DEL, C1) and
 * bidirectional control, so that a document shown raw on a terminal is
 * safe, and the line and paragraph separators, which JavaScript reads as
 * line ends.
 */
static int
escaped(uint32_t cp)
{
	return utf8_is_unsafe(cp) || cp == 0x2028 || cp == 0x2029;
}

void
json_add_string(struct buf *b, const char *s)
{
	size_t i = 0, len, n;
	uint32_t cp;

	if (s == NULL) {
		buf_adds(b, "null");
		return;
	}
	len = strlen(s);
	buf_addc(b, '"');
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == '"' || cp == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)cp);
		} else if (cp == '\n')
			buf_adds(b, "\\n");
		else if (cp == '\t')
			buf_adds(b, "\\t");
		else if (escaped(cp))
			buf_addf(b, "\\u%04x", (unsigned)cp);
		else if (cp == UTF8_REPLACEMENT)
			utf8_encode(b, UTF8_REPLACEMENT);	/* maybe not UTF-8 */
		else
			buf_add(b, s + i, n);
		i += n;
	}
	buf_addc(b, '"');
}

struct cursor {
	const char *s, *end;
};

static void
skip_space(struct cursor *c)
{
	while (c->s < c->end && (*c->s == ' ' || *c->s == '\t' ||
	    *c->s == '\r' || *c->s == '\n'))
		c->s++;
}

static int
hex4(struct cursor *c, uint32_t *out)
{
	int i;

	*out = 0;
	if (c->end - c->s < 4)
		return -1;
	for (i = 0; i < 4; i++, c->s++) {
		char h = *c->s;
		int v = h >= '0' && h <= '9' ? h - '0' :
		    h >= 'a' && h <= 'f' ? h - 'a' + 10 :
		    h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;

		if (v < 0)
			return -1;
		*out = *out << 4 | (uint32_t)v;
	}
	return 0;
}

/* \uXXXX, with a surrogate pair joined; a lone surrogate is U+FFFD. */
static int
unicode_escape(struct cursor *c, struct buf *b)
{
	uint32_t cp, lo;

	if (hex4(c, &cp) < 0 || cp == 0)
		return -1;	/* \u0000 would cut the C string short */
	if (cp >= 0xD800 && cp < 0xDC00 && c->end - c->s >= 6 &&
	    c->s[0] == '\\' && c->s[1] == 'u') {
		struct cursor save = *c;

		c->s += 2;
		if (hex4(c, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000)
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		else
			*c = save;
	}
	if (cp >= 0xD800 && cp < 0xE000)
		cp = 0xFFFD;
	utf8_encode(b, cp);
	return 0;
}

static int
parse_string(struct cursor *c, struct buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";

	if (c->s >= c->end || *c->s != '"')
		return -1;
	c->s++;
	while (c->s < c->end && *c->s != '"') {
		const char *e;

		if ((unsigned char)*c->s < 0x20)
			return -1;
		if (*c->s != '\\') {
			buf_addc(b, *c->s++);
			continue;
		}
		if (++c->s >= c->end)
			return -1;
		if (*c->s == 'u') {
			c->s++;
			if (unicode_escape(c, b) < 0)
				return -1;
		} else if ((e = strchr(from, *c->s)) != NULL && *c->s) {
			buf_addc(b, to[e - from]);
			c->s++;
		} else
			return -1;
	}
	if (c->s >= c->end)
		return -1;
	c->s++;
	return 0;
}

static int
word(struct cursor *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->s) < n || memcmp(c->s, w, n) != 0)
		return 0;
	c->s += n;
	return 1;
}

static int
parse_number(struct cursor *c, long long *out)
{
	int neg = 0, digits = 0;
	long long v = 0;

	if (c->s < c->end && *c->s == '-') {
		neg = 1;
		c->s++;
	}
	while (c->s < c->end && *c->s >= '0' && *c->s <= '9') {
		int d = *c->s - '0';

		if (v > (INT64_MAX - d) / 10)
			return -1;	/* *where: the digit too many */
		c->s++;
		v = v * 10 + d;
		digits++;
	}
	*out = neg ? -v : v;
	return digits ? 0 : -1;
}

/* One value, stored in `f` when the key is wanted (f may be NULL). */
static int
parse_value(struct cursor *c, struct json_field *f)
{
	struct json_field scratch = { NULL, NULL, 0, JSON_ABSENT };
	struct buf b = BUF_INIT;

	if (f == NULL)
		f = &scratch;
	if (c->s < c->end && *c->s == '"') {
		if (parse_string(c, &b) < 0) {
			buf_free(&b);
			return -1;
		}
		free(f->text);
		f->text = f == &scratch ? (buf_free(&b), NULL) :
		    buf_detach(&b);
		f->kind = JSON_STRING;
		return 0;
	}
	if (word(c, "null"))
		f->kind = JSON_NULL;
	else if (word(c, "true") || word(c, "false"))
		f->kind = JSON_BOOL;
	else if (parse_number(c, &f->number) == 0)
		f->kind = JSON_NUMBER;
	else
		return -1;
	return 0;
}

static struct json_field *
wanted(struct json_field *fields, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

int
json_parse_object(const char *s, size_t len, struct json_field *fields,
    size_t nfields, size_t *where)
{
	struct cursor c = { s, s + len };
	struct buf key = BUF_INIT;
	int rc = -1;

	skip_space(&c);
	if (c.s >= c.end || *c.s != '{')
		goto done;
	c.s++;
	skip_space(&c);
	if (c.s < c.end && *c.s == '}') {
		c.s++;
		rc = 0;
		goto trailing;
	}
	for (;;) {
		buf_truncate(&key, 0);
		skip_space(&c);
		if (parse_string(&c, &key) < 0)
			goto done;
		skip_space(&c);
		if (c.s >= c.end || *c.s != ':')
			goto done;
		c.s++;
		skip_space(&c);
		if (parse_value(&c, wanted(fields, nfields,
		    buf_cstr(&key))) < 0)
			goto done;
		skip_space(&c);
		if (c.s < c.end && *c.s == ',') {
			c.s++;
			continue;
		}
		if (c.s < c.end && *c.s == '}') {
			c.s++;
			rc = 0;
			break;
		}
		goto done;
	}
trailing:
	skip_space(&c);
	if (c.s != c.end)
		rc = -1;
done:
	buf_free(&key);
	if (where)
		*where = (size_t)(c.s - s);
	return rc;
}

void
json_fields_clear(struct json_field *fields, size_t nfields)
{
	size_t i;

	for (i = 0; i < nfields; i++) {
		free(fields[i].text);
		fields[i].text = NULL;
		fields[i].kind = JSON_ABSENT;
	}
}
