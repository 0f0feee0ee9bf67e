/* The index's one-line warning (kb_index_warning_take()) on stderr. */
#ifndef KB_CLI_INDEX_WARNING_H
#define KB_CLI_INDEX_WARNING_H

struct kb;

/* "kb: warning: ..." when a damaged index was rebuilt, or when it could
 * not be updated and the one there is was searched. */
void cmd_print_index_warning(struct kb *kb);

#endif
