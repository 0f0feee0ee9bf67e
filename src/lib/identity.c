/*
 * The agent's and the office's names and the agent's email (identity.h),
 * from git config; the agent's language is agent_lang.c's.
 */
#include "kb/identity.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
