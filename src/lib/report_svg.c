/*
 * The HTML report's charts as inline SVG (report_html.h): bars, points,
 * small multiples and horizontal bars, drawn without a script and read
 * by screen readers through each chart's title and description.
 */
#include "report_html.h"

#include <string.h>

#include "report_fmt.h"

/* Colours: Okabe and Ito's palette, safe for colour-blind readers. */
static const char *const colours[] = { "#0072B2", "#E69F00", "#009E73",
    "#8C8C8C", "#D55E00" };

/* A pattern over each colour, so that print in grey tells them apart. */
static const char *const patterns[] = {
	"",
	("<path d=\"M0 8L8 0M-2 2L2 -2M6 10L10 6\" stroke=\"#fff\""
	 " stroke-width=\"2\"/>"),
	"<circle cx=\"4\" cy=\"4\" r=\"1.7\" fill=\"#fff\"/>",
	"<path d=\"M0 4H8M4 0V8\" stroke=\"#fff\" stroke-width=\"1.3\"/>",
	"<path d=\"M0 2H8M0 6H8\" stroke=\"#fff\" stroke-width=\".9\"/>",
};

#define NFILLS (sizeof(colours) / sizeof(colours[0]))

/* Chart sizes, in SVG units (the page scales them to its width). */
#define CHART_W 960
#define CHART_H 300
#define PANEL_W 320
#define PANEL_H 170
#define PANEL_COLS 3
#define LABEL_MAX 16	/* characters of a period's label */
#define NAME_MAX 40	/* characters of a series' or an office's name */

struct box {
	double x, y, w, h;
};

void
kb_report_svg__defs(FILE *f)
{
	size_t i;

	fputs("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\""
	    " focusable=\"false\"><defs>\n", f);
	for (i = 0; i < NFILLS; i++)
		fprintf(f, "<pattern id=\"kb-fill-%zu\" width=\"8\" height=\"8\""
		    " patternUnits=\"userSpaceOnUse\"><rect width=\"8\""
		    " height=\"8\" fill=\"%s\"/>%s</pattern>\n", i, colours[i],
		    patterns[i]);
	fputs("</defs></svg>\n", f);
}

static void
coord(FILE *f, const char *name, double v)
{
	fprintf(f, " %s=\"", name);
	kb_report_fmt__num(f, v);
	putc('"', f);
}

/* The step between the scale's lines: 1, 2 or 5 times a power of ten. */
static double
nice_step(double max)
{
	double step = 1;

	while (max / step > 5) {
		if (max / (step * 2) <= 5)
			return step * 2;
		if (max / (step * 5) <= 5)
			return step * 5;
		step *= 10;
	}
	return step;
}

static double
value(const struct plot *p, size_t s, size_t i)
{
	return p->v[s * p->nx + i];
}

/* The largest bar (stacked: the largest sum) or point of a plot. */
static double
plot_max(const struct plot *p)
{
	double max = 0, sum;
	size_t s, i;

	for (i = 0; i < p->nx; i++) {
		sum = 0;
		for (s = 0; s < p->ns; s++) {
			double v = value(p, s, i);

			if (v <= 0)
				continue;
			sum = p->kind == CHART_STACKED ? sum + v : v;
			if (sum > max)
				max = sum;
		}
	}
	return max;
}

static double
scale_top(const struct plot *p, double *step)
{
	double max = p->ymax > 0 ? p->ymax : plot_max(p), top;

	*step = nice_step(max);
	for (top = *step; top < max; top += *step)
		;
	return top;
}

static int
is_percent(const struct plot *p)
{
	return p->unit && p->unit[0] == '%';
}

/* The scale: a line and a number for each step, from 0 to the top. */
static void
y_axis(FILE *f, const struct plot *p, const struct box *b, double top,
    double step)
{
	double v, y;

	for (v = 0; v <= top + step / 2; v += step) {
		y = b->y + b->h - v / top * b->h;
		fputs("<line class=\"grid\"", f);
		coord(f, "x1", b->x);
		coord(f, "x2", b->x + b->w);
		coord(f, "y1", y);
		coord(f, "y2", y);
		fputs("/><text class=\"tick\" text-anchor=\"end\"", f);
		coord(f, "x", b->x - 6);
		coord(f, "y", y + 4);
		putc('>', f);
		kb_report_fmt__num(f, v);
		fputs(is_percent(p) ? "%</text>\n" : "</text>\n", f);
	}
	fputs("<line class=\"axis\"", f);
	coord(f, "x1", b->x);
	coord(f, "x2", b->x + b->w);
	coord(f, "y1", b->y + b->h);
	coord(f, "y2", b->y + b->h);
	fputs("/>\n", f);
}

