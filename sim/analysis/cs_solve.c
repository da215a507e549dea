/*
** cs_solve.c: crossings and maxima of a costly staircase (see cs_solve.h).
*/
#include "cs_solve.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <string.h>

#define MAX_ITERATIONS 100

void cs_curve_init(cs_curve *curve, cs_curve_fn fn, void *context, size_t budget, cs_error *err)
{
    memset(curve, 0, sizeof *curve);
    curve->fn = fn;
    curve->context = context;
    curve->budget = budget;
    curve->err = err;
}

int cs_curve_at(cs_curve *curve, double x, double *y)
{
    for (size_t i = 0; i < curve->n_points; i++)
        if (curve->x[i] == x) {
            *y = curve->y[i];
            return isnan(*y) ? CS_ERR_INPUT : CS_OK;
        }
    if (curve->failed) return CS_ERR_FAIL;
    if (curve->evaluations >= curve->budget || curve->n_points >= CS_CURVE_MAX_POINTS)
        return cs_error_fail(curve->err, NULL, "the search needs more than its budget of %zu runs", curve->budget);
    curve->evaluations++;
    int rc = curve->fn(curve->context, x, y, curve->err);
    if (rc && rc != CS_ERR_INPUT) {
        curve->failed = 1;
        return rc;
    }
    curve->x[curve->n_points] = x;
    curve->y[curve->n_points++] = rc ? NAN : *y;
    return rc;
}

/* 1 when the budget allows one more evaluation. */
static int affordable(const cs_curve *curve) { return curve->evaluations < curve->budget && !curve->failed; }

typedef struct level_function {
    cs_curve *curve;
    double level, sign;   /* sign -1 turns a maximum into GSL's minimum */
    int rc;
} level_function;

static double shifted(double x, void *params)
{
    level_function *f = params;
    double y;
    int rc = cs_curve_at(f->curve, x, &y);
    if (rc) {
        if (!f->rc) f->rc = rc;
        return GSL_NAN;
    }
    return f->sign * (y - f->level);
}

int cs_solve_crossing(cs_curve *curve, double a, double b, double level, double tol, double *x)
{
    double ya, yb;
    int rc = cs_curve_at(curve, a, &ya);
    if (!rc) rc = cs_curve_at(curve, b, &yb);
    if (rc) return rc;
    if ((ya < level) == (yb < level))
        return cs_error_fail(curve->err, NULL, "internal: [%s, %s] does not cross the level %s", CS_NUM(a), CS_NUM(b),
                             CS_NUM(level));
    level_function f = {curve, level, 1, CS_OK};
    gsl_function function = {shifted, &f};
    gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!solver) return cs_error_fail(curve->err, NULL, "out of memory");
    double lo = a < b ? a : b, hi = a < b ? b : a;
    gsl_root_fsolver_set(solver, &function, lo, hi);
    for (int iteration = 0; iteration < MAX_ITERATIONS && affordable(curve); iteration++) {
        if (gsl_root_fsolver_iterate(solver) != GSL_SUCCESS || f.rc) break;
        lo = gsl_root_fsolver_x_lower(solver);
        hi = gsl_root_fsolver_x_upper(solver);
        double scale = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
        if (gsl_root_test_interval(lo, hi, tol * scale, 0) == GSL_SUCCESS) break; /* width < tol |x| */
    }
    gsl_root_fsolver_free(solver);
    if (f.rc && f.rc != CS_ERR_FAIL) return f.rc;
    /* The solver keeps a bracket whose ends it has evaluated and that still
    ** straddles the level: answer with the end that reaches it. */
    double y_lo, y_hi;
    if (cs_curve_at(curve, lo, &y_lo) || cs_curve_at(curve, hi, &y_hi)) return CS_ERR_FAIL;
    int rising = (a < b ? ya : yb) < level; /* f below the level at the left end */
    *x = rising ? hi : lo;
    if (rising && !(y_hi >= level) && y_lo >= level) *x = lo;
    if (!rising && !(y_lo >= level) && y_hi >= level) *x = hi;
    return CS_OK;
}

int cs_solve_maximum(cs_curve *curve, double a, double m, double b, double tol, double *x, double *y)
{
    double ya, ym, yb;
    int rc = cs_curve_at(curve, a, &ya);
    if (!rc) rc = cs_curve_at(curve, m, &ym);
    if (!rc) rc = cs_curve_at(curve, b, &yb);
    if (rc) return rc;
    *x = m;
    *y = ym;
    if (!(ym > ya && ym > yb)) return CS_OK; /* a plateau: the grid point is as good as any */
    level_function f = {curve, 0, -1, CS_OK};
    gsl_function function = {shifted, &f};
    gsl_min_fminimizer *minimiser = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    if (!minimiser) return cs_error_fail(curve->err, NULL, "out of memory");
    gsl_min_fminimizer_set_with_values(minimiser, &function, m, -ym, a, -ya, b, -yb);
    for (int iteration = 0; iteration < MAX_ITERATIONS && affordable(curve); iteration++) {
        if (gsl_min_fminimizer_iterate(minimiser) != GSL_SUCCESS || f.rc) break;
        double lo = gsl_min_fminimizer_x_lower(minimiser), hi = gsl_min_fminimizer_x_upper(minimiser);
        double scale = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
        if (gsl_min_test_interval(lo, hi, tol * scale, 0) == GSL_SUCCESS) break;
    }
    double best = gsl_min_fminimizer_x_minimum(minimiser);
    gsl_min_fminimizer_free(minimiser);
    if (f.rc && f.rc != CS_ERR_FAIL) return f.rc;
    /* The best point evaluated (the minimiser's answer, or a grid point if no better). */
    for (size_t i = 0; i < curve->n_points; i++)
        if (curve->x[i] >= a && curve->x[i] <= b && !isnan(curve->y[i]) &&
            (curve->y[i] > *y || (curve->y[i] == *y && curve->x[i] == best))) {
            *x = curve->x[i];
            *y = curve->y[i];
        }
    return CS_OK;
}

