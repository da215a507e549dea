/*
** cs_goal.c: solving for a target, the reverse stress test and the subsidy
** (see cs_goal.h).
*/
#include "cs_goal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_progress.h"

#define GRID 9

const char *const cs_stress_driver_keys[CS_GOAL_N_DRIVERS] = {
    "churn", "in_house_share", "price_realisation", "efficiency_delivery",
    "pay_inflation", "envelope_change", "price_elasticity", "staff_cost",
};

/* The range of values reaching the level that holds the best point: from the
** last rising crossing before it (or the search's start) to the first
** falling crossing after it (or the search's end). */
static void reaching_range(const cs_solve_result *r, double level, cs_goal *out)
{
    if (!(r->best_y >= level)) return;
    out->has_range = 1;
    out->range_lo = r->lo;
    out->range_hi = r->hi;
    for (size_t i = 0; i < r->n_crossings; i++) {
        if (r->rising[i] && r->crossing[i] <= r->best_x) out->range_lo = r->crossing[i];
        if (!r->rising[i] && r->crossing[i] >= r->best_x && r->crossing[i] < out->range_hi) out->range_hi = r->crossing[i];
    }
}

int cs_goal_solve(cs_vary *vary, double target, const double *from, const double *to, cs_goal *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    out->target = target;
    double x0, scale, lo, hi;
    cs_vary_search_space(vary, &x0, &scale, &lo, &hi);
    out->plan_value = x0;
    cs_curve curve;
    cs_curve_init(&curve, cs_vary_p_viable, vary, CS_GOAL_MAX_RUNS, err);
    cs_solve_result r;
    int rc = from && to ? cs_solve_target(&curve, *from, *to, GRID, target, CS_GOAL_TOLERANCE, &r)
                        : cs_solve_search(&curve, x0, scale, lo, hi, GRID, target, CS_GOAL_TOLERANCE, &r);
    if (!rc) rc = cs_curve_at(&curve, x0, &out->p_viable_at_plan);
    out->runs = curve.evaluations;
    if (rc) return rc;
    out->monotone = r.monotone;
    out->shape = cs_curve_shape_of(&curve, r.lo, r.hi);
    out->search_lo = r.lo;
    out->search_hi = r.hi;
    out->best_value = r.best_x;
    out->best_p_viable = r.best_y;
    for (size_t i = 0; i < r.n_crossings; i++)
        if (!out->found || fabs(r.crossing[i] - x0) < fabs(out->value - x0)) {
            out->found = 1;
            out->value = r.crossing[i];
        }
    if (out->found && (rc = cs_curve_at(&curve, out->value, &out->p_viable_at_value))) return rc;
    reaching_range(&r, target, out);
    out->runs = curve.evaluations;
    return CS_OK;
}

/* From the plan's value X0, the nearest crossing where P(viable) falls
** below LEVEL as the driver moves away from X0; 0 when there is none. */
static int falling_crossing(const cs_solve_result *r, double x0, double *at)
{
    int found = 0;
    for (size_t i = 0; i < r->n_crossings; i++) {
        double c = r->crossing[i];
        int away_and_falling = (c >= x0 && !r->rising[i]) || (c <= x0 && r->rising[i]);
        if (away_and_falling && (!found || fabs(c - x0) < fabs(*at - x0))) {
            *at = c;
            found = 1;
        }
    }
    return found;
}

static double move_of(const cs_stress_driver *driver, double at)
{
    double distance = fabs(at - driver->plan_value);
    if (driver->sd > 0) return distance / driver->sd;
    if (driver->plan_value != 0) return distance / fabs(driver->plan_value);
    return distance;
}

