/*
** cs_goal.h: what would make a plan pass, or fail: solving for the value
** of a parameter at which P(viable) reaches a target, and the reverse
** stress test with the subsidy.
**
** cs_goal_solve searches around the plan's own value (or in [from, to]
** when given) on the common-random-number curve of P(viable) (cs_solve.h),
** within a budget of runs (CS_GOAL_MAX_RUNS unless given; the search uses
** what it needs), and reports how it ended (solved, unreachable, or the
** budget spent with the bracket still open), the value where P(viable)
** reaches the target (the value itself reaches it), whether the curve is
** monotone, the range of values that reach the target and the value that
** maximises P(viable).  Each value returned is checked by one more (full)
** run at it, with its P(viable) and 95% interval.
**
** cs_goal_stress asks, for each driver of a plan, how far its location must
** move for P(viable) to fall to rigorous_at and to 0.2 (where the plan is
** above them) and to rise to rigorous_at and to proceed_at (where it is
** below), measured in the driver's own standard deviations where it has
** one (else relative to its value, else in its own units), and ranks the
** drivers by the move to the next verdict up (a plan below proceed_at) or
** down (one that proceeds): those measured in standard deviations first,
** then relative, then absolute, since the three do not compare; and
** the subsidy: the opening reserve that lifts P(viable) to proceed_at (and
** to rigorous_at for a plan below it), and the P90 of the largest shortfall
** a sponsor would have to cover.
*/
#ifndef CS_GOAL_H
#define CS_GOAL_H

#include "cs_curve_shape.h"
#include "cs_vary.h"

#define CS_GOAL_MAX_RUNS 200          /* solve's ceiling on runs */
#define CS_GOAL_STRESS_RUNS 100       /* ... per driver of the stress test */
#define CS_GOAL_TOLERANCE 1e-7        /* relative width of a solved value's final bracket */
#define CS_GOAL_STRESS_TOLERANCE 1e-4 /* ... in the stress table */
#define CS_GOAL_STRESS_LEVEL 0.2      /* the second level of the stress table */

/* One more run at a value returned, to check it. */
typedef struct cs_goal_check {
    double value;
    double p_viable, p_viable_lo, p_viable_hi;   /* with its 95% interval */
    int reaches;                /* p_viable >= the target */
} cs_goal_check;

typedef struct cs_goal {
    double target;
    cs_solve_status status;     /* solved, unreachable, or the budget spent */
    double open_lo, open_hi;    /* status budget: the bracket still open */
    size_t budget;
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
    size_t n_checks;            /* the value, then the range's ends (each once) */
    cs_goal_check check[3];
    size_t runs;                /* the search's runs and the checks */
} cs_goal;

/* Solve for VARY's path reaching TARGET; FROM and TO (both or neither, may
** be NULL) bound the search; at most BUDGET runs for the search (0: the
** default CS_GOAL_MAX_RUNS). */
int cs_goal_solve_within(cs_vary *vary, double target, const double *from, const double *to, size_t budget,
                         cs_goal *out, cs_error *err);
int cs_goal_solve(cs_vary *vary, double target, const double *from, const double *to, cs_goal *out, cs_error *err);

#define CS_GOAL_N_DRIVERS 8

typedef struct cs_stress_driver {
    char parameter[CS_PARAM_PATH_MAX];
    char label[96];             /* the driver in plain words (its parameter's label) */
    cs_unit unit;
    double plan_value;
    double sd;                  /* the distribution's sd (0 for a number or a fixed value) */
    int at_rigorous_found, at_low_found;
    double at_rigorous, at_low; /* where P(viable) falls to rigorous_at and to CS_GOAL_STRESS_LEVEL */
    int below_rigorous, below_low; /* P(viable) at the plan's value is already below the level */
    double move;                /* how far it must move to the first level found, in `basis` */
    /* Where P(viable) rises to rigorous_at and to proceed_at (a plan below them). */
    cs_solve_status to_rigorous_status, to_proceed_status; /* unreachable: not by this driver alone */
    int to_rigorous_found, to_proceed_found;
    int above_rigorous, above_proceed; /* P(viable) at the plan's value already reaches the level */
    double to_rigorous, to_proceed;
    double move_up;             /* how far it must move to reach the next verdict, in `basis` */
    double ranking;             /* the move the table is ranked by: move_up below proceed_at, else move */
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
    int reserve_to_rigorous_found; /* a plan below rigorous_at: the opening reserve that lifts it there */
    double reserve_to_rigorous, p_viable_at_reserve_to_rigorous;
    double deficit_p90;         /* P90 of the largest shortfall below zero, at the plan's values */
    size_t runs;
} cs_stress;

/* The drivers the stress test moves, in the plan's terms. */
extern const char *const cs_stress_driver_keys[CS_GOAL_N_DRIVERS];

int cs_goal_stress(const cs_plan *plan, const cs_run_options *options, cs_stress *out, cs_error *err);

#endif