int cs_solve_target(cs_curve *curve, double lo, double hi, size_t grid, double level, double tol,
                    cs_solve_result *out)
{
    memset(out, 0, sizeof *out);
    double xs[64], ys[64];
    size_t n = 0;
    if (grid < 2) grid = 2;
    if (grid > 64) grid = 64;
    for (size_t i = 0; i < grid; i++) {
        double x = i + 1 == grid ? hi : lo + (hi - lo) * (double)i / (double)(grid - 1), y;
        int rc = cs_curve_at(curve, x, &y);
        if (rc == CS_ERR_INPUT) continue;
        if (rc) return rc;
        xs[n] = x;
        ys[n++] = y;
    }
    if (n < 2)
        return cs_error_input(curve->err, NULL, NULL, "the parameter takes fewer than two valid values in [%s, %s]",
                              CS_NUM(lo), CS_NUM(hi));
    out->lo = xs[0];
    out->hi = xs[n - 1];
    int rising = 1, falling = 1;
    size_t best = 0;
    out->all_above = out->all_below = 1;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            rising &= ys[i] >= ys[i - 1];
            falling &= ys[i] <= ys[i - 1];
        }
        if (ys[i] > ys[best]) best = i;
        out->all_above &= ys[i] >= level;
        out->all_below &= ys[i] < level;
    }
    out->monotone = rising ? 1 : falling ? -1 : 0;
    for (size_t i = 0; i + 1 < n && out->n_crossings < CS_SOLVE_MAX_CROSSINGS; i++) {
        if ((ys[i] < level) == (ys[i + 1] < level)) continue;
        int rc = cs_solve_crossing(curve, xs[i], xs[i + 1], level, tol, &out->crossing[out->n_crossings]);
        if (rc) return rc;
        out->rising[out->n_crossings++] = ys[i] < level;
    }
    out->best_x = xs[best];
    out->best_y = ys[best];
    if (!(best > 0 && best + 1 < n && !out->monotone)) return CS_OK;
    int rc = cs_solve_maximum(curve, xs[best - 1], xs[best], xs[best + 1], tol, &out->best_x, &out->best_y);
    if (rc || !(out->best_y >= level) || ys[best] >= level) return rc;
    /* Only the refined maximum reaches the level: it crosses it on each side. */
    double around[2][2] = {{xs[best - 1], out->best_x}, {out->best_x, xs[best + 1]}};
    for (int side = 0; side < 2 && out->n_crossings < CS_SOLVE_MAX_CROSSINGS; side++) {
        rc = cs_solve_crossing(curve, around[side][0], around[side][1], level, tol, &out->crossing[out->n_crossings]);
        if (rc) return rc;
        out->rising[out->n_crossings++] = side == 0;
    }
    out->all_below = 0;
    return CS_OK;
}

/* A point just inside an open end of a range. */
static double inside(double end, double other) { return end + (other - end) * 1e-9; }

int cs_solve_search(cs_curve *curve, double x0, double scale, double range_lo, double range_hi, size_t grid,
                    double level, double tol, cs_solve_result *out)
{
    double lo = x0 - scale, hi = x0 + scale;
    if (!(lo > range_lo)) lo = inside(range_lo, range_hi);
    if (!(hi < range_hi)) hi = inside(range_hi, range_lo);
    int rc = cs_solve_target(curve, lo, hi, grid, level, tol, out);
    if (rc || out->n_crossings > 0 || out->monotone == 0) return rc;
    /* Monotone without a crossing: the level lies beyond one end. */
    int up = (out->monotone > 0) == (out->all_below != 0);
    double edge = up ? out->hi : out->lo, limit = up ? range_hi : range_lo, step = scale;
    double y_edge;
    if ((rc = cs_curve_at(curve, edge, &y_edge))) return rc;
    int unchanged = 0; /* expansions in a row where f did not move: it has levelled off */
    for (int expansion = 0; expansion < 12 && unchanged < 2; expansion++, step *= 2) {
        double next = up ? edge + step : edge - step, y;
        int at_limit = up ? !(next < limit) : !(next > limit);
        if (at_limit) next = inside(limit, edge);
        if (next == edge || !isfinite(next)) break;
        rc = cs_curve_at(curve, next, &y);
        if (rc == CS_ERR_INPUT) break; /* the end of what the parameter may take */
        if (rc) return rc;
        if (up) out->hi = next;
        else out->lo = next;
        if ((y < level) != (y_edge < level)) {
            rc = cs_solve_crossing(curve, edge, next, level, tol, &out->crossing[0]);
            if (rc) return rc;
            out->n_crossings = 1;
            out->rising[0] = up ? y >= level : y < level;
            out->all_above = out->all_below = 0;
            if (y > out->best_y) {
                out->best_x = next;
                out->best_y = y;
            }
            return CS_OK;
        }
        if (y > out->best_y) {
            out->best_x = next;
            out->best_y = y;
        }
        if ((up ? out->monotone > 0 : out->monotone < 0) ? y < y_edge : y > y_edge) out->monotone = 0;
        unchanged = y == y_edge ? unchanged + 1 : 0;
        edge = next;
        y_edge = y;
        if (at_limit) break;
    }
    return CS_OK;
}
