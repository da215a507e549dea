/*
** test_model.c: one trial against hand-computed figures, and P(viable)
** against a closed form.
**
** With every input fixed (and churn 0) a trial is plain arithmetic, so each
** year's turnover, costs, margin and reserve must equal the hand computation
** written out below (to rounding, relative 1e-12).
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "cs_engine.h"
#include "cs_model.h"
#include "cs_rng.h"
#include "test_util.h"

#define CLOSE(actual, expected) \
    cr_expect(fabs((double)(actual) - (double)(expected)) <= 1e-12 * (1 + fabs((double)(expected))), \
              "%s = %.17g, expected %.17g", #actual, \
              (double)(actual), (double)(expected))

/* Two CCGs of 100000 and 200000; a = 25 and r = 0.4, so b = 15 a head. */
static const char fixed_plan[] =
    "{\"id\": \"fixed\", \"name\": \"Fixed\", \"years\": 3, \"freestanding_year\": 2015,"
    " \"ccgs\": [{\"name\": \"A\", \"population\": 100000}, {\"name\": \"B\", \"population\": 200000}],"
    " \"population_growth\": 0.01, \"in_house_share\": 0.4, \"price_per_head\": [14, 16, 15],"
    " \"price_realisation\": 1, \"churn\": %s, \"price_elasticity\": 0, \"other_income\": 1000000,"
    " \"staff_cost\": 2000000, \"variable_share\": 0.6, \"pay_inflation\": 0.02, \"efficiency_plan\": 0.04,"
    " \"efficiency_delivery\": 0.5, \"nonpay_cost\": 1000000, \"nonpay_inflation\": 0.03,"
    " \"redundancy_factor\": 1.5, \"hosting_fee_rate\": 0.01, \"oversight_cost\": 50000,"
    " \"transition_cost_rate\": 0.1, \"leadership_risk\": %s, \"leadership_churn\": %s,"
    " \"leadership_cost_rate\": 0.02, \"opening_reserve\": 100000}";

static const cs_year *run_fixed(cs_plan *plan, cs_trial_work *work, cs_draws *draws, const char *churn,
                                const char *risk, const char *leadership_churn, int *viable)
{
    char text[2048];
    snprintf(text, sizeof text, fixed_plan, churn, risk, leadership_churn);
    cs_error err;
    cr_assert_eq(test_plan_from_text(plan, text, &err), CS_OK, "%s: %s", err.path, err.message);
    cr_assert_eq(cs_draws_init(draws, 3, 2), CS_OK);
    cr_assert_eq(cs_trial_work_init(work, 3, 2), CS_OK);
    gsl_rng *rng = cs_rng_alloc();
    cs_rng_trial(rng, 1, cs_rng_plan_key(plan->id), 0);
    cs_draws_sample(draws, plan, rng, NULL);
    gsl_rng_free(rng);
    *viable = cs_trial_run(plan, draws, work);
    return work->year;
}

Test(model, every_input_fixed_matches_the_hand_computation)
{
    cs_plan plan;
    cs_trial_work work;
    cs_draws draws;
    int viable;
    const cs_year *y = run_fixed(&plan, &work, &draws, "0", "0", "0.1", &viable);

    /* Year 0: price 14 < b = 15, so TO = 300000 x 14 + 1m. */
    CLOSE(y[0].turnover, 300000.0 * 14 + 1e6);
    CLOSE(y[0].staff, 2e6);
    CLOSE(y[0].redundancy, 0);
    CLOSE(y[0].nonpay, 1e6);
    CLOSE(y[0].hosting, 0.01 * 5.2e6);
    CLOSE(y[0].oversight, 50000);
    CLOSE(y[0].transition, 0.1 * 2e6);
    CLOSE(y[0].leadership, 0);
    double cost0 = 2e6 + 1e6 + 52000 + 50000 + 200000;
    CLOSE(y[0].cost, cost0);
    CLOSE(y[0].margin, 5.2e6 - cost0);
    CLOSE(y[0].margin_pct, (5.2e6 - cost0) / 5.2e6);
    CLOSE(y[0].reserve, 100000 + 5.2e6 - cost0);

    /* Year 1: population x 1.01; price 16 > b = 15, so CCGs pay 15 a head.
    ** S* = 2m x 1.02 x (1 - 0.04 x 0.5). */
    double to1 = 303000.0 * 15 + 1e6, staff1 = 2e6 * 1.02 * 0.98;
    CLOSE(y[1].turnover, to1);
    CLOSE(y[1].staff, staff1);
    CLOSE(y[1].nonpay, 1.03e6);
    CLOSE(y[1].hosting, 0.01 * to1);
    CLOSE(y[1].transition, 0);
    double cost1 = staff1 + 1.03e6 + 0.01 * to1 + 50000;
    CLOSE(y[1].cost, cost1);
    CLOSE(y[1].reserve, 100000 + 5.2e6 - cost0 + to1 - cost1);

    /* Year 2 = freestanding year: no hosting fee or oversight. */
    double to2 = 306030.0 * 15 + 1e6, staff2 = staff1 * 1.02 * 0.98, nonpay2 = 1e6 * 1.03 * 1.03;
    CLOSE(y[2].turnover, to2);
    CLOSE(y[2].staff, staff2);
    CLOSE(y[2].hosting, 0);
    CLOSE(y[2].oversight, 0);
    CLOSE(y[2].cost, staff2 + nonpay2);
    CLOSE(y[2].margin, to2 - staff2 - nonpay2);
    CLOSE(y[2].reserve, 100000 + (5.2e6 - cost0) + (to1 - cost1) + (to2 - staff2 - nonpay2));
    cr_expect_eq(y[2].customers, 2);
    cr_expect_eq(viable, 1);
    cs_trial_work_free(&work);
    cs_draws_free(&draws);
    cs_plan_free(&plan);
}

