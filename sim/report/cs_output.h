/*
** cs_output.h: output files written whole or not at all.
**
** cs_output_open writes to a temporary file beside the target (or to
** standard output for NULL or "-"); cs_output_commit flushes, closes and
** renames it into place; cs_output_discard removes it.  Every open is ended
** by exactly one commit or discard.
*/
#ifndef CS_OUTPUT_H
#define CS_OUTPUT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "cs_error.h"

typedef struct cs_output {
    FILE *stream;
    char *path;       /* the target, NULL for standard output */
    char *temp_path;  /* the temporary file, NULL for standard output */
} cs_output;

int cs_output_open(cs_output *out, const char *path, cs_error *err);
int cs_output_commit(cs_output *out, cs_error *err);
void cs_output_discard(cs_output *out);

/* Write PATH (NULL or "-": standard output) atomically by calling
** write(stream, context). */
int cs_output_write(const char *path, void (*write)(FILE *stream, const void *context), const void *context,
                    cs_error *err);

/* Print a JSON tree, formatted and newline-terminated, to STREAM. */
void cs_output_print_json(FILE *stream, const cJSON *json);

/* Write a JSON tree (formatted, newline-terminated) to PATH atomically. */
int cs_output_json(const char *path, const cJSON *json, cs_error *err);

/* Create DIR (and its parents) if missing. */
int cs_output_mkdir(const char *dir, cs_error *err);

/* Print a number as cJSON would: the shortest of %.15g / %.17g that reads back exactly. */
void cs_output_number(FILE *out, double value);

#endif
