/* Unit tests for error.c: the per-thread last message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/error.h"

static void
error__set__returns_code_and_keeps_message(void **state)
{
	(void)state;
	assert_int_equal(kb_error_set(KB_EINVALID, "bad id '%s'", "x"),
	    KB_EINVALID);
	assert_string_equal(kb_error_last(), "bad id 'x'");
}

/* "%s; and more" with kb_error_last() as the argument: the old message
 * must be read whole before the new one is written over it. */
static void
error__set__may_quote_the_last_message(void **state)
{
	(void)state;
	kb_error_set(KB_ERROR, "a disk write failed");
	kb_error_set(KB_ERROR, "%s; main has the centre's answers",
	    kb_error_last());
	assert_string_equal(kb_error_last(),
	    "a disk write failed; main has the centre's answers");
	kb_error_set(KB_ERROR, "first: %s", kb_error_last());
	assert_string_equal(kb_error_last(),
	    "first: a disk write failed; main has the centre's answers");
}

static void
error__clear__says_unknown(void **state)
{
	(void)state;
	kb_error_set(KB_ERROR, "something");
	kb_error_clear();
	assert_string_equal(kb_error_last(), "unknown error");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error__set__returns_code_and_keeps_message),
		cmocka_unit_test(error__set__may_quote_the_last_message),
		cmocka_unit_test(error__clear__says_unknown),
	};

	return th_run(argc, argv, "error", tests, NULL, NULL);
}
