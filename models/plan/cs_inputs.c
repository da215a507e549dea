/*
** cs_inputs.c: the table of a trial's random inputs (see cs_inputs.h).
*/
#include "cs_inputs.h"

#include <stdio.h>
#include <string.h>

#include "cs_json.h"

const cs_input cs_inputs[CS_N_INPUTS] = {
    {CS_INPUT_PRICE_REALISATION, "price_realisation", CS_SCOPE_TRIAL, 0, "price_realisation",
     "share of the planned price realised", "price achieved"},
    {CS_INPUT_CHURN, "churn", CS_SCOPE_TRIAL, 0, "churn", "base yearly chance a CCG leaves",
     "churn (CCGs leaving)"},
    {CS_INPUT_EFFICIENCY_DELIVERY, "efficiency_delivery", CS_SCOPE_TRIAL, 0, "efficiency_delivery",
     "share of the planned saving delivered", "efficiency delivered"},
    {CS_INPUT_IN_HOUSE_SHARE, "in_house_share", CS_SCOPE_CCG, 0, "in_house_share",
     "share of the envelope each CCG keeps in house", "CCGs' in-house share"},
    {CS_INPUT_POPULATION_GROWTH, "population_growth", CS_SCOPE_YEAR, 1, "population_growth",
     "yearly population growth", "population growth"},
    {CS_INPUT_ENVELOPE_CHANGE, "envelope_change", CS_SCOPE_YEAR, 1, "envelope_change",
     "yearly change of the running-cost envelope", "change in the allowance per head"},
    {CS_INPUT_OTHER_INCOME, "other_income", CS_SCOPE_YEAR, 0, "other_income", "income not from CCGs, per year",
     "other income"},
    {CS_INPUT_PAY_INFLATION, "pay_inflation", CS_SCOPE_YEAR, 1, "pay_inflation", "yearly pay inflation",
     "pay inflation"},
    {CS_INPUT_NONPAY_INFLATION, "nonpay_inflation", CS_SCOPE_YEAR, 1, "nonpay_inflation",
     "yearly non-pay inflation", "non-pay inflation"},
    {CS_INPUT_LEADERSHIP, "leadership", CS_SCOPE_YEAR, 0, "leadership_risk", "yearly leadership failures",
     "leadership failures"},
    {CS_INPUT_LEAVE, "leave", CS_SCOPE_YEAR_CCG, 1, NULL, "each CCG's yearly leave draw",
     "CCGs' yearly leave draws"},
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

unsigned cs_input_axes(cs_input_id id)
{
    switch (cs_inputs[id].scope) {
    case CS_SCOPE_TRIAL: return 0;
    case CS_SCOPE_CCG: return CS_AXIS_CCG;
    case CS_SCOPE_YEAR: return CS_AXIS_YEAR;
    case CS_SCOPE_YEAR_CCG: return CS_AXIS_CCG | CS_AXIS_YEAR;
    }
    return 0;
}
