/*
** cs_curve_shape.h: the shape of a scanned curve in words: whether
** P(viable) rises, falls, stays flat, rises then falls, falls then rises,
** or moves irregularly over the values a search evaluated.
*/
#ifndef CS_CURVE_SHAPE_H
#define CS_CURVE_SHAPE_H

#include "cs_solve.h"

typedef enum {
    CS_SHAPE_FLAT,
    CS_SHAPE_RISING,
    CS_SHAPE_FALLING,
    CS_SHAPE_RISES_THEN_FALLS,
    CS_SHAPE_FALLS_THEN_RISES,
    CS_SHAPE_IRREGULAR
} cs_curve_shape;

/* A rise or a fall counts once it moves at least CS_SHAPE_MIN_MOVE (a
** tenth of a point of P(viable)) or CS_SHAPE_RELATIVE_MOVE of the curve's
** whole range, whichever is more. */
#define CS_SHAPE_MIN_MOVE 0.001
#define CS_SHAPE_RELATIVE_MOVE 0.02

/* The shape of the N points (X[i], Y[i]) in any order: the runs of rises
** and falls in increasing X (a run turns once the curve has come back from
** its extreme by the smallest move above: steps a search meets around a
** maximum do not count); points with a non-finite Y are skipped. */
cs_curve_shape cs_curve_shape_of_points(const double *x, const double *y, size_t n);

/* The shape of every point CURVE evaluated within [LO, HI]. */
cs_curve_shape cs_curve_shape_of(const cs_curve *curve, double lo, double hi);

/* For JSON: "flat", "rising", "falling", "rises then falls", "falls then
** rises", "irregular". */
const char *cs_curve_shape_name(cs_curve_shape shape);

/* For text, after "P(viable) ": "rises with it", "falls as it rises",
** "does not depend on it", ... */
const char *cs_curve_shape_words(cs_curve_shape shape);

#endif
