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
