/*
** cs_html.h: the pieces of a self-contained HTML page: one file with its
** style inline and its images as data: URIs, a Content-Security-Policy that
** forbids any network request or script, and print-friendly layout.
*/
#ifndef CS_HTML_H
#define CS_HTML_H

#include <stdio.h>

#include "cs_error.h"

/* <!DOCTYPE html> ... <body>, with TITLE (escaped). */
void cs_html_begin(FILE *out, const char *title);
/* </body></html> */
void cs_html_end(FILE *out);

/* A figure: DIR/STEM.svg inlined as a data: URI, with ALT text and a
** CAPTION (both escaped), and links to STEM.png and STEM.svg beside the
** page.  CS_ERR_FAIL when the SVG cannot be read. */
int cs_html_figure(FILE *out, const char *dir, const char *stem, const char *alt, const char *caption, cs_error *err);

/* Write "<TAG>TEXT</TAG>" with TEXT escaped. */
void cs_html_element(FILE *out, const char *tag, const char *text);

struct cs_run_record;
/* The run record under HEADING: version, seed, trials, input files with
** their SHA-256, overrides, and the command that makes the page again. */
void cs_html_run_record(FILE *out, const struct cs_run_record *record, const char *heading);

#endif
