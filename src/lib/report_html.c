/*
 * The report as one HTML page (report.h, kb_report_html_write): what it
 * covers, a chart of each trend with its numbers in a table under it,
 * then the report's sections as tables.  Self-contained (inline CSS, no
 * script, nothing fetched), readable printed and by a screen reader.
 */
#include "kb/report.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/error.h"
#include "report_fmt.h"
#include "report_html.h"
#include "xmalloc.h"

#define CELL_MAX 300		/* characters of a table cell shown */
#define TOP_BARS 30		/* bars of the top answers' chart */
#define PANELS_MAX 24		/* offices drawn as small multiples */
#define NAMED_MAX 8		/* items named in a text alternative */

static const char css[] =
    ":root{color-scheme:light}\n"
    "body{font:15px/1.45 system-ui,sans-serif;color:#111;background:#fff;"
    "max-width:1000px;margin:0 auto;padding:1rem}\n"
    "h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;"
    "margin:2rem 0 .5rem;border-bottom:2px solid #111}\n"
    ".scope{font-size:1.05rem}.note{font-style:italic}\n"
    "figure{margin:.5rem 0}figcaption{font-size:.9rem;margin-top:.25rem}\n"
    "svg{max-width:100%;height:auto;display:block}\n"
    "svg.defs{position:absolute;width:0;height:0;overflow:hidden}\n"
    "svg text{font:12px system-ui,sans-serif;fill:#111}\n"
    "svg .who{font-weight:bold;font-size:13px}\n"
    ".grid{stroke:#bbb;stroke-dasharray:2 3}.axis{stroke:#111}\n"
    ".bar,.swatch{stroke:#222;stroke-width:.5}\n"
    ".line{fill:none;stroke:#0072B2;stroke-width:2}"
    ".point{stroke:#111;stroke-width:1}\n"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem;"
    "font-size:.9rem}\n"
    "caption{text-align:left;font-weight:bold;padding:.25rem 0}\n"
    "th,td{border:1px solid #999;padding:.15rem .5rem;text-align:left;"
    "vertical-align:top}\nthead th{background:#eee}\n"
    ".n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "@media print{body{max-width:none;font-size:10pt;padding:0}"
    "nav{display:none}figure{break-inside:avoid}"
    "h2{break-after:avoid}tr{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* What the page is written from. */
struct page {
	FILE *f;
	const struct kb_report *rep;
	const struct kb_report_trends *tr;
	const struct kb_report_options *o;
};

static const char *const step_words[] = { "day", "week", "month" };

static const struct kb_table *
trend(const struct page *pg, const char *name)
{
	return kb_report_table(pg->tr->tables, pg->tr->ntables, name);
}

static void
text(const struct page *pg, const char *s)
{
	kb_report_fmt__text(pg->f, s, CELL_MAX);
}

/* --- the header: what the report covers ----------------------------- */

static void
offices_line(const struct page *pg, struct buf *b)
{
	const struct kb_report_scope *s = &pg->rep->scope;
	size_t i;

	buf_adds(b, pg->o->all_offices ? "every office: " : "offices: ");
	for (i = 0; i < s->noffices && i < NAMED_MAX; i++)
		buf_addf(b, "%s%s", i ? ", " : "", s->offices[i]);
	if (s->noffices == 0)
		buf_adds(b, "none");
	else if (s->noffices > NAMED_MAX)
		buf_addf(b, ", and %zu more", s->noffices - NAMED_MAX);
}

/* "2026-02-01 to 2026-02-28", or "no events", as the text header. */
static void
period_line(const struct page *pg, struct buf *b)
{
	const struct kb_report_scope *s = &pg->rep->scope;
	const char *o_since = pg->o->since, *o_until = pg->o->until;

	if (!o_since && !o_until && !s->first) {
		buf_adds(b, "no events");
		return;
	}
	buf_addf(b, "%s to %s", o_since ? o_since : s->first ? s->first :
	    "the first event", o_until ? o_until : s->last ? s->last :
	    "the last event");
}

static void
head(const struct page *pg)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "kb report: %s, ", pg->rep->scope.kb_name);
	period_line(pg, &b);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\""
	    " content=\"width=device-width, initial-scale=1\">\n<title>",
	    pg->f);
	text(pg, buf_cstr(&b));
	fprintf(pg->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
	    css);
	buf_free(&b);
}

