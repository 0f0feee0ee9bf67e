/*
 * Credentials for an https centre (credential.h).  git credential is run
 * as a program, with its arguments as given (no shell), its prompts off
 * (kbsync runs from cron: it must never wait for a person), and the
 * password passed only through its pipes.
 */
#include "credential.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/error.h"
#include "spawn.h"
#include "url.h"
#include "xmalloc.h"

#define TOKEN_FILE_MAX 4096
#define HELPER_OUTPUT_MAX (64 * 1024)
#define HELPER_TIMEOUT_MS 60000

/* "~/x" is $HOME/x; any other path must be absolute. */
static char *
expand_home(const char *file)
{
	const char *home = getenv("HOME");

	if (strncmp(file, "~/", 2) == 0 && home && *home)
		return xasprintf("%s/%s", home, file + 2);
	if (*file != '/')
		return NULL;
	return xstrdup(file);
}

/* The first line, without its end and trailing blanks. */
static char *
first_line(char *text)
{
	size_t n = strcspn(text, "\r\n");

	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	return xstrndup(text, n);
}

static int
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* Its owner only may read it, as ssh wants of a private key. */
static int
token_file_safe(const char *file, int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return kb_error_set(KB_ERROR, "kb.tokenFile %s: %s", file,
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return kb_error_set(KB_EINVALID, "kb.tokenFile %s: not a "
		    "file", file);
	if (st.st_uid != geteuid())
		return kb_error_set(KB_EINVALID, "kb.tokenFile %s belongs to "
		    "another user: it must be this user's own (chown it)",
		    file);
	if (st.st_mode & 077)
		return kb_error_set(KB_EINVALID, "kb.tokenFile %s can be read "
		    "or written by others (mode %04o): chmod 600 %s", file,
		    (unsigned)(st.st_mode & 07777), file);
	if (st.st_size > TOKEN_FILE_MAX)
		return kb_error_set(KB_EINVALID, "kb.tokenFile %s: more than "
		    "%d bytes; it holds one token, on its first line", file,
		    TOKEN_FILE_MAX);
	return 0;
}

int
kb_credential__read_token(char **token, const char *file)
{
	char *path = expand_home(file), buf[TOKEN_FILE_MAX + 1];
	ssize_t n;
	int fd, rc;

	*token = NULL;
	if (path == NULL)
		return kb_error_set(KB_EINVALID, "kb.tokenFile %s: give an "
		    "absolute path (or ~/...)", file);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		rc = kb_error_set(KB_ERROR, "kb.tokenFile %s: %s", file,
		    strerror(errno));
		free(path);
		return rc;
	}
	free(path);
	if ((rc = token_file_safe(file, fd)) < 0) {
		close(fd);
		return rc;
	}
	n = read(fd, buf, TOKEN_FILE_MAX);
	close(fd);
	if (n < 0)
		return kb_error_set(KB_ERROR, "kb.tokenFile %s: %s", file,
		    strerror(errno));
	buf[n] = '\0';
	*token = first_line(buf);
	explicit_bzero(buf, sizeof(buf));
	if (**token == '\0' || has_control(*token)) {
		free(*token);
		*token = NULL;
		return kb_error_set(KB_EINVALID, "kb.tokenFile %s: %s", file,
		    n == 0 ? "empty" : "its first line is no token");
	}
	return 0;
}

static int
from_token_file(struct credential *c, const char *token_file)
{
	struct url_parts u;
	int rc;

	if (kb_url__parse(&u, c->url) < 0 || u.user == NULL || !*u.user) {
		kb_url__parts_clear(&u);
		return kb_error_set(KB_EINVALID, "kb.tokenFile is set, but the "
		    "address %s names no user for the token: put the office's "
		    "user in it (https://USER@host/...; git remote set-url "
		    "origin)", c->url);
	}
	if ((rc = kb_credential__read_token(&c->password, token_file)) == 0) {
		c->user = xstrdup(u.user);
		c->source = CREDENTIAL_TOKEN_FILE;
		c->token_file = xstrdup(token_file);
	}
	kb_url__parts_clear(&u);
	return rc;
}

