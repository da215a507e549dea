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

/* A value solve found, with the digits the search resolved: shares and
** rates to 0.001 of a point, multipliers to 5 significant figures, money
** as money, other numbers to 6. */
static void print_solved(FILE *out, const cs_plan *plan, const char *parameter, double value)
{
    cs_param_path path;
    cs_unit unit = cs_param_path_parse(&path, parameter, plan, NULL, NULL) == CS_OK ? cs_param_path_unit(&path)
                                                                                    : CS_UNIT_NUMBER;
    char text[CS_FORMAT_MAX];
    switch (unit) {
    case CS_UNIT_SHARE:
    case CS_UNIT_RATE: cs_format_share(text, sizeof text, value, 3, 0); break;
    case CS_UNIT_MULTIPLIER: snprintf(text, sizeof text, "×%s%.5g", value < 0 ? CS_MINUS : "", fabs(value)); break;
    case CS_UNIT_NUMBER: snprintf(text, sizeof text, "%s%.6g", value < 0 ? CS_MINUS : "", fabs(value)); break;
    default: cs_format_unit(text, sizeof text, unit, value); break;
    }
    fputs(text, out);
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
    for (size_t i = 0; i < sweep->n; i++) {
        const cs_outcome *o = &sweep->points[i].outcome;
        char interval[32], year[16], words[64], worst[48];
        snprintf(interval, sizeof interval, "%.1f%% to %.1f%%", 100 * o->p_viable_lo, 100 * o->p_viable_hi);
        cs_year_label(o->worst_year, year, sizeof year);
        cs_verdict_phrase(o->verdict, o->verdict_borderline, words, sizeof words);
        snprintf(worst, sizeof worst, "%.1f%% (%s)", 100 * o->worst_p_deficit, year);
        print_value(out, context->plan, context->parameter, sweep->points[i].value, -SWEEP_VALUE_WIDTH);
        fprintf(out, " %8.1f%%  %-15s ", 100 * o->p_viable, interval);
        cs_print_padded(out, CS_MONEY(o->reserve_mean), 12);
        fputc(' ', out);
        cs_print_padded(out, CS_MONEY(o->reserve_p5), 12);
        fprintf(out, "  %-16s  %s\n", worst, words);
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
    cJSON_AddStringToObject(root, "status", cs_solve_status_name(goal->status));
    if (goal->status == CS_SOLVE_BUDGET) cJSON_AddItemToObject(root, "bracket", pair(goal->open_lo, goal->open_hi));
    else cJSON_AddNullToObject(root, "bracket");
    cJSON *checks = cJSON_AddArrayToObject(root, "checks");
    for (size_t i = 0; i < goal->n_checks; i++) {
        const cs_goal_check *check = &goal->check[i];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddNumberToObject(item, "value", check->value);
        cJSON_AddNumberToObject(item, "p_viable", check->p_viable);
        cJSON_AddItemToObject(item, "p_viable_ci", pair(check->p_viable_lo, check->p_viable_hi));
        cJSON_AddBoolToObject(item, "reaches_target", check->reaches);
        cJSON_AddItemToArray(checks, item);
    }
    cJSON_AddNumberToObject(root, "budget", (double)goal->budget);
    cJSON_AddNumberToObject(root, "runs", (double)goal->runs);
    return root;
}

void cs_goal_text(FILE *out, const cs_goal_context *context, const cs_goal *goal)
{
    const char *name = context->parameter;
    fprintf(out, "%s (%s): solving %s for P(viable) = %.1f%%, scenario %s\n", context->plan->name, context->plan->id,
            name, 100 * goal->target, context->scenario_id);
    fprintf(out, "%zu trials at each value, seed %llu, common random numbers; %zu runs used (the search at most %zu, "
                 "then one to check each value returned)\n\n",
            context->trials, (unsigned long long)context->seed, goal->runs, goal->budget);
    fputs("The plan's own value   ", out);
    print_value(out, context->plan, name, goal->plan_value, 0);
    fprintf(out, ": P(viable) %.1f%%\n", 100 * goal->p_viable_at_plan);
    const char *shape = cs_curve_shape_words(goal->shape);
    fprintf(out, "Searched from ");
    print_solved(out, context->plan, name, goal->search_lo);
    fputs(" to ", out);
    print_solved(out, context->plan, name, goal->search_hi);
    fprintf(out, "; P(viable) %s over this range.\n", shape);
    if (goal->status == CS_SOLVE_BUDGET && !goal->found)
        fputs("Solution               not found before the budget ran out (below)\n", out);
    else if (goal->found) {
        fputs("Solution               ", out);
        print_solved(out, context->plan, name, goal->value);
        fprintf(out, ": P(viable) %.1f%% (the nearest value to the plan's that reaches the target)\n",
                100 * goal->p_viable_at_value);
    } else fprintf(out, "Solution               none: no value searched crosses %.1f%%\n", 100 * goal->target);
    if (goal->has_range) {
        fputs("Values reaching it     ", out);
        print_solved(out, context->plan, name, goal->range_lo);
        fputs(" to ", out);
        print_solved(out, context->plan, name, goal->range_hi);
        int open_low = goal->range_lo == goal->search_lo, open_high = goal->range_hi == goal->search_hi;
        if (open_low || open_high)
            fprintf(out, " (%s the end of the search)", open_low && open_high ? "both ends are" : "one end is");
        fputc('\n', out);
    } else if (goal->status == CS_SOLVE_BUDGET)
        fputs("Values reaching it     not known: the search did not finish\n", out);
    else fprintf(out, "Values reaching it     none in the range searched\n");
    fputs("Best value             ", out);
    print_solved(out, context->plan, name, goal->best_value);
    fprintf(out, ": P(viable) %.1f%%\n", 100 * goal->best_p_viable);
    if (goal->status == CS_SOLVE_BUDGET) {
        fprintf(out, "Not finished           the budget of %zu runs ran out with the answer still between ", goal->budget);
        print_solved(out, context->plan, name, goal->open_lo);
        fputs(" and ", out);
        print_solved(out, context->plan, name, goal->open_hi);
        fputs(";\n                       what is shown above is what was found so far, not an answer.  Give a larger "
              "--budget\n                       or a narrower --from/--to.\n",
              out);
    } else if (goal->status == CS_SOLVE_UNREACHABLE)
        fprintf(out, "Unreachable            no value this search tried reaches %.1f%%\n", 100 * goal->target);
    for (size_t i = 0; i < goal->n_checks; i++) {
        const cs_goal_check *check = &goal->check[i];
        fputs(i == 0 ? "Checked by a fresh run " : "                       ", out);
        print_solved(out, context->plan, name, check->value);
        fprintf(out, ": P(viable) %s (95%% interval %s to %s), %s the target\n", CS_SHARE(check->p_viable),
                CS_SHARE(check->p_viable_lo), CS_SHARE(check->p_viable_hi), check->reaches ? "reaches" : "misses");
    }
}

void cs_goal_csv(FILE *out, const cs_goal_context *context, const cs_goal *goal)
{
    fputs("plan,scenario,parameter,target,value,p_viable_at_value,plan_value,p_viable_at_plan_value,range_lo,"
          "range_hi,best_value,best_p_viable,status,runs\n", out);
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
    fprintf(out, ",%s,%zu\n", cs_solve_status_name(goal->status), goal->runs);
}

/* --- stress ------------------------------------------------------------ */

/* The verdict a plan at P(viable) P would reach next: 1 rigorous, 2
** proceed, 0 none (it proceeds). */
static int next_verdict(const cs_stress *stress)
{
    return stress->p_viable < stress->rigorous_at ? 1 : stress->p_viable < stress->proceed_at ? 2 : 0;
}

size_t cs_stress_lift_sentence(const cs_stress *stress, char *buf, size_t len)
{
    int next = next_verdict(stress);
    if (!next || len == 0) return 0;
    const char *verdict = next == 1 ? "proceed under rigorous management" : "proceed";
    const cs_stress_driver *best = NULL;
    for (size_t k = 0; k < stress->n_drivers && !best; k++) /* ranked: the smallest move up first */
        if (isfinite(stress->drivers[k].move_up)) best = &stress->drivers[k];
    int reserve_found = next == 1 ? stress->reserve_to_rigorous_found : stress->subsidy_found;
    double reserve = next == 1 ? stress->reserve_to_rigorous : stress->opening_reserve;
    char driver_words[256] = "";
    if (best) {
        double at = next == 1 ? best->to_rigorous : best->to_proceed;
        snprintf(driver_words, sizeof driver_words, "%s at %s instead of %s", best->label, CS_UNIT(best->unit, at),
                 CS_UNIT(best->unit, best->plan_value));
        if (driver_words[0] >= 'a' && driver_words[0] <= 'z') driver_words[0] = (char)(driver_words[0] - 'a' + 'A');
    }
    int n;
    if (best && reserve_found)
        n = snprintf(buf, len, "%s, or an opening reserve of %s, would lift it to %s.", driver_words, CS_MONEY(reserve),
                     verdict);
    else if (best)
        n = snprintf(buf, len, "%s would lift it to %s; no opening reserve alone would.", driver_words, verdict);
    else if (reserve_found)
        n = snprintf(buf, len, "An opening reserve of %s would lift it to %s; no single driver moved alone would.",
                     CS_MONEY(reserve), verdict);
    else n = snprintf(buf, len, "No single driver moved alone, and no opening reserve, would lift it to %s.", verdict);
    return n < 0 ? 0 : (size_t)n;
}

static void add_level(cJSON *item, const char *key, int beyond, int found, double at, cs_solve_status status)
{
    add_number_or_null(item, key, found, at);
    char name[48];
    snprintf(name, sizeof name, "%s_status", key);
    cJSON_AddStringToObject(item, name, beyond ? "already" : found ? "solved" : cs_solve_status_name(status));
}

cJSON *cs_stress_json(const cs_goal_context *context, const cs_stress *stress)
{
    cJSON *root = goal_header(context);
    cJSON_AddNumberToObject(root, "p_viable", stress->p_viable);
    cJSON_AddNumberToObject(root, "rigorous_at", stress->rigorous_at);
    cJSON_AddNumberToObject(root, "proceed_at", stress->proceed_at);
    cJSON_AddNumberToObject(root, "low_level", CS_GOAL_STRESS_LEVEL);
    cJSON *drivers = cJSON_AddArrayToObject(root, "drivers");
    for (size_t i = 0; i < stress->n_drivers; i++) {
        const cs_stress_driver *d = &stress->drivers[i];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "parameter", d->parameter);
        cJSON_AddStringToObject(item, "label", d->label);
        cJSON_AddNumberToObject(item, "plan_value", d->plan_value);
        add_number_or_null(item, "at_rigorous", d->at_rigorous_found, d->at_rigorous);
        add_number_or_null(item, "at_0_2", d->at_low_found, d->at_low);
        cJSON_AddBoolToObject(item, "already_below_rigorous", d->below_rigorous);
        cJSON_AddBoolToObject(item, "already_below_0_2", d->below_low);
        add_level(item, "to_rigorous", d->above_rigorous, d->to_rigorous_found, d->to_rigorous, d->to_rigorous_status);
        add_level(item, "to_proceed", d->above_proceed, d->to_proceed_found, d->to_proceed, d->to_proceed_status);
        cJSON_AddNumberToObject(item, "sd", d->sd);
        add_number_or_null(item, "move", isfinite(d->move), d->move);
        add_number_or_null(item, "move_up", isfinite(d->move_up), d->move_up);
        cJSON_AddStringToObject(item, "move_basis", d->basis);
        cJSON_AddNumberToObject(item, "runs", (double)d->runs);
        cJSON_AddItemToArray(drivers, item);
    }
    cJSON *subsidy = cJSON_AddObjectToObject(root, "subsidy");
    add_number_or_null(subsidy, "opening_reserve", stress->subsidy_found, stress->opening_reserve);
    cJSON_AddNumberToObject(subsidy, "plan_opening_reserve", stress->plan_opening_reserve);
    add_number_or_null(subsidy, "p_viable", stress->subsidy_found, stress->p_viable_at_subsidy);
    add_number_or_null(subsidy, "opening_reserve_to_rigorous", stress->reserve_to_rigorous_found,
                       stress->reserve_to_rigorous);
    cJSON_AddNumberToObject(subsidy, "deficit_p90", stress->deficit_p90);
    char sentence[512];
    if (cs_stress_lift_sentence(stress, sentence, sizeof sentence)) {
        cJSON *lift = cJSON_AddObjectToObject(root, "lift");
        cJSON_AddStringToObject(lift, "to", next_verdict(stress) == 1 ? "rigorous" : "proceed");
        cJSON_AddStringToObject(lift, "sentence", sentence);
    } else cJSON_AddNullToObject(root, "lift");
    cJSON_AddNumberToObject(root, "runs", (double)stress->runs);
    return root;
}