static void
header(const struct page *pg)
{
	const struct kb_report_scope *s = &pg->rep->scope;
	struct buf b = BUF_INIT;

	fputs("<header>\n<h1>Knowledge base report</h1>\n<p class=\"scope\">"
	    "KB <strong>", pg->f);
	text(pg, s->kb_name);
	fprintf(pg->f, "</strong>, commit <code>%.12s</code> | ",
	    s->commit[0] ? s->commit : "none");
	period_line(pg, &b);
	buf_addf(&b, " | %s | ", pg->o->channel == KB_CHANNEL_NONE ?
	    "every channel" : kb_channel_name(pg->o->channel));
	offices_line(pg, &b);
	text(pg, buf_cstr(&b));
	fputs("</p>\n", pg->f);
	if (pg->tr->cut)
		fprintf(pg->f, "<p class=\"note\">The charts show the last %d "
		    "months of the period, from %s.</p>\n",
		    KB_TREND_POINTS_MAX, pg->tr->from);
	fputs("</header>\n", pg->f);
	buf_free(&b);
}

/* --- tables ---------------------------------------------------------- */

static void
cell(const struct page *pg, const char *tag, const char *v, int numeric,
    int row_header)
{
	fprintf(pg->f, "<%s%s%s>", tag, row_header ? " scope=\"row\"" : "",
	    numeric ? " class=\"n\"" : "");
	text(pg, v ? v : "");
	fprintf(pg->f, "</%s>", tag);
}

/* 1 when row r of a series has no count but 0 (a period with none). */
static int
all_zero(const struct kb_table *t, size_t r)
{
	size_t c;

	for (c = 1; c < t->ncols; c++) {
		const char *v = t->cells[r * t->ncols + c];

		if (t->numeric[c] == 'n' && v && strtod(v, NULL) != 0)
			return 0;
	}
	return 1;
}

/*
 * A table with its caption and column headers; the first cell of a row
 * heads it.  A series' table (`series`) leaves out the periods with
 * nothing, which the chart shows as no bar: a long period stays short
 * to read and print.
 */
static void
table(const struct page *pg, const struct kb_table *t, const char *caption,
    int series)
{
	size_t r, c, shown = 0;

	fputs("<table>\n<caption>", pg->f);
	text(pg, caption);
	if (series)
		fputs(" (periods with none left out)", pg->f);
	fputs("</caption>\n<thead><tr>", pg->f);
	for (c = 0; c < t->ncols; c++) {
		fprintf(pg->f, "<th scope=\"col\"%s>", t->numeric[c] == 'n' ?
		    " class=\"n\"" : "");
		text(pg, t->cols[c]);
		fputs("</th>", pg->f);
	}
	fputs("</tr></thead>\n<tbody>\n", pg->f);
	for (r = 0; r < t->nrows; r++) {
		if (series && all_zero(t, r))
			continue;
		fputs("<tr>", pg->f);
		for (c = 0; c < t->ncols; c++)
			cell(pg, c ? "td" : "th", t->cells[r * t->ncols + c],
			    t->numeric[c] == 'n', c == 0);
		fputs("</tr>\n", pg->f);
		shown++;
	}
	if (shown == 0)
		fprintf(pg->f, "<tr><td colspan=\"%zu\">None.</td></tr>\n",
		    t->ncols);
	fputs("</tbody>\n</table>\n", pg->f);
}

/* --- charts from tables ---------------------------------------------- */

/* A plot of columns of `t` (rows: periods), with its own arrays. */
struct built {
	struct plot p;
	const char **x;
	double *v;
};

static double
number(const char *s)
{
	return s ? strtod(s, NULL) : -1;
}

