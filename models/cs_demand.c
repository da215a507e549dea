/*
** cs_demand.c: steps 1-6 of a year: population and envelope, price,
** customers, leadership, turnover and coverage (docs/model.md "One trial").
**
** One pass over the CCGs does every step for each of them, in the model's
** order.  max(0, .) and min(., .) are written as conditional expressions
** that compile to branch-free maxsd/minsd: the price sits close to the
** support budget, so a branch on which is larger would be mispredicted
** about half the time (measured: +250 ns a trial on a 10-CCG plan).
*/
#include "cs_model.h"

#include <math.h>

/* k-free part of q_c,t: max(0, p/b - 1), with b <= 0 meaning any positive
** price is infinitely over budget. */
static inline double overprice(double price, double budget)
{
    double excess = price / budget - 1;
    excess = 0.5 * (excess + fabs(excess)); /* max(0, excess), exactly, without a branch */
    if (!(budget > 0)) excess = price > 0 ? INFINITY : 0.0; /* never taken for 0 <= r_c < 1 */
    return excess;
}

void cs_demand_year(const cs_plan *plan, const cs_draws *draws, cs_trial_work *work, cs_carry *carry,
                    int t, cs_year *year)
{
    size_t n_ccgs = work->n_ccgs;
    /* 1. Population and envelope (growth 1 in year 0 leaves N_c,0 exact). */
    double growth = t > 0 ? 1 + draws->population_growth[t] : 1.0;
    if (t > 0) carry->envelope *= 1 + draws->envelope_change[t];
    double envelope = carry->envelope;
    /* 2. Price. */
    double price = plan->price_per_head[t] * draws->price_realisation;
    /* 3. Customers leave with probability q_c,t (t > 0) and never return. */
    const double *leave_draw = t > 0 ? draws->leave_draw + (size_t)t * n_ccgs : NULL;
    double base_leave = draws->churn_base + plan->leadership_churn * carry->leadership_previous;
    double elasticity = plan->price_elasticity;

    /* Local restrict pointers: the stores to population and customer cannot
    ** alias the draws, so the compiler keeps everything else in registers. */
    double *restrict population_of = work->population;
    unsigned char *restrict customer = work->customer;
    const double *restrict in_house_share = draws->in_house_share;
    double turnover = draws->other_income[t], covered = 0, all = 0;
    int customers = 0;
    for (size_t c = 0; c < n_ccgs; c++) {
        double population = population_of[c] * growth;
        population_of[c] = population;
        all += population;
        if (!customer[c]) continue;
        double budget = (1 - in_house_share[c]) * envelope;
        if (leave_draw) {
            double leave = base_leave + elasticity * overprice(price, budget);
            leave = leave < 1 ? leave : 1;
            if (leave_draw[c] < leave) {
                customer[c] = 0;
                continue;
            }
        }
        /* 5. Turnover: a CCG pays at most its support budget per head. */
        customers++;
        covered += population;
        turnover += population * (price < budget ? price : budget);
    }

    year->envelope = envelope;
    year->price = price;
    year->turnover = turnover;
    year->coverage = covered / all; /* 6. */
    year->customers = customers;
    year->leadership_failure = draws->leadership_failure[t]; /* 4. */
}
