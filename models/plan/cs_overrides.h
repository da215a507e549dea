/*
** cs_overrides.h: what-if overrides, `--set PATH=VALUE`, applied to a plan
** after its scenario.
**
** PATH is a parameter path (cs_param_path.h: "churn.mean", "price",
** "opening_reserve"); VALUE a finite number.  The overrides are applied in
** the order given, each checked like a value in a file (its parameter's
** domain), so an override can make nothing a file could not.  The texts are
** the caller's (argv); a cs_overrides owns nothing.
*/
#ifndef CS_OVERRIDES_H
#define CS_OVERRIDES_H

#include <stddef.h>

#include "cs_error.h"
#include "cs_plan.h"

#define CS_MAX_OVERRIDES 32

typedef struct cs_overrides {
    size_t n;
    const char *text[CS_MAX_OVERRIDES]; /* "PATH=VALUE", not owned */
} cs_overrides;

/* Append TEXT after checking its form (PATH=VALUE with a finite number);
** errors name "--set". */
int cs_overrides_add(cs_overrides *overrides, const char *text, cs_error *err);

/* Apply every override to PLAN in order.  Errors name "--set TEXT" and
** say what the path or value should be. */
int cs_overrides_apply(const cs_overrides *overrides, cs_plan *plan, cs_error *err);

#endif
