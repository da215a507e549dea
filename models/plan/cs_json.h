/*
** cs_json.h: reading JSON input files with errors that name file and path.
**
** Every JSON read in cssim goes through cJSON; these helpers add what a user
** needs when a file is wrong: the line and column of a syntax error, the
** JSON path of a bad value (`ccgs[2].population`), and a "did you mean"
** for a misspelt key.  Paths are built with cs_path_key / cs_path_index.
*/
#ifndef CS_JSON_H
#define CS_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "cs_error.h"

#define CS_PATH_MAX 256

/* Read and parse FILE.  On success *out is a tree owned by the caller
** (free with cJSON_Delete).  A missing file or a syntax error is CS_ERR_INPUT. */
int cs_json_parse_file(const char *file, cJSON **out, cs_error *err);

/* The whole of FILE as a malloc'd, NUL-terminated string, or NULL with err filled. */
char *cs_read_file(const char *file, cs_error *err);

/* Parse TEXT (named NAME in errors). */
int cs_json_parse_text(const char *text, const char *name, cJSON **out, cs_error *err);

/* "parent.key" (or "key" at the top) into buf. */
void cs_path_key(char *buf, size_t len, const char *parent, const char *key);
/* "parent[index]" into buf. */
void cs_path_index(char *buf, size_t len, const char *parent, size_t index);

/* Check that OBJ is an object whose keys are all in ALLOWED (n of them) and
** appear once.  An unknown key is an error with a "did you mean" where one is
** close. */
int cs_json_check_keys(const cJSON *obj, const char *const *allowed, size_t n,
                       const char *file, const char *path, cs_error *err);

/* The same, reporting every bad key: with LIST, each is appended to it (and
** err cleared); without, it stops at the first as cs_json_check_keys. */
int cs_json_check_keys_all(const cJSON *obj, const char *const *allowed, size_t n, const char *file,
                           const char *path, cs_error_list *list, cs_error *err);

/* The candidate closest to WORD by edit distance, or NULL if none is close. */
const char *cs_closest_word(const char *word, const char *const *candidates, size_t n);

/* Typed readers: each checks the type and fills *out, or reports what was
** expected at PATH. */
int cs_json_number(const cJSON *item, const char *file, const char *path, double *out, cs_error *err);
/* A whole number from LO to HI (messages print the value found exactly). */
int cs_json_int(const cJSON *item, const char *file, const char *path, int lo, int hi, int *out, cs_error *err);
int cs_json_string(const cJSON *item, const char *file, const char *path, char **out, cs_error *err);

/* A non-empty array of numbers (or, when allow_scalar, one number) into a
** new buffer of *count values; on success *out is replaced (the old buffer
** freed) and owned by the caller.  Errors name each element's path. */
int cs_json_numbers(const cJSON *item, int allow_scalar, const char *file, const char *path, double **out,
                    size_t *count, cs_error *err);

/* A short description of a JSON value's type ("a string", "an array"). */
const char *cs_json_type_name(const cJSON *item);

/* The *.json files directly in DIR, as "DIR/NAME" paths sorted by name.
** *files is an array of *count strings owned by the caller (free each, then
** the array).  A missing directory is CS_ERR_INPUT. */
int cs_list_json_files(const char *dir, char ***files, size_t *count, cs_error *err);

/* Duplicate a C string (NULL on allocation failure). */
char *cs_strdup(const char *s);

#endif
