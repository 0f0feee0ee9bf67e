/*
 * Text cut only between words: the status line, prompts, banners and
 * messages never end in half a word at 80 columns.
 */
#include <string.h>

#include "model.h"
#include "utf8.h"

size_t
tui_fit_words(const char *s, size_t len, size_t cols, size_t *width)
{
	size_t fit, w, cut;

	fit = utf8_fit(&w, s, len, cols);
	if (fit == len || s[fit] == ' ') {
		cut = fit;
	} else {
		/* Back to the blank before the word that does not fit. */
		for (cut = fit; cut > 0 && s[cut - 1] != ' '; cut--)
			;
		if (cut == 0)
			cut = fit;	/* one word wider than the line */
	}
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	if (width)
		utf8_fit(width, s, cut, cols);
	return cut;
}

size_t
tui_wrap_words(const char *s, size_t cols, struct tui_span_line *out,
    size_t max)
{
	size_t len = strlen(s), at = 0, n = 0, cut;

	while (at < len && s[at] == ' ')
		at++;
	while (at < len) {
		cut = tui_fit_words(s + at, len - at, cols ? cols : 1, NULL);
		/* A character wider than the line: it goes alone. */
		for (; cut == 0 || (at + cut < len &&
		    ((unsigned char)s[at + cut] & 0xC0) == 0x80); cut++)
			;
		if (n < max) {
			out[n].start = at;
			out[n].len = cut;
		}
		n++;
		at += cut;
		while (at < len && s[at] == ' ')
			at++;
	}
	return n;
}
