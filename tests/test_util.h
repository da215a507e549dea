/*
** test_util.h: helpers shared by the Criterion tests: temporary files and
** directories, running the command line in-process with its standard error
** captured, and reading files.
*/
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stddef.h>

#include "cs_plan.h"

/* A new empty directory under /tmp; returns its malloc'd path. */
char *test_temp_dir(void);

/* Write TEXT to DIR/NAME; returns the malloc'd path. */
char *test_write_file(const char *dir, const char *name, const char *text);

/* DIR/NAME, malloc'd. */
char *test_path_in(const char *dir, const char *name);

/* The whole file as a malloc'd string, or NULL when it cannot be read. */
char *test_read_file(const char *path);

/* Run `cssim ARGS...` (NULL-terminated) in this process; returns the exit
** status and, when stderr_text is not NULL, what it printed to standard
** error (malloc'd).  Standard output goes to /dev/null. */
int test_cli(char **stderr_text, ...);

/* Every file and directory below DIR (not following links), each file with
** its contents, as one string (malloc'd): equal snapshots mean nothing in
** DIR changed. */
char *test_snapshot(const char *dir);

/* Staging directories and temporary files (".staging-", ".tmp-") directly
** in DIR. */
int test_count_leftovers(const char *dir);

/* Load PATH relative to the source tree into plan; aborts the test on error. */
void test_load_plan(cs_plan *plan, const char *relative_path);

/* Load a plan from JSON text; returns the error code, err filled. */
int test_plan_from_text(cs_plan *plan, const char *text, cs_error *err);

/* A path inside the source tree (static buffer, one at a time). */
const char *test_source_path(const char *relative_path);

#endif
