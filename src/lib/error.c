/* The per-thread last error message behind kb_error_set()/kb_error_last(). */
#include "kb/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[1024];

int
kb_error_set(int code, const char *fmt, ...)
{
	char message[sizeof(last_message)];
	va_list ap;

	/* Format aside first: callers may pass kb_error_last() itself as an
	 * argument ("%s; and then ..."), which must not be overwritten while
	 * it is being read. */
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	memcpy(last_message, message, sizeof(message));
	return code;
}

const char *
kb_error_last(void)
{
	return last_message[0] ? last_message : "unknown error";
}

void
kb_error_clear(void)
{
	last_message[0] = '\0';
}
