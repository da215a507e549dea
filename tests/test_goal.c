/*
** test_goal.c: sweep, solve and the stress test (issue 9).
**
** A deterministic plan (every input fixed, nobody leaves) has a break-even
** price and a required opening reserve that follow in closed form from
** docs/model.md's equations, worked out by hand below; solve must find both
** to 1e-6 relative.  On a real plan: a solved opening reserve gives the
** target in a fresh run, sweeps are monotone where they must be, output is
** the same for any thread count, and bad requests exit 2 writing nothing.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_goal.h"
#include "cs_philox.h"
#include "cs_report.h"
#include "cs_sweep.h"
#include "test_util.h"

/* Every input fixed; nobody leaves (churn 0, elasticity 0, no leadership
** failures); one price for every year; hosting 1% while t < fs = 3. */
static const char deterministic_plan[] =
    "{\"id\": \"fixed\", \"name\": \"Deterministic\", \"ccgs\": [{\"name\": \"A\", \"population\": 600000},"
    " {\"name\": \"B\", \"population\": 400000}],"
    " \"price_per_head\": 12, \"staff_cost\": 9000000, \"nonpay_cost\": 3000000,"
    " \"population_growth\": 0, \"envelope_change\": 0, \"in_house_share\": 0.2, \"price_realisation\": 1,"
    " \"churn\": 0, \"price_elasticity\": 0, \"other_income\": 0, \"pay_inflation\": 0, \"efficiency_delivery\": 1,"
    " \"nonpay_inflation\": 0, \"leadership_risk\": 0, \"hosting_fee_rate\": 0.01, \"oversight_cost\": %s}";

#define POPULATION 1000000.0
#define COST 12000000.0          /* staff + non-pay, every year */
#define HOSTING 0.01
#define MAX_DEFICIT 0.02
#define FS 3                     /* 2016 - 2013 */
#define YEARS 5

static void load_text(cs_plan *plan, const char *oversight)
{
    char text[2048];
    snprintf(text, sizeof text, deterministic_plan, oversight);
    cs_error err;
    cr_assert_eq(test_plan_from_text(plan, text, &err), CS_OK, "%s: %s", err.path, err.message);
}

/* With turnover TO each year and oversight X while t < fs, the margin is
** TO - COST - HOSTING TO - X before fs and TO - COST after; the opening
** reserve R must keep R + (margins so far) >= -MAX_DEFICIT TO every year,
** so the reserve needed is the largest of -MAX_DEFICIT TO - (margins so far). */
static double reserve_needed(double turnover, double oversight)
{
    double cumulative = 0, needed = -INFINITY;
    for (int t = 0; t < YEARS; t++) {
        cumulative += t < FS ? turnover - COST - HOSTING * turnover - oversight : turnover - COST;
        double need = -MAX_DEFICIT * turnover - cumulative;
        if (need > needed) needed = need;
    }
    return needed;
}

Test(goal, solves_the_break_even_price_of_a_deterministic_plan_in_closed_form)
{
    /* With no oversight and no reserve, viability needs TO >= COST (margin
    ** from fs) and, every year t, (t+1)((1-h)TO - COST) >= -d TO before fs:
    ** TO >= (t+1) COST / ((t+1)(1-h) + d); after fs the years add TO - COST.
    ** The binding year here is t = 2: TO* = 3 COST / (3 (1-h) + d). */
    double binding = 0;
    for (int t = 0; t < YEARS; t++) {
        int before = t < FS ? t + 1 : FS, after = t < FS ? 0 : t - FS + 1;
        double needed = (double)(before + after) * COST / (before * (1 - HOSTING) + after + MAX_DEFICIT);
        if (needed > binding) binding = needed;
    }
    if (COST > binding) binding = COST;
    cr_assert(fabs(binding - 3 * COST / (3 * (1 - HOSTING) + MAX_DEFICIT)) < 1e-6, "the binding year is t = 2");
    double multiplier = binding / POPULATION / 12.0; /* price = 12 x multiplier, below the budget (0.8 x 25 = 20) */

    cs_plan plan;
    load_text(&plan, "0");
    cs_vary vary = {.base = &plan, .options = {.trials = 200, .seed = 3, .threads = 2}};
    cs_error err;
    cr_assert_eq(cs_param_path_parse(&vary.path, "price", &plan, "--for", &err), CS_OK);
    cs_goal goal;
    cr_assert_eq(cs_goal_solve(&vary, 0.5, NULL, NULL, &goal, &err), CS_OK, "%s", err.message);
    cr_expect(goal.found);
    cr_expect(fabs(goal.value - multiplier) <= 1e-6 * multiplier, "price multiplier %.10g, closed form %.10g",
              goal.value, multiplier);
    cr_expect_eq(goal.p_viable_at_value, 1.0, "the answer itself reaches the target");
    cr_expect_leq(goal.runs, CS_GOAL_MAX_RUNS);
    cs_plan_free(&plan);
}

