/*
 * The language a query is written in, from its small words ("the",
 * "my" against "el", "mi") and its letters ("ñ", "á"): "en", "es", or
 * NULL when it does not tell ("renew passport", "W-2").  Search uses it
 * to put answers in the caller's language first when two are as good.
 */
#ifndef KB_QUERY_LANG_H
#define KB_QUERY_LANG_H

const char *kb_query_lang__guess(const char *text);

#endif
