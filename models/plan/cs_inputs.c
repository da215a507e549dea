/*
** cs_inputs.c: the table of a trial's random inputs (see cs_inputs.h).
*/
#include "cs_inputs.h"

#include <stdio.h>
#include <string.h>

#include "cs_json.h"
#include "cs_model.h"

const cs_input cs_inputs[CS_N_INPUTS] = {
    {CS_INPUT_PRICE_REALISATION, "price_realisation", CS_SCOPE_TRIAL, 0, "price_realisation",
     "share of the planned price realised"},
    {CS_INPUT_CHURN, "churn", CS_SCOPE_TRIAL, 0, "churn", "base yearly chance a CCG leaves"},
    {CS_INPUT_EFFICIENCY_DELIVERY, "efficiency_delivery", CS_SCOPE_TRIAL, 0, "efficiency_delivery",
     "share of the planned saving delivered"},
    {CS_INPUT_IN_HOUSE_SHARE, "in_house_share", CS_SCOPE_CCG, 0, "in_house_share",
     "share of the envelope each CCG keeps in house"},
    {CS_INPUT_POPULATION_GROWTH, "population_growth", CS_SCOPE_YEAR, 1, "population_growth",
     "yearly population growth"},
    {CS_INPUT_ENVELOPE_CHANGE, "envelope_change", CS_SCOPE_YEAR, 1, "envelope_change",
     "yearly change of the running-cost envelope"},
    {CS_INPUT_OTHER_INCOME, "other_income", CS_SCOPE_YEAR, 0, "other_income", "income not from CCGs, per year"},
    {CS_INPUT_PAY_INFLATION, "pay_inflation", CS_SCOPE_YEAR, 1, "pay_inflation", "yearly pay inflation"},
    {CS_INPUT_NONPAY_INFLATION, "nonpay_inflation", CS_SCOPE_YEAR, 1, "nonpay_inflation",
     "yearly non-pay inflation"},
    {CS_INPUT_LEADERSHIP, "leadership", CS_SCOPE_YEAR, 0, "leadership_risk", "yearly leadership failures"},
    {CS_INPUT_LEAVE, "leave", CS_SCOPE_YEAR_CCG, 1, NULL, "each CCG's yearly leave draw"},
};

const cs_input *cs_input_find(const char *name)
{
    for (size_t i = 0; i < CS_N_INPUTS; i++)
        if (strcmp(cs_inputs[i].name, name) == 0) return &cs_inputs[i];
    return NULL;
}