Test(goal, solves_the_opening_reserve_of_a_deterministic_plan_in_closed_form)
{
    double oversight = 1500000, turnover = 12.0 * POPULATION; /* price 12 < budget 20: TO = 12m */
    double needed = reserve_needed(turnover, oversight);
    cr_assert(needed > 0, "the plan needs a reserve (%g)", needed);
    cs_plan plan;
    load_text(&plan, "1500000");
    cs_vary vary = {.base = &plan, .options = {.trials = 200, .seed = 3, .threads = 2}};
    cs_error err;
    cr_assert_eq(cs_param_path_parse(&vary.path, "opening_reserve", &plan, "--for", &err), CS_OK);
    cs_goal goal;
    cr_assert_eq(cs_goal_solve(&vary, 0.8, NULL, NULL, &goal, &err), CS_OK, "%s", err.message);
    cr_expect(goal.found);
    cr_expect(fabs(goal.value - needed) <= 1e-6 * needed, "opening reserve %.10g, closed form %.10g", goal.value,
              needed);
    cr_expect_leq(goal.runs, CS_GOAL_MAX_RUNS);
    cs_plan_free(&plan);
}

Test(goal, a_solved_opening_reserve_gives_the_target_in_a_fresh_run)
{
    cs_plan plan;
    test_load_plan(&plan, "plans/west-yorkshire.json");
    cs_run_options options = {.trials = 20000, .seed = 11, .threads = 2};
    cs_vary vary = {.base = &plan, .options = options};
    cs_error err;
    cr_assert_eq(cs_param_path_parse(&vary.path, "opening_reserve", &plan, "--for", &err), CS_OK);
    cs_goal goal;
    cr_assert_eq(cs_goal_solve(&vary, 0.5, NULL, NULL, &goal, &err), CS_OK, "%s", err.message);
    cr_assert(goal.found);
    plan.opening_reserve = goal.value;
    cs_outcome outcome;
    cr_assert_eq(cs_outcome_run(&plan, &options, 0, &outcome, &err), CS_OK);
    cr_expect(fabs(outcome.p_viable - 0.5) <= 0.002, "P(viable) %g at the solved reserve %g", outcome.p_viable,
              goal.value);
    cs_plan_free(&plan);
}

static void expect_monotone(const char *path_text, double from, double to, int direction)
{
    cs_plan plan;
    test_load_plan(&plan, "plans/west-yorkshire.json");
    cs_vary vary = {.base = &plan, .options = {.trials = 20000, .seed = 2, .threads = 2}};
    cs_error err;
    cr_assert_eq(cs_param_path_parse(&vary.path, path_text, &plan, "--vary", &err), CS_OK);
    cs_sweep sweep;
    cr_assert_eq(cs_sweep_run(&vary, from, to, 11, &sweep, &err), CS_OK, "%s", err.message);
    for (size_t i = 1; i < sweep.n; i++) {
        double before = sweep.points[i - 1].outcome.p_viable, after = sweep.points[i].outcome.p_viable;
        cr_expect(direction > 0 ? after >= before : after <= before, "%s: P(viable) %g at %g then %g at %g",
                  path_text, before, sweep.points[i - 1].value, after, sweep.points[i].value);
    }
    cr_expect_neq(sweep.points[0].outcome.p_viable, sweep.points[sweep.n - 1].outcome.p_viable);
    cs_sweep_free(&sweep);
    cs_plan_free(&plan);
}

Test(goal, sweeps_are_monotone_in_opening_reserve_and_churn)
{
    expect_monotone("opening_reserve", -5e6, 2e7, +1);
    expect_monotone("churn.mean", 0.005, 0.08, -1);
}

