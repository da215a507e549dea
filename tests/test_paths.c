/*
** test_paths.c: the shared names: the table of a trial's random inputs
** (cs_inputs.h), parameter paths (cs_param_path.h), stream sets and light
** runs of the engine.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_engine.h"
#include "cs_inputs.h"
#include "cs_param_path.h"
#include "cs_rng.h"
#include "test_util.h"

#define PLAN "plans/west-yorkshire.json"

Test(inputs, eleven_inputs_named_and_numbered_in_order)
{
    static const char *const names[] = {"price_realisation", "churn", "efficiency_delivery", "in_house_share",
                                        "population_growth", "envelope_change", "other_income", "pay_inflation",
                                        "nonpay_inflation", "leadership", "leave"};
    cr_assert_eq(CS_N_INPUTS, 11);
    for (int k = 0; k < CS_N_INPUTS; k++) {
        cr_expect_str_eq(cs_inputs[k].name, names[k]);
        cr_expect_eq((int)cs_inputs[k].id, k);
        cr_expect_eq(cs_input_find(names[k]), &cs_inputs[k]);
    }
    cs_input_id id;
    cs_error err;
    cr_expect_eq(cs_input_parse("chrun", "f.json", "correlations[0]", &id, &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "did you mean 'churn'") != NULL, "%s", err.message);
}

Test(inputs, counts_randomness_and_distributions_follow_the_plan)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN); /* 10 CCGs, 5 years, envelope_change fixed at 0 */
    cr_expect_eq(cs_input_count(&plan, CS_INPUT_CHURN), 1);
    cr_expect_eq(cs_input_count(&plan, CS_INPUT_IN_HOUSE_SHARE), 10);
    cr_expect_eq(cs_input_count(&plan, CS_INPUT_PAY_INFLATION), 4);
    cr_expect_eq(cs_input_count(&plan, CS_INPUT_OTHER_INCOME), 5);
    cr_expect_eq(cs_input_count(&plan, CS_INPUT_LEAVE), 40);
    cr_expect_not(cs_input_is_random(&plan, CS_INPUT_ENVELOPE_CHANGE));
    cr_expect(cs_input_is_random(&plan, CS_INPUT_CHURN));
    cr_expect(cs_input_is_random(&plan, CS_INPUT_LEADERSHIP));
    cr_expect_eq(cs_input_dist(&plan, CS_INPUT_CHURN), &plan.churn);
    cr_expect_null(cs_input_dist(&plan, CS_INPUT_LEAVE));
    plan.leadership_risk = 0;
    cr_expect_not(cs_input_is_random(&plan, CS_INPUT_LEADERSHIP));
    cs_plan_free(&plan);
}

Test(inputs, summaries_of_one_trials_draws)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN);
    plan.ccgs[0].population *= 3; /* weights 3, 1, 1, ... */
    cs_draws draws;
    cr_assert_eq(cs_draws_init(&draws, 5, 10), CS_OK);
    gsl_rng *rng = cs_rng_alloc();
    cs_rng_trial(rng, 1, cs_rng_plan_key(plan.id), 0);
    cs_draws_sample(&draws, &plan, rng, NULL);
    double weighted = 3 * draws.in_house_share[0], mean_pay = 0;
    for (int c = 1; c < 10; c++) weighted += draws.in_house_share[c];
    for (int t = 1; t < 5; t++) mean_pay += draws.pay_inflation[t] / 4;
    cr_expect(fabs(cs_input_summary(&plan, &draws, CS_INPUT_IN_HOUSE_SHARE) - weighted / 12) < 1e-15);
    cr_expect(fabs(cs_input_summary(&plan, &draws, CS_INPUT_PAY_INFLATION) - mean_pay) < 1e-15);
    cr_expect_eq(cs_input_summary(&plan, &draws, CS_INPUT_CHURN), draws.churn_base);
    gsl_rng_free(rng);
    cs_draws_free(&draws);
    cs_plan_free(&plan);
}

