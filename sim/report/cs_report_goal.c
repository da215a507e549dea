/*
** cs_report_goal.c: sweeps, solves and the stress test as JSON, text and CSV.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_format.h"
#include "cs_output.h"
#include "cs_param_path.h"
#include "cs_report.h"
#include "cs_run_record.h"
#include "cs_words.h"

/* A number, or null when there is none (a value not found). */
static void add_number_or_null(cJSON *obj, const char *key, int present, double value)
{
    if (present) cJSON_AddNumberToObject(obj, key, value);
    else cJSON_AddNullToObject(obj, key);
}

static cJSON *pair(double a, double b)
{
    double values[2] = {a, b};
    return cJSON_CreateDoubleArray(values, 2);
}

static cJSON *goal_header(const cs_goal_context *context)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "plan", context->plan->id);
    cJSON_AddStringToObject(root, "plan_name", context->plan->name);
    cJSON_AddStringToObject(root, "scenario", context->scenario_id);
    if (context->parameter) cJSON_AddStringToObject(root, "parameter", context->parameter);
    cJSON_AddNumberToObject(root, "trials", (double)context->trials);
    cJSON_AddItemToObject(root, "seed", cs_json_uint64(context->seed));
    return root;
}

/* A parameter path's value for reading, formatted by the unit the
** parameter table gives its path (never guessed from the name). */
static void print_value(FILE *out, const cs_plan *plan, const char *parameter, double value, int width)
{
    cs_param_path path;
    cs_unit unit = cs_param_path_parse(&path, parameter, plan, NULL, NULL) == CS_OK ? cs_param_path_unit(&path)
                                                                                    : CS_UNIT_NUMBER;
    cs_print_padded(out, CS_UNIT(unit, value), width);
}

/* --- sweep ------------------------------------------------------------ */

/* The width of the sweep's first column: the parameter in plain words. */
#define SWEEP_VALUE_WIDTH 32

cJSON *cs_sweep_json(const cs_goal_context *context, const cs_sweep *sweep)
{
    cJSON *root = goal_header(context);
    cJSON *points = cJSON_AddArrayToObject(root, "points");
    for (size_t i = 0; i < sweep->n; i++) {
        const cs_sweep_point *point = &sweep->points[i];
        const cs_outcome *o = &point->outcome;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddNumberToObject(item, "value", point->value);
        cJSON_AddNumberToObject(item, "p_viable", o->p_viable);
        cJSON_AddItemToObject(item, "p_viable_ci", pair(o->p_viable_lo, o->p_viable_hi));
        cJSON_AddStringToObject(item, "verdict", cs_verdict_name(o->verdict));
        cJSON_AddBoolToObject(item, "verdict_borderline", o->verdict_borderline);
        cJSON_AddNumberToObject(item, "reserve_mean", o->reserve_mean);
        cJSON_AddNumberToObject(item, "reserve_p5", o->reserve_p5);
        cJSON_AddNumberToObject(item, "worst_p_deficit", o->worst_p_deficit);
        cJSON_AddNumberToObject(item, "worst_p_deficit_year", o->worst_year);
        cJSON_AddItemToArray(points, item);
    }
    return root;
}

void cs_sweep_text(FILE *out, const cs_goal_context *context, const cs_sweep *sweep)
{
    char label[160];
    cs_path_words(context->plan, context->parameter, label, sizeof label);
    fprintf(out, "%s (%s): P(viable) against %s, scenario %s\n", context->plan->name, context->plan->id, label,
            context->scenario_id);
    fprintf(out, "%zu trials at each value, seed %llu, common random numbers (every value meets the same luck)\n\n",
            context->trials, (unsigned long long)context->seed);
    cs_print_padded(out, label, -SWEEP_VALUE_WIDTH);
    fprintf(out, " %9s  %-15s %12s %12s  %-16s  %s\n", "P(viable)", "95% CI", "Reserve mean", "Reserve P5",
            "Worst P(deficit)", "Verdict");
    fprintf(out, "%-*s %9s  %-15s ", SWEEP_VALUE_WIDTH, "", "", "");
    cs_print_padded(out, "£m", 12);
    fputc(' ', out);
    cs_print_padded(out, "£m", 12);
    fputc('\n', out);
    for (size_t i = 0; i < sweep->n; i++) {
        const cs_outcome *o = &sweep->points[i].outcome;
        char interval[32], year[16], words[64], worst[48];
        snprintf(interval, sizeof interval, "%.1f%% to %.1f%%", 100 * o->p_viable_lo, 100 * o->p_viable_hi);
        cs_year_label(o->worst_year, year, sizeof year);
        cs_verdict_phrase(o->verdict, o->verdict_borderline, words, sizeof words);
        snprintf(worst, sizeof worst, "%.1f%% (%s)", 100 * o->worst_p_deficit, year);
        print_value(out, context->plan, context->parameter, sweep->points[i].value, -SWEEP_VALUE_WIDTH);
        fprintf(out, " %8.1f%%  %-15s %12.2f %12.2f  %-16s  %s\n", 100 * o->p_viable, interval, o->reserve_mean / 1e6,
                o->reserve_p5 / 1e6, worst, words);
    }
}

