/*
 * An ssh host key known_hosts does not vouch for (hostkey.h): unknown or
 * changed, told apart by what ssh-keygen -F finds for the host, which
 * reads hashed names as ssh does.
 */
#include "hostkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spawn.h"
#include "xmalloc.h"

#define SSH_KEYGEN_OUTPUT_MAX (256 * 1024)
#define SSH_KEYGEN_TIMEOUT_MS 30000

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of `n` bytes, with '=' padding or without. */
static char *
base64(const unsigned char *s, size_t n, int pad)
{
	char *out = xmalloc(n / 3 * 4 + 5), *o = out;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		*o++ = b64[s[i] >> 2];
		*o++ = b64[(s[i] & 3) << 4 | s[i + 1] >> 4];
		*o++ = b64[(s[i + 1] & 15) << 2 | s[i + 2] >> 6];
		*o++ = b64[s[i + 2] & 63];
	}
	if (n - i == 1) {
		*o++ = b64[s[i] >> 2];
		*o++ = b64[(s[i] & 3) << 4];
		if (pad)
			*o++ = '=', *o++ = '=';
	} else if (n - i == 2) {
		*o++ = b64[s[i] >> 2];
		*o++ = b64[(s[i] & 3) << 4 | s[i + 1] >> 4];
		*o++ = b64[(s[i + 1] & 15) << 2];
		if (pad)
			*o++ = '=';
	}
	*o = '\0';
	return out;
}

char *
kb_hostkey__lookup_name(const char *host, int port)
{
	if (port == 0 || port == 22)
		return xstrdup(host);
	return xasprintf("[%s]:%d", host, port);
}

void
kb_hostkey__fingerprint(char out[64], const unsigned char *sha256)
{
	char *text;

	out[0] = '\0';
	if (sha256 == NULL)
		return;
	text = base64(sha256, 32, 0);
	snprintf(out, 64, "SHA256:%s", text);
	free(text);
}

/* The key's type, from the start of the key itself ("ssh-ed25519"). */
static void
key_type(const struct hostkey *k, char out[64])
{
	size_t n, i;

	snprintf(out, 64, "ssh");
	if (k->raw == NULL || k->raw_len < 4)
		return;
	n = (size_t)k->raw[0] << 24 | (size_t)k->raw[1] << 16 |
	    (size_t)k->raw[2] << 8 | k->raw[3];
	if (n == 0 || n > 63 || n > k->raw_len - 4)
		return;
	for (i = 0; i < n; i++)
		if (k->raw[4 + i] < '!' || k->raw[4 + i] > '~')
			return;
	memcpy(out, k->raw + 4, n);
	out[n] = '\0';
}

/* ssh-keyscan -t's name for a key type: "ed25519", "rsa", "ecdsa". */
static const char *
scan_type(const char *type)
{
	if (strncmp(type, "ecdsa", 5) == 0)
		return "ecdsa";
	if (strncmp(type, "ssh-", 4) == 0)
		return type + 4;
	return type;
}

/* One line of ssh-keygen -F: does it record `key` (base64)?  1 yes,
 * 0 another key, -1 not a key line. */
static int
entry_matches(char *line, const char *key)
{
	char *save = NULL, *f[4];
	int n = 0;

	for (f[n] = strtok_r(line, " \t", &save); f[n] && n < 3;
	    f[++n] = strtok_r(NULL, " \t", &save))
		;
	if (n > 0 && f[0][0] == '@') {	/* @revoked, @cert-authority */
		memmove(f, f + 1, sizeof(f[0]) * 3);
		n--;
	}
	if (n < 3)
		return -1;
	return strcmp(f[2], key) == 0;
}

static enum hostkey_state
read_entries(char *text, const char *key, unsigned *line)
{
	char *save = NULL, *l;
	unsigned at = 0;
	int found = 0, m;

	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n",
	    &save)) {
		const char *mark = strstr(l, "found: line ");

		if (*l == '#') {
			if (mark)
				at = (unsigned)strtoul(mark + 12, NULL, 10);
			continue;
		}
		if ((m = entry_matches(l, key)) < 0)
			continue;
		if (m == 1)
			return HOSTKEY_UNSURE;	/* libgit2 saw it otherwise */
		if (!found)
			*line = at;
		found = 1;
	}
	return found ? HOSTKEY_CHANGED : HOSTKEY_UNKNOWN;
}

enum hostkey_state
kb_hostkey__classify(unsigned *line, const struct hostkey *k, const char *file)
{
	char *name = kb_hostkey__lookup_name(k->host, k->port);
	const char *argv[] = { "ssh-keygen", "-F", name, "-f", file, NULL };
	struct spawn sp = { argv, NULL, NULL, NULL, SSH_KEYGEN_OUTPUT_MAX,
	    SSH_KEYGEN_TIMEOUT_MS };
	enum hostkey_state st = HOSTKEY_UNSURE;
	char *out = NULL, *key;
	size_t len;
	int status;

	*line = 0;
	if (kb_spawn__run(&out, &len, &status, &sp) == 0) {
		/* 0: entries found, 1: none, 255: no such file. */
		if (status == 1 || (status == 255 && access(file, F_OK) < 0))
			st = HOSTKEY_UNKNOWN;
		else if (status == 0 && k->raw) {
			key = base64(k->raw, k->raw_len, 1);
			st = read_entries(out, key, line);
			free(key);
		}
	}
	kb_spawn__free_output(out, len);
	free(name);
	return st;
}

/* libgit2 reads $HOME/.ssh/known_hosts, and only that file. */
static char *
known_hosts_file(void)
{
	const char *home = getenv("HOME");

	return xasprintf("%s/.ssh/known_hosts", home && *home ? home : ".");
}

/* "-p 2222 " for ssh-keyscan, "" for the default port. */
static void
port_option(int port, char out[16])
{
	out[0] = '\0';
	if (port != 0 && port != 22)
		snprintf(out, 16, "-p %d ", port);
}

char *
kb_hostkey__message(const struct hostkey *k)
{
	char *file = known_hosts_file(), *name, *msg;
	char type[64], fp[64], popt[16];
	unsigned line;
	enum hostkey_state st = kb_hostkey__classify(&line, k, file);

	key_type(k, type);
	kb_hostkey__fingerprint(fp, k->sha256);
	port_option(k->port, popt);
	name = kb_hostkey__lookup_name(k->host, k->port);
	if (st == HOSTKEY_CHANGED)
		msg = xasprintf("WARNING: the centre's ssh host key has "
		    "CHANGED: %s line %u holds another key for %s, and the "
		    "centre now shows %s %s.  Someone may be between this "
		    "office and the centre, or the centre was reinstalled: "
		    "nothing was sent or taken.  Ask the centre's "
		    "administrator for its key's fingerprint; only if it is "
		    "%s, remove the old key with ssh-keygen -R '%s' and add "
		    "the new one with ssh-keyscan %s-t %s %s >> %s",
		    file, line, name, type, fp, fp, name, popt,
		    scan_type(type), k->host, file);
	else
		msg = xasprintf("the centre's ssh host key is not in %s%s "
		    "(host %s, key %s %s): check the fingerprint with the "
		    "centre's administrator, then add the key with "
		    "ssh-keyscan %s-t %s %s >> %s",
		    file, st == HOSTKEY_UNSURE ? ", or differs from the one "
		    "there" : "", name, type, fp, popt, scan_type(type),
		    k->host, file);
	free(name);
	free(file);
	return msg;
}
