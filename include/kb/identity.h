/*
 * Who is using kb, and where: recorded with every use (the usage log)
 * and shown on the TUI's status line.
 */
#ifndef KB_IDENTITY_H
#define KB_IDENTITY_H

#include "kb.h"

/*
 * The agent: `given` (--agent), else $KB_AGENT, else the KB repository's
 * git config user.name, else the login name, else "unknown".  Caller
 * frees.
 */
char *kb_agent_name(struct kb *kb, const char *given);

/*
 * The office: `given` (--office), else git config kb.office, else NULL.
 * Caller frees.
 */
char *kb_office_name(struct kb *kb, const char *given);

/*
 * The language the agent searches in: `given` (--lang), else $KB_LANG,
 * else git config kb.lang (the agent's ~/.gitconfig or the KB's).  "all"
 * (or nothing set) gives *out = NULL: every language.  KB_EINVALID, naming
 * where it came from, when it is not a language tag.  Caller frees.
 */
int kb_agent_lang(char **out, struct kb *kb, const char *given);

/*
 * The agent's email for commits: git config user.email when user.name is
 * the agent, else "agent@kb.invalid" (shared terminals sign as the
 * agent, not as whoever set up the machine).  Caller frees.
 */
char *kb_agent_email(struct kb *kb, const char *agent);

#endif
