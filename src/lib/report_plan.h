/*
 * The query plans of the report's SQL, for the test that keeps a report
 * over a period from reading every event of the history
 * (tests/unit/test_report_plan.c).
 */
#ifndef KB_REPORT_PLAN_H
#define KB_REPORT_PLAN_H

#include "kb/kb.h"
#include "kb/report.h"

/* One line of a plan: the section's name and SQLite's detail. */
typedef void (*report_plan_cb)(const char *section, const char *detail,
    void *payload);

/*
 * Set the report up as kb_report_build() does (with --all-offices, the
 * offices' import too) and give each line of EXPLAIN QUERY PLAN of every
 * section's SQL, and of the searches refined, to `cb`.
 */
int kb_report_plan__plans(struct kb *kb, const struct kb_report_options *o,
    report_plan_cb cb, void *payload);

#endif
