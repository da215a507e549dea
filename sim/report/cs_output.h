/*
** cs_output.h: output files and directories written whole or not at all.
**
** Files.  cs_output_open resolves the target first:
**   - a new path, or an existing regular file: written to a temporary file
**     beside it and renamed into place on commit (an existing file keeps its
**     permission bits);
**   - a symbolic link: the same, applied to the regular file it points to
**     (the link itself is left alone);
**   - a device or a FIFO (e.g. /dev/null, a named pipe): written straight
**     through the path, never renamed over, so the node stays what it is;
**     a FIFO is opened without waiting: with no reader it is an input error
**     "no reader on FIFO PATH" (exit 2), never a hang;
**   - a directory, a missing directory, or anything not writable: an error
**     naming the path, before anything is written.
** NULL or "-" is standard output (a stream of its own on a copy of its
** descriptor).  Every write goes through a stream that keeps the first
** failure's errno (the message carries its strerror) and that stops at
** SIGINT or SIGTERM even while a pipe, FIFO or terminal has no room.  cs_output_check does the same resolution
** without creating anything, so a command can refuse a bad --out before it
** simulates.  Every open is ended by exactly one commit or discard.
**
** Directories.  cs_output_dir_open checks that the target may be replaced
** (it is new, empty, or cssim's own unchanged output: .cssim-manifest) and
** makes a marked staging directory beside it; the caller writes everything there; cs_output_dir_commit
** swaps it into place in one step (renameat2 RENAME_EXCHANGE) and removes
** the previous contents, so the target always holds one complete set of
** files; cs_output_dir_discard removes the staging directory and leaves the
** target untouched.
*/
#ifndef CS_OUTPUT_H
#define CS_OUTPUT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "cs_error.h"

typedef struct cs_output {
    FILE *stream;
    struct cs_output_sink *sink; /* under the stream: the first write error */
    int to_stdout;    /* the stream writes a copy of standard output's descriptor */
    char *path;       /* the file finally written (a link's target), NULL for standard output */
    char *temp_path;  /* the temporary file, NULL when writing straight through */
} cs_output;

/* Check that PATH (NULL or "-": standard output) can be written as
** cs_output_open would write it; creates nothing. */
int cs_output_check(const char *path, cs_error *err);

int cs_output_open(cs_output *out, const char *path, cs_error *err);
int cs_output_commit(cs_output *out, cs_error *err);
void cs_output_discard(cs_output *out);
/* Why writing OUT has failed so far (strerror of the first failed write),
** or NULL while it has not. */
const char *cs_output_failure(const cs_output *out);

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

/* A directory written as one transaction. */
typedef struct cs_output_dir {
    char *target;     /* the directory the user named */
    char *staging;    /* where the files are written until commit */
    const char *option; /* the option that named the target, for messages ("--out") */
} cs_output_dir;

/* Make a staging directory for TARGET, named TARGET.staging-PID-RANDOM and
** holding a marker file.  TARGET must be missing, empty, or an earlier
** output whose manifest lists everything in it unchanged (cs_manifest.h):
** cssim never replaces a file it did not write; the error names the first
** foreign file and OPTION.  Marked staging directories left by processes
** that no longer run are removed; nothing else is. */
int cs_output_dir_open(cs_output_dir *dir, const char *target, const char *option, cs_error *err);
/* Check TARGET again, write the manifest (listing every file staged, and
** RECORD, a run record's JSON, may be NULL) and swap the staging directory
** into place. */
int cs_output_dir_commit(cs_output_dir *dir, const cJSON *record, cs_error *err);
void cs_output_dir_discard(cs_output_dir *dir);

/* Remove PATH and everything below it (not following links). */
int cs_output_remove_tree(const char *path);

#endif
