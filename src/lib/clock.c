/* kb's notion of today, overridable with KB_NOW for tests. */
#include "kb/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb/answer.h"

void
kb_today(char out[11])
{
	const char *env = getenv("KB_NOW");
	struct tm tm;
	time_t now;

	if (env && strlen(env) >= 10) {
		char date[11];

		memcpy(date, env, 10);
		date[10] = '\0';
		if (kb_date_valid(date)) {
			memcpy(out, date, 11);
			return;
		}
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/*
 * KB_NOW as "YYYY-MM-DDTHH:MM:SS" (time 00:00:00 when it gives none or a
 * bad one); 0 when KB_NOW is unset or its date is not valid.
 */
static int
fixed_now(char out[KB_LOCAL_TIME_SIZE])
{
	const char *env = getenv("KB_NOW");
	char date[11];
	const char *t;
	unsigned h = 0, m = 0, s = 0;

	kb_today(date);
	if (env == NULL || strncmp(env, date, 10) != 0)
		return 0;
	t = env[10] == 'T' || env[10] == ' ' ? env + 11 : "";
	if (sscanf(t, "%2u:%2u:%2u", &h, &m, &s) < 2 || h > 23 || m > 59 ||
	    s > 59)
		h = m = s = 0;
	snprintf(out, KB_LOCAL_TIME_SIZE, "%.10sT%02u:%02u:%02u", date,
	    h % 24, m % 60, s % 60);
	return 1;
}

void
kb_now_local(char out[KB_LOCAL_TIME_SIZE])
{
	struct tm tm;
	time_t now;

	if (fixed_now(out))
		return;
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(out, KB_LOCAL_TIME_SIZE, "%Y-%m-%dT%H:%M:%S", &tm);
}

void
kb_now_utc(char out[KB_UTC_TIME_SIZE])
{
	char fixed[KB_LOCAL_TIME_SIZE];
	struct tm tm;
	time_t now;

	if (fixed_now(fixed)) {
		snprintf(out, KB_UTC_TIME_SIZE, "%sZ", fixed);
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(out, KB_UTC_TIME_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
kb_utc_time_valid(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	char date[11];
	size_t i;

	if (s == NULL || strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' :
		    s[i] != shape[i])
			return 0;
	memcpy(date, s, 10);
	date[10] = '\0';
	return kb_date_valid(date) && strncmp(s + 11, "24", 2) < 0 &&
	    strncmp(s + 14, "60", 2) < 0 && strncmp(s + 17, "61", 2) < 0;
}
