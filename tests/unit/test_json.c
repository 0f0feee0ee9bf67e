/*
 * Unit tests for json.c (json.h): the JSON strings kb writes (the usage
 * ref's JSON lines, every --json output) and the flat objects it reads
 * back.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "helpers.h"
#include "json.h"
#include "utf8.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"

/* json_add_string(s) as a NUL-terminated string; caller frees. */
static char *
encode(const char *s)
{
	struct buf b = BUF_INIT;

	json_add_string(&b, s);
	return buf_detach(&b);
}

/* Bytes shown with C escapes, for failure messages. */
static const char *
shown(const char *s, char *out, size_t size)
{
	size_t o = 0;

	for (; s && *s && o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
	}
	out[o] = '\0';
	return s ? out : "(NULL)";
}

static void
expect_bytes(const char *got, const char *want, const char *what)
{
	char a[512], b[512];

	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("%s:\n  want %s\n  got  %s", what,
		    shown(want, a, sizeof(a)), shown(got, b, sizeof(b)));
}

/* --- json_add_string ------------------------------------------------------ */

struct enc_case {
	const char *name, *in, *want;
};

static void
json__string__escapes(void **state)
{
	static const struct enc_case cases[] = {
		{ "plain", "lost passport", "\"lost passport\"" },
		{ "empty", "", "\"\"" },
		{ "quote", "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "backslash", "C:\\dir\\", "\"C:\\\\dir\\\\\"" },
		{ "slash is not escaped", "a/b", "\"a/b\"" },
		{ "newline", "a\nb", "\"a\\nb\"" },
		{ "tab", "a\tb", "\"a\\tb\"" },
		{ "carriage return", "a\rb", "\"a\\u000db\"" },
		{ "backspace", "\b", "\"\\u0008\"" },
		{ "form feed", "\f", "\"\\u000c\"" },
		{ "SOH", "\x01", "\"\\u0001\"" },
		{ "ESC", "\x1b[31m", "\"\\u001b[31m\"" },
		{ "unit separator", "\x1f", "\"\\u001f\"" },
		{ "space is plain", " ", "\" \"" },
		{ "DEL", "a\x7f" "b", "\"a\\u007fb\"" },
		{ "tilde is plain", "~", "\"~\"" },
		{ "every escape at once", "\"\\\n\t\r\x7f",
		  "\"\\\"\\\\\\n\\t\\u000d\\u007f\"" },
		/* valid UTF-8 is kept as it is */
		{ "e acute", "caf\xC3\xA9", "\"caf\xC3\xA9\"" },
		{ "CJK", "\xE6\x8A\xA4\xE7\x85\xA7", "\"\xE6\x8A\xA4\xE7\x85\xA7\"" },
		{ "emoji", "\xF0\x9F\x98\x80!", "\"\xF0\x9F\x98\x80!\"" },
		{ "U+FFFD itself", FFFD, "\"" FFFD "\"" },
		/* controls that are valid UTF-8: escaped, never raw */
		{ "C1 U+0080", "\xC2\x80", "\"\\u0080\"" },
		{ "C1 NEL U+0085", "a\xC2\x85" "b", "\"a\\u0085b\"" },
		{ "C1 CSI U+009B", "\xC2\x9B" "2J", "\"\\u009b2J\"" },
		{ "C1 U+009F", "\xC2\x9F", "\"\\u009f\"" },
		{ "NBSP U+00A0 is plain", "\xC2\xA0", "\"\xC2\xA0\"" },
		{ "RLO U+202E", "\xE2\x80\xAE" "txt", "\"\\u202etxt\"" },
		{ "LRE U+202A", "\xE2\x80\xAA", "\"\\u202a\"" },
		{ "LRI U+2066", "\xE2\x81\xA6", "\"\\u2066\"" },
		{ "PDI U+2069", "\xE2\x81\xA9", "\"\\u2069\"" },
		{ "line separator U+2028", "\xE2\x80\xA8", "\"\\u2028\"" },
		{ "paragraph separator U+2029", "\xE2\x80\xA9",
		  "\"\\u2029\"" },
		{ "LRM U+200E is plain", "\xE2\x80\x8E", "\"\xE2\x80\x8E\"" },
		{ "max U+10FFFF", "\xF4\x8F\xBF\xBF", "\"\xF4\x8F\xBF\xBF\"" },
		/* invalid UTF-8: one U+FFFD per bad byte */
		{ "byte FF", "a\xFF" "b", "\"a" FFFD "b\"" },
		{ "lone continuation", "\x80", "\"" FFFD "\"" },
		{ "truncated 2-byte", "a\xC3", "\"a" FFFD "\"" },
		{ "2-byte lead then ASCII", "\xC3(", "\"" FFFD "(\"" },
		{ "truncated 3-byte", "\xE2\x82", "\"" FFFD FFFD "\"" },
		{ "truncated 4-byte emoji", "\xF0\x9F\x98", "\"" FFFD FFFD FFFD
		  "\"" },
		{ "overlong NUL", "\xC0\x80", "\"" FFFD FFFD "\"" },
		{ "overlong slash", "\xE0\x80\xAF", "\"" FFFD FFFD FFFD "\"" },
		{ "UTF-8 surrogate", "\xED\xA0\x80", "\"" FFFD FFFD FFFD "\"" },
		{ "past U+10FFFF", "\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD
		  "\"" },
		{ "Latin-1 e acute", "caf\xE9", "\"caf" FFFD "\"" },
		{ "raw C1 byte 0x9B", "\x9B" "31m", "\"" FFFD "31m\"" },
		{ "raw C1 byte 0x85", "a\x85", "\"a" FFFD "\"" },
		{ "bad byte before a quote", "\xFE\"", "\"" FFFD "\\\"\"" },
		{ "bad lead eats no escape", "\xC3\n", "\"" FFFD "\\n\"" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char *got = encode(cases[i].in);

		expect_bytes(got, cases[i].want, cases[i].name);
		if (!utf8_valid(got, strlen(got), NULL))
			fail_msg("%s: the output is not UTF-8", cases[i].name);
		free(got);
	}
}

static void
json__string__null(void **state)
{
	struct buf b = BUF_INIT;
	char *got;

	(void)state;
	got = encode(NULL);
	expect_bytes(got, "null", "NULL");
	free(got);
	/* It appends: what was in the buffer stays. */
	buf_adds(&b, "{\"a\":");
	json_add_string(&b, NULL);
	buf_addc(&b, ',');
	json_add_string(&b, "x");
	expect_bytes(buf_cstr(&b), "{\"a\":null,\"x\"", "appended");
	buf_free(&b);
}

/* Every ASCII character: controls and DEL escaped, nothing else. */
static void
json__string__every_ascii_byte(void **state)
{
	char in[2] = "", want[16], *got;
	int c;

	(void)state;
	for (c = 1; c < 0x80; c++) {
		in[0] = (char)c;
		if (c == '"' || c == '\\')
			snprintf(want, sizeof(want), "\"\\%c\"", c);
		else if (c == '\n')
			snprintf(want, sizeof(want), "\"\\n\"");
		else if (c == '\t')
			snprintf(want, sizeof(want), "\"\\t\"");
		else if (c < 0x20 || c == 0x7f)
			snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		else
			snprintf(want, sizeof(want), "\"%c\"", c);
		got = encode(in);
		if (strcmp(got, want) != 0)
			fail_msg("byte 0x%02x: got %s, want %s", c, got, want);
		free(got);
	}
}

/* --- json_parse_object: accepted ----------------------------------------- */

enum { F_S, F_N, F_Z, F_T, F_F, F_MISSING, NF };

static void
fields_init(struct json_field *f)
{
	static const char *const names[NF] = { "s", "n", "z", "t", "f",
	    "missing" };
	size_t i;

	for (i = 0; i < NF; i++) {
		memset(&f[i], 0, sizeof(f[i]));
		f[i].name = names[i];
	}
}

/* Parse text, which must be accepted. */
static void
parse_ok(const char *text, struct json_field *f)
{
	size_t where = 12345;
	int rc;

	fields_init(f);
	rc = json_parse_object(text, strlen(text), f, NF, &where);
	if (rc != 0)
		fail_msg("json_parse_object(%s) = %d (where %zu), want 0", text,
		    rc, where);
	assert_int_equal(where, strlen(text));
}

static void
json__parse__flat_object(void **state)
{
	struct json_field f[NF];

	(void)state;
	parse_ok("{\"s\":\"text\",\"n\":-42,\"z\":null,\"t\":true,\"f\":false}",
	    f);
	assert_int_equal(f[F_S].kind, JSON_STRING);
	assert_string_equal(f[F_S].text, "text");
	assert_int_equal(f[F_N].kind, JSON_NUMBER);
	assert_int_equal(f[F_N].number, -42);
	assert_null(f[F_N].text);
	assert_int_equal(f[F_Z].kind, JSON_NULL);
	assert_null(f[F_Z].text);
	assert_int_equal(f[F_T].kind, JSON_BOOL);
	assert_int_equal(f[F_F].kind, JSON_BOOL);
	assert_int_equal(f[F_MISSING].kind, JSON_ABSENT);
	assert_null(f[F_MISSING].text);
	json_fields_clear(f, NF);
	assert_null(f[F_S].text);
	assert_int_equal(f[F_S].kind, JSON_ABSENT);
	assert_int_equal(f[F_N].kind, JSON_ABSENT);

	/* Any order; zero; the empty string. */
	parse_ok("{\"n\":0,\"s\":\"\"}", f);
	assert_int_equal(f[F_N].kind, JSON_NUMBER);
	assert_int_equal(f[F_N].number, 0);
	assert_int_equal(f[F_S].kind, JSON_STRING);
	assert_string_equal(f[F_S].text, "");
	json_fields_clear(f, NF);

	/* Large integers, both signs. */
	parse_ok("{\"n\":1234567890123}", f);
	assert_true(f[F_N].number == 1234567890123LL);
	json_fields_clear(f, NF);
	parse_ok("{\"n\":-1234567890123}", f);
	assert_true(f[F_N].number == -1234567890123LL);
	json_fields_clear(f, NF);

	/* No fields wanted at all. */
	assert_int_equal(json_parse_object("{\"a\":1}", 7, NULL, 0, NULL), 0);
}

/*
 * Keys nobody asked for are skipped, whatever their value.  Run in a
 * child process (th_run_perturbed) with plain checks, on a stack first
 * filled with garbage: a value stored for a skipped key must not touch
 * memory the parser never set.
 */
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #cond); return 1; } } while (0)

/*
 * In a forked child: cmocka's handlers would catch a crash and run the
 * remaining tests there; let the child die, so the parent sees it.
 */
static void
default_signals(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
}

static int __attribute__((noinline))
paint_stack(void)
{
	volatile unsigned char junk[16384];
	size_t i;
	int sum = 0;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = 0xA5;
	for (i = 0; i < sizeof(junk); i += 4096)
		sum += junk[i];
	return sum;
}

static int
parse_painted(const char *text, struct json_field *f)
{
	fields_init(f);
	if (paint_stack() == 0)
		return -2;
	return json_parse_object(text, strlen(text), f, NF, NULL);
}

static int
unknown_keys_child(void *arg)
{
	struct json_field f[NF];

	(void)arg;
	default_signals();
	/* Keys nobody asked for, of every kind, before and after. */
	CHECK(parse_painted("{\"new\":\"x\",\"s\":\"kept\",\"other\":7,"
	    "\"more\":null,\"b\":true,\"esc\":\"\\u00e9\\n\\\"\",\"n\":3,"
	    "\"last\":false}", f) == 0);
	CHECK(f[F_S].kind == JSON_STRING && strcmp(f[F_S].text, "kept") == 0);
	CHECK(f[F_N].kind == JSON_NUMBER && f[F_N].number == 3);
	CHECK(f[F_Z].kind == JSON_ABSENT);
	json_fields_clear(f, NF);

	/* The first value a string for a key not wanted. */
	CHECK(parse_painted("{\"other\":\"x\"}", f) == 0);
	CHECK(f[F_S].kind == JSON_ABSENT && f[F_S].text == NULL);
	json_fields_clear(f, NF);

	/* Names are compared whole and case-sensitively. */
	CHECK(parse_painted("{\"S\":\"upper\",\"ss\":\"longer\","
	    "\" s\":\"space\"}", f) == 0);
	CHECK(f[F_S].kind == JSON_ABSENT && f[F_S].text == NULL);
	json_fields_clear(f, NF);

	/* A key given twice: the last value counts, nothing leaks. */
	CHECK(parse_painted("{\"s\":\"first\",\"s\":\"second\",\"n\":1,"
	    "\"n\":2}", f) == 0);
	CHECK(strcmp(f[F_S].text, "second") == 0 && f[F_N].number == 2);
	json_fields_clear(f, NF);
	return 0;
}

static void
json__parse__unknown_keys_skipped(void **state)
{
	int rc;

	(void)state;
	rc = th_run_perturbed(unknown_keys_child, NULL);
	if (rc != 0)
		fail_msg("unknown keys: %s", rc < 0 ? "the parser crashed" :
		    "wrong result (see above)");
}

struct str_case {
	const char *name, *json, *want;
};

static void
json__parse__string_escapes(void **state)
{
	static const struct str_case cases[] = {
		{ "short escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
		  "\"\\/\b\f\n\r\t" },
		{ "ASCII by number", "\"\\u0041\\u007a\"", "Az" },
		{ "control by number", "\"\\u0001\\u001f\\u007f\"",
		  "\x01\x1f\x7f" },
		{ "two bytes", "\"caf\\u00e9\"", "caf\xC3\xA9" },
		{ "upper-case hex", "\"\\u00E9\\u20AC\"", "\xC3\xA9\xE2\x82\xAC" },
		{ "three bytes", "\"\\u20ac\"", "\xE2\x82\xAC" },
		{ "U+FFFF", "\"\\uffff\"", "\xEF\xBF\xBF" },
		{ "surrogate pair", "\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80" },
		{ "surrogate pair upper", "\"\\uD83D\\uDE00\"",
		  "\xF0\x9F\x98\x80" },
		{ "U+10000", "\"\\ud800\\udc00\"", "\xF0\x90\x80\x80" },
		{ "U+10FFFF", "\"\\udbff\\udfff\"", "\xF4\x8F\xBF\xBF" },
		{ "lone high surrogate", "\"a\\ud83db\"", "a" FFFD "b" },
		{ "lone high at the end", "\"\\ud83d\"", FFFD },
		{ "lone low surrogate", "\"\\ude00\"", FFFD },
		{ "high then non-surrogate", "\"\\ud83d\\u0041\"", FFFD "A" },
		{ "high then high", "\"\\ud83d\\ud83d\\ude00\"",
		  FFFD "\xF0\x9F\x98\x80" },
		{ "high then other escape", "\"\\ud83d\\n\"", FFFD "\n" },
		{ "low then high", "\"\\ude00\\ud83d\"", FFFD FFFD },
		{ "raw UTF-8 kept", "\"\xE6\x8A\xA4\xE7\x85\xA7 \xF0\x9F\x98\x80\"",
		  "\xE6\x8A\xA4\xE7\x85\xA7 \xF0\x9F\x98\x80" },
		{ "raw DEL allowed", "\"a\x7f" "b\"", "a\x7f" "b" },
		{ "escaped quote then more", "\"a\\\"b\\\\\"", "a\"b\\" },
	};
	struct json_field f[NF];
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		snprintf(text, sizeof(text), "{\"s\":%s}", cases[i].json);
		parse_ok(text, f);
		assert_int_equal(f[F_S].kind, JSON_STRING);
		expect_bytes(f[F_S].text, cases[i].want, cases[i].name);
		json_fields_clear(f, NF);
	}
	/* Escapes in keys too. */
	parse_ok("{\"\\u0073\":\"by escape\",\"\\u006e\":5}", f);
	assert_string_equal(f[F_S].text, "by escape");
	assert_int_equal(f[F_N].number, 5);
	json_fields_clear(f, NF);
}

