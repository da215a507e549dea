/*
** cs_escape.c: escaping user text for Markdown, HTML and the shell.
*/
#include "cs_escape.h"

#include <stdlib.h>
#include <string.h>

void cs_markdown_escape(FILE *out, const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c < 0x20 || *c == 0x7f) fputc(' ', out);
        else if (strchr("|*_`[]<>#\\", *c)) {
            fputc('\\', out);
            fputc(*c, out);
        } else fputc(*c, out);
    }
}

void cs_markdown_code(FILE *out, const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c < 0x20 || *c == 0x7f) fputc(' ', out);
        else if (*c == '`') fputc('\'', out);
        else fputc(*c, out);
    }
}

void cs_html_escape(FILE *out, const char *text)
{
    for (const char *c = text; *c; c++) {
        switch (*c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*c, out);
        }
    }
}

char *cs_shell_quote(const char *text)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=@%+,-";
    size_t len = strlen(text);
    int plain = len > 0 && strspn(text, safe) == len;
    size_t quotes = 0;
    for (const char *c = text; *c; c++) quotes += *c == '\'';
    char *quoted = malloc(plain ? len + 1 : len + 3 * quotes + 3);
    if (!quoted) return NULL;
    if (plain) {
        memcpy(quoted, text, len + 1);
        return quoted;
    }
    char *next = quoted;
    *next++ = '\'';
    for (const char *c = text; *c; c++) {
        if (*c == '\'') {
            memcpy(next, "'\\''", 4); /* close, escaped quote, reopen */
            next += 4;
        } else *next++ = *c;
    }
    *next++ = '\'';
    *next = '\0';
    return quoted;
}
