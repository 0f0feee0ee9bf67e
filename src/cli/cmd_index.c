/* kb index: bring the search index up to date with the branch. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <kb/index.h>
#include <kb/proposal.h>

#include "cmd.h"
#include "index_warning.h"

const struct opt cmd_index_opts[] = {
	OPT_BOOL("rebuild", 0, "build the index from scratch"),
	OPT_BOOL("quiet", 0, "print nothing but warnings and errors"),
	OPT_END
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
cmd_index(struct cli *cli, int argc, char **argv)
{
	struct kb_index_stats stats;
	struct args a;
	double start;
	int quiet, rebuild;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	rebuild = cmd_opt(&a, "rebuild") != NULL;
	quiet = cmd_opt(&a, "quiet") != NULL;
	if (a.n > 0) {
		cmd_args_free(&a);
		return cmd_usage_error("takes no arguments");
	}
	cmd_args_free(&a);
	start = now_ms();
	/* A writer: first finish a work tree a killed approval left. */
	if (kb_finish_interrupted(cli->kb) < 0)
		return cmd_fail_last();
	if (kb_index_update(&stats, cli->kb,
	    KB_INDEX_OFFICES | (rebuild ? KB_INDEX_REBUILD : 0),
	    cmd_print_skipped, NULL) < 0)
		return cmd_fail_last();
	cmd_print_index_warning(cli->kb);
	if (quiet)
		return EXIT_OK;
	printf("indexed %.7s: %u added, %u changed, %u removed, %u skipped; "
	    "%u answers (%.0f ms)\n", stats.commit[0] ? stats.commit :
	    "(empty)", stats.added, stats.changed, stats.removed, stats.skipped,
	    stats.total, now_ms() - start);
	return EXIT_OK;
}