/* One cell of the table: where the driver reaches a level, or why not. */
static void print_level(FILE *out, const cs_plan *plan, const cs_stress_driver *d, int found, int beyond,
                        const char *beyond_words, cs_solve_status status, double at)
{
    if (beyond) cs_print_padded(out, beyond_words, 16);
    else if (found) print_value(out, plan, d->parameter, at, 16);
    else if (status == CS_SOLVE_BUDGET) cs_print_padded(out, "runs spent", 16);
    else if (status == CS_SOLVE_UNREACHABLE) cs_print_padded(out, "not reachable", 16);
    else cs_print_padded(out, "not reached", 16);
}

void cs_stress_text(FILE *out, const cs_goal_context *context, const cs_stress *stress)
{
    int next = next_verdict(stress), falls = stress->p_viable >= stress->rigorous_at;
    fprintf(out, "%s (%s): what would have to be true for this plan to %s (reverse stress test), scenario %s\n",
            context->plan->name, context->plan->id, next ? "pass, or to fail" : "fail", context->scenario_id);
    fprintf(out, "%zu trials at each value, seed %llu, common random numbers; %zu runs\n\n", context->trials,
            (unsigned long long)context->seed, stress->runs);
    char rigorous[96];
    cs_threshold_words("rigorous_at", stress->rigorous_at, rigorous, sizeof rigorous);
    fprintf(out, "P(viable) at the plan's values: %.1f%%.  Each driver below is moved alone, the others held at the "
                 "plan's values,\n",
            100 * stress->p_viable);
    char proceed[96];
    cs_threshold_words("proceed_at", stress->proceed_at, proceed, sizeof proceed);
    if (falls && next)
        fprintf(out, "until P(viable) falls to the %s and to %.0f%%, and until it rises to the %s;\ndrivers ranked "
                     "by how little they must move to reach the %s.\n\n",
                rigorous, 100 * CS_GOAL_STRESS_LEVEL, proceed, proceed);
    else if (falls)
        fprintf(out, "until P(viable) falls to the %s and to %.0f%%; drivers ranked by how little they must move.\n\n",
                rigorous, 100 * CS_GOAL_STRESS_LEVEL);
    else
        fprintf(out, "until P(viable) rises to the %s and to the %s;\ndrivers ranked by how little they must move to "
                     "reach the %s.\n\n",
                rigorous, proceed, rigorous);
    char rigorous_at[32], proceed_at[32];
    snprintf(rigorous_at, sizeof rigorous_at, "%.0f%% at", 100 * stress->rigorous_at);
    snprintf(proceed_at, sizeof proceed_at, "%.0f%% at", 100 * stress->proceed_at);
    fprintf(out, "%-34s %14s", "Driver", "Plan value");
    if (falls) fprintf(out, " %16s %16s", "falls to", "falls to");
    else fprintf(out, " %16s", "rises to");
    if (next) fprintf(out, " %16s", "rises to");
    fprintf(out, "  %s\n%-34s %14s", "Move needed", "", "");
    if (falls) fprintf(out, " %16s %16s", rigorous_at, "20% at");
    else fprintf(out, " %16s", rigorous_at);
    if (next) fprintf(out, " %16s", proceed_at);
    fputc('\n', out);
    int any_unreachable = 0;
    for (size_t i = 0; i < stress->n_drivers; i++) {
        const cs_stress_driver *d = &stress->drivers[i];
        char label[160], move[64];
        cs_unit unit = cs_path_words(context->plan, d->parameter, label, sizeof label);
        cs_print_padded(out, label, -34);
        fputc(' ', out);
        print_value(out, context->plan, d->parameter, d->plan_value, 14);
        fputc(' ', out);
        if (falls) {
            print_level(out, context->plan, d, d->at_rigorous_found, d->below_rigorous, "already below", CS_SOLVE_SOLVED,
                        d->at_rigorous);
            fputc(' ', out);
            print_level(out, context->plan, d, d->at_low_found, d->below_low, "already below", CS_SOLVE_SOLVED, d->at_low);
        } else
            print_level(out, context->plan, d, d->to_rigorous_found, d->above_rigorous, "already above", d->to_rigorous_status,
                        d->to_rigorous);
        if (next) {
            fputc(' ', out);
            print_level(out, context->plan, d, d->to_proceed_found, d->above_proceed, "already above", d->to_proceed_status,
                        d->to_proceed);
        }
        any_unreachable |= (!falls && !d->above_rigorous && d->to_rigorous_status == CS_SOLVE_UNREACHABLE) ||
                           (next && !d->above_proceed && d->to_proceed_status == CS_SOLVE_UNREACHABLE);
        cs_stress_move_words(d, unit, next != 0, move, sizeof move);
        fprintf(out, "  %s\n", move);
    }
    if (any_unreachable)
        fputs("\n\"not reachable\": not reachable by this driver alone: no value searched (out to where P(viable) levels "
              "off or the\ndriver's range ends) lifts P(viable) there.\n",
              out);
    fputs("\nSubsidy: ", out);
    if (stress->subsidy_found && stress->opening_reserve == stress->plan_opening_reserve)
        fprintf(out, "none needed: P(viable) already reaches the proceed threshold (%.0f%%).\n",
                100 * stress->proceed_at);
    else if (stress->subsidy_found)
        fprintf(out, "an opening reserve of %s (%s more than the plan's) lifts P(viable) to %.1f%%, "
                     "reaching the proceed threshold (%.0f%%).\n",
                CS_MONEY(stress->opening_reserve), CS_MONEY(stress->opening_reserve - stress->plan_opening_reserve),
                100 * stress->p_viable_at_subsidy, 100 * stress->proceed_at);
    else
        fprintf(out, "no opening reserve lifts P(viable) to the proceed threshold (%.0f%%): too many trials fail the margin "
                     "test, which no reserve changes.\n",
                100 * stress->proceed_at);
    if (stress->reserve_to_rigorous_found)
        fprintf(out, "An opening reserve of %s lifts it to the %s.\n", CS_MONEY(stress->reserve_to_rigorous), rigorous);
    fprintf(out, "Exposure: in 1 trial in 10 a sponsor would have to cover more than %s (P90 of the largest "
                 "shortfall of the reserve below zero).\n",
            CS_MONEY(stress->deficit_p90));
    char sentence[512];
    if (cs_stress_lift_sentence(stress, sentence, sizeof sentence)) fprintf(out, "\n%s\n", sentence);
}