Test(goal, output_is_byte_identical_for_any_thread_count)
{
    char *dir = test_temp_dir();
    const char *commands[][8] = {
        {"sweep", "--vary", "price", "--from", "0.9", "--to", "1.2", NULL},
        {"solve", "--for", "churn.mean", "--target", "0.3", NULL, NULL, NULL},
        {"solve", "--stress", NULL, NULL, NULL, NULL, NULL, NULL},
    };
    char *plan = strdup(test_source_path("plans/arden.json"));
    for (size_t k = 0; k < 3; k++) {
        char *texts[2];
        for (int threads = 1; threads <= 2; threads++) {
            char out[1024], thread_text[8];
            snprintf(out, sizeof out, "%s/out-%zu-%d.json", dir, k, threads);
            snprintf(thread_text, sizeof thread_text, "%d", threads);
            const char **c = commands[k];
            int status = test_cli(NULL, c[0], plan, "-n", "3000", "-j", thread_text, "-f", "json", "-o", out, c[1],
                                  c[2], c[3], c[4], c[5], c[6], NULL);
            cr_assert_eq(status, 0, "%s", c[0]);
            texts[threads - 1] = test_read_file(out);
        }
        cr_expect_str_eq(texts[0], texts[1], "%s %s differs between 1 and 2 threads", commands[k][0], commands[k][1]);
        free(texts[0]);
        free(texts[1]);
    }
    free(plan);
    free(dir);
}

