/*
** cs_goal.c: solving for a target, the reverse stress test and the subsidy
** (see cs_goal.h).
*/
#include "cs_goal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_progress.h"

#define SOLVE_GRID 17 /* the coarse scan of solve */
#define STRESS_GRID 9 /* ... of each driver of the stress test */

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

/* One more full run at VALUE, unless an earlier check was at it. */
static int check_value(cs_vary *vary, double value, cs_goal *out, cs_error *err)
{
    for (size_t i = 0; i < out->n_checks; i++)
        if (out->check[i].value == value) return CS_OK;
    cs_outcome outcome;
    int rc = cs_vary_outcome(vary, value, 0, &outcome, err);
    if (rc) return rc;
    out->runs++;
    out->check[out->n_checks++] = (cs_goal_check){value, outcome.p_viable, outcome.p_viable_lo, outcome.p_viable_hi,
                                                  outcome.p_viable >= out->target};
    return CS_OK;
}

int cs_goal_solve_within(cs_vary *vary, double target, const double *from, const double *to, size_t budget,
                         cs_goal *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    out->target = target;
    out->budget = budget ? budget : CS_GOAL_MAX_RUNS;
    double x0, scale, lo, hi;
    cs_vary_search_space(vary, &x0, &scale, &lo, &hi);
    out->plan_value = x0;
    cs_curve curve;
    cs_curve_init(&curve, cs_vary_p_viable, vary, out->budget, err);
    int rc = cs_curve_at(&curve, x0, &out->p_viable_at_plan);
    if (rc) return rc;
    cs_solve_result r;
    rc = from && to ? cs_solve_target(&curve, *from, *to, SOLVE_GRID, target, CS_GOAL_TOLERANCE, &r)
                    : cs_solve_search(&curve, x0, scale, lo, hi, SOLVE_GRID, target, CS_GOAL_TOLERANCE, &r);
    out->runs = curve.evaluations;
    if (rc) return rc;
    out->status = r.status;
    out->open_lo = r.open_lo;
    out->open_hi = r.open_hi;
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
    if (r.status != CS_SOLVE_BUDGET) reaching_range(&r, target, out);
    out->runs = curve.evaluations;
    if (out->found && (rc = check_value(vary, out->value, out, err))) return rc;
    if (out->has_range && (rc = check_value(vary, out->range_lo, out, err))) return rc;
    if (out->has_range && (rc = check_value(vary, out->range_hi, out, err))) return rc;
    return CS_OK;
}

int cs_goal_solve(cs_vary *vary, double target, const double *from, const double *to, cs_goal *out, cs_error *err)
{
    return cs_goal_solve_within(vary, target, from, to, 0, out, err);
}

