/*
** cs_file_kind.h: telling a plan file from a scenario file by its content.
**
** A plan has keys only a plan has (ccgs, the model's parameters, criteria,
** claims, ...); a scenario has keys only a scenario has (adjust,
** description, order).  The loaders use this to say "FILE is a scenario
** file, expected a plan" instead of complaining about the first odd key,
** and `validate` reads each file as what it is.
*/
#ifndef CS_FILE_KIND_H
#define CS_FILE_KIND_H

#include <cjson/cJSON.h>

typedef enum { CS_FILE_UNKNOWN, CS_FILE_PLAN, CS_FILE_SCENARIO } cs_file_kind;

/* The kind of a parsed file: whichever kind's own keys it holds more of;
** CS_FILE_UNKNOWN when it holds neither's (or as many of each). */
cs_file_kind cs_file_kind_of(const cJSON *root);

/* The keys of KIND that ROOT holds, quoted, for a message ("\"adjust\",
** \"description\""); a static buffer, valid until the next call. */
const char *cs_file_kind_evidence(const cJSON *root, cs_file_kind kind);

#endif