static void
build_plot(struct built *b, const struct kb_table *t, const size_t *cols,
    size_t ns)
{
	size_t i, s;

	memset(b, 0, sizeof(*b));
	b->x = xcalloc(t->nrows + 1, sizeof(*b->x));
	b->v = xcalloc(ns * t->nrows + 1, sizeof(*b->v));
	for (i = 0; i < t->nrows; i++) {
		b->x[i] = t->cells[i * t->ncols] ? t->cells[i * t->ncols] : "";
		for (s = 0; s < ns; s++)
			b->v[s * t->nrows + i] = number(t->cells[i * t->ncols +
			    cols[s]]);
	}
	b->p.nx = t->nrows;
	b->p.ns = ns;
	b->p.x = b->x;
	b->p.v = b->v;
}

static void
built_free(struct built *b)
{
	free(b->x);
	free(b->v);
}

static double
column_sum(const struct kb_table *t, size_t col)
{
	double sum = 0;
	size_t r;

	for (r = 0; r < t->nrows; r++)
		if (t->cells[r * t->ncols + col])
			sum += strtod(t->cells[r * t->ncols + col], NULL);
	return sum;
}

/* "the day 2026-02-03", "the week from 2026-02-02", "2026-02". */
static void
add_period(const struct page *pg, struct buf *b, const char *x)
{
	if (pg->tr->step == KB_TREND_WEEK)
		buf_addf(b, "the week from %s", x);
	else if (pg->tr->step == KB_TREND_MONTH)
		buf_addf(b, "%s", x);
	else
		buf_addf(b, "%s", x);
}

static void
add_num(struct buf *b, double v)
{
	long tenths = (long)(v * 10 + 0.5);

	if (tenths % 10)
		buf_addf(b, "%ld.%ld", tenths / 10, tenths % 10);
	else
		buf_addf(b, "%ld", tenths / 10);
}

/*
 * The text alternative of a chart of counts: the total, each series'
 * total, and the period with the most.
 */
static void
counts_desc(const struct page *pg, struct buf *b, const struct plot *p,
    const char *unit)
{
	double total = 0, best = 0, sum;
	size_t s, i, at = 0;

	for (s = 0; s < p->ns; s++)
		for (i = 0; i < p->nx; i++)
			total += p->v[s * p->nx + i] > 0 ? p->v[s * p->nx + i] : 0;
	add_num(b, total);
	buf_addf(b, " %s from %s to %s", unit, pg->tr->from, pg->tr->to);
	for (s = 0; p->ns > 1 && s < p->ns; s++) {
		buf_addf(b, "%s%s ", s ? ", " : ": ", p->names[s]);
		for (sum = 0, i = 0; i < p->nx; i++)
			sum += p->v[s * p->nx + i] > 0 ? p->v[s * p->nx + i] : 0;
		add_num(b, sum);
	}
	buf_adds(b, ".");
	for (i = 0; i < p->nx; i++) {
		for (sum = 0, s = 0; s < p->ns; s++)
			sum += p->v[s * p->nx + i] > 0 ? p->v[s * p->nx + i] : 0;
		if (sum > best) {
			best = sum;
			at = i;
		}
	}
	if (best > 0) {
		buf_adds(b, " The most: ");
		add_num(b, best);
		buf_adds(b, ", in ");
		add_period(pg, b, p->x[at]);
		buf_adds(b, ".");
	}
}

static void
section_open(const struct page *pg, const char *id, const char *title)
{
	fprintf(pg->f, "<section id=\"%s\" aria-labelledby=\"%s-h\">\n"
	    "<h2 id=\"%s-h\">", id, id, id);
	text(pg, title);
	fputs("</h2>\n", pg->f);
}

static void
figure(const struct page *pg, const char *id, const char *title,
    const char *desc, const struct plot *p, const char *caption)
{
	fputs("<figure>\n", pg->f);
	kb_report_svg__chart(pg->f, id, title, desc, p);
	fputs("<figcaption>", pg->f);
	text(pg, caption);
	fputs("</figcaption>\n</figure>\n", pg->f);
}

