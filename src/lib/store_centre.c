/*
 * Reaching the centre (store_centre.h): libgit2's callbacks for a
 * transfer, and the one message per problem of an office's set-up.
 *
 * Credentials never come from the address (credential.c: git's helpers
 * or kb.tokenFile); ssh keys only from the agent; an ssh host key that
 * ~/.ssh/known_hosts does not hold, or holds another of, is refused with
 * the message for each (hostkey.c); https certificates are checked
 * against the CA the office names (http.sslCAInfo), else the system's.
 */
#include "store_centre.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/error.h"
#include "kb/text.h"
#include "hostkey.h"
#include "store_private.h"
#include "url.h"
#include "xmalloc.h"

/* A problem found in a callback: libgit2 is told to stop (GIT_EUSER),
 * and kb_store_centre__transfer_end() says this instead of libgit2's
 * words. */
static int
problem(struct store_transfer *t, char *message)
{
	free(t->problem);
	t->problem = message;
	return GIT_EUSER;
}

void
kb_store_centre__transfer_init(struct store_transfer *t,
    struct store_centre *c, kb_transfer_cb progress, void *payload)
{
	memset(t, 0, sizeof(*t));
	t->progress = progress;
	t->payload = payload;
	t->centre = c;
}

static int
on_fetch_progress(const git_indexer_progress *p, void *payload)
{
	struct store_transfer *t = payload;
	struct kb_transfer k;

	if (t->progress == NULL)
		return 0;
	memset(&k, 0, sizeof(k));
	k.objects_total = p->total_objects;
	k.objects_done = p->received_objects;
	k.deltas_total = p->total_deltas;
	k.deltas_done = p->indexed_deltas;
	k.bytes = p->received_bytes;
	t->progress(&k, t->payload);
	return 0;
}

static int
on_push_progress(unsigned current, unsigned total, size_t bytes,
    void *payload)
{
	struct store_transfer *t = payload;
	struct kb_transfer k;

	if (t->progress == NULL)
		return 0;
	memset(&k, 0, sizeof(k));
	k.pushing = 1;
	k.objects_total = total;
	k.objects_done = current;
	k.bytes = bytes;
	t->progress(&k, t->payload);
	return 0;
}

/* --- what the centre says ("remote: ...") ---------------------------- */

void
kb_store_centre__said_flush(struct store_centre *c)
{
	if (c->npartial > 0 && c->nsaid < STORE_SAID_LINES_MAX) {
		c->said = xreallocarray(c->said, c->nsaid + 1,
		    sizeof(*c->said));
		c->said[c->nsaid++] = kb_text_sanitize(c->partial,
		    c->npartial, 0);
	}
	c->npartial = 0;
}

/*
 * The centre's messages come in pieces, not lines: whole lines are kept
 * (bounded in number and length); a piece ending in '\r' is progress
 * redrawn in place, not kept.
 */
static int
on_sideband(const char *text, int len, void *payload)
{
	struct store_transfer *t = payload;
	struct store_centre *c = t->centre;
	int i;

	if (t->told && len > 0)
		t->told(text, (size_t)len, t->rejected_payload);
	if (!t->listening)
		return 0;
	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			kb_store_centre__said_flush(c);
		else if (text[i] == '\r')
			c->npartial = 0;
		else if (c->npartial < STORE_SAID_LINE_MAX)
			c->partial[c->npartial++] = text[i];
	}
	return 0;
}

void
kb_store_centre__said_clear(struct store_centre *c)
{
	size_t i;

	for (i = 0; i < c->nsaid; i++)
		free(c->said[i]);
	free(c->said);
	c->said = NULL;
	c->nsaid = 0;
	c->npartial = 0;
}

/* --- who logs in, and how -------------------------------------------- */

/* ssh's user when the address names none: this account's name. */
static const char *
local_user(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *env = getenv("USER");

	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	return env && *env ? env : "git";
}

/* "kb@centre.example", or "kb@centre.example port 2222". */
static char *
where(const struct store_centre *c, const char *user)
{
	struct url_parts u;
	const char *who;
	char *text;

	if (kb_url__parse(&u, c->url) < 0)
		return xstrdup(c->url);
	who = user ? user : u.user ? u.user : local_user();
	text = u.port ? xasprintf("%s@%s port %d", who, u.host, u.port) :
	    xasprintf("%s@%s", who, u.host);
	kb_url__parts_clear(&u);
	return text;
}

static int
is_https(const char *url)
{
	return strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://", 7) == 0;
}

