/*
** cs_report_drivers.c: the drivers of a plan (tornado, rank correlations,
** Sobol indices) as JSON, text and CSV.
*/
#include <math.h>
#include <string.h>

#include "cs_output.h"
#include "cs_format.h"
#include "cs_report.h"
#include "cs_format.h"
#include "cs_run_record.h"

/* The width of the input column of the text tables. */
#define INPUT_WIDTH 33

static cJSON *interval_json(double lo, double hi)
{
    double values[2] = {lo, hi};
    return cJSON_CreateDoubleArray(values, 2);
}

static cJSON *end_json(const cs_tornado_end *end)
{
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddNumberToObject(obj, "value", end->value);
    cJSON_AddNumberToObject(obj, "p_viable", end->p_viable);
    cJSON_AddNumberToObject(obj, "p_viable_diff", end->p_viable_diff.mean);
    cJSON_AddItemToObject(obj, "p_viable_diff_ci", interval_json(end->p_viable_diff.lo, end->p_viable_diff.hi));
    cJSON_AddNumberToObject(obj, "reserve_mean", end->reserve_mean);
    cJSON_AddNumberToObject(obj, "reserve_mean_diff", end->reserve_diff.mean);
    cJSON_AddItemToObject(obj, "reserve_mean_diff_ci", interval_json(end->reserve_diff.lo, end->reserve_diff.hi));
    return obj;
}

static cJSON *sobol_json(const cs_sobol_index *index)
{
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddNumberToObject(obj, "first", index->first);
    cJSON_AddItemToObject(obj, "first_ci", interval_json(index->first_lo, index->first_hi));
    cJSON_AddNumberToObject(obj, "total", index->total);
    cJSON_AddItemToObject(obj, "total_ci", interval_json(index->total_lo, index->total_hi));
    return obj;
}

cJSON *cs_drivers_json(const cs_goal_context *context, const cs_drivers *drivers)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "plan", context->plan->id);
    cJSON_AddStringToObject(root, "plan_name", context->plan->name);
    cJSON_AddStringToObject(root, "scenario", context->scenario_id);
    cJSON_AddNumberToObject(root, "trials", (double)drivers->trials);
    cJSON_AddItemToObject(root, "seed", cs_json_uint64(drivers->seed));
    cJSON *baseline = cJSON_AddObjectToObject(root, "baseline");
    cJSON_AddNumberToObject(baseline, "p_viable", drivers->p_viable);
    cJSON_AddNumberToObject(baseline, "reserve_mean", drivers->reserve_mean);
    cJSON_AddNumberToObject(root, "sobol_first_sum", drivers->first_sum);
    if (drivers->margin_year) {
        cJSON_AddNumberToObject(root, "margin_year", drivers->margin_year);
        cJSON_AddNumberToObject(root, "sobol_margin_first_sum", drivers->margin_first_sum);
    }
    cJSON_AddNumberToObject(root, "bootstrap_resamples", (double)drivers->resamples);
    cJSON_AddNumberToObject(root, "runs", (double)drivers->runs);
    if (drivers->n_groups > 0) {
        cJSON *groups = cJSON_AddArrayToObject(root, "correlated_groups");
        for (size_t g = 0; g < drivers->n_groups; g++) {
            const cs_driver_group *group = &drivers->group[g];
            cJSON *item = cJSON_CreateObject();
            cJSON *members = cJSON_AddArrayToObject(item, "inputs");
            for (size_t i = 0; i < group->n; i++)
                cJSON_AddItemToArray(members, cJSON_CreateString(cs_inputs[group->member[i]].name));
            cJSON_AddBoolToObject(item, "exact", group->exact);
            if (group->exact) cJSON_AddItemToObject(item, "sobol", sobol_json(&group->reserve));
            cJSON_AddItemToArray(groups, item);
        }
    }
    cJSON *inputs = cJSON_AddArrayToObject(root, "inputs");
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *d = &drivers->input[drivers->rank[r]];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "name", cs_inputs[d->id].name);
        cJSON_AddBoolToObject(item, "random", d->random);
        if (d->id == CS_INPUT_LEAVE) {
            cJSON_AddNullToObject(item, "tornado");
            cJSON_AddStringToObject(item, "swing", "event");
        } else {
            cJSON *tornado = cJSON_AddObjectToObject(item, "tornado");
            cJSON_AddItemToObject(tornado, "low", end_json(&d->low));
            cJSON_AddItemToObject(tornado, "high", end_json(&d->high));
            cJSON_AddNumberToObject(item, "swing", d->swing);
        }
        cJSON *spearman = cJSON_AddObjectToObject(item, "spearman");
        cJSON_AddNumberToObject(spearman, "rho", d->rho);
        cJSON_AddItemToObject(spearman, "ci", interval_json(d->rho_lo, d->rho_hi));
        cJSON_AddItemToObject(item, "sobol", sobol_json(&d->reserve));
        if (d->correlated && d->exact) cJSON_AddItemToObject(item, "sobol_independent", sobol_json(&d->independent));
        if (drivers->has_shapley && d->random) {
            cJSON *shapley = cJSON_AddObjectToObject(item, "shapley");
            cJSON_AddNumberToObject(shapley, "value", d->shapley.value);
            cJSON_AddItemToObject(shapley, "ci", interval_json(d->shapley.lo, d->shapley.hi));
        }
        if (d->correlated) cJSON_AddBoolToObject(item, "tornado_conditional", d->conditional_tornado);
        if (drivers->margin_year) cJSON_AddItemToObject(item, "sobol_margin", sobol_json(&d->margin));
        cJSON_AddItemToArray(inputs, item);
    }
    return root;
}

