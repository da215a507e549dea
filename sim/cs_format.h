/*
** cs_format.h: numbers as a finance reader reads them.
**
** One formatter for each kind of figure, used by every text, HTML and chart
** writer and by progress labels, so that money always reads "£8.40m",
** "£850k" or "−£8.40m", a share "7.3%", and no figure ever shows a
** negative zero or scientific notation.  Each writes into BUF (LEN bytes,
** always terminated) and returns BUF, so a call can stand in a printf
** argument list.  JSON and CSV keep raw numbers and do not use these.
*/
#ifndef CS_FORMAT_H
#define CS_FORMAT_H

#include <stddef.h>

#include "cs_plan.h"

#define CS_FORMAT_MAX 48

/* The minus sign of human-facing text (U+2212, UTF-8). */
#define CS_MINUS "\xe2\x88\x92"

/* Pounds: "£12.34m" from £1m up, "£850k" or "£8.5k" under it, "£40" under
** £1k; negatives as "−£8.40m".  With SIGNED, positives carry "+". */
char *cs_format_money(char *buf, size_t len, double pounds, int is_signed);

/* A share or rate (0.073) as "7.3%" with DECIMALS decimals; with SIGNED,
** positives carry "+".  Rounding to zero gives "0.0%", never "-0.0%". */
char *cs_format_share(char *buf, size_t len, double share, int decimals, int is_signed);

/* A plain number with DECIMALS decimals, with "−" for negatives and no
** negative zero. */
char *cs_format_number(char *buf, size_t len, double value, int decimals);

/* The same with "+" before positives ("+4.7", "−2.1", "0.0"). */
char *cs_format_signed(char *buf, size_t len, double value, int decimals);

/* A value of UNIT as a reader expects it: money, "£23.50 a head",
** "7.3%", "×1.05", a count, or a plain number. */
char *cs_format_unit(char *buf, size_t len, cs_unit unit, double value);

/* The same in a compound literal, for printf arguments. */
#define CS_MONEY(v) cs_format_money((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, (v), 0)
#define CS_SHARE(v) cs_format_share((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, (v), 1, 0)
#define CS_SIGNED_MONEY(v) cs_format_money((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, (v), 1)
#define CS_SIGNED(v, d) cs_format_signed((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, (v), (d))
#define CS_UNIT(u, v) cs_format_unit((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, (u), (v))

#endif