Test(goal, bad_requests_exit_2_and_write_nothing)
{
    char *dir = test_temp_dir();
    char out[1024];
    snprintf(out, sizeof out, "%s/out.json", dir);
    char *plan = strdup(test_source_path("plans/arden.json"));
    struct {
        const char *args[8];
        const char *message;
    } cases[] = {
        {{"sweep", "--vary", "churn.maen", "--from", "0", "--to", "1", NULL}, "did you mean 'churn.mean'"},
        {{"sweep", "--vary", "churn.mean", "--from", "0.05", "--to", "0.01", NULL}, "must be below --to"},
        {{"sweep", "--vary", "churn.mean", "--from", "0.01", "--to", "0.05", NULL}, NULL},
        {{"sweep", "--vary", "churn.mean", "--from", "0.01", "--to", "1.5", NULL}, "is not a value this plan can take: mean must lie in (0, 1)"},
        {{"solve", "--for", "churn.mean", "--target", "1.2", NULL}, "between 0 and 1"},
        {{"solve", "--for", "staff_cost", "--stress", NULL}, "either --for PATH or --stress"},
        {{"solve", "--for", "bogus", NULL}, "the parameter paths of plan 'arden' are"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (!cases[k].message) { /* --steps 1 */
            char *err_text = NULL;
            int status = test_cli(&err_text, "sweep", plan, "--vary", "churn.mean", "--from", "0.01", "--to", "0.05",
                                  "--steps", "1", "-o", out, NULL);
            cr_expect_eq(status, 2);
            cr_expect(err_text && strstr(err_text, "--steps expects a whole number from 2"), "%s", err_text);
            free(err_text);
            continue;
        }
        char *err_text = NULL;
        const char **a = cases[k].args;
        int status = test_cli(&err_text, a[0], plan, "-n", "500", "-o", out, a[1], a[2], a[3], a[4], a[5], a[6], NULL);
        cr_expect_eq(status, 2, "case %zu: status %d", k, status);
        cr_expect(err_text && strstr(err_text, cases[k].message), "case %zu: stderr %s", k, err_text);
        cr_expect_neq(access(out, F_OK), 0, "case %zu wrote its output", k);
        free(err_text);
    }
    free(plan);
    free(dir);
}

/* The first and last values of [FROM, TO] at steps of STEP where VARY's
** P(viable) reaches LEVEL (light runs, the same common random numbers). */
static void fine_sweep(cs_vary *vary, double from, double to, double step, double level, double *first, double *last)
{
    *first = *last = NAN;
    cs_error err;
    for (double x = from; x <= to + step / 2; x += step) {
        double p;
        cr_assert_eq(cs_vary_p_viable(vary, x, &p, &err), CS_OK, "%s", err.message);
        if (p >= level) {
            if (isnan(*first)) *first = x;
            *last = x;
        }
    }
}

Test(goal, the_range_of_prices_reaching_a_target_agrees_with_a_fine_sweep)
{
    /* Issue 19: the old 40-run search stopped silently at 1.0546 to 1.0824;
    ** a sweep at steps of 0.001 finds 1.052 to 1.118. */
    cs_plan plan;
    test_load_plan(&plan, "plans/west-yorkshire.json");
    cs_vary vary = {.base = &plan, .options = {.trials = 20000, .seed = 1, .threads = 2}};
    cs_error err;
    cr_assert_eq(cs_param_path_parse(&vary.path, "price", &plan, "--for", &err), CS_OK);
    cs_goal goal;
    cr_assert_eq(cs_goal_solve(&vary, 0.5, NULL, NULL, &goal, &err), CS_OK, "%s", err.message);
    cr_expect_eq(goal.status, CS_SOLVE_SOLVED);
    cr_assert(goal.has_range);
    const double step = 0.001;
    double first, last, unused;
    fine_sweep(&vary, 1.030, 1.080, step, 0.5, &first, &unused);
    fine_sweep(&vary, 1.090, 1.140, step, 0.5, &unused, &last);
    /* The solved ends are where the staircase crosses: between the sweep's
    ** last point below and first point above (within one step), give or
    ** take a one-trial wobble of the staircase within the next step. */
    cr_expect(goal.range_lo > first - step && goal.range_lo <= first + 1e-12, "range from %.6f, sweep from %.3f",
              goal.range_lo, first);
    cr_expect(goal.range_hi >= last - 1e-12 && goal.range_hi < last + 2 * step, "range to %.6f, sweep to %.3f",
              goal.range_hi, last);
    /* Every value returned is checked by a fresh run, and reaches the target. */
    cr_expect_geq(goal.n_checks, 2);
    for (size_t i = 0; i < goal.n_checks; i++)
        cr_expect(goal.check[i].reaches && goal.check[i].p_viable >= 0.5, "check at %.6f: P(viable) %.5f",
                  goal.check[i].value, goal.check[i].p_viable);
    cr_expect_leq(goal.runs, CS_GOAL_MAX_RUNS + 3);
    cs_plan_free(&plan);
}

Test(goal, a_target_reached_only_near_the_edge_of_the_domain_is_found)
{
    /* churn.mean's lower end (about 0.000225, where the beta's sd still
    ** fits) lies inside the search: the old search gave up there and called
    ** 56% unreachable although churn.mean = 0.004 gives 58.6%. */
    cs_plan plan;
    test_load_plan(&plan, "plans/west-yorkshire.json");
    cs_vary vary = {.base = &plan, .options = {.trials = 20000, .seed = 1, .threads = 2}};
    cs_error err;
    cr_assert_eq(cs_param_path_parse(&vary.path, "churn.mean", &plan, "--for", &err), CS_OK);
    cs_goal goal;
    cr_assert_eq(cs_goal_solve(&vary, 0.56, NULL, NULL, &goal, &err), CS_OK, "%s", err.message);
    cr_expect_eq(goal.status, CS_SOLVE_SOLVED);
    cr_assert(goal.found, "no value found");
    double p_at, p_beyond;
    cr_assert_eq(cs_vary_p_viable(&vary, goal.value, &p_at, &err), CS_OK);
    cr_assert_eq(cs_vary_p_viable(&vary, goal.value * (1 + 1e-6), &p_beyond, &err), CS_OK);
    cr_expect(p_at >= 0.56 && p_beyond < 0.56, "churn.mean %.8f: P(viable) %.5f, just above it %.5f", goal.value, p_at,
              p_beyond);
    cr_expect(goal.has_range && goal.range_lo < 0.001, "the values reaching 56%% run down to the domain's edge");
    cs_plan_free(&plan);
}

Test(goal, a_search_that_runs_out_of_budget_says_so)
{
    cs_plan plan;
    test_load_plan(&plan, "plans/west-yorkshire.json");
    cs_vary vary = {.base = &plan, .options = {.trials = 5000, .seed = 1, .threads = 2}};
    cs_error err;
    cr_assert_eq(cs_param_path_parse(&vary.path, "price", &plan, "--for", &err), CS_OK);
    cs_goal goal;
    /* 17 points of scan and a few steps of refinement: not enough for two crossings to 1e-7. */
    cr_assert_eq(cs_goal_solve_within(&vary, 0.5, NULL, NULL, 22, &goal, &err), CS_OK, "%s", err.message);
    cr_expect_eq(goal.status, CS_SOLVE_BUDGET);
    cr_expect_leq(goal.runs, 22 + 1 + 3);
    cr_expect(goal.open_lo < goal.open_hi, "the open bracket [%g, %g]", goal.open_lo, goal.open_hi);
    cr_expect(!goal.has_range, "no range is passed off as an answer");
    char *dir = test_temp_dir(), out[1024];
    snprintf(out, sizeof out, "%s/budget.json", dir);
    char *plan_file = strdup(test_source_path("plans/west-yorkshire.json"));
    int status = test_cli(NULL, "solve", plan_file, "-n", "5000", "--for", "price", "--target", "0.5", "--budget",
                          "22", "-f", "json", "-o", out, NULL);
    cr_expect_eq(status, 0);
    char *text = test_read_file(out);
    cJSON *json = cJSON_Parse(text);
    cr_assert(json);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(json, "status")), "budget");
    cr_expect(cJSON_IsArray(cJSON_GetObjectItem(json, "bracket")), "the open bracket is given");
    cJSON_Delete(json);
    free(text);
    free(plan_file);
    free(dir);
    cs_plan_free(&plan);
}

