/*
 * The spelling of the format's small values: answer ids and the paths
 * that give them, language tags, dates (kb/answer.h, valid.h).  On their
 * own, below everything that checks them: the answer and notice
 * parsers, the clock, the usage log, the flags.
 */
#include "valid.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "xmalloc.h"

int
kb_answer_id_valid(const char *id)
{
	size_t i;

	if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
		return 0;
	for (i = 1; id[i]; i++) {
		if (i >= KB_ID_MAX)
			return 0;
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	}
	return 1;
}

int
kb_date_valid(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	if (s[10] != '\0')
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

int
kb_answer_path_is_answer(const char *path)
{
	size_t n = strlen(path);

	return strncmp(path, "answers/", 8) == 0 && n > 11 &&
	    strcmp(path + n - 3, ".md") == 0;
}

int
kb_answer_id_from_path(char **out, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n <= 3 || strcmp(base + n - 3, ".md") != 0) {
		*out = NULL;
		return kb_error_set(KB_EINVALID, "%s: not a .md file", path);
	}
	*out = xstrndup(base, n - 3);
	return 0;
}

int
kb_lang_valid(const char *s)
{
	size_t i = 0;

	while (s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return 0;
	while (s[i] == '-') {
		size_t start = ++i;

		while (isalnum((unsigned char)s[i]))
			i++;
		if (i == start || i - start > 8)
			return 0;
	}
	return s[i] == '\0';
}

int
kb_valid__path_id(char id[KB_ID_MAX + 1], const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	if (strncmp(path, "answers/", 8) != 0 || base == NULL)
		return 0;
	base++;
	n = strlen(base);
	if (n <= 3 || n - 3 > KB_ID_MAX || strcmp(base + n - 3, ".md") != 0)
		return 0;
	memcpy(id, base, n - 3);
	id[n - 3] = '\0';
	return kb_answer_id_valid(id);
}
