/*
 * Fuzz target: a proposal's diff as kb review and kb diff show it (made
 * safe, its changed words marked, cut into rows), whatever a branch made
 * with plain git holds.  The first byte picks the width.
 */
#include "fuzz.h"

#include "kb/worddiff.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Every row of every line, as a screen of `cols` would cut them. */
static void
cut_rows(const char *text, size_t cols)
{
	const char *s = text;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s), off = 0, n;

		while (off < len) {
			n = kb_diff_row_end(s + off, len - off, cols);
			if (n == 0 || n > len - off)
				abort();	/* no progress, or past the line */
			off += n;
		}
		s += len + (nl != NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kb_diff_marks m;
	char *text;
	size_t i, cols;

	if (size == 0)
		return 0;
	cols = 1 + data[0] % 200;
	text = kb_diff_for_screen((const char *)data + 1, size - 1);
	kb_diff_marks(&m, text, strlen(text));
	for (i = 0; i < m.n; i++)
		if (m.v[i].len == 0 || m.v[i].start == 0 || (i > 0 &&
		    (m.v[i].line < m.v[i - 1].line || (m.v[i].line ==
		    m.v[i - 1].line && m.v[i].start < m.v[i - 1].start +
		    m.v[i - 1].len))))
			abort();	/* empty, on the sign, or out of order */
	cut_rows(text, cols);
	kb_diff_marks_clear(&m);
	free(text);
	return 0;
}
