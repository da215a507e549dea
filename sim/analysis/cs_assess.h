/*
** cs_assess.h: everything an assessor's report shows of one plan, computed
** in one place: the plan under every scenario (cs_compare), the trials of
** the first scenario (the plan as submitted) kept whole for the charts, and
** on that scenario the drivers (cs_drivers), P(viable) against the price
** (cs_sweep over `price`) and the reverse stress test with the subsidy
** (cs_goal_stress).  All on the same seed: common random numbers throughout.
** Ownership: cs_assess_run fills a cs_assessment; cs_assessment_free
** releases it (the scenarios stay the caller's).
*/
#ifndef CS_ASSESS_H
#define CS_ASSESS_H

#include "cs_compare.h"
#include "cs_drivers.h"
#include "cs_goal.h"
#include "cs_sweep.h"

/* The price multipliers the report sweeps. */
#define CS_ASSESS_PRICE_FROM 0.8
#define CS_ASSESS_PRICE_TO 1.3
#define CS_ASSESS_PRICE_STEPS 26

typedef struct cs_assessment {
    cs_plan baseline;              /* the plan under the first scenario */
    cs_comparison comparison;      /* entry 0 is the baseline */
    cs_run_data trials;            /* the baseline's trials, with yearly figures */
    double *reserve;               /* [t * trials + i]: each trial's reserve at the end of year t */
    cs_drivers drivers;
    cs_sweep price;                /* P(viable) against the price multiplier */
    cs_stress stress;
    size_t analysis_trials;        /* the trials of the drivers, the sweep and the stress test */
} cs_assessment;

/* Assess PLAN (overrides go in the scenarios) under N_SCENARIOS scenarios
** (at least one) with OPTIONS; the drivers, sweep and stress test use
** ANALYSIS_TRIALS trials (at most OPTIONS' trials).  PROGRESS, when not
** NULL, is told each step's name. */
int cs_assess_run(const cs_plan *plan, const cs_scenario *scenarios, size_t n_scenarios, const cs_run_options *options,
                  size_t analysis_trials, void (*progress)(const char *step), cs_assessment *out, cs_error *err);
void cs_assessment_free(cs_assessment *assessment);

#endif
