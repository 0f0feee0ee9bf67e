/*
 * Text and numbers as the HTML report writes them (report_fmt.h), for
 * its page (report_html.c) and its charts (report_svg.c).
 */
#include "report_fmt.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

void
kb_report_fmt__text(FILE *f, const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	size_t i, len, n = 0;
	uint32_t cp;

	utf8_sanitize(&b, s, strlen(s), 0);
	for (i = 0; i < b.len; i += len) {
		len = utf8_decode(b.data + i, b.len - i, &cp);
		if (n++ == max) {
			fputs("\xE2\x80\xA6", f);
			break;
		}
		switch (cp) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fwrite(b.data + i, 1, len, f); break;
		}
	}
	buf_free(&b);
}

void
kb_report_fmt__num(FILE *f, double v)
{
	long tenths;

	if (v > 1e12)
		v = 1e12;
	if (v < -1e12)
		v = -1e12;
	tenths = (long)(v * 10 + (v < 0 ? -0.5 : 0.5));
	if (tenths < 0) {
		putc('-', f);
		tenths = -tenths;
	}
	if (tenths % 10)
		fprintf(f, "%ld.%ld", tenths / 10, tenths % 10);
	else
		fprintf(f, "%ld", tenths / 10);
}