Test(paths, parse_get_and_set_every_kind)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN);
    cs_param_path path;
    cs_error err;
    char why[256];
    cr_assert_eq(cs_param_path_parse(&path, "opening_reserve", &plan, "--vary", &err), CS_OK);
    cr_expect_eq(path.kind, CS_PATH_NUMBER);
    cr_expect_eq(cs_param_path_set(&path, &plan, 2e6, why, sizeof why), 0);
    cr_expect_eq(plan.opening_reserve, 2e6);

    cr_assert_eq(cs_param_path_parse(&path, "churn.mean", &plan, "--vary", &err), CS_OK);
    cr_expect_eq(cs_param_path_get(&path, &plan), 0.02);
    cr_expect_eq(cs_param_path_set(&path, &plan, 0.04, why, sizeof why), 0);
    cr_expect_eq(plan.churn.param[0], 0.04);
    cr_expect(fabs(cs_dist_mean(&plan.churn) - 0.04) < 1e-15); /* re-prepared */
    cr_expect_eq(cs_param_path_set(&path, &plan, 1.5, why, sizeof why), -1);
    cr_expect(strstr(why, "mean") != NULL, "%s", why);
    cr_expect_eq(plan.churn.param[0], 0.04); /* unchanged on error */

    cr_assert_eq(cs_param_path_parse(&path, "envelope_change.value", &plan, "--vary", &err), CS_OK);
    cr_expect_eq(cs_param_path_set(&path, &plan, -0.02, why, sizeof why), 0);
    cr_expect_eq(plan.envelope_change.param[0], -0.02);

    cr_assert_eq(cs_param_path_parse(&path, "price", &plan, "--vary", &err), CS_OK);
    cr_expect_eq(cs_param_path_get(&path, &plan), 1.0);
    double before = plan.price_per_head[4];
    cr_expect_eq(cs_param_path_set(&path, &plan, 1.1, why, sizeof why), 0);
    cr_expect_eq(plan.price_per_head[4], before * 1.1);
    cr_expect_eq(cs_param_path_set(&path, &plan, -1, why, sizeof why), -1);
    cs_plan_free(&plan);
}

Test(paths, unknown_paths_suggest_the_valid_ones)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN);
    cs_param_path path;
    cs_error err;
    cr_expect_eq(cs_param_path_parse(&path, "churn.maen", &plan, "--vary", &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "did you mean 'churn.mean'") != NULL, "%s", err.message);
    cr_expect_str_eq(err.path, "--vary");
    cr_expect_eq(cs_param_path_parse(&path, "churn", &plan, "--vary", &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "beta distribution") != NULL, "%s", err.message);
    cr_expect_eq(cs_param_path_parse(&path, "staff_cost.mean", &plan, "--vary", &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "plain number") != NULL, "%s", err.message);
    cr_expect_eq(cs_param_path_parse(&path, "envelope_change.mean", &plan, "--vary", &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "envelope_change.value") != NULL, "%s", err.message);
    cr_expect_eq(cs_param_path_parse(&path, "price_per_head", &plan, "--vary", &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "did you mean 'price'") != NULL, "%s", err.message);
    cs_plan_free(&plan);
}

Test(engine_sets, stream_set_b_changes_only_the_inputs_taken_from_it)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN);
    cs_draws a, b;
    cr_assert_eq(cs_draws_init(&a, 5, 10), CS_OK);
    cr_assert_eq(cs_draws_init(&b, 5, 10), CS_OK);
    gsl_rng *rng = cs_rng_alloc();
    cs_sampling churn_from_b;
    memset(&churn_from_b, 0, sizeof churn_from_b);
    churn_from_b.stream_set[CS_INPUT_CHURN] = CS_STREAM_SET_B;
    cs_rng_trial(rng, 1, 2, 3);
    cs_draws_sample(&a, &plan, rng, NULL);
    cs_rng_trial(rng, 1, 2, 3);
    cs_draws_sample(&b, &plan, rng, &churn_from_b);
    cr_expect_neq(a.churn_base, b.churn_base);
    cr_expect_eq(a.price_realisation, b.price_realisation);
    cr_expect_eq(memcmp(a.in_house_share, b.in_house_share, 10 * sizeof(double)), 0);
    cr_expect_eq(memcmp(a.leave_draw, b.leave_draw, 50 * sizeof(double)), 0);
    gsl_rng_free(rng);
    cs_draws_free(&a);
    cs_draws_free(&b);
    cs_plan_free(&plan);
}

