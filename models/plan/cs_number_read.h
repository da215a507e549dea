/*
** cs_number_read.h: reading a number from text the one way every option, --set
** value and input file reads it: the whole text, no surrounding spaces,
** finite, and not so small that it underflows (1e-400 is refused as too
** small to represent, never read as 0).
*/
#ifndef CS_NUMBER_READ_H
#define CS_NUMBER_READ_H

#include <stddef.h>

typedef enum {
    CS_NUMBER_OK,
    CS_NUMBER_INVALID,    /* not a number, text around it, or spaces */
    CS_NUMBER_TOO_LARGE,  /* overflows, or inf / nan */
    CS_NUMBER_TOO_SMALL   /* not zero, but below the smallest normal double */
} cs_number_status;

cs_number_status cs_number_parse(const char *text, double *out);

/* What is wrong, to follow the value in a message: "is not a number",
** "is too large to represent", "is too small to represent (underflows to
** zero)"; "" for CS_NUMBER_OK. */
const char *cs_number_problem(cs_number_status status);

/* The first number literal in the JSON TEXT that underflows: its index
** among the text's number literals in document order (the order cJSON
** keeps), its text into TOKEN; -1 when none does. */
long cs_number_first_underflow(const char *text, char *token, size_t len);

#endif
