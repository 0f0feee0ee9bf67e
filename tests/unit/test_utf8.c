/* Unit tests for utf8.c: decoding, display widths and sanitising. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "helpers.h"
#include "utf8.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"

struct decode_case {
	const char *name;
	const char *bytes;
	size_t len;
	uint32_t cp;
	size_t used;
};

static void
utf8__decode__table(void **state)
{
	static const struct decode_case cases[] = {
		/* valid */
		{ "ascii", "A", 1, 'A', 1 },
		{ "ascii followed by more", "Ab", 2, 'A', 1 },
		{ "NUL byte", "\0", 1, 0, 1 },
		{ "DEL", "\x7F", 1, 0x7F, 1 },
		{ "2 bytes min U+0080", "\xC2\x80", 2, 0x80, 2 },
		{ "2 bytes e-acute", "\xC3\xA9", 2, 0xE9, 2 },
		{ "2 bytes max U+07FF", "\xDF\xBF", 2, 0x7FF, 2 },
		{ "3 bytes min U+0800", "\xE0\xA0\x80", 3, 0x800, 3 },
		{ "3 bytes euro", "\xE2\x82\xAC", 3, 0x20AC, 3 },
		{ "3 bytes CJK", "\xE8\xAD\xB7", 3, 0x8B77, 3 },
		{ "3 bytes before surrogates", "\xED\x9F\xBF", 3, 0xD7FF, 3 },
		{ "3 bytes after surrogates", "\xEE\x80\x80", 3, 0xE000, 3 },
		{ "U+FFFD itself is valid", FFFD, 3, 0xFFFD, 3 },
		{ "3 bytes max U+FFFF", "\xEF\xBF\xBF", 3, 0xFFFF, 3 },
		{ "4 bytes min U+10000", "\xF0\x90\x80\x80", 4, 0x10000, 4 },
		{ "4 bytes emoji", "\xF0\x9F\x98\x80", 4, 0x1F600, 4 },
		{ "4 bytes max U+10FFFF", "\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4 },
		/* invalid: one byte consumed, U+FFFD */
		{ "lone continuation", "\x80", 1, 0xFFFD, 1 },
		{ "lone continuation BF", "\xBF", 1, 0xFFFD, 1 },
		{ "overlong NUL C0 80", "\xC0\x80", 2, 0xFFFD, 1 },
		{ "overlong C1 BF", "\xC1\xBF", 2, 0xFFFD, 1 },
		{ "overlong 3 bytes E0 80 80", "\xE0\x80\x80", 3, 0xFFFD, 1 },
		{ "overlong 3 bytes E0 9F BF", "\xE0\x9F\xBF", 3, 0xFFFD, 1 },
		{ "overlong 4 bytes F0 80 80 80", "\xF0\x80\x80\x80", 4, 0xFFFD,
		  1 },
		{ "overlong 4 bytes F0 8F BF BF", "\xF0\x8F\xBF\xBF", 4, 0xFFFD,
		  1 },
		{ "surrogate D800", "\xED\xA0\x80", 3, 0xFFFD, 1 },
		{ "surrogate DBFF", "\xED\xAF\xBF", 3, 0xFFFD, 1 },
		{ "surrogate DC00", "\xED\xB0\x80", 3, 0xFFFD, 1 },
		{ "surrogate DFFF", "\xED\xBF\xBF", 3, 0xFFFD, 1 },
		{ "above U+10FFFF", "\xF4\x90\x80\x80", 4, 0xFFFD, 1 },
		{ "lead F5", "\xF5\x80\x80\x80", 4, 0xFFFD, 1 },
		{ "lead F8 (5 bytes)", "\xF8\x88\x80\x80\x80", 5, 0xFFFD, 1 },
		{ "lead FE", "\xFE", 1, 0xFFFD, 1 },
		{ "lead FF", "\xFF", 1, 0xFFFD, 1 },
		{ "truncated 2 of 3", "\xE2\x82", 2, 0xFFFD, 1 },
		{ "truncated 1 of 2", "\xC3", 1, 0xFFFD, 1 },
		{ "truncated 3 of 4", "\xF0\x9F\x98", 3, 0xFFFD, 1 },
		{ "truncated by len", "\xE2\x82\xAC", 2, 0xFFFD, 1 },
		{ "bad continuation (ASCII)", "\xC3" "A", 2, 0xFFFD, 1 },
		{ "bad continuation (lead)", "\xE2\xC3\xA9", 3, 0xFFFD, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		uint32_t cp = 0x12345;
		size_t used = utf8_decode(cases[i].bytes, cases[i].len, &cp);

		if (cp != cases[i].cp || used != cases[i].used)
			fail_msg("%s: got U+%04X/%zu, want U+%04X/%zu",
			    cases[i].name, (unsigned)cp, used,
			    (unsigned)cases[i].cp, cases[i].used);
	}
}