/* The periods' labels: at most `most` of them, evenly spread. */
static void
x_labels(FILE *f, const struct plot *p, const struct box *b, size_t most)
{
	size_t every = (p->nx + most - 1) / most, i, len = 0;
	double slot = b->w / (double)p->nx;

	/*
	 * Labels a little apart, at about 7 units a character at 12px: the
	 * first starts on its bar, so the next must clear all of it.
	 */
	for (i = 0; i < p->nx; i++)
		if (strlen(p->x[i]) > len)
			len = strlen(p->x[i]);
	if (len > LABEL_MAX)
		len = LABEL_MAX;
	while (every < p->nx && (double)every * slot < 10.5 * (double)len + 14)
		every++;

	/* The first starts on its bar and the last ends on its bar, so
	 * that the chart's edges cut neither. */
	for (i = 0; i < p->nx; i += every ? every : 1) {
		if (i == 0 && p->nx > 1) {
			fputs("<text class=\"tick\" text-anchor=\"start\"", f);
			coord(f, "x", b->x);
		} else if (i + every >= p->nx && p->nx > 1) {
			/* The last label shown ends on its bar's right. */
			fputs("<text class=\"tick\" text-anchor=\"end\"", f);
			coord(f, "x", b->x + (i + 1) * slot);
		} else {
			fputs("<text class=\"tick\" text-anchor=\"middle\"",
			    f);
			coord(f, "x", b->x + (i + 0.5) * slot);
		}
		coord(f, "y", b->y + b->h + 16);
		putc('>', f);
		kb_report_fmt__text(f, p->x[i], LABEL_MAX);
		fputs("</text>\n", f);
	}
}

/* A mark's <title>: "North, 2026-02-03, phone: 3 uses". */
static void
mark_title(FILE *f, const struct plot *p, size_t s, size_t i)
{
	fputs("<title>", f);
	if (p->who) {
		kb_report_fmt__text(f, p->who, NAME_MAX);
		fputs(", ", f);
	}
	kb_report_fmt__text(f, p->x[i], LABEL_MAX);
	if (p->ns > 1) {
		fputs(", ", f);
		kb_report_fmt__text(f, p->names[s], NAME_MAX);
	}
	fputs(": ", f);
	kb_report_fmt__num(f, value(p, s, i));
	if (p->unit) {
		if (!is_percent(p))
			putc(' ', f);
		kb_report_fmt__text(f, p->unit, NAME_MAX + 20);
	}
	fputs("</title>", f);
}

static void
bar(FILE *f, const struct plot *p, size_t s, size_t i, const struct box *r)
{
	fprintf(f, "<rect class=\"bar s%zu\" fill=\"url(#kb-fill-%d)\"", s,
	    (int)p->fills[s] % (int)NFILLS);
	coord(f, "x", r->x);
	coord(f, "y", r->y);
	coord(f, "width", r->w);
	coord(f, "height", r->h > 0.5 ? r->h : 0.5);
	putc('>', f);
	mark_title(f, p, s, i);
	fputs("</rect>\n", f);
}

static void
bars(FILE *f, const struct plot *p, const struct box *b, double top)
{
	double slot = b->w / (double)p->nx, width = slot * 0.8, below;
	struct box r;
	size_t i, s;

	if (width < 1)
		width = slot;
	for (i = 0; i < p->nx; i++) {
		below = 0;
		for (s = 0; s < p->ns; s++) {
			double v = value(p, s, i);

			if (v <= 0)
				continue;
			r.h = v / top * b->h;
			r.w = p->kind == CHART_GROUPED ? width / p->ns : width;
			r.x = b->x + i * slot + (slot - width) / 2 +
			    (p->kind == CHART_GROUPED ? s * r.w : 0);
			r.y = b->y + b->h - r.h - below;
			if (p->kind == CHART_STACKED)
				below += r.h;
			bar(f, p, s, i, &r);
		}
	}
}

/* Points of series 0, joined by a line where periods follow. */
static void
points(FILE *f, const struct plot *p, const struct box *b, double top)
{
	double slot = b->w / (double)p->nx;
	size_t i;
	int open = 0;

	for (i = 0; i < p->nx; i++) {
		if (value(p, 0, i) < 0) {
			fputs(open ? "\"/>\n" : "", f);
			open = 0;
			continue;
		}
		fputs(open ? " " : "<polyline class=\"line\" points=\"", f);
		open = 1;
		kb_report_fmt__num(f, b->x + (i + 0.5) * slot);
		putc(',', f);
		kb_report_fmt__num(f, b->y + b->h - value(p, 0, i) / top * b->h);
	}
	fputs(open ? "\"/>\n" : "", f);
	for (i = 0; i < p->nx; i++) {
		if (value(p, 0, i) < 0)
			continue;
		fprintf(f, "<circle class=\"point\" r=\"4\" fill=\"%s\"",
		    colours[(int)p->fills[0] % (int)NFILLS]);
		coord(f, "cx", b->x + (i + 0.5) * slot);
		coord(f, "cy", b->y + b->h - value(p, 0, i) / top * b->h);
		putc('>', f);
		mark_title(f, p, 0, i);
		fputs("</circle>\n", f);
	}
}

