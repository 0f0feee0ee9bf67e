/*
 * The md4c side of kb_render, for the library and its tests.
 *
 * kb_render() is kb_render__begin(), md_parse() with the callbacks of
 * kb_render__parser(), then kb_render__end().  Tests (and the fuzzer) call
 * the callbacks directly to send sequences md4c is not meant to send --
 * a span left that was never entered, blocks inside leaf blocks, nesting
 * past every limit -- which must never corrupt memory either.
 */
#ifndef KB_RENDER_PRIVATE_H
#define KB_RENDER_PRIVATE_H

#include <md4c.h>
#include <stddef.h>

#include "kb/render.h"

struct render;

/*
 * What every callback returns once the document reached a bound: md4c
 * then stops parsing, and kb_render keeps what it has.
 */
#define KB_RENDER__STOP 1

/* A renderer for Markdown of `len` bytes (it sizes the text budget). */
struct render *kb_render__begin(size_t len);
/* The parser flags and callbacks kb_render uses; userdata is the render. */
void kb_render__parser(MD_PARSER *parser);
/* The document (never NULL), cut or not; frees the renderer. */
struct kb_doc *kb_render__end(struct render *r);

#endif
