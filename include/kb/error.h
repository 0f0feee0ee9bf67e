/*
 * Error codes and the last error message of the calling thread.
 *
 * Every library function that can fail returns 0 or a negative KB_E* code
 * and leaves a human-readable message in kb_error_last().  The library
 * never prints and never exits; front ends decide how to show the message.
 */
#ifndef KB_ERROR_H
#define KB_ERROR_H

enum kb_error_code {
	KB_OK = 0,
	KB_ERROR = -1,		/* anything not covered below */
	KB_ENOTFOUND = -3,	/* no such answer, KB, branch or version */
	KB_EINVALID = -4,	/* malformed input: answer, option, query */
	KB_ELOCKED = -5,	/* database or repository busy */
	KB_ECONFLICT = -6,	/* concurrent change, merge conflict */
	KB_EOFFLINE = -7,	/* remote cannot be reached */
	KB_EFULL = -8		/* no space left on the disk (or quota) */
};

#if defined(__GNUC__)
#define KB_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define KB_PRINTF(fmt, args)
#endif

/*
 * Record a message for the current thread and return code, so that callers
 * can write `return kb_error_set(KB_EINVALID, "bad id '%s'", id);`.
 */
int kb_error_set(int code, const char *fmt, ...) KB_PRINTF(2, 3);

/* The last message recorded by this thread; never NULL. */
const char *kb_error_last(void);

/* Forget the last message. */
void kb_error_clear(void);

#endif
