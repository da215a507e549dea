/*
** cs_format.c: money, shares and numbers in words a finance reader expects
** (see cs_format.h).
*/
#include "cs_format.h"

#include <math.h>
#include <stdio.h>

/* |value| rounded to DECIMALS is zero: print it unsigned. */
static int rounds_to_zero(double value, int decimals)
{
    return fabs(value) * pow(10.0, decimals) < 0.5;
}

static const char *sign_of(double value, int decimals, int is_signed)
{
    if (rounds_to_zero(value, decimals) || isnan(value)) return "";
    if (value < 0) return CS_MINUS;
    return is_signed ? "+" : "";
}

char *cs_format_money(char *buf, size_t len, double pounds, int is_signed)
{
    double size = fabs(pounds);
    if (!isfinite(pounds)) snprintf(buf, len, "%s", isnan(pounds) ? "n/a" : pounds < 0 ? CS_MINUS "∞" : "∞");
    else if (size >= 999995.0)
        snprintf(buf, len, "%s£%.2fm", sign_of(pounds / 1e6, 2, is_signed), size / 1e6);
    else if (size >= 9999.5)
        snprintf(buf, len, "%s£%.0fk", sign_of(pounds / 1e3, 0, is_signed), size / 1e3);
    else if (size >= 999.5)
        snprintf(buf, len, "%s£%.1fk", sign_of(pounds / 1e3, 1, is_signed), size / 1e3);
    else
        snprintf(buf, len, "%s£%.0f", sign_of(pounds, 0, is_signed), size);
    return buf;
}

char *cs_format_share(char *buf, size_t len, double share, int decimals, int is_signed)
{
    double percent = share * 100.0;
    if (isnan(share)) snprintf(buf, len, "n/a");
    else snprintf(buf, len, "%s%.*f%%", sign_of(percent, decimals, is_signed), decimals, fabs(percent));
    return buf;
}

char *cs_format_number(char *buf, size_t len, double value, int decimals)
{
    if (isnan(value)) snprintf(buf, len, "n/a");
    else snprintf(buf, len, "%s%.*f", sign_of(value, decimals, 0), decimals, fabs(value));
    return buf;
}

char *cs_format_signed(char *buf, size_t len, double value, int decimals)
{
    if (isnan(value)) snprintf(buf, len, "n/a");
    else snprintf(buf, len, "%s%.*f", sign_of(value, decimals, 1), decimals, fabs(value));
    return buf;
}

char *cs_format_unit(char *buf, size_t len, cs_unit unit, double value)
{
    switch (unit) {
    case CS_UNIT_MONEY: return cs_format_money(buf, len, value, 0);
    case CS_UNIT_PER_HEAD:
        snprintf(buf, len, "%s£%.2f a head", sign_of(value, 2, 0), fabs(value));
        return buf;
    case CS_UNIT_SHARE:
    case CS_UNIT_RATE: return cs_format_share(buf, len, value, 1, 0);
    case CS_UNIT_MULTIPLIER:
        snprintf(buf, len, "×%s%.3g", value < 0 ? CS_MINUS : "", fabs(value));
        return buf;
    case CS_UNIT_COUNT: return cs_format_number(buf, len, value, 0);
    case CS_UNIT_NUMBER: break;
    }
    snprintf(buf, len, "%s%.4g", value < 0 && !rounds_to_zero(value, 6) ? CS_MINUS : "", fabs(value));
    return buf;
}
