/*
** cs_number_read.c: numbers read from text, refusing underflow (see cs_number_read.h).
*/
#include "cs_number_read.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* strtod's verdict on a number that parsed: too large, too small, or fine. */
static cs_number_status range_of(double value, int range_error)
{
    if (!isfinite(value)) return CS_NUMBER_TOO_LARGE;
    if (range_error && fabs(value) >= DBL_MIN) return CS_NUMBER_TOO_LARGE;
    if (range_error || (value != 0 && fabs(value) < DBL_MIN)) return CS_NUMBER_TOO_SMALL;
    return CS_NUMBER_OK;
}

cs_number_status cs_number_parse(const char *text, double *out)
{
    if (!text || !text[0] || isspace((unsigned char)text[0])) return CS_NUMBER_INVALID;
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (end == text || *end) return CS_NUMBER_INVALID;
    cs_number_status status = range_of(value, errno == ERANGE);
    if (status == CS_NUMBER_OK) *out = value;
    return status;
}

const char *cs_number_problem(cs_number_status status)
{
    switch (status) {
    case CS_NUMBER_OK: return "";
    case CS_NUMBER_INVALID: return "is not a number";
    case CS_NUMBER_TOO_LARGE: return "is too large to represent";
    case CS_NUMBER_TOO_SMALL: return "is too small to represent (underflows to zero)";
    }
    return "";
}

long cs_number_first_underflow(const char *text, char *token, size_t len)
{
    long index = 0;
    for (const char *c = text; *c;) {
        if (*c == '"') { /* a string: skip it, escapes included */
            for (c++; *c && *c != '"'; c++)
                if (*c == '\\' && c[1]) c++;
            if (*c) c++;
            continue;
        }
        if (*c != '-' && !isdigit((unsigned char)*c)) {
            c++;
            continue;
        }
        const char *start = c;
        while (*c && strchr("+-.eE0123456789", *c)) c++;
        char literal[64];
        size_t n = (size_t)(c - start);
        snprintf(literal, sizeof literal, "%.*s", (int)(n < sizeof literal ? n : sizeof literal - 1), start);
        errno = 0;
        double value = strtod(literal, NULL);
        if (range_of(value, errno == ERANGE) == CS_NUMBER_TOO_SMALL) {
            snprintf(token, len, "%s", literal);
            return index;
        }
        index++;
    }
    return -1;
}
