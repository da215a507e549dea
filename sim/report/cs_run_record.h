/*
** cs_run_record.h: how an output was made, recorded inside it.
**
** Every JSON output, league.md and the HTML report carry a run record: the
** cssim version (git describe at build time), the seed as an exact integer,
** the trials, the canonical command that reproduces the output (without
** --threads and --out, which change no figure, so the record is the same for
** any thread count), the what-if overrides in the order given, and each input
** file's kind, id, path and SHA-256 (OpenSSL's EVP_sha256).  Two outputs can
** then be compared knowing exactly what differed.
** Ownership: cs_run_record_init fills, cs_run_record_free releases.
*/
#ifndef CS_RUN_RECORD_H
#define CS_RUN_RECORD_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cs_error.h"

typedef struct cs_run_input {
    char *kind;          /* "plan" or "scenario" */
    char *id;
    char *file;          /* the path as given */
    char sha256[65];     /* lower-case hex */
} cs_run_input;

typedef struct cs_run_record {
    char *command;       /* "cssim run PLAN --trials N --seed S ...", shell-quoted */
    uint64_t seed;
    size_t trials;
    size_t n_inputs;
    cs_run_input *inputs;
    size_t n_overrides;
    char **overrides;    /* "PATH=VALUE" */
    char **what_if;      /* each override in plain words, beside overrides (NULL until described) */
} cs_run_record;

/* An empty record for `cssim COMMAND` with SEED and TRIALS. */
int cs_run_record_init(cs_run_record *record, const char *command, uint64_t seed, size_t trials);
void cs_run_record_free(cs_run_record *record);

/* Append one word (shell-quoted where it needs it) to the command. */
int cs_run_record_arg(cs_run_record *record, const char *word);

/* Record an input file: hashes it.  A file already recorded is skipped. */
int cs_run_record_input(cs_run_record *record, const char *kind, const char *id, const char *file, cs_error *err);

/* Record a what-if override ("churn.mean=0.04"). */
int cs_run_record_override(cs_run_record *record, const char *text);

/* Describe override I in plain words ("churn (CCGs leaving each year),
** mean = 4.0% (plan: 2.0%)"), for the what-if heading of a text output. */
int cs_run_record_what_if(cs_run_record *record, size_t i, const char *words);

/* "What-if: WORDS; WORDS\n" when the record has overrides (nothing
** otherwise): the heading of every text output of a what-if. */
void cs_run_record_what_if_text(FILE *out, const cs_run_record *record);

/* The record as a JSON object (caller owns it). */
cJSON *cs_run_record_json(const cs_run_record *record);

/* The record as a Markdown section. */
void cs_run_record_markdown(FILE *out, const cs_run_record *record);

/* The cssim version of this build. */
const char *cs_version(void);

/* An exact unsigned integer for JSON (cJSON's numbers are doubles, exact
** only to 2^53); caller owns it. */
cJSON *cs_json_uint64(uint64_t value);

/* SHA-256 of FILE as 64 hex digits into hex[65]. */
int cs_sha256_file(const char *file, char hex[65], cs_error *err);

#endif