static void
no_events(const struct page *pg)
{
	fputs("<p class=\"note\">No events in this period: nothing to "
	    "chart.</p>\n", pg->f);
}

/* "Each bar is a day." and how weeks and months are counted. */
static const char *
each_bar(const struct page *pg)
{
	static const char *const words[] = { "Each bar is a day",
		"Each bar is a week, from the day shown",
		"Each bar is a calendar month" };

	return words[pg->tr->step];
}

/* --- the trends ------------------------------------------------------ */

static void
top_chart(const struct page *pg)
{
	const struct kb_table *t = kb_report_table(pg->rep->tables,
	    pg->rep->ntables, "top_answers");
	const char *labels[TOP_BARS];
	double v[TOP_BARS];
	struct buf desc = BUF_INIT;
	size_t i, n;

	if (t == NULL || t->ncols < 3)
		return;
	section_open(pg, "top", t->title);
	n = t->nrows < TOP_BARS ? t->nrows : TOP_BARS;
	buf_adds(&desc, n ? "The most used answers:" : "No answer was used.");
	for (i = 0; i < n; i++) {
		labels[i] = t->cells[i * t->ncols + 1] ? t->cells[i * t->ncols
		    + 1] : "";
		v[i] = number(t->cells[i * t->ncols + 2]);
		if (i < NAMED_MAX)
			buf_addf(&desc, "%s %s (%s uses)", i ? "," : "",
			    labels[i], t->cells[i * t->ncols + 2] ?
			    t->cells[i * t->ncols + 2] : "0");
	}
	if (n) {
		fputs("<figure>\n", pg->f);
		kb_report_svg__hbars(pg->f, "top-chart", t->title,
		    buf_cstr(&desc), labels, v, n, "uses");
		fputs("<figcaption>One bar per answer, by its title; the "
		    "table below gives each answer's id.</figcaption>\n"
		    "</figure>\n", pg->f);
	} else {
		no_events(pg);
	}
	table(pg, t, t->title, 0);
	fputs("</section>\n", pg->f);
	buf_free(&desc);
}

/* Of all searches, those with no sure answer; the highest period. */
static void
share_desc(const struct page *pg, struct buf *b, const struct kb_table *t,
    const struct plot *p)
{
	double searches = column_sum(t, 1), none = column_sum(t, 2), best = -1;
	size_t i, at = 0;

	buf_adds(b, "Of ");
	add_num(b, searches);
	buf_addf(b, " searches from %s to %s, ", pg->tr->from, pg->tr->to);
	add_num(b, none);
	buf_adds(b, " found no sure answer (");
	add_num(b, searches > 0 ? 100 * none / searches : 0);
	buf_adds(b, "%).");
	for (i = 0; i < p->nx; i++)
		if (p->v[i] > best) {
			best = p->v[i];
			at = i;
		}
	if (best >= 0) {
		buf_adds(b, " The highest: ");
		add_num(b, best);
		buf_adds(b, "%, in ");
		add_period(pg, b, p->x[at]);
		buf_adds(b, ".");
	}
}

/*
 * A chart of one trend over the periods, as a table of what differs:
 * which columns are its series, how they are drawn, and what the
 * caption says (after "Each bar is a day" when each_bar is set).
 * describe: the text alternative; NULL: counts_desc() of `unit`.
 */
struct series_chart {
	const char *id, *trend;
	size_t ns;
	size_t cols[4];
	const char *names[4];
	enum chart_fill fills[4];
	enum chart_kind kind;
	const char *unit;
	double ymax;
	int each_bar;
	const char *caption;
	void (*describe)(const struct page *, struct buf *,
	    const struct kb_table *, const struct plot *);
};

