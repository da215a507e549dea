/*
** cs_solve.h: where a costly function of one number reaches a level.
**
** A cs_curve is f(x) that costs a simulation run to evaluate (P(viable) at
** a parameter value, on common random numbers): every evaluation is cached
** and counted against a budget.  On common random numbers f is a fine
** staircase (it moves in steps of 1/N), so:
**   - cs_solve_crossing refines a bracket [a, b] across a level with GSL's
**     Brent root solver (gsl_root_fsolver_brent) on f(x) - level, and
**     returns the end of the final bracket on the side that reaches the
**     level, so f(x) >= level holds exactly at the answer;
**   - cs_solve_maximum refines a coarse maximum with GSL's Brent minimiser
**     (gsl_min_fminimizer_brent) on -f;
**   - cs_solve_target does both from a coarse grid: every crossing of the
**     level, whether f is monotone on the interval, the best point, and for
**     a monotone f the one value where it reaches the level.
** Knows nothing of plans: the caller's function does the runs.
*/
#ifndef CS_SOLVE_H
#define CS_SOLVE_H

#include <stddef.h>

#include "cs_error.h"

/* Evaluate f at X into *y.  CS_ERR_INPUT means X is outside what the
** parameter may take (the search treats it as the end of the domain). */
typedef int (*cs_curve_fn)(void *context, double x, double *y, cs_error *err);

#define CS_CURVE_MAX_POINTS 256

typedef struct cs_curve {
    cs_curve_fn fn;
    void *context;
    size_t budget;         /* evaluations allowed */
    size_t evaluations;    /* evaluations made (cached repeats are free) */
    size_t n_points;
    double x[CS_CURVE_MAX_POINTS], y[CS_CURVE_MAX_POINTS];
    cs_error *err;
    int failed;            /* an evaluation failed (not a domain edge): stop */
} cs_curve;

void cs_curve_init(cs_curve *curve, cs_curve_fn fn, void *context, size_t budget, cs_error *err);

/* f(x), cached.  CS_OK, CS_ERR_INPUT (x outside the domain), or another
** error (then curve->failed is set); exceeding the budget is CS_ERR_FAIL. */
int cs_curve_at(cs_curve *curve, double x, double *y);

/* f crosses LEVEL between A and B (f(A) < LEVEL <= f(B), or the reverse):
** refine to a bracket no wider than TOL (relative to |x|, absolute near 0),
** and put in *x the bracket's end where f >= LEVEL. */
int cs_solve_crossing(cs_curve *curve, double a, double b, double level, double tol, double *x);

/* f(M) >= f(A), f(B) with A < M < B: refine the maximum; *x, *y. */
int cs_solve_maximum(cs_curve *curve, double a, double m, double b, double tol, double *x, double *y);

#define CS_SOLVE_MAX_CROSSINGS 8

typedef struct cs_solve_result {
    double lo, hi;              /* the interval searched */
    int monotone;               /* +1 non-decreasing, -1 non-increasing, 0 neither, on the grid */
    size_t n_crossings;
    double crossing[CS_SOLVE_MAX_CROSSINGS];  /* where f reaches the level, in increasing x */
    int rising[CS_SOLVE_MAX_CROSSINGS];       /* 1: f rises through the level there */
    double best_x, best_y;      /* the largest f found */
    int all_above, all_below;   /* f >= level (or < level) everywhere on the grid */
} cs_solve_result;

/* Search [LO, HI] with a grid of GRID points (then refine): every crossing
** of LEVEL and the maximum.  A grid point outside the domain shrinks the
** interval to the valid points.  TOL as for cs_solve_crossing. */
int cs_solve_target(cs_curve *curve, double lo, double hi, size_t grid, double level, double tol,
                    cs_solve_result *out);

/* cs_solve_target on [X0 - SCALE, X0 + SCALE] within RANGE; when f is
** monotone there and does not reach (or never leaves) LEVEL, the bracket is
** found automatically: the interval grows on the side where the level lies,
** doubling its step, one evaluation at a time, up to the range's end or
** until f stops moving (two steps in a row without a change: it has
** levelled off short of the level). */
int cs_solve_search(cs_curve *curve, double x0, double scale, double range_lo, double range_hi, size_t grid,
                    double level, double tol, cs_solve_result *out);

#endif
