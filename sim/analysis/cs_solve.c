/*
** cs_solve.c: crossings and maxima of a costly staircase (see cs_solve.h).
*/
#include "cs_solve.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITERATIONS 100
#define PROBES 12      /* halvings toward an edge of the domain */
#define ZOOMS 12       /* halvings of the bracket around an interior maximum */
#define EXPANSIONS 12  /* doublings of the search interval */
#define LEVEL_OFFSET 1e-9 /* far below one trial's step in P(viable) */

const char *cs_solve_status_name(cs_solve_status status)
{
    switch (status) {
    case CS_SOLVE_SOLVED: return "solved";
    case CS_SOLVE_UNREACHABLE: return "unreachable";
    case CS_SOLVE_BUDGET: return "budget";
    }
    return "?";
}

void cs_curve_init(cs_curve *curve, cs_curve_fn fn, void *context, size_t budget, cs_error *err)
{
    memset(curve, 0, sizeof *curve);
    curve->fn = fn;
    curve->context = context;
    curve->budget = budget;
    curve->err = err;
    curve->open_lo = curve->open_hi = NAN;
}

int cs_curve_at(cs_curve *curve, double x, double *y)
{
    for (size_t i = 0; i < curve->n_points; i++)
        if (curve->x[i] == x) {
            *y = curve->y[i];
            return isnan(*y) ? CS_ERR_INPUT : CS_OK;
        }
    if (curve->failed) return CS_ERR_FAIL;
    if (curve->evaluations >= curve->budget || curve->n_points >= CS_CURVE_MAX_POINTS) {
        curve->exhausted = 1;
        return cs_error_fail(curve->err, NULL, "the search needs more than its budget of %zu runs", curve->budget);
    }
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

/* 1 when RC is the budget running out (the search stops and says so). */
static int spent(const cs_curve *curve, int rc) { return rc == CS_ERR_FAIL && curve->exhausted && !curve->failed; }

typedef struct level_function {
    cs_curve *curve;
    double level;
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
    /* Never zero: y == level counts as reaching it, so Brent keeps
    ** narrowing instead of stopping at the first point exactly on it. */
    return y >= f->level ? y - f->level + LEVEL_OFFSET : y - f->level;
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
    level_function f = {curve, level, CS_OK};
    gsl_function function = {shifted, &f};
    gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!solver) return cs_error_fail(curve->err, NULL, "out of memory");
    double lo = a < b ? a : b, hi = a < b ? b : a;
    curve->open_lo = lo;
    curve->open_hi = hi;
    gsl_root_fsolver_set(solver, &function, lo, hi);
    int converged = 0;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
        double scale = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
        if (gsl_root_test_interval(lo, hi, tol * scale, 0) == GSL_SUCCESS) { /* width < tol |x| */
            converged = 1;
            break;
        }
        if (!affordable(curve)) break;
        if (gsl_root_fsolver_iterate(solver) != GSL_SUCCESS || f.rc) break;
        lo = gsl_root_fsolver_x_lower(solver);
        hi = gsl_root_fsolver_x_upper(solver);
        curve->open_lo = lo;
        curve->open_hi = hi;
    }
    gsl_root_fsolver_free(solver);
    if (f.rc) return f.rc;
    if (!converged) {
        if (!affordable(curve)) curve->exhausted = !curve->failed;
        return cs_error_fail(curve->err, NULL, "the crossing near %s is still open after %zu runs", CS_NUM(lo),
                             curve->evaluations);
    }
    /* The solver keeps a bracket whose ends it has evaluated and that still
    ** straddles the level: answer with the end that reaches it. */
    double y_lo, y_hi;
    if ((rc = cs_curve_at(curve, lo, &y_lo)) || (rc = cs_curve_at(curve, hi, &y_hi))) return rc;
    int rising = (a < b ? ya : yb) < level; /* f below the level at the left end */
    *x = rising ? hi : lo;
    if (rising && !(y_hi >= level) && y_lo >= level) *x = lo;
    if (!rising && !(y_lo >= level) && y_hi >= level) *x = hi;
    return CS_OK;
}

int cs_curve_point_by_x(const void *a, const void *b)
{
    double x = ((const cs_curve_point *)a)->x, y = ((const cs_curve_point *)b)->x;
    return (x > y) - (x < y);
}

