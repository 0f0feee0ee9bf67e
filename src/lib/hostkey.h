/*
 * An ssh centre's host key that ~/.ssh/known_hosts does not vouch for:
 * unknown (never added) or changed (another key is recorded).  libgit2
 * checks the file itself but says only "invalid or unknown"; the two
 * need different actions, so they are told apart here, and each message
 * says what to do.
 */
#ifndef KB_HOSTKEY_H
#define KB_HOSTKEY_H

#include <stddef.h>

enum hostkey_state {
	HOSTKEY_UNKNOWN,	/* no key recorded for the host */
	HOSTKEY_CHANGED,	/* another key recorded: refuse, loudly */
	HOSTKEY_UNSURE		/* the file could not be read to tell */
};

struct hostkey {
	const char *host;		/* as in the address */
	int port;			/* 0 or 22: ssh's default */
	const unsigned char *raw;	/* the key as the server sent it */
	size_t raw_len;
	const unsigned char *sha256;	/* its SHA-256, or NULL */
};

/* "[host]:port", or "host" for the default port: known_hosts' name. */
char *kb_hostkey__lookup_name(const char *host, int port);

/* "SHA256:..." as ssh shows it; "" when sha256 is NULL. */
void kb_hostkey__fingerprint(char out[64], const unsigned char *sha256);

/*
 * What known_hosts (`file`: $HOME/.ssh/known_hosts) holds for the host,
 * found with ssh-keygen -F (hashed names included); *line is the line of
 * the key recorded when it changed.
 */
enum hostkey_state kb_hostkey__classify(unsigned *line, const struct hostkey *k,
    const char *file);

/* The message for a key libgit2 refused, saying what to do.  Owned. */
char *kb_hostkey__message(const struct hostkey *k);

#endif
