/*
 * Fuzz target: a notice file, as kb check and kb notices read it, its
 * dates checked against a time, and its body rendered as kb show does.
 */
#include "fuzz.h"

#include "kb/clock.h"
#include "kb/notice.h"
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
	static char *const tags[] = { "dmv", "Parks" };
	struct kb_notice *n = NULL;
	struct kb_doc *doc = NULL;
	struct kb_lines *lines = NULL;
	char when[KB_LOCAL_TIME_SIZE], *head;

	/* The start of the input as a date, as the front matter's are read. */
	head = fuzz_string(data, size < 32 ? size : 32);
	(void)kb_notice_time(when, head, size & 1);
	free(head);
	if (kb_notice_parse(&n, "notices/fuzz.md", (const char *)data, size,
	    fuzz_ignore_diag, NULL) < 0)
		return 0;
	(void)kb_notice_state_at(n, "2026-12-24T10:00:00");
	(void)kb_notice_applies(n, tags, 2);
	if (kb_render(&doc, n->body, n->body_len) == 0) {
		if (kb_layout(&lines, doc, KB_CHANNEL_NONE, 60) == 0)
			kb_lines_free(lines);
		kb_doc_free(doc);
	}
	kb_notice_free(n);
	return 0;
}
