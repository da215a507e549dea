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

/* The shape of the N points (X[i], Y[i]) in any order: the runs of rises
** and falls between neighbours in increasing X, equal neighbours ignored
** (common random numbers leave no jitter to smooth); points with a
** non-finite Y are skipped. */
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