/* An input's value for reading, by its unit. */
static void print_input_value(FILE *out, cs_input_id id, double value)
{
    cs_print_padded(out, CS_UNIT(cs_input_unit(id), value), 9);
}

static void print_end(FILE *out, const cs_driver *d, const cs_tornado_end *end)
{
    char change[64];
    print_input_value(out, d->id, end->value);
    fputc(' ', out);
    cs_print_padded(out, CS_SHARE(end->p_viable), 7);
    snprintf(change, sizeof change, "%s (%s to %s)", CS_SIGNED(100 * end->p_viable_diff.mean, 1),
             CS_SIGNED(100 * end->p_viable_diff.lo, 1), CS_SIGNED(100 * end->p_viable_diff.hi, 1));
    fputc(' ', out);
    cs_print_padded(out, change, -23);
}

/* VALUE (LO to HI) with three decimals into TEXT; signed for a correlation, plain for an index. */
static const char *interval_text(char *text, size_t len, double value, double lo, double hi, int is_signed)
{
    char a[CS_FORMAT_MAX], b[CS_FORMAT_MAX], c[CS_FORMAT_MAX];
    if (is_signed) snprintf(text, len, "%s (%s to %s)", CS_SIGNED(value, 3), CS_SIGNED(lo, 3), CS_SIGNED(hi, 3));
    else
        snprintf(text, len, "%s (%s to %s)", cs_format_number(a, sizeof a, value, 3),
                 cs_format_number(b, sizeof b, lo, 3), cs_format_number(c, sizeof c, hi, 3));
    return text;
}

static void print_interval(FILE *out, double value, double lo, double hi, int is_signed)
{
    char text[96];
    fputc(' ', out);
    cs_print_padded(out, interval_text(text, sizeof text, value, lo, hi, is_signed), -25);
}

/* An input's name in plain words, padded for the tables. */
static void print_input_name(FILE *out, const cs_driver *driver)
{
    cs_print_padded(out, cs_inputs[driver->id].label, -INPUT_WIDTH);
}

