/* The agent's and the office's names (identity.h). */
#include "kb/identity.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_cache.h"
#include "kb/error.h"
#include "xmalloc.h"

/* Set, and more than blanks. */
static int
usable(const char *s)
{
	return s && s[strspn(s, " \t")] != '\0';
}

char *
kb_agent_name(struct kb *kb, const char *given)
{
	const char *env = getenv("KB_AGENT");
	struct passwd *pw;
	char *configured = NULL;

	if (usable(given))
		return xstrdup(given);
	if (usable(env))
		return xstrdup(env);
	if (kb && kb_config_string(&configured, kb, "user.name") == 0 &&
	    usable(configured))
		return configured;
	free(configured);
	if ((pw = getpwuid(getuid())) != NULL && usable(pw->pw_name))
		return xstrdup(pw->pw_name);
	return xstrdup("unknown");
}

int
kb_agent_lang(struct kb *kb, const char *given, char **out)
{
	const char *env = getenv("KB_LANG"), *from = "--lang";
	char *configured = NULL, *v = NULL;

	*out = NULL;
	if (usable(given))
		v = xstrdup(given);
	else if (usable(env))
		v = xstrdup(env), from = "KB_LANG";
	else if (kb && config_cache_string(kb, "kb.lang", &configured) == 0 &&
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

char *
kb_office_name(struct kb *kb, const char *given)
{
	char *configured = NULL;

	if (usable(given))
		return xstrdup(given);
	if (kb && kb_config_string(&configured, kb, "kb.office") == 0 &&
	    usable(configured))
		return configured;
	free(configured);
	return NULL;
}

char *
kb_agent_email(struct kb *kb, const char *agent)
{
	char *name = NULL, *email = NULL;

	if (kb && kb_config_string(&name, kb, "user.name") == 0 &&
	    strcmp(name, agent) == 0 &&
	    kb_config_string(&email, kb, "user.email") == 0 && usable(email)) {
		free(name);
		return email;
	}
	free(name);
	free(email);
	return xstrdup("agent@kb.invalid");
}