Test(goal, each_value_that_lifts_a_failing_plan_to_rigorous_at_does_so_in_a_run_with_set)
{
    /* west-yorkshire is below rigorous_at (about 45%): the stress test gives
    ** where each driver alone lifts P(viable) to 50%; `run --set` at that
    ** value must give P(viable) at the threshold, within its interval. */
    cs_plan plan;
    test_load_plan(&plan, "plans/west-yorkshire.json");
    cs_run_options options = {.trials = 5000, .seed = 1, .threads = 2};
    cs_stress stress;
    cs_error err;
    cr_assert_eq(cs_goal_stress(&plan, &options, &stress, &err), CS_OK, "%s", err.message);
    cr_assert_lt(stress.p_viable, stress.rigorous_at);
    char *dir = test_temp_dir(), out[1024];
    char *plan_file = strdup(test_source_path("plans/west-yorkshire.json"));
    size_t checked = 0;
    for (size_t k = 0; k < stress.n_drivers; k++) {
        const cs_stress_driver *d = &stress.drivers[k];
        cr_expect(d->to_rigorous_found || d->to_rigorous_status != CS_SOLVE_SOLVED, "%s: neither found nor explained",
                  d->parameter);
        if (!d->to_rigorous_found) continue;
        char set[256];
        snprintf(set, sizeof set, "%s=%.17g", d->parameter, d->to_rigorous);
        snprintf(out, sizeof out, "%s/run-%zu.json", dir, k);
        cr_assert_eq(test_cli(NULL, "run", plan_file, "-n", "5000", "-s", "1", "--set", set, "-f", "json", "-o", out,
                              NULL), 0, "run --set %s", set);
        char *text = test_read_file(out);
        cJSON *json = cJSON_Parse(text);
        double p = cJSON_GetNumberValue(cJSON_GetObjectItem(json, "p_viable"));
        cJSON *ci = cJSON_GetObjectItem(json, "p_viable_ci");
        double lo = cJSON_GetNumberValue(cJSON_GetArrayItem(ci, 0)), hi = cJSON_GetNumberValue(cJSON_GetArrayItem(ci, 1));
        cr_expect(p >= stress.rigorous_at && lo <= stress.rigorous_at && stress.rigorous_at <= hi,
                  "--set %s: P(viable) %.4f (%.4f to %.4f), rigorous_at %.2f", set, p, lo, hi, stress.rigorous_at);
        cJSON_Delete(json);
        free(text);
        checked++;
    }
    cr_expect_geq(checked, 4, "only %zu drivers reach rigorous_at", checked);
    char sentence[512];
    cr_expect_gt(cs_stress_lift_sentence(&stress, sentence, sizeof sentence), 0);
    cr_expect(strstr(sentence, "would lift it to proceed under rigorous management."), "%s", sentence);
    free(plan_file);
    free(dir);
    cs_plan_free(&plan);
}

Test(goal, solve_is_byte_identical_on_every_instruction_set_path)
{
    char *dir = test_temp_dir();
    char *plan = strdup(test_source_path("plans/west-yorkshire.json"));
    char *reference = NULL;
    size_t paths = 0;
    for (int path = CS_SIMD_SCALAR; path <= CS_SIMD_AVX512; path++) {
        if (!cs_simd_available((cs_simd_path)path)) continue;
        setenv("CSSIM_SIMD", cs_simd_name((cs_simd_path)path), 1);
        char out[1024];
        snprintf(out, sizeof out, "%s/%s.json", dir, cs_simd_name((cs_simd_path)path));
        cr_assert_eq(test_cli(NULL, "solve", plan, "-n", "3000", "--for", "price", "--target", "0.5", "-f", "json", "-o",
                              out, NULL),
                     0);
        char *text = test_read_file(out);
        paths++;
        if (!reference) reference = text;
        else {
            cr_expect_str_eq(text, reference, "the %s path's output differs", cs_simd_name((cs_simd_path)path));
            free(text);
        }
    }
    unsetenv("CSSIM_SIMD");
    cr_expect_geq(paths, 1);
    free(reference);
    free(plan);
    free(dir);
}
