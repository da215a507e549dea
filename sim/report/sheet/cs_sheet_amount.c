/*
** cs_sheet_amount.c: reading a number a person typed into a spreadsheet
** cell: "£1,234,567", "1.23m", "45%" (see cs_sheet_parse_amount).
*/
#include "cs_sheet.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define POUND "\xc2\xa3"         /* £ in UTF-8 */
#define MINUS_SIGN "\xe2\x88\x92" /* − in UTF-8 */

static int starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* Digits with thousands separators in groups of three ("1,234,567.5") into
** BUF without them; 0, or -1 when the groups are wrong. */
static int strip_separators(const char *s, size_t n, char *buf, size_t len)
{
    size_t out = 0, group = 0;
    int seen_comma = 0, in_fraction = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ',') {
            if (in_fraction || group == 0 || (seen_comma && group != 3) || (!seen_comma && group > 3)) return -1;
            seen_comma = 1;
            group = 0;
            continue;
        }
        if (c == '.') {
            if (seen_comma && group != 3) return -1;
            in_fraction = 1;
        } else if (isdigit((unsigned char)c) && !in_fraction) {
            group++;
        }
        if (out + 1 >= len) return -1;
        buf[out++] = c;
    }
    if (seen_comma && !in_fraction && group != 3) return -1;
    buf[out] = '\0';
    return 0;
}

int cs_sheet_parse_amount(const char *text, cs_unit unit, double *out)
{
    int money = unit == CS_UNIT_MONEY || unit == CS_UNIT_PER_HEAD;
    int percent_ok = unit == CS_UNIT_SHARE || unit == CS_UNIT_RATE;
    const char *s = text;
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    int negative = 0;
    if (n >= 2 && s[0] == '(' && s[n - 1] == ')') { /* accountants' brackets */
        negative = 1;
        s++;
        n -= 2;
    } else if (n > 0 && s[0] == '-') {
        negative = 1;
        s++;
        n--;
    } else if (starts_with(s, MINUS_SIGN)) {
        negative = 1;
        s += strlen(MINUS_SIGN);
        n -= strlen(MINUS_SIGN);
    }
    if (money && n >= strlen(POUND) && starts_with(s, POUND)) {
        s += strlen(POUND);
        n -= strlen(POUND);
    }
    double scale = 1;
    if (money && n >= 2 && (s[n - 2] == 'b' || s[n - 2] == 'B') && (s[n - 1] == 'n' || s[n - 1] == 'N')) {
        scale = 1e9;
        n -= 2;
    } else if (money && n >= 1 && (s[n - 1] == 'm' || s[n - 1] == 'M')) {
        scale = 1e6;
        n--;
    } else if (money && n >= 1 && (s[n - 1] == 'k' || s[n - 1] == 'K')) {
        scale = 1e3;
        n--;
    } else if (percent_ok && n >= 1 && s[n - 1] == '%') {
        scale = 0.01;
        n--;
    }
    if (n == 0 || !(isdigit((unsigned char)s[0]) || s[0] == '.')) return -1;
    char digits[64];
    if (strip_separators(s, n, digits, sizeof digits) != 0) return -1;
    char *end;
    double value = strtod(digits, &end);
    if (*end != '\0' || !isfinite(value)) return -1;
    /* 1.23m is 1230000 exactly as typed, not 1.23 * 1e6 rounded twice. */
    if (scale != 1) {
        char scaled[96];
        snprintf(scaled, sizeof scaled, "%se%d", digits, scale == 1e9 ? 9 : scale == 1e6 ? 6 : scale == 1e3 ? 3 : -2);
        value = strtod(scaled, &end);
        if (*end != '\0' || !isfinite(value)) return -1;
    }
    *out = negative ? -value : value;
    return 0;
}

const char *cs_sheet_amount_expected(cs_unit unit)
{
    switch (unit) {
    case CS_UNIT_MONEY: return "an amount (1234567, 1,234,567, \xc2\xa3" "1,234,567 or 1.23m)";
    case CS_UNIT_PER_HEAD: return "an amount per head (12.50 or \xc2\xa3" "12.50)";
    case CS_UNIT_SHARE: return "a share (0.45 or 45%)";
    case CS_UNIT_RATE: return "a rate (0.02 or 2%)";
    default: return "a number";
    }
}
