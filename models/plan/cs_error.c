/*
** cs_error.c: filling and printing cs_error records.
*/
#include "cs_error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cs_error_clear(cs_error *err)
{
    if (!err) return;
    err->code = CS_OK;
    err->file[0] = err->path[0] = err->message[0] = '\0';
}

static void error_fill(cs_error *err, int code, const char *file, const char *path,
                       const char *fmt, va_list ap)
{
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

int cs_error_input(cs_error *err, const char *file, const char *path, const char *fmt, ...)
{
    if (!err) return CS_ERR_INPUT;
    va_list ap;
    va_start(ap, fmt);
    error_fill(err, CS_ERR_INPUT, file, path, fmt, ap);
    va_end(ap);
    return CS_ERR_INPUT;
}

int cs_error_fail(cs_error *err, const char *file, const char *fmt, ...)
{
    if (!err) return CS_ERR_FAIL;
    va_list ap;
    va_start(ap, fmt);
    error_fill(err, CS_ERR_FAIL, file, NULL, fmt, ap);
    va_end(ap);
    return CS_ERR_FAIL;
}

void cs_error_prefix(cs_error *err, const char *fmt, ...)
{
    char prefix[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    size_t prefix_len = strlen(prefix), capacity = sizeof err->message - 1;
    if (prefix_len > capacity) prefix_len = capacity;
    size_t kept = strlen(err->message);
    if (kept > capacity - prefix_len) kept = capacity - prefix_len;
    memmove(err->message + prefix_len, err->message, kept);
    memcpy(err->message, prefix, prefix_len);
    err->message[prefix_len + kept] = '\0';
}

void cs_error_format(const cs_error *err, char *buf, size_t len)
{
    int used = 0;
    if (err->file[0]) used = snprintf(buf, len, "%s: ", err->file);
    if (used < 0 || (size_t)used >= len) return;
    if (err->path[0]) {
        int more = snprintf(buf + used, len - (size_t)used, "%s: ", err->path);
        if (more < 0 || (size_t)(used + more) >= len) return;
        used += more;
    }
    snprintf(buf + used, len - (size_t)used, "%s", err->message);
}

void cs_error_print(const cs_error *err, FILE *out)
{
    char text[2048];
    cs_error_format(err, text, sizeof text);
    fprintf(out, "cssim: %s\n", text);
}

int cs_error_list_add(cs_error_list *list, const cs_error *err)
{
    cs_error *bigger = realloc(list->items, (list->count + 1) * sizeof *bigger);
    if (!bigger) return CS_ERR_FAIL;
    list->items = bigger;
    list->items[list->count++] = *err;
    return CS_OK;
}

void cs_error_list_free(cs_error_list *list)
{
    free(list->items);
    list->items = NULL;
    list->count = 0;
}
