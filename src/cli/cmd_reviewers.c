/*
 * kb reviewers: who may approve and reject (REVIEWERS on main), listed,
 * or one added or removed by a commit (kb(1), Who may approve).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/centre.h>
#include <kb/kb.h>
#include <kb/reviewers.h>

#include "cmd.h"

const struct opt cmd_reviewers_opts[] = {
	OPT_BOOL("push", 0, "a reviewer's clone: on the centre's "
	  "main, pushed to it (all or nothing)"),
	OPT_END
};

static int
list(struct cli *cli)
{
	struct kb_reviewers r;
	size_t i;
	int rc = EXIT_OK;

	if (kb_reviewers_list(&r, cli->kb) < 0)
		rc = cmd_fail_last();
	else if (!r.exists)
		out_line(stderr, "kb: the KB has no REVIEWERS file on %s: nobody "
		    "may approve yet; kb reviewers add NAME-OR-EMAIL names the "
		    "first", kb_branch(cli->kb));
	for (i = 0; i < r.n; i++)
		out_line(stdout, "%s", r.names[i]);
	kb_reviewers_clear(&r);
	return rc;
}

static int
change(struct cli *cli, enum kb_reviewers_change what, const char *who,
    int push)
{
	struct kb_centre_push p;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = kb_reviewers_change(push ? &p : NULL, cli->kb, what, who);
	if (rc < 0)
		rc = cmd_fail_last();
	else {
		out_line(stdout, what == KB_REVIEWERS_ADD ? "added %s to "
		    "REVIEWERS" : "removed %s from REVIEWERS", who);
		if (push)
			cmd_centre_pushed(&p);
		else
			cmd_centre_unpushed(cli->kb, "REVIEWERS changed",
			    kb_branch(cli->kb) ? kb_branch(cli->kb) : "main");
		rc = EXIT_OK;
	}
	kb_centre_push_clear(&p);
	return rc;
}

int
cmd_reviewers(struct cli *cli, int argc, char **argv)
{
	struct args args;
	int rc, push;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	push = cmd_opt(&args, "push") != NULL;
	if (args.n == 0 && !push)
		rc = list(cli);
	else if (args.n == 0)
		rc = cmd_usage_error("--push goes with add or remove");
	else if (args.n != 2 || (strcmp(args.operands[0], "add") != 0 &&
	    strcmp(args.operands[0], "remove") != 0))
		rc = cmd_usage_error("give add or remove, then one name or "
		    "email (quoted if it has spaces)");
	else
		rc = change(cli, strcmp(args.operands[0], "add") == 0 ?
		    KB_REVIEWERS_ADD : KB_REVIEWERS_REMOVE,
		    args.operands[1], push);
	cmd_args_free(&args);
	return rc;
}