/* The correlated inputs: what their indices mean, full against
** independent, and each group's indices as a whole. */
static void print_correlated(FILE *out, const cs_drivers *d)
{
    if (d->n_groups == 0) return;
    fputs("\nCorrelated inputs.  The first-order and total indices above are the full ones (Mara, Tarantola &\n"
          "Annoni 2015): they count what moves with the input through its correlations, so a correlated pair\n"
          "can share the same variance and the first-order indices can add up to more than 1.  Full\n"
          "first-order = the share of the reserve's variance that knowing this input alone would remove.\n"
          "Independent = its own part only, beyond what its correlated partners carry (independent total = the\n"
          "share of the variance that would remain if every other input were known).  The tornado holds the\n"
          "input at its P10 or P90 and draws its partners from their distribution given the held value: \"if\n"
          "this input were at its P10, with everything that moves with it\".\n\n", out);
    fprintf(out, "%-*s %-25s %-25s %-25s %-25s\n", INPUT_WIDTH, "Input", " Full first-order", " Full total", " Independent first",
            " Independent total");
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        if (!driver->correlated || !driver->random) continue;
        print_input_name(out, driver);
        print_interval(out, driver->reserve.first, driver->reserve.first_lo, driver->reserve.first_hi, 0);
        print_interval(out, driver->reserve.total, driver->reserve.total_lo, driver->reserve.total_hi, 0);
        if (driver->exact) {
            print_interval(out, driver->independent.first, driver->independent.first_lo, driver->independent.first_hi, 0);
            print_interval(out, driver->independent.total, driver->independent.total_lo, driver->independent.total_hi, 0);
        } else {
            fputs(" not computed", out);
        }
        fputc('\n', out);
    }
    for (size_t g = 0; g < d->n_groups; g++) {
        const cs_driver_group *group = &d->group[g];
        fputs("Together, ", out);
        for (size_t i = 0; i < group->n; i++) fprintf(out, "%s%s", i ? " + " : "", cs_inputs[group->member[i]].label);
        if (!group->exact) {
            fputs(": inputs along different axes (per CCG or per year) besides per-trial ones; their conditional\n"
                  "distribution is not drawn, so these indices follow the copula's order (the first input takes\n"
                  "the shared variance), the tornado holds an input without moving its partners, and no Shapley\n"
                  "effects are given.\n", out);
            continue;
        }
        char first[96], total[96];
        const cs_sobol_index *index = &group->reserve;
        fprintf(out, ": first-order %s, total %s\n",
                interval_text(first, sizeof first, index->first, index->first_lo, index->first_hi, 0),
                interval_text(total, sizeof total, index->total, index->total_lo, index->total_hi, 0));
    }
}

void cs_drivers_text(FILE *out, const cs_goal_context *context, const cs_drivers *d)
{
    fprintf(out, "%s (%s): what decides whether it is viable, scenario %s\n", context->plan->name, context->plan->id,
            context->scenario_id);
    fprintf(out, "%zu trials, seed %llu; baseline P(viable) %s, mean final reserve %s; %zu runs\n\n", d->trials,
            (unsigned long long)d->seed, CS_SHARE(d->p_viable), CS_MONEY(d->reserve_mean), d->runs);
    fputs("Tornado: P(viable) with one input held at its P10 and at its P90 (leadership: no failures, and twice\n"
          "the plan's risk), every other input random, on the baseline's trials; changes in points against the\n"
          "baseline with 95% intervals (paired).  Ranked by the swing between the two.\n\n", out);
    fprintf(out, "%-*s %9s %7s %-23s %9s %7s %-23s %6s\n", INPUT_WIDTH, "Input", "P10", "P(via)", "change", "P90", "P(via)", "change",
            "Swing");
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        print_input_name(out, driver);
        fputc(' ', out);
        if (driver->id == CS_INPUT_LEAVE) {
            fputs("event: each CCG's yearly leave draw, not swung\n", out);
            continue;
        }
        if (!driver->random) {
            fputs("fixed in this plan: no effect, not simulated\n", out);
            continue;
        }
        print_end(out, driver, &driver->low);
        fputc(' ', out);
        print_end(out, driver, &driver->high);
        fprintf(out, " %6s\n", cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, 100 * driver->swing, 1));
    }
    if (d->has_shapley)
        fputs("\nWhich inputs move the final reserve: Spearman's rank correlation with it, and the variance-based\n"
              "(Sobol) indices: first-order = the share of the reserve's variance the input explains alone; total =\n"
              "that share with its interactions with the others; Shapley = the input's fair share: its own effect,\n"
              "with its interactions (and what it shares with correlated inputs) split fairly among the inputs\n"
              "involved (Owen 2014), the Shapley effects adding up to 1.  95% bootstrap intervals.\n\n",
              out);
    else
        fputs("\nWhich inputs move the final reserve: Spearman's rank correlation with it, and the variance-based\n"
              "(Sobol) indices: first-order = the share of the reserve's variance the input explains alone; total =\n"
              "that share with its interactions with the others.  95% bootstrap intervals.\n\n",
              out);
    fprintf(out, "%-*s %-25s %-25s %-25s", INPUT_WIDTH, "Input", " Spearman rho", " First-order", " Total");
    if (d->has_shapley) fprintf(out, " %-25s", " Shapley");
    fputc('\n', out);
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        print_input_name(out, driver);
        if (!driver->random) {
            fputs(" fixed: 0\n", out);
            continue;
        }
        print_interval(out, driver->rho, driver->rho_lo, driver->rho_hi, 1);
        print_interval(out, driver->reserve.first, driver->reserve.first_lo, driver->reserve.first_hi, 0);
        print_interval(out, driver->reserve.total, driver->reserve.total_lo, driver->reserve.total_hi, 0);
        if (d->has_shapley) print_interval(out, driver->shapley.value, driver->shapley.lo, driver->shapley.hi, 0);
        fputc('\n', out);
    }
    fprintf(out, "\nSum of first-order indices: %.3f (the share of the reserve's variance the inputs explain one at a "
                 "time; the rest, %.3f, comes from inputs acting together%s).\n",
            d->first_sum, 1 - d->first_sum, d->n_groups ? ", less what correlated inputs count twice" : "");
    print_correlated(out, d);
    if (!d->margin_year) return;
    char year[16];
    cs_year_label(d->margin_year, year, sizeof year);
    fprintf(out, "\nSobol indices of the %s margin\n%-*s %-25s %-25s\n", year, INPUT_WIDTH, "Input", " First-order", " Total");
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        if (!driver->random) continue;
        print_input_name(out, driver);
        print_interval(out, driver->margin.first, driver->margin.first_lo, driver->margin.first_hi, 0);
        print_interval(out, driver->margin.total, driver->margin.total_lo, driver->margin.total_hi, 0);
        fputc('\n', out);
    }
    fprintf(out, "Sum of first-order indices: %.3f\n", d->margin_first_sum);
}

