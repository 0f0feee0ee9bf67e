/*
 * libFuzzer targets for the code that reads what others write: each
 * tests/fuzz/<target>.c defines LLVMFuzzerInitialize and
 * LLVMFuzzerTestOneInput.  `make fuzz` links them with clang's libFuzzer;
 * replay.c links them with the normal compiler and feeds them a corpus,
 * so that `make test` shows every input once found stays harmless.
 */
#ifndef KB_FUZZ_H
#define KB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kb/diag.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data[0..size) as a NUL-terminated string: a NUL inside ends it. */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Diagnostics are expected; only crashes, leaks and hangs matter here. */
static inline void
fuzz_ignore_diag(const struct kb_diag *diag, void *payload)
{
	(void)diag;
	(void)payload;
}

#endif
