/*
 * Running a helper program (git credential, ssh-keygen): no shell, the
 * arguments as given, a bounded answer and a bounded wait.
 */
#ifndef KB_SPAWN_H
#define KB_SPAWN_H

#include <stddef.h>

struct spawn {
	const char *const *argv;	/* argv[0] is looked up in $PATH */
	const char *const *env;		/* "NAME=VALUE" sets, "NAME" unsets;
					   NULL-terminated, or NULL */
	const char *dir;		/* run there, or NULL */
	const char *input;		/* written to its standard input */
	size_t max_output;		/* more than this: an error */
	int timeout_ms;			/* then it is killed */
};

/*
 * Run it and wait.  Its standard output is returned in *out (a string,
 * the caller's, also on failure: free it with kb_spawn__free_output), its
 * standard error is discarded.  *status is its exit status, or -1 when it
 * could not run, was killed (the timeout) or said too much.  Returns 0,
 * or -1 when it could not be started at all.
 */
int kb_spawn__run(char **out, size_t *len, int *status, const struct spawn *sp);

/* Free an output that may hold a secret: it is wiped first. */
void kb_spawn__free_output(char *out, size_t len);

#endif
