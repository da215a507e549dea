/*
** cs_number.h: a number written exactly, for messages and labels.
*/
#ifndef CS_NUMBER_H
#define CS_NUMBER_H

#include <stddef.h>

/* VALUE written exactly for a message: the shortest decimal that reads back
** as the same double (2147483648, 0.1, 1e-300, inf); returns buf. */
const char *cs_number_text(char *buf, size_t len, double value);

/* cs_number_text into a buffer that lives to the end of the enclosing
** block: printf("%s", CS_NUM(x)). */
#define CS_NUM(value) cs_number_text((char[40]){0}, 40, (value))

#endif
