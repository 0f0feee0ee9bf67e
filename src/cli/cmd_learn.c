/*
 * kb learn: bring what search learned from use up to date and say what
 * it is; at the centre, --publish it for the offices (kbsync fetches it).
 */
#include <stdio.h>
#include <stdlib.h>

#include <kb/learn.h>
#include <kb/proposal.h>

#include "cmd.h"
#include "index_warning.h"

const struct opt cmd_learn_opts[] = {
	OPT_BOOL("publish", 0,
	  "at the centre: publish it on refs/kb/learned for the offices"),
	OPT_BOOL("quiet", 0, "print nothing but warnings and errors"),
	OPT_END
};

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static int
publish(struct cli *cli, int quiet)
{
	struct kb_learn_published p;

	if (kb_learn_publish(&p, cli->kb) < 0)
		return cmd_fail_last();
	if (p.left_out)
		fprintf(stderr, "kb: warning: %zu answer%s left out of %s: the "
		    "file would be larger than 8 MiB\n", p.left_out,
		    plural(p.left_out), KB_LEARN_REF);
	if (quiet)
		return EXIT_OK;
	printf("published  %s %.7s: %zu word%s for %zu answer%s%s\n",
	    KB_LEARN_REF, p.commit, p.words, plural(p.words), p.answers,
	    plural(p.answers), p.changed ? "" : " (unchanged)");
	return EXIT_OK;
}

int
cmd_learn(struct cli *cli, int argc, char **argv)
{
	struct kb_learn_summary s;
	struct args a;
	int quiet, publishing;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	publishing = cmd_opt(&a, "publish") != NULL;
	quiet = cmd_opt(&a, "quiet") != NULL;
	if (a.n > 0) {
		cmd_args_free(&a);
		return cmd_usage_error("takes no arguments");
	}
	cmd_args_free(&a);
	/* A writer: first finish a work tree a killed approval left. */
	if (kb_finish_interrupted(cli->kb) < 0)
		return cmd_fail_last();
	if (kb_learn_update(&s, cli->kb, cmd_print_diag_cb, NULL) < 0)
		return cmd_fail_last();
	cmd_print_index_warning(cli->kb);
	if (!quiet)
		printf("learned    %zu word%s for %zu answer%s (%u answer%s "
		    "changed now)\n", s.words, plural(s.words), s.answers,
		    plural(s.answers), s.changed, plural(s.changed));
	return publishing ? publish(cli, quiet) : EXIT_OK;
}
