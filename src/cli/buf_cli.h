/* Small string helpers for the command line. */
#ifndef KB_BUF_CLI_H
#define KB_BUF_CLI_H

/* The words joined by single spaces; caller frees. */
char *join_words(char **words, int n);

#endif
