/*
 * The date kb works with.  KB_NOW (an ISO date or date-time, local time)
 * sets the clock, so that tests and demonstrations of date-driven
 * behaviour never depend on the real date.
 */
#ifndef KB_CLOCK_H
#define KB_CLOCK_H

/* Today as YYYY-MM-DD (local time, or KB_NOW's date). */
void kb_today(char out[11]);

#define KB_LOCAL_TIME_SIZE 20

/*
 * Now in local time as "YYYY-MM-DDTHH:MM:SS" (notices start and end in
 * local time).  With KB_NOW, its date and time (00:00:00 when it gives
 * none).
 */
void kb_now_local(char out[KB_LOCAL_TIME_SIZE]);

#define KB_UTC_TIME_SIZE 21

/*
 * Now in UTC as "YYYY-MM-DDTHH:MM:SSZ", for the usage log.  With KB_NOW,
 * its date and time (00:00:00 when it gives none) taken as UTC.
 */
void kb_now_utc(char out[KB_UTC_TIME_SIZE]);

/* 1 when `s` is exactly a time as kb_now_utc() writes it, else 0. */
int kb_utc_time_valid(const char *s);

#endif
