/*
** cs_error.h: the error record every fallible cssim function fills.
**
** A function that can fail returns CS_OK (0) or a non-zero code and, on
** failure, fills a caller-owned cs_error with the file, the JSON path and a
** message a user can act on.  Input errors use CS_ERR_INPUT, which is also
** the command line's exit status for bad input.
*/
#ifndef CS_ERROR_H
#define CS_ERROR_H

#include <stdio.h>

#include "cs_number.h"

enum {
    CS_OK = 0,
    CS_ERR_FAIL = 1,   /* could not do the work (I/O, memory) */
    CS_ERR_INPUT = 2,  /* the user's input is wrong; exit status 2 */
    CS_ERR_INTERRUPTED = 3 /* stopped by SIGINT/SIGTERM; exit status 128 + signal */
};

typedef struct cs_error {
    int code;
    char file[512];     /* file the error is about, "" if none */
    char path[256];     /* JSON path inside the file, "" if none */
    char message[1024]; /* what was expected, in plain words */
} cs_error;

/* Several errors, for a loader that reports every error of a file
** (`cssim validate`).  Owned by its creator; cs_error_list_free releases. */
typedef struct cs_error_list {
    size_t count;
    cs_error *items;
} cs_error_list;

/* Append a copy of ERR to LIST; CS_OK or CS_ERR_FAIL (memory). */
int cs_error_list_add(cs_error_list *list, const cs_error *err);
void cs_error_list_free(cs_error_list *list);

/* Reset to "no error". */
void cs_error_clear(cs_error *err);

/* Fill err with code CS_ERR_INPUT; returns CS_ERR_INPUT.  file/path may be NULL. */
int cs_error_input(cs_error *err, const char *file, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Fill err with code CS_ERR_FAIL; returns CS_ERR_FAIL. */
int cs_error_fail(cs_error *err, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix the message with context ("scenario X, plan Y: "). */
void cs_error_prefix(cs_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write "cssim: FILE: PATH: MESSAGE" and a newline. */
void cs_error_print(const cs_error *err, FILE *out);

/* The same text into buf (no trailing newline). */
void cs_error_format(const cs_error *err, char *buf, size_t len);

#endif
