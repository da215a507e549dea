/*
** test_dependent.c: sensitivity with dependent inputs (issue 19).
**
** The copula's conditional normal against its algebra and against the
** element-level Gaussian it stands for.  The estimators on toy models with
** closed forms, through the same estimator code `cssim drivers` uses and
** the same residual form of the conditional draws as cs_inverse.c:
**   - a linear Gaussian model Y = b1 X1 + b2 X2 + b3 X3 with corr(X1, X2) =
**     rho: full indices (b_i + sum_j rho_ij b_j)^2 / V, independent indices
**     b_i^2 Var(X_i | X_-i) / V (Mara, Tarantola & Annoni 2015), Shapley
**     effects of the pair 1/2 [V12 +- (b1^2 - b2^2)(1 - rho^2)] / V and of X3
**     b3^2 / V (Owen & Prieur 2017; Iooss & Prieur 2019);
**   - Shapley effects of the Ishigami function (independent inputs): the
**     first-order share plus half the X1-X3 interaction;
** each within 4 bootstrap standard errors.  On a real plan with churn ~
** in_house_share: the tornado's held P(viable) matches a large correlated
** run's trials whose churn lies near the held quantile, the Shapley effects
** sum to one, and the JSON is byte-identical for 1 and 2 threads and on
** every instruction-set path (and for 1 and 2 threads under Latin hypercube
** sampling).  Every way the drivers mix the stream sets keeps the copula's
** joint distribution.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_copula.h"
#include "cs_drivers.h"
#include "cs_engine.h"
#include "cs_philox.h"
#include "cs_sensitivity.h"
#include "test_util.h"

#define N_TOY 100000
#define TOLERANCE_SE 4.0
#define D 3

Test(copula, conditional_normal_regression_and_factor_reproduce_the_covariance)
{
    double sigma[9] = {1, 0.6, -0.3, 0.6, 1, 0.2, -0.3, 0.2, 1}, coef[9], chol[9];
    int given[3] = {0, 1, 0};
    cr_assert_eq(cs_conditional_normal(3, sigma, given, coef, chol), 0);
    cr_expect(fabs(coef[0 * 3 + 1] - 0.6) < 1e-12 && fabs(coef[2 * 3 + 1] - 0.2) < 1e-12, "regression on one");
    for (int r = 0; r < 3; r += 2) /* chol chol^T = Sigma_RR - coef Sigma_GR */
        for (int c = 0; c < 3; c += 2) {
            double product = 0;
            for (int k = 0; k < 3; k++) product += chol[r * 3 + k] * chol[c * 3 + k];
            double want = sigma[r * 3 + c] - coef[r * 3 + 1] * sigma[1 * 3 + c];
            cr_expect(fabs(product - want) < 1e-12, "(%d, %d): %.15g against %.15g", r, c, product, want);
        }
}

Test(copula, a_single_member_given_a_wide_one_is_the_element_level_conditional)
{
    /* churn (one value) ~ in_house_share (one per CCG, 4 CCGs) at Pearson r:
    ** the element-level covariance is 1 on the diagonal, r between churn and
    ** each CCG, r^2 between CCGs (z_c = r z_0 + sqrt(1 - r^2) e_c). */
    enum { C = 4 };
    double r = 0.65;
    cs_copula_var vars[2] = {{"churn", 0, 0}, {"in_house_share", CS_AXIS_UNIT, 0}};
    cs_rank_pair pair = {0, 1, 6 / M_PI * asin(r / 2)}; /* the rank correlation whose Pearson is r */
    cs_copula copula;
    char why[128];
    cr_assert_eq(cs_copula_prepare(&copula, vars, 2, &pair, 1, why, sizeof why), 0);
    const cs_copula_group *group = &copula.group[0];
    cr_assert(cs_copula_group_conditionable(group));
    double shared[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS] = {{0}};
    shared[1][1] = C;
    double single_coef[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS], wide_coef[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS];
    int given_wide[2] = {0, 1}, given_single[2] = {1, 0};
    cr_assert_eq(cs_copula_conditional(group, given_wide, NULL, shared, single_coef, wide_coef), 0);
    double sigma[(C + 1) * (C + 1)], coef[(C + 1) * (C + 1)];
    int given[C + 1] = {0};
    for (int i = 0; i <= C; i++)
        for (int j = 0; j <= C; j++) sigma[i * (C + 1) + j] = i == j ? 1 : (i == 0 || j == 0) ? r : r * r;
    for (int i = 1; i <= C; i++) given[i] = 1;
    cr_assert_eq(cs_conditional_normal(C + 1, sigma, given, coef, NULL), 0);
    double on_elements = 0; /* the mean's coefficient is the sum of the elements' */
    for (int i = 1; i <= C; i++) on_elements += coef[i];
    cr_expect(fabs(single_coef[0][1] - on_elements) < 1e-12, "%.15g against %.15g", single_coef[0][1], on_elements);
    cr_assert_eq(cs_copula_conditional(group, given_single, NULL, shared, single_coef, wide_coef), 0);
    cr_expect(fabs(wide_coef[1][0] - r) < 1e-12, "each CCG given churn: r");
}

