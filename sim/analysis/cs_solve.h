/*
** cs_solve.h: where a costly function of one number reaches a level.
**
** A cs_curve is f(x) that costs a simulation run to evaluate (P(viable) at
** a parameter value, on common random numbers): every evaluation is cached
** and counted against a budget.  On common random numbers f is a fine
** staircase (it moves in steps of 1/N), so the search is:
**   1. a coarse scan of a grid; where a grid point lies outside what the
**      parameter may take, the search probes inward from the valid side by
**      bisection, so values just inside the domain's edge are tried;
**   2. cs_solve_search only: while f is monotone there and does not cross
**      the level, the interval grows on the side where the level lies,
**      doubling its step (probing inward again at the domain's edge), until
**      f crosses, or stops moving (two steps without a change), or the
**      range ends;
**   3. where no point reaches the level but f has an interior maximum, a
**      zoom around the best point (halving its bracket each round);
**   4. every pair of neighbouring points on either side of the level is a
**      crossing, refined with GSL's Brent root solver
**      (gsl_root_fsolver_brent) on f(x) - level to a bracket no wider than
**      the tolerance; the answer is the bracket's end where f >= level, so
**      f(x) >= level holds exactly at it.
** The budget is a ceiling, not a quota: the search uses what it needs.
** When the budget runs out first, the result says so (CS_SOLVE_BUDGET)
** with the bracket still open, instead of passing off a guess.
** Knows nothing of plans: the caller's function does the runs.
*/
#ifndef CS_SOLVE_H
#define CS_SOLVE_H

#include <stddef.h>

#include "cs_error.h"

/* Evaluate f at X into *y.  CS_ERR_INPUT means X is outside what the
** parameter may take (the search treats it as the end of the domain). */
typedef int (*cs_curve_fn)(void *context, double x, double *y, cs_error *err);

#define CS_CURVE_MAX_POINTS 512

typedef struct cs_curve {
    cs_curve_fn fn;
    void *context;
    size_t budget;         /* evaluations allowed */
    size_t evaluations;    /* evaluations made (cached repeats are free) */
    size_t n_points;
    double x[CS_CURVE_MAX_POINTS], y[CS_CURVE_MAX_POINTS];
    cs_error *err;
    int failed;            /* an evaluation failed (not a domain edge): stop */
    int exhausted;         /* an evaluation was refused: the budget is spent */
    double open_lo, open_hi; /* the bracket being narrowed (still open if the budget runs out) */
} cs_curve;

/* A point of a curve, and the order of points by x (for qsort). */
typedef struct cs_curve_point {
    double x, y;
} cs_curve_point;
int cs_curve_point_by_x(const void *a, const void *b);

void cs_curve_init(cs_curve *curve, cs_curve_fn fn, void *context, size_t budget, cs_error *err);

/* f(x), cached.  CS_OK, CS_ERR_INPUT (x outside the domain), or another
** error (then curve->failed is set); exceeding the budget is CS_ERR_FAIL
** with curve->exhausted set. */
int cs_curve_at(cs_curve *curve, double x, double *y);

/* f crosses LEVEL between A and B (f(A) < LEVEL <= f(B), or the reverse):
** refine to a bracket no wider than TOL (relative to |x|, absolute near 0),
** and put in *x the bracket's end where f >= LEVEL. */
int cs_solve_crossing(cs_curve *curve, double a, double b, double level, double tol, double *x);

#define CS_SOLVE_MAX_CROSSINGS 16

/* How a search ended: every crossing found and refined (or f reaches the
** level everywhere searched); no value searched reaches the level; or the
** budget ran out with a bracket still open. */
typedef enum cs_solve_status { CS_SOLVE_SOLVED, CS_SOLVE_UNREACHABLE, CS_SOLVE_BUDGET } cs_solve_status;

/* "solved", "unreachable", "budget". */
const char *cs_solve_status_name(cs_solve_status status);

typedef struct cs_solve_result {
    double lo, hi;              /* the interval searched */
    int monotone;               /* +1 non-decreasing, -1 non-increasing, 0 neither, on the grid */
    size_t n_crossings;
    double crossing[CS_SOLVE_MAX_CROSSINGS];  /* where f reaches the level, in increasing x */
    int rising[CS_SOLVE_MAX_CROSSINGS];       /* 1: f rises through the level there */
    double best_x, best_y;      /* the largest f found */
    int all_above, all_below;   /* f >= level (or < level) everywhere on the grid */
    cs_solve_status status;
    double open_lo, open_hi;    /* CS_SOLVE_BUDGET: the bracket still open */
} cs_solve_result;

/* Search [LO, HI] with a grid of GRID points (steps 1, 3 and 4 above):
** every crossing of LEVEL and the maximum.  A grid point outside the domain
** shrinks the interval to the valid points (probed inward).  TOL as for
** cs_solve_crossing.  Running out of budget is not an error: out->status. */
int cs_solve_target(cs_curve *curve, double lo, double hi, size_t grid, double level, double tol,
                    cs_solve_result *out);

/* cs_solve_target on [X0 - SCALE, X0 + SCALE] within RANGE, growing the
** interval as step 2 above when f is monotone there and does not cross. */
int cs_solve_search(cs_curve *curve, double x0, double scale, double range_lo, double range_hi, size_t grid,
                    double level, double tol, cs_solve_result *out);

#endif
