/*
 * Unit tests for kb export (export.h) and kb prune (prune.h) on a KB's
 * own usage log: CSV as PostgreSQL's COPY reads it (NULL empty, text
 * quoted), JSON lines, seq and --after, queries redacted, hostile text
 * made safe, and a prune that keeps the last event so seq never goes
 * back.  Against a centre and kbsync: tests/e2e/sync/prune-test.sh and
 * export-warehouse-test.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "helpers.h"
#include "kb/error.h"
#include "kb/export.h"
#include "kb/kb.h"
#include "kb/prune.h"
#include "kb/usage.h"

static const struct th_file one_answer[] = {
	{ "answers/passport.md", "---\ntitle: Lost passport\n"
	  "tags: passport\n---\nReport it lost.\n" },
	{ NULL, NULL }
};

#define HEADER "seq,uid,time,kind,agent,office,office_slug,station," \
	"channel,answer,version,query,hits,reason,sure,undoes,closes\n"

struct out {
	char *text;
	size_t len;
	int fail_after;		/* lines taken before failing; 0: never */
	int lines;
};

static int
collect(const char *line, size_t len, void *payload)
{
	struct out *o = payload;

	if (o->fail_after && o->lines == o->fail_after)
		return kb_error_set(KB_ERROR, "disk full (a test)");
	o->text = realloc(o->text, o->len + len + 1);
	assert_non_null(o->text);
	memcpy(o->text + o->len, line, len);
	o->len += len;
	o->text[o->len] = '\0';
	o->lines++;
	return 0;
}

static int
export(struct kb *kb, const struct kb_export_options *opt, struct out *o)
{
	unsigned long count;
	int rc;

	free(o->text);
	memset(o, 0, sizeof(*o));
	rc = kb_export(&count, kb, opt, collect, o);
	if (rc == 0)
		assert_int_equal(count, (unsigned long)o->lines -
		    (opt->format == KB_EXPORT_CSV));
	return rc;
}

static void
log_at(struct kb *kb, enum kb_event_kind kind, const char *time,
    const char *query, long hits)
{
	struct kb_event e = KB_EVENT_INIT;

	e.kind = kind;
	e.agent = "Ann";
	e.office = "North";
	e.channel = KB_CHANNEL_PHONE;
	e.answer = kind == KB_EVENT_SEARCH ? NULL : "passport";
	e.query = query;
	e.hits = hits;
	e.sure = hits >= 0 ? 0 : -1;
	e.time = time;
	assert_int_equal(kb_usage_log(kb, &e, 1000), 0);
}

/* The n-th line (from 1) of s, without its newline; caller frees. */
static char *
line_of(const char *s, int n)
{
	const char *end;

	while (--n > 0 && s && (s = strchr(s, '\n')) != NULL)
		s++;
	if (s == NULL || *s == '\0')
		return strdup("");
	end = strchr(s, '\n');
	return strndup(s, end ? (size_t)(end - s) : strlen(s));
}

/* The part of line after its uid field (",<32 hex>,"), from the time. */
static const char *
after_uid(const char *line)
{
	const char *p = strchr(line, ',');

	assert_non_null(p);
	assert_true(strlen(p) > 36);
	return p + 36;	/* ,"<32 hex>", */
}

