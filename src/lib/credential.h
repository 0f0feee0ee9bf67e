/*
 * Credentials for an https centre, never from its address: a token file
 * named by git config kb.tokenFile, else git's own credential helpers
 * (git credential fill, approve, reject), so that the password lives
 * where git keeps it and never in kb's files or output.
 */
#ifndef KB_CREDENTIAL_H
#define KB_CREDENTIAL_H

enum credential_source {
	CREDENTIAL_NONE,
	CREDENTIAL_HELPER,	/* git credential fill */
	CREDENTIAL_TOKEN_FILE	/* kb.tokenFile */
};

struct credential {
	enum credential_source source;
	char *url;		/* the address asked for, without password */
	char *user;
	char *password;		/* wiped when cleared */
	char *token_file;	/* the file read, as configured */
	char *git_dir;		/* the repository git credential runs in,
				   or NULL (a clone: global config only) */
	int approved;
};

/*
 * Get a user name and password for `url`: from `token_file` (the value
 * of kb.tokenFile, or NULL) with the address's user, else from
 * `git credential fill`.  `c` is overwritten (clear it after, also on
 * failure).  0, or a negative KB_E* with a message saying what to set
 * up.
 */
int kb_credential__fill(struct credential *c, const char *url,
    const char *token_file, const char *git_dir);

/* The centre took them: tell git's helper to keep them (once). */
void kb_credential__approve(struct credential *c);

/*
 * The centre refused them: a helper's are rejected (git credential
 * reject), so that they are not offered again; sets the error message
 * saying where they came from and how to fix it, and returns KB_ERROR.
 */
int kb_credential__refused(struct credential *c);

void kb_credential__clear(struct credential *c);

/* Read a token file: checks and the first line (test seam). */
int kb_credential__read_token(char **token, const char *file);

#endif