static void
json__parse__whitespace_and_empty(void **state)
{
	static const char *const empty[] = { "{}", " { } ", "\t{\r\n}\n",
	    "\n\n{}\t" };
	struct json_field f[NF];
	size_t i;

	(void)state;
	parse_ok(" \t\r\n{ \"s\" :\t\"x\" ,\n\"n\"\r: 7 ,\"z\" : null\t}\r\n ",
	    f);
	assert_string_equal(f[F_S].text, "x");
	assert_int_equal(f[F_N].number, 7);
	assert_int_equal(f[F_Z].kind, JSON_NULL);
	json_fields_clear(f, NF);

	for (i = 0; i < NITEMS(empty); i++) {
		size_t k;

		parse_ok(empty[i], f);
		for (k = 0; k < NF; k++) {
			assert_int_equal(f[k].kind, JSON_ABSENT);
			assert_null(f[k].text);
		}
	}
}

/* Only s[0..len) is read: no NUL needed, what follows is not looked at. */
static void
json__parse__length_bounds(void **state)
{
	static const char text[] = "{\"s\":\"abc\"}{\"s\":\"def\"} trailing";
	struct json_field f[NF];
	char *copy;
	size_t where;

	(void)state;
	fields_init(f);
	assert_int_equal(json_parse_object(text, 11, f, NF, &where), 0);
	assert_int_equal(where, 11);
	assert_string_equal(f[F_S].text, "abc");
	json_fields_clear(f, NF);

	/* Exactly the bytes of the object, in a buffer of that size. */
	copy = malloc(11);
	assert_non_null(copy);
	memcpy(copy, text, 11);
	fields_init(f);
	assert_int_equal(json_parse_object(copy, 11, f, NF, &where), 0);
	assert_string_equal(f[F_S].text, "abc");
	json_fields_clear(f, NF);
	/* Cut anywhere before its end: not an object, never read past. */
	for (where = 0; where < 11; where++) {
		size_t w = 999;

		fields_init(f);
		if (json_parse_object(copy, where, f, NF, &w) != -1)
			fail_msg("the first %zu bytes parsed as an object",
			    where);
		assert_true(w <= where);
		json_fields_clear(f, NF);
	}
	free(copy);
}