static void
export__csv__as_copy_reads_it(void **state)
{
	struct kb_export_options opt = KB_EXPORT_OPTIONS_INIT;
	struct th_kb t;
	struct out o = { 0 };
	char *row;
	size_t i;

	(void)state;
	th_kb_start(&t, one_answer);
	log_at(t.kb, KB_EVENT_USE, "2026-03-01T10:00:00Z",
	    "say \"hi\", then\tgo\nnow\x1b[2J", -1);
	log_at(t.kb, KB_EVENT_SEARCH, "2026-03-01T10:01:00Z", "", 0);
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_int_equal(o.lines, 3);
	assert_true(strncmp(o.text, HEADER, strlen(HEADER)) == 0);
	row = line_of(o.text, 2);
	assert_true(strncmp(row, "1,\"", 3) == 0);
	assert_non_null(strstr(after_uid(row), "\"2026-03-01T10:00:00Z\","
	    "\"use\",\"Ann\",\"North\",,,\"phone\",\"passport\",,\"say"));
	/* Quotes doubled; a tab and a newline a space; an escape made
	 * harmless; hits and the rest NULL, so empty. */
	assert_non_null(strstr(row, ",\"say \"\"hi\"\", then go now"));
	assert_non_null(strstr(row, "[2J\",,,,,"));
	free(row);
	row = line_of(o.text, 3);
	assert_string_equal(after_uid(row), "\"2026-03-01T10:01:00Z\","
	    "\"search\",\"Ann\",\"North\",,,\"phone\",,,,0,,0,,");
	free(row);
	for (i = 0; i < o.len; i++)
		assert_true(o.text[i] == '\n' ||
		    (unsigned char)o.text[i] >= 0x20);
	free(o.text);
	th_kb_finish(&t);
}

static void
export__jsonl__typed(void **state)
{
	struct kb_export_options opt = KB_EXPORT_OPTIONS_INIT;
	struct th_kb t;
	struct out o = { 0 };

	(void)state;
	th_kb_start(&t, one_answer);
	log_at(t.kb, KB_EVENT_SEARCH, "2026-03-01T10:01:00Z", "lost\npass", 3);
	opt.format = KB_EXPORT_JSONL;
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_int_equal(o.lines, 1);
	assert_true(strncmp(o.text, "{\"seq\":1,\"uid\":\"", 16) == 0);
	assert_non_null(strstr(o.text, ",\"office_slug\":null,\"station\":"
	    "null,\"channel\":\"phone\",\"answer\":null,\"version\":null,"
	    "\"query\":\"lost pass\",\"hits\":3,\"reason\":null,\"sure\":0,"
	    "\"undoes\":null,\"closes\":null}\n"));
	free(o.text);
	th_kb_finish(&t);
}

static void
export__after_and_redacted(void **state)
{
	struct kb_export_options opt = KB_EXPORT_OPTIONS_INIT;
	struct th_kb t;
	struct out o = { 0 };

	(void)state;
	th_kb_start(&t, one_answer);
	log_at(t.kb, KB_EVENT_USE, "2026-03-01T10:00:00Z", "first words", -1);
	log_at(t.kb, KB_EVENT_USE, "2026-03-01T10:05:00Z", "second words", -1);
	opt.after = 1;
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_int_equal(o.lines, 2);
	assert_true(strncmp(o.text + strlen(HEADER), "2,", 2) == 0);
	assert_non_null(strstr(o.text, "second words"));
	opt.after = 2;
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_string_equal(o.text, HEADER);
	opt.after = 0;
	opt.redact_queries = 1;
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_int_equal(o.lines, 3);
	assert_null(strstr(o.text, "words"));
	opt.format = KB_EXPORT_JSONL;
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_null(strstr(o.text, "words"));
	assert_non_null(strstr(o.text, "\"query\":null"));
	opt.after = 3;
	assert_int_equal(export(t.kb, &opt, &o), KB_ECONFLICT);
	assert_non_null(strstr(kb_error_last(), "(the last is 2)"));
	opt.after = -1;
	assert_int_equal(export(t.kb, &opt, &o), KB_EINVALID);
	free(o.text);
	th_kb_finish(&t);
}

static void
export__no_log__header_only(void **state)
{
	struct kb_export_options opt = KB_EXPORT_OPTIONS_INIT;
	struct th_kb t;
	struct out o = { 0 };
	struct stat sb;
	char *db;

	(void)state;
	th_kb_start(&t, one_answer);
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_string_equal(o.text, HEADER);
	db = th_path(t.dir, ".git/kb/usage.db");
	assert_int_not_equal(stat(db, &sb), 0);	/* none made */
	opt.after = 5;
	assert_int_equal(export(t.kb, &opt, &o), KB_ECONFLICT);
	free(db);
	free(o.text);
	th_kb_finish(&t);
}

