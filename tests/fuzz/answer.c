/*
 * Fuzz target: an answer file (front matter and Markdown), as kb check,
 * kb index and kb show read it, and its body rendered as kb show does.
 */
#include "fuzz.h"

#include "kb/answer.h"
#include "kb/render.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kb_answer *a = NULL;
	struct kb_doc *doc = NULL;
	struct kb_lines *lines = NULL;

	if (kb_answer_parse(&a, "answers/fuzz/input.md", (const char *)data,
	    size, fuzz_ignore_diag, NULL) < 0)
		return 0;
	if (kb_render(&doc, a->body, a->body_len) == 0) {
		if (kb_layout(&lines, doc, KB_CHANNEL_NONE, 80) == 0)
			kb_lines_free(lines);
		kb_doc_free(doc);
	}
	kb_answer_free(a);
	return 0;
}
