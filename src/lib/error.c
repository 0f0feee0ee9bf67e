/* The per-thread last error message behind kb_error_set()/kb_error_last(). */
#include "kb/error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_message[1024];

int
kb_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	va_end(ap);
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
