/*
** test_drivers.c: the drivers of a plan (issue 8).
**
** The estimators, through the same code `cssim drivers` uses, on toy
** models with known indices: an additive model (first = total = a_k^2 Var
** X_k / Var Y) and the Ishigami function (a = 7, b = 0.1; analytic first
** and total indices), each within 4 bootstrap standard errors.  On a real
** plan: total >= first for every input, a fixed input has zero effect,
** holding inputs at their medians equals fixing them there, a scenario that
** moves only churn moves only churn's bar, and the same output for any
** thread count.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_drivers.h"
#include "cs_report.h"
#include "cs_sensitivity.h"
#include "test_util.h"

#define N_TOY 100000
#define TOLERANCE_SE 4.0

typedef double (*toy_model)(const double *x);

/* f(A), f(B) and f(AB_k) of a toy model of K inputs drawn by DRAW. */
static void pick_freeze(toy_model f, size_t k, void (*draw)(gsl_rng *, double *), double *ya, double *yb,
                        double **yab)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20240601);
    double a[8], b[8], mixed[8];
    for (size_t j = 0; j < N_TOY; j++) {
        draw(rng, a);
        draw(rng, b);
        ya[j] = f(a);
        yb[j] = f(b);
        for (size_t m = 0; m < k; m++) {
            memcpy(mixed, a, sizeof a);
            mixed[m] = b[m];
            yab[m][j] = f(mixed);
        }
    }
    gsl_rng_free(rng);
}

static void check_indices(toy_model f, size_t k, void (*draw)(gsl_rng *, double *), const double *first,
                          const double *total)
{
    double *ya = malloc(N_TOY * sizeof *ya), *yb = malloc(N_TOY * sizeof *yb), *yab[8];
    for (size_t m = 0; m < k; m++) yab[m] = malloc(N_TOY * sizeof *yab[m]);
    pick_freeze(f, k, draw, ya, yb, yab);
    cs_sobol_index indices[8];
    double variance;
    cs_error err;
    cr_assert_eq(cs_sobol_estimate(ya, yb, (const double *const *)yab, k, N_TOY, CS_BOOTSTRAP_RESAMPLES, 7, 2,
                                   indices, &variance, &err),
                 CS_OK);
    for (size_t m = 0; m < k; m++) {
        const cs_sobol_index *index = &indices[m];
        cr_expect(fabs(index->first - first[m]) <= TOLERANCE_SE * index->first_se,
                  "input %zu: first-order %.4f, exact %.4f (bootstrap se %.4f)", m, index->first, first[m],
                  index->first_se);
        cr_expect(fabs(index->total - total[m]) <= TOLERANCE_SE * index->total_se,
                  "input %zu: total %.4f, exact %.4f (bootstrap se %.4f)", m, index->total, total[m], index->total_se);
        cr_expect(index->first_lo <= index->first && index->first <= index->first_hi);
        cr_expect(index->total_lo <= index->total && index->total <= index->total_hi);
    }
    for (size_t m = 0; m < k; m++) free(yab[m]);
    free(ya);
    free(yb);
}

/* Y = 1 X1 + 2 X2 + 0.5 X3 with X_k ~ N(0, sd_k). */
static const double additive_a[3] = {1.0, 2.0, 0.5}, additive_sd[3] = {1.0, 0.5, 2.0};
static double additive(const double *x) { return additive_a[0] * x[0] + additive_a[1] * x[1] + additive_a[2] * x[2]; }
static void draw_additive(gsl_rng *rng, double *x)
{
    for (int k = 0; k < 3; k++) x[k] = gsl_ran_gaussian(rng, additive_sd[k]);
}

Test(sobol, additive_model_first_equals_total_equals_its_variance_share)
{
    double shares[3], total_variance = 0;
    for (int k = 0; k < 3; k++) {
        shares[k] = additive_a[k] * additive_a[k] * additive_sd[k] * additive_sd[k];
        total_variance += shares[k];
    }
    for (int k = 0; k < 3; k++) shares[k] /= total_variance; /* 1/3, 1/3, 1/3 */
    check_indices(additive, 3, draw_additive, shares, shares);
}

#define ISHIGAMI_A 7.0
#define ISHIGAMI_B 0.1
static double ishigami(const double *x)
{
    return sin(x[0]) + ISHIGAMI_A * sin(x[1]) * sin(x[1]) + ISHIGAMI_B * pow(x[2], 4) * sin(x[0]);
}
static void draw_ishigami(gsl_rng *rng, double *x)
{
    for (int k = 0; k < 3; k++) x[k] = gsl_ran_flat(rng, -M_PI, M_PI);
}