Test(engine_sets, light_run_keeps_the_same_outcomes_and_counts)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN);
    cs_run_options full = {.trials = 4000, .seed = 5, .threads = 2};
    cs_run_options light = {.trials = 4000, .seed = 5, .threads = 1, .light = 1, .keep_inputs = 1};
    cs_run_data a, b;
    cs_error err;
    cr_assert_eq(cs_engine_run(&plan, &full, &a, &err), CS_OK);
    cr_assert_eq(cs_engine_run(&plan, &light, &b, &err), CS_OK);
    cr_expect_null(b.turnover);
    cr_expect_null(a.inputs);
    cr_assert_not_null(b.inputs);
    cr_expect_eq(memcmp(a.final_reserve, b.final_reserve, 4000 * sizeof(double)), 0);
    cr_expect_eq(memcmp(a.viable, b.viable, 4000), 0);
    cr_expect_eq(memcmp(a.customers_total, b.customers_total, 3 * 5 * sizeof(uint64_t)), 0);
    cr_expect_eq(a.viable_count, b.viable_count);
    /* the counts agree with the stored yearly figures */
    for (size_t t = 0; t < 5; t++) {
        uint64_t deficits = 0, surpluses = 0;
        for (size_t i = 0; i < 4000; i++) {
            double turnover = a.turnover[t * 4000 + i], margin = turnover - a.cost[t * 4000 + i];
            deficits += margin < 0;
            surpluses += (turnover > 0 ? margin / turnover : -1.0) >= CS_REQUIRED_SURPLUS;
        }
        cr_expect_eq(a.deficit_count[t], deficits);
        cr_expect_eq(a.surplus_count[t], surpluses);
    }
    /* the churn summary of each trial is a draw of its beta distribution */
    for (size_t i = 0; i < 4000; i++) {
        double churn = b.inputs[CS_INPUT_CHURN * 4000 + i];
        cr_assert(churn > 0 && churn < 1);
    }
    cs_run_data_free(&a);
    cs_run_data_free(&b);
    cs_plan_free(&plan);
}

/* correlation.A.B: the rank correlation of two inputs, in either order; 0
** where the plan states none; set, it is added or changed and checked. */
Test(paths, a_correlation_path_gets_sets_and_checks_a_pair)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN);
    cs_param_path path, reversed;
    cs_error err;
    cr_assert_eq(cs_param_path_parse(&path, "correlation.in_house_share.churn", &plan, "--set", &err), CS_OK, "%s",
                 err.message);
    cr_assert_eq(cs_param_path_parse(&reversed, "correlation.churn.in_house_share", &plan, "--set", &err), CS_OK);
    cr_expect_eq(path.kind, CS_PATH_CORRELATION);
    cr_expect_eq(path.inputs[0], CS_INPUT_CHURN);
    cr_expect_eq(path.inputs[1], CS_INPUT_IN_HOUSE_SHARE);
    cr_expect_eq(cs_param_path_get(&path, &plan), 0.0, "no pair stated");
    char why[512];
    cr_assert_eq(cs_param_path_set(&path, &plan, 0.4, why, sizeof why), 0, "%s", why);
    cr_expect_eq(plan.correlations.n, 1);
    cr_expect_eq(cs_param_path_get(&reversed, &plan), 0.4);
    cr_assert_eq(cs_param_path_set(&reversed, &plan, -0.2, why, sizeof why), 0, "%s", why);
    cr_expect_eq(plan.correlations.n, 1, "the same pair, changed");
    cr_expect_eq(plan.correlations.pair[0].rank, -0.2);
    cr_expect_eq(cs_param_path_set(&path, &plan, 1.5, why, sizeof why), -1);
    cr_expect(strstr(why, "[-1, 1]"), "%s", why);
    cr_expect_eq(cs_param_path_set(&path, &plan, NAN, why, sizeof why), -1);
    /* envelope_change is fixed in this plan: it cannot be correlated. */
    cs_param_path fixed;
    cr_assert_eq(cs_param_path_parse(&fixed, "correlation.churn.envelope_change", &plan, "--set", &err), CS_OK);
    cr_expect_eq(cs_param_path_set(&fixed, &plan, 0.3, why, sizeof why), -1);
    cr_expect(strstr(why, "envelope_change"), "%s", why);
    cr_expect_eq(plan.correlations.n, 1, "a refused value changes nothing");
    cr_expect_eq(cs_param_path_parse(&path, "correlation.churn.churn", &plan, "--set", &err), CS_ERR_INPUT);
    cr_expect_eq(cs_param_path_parse(&path, "correlation.churn", &plan, "--set", &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "two different inputs"), "%s", err.message);
    cs_plan_free(&plan);
}