static int stress_one(const cs_plan *plan, const cs_run_options *options, const char *key, cs_stress_driver *driver,
                      cs_error *err)
{
    memset(driver, 0, sizeof *driver);
    cs_vary vary = {.base = plan, .options = *options};
    int rc = cs_param_path_location(&vary.path, cs_param_find(key), plan, err);
    if (rc) return rc;
    snprintf(driver->parameter, sizeof driver->parameter, "%s", vary.path.text);
    double x0, scale, lo, hi;
    cs_vary_search_space(&vary, &x0, &scale, &lo, &hi);
    driver->plan_value = x0;
    if (vary.path.kind != CS_PATH_NUMBER) driver->sd = cs_dist_sd(cs_param_dist((cs_plan *)plan, vary.path.param));
    driver->basis = driver->sd > 0 ? "sd" : x0 != 0 ? "relative" : "absolute";
    cs_curve curve;
    cs_curve_init(&curve, cs_vary_p_viable, &vary, CS_GOAL_MAX_RUNS, err);
    double p0, levels[2] = {plan->criteria.rigorous_at, CS_GOAL_STRESS_LEVEL};
    int *found[2] = {&driver->at_rigorous_found, &driver->at_low_found};
    int *below[2] = {&driver->below_rigorous, &driver->below_low};
    double *at[2] = {&driver->at_rigorous, &driver->at_low};
    rc = cs_curve_at(&curve, x0, &p0);
    for (int k = 0; k < 2 && !rc; k++) {
        if (p0 < levels[k]) {
            *below[k] = 1;
            continue;
        }
        cs_solve_result r;
        rc = cs_solve_search(&curve, x0, scale, lo, hi, GRID, levels[k], CS_GOAL_STRESS_TOLERANCE, &r);
        if (!rc) *found[k] = falling_crossing(&r, x0, at[k]);
    }
    driver->runs = curve.evaluations;
    if (rc) return rc;
    driver->move = driver->at_rigorous_found ? move_of(driver, driver->at_rigorous)
                 : driver->at_low_found ? move_of(driver, driver->at_low) : INFINITY;
    return CS_OK;
}

/* Moves in different units do not compare: drivers with a distribution
** first, by standard deviations; then fixed ones by relative change; then
** those at 0, in their own units; within each, by how little they must
** move; drivers that never reach either level last. */
static int basis_rank(const cs_stress_driver *d)
{
    if (!isfinite(d->move)) return 3;
    return strcmp(d->basis, "sd") == 0 ? 0 : strcmp(d->basis, "relative") == 0 ? 1 : 2;
}

static int compare_moves(const void *a, const void *b)
{
    const cs_stress_driver *x = a, *y = b;
    int rank_x = basis_rank(x), rank_y = basis_rank(y);
    if (rank_x != rank_y) return rank_x < rank_y ? -1 : 1;
    if (x->move != y->move && rank_x < 3) return x->move < y->move ? -1 : 1;
    return strcmp(x->parameter, y->parameter);
}

int cs_goal_stress(const cs_plan *plan, const cs_run_options *options, cs_stress *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    out->rigorous_at = plan->criteria.rigorous_at;
    out->proceed_at = plan->criteria.proceed_at;
    out->plan_opening_reserve = plan->opening_reserve;
    cs_progress progress;
    cs_progress_start(&progress, CS_GOAL_N_DRIVERS + 1);
    progress.enabled &= !options->quiet;
    int rc = CS_OK;
    for (size_t k = 0; k < CS_GOAL_N_DRIVERS && !rc; k++) {
        cs_progress_update(&progress, k, out->runs * options->trials, cs_key_label(cs_stress_driver_keys[k]));
        rc = stress_one(plan, options, cs_stress_driver_keys[k], &out->drivers[k], err);
        out->runs += out->drivers[k].runs;
        out->n_drivers = k + 1;
    }
    if (!rc) {
        cs_progress_update(&progress, CS_GOAL_N_DRIVERS, out->runs * options->trials, "the subsidy");
        cs_vary vary = {.base = plan, .options = *options};
        cs_outcome outcome;
        rc = cs_param_path_parse(&vary.path, "opening_reserve", plan, "opening_reserve", err);
        if (!rc) rc = cs_vary_outcome(&vary, plan->opening_reserve, 1, &outcome, err);
        if (!rc) {
            out->p_viable = outcome.p_viable;
            out->deficit_p90 = outcome.shortfall_p90;
            out->runs++;
            if (outcome.p_viable >= plan->criteria.proceed_at) {
                out->subsidy_found = 1;
                out->opening_reserve = plan->opening_reserve;
                out->p_viable_at_subsidy = outcome.p_viable;
            } else {
                cs_goal goal;
                rc = cs_goal_solve(&vary, plan->criteria.proceed_at, NULL, NULL, &goal, err);
                out->runs += goal.runs;
                if (!rc && goal.found && goal.value > plan->opening_reserve) {
                    out->subsidy_found = 1;
                    out->opening_reserve = goal.value;
                    out->p_viable_at_subsidy = goal.p_viable_at_value;
                }
            }
        }
    }
    cs_progress_update(&progress, CS_GOAL_N_DRIVERS + 1, out->runs * options->trials, "");
    cs_progress_finish(&progress);
    if (!rc) qsort(out->drivers, out->n_drivers, sizeof out->drivers[0], compare_moves);
    return rc;
}