Test(sobol, ishigami_function_matches_its_analytic_indices)
{
    /* Ishigami and Homma (1990); the variances are the published closed forms. */
    double a = ISHIGAMI_A, b = ISHIGAMI_B, pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225;
    double variance = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    double first[3] = {v1 / variance, v2 / variance, 0};
    double total[3] = {(v1 + v13) / variance, v2 / variance, v13 / variance};
    cr_assert(fabs(first[0] - 0.3139) < 1e-4 && fabs(total[2] - 0.2437) < 1e-4, "the published values");
    check_indices(ishigami, 3, draw_ishigami, first, total);
}

Test(spearman, rank_correlation_of_known_data)
{
    double x[] = {1, 2, 3, 4, 5, 6}, y[] = {2, 1, 4, 3, 6, 5}, z[] = {6, 5, 4, 3, 2, 1};
    double rho, lo, hi;
    cs_error err;
    cr_assert_eq(cs_spearman(x, y, 6, &rho, &lo, &hi, &err), CS_OK);
    cr_expect(fabs(rho - (1 - 6.0 * 6 / (6 * 35))) < 1e-12, "rho %.15g", rho); /* 1 - 6 sum d^2 / n(n^2-1) */
    cr_expect(lo < rho && rho < hi);
    cr_assert_eq(cs_spearman(x, z, 6, &rho, &lo, &hi, &err), CS_OK);
    cr_expect_eq(rho, -1.0);
    double ties[] = {1, 1, 2, 2, 3, 3}, ranks[6];
    cr_assert_eq(cs_mid_ranks(ties, 6, ranks), CS_OK);
    cr_expect(ranks[0] == 1.5 && ranks[1] == 1.5 && ranks[4] == 5.5);
}

#define PLAN "plans/west-yorkshire.json"

static void run_drivers(const cs_plan *plan, int threads, cs_drivers *out)
{
    cs_run_options options = {.trials = 6000, .seed = 4, .threads = threads};
    cs_error err;
    cr_assert_eq(cs_drivers_run(plan, &options, 0, out, &err), CS_OK, "%s", err.message);
}

Test(drivers, on_a_real_plan_total_covers_first_and_a_fixed_input_has_no_effect)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN);
    cs_dist_set_fixed(&plan.churn, 0.02);
    cs_drivers drivers;
    run_drivers(&plan, 2, &drivers);
    for (size_t k = 0; k < CS_N_INPUTS; k++) {
        const cs_driver *d = &drivers.input[k];
        if (!d->random) continue;
        cr_expect(d->reserve.total_hi >= d->reserve.first_lo, "%s: total %g (%g to %g) below first %g (%g to %g)",
                  cs_inputs[k].name, d->reserve.total, d->reserve.total_lo, d->reserve.total_hi, d->reserve.first,
                  d->reserve.first_lo, d->reserve.first_hi);
    }
    const cs_driver *churn = &drivers.input[CS_INPUT_CHURN];
    cr_expect_not(churn->random);
    cr_expect_eq(churn->reserve.first, 0.0);
    cr_expect_eq(churn->reserve.total, 0.0);
    cr_expect_eq(churn->swing, 0.0);
    cr_expect_eq(churn->low.value, 0.02);
    cr_expect_eq(drivers.input[CS_INPUT_ENVELOPE_CHANGE].random, 0); /* fixed in the plan file */
    /* 2 + 9 random inputs (churn and envelope_change fixed) + 2 x 8 swung (leave is not swung) + the
    ** Shapley chain's 9 - 1 */
    cr_expect_eq(drivers.runs, 2 + 9 + 2 * 8 + 8);
    cr_expect(drivers.has_shapley && drivers.n_groups == 0);
    cs_plan_free(&plan);
}