/* The ssh agent's socket, looked at before libgit2 tries it. */
static int
agent_missing(struct store_transfer *t)
{
	const char *sock = getenv("SSH_AUTH_SOCK");
	struct stat st;
	char *at;

	if (sock && *sock && stat(sock, &st) == 0 && S_ISSOCK(st.st_mode))
		return 0;
	at = where(t->centre, NULL);
	problem(t, xasprintf("the centre (%s) asks for an ssh key, and there "
	    "is no ssh agent to give one (SSH_AUTH_SOCK %s%s): start one "
	    "(eval $(ssh-agent)) and load the office's key with ssh-add; "
	    "under cron or systemd give kbsync the agent's SSH_AUTH_SOCK",
	    at, sock && *sock ? "is " : "is not set", sock && *sock ? sock :
	    ""));
	free(at);
	return 1;
}

/* ssh: the agent's keys, each offered once by libgit2; asked again,
 * the centre took none of them. */
static int
ssh_key(struct store_transfer *t, git_credential **out, const char *user)
{
	char *at;

	if (t->ssh_tries++ > 0) {
		at = where(t->centre, user);
		problem(t, xasprintf("the centre (%s) accepted none of the "
		    "keys in the ssh agent: load the office's key with ssh-add "
		    "(ssh-add -l lists the keys loaded), or ask the centre's "
		    "administrator to authorise this office's public key for "
		    "%s", at, at));
		free(at);
		return GIT_EUSER;
	}
	if (agent_missing(t))
		return GIT_EUSER;
	return git_credential_ssh_key_from_agent(out, user ? user :
	    local_user());
}

/* A value of the repository's config (and the user's, the system's),
 * or of the user's and the system's for a clone; NULL if unset. */
static char *
config_value(git_repository *repo, const char *key, int is_path)
{
	git_config *cfg = NULL, *snap = NULL;
	git_buf buf = { NULL, 0, 0 };
	char *value = NULL;
	int rc;

	rc = repo ? git_repository_config(&cfg, repo) :
	    git_config_open_default(&cfg);
	if (rc == 0 && git_config_snapshot(&snap, cfg) == 0 &&
	    (is_path ? git_config_get_path(&buf, snap, key) :
	    git_config_get_string_buf(&buf, snap, key)) == 0 && buf.ptr)
		value = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	git_config_free(snap);
	git_config_free(cfg);
	git_error_clear();
	return value;
}

/* https: a user name and password from kb.tokenFile or git's helpers;
 * asked for again in the same transfer, they were refused. */
static int
password(struct store_transfer *t, git_credential **out)
{
	struct store_centre *c = t->centre;
	char *token_file;
	int rc;

	if (t->password_tries++ > 0 && c->cred_filled) {
		kb_credential__refused(&c->cred);
		kb_credential__clear(&c->cred);
		c->cred_filled = 0;
		return problem(t, xstrdup(kb_error_last()));
	}
	if (!c->cred_filled) {
		token_file = config_value(c->repo, "kb.tokenFile", 1);
		rc = kb_credential__fill(&c->cred, c->url, token_file, c->repo ?
		    git_repository_path(c->repo) : NULL);
		free(token_file);
		if (rc < 0) {
			kb_credential__clear(&c->cred);
			return problem(t, xstrdup(kb_error_last()));
		}
		c->cred_filled = 1;
	}
	return git_credential_userpass_plaintext_new(out, c->cred.user,
	    c->cred.password);
}

static int
on_credentials(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *payload)
{
	struct store_transfer *t = payload;
	char *at;

	(void)url;
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return ssh_key(t, out, user);
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, local_user());
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) &&
	    is_https(t->centre->url))
		return password(t, out);
	at = where(t->centre, user);
	problem(t, xasprintf("the centre (%s) asks for a kind of login "
	    "kbsync does not do: over ssh it logs in with a key from the ssh "
	    "agent, over https with a user name and password", at));
	free(at);
	return GIT_EUSER;
}

/* ssh: a host key known_hosts does not vouch for is refused, with the
 * message for an unknown key or a changed one; https: libgit2 decides. */