void cs_sweep_csv(FILE *out, const cs_goal_context *context, const cs_sweep *sweep)
{
    fputs("plan,scenario,parameter,value,p_viable,p_viable_lo,p_viable_hi,verdict,reserve_mean,reserve_p5,"
          "worst_p_deficit,worst_p_deficit_year,verdict_borderline\n", out);
    for (size_t i = 0; i < sweep->n; i++) {
        const cs_outcome *o = &sweep->points[i].outcome;
        cs_csv_field(out, context->plan->id);
        fputc(',', out);
        cs_csv_field(out, context->scenario_id);
        fputc(',', out);
        cs_csv_field(out, context->parameter);
        double figures[] = {sweep->points[i].value, o->p_viable, o->p_viable_lo, o->p_viable_hi};
        for (size_t k = 0; k < 4; k++) {
            fputc(',', out);
            cs_output_number(out, figures[k]);
        }
        fprintf(out, ",%s,", cs_verdict_name(o->verdict));
        cs_output_number(out, o->reserve_mean);
        fputc(',', out);
        cs_output_number(out, o->reserve_p5);
        fputc(',', out);
        cs_output_number(out, o->worst_p_deficit);
        fprintf(out, ",%d,%s\n", o->worst_year, o->verdict_borderline ? "true" : "false");
    }
}

/* --- solve ------------------------------------------------------------ */

cJSON *cs_goal_json(const cs_goal_context *context, const cs_goal *goal)
{
    cJSON *root = goal_header(context);
    cJSON_AddNumberToObject(root, "target", goal->target);
    add_number_or_null(root, "value", goal->found, goal->value);
    add_number_or_null(root, "p_viable_at_value", goal->found, goal->p_viable_at_value);
    cJSON_AddNumberToObject(root, "plan_value", goal->plan_value);
    cJSON_AddNumberToObject(root, "p_viable_at_plan_value", goal->p_viable_at_plan);
    cJSON_AddStringToObject(root, "shape", cs_curve_shape_name(goal->shape));
    if (goal->has_range) cJSON_AddItemToObject(root, "range", pair(goal->range_lo, goal->range_hi));
    else cJSON_AddNullToObject(root, "range");
    cJSON *best = cJSON_AddObjectToObject(root, "best");
    cJSON_AddNumberToObject(best, "value", goal->best_value);
    cJSON_AddNumberToObject(best, "p_viable", goal->best_p_viable);
    cJSON_AddItemToObject(root, "searched", pair(goal->search_lo, goal->search_hi));
    cJSON_AddNumberToObject(root, "runs", (double)goal->runs);
    return root;
}

void cs_goal_text(FILE *out, const cs_goal_context *context, const cs_goal *goal)
{
    const char *name = context->parameter;
    fprintf(out, "%s (%s): solving %s for P(viable) = %.1f%%, scenario %s\n", context->plan->name, context->plan->id,
            name, 100 * goal->target, context->scenario_id);
    fprintf(out, "%zu trials at each value, seed %llu, common random numbers; %zu runs used (at most %d)\n\n",
            context->trials, (unsigned long long)context->seed, goal->runs, CS_GOAL_MAX_RUNS);
    fputs("The plan's own value   ", out);
    print_value(out, context->plan, name, goal->plan_value, 0);
    fprintf(out, ": P(viable) %.1f%%\n", 100 * goal->p_viable_at_plan);
    const char *shape = cs_curve_shape_words(goal->shape);
    fprintf(out, "Searched from ");
    print_value(out, context->plan, name, goal->search_lo, 0);
    fputs(" to ", out);
    print_value(out, context->plan, name, goal->search_hi, 0);
    fprintf(out, "; P(viable) %s over this range.\n", shape);
    if (goal->found) {
        fputs("Solution               ", out);
        print_value(out, context->plan, name, goal->value, 0);
        fprintf(out, ": P(viable) %.1f%% (the nearest value to the plan's that reaches the target)\n",
                100 * goal->p_viable_at_value);
    } else fprintf(out, "Solution               none: no value searched crosses %.1f%%\n", 100 * goal->target);
    if (goal->has_range) {
        fputs("Values reaching it     ", out);
        print_value(out, context->plan, name, goal->range_lo, 0);
        fputs(" to ", out);
        print_value(out, context->plan, name, goal->range_hi, 0);
        int open_low = goal->range_lo == goal->search_lo, open_high = goal->range_hi == goal->search_hi;
        if (open_low || open_high)
            fprintf(out, " (%s the end of the search)", open_low && open_high ? "both ends are" : "one end is");
        fputc('\n', out);
    } else fprintf(out, "Values reaching it     none in the range searched\n");
    fputs("Best value             ", out);
    print_value(out, context->plan, name, goal->best_value, 0);
    fprintf(out, ": P(viable) %.1f%%\n", 100 * goal->best_p_viable);
}