Test(drivers, holding_every_input_at_its_median_equals_fixing_it_there)
{
    cs_plan held, fixed;
    test_load_plan(&held, PLAN);
    test_load_plan(&fixed, PLAN);
    char why[256];
    for (size_t k = 0; k < CS_N_INPUTS; k++) {
        if (k == CS_INPUT_LEAVE) continue;
        double median = k == CS_INPUT_LEADERSHIP ? 0.0 : cs_dist_quantile(cs_input_dist(&held, (cs_input_id)k), 0.5);
        cr_assert_eq(cs_input_hold(&held, (cs_input_id)k, median, why, sizeof why), 0, "%s", why);
        /* the same plan made by hand: plain numbers in place of distributions */
        if (k == CS_INPUT_LEADERSHIP) fixed.leadership_risk = 0;
        else {
            double params[CS_DIST_MAX_PARAMS] = {median};
            cr_assert_eq(cs_dist_make(cs_input_dist_mutable(&fixed, (cs_input_id)k), &cs_dist_fixed, params, why,
                                      sizeof why),
                         0);
        }
    }
    cs_run_options options = {.trials = 3000, .seed = 8, .threads = 2};
    cs_run_data a, b;
    cs_error err;
    cr_assert_eq(cs_engine_run(&held, &options, &a, &err), CS_OK);
    cr_assert_eq(cs_engine_run(&fixed, &options, &b, &err), CS_OK);
    cr_expect_eq(memcmp(a.final_reserve, b.final_reserve, 3000 * sizeof(double)), 0);
    cr_expect_eq(a.viable_count, b.viable_count);
    /* only the leave draws remain random, so the trials differ only by who leaves */
    for (size_t k = 0; k < CS_N_INPUTS; k++) cr_expect_eq(cs_input_is_random(&held, (cs_input_id)k), k == CS_INPUT_LEAVE);
    cs_run_data_free(&a);
    cs_run_data_free(&b);
    cs_plan_free(&held);
    cs_plan_free(&fixed);
}

Test(drivers, a_scenario_that_moves_only_churn_moves_only_churns_bar)
{
    cs_plan plan, moved;
    test_load_plan(&plan, PLAN);
    test_load_plan(&moved, PLAN);
    char why[256];
    cr_assert_eq(cs_dist_shift(&moved.churn, CS_ADJUST_ADD, 0.02, why, sizeof why), 0);
    cs_drivers before, after;
    run_drivers(&plan, 2, &before);
    run_drivers(&moved, 2, &after);
    for (size_t k = 0; k < CS_N_INPUTS; k++) {
        const cs_driver *x = &before.input[k], *y = &after.input[k];
        if (k == CS_INPUT_CHURN) {
            cr_expect(y->low.value > x->low.value && y->high.value > x->high.value, "churn's bar moves up");
            continue;
        }
        cr_expect_eq(x->low.value, y->low.value, "%s's bar moved", cs_inputs[k].name);
        cr_expect_eq(x->high.value, y->high.value, "%s's bar moved", cs_inputs[k].name);
    }
    cr_expect(after.p_viable < before.p_viable, "more churn, fewer viable trials");
    cs_plan_free(&plan);
    cs_plan_free(&moved);
}

Test(drivers, json_is_byte_identical_for_any_thread_count)
{
    char *dir = test_temp_dir();
    char one[1024], two[1024];
    snprintf(one, sizeof one, "%s/one.json", dir);
    snprintf(two, sizeof two, "%s/two.json", dir);
    char *plan = strdup(test_source_path("plans/arden.json"));
    cr_assert_eq(test_cli(NULL, "drivers", plan, "-n", "3000", "-j", "1", "-f", "json", "-o", one, "--indices-of",
                          "margin:2016", NULL),
                 0);
    cr_assert_eq(test_cli(NULL, "drivers", plan, "-n", "3000", "-j", "2", "-f", "json", "-o", two, "--indices-of",
                          "margin:2016/17", NULL),
                 0);
    char *text_one = test_read_file(one), *text_two = test_read_file(two);
    /* the run records name the option as given; everything else must match */
    char *cut_one = strstr(text_one, "\"run_record\""), *cut_two = strstr(text_two, "\"run_record\"");
    cr_assert(cut_one && cut_two);
    *cut_one = *cut_two = '\0';
    cr_expect_str_eq(text_one, text_two);
    cr_expect(strstr(text_one, "\"sobol_margin\"") != NULL);
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "drivers", plan, "-n", "100", "--indices-of", "margin:2030", NULL), 2);
    cr_expect(err_text && strstr(err_text, "no year 2030"), "%s", err_text);
    free(err_text);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "drivers", plan, "--indices-of", "reserve", NULL), 2);
    cr_expect(err_text && strstr(err_text, "expects margin:YEAR"), "%s", err_text);
    free(err_text);
    free(text_one);
    free(text_two);
    free(plan);
    free(dir);
}
