/*
** cs_demand.c: steps 1-6 of a year: population and envelope, price,
** customers, leadership, turnover and coverage (docs/model.md "One trial").
**
** A first pass over the CCGs does each CCG's own steps (population, the
** leave test, what it pays), a second adds them up in CCG order.  max(0, .)
** and min(., .) are written as conditional expressions that compile to
** branch-free max/min: the price sits close to the support budget, so a
** branch on which is larger would be mispredicted about half the time.
*/
#include "cs_model.h"

#include <math.h>

/* The CCGs' own steps, each independent of the others: population, the
** leave test and what a staying customer pays.  (On the vector paths whole
** groups of four trials run in lanes instead, cs_trial_lanes.c, with the
** same arithmetic; this serves the scalar path and a run's last trials.) */
static void ccg_steps(size_t n_ccgs, double *restrict population_of, unsigned char *restrict customer,
                      double *restrict paid, const double *restrict budget_share, const double *restrict leave_draw,
                      double growth, double envelope, double price, double base_leave, double elasticity)
{
    double over_nothing = price > 0 ? INFINITY : 0.0; /* overprice's value for a budget <= 0 */
    if (!leave_draw) /* year 0: everyone stays */
        for (size_t c = 0; c < n_ccgs; c++) {
            double population = population_of[c] * growth;
            population_of[c] = population;
            double budget = budget_share[c] * envelope;
            paid[c] = population * (price < budget ? price : budget); /* 5. at most the support budget */
        }
    else
        for (size_t c = 0; c < n_ccgs; c++) {
            double population = population_of[c] * growth;
            population_of[c] = population;
            double budget = budget_share[c] * envelope;
            double excess = price / budget - 1;
            excess = 0.5 * (excess + fabs(excess)); /* max(0, excess), exactly, without a branch */
            excess = budget > 0 ? excess : over_nothing;
            double leave = base_leave + elasticity * excess;
            leave = leave < 1 ? leave : 1;
            customer[c] = (unsigned char)(customer[c] & (leave_draw[c] < leave ? 0 : 1));
            paid[c] = population * (price < budget ? price : budget);
        }
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
    ccg_steps(n_ccgs, work->population, work->customer, work->paid, work->budget_share, leave_draw, growth, envelope,
              price, base_leave, plan->price_elasticity);

    /* The sums, in CCG order. */
    const double *population_of = work->population, *paid = work->paid;
    const unsigned char *customer = work->customer;
    double turnover = draws->other_income[t], covered = 0, all = 0;
    int customers = 0;
    for (size_t c = 0; c < n_ccgs; c++) {
        all += population_of[c];
        if (!customer[c]) continue;
        customers++;
        covered += population_of[c];
        turnover += paid[c];
    }

    year->envelope = envelope;
    year->price = price;
    year->turnover = turnover;
    year->coverage = covered / all; /* 6. */
    year->customers = customers;
    year->leadership_failure = draws->leadership_failure[t]; /* 4. */
}