/* The correlated scores z = L e of the toy: X1, X2 at rho, X3 independent. */
#define RHO 0.6
static const double beta[D] = {1.0, 2.0, 1.5};
static const double toy_sigma[D * D] = {1, RHO, 0, RHO, 1, 0, 0, 0, 1};

static void correlated_normals(gsl_rng *rng, double *z)
{
    double e[D];
    for (int k = 0; k < D; k++) e[k] = gsl_ran_ugaussian(rng);
    z[0] = e[0];
    z[1] = RHO * e[0] + sqrt(1 - RHO * RHO) * e[1];
    z[2] = e[2];
}

static double linear(const double *x) { return beta[0] * x[0] + beta[1] * x[1] + beta[2] * x[2]; }

/* The residual form of cs_inverse.c: members GIVEN take FROM_GIVEN's
** scores, the others OWN's plus the regression on the given ones' shift. */
static void conditional_mix(const double *sigma, const double *from_given, const double *own, const int *given,
                            double *z)
{
    double coef[D * D];
    int any = 0;
    for (int k = 0; k < D; k++) any |= given[k];
    if (!any) {
        memcpy(z, own, D * sizeof *z);
        return;
    }
    cr_assert_eq(cs_conditional_normal(D, sigma, given, coef, NULL), 0);
    for (int r = 0; r < D; r++) {
        if (given[r]) {
            z[r] = from_given[r];
            continue;
        }
        z[r] = own[r];
        for (int g = 0; g < D; g++)
            if (given[g]) z[r] += coef[r * D + g] * (from_given[g] - own[g]);
    }
}

typedef void (*draw_fn)(gsl_rng *rng, double *x);
typedef double (*model_fn)(const double *x);

/* Full (FULL) or independent pick-freeze outputs of the toy, and the
** Shapley chain: y[0] = A, y[m] = trial j's first m inputs from B given the
** rest, y[D] = B; ORDER as cs_chain_order gives. */
typedef struct toy_design {
    double *ya, *yb, *full[D], *independent[D], *chain[D + 1];
    unsigned char *order;
} toy_design;

static void toy_run(model_fn f, draw_fn draw, const double *sigma, toy_design *t)
{
    t->ya = malloc(N_TOY * sizeof(double));
    t->yb = malloc(N_TOY * sizeof(double));
    for (int k = 0; k < D; k++) {
        t->full[k] = malloc(N_TOY * sizeof(double));
        t->independent[k] = malloc(N_TOY * sizeof(double));
    }
    for (int m = 0; m <= D; m++) t->chain[m] = m == 0 ? t->ya : m == D ? t->yb : malloc(N_TOY * sizeof(double));
    t->order = malloc(N_TOY * D);
    cs_sampling chain;
    memset(&chain, 0, sizeof chain);
    chain.chain_n = D;
    chain.chain_key = 0x19;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261206);
    double a[D], b[D], z[D];
    for (size_t j = 0; j < N_TOY; j++) {
        draw(rng, a);
        draw(rng, b);
        t->ya[j] = f(a);
        t->yb[j] = f(b);
        for (int k = 0; k < D; k++) {
            int given[D] = {0};
            given[k] = 1; /* full: k first, from B; the others drawn given it, from A */
            conditional_mix(sigma, b, a, given, z);
            t->full[k][j] = f(z);
            for (int i = 0; i < D; i++) given[i] = i != k; /* independent: k last */
            conditional_mix(sigma, a, b, given, z);
            t->independent[k][j] = f(z);
        }
        unsigned char *order = t->order + j * D;
        cs_chain_order(&chain, (uint32_t)j, order);
        for (int m = 1; m < D; m++) {
            int given[D];
            for (int i = 0; i < D; i++) given[i] = 1;
            for (int i = 0; i < m; i++) given[order[i]] = 0; /* swapped: from B given those still from A */
            conditional_mix(sigma, a, b, given, z);
            t->chain[m][j] = f(z);
        }
    }
    gsl_rng_free(rng);
}

