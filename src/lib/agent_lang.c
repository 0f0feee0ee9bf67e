/*
 * The language the agent searches in (identity.h, kb_agent_lang): kb.lang
 * is read through the index's config cache (config_cache.h), so that a
 * search need not start libgit2 for it.
 */
#include "kb/identity.h"

#include <stdlib.h>
#include <string.h>

#include "config_cache.h"
#include "kb/answer.h"
#include "kb/error.h"
#include "kb_private.h"
#include "xmalloc.h"

/* Set, and more than blanks. */
static int
usable(const char *s)
{
	return s && s[strspn(s, " \t")] != '\0';
}

/* git config kb.lang, as the index keeps it when it can be opened. */
static int
configured_lang(char **out, struct kb *kb)
{
	if (kb_index__open(kb) < 0) {
		kb_error_clear();
		return kb_config_string(out, kb, "kb.lang");
	}
	return kb_config_cache__string(out, kb, "kb.lang");
}

int
kb_agent_lang(char **out, struct kb *kb, const char *given)
{
	const char *env = getenv("KB_LANG"), *from = "--lang";
	char *configured = NULL, *v = NULL;

	*out = NULL;
	if (usable(given))
		v = xstrdup(given);
	else if (usable(env))
		v = xstrdup(env), from = "KB_LANG";
	else if (kb && configured_lang(&configured, kb) == 0 &&
	    usable(configured))
		v = configured, configured = NULL, from = "git config kb.lang";
	free(configured);
	if (v == NULL || strcmp(v, "all") == 0) {
		free(v);
		return 0;
	}
	if (!kb_lang_valid(v)) {
		int rc = kb_error_set(KB_EINVALID, "%s: '%s' is not a language "
		    "such as en or es (or all)", from, v);

		free(v);
		return rc;
	}
	*out = v;
	return 0;
}
