/*
** cs_cli.h: the `cssim` command line.  main() only calls cs_cli_main, so the
** tests drive exactly what a user runs.  Exit status: 0 done, 1 failure,
** 2 bad input (a wrong option, or a plan or scenario file with an error).
*/
#ifndef CS_CLI_H
#define CS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cs_dist_table.h"
#include "cs_engine.h"
#include "cs_error.h"
#include "cs_overrides.h"
#include "cs_plan.h"
#include "cs_report.h"
#include "cs_run_record.h"

int cs_cli_main(int argc, char **argv);

/* What a command keeps across all its runs; cs_cli_main owns it. */
typedef struct cs_cli_shared {
    cs_dist_table_cache tables;     /* quantile tables (cs_inverse.h) */
    cs_run_workspace workspace;  /* runs' result memory (cs_engine.h) */
} cs_cli_shared;

/* Options shared by run, compare and batch. */
typedef struct cs_cli_common {
    size_t trials;
    int trials_given;           /* --trials was given */
    double precision;           /* --precision H, or 0 */
    uint64_t seed;
    int threads;
    cs_format format;
    const char *out;
    const char *scenarios_dir;  /* NULL until --scenarios names one */
    char scenarios_found[4096]; /* the default scenarios directory, when it is the installed one */
    int lhs;                    /* --sampling lhs */
    cs_overrides overrides;     /* --set PATH=VALUE, in the order given */
    cs_dist_table_cache *tables;/* the command's cache of quantile tables (cs_cli_main owns it) */
    cs_run_workspace *workspace; /* the command's result memory, kept across its runs (likewise) */
} cs_cli_common;

/* The engine's options for COMMON (trials, seed, threads, sampling). */
cs_run_options cs_cli_run_options(const cs_cli_common *common);