static void toy_free(toy_design *t)
{
    for (int k = 0; k < D; k++) {
        free(t->full[k]);
        free(t->independent[k]);
    }
    for (int m = 1; m < D; m++) free(t->chain[m]);
    free(t->ya);
    free(t->yb);
    free(t->order);
}

static void expect_index(const char *what, int k, double value, double se, double exact)
{
    cr_expect(fabs(value - exact) <= TOLERANCE_SE * se, "%s of X%d: %.4f, exact %.4f (bootstrap se %.4f)", what, k + 1,
              value, exact, se);
}

static void expect_shapley(const toy_design *t, const double *exact)
{
    cs_shapley_value shapley[D];
    cs_error err;
    cr_assert_eq(cs_shapley_estimate((const double *const *)t->chain, t->order, D, N_TOY, CS_BOOTSTRAP_RESAMPLES, 7, 2,
                                     shapley, &err),
                 CS_OK);
    double sum = 0;
    for (int k = 0; k < D; k++) {
        expect_index("Shapley effect", k, shapley[k].value, shapley[k].se, exact[k]);
        cr_expect(shapley[k].lo <= shapley[k].value && shapley[k].value <= shapley[k].hi);
        sum += shapley[k].value;
    }
    cr_expect(fabs(sum - 1) < 1e-12, "the Shapley effects sum to %.15g", sum);
}

Test(dependent, linear_gaussian_full_independent_and_shapley_match_their_closed_forms)
{
    toy_design t;
    toy_run(linear, correlated_normals, toy_sigma, &t);
    double v = 0, full[D], independent[D];
    for (int i = 0; i < D; i++)
        for (int j = 0; j < D; j++) v += beta[i] * toy_sigma[i * D + j] * beta[j];
    for (int i = 0; i < D; i++) {
        double carried = 0;
        for (int j = 0; j < D; j++) carried += toy_sigma[i * D + j] * beta[j];
        full[i] = carried * carried / v;
    }
    double own = 1 - RHO * RHO; /* Var(X1 | X2) = Var(X2 | X1) */
    independent[0] = beta[0] * beta[0] * own / v;
    independent[1] = beta[1] * beta[1] * own / v;
    independent[2] = beta[2] * beta[2] / v;
    double pair = beta[0] * beta[0] + beta[1] * beta[1] + 2 * RHO * beta[0] * beta[1];
    double split = (beta[0] * beta[0] - beta[1] * beta[1]) * own;
    double shapley[D] = {(pair + split) / 2 / v, (pair - split) / 2 / v, beta[2] * beta[2] / v};

    const double *yab[2 * D];
    for (int k = 0; k < D; k++) {
        yab[k] = t.full[k];
        yab[D + k] = t.independent[k];
    }
    cs_sobol_index indices[2 * D];
    double variance;
    cs_error err;
    cr_assert_eq(cs_sobol_estimate(t.ya, t.yb, yab, 2 * D, N_TOY, CS_BOOTSTRAP_RESAMPLES, 7, 2, indices, &variance,
                                   &err),
                 CS_OK);
    for (int k = 0; k < D; k++) {
        expect_index("full first-order", k, indices[k].first, indices[k].first_se, full[k]);
        expect_index("full total", k, indices[k].total, indices[k].total_se, full[k]);
        expect_index("independent first-order", k, indices[D + k].first, indices[D + k].first_se, independent[k]);
        expect_index("independent total", k, indices[D + k].total, indices[D + k].total_se, independent[k]);
    }
    cr_expect(full[0] > independent[0] + 0.1, "the test tells full from independent");
    expect_shapley(&t, shapley);
    toy_free(&t);
}

#define ISHIGAMI_A 7.0
#define ISHIGAMI_B 0.1
static double ishigami(const double *x)
{
    return sin(x[0]) + ISHIGAMI_A * sin(x[1]) * sin(x[1]) + ISHIGAMI_B * pow(x[2], 4) * sin(x[0]);
}
static void draw_ishigami(gsl_rng *rng, double *x)
{
    for (int k = 0; k < D; k++) x[k] = gsl_ran_flat(rng, -M_PI, M_PI);
}

