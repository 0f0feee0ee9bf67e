/* Checking an event from another office's usage ref (usage_check.h). */
#include "usage_check.h"

#include <stdint.h>
#include <string.h>

#include "kb/answer.h"
#include "kb/clock.h"
#include "office_name.h"
#include "utf8.h"

enum { F_UID, F_TIME, F_KIND, F_AGENT, F_OFFICE, F_CHANNEL, F_ANSWER,
    F_VERSION, F_QUERY, F_HITS, F_REASON, F_SURE, F_UNDOES, F_CLOSES };

#define HITS_MAX 1000000000LL

static int
is_text(const struct json_field *f)
{
	return f->kind == JSON_STRING && f->text != NULL;
}

static int
is_missing(const struct json_field *f)
{
	return f->kind == JSON_ABSENT || f->kind == JSON_NULL;
}

/* Valid UTF-8, no control or bidirectional control, 1..max bytes. */
static int
clean_text(const char *s, size_t max)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	if (len == 0 || len > max || !utf8_valid(s, len, NULL))
		return 0;
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (utf8_is_unsafe(cp))
			return 0;
		i += n;
	}
	return 1;
}

/* A uid as kb writes it is 32 hex digits; other tools' may differ. */
static int
uid_valid(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len <= USAGE_CHECK_UID_MAX &&
	    strspn(s, "0123456789abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-") == len;
}

static int
version_valid(const char *s)
{
	size_t len = strlen(s);

	return (len == 40 || len == 64) &&
	    strspn(s, "0123456789abcdef") == len;
}

static int
kind_valid(const char *k)
{
	return strcmp(k, "use") == 0 || strcmp(k, "search") == 0 ||
	    strcmp(k, "flag") == 0 || strcmp(k, "unsatisfied") == 0 ||
	    strcmp(k, "undo") == 0 || strcmp(k, "flag_close") == 0;
}

static int
channel_valid(const char *c)
{
	return strcmp(c, "phone") == 0 || strcmp(c, "email") == 0 ||
	    strcmp(c, "walk-in") == 0;
}

/* An optional text field: absent, null, or clean text. */
static int
optional_text(const struct json_field *f, size_t max)
{
	return is_missing(f) || (is_text(f) && clean_text(f->text, max));
}

static const char *
check_required(const struct json_field *f)
{
	if (!is_text(&f[F_UID]) || !uid_valid(f[F_UID].text))
		return "uid is missing or not 1 to 64 letters, digits, '_' "
		    "or '-'";
	if (!is_text(&f[F_TIME]) || !kb_utc_time_valid(f[F_TIME].text))
		return "time is missing or not YYYY-MM-DDTHH:MM:SSZ";
	if (!is_text(&f[F_KIND]) || !kind_valid(f[F_KIND].text))
		return "kind is missing or not use, search, flag, "
		    "unsatisfied, undo or flag_close";
	if (!is_text(&f[F_AGENT]) || !clean_text(f[F_AGENT].text,
	    USAGE_CHECK_NAME_MAX))
		return "agent is missing, longer than 200 bytes, or has a "
		    "control character or invalid UTF-8";
	return NULL;
}

static const char *
check_answer(const struct json_field *f)
{
	int search = strcmp(f[F_KIND].text, "search") == 0;

	if (is_missing(&f[F_ANSWER]))
		return search ? NULL : "answer is missing";
	if (!is_text(&f[F_ANSWER]) || !kb_answer_id_valid(f[F_ANSWER].text))
		return "answer is not an answer id";
	return NULL;
}

/*
 * How many hits were sure: absent (an office older than the field) or
 * null, else a count no larger than the hits it is part of.
 */
static const char *
check_sure(const struct json_field *f)
{
	if (is_missing(&f[F_SURE]))
		return NULL;
	if (f[F_SURE].kind != JSON_NUMBER || f[F_SURE].number < 0)
		return "sure is not a count";
	if (f[F_HITS].kind != JSON_NUMBER || f[F_SURE].number >
	    f[F_HITS].number)
		return "sure is given without hits, or is more than hits";
	return NULL;
}

/*
 * An undo names the uid of the event it takes back, and only an undo
 * does.  Whether that event is the office's own is offices.c's question.
 */
static const char *
check_undoes(const struct json_field *f)
{
	int undo = strcmp(f[F_KIND].text, "undo") == 0;

	if (undo && !(is_text(&f[F_UNDOES]) && uid_valid(f[F_UNDOES].text)))
		return "undoes is missing or not a uid, in an undo";
	if (!undo && !is_missing(&f[F_UNDOES]))
		return "undoes is given in an event that is not an undo";
	return NULL;
}

/*
 * A flag_close names the uid of the flag it closes, with a reason, and
 * only a flag_close names one.  Which flags an office's close may close
 * (its own) is the report's question (flags_state.c).
 */
static const char *
check_closes(const struct json_field *f)
{
	int close = strcmp(f[F_KIND].text, "flag_close") == 0;

	if (close && !(is_text(&f[F_CLOSES]) && uid_valid(f[F_CLOSES].text)))
		return "closes is missing or not a uid, in a flag_close";
	if (close && is_missing(&f[F_REASON]))
		return "reason is missing, in a flag_close";
	if (!close && !is_missing(&f[F_CLOSES]))
		return "closes is given in an event that is not a flag_close";
	return NULL;
}

const char *
kb_usage_check__event(const struct json_field *f)
{
	const char *problem;

	if ((problem = check_required(f)) != NULL ||
	    (problem = check_answer(f)) != NULL)
		return problem;
	if (!optional_text(&f[F_OFFICE], USAGE_CHECK_NAME_MAX))
		return "office is longer than 200 bytes, or has a control "
		    "character or invalid UTF-8";
	if (!is_missing(&f[F_CHANNEL]) && !(is_text(&f[F_CHANNEL]) &&
	    channel_valid(f[F_CHANNEL].text)))
		return "channel is not phone, email, walk-in or null";
	if (!is_missing(&f[F_VERSION]) && !(is_text(&f[F_VERSION]) &&
	    version_valid(f[F_VERSION].text)))
		return "version is not a blob id";
	if (!optional_text(&f[F_QUERY], USAGE_CHECK_TEXT_MAX))
		return "query is longer than 1000 bytes, or has a control "
		    "character or invalid UTF-8";
	if (!is_missing(&f[F_HITS]) && !(f[F_HITS].kind == JSON_NUMBER &&
	    f[F_HITS].number >= 0 && f[F_HITS].number <= HITS_MAX))
		return "hits is not a count";
	if (!optional_text(&f[F_REASON], USAGE_CHECK_TEXT_MAX))
		return "reason is longer than 1000 bytes, or has a control "
		    "character or invalid UTF-8";
	if ((problem = check_sure(f)) != NULL ||
	    (problem = check_undoes(f)) != NULL)
		return problem;
	return check_closes(f);
}

int
kb_usage_check__names_office(const char *name, const char *office)
{
	char made[OFFICE_NAME_MAX + 1];

	kb_office_name__slug(made, name);
	return *made && strcmp(made, office) == 0;
}
