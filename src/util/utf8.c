/* UTF-8 decoding, display widths and sanitising for safe display. */
#include "utf8.h"

#include <string.h>

size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t n, i;

	if (len == 0) {
		*cp = UTF8_REPLACEMENT;
		return 0;
	}
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		goto invalid;
	}
	if (len < n)
		goto invalid;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto invalid;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto invalid;
	*cp = c;
	return n;
invalid:
	*cp = UTF8_REPLACEMENT;
	return 1;
}

void
utf8_encode(struct buf *b, uint32_t cp)
{
	char out[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, out, 2);
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, out, 3);
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, out, 4);
	}
}

int
utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == UTF8_REPLACEMENT && n == 1) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

struct range {
	uint32_t lo, hi;
};

/* Combining marks and other characters that take no column. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05C7 }, { 0x0610, 0x061A }, { 0x064B, 0x065F },
	{ 0x0670, 0x0670 }, { 0x06D6, 0x06ED }, { 0x0900, 0x0903 },
	{ 0x093A, 0x094F }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A },
	{ 0x0E47, 0x0E4E }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200D }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F }, { 0x1F3FB, 0x1F3FF }, { 0xE0100, 0xE01EF },
};

/* East Asian wide and fullwidth characters and emoji presentation. */
static const struct range double_width[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
	{ 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA },
	{ 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x303E },
	{ 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
	{ 0xA000, 0xA4CF }, { 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F },
	{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE4 },
	{ 0x17000, 0x18CFF }, { 0x1B000, 0x1B2FF }, { 0x1F004, 0x1F004 },
	{ 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
	{ 0x1F200, 0x1F2FF }, { 0x1F300, 0x1F3FA }, { 0x1F400, 0x1F64F },
	{ 0x1F680, 0x1F6FF }, { 0x1F7E0, 0x1F7EB }, { 0x1F90C, 0x1F9FF },
	{ 0x1FA70, 0x1FAFF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static int
in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

int
utf8_char_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_width, NITEMS(zero_width)))
		return 0;
	if (in_ranges(cp, double_width, NITEMS(double_width)))
		return 2;
	return 1;
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t i = 0, n = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

size_t
utf8_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		w += (size_t)utf8_char_width(cp);
	}
	return w;
}

size_t
utf8_strwidth(const char *s)
{
	return utf8_width(s, strlen(s));
}

size_t
utf8_fit(size_t *width, const char *s, size_t len, size_t columns)
{
	size_t used = 0, at = 0;

	while (at < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + at, len - at, &cp);
		int w = utf8_char_width(cp);

		if (used + (size_t)w > columns)
			break;
		used += (size_t)w;
		at += n;
	}
	if (width)
		*width = used;
	return at;
}

int
utf8_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* A newline, tab or carriage return at s[i]: kept, a space, nothing or
 * U+FFFD. */
static void
add_break(struct buf *b, const char *s, size_t i, size_t len, unsigned flags)
{
	char c = s[i];
	int line_end = c == '\r' && i + 1 < len && s[i + 1] == '\n';

	if ((c == '\n' && (flags & UTF8_KEEP_NEWLINES)) ||
	    (c == '\t' && (flags & UTF8_KEEP_TABS)))
		buf_addc(b, c);
	else if (line_end && (flags & UTF8_KEEP_NEWLINES))
		;	/* CRLF: the newline ends the line */
	else if (flags & UTF8_STRICT)
		utf8_encode(b, UTF8_REPLACEMENT);
	else if (c != '\r')
		buf_addc(b, ' ');
}

void
utf8_sanitize(struct buf *b, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, run, n;
	uint32_t cp;

	buf_grow(b, len);
	while (i < len) {
		/* Runs of printable ASCII, most of any text, are copied whole. */
		for (run = i; run < len && (unsigned char)s[run] >= 0x20 &&
		    (unsigned char)s[run] < 0x7F; run++)
			;
		if (run > i) {
			buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == '\n' || cp == '\t' || cp == '\r')
			add_break(b, s, i, len, flags);
		else if (cp == 0x2028 || cp == 0x2029)
			buf_addc(b, ' ');
		else if (cp == 0xFEFF)
			;
		else if (utf8_is_unsafe(cp) || cp == UTF8_REPLACEMENT)
			utf8_encode(b, UTF8_REPLACEMENT);
		else
			buf_add(b, s + i, n);
		i += n;
	}
}
