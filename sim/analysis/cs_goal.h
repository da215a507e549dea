/*
** cs_goal.h: what would make a plan pass, or fail: solving for the value
** of a parameter at which P(viable) reaches a target, and the reverse
** stress test with the subsidy.
**
** cs_goal_solve searches around the plan's own value (or in [from, to]
** when given) on the common-random-number curve of P(viable) (cs_solve.h),
** within a budget of CS_GOAL_MAX_RUNS runs, and reports the value where
** P(viable) reaches the target (the value itself reaches it), whether the
** curve is monotone, the range of values that reach the target and the
** value that maximises P(viable).
**
** cs_goal_stress asks, for each driver of a plan, how far its location must
** move for P(viable) to fall to rigorous_at and to 0.2, measured in the
** driver's own standard deviations where it has one (else relative to its
** value, else in its own units), and ranks the drivers by that move (those
** measured in standard deviations first, then relative, then absolute,
** since the three do not compare); and
** the subsidy: the opening reserve that lifts P(viable) to proceed_at, and
** the P90 of the largest shortfall a sponsor would have to cover.
*/
#ifndef CS_GOAL_H
#define CS_GOAL_H

#include "cs_curve_shape.h"
#include "cs_vary.h"

#define CS_GOAL_MAX_RUNS 40
#define CS_GOAL_TOLERANCE 1e-7        /* relative width of a solved value's final bracket */
#define CS_GOAL_STRESS_TOLERANCE 1e-4 /* ... in the stress table */
#define CS_GOAL_STRESS_LEVEL 0.2      /* the second level of the stress table */

typedef struct cs_goal {
    double target;
    double plan_value;          /* the path's value in the plan */
    double p_viable_at_plan;
    int found;                  /* a value reaching the target was found */
    double value;               /* the value nearest the plan's that reaches the target */
    double p_viable_at_value;
    int monotone;               /* +1 rising, -1 falling, 0 neither, over the search's grid */
    cs_curve_shape shape;       /* of every value evaluated in the search (cs_curve_shape.h) */
    double search_lo, search_hi;
    int has_range;              /* the values reaching the target form [range_lo, range_hi] */
    double range_lo, range_hi;
    double best_value, best_p_viable;
    size_t runs;
} cs_goal;

/* Solve for VARY's path reaching TARGET; FROM and TO (both or neither, may
** be NULL) bound the search. */
int cs_goal_solve(cs_vary *vary, double target, const double *from, const double *to, cs_goal *out, cs_error *err);

#define CS_GOAL_N_DRIVERS 8

typedef struct cs_stress_driver {
    char parameter[CS_PARAM_PATH_MAX];
    double plan_value;
    double sd;                  /* the distribution's sd (0 for a number or a fixed value) */
    int at_rigorous_found, at_low_found;
    double at_rigorous, at_low; /* where P(viable) falls to rigorous_at and to CS_GOAL_STRESS_LEVEL */
    int below_rigorous, below_low; /* P(viable) at the plan's value is already below the level */
    double move;                /* how far it must move to the first level found, in `basis` */
    const char *basis;          /* "sd", "relative" or "absolute" */
    size_t runs;
} cs_stress_driver;

typedef struct cs_stress {
    double p_viable, rigorous_at, proceed_at;
    size_t n_drivers;
    cs_stress_driver drivers[CS_GOAL_N_DRIVERS];   /* ranked: the smallest move first */
    int subsidy_found;          /* an opening reserve reaches proceed_at */
    double opening_reserve;     /* the opening reserve needed (the plan's own if already there) */
    double plan_opening_reserve;
    double p_viable_at_subsidy;
    double deficit_p90;         /* P90 of the largest shortfall below zero, at the plan's values */
    size_t runs;
} cs_stress;

/* The drivers the stress test moves, in the plan's terms. */
extern const char *const cs_stress_driver_keys[CS_GOAL_N_DRIVERS];

int cs_goal_stress(const cs_plan *plan, const cs_run_options *options, cs_stress *out, cs_error *err);

#endif