static void
series_chart(const struct page *pg, const struct series_chart *c)
{
	const struct kb_table *t = trend(pg, c->trend);
	struct buf desc = BUF_INIT, cap = BUF_INIT;
	char id[32];
	struct built b;

	section_open(pg, c->id, t->title);
	if (pg->tr->from[0] == '\0') {
		no_events(pg);
	} else {
		build_plot(&b, t, c->cols, c->ns);
		b.p.names = c->names;
		b.p.fills = c->fills;
		b.p.kind = c->kind;
		b.p.unit = c->unit;
		b.p.ymax = c->ymax;
		if (c->describe)
			c->describe(pg, &desc, t, &b.p);
		else
			counts_desc(pg, &desc, &b.p, c->unit);
		buf_addf(&cap, "%s%s", c->each_bar ? each_bar(pg) : "",
		    c->caption);
		snprintf(id, sizeof(id), "%s-chart", c->id);
		figure(pg, id, t->title, buf_cstr(&desc), &b.p,
		    buf_cstr(&cap));
		built_free(&b);
	}
	table(pg, t, t->title, 1);
	fputs("</section>\n", pg->f);
	buf_free(&desc);
	buf_free(&cap);
}

static const struct series_chart uses_chart = {
	.id = "uses", .trend = "uses_over_time", .ns = 4,
	.cols = { 1, 2, 3, 4 },
	.names = { "phone", "email", "walk-in", "no channel" },
	.fills = { FILL_BLUE, FILL_ORANGE, FILL_GREEN, FILL_GREY },
	.kind = CHART_STACKED, .unit = "uses", .each_bar = 1,
	.caption = "; its parts are the channels: phone (solid blue), "
	    "email (orange stripes), walk-in (green dots), no channel (grey "
	    "crossed lines).  The table below has the numbers.",
};

static const struct series_chart gaps_chart = {
	.id = "gaps", .trend = "gaps_over_time", .ns = 2, .cols = { 1, 2 },
	.names = { "no results", "not sure" },
	.fills = { FILL_RED, FILL_ORANGE },
	.kind = CHART_STACKED, .unit = "content gaps", .each_bar = 1,
	.caption = ": searches with no sure answer that the agent did not "
	    "refine into an answer used.  Its parts: no results (red lines), "
	    "only answers not sure (orange stripes).",
};

static const struct series_chart share_chart = {
	.id = "share", .trend = "no_sure_share", .ns = 1, .cols = { 3 },
	.names = { "share" }, .fills = { FILL_BLUE },
	.kind = CHART_POINTS, .unit = "% of searches with no sure answer",
	.ymax = 100,
	.caption = "Each point is the share, in percent, of the searches in "
	    "a period that found no sure answer; a period without searches "
	    "has none.  Searches are those the log keeps (ended with no "
	    "answer used) and the uses (each ended one).",
	.describe = share_desc,
};

static const struct series_chart flags_chart = {
	.id = "flags", .trend = "flags_over_time", .ns = 2, .cols = { 1, 2 },
	.names = { "opened", "closed" }, .fills = { FILL_RED, FILL_GREEN },
	.kind = CHART_GROUPED, .unit = "flags",
	.caption = "Bars side by side: flags opened (red lines) and flags "
	    "closed (green dots), each in the period it closed in: the "
	    "answer changed on the branch or was removed, or a reviewer "
	    "closed the flag.",
};

static void
review_chart(const struct page *pg)
{
	static const size_t cols[] = { 1 };
	static const char *const names[] = { "answers" };
	static const enum chart_fill fills[] = { FILL_BLUE };
	const struct kb_table *t = trend(pg, "review_coming_due");
	struct buf desc = BUF_INIT;
	struct built b;

	section_open(pg, "review", t->title);
	build_plot(&b, t, cols, 1);
	b.p.names = names;
	b.p.fills = fills;
	b.p.kind = CHART_STACKED;
	b.p.unit = "answers";
	buf_adds(&desc, "Answers overdue for review: ");
	add_num(&desc, b.p.nx ? b.v[0] : 0);
	buf_addf(&desc, "; coming due in the next %d weeks: ",
	    KB_TREND_REVIEW_WEEKS);
	add_num(&desc, column_sum(t, 1) - (b.p.nx ? b.v[0] : 0));
	buf_adds(&desc, ".");
	figure(pg, "review-chart", t->title, buf_cstr(&desc), &b.p,
	    "The first bar counts the answers whose review date has passed; "
	    "each other bar, the answers whose review date falls in the week "
	    "from the day shown.  The section \"Answers past or within 30 "
	    "days of review\" below names them.");
	built_free(&b);
	table(pg, t, t->title, 0);
	fputs("</section>\n", pg->f);
	buf_free(&desc);
}

