/*
 * The centre's address as kb shows, stores and reads it: credentials
 * never come from an address, and an address is never shown or written
 * with a password in it.
 *
 * Addresses are "scheme://[user[:password]@]host[:port]/path", the
 * scp-like "[user@]host:path" that git and ssh take, or a local path.
 */
#ifndef KB_URL_H
#define KB_URL_H

#include <stddef.h>

/* 1 when `url`'s user part holds a password ("user:secret@"), else 0. */
int kb_url__has_password(const char *url);

/*
 * A copy of `url` with the password replaced by "***", for messages
 * and files ("https://north:***@centre/kb.git"); the same text when it
 * has none.
 */
char *kb_url__redacted(const char *url);

/* A copy of `url` without the password, the user kept. */
char *kb_url__without_password(const char *url);

/* The parts of a network address; NULL members are absent. */
struct url_parts {
	char *scheme;	/* "ssh", "https"...; "ssh" for the scp-like form */
	char *user;
	char *host;	/* without the brackets of an IPv6 address */
	int port;	/* 0: the scheme's default */
	char *path;
};

/* 0, or -1 when `url` is a local path or cannot be read as an address. */
int kb_url__parse(struct url_parts *out, const char *url);
void kb_url__parts_clear(struct url_parts *p);

#endif