static void
export__write_failure__stops(void **state)
{
	struct kb_export_options opt = KB_EXPORT_OPTIONS_INIT;
	struct th_kb t;
	struct out o = { 0 };
	unsigned long count;

	(void)state;
	th_kb_start(&t, one_answer);
	log_at(t.kb, KB_EVENT_USE, "2026-03-01T10:00:00Z", NULL, -1);
	log_at(t.kb, KB_EVENT_USE, "2026-03-01T10:01:00Z", NULL, -1);
	o.fail_after = 2;
	assert_int_equal(kb_export(&count, t.kb, &opt, collect, &o),
	    KB_ERROR);
	assert_int_equal(count, 1);
	assert_string_equal(kb_error_last(), "disk full (a test)");
	free(o.text);
	th_kb_finish(&t);
}

static void
prune__no_centre__keeps_the_last(void **state)
{
	struct kb_export_options opt = KB_EXPORT_OPTIONS_INIT;
	struct kb_prune_result r;
	struct th_kb t;
	struct out o = { 0 };

	(void)state;
	th_kb_start(&t, one_answer);
	log_at(t.kb, KB_EVENT_USE, "2026-01-01T10:00:00Z", "old one", -1);
	log_at(t.kb, KB_EVENT_USE, "2026-01-02T10:00:00Z", "old two", -1);
	log_at(t.kb, KB_EVENT_USE, "2026-02-01T10:00:00Z", "new", -1);
	log_at(t.kb, KB_EVENT_USE, "2026-01-03T10:00:00Z", "old, last", -1);
	assert_int_equal(kb_prune(&r, t.kb, "2026-02-01", 0, NULL, NULL), 0);
	assert_int_equal(r.dropped, 2);
	assert_int_equal(r.waiting, 0);
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_int_equal(o.lines, 3);
	assert_null(strstr(o.text, "old one"));
	assert_null(strstr(o.text, "old two"));
	assert_non_null(strstr(o.text, "\n4,"));	/* the last, though old */
	log_at(t.kb, KB_EVENT_USE, "2026-02-02T10:00:00Z", NULL, -1);
	opt.after = 4;
	assert_int_equal(export(t.kb, &opt, &o), 0);
	assert_true(strncmp(o.text + strlen(HEADER), "5,", 2) == 0);
	assert_int_equal(kb_prune(&r, t.kb, "2026-02-01", 0, NULL, NULL), 0);
	assert_int_equal(r.dropped, 1);	/* 4: no longer the last */
	free(o.text);
	th_kb_finish(&t);
}

static void
prune__bad_date(void **state)
{
	struct kb_prune_result r;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, one_answer);
	assert_int_equal(kb_prune(&r, t.kb, "2026-02-30x", 0, NULL, NULL),
	    KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "not a date"));
	assert_int_equal(kb_prune(&r, t.kb, NULL, 0, NULL, NULL), KB_EINVALID);
	/* No log: nothing to drop, and none made. */
	assert_int_equal(kb_prune(&r, t.kb, "2026-02-01", 0, NULL, NULL), 0);
	assert_int_equal(r.dropped, 0);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(export__csv__as_copy_reads_it),
		cmocka_unit_test(export__jsonl__typed),
		cmocka_unit_test(export__after_and_redacted),
		cmocka_unit_test(export__no_log__header_only),
		cmocka_unit_test(export__write_failure__stops),
		cmocka_unit_test(prune__no_centre__keeps_the_last),
		cmocka_unit_test(prune__bad_date),
	};

	return th_run(argc, argv, "export", tests, th_libkb_setup,
	    th_libkb_teardown);
}