Test(dependent, ishigami_shapley_effects_split_the_interaction_equally)
{
    static const double independent_sigma[D * D] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double a = ISHIGAMI_A, b = ISHIGAMI_B, pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225;
    double variance = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    double shapley[D] = {(v1 + v13 / 2) / variance, v2 / variance, v13 / 2 / variance};
    cr_assert(fabs(shapley[0] - 0.4358) < 1e-4 && fabs(shapley[2] - 0.1218) < 1e-4, "the published values");
    toy_design t;
    toy_run(ishigami, draw_ishigami, independent_sigma, &t);
    expect_shapley(&t, shapley);
    toy_free(&t);
}

/* plans/west-yorkshire.json with CORRELATIONS (a JSON list) added. */
static void plan_with(cs_plan *plan, const char *correlations)
{
    char *text = test_read_file(test_source_path("plans/west-yorkshire.json"));
    cr_assert_not_null(text);
    char *close = strrchr(text, '}');
    size_t head = (size_t)(close - text), length = head + strlen(correlations) + 64;
    char *joined = malloc(length);
    snprintf(joined, length, "%.*s, \"correlations\": %s}\n", (int)head, text, correlations);
    cs_error err;
    cr_assert_eq(test_plan_from_text(plan, joined, &err), CS_OK, "%s", err.message);
    free(joined);
    free(text);
}

#define CHURN_IN_HOUSE "[{\"between\": [\"churn\", \"in_house_share\"], \"rank\": 0.7}]"
#define HELD_TRIALS 4000
#define LARGE_TRIALS 300000
#define BAND 0.01 /* trials whose churn lies within +-1 percentile of the held one */

Test(dependent, tornado_held_p_viable_matches_a_correlated_run_near_the_held_quantile)
{
    cs_plan plan;
    plan_with(&plan, CHURN_IN_HOUSE);
    cs_run_options options = {.trials = HELD_TRIALS, .seed = 3, .threads = 2};
    cs_drivers drivers;
    cs_error err;
    cr_assert_eq(cs_drivers_run(&plan, &options, 0, &drivers, &err), CS_OK, "%s", err.message);
    const cs_driver *churn = &drivers.input[CS_INPUT_CHURN];
    cr_assert(churn->correlated && churn->exact && churn->conditional_tornado);

    cs_run_options large = {.trials = LARGE_TRIALS, .seed = 11, .threads = 2, .light = 1, .keep_inputs = 1};
    cs_run_data data;
    cr_assert_eq(cs_engine_run(&plan, &large, &data, &err), CS_OK, "%s", err.message);
    const cs_dist *dist = cs_input_dist(&plan, CS_INPUT_CHURN);
    const cs_tornado_end *ends[2] = {&churn->low, &churn->high};
    const double at[2] = {CS_SWING_LOW, CS_SWING_HIGH};
    for (int e = 0; e < 2; e++) {
        double lo = cs_dist_quantile(dist, at[e] - BAND), hi = cs_dist_quantile(dist, at[e] + BAND);
        size_t near = 0, viable = 0;
        for (size_t i = 0; i < data.trials; i++) {
            double value = data.inputs[CS_INPUT_CHURN * data.trials + i];
            if (value < lo || value > hi) continue;
            near++;
            viable += data.viable[i];
        }
        double p_near = (double)viable / (double)near, p_held = ends[e]->p_viable;
        double se = sqrt(p_near * (1 - p_near) / (double)near + p_held * (1 - p_held) / HELD_TRIALS);
        cr_expect(fabs(p_near - p_held) <= TOLERANCE_SE * se,
                  "churn at P%.0f: held %.4f, correlated run near it %.4f (%zu trials), se %.4f", 100 * at[e], p_held,
                  p_near, near, se);
    }
    /* the held run moved in_house_share with churn: the independent hold did not */
    cr_expect(churn->low.p_viable > drivers.p_viable + 0.15, "P10 churn lifts P(viable) with its partner");
    double sum = 0;
    for (int k = 0; k < CS_N_INPUTS; k++) sum += drivers.input[k].shapley.value;
    cr_expect(drivers.has_shapley && fabs(sum - 1) < 1e-9, "Shapley effects sum to %.12g", sum);
    cr_expect(churn->reserve.first > churn->independent.first + 0.1, "full %.3f, independent %.3f",
              churn->reserve.first, churn->independent.first);
    cr_expect_eq(drivers.n_groups, 1);
    cs_run_data_free(&data);
    cs_plan_free(&plan);
}

