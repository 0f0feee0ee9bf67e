/* The status line's message: a confirmation or an error, for a while. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

void
tui_message_vset(struct tui_message *m, int error, const char *fmt,
    va_list ap)
{
	vsnprintf(m->text, sizeof(m->text), fmt, ap);
	m->error = error;
	m->when = time(NULL);
}

void
tui_message_set(struct tui_message *m, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tui_message_vset(m, error, fmt, ap);
	va_end(ap);
}

void
tui_message_add(struct tui_message *m, int error, const char *fmt, ...)
{
	size_t n = strlen(m->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->text + n, sizeof(m->text) - n, fmt, ap);
	va_end(ap);
	m->error |= error;
	m->when = time(NULL);
}

const char *
tui_message_current(const struct tui_message *m, time_t now)
{
	if (m->text[0] == '\0' || now - m->when >= TUI_MESSAGE_SECONDS)
		return NULL;
	return m->text;
}
