/*
 * kb prune: drop the usage log's events older than a day (--all-offices:
 * at the centre, the offices' ones read from their refs too) and the
 * days before it from the usage refs' history, keeping what the centre
 * has not received yet (kb(1), RETENTION).
 */
#include <stdio.h>

#include <kb/prune.h>

#include "cmd.h"

const struct opt cmd_prune_opts[] = {
	OPT_ARG("before", 0, "DATE",
	  "drop the events logged before this day (YYYY-MM-DD, UTC)"),
	OPT_BOOL("all-offices", 0,
	  "at the centre: the offices' events too"),
	OPT_BOOL("quiet", 0, "print nothing but warnings and errors"),
	OPT_END
};

static const char *
plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

static void
say(const struct kb_prune_result *r, int all_offices, const char *before)
{
	printf("dropped    %lu event%s before %s from this KB's usage log\n",
	    r->dropped, plural(r->dropped), before);
	if (all_offices)
		printf("dropped    %lu event%s before %s from the offices' "
		    "usage (offices.db)\n", r->office_dropped,
		    plural(r->office_dropped), before);
	if (r->refs_pruned)
		printf("pruned     %lu usage ref%s of the days before %s: "
		    "kbsync sends %s in place of the old\n", r->refs_pruned,
		    plural(r->refs_pruned), before,
		    r->refs_pruned == 1 ? "it" : "them");
}

int
cmd_prune(struct cli *cli, int argc, char **argv)
{
	struct kb_prune_result r;
	const char *before;
	struct args a;
	int all_offices, quiet;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	before = cmd_opt(&a, "before");
	all_offices = cmd_opt(&a, "all-offices") != NULL;
	quiet = cmd_opt(&a, "quiet") != NULL;
	if (a.n > 0 || before == NULL) {
		cmd_args_free(&a);
		return cmd_usage_error(before ? "takes no arguments" :
		    "--before DATE is needed: the day the events kept start");
	}
	if (kb_prune(&r, cli->kb, before, all_offices, cmd_print_diag_cb,
	    NULL) < 0) {
		cmd_args_free(&a);
		return cmd_fail_last();
	}
	if (!quiet)
		say(&r, all_offices, before);
	if (r.waiting)
		fprintf(stderr, "kb: warning: %lu older event%s kept: the "
		    "centre has not received %s yet; run kbsync, then kb "
		    "prune again\n", r.waiting, plural(r.waiting),
		    r.waiting == 1 ? "it" : "them");
	if (r.refs_unsent)
		fprintf(stderr, "kb: warning: %lu usage ref%s kept %s history: "
		    "the centre has not received all of it yet; run kbsync, "
		    "then kb prune again\n", r.refs_unsent,
		    plural(r.refs_unsent), r.refs_unsent == 1 ? "its" : "their");
	cmd_args_free(&a);
	return EXIT_OK;
}