/* The valid points evaluated in [LO, HI], sorted by x, into POINTS
** (CS_CURVE_MAX_POINTS long); their number. */

static size_t valid_points(const cs_curve *curve, double lo, double hi, cs_curve_point *points)
{
    size_t n = 0;
    for (size_t i = 0; i < curve->n_points; i++)
        if (!isnan(curve->y[i]) && curve->x[i] >= lo && curve->x[i] <= hi)
            points[n++] = (cs_curve_point){curve->x[i], curve->y[i]};
    qsort(points, n, sizeof *points, cs_curve_point_by_x);
    return n;
}

/* BAD lies outside the domain and GOOD inside: bisect toward BAD for the
** valid values nearest the edge, stopping once one of them is on the other
** side of LEVEL from GOOD (a crossing is bracketed) or the gap is within
** TOL of GOOD. */
static int probe_inward(cs_curve *curve, double bad, double good, double level, double tol)
{
    double y_good;
    int rc = cs_curve_at(curve, good, &y_good);
    if (rc) return rc;
    int side = y_good >= level;
    for (int probe = 0; probe < PROBES; probe++) {
        double mid = good + (bad - good) / 2, y;
        if (mid == good || mid == bad || fabs(bad - good) <= tol * fabs(good)) break;
        rc = cs_curve_at(curve, mid, &y);
        if (rc == CS_ERR_INPUT) {
            bad = mid;
            continue;
        }
        if (rc) return rc;
        good = mid;
        if ((y >= level) != side) break;
    }
    return CS_OK;
}

/* Step 1: GRID points on [LO, HI], then probing inward from each end that
** lies outside the domain. */
static int scan(cs_curve *curve, double lo, double hi, size_t grid, double level, double tol)
{
    if (grid < 2) grid = 2;
    double first_valid = NAN, last_valid = NAN, first_bad = NAN, last_bad = NAN;
    for (size_t i = 0; i < grid; i++) {
        double x = i + 1 == grid ? hi : lo + (hi - lo) * (double)i / (double)(grid - 1), y;
        int rc = cs_curve_at(curve, x, &y);
        if (rc && rc != CS_ERR_INPUT) return rc;
        if (rc == CS_ERR_INPUT) {
            if (isnan(first_valid)) first_bad = x;
            else if (isnan(last_bad)) last_bad = x;
            continue;
        }
        if (isnan(first_valid)) first_valid = x;
        if (isnan(last_bad)) last_valid = x; /* valid points up to the first invalid one after them */
    }
    if (isnan(first_valid))
        return cs_error_input(curve->err, NULL, NULL, "the parameter takes no valid value in [%s, %s]", CS_NUM(lo),
                              CS_NUM(hi));
    int rc = CS_OK;
    if (!isnan(first_bad)) rc = probe_inward(curve, first_bad, first_valid, level, tol);
    if (!rc && !isnan(last_bad)) rc = probe_inward(curve, last_bad, last_valid, level, tol);
    return rc;
}

/* Shape and extremes of the valid points in [out->lo, out->hi]. */
static void describe(const cs_curve *curve, double level, cs_solve_result *out, cs_curve_point *points)
{
    size_t n = valid_points(curve, out->lo, out->hi, points);
    int rising = 1, falling = 1;
    out->all_above = out->all_below = 1;
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            rising &= points[i].y >= points[i - 1].y;
            falling &= points[i].y <= points[i - 1].y;
        }
        if (points[i].y > points[best].y) best = i;
        out->all_above &= points[i].y >= level;
        out->all_below &= points[i].y < level;
    }
    out->monotone = rising ? 1 : falling ? -1 : 0;
    if (n == 0) return;
    out->best_x = points[best].x;
    out->best_y = points[best].y;
}

