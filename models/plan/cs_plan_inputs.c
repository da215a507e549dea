/*
** cs_plan_inputs.c: a trial's inputs under a plan: the distribution each is
** drawn from, whether it varies, how many values it has, the values a
** tornado holds it at (declared in cs_plan.h).
*/
#include <stdio.h>

#include "cs_plan.h"

cs_unit cs_input_unit(cs_input_id id)
{
    const cs_param *param = cs_inputs[id].param ? cs_param_find(cs_inputs[id].param) : NULL;
    return param ? param->unit : CS_UNIT_SHARE;
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

int cs_input_swing(const cs_plan *plan, cs_input_id id, double *low, double *high)
{
    if (id == CS_INPUT_LEAVE || !cs_input_is_random(plan, id)) return -1;
    if (id == CS_INPUT_LEADERSHIP) {
        *low = 0;
        *high = 2 * plan->leadership_risk < 1 ? 2 * plan->leadership_risk : 1;
        return 0;
    }
    const cs_dist *dist = cs_input_dist(plan, id);
    *low = cs_dist_quantile(dist, CS_SWING_LOW);
    *high = cs_dist_quantile(dist, CS_SWING_HIGH);
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

void cs_plan_inputs_varying(const cs_plan *plan, int varies[CS_N_INPUTS])
{
    for (int k = 0; k < CS_N_INPUTS; k++) varies[k] = cs_input_is_random(plan, (cs_input_id)k);
}

void cs_plan_correlations_active(const cs_plan *plan, cs_correlations *out)
{
    int varies[CS_N_INPUTS];
    cs_plan_inputs_varying(plan, varies);
    cs_correlations_active(&plan->correlations, varies, out);
}

size_t cs_plan_correlations_dropped(const cs_plan *plan, char *buf, size_t len)
{
    int varies[CS_N_INPUTS];
    cs_plan_inputs_varying(plan, varies);
    return cs_correlations_dropped(&plan->correlations, varies, buf, len);
}

int cs_plan_correlations_check(const cs_plan *plan, const cs_correlations *correlations, const char *file,
                               cs_error *err)
{
    int varies[CS_N_INPUTS];
    cs_plan_inputs_varying(plan, varies);
    return cs_correlations_check(correlations, varies, plan->id, file, err);
}
