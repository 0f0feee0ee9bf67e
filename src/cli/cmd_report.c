/* kb report: the usage log turned into decisions, as text, CSV or JSON. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kb/kb.h>
#include <kb/report.h>
#include <kb/text.h>

#include "buf.h"
#include "cmd.h"
#include "strlist.h"
#include "utf8.h"
#include "xmalloc.h"

const struct opt cmd_report_opts[] = {
	OPT_ARG("since", 0, "DATE", "from this day (YYYY-MM-DD)"),
	OPT_ARG("until", 0, "DATE", "to this day, inclusive"),
	OPT_ARG("format", 0, "F", "text (default), csv, json or html"),
	OPT_ARG("top", 0, "N", "rows in the top sections (default 10)"),
	OPT_ARG("channel", 0, "C", "only events on this channel"),
	OPT_BOOL("all-offices", 0,
	  "at the centre: every office's usage, as kbsync sent it"),
	OPT_ARG("section", 0, "NAME[,NAME...]",
	  "only these sections (e.g. content_gaps)"),
	OPT_ARG("width", 0, "N", "text: lay tables out for N columns "
	  "(default: the terminal's; 0 or not a terminal: never cut)"),
	OPT_ARG("output", 0, "DIR|FILE",
	  "csv: one file per section, DIR/NAME.csv; html: the page, "
	  "to FILE"),
	OPT_END
};

/* How the report is printed, beyond what it holds. */
struct print_opts {
	unsigned width;		/* text: columns to fit; 0: never cut */
	const char *sections;	/* "a,b": only these; NULL: every one */
};

/* A whole number from 1 to 10000, or 0. */
static unsigned
parse_top(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && *end == '\0' && n >= 1 && n <= 10000 ? (unsigned)n : 0;
}

/*
 * A terminal's width, so that tables fill it; anything else (a file, a
 * pipe) gets every character.
 */
static unsigned
default_width(void)
{
	return isatty(STDOUT_FILENO) ? cmd_terminal_width() : 0;
}

/* 1 when section `name` is one of the comma-separated `list`. */
static int
in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; *p; p += strcspn(p, ","), p += *p == ',')
		if (strcspn(p, ",") == n && strncmp(p, name, n) == 0)
			return 1;
	return 0;
}

static int
wanted(const struct print_opts *po, const struct kb_table *t)
{
	return po->sections == NULL || in_list(po->sections, t->name);
}

/*
 * The first name in --section that is no section of the report, as a
 * usage error naming the sections there are; EXIT_OK when all are.
 */