/* --- json_parse_object: refused ------------------------------------------ */

struct bad_case {
	const char *name, *text;
	size_t where;		/* the offset of the problem */
};

static void
expect_refused(const struct bad_case *c)
{
	struct json_field f[NF];
	size_t where = 99999;
	int rc;

	fields_init(f);
	rc = json_parse_object(c->text, strlen(c->text), f, NF, &where);
	json_fields_clear(f, NF);
	if (rc != -1)
		fail_msg("%s: json_parse_object(%s) = %d, want -1", c->name,
		    c->text, rc);
	if (where != c->where)
		fail_msg("%s: %s refused at offset %zu, want %zu", c->name,
		    c->text, where, c->where);
}

static void
json__parse__refused(void **state)
{
	static const struct bad_case cases[] = {
		{ "empty input", "", 0 },
		{ "only space", "   ", 3 },
		{ "unterminated object", "{", 1 },
		{ "no closing brace", "{\"s\":1", 6 },
		{ "no closing brace after comma", "{\"s\":1,", 7 },
		{ "nested object", "{\"s\":{\"a\":1}}", 5 },
		{ "nested array", "{\"s\":[1,2]}", 5 },
		{ "nested in an unknown key", "{\"other\":{}}", 9 },
		{ "array in an unknown key", "{\"other\":[]}", 9 },
		{ "trailing garbage", "{\"s\":1} x", 8 },
		{ "two objects", "{\"s\":1}{}", 7 },
		{ "trailing comma", "{\"s\":1,}", 7 },
		{ "missing comma", "{\"s\":1 \"n\":2}", 7 },
		{ "missing value", "{\"s\":}", 5 },
		{ "unquoted key", "{s:1}", 1 },
		{ "single quotes", "{'s':1}", 1 },
		{ "number as key", "{1:1}", 1 },
		{ "unterminated string", "{\"s\":\"abc", 9 },
		{ "unterminated key", "{\"s", 3 },
		{ "string ends in backslash", "{\"s\":\"abc\\", 10 },
		{ "raw newline in a string", "{\"s\":\"a\nb\"}", 7 },
		{ "raw tab in a string", "{\"s\":\"a\tb\"}", 7 },
		{ "raw control in a string", "{\"s\":\"\x01\"}", 6 },
		{ "raw control in a key", "{\"\x1f\":1}", 2 },
		{ "unknown escape", "{\"s\":\"\\x41\"}", 7 },
		{ "escaped apostrophe", "{\"s\":\"\\'\"}", 7 },
		{ "short unicode escape", "{\"s\":\"\\u12\"}", 10 },
		{ "bad hex digit", "{\"s\":\"\\u12g4\"}", 10 },
		{ "unicode escape cut", "{\"s\":\"\\u00", 8 },
		{ "fraction", "{\"n\":1.5}", 6 },
		{ "exponent", "{\"n\":1e5}", 6 },
		{ "fraction without integer", "{\"n\":.5}", 5 },
		{ "plus sign", "{\"n\":+1}", 5 },
		{ "minus alone", "{\"n\":-}", 6 },
		{ "hex number", "{\"n\":0x10}", 6 },
		{ "misspelt true", "{\"t\":tru}", 5 },
		{ "capital True", "{\"t\":True}", 5 },
		{ "word glued to null", "{\"z\":nullx}", 9 },
		{ "bare word", "{\"s\":abc}", 5 },
		{ "NaN", "{\"n\":NaN}", 5 },
		{ "overflow", "{\"n\":99999999999999999999}", 23 },
		{ "overflow by one", "{\"n\":9223372036854775808}", 23 },
		{ "negative overflow", "{\"n\":-99999999999999999999}", 24 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		expect_refused(&cases[i]);
}

/*
 * json.h: "*where is then the byte offset of the problem".  A missing
 * ':' is at the byte where the colon should be.
 */
static void
json__parse__where_missing_colon(void **state)
{
	static const struct bad_case cases[] = {
		{ "missing colon", "{\"s\" 1}", 5 },
		{ "colon replaced", "{\"s\";1}", 4 },
		{ "key without value", "{\"s\":1,\"n\"}", 10 },
		{ "not an object", "[1]", 0 },
		{ "top-level string", "\"s\"", 0 },
		{ "not an object after space", "  x", 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		expect_refused(&cases[i]);
}

/*
 * Integers are whatever a long long holds.  (The check against
 * overflow must not refuse the largest ones.)
 */
static void
json__parse__int64_limits(void **state)
{
	static const struct {
		const char *text;
		long long want;
	} ok[] = {
		{ "{\"n\":9223372036854775799}", 9223372036854775799LL },
		{ "{\"n\":-9223372036854775799}", -9223372036854775799LL },
		{ "{\"n\":9223372036854775800}", 9223372036854775800LL },
		{ "{\"n\":9223372036854775807}", INT64_MAX },
		{ "{\"n\":-9223372036854775807}", -INT64_MAX },
	};
	struct json_field f[NF];
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(ok); i++) {
		parse_ok(ok[i].text, f);
		assert_int_equal(f[F_N].kind, JSON_NUMBER);
		if (f[F_N].number != ok[i].want)
			fail_msg("%s: got %lld", ok[i].text, f[F_N].number);
		json_fields_clear(f, NF);
	}
}

/* On failure the fields filled so far are kept: the caller clears them. */
static void
json__parse__fields_after_failure(void **state)
{
	static const char text[] = "{\"s\":\"kept\",\"n\":4,\"z\":[";
	struct json_field f[NF];
	size_t where;

	(void)state;
	fields_init(f);
	assert_int_equal(json_parse_object(text, strlen(text), f, NF, &where),
	    -1);
	assert_int_equal(where, strlen(text) - 1);
	assert_int_equal(f[F_S].kind, JSON_STRING);
	assert_string_equal(f[F_S].text, "kept");
	assert_int_equal(f[F_N].number, 4);
	json_fields_clear(f, NF);
	assert_null(f[F_S].text);
	assert_int_equal(f[F_S].kind, JSON_ABSENT);
	assert_int_equal(f[F_N].kind, JSON_ABSENT);
	/* Clearing twice, or fields never filled, is harmless. */
	json_fields_clear(f, NF);
	/* where may be NULL. */
	fields_init(f);
	assert_int_equal(json_parse_object("{x", 2, f, NF, NULL), -1);
	json_fields_clear(f, NF);
}

/* --- writing, then reading back ------------------------------------------ */

/* {"s": <json_add_string(in)>} parsed back; caller frees. */
static char *
round_trip(const char *in)
{
	struct buf b = BUF_INIT;
	struct json_field f[NF];
	size_t where;
	char *out;

	buf_adds(&b, "{\"n\":1,\"s\":");
	json_add_string(&b, in);
	buf_adds(&b, ",\"z\":null}");
	fields_init(f);
	if (json_parse_object(b.data, b.len, f, NF, &where) != 0)
		fail_msg("what json_add_string wrote does not parse (offset "
		    "%zu): %s", where, b.data);
	assert_int_equal(f[F_S].kind, JSON_STRING);
	out = f[F_S].text;
	f[F_S].text = NULL;
	json_fields_clear(f, NF);
	buf_free(&b);
	return out;
}

static void
json__round_trip__tricky_strings(void **state)
{
	static const char *const same[] = {
		"", "plain", "\"", "\\", "\\\"", "\"\\\"", "/", "\\u0041",
		"a\nb\r\nc\td", "\x01\x02\x03\x1e\x1f\x7f", "\b\f",
		"{\"s\":\"nested\"}", "[1,2]", "} , {", "null", "true",
		"caf\xC3\xA9 \xE6\x8A\xA4\xE7\x85\xA7 \xF0\x9F\x98\x80",
		"\xE2\x80\xA8\xE2\x80\xA9", ("\xEF\xBB\xBF" "BOM"), FFFD,
		"\xC2\x85\xC2\x9F", "\xF4\x8F\xBF\xBF",
		"query with \"quotes\", a \\backslash\\ and\nnewline\x1b[0m",
	};
	static const struct enc_case changed[] = {
		{ "Latin-1", "caf\xE9", "caf" FFFD },
		{ "bytes FE FF", "\xFE\xFF", FFFD FFFD },
		{ "truncated emoji then quote", "\xF0\x9F\x98\"",
		  FFFD FFFD FFFD "\"" },
		{ "UTF-8 surrogate", "a\xED\xB2\x80z", "a" FFFD FFFD FFFD "z" },
		{ "overlong", "\xC1\xBF\\", FFFD FFFD "\\" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(same); i++) {
		char *got = round_trip(same[i]);

		expect_bytes(got, same[i], "round trip");
		free(got);
	}
	for (i = 0; i < NITEMS(changed); i++) {
		char *got = round_trip(changed[i].in);

		expect_bytes(got, changed[i].want, changed[i].name);
		free(got);
	}
}

/*
 * Random byte strings (a fixed seed): what is written always parses,
 * comes back as valid UTF-8, and unchanged when it was valid UTF-8.
 */
static void
json__round_trip__random_bytes(void **state)
{
	unsigned long seed = 12345;
	char in[64];
	int i, k;

	(void)state;
	for (i = 0; i < 5000; i++) {
		int len = (int)(seed % 40);
		char *got;

		for (k = 0; k < len; k++) {
			seed = seed * 1103515245UL + 12345UL;
			/* Mostly ASCII, sometimes high bytes, never NUL. */
			in[k] = (char)((seed >> 16) % 4 == 0 ?
			    0x80 + (seed >> 8) % 0x80 : 1 + (seed >> 8) % 0x7f);
		}
		in[len] = '\0';
		seed = seed * 1103515245UL + 12345UL;
		got = round_trip(in);
		if (!utf8_valid(got, strlen(got), NULL))
			fail_msg("string %d came back as invalid UTF-8", i);
		if (utf8_valid(in, (size_t)len, NULL))
			expect_bytes(got, in, "valid UTF-8 round trip");
		free(got);
	}
}

/*
 * What a JSON string may hold when shown raw on a terminal: valid UTF-8,
 * no byte below 0x20, no DEL, no C1 or bidirectional control, no NUL
 * before its end.
 */
static void
expect_safe_json(const char *got, size_t len, const char *what)
{
	size_t i = 0;

	if (strlen(got) != len)
		fail_msg("%s: a NUL inside the output", what);
	if (!utf8_valid(got, len, NULL))
		fail_msg("%s: the output is not UTF-8", what);
	while (i < len) {
		uint32_t cp;

		i += utf8_decode(got + i, len - i, &cp);
		if (utf8_is_unsafe(cp) || cp == 0x2028 || cp == 0x2029)
			fail_msg("%s: U+%04X raw in the output", what,
			    (unsigned)cp);
	}
}

/* Every byte value, alone, as a lead before 0x80 and before 0x9B. */
static void
json__string__every_byte_pair_safe(void **state)
{
	unsigned v;

	(void)state;
	for (v = 0x100; v < 0x10000; v++) {
		char in[4] = { (char)(v >> 8), (char)v, (char)0x9B, '\0' };
		struct buf b = BUF_INIT;

		if ((v & 0xFF) == 0)
			continue;	/* a C string ends at NUL */
		json_add_string(&b, in);
		expect_safe_json(buf_cstr(&b), b.len, "byte pair");
		buf_free(&b);
	}
}

/* Every code point from U+0001 to U+10FFFF but surrogates, and back. */
static void
json__string__every_code_point(void **state)
{
	uint32_t cp;

	(void)state;
	for (cp = 1; cp <= 0x10FFFF; cp++) {
		struct buf in = BUF_INIT, out = BUF_INIT;
		struct json_field f = { "s", NULL, 0, JSON_ABSENT };

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		utf8_encode(&in, cp);
		buf_adds(&out, "{\"s\":");
		json_add_string(&out, buf_cstr(&in));
		buf_addc(&out, '}');
		expect_safe_json(buf_cstr(&out), out.len, "code point");
		if (json_parse_object(buf_cstr(&out), out.len, &f, 1,
		    NULL) < 0 || f.text == NULL ||
		    strcmp(f.text, buf_cstr(&in)) != 0)
			fail_msg("U+%04X does not come back", (unsigned)cp);
		json_fields_clear(&f, 1);
		buf_free(&in);
		buf_free(&out);
	}
}

/*
 * A long string of every kind of input: written in one piece (no
 * truncation, no NUL), safe, and read back to what the sanitised input
 * says for each kept character.
 */
static void
json__string__long(void **state)
{
	static const char piece[] = "plain \"q\" \\ \n\t\x1b[2J\x7f"
	    "\xC2\x9B\xC2\x85\xE2\x80\xAE\xFF\xC3" "caf\xC3\xA9 \xE6\xBC\xA2 ";
	size_t n = 20000, i, len = (sizeof(piece) - 1) * n;
	struct json_field f = { "s", NULL, 0, JSON_ABSENT };
	struct buf out = BUF_INIT;
	char *in = malloc(len + 1);

	(void)state;
	assert_non_null(in);
	for (i = 0; i < n; i++)
		memcpy(in + i * (sizeof(piece) - 1), piece, sizeof(piece) - 1);
	in[len] = '\0';
	buf_adds(&out, "{\"s\":");
	json_add_string(&out, in);
	buf_addc(&out, '}');
	expect_safe_json(buf_cstr(&out), out.len, "long string");
	assert_int_equal(json_parse_object(buf_cstr(&out), out.len, &f, 1,
	    NULL), 0);
	/* Each piece comes back whole: 2 invalid bytes are 2 U+FFFD. */
	assert_int_equal(strlen(f.text), n * (sizeof(piece) - 1 + 2 * 2));
	assert_non_null(strstr(f.text, "\x1b[2J\x7f\xC2\x9B\xC2\x85"
	    "\xE2\x80\xAE" FFFD FFFD "caf\xC3\xA9"));
	json_fields_clear(&f, 1);
	buf_free(&out);
	free(in);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json__string__escapes),
		cmocka_unit_test(json__string__null),
		cmocka_unit_test(json__string__every_ascii_byte),
		cmocka_unit_test(json__string__every_byte_pair_safe),
		cmocka_unit_test(json__string__every_code_point),
		cmocka_unit_test(json__string__long),
		cmocka_unit_test(json__parse__flat_object),
		cmocka_unit_test(json__parse__unknown_keys_skipped),
		cmocka_unit_test(json__parse__string_escapes),
		cmocka_unit_test(json__parse__whitespace_and_empty),
		cmocka_unit_test(json__parse__length_bounds),
		cmocka_unit_test(json__parse__refused),
		cmocka_unit_test(json__parse__where_missing_colon),
		cmocka_unit_test(json__parse__int64_limits),
		cmocka_unit_test(json__parse__fields_after_failure),
		cmocka_unit_test(json__round_trip__tricky_strings),
		cmocka_unit_test(json__round_trip__random_bytes),
	};

	th_env_setup();
	return th_run(argc, argv, "json", tests, NULL, NULL);
}