/* --- at the centre: each office -------------------------------------- */

/* The offices' figures as a grid: v[office * nx + period]. */
struct grid {
	const struct kb_table *t;	/* offices_over_time */
	const struct kb_table *periods;	/* uses_over_time: every period */
	const char **office;		/* the first PANELS_MAX */
	size_t noffices, more;
	size_t nx;
	const char **x;
};

static size_t
period_index(const struct grid *g, const char *x)
{
	size_t i;

	for (i = 0; i < g->nx; i++)
		if (strcmp(g->x[i], x) == 0)
			return i;
	return g->nx;
}

static size_t
office_index(const struct grid *g, const char *o)
{
	size_t i;

	for (i = 0; i < g->noffices; i++)
		if (strcmp(g->office[i], o) == 0)
			return i;
	return g->noffices;
}

static void
grid_init(struct grid *g, const struct page *pg)
{
	const struct kb_table *t = trend(pg, "offices_over_time");
	size_t r;

	memset(g, 0, sizeof(*g));
	g->t = t;
	g->periods = trend(pg, "uses_over_time");
	g->nx = g->periods->nrows;
	g->x = xcalloc(g->nx + 1, sizeof(*g->x));
	for (r = 0; r < g->nx; r++)
		g->x[r] = g->periods->cells[r * g->periods->ncols];
	g->office = xcalloc(PANELS_MAX, sizeof(*g->office));
	for (r = 0; r < t->nrows; r++) {
		const char *o = t->cells[r * t->ncols];

		if (office_index(g, o) < g->noffices)
			continue;
		if (g->noffices < PANELS_MAX)
			g->office[g->noffices++] = o;
		else if (r == 0 || strcmp(o, t->cells[(r - 1) * t->ncols]))
			g->more++;
	}
}

/* One measure of every office: small multiples, then the numbers. */
struct measure {
	const char *id, *title, *unit;
	size_t ns;
	size_t col[2];		/* columns of offices_over_time */
	const char *names[2];	/* the series' names */
	enum chart_fill fills[2];
	size_t of;		/* of: a percent of this column; 0: none */
	enum chart_kind kind;
};

/*
 * The measure per office, series and period: v[(office * ns + series) *
 * nx + period]; with `of`, a percent of that column (no value where it
 * is 0), as struct plot reads it.
 */
static double *
grid_values(const struct grid *g, const struct measure *m)
{
	double *v = xcalloc(g->noffices * m->ns * g->nx + 1, sizeof(*v));
	const struct kb_table *t = g->t;
	size_t r, o, i, s;

	for (r = 0; m->of && r < g->noffices * m->ns * g->nx; r++)
		v[r] = -1;
	for (r = 0; r < t->nrows; r++) {
		const char *const *row = (const char *const *)&t->cells[r *
		    t->ncols];
		double d = m->of ? number(row[m->of]) : 0;

		o = office_index(g, row[0]);
		i = period_index(g, row[1]);
		if (o == g->noffices || i == g->nx)
			continue;
		for (s = 0; s < m->ns; s++)
			v[(o * m->ns + s) * g->nx + i] = !m->of ?
			    number(row[m->col[s]]) : d > 0 ?
			    100 * number(row[m->col[s]]) / d : -1;
	}
	return v;
}