void cs_drivers_csv(FILE *out, const cs_goal_context *context, const cs_drivers *d)
{
    fputs("plan,scenario,input,random,low_value,low_p_viable,low_p_viable_diff,low_p_viable_diff_lo,"
          "low_p_viable_diff_hi,low_reserve_mean,high_value,high_p_viable,high_p_viable_diff,high_p_viable_diff_lo,"
          "high_p_viable_diff_hi,high_reserve_mean,swing,spearman_rho,spearman_lo,spearman_hi,first,first_lo,"
          "first_hi,total,total_lo,total_hi", out);
    if (d->margin_year) fputs(",margin_first,margin_first_lo,margin_first_hi,margin_total,margin_total_lo,margin_total_hi", out);
    fputs(",shapley,shapley_lo,shapley_hi,independent_first,independent_first_lo,independent_first_hi,"
          "independent_total,independent_total_lo,independent_total_hi\n", out);
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        cs_csv_field(out, context->plan->id);
        fputc(',', out);
        cs_csv_field(out, context->scenario_id);
        fprintf(out, ",%s,%s", cs_inputs[driver->id].name, driver->random ? "true" : "false");
        const cs_tornado_end *ends[2] = {&driver->low, &driver->high};
        for (int e = 0; e < 2; e++) {
            double figures[] = {ends[e]->value, ends[e]->p_viable, ends[e]->p_viable_diff.mean, ends[e]->p_viable_diff.lo,
                                ends[e]->p_viable_diff.hi, ends[e]->reserve_mean};
            for (size_t k = 0; k < 6; k++) {
                fputc(',', out);
                if (driver->id != CS_INPUT_LEAVE) cs_output_number(out, figures[k]);
            }
        }
        fputc(',', out);
        if (driver->id != CS_INPUT_LEAVE) cs_output_number(out, driver->swing);
        const cs_sobol_index *indices[2] = {&driver->reserve, &driver->margin};
        double figures[] = {driver->rho, driver->rho_lo, driver->rho_hi};
        for (size_t k = 0; k < 3; k++) {
            fputc(',', out);
            cs_output_number(out, figures[k]);
        }
        for (int i = 0; i < (d->margin_year ? 2 : 1); i++) {
            double values[] = {indices[i]->first, indices[i]->first_lo, indices[i]->first_hi,
                               indices[i]->total, indices[i]->total_lo, indices[i]->total_hi};
            for (size_t k = 0; k < 6; k++) {
                fputc(',', out);
                cs_output_number(out, values[k]);
            }
        }
        double shapley[] = {driver->shapley.value, driver->shapley.lo, driver->shapley.hi};
        for (size_t k = 0; k < 3; k++) {
            fputc(',', out);
            if (d->has_shapley && driver->random) cs_output_number(out, shapley[k]);
        }
        const cs_sobol_index *own = &driver->independent;
        double independent[] = {own->first, own->first_lo, own->first_hi, own->total, own->total_lo, own->total_hi};
        for (size_t k = 0; k < 6; k++) {
            fputc(',', out);
            if (driver->correlated && driver->exact && driver->random) cs_output_number(out, independent[k]);
        }
        fputc('\n', out);
    }
}
