/*
** cs_costs.c: steps 7-10 of a year: staff and redundancy, non-pay, hosting,
** oversight, transition and leadership costs; cost, margin and reserve.
*/
#include "cs_model.h"

void cs_costs_year(const cs_plan *plan, const cs_draws *draws, cs_carry *carry, int t, cs_year *year)
{
    double v = plan->variable_share;
    int before_freestanding = t < cs_plan_fs(plan);

    /* 7. Staff: S*_t = S_0 prod(1 + pi_s) (1 - e phi)^t; lost CCGs' staff are
    ** paid for one more year, then shed at redundancy_factor per pound. */
    if (t > 0) carry->staff_base *= (1 + draws->pay_inflation[t]) * (1 - plan->efficiency_plan * draws->efficiency_delivery);
    double staff_base = carry->staff_base;
    year->staff = staff_base * ((1 - v) + v * carry->covered_previous);
    double shed = carry->covered_previous - year->coverage;
    year->redundancy = shed > 0 ? plan->redundancy_factor * v * staff_base * shed : 0.0;

    /* 8. Non-pay. */
    if (t > 0) carry->nonpay_base *= 1 + draws->nonpay_inflation[t];
    year->nonpay = carry->nonpay_base;

    /* 9. Other costs. */
    year->hosting = before_freestanding ? plan->hosting_fee_rate * year->turnover : 0.0;
    year->oversight = before_freestanding ? plan->oversight_cost : 0.0;
    year->transition = t == 0 ? plan->transition_cost_rate * plan->staff_cost : 0.0;
    year->leadership = year->leadership_failure ? plan->leadership_cost_rate * year->staff : 0.0;

    /* 10. Cost, margin, margin% and reserve. */
    year->cost = year->staff + year->redundancy + year->nonpay + year->hosting + year->oversight +
                 year->transition + year->leadership;
    year->margin = year->turnover - year->cost;
    year->margin_pct = year->turnover > 0 ? year->margin / year->turnover : -1.0;
    carry->reserve += year->margin;
    year->reserve = carry->reserve;

    carry->covered_previous = year->coverage;
    carry->leadership_previous = year->leadership_failure;
}
