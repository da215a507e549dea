/*
** cs_serve_save.h: the live page's "Save as": the plan with a request's
** edits written as a new plan file.
**
** The file is the plan file's own JSON with each edited key replaced by its
** edited value (a number, a distribution, or every year's price), so
** everything else (the CCGs, the claims, the key order) stays as written;
** its provenance gains "edits" (the PATH=VALUE texts, in order, after any
** earlier ones) and "edited_from".  The result is checked by loading it as a
** plan before anything is written.  It is written atomically (cs_output.h);
** an existing file is refused unless REPLACE, in which case its old bytes
** are kept as FILE.json.bak first.  TO must be a relative path ending in
** .json with no ".." (the server writes nowhere else).
*/
#ifndef CS_SERVE_SAVE_H
#define CS_SERVE_SAVE_H

#include <cjson/cJSON.h>

#include "cs_error.h"
#include "cs_overrides.h"
#include "cs_plan.h"

/* cs_serve_save's code when TO exists and REPLACE is not set. */
#define CS_SERVE_SAVE_EXISTS 10

typedef struct cs_serve_save_request {
    const char *plan_file;        /* the plan as loaded: its file, tree and plan */
    const cJSON *plan_json;
    const cs_plan *plan;
    const cs_overrides *overrides;
    const char *to;
    int replace;
    int dry_run;                  /* only the diff: write nothing */
} cs_serve_save_request;

/* Save (or with dry_run only compare) and fill *ANSWER (caller owns it):
** {"to", "written": bool, "backup": FILE.json.bak or null,
**  "diff": [{"key", "old", "new"}, ...]} for each top-level key that
** differs (old null where the file had none).  CS_OK, CS_SERVE_SAVE_EXISTS,
** or an error in err. */
int cs_serve_save(const cs_serve_save_request *request, cJSON **answer, cs_error *err);

#endif
