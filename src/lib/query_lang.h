/*
 * The language a query is written in, and the hits in it first.
 */
#ifndef KB_QUERY_LANG_H
#define KB_QUERY_LANG_H

struct kb_results;

/*
 * From its small words ("the", "my" against "el", "mi") and its letters
 * ("ñ", "á"): "en", "es", or NULL when it does not tell ("renew
 * passport", "W-2").
 */
const char *kb_query_lang__guess(const char *text);

/*
 * Of two hits about as good, the one in the language of `text` first
 * (English when it does not tell): a hit in another language weighs 0.9
 * of its score, and the hits are sorted again, best first.
 */
void kb_query_lang__prefer(struct kb_results *r, const char *text);

#endif
