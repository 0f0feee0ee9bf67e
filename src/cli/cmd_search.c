/* kb search: one hit per line, ID<TAB>TITLE, best first; or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/identity.h>
#include <kb/search.h>

#include "buf_cli.h"
#include "cmd.h"
#include "index_warning.h"

const struct opt cmd_search_opts[] = {
	{ "limit", 0, OPT_VALUE, "N", "at most N hits (default 10)" },
	{ "lang", 0, OPT_VALUE, "L", "only answers in language L (en, es; "
	  "all: every one); default $KB_LANG, else git config kb.lang" },
	{ "tag", 0, OPT_VALUE, "T", "only answers tagged T" },
	{ "json", 0, OPT_FLAG, NULL,
	  "print a JSON array of {id, title, snippet, version}" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

enum { O_LIMIT, O_LANG, O_TAG, O_JSON };

static void
print_json(const struct kb_results *r)
{
	size_t i;

	printf("[");
	for (i = 0; i < r->nhits; i++) {
		const struct kb_hit *h = &r->hits[i];

		printf("%s\n  {\"id\": ", i ? "," : "");
		out_json(stdout, h->id);
		printf(", \"title\": ");
		out_json(stdout, h->title);
		printf(", \"snippet\": ");
		out_json(stdout, h->snippet ? h->snippet : "");
		printf(", \"version\": ");
		out_json(stdout, h->version);
		printf("}");
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

int
cmd_search(struct cli *cli, int argc, char **argv)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *r = NULL;
	char *query, *lang = NULL;
	struct args a;
	size_t i;
	int rc;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	if (a.values[O_LIMIT] && parse_limit(a.values[O_LIMIT],
	    &opts.limit) < 0) {
		cmd_args_free(&a);
		return cmd_usage_error("--limit takes a number from 1 to 1000");
	}
	if (a.n == 0) {
		cmd_args_free(&a);
		return cmd_usage_error("what to search for is missing");
	}
	if (kb_agent_lang(cli->kb, a.values[O_LANG], &lang) < 0) {
		cmd_args_free(&a);
		return cmd_fail_last();
	}
	opts.lang = lang;
	opts.tag = a.values[O_TAG];
	opts.snippets = a.values[O_JSON] != NULL;
	if (getenv("KB_SEARCH_TRACE"))
		opts.trace = print_trace;
	query = join_words(a.operands, a.n);
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
	if (r->nhits && a.values[O_JSON])
		print_json(r);
	else
		for (i = 0; i < r->nhits; i++) {
			out_text(stdout, r->hits[i].id);
			putchar('\t');
			out_text(stdout, r->hits[i].title);
			putchar('\n');
		}
	kb_results_free(r);
	cmd_args_free(&a);
	return fflush(stdout) == 0 ? EXIT_OK : cmd_fail("writing: error");
}
