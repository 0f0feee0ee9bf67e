/*
 * The centre's address (url.h): its parts, and its password kept out of
 * every message and file.
 */
#include "url.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/*
 * Where the authority ("user:pw@host:port") of `url` starts and ends;
 * 0 for a local path.  The scp-like "user@host:path" has its authority
 * before the first ':' ... but a password's ':' comes before the '@'.
 */
static int
authority(const char *url, size_t *start, size_t *end)
{
	const char *s = strstr(url, "://"), *slash, *at, *colon;

	if (s != NULL) {
		*start = (size_t)(s + 3 - url);
		*end = *start + strcspn(url + *start, "/?#");
		return 1;
	}
	slash = strchr(url, '/');
	colon = strchr(url, ':');
	if (colon == NULL || (slash && slash < colon))
		return 0;	/* a local path */
	at = strchr(url, '@');
	*start = 0;
	if (at && (!slash || at < slash) && at > colon)
		*end = (size_t)(at - url) + 1 + strcspn(at + 1, ":/");
	else
		*end = (size_t)(colon - url);
	return 1;
}

/* The user part "user[:password]" of `url`: its span, 0 when none. */
static int
userinfo(const char *url, size_t *start, size_t *end)
{
	size_t a, b, i;
	const char *at = NULL;

	if (!authority(url, &a, &b))
		return 0;
	for (i = a; i < b; i++)
		if (url[i] == '@')
			at = url + i;	/* the last one: a user may hold '@' */
	if (at == NULL)
		return 0;
	*start = a;
	*end = (size_t)(at - url);
	return 1;
}

/* Where the password starts (after ':'), or 0 when there is none. */
static size_t
password_at(const char *url, size_t *end)
{
	size_t a, b;
	const char *colon;

	if (!userinfo(url, &a, &b))
		return 0;
	colon = memchr(url + a, ':', b - a);
	if (colon == NULL)
		return 0;
	*end = b;
	return (size_t)(colon - url) + 1;
}

int
kb_url__has_password(const char *url)
{
	size_t end;

	return password_at(url, &end) != 0;
}

/* `url` with its password (and the ':' before it) replaced by `with`. */
static char *
replace_password(const char *url, const char *with)
{
	size_t at, end;

	if ((at = password_at(url, &end)) == 0)
		return xstrdup(url);
	return xasprintf("%.*s%s%s", (int)(at - 1), url, with, url + end);
}

char *
kb_url__redacted(const char *url)
{
	return replace_password(url, ":***");
}

char *
kb_url__without_password(const char *url)
{
	return replace_password(url, "");
}

/* host, [v6] or host:port, [v6]:port into out->host and out->port. */
static int
host_port(struct url_parts *out, const char *s, size_t n)
{
	const char *colon = NULL, *close;
	char *end;
	long port;

	if (n > 0 && *s == '[') {
		if ((close = memchr(s, ']', n)) == NULL)
			return -1;
		out->host = xstrndup(s + 1, (size_t)(close - s - 1));
		if ((size_t)(close + 1 - s) < n && close[1] == ':')
			colon = close + 1;
	} else {
		colon = memchr(s, ':', n);
		out->host = xstrndup(s, colon ? (size_t)(colon - s) : n);
	}
	if (colon == NULL || colon + 1 == s + n)
		return *out->host ? 0 : -1;
	port = strtol(colon + 1, &end, 10);
	if (end != s + n || port <= 0 || port > 65535)
		return -1;
	out->port = (int)port;
	return *out->host ? 0 : -1;
}

int
kb_url__parse(struct url_parts *out, const char *url)
{
	size_t a, b, ua = 0, ub = 0;
	const char *scheme_end = strstr(url, "://");

	memset(out, 0, sizeof(*out));
	if (!authority(url, &a, &b))
		return -1;
	out->scheme = scheme_end ? xstrndup(url, (size_t)(scheme_end - url)) :
	    xstrdup("ssh");
	if (userinfo(url, &ua, &ub)) {
		const char *colon = memchr(url + ua, ':', ub - ua);

		out->user = xstrndup(url + ua, colon ?
		    (size_t)(colon - (url + ua)) : ub - ua);
		a = ub + 1;
	}
	if (host_port(out, url + a, b - a) < 0) {
		kb_url__parts_clear(out);
		return -1;
	}
	/* The scp-like form's path follows its ':'. */
	out->path = xstrdup(url + b + (scheme_end == NULL && url[b] == ':'));
	return 0;
}

void
kb_url__parts_clear(struct url_parts *p)
{
	free(p->scheme);
	free(p->user);
	free(p->host);
	free(p->path);
	memset(p, 0, sizeof(*p));
}