static int
check_sections(const struct kb_report *rep, const char *list)
{
	const char *p;
	size_t i, n = 0;

	for (p = list; *p; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		for (i = 0; i < rep->ntables; i++)
			if (strlen(rep->tables[i].name) == n &&
			    strncmp(p, rep->tables[i].name, n) == 0)
				break;
		if (n == 0 || i == rep->ntables)
			break;
	}
	if (*p == '\0')
		return EXIT_OK;
	fprintf(stderr, "kb report: --section '%.*s' is not a section; the "
	    "sections are:", (int)n, p);
	for (i = 0; i < rep->ntables; i++)
		fprintf(stderr, " %s", rep->tables[i].name);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static const char *
cell(const struct kb_table *t, size_t row, size_t col)
{
	const char *v = t->cells[row * t->ncols + col];

	return v ? v : "";
}

/*
 * Column widths that fit `width` columns (0: the widest cell of each).  Text columns give way one column
 * at a time, the widest first, never below MIN_CUT; the first column
 * (an answer id, a query, an agent: what a reader acts on) only when
 * cutting the others was not enough.
 */
#define MIN_CUT 8

static int
cut_one(const struct kb_table *t, size_t *w, size_t from)
{
	size_t c, widest = t->ncols;

	for (c = from; c < t->ncols; c++)
		if (t->numeric[c] != 'n' && w[c] > MIN_CUT &&
		    (widest == t->ncols || w[c] > w[widest]))
			widest = c;
	if (widest == t->ncols)
		return 0;
	w[widest]--;
	return 1;
}

static void
text_widths(const struct kb_table *t, size_t *w, unsigned width)
{
	size_t r, c, total = 0;

	for (c = 0; c < t->ncols; c++) {
		w[c] = utf8_strwidth(t->cols[c]);
		for (r = 0; r < t->nrows; r++) {
			size_t n = utf8_strwidth(cell(t, r, c));

			if (n > w[c])
				w[c] = n;
		}
		total += w[c] + 2;
	}
	total -= 2;
	while (width && total > width && (cut_one(t, w, 1) ||
	    cut_one(t, w, 0)))
		total--;
}

static void
text_cell(const char *s, size_t width, int numeric, int last)
{
	size_t n = strlen(s), used;
	size_t fit = utf8_fit(&used, s, n, width);

	if (numeric)
		printf("%*s", (int)(width - used), "");
	if (fit < n && fit > 0) {	/* cut: show it was cut */
		fit = utf8_fit(&used, s, n, width - 1);
		printf("%.*s~", (int)fit, s);
		used++;
	} else {
		printf("%.*s", (int)fit, s);
	}
	if (!numeric && !last)
		printf("%*s", (int)(width - used), "");
	if (!last)
		fputs("  ", stdout);
}

static void
print_text(const struct kb_table *t, unsigned width)
{
	size_t w[16], r, c;

	printf("%s\n", t->title);
	for (c = 0; c < strlen(t->title); c++)
		putchar('-');
	putchar('\n');
	if (t->nrows == 0) {
		printf("(none)\n\n");
		return;
	}
	text_widths(t, w, width);
	for (c = 0; c < t->ncols; c++)
		text_cell(t->cols[c], w[c], t->numeric[c] == 'n',
		    c + 1 == t->ncols);
	putchar('\n');
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			text_cell(cell(t, r, c), w[c], t->numeric[c] == 'n',
			    c + 1 == t->ncols);
		putchar('\n');
	}
	putchar('\n');
}

/*
 * A column's name for programs (CSV, JSON): snake_case, "not used on"
 * -> "not_used_on", "walk-in" -> "walk_in".  The text form keeps the
 * words.
 */
static char *
column_key(const char *col)
{
	char *k = xstrdup(col), *p;

	for (p = k; *p; p++)
		if (*p == ' ' || *p == '-')
			*p = '_';
	return k;
}

static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

/* One section: a header row of column keys, then its rows. */
static void
print_csv(FILE *f, const struct kb_table *t)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		char *k = column_key(t->cols[c]);

		fputs(c ? "," : "", f);
		csv_field(f, k);
		free(k);
	}
	fputs("\r\n", f);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			fputs(c ? "," : "", f);
			csv_field(f, cell(t, r, c));
		}
		fputs("\r\n", f);
	}
}

/* A JSON number as SQLite prints one; anything else is written a string. */
static int
is_number(const char *s)
{
	size_t digits = strspn(s + (*s == '-'), "0123456789");

	if (digits == 0)
		return 0;
	s += (*s == '-') + digits;
	if (*s == '.')
		s += 1 + strspn(s + 1, "0123456789");
	return *s == '\0';
}

/* "--since", "--until": the day given, else the first or last event's. */
static const char *
period_end(const char *given, const char *event, const char *neither)
{
	return given ? given : event ? event : neither;
}

/* What the report covers, as the JSON document's first members. */
static void
print_json_scope(const struct kb_report *rep,
    const struct kb_report_options *o)
{
	const struct kb_report_scope *s = &rep->scope;
	size_t i;

	printf("{\"kb\":");
	out_json(stdout, s->kb_name);
	printf(",\"commit\":");
	out_json(stdout, s->commit);
	printf(",\"since\":");
	out_json(stdout, o->since ? o->since : "");
	printf(",\"until\":");
	out_json(stdout, o->until ? o->until : "");
	printf(",\"from\":");
	out_json(stdout, period_end(o->since, s->first, ""));
	printf(",\"to\":");
	out_json(stdout, period_end(o->until, s->last, ""));
	printf(",\"channel\":");
	out_json(stdout, o->channel == KB_CHANNEL_NONE ? "" :
	    kb_channel_name(o->channel));
	printf(",\"all_offices\":%s,\"office_names\":[", o->all_offices ?
	    "true" : "false");
	for (i = 0; i < s->noffices; i++) {
		fputs(i ? "," : "", stdout);
		out_json(stdout, s->offices[i]);
	}
	printf("]");
}