static void
draw_plot(FILE *f, const struct plot *p, const struct box *b, size_t labels)
{
	double step, top = scale_top(p, &step);

	y_axis(f, p, b, top, step);
	if (p->nx == 0)
		return;
	x_labels(f, p, b, labels);
	if (p->kind == CHART_POINTS)
		points(f, p, b, top);
	else
		bars(f, p, b, top);
}

/* The series' names beside their fill, across the top. */
static void
legend(FILE *f, const struct plot *p, double x, double y)
{
	size_t s;

	for (s = 0; s < p->ns; s++) {
		fprintf(f, "<rect class=\"swatch\" width=\"14\" height=\"14\""
		    " fill=\"url(#kb-fill-%d)\"", (int)p->fills[s] %
		    (int)NFILLS);
		coord(f, "x", x);
		coord(f, "y", y - 11);
		fputs("/><text", f);
		coord(f, "x", x + 19);
		coord(f, "y", y);
		putc('>', f);
		kb_report_fmt__text(f, p->names[s], NAME_MAX);
		fputs("</text>\n", f);
		x += 34 + 7.5 * (double)strlen(p->names[s]);
	}
}

static void
svg_open(FILE *f, const char *id, const char *title, const char *desc,
    double w, double h)
{
	fprintf(f, "<svg role=\"img\" aria-labelledby=\"%s-title\""
	    " aria-describedby=\"%s-desc\" viewBox=\"0 0 %d %d\" width=\"%d\""
	    " height=\"%d\">\n<title id=\"%s-title\">", id, id, (int)w, (int)h,
	    (int)w, (int)h, id);
	kb_report_fmt__text(f, title, 200);
	fprintf(f, "</title>\n<desc id=\"%s-desc\">", id);
	kb_report_fmt__text(f, desc, 2000);
	fputs("</desc>\n", f);
}

void
kb_report_svg__chart(FILE *f, const char *id, const char *title,
    const char *desc, const struct plot *p)
{
	struct box b = { 56, 36, CHART_W - 56 - 40, CHART_H - 36 - 44 };

	svg_open(f, id, title, desc, CHART_W, CHART_H);
	if (p->ns > 1)
		legend(f, p, b.x, 18);
	draw_plot(f, p, &b, 12);
	fputs("</svg>\n", f);
}

void
kb_report_svg__panels(FILE *f, const char *id, const char *title,
    const char *desc, const struct plot *p, size_t n)
{
	size_t rows = (n + PANEL_COLS - 1) / PANEL_COLS, i;
	struct plot shared;
	double top = 0;

	for (i = 0; i < n; i++)
		if (plot_max(&p[i]) > top)
			top = plot_max(&p[i]);
	svg_open(f, id, title, desc, PANEL_W * PANEL_COLS,
	    PANEL_H * (double)(rows ? rows : 1));
	for (i = 0; i < n; i++) {
		struct box b = { (double)(i % PANEL_COLS) * PANEL_W + 44,
			(double)(i / PANEL_COLS) * PANEL_H + 28,
			PANEL_W - 44 - 12, PANEL_H - 28 - 34 };

		shared = p[i];
		if (shared.ymax <= 0)
			shared.ymax = top;
		fputs("<g class=\"panel\"><text class=\"who\"", f);
		coord(f, "x", b.x);
		coord(f, "y", b.y - 12);
		putc('>', f);
		kb_report_fmt__text(f, p[i].who ? p[i].who : "", NAME_MAX);
		fputs("</text>\n", f);
		draw_plot(f, &shared, &b, 3);
		fputs("</g>\n", f);
	}
	fputs("</svg>\n", f);
}

void
kb_report_svg__hbars(FILE *f, const char *id, const char *title,
    const char *desc, const char *const *labels, const double *v, size_t n,
    const char *unit)
{
	double max = 0, x0 = 300, w = CHART_W - 300 - 60, len;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	svg_open(f, id, title, desc, CHART_W, 24.0 * (double)n + 16);
	for (i = 0; i < n; i++) {
		double y = 8 + 24.0 * (double)i;

		len = max > 0 ? v[i] / max * w : 0;
		fputs("<text class=\"label\" text-anchor=\"end\"", f);
		coord(f, "x", x0 - 8);
		coord(f, "y", y + 14);
		putc('>', f);
		kb_report_fmt__text(f, labels[i], NAME_MAX);
		fputs("</text><rect class=\"bar\" fill=\"url(#kb-fill-0)\"", f);
		coord(f, "x", x0);
		coord(f, "y", y + 2);
		coord(f, "width", len > 0.5 ? len : 0.5);
		fputs(" height=\"16\"><title>", f);
		kb_report_fmt__text(f, labels[i], 200);
		fputs(": ", f);
		kb_report_fmt__num(f, v[i]);
		putc(' ', f);
		kb_report_fmt__text(f, unit, NAME_MAX);
		fputs("</title></rect><text class=\"value\"", f);
		coord(f, "x", x0 + len + 6);
		coord(f, "y", y + 14);
		putc('>', f);
		kb_report_fmt__num(f, v[i]);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
}
