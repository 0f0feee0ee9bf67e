/* Formatted diagnostics (diag_report.h). */
#include "diag_report.h"

#include <stdio.h>

void
diag_vreport(kb_diag_cb cb, void *payload, const char *path, unsigned line,
    enum kb_severity severity, const char *fmt, va_list ap)
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
diag_report(kb_diag_cb cb, void *payload, const char *path, unsigned line,
    enum kb_severity severity, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(cb, payload, path, line, severity, fmt, ap);
	va_end(ap);
}
