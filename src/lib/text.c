/* Text made safe by kb/text.h's rule (JSON strings: json.c). */
#include "kb/text.h"

#include "buf.h"
#include "utf8.h"

char *
kb_text_sanitize(const char *s, size_t len, unsigned flags)
{
	struct buf b = BUF_INIT;
	unsigned how = UTF8_STRICT;

	if (flags & KB_TEXT_LINES)
		how |= UTF8_KEEP_NEWLINES | UTF8_KEEP_TABS;
	utf8_sanitize(&b, s ? s : "", s ? len : 0, how);
	return buf_detach(&b);
}