void cs_goal_csv(FILE *out, const cs_goal_context *context, const cs_goal *goal)
{
    fputs("plan,scenario,parameter,target,value,p_viable_at_value,plan_value,p_viable_at_plan_value,range_lo,"
          "range_hi,best_value,best_p_viable,runs\n", out);
    cs_csv_field(out, context->plan->id);
    fputc(',', out);
    cs_csv_field(out, context->scenario_id);
    fputc(',', out);
    cs_csv_field(out, context->parameter);
    double figures[] = {goal->target, goal->value, goal->p_viable_at_value, goal->plan_value, goal->p_viable_at_plan,
                        goal->range_lo, goal->range_hi, goal->best_value, goal->best_p_viable};
    int present[] = {1, goal->found, goal->found, 1, 1, goal->has_range, goal->has_range, 1, 1};
    for (size_t k = 0; k < sizeof figures / sizeof figures[0]; k++) {
        fputc(',', out);
        if (present[k]) cs_output_number(out, figures[k]);
    }
    fprintf(out, ",%zu\n", goal->runs);
}

/* --- stress ------------------------------------------------------------ */

cJSON *cs_stress_json(const cs_goal_context *context, const cs_stress *stress)
{
    cJSON *root = goal_header(context);
    cJSON_AddNumberToObject(root, "p_viable", stress->p_viable);
    cJSON_AddNumberToObject(root, "rigorous_at", stress->rigorous_at);
    cJSON_AddNumberToObject(root, "low_level", CS_GOAL_STRESS_LEVEL);
    cJSON *drivers = cJSON_AddArrayToObject(root, "drivers");
    for (size_t i = 0; i < stress->n_drivers; i++) {
        const cs_stress_driver *d = &stress->drivers[i];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "parameter", d->parameter);
        cJSON_AddNumberToObject(item, "plan_value", d->plan_value);
        add_number_or_null(item, "at_rigorous", d->at_rigorous_found, d->at_rigorous);
        add_number_or_null(item, "at_0_2", d->at_low_found, d->at_low);
        cJSON_AddBoolToObject(item, "already_below_rigorous", d->below_rigorous);
        cJSON_AddBoolToObject(item, "already_below_0_2", d->below_low);
        cJSON_AddNumberToObject(item, "sd", d->sd);
        add_number_or_null(item, "move", isfinite(d->move), d->move);
        cJSON_AddStringToObject(item, "move_basis", d->basis);
        cJSON_AddNumberToObject(item, "runs", (double)d->runs);
        cJSON_AddItemToArray(drivers, item);
    }
    cJSON *subsidy = cJSON_AddObjectToObject(root, "subsidy");
    add_number_or_null(subsidy, "opening_reserve", stress->subsidy_found, stress->opening_reserve);
    cJSON_AddNumberToObject(subsidy, "plan_opening_reserve", stress->plan_opening_reserve);
    add_number_or_null(subsidy, "p_viable", stress->subsidy_found, stress->p_viable_at_subsidy);
    cJSON_AddNumberToObject(subsidy, "deficit_p90", stress->deficit_p90);
    cJSON_AddNumberToObject(root, "runs", (double)stress->runs);
    return root;
}

static void print_level(FILE *out, const cs_plan *plan, const cs_stress_driver *d, int found, int below, double at)
{
    if (below) cs_print_padded(out, "already below", 16);
    else if (!found) cs_print_padded(out, "not reached", 16);
    else print_value(out, plan, d->parameter, at, 16);
}