int cs_input_parse(const char *name, const char *file, const char *path, cs_input_id *id, cs_error *err)
{
    const cs_input *input = cs_input_find(name);
    if (input) {
        *id = input->id;
        return CS_OK;
    }
    const char *names[CS_N_INPUTS];
    for (size_t i = 0; i < CS_N_INPUTS; i++) names[i] = cs_inputs[i].name;
    const char *hint = cs_closest_word(name, names, CS_N_INPUTS);
    return cs_error_input(err, file, path,
                          "unknown input '%s'%s%s%s; the inputs are price_realisation, churn, "
                          "efficiency_delivery, in_house_share, population_growth, envelope_change, "
                          "other_income, pay_inflation, nonpay_inflation, leadership, leave",
                          name, hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
}

const cs_dist *cs_input_dist(const cs_plan *plan, cs_input_id id)
{
    return cs_input_dist_mutable((cs_plan *)plan, id);
}

cs_dist *cs_input_dist_mutable(cs_plan *plan, cs_input_id id)
{
    if (id == CS_INPUT_LEADERSHIP || id == CS_INPUT_LEAVE) return NULL;
    const cs_param *param = cs_param_find(cs_inputs[id].param);
    return cs_param_dist(plan, param);
}

int cs_input_is_random(const cs_plan *plan, cs_input_id id)
{
    if (id == CS_INPUT_LEAVE) return 1;
    if (id == CS_INPUT_LEADERSHIP) return plan->leadership_risk > 0 && plan->leadership_risk < 1;
    return !cs_dist_is_fixed(cs_input_dist(plan, id));
}

size_t cs_input_count(const cs_plan *plan, cs_input_id id)
{
    const cs_input *input = &cs_inputs[id];
    size_t years = plan->years > input->first_year ? (size_t)(plan->years - input->first_year) : 0;
    switch (input->scope) {
    case CS_SCOPE_TRIAL: return 1;
    case CS_SCOPE_CCG: return plan->n_ccgs;
    case CS_SCOPE_YEAR: return years;
    case CS_SCOPE_YEAR_CCG: return years * plan->n_ccgs;
    }
    return 0;
}

#define SWING_LOW 0.10
#define SWING_HIGH 0.90

int cs_input_swing(const cs_plan *plan, cs_input_id id, double *low, double *high)
{
    if (id == CS_INPUT_LEAVE || !cs_input_is_random(plan, id)) return -1;
    if (id == CS_INPUT_LEADERSHIP) {
        *low = 0;
        *high = 2 * plan->leadership_risk < 1 ? 2 * plan->leadership_risk : 1;
        return 0;
    }
    const cs_dist *dist = cs_input_dist(plan, id);
    *low = cs_dist_quantile(dist, SWING_LOW);
    *high = cs_dist_quantile(dist, SWING_HIGH);
    return 0;
}

int cs_input_hold(cs_plan *plan, cs_input_id id, double value, char *why, size_t why_len)
{
    if (id == CS_INPUT_LEAVE) {
        snprintf(why, why_len, "leave is an event drawn for every CCG each year; it cannot be held at a value");
        return -1;
    }
    const cs_param *param = cs_param_find(cs_inputs[id].param);
    if (cs_param_check_number(param, value, why, why_len) != 0) return -1;
    if (id == CS_INPUT_LEADERSHIP) plan->leadership_risk = value;
    else cs_dist_set_fixed(cs_input_dist_mutable(plan, id), value);
    return 0;
}

/* Mean of values[first .. count) (0 when empty). */
static double mean_from(const double *values, size_t first, size_t count)
{
    if (count <= first) return 0.0;
    double total = 0;
    for (size_t i = first; i < count; i++) total += values[i];
    return total / (double)(count - first);
}

double cs_input_summary(const cs_plan *plan, const cs_draws *draws, cs_input_id id)
{
    size_t years = draws->years, n_ccgs = draws->n_ccgs;
    switch (id) {
    case CS_INPUT_PRICE_REALISATION: return draws->price_realisation;
    case CS_INPUT_CHURN: return draws->churn_base;
    case CS_INPUT_EFFICIENCY_DELIVERY: return draws->efficiency_delivery;
    case CS_INPUT_IN_HOUSE_SHARE: {
        double weighted = 0, population = 0;
        for (size_t c = 0; c < n_ccgs; c++) {
            weighted += plan->ccgs[c].population * draws->in_house_share[c];
            population += plan->ccgs[c].population;
        }
        return weighted / population;
    }
    case CS_INPUT_POPULATION_GROWTH: return mean_from(draws->population_growth, 1, years);
    case CS_INPUT_ENVELOPE_CHANGE: return mean_from(draws->envelope_change, 1, years);
    case CS_INPUT_OTHER_INCOME: return mean_from(draws->other_income, 0, years);
    case CS_INPUT_PAY_INFLATION: return mean_from(draws->pay_inflation, 1, years);
    case CS_INPUT_NONPAY_INFLATION: return mean_from(draws->nonpay_inflation, 1, years);
    case CS_INPUT_LEADERSHIP: {
        size_t failures = 0;
        for (size_t t = 0; t < years; t++) failures += draws->leadership_failure[t];
        return years ? (double)failures / (double)years : 0.0;
    }
    case CS_INPUT_LEAVE: return mean_from(draws->leave_draw, n_ccgs, years * n_ccgs);
    case CS_N_INPUTS: break;
    }
    return 0.0;
}
