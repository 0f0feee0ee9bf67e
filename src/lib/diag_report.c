/* Formatted diagnostics (diag_report.h). */
#include "diag_report.h"

#include <stdio.h>

void
kb_diag_report__vemit(kb_diag_cb cb, void *payload, const char *path,
    unsigned line, enum kb_severity severity, const char *fmt, va_list ap)
{
	struct kb_diag d;
	char message[600];

	if (cb == NULL)
		return;
	vsnprintf(message, sizeof(message), fmt, ap);
	d.path = path;
	d.line = line;
	d.severity = severity;
	d.message = message;
	cb(&d, payload);
}

void
kb_diag_report__emit(kb_diag_cb cb, void *payload, const char *path,
    unsigned line, enum kb_severity severity, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kb_diag_report__vemit(cb, payload, path, line, severity, fmt, ap);
	va_end(ap);
}