/* Step 2: grow the interval on the side where the level lies while f is
** monotone short of it. */
static int expand(cs_curve *curve, double range_lo, double range_hi, double scale, double level, double tol,
                  cs_solve_result *out, cs_curve_point *points)
{
    int up = (out->monotone > 0) == (out->all_below != 0);
    double edge = up ? out->hi : out->lo, limit = up ? range_hi : range_lo, step = scale, y_edge;
    int rc = cs_curve_at(curve, edge, &y_edge);
    if (rc) return rc;
    int unchanged = 0; /* expansions in a row where f did not move: it has levelled off */
    for (int expansion = 0; expansion < EXPANSIONS && unchanged < 2; expansion++, step *= 2) {
        double next = up ? edge + step : edge - step, y;
        int at_limit = up ? !(next < limit) : !(next > limit);
        if (at_limit) next = limit + (edge - limit) * 1e-9; /* just inside an open end */
        if (next == edge || !isfinite(next)) break;
        curve->open_lo = up ? edge : next;
        curve->open_hi = up ? next : edge;
        rc = cs_curve_at(curve, next, &y);
        if (rc == CS_ERR_INPUT) { /* the end of what the parameter may take: the values just inside it */
            rc = probe_inward(curve, next, edge, level, tol);
            if (rc) return rc;
            size_t n = valid_points(curve, up ? edge : -INFINITY, up ? INFINITY : edge, points);
            if (n > 0) {
                if (up) out->hi = points[n - 1].x;
                else out->lo = points[0].x;
            }
            break;
        }
        if (rc) return rc;
        if (up) out->hi = next;
        else out->lo = next;
        if ((y < level) != (y_edge < level) || at_limit) break;
        unchanged = y == y_edge ? unchanged + 1 : 0;
        edge = next;
        y_edge = y;
    }
    return CS_OK;
}

/* Step 3: where nothing reaches the level and the best cs_curve_point is inside,
** halve its bracket until a cs_curve_point reaches the level, or it is TOL wide, or
** two rounds in a row find nothing higher (the peak is plainly short of
** the level: the staircase does not jump). */
static int zoom(cs_curve *curve, double level, double tol, cs_solve_result *out, cs_curve_point *points)
{
    double highest = -INFINITY;
    for (int round = 0, unchanged = 0; round < ZOOMS && unchanged < 2; round++) {
        size_t n = valid_points(curve, out->lo, out->hi, points), best = 0;
        for (size_t i = 0; i < n; i++)
            if (points[i].y > points[best].y) best = i;
        if (n < 3 || points[best].y >= level || best == 0 || best + 1 == n) return CS_OK;
        unchanged = points[best].y > highest ? 0 : unchanged + 1;
        if (points[best].y > highest) highest = points[best].y;
        double a = points[best - 1].x, m = points[best].x, b = points[best + 1].x, y;
        curve->open_lo = a;
        curve->open_hi = b;
        if (b - a <= tol * fabs(m)) return CS_OK;
        int rc = cs_curve_at(curve, (a + m) / 2, &y);
        if (!rc) rc = cs_curve_at(curve, (m + b) / 2, &y);
        if (rc) return rc;
    }
    return CS_OK;
}

/* Step 4: refine every crossing between neighbouring points. */
static int crossings(cs_curve *curve, double level, double tol, cs_solve_result *out, cs_curve_point *points)
{
    size_t n = valid_points(curve, out->lo, out->hi, points);
    cs_curve_point *neighbours = malloc((n ? n : 1) * sizeof *neighbours); /* refining adds points: keep these */
    if (!neighbours) return cs_error_fail(curve->err, NULL, "out of memory");
    memcpy(neighbours, points, n * sizeof *points);
    int rc = CS_OK;
    out->n_crossings = 0;
    for (size_t i = 0; i + 1 < n && out->n_crossings < CS_SOLVE_MAX_CROSSINGS && !rc; i++) {
        if ((neighbours[i].y < level) == (neighbours[i + 1].y < level)) continue;
        rc = cs_solve_crossing(curve, neighbours[i].x, neighbours[i + 1].x, level, tol,
                               &out->crossing[out->n_crossings]);
        if (!rc) out->rising[out->n_crossings++] = neighbours[i].y < level;
    }
    free(neighbours);
    return rc;
}

