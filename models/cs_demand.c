/*
** cs_demand.c: steps 1-6 of a year: population and envelope, price,
** customers, leadership, turnover and coverage (MODEL.md "One trial").
*/
#include "cs_model.h"

#include <math.h>

void cs_demand_year(const cs_plan *plan, const cs_draws *draws, cs_trial_work *work, cs_carry *carry,
                    int t, cs_year *year)
{
    size_t n_ccgs = work->n_ccgs;
    /* 1. Population and envelope; b_c,t = (1 - r_c) a_t. */
    if (t > 0) {
        double growth = 1 + draws->population_growth[t];
        for (size_t c = 0; c < n_ccgs; c++) work->population[c] *= growth;
        carry->envelope *= 1 + draws->envelope_change[t];
    }
    for (size_t c = 0; c < n_ccgs; c++) work->support_budget[c] = (1 - draws->in_house_share[c]) * carry->envelope;

    /* 2. Price. */
    double price = plan->price_per_head[t] * draws->price_realisation;

    /* 3. Customers: a CCG leaves with probability q_c,t and never returns. */
    if (t > 0) {
        const double *leave_draw = draws->leave_draw + (size_t)t * n_ccgs;
        double leadership_push = plan->leadership_churn * carry->leadership_previous;
        for (size_t c = 0; c < n_ccgs; c++) {
            if (!work->customer[c]) continue;
            double budget = work->support_budget[c];
            double overprice = budget > 0 ? fmax(0.0, price / budget - 1) : (price > 0 ? INFINITY : 0.0);
            double leave = fmin(1.0, draws->churn_base + plan->price_elasticity * overprice + leadership_push);
            if (leave_draw[c] < leave) work->customer[c] = 0;
        }
    }

    /* 4. Leadership. */
    int failure = draws->leadership_failure[t];

    /* 5. Turnover: a CCG pays at most its support budget per head.  6. Coverage. */
    double turnover = draws->other_income[t];
    double covered = 0, all = 0;
    int customers = 0;
    for (size_t c = 0; c < n_ccgs; c++) {
        all += work->population[c];
        if (!work->customer[c]) continue;
        customers++;
        covered += work->population[c];
        turnover += work->population[c] * fmin(price, work->support_budget[c]);
    }

    year->envelope = carry->envelope;
    year->price = price;
    year->turnover = turnover;
    year->coverage = covered / all;
    year->customers = customers;
    year->leadership_failure = failure;
}