/* The pivot: a row per period, a column per office (and series). */
static void
grid_table(const struct page *pg, const struct grid *g, const double *v,
    const struct measure *m)
{
	size_t i, o, s, at;

	fputs("<table>\n<caption>", pg->f);
	text(pg, m->title);
	fputs(" (periods with none left out)</caption>\n<thead><tr>"
	    "<th scope=\"col\">period</th>", pg->f);
	for (o = 0; o < g->noffices; o++)
		for (s = 0; s < m->ns; s++) {
			fputs("<th scope=\"col\" class=\"n\">", pg->f);
			text(pg, g->office[o]);
			if (m->ns > 1)
				fprintf(pg->f, ": %s", m->names[s]);
			fputs("</th>", pg->f);
		}
	fputs("</tr></thead>\n<tbody>\n", pg->f);
	for (i = 0; i < g->nx; i++) {
		for (at = 0; at < g->noffices * m->ns; at++)
			if (v[at * g->nx + i] > 0)
				break;
		if (at == g->noffices * m->ns)
			continue;
		fputs("<tr>", pg->f);
		cell(pg, "th", g->x[i], 0, 1);
		for (at = 0; at < g->noffices * m->ns; at++) {
			fputs("<td class=\"n\">", pg->f);
			if (v[at * g->nx + i] < 0)
				fputs("-", pg->f);
			else
				kb_report_fmt__num(pg->f, v[at * g->nx + i]);
			fputs(m->of && v[at * g->nx + i] >= 0 ? "%</td>" :
			    "</td>", pg->f);
		}
		fputs("</tr>\n", pg->f);
	}
	fputs("</tbody>\n</table>\n", pg->f);
}

/* "Uses, by office: North 4, South 2 in the period." */
static void
measure_desc(const struct grid *g, const double *v, const struct measure *m,
    struct buf *b)
{
	size_t o, i, s;
	double sum;

	buf_addf(b, "%s, by office:", m->title);
	for (o = 0; o < g->noffices && o < NAMED_MAX; o++) {
		buf_addf(b, "%s %s", o ? "," : "", g->office[o]);
		for (s = 0; !m->of && s < m->ns; s++) {
			for (sum = 0, i = 0; i < g->nx; i++)
				sum += v[(o * m->ns + s) * g->nx + i];
			if (m->ns > 1)
				buf_addf(b, "%s%s ", s ? ", " : " (",
				    m->names[s]);
			else
				buf_adds(b, " ");
			add_num(b, sum);
			buf_adds(b, m->ns > 1 && s + 1 == m->ns ? ")" : "");
		}
	}
	if (g->noffices > NAMED_MAX)
		buf_addf(b, ", and %zu more", g->noffices - NAMED_MAX);
	buf_adds(b, m->of ? ". The table gives each office's share per "
	    "period." : " in the period.");
}

static void
measure_figure(const struct page *pg, const struct grid *g,
    const struct measure *m)
{
	struct plot *p = xcalloc(g->noffices + 1, sizeof(*p));
	double *v = grid_values(g, m);
	struct buf desc = BUF_INIT;
	size_t o;

	for (o = 0; o < g->noffices; o++) {
		p[o].nx = g->nx;
		p[o].ns = m->ns;
		p[o].x = g->x;
		p[o].names = m->names;
		p[o].fills = m->fills;
		p[o].v = v + o * m->ns * g->nx;
		p[o].kind = m->kind;
		p[o].unit = m->unit;
		p[o].who = g->office[o];
		p[o].ymax = m->of ? 100 : 0;
	}
	measure_desc(g, v, m, &desc);
	fprintf(pg->f, "<h3>%s</h3>\n<figure>\n", m->title);
	kb_report_svg__panels(pg->f, m->id, m->title, buf_cstr(&desc), p,
	    g->noffices);
	fprintf(pg->f, "<figcaption>One panel per office, all on the same "
	    "scale.  %s.</figcaption>\n</figure>\n", m->kind == CHART_POINTS ?
	    "Each point is a period with searches" : m->ns > 1 ? "Bars side "
	    "by side: opened (red lines), closed (green dots)" :
	    each_bar(pg));
	grid_table(pg, g, v, m);
	buf_free(&desc);
	free(v);
	free(p);
}

