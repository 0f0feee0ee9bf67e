/* kb report: the usage log turned into decisions, as text, CSV or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/kb.h>
#include <kb/report.h>
#include <kb/text.h>

#include "cmd.h"

const struct opt cmd_report_opts[] = {
	{ "since", 0, OPT_VALUE, "DATE", "from this day (YYYY-MM-DD)" },
	{ "until", 0, OPT_VALUE, "DATE", "to this day, inclusive" },
	{ "format", 0, OPT_VALUE, "F", "text (default), csv or json" },
	{ "top", 0, OPT_VALUE, "N", "rows in the top sections (default 10)" },
	{ "channel", 0, OPT_VALUE, "C", "only events on this channel" },
	{ "all-offices", 0, OPT_FLAG, NULL,
	  "at the centre: every office's usage, as kbsync sent it" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

enum { O_SINCE, O_UNTIL, O_FORMAT, O_TOP, O_CHANNEL, O_ALL_OFFICES };

/* A whole number from 1 to 10000, or 0. */
static unsigned
parse_top(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && *end == '\0' && n >= 1 && n <= 10000 ? (unsigned)n : 0;
}

#define TEXT_WIDTH 80

static const char *
cell(const struct kb_table *t, size_t row, size_t col)
{
	const char *v = t->cells[row * t->ncols + col];

	return v ? v : "";
}

/*
 * Column widths that fit 80 columns.  Text columns give way one column
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
text_widths(const struct kb_table *t, size_t *w)
{
	size_t r, c, total = 0;

	for (c = 0; c < t->ncols; c++) {
		w[c] = kb_text_width(t->cols[c]);
		for (r = 0; r < t->nrows; r++) {
			size_t n = kb_text_width(cell(t, r, c));

			if (n > w[c])
				w[c] = n;
		}
		total += w[c] + 2;
	}
	total -= 2;
	while (total > TEXT_WIDTH && (cut_one(t, w, 1) || cut_one(t, w, 0)))
		total--;
}

static void
text_cell(const char *s, size_t width, int numeric, int last)
{
	size_t n = strlen(s), used;
	size_t fit = kb_text_fit(s, n, width, &used);

	if (numeric)
		printf("%*s", (int)(width - used), "");
	if (fit < n && fit > 0) {	/* cut: show it was cut */
		fit = kb_text_fit(s, n, width - 1, &used);
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
print_text(const struct kb_table *t)
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
	text_widths(t, w);
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

static void
csv_field(const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* Each section: a header row, then its rows, all led by its name. */
static void
print_csv(const struct kb_table *t)
{
	size_t r, c;

	fputs("section", stdout);
	for (c = 0; c < t->ncols; c++) {
		putchar(',');
		csv_field(t->cols[c]);
	}
	fputs("\r\n", stdout);
	for (r = 0; r < t->nrows; r++) {
		fputs(t->name, stdout);
		for (c = 0; c < t->ncols; c++) {
			putchar(',');
			csv_field(cell(t, r, c));
		}
		fputs("\r\n", stdout);
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

static void
print_json(const struct kb_report *rep, const struct kb_report_options *o)
{
	size_t i, r, c;

	printf("{\"since\":");
	out_json(stdout, o->since ? o->since : "");
	printf(",\"until\":");
	out_json(stdout, o->until ? o->until : "");
	printf(",\"channel\":");
	out_json(stdout, o->channel == KB_CHANNEL_NONE ? "" :
	    kb_channel_name(o->channel));
	for (i = 0; i < rep->ntables; i++) {
		const struct kb_table *t = &rep->tables[i];

		printf(",\n\"%s\":[", t->name);
		for (r = 0; r < t->nrows; r++) {
			printf("%s{", r ? ",\n  " : "\n  ");
			for (c = 0; c < t->ncols; c++) {
				const char *v = t->cells[r * t->ncols + c];

				printf("%s", c ? "," : "");
				out_json(stdout, t->cols[c]);
				putchar(':');
				if (v == NULL)
					fputs("null", stdout);
				else if (t->numeric[c] == 'n' && is_number(v))
					fputs(v, stdout);
				else
					out_json(stdout, v);
			}
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
	if ((safe->cells = calloc(n ? n : 1, sizeof(char *))) == NULL) {
		fputs("kb: out of memory\n", stderr);
		exit(EXIT_FAIL);
	}
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

/* Every section as text or CSV. */
static void
print_tables(const struct kb_report *rep, int csv)
{
	struct kb_table safe;
	size_t i;

	for (i = 0; i < rep->ntables; i++) {
		safe_copy(&safe, &rep->tables[i]);
		if (csv)
			print_csv(&safe);
		else
			print_text(&safe);
		safe_clear(&safe);
	}
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	struct kb_report_options o;
	struct kb_report *rep = NULL;
	const char *format;
	struct args args;
	int rc = EXIT_OK;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	memset(&o, 0, sizeof(o));
	o.since = args.values[O_SINCE];
	o.until = args.values[O_UNTIL];
	o.channel = cli->channel_name ? cli->channel : KB_CHANNEL_NONE;
	o.top = args.values[O_TOP] ? parse_top(args.values[O_TOP]) : 10;
	format = args.values[O_FORMAT] ? args.values[O_FORMAT] : "text";
	o.all_offices = args.values[O_ALL_OFFICES] != NULL;
	o.on_bad_line = cmd_print_diag_cb;
	if (args.values[O_CHANNEL] &&
	    kb_channel_parse(args.values[O_CHANNEL]) >= 0)
		o.channel = (enum kb_channel)kb_channel_parse(
		    args.values[O_CHANNEL]);
	if (args.n != 0)
		rc = cmd_usage_error("takes no operands");
	else if (o.since && !kb_date_valid(o.since))
		rc = cmd_usage_error("--since '%s' is not a date (YYYY-MM-DD)",
		    o.since);
	else if (o.until && !kb_date_valid(o.until))
		rc = cmd_usage_error("--until '%s' is not a date (YYYY-MM-DD)",
		    o.until);
	else if (strcmp(format, "text") && strcmp(format, "csv") &&
	    strcmp(format, "json"))
		rc = cmd_usage_error("--format is text, csv or json");
	else if (o.top == 0)
		rc = cmd_usage_error("--top takes a number from 1 to 10000");
	else if (kb_report_build(&rep, cli->kb, &o) < 0)
		rc = cmd_fail_last();
	else if (strcmp(format, "json") == 0)
		print_json(rep, &o);
	else
		print_tables(rep, strcmp(format, "csv") == 0);
	kb_report_free(rep);
	cmd_args_free(&args);
	return rc;
}
