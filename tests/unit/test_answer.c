/*
 * Unit tests for answer.c: the front-matter parser kb_answer_parse() and
 * the id, date and path checks (kb-answer(5)).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/answer.h"
#include "kb/error.h"
#include "utf8.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"

/* Parse a C string; diagnostics go to *d. */
static int
parse(struct kb_answer **a, const char *path, const char *text,
    struct th_diags *d)
{
	return kb_answer_parse(a, path, text, strlen(text), th_diag_collect, d);
}

/* A failed parse with an error containing `needle` on `line`. */
static void
expect_error(const char *path, const char *text, const char *needle,
    unsigned line)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = (struct kb_answer *)1;
	int rc = parse(&a, path, text, &d);

	th_expect_parse_error(path, rc, a, &d, needle, line, 0);
}

/* A parse that must succeed with no diagnostics at all. */
static struct kb_answer *
expect_clean(const char *path, const char *text)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = NULL;
	int rc = parse(&a, path, text, &d);

	th_expect_parsed_clean(path, rc, a, &d);
	return a;
}

static void
answer__parse__every_key(void **state)
{
	static const char text[] =
	    "---\n"
	    "title:   Replace a lost Social Security card  \n"
	    "tags: social security,card ,  lost , ,\n"
	    "audience: internal\n"
	    "lang: es\n"
	    "review-by: 2027-05-01\n"
	    "owner: benefits-team\n"
	    "standard: Cards arrive by mail within 14 days\n"
	    "# a comment line is ignored\n"
	    "\n"
	    "related: ssn-name-change , ssn-number,\n"
	    "---\n"
	    "You can ask for a replacement card.\n"
	    "\n"
	    "## Phone\n"
	    "Offer to mail the form.\n";
	static const char *const keys[] = { "title", "tags", "audience",
	    "lang", "review-by", "owner", "standard", "related" };
	static const unsigned lines[] = { 2, 3, 4, 5, 6, 7, 8, 11 };
	struct kb_answer *a;
	size_t i;

	(void)state;
	a = expect_clean("answers/benefits/ssn-card-lost.md", text);
	assert_string_equal(a->id, "ssn-card-lost");
	assert_string_equal(a->path, "answers/benefits/ssn-card-lost.md");
	assert_string_equal(a->version, "");
	assert_string_equal(a->title, "Replace a lost Social Security card");
	assert_int_equal(a->ntags, 3);
	assert_string_equal(a->tags[0], "social security");
	assert_string_equal(a->tags[1], "card");
	assert_string_equal(a->tags[2], "lost");
	assert_string_equal(a->audience, "internal");
	assert_string_equal(a->lang, "es");
	assert_non_null(a->review_by);
	assert_string_equal(a->review_by, "2027-05-01");
	assert_non_null(a->owner);
	assert_string_equal(a->owner, "benefits-team");
	assert_non_null(a->standard);
	assert_string_equal(a->standard,
	    "Cards arrive by mail within 14 days");
	assert_int_equal(a->nrelated, 2);
	assert_string_equal(a->related[0], "ssn-name-change");
	assert_string_equal(a->related[1], "ssn-number");

	assert_int_equal(a->nfields, NITEMS(keys));
	for (i = 0; i < NITEMS(keys); i++) {
		assert_string_equal(a->fields[i].key, keys[i]);
		assert_int_equal(a->fields[i].line, lines[i]);
		assert_int_equal(a->fields[i].known, 1);
	}
	/* Field values are trimmed too. */
	assert_string_equal(a->fields[0].value,
	    "Replace a lost Social Security card");
	assert_string_equal(a->fields[1].value,
	    "social security,card ,  lost , ,");

	assert_string_equal(a->body, "You can ask for a replacement card.\n"
	    "\n## Phone\nOffer to mail the form.\n");
	assert_int_equal(a->body_len, strlen(a->body));
	assert_int_equal(a->body_line, 13);
	kb_answer_free(a);
}

static void
answer__parse__defaults(void **state)
{
	struct kb_answer *a;

	(void)state;
	a = expect_clean("answers/x.md", "---\ntitle: Only a title\n---\n");
	assert_string_equal(a->id, "x");
	assert_string_equal(a->title, "Only a title");
	assert_string_equal(a->lang, "en");
	assert_string_equal(a->audience, "public");
	assert_null(a->review_by);
	assert_null(a->owner);
	assert_null(a->standard);
	assert_int_equal(a->ntags, 0);
	assert_int_equal(a->nrelated, 0);
	assert_int_equal(a->nfields, 1);
	assert_string_equal(a->body, "");
	assert_int_equal(a->body_len, 0);
	assert_int_equal(a->body_line, 4);
	kb_answer_free(a);

	/* Optional keys left empty are unset. */
	a = expect_clean("answers/y.md",
	    "---\ntitle: T\nowner:\nstandard:  \ntags:\n"
	    "related: ,\n---\nBody\n");
	assert_null(a->owner);
	assert_null(a->standard);
	assert_int_equal(a->ntags, 0);
	assert_int_equal(a->nrelated, 0);
	assert_string_equal(a->body, "Body\n");
	kb_answer_free(a);
}

/*
 * Lists that are absent or have empty items give no items, and empty
 * values give empty fields, whatever the heap held before (the parser must
 * never read memory it did not write).
 */
