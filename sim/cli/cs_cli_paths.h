/*
** cs_cli_paths.h: a command's input and output files, checked before it
** simulates so that no output ever replaces an input or another output.
**
** Two paths are the same file when they reach the same device and inode
** after symbolic links are followed ("./x.csv", "x.csv", "/abs/x.csv" and a
** link to it are one file).  A file not yet created is identified by its
** directory's device and inode plus its name.  An output directory (report,
** batch) may hold no input at any depth.
*/
#ifndef CS_CLI_PATHS_H
#define CS_CLI_PATHS_H

#include <stddef.h>

#define CS_CLI_MAX_PATHS 32

typedef struct cs_cli_path {
    const char *path;      /* as the user gave it (not owned) */
    const char *role;      /* for messages: "the plan", "--out", "--trials-out" */
    int output;            /* 1: written by the command */
    int directory;         /* an output directory, or a directory of inputs */
} cs_cli_path;

typedef struct cs_cli_paths {
    size_t n;
    cs_cli_path item[CS_CLI_MAX_PATHS];
} cs_cli_paths;

void cs_cli_paths_init(cs_cli_paths *paths);
/* Add an input file, a directory of input files, an output file (NULL or
** "-", standard output, is skipped) or an output directory. */
void cs_cli_paths_input(cs_cli_paths *paths, const char *path, const char *role);
void cs_cli_paths_input_dir(cs_cli_paths *paths, const char *dir, const char *role);
void cs_cli_paths_output(cs_cli_paths *paths, const char *path, const char *role);
void cs_cli_paths_output_dir(cs_cli_paths *paths, const char *dir, const char *role);

/* Refuse an output that is the same file as an input or as another
** output, or an output directory holding an input: prints "cssim COMMAND:
** ..." naming both paths and returns 2; else 0. */
int cs_cli_paths_check(const char *command, const cs_cli_paths *paths);

/* The paths of a command on one plan: PLAN, SCENARIO (may be NULL), --out
** OUT and --trials-out TRIALS_OUT (either may be NULL). */
int cs_cli_paths_check_plan(const char *command, const char *plan, const char *scenario, const char *out,
                            const char *trials_out);

#endif
