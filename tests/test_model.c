/*
** test_model.c: one trial against hand-computed figures, trials in vector
** lanes against one trial alone (bit for bit), and P(viable)
** against a closed form.
**
** With every input fixed (and churn 0) a trial is plain arithmetic, so each
** year's turnover, costs, margin and reserve must equal the hand computation
** written out below (to rounding, relative 1e-12).
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* What a comparison of the lanes with cs_trial_run went through, so the
** test can tell that every branch of the year loop was exercised. */
typedef struct lane_cover {
    size_t trials, viable, left, leadership, shed, no_turnover, nonfinite;
} lane_cover;

/* Trials 0 .. TRIALS-1 of PLAN (a multiple of CS_LANES) in lanes and one
** by one through cs_trial_run on the same draws: every figure of every year
** must be the same bits, and the viability the same. */
static void lanes_match_scalar(const cs_plan *plan, size_t trials, lane_cover *cover)
{
    size_t years = (size_t)plan->years, n_ccgs = plan->n_ccgs;
    cs_draws draws[CS_LANES];
    cs_trial_work work;
    cs_lane_work lanes;
    for (size_t k = 0; k < CS_LANES; k++) cr_assert_eq(cs_draws_init(&draws[k], years, n_ccgs), CS_OK);
    cr_assert_eq(cs_trial_work_init(&work, years, n_ccgs), CS_OK);
    cr_assert_eq(cs_lane_work_init(&lanes, years, n_ccgs), CS_OK);
    gsl_rng *rng = cs_rng_alloc();
    const cs_draws *const lane_draws[CS_LANES] = {&draws[0], &draws[1], &draws[2], &draws[3]};
    size_t mismatches = 0;
    for (size_t first = 0; first < trials; first += CS_LANES) {
        for (size_t k = 0; k < CS_LANES; k++) {
            cs_rng_trial(rng, 7, cs_rng_plan_key(plan->id), (uint32_t)(first + k));
            cs_draws_sample(&draws[k], plan, rng, NULL);
        }
        cs_trial_lanes_run(plan, lane_draws, &lanes);
        const int *viable = lanes.viable;
        for (size_t k = 0; k < CS_LANES; k++) {
            int scalar_viable = cs_trial_run(plan, &draws[k], &work);
            cr_expect_eq(viable[k], scalar_viable, "%s trial %zu: viable %d in lanes, %d alone", plan->id,
                         first + k, viable[k], scalar_viable);
            for (size_t t = 0; t < years; t++) {
                const cs_year *a = &lanes.year[k * years + t], *b = &work.year[t];
                const double lane_figures[] = {a->envelope, a->price, a->turnover, a->coverage, a->staff,
                                               a->redundancy, a->nonpay, a->hosting, a->oversight, a->transition,
                                               a->leadership, a->cost, a->margin, a->margin_pct, a->reserve};
                const double scalar_figures[] = {b->envelope, b->price, b->turnover, b->coverage, b->staff,
                                                 b->redundancy, b->nonpay, b->hosting, b->oversight, b->transition,
                                                 b->leadership, b->cost, b->margin, b->margin_pct, b->reserve};
                int same = memcmp(lane_figures, scalar_figures, sizeof lane_figures) == 0 &&
                           a->customers == b->customers && a->leadership_failure == b->leadership_failure;
                if (!same && mismatches++ < 5)
                    cr_expect(same, "%s trial %zu year %zu: turnover %a / %a, cost %a / %a, reserve %a / %a",
                              plan->id, first + k, t, a->turnover, b->turnover, a->cost, b->cost, a->reserve,
                              b->reserve);
                cover->left += b->customers < (int)n_ccgs;
                cover->leadership += b->leadership_failure != 0;
                cover->shed += b->redundancy > 0;
                cover->no_turnover += !(b->turnover > 0);
            }
            int year, nonfinite = cs_trial_nonfinite(work.year, (int)years, &year, &(const char *){NULL});
            cr_expect_eq(lanes.finite[k], !nonfinite, "%s trial %zu: finite %d in lanes", plan->id, first + k,
                         lanes.finite[k]);
            cover->nonfinite += (size_t)nonfinite;
            cover->viable += (size_t)scalar_viable;
            cover->trials++;
        }
    }
    cr_expect_eq(mismatches, 0, "%s: %zu trial-years differ between the lanes and cs_trial_run", plan->id,
                 mismatches);
    gsl_rng_free(rng);
    cs_lane_work_free(&lanes);
    cs_trial_work_free(&work);
    for (size_t k = 0; k < CS_LANES; k++) cs_draws_free(&draws[k]);
}

/* The lanes give cs_trial_run's bits on plans of 2 to 22 CCGs, with
** leadership failures, customers leaving, a freestanding year inside the
** horizon, the edge of a CCG with no budget (in-house share 1: every CCG
** leaves, and with no other income the turnover is 0, margin% -1), and
** figures that overflow (the lanes flag them as cs_trial_nonfinite does). */
Test(model, trials_in_lanes_give_the_bits_of_one_trial_alone)
{
    if (!cs_simd_available(CS_SIMD_AVX2)) cr_skip_test("no AVX2 on this machine");
    cr_assert(cs_trial_lanes_for(CS_SIMD_AVX2), "a machine with AVX2 runs the year loop in lanes");
    static const char *const files[] = {"plans/greater-east-midlands.json", "plans/west-yorkshire.json",
                                        "plans/hertfordshire.json"};
    for (size_t f = 0; f < 3; f++) {
        cs_plan plan;
        test_load_plan(&plan, files[f]);
        cr_assert(cs_plan_fs(&plan) > 0 && cs_plan_fs(&plan) < plan.years, "%s: freestanding inside", files[f]);
        lane_cover cover = {0};
        lanes_match_scalar(&plan, 20000, &cover);
        /* A riskier variant: more leadership failures, and more churn after them. */
        plan.leadership_risk = 0.4;
        plan.leadership_churn = 0.3;
        plan.price_elasticity = 2;
        lanes_match_scalar(&plan, 8000, &cover);
        cr_expect(cover.viable > 0 && cover.viable < cover.trials, "%s: %zu of %zu viable", files[f], cover.viable,
                  cover.trials);
        cr_expect(cover.left > 0 && cover.leadership > 0 && cover.shed > 0, "%s: %zu %zu %zu", files[f],
                  cover.left, cover.leadership, cover.shed);
        if (f == 2) {
            cs_dist_set_fixed(&plan.in_house_share, 1.0);
            cs_dist_set_fixed(&plan.other_income, 0.0);
            lanes_match_scalar(&plan, 400, &cover);
            cr_expect(cover.no_turnover > 0, "no year without turnover");
            cr_expect_eq(cover.nonfinite, 0);
            /* Costs beyond any sensible range: the reserve overflows. */
            plan.staff_cost = 8e307;
            plan.nonpay_cost = 8.5e307;
            lanes_match_scalar(&plan, 400, &cover);
            cr_expect(cover.nonfinite > 0, "no trial with a non-finite figure");
        }
        cs_plan_free(&plan);
    }
}