static int
parse_empty_values(void *arg)
{
	static const char *const texts[] = {
		"---\ntitle: T\n---\nBody\n",
		"---\ntitle: T\ntags: a, , b,\nrelated: x,\n---\n",
		"---\ntitle: T\ntags:\nrelated:\nowner:\n---\n",
	};
	size_t i, k;
	int failed = 0;

	(void)arg;
	for (i = 0; i < NITEMS(texts); i++) {
		struct th_diags d = TH_DIAGS_INIT;
		struct kb_answer *a = NULL;

		if (parse(&a, "answers/a.md", texts[i], &d) != 0) {
			print_error("text %zu rejected:\n", i);
			th_diags_dump(&d);
			failed++;
		} else {
			for (k = 0; k < a->ntags; k++)
				if (strcmp(a->tags[k], "a") != 0 &&
				    strcmp(a->tags[k], "b") != 0) {
					print_error("text %zu: garbage tag\n", i);
					failed++;
				}
			for (k = 0; k < a->nfields; k++)
				if (a->fields[k].value[0] == '\0' ||
				    strcmp(a->fields[k].value, "T") == 0 ||
				    strcmp(a->fields[k].value, "x,") == 0 ||
				    strcmp(a->fields[k].value, "a, , b,") == 0)
					continue;
				else {
					print_error("text %zu: garbage in %s\n",
					    i, a->fields[k].key);
					failed++;
				}
			if (a->owner != NULL) {
				print_error("text %zu: owner set\n", i);
				failed++;
			}
		}
		kb_answer_free(a);
		th_diags_free(&d);
	}
	return failed;
}

static void
answer__parse__empty_values_never_read_garbage(void **state)
{
	(void)state;
	assert_int_equal(th_run_perturbed(parse_empty_values, NULL), 0);
}

static void
answer__parse__no_callback(void **state)
{
	struct kb_answer *a = NULL;
	static const char bad[] = "---\ntags: x\n---\n";
	static const char good[] = "---\ntitle: T\nzzz: 1\n---\n";

	(void)state;
	assert_int_equal(kb_answer_parse(&a, "answers/a.md", bad, strlen(bad),
	    NULL, NULL), KB_EINVALID);
	assert_null(a);
	assert_int_equal(kb_answer_parse(&a, "answers/a.md", good,
	    strlen(good), NULL, NULL), 0);
	assert_non_null(a);
	kb_answer_free(a);
	kb_answer_free(NULL);
}

static void
answer__parse__missing_title(void **state)
{
	(void)state;
	expect_error("answers/a.md", "---\ntags: x\n---\nBody\n",
	    "missing title", 1);
	/* The error names the path; so does the last error. */
	assert_non_null(strstr(kb_error_last(), "answers/a.md"));
}

static void
answer__parse__empty_title(void **state)
{
	(void)state;
	expect_error("answers/a.md", "---\ntags: x\ntitle:   \n---\nBody\n",
	    "missing title", 3);
	expect_error("answers/a.md", "---\ntitle:\n---\n", "missing title", 2);
}

static void
answer__parse__title_length(void **state)
{
	char text[512], title[KB_TITLE_MAX + 2];
	struct kb_answer *a;

	(void)state;
	memset(title, 'x', KB_TITLE_MAX);
	title[KB_TITLE_MAX] = '\0';
	snprintf(text, sizeof(text), "---\ntitle: %s\n---\n", title);
	a = expect_clean("answers/a.md", text);
	assert_int_equal(strlen(a->title), KB_TITLE_MAX);
	kb_answer_free(a);

	strcat(title, "x");
	snprintf(text, sizeof(text), "---\nowner: me\ntitle: %s\n---\n",
	    title);
	expect_error("answers/a.md", text, "longer than 200", 3);
}

/*
 * kb-answer(5): the title "is at most 200 characters long", and
 * KB_TITLE_MAX counts characters.  A title of 150 CJK characters is
 * within the limit.
 */
static void
answer__parse__title_limit_counts_characters(void **state)
{
	char text[1024] = "---\ntitle: ";
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = NULL;
	int i, rc;

	(void)state;
	for (i = 0; i < 150; i++)
		strcat(text, "\xE8\xAD\xB7");	/* U+8B77, one character */
	strcat(text, "\n---\nBody\n");
	rc = parse(&a, "answers/cjk.md", text, &d);
	if (rc != 0) {
		th_diags_dump(&d);
		print_error("a title of 150 characters was rejected as longer "
		    "than %d characters\n", KB_TITLE_MAX);
	}
	kb_answer_free(a);
	th_diags_free(&d);
	assert_int_equal(rc, 0);
}

struct date_case {
	const char *value;
	int valid;
};