/* git credential ACTION, with `input`; its output in *out. */
static int
run_git_credential(const struct credential *c, const char *action,
    const char *input, char **out, size_t *len)
{
	char *git_dir = c->git_dir ? xasprintf("--git-dir=%s", c->git_dir) :
	    NULL;
	const char *argv[] = { "git", "-c", "core.askPass=", "credential",
	    action, NULL, NULL };
	const char *env[] = { "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS",
	    "SSH_ASKPASS", "GIT_DIR", "GIT_WORK_TREE", NULL };
	struct spawn sp = { argv, env, "/", input, HELPER_OUTPUT_MAX,
	    HELPER_TIMEOUT_MS };
	int status;

	if (git_dir) {
		/* git --git-dir=... -c ... credential ACTION */
		memmove(argv + 2, argv + 1, sizeof(argv[0]) * 5);
		argv[1] = git_dir;
	}
	if (kb_spawn__run(out, len, &status, &sp) < 0)
		status = -1;
	free(git_dir);
	return status;
}

/* username= and password= from git credential fill's answer. */
static void
parse_answer(struct credential *c, const char *text)
{
	const char *line = text;

	while (*line) {
		size_t n = strcspn(line, "\n");

		if (n > 9 && strncmp(line, "username=", 9) == 0) {
			free(c->user);
			c->user = xstrndup(line + 9, n - 9);
		} else if (n > 9 && strncmp(line, "password=", 9) == 0) {
			if (c->password)
				explicit_bzero(c->password, strlen(c->password));
			free(c->password);
			c->password = xstrndup(line + 9, n - 9);
		}
		line += n + (line[n] == '\n');
	}
}

static int
from_helper(struct credential *c)
{
	char *input = xasprintf("url=%s\n\n", c->url), *out = NULL;
	size_t len = 0;
	int status = run_git_credential(c, "fill", input, &out, &len);

	free(input);
	if (status == 0)
		parse_answer(c, out);
	kb_spawn__free_output(out, len);
	if (status == 0 && c->user && c->password && *c->password &&
	    !has_control(c->user) && !has_control(c->password)) {
		c->source = CREDENTIAL_HELPER;
		return 0;
	}
	return kb_error_set(KB_ERROR, "the centre at %s asks for a user name "
	    "and password, and no git credential helper gave them (kbsync "
	    "takes none from the address, and never asks): set up git's "
	    "credential helper (git config --global credential.helper store; "
	    "then git ls-remote %s once, typing them) or name a token file "
	    "with git config kb.tokenFile FILE; see kbsync(1), HTTPS",
	    c->url, c->url);
}

int
kb_credential__fill(struct credential *c, const char *url,
    const char *token_file, const char *git_dir)
{
	memset(c, 0, sizeof(*c));
	c->git_dir = git_dir ? xstrdup(git_dir) : NULL;
	c->url = kb_url__without_password(url);
	/* One line each in git credential's input: a newline in the
	 * address would let it ask for another host's password. */
	if (has_control(c->url))
		return kb_error_set(KB_EINVALID, "the centre's address holds "
		    "a control character: give it again with git remote "
		    "set-url");
	if (token_file && *token_file)
		return from_token_file(c, token_file);
	return from_helper(c);
}

/* git credential approve|reject with what fill gave. */
static void
tell_helper(struct credential *c, const char *action)
{
	char *input, *out = NULL;
	size_t len = 0;

	if (c->source != CREDENTIAL_HELPER)
		return;
	input = xasprintf("url=%s\nusername=%s\npassword=%s\n\n", c->url,
	    c->user, c->password);
	run_git_credential(c, action, input, &out, &len);
	kb_spawn__free_output(out, len);
	explicit_bzero(input, strlen(input));
	free(input);
}

void
kb_credential__approve(struct credential *c)
{
	if (c->approved)
		return;
	tell_helper(c, "approve");
	c->approved = 1;
}

int
kb_credential__refused(struct credential *c)
{
	if (c->source == CREDENTIAL_TOKEN_FILE)
		return kb_error_set(KB_ERROR, "the centre at %s refused the "
		    "token in %s (kb.tokenFile) for user %s: put the office's "
		    "current token in that file, or ask the centre's "
		    "administrator", c->url, c->token_file, c->user);
	tell_helper(c, "reject");
	return kb_error_set(KB_ERROR, "the centre at %s refused the password "
	    "for user %s that git's credential helper gave; kbsync told the "
	    "helper to forget it (git credential reject): run git ls-remote "
	    "%s once and type the right one, or ask the centre's "
	    "administrator", c->url, c->user, c->url);
}

void
kb_credential__clear(struct credential *c)
{
	if (c->password) {
		explicit_bzero(c->password, strlen(c->password));
		free(c->password);
	}
	free(c->user);
	free(c->url);
	free(c->token_file);
	free(c->git_dir);
	memset(c, 0, sizeof(*c));
}