/* From the plan's value X0, the nearest crossing where P(viable) falls
** below LEVEL (RISES 0) or rises to it (RISES 1) as the driver moves away
** from X0; 0 when there is none. */
static int crossing_away(const cs_solve_result *r, double x0, int rises, double *at)
{
    int found = 0;
    for (size_t i = 0; i < r->n_crossings; i++) {
        double c = r->crossing[i];
        int upward = (c >= x0 && r->rising[i]) || (c <= x0 && !r->rising[i]);
        if (upward == rises && (!found || fabs(c - x0) < fabs(*at - x0))) {
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

/* The four levels of one driver: falls to rigorous_at and to the low
** level (a plan above them), rises to rigorous_at and to proceed_at (one
** below them). */
typedef struct stress_level {
    double level;
    int rises;
    int *found, *beyond;        /* beyond: the plan is already on the far side */
    double *at;
    cs_solve_status *status;    /* NULL: not kept */
} stress_level;

static int stress_one(const cs_plan *plan, const cs_run_options *options, const char *key, cs_stress_driver *driver,
                      cs_error *err)
{
    memset(driver, 0, sizeof *driver);
    cs_vary vary = {.base = plan, .options = *options};
    int rc = cs_param_path_location(&vary.path, cs_param_find(key), plan, err);
    if (rc) return rc;
    snprintf(driver->parameter, sizeof driver->parameter, "%s", vary.path.text);
    snprintf(driver->label, sizeof driver->label, "%s", vary.path.param->label); /* the driver: its location moves */
    driver->unit = cs_param_path_unit(&vary.path);
    double x0, scale, lo, hi;
    cs_vary_search_space(&vary, &x0, &scale, &lo, &hi);
    driver->plan_value = x0;
    if (vary.path.kind != CS_PATH_NUMBER) driver->sd = cs_dist_sd(cs_param_dist((cs_plan *)plan, vary.path.param));
    driver->basis = driver->sd > 0 ? "sd" : x0 != 0 ? "relative" : "absolute";
    cs_curve curve;
    cs_curve_init(&curve, cs_vary_p_viable, &vary, CS_GOAL_STRESS_RUNS, err);
    const stress_level levels[] = {
        {plan->criteria.rigorous_at, 0, &driver->at_rigorous_found, &driver->below_rigorous, &driver->at_rigorous, NULL},
        {CS_GOAL_STRESS_LEVEL, 0, &driver->at_low_found, &driver->below_low, &driver->at_low, NULL},
        {plan->criteria.rigorous_at, 1, &driver->to_rigorous_found, &driver->above_rigorous, &driver->to_rigorous,
         &driver->to_rigorous_status},
        {plan->criteria.proceed_at, 1, &driver->to_proceed_found, &driver->above_proceed, &driver->to_proceed,
         &driver->to_proceed_status},
    };
    double p0;
    rc = cs_curve_at(&curve, x0, &p0);
    for (size_t k = 0; k < sizeof levels / sizeof levels[0] && !rc; k++) {
        const stress_level *l = &levels[k];
        if (l->rises ? p0 >= l->level : p0 < l->level) {
            *l->beyond = 1;
            if (l->status) *l->status = CS_SOLVE_SOLVED;
            continue;
        }
        cs_solve_result r;
        rc = cs_solve_search(&curve, x0, scale, lo, hi, STRESS_GRID, l->level, CS_GOAL_STRESS_TOLERANCE, &r);
        if (rc) break;
        *l->found = crossing_away(&r, x0, l->rises, l->at);
        if (l->status) *l->status = *l->found ? CS_SOLVE_SOLVED : r.status;
    }
    driver->runs = curve.evaluations;
    if (rc) return rc;
    driver->move = driver->at_rigorous_found ? move_of(driver, driver->at_rigorous)
                 : driver->at_low_found ? move_of(driver, driver->at_low) : INFINITY;
    driver->move_up = driver->to_rigorous_found ? move_of(driver, driver->to_rigorous)
                    : !driver->above_rigorous ? INFINITY
                    : driver->to_proceed_found ? move_of(driver, driver->to_proceed) : INFINITY;
    return CS_OK;
}

/* Moves in different units do not compare: drivers with a distribution
** first, by standard deviations; then fixed ones by relative change; then
** those at 0, in their own units; within each, by how little they must
** move (to the next verdict up for a plan below proceed_at, else down);
** drivers that never reach the level last. */
static int basis_rank(const cs_stress_driver *d)
{
    if (!isfinite(d->ranking)) return 3;
    return strcmp(d->basis, "sd") == 0 ? 0 : strcmp(d->basis, "relative") == 0 ? 1 : 2;
}

static int compare_moves(const void *a, const void *b)
{
    const cs_stress_driver *x = a, *y = b;
    int rank_x = basis_rank(x), rank_y = basis_rank(y);
    if (rank_x != rank_y) return rank_x < rank_y ? -1 : 1;
    if (x->ranking != y->ranking && rank_x < 3) return x->ranking < y->ranking ? -1 : 1;
    return strcmp(x->parameter, y->parameter);
}

/* The opening reserve above the plan's that lifts P(viable) to LEVEL. */
static int reserve_for(cs_vary *vary, double level, int *found, double *reserve, double *p_viable, size_t *runs,
                       cs_error *err)
{
    cs_goal goal;
    int rc = cs_goal_solve_within(vary, level, NULL, NULL, CS_GOAL_STRESS_RUNS, &goal, err);
    *runs += goal.runs;
    if (!rc && goal.found && goal.value > vary->base->opening_reserve) {
        *found = 1;
        *reserve = goal.value;
        *p_viable = goal.p_viable_at_value;
    }
    return rc;
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
            } else
                rc = reserve_for(&vary, plan->criteria.proceed_at, &out->subsidy_found, &out->opening_reserve,
                                 &out->p_viable_at_subsidy, &out->runs, err);
            if (!rc && outcome.p_viable < plan->criteria.rigorous_at)
                rc = reserve_for(&vary, plan->criteria.rigorous_at, &out->reserve_to_rigorous_found,
                                 &out->reserve_to_rigorous, &out->p_viable_at_reserve_to_rigorous, &out->runs, err);
        }
    }
    cs_progress_update(&progress, CS_GOAL_N_DRIVERS + 1, out->runs * options->trials, "");
    cs_progress_finish(&progress);
    for (size_t k = 0; k < out->n_drivers; k++)
        out->drivers[k].ranking = out->p_viable < out->proceed_at ? out->drivers[k].move_up : out->drivers[k].move;
    if (!rc) qsort(out->drivers, out->n_drivers, sizeof out->drivers[0], compare_moves);
    return rc;
}
