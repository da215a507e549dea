/*
** cs_number.c: the shortest decimal text of a double (see cs_number.h).
*/
#include "cs_number.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const char *cs_number_text(char *buf, size_t len, double value)
{
    if (value == floor(value) && fabs(value) < 1e17) { /* a whole number: every digit, no exponent */
        snprintf(buf, len, "%.0f", value);
        return buf;
    }
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, len, "%.*g", precision, value);
        if (strtod(buf, NULL) == value) break;
    }
    return buf;
}
