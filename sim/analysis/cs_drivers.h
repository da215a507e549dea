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
**   - its Shapley effect on the final reserve (cs_sensitivity.h), from a
**     chain of D - 1 more runs (D the random inputs), each trial walking
**     its own random order of the inputs.
** Correlated inputs (a copula group, cs_inverse.h):
**   - `reserve` holds the *full* indices (Mara, Tarantola & Annoni 2015):
**     the input's own effect and what moves with it through its
**     correlations (pick-freeze with the input first in the group's
**     Cholesky order: the run that takes it from set B draws its partners
**     from their conditional given it);
**   - `independent` the *independent* ones: its effect beyond what its
**     partners carry (the input last: it is redrawn from its conditional
**     given its partners), one more run each;
**   - each group gets its indices as a whole, one more run each;
**   - the tornado holds the input at P10 or P90 and draws its partners
**     from their conditional given the held quantile (conditional normal
**     scores, then their own inverse CDFs).
** A group whose conditional cannot be drawn exactly (cs_copula_conditional:
** inputs along more than one kind of axis besides per-trial ones) gets
** none of these: `exact` is 0, its indices are those of the Cholesky order
** and the Shapley effects are not given.  Leadership, when correlated, is
** still held by its risk, its partners independent of the hold.
** An input that does not vary under the plan (a fixed distribution) has
** zero effect and is not simulated.  Every run is a light run on the same
** seed, so the whole analysis is reproducible and the same for any thread
** count; without correlations it takes 2 + D + 2 x swung + D - 1 runs.
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
    cs_sobol_index reserve;      /* indices of the final reserve (full, when correlated) */
    cs_sobol_index margin;       /* indices of margin:YEAR, when asked */
    int correlated;              /* in a copula group */
    int exact;                   /* ... whose conditional can be drawn (else the Cholesky order's indices) */
    int conditional_tornado;     /* the tornado drew its partners given the held value */
    int group;                   /* its group (an index into cs_drivers.group), or -1 */
    cs_sobol_index independent;  /* when correlated and exact: the independent indices */
    cs_shapley_value shapley;    /* when the drivers have Shapley effects */
} cs_driver;

/* A set of correlated inputs and its indices as a whole. */
typedef struct cs_driver_group {
    size_t n;
    cs_input_id member[CS_N_INPUTS];
    int exact;
    cs_sobol_index reserve;
} cs_driver_group;

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
    int has_shapley;                     /* Shapley effects given (no group without an exact conditional) */
    size_t n_groups;
    cs_driver_group group[CS_N_INPUTS];
} cs_drivers;

/* MARGIN_YEAR: 0, or a calendar start year of the plan whose margin also
** gets Sobol indices. */
int cs_drivers_run(const cs_plan *plan, const cs_run_options *options, int margin_year, cs_drivers *out,
                   cs_error *err);

#endif