void cs_stress_csv(FILE *out, const cs_goal_context *context, const cs_stress *stress)
{
    fputs("plan,scenario,row,parameter,plan_value,at_rigorous,at_0_2,to_rigorous,to_proceed,sd,move,move_up,move_basis,"
          "opening_reserve_needed,deficit_p90\n",
          out);
    for (size_t i = 0; i < stress->n_drivers; i++) {
        const cs_stress_driver *d = &stress->drivers[i];
        cs_csv_field(out, context->plan->id);
        fputc(',', out);
        cs_csv_field(out, context->scenario_id);
        fprintf(out, ",driver,%s,", d->parameter);
        cs_output_number(out, d->plan_value);
        double figures[] = {d->at_rigorous, d->at_low, d->to_rigorous, d->to_proceed, d->sd, d->move, d->move_up};
        int present[] = {d->at_rigorous_found, d->at_low_found, d->to_rigorous_found, d->to_proceed_found, 1,
                         isfinite(d->move), isfinite(d->move_up)};
        for (size_t k = 0; k < sizeof figures / sizeof figures[0]; k++) {
            fputc(',', out);
            if (present[k]) cs_output_number(out, figures[k]);
        }
        fprintf(out, ",%s,,\n", d->basis);
    }
    cs_csv_field(out, context->plan->id);
    fputc(',', out);
    cs_csv_field(out, context->scenario_id);
    fputs(",subsidy,opening_reserve,", out);
    cs_output_number(out, stress->plan_opening_reserve);
    fputs(",,,,,,,,,", out);
    if (stress->subsidy_found) cs_output_number(out, stress->opening_reserve);
    fputc(',', out);
    cs_output_number(out, stress->deficit_p90);
    fputc('\n', out);
}
