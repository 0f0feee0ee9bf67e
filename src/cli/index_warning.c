/* The index's one-line warning on stderr (index_warning.h). */
#include "index_warning.h"

#include <stdio.h>
#include <stdlib.h>

#include <kb/index.h>

#include "cmd.h"

void
cmd_print_index_warning(struct kb *kb)
{
	char *warning = kb ? kb_index_warning_take(kb) : NULL;

	if (warning)
		out_line(stderr, "kb: warning: %s", warning);
	free(warning);
}
