/*
 * kb search: one hit per line, ID<TAB>TITLE, best first; or JSON.  Only
 * the sure hits unless --all: then the weaker ones follow, and each line
 * says which it is in a third field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/identity.h>
#include <kb/search.h>

#include "cmd.h"
#include "index_warning.h"
#include "strlist.h"

const struct opt cmd_search_opts[] = {
	OPT_ARG("limit", 0, "N", "at most N hits (default 10)"),
	OPT_ARG("lang", 0, "L", "only answers in language L (en, es; "
	  "all: every one); default $KB_LANG, else git config kb.lang"),
	OPT_ARG("tag", 0, "T", "only answers tagged T"),
	OPT_BOOL("all", 0, "the hits that are not a sure match "
	  "too, after the sure ones (a third field: sure or weaker)"),
	OPT_BOOL("json", 0, "print a JSON array of {id, title, "
	  "snippet, version, confidence, sure}"),
	OPT_END
};

static size_t
nsure_of(const struct kb_results *r)
{
	return r->nsure < r->nhits ? r->nsure : r->nhits;
}

/* The confidence as a JSON number: 0 to 1, whatever the ranking gave. */
static double
confidence_of(const struct kb_hit *h)
{
	if (!(h->confidence >= 0.0))	/* negative, or not a number */
		return 0.0;
	return h->confidence > 1.0 ? 1.0 : h->confidence;
}

static void
print_json(const struct kb_results *r, size_t n)
{
	size_t i;

	printf("[");
	for (i = 0; i < n; i++) {
		const struct kb_hit *h = &r->hits[i];

		printf("%s\n  {\"id\": ", i ? "," : "");
		out_json(stdout, h->id);
		printf(", \"title\": ");
		out_json(stdout, h->title);
		printf(", \"snippet\": ");
		out_json(stdout, h->snippet ? h->snippet : "");
		printf(", \"version\": ");
		out_json(stdout, h->version);
		printf(", \"confidence\": %.3f, \"sure\": %s}",
		    confidence_of(h), i < nsure_of(r) ? "true" : "false");
	}
	printf("\n]\n");
}

/* KB_SEARCH_TRACE: each search stage on stderr, for tuning ranking. */
static void
print_trace(const char *line, void *payload)
{
	(void)payload;
	out_line(stderr, "kb: trace: %s", line);
}

static int
parse_limit(const char *s, unsigned *out)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > 1000)
		return -1;
	*out = (unsigned)n;
	return 0;
}

/* ID<TAB>TITLE; with --all, <TAB>sure or <TAB>weaker after them. */
static void
print_line(const struct kb_results *r, size_t i, int all)
{
	out_text(stdout, r->hits[i].id);
	putchar('\t');
	out_text(stdout, r->hits[i].title);
	if (all)
		fputs(i < nsure_of(r) ? "\tsure" : "\tweaker", stdout);
	putchar('\n');
}

/*
 * What the hits on stdout do not say: the query that was searched after
 * a typing error was corrected, and why nothing is printed when only
 * weaker hits were found.
 */
static void
say_on_stderr(const struct kb_results *r, size_t shown, int all)
{
	size_t weaker = r->nhits - nsure_of(r);

	if (r->corrected && r->nhits)
		out_line(stderr, "kb: showing results for \"%s\"",
		    r->corrected);
	if (shown == 0 && weaker && !all)
		out_line(stderr, "kb: no sure match; %zu weaker hit%s with "
		    "--all", weaker, weaker == 1 ? "" : "s");
}

int
cmd_search(struct cli *cli, int argc, char **argv)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *r = NULL;
	char *query, *lang = NULL;
	const char *limit;
	struct args a;
	size_t i, shown;
	int rc, all, json;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	limit = cmd_opt(&a, "limit");
	all = cmd_opt(&a, "all") != NULL;
	json = cmd_opt(&a, "json") != NULL;
	if (limit && parse_limit(limit, &opts.limit) < 0) {
		cmd_args_free(&a);
		return cmd_usage_error("--limit takes a number from 1 to 1000");
	}
	if (a.n == 0) {
		cmd_args_free(&a);
		return cmd_usage_error("what to search for is missing");
	}
	if (kb_agent_lang(&lang, cli->kb, cmd_opt(&a, "lang")) < 0) {
		cmd_args_free(&a);
		return cmd_fail_last();
	}
	opts.lang = lang;
	opts.tag = cmd_opt(&a, "tag");
	opts.snippets = json;
	if (getenv("KB_SEARCH_TRACE"))
		opts.trace = print_trace;
	query = strlist_join(a.operands, (size_t)a.n, " ");
	cmd_warn_if_stale(cli->kb);
	cmd_warn_critical_notices(cli->kb);
	rc = kb_search(&r, cli->kb, query, &opts);
	free(query);
	free(lang);
	cmd_print_index_warning(cli->kb);
	if (rc < 0) {
		cmd_args_free(&a);
		return cmd_fail_last();
	}
	shown = all ? r->nhits : nsure_of(r);
	say_on_stderr(r, shown, all);
	if (shown && json)
		print_json(r, shown);
	else
		for (i = 0; i < shown; i++)
			print_line(r, i, all);
	kb_results_free(r);
	cmd_args_free(&a);
	return fflush(stdout) == 0 ? EXIT_OK : cmd_fail("writing: error");
}
