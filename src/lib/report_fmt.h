/*
 * The HTML report's text and numbers, shared by its page (report_html.c)
 * and its charts (report_svg.c).
 */
#ifndef KB_REPORT_FMT_H
#define KB_REPORT_FMT_H

#include <stddef.h>
#include <stdio.h>

/*
 * `s` as HTML text or a quoted attribute's value: made valid UTF-8 with
 * no control character (U+FFFD), & < > " ' as character references, at
 * most `max` characters (then "…").
 */
void kb_report_fmt__text(FILE *f, const char *s, size_t max);

/* A number with at most one decimal, whatever the locale ("12.5"). */
void kb_report_fmt__num(FILE *f, double v);

#endif