static void
answer__parse__review_by_dates(void **state)
{
	static const struct date_case cases[] = {
		{ "2027-05-01", 1 },
		{ "2028-02-29", 1 },	/* leap year */
		{ "2000-02-29", 1 },	/* divisible by 400 */
		{ "2027-12-31", 1 },
		{ "2027-02-30", 0 },
		{ "2027-02-29", 0 },
		{ "2100-02-29", 0 },	/* divisible by 100, not 400 */
		{ "2027-13-01", 0 },
		{ "2027-00-10", 0 },
		{ "2027-01-00", 0 },
		{ "2027-04-31", 0 },
		{ "27-01-01", 0 },
		{ "2027-1-01", 0 },
		{ "2027/01/01", 0 },
		{ "2027-01-01T00:00", 0 },
		{ "01-01-2027", 0 },
		{ "next year", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char text[256];
		struct th_diags d = TH_DIAGS_INIT;
		struct kb_answer *a = NULL;
		const struct th_diag *e;
		int rc;

		snprintf(text, sizeof(text),
		    "---\ntitle: T\nreview-by: %s\n---\n", cases[i].value);
		rc = parse(&a, "answers/a.md", text, &d);
		if (cases[i].valid) {
			if (rc != 0 || d.n != 0)
				fail_msg("review-by %s: rc %d, %zu diags",
				    cases[i].value, rc, d.n);
			assert_string_equal(a->review_by, cases[i].value);
		} else {
			e = th_diags_find(&d, KB_SEVERITY_ERROR, "review-by");
			if (rc != KB_EINVALID || a != NULL || e == NULL ||
			    e->line != 3)
				fail_msg("review-by %s: rc %d, error %s line %u",
				    cases[i].value, rc, e ? e->message : "none",
				    e ? e->line : 0);
		}
		kb_answer_free(a);
		th_diags_free(&d);
	}
}

static void
answer__parse__bad_id_from_path(void **state)
{
	static const char *const paths[] = {
		"answers/Upper.md",
		"answers/-x.md",
		"answers/a b.md",
		"answers/x_y.md",
		"answers/topic/caf\xC3\xA9.md",
		"answers/"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		".md",		/* 65 characters */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(paths); i++)
		expect_error(paths[i], "---\ntitle: T\n---\n", "invalid id", 0);
	expect_error("answers/notes.txt", "---\ntitle: T\n---\n", ".md", 0);
}

static void
answer__parse__good_ids_from_path(void **state)
{
	static const struct {
		const char *path;
		const char *id;
	} cases[] = {
		{ "answers/x.md", "x" },
		{ "answers/a/b/c/ssn-card-lost.md", "ssn-card-lost" },
		{ "answers/1099-form.md", "1099-form" },
		{ "answers/trailing-.md", "trailing-" },
		{ "answers/"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  ".md",
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		},		/* 64 characters */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		struct kb_answer *a = expect_clean(cases[i].path,
		    "---\ntitle: T\n---\n");

		assert_string_equal(a->id, cases[i].id);
		assert_string_equal(a->path, cases[i].path);
		kb_answer_free(a);
	}
}

static void
answer__parse__duplicate_key(void **state)
{
	(void)state;
	expect_error("answers/a.md",
	    "---\ntitle: One\nowner: x\ntitle: Two\n---\n",
	    "given twice (first on line 2)", 4);
	expect_error("answers/a.md",
	    "---\ntitle: One\ntags: a\n\ntags: b\n---\n", "'tags'", 5);
}

static void
answer__parse__unknown_key(void **state)
{
	static const char text[] =
	    "---\ntitle: T\nx-reviewer: Ana Ruiz \n---\nBody\n";
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = NULL;
	const struct th_diag *w;

	(void)state;
	assert_int_equal(parse(&a, "answers/a.md", text, &d), 0);
	assert_non_null(a);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_ERROR), 0);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_WARNING), 1);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "x-reviewer");
	assert_non_null(w);
	assert_int_equal(w->line, 3);
	assert_string_equal(w->path, "answers/a.md");

	assert_int_equal(a->nfields, 2);
	assert_string_equal(a->fields[1].key, "x-reviewer");
	assert_string_equal(a->fields[1].value, "Ana Ruiz");
	assert_int_equal(a->fields[1].line, 3);
	assert_int_equal(a->fields[1].known, 0);
	assert_int_equal(a->fields[0].known, 1);
	assert_string_equal(a->body, "Body\n");
	kb_answer_free(a);
	th_diags_free(&d);
}

static void
answer__parse__bad_front_matter_line(void **state)
{
	(void)state;
	expect_error("answers/a.md", "---\ntitle: T\nno colon here\n---\n",
	    "key: value", 3);
	expect_error("answers/a.md", "---\ntitle: T\nTitle: U\n---\n",
	    "key: value", 3);
	expect_error("answers/a.md", "---\ntitle: T\n: empty key\n---\n",
	    "key: value", 3);
}

static void
answer__parse__other_field_errors(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = NULL;
	const struct th_diag *w;

	(void)state;
	expect_error("answers/a.md", "---\ntitle: T\nlang: english\n---\n",
	    "lang", 3);
	expect_error("answers/a.md", "---\ntitle: T\nlang: EN\n---\n",
	    "lang", 3);
	expect_error("answers/a.md",
	    "---\ntitle: T\nrelated: good-id, Bad_Id\n---\n", "Bad_Id", 3);

	/* A regional language tag is fine. */
	a = expect_clean("answers/a.md", "---\ntitle: T\nlang: pt-BR\n---\n");
	assert_string_equal(a->lang, "pt-BR");
	kb_answer_free(a);

	/* An odd audience is only a warning, and is kept. */
	assert_int_equal(parse(&a, "answers/a.md",
	    "---\ntitle: T\naudience: staff\n---\n", &d), 0);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "audience");
	assert_non_null(w);
	assert_int_equal(w->line, 3);
	assert_string_equal(a->audience, "staff");
	kb_answer_free(a);
	th_diags_free(&d);
}

static void
answer__parse__missing_front_matter(void **state)
{
	(void)state;
	expect_error("answers/a.md", "title: T\n\nBody\n",
	    "missing front matter", 1);
	expect_error("answers/a.md", "", "missing front matter", 1);
	expect_error("answers/a.md", "----\ntitle: T\n----\n",
	    "missing front matter", 1);
	expect_error("answers/a.md", "\n---\ntitle: T\n---\n",
	    "missing front matter", 1);
}

static void
answer__parse__unclosed_front_matter(void **state)
{
	(void)state;
	expect_error("answers/a.md", "---\ntitle: T\n", "not closed", 1);
	expect_error("answers/a.md", "---\ntitle: T\nowner: x", "not closed",
	    1);
	expect_error("answers/a.md", "---\ntitle: T\n----\nBody\n",
	    "not closed", 1);
	expect_error("answers/a.md", "---", "not closed", 1);
}

static void
answer__parse__closing_line_with_blanks(void **state)
{
	struct kb_answer *a;

	(void)state;
	a = expect_clean("answers/a.md", "---\ntitle: T\n--- \t\nBody\n");
	assert_string_equal(a->body, "Body\n");
	assert_int_equal(a->body_line, 4);
	kb_answer_free(a);
}

