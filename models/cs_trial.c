/*
** cs_trial.c: one trial's year loop, t = 0 .. T-1, in docs/model.md's order.
*/
#include "cs_model.h"

#include <math.h>
#include <stdlib.h>

int cs_trial_work_init(cs_trial_work *work, size_t years, size_t n_ccgs)
{
    work->years = years;
    work->n_ccgs = n_ccgs;
    work->population = malloc(n_ccgs * sizeof *work->population);
    work->customer = malloc(n_ccgs);
    work->budget_share = malloc(n_ccgs * sizeof *work->budget_share);
    work->paid = malloc(n_ccgs * sizeof *work->paid);
    work->year = calloc(years, sizeof *work->year);
    if (!work->population || !work->customer || !work->budget_share || !work->paid || !work->year) {
        cs_trial_work_free(work);
        return CS_ERR_FAIL;
    }
    return CS_OK;
}

void cs_trial_work_free(cs_trial_work *work)
{
    free(work->population);
    free(work->customer);
    free(work->budget_share);
    free(work->paid);
    free(work->year);
    work->population = NULL;
    work->customer = NULL;
    work->budget_share = NULL;
    work->paid = NULL;
    work->year = NULL;
}

int cs_trial_run(const cs_plan *plan, const cs_draws *draws, cs_trial_work *work)
{
    for (size_t c = 0; c < work->n_ccgs; c++) {
        work->population[c] = plan->ccgs[c].population;
        work->customer[c] = 1;
        work->budget_share[c] = 1 - draws->in_house_share[c]; /* the same for every year */
    }
    cs_carry carry = {
        .envelope = plan->envelope_per_head,
        .covered_previous = 1.0,
        .leadership_previous = 0,
        .staff_base = plan->staff_cost,
        .nonpay_base = plan->nonpay_cost,
        .reserve = plan->opening_reserve,
    };
    for (int t = 0; t < plan->years; t++) {
        cs_demand_year(plan, draws, work, &carry, t, &work->year[t]);
        cs_costs_year(plan, draws, &carry, t, &work->year[t]);
    }
    return cs_trial_viable(plan, work->year);
}

int cs_trial_nonfinite(const cs_year *years, int n_years, int *year, const char **figure)
{
    for (int t = 0; t < n_years; t++) {
        const cs_year *y = &years[t];
        /* Turnover and cost make every other figure; the reserve sums them. */
        const char *bad = !isfinite(y->turnover) ? "the turnover"
                        : !isfinite(y->cost) ? "the cost"
                        : !isfinite(y->margin) ? "the margin"
                        : !isfinite(y->reserve) ? "the reserve" : NULL;
        if (bad) {
            *year = t;
            *figure = bad;
            return 1;
        }
    }
    return 0;
}
