/*
 * Unit tests for text.c (kb/text.h): the one rule for text shown on a
 * terminal, in a CSV or TSV line, and the public JSON string writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/text.h"
#include "utf8.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"

struct text_case {
	const char *name;
	const char *in;
	unsigned flags;
	const char *want;
};

/* Bytes shown with C escapes, for failure messages. */
static const char *
shown(const char *s, char *out, size_t size)
{
	size_t o = 0;

	for (; *s && o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

static void
text__sanitize__table(void **state)
{
	static const struct text_case cases[] = {
		{ "plain", "answers/a/walrus.md", 0, "answers/a/walrus.md" },
		{ "empty", "", 0, "" },
		{ "accents and CJK kept", "caf\xC3\xA9 \xE6\xBC\xA2\xE5\xAD\x97",
		  0, "caf\xC3\xA9 \xE6\xBC\xA2\xE5\xAD\x97" },
		{ "ESC in a file name", "answers/a\x1b[31mred.md", 0,
		  "answers/a" FFFD "[31mred.md" },
		{ "newline in a file name", "answers/a\nb.md", 0,
		  "answers/a" FFFD "b.md" },
		{ "tab in a field", "fresh\therring", 0, "fresh" FFFD "herring" },
		{ "CR in a field", "ok\rfake", 0, "ok" FFFD "fake" },
		{ "BEL and BS", "a\x07\x08", 0, "a" FFFD FFFD },
		{ "DEL", "a\x7f", 0, "a" FFFD },
		{ "C1 NEL as UTF-8", "a\xC2\x85" "b", 0, "a" FFFD "b" },
		{ "C1 CSI as UTF-8", "\xC2\x9B" "2J", 0, FFFD "2J" },
		{ "C1 U+0080 and U+009F", "\xC2\x80\xC2\x9F", 0, FFFD FFFD },
		{ "C1 CSI as a raw byte", "\x9B" "2J", 0, FFFD "2J" },
		{ "raw byte 0x80", "\x80", 0, FFFD },
		{ "NBSP U+00A0 kept", "\xC2\xA0", 0, "\xC2\xA0" },
		{ "invalid UTF-8", "caf\xE9 \xFF", 0, "caf" FFFD " " FFFD },
		{ "truncated sequence", "\xE6\xBC", 0, FFFD FFFD },
		{ "overlong slash", "\xC0\xAF", 0, FFFD FFFD },
		{ "RLO (trojan source)", "abc\xE2\x80\xAE" "fdp.exe", 0,
		  "abc" FFFD "fdp.exe" },
		{ "LRE PDF", "\xE2\x80\xAA" "x\xE2\x80\xAC", 0, FFFD "x" FFFD },
		{ "FSI PDI", "\xE2\x81\xA8" "x\xE2\x81\xA9", 0, FFFD "x" FFFD },
		{ "lines: newline and tab kept", "a\n\tb\n", KB_TEXT_LINES,
		  "a\n\tb\n" },
		{ "lines: CRLF ends a line", "a\r\nb\r\n", KB_TEXT_LINES,
		  "a\nb\n" },
		{ "lines: lone CR marked", "a\rb", KB_TEXT_LINES, "a" FFFD "b" },
		{ "lines: ESC still marked", "+\x1b]0;pwned\x07\n",
		  KB_TEXT_LINES, "+" FFFD "]0;pwned" FFFD "\n" },
		{ "lines: C1 still marked", "-\xC2\x9B" "1m\n", KB_TEXT_LINES,
		  "-" FFFD "1m\n" },
	};
	char a[256], b[256];
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char *got = kb_text_sanitize(cases[i].in, strlen(cases[i].in),
		    cases[i].flags);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s: got %s, want %s", cases[i].name,
			    shown(got, a, sizeof(a)),
			    shown(cases[i].want, b, sizeof(b)));
		free(got);
	}
}

/* The length is respected: NUL bytes inside it are controls too. */
static void
text__sanitize__length_and_nul(void **state)
{
	char *got;

	(void)state;
	got = kb_text_sanitize("a\0b", 3, 0);
	assert_string_equal(got, "a" FFFD "b");
	free(got);
	got = kb_text_sanitize("abcdef", 2, 0);
	assert_string_equal(got, "ab");
	free(got);
	got = kb_text_sanitize(NULL, 5, 0);
	assert_string_equal(got, "");
	free(got);
}

/*
 * Every pair of bytes followed by a C1 lead: the result is valid UTF-8
 * without one control (but newline and tab with KB_TEXT_LINES) or
 * bidirectional control in it.
 */
static void
text__sanitize__every_byte_pair_safe(void **state)
{
	unsigned v, flags;

	(void)state;
	for (flags = 0; flags <= KB_TEXT_LINES; flags += KB_TEXT_LINES)
		for (v = 0; v < 0x10000; v++) {
			char in[3] = { (char)(v >> 8), (char)v, (char)0xC2 };
			char *got = kb_text_sanitize(in, sizeof(in), flags);
			size_t i = 0, len = strlen(got);

			if (!utf8_valid(got, len, NULL))
				fail_msg("%02X %02X: invalid output", v >> 8,
				    v & 0xFF);
			while (i < len) {
				uint32_t cp;

				i += utf8_decode(got + i, len - i, &cp);
				if (utf8_is_unsafe(cp) && !(flags &&
				    (cp == '\n' || cp == '\t')))
					fail_msg("%02X %02X: U+%04X kept",
					    v >> 8, v & 0xFF, (unsigned)cp);
			}
			free(got);
		}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text__sanitize__table),
		cmocka_unit_test(text__sanitize__length_and_nul),
		cmocka_unit_test(text__sanitize__every_byte_pair_safe),
	};

	th_env_setup();
	return th_run(argc, argv, "text", tests, NULL, NULL);
}
