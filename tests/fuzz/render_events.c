/*
 * Fuzz target: any sequence of md4c callbacks into the renderer, not only
 * those md4c sends (render_private.h), then the layout.  Each input byte
 * pair is one call: the first byte says which call (and a block or span
 * type), the second picks a text.
 */
#include "fuzz.h"

#include "kb/render.h"
#include "render_private.h"

static const char *const texts[] = { "a", "word ", "\x1B[2J", "\xC2\x9B",
    "\xFF", "\xE2\x80\xAE", "two\nlines", "&#27;", "&#x1F600;", "&amp;",
    "\t", "", "\xE8\xAD\xB7", " ", "&#;", "Phone" };

static void
call(const MD_PARSER *p, struct render *r, uint8_t op, uint8_t arg)
{
	static MD_BLOCK_H_DETAIL head = { 2 };
	static MD_BLOCK_OL_DETAIL ol = { 4000000000u, 0, '.' };
	MD_SPAN_A_DETAIL link;
	const char *text = texts[arg % (sizeof(texts) / sizeof(texts[0]))];
	int type = op >> 3;
	void *detail = NULL;

	memset(&link, 0, sizeof(link));
	link.href.text = text;
	link.href.size = (MD_SIZE)strlen(text);
	if (arg & 0x80)
		detail = type == MD_BLOCK_H ? (void *)&head :
		    type == MD_BLOCK_OL ? (void *)&ol : NULL;
	switch (op % 5) {
	case 0:
		p->enter_block((MD_BLOCKTYPE)(type % (MD_BLOCK_TD + 1)),
		    detail, r);
		break;
	case 1:
		p->leave_block((MD_BLOCKTYPE)(type % (MD_BLOCK_TD + 1)),
		    detail, r);
		break;
	case 2:
		type %= MD_SPAN_U + 1;
		p->enter_span((MD_SPANTYPE)type, type == MD_SPAN_A &&
		    (arg & 0x40) ? &link : NULL, r);
		break;
	case 3:
		p->leave_span((MD_SPANTYPE)(type % (MD_SPAN_U + 1)), NULL, r);
		break;
	default:
		p->text((MD_TEXTTYPE)(type % (MD_TEXT_LATEXMATH + 1)), text,
		    (MD_SIZE)strlen(text), r);
		break;
	}
}

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
	MD_PARSER p;
	struct render *r = kb_render__begin(size);
	struct kb_doc *doc;
	struct kb_lines *lines = NULL;
	size_t i;

	kb_render__parser(&p);
	for (i = 0; i + 1 < size; i += 2)
		call(&p, r, data[i], data[i + 1]);
	doc = kb_render__end(r);
	if (kb_layout(&lines, doc, KB_CHANNEL_PHONE, 12) == 0)
		kb_lines_free(lines);
	kb_doc_free(doc);
	return 0;
}