static void
utf8__decode__empty_input(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(utf8_decode("", 0, &cp), 0);
	assert_int_equal(cp, UTF8_REPLACEMENT);
}

/* Whatever the bytes, decoding walks forward and never past the end. */
static void
utf8__decode__always_progresses(void **state)
{
	unsigned char bytes[4];
	unsigned v;

	(void)state;
	for (v = 0; v < 0x10000; v++) {
		size_t len, used;
		uint32_t cp;

		bytes[0] = (unsigned char)(v >> 8);
		bytes[1] = (unsigned char)v;
		bytes[2] = 0x80;
		bytes[3] = 0x80;
		for (len = 1; len <= 4; len++) {
			used = utf8_decode((const char *)bytes, len, &cp);
			if (used < 1 || used > len)
				fail_msg("%02X %02X len %zu: used %zu", bytes[0],
				    bytes[1], len, used);
			if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
				fail_msg("%02X %02X: bad code point U+%X",
				    bytes[0], bytes[1], (unsigned)cp);
		}
	}
}

static void
utf8__encode__round_trip(void **state)
{
	static const uint32_t cps[] = { 0x0, 0x41, 0x7F, 0x80, 0xE9, 0x7FF,
	    0x800, 0x20AC, 0x8B77, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000,
	    0x1F600, 0x10FFFF };
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cps); i++) {
		struct buf b = BUF_INIT;
		uint32_t cp = 0xFFFFFFFF;
		size_t used;

		utf8_encode(&b, cps[i]);
		used = utf8_decode(b.data, b.len, &cp);
		if (cp != cps[i] || used != b.len)
			fail_msg("U+%04X: encoded %zu bytes, decoded U+%04X/%zu",
			    (unsigned)cps[i], b.len, (unsigned)cp, used);
		buf_free(&b);
	}
}

struct valid_case {
	const char *bytes;
	size_t len;
	int valid;
	size_t bad;
};

