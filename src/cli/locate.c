/*
 * Which KB a command uses, in words: why none could be opened, and (kb
 * status) how it was chosen when --kb did not name it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kb/error.h>
#include <kb/kb.h>

#include "cmd.h"

int
cmd_fail_no_kb(const struct cli *cli)
{
	int rc = cmd_fail_last();

	if (cli->where.from != KB_FROM_DEFAULT)
		return rc;
	/* kb looked in two places; the message names the second. */
	if (cli->where.not_kb)
		out_line(stderr, "kb: (the current folder is in %s, a git "
		    "repository that is no KB: it has no answers/ folder and "
		    "kb never used it)", cli->where.not_kb);
	out_line(stderr, "kb: cd into a KB, give --kb DIR or set KB_DIR; kb "
	    "init makes one");
	return rc;
}

const char *
cmd_kb_source(const struct cli *cli)
{
	switch (cli->where.from) {
	case KB_FROM_ENV:
		return " (from $KB_DIR)";
	case KB_FROM_HERE:
		return " (the repository of the current folder)";
	case KB_FROM_DEFAULT:
		return cli->where.not_kb ? " (the default: the current "
		    "folder's repository is no KB)" : " (the default)";
	case KB_FROM_OPTION:
		break;
	}
	return "";
}