static int
on_certificate(git_cert *cert, int valid, const char *host, void *payload)
{
	struct store_transfer *t = payload;
	git_cert_hostkey *k = (git_cert_hostkey *)cert;
	struct hostkey hk;
	struct url_parts u;

	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return valid ? 0 : GIT_PASSTHROUGH;
	if (valid)
		return 0;
	memset(&hk, 0, sizeof(hk));
	hk.host = host;
	if (kb_url__parse(&u, t->centre->url) == 0)
		hk.port = u.port;
	if (k->type & GIT_CERT_SSH_RAW) {
		hk.raw = (const unsigned char *)k->hostkey;
		hk.raw_len = k->hostkey_len;
	}
	if (k->type & GIT_CERT_SSH_SHA256)
		hk.sha256 = k->hash_sha256;
	problem(t, kb_hostkey__message(&hk));
	kb_url__parts_clear(&u);
	return GIT_ECERTIFICATE;
}

static int
on_push_update(const char *ref, const char *status, void *payload)
{
	struct store_transfer *t = payload;

	if (status && t->rejected)
		t->rejected(ref, status, t->rejected_payload);
	return 0;
}

void
kb_store_centre__callbacks_init(git_remote_callbacks *cb,
    struct store_transfer *t)
{
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->transfer_progress = on_fetch_progress;
	cb->push_transfer_progress = on_push_progress;
	cb->credentials = on_credentials;
	cb->certificate_check = on_certificate;
	cb->sideband_progress = on_sideband;
	cb->push_update_reference = on_push_update;
	cb->payload = t;
}

/* --- how a transfer failed -------------------------------------------- */

/* An address that is a local path (or file://) with nothing there. */
static int
is_missing_path(const char *url)
{
	struct stat st;

	if (strncmp(url, "file://", 7) == 0)
		url += 7;
	else if (strstr(url, "://") || (strchr(url, ':') &&
	    strchr(url, ':') < (strchr(url, '/') ? strchr(url, '/') :
	    url + strlen(url))))
		return 0;	/* a network address, or scp-like host:path */
	return stat(url, &st) < 0;
}

/* An https certificate refused: what it was checked against, and how
 * to trust the centre's own CA. */
static int
certificate_fail(const struct store_centre *c, const char *msg)
{
	return kb_error_set(KB_ERROR, "the centre's https certificate is not "
	    "trusted (%s; checked against %s): if the centre has a "
	    "certificate from its own authority (CA), get the CA's "
	    "certificate from the centre's administrator and name it with git "
	    "config http.sslCAInfo FILE (or GIT_SSL_CAINFO); kbsync never "
	    "turns the check off", msg, c->ca ? c->ca : "the system's CAs");
}

/*
 * An error while talking to the other side: the network, or the path of
 * a repository that is not there (a share not mounted), mean "cannot
 * reach the centre now", which a field office lives with.  A refused key,
 * a bad certificate or a path that is no repository are errors someone
 * must fix; so is this side's disk, full (KB_EFULL) or not writable (a
 * system error naming `local`, the directory written here): an office
 * that takes those for "offline" would stay behind without a word.
 */
static int
transfer_fail(int rc, struct store_transfer *t, const char *doing,
    const char *local)
{
	const git_error *e = git_error_last();
	int klass = e ? e->klass : GIT_ERROR_NONE;
	const char *msg = e && e->message ? e->message : "git error";
	const char *url = t->centre->url;

	if (t->problem)		/* a callback's own words */
		return kb_error_set(KB_ERROR, "%s", t->problem);
	if (kb_store__disk_full(msg))
		return kb_error_set(KB_EFULL, "the disk is full (%s): free "
		    "space and try again (%s %s: %s)", local, doing, url, msg);
	if (is_missing_path(url))
		return kb_error_set(KB_EOFFLINE, "%s %s: no such directory",
		    doing, url);
	if (rc == GIT_ECERTIFICATE || (klass == GIT_ERROR_SSL &&
	    strstr(msg, "certificate")))
		return certificate_fail(t->centre, msg);
	/* Reached, and it said no (a push not allowed, no such repo). */
	if (strncmp(msg, "remote error", 12) == 0)
		return kb_error_set(KB_ERROR, "%s %s: %s", doing, url, msg);
	if (klass == GIT_ERROR_OS && *local && strstr(msg, local))
		return kb_error_set(KB_ERROR, "%s %s: %s", doing, url, msg);
	if (klass == GIT_ERROR_NET || klass == GIT_ERROR_OS)
		return kb_error_set(KB_EOFFLINE, "%s %s: %s", doing, url, msg);
	return kb_error_set(KB_ERROR, "%s %s: %s", doing, url, msg);
}