static void
utf8__valid__table(void **state)
{
	static const struct valid_case cases[] = {
		{ "", 0, 1, 0 },
		{ "plain ascii", 11, 1, 0 },
		{ "caf\xC3\xA9 \xE8\xAD\xB7\xE7\x85\xA7 \xF0\x9F\x98\x80", 17,
		  1, 0 },
		{ "abc\xFF", 4, 0, 3 },
		{ "\x80" "abc", 4, 0, 0 },
		{ "ab\xC3\xA9\xC0\x80", 6, 0, 4 },
		{ "ab\xED\xA0\x80", 5, 0, 2 },
		{ "abc\xE2\x82", 5, 0, 3 },
		{ "a\0b", 3, 1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		size_t bad = 999;
		int valid = utf8_valid(cases[i].bytes, cases[i].len, &bad);

		if (valid != cases[i].valid)
			fail_msg("case %zu: valid %d, want %d", i, valid,
			    cases[i].valid);
		if (!valid && bad != cases[i].bad)
			fail_msg("case %zu: bad byte at %zu, want %zu", i, bad,
			    cases[i].bad);
	}
	/* `bad` may be NULL. */
	assert_int_equal(utf8_valid("\xFF", 1, NULL), 0);
}

struct width_case {
	const char *name;
	uint32_t cp;
	int width;
};

static void
utf8__char_width__table(void **state)
{
	static const struct width_case cases[] = {
		{ "ASCII letter", 'A', 1 },
		{ "ASCII space", ' ', 1 },
		{ "tilde", '~', 1 },
		{ "e acute", 0xE9, 1 },
		{ "n tilde", 0xF1, 1 },
		{ "euro sign", 0x20AC, 1 },
		{ "Greek alpha", 0x3B1, 1 },
		{ "Cyrillic be", 0x431, 1 },
		{ "combining acute", 0x301, 0 },
		{ "combining grave", 0x300, 0 },
		{ "combining tilde overlay", 0x36F, 0 },
		{ "zero width space", 0x200B, 0 },
		{ "zero width joiner", 0x200D, 0 },
		{ "variation selector 16", 0xFE0F, 0 },
		{ "skin tone modifier", 0x1F3FB, 0 },
		{ "Hangul jamo", 0x1100, 2 },
		{ "CJK unified first", 0x4E00, 2 },
		{ "CJK (hu)", 0x8B77, 2 },
		{ "CJK (zhao)", 0x7167, 2 },
		{ "CJK unified last", 0x9FFF, 2 },
		{ "Hiragana a", 0x3042, 2 },
		{ "Katakana a", 0x30A2, 2 },
		{ "ideographic space", 0x3000, 2 },
		{ "Hangul syllable", 0xAC00, 2 },
		{ "fullwidth exclamation", 0xFF01, 2 },
		{ "CJK extension B", 0x20000, 2 },
		{ "emoji grinning face", 0x1F600, 2 },
		{ "emoji rocket", 0x1F680, 2 },
		{ "emoji watch", 0x231A, 2 },
		{ "emoji thumbs up", 0x1F44D, 2 },
		{ "halfwidth katakana", 0xFF71, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		int w = utf8_char_width(cases[i].cp);

		if (w != cases[i].width)
			fail_msg("%s (U+%04X): width %d, want %d", cases[i].name,
			    (unsigned)cases[i].cp, w, cases[i].width);
	}
}

struct str_width_case {
	const char *s;
	size_t width;
};

static void
utf8__width__strings(void **state)
{
	static const struct str_width_case cases[] = {
		{ "", 0 },
		{ "hello", 5 },
		{ "caf\xC3\xA9", 4 },
		{ "cafe\xCC\x81", 4 },			/* decomposed e-acute */
		{ "\xE8\xAD\xB7\xE7\x85\xA7", 4 },	/* two CJK */
		{ "a\xE8\xAD\xB7" "b", 4 },
		{ "\xF0\x9F\x98\x80!", 3 },
		{ "\xFF", 1 },				/* U+FFFD is narrow */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		size_t w = utf8_width(cases[i].s, strlen(cases[i].s));

		if (w != cases[i].width)
			fail_msg("'%s': width %zu, want %zu", cases[i].s, w,
			    cases[i].width);
		assert_int_equal(utf8_strwidth(cases[i].s), w);
	}
}

struct fit_case {
	const char *s;
	size_t columns;
	size_t bytes;		/* of the prefix that fits */
	size_t width;		/* its columns */
};

static void
utf8__fit__never_splits_a_character(void **state)
{
	static const struct fit_case cases[] = {
		{ "hello", 10, 5, 5 },
		{ "hello", 3, 3, 3 },
		{ "hello", 0, 0, 0 },
		{ "caf\xC3\xA9!", 4, 5, 4 },
		{ "a\xE8\xAD\xB7" "b", 2, 1, 1 },	/* a wide one: out */
		{ "a\xE8\xAD\xB7" "b", 3, 4, 3 },
		{ "cafe\xCC\x81", 4, 6, 4 },		/* the accent comes */
	};
	size_t i, width, fit;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		fit = utf8_fit(&width, cases[i].s, strlen(cases[i].s),
		    cases[i].columns);
		if (fit != cases[i].bytes || width != cases[i].width)
			fail_msg("'%s' in %zu: %zu bytes, %zu columns",
			    cases[i].s, cases[i].columns, fit, width);
		assert_int_equal(utf8_fit(NULL, cases[i].s, strlen(cases[i].s),
		    cases[i].columns), fit);
	}
}

static void
utf8__is_unsafe__table(void **state)
{
	static const uint32_t unsafe[] = { 0x00, 0x07, 0x08, 0x0A, 0x0D, 0x1B,
	    0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0x202A, 0x202B, 0x202C, 0x202D,
	    0x202E, 0x2066, 0x2067, 0x2068, 0x2069 };
	static const uint32_t safe[] = { 0x20, 'a', 0x7E, 0xA0, 0xE9, 0x2029,
	    0x200E, 0x2070, 0x8B77, 0x1F600, 0xFFFD };
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(unsafe); i++)
		if (!utf8_is_unsafe(unsafe[i]))
			fail_msg("U+%04X should be unsafe", (unsigned)unsafe[i]);
	for (i = 0; i < NITEMS(safe); i++)
		if (utf8_is_unsafe(safe[i]))
			fail_msg("U+%04X should be safe", (unsigned)safe[i]);
}