/* Steps 3 and 4, the shape and the status. */
static int finish(cs_curve *curve, double level, double tol, cs_solve_result *out, cs_curve_point *points)
{
    describe(curve, level, out, points); /* the shape from the coarse points */
    int monotone = out->monotone;
    int rc = out->all_below && !monotone ? zoom(curve, level, tol, out, points) : CS_OK;
    if (!rc) rc = crossings(curve, level, tol, out, points);
    if (rc && !spent(curve, rc)) return rc;
    size_t n_crossings = out->n_crossings;
    describe(curve, level, out, points);
    out->monotone = monotone;
    out->n_crossings = n_crossings;
    if (rc) {
        out->status = CS_SOLVE_BUDGET;
        out->open_lo = curve->open_lo;
        out->open_hi = curve->open_hi;
    } else out->status = out->best_y >= level ? CS_SOLVE_SOLVED : CS_SOLVE_UNREACHABLE;
    return CS_OK;
}

/* The search's scratch: as many points as the curve holds. */
static cs_curve_point *scratch(cs_curve *curve)
{
    cs_curve_point *points = malloc(CS_CURVE_MAX_POINTS * sizeof *points);
    if (!points) cs_error_fail(curve->err, NULL, "out of memory");
    return points;
}

/* Where a search ran out of budget before its first scan was done. */
static int spent_early(cs_curve *curve, double lo, double hi, cs_solve_result *out)
{
    out->status = CS_SOLVE_BUDGET;
    out->lo = lo;
    out->hi = hi;
    out->open_lo = lo;
    out->open_hi = hi;
    out->best_x = NAN;
    out->best_y = NAN;
    for (size_t i = 0; i < curve->n_points; i++)
        if (!isnan(curve->y[i]) && curve->x[i] >= lo && curve->x[i] <= hi && !(curve->y[i] <= out->best_y)) {
            out->best_x = curve->x[i];
            out->best_y = curve->y[i];
        }
    return CS_OK;
}

/* Step 1 on [LO, HI], and the valid interval it found into out->lo, hi;
** *DONE when the budget ran out during it (out says so). */
static int start(cs_curve *curve, double lo, double hi, size_t grid, double level, double tol, cs_solve_result *out,
                 cs_curve_point *points, int *done)
{
    memset(out, 0, sizeof *out);
    *done = 0;
    int rc = scan(curve, lo, hi, grid, level, tol);
    if (rc) {
        *done = spent(curve, rc);
        return *done ? spent_early(curve, lo, hi, out) : rc;
    }
    size_t n = valid_points(curve, lo, hi, points);
    out->lo = points[0].x;
    out->hi = points[n - 1].x;
    return CS_OK;
}

int cs_solve_target(cs_curve *curve, double lo, double hi, size_t grid, double level, double tol,
                    cs_solve_result *out)
{
    cs_curve_point *points = scratch(curve);
    if (!points) return CS_ERR_FAIL;
    int done, rc = start(curve, lo, hi, grid, level, tol, out, points, &done);
    if (!rc && !done) rc = finish(curve, level, tol, out, points);
    free(points);
    return rc;
}

int cs_solve_search(cs_curve *curve, double x0, double scale, double range_lo, double range_hi, size_t grid,
                    double level, double tol, cs_solve_result *out)
{
    double lo = x0 - scale, hi = x0 + scale;
    if (!(lo > range_lo)) lo = range_lo + (range_hi - range_lo) * 1e-9;
    if (!(hi < range_hi)) hi = range_hi - (range_hi - range_lo) * 1e-9;
    if (!isfinite(lo)) lo = x0 - scale;
    if (!isfinite(hi)) hi = x0 + scale;
    cs_curve_point *points = scratch(curve);
    if (!points) return CS_ERR_FAIL;
    int done, rc = start(curve, lo, hi, grid, level, tol, out, points, &done);
    if (rc || done) {
        free(points);
        return rc;
    }
    describe(curve, level, out, points);
    if (out->monotone != 0 && (out->all_above || out->all_below)) {
        rc = expand(curve, range_lo, range_hi, scale, level, tol, out, points);
        if (rc && spent(curve, rc)) {
            describe(curve, level, out, points);
            out->status = CS_SOLVE_BUDGET;
            out->open_lo = curve->open_lo;
            out->open_hi = curve->open_hi;
            free(points);
            return CS_OK;
        }
        if (rc) {
            free(points);
            return rc;
        }
    }
    rc = finish(curve, level, tol, out, points);
    free(points);
    return rc;
}