Test(dependent, drivers_json_is_byte_identical_for_threads_and_instruction_sets)
{
    char *dir = test_temp_dir();
    char *text = test_read_file(test_source_path("plans/arden.json"));
    char *close = strrchr(text, '}');
    const char *correlations = "[{\"between\": [\"churn\", \"in_house_share\"], \"rank\": 0.5},"
                               " {\"between\": [\"price_realisation\", \"churn\"], \"rank\": -0.4},"
                               " {\"between\": [\"pay_inflation\", \"nonpay_inflation\"], \"rank\": 0.7}]";
    size_t length = (size_t)(close - text) + strlen(correlations) + 64;
    char *joined = malloc(length);
    snprintf(joined, length, "%.*s, \"correlations\": %s}\n", (int)(close - text), text, correlations);
    char *plan = test_write_file(dir, "plan.json", joined);
    char *reference = NULL;
    for (int path = CS_SIMD_SCALAR; path <= CS_SIMD_AVX512; path++) {
        if (!cs_simd_available((cs_simd_path)path)) continue;
        setenv("CSSIM_SIMD", cs_simd_name((cs_simd_path)path), 1);
        for (int threads = 1; threads <= 2; threads++) {
            char out[1024], thread_text[4];
            snprintf(out, sizeof out, "%s/%s-%d.json", dir, cs_simd_name((cs_simd_path)path), threads);
            snprintf(thread_text, sizeof thread_text, "%d", threads);
            cr_assert_eq(test_cli(NULL, "drivers", plan, "-n", "2000", "-j", thread_text, "-f", "json", "-o", out, NULL),
                         0);
            char *output = test_read_file(out);
            char *cut = strstr(output, "\"run_record\"");
            cr_assert(cut);
            *cut = '\0';
            if (!reference) {
                reference = output;
                continue;
            }
            cr_expect_str_eq(output, reference, "%s, %d threads: differs", cs_simd_name((cs_simd_path)path), threads);
            free(output);
        }
    }
    unsetenv("CSSIM_SIMD");
    char *lhs[2];
    for (int threads = 1; threads <= 2; threads++) { /* and under Latin hypercube sampling */
        char out[1024], thread_text[4];
        snprintf(out, sizeof out, "%s/lhs-%d.json", dir, threads);
        snprintf(thread_text, sizeof thread_text, "%d", threads);
        cr_assert_eq(test_cli(NULL, "drivers", plan, "-n", "2000", "-j", thread_text, "--sampling", "lhs", "-f", "json",
                              "-o", out, NULL),
                     0);
        lhs[threads - 1] = test_read_file(out);
        char *cut = strstr(lhs[threads - 1], "\"run_record\"");
        cr_assert(cut);
        *cut = '\0';
    }
    cr_expect_str_eq(lhs[0], lhs[1], "--sampling lhs: differs between 1 and 2 threads");
    free(lhs[0]);
    free(lhs[1]);
    cr_expect(strstr(reference, "\"sobol_independent\"") && strstr(reference, "\"shapley\"") &&
                  strstr(reference, "\"correlated_groups\""),
              "the correlated keys are written");
    free(reference);
    free(plan);
    free(joined);
    free(text);
    free(dir);
}

/* Spearman's rho of inputs X and Y over a run's trials (cs_input_summary). */
static double input_rank_correlation(const cs_run_data *data, cs_input_id x, cs_input_id y)
{
    double rho, lo, hi;
    cs_error err;
    cr_assert_eq(cs_spearman(data->inputs + x * data->trials, data->inputs + y * data->trials, data->trials, &rho, &lo,
                             &hi, &err),
                 CS_OK);
    return rho;
}

#define JOINT_TRIALS 20000