struct sanitize_case {
	const char *name;
	const char *in;
	size_t len;
	unsigned flags;
	const char *out;
};

static void
utf8__sanitize__table(void **state)
{
	static const struct sanitize_case cases[] = {
		{ "plain ascii", "abc", 3, 0, "abc" },
		{ "empty", "", 0, 0, "" },
		{ "valid multibyte kept", "caf\xC3\xA9 \xE8\xAD\xB7", 9, 0,
		  "caf\xC3\xA9 \xE8\xAD\xB7" },
		{ "emoji kept", "\xF0\x9F\x98\x80", 4, 0, "\xF0\x9F\x98\x80" },
		{ "tab to space", "a\tb", 3, 0, "a b" },
		{ "newline to space", "a\nb", 3, 0, "a b" },
		{ "newline kept", "a\nb", 3, UTF8_KEEP_NEWLINES, "a\nb" },
		{ "CR dropped", "a\r\nb", 4, 0, "a b" },
		{ "CR dropped, newline kept", "a\r\nb", 4, UTF8_KEEP_NEWLINES,
		  "a\nb" },
		{ "BOM dropped", "\xEF\xBB\xBF" "abc", 6, 0, "abc" },
		{ "BOM inside dropped", "a\xEF\xBB\xBF" "b", 5, 0, "ab" },
		{ "ESC replaced", "\x1B[31mred", 8, 0, FFFD "[31mred" },
		{ "BEL replaced", "a\x07", 2, 0, "a" FFFD },
		{ "backspace replaced", "a\x08", 2, UTF8_KEEP_NEWLINES,
		  "a" FFFD },
		{ "DEL replaced", "a\x7F" "b", 3, 0, "a" FFFD "b" },
		{ "NUL replaced", "a\0b", 3, 0, "a" FFFD "b" },
		{ "C1 CSI replaced", "a\xC2\x9B" "2J", 5, 0, "a" FFFD "2J" },
		{ "C1 NEL replaced", "\xC2\x85", 2, 0, FFFD },
		{ "RLO replaced", "a\xE2\x80\xAE" "b", 5, 0, "a" FFFD "b" },
		{ "LRI replaced", "\xE2\x81\xA6", 3, 0, FFFD },
		{ "line separator to space", "a\xE2\x80\xA8" "b", 5, 0, "a b" },
		{ "paragraph separator to space", "a\xE2\x80\xA9" "b", 5, 0,
		  "a b" },
		{ "invalid byte replaced", "a\xFF" "b", 3, 0, "a" FFFD "b" },
		{ "raw 0x9B replaced", "\x9B" "1m", 3, 0, FFFD "1m" },
		{ "truncated sequence", "a\xE2\x82", 3, 0, "a" FFFD FFFD },
		{ "overlong replaced", "\xC0\xAF", 2, 0, FFFD FFFD },
		{ "surrogate replaced", "\xED\xA0\x80", 3, 0, FFFD FFFD FFFD },
		{ "U+FFFD stays one U+FFFD", FFFD, 3, 0, FFFD },
		{ "len respected", "abcdef", 3, 0, "abc" },
		/* UTF8_STRICT: no break is silently a space (kb/text.h) */
		{ "strict: newline marked", "a\nb", 3, UTF8_STRICT,
		  "a" FFFD "b" },
		{ "strict: tab marked", "a\tb", 3, UTF8_STRICT, "a" FFFD "b" },
		{ "strict: CR marked", "a\rb", 3, UTF8_STRICT, "a" FFFD "b" },
		{ "strict: CRLF on one line marked", "a\r\nb", 4, UTF8_STRICT,
		  "a" FFFD FFFD "b" },
		{ "strict lines: CRLF ends a line", "a\r\nb", 4,
		  UTF8_STRICT | UTF8_KEEP_NEWLINES, "a\nb" },
		{ "strict lines: lone CR marked", "a\rb\n", 4,
		  UTF8_STRICT | UTF8_KEEP_NEWLINES, "a" FFFD "b\n" },
		{ "strict lines: tab marked unless kept", "a\tb", 3,
		  UTF8_STRICT | UTF8_KEEP_NEWLINES, "a" FFFD "b" },
		{ "strict: tab kept", "a\tb\n", 4,
		  UTF8_STRICT | UTF8_KEEP_TABS, "a\tb" FFFD },
		{ "tab kept", "a\tb", 3, UTF8_KEEP_TABS, "a\tb" },
		{ "strict: ESC still U+FFFD", "\x1B[2J", 4, UTF8_STRICT,
		  FFFD "[2J" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		struct buf b = BUF_INIT;

		utf8_sanitize(&b, cases[i].in, cases[i].len, cases[i].flags);
		if (b.len != strlen(cases[i].out) ||
		    memcmp(buf_cstr(&b), cases[i].out, b.len) != 0)
			fail_msg("%s: got '%s', want '%s'", cases[i].name,
			    buf_cstr(&b), cases[i].out);
		if (!utf8_valid(buf_cstr(&b), b.len, NULL))
			fail_msg("%s: output is not valid UTF-8", cases[i].name);
		buf_free(&b);
	}
}

static void
utf8__sanitize__appends(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "pre:");
	utf8_sanitize(&b, "x\x1By", 3, 0);
	assert_string_equal(buf_cstr(&b), "pre:x" FFFD "y");
	assert_int_equal(b.len, strlen("pre:x" FFFD "y"));
	buf_free(&b);
}

