/* An office's name as its refs carry it (office_name.h). */
#include "office_name.h"

#include <string.h>

static char
slug_char(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	    c == '-')
		return c;
	return '-';
}

void
kb_office_name__slug(char out[OFFICE_NAME_MAX + 1], const char *name)
{
	size_t i, n = 0;

	for (i = 0; name[i] && n < OFFICE_NAME_MAX; i++) {
		char c = slug_char(name[i]);

		if (c == '-' && n > 0 && out[n - 1] == '-')
			continue;
		out[n++] = c;
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
}

int
kb_office_name__valid(const char *slug)
{
	size_t len = strlen(slug);

	return len > 0 && len <= OFFICE_NAME_MAX &&
	    strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789_-") == len &&
	    slug[len - 1] != '-' && strstr(slug, "--") == NULL;
}
