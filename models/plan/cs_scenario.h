/*
** cs_scenario.h: scenario files (docs/model.md "Scenario file") and applying one
** to a plan.
**
** {"id", "name", "description", "order"?, "adjust": {PARAM: {"set"|"scale"|"add": X,
** "reason"?: "..."}}, "correlations"?: [...]}.  `order` (extension) sorts a
** scenario directory; `reason` (extension) records the one-line reason
** beside an adjustment; `correlations` (extension) amends the plan's.
** Ownership: cs_scenario_load fills, cs_scenario_free releases.
*/
#ifndef CS_SCENARIO_H
#define CS_SCENARIO_H

#include "cs_dist.h"
#include "cs_error.h"
#include "cs_plan.h"

typedef struct cs_adjustment {
    const cs_param *param;
    cs_adjust_op op;
    double amount;          /* scale/add factor, or the number for `set` */
    cs_dist set_dist;       /* `set` of a (U) parameter */
    double *set_prices;     /* `set` of price_per_head: values (owned) */
    size_t n_set_prices;
    char *reason;           /* NULL when absent */
} cs_adjustment;

typedef struct cs_scenario {
    char *file;
    char *id;
    char *name;
    char *description;
    int order;
    size_t n_adjust;
    cs_adjustment *adjust;
    cs_correlations correlations;  /* amends the plan's (cs_correlations.h) */
    const struct cs_overrides *overrides; /* --set, applied after the scenario; not owned, NULL for none */
} cs_scenario;

/* The scenario that changes nothing (id "none"); never fails except on memory. */
int cs_scenario_init_none(cs_scenario *scenario);

int cs_scenario_load(cs_scenario *scenario, const char *file, cs_error *err);

/* Read a scenario from a parsed tree; FILE names it in errors. */
int cs_scenario_from_json(cs_scenario *scenario, const cJSON *root, const char *file, cs_error *err);

/* The same, reading on after an error in one key so that every error of the
** file is appended to ERRORS (`cssim validate`). */
int cs_scenario_load_all(cs_scenario *scenario, const char *file, cs_error_list *errors, cs_error *err);
void cs_scenario_free(cs_scenario *scenario);

/* out := plan with the scenario applied (a deep copy; free with cs_plan_free).
** An adjustment that leaves a parameter invalid is an input error naming the
** scenario file, the plan and the parameter. */
int cs_scenario_apply(const cs_scenario *scenario, const cs_plan *plan, cs_plan *out, cs_error *err);

/* Load every *.json in DIR, sorted by `order` then file name.  *out is an
** array of *count scenarios owned by the caller (cs_scenario_list_free). */
int cs_scenario_load_dir(const char *dir, cs_scenario **out, size_t *count, cs_error *err);
void cs_scenario_list_free(cs_scenario *list, size_t count);

#endif