static void
offices_charts(const struct page *pg)
{
	static const struct measure measures[] = {
		{ "office-uses", "Uses", "uses", 1, { 2, 0 }, { "uses", NULL },
		  { FILL_BLUE, FILL_BLUE }, 0, CHART_STACKED },
		{ "office-gaps", "Content gaps", "content gaps", 1, { 4, 0 },
		  { "content gaps", NULL }, { FILL_RED, FILL_RED }, 0,
		  CHART_STACKED },
		{ "office-share", "Searches with no sure answer",
		  "% of searches with no sure answer", 1, { 5, 0 },
		  { "share", NULL }, { FILL_BLUE, FILL_BLUE }, 3,
		  CHART_POINTS },
		{ "office-flags", "Flags opened and closed", "flags", 2,
		  { 6, 7 }, { "opened", "closed" }, { FILL_RED, FILL_GREEN },
		  0, CHART_GROUPED },
	};
	struct grid g;
	size_t i;

	if (trend(pg, "offices_over_time") == NULL)
		return;
	grid_init(&g, pg);
	section_open(pg, "offices", "Each office");
	fprintf(pg->f, "<p>The same figures for each office, per %s.",
	    step_words[pg->tr->step]);
	if (g.more)
		fprintf(pg->f, " The first %d offices are drawn; the %zu "
		    "others are counted in the section Offices, below.",
		    PANELS_MAX, g.more);
	fputs("</p>\n", pg->f);
	for (i = 0; i < sizeof(measures) / sizeof(measures[0]); i++)
		measure_figure(pg, &g, &measures[i]);
	fputs("</section>\n", pg->f);
	free(g.office);
	free(g.x);
}

/* --- the page -------------------------------------------------------- */

static void
contents(const struct page *pg)
{
	fputs("<nav aria-label=\"Contents\"><ul>\n"
	    "<li><a href=\"#uses\">Uses</a></li>\n"
	    "<li><a href=\"#top\">Top answers</a></li>\n"
	    "<li><a href=\"#gaps\">Content gaps</a></li>\n"
	    "<li><a href=\"#share\">Searches with no sure answer</a></li>\n"
	    "<li><a href=\"#flags\">Flags</a></li>\n"
	    "<li><a href=\"#review\">Review dates</a></li>\n", pg->f);
	if (trend(pg, "offices_over_time"))
		fputs("<li><a href=\"#offices\">Each office</a></li>\n",
		    pg->f);
	fputs("<li><a href=\"#sections\">Every section</a></li>\n"
	    "</ul></nav>\n", pg->f);
}

/* The report's sections as tables (the top answers are above). */
static void
sections(const struct page *pg)
{
	size_t i;

	section_open(pg, "sections", "Every section of the report");
	for (i = 0; i < pg->rep->ntables; i++) {
		const struct kb_table *t = &pg->rep->tables[i];

		if (strcmp(t->name, "top_answers") == 0)
			continue;
		fprintf(pg->f, "<h3 id=\"section-%s\">", t->name);
		text(pg, t->title);
		fputs("</h3>\n", pg->f);
		table(pg, t, t->title, 0);
	}
	fputs("</section>\n", pg->f);
}

int
kb_report_html_write(FILE *f, const struct kb_report *rep,
    const struct kb_report_trends *tr, const struct kb_report_options *o)
{
	struct page pg = { f, rep, tr, o };

	head(&pg);
	kb_report_svg__defs(f);
	header(&pg);
	contents(&pg);
	fputs("<main>\n", f);
	series_chart(&pg, &uses_chart);
	top_chart(&pg);
	series_chart(&pg, &gaps_chart);
	series_chart(&pg, &share_chart);
	series_chart(&pg, &flags_chart);
	review_chart(&pg);
	offices_charts(&pg);
	sections(&pg);
	fputs("</main>\n<footer><p>Written by kb report.  Every chart has "
	    "its numbers in the table under it.</p></footer>\n"
	    "</body>\n</html>\n", f);
	if (ferror(f))
		return kb_error_set(KB_ERROR, "cannot write the HTML report");
	return 0;
}