void cs_stress_text(FILE *out, const cs_goal_context *context, const cs_stress *stress)
{
    fprintf(out, "%s (%s): what would have to be true for this plan to fail (reverse stress test), scenario %s\n",
            context->plan->name, context->plan->id, context->scenario_id);
    fprintf(out, "%zu trials at each value, seed %llu, common random numbers; %zu runs\n\n", context->trials,
            (unsigned long long)context->seed, stress->runs);
    char rigorous[96];
    cs_threshold_words("rigorous_at", stress->rigorous_at, rigorous, sizeof rigorous);
    fprintf(out, "P(viable) at the plan's values: %.1f%%.  Each driver below is moved alone, the others held at the "
                 "plan's values,\nuntil P(viable) falls to the %s and to %.0f%%; drivers ranked by how "
                 "little they must move.\n\n",
            100 * stress->p_viable, rigorous, 100 * CS_GOAL_STRESS_LEVEL);
    fprintf(out, "%-34s %14s %16s %16s  %s\n", "Driver", "Plan value", "falls to", "falls to", "Move needed");
    char header[32];
    snprintf(header, sizeof header, "%.0f%% at", 100 * stress->rigorous_at);
    fprintf(out, "%-34s %14s %16s %16s\n", "", "", header, "20% at");
    for (size_t i = 0; i < stress->n_drivers; i++) {
        const cs_stress_driver *d = &stress->drivers[i];
        char label[160], move[64];
        cs_unit unit = cs_path_words(context->plan, d->parameter, label, sizeof label);
        cs_print_padded(out, label, -34);
        fputc(' ', out);
        print_value(out, context->plan, d->parameter, d->plan_value, 14);
        fputc(' ', out);
        print_level(out, context->plan, d, d->at_rigorous_found, d->below_rigorous, d->at_rigorous);
        fputc(' ', out);
        print_level(out, context->plan, d, d->at_low_found, d->below_low, d->at_low);
        cs_stress_move_words(d, unit, move, sizeof move);
        fprintf(out, "  %s\n", move);
    }
    fputs("\nSubsidy: ", out);
    if (stress->subsidy_found && stress->opening_reserve == stress->plan_opening_reserve)
        fprintf(out, "none needed: P(viable) already reaches the proceed threshold (%.0f%%).\n",
                100 * stress->proceed_at);
    else if (stress->subsidy_found)
        fprintf(out, "an opening reserve of £%.2fm (£%.2fm more than the plan's) lifts P(viable) to %.1f%%, "
                     "reaching the proceed threshold (%.0f%%).\n",
                stress->opening_reserve / 1e6, (stress->opening_reserve - stress->plan_opening_reserve) / 1e6,
                100 * stress->p_viable_at_subsidy, 100 * stress->proceed_at);
    else
        fprintf(out, "no opening reserve lifts P(viable) to the proceed threshold (%.0f%%): too many trials fail the margin "
                     "test, which no reserve changes.\n",
                100 * stress->proceed_at);
    fprintf(out, "Exposure: in 1 trial in 10 a sponsor would have to cover more than £%.2fm (P90 of the largest "
                 "shortfall of the reserve below zero).\n",
            stress->deficit_p90 / 1e6);
}

void cs_stress_csv(FILE *out, const cs_goal_context *context, const cs_stress *stress)
{
    fputs("plan,scenario,row,parameter,plan_value,at_rigorous,at_0_2,sd,move,move_basis,opening_reserve_needed,"
          "deficit_p90\n", out);
    for (size_t i = 0; i < stress->n_drivers; i++) {
        const cs_stress_driver *d = &stress->drivers[i];
        cs_csv_field(out, context->plan->id);
        fputc(',', out);
        cs_csv_field(out, context->scenario_id);
        fprintf(out, ",driver,%s,", d->parameter);
        cs_output_number(out, d->plan_value);
        fputc(',', out);
        if (d->at_rigorous_found) cs_output_number(out, d->at_rigorous);
        fputc(',', out);
        if (d->at_low_found) cs_output_number(out, d->at_low);
        fputc(',', out);
        cs_output_number(out, d->sd);
        fputc(',', out);
        if (isfinite(d->move)) cs_output_number(out, d->move);
        fprintf(out, ",%s,,\n", d->basis);
    }
    cs_csv_field(out, context->plan->id);
    fputc(',', out);
    cs_csv_field(out, context->scenario_id);
    fputs(",subsidy,opening_reserve,", out);
    cs_output_number(out, stress->plan_opening_reserve);
    fputs(",,,,,,", out);
    if (stress->subsidy_found) cs_output_number(out, stress->opening_reserve);
    fputc(',', out);
    cs_output_number(out, stress->deficit_p90);
    fputc('\n', out);
}
