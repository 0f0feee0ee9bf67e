/*
 * Fuzz target: a line of an office's usage ref, as the centre reads it
 * (offices.c): the JSON object's fields, then the check of the event.
 */
#include "fuzz.h"

#include "json.h"
#include "usage_check.h"
#include "usage_ref.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_field f[USAGE_REF_NFIELDS];
	size_t i, where;

	if (size > USAGE_CHECK_LINE_MAX)
		return 0;	/* skipped unread, as offices.c does */
	for (i = 0; i < USAGE_REF_NFIELDS; i++) {
		memset(&f[i], 0, sizeof(f[i]));
		f[i].name = kb_usage_ref__fields[i];
	}
	if (json_parse_object((const char *)data, size, f, USAGE_REF_NFIELDS,
	    &where) == 0) {
		(void)kb_usage_check__event(f);
		if (f[4].kind == JSON_STRING)	/* "office" */
			(void)kb_usage_check__names_office(f[4].text,
			    "north-side");
	}
	json_fields_clear(f, USAGE_REF_NFIELDS);
	return 0;
}
