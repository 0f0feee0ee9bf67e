/*
 * The HTML report's charts as inline SVG (report_svg.c), drawn for its
 * page (report_html.c).
 */
#ifndef KB_REPORT_HTML_H
#define KB_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

enum chart_kind {
	CHART_STACKED,		/* a bar per period, a segment per series */
	CHART_GROUPED,		/* a bar per period and series, side by side */
	CHART_POINTS		/* a point per period with a value, joined */
};

/* The fills: colour-blind safe colours, each with its own pattern. */
enum chart_fill {
	FILL_BLUE,		/* solid */
	FILL_ORANGE,		/* diagonal stripes */
	FILL_GREEN,		/* dots */
	FILL_GREY,		/* crossed lines */
	FILL_RED		/* horizontal lines */
};

/*
 * What one plot shows: ns series over nx periods.  v[s * nx + i] is
 * series s in period i; below 0, no value (no mark).  Every bar is a
 * <rect class="bar">, every point a <circle class="point">, each with a
 * <title> giving its value.
 */
struct plot {
	size_t nx, ns;
	const char *const *x;		/* the periods' labels */
	const char *const *names;	/* the series' names, for the legend */
	const enum chart_fill *fills;
	const double *v;
	enum chart_kind kind;
	const char *unit;		/* "uses": "3 uses" in a mark's title */
	const char *who;		/* an office, first in marks' titles */
	double ymax;			/* the scale's top; 0: from the values */
};

/* The patterns the fills use, once per page (a hidden <svg>). */
void kb_report_svg__defs(FILE *f);

/*
 * One chart: <svg role="img"> labelled by its <title> and described by
 * `desc` (the text alternative: the main figures), a legend when there
 * is more than one series, axes and marks.  `id` is unique in the page.
 */
void kb_report_svg__chart(FILE *f, const char *id, const char *title,
    const char *desc, const struct plot *p);

/*
 * Small multiples: one panel per plot, each titled with its `who`, all
 * on the same scale, in one <svg role="img">.
 */
void kb_report_svg__panels(FILE *f, const char *id, const char *title,
    const char *desc, const struct plot *p, size_t n);

/*
 * Horizontal bars, one per label, longest first as given: the top
 * answers.
 */
void kb_report_svg__hbars(FILE *f, const char *id, const char *title,
    const char *desc, const char *const *labels, const double *v, size_t n,
    const char *unit);

#endif
