/* kb check: every problem as path:line: severity: message. */
#include <stdio.h>

#include <kb/check.h>

#include "cmd.h"

const struct opt cmd_check_opts[] = {
	OPT_END
};

static void
print_diag(const struct kb_diag *d, void *payload)
{
	(void)payload;
	cmd_print_diag(stdout, d);
}

int
cmd_check(struct cli *cli, int argc, char **argv)
{
	struct kb_check_stats stats;
	struct args a;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	if (a.n > 0) {
		cmd_args_free(&a);
		return cmd_usage_error("takes no arguments");
	}
	cmd_args_free(&a);
	if (kb_check(&stats, cli->kb, print_diag, NULL) < 0)
		return cmd_fail_last();
	fflush(stdout);
	fprintf(stderr, "kb: %u answer%s and %u notice%s checked: %u error%s, "
	    "%u warning%s\n", stats.answers, stats.answers == 1 ? "" : "s",
	    stats.notices, stats.notices == 1 ? "" : "s", stats.errors,
	    stats.errors == 1 ? "" : "s",
	    stats.warnings, stats.warnings == 1 ? "" : "s");
	return stats.errors ? EXIT_FAIL : EXIT_OK;
}