static void
print_json_row(const struct kb_table *t, size_t r)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		const char *v = t->cells[r * t->ncols + c];
		char *k = column_key(t->cols[c]);

		printf("%s", c ? "," : "");
		out_json(stdout, k);
		free(k);
		putchar(':');
		if (v == NULL)
			fputs("null", stdout);
		else if (t->numeric[c] == 'n' && is_number(v))
			fputs(v, stdout);
		else
			out_json(stdout, v);
	}
}

static void
print_json(const struct kb_report *rep, const struct kb_report_options *o,
    const struct print_opts *po)
{
	size_t i, r;

	print_json_scope(rep, o);
	for (i = 0; i < rep->ntables; i++) {
		const struct kb_table *t = &rep->tables[i];

		if (!wanted(po, t))
			continue;
		printf(",\n\"%s\":[", t->name);
		for (r = 0; r < t->nrows; r++) {
			printf("%s{", r ? ",\n  " : "\n  ");
			print_json_row(t, r);
			putchar('}');
		}
		printf("]");
	}
	printf("}\n");
}

/*
 * The table with its cells made safe to print (kb/text.h), so that the
 * text form measures what it prints and the CSV form quotes it.  Free
 * with safe_clear().
 */
static void
safe_copy(struct kb_table *safe, const struct kb_table *t)
{
	size_t i, n = t->nrows * t->ncols;

	*safe = *t;
	safe->cells = xcalloc(n ? n : 1, sizeof(char *));
	for (i = 0; i < n; i++)
		if (t->cells[i])
			safe->cells[i] = kb_text_sanitize(t->cells[i],
			    strlen(t->cells[i]), 0);
}

static void
safe_clear(struct kb_table *safe)
{
	size_t i;

	for (i = 0; i < safe->nrows * safe->ncols; i++)
		free(safe->cells[i]);
	free(safe->cells);
}

/* Text: words on one line, broken before a part that would pass width. */
static void
print_parts(const char *const *part, size_t n, unsigned width)
{
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		size_t w = utf8_strwidth(part[i]);

		if (i > 0 && width && col + 3 + w > width) {
			putchar('\n');
			col = 0;
		} else if (i > 0) {
			fputs(" | ", stdout);
			col += 3;
		}
		fputs(part[i], stdout);
		col += w;
	}
	putchar('\n');
}

/* At most this many offices are named on the header line. */
#define HEADER_OFFICES 8

static char *
offices_part(const struct kb_report_scope *s, int all_offices)
{
	size_t named = s->noffices < HEADER_OFFICES ? s->noffices :
	    HEADER_OFFICES;
	char *names = strlist_join(s->offices, named, ", "), *safe;
	struct buf p = BUF_INIT;

	buf_adds(&p, all_offices ? "every office: " : "offices: ");
	buf_adds(&p, s->noffices == 0 ? "none" : names);
	if (s->noffices > HEADER_OFFICES)
		buf_addf(&p, ", and %zu more", s->noffices - HEADER_OFFICES);
	safe = kb_text_sanitize(p.data, p.len, 0);
	buf_free(&p);
	free(names);
	return safe;
}

/*
 * The header line: the KB and its commit, the period, the channel and
 * the offices, so that a report read later says what it covers.
 */