/*
 * buf.h: a buffer is "always NUL-terminated".  Sanitising nothing into an
 * empty buffer must leave a valid empty string, whatever the heap held.
 */
static int
sanitize_nothing(void *arg)
{
	struct buf b = BUF_INIT;
	const char *s;
	int rc = 0;

	(void)arg;
	utf8_sanitize(&b, "", 0, 0);
	s = buf_cstr(&b);
	if (b.len != 0 || s[0] != '\0') {
		print_error("utf8_sanitize of 0 bytes into an empty buffer: "
		    "len %zu, first byte 0x%02X (not NUL-terminated)\n", b.len,
		    (unsigned char)s[0]);
		rc = 1;
	}
	buf_free(&b);
	return rc;
}

static void
utf8__sanitize__empty_input_terminated(void **state)
{
	(void)state;
	assert_int_equal(th_run_perturbed(sanitize_nothing, NULL), 0);
}

/* Every byte value, alone and in pairs: output valid and safe. */
static void
utf8__sanitize__every_byte_safe(void **state)
{
	unsigned v;

	(void)state;
	for (v = 0; v < 0x10000; v++) {
		char in[3] = { (char)(v >> 8), (char)v, (char)0x80 };
		struct buf b = BUF_INIT;
		size_t i = 0;

		utf8_sanitize(&b, in, sizeof(in), 0);
		if (!utf8_valid(buf_cstr(&b), b.len, NULL))
			fail_msg("%02X %02X: invalid output", v >> 8, v & 0xFF);
		while (i < b.len) {
			uint32_t cp;

			i += utf8_decode(b.data + i, b.len - i, &cp);
			if (utf8_is_unsafe(cp))
				fail_msg("%02X %02X: unsafe U+%04X kept", v >> 8,
				    v & 0xFF, (unsigned)cp);
		}
		buf_free(&b);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8__decode__table),
		cmocka_unit_test(utf8__decode__empty_input),
		cmocka_unit_test(utf8__decode__always_progresses),
		cmocka_unit_test(utf8__encode__round_trip),
		cmocka_unit_test(utf8__valid__table),
		cmocka_unit_test(utf8__char_width__table),
		cmocka_unit_test(utf8__width__strings),
		cmocka_unit_test(utf8__fit__never_splits_a_character),
		cmocka_unit_test(utf8__is_unsafe__table),
		cmocka_unit_test(utf8__sanitize__table),
		cmocka_unit_test(utf8__sanitize__appends),
		cmocka_unit_test(utf8__sanitize__empty_input_terminated),
		cmocka_unit_test(utf8__sanitize__every_byte_safe),
	};

	th_env_setup();
	return th_run(argc, argv, "utf8", tests, NULL, NULL);
}