int
kb_store_centre__transfer_end(int rc, struct store_transfer *t,
    const char *doing, const char *local)
{
	if (rc >= 0 && t->centre->cred_filled)
		kb_credential__approve(&t->centre->cred);
	if (rc < 0)
		rc = transfer_fail(rc, t, doing, local);
	free(t->problem);
	t->problem = NULL;
	return rc;
}

/* --- the centre's address, and what https trusts ---------------------- */

/* A path from git's environment variable, else git config, else the
 * variable OpenSSL programs read; *source says which, for messages. */
static char *
ca_setting(git_repository *repo, const char *git_env, const char *key,
    const char *ssl_env, char **source)
{
	const char *v = getenv(git_env);
	char *value;

	*source = NULL;
	if (v && *v) {
		*source = xasprintf("%s %s", git_env, v);
		return xstrdup(v);
	}
	if ((value = config_value(repo, key, 1)) != NULL && *value) {
		*source = xasprintf("%s %s", key, value);
		return value;
	}
	free(value);
	if ((v = getenv(ssl_env)) != NULL && *v) {
		*source = xasprintf("%s %s", ssl_env, v);
		return xstrdup(v);
	}
	return NULL;
}

/* "A, B", "A" or "B" of two descriptions that may be NULL. */
static char *
both(const char *a, const char *b)
{
	return xasprintf("%s%s%s", a ? a : "", a && b ? ", " : "",
	    b ? b : "");
}

/*
 * https: the CA certificates to trust, as git takes them (GIT_SSL_CAINFO,
 * http.sslCAInfo; GIT_SSL_CAPATH, http.sslCAPath) or as OpenSSL programs
 * do (SSL_CERT_FILE, SSL_CERT_DIR).  Given any, they replace the
 * system's list, as they do for git.
 */
static int
trust_cas(struct store_centre *c)
{
	char *src_file, *src_dir, *file, *dir, *srcs;
	struct stat st;
	int rc = 0;

	if (!is_https(c->url))
		return 0;
	file = ca_setting(c->repo, "GIT_SSL_CAINFO", "http.sslCAInfo",
	    "SSL_CERT_FILE", &src_file);
	dir = ca_setting(c->repo, "GIT_SSL_CAPATH", "http.sslCAPath",
	    "SSL_CERT_DIR", &src_dir);
	srcs = both(src_file, src_dir);
	if (file && (stat(file, &st) < 0 || !S_ISREG(st.st_mode)))
		rc = kb_error_set(KB_EINVALID, "%s: no such file (the CA "
		    "certificates to trust for the centre)", src_file);
	else if (dir && (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)))
		rc = kb_error_set(KB_EINVALID, "%s: no such folder (the CA "
		    "certificates to trust for the centre)", src_dir);
	else if ((file || dir) && git_libgit2_opts(
	    GIT_OPT_SET_SSL_CERT_LOCATIONS, file, dir) < 0)
		rc = kb_error_set(KB_EINVALID, "%s: %s", srcs,
		    git_error_last() ? git_error_last()->message :
		    "cannot be read");
	else if (file || dir)
		c->ca = xstrdup(srcs);
	free(srcs);
	free(src_file);
	free(src_dir);
	free(file);
	free(dir);
	return rc;
}

/*
 * Credentials never come from an address: one given with a password is
 * refused before anything is sent or stored, and the message shows it
 * without the password.
 */
static int
refuse_password(const char *url, const char *remote)
{
	char *shown, *without;
	int rc;

	if (!kb_url__has_password(url))
		return 0;
	shown = kb_url__redacted(url);
	without = kb_url__without_password(url);
	rc = kb_error_set(KB_EINVALID, "the centre's address %s holds a "
	    "password: kb takes no credentials from an address, where they "
	    "would be shown and stored.  Give the address without it "
	    "(%s%s%s%s), and the password through git's credential helper or "
	    "kb.tokenFile (kbsync(1), SSH AND HTTPS)", shown,
	    remote ? "git remote set-url " : "", remote ? remote : "",
	    remote ? " " : "", without);
	free(shown);
	free(without);
	return rc;
}

int
kb_store_centre__init(struct store_centre *c, git_repository *repo,
    const char *url, const char *remote)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->repo = repo;
	c->url = kb_url__redacted(url);
	if ((rc = refuse_password(url, remote)) < 0)
		return rc;
	return trust_cas(c);
}

void
kb_store_centre__clear(struct store_centre *c)
{
	kb_store_centre__said_clear(c);
	kb_credential__clear(&c->cred);
	free(c->url);
	free(c->ca);
	memset(c, 0, sizeof(*c));
}