Test(model, lost_customers_are_staffed_one_more_year_then_shed)
{
    cs_plan plan;
    cs_trial_work work;
    cs_draws draws;
    int viable;
    /* churn 1: every CCG leaves in year 1. */
    const cs_year *y = run_fixed(&plan, &work, &draws, "1", "0", "0.1", &viable);
    double staff1_base = 2e6 * 1.02 * 0.98, staff2_base = staff1_base * 1.02 * 0.98;
    cr_expect_eq(y[1].customers, 0);
    CLOSE(y[1].coverage, 0);
    CLOSE(y[1].turnover, 1e6);
    CLOSE(y[1].staff, staff1_base);                          /* kappa_0 = 1: full staff */
    CLOSE(y[1].redundancy, 1.5 * 0.6 * staff1_base * 1.0);   /* shed v S* (kappa_0 - kappa_1) */
    CLOSE(y[2].staff, staff2_base * 0.4);                    /* only the fixed part remains */
    CLOSE(y[2].redundancy, 0);
    CLOSE(y[2].margin_pct, (1e6 - staff2_base * 0.4 - 1e6 * 1.03 * 1.03) / 1e6);
    cr_expect_eq(viable, 0);
    cs_trial_work_free(&work);
    cs_draws_free(&draws);
    cs_plan_free(&plan);
}

Test(model, leadership_failure_costs_and_drives_churn)
{
    cs_plan plan;
    cs_trial_work work;
    cs_draws draws;
    int viable;
    /* A failure every year; leadership_churn 1 makes every CCG leave in year 1. */
    const cs_year *y = run_fixed(&plan, &work, &draws, "0", "1", "1", &viable);
    cr_expect_eq(y[0].leadership_failure, 1);
    CLOSE(y[0].leadership, 0.02 * 2e6);
    cr_expect_eq(y[0].customers, 2);
    cr_expect_eq(y[1].customers, 0);
    CLOSE(y[1].leadership, 0.02 * y[1].staff);
    cs_trial_work_free(&work);
    cs_draws_free(&draws);
    cs_plan_free(&plan);
}

/* One CCG that never overpays and no leadership risk: only churn is
** uncertain, and any departure leaves margin% = -1 in a year that counts
** (freestanding from year 0), so a trial is viable exactly when the CCG
** stays all T-1 leave draws: P = E[(1-q0)^(T-1)] for q0 ~ Beta(a, b),
** which is prod_{j<T-1} (b + j) / (a + b + j). */
Test(model, viability_matches_its_closed_form)
{
    static const char text[] =
        "{\"id\": \"closed\", \"name\": \"Closed form\", \"years\": 5, \"freestanding_year\": 2013,"
        " \"ccgs\": [{\"name\": \"Only\", \"population\": 500000}],"
        " \"population_growth\": 0, \"in_house_share\": 0.4, \"price_per_head\": 10, \"price_realisation\": 1,"
        " \"churn\": {\"dist\": \"beta\", \"mean\": 0.1, \"sd\": 0.05}, \"pay_inflation\": 0,"
        " \"nonpay_inflation\": 0, \"efficiency_delivery\": 0.5, \"staff_cost\": 1000000, \"nonpay_cost\": 500000,"
        " \"leadership_risk\": 0}";
    cs_plan plan;
    cs_error err;
    cr_assert_eq(test_plan_from_text(&plan, text, &err), CS_OK, "%s: %s", err.path, err.message);
    double mean = 0.1, sd = 0.05, k = mean * (1 - mean) / (sd * sd) - 1, alpha = mean * k, beta = (1 - mean) * k;
    double expected = 1;
    for (int j = 0; j < 4; j++) expected *= (beta + j) / (alpha + beta + j);

    cs_run_options options = {.trials = 100000, .seed = 11, .threads = 2};
    cs_run_data data;
    cr_assert_eq(cs_engine_run(&plan, &options, &data, &err), CS_OK);
    double p = (double)data.viable_count / (double)data.trials;
    double se = sqrt(expected * (1 - expected) / (double)data.trials);
    cr_expect(fabs(p - expected) <= 4 * se, "P(viable) %.5f, closed form %.5f (se %.5f)", p, expected, se);
    cs_run_data_free(&data);
    cs_plan_free(&plan);
}
