/*
** cs_escape.h: putting user text (plan and scenario names, file paths,
** messages) into Markdown, HTML and shell commands safely.  CSV quoting is
** libcsv's (cs_csv_field in cs_report.h).  Every writer uses these, so a
** name holding '|', '<', a backtick or a newline cannot break a table or a
** page.
*/
#ifndef CS_ESCAPE_H
#define CS_ESCAPE_H

#include <stdio.h>

/* TEXT for Markdown prose and table cells: markup characters ('|', '*',
** '_', '`', '[', ']', '<', '>', '#', '\') backslash-escaped, line breaks
** and other control characters written as spaces. */
void cs_markdown_escape(FILE *out, const char *text);

/* TEXT inside a Markdown code span: backticks become ', control characters
** spaces (a code span cannot escape a backtick). */
void cs_markdown_code(FILE *out, const char *text);

/* TEXT for HTML text and attribute values: & < > " ' as entities. */
void cs_html_escape(FILE *out, const char *text);

/* TEXT as one shell word: unchanged when it holds only safe characters,
** else single-quoted.  Returns a malloc'd string, or NULL. */
char *cs_shell_quote(const char *text);

#endif
