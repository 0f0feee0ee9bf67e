/*
 * The kb program under test, run as a user runs it: `kb search` for the
 * figures, `kb use` and `kb index` for learning from use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define ERRORS_SHOWN 3		/* messages echoed, as score.sh does */

/* The first line of a failed command's stderr, for the message. */
static void
report_failure(const char *what, int status, const struct capture *c)
{
	fprintf(stderr, "eval: %s exited %d: %.*s\n", what, status,
	    (int)strcspn(c->err, "\n"), c->err);
}

/*
 * `KB --kb REPO search --limit 10 -- QUERY`, as score.sh runs it (with
 * `every`, --all: the weaker hits too, which is the ranking alone); a
 * command that fails counts in *errors and as no hit.
 */
int
kb_search_outcome(struct outcome *o, const struct kb_target *t,
    const struct query *q, int every, unsigned *errors)
{
	char *argv[10] = { (char *)t->bin, "--kb", (char *)t->repo, "search",
	    "--limit", "10" };
	struct hits h = { { NULL }, 0 };
	struct capture c;
	int status, n = 6;

	if (every)
		argv[n++] = "--all";
	argv[n++] = "--";
	argv[n++] = q->text;
	argv[n] = NULL;
	if ((status = run_capture(argv, &c)) < 0) {
		fprintf(stderr, "eval: cannot run %s\n", t->bin);
		capture_free(&c);
		return -1;
	}
	if (status != 0 && (*errors)++ < ERRORS_SHOWN)
		report_failure(q->text, status, &c);
	hits_parse(&h, c.out, c.nout);
	outcome_set(o, q, &h, status != 0);
	hits_clear(&h);
	capture_free(&c);
	return 0;
}

/* `KB --kb REPO --agent AGENT use ID --channel=phone --query=QUERY`. */
int
kb_use(const struct kb_target *t, const char *agent, const char *id,
    const char *query)
{
	size_t len = strlen(query) + sizeof("--query=");
	char *query_opt = malloc(len);
	char *argv[] = { (char *)t->bin, "--kb", (char *)t->repo, "--agent",
	    (char *)agent, "use", "--channel=phone", query_opt, "--",
	    (char *)id, NULL };
	struct capture c;
	int status;

	if (query_opt == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	snprintf(query_opt, len, "--query=%s", query);
	status = run_capture(argv, &c);
	if (status != 0)
		report_failure("kb use", status, &c);
	capture_free(&c);
	free(query_opt);
	return status == 0 ? 0 : -1;
}

/* `KB --kb REPO index --quiet`: what was logged reaches the index. */
int
kb_reindex(const struct kb_target *t)
{
	char *argv[] = { (char *)t->bin, "--kb", (char *)t->repo, "index",
	    "--quiet", NULL };
	struct capture c;
	int status = run_capture(argv, &c);

	if (status != 0)
		report_failure("kb index", status, &c);
	capture_free(&c);
	return status == 0 ? 0 : -1;
}