static void
print_header(const struct kb_report *rep, const struct kb_report_options *o,
    unsigned width)
{
	const struct kb_report_scope *s = &rep->scope;
	char kb[300], period[64], channel[32];
	char *name = kb_text_sanitize(s->kb_name, strlen(s->kb_name), 0);
	char *offices = offices_part(s, o->all_offices);
	const char *part[4];

	snprintf(kb, sizeof(kb), "KB %.200s, commit %.12s", name,
	    s->commit[0] ? s->commit : "none");
	if (!o->since && !o->until && !s->first)
		snprintf(period, sizeof(period), "no events");
	else
		snprintf(period, sizeof(period), "%s to %s",
		    period_end(o->since, s->first, "the first event"),
		    period_end(o->until, s->last, "the last event"));
	snprintf(channel, sizeof(channel), "%s", o->channel ==
	    KB_CHANNEL_NONE ? "every channel" : kb_channel_name(o->channel));
	part[0] = kb;
	part[1] = period;
	part[2] = channel;
	part[3] = offices;
	print_parts(part, 4, width);
	putchar('\n');
	free(name);
	free(offices);
}

/* The sections wanted as text, after the header line. */
static void
print_text_report(const struct kb_report *rep,
    const struct kb_report_options *o, const struct print_opts *po)
{
	struct kb_table safe;
	size_t i;

	print_header(rep, o, po->width);
	for (i = 0; i < rep->ntables; i++) {
		if (!wanted(po, &rep->tables[i]))
			continue;
		safe_copy(&safe, &rep->tables[i]);
		print_text(&safe, po->width);
		safe_clear(&safe);
	}
}

/* One section as CSV, to stdout: only one can go there. */
static void
print_csv_one(const struct kb_report *rep, const struct print_opts *po)
{
	struct kb_table safe;
	size_t i;

	for (i = 0; i < rep->ntables; i++) {
		if (!wanted(po, &rep->tables[i]))
			continue;
		safe_copy(&safe, &rep->tables[i]);
		print_csv(stdout, &safe);
		safe_clear(&safe);
	}
}

static int
write_csv_file(const char *dir, const struct kb_table *t)
{
	struct kb_table safe;
	char *path = xasprintf("%s/%s.csv", dir, t->name);
	FILE *f;
	int rc = EXIT_OK;

	if ((f = fopen(path, "w")) == NULL) {
		rc = cmd_fail("cannot write %s: %s; check that the directory "
		    "is writable", path, strerror(errno));
		free(path);
		return rc;
	}
	safe_copy(&safe, t);
	print_csv(f, &safe);
	safe_clear(&safe);
	if (ferror(f) | (fclose(f) != 0))
		rc = cmd_fail("cannot write %s: %s; check the space left on "
		    "its disk", path, strerror(errno));
	free(path);
	return rc;
}

/* Every section wanted as DIR/NAME.csv, DIR made when missing. */
static int
write_csv_dir(const struct kb_report *rep, const char *dir,
    const struct print_opts *po)
{
	size_t i;
	int rc = EXIT_OK;

	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return cmd_fail("cannot make the directory %s: %s", dir,
		    strerror(errno));
	for (i = 0; i < rep->ntables && rc == EXIT_OK; i++)
		if (wanted(po, &rep->tables[i]))
			rc = write_csv_file(dir, &rep->tables[i]);
	return rc;
}

/* The options that only make sense together, as usage errors. */
static int
check_format_options(const char *format, const struct args *args)
{
	const char *output = cmd_opt(args, "output");
	const char *section = cmd_opt(args, "section");
	int csv = strcmp(format, "csv") == 0;
	int html = strcmp(format, "html") == 0;

	if (strcmp(format, "text") && !csv && strcmp(format, "json") && !html)
		return cmd_usage_error("--format is text, csv, json or html");
	if (output && !csv && !html)
		return cmd_usage_error("--output DIR writes CSV files: add "
		    "--format csv (or --format html for one page)");
	if (html && section)
		return cmd_usage_error("--format html writes every section; "
		    "--section is for text, csv and json");
	if (csv && !output && (!section || strchr(section, ',')))
		return cmd_usage_error("--format csv writes one section: add "
		    "--section NAME, or --output DIR for one file per section");
	if (cmd_opt(args, "width") && strcmp(format, "text"))
		return cmd_usage_error("--width is for --format text; CSV "
		    "and JSON always hold every character");
	return EXIT_OK;
}

