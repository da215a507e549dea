/*
** cs_curve_shape.c: a scanned curve's shape in words (see cs_curve_shape.h).
*/
#include "cs_curve_shape.h"

#include <math.h>
#include <stdlib.h>

typedef struct point {
    double x, y;
} point;

static int by_x(const void *a, const void *b)
{
    double x = ((const point *)a)->x, y = ((const point *)b)->x;
    return (x > y) - (x < y);
}

cs_curve_shape cs_curve_shape_of_points(const double *x, const double *y, size_t n)
{
    point kept[CS_CURVE_MAX_POINTS];
    size_t m = 0;
    for (size_t i = 0; i < n && m < CS_CURVE_MAX_POINTS; i++)
        if (isfinite(x[i]) && isfinite(y[i])) kept[m++] = (point){x[i], y[i]};
    qsort(kept, m, sizeof kept[0], by_x);
    int runs = 0, first = 0, last = 0; /* the direction (+1 or -1) of the first and the last run */
    for (size_t i = 1; i < m; i++) {
        int direction = (kept[i].y > kept[i - 1].y) - (kept[i].y < kept[i - 1].y);
        if (direction == 0 || direction == last) continue;
        if (runs++ == 0) first = direction;
        last = direction;
    }
    if (runs == 0) return CS_SHAPE_FLAT;
    if (runs == 1) return first > 0 ? CS_SHAPE_RISING : CS_SHAPE_FALLING;
    if (runs == 2) return first > 0 ? CS_SHAPE_RISES_THEN_FALLS : CS_SHAPE_FALLS_THEN_RISES;
    return CS_SHAPE_IRREGULAR;
}

cs_curve_shape cs_curve_shape_of(const cs_curve *curve, double lo, double hi)
{
    double x[CS_CURVE_MAX_POINTS], y[CS_CURVE_MAX_POINTS];
    size_t n = 0;
    for (size_t i = 0; i < curve->n_points; i++)
        if (curve->x[i] >= lo && curve->x[i] <= hi) {
            x[n] = curve->x[i];
            y[n++] = curve->y[i];
        }
    return cs_curve_shape_of_points(x, y, n);
}

const char *cs_curve_shape_name(cs_curve_shape shape)
{
    static const char *const names[] = {"flat", "rising", "falling", "rises then falls", "falls then rises",
                                        "irregular"};
    return names[shape];
}

const char *cs_curve_shape_words(cs_curve_shape shape)
{
    static const char *const words[] = {
        "does not depend on it", "rises with it", "falls as it rises", "rises, then falls",
        "falls, then rises", "moves up and down irregularly"};
    return words[shape];
}
