/*
** test_scenario.c: scenario adjustments and common random numbers.
*/
#include <criterion/criterion.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_compare.h"
#include "cs_report.h"
#include "cs_scenario.h"
#include "test_util.h"

static cs_dist make(const cs_dist_family *family, double a, double b, double c, double d)
{
    cs_dist dist;
    double params[4] = {a, b, c, d};
    char why[256];
    cr_assert_eq(cs_dist_make(&dist, family, params, why, sizeof why), 0, "%s", why);
    return dist;
}

static void expect_params(const cs_dist *d, double a, double b, double c, double e)
{
    double expected[4] = {a, b, c, e};
    for (int i = 0; i < 4 && d->family->field[i]; i++)
        cr_expect(fabs(d->param[i] - expected[i]) < 1e-12, "%s %s = %g, expected %g", d->family->name,
                  d->family->field[i], d->param[i], expected[i]);
}

typedef struct shift_case {
    const cs_dist_family *family;
    double before[4];
    cs_adjust_op op;
    double amount;
    double after[4];
} shift_case;

Test(scenario, scale_and_add_move_each_familys_location)
{
    /* mean of normal, lognormal and beta (sd and bounds kept); value of fixed;
    ** every one of min, mode, max of uniform, triangular and pert. */
    const shift_case cases[] = {
        {&cs_dist_normal, {1, 0.5, 0, 3}, CS_ADJUST_SCALE, 2, {2, 0.5, 0, 3}},
        {&cs_dist_normal, {1, 0.5, 0, 3}, CS_ADJUST_ADD, 0.5, {1.5, 0.5, 0, 3}},
        {&cs_dist_lognormal, {2, 1}, CS_ADJUST_SCALE, 1.5, {3, 1}},
        {&cs_dist_lognormal, {2, 1}, CS_ADJUST_ADD, 1, {3, 1}},
        {&cs_dist_beta, {0.02, 0.015}, CS_ADJUST_ADD, 0.04, {0.06, 0.015}},
        {&cs_dist_beta, {0.02, 0.015}, CS_ADJUST_SCALE, 0.8, {0.016, 0.015}},
        {&cs_dist_fixed, {4}, CS_ADJUST_SCALE, 0.5, {2}},
        {&cs_dist_fixed, {4}, CS_ADJUST_ADD, -1, {3}},
        {&cs_dist_uniform, {1, 3}, CS_ADJUST_SCALE, 2, {2, 6}},
        {&cs_dist_uniform, {1, 3}, CS_ADJUST_ADD, 1, {2, 4}},
        {&cs_dist_triangular, {1, 2, 4}, CS_ADJUST_SCALE, 3, {3, 6, 12}},
        {&cs_dist_triangular, {1, 2, 4}, CS_ADJUST_ADD, -1, {0, 1, 3}},
        {&cs_dist_pert, {1, 2, 4}, CS_ADJUST_SCALE, 0.5, {0.5, 1, 2}},
        {&cs_dist_pert, {1, 2, 4}, CS_ADJUST_ADD, 2, {3, 4, 6}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const shift_case *c = &cases[k];
        cs_dist d = make(c->family, c->before[0], c->before[1], c->before[2], c->before[3]);
        char why[256];
        cr_assert_eq(cs_dist_shift(&d, c->op, c->amount, why, sizeof why), 0, "%s", why);
        expect_params(&d, c->after[0], c->after[1], c->after[2], c->after[3]);
    }
}

static void load_scenario_text(cs_scenario *scenario, const char *text)
{
    char *dir = test_temp_dir();
    char *file = test_write_file(dir, "scenario.json", text);
    cs_error err;
    cr_assert_eq(cs_scenario_load(scenario, file, &err), CS_OK, "%s: %s", err.path, err.message);
    free(file);
    free(dir);
}

Test(scenario, set_scale_and_add_through_a_scenario_file)
{
    cs_plan plan, adjusted;
    test_load_plan(&plan, "tests/data/example.json");
    cs_scenario scenario;
    load_scenario_text(&scenario,
                       "{\"id\": \"s\", \"name\": \"S\", \"adjust\": {"
                       " \"oversight_cost\": {\"set\": 250000},"
                       " \"leadership_risk\": {\"scale\": 0.5},"
                       " \"churn\": {\"add\": 0.04, \"reason\": \"confidence knocked\"},"
                       " \"pay_inflation\": {\"set\": {\"dist\": \"uniform\", \"min\": 0, \"max\": 0.02}},"
                       " \"price_per_head\": {\"scale\": 1.1},"
                       " \"other_income\": {\"set\": 5}}}");
    cs_error err;
    cr_assert_eq(cs_scenario_apply(&scenario, &plan, &adjusted, &err), CS_OK, "%s", err.message);
    cr_expect_eq(adjusted.oversight_cost, 250000);
    cr_expect(fabs(adjusted.leadership_risk - 0.04) < 1e-15);
    cr_expect(fabs(adjusted.churn.param[0] - 0.06) < 1e-15, "churn mean %g", adjusted.churn.param[0]);
    cr_expect_eq(adjusted.churn.param[1], 0.015);
    cr_expect_eq(adjusted.pay_inflation.family, &cs_dist_uniform);
    cr_expect(fabs(adjusted.price_per_head[2] - 14.4 * 1.1) < 1e-12);
    cr_expect(cs_dist_is_fixed(&adjusted.other_income) && adjusted.other_income.param[0] == 5);
    cr_expect_str_eq(scenario.adjust[2].reason, "confidence knocked");
    /* The plan itself is untouched. */
    cr_expect_eq(plan.oversight_cost, 0);
    cr_expect(fabs(plan.price_per_head[2] - 14.4) < 1e-15);
    cs_plan_free(&adjusted);
    cs_plan_free(&plan);
    cs_scenario_free(&scenario);
}

Test(scenario, an_adjustment_that_breaks_a_distribution_names_scenario_plan_and_parameter)
{
    cs_plan plan, adjusted;
    test_load_plan(&plan, "tests/data/example.json");
    cs_scenario scenario;
    load_scenario_text(&scenario, "{\"id\": \"bad\", \"name\": \"Bad\", \"adjust\": {\"churn\": {\"add\": 1.0}}}");
    cs_error err;
    cs_error_clear(&err);
    cr_assert_eq(cs_scenario_apply(&scenario, &plan, &adjusted, &err), CS_ERR_INPUT);
    cr_expect(strstr(err.file, "scenario.json") != NULL, "file %s", err.file);
    cr_expect_str_eq(err.path, "adjust.churn");
    cr_expect(strstr(err.message, "plan 'example'") != NULL, "message %s", err.message);
    cr_expect(strstr(err.message, "mean must lie in (0, 1)") != NULL, "message %s", err.message);
    cs_plan_free(&plan);
    cs_scenario_free(&scenario);
}

Test(scenario, unknown_parameter_and_bad_operation_are_errors)
{
    char *dir = test_temp_dir();
    char *file = test_write_file(dir, "s.json", "{\"id\": \"s\", \"name\": \"S\", \"adjust\": {\"chrun\": {\"add\": 1}}}");
    cs_scenario scenario;
    cs_error err;
    cr_expect_eq(cs_scenario_load(&scenario, file, &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "did you mean 'churn'") != NULL, "%s", err.message);
    free(file);
    file = test_write_file(dir, "t.json", "{\"id\": \"t\", \"name\": \"T\", \"adjust\": {\"churn\": {\"add\": 1, \"scale\": 2}}}");
    cr_expect_eq(cs_scenario_load(&scenario, file, &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "exactly one of") != NULL, "%s", err.message);
    free(file);
    free(dir);
}

static char *summary_text_without_scenario(const cs_plan *plan, const char *scenario_id)
{
    cs_run_options options = {.trials = 5000, .seed = 4, .threads = 2};
    cs_run_data data;
    cs_summary summary;
    cs_error err;
    cr_assert_eq(cs_run_and_summarise(plan, scenario_id, &options, &data, &summary, &err), CS_OK);
    cJSON *json = cs_summary_json(&summary);
    cJSON_DeleteItemFromObject(json, "scenario");
    char *text = cJSON_Print(json);
    cJSON_Delete(json);
    cs_summary_free(&summary);
    cs_run_data_free(&data);
    return text;
}

Test(scenario, no_adjustments_gives_the_result_of_no_scenario)
{
    cs_plan plan, adjusted;
    test_load_plan(&plan, "tests/data/example.json");
    cs_scenario scenario;
    cs_error err;
    cr_assert_eq(cs_scenario_load(&scenario, test_source_path("scenarios/lesser-oversight.json"), &err), CS_OK);
    cr_assert_eq(cs_scenario_apply(&scenario, &plan, &adjusted, &err), CS_OK);
    char *plain = summary_text_without_scenario(&plan, "none");
    char *with = summary_text_without_scenario(&adjusted, scenario.id);
    cr_expect_str_eq(plain, with);
    free(plain);
    free(with);
    cs_plan_free(&adjusted);
    cs_plan_free(&plan);
    cs_scenario_free(&scenario);
}

Test(scenario, the_same_scenario_twice_differs_by_exactly_zero)
{
    cs_plan plan;
    test_load_plan(&plan, "plans/west-yorkshire.json");
    cs_scenario scenarios[2];
    cs_error err;
    for (int i = 0; i < 2; i++)
        cr_assert_eq(cs_scenario_load(&scenarios[i], test_source_path("scenarios/stopped.json"), &err), CS_OK);
    cs_run_options options = {.trials = 20000, .seed = 1, .threads = 2};
    cs_comparison comparison;
    cr_assert_eq(cs_compare_run(&plan, scenarios, 2, &options, &comparison, &err), CS_OK, "%s", err.message);
    const cs_compare_entry *second = &comparison.entry[1];
    cr_expect_eq(second->p_viable.mean, 0.0);
    cr_expect_eq(second->p_viable.lo, 0.0);
    cr_expect_eq(second->p_viable.hi, 0.0);
    cr_expect_eq(second->final_reserve.mean, 0.0);
    cr_expect_eq(second->final_reserve.lo, 0.0);
    cr_expect_eq(second->final_reserve.hi, 0.0);
    cs_comparison_free(&comparison);
    for (int i = 0; i < 2; i++) cs_scenario_free(&scenarios[i]);
    cs_plan_free(&plan);
}

/* Half-width of the 95% interval of a difference of means from two
** independent samples. */
static double independent_half_width(const double *a, const double *b, size_t n)
{
    double var_a = gsl_stats_variance(a, 1, n), var_b = gsl_stats_variance(b, 1, n);
    return 1.959963984540054 * sqrt(var_a / (double)n + var_b / (double)n);
}

/* "Much narrower" is taken as at most half as wide: the paired design then
** reaches the precision of independent runs with a quarter of the trials. */
Test(scenario, common_random_numbers_narrow_the_difference)
{
    cs_plan plan, base_plan, other_plan;
    test_load_plan(&plan, "plans/west-yorkshire.json");
    cs_scenario scenarios[2];
    cs_error err;
    cr_assert_eq(cs_scenario_load(&scenarios[0], test_source_path("scenarios/lesser-oversight.json"), &err), CS_OK);
    cr_assert_eq(cs_scenario_load(&scenarios[1], test_source_path("scenarios/greater-oversight.json"), &err), CS_OK);
    size_t n = 20000;
    cs_run_options options = {.trials = n, .seed = 1, .threads = 2};
    cs_comparison comparison;
    cr_assert_eq(cs_compare_run(&plan, scenarios, 2, &options, &comparison, &err), CS_OK);
    const cs_compare_entry *paired = &comparison.entry[1];

    /* The same two scenarios on independent streams (another seed). */
    cr_assert_eq(cs_scenario_apply(&scenarios[0], &plan, &base_plan, &err), CS_OK);
    cr_assert_eq(cs_scenario_apply(&scenarios[1], &plan, &other_plan, &err), CS_OK);
    cs_run_options independent = {.trials = n, .seed = 2, .threads = 2};
    cs_run_data a, b;
    cr_assert_eq(cs_engine_run(&base_plan, &options, &a, &err), CS_OK);
    cr_assert_eq(cs_engine_run(&other_plan, &independent, &b, &err), CS_OK);
    double *va = malloc(n * sizeof *va), *vb = malloc(n * sizeof *vb);
    for (size_t i = 0; i < n; i++) {
        va[i] = a.viable[i];
        vb[i] = b.viable[i];
    }
    double paired_p = (paired->p_viable.hi - paired->p_viable.lo) / 2;
    double paired_r = (paired->final_reserve.hi - paired->final_reserve.lo) / 2;
    double ratio_p = paired_p / independent_half_width(va, vb, n);
    double ratio_r = paired_r / independent_half_width(a.final_reserve, b.final_reserve, n);
    cr_expect(ratio_p < 0.5, "P(viable): paired/independent interval ratio %.3f", ratio_p);
    cr_expect(ratio_r < 0.5, "final reserve: paired/independent interval ratio %.3f", ratio_r);
    cr_log_info("interval ratio paired/independent: P(viable) %.3f, final reserve %.3f", ratio_p, ratio_r);
    free(va);
    free(vb);
    cs_run_data_free(&a);
    cs_run_data_free(&b);
    cs_comparison_free(&comparison);
    cs_plan_free(&base_plan);
    cs_plan_free(&other_plan);
    cs_plan_free(&plan);
    for (int i = 0; i < 2; i++) cs_scenario_free(&scenarios[i]);
}

Test(scenario, compare_cli_writes_the_three_outcomes)
{
    char *dir = test_temp_dir();
    char out[1024], plan[1024];
    snprintf(out, sizeof out, "%s/compare.json", dir);
    snprintf(plan, sizeof plan, "%s", test_source_path("plans/arden.json"));
    char scenarios[1024];
    snprintf(scenarios, sizeof scenarios, "%s", test_source_path("scenarios"));
    cr_assert_eq(test_cli(NULL, "compare", plan, "--scenarios", scenarios, "-n", "2000", "-f", "json", "-o", out, NULL), 0);
    char *text = test_read_file(out);
    cJSON *json = cJSON_Parse(text);
    cr_assert_not_null(json);
    const cJSON *list = cJSON_GetObjectItem(json, "scenarios");
    cr_expect_eq(cJSON_GetArraySize(list), 3);
    cr_expect_str_eq(cJSON_GetObjectItem(json, "baseline")->valuestring, "lesser-oversight");
    cr_expect_not_null(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 1), "difference"));
    cr_expect_not_null(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 2), "run"), "years"));
    cJSON_Delete(json);
    free(text);
    free(dir);
}