/*
 * The report as one HTML page with charts of its trends (report.h), to
 * FILE or standard output.
 */
static int
write_html(struct kb *kb, const struct kb_report *rep,
    const struct kb_report_options *o, const char *path)
{
	struct kb_report_trends *tr = NULL;
	FILE *f = stdout;
	int rc = EXIT_OK;

	if (kb_report_trends_build(&tr, kb, o) < 0)
		return cmd_fail_last();
	if (path && (f = fopen(path, "w")) == NULL) {
		kb_report_trends_free(tr);
		return cmd_fail("cannot write %s: %s; check that its directory "
		    "exists and is writable", path, strerror(errno));
	}
	if (kb_report_html_write(f, rep, tr, o) < 0)
		rc = cmd_fail_last();
	if (((path && fclose(f) != 0) || (!path && fflush(f) != 0)) &&
	    rc == EXIT_OK)
		rc = cmd_fail("cannot write %s: %s; check the space left on "
		    "its disk", path ? path : "the report", strerror(errno));
	kb_report_trends_free(tr);
	return rc;
}

/* Print the report as asked; EXIT_USAGE for a section not there. */
static int
print_report(const struct kb_report *rep, const struct kb_report_options *o,
    const char *format, const struct args *args, const struct print_opts *po)
{
	int rc;

	if (po->sections && (rc = check_sections(rep, po->sections)) != 0)
		return rc;
	if (strcmp(format, "json") == 0)
		print_json(rep, o, po);
	else if (strcmp(format, "text") == 0)
		print_text_report(rep, o, po);
	else if (cmd_opt(args, "output"))
		return write_csv_dir(rep, cmd_opt(args, "output"), po);
	else
		print_csv_one(rep, po);
	return EXIT_OK;
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	struct kb_report_options o;
	struct kb_report *rep = NULL;
	struct print_opts po;
	const char *format, *top, *channel, *width;
	struct args args;
	int rc = EXIT_OK;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	top = cmd_opt(&args, "top");
	format = cmd_opt(&args, "format");
	channel = cmd_opt(&args, "channel");
	width = cmd_opt(&args, "width");
	memset(&o, 0, sizeof(o));
	o.since = cmd_opt(&args, "since");
	o.until = cmd_opt(&args, "until");
	o.channel = cli->channel_name ? cli->channel : KB_CHANNEL_NONE;
	o.top = top ? parse_top(top) : 10;
	format = format ? format : "text";
	o.all_offices = cmd_opt(&args, "all-offices") != NULL;
	o.on_bad_line = cmd_print_diag_cb;
	po.sections = cmd_opt(&args, "section");
	po.width = default_width();
	if (channel && kb_channel_parse(channel) >= 0)
		o.channel = (enum kb_channel)kb_channel_parse(channel);
	if (args.n != 0)
		rc = cmd_usage_error("takes no operands");
	else if (o.since && !kb_date_valid(o.since))
		rc = cmd_usage_error("--since '%s' is not a date (YYYY-MM-DD)",
		    o.since);
	else if (o.until && !kb_date_valid(o.until))
		rc = cmd_usage_error("--until '%s' is not a date (YYYY-MM-DD)",
		    o.until);
	else if ((rc = check_format_options(format, &args)) != EXIT_OK)
		;
	else if (o.top == 0)
		rc = cmd_usage_error("--top takes a number from 1 to 10000");
	else if (width && cmd_parse_width(width, 10000, &po.width) < 0)
		rc = cmd_usage_error("--width takes 0 or a number from 20 to "
		    "10000");
	else if (kb_report_build(&rep, cli->kb, &o) < 0)
		rc = cmd_fail_last();
	else if (strcmp(format, "html") == 0)
		rc = write_html(cli->kb, rep, &o, cmd_opt(&args, "output"));
	else
		rc = print_report(rep, &o, format, &args, &po);
	kb_report_free(rep);
	cmd_args_free(&args);
	return rc;
}