static void
assert_same_answer(const struct kb_answer *x, const struct kb_answer *y)
{
	size_t i;

	assert_string_equal(x->id, y->id);
	assert_string_equal(x->title, y->title);
	assert_string_equal(x->lang, y->lang);
	assert_string_equal(x->audience, y->audience);
	assert_int_equal(x->ntags, y->ntags);
	for (i = 0; i < x->ntags; i++)
		assert_string_equal(x->tags[i], y->tags[i]);
	assert_int_equal(x->nrelated, y->nrelated);
	for (i = 0; i < x->nrelated; i++)
		assert_string_equal(x->related[i], y->related[i]);
	assert_int_equal(x->nfields, y->nfields);
	for (i = 0; i < x->nfields; i++) {
		assert_string_equal(x->fields[i].key, y->fields[i].key);
		assert_string_equal(x->fields[i].value, y->fields[i].value);
		assert_int_equal(x->fields[i].line, y->fields[i].line);
	}
	assert_int_equal(x->body_len, y->body_len);
	assert_memory_equal(x->body, y->body, x->body_len);
	assert_int_equal(x->body_line, y->body_line);
}

static const char lf_text[] =
    "---\n"
    "title: Renew a passport\n"
    "tags: passport, renewal\n"
    "related: first-passport\n"
    "---\n"
    "Use form DS-82.\n"
    "\n"
    "## Phone\n"
    "Read the checklist.\n";

static const char crlf_text[] =
    "---\r\n"
    "title: Renew a passport\r\n"
    "tags: passport, renewal\r\n"
    "related: first-passport\r\n"
    "---\r\n"
    "Use form DS-82.\r\n"
    "\r\n"
    "## Phone\r\n"
    "Read the checklist.\r\n";

static void
answer__parse__crlf_same_as_lf(void **state)
{
	struct kb_answer *lf, *crlf;

	(void)state;
	lf = expect_clean("answers/renew.md", lf_text);
	crlf = expect_clean("answers/renew.md", crlf_text);
	assert_same_answer(lf, crlf);
	assert_null(memchr(crlf->body, '\r', crlf->body_len));
	assert_null(strchr(crlf->title, '\r'));
	assert_string_equal(crlf->tags[1], "renewal");
	assert_string_equal(crlf->related[0], "first-passport");
	kb_answer_free(lf);
	kb_answer_free(crlf);
}

static void
answer__parse__byte_order_mark(void **state)
{
	char text[sizeof(lf_text) + 3], text2[sizeof(crlf_text) + 3];
	struct kb_answer *lf, *bom, *bom_crlf;

	(void)state;
	memcpy(text, "\xEF\xBB\xBF", 3);
	memcpy(text + 3, lf_text, sizeof(lf_text));
	memcpy(text2, "\xEF\xBB\xBF", 3);
	memcpy(text2 + 3, crlf_text, sizeof(crlf_text));
	lf = expect_clean("answers/renew.md", lf_text);
	bom = expect_clean("answers/renew.md", text);
	bom_crlf = expect_clean("answers/renew.md", text2);
	assert_same_answer(lf, bom);
	assert_same_answer(lf, bom_crlf);
	assert_string_equal(bom->title, "Renew a passport");
	kb_answer_free(lf);
	kb_answer_free(bom);
	kb_answer_free(bom_crlf);
}

struct utf8_error_case {
	const char *text;
	unsigned line;
};

static void
answer__parse__invalid_utf8(void **state)
{
	static const struct utf8_error_case cases[] = {
		{ "---\xFF\ntitle: T\n---\n", 1 },
		{ "---\ntitle: T\nowner: caf\xE9\n---\n", 3 },
		{ "---\ntitle: T\n---\nline 4\nline 5\n\xC0\xAF\n", 6 },
		{ "---\ntitle: T\n---\nsurrogate \xED\xA0\x80\n", 4 },
		{ "---\r\ntitle: T\r\n---\r\ntruncated \xE2\x82", 4 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		expect_error("answers/a.md", cases[i].text, "invalid UTF-8",
		    cases[i].line);
}

static void
answer__parse__ten_megabytes_rejected(void **state)
{
	size_t len = 10 * 1024 * 1024, i;
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = (struct kb_answer *)1;
	char *data = malloc(len);
	int rc;

	(void)state;
	assert_non_null(data);
	memset(data, 'a', len);
	memcpy(data, "---\ntitle: Huge\n---\n", 20);
	for (i = 100; i < len; i += 100)
		data[i] = '\n';
	rc = kb_answer_parse(&a, "answers/huge.md", data, len,
	    th_diag_collect, &d);
	free(data);
	assert_int_equal(rc, KB_EINVALID);
	assert_null(a);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].severity, KB_SEVERITY_ERROR);
	assert_non_null(strstr(d.v[0].message, "limited to"));
	assert_non_null(strstr(d.v[0].message, "1048576"));
	assert_string_equal(d.v[0].path, "answers/huge.md");
	th_diags_free(&d);
}

/* A valid answer of exactly `len` bytes. */
static char *
answer_of_size(size_t len)
{
	static const char head[] = "---\ntitle: Big\n---\n";
	char *data = malloc(len + 1);
	size_t i;

	assert_non_null(data);
	memcpy(data, head, sizeof(head) - 1);
	for (i = sizeof(head) - 1; i < len; i++)
		data[i] = (i % 64 == 63) ? '\n' : 'b';
	data[len] = '\0';
	return data;
}

