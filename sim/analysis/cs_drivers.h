/*
** cs_drivers.h: why a plan is at risk: which of its random inputs decide
** P(viable) and the final reserve (`cssim drivers`).
**
** For each of the eleven inputs of a trial (cs_inputs.h):
**   - the tornado: P(viable) and the mean final reserve with the input held
**     at its P10 and at its P90 (the same value for every CCG or year it
**     covers; leadership at leadership_risk 0 and twice the plan's), every
**     other input random, on the same trials as the baseline run, with 95%
**     intervals of the paired differences from the baseline; leave (an
**     event) is not swung;
**   - Spearman's rank correlation of the input's per-trial summary
**     (cs_input_summary) with the final reserve, from the baseline run;
**   - first-order and total Sobol indices of the final reserve (and of one
**     year's margin when asked), by the pick-freeze design on stream sets A
**     and B (cs_sensitivity.h), with bootstrap intervals.
** An input that does not vary under the plan (a fixed distribution) has
** zero effect and is not simulated.  Every run is a light run on the same
** seed, so the whole analysis is reproducible and the same for any thread
** count; it takes at most 2 + 11 + 20 = 33 runs.
*/
#ifndef CS_DRIVERS_H
#define CS_DRIVERS_H

#include "cs_compare.h"
#include "cs_engine.h"
#include "cs_inputs.h"
#include "cs_sensitivity.h"

typedef struct cs_tornado_end {
    double value;                /* the value the input is held at */
    double p_viable;
    cs_difference p_viable_diff; /* against the baseline, paired */
    double reserve_mean;
    cs_difference reserve_diff;
} cs_tornado_end;

typedef struct cs_driver {
    cs_input_id id;
    int random;                  /* varies under the plan */
    int swung;                   /* has a tornado (random and not leave) */
    cs_tornado_end low, high;
    double swing;                /* |P(viable) high - P(viable) low| */
    double rho, rho_lo, rho_hi;  /* Spearman with the final reserve */
    cs_sobol_index reserve;      /* indices of the final reserve */
    cs_sobol_index margin;       /* indices of margin:YEAR, when asked */
} cs_driver;

typedef struct cs_drivers {
    size_t trials;
    uint64_t seed;
    double p_viable, reserve_mean;       /* the baseline */
    double reserve_variance, margin_variance;
    int margin_year;                     /* calendar start year, 0 when not asked */
    double first_sum, margin_first_sum;  /* sums of first-order indices */
    cs_driver input[CS_N_INPUTS];        /* in cs_input_id order */
    size_t rank[CS_N_INPUTS];            /* input ids, largest tornado swing first */
    size_t runs;
    size_t resamples;
} cs_drivers;

/* MARGIN_YEAR: 0, or a calendar start year of the plan whose margin also
** gets Sobol indices. */
int cs_drivers_run(const cs_plan *plan, const cs_run_options *options, int margin_year, cs_drivers *out,
                   cs_error *err);

#endif