/* Every way the drivers mix the stream sets keeps the copula's joint
** distribution: the inputs' rank correlations (of their per-trial
** summaries: a CCG mean, a yearly mean) match an ordinary run's. */
Test(dependent, conditional_draws_keep_the_copulas_joint_distribution)
{
    static const char *const plans[] = {
        CHURN_IN_HOUSE,
        "[{\"between\": [\"pay_inflation\", \"other_income\"], \"rank\": 0.6},"
        " {\"between\": [\"churn\", \"other_income\"], \"rank\": 0.5}]",
    };
    static const cs_input_id pairs[][2] = {{CS_INPUT_CHURN, CS_INPUT_IN_HOUSE_SHARE},
                                           {CS_INPUT_CHURN, CS_INPUT_OTHER_INCOME},
                                           {CS_INPUT_PAY_INFLATION, CS_INPUT_OTHER_INCOME}};
    for (size_t p = 0; p < 2; p++) {
        cs_plan plan;
        plan_with(&plan, plans[p]);
        const cs_input_id *pair = pairs[p == 0 ? 0 : 1];
        cs_sampling variants[4];
        memset(variants, 0, sizeof variants);
        variants[1].stream_set[pair[0]] = CS_STREAM_SET_B; /* full: the input given */
        variants[1].given[pair[0]] = 1;
        variants[2].stream_set[pair[1]] = CS_STREAM_SET_B; /* independent: the partners given */
        for (int k = 0; k < CS_N_INPUTS; k++) variants[2].given[k] = k != (int)pair[1];
        variants[3].chain_n = CS_N_INPUTS; /* a Shapley chain halfway */
        variants[3].chain_steps = 5;
        variants[3].chain_key = 7;
        for (int k = 0; k < CS_N_INPUTS; k++) variants[3].chain_input[k] = (unsigned char)k;
        double reference[2] = {0};
        for (int v = 0; v < 4; v++) {
            cs_run_options options = {.trials = JOINT_TRIALS, .seed = 5 + (uint64_t)v, .threads = 2, .light = 1,
                                      .keep_inputs = 1, .sampling = v ? &variants[v] : NULL};
            cs_run_data data;
            cs_error err;
            cr_assert_eq(cs_engine_run(&plan, &options, &data, &err), CS_OK, "%s", err.message);
            for (int q = 0; q < (p == 0 ? 1 : 2); q++) {
                const cs_input_id *checked = pairs[p == 0 ? 0 : 1 + q];
                double rho = input_rank_correlation(&data, checked[0], checked[1]);
                if (v == 0) {
                    reference[q] = rho;
                    cr_expect(fabs(rho) > 0.2, "plan %zu: the pair is correlated (%.3f)", p, rho);
                    continue;
                }
                double se = (1 - rho * rho) * sqrt((1 + rho * rho / 2) / (JOINT_TRIALS - 3));
                cr_expect(fabs(rho - reference[q]) <= TOLERANCE_SE * sqrt(2) * se,
                          "plan %zu, variant %d, %s ~ %s: rank %.4f against %.4f (se %.4f)", p, v,
                          cs_inputs[checked[0]].name, cs_inputs[checked[1]].name, rho, reference[q], se);
            }
            cs_run_data_free(&data);
        }
        cs_plan_free(&plan);
    }
}

/* A group along two kinds of axes besides none (in_house_share per CCG with
** leave per CCG and year) has no exact conditional: it is said so, drawn in
** the copula's order as before, and no Shapley effects are given; another
** group of the same plan still gets its independent indices. */
Test(dependent, a_group_without_an_exact_conditional_is_said_so)
{
    cs_plan plan;
    plan_with(&plan, "[{\"between\": [\"in_house_share\", \"leave\"], \"rank\": 0.4},"
                     " {\"between\": [\"churn\", \"price_realisation\"], \"rank\": -0.5}]");
    cs_run_options options = {.trials = 1000, .seed = 2, .threads = 2};
    cs_drivers drivers;
    cs_error err;
    cr_assert_eq(cs_drivers_run(&plan, &options, 0, &drivers, &err), CS_OK, "%s", err.message);
    cr_expect_eq(drivers.n_groups, 2);
    cr_expect_not(drivers.has_shapley);
    const cs_driver *in_house = &drivers.input[CS_INPUT_IN_HOUSE_SHARE], *churn = &drivers.input[CS_INPUT_CHURN];
    cr_expect(in_house->correlated && !in_house->exact && !in_house->conditional_tornado);
    cr_expect(churn->correlated && churn->exact && churn->conditional_tornado);
    cr_expect(churn->independent.total > 0 && churn->independent.total < churn->reserve.total);
    /* 2 + 10 random + 2 x 9 swung as before, + 2 independent (churn, price) + 1 group; no chain */
    cr_expect_eq(drivers.runs, 2 + 10 + 2 * 9 + 2 + 1);
    cs_plan_free(&plan);
}
