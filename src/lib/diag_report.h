/* A formatted diagnostic, handed to a kb_diag_cb (diag.h). */
#ifndef KB_DIAG_REPORT_H
#define KB_DIAG_REPORT_H

#include <stdarg.h>

#include "kb/diag.h"
#include "kb/error.h"

/* Format the message and call `cb` (nothing when `cb` is NULL). */
void kb_diag_report__emit(kb_diag_cb cb, void *payload, const char *path,
    unsigned line, enum kb_severity severity, const char *fmt, ...)
    KB_PRINTF(6, 7);
void kb_diag_report__vemit(kb_diag_cb cb, void *payload, const char *path,
    unsigned line, enum kb_severity severity, const char *fmt, va_list ap)
    KB_PRINTF(6, 0);

#endif
