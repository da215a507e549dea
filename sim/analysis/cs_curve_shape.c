/*
** cs_curve_shape.c: a scanned curve's shape in words (see cs_curve_shape.h).
*/
#include "cs_curve_shape.h"

#include <math.h>
#include <stdlib.h>

/* The smallest move that counts as a rise or a fall: a tenth of a point
** of P(viable), or 2% of the curve's whole range when that is more, so
** that the small steps a search meets probing around a maximum are not
** taken for a change of direction. */
static double smallest_move(const cs_curve_point *points, size_t m)
{
    double lo = points[0].y, hi = points[0].y;
    for (size_t i = 1; i < m; i++) {
        if (points[i].y < lo) lo = points[i].y;
        if (points[i].y > hi) hi = points[i].y;
    }
    double relative = CS_SHAPE_RELATIVE_MOVE * (hi - lo);
    return relative > CS_SHAPE_MIN_MOVE ? relative : CS_SHAPE_MIN_MOVE;
}

cs_curve_shape cs_curve_shape_of_points(const double *x, const double *y, size_t n)
{
    cs_curve_point kept[CS_CURVE_MAX_POINTS];
    size_t m = 0;
    for (size_t i = 0; i < n && m < CS_CURVE_MAX_POINTS; i++)
        if (isfinite(x[i]) && isfinite(y[i])) kept[m++] = (cs_curve_point){x[i], y[i]};
    if (m < 2) return CS_SHAPE_FLAT;
    qsort(kept, m, sizeof kept[0], cs_curve_point_by_x);
    double move = smallest_move(kept, m);
    /* A zigzag: a run turns only once the curve has moved back from the
    ** run's extreme by at least MOVE. */
    int runs = 0, first = 0, direction = 0;
    double extreme = kept[0].y;
    for (size_t i = 1; i < m; i++) {
        double y_i = kept[i].y;
        if (direction != 0 && (y_i - extreme) * direction > 0) {
            extreme = y_i;
            continue;
        }
        if (fabs(y_i - extreme) < move || (y_i - extreme) * direction > 0) continue;
        direction = y_i > extreme ? 1 : -1;
        if (runs++ == 0) first = direction;
        extreme = y_i;
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