static void
answer__parse__size_limit_edges(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = NULL;
	char *data;
	int rc;

	(void)state;
	data = answer_of_size(KB_ANSWER_MAX_BYTES);
	rc = kb_answer_parse(&a, "answers/big.md", data, KB_ANSWER_MAX_BYTES,
	    th_diag_collect, &d);
	if (rc != 0) {
		th_diags_dump(&d);
		fail_msg("a file of exactly %d bytes was rejected",
		    KB_ANSWER_MAX_BYTES);
	}
	assert_int_equal(d.n, 0);
	assert_int_equal(a->body_len, KB_ANSWER_MAX_BYTES - 19);
	kb_answer_free(a);
	free(data);

	data = answer_of_size(KB_ANSWER_MAX_BYTES + 1);
	a = (struct kb_answer *)1;
	rc = kb_answer_parse(&a, "answers/big.md", data,
	    KB_ANSWER_MAX_BYTES + 1, th_diag_collect, &d);
	free(data);
	assert_int_equal(rc, KB_EINVALID);
	assert_null(a);
	assert_non_null(th_diags_find(&d, KB_SEVERITY_ERROR, "limited to"));
	th_diags_free(&d);
}

struct heading_case {
	const char *heading;
	int warns;
};

static void
answer__parse__channel_headings(void **state)
{
	static const struct heading_case cases[] = {
		{ "## Phone", 0 },
		{ "## Email", 0 },
		{ "## Walk-in", 0 },
		{ "## phone", 1 },
		{ "## PHONE", 1 },
		{ "## email", 1 },
		{ "## E-mail", 1 },
		{ "## Walk in", 1 },
		{ "## walkin", 1 },
		{ "## Telephone", 1 },
		{ "# Phone", 1 },
		{ "### phone", 1 },
		{ "## Phone numbers", 0 },
		{ "## Opening hours", 0 },
		{ "Phone", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char text[256];
		struct th_diags d = TH_DIAGS_INIT;
		struct kb_answer *a = NULL;
		const struct th_diag *w;
		int rc;

		snprintf(text, sizeof(text), "---\ntitle: T\n---\nCommon text."
		    "\n\n%s\nSay this.\n", cases[i].heading);
		rc = parse(&a, "answers/a.md", text, &d);
		if (rc != 0)
			fail_msg("'%s': rc %d", cases[i].heading, rc);
		w = th_diags_find(&d, KB_SEVERITY_WARNING, "channel");
		if (cases[i].warns && (w == NULL || w->line != 6 ||
		    strstr(w->message, cases[i].heading) == NULL))
			fail_msg("'%s': want a warning on line 6, got %s line %u",
			    cases[i].heading, w ? w->message : "none",
			    w ? w->line : 0);
		if (!cases[i].warns && d.n != 0) {
			th_diags_dump(&d);
			fail_msg("'%s': unexpected diagnostics",
			    cases[i].heading);
		}
		kb_answer_free(a);
		th_diags_free(&d);
	}
}

/*
 * Staff-only notes: a closed ```staff block is fine; one never closed
 * (it hides the rest from customers) and a fence that looks meant as one
 * but is not (so customers get it) warn on the line that opens them.
 */
static void
answer__parse__staff_blocks(void **state)
{
	static const struct {
		const char *body;
		unsigned line;		/* of the warning; 0: none */
		const char *needle;
	} cases[] = {
		{ "```staff\nNote.\n```\n", 0, NULL },
		{ "Text.\n\n~~~ Staff only\nNote.\n~~~\nMore.\n", 0, NULL },
		{ "````staff\nx\n```\nstill a note\n````\n", 0, NULL },
		{ "```sh\n```staff\n```\n", 0, NULL },
		{ "- item\n\n  ```staff\n  Note.\n  ```\n", 0, NULL },
		{ "```staff\nNote.\n\nThe customer's text.\n", 4,
		  "never closed" },
		{ "```staff\nx\n``` more\n", 4, "line '```'" },
		{ "Text.\n\n```\ncode\n```\n\n~~~~staff\nNote.\n~~~\n", 10,
		  "line '~~~~'" },
		{ "```staff-only\nNote.\n```\n", 4, "'```staff-only' is not "
		  "a staff-only block" },
		{ "Text.\n\n~~~Internal\nNote.\n~~~\n", 6, "write '~~~staff'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char text[512];
		struct th_diags d = TH_DIAGS_INIT;
		struct kb_answer *a = NULL;
		const struct th_diag *w;

		snprintf(text, sizeof(text), "---\ntitle: T\n---\n%s",
		    cases[i].body);
		if (parse(&a, "answers/a.md", text, &d) != 0)
			fail_msg("case %zu: not parsed", i);
		w = th_diags_find(&d, KB_SEVERITY_WARNING, cases[i].needle);
		if (cases[i].line == 0 && d.n != 0) {
			th_diags_dump(&d);
			fail_msg("case %zu: unexpected diagnostics", i);
		}
		if (cases[i].line && (d.n != 1 || w == NULL ||
		    w->line != cases[i].line)) {
			th_diags_dump(&d);
			fail_msg("case %zu: want one warning on line %u with "
			    "'%s'", i, cases[i].line, cases[i].needle);
		}
		kb_answer_free(a);
		th_diags_free(&d);
	}
}

static void
answer__parse__channel_heading_in_code_block(void **state)
{
	struct kb_answer *a;

	(void)state;
	a = expect_clean("answers/a.md",
	    "---\ntitle: T\n---\n```\n## phone\n```\n\n~~~\n## walk in\n~~~\n");
	kb_answer_free(a);
}

static void
answer__parse__channel_heading_line_with_crlf(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = NULL;
	const struct th_diag *w;

	(void)state;
	assert_int_equal(parse(&a, "answers/a.md",
	    "---\r\ntitle: T\r\n---\r\nText\r\n\r\n## Phone\r\nx\r\n\r\n"
	    "## email\r\ny\r\n", &d), 0);
	assert_int_equal(d.n, 1);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "## email");
	assert_non_null(w);
	assert_int_equal(w->line, 9);
	kb_answer_free(a);
	th_diags_free(&d);
}

/* No byte of s is a control character or another unsafe character. */
static void
assert_safe_text(const char *what, const char *s)
{
	size_t i = 0, n = strlen(s);

	if (!utf8_valid(s, n, NULL))
		fail_msg("%s: invalid UTF-8 '%s'", what, s);
	while (i < n) {
		uint32_t cp;

		i += utf8_decode(s + i, n - i, &cp);
		if (utf8_is_unsafe(cp))
			fail_msg("%s: U+%04X kept in '%s'", what, (unsigned)cp,
			    s);
	}
}

static void
answer__parse__control_characters_sanitised(void **state)
{
	static const char text[] =
	    "---\n"
	    "title: Hello\x1B[31m World\x07 \xC2\x9B" "2J \xE2\x80\xAE" "cba\x7F\n"
	    "tags: one\x1B, tw\to\n"
	    "owner: team\x08x\n"
	    "standard: ok\x01 done\n"
	    "---\n"
	    "Body\n";
	struct th_diags d = TH_DIAGS_INIT;
	struct kb_answer *a = NULL;
	size_t i;

	(void)state;
	assert_int_equal(parse(&a, "answers/a.md", text, &d), 0);
	assert_non_null(a);
	assert_string_equal(a->title, "Hello" FFFD "[31m World" FFFD " " FFFD
	    "2J " FFFD "cba" FFFD);
	assert_safe_text("title", a->title);
	for (i = 0; i < a->ntags; i++)
		assert_safe_text("tag", a->tags[i]);
	assert_string_equal(a->tags[1], "tw o");
	assert_safe_text("owner", a->owner);
	assert_safe_text("standard", a->standard);
	for (i = 0; i < a->nfields; i++)
		assert_safe_text(a->fields[i].key, a->fields[i].value);
	kb_answer_free(a);
	th_diags_free(&d);
}

static void
answer__date_valid__table(void **state)
{
	static const struct date_case cases[] = {
		{ "2027-01-01", 1 }, { "2028-02-29", 1 }, { "2000-02-29", 1 },
		{ "2024-02-29", 1 }, { "1999-12-31", 1 }, { "2027-11-30", 1 },
		{ "2027-02-29", 0 }, { "2027-02-30", 0 }, { "2027-13-01", 0 },
		{ "1900-02-29", 0 }, { "2027-06-31", 0 }, { "2027-09-31", 0 },
		{ "2027-00-01", 0 }, { "2027-01-32", 0 }, { "27-01-01", 0 },
		{ "2027-1-1", 0 }, { "2027-01-01 ", 0 }, { " 2027-01-01", 0 },
		{ "2027-01-0a", 0 }, { "2027_01_01", 0 }, { "", 0 },
		{ "2027-01", 0 }, { "20270101", 0 }, { "+027-01-01", 0 },
		{ "2027-01-001", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		if (kb_date_valid(cases[i].value) != cases[i].valid)
			fail_msg("kb_date_valid(\"%s\") != %d", cases[i].value,
			    cases[i].valid);
}

struct id_case {
	const char *id;
	int valid;
};

static void
answer__id_valid__table(void **state)
{
	static const struct id_case cases[] = {
		{ "a", 1 }, { "0", 1 }, { "ssn-card-lost", 1 },
		{ "1099-form", 1 }, { "a-", 1 }, { "a--b", 1 },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  1 },		/* 64 */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  0 },		/* 65 */
		{ "", 0 }, { "-a", 0 }, { "A", 0 }, { "aB", 0 },
		{ "a b", 0 }, { "a_b", 0 }, { "a.b", 0 }, { "a/b", 0 },
		{ "caf\xC3\xA9", 0 }, { "\xC3\xA9", 0 }, { "a\n", 0 },
		{ "x.md", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		if (kb_answer_id_valid(cases[i].id) != cases[i].valid)
			fail_msg("kb_answer_id_valid(\"%s\") != %d", cases[i].id,
			    cases[i].valid);
}

struct path_case {
	const char *path;
	int is_answer;
};

static void
answer__path_is_answer__table(void **state)
{
	static const struct path_case cases[] = {
		{ "answers/x.md", 1 },
		{ "answers/topic/x.md", 1 },
		{ "answers/a/b/c/ssn-card.md", 1 },
		{ "answers/Upper.md", 1 },	/* an answer, with a bad id */
		{ "answers/.md", 0 },
		{ "answers/", 0 },
		{ "answers", 0 },
		{ "answer/x.md", 0 },
		{ "Answers/x.md", 0 },
		{ "x.md", 0 },
		{ "docs/answers/x.md", 0 },
		{ "answers/x.MD", 0 },
		{ "answers/x.md.txt", 0 },
		{ "answers/x.txt", 0 },
		{ "answers/x", 0 },
		{ "synonyms.txt", 0 },
		{ "README.md", 0 },
		{ "", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		if (kb_answer_path_is_answer(cases[i].path) !=
		    cases[i].is_answer)
			fail_msg("kb_answer_path_is_answer(\"%s\") != %d",
			    cases[i].path, cases[i].is_answer);
}

static void
answer__id_from_path__table(void **state)
{
	static const struct {
		const char *path;
		const char *id;	/* NULL: KB_EINVALID */
	} cases[] = {
		{ "answers/a/b/ssn-card.md", "ssn-card" },
		{ "answers/x.md", "x" },
		{ "x.md", "x" },
		{ "answers/Upper.md", "Upper" },
		{ "answers/x.txt", NULL },
		{ "answers/.md", NULL },
		{ "answers/x", NULL },
		{ "answers/", NULL },
		{ "", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char *id = (char *)1;
		int rc = kb_answer_id_from_path(&id, cases[i].path);

		if (cases[i].id) {
			if (rc != 0 || id == NULL || strcmp(id, cases[i].id))
				fail_msg("%s: rc %d id %s", cases[i].path, rc,
				    rc == 0 ? id : "-");
			free(id);
		} else if (rc != KB_EINVALID || id != NULL) {
			fail_msg("%s: rc %d, want KB_EINVALID and NULL",
			    cases[i].path, rc);
		}
	}
}

/* --- translations, dates and replacements ------------------------------ */

static void
answer__parse__new_keys_default_unset(void **state)
{
	struct kb_answer *a;

	(void)state;
	a = expect_clean("answers/x.md", "---\ntitle: T\n---\nBody\n");
	assert_int_equal(a->ntranslations, 0);
	assert_null(a->translation_of);
	assert_null(a->effective);
	assert_null(a->expires);
	assert_null(a->replaces);
	kb_answer_free(a);
	/* Empty values are unset too. */
	a = expect_clean("answers/x.md", "---\ntitle: T\ntranslations:\n"
	    "translation-of: \neffective:\nexpires:\nreplaces:\n---\n");
	assert_int_equal(a->ntranslations, 0);
	assert_null(a->translation_of);
	assert_null(a->effective);
	assert_null(a->expires);
	assert_null(a->replaces);
	kb_answer_free(a);
}

static void
answer__parse__translations_valid(void **state)
{
	struct kb_answer *a;
	size_t i;

	(void)state;
	a = expect_clean("answers/ssn-card.md", "---\ntitle: T\n"
	    "translations: es:ssn-card-es,fr:ssn-card-fr , pt-BR:ssn-card-pt,"
	    "\n---\n");
	assert_int_equal(a->ntranslations, 3);
	assert_string_equal(a->translations[0].lang, "es");
	assert_string_equal(a->translations[0].id, "ssn-card-es");
	assert_string_equal(a->translations[1].lang, "fr");
	assert_string_equal(a->translations[1].id, "ssn-card-fr");
	assert_string_equal(a->translations[2].lang, "pt-BR");
	assert_string_equal(a->translations[2].id, "ssn-card-pt");
	assert_null(a->translation_of);
	for (i = 0; i < a->nfields; i++)
		assert_int_equal(a->fields[i].known, 1);
	kb_answer_free(a);

	/* A Spanish source lists its English translation. */
	a = expect_clean("answers/tramite.md", "---\ntitle: T\nlang: es\n"
	    "translations: en:tramite-en\n---\n");
	assert_int_equal(a->ntranslations, 1);
	assert_string_equal(a->translations[0].lang, "en");
	kb_answer_free(a);
}

static void
answer__parse__translations_errors(void **state)
{
	static const struct {
		const char *value;
		const char *needle;
	} cases[] = {
		{ "ssn-card-es", "'ssn-card-es' should be LANG:ID, e.g. "
		  "es:ssn-card-es" },
		{ "es ssn-card-es", "should be LANG:ID" },
		{ "es:", "'es:' should be LANG:ID" },
		{ ":ssn-card-es", "':ssn-card-es' should be LANG:ID" },
		{ "ES:ssn-card-es", "'ES:ssn-card-es' should be LANG:ID" },
		{ "spanish:ssn-card-es", "should be LANG:ID" },
		{ "es:Card_Es", "'es:Card_Es' should be LANG:ID" },
		{ "es:a:b", "should be LANG:ID" },
		/* The answer's own language or id. */
		{ "en:ssn-card-en", "'en:ssn-card-en' is this answer's own "
		  "language or id" },
		{ "es:ssn-card", "'es:ssn-card' is this answer's own language "
		  "or id" },
		/* Two into one language. */
		{ "es:ssn-card-es, fr:ssn-card-fr, es:ssn-card-mx",
		  "two translations into 'es'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		char text[256];

		snprintf(text, sizeof(text), "---\ntitle: T\nowner: o\n"
		    "translations: %s\n---\n", cases[i].value);
		expect_error("answers/ssn-card.md", text, cases[i].needle, 4);
	}
	/* The own language is the one `lang` sets. */
	expect_error("answers/ssn-card.md", "---\ntitle: T\nlang: es\n"
	    "translations: es:ssn-card-es\n---\n", "own language", 4);
}

static void
answer__parse__translation_of(void **state)
{
	struct kb_answer *a;

	(void)state;
	a = expect_clean("answers/es/ssn-card-es.md", "---\ntitle: T\n"
	    "lang: es\ntranslation-of: ssn-card\n---\nTexto.\n");
	assert_non_null(a->translation_of);
	assert_string_equal(a->translation_of, "ssn-card");
	assert_int_equal(a->ntranslations, 0);
	kb_answer_free(a);

	expect_error("answers/ssn-card-es.md", "---\ntitle: T\nlang: es\n"
	    "translation-of: ssn-card-es\n---\n",
	    "translation-of: 'ssn-card-es' is this answer itself", 4);
	expect_error("answers/ssn-card-es.md", "---\ntitle: T\n"
	    "translation-of: SSN card\n---\n",
	    "translation-of: 'SSN card' is not a valid answer id", 3);
	/* Both keys: an error on the translation-of line. */
	expect_error("answers/ssn-card-es.md", "---\ntitle: T\nlang: es\n"
	    "translations: fr:ssn-card-fr\ntranslation-of: ssn-card\n---\n",
	    "either 'translations' (it is the source) or 'translation-of' "
	    "(it is a translation), not both", 5);
}

static void
answer__parse__effective_expires(void **state)
{
	struct kb_answer *a;

	(void)state;
	a = expect_clean("answers/a.md", "---\ntitle: T\n"
	    "effective: 2026-03-15\nexpires: 2026-03-16\n---\n");
	assert_string_equal(a->effective, "2026-03-15");
	assert_string_equal(a->expires, "2026-03-16");
	kb_answer_free(a);
	a = expect_clean("answers/a.md", "---\ntitle: T\n"
	    "expires: 2028-02-29\n---\n");
	assert_null(a->effective);
	assert_string_equal(a->expires, "2028-02-29");
	kb_answer_free(a);

	expect_error("answers/a.md", "---\ntitle: T\neffective: 2026-02-30\n"
	    "---\n", "effective '2026-02-30' is not a date written "
	    "YYYY-MM-DD", 3);
	expect_error("answers/a.md", "---\ntitle: T\nexpires: next week\n"
	    "---\n", "expires 'next week' is not a date", 3);
	expect_error("answers/a.md", "---\ntitle: T\n"
	    "effective: 2026-03-15T09:00\n---\n", "effective", 3);
	/* expires must be after effective: equal or before is an error on
	 * the expires line. */
	expect_error("answers/a.md", "---\ntitle: T\neffective: 2026-03-15\n"
	    "expires: 2026-03-15\n---\n", "expires 2026-03-15 is not after "
	    "effective 2026-03-15 (line 3)", 4);
	expect_error("answers/a.md", "---\ntitle: T\nexpires: 2026-03-01\n"
	    "owner: x\neffective: 2026-03-15\n---\n", "expires 2026-03-01 is "
	    "not after effective 2026-03-15 (line 5)", 3);
}

static void
answer__parse__replaces(void **state)
{
	struct kb_answer *a;

	(void)state;
	a = expect_clean("answers/fee-2026.md", "---\ntitle: T\n"
	    "replaces: fee-2025\neffective: 2026-03-15\n---\n");
	assert_string_equal(a->replaces, "fee-2025");
	assert_string_equal(a->effective, "2026-03-15");
	kb_answer_free(a);
	/* Without a date: fine for the parser (kb check warns). */
	a = expect_clean("answers/fee-2026.md", "---\ntitle: T\n"
	    "replaces: fee-2025\n---\n");
	assert_string_equal(a->replaces, "fee-2025");
	kb_answer_free(a);

	expect_error("answers/fee-2026.md", "---\ntitle: T\n"
	    "replaces: fee-2026\n---\n",
	    "replaces: 'fee-2026' is this answer itself", 3);
	expect_error("answers/fee-2026.md", "---\ntitle: T\n"
	    "replaces: fee 2025\n---\n",
	    "replaces: 'fee 2025' is not a valid answer id", 3);
	expect_error("answers/fee-2026.md", "---\ntitle: T\n"
	    "replaces: fee-2025, fee-2024\n---\n", "not a valid answer id", 3);
}

static void
answer__lang_valid__table(void **state)
{
	static const struct {
		const char *s;
		int valid;
	} cases[] = {
		{ "en", 1 }, { "es", 1 }, { "ast", 1 }, { "pt-BR", 1 },
		{ "zh-Hant-TW", 1 }, { "es-419", 1 }, { "en-abcdefgh", 1 },
		{ "e", 0 }, { "engl", 0 }, { "EN", 0 }, { "En", 0 },
		{ "en-", 0 }, { "en_US", 0 }, { "en-US-", 0 }, { "-en", 0 },
		{ "en-abcdefghi", 0 }, { "", 0 }, { "xx1", 0 }, { "es ", 0 },
		{ "en--US", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++)
		if (kb_lang_valid(cases[i].s) != cases[i].valid)
			fail_msg("kb_lang_valid('%s'): want %d", cases[i].s,
			    cases[i].valid);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(answer__parse__every_key),
		cmocka_unit_test(answer__parse__defaults),
		cmocka_unit_test(answer__parse__empty_values_never_read_garbage),
		cmocka_unit_test(answer__parse__no_callback),
		cmocka_unit_test(answer__parse__missing_title),
		cmocka_unit_test(answer__parse__empty_title),
		cmocka_unit_test(answer__parse__title_length),
		cmocka_unit_test(answer__parse__title_limit_counts_characters),
		cmocka_unit_test(answer__parse__review_by_dates),
		cmocka_unit_test(answer__parse__bad_id_from_path),
		cmocka_unit_test(answer__parse__good_ids_from_path),
		cmocka_unit_test(answer__parse__duplicate_key),
		cmocka_unit_test(answer__parse__unknown_key),
		cmocka_unit_test(answer__parse__bad_front_matter_line),
		cmocka_unit_test(answer__parse__other_field_errors),
		cmocka_unit_test(answer__parse__missing_front_matter),
		cmocka_unit_test(answer__parse__unclosed_front_matter),
		cmocka_unit_test(answer__parse__closing_line_with_blanks),
		cmocka_unit_test(answer__parse__crlf_same_as_lf),
		cmocka_unit_test(answer__parse__byte_order_mark),
		cmocka_unit_test(answer__parse__invalid_utf8),
		cmocka_unit_test(answer__parse__ten_megabytes_rejected),
		cmocka_unit_test(answer__parse__size_limit_edges),
		cmocka_unit_test(answer__parse__channel_headings),
		cmocka_unit_test(answer__parse__channel_heading_in_code_block),
		cmocka_unit_test(answer__parse__staff_blocks),
		cmocka_unit_test(answer__parse__channel_heading_line_with_crlf),
		cmocka_unit_test(answer__parse__control_characters_sanitised),
		cmocka_unit_test(answer__date_valid__table),
		cmocka_unit_test(answer__id_valid__table),
		cmocka_unit_test(answer__path_is_answer__table),
		cmocka_unit_test(answer__id_from_path__table),
		cmocka_unit_test(answer__parse__new_keys_default_unset),
		cmocka_unit_test(answer__parse__translations_valid),
		cmocka_unit_test(answer__parse__translations_errors),
		cmocka_unit_test(answer__parse__translation_of),
		cmocka_unit_test(answer__parse__effective_expires),
		cmocka_unit_test(answer__parse__replaces),
		cmocka_unit_test(answer__lang_valid__table),
	};

	th_env_setup();
	return th_run(argc, argv, "answer", tests, NULL, NULL);
}