/* Commands; each returns the exit status.  SHARED is what cs_cli_main keeps
** for all the command's runs: the quantile tables and the engine workspace. */
int cs_cli_run(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_compare(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_batch(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_validate(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_sweep(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_drivers(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_solve(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_new_plan(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_report(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_export(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_import(int argc, char **argv, cs_cli_shared *shared);
int cs_cli_serve(int argc, char **argv, cs_cli_shared *shared);

/* `cssim run --format json`'s tree for SUMMARY (its precision fields set as
** run sets them) and RECORD; caller owns it.  cssim serve answers with it. */
cJSON *cs_cli_run_json(const cs_summary *summary, const cs_run_record *record);

/* The trials of a report's drivers, price sweep and stress test (cssim
** report --analysis-trials, and batch --reports). */
#define CS_CLI_ANALYSIS_TRIALS 10000
#define CS_CLI_ANALYSIS_TRIALS_TEXT "10000"

/* Set *common to the defaults, its runs drawing on TABLES. */
void cs_cli_common_init(cs_cli_common *common, cs_cli_shared *shared);

/* Handle one of the shared options (getopt_long values 'n' trials, 's'
** seed, 'j' threads, 'f' format, 'o' out, 'S' scenarios).  Returns 1 when
** handled, 0 when not a shared option, -1 after printing an error. */
int cs_cli_common_option(const char *command, int option, const char *arg, cs_cli_common *common);

/* --threads N: at most 4 x the cores and CS_CLI_MAX_THREADS (a larger N is
** lowered, saying so), and checked by starting that many threads once
** (cs_cli_main does it for the default, every core, when --threads is not
** given).  Returns the threads to use, or -1 after printing why they
** cannot start. */
#define CS_CLI_MAX_THREADS 256
int cs_cli_threads(const char *command, int requested);

/* The one message for what getopt_long returned as ':' (a value missing)
** or '?' (an unknown option); every command parses with opterr = 0 and an
** optstring starting with ':'.  Returns 2. */
int cs_cli_bad_option(const char *command, int option, char **argv);

/* ARG as a finite number for OPTION: 0, or prints the error and returns 2. */
int cs_cli_number(const char *command, const char *option, const char *arg, double *out);

/* Print "cssim COMMAND: message" and a hint to standard error; returns 2. */
int cs_cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The shared long options, for getopt_long tables. */
#define CS_CLI_COMMON_OPTIONS                              \
    {"trials", required_argument, NULL, 'n'},              \
    {"seed", required_argument, NULL, 's'},                \
    {"threads", required_argument, NULL, 'j'},             \
    {"format", required_argument, NULL, 'f'},              \
    {"out", required_argument, NULL, 'o'},                 \
    {"help", no_argument, NULL, 'h'}

/* --precision, for the commands that take it (run, compare, batch). */
#define CS_CLI_PRECISION_OPTION {"precision", required_argument, NULL, 'P'}
/* --sampling random|lhs (run, compare, batch, drivers) and --set PATH=VALUE
** (run, compare, drivers, report); cs_cli_common_option handles both. */
#define CS_CLI_SAMPLING_OPTION {"sampling", required_argument, NULL, 'L'}
#define CS_CLI_SET_OPTION {"set", required_argument, NULL, 'V'}

/* Help text for the shared options, and for --precision. */
extern const char cs_cli_common_help[];
extern const char cs_cli_precision_help[];
extern const char cs_cli_sampling_help[];
extern const char cs_cli_set_help[];

/* After parsing: --trials and --precision together are an error, and so
** are --precision and --sampling lhs (prints, returns 2); else 0. */
int cs_cli_check_precision(const char *command, const cs_cli_common *common);

/* One command's output in the format asked for: its three writers and
** what they write.  The JSON carries the run record as "run_record". */
typedef struct cs_cli_output {
    cs_format format;
    const void *data;
    void (*text)(FILE *out, const void *data);
    void (*csv)(FILE *out, const void *data);
    cJSON *(*json)(const void *data);
    const cs_run_record *record;
    /* The workbook (--format xlsx), for the commands that write one; NULL for the rest. */
    int (*xlsx)(const char *path, const void *data, const cs_run_record *record, cs_error *err);
} cs_cli_output;

/* OUTPUT's JSON tree, with its run record as "run_record" (caller owns it):
** what cs_cli_emit prints for --format json. */
cJSON *cs_cli_output_json(const cs_cli_output *output);

/* Write OUTPUT to PATH (NULL: standard output) whole or not at all; prints
** the error and returns the exit status, or 0. */
int cs_cli_emit(const char *path, const cs_cli_output *output);

/* Write to PATH (NULL: standard output) atomically by calling
** write(stream, context).  Prints the error and returns its exit status. */
int cs_cli_write(const char *path, void (*write)(FILE *stream, const void *context), const void *context);

/* Print err to standard error and return its exit status (1, 2, or 128 +
** the signal for an interrupted command). */
int cs_cli_report_error(const cs_error *err);

/* A run record for `cssim COMMAND ARGS... --trials N --seed S` (the caller
** appends further options that change results, and records its input
** files).  Returns CS_OK or CS_ERR_FAIL (memory). */
int cs_cli_record_init(cs_run_record *record, const char *command, const cs_cli_common *common,
                       char *const *args, int n_args);

/* Describe each --set of COMMON in RECORD in plain words against PLAN
** (the plan as its file gives it), for the what-if heading of the text
** outputs and the report.  CS_OK or CS_ERR_FAIL (memory). */
int cs_cli_record_what_if(cs_run_record *record, const cs_cli_common *common, const cs_plan *plan);

/* The installed data directory into BUF: share/cssim beside the running
** binary's bin/ (found at run time through /proc/self/exe, so `cmake
** --install --prefix DIR` works wherever DIR is), else the directory
** configured at build time (CSSIM_DATA_DIR).  Returns BUF. */
const char *cs_cli_data_dir(char *buf, size_t len);

/* The default directory NAME ("plans" or "scenarios") when the user names
** none: ./NAME, else the installed copy (cs_cli_data_dir()/NAME, written
** into FOUND).  When neither exists, prints which option names one
** (HOW_TO_NAME) and returns 2. */
int cs_cli_default_dir(const char *command, const char *name, const char *how_to_name, char *found,
                       size_t found_len, const char **dir);

/* After a plan FILE failed to load: when it does not exist, say where the
** installed plans are. */
void cs_cli_plan_not_found(const char *file);

/* A plan made ready for a command: loaded, the scenario applied, and the
** run record begun (the plan and scenario files hashed). */
typedef struct cs_cli_plan {
    cs_plan plan;             /* with the scenario applied */
    cs_scenario scenario;     /* "none" when no file was given */
    int has_scenario;
    cs_run_record record;     /* `cssim COMMAND PLAN [--scenario F] --trials N --seed S` */
    int precision_reached;    /* with --precision: whether it was reached */
} cs_cli_plan;

/* Load PLAN_FILE, apply SCENARIO_FILE (or none), and with --precision set
** COMMON's trials to the number it needs (cs_precision.h); then begin the
** record (with those trials).  Prints the error and returns the exit
** status, or 0; on 0 free with cs_cli_plan_free. */
int cs_cli_plan_load(cs_cli_plan *ready, const char *command, const char *plan_file, const char *scenario_file,
                     cs_cli_common *common);

/* With --precision, the trials PLANS need (paired: their differences too)
** into COMMON's trials, saying so on standard error; *REACHED as
** cs_precision_trials.  Prints the error and returns the exit status, or 0. */
int cs_cli_precision(const char *command, const cs_plan *const *plans, size_t n_plans, int paired,
                     cs_cli_common *common, int *reached);
void cs_cli_plan_free(cs_cli_plan *ready);

/* The one rule for a correlation whose input stops varying under --set (and
** under sweep's and solve's values: cs_vary_dropped_note): the pair is
** dropped and a note printed, "cssim COMMAND: note: --set: ...".  APPLIED is
** a plan with the overrides applied. */
void cs_cli_note_dropped(const char *command, const cs_plan *applied, const cs_cli_common *common);
/* The same for PLAN before its scenarios (compare, report): the overrides
** applied alone. */
void cs_cli_note_dropped_by_set(const char *command, const cs_plan *plan, const cs_cli_common *common);
/* The run record cs_cli_plan_load begins: `cssim COMMAND PLAN_FILE --trials N
** --seed S [--set ...] [--scenario SCENARIO_FILE]` with both files hashed and
** the --set edits described against PLAN (as its file gives it).  CS_OK, or
** the error (nothing to free). */
int cs_cli_plan_record(cs_run_record *record, const char *command, const cs_cli_common *common,
                       const char *plan_file, const cs_plan *plan, const char *scenario_file, const char *scenario_id,
                       cs_error *err);

/* Check that --out PATH can be written (before any simulation); prints the
** error and returns its exit status, or 0. */
int cs_cli_check_out(const char *path);

/* The same for COMMON's --out, and with --format xlsx that --out names a
** file (a workbook never goes to standard output). */
int cs_cli_check_output(const char *command, const cs_cli_common *common);

/* Load a plan file; prints the error and returns its exit status on failure. */
int cs_cli_load_plan(const char *file, cs_plan *plan);

#endif

