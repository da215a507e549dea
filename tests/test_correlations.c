/*
** test_correlations.c: rank correlations (a Gaussian copula), Latin
** hypercube sampling, the per-trial export and what-if overrides.
*/
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_dist_json.h"
#include "cs_dist_table.h"
#include "cs_engine.h"
#include "cs_inputs.h"
#include "cs_lhs.h"
#include "cs_philox.h"
#include "cs_summary.h"
#include "test_util.h"

/* plans/arden.json with CORRELATIONS (a JSON list) added, written to DIR. */
static char *arden_with(const char *dir, const char *name, const char *correlations)
{
    char *text = test_read_file(test_source_path("plans/arden.json"));
    cr_assert_not_null(text);
    char *close = strrchr(text, '}');
    size_t head = (size_t)(close - text), length = head + strlen(correlations) + 64;
    char *joined = malloc(length);
    snprintf(joined, length, "%.*s, \"correlations\": %s}\n", (int)head, text, correlations);
    char *path = test_write_file(dir, name, joined);
    free(joined);
    free(text);
    return path;
}

/* The per-trial CSV: column COLUMN of every row into a new array. */
static double *csv_column(const char *path, const char *column, size_t *rows)
{
    char *text = test_read_file(path);
    cr_assert_not_null(text, "%s", path);
    char *line = strtok(text, "\n");
    int index = -1, at = 0;
    for (char *cell = line, *end; cell; cell = end ? end + 1 : NULL, at++) {
        end = strchr(cell, ',');
        size_t width = end ? (size_t)(end - cell) : strlen(cell);
        if (width == strlen(column) && strncmp(cell, column, width) == 0) index = at;
    }
    cr_assert_geq(index, 0, "no column %s", column);
    size_t capacity = 1024, n = 0;
    double *values = malloc(capacity * sizeof *values);
    while ((line = strtok(NULL, "\n"))) {
        const char *cell = line;
        for (int k = 0; k < index; k++) cell = strchr(cell, ',') + 1;
        if (n == capacity) values = realloc(values, (capacity *= 2) * sizeof *values);
        values[n++] = strtod(cell, NULL);
    }
    free(text);
    *rows = n;
    return values;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The Kolmogorov-Smirnov statistic of VALUES (sorted here) against DIST's CDF. */
static double ks_against(double *values, size_t n, const cs_dist *dist)
{
    qsort(values, n, sizeof *values, compare_doubles);
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        double f = cs_dist_cdf(dist, values[i]);
        double above = (double)(i + 1) / (double)n - f, below = f - (double)i / (double)n;
        if (above > worst) worst = above;
        if (below > worst) worst = below;
    }
    return worst;
}

Test(correlations, exported_draws_have_the_stated_rank_correlation_and_their_own_marginals)
{
    char *dir = test_temp_dir();
    char *plan_file = arden_with(dir, "plan.json",
                                 "[{\"between\": [\"churn\", \"price_realisation\"], \"rank\": 0.6}]");
    char trials_out[1024], out[1024];
    snprintf(trials_out, sizeof trials_out, "%s/trials.csv", dir);
    snprintf(out, sizeof out, "%s/run.txt", dir);
    const size_t trials = 20000;
    cr_assert_eq(test_cli(NULL, "run", plan_file, "-n", "20000", "--trials-out", trials_out, "-o", out, NULL), 0);
    size_t n_churn, n_price;
    double *churn = csv_column(trials_out, "churn", &n_churn);
    double *price = csv_column(trials_out, "price_realisation", &n_price);
    cr_assert_eq(n_churn, trials);
    cr_assert_eq(n_price, trials);

    double *work = malloc(2 * trials * sizeof *work);
    double spearman = gsl_stats_spearman(churn, 1, price, 1, trials, work);
    /* Bonett and Wright: var(atanh r_s) = (1 + r^2 / 2) / (n - 3); back on the r scale. */
    double se = (1 - 0.36) * sqrt((1 + 0.36 / 2) / (double)(trials - 3));
    cr_expect(fabs(spearman - 0.6) < 4 * se, "Spearman %.4f, expected 0.6 +- %.4f", spearman, 4 * se);

    cs_plan plan;
    test_load_plan(&plan, "plans/arden.json");
    double critical = 1.628 / sqrt((double)trials); /* KS at the 1% level */
    double d_churn = ks_against(churn, trials, cs_input_dist(&plan, CS_INPUT_CHURN));
    double d_price = ks_against(price, trials, cs_input_dist(&plan, CS_INPUT_PRICE_REALISATION));
    cr_expect_lt(d_churn, critical, "churn: KS D %.5f >= %.5f", d_churn, critical);
    cr_expect_lt(d_price, critical, "price_realisation: KS D %.5f >= %.5f", d_price, critical);
    cs_plan_free(&plan);
    free(work);
    free(churn);
    free(price);
    free(plan_file);
    free(dir);
}

/* P(viable) of PLAN_FILE from a run of TRIALS (LHS when asked), and the run's data. */
static double p_viable_of(const char *plan_file, size_t trials, int lhs, int threads, cs_run_data *data)
{
    cs_plan plan;
    cs_error err;
    cr_assert_eq(cs_plan_load(&plan, plan_file, &err), 0, "%s", err.message);
    cs_run_options options = {.trials = trials, .seed = 5, .threads = threads, .lhs = lhs, .keep_inputs = 1,
                              .light = 1};
    cr_assert_eq(cs_engine_run(&plan, &options, data, &err), 0, "%s", err.message);
    cs_plan_free(&plan);
    return (double)data->viable_count / (double)trials;
}

Test(correlations, a_correlation_of_zero_gives_the_same_p_viable_as_none)
{
    char *dir = test_temp_dir();
    /* rank 0: both inputs drawn by their inverse CDF (other draws, the same distribution) */
    char *zero = arden_with(dir, "zero.json", "[{\"between\": [\"churn\", \"in_house_share\"], \"rank\": 0}]");
    char *none = strdup(test_source_path("plans/arden.json"));
    const size_t trials = 200000;
    cs_run_data a, b;
    double p_zero = p_viable_of(zero, trials, 0, 0, &a), p_none = p_viable_of(none, trials, 0, 0, &b);
    double mean_zero = gsl_stats_mean(a.inputs + CS_INPUT_CHURN * trials, 1, trials);
    double mean_none = gsl_stats_mean(b.inputs + CS_INPUT_CHURN * trials, 1, trials);
    cr_assert_neq(mean_zero, mean_none, "the rank-0 pair should take other draws");
    double p = (p_zero + p_none) / 2, se = sqrt(2 * p * (1 - p) / (double)trials); /* two independent runs */
    cr_expect(fabs(p_zero - p_none) < 4 * se, "P(viable) %.5f with rank 0, %.5f without (4 SE %.5f)", p_zero, p_none,
              4 * se);
    cs_run_data_free(&a);
    cs_run_data_free(&b);
    free(zero);
    free(none);
    free(dir);
}

Test(correlations, latin_hypercube_puts_a_tenth_of_the_trials_in_each_decile)
{
    cs_plan plan;
    test_load_plan(&plan, "plans/arden.json");
    const size_t trials = 1000;
    cs_run_data data;
    cs_run_options options = {.trials = trials, .seed = 9, .threads = 2, .lhs = 1, .keep_inputs = 1, .light = 1};
    cs_error err;
    cr_assert_eq(cs_engine_run(&plan, &options, &data, &err), 0, "%s", err.message);
    const cs_input_id per_trial[] = {CS_INPUT_PRICE_REALISATION, CS_INPUT_CHURN, CS_INPUT_EFFICIENCY_DELIVERY};
    for (size_t k = 0; k < 3; k++) {
        const cs_dist *dist = cs_input_dist(&plan, per_trial[k]);
        size_t decile[10] = {0};
        for (size_t i = 0; i < trials; i++) {
            double u = cs_dist_cdf(dist, data.inputs[per_trial[k] * trials + i]);
            decile[u >= 1 ? 9 : (size_t)(10 * u)]++;
        }
        for (size_t d = 0; d < 10; d++)
            cr_expect_eq(decile[d], trials / 10, "%s: decile %zu holds %zu trials", cs_inputs[per_trial[k]].name, d,
                         decile[d]);
    }
    cs_run_data_free(&data);
    cs_plan_free(&plan);
}

Test(correlations, latin_hypercube_permutations_are_bijections)
{
    const uint32_t sizes[] = {1, 2, 3, 10, 1000, 65537, 100000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint32_t n = sizes[s];
        unsigned char *seen = calloc(n, 1);
        uint64_t key = cs_lhs_key(7, 11, 13, (uint32_t)s);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t p = cs_lhs_permute(key, i, n);
            cr_assert_lt(p, n);
            cr_assert_eq(seen[p], 0, "n %u: %u taken twice", n, p);
            seen[p] = 1;
        }
        free(seen);
    }
}

Test(correlations, latin_hypercube_lowers_the_standard_error_of_the_mean_final_reserve)
{
    /* The spread of the mean final reserve over independent seeds, plain against LHS. */
    cs_plan plan;
    test_load_plan(&plan, "plans/arden.json");
    enum { SEEDS = 20, TRIALS = 2000 };
    double means[2][SEEDS];
    for (int lhs = 0; lhs < 2; lhs++)
        for (int s = 0; s < SEEDS; s++) {
            cs_run_options options = {.trials = TRIALS, .seed = 100 + (uint64_t)s, .threads = 2, .lhs = lhs,
                                      .light = 1};
            cs_run_data data;
            cs_error err;
            cr_assert_eq(cs_engine_run(&plan, &options, &data, &err), 0, "%s", err.message);
            means[lhs][s] = gsl_stats_mean(data.final_reserve, 1, TRIALS);
            cs_run_data_free(&data);
        }
    double sd_plain = gsl_stats_sd(means[0], 1, SEEDS), sd_lhs = gsl_stats_sd(means[1], 1, SEEDS);
    /* With 20 seeds the ratio of two sds has an F spread; LHS must at least not be worse by that much. */
    double ratio = sd_lhs / sd_plain, bound = sqrt(gsl_cdf_fdist_Pinv(0.99, SEEDS - 1, SEEDS - 1));
    cr_expect_lt(ratio, bound, "sd of the mean: LHS %.4g, plain %.4g", sd_lhs, sd_plain);
    cs_plan_free(&plan);
}

Test(correlations, output_is_byte_identical_for_any_thread_count)
{
    char *dir = test_temp_dir();
    char *plan_file = arden_with(dir, "plan.json",
                                 "[{\"between\": [\"churn\", \"in_house_share\"], \"rank\": 0.5},"
                                 " {\"between\": [\"pay_inflation\", \"nonpay_inflation\"], \"rank\": 0.7},"
                                 " {\"between\": [\"leave\", \"in_house_share\"], \"rank\": 0.3}]");
    const char *sampling[] = {"random", "lhs"};
    for (int s = 0; s < 2; s++) {
        char *texts[2], *rows[2];
        for (int threads = 1; threads <= 2; threads++) {
            char out[1024], trials_out[1024], thread_text[4];
            snprintf(out, sizeof out, "%s/out-%d-%d.json", dir, s, threads);
            snprintf(trials_out, sizeof trials_out, "%s/trials-%d-%d.csv", dir, s, threads);
            snprintf(thread_text, sizeof thread_text, "%d", threads);
            cr_assert_eq(test_cli(NULL, "run", plan_file, "-n", "5000", "-j", thread_text, "--sampling", sampling[s],
                                  "-f", "json", "-o", out, "--trials-out", trials_out, NULL),
                         0);
            texts[threads - 1] = test_read_file(out);
            rows[threads - 1] = test_read_file(trials_out);
        }
        cr_expect_str_eq(texts[0], texts[1], "--sampling %s: output differs between 1 and 2 threads", sampling[s]);
        cr_expect_str_eq(rows[0], rows[1], "--sampling %s: trials differ between 1 and 2 threads", sampling[s]);
        for (int k = 0; k < 2; k++) {
            free(texts[k]);
            free(rows[k]);
        }
    }
    free(plan_file);
    free(dir);
}

Test(correlations, wrong_correlations_are_refused_naming_the_pairs)
{
    char *dir = test_temp_dir();
    struct {
        const char *list, *message;
    } cases[] = {
        {"[{\"between\": [\"chrun\", \"price_realisation\"], \"rank\": 0.5}]", "did you mean 'churn'"},
        {"[{\"between\": [\"churn\", \"churn\"], \"rank\": 0.5}]", "itself"},
        {"[{\"between\": [\"churn\", \"price_realisation\"], \"rank\": 1.5}]", "[-1, 1]"},
        {"[{\"between\": [\"churn\", \"price_realisation\"], \"rank\": 0.5},"
         " {\"between\": [\"price_realisation\", \"churn\"], \"rank\": 0.2}]", "twice"},
        {"[{\"between\": [\"churn\", \"envelope_change\"], \"rank\": 0.5}]", "does not vary"},
        {"[{\"between\": [\"in_house_share\", \"pay_inflation\"], \"rank\": 0.5}]", "per CCG"},
        {"[{\"between\": [\"churn\", \"price_realisation\"], \"rank\": 0.9},"
         " {\"between\": [\"churn\", \"efficiency_delivery\"], \"rank\": 0.9},"
         " {\"between\": [\"price_realisation\", \"efficiency_delivery\"], \"rank\": -0.9}]", "positive definite"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char name[32], out[1024];
        snprintf(name, sizeof name, "bad-%zu.json", c);
        snprintf(out, sizeof out, "%s/out-%zu.txt", dir, c);
        char *plan_file = arden_with(dir, name, cases[c].list);
        char *message = NULL;
        int status = test_cli(&message, "run", plan_file, "-n", "100", "-o", out, NULL);
        cr_expect_eq(status, 2, "case %zu: exit %d", c, status);
        cr_expect(message && strstr(message, cases[c].message) && strstr(message, "correlations"),
                  "case %zu: message '%s' lacks '%s'", c, message ? message : "", cases[c].message);
        cr_expect_null(test_read_file(out), "case %zu wrote its output", c);
        free(message);
        free(plan_file);
    }
    free(dir);
}

Test(correlations, tabulated_quantiles_match_gsl)
{
    const double shapes[][2] = {{2, 5}, {0.5, 0.5}, {30, 3}, {1.2, 40}};
    for (size_t s = 0; s < 4; s++) {
        char text[160];
        double a = shapes[s][0], b = shapes[s][1], mean = a / (a + b), sd = sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
        snprintf(text, sizeof text, "{\"dist\": \"beta\", \"mean\": %.17g, \"sd\": %.17g}", mean, sd);
        cJSON *json = cJSON_Parse(text);
        cs_dist dist;
        cs_error err;
        cr_assert_eq(cs_dist_from_json(&dist, json, "test", "beta", &err), 0, "%s", err.message);
        cs_dist_table table;
        cr_assert_eq(cs_dist_table_init(&table, &dist), 0);
        double worst = 0;
        for (int i = 1; i < 2000; i++) {
            double u = i / 2000.0, z = gsl_cdf_ugaussian_Pinv(u);
            double gap = fabs(cs_dist_table_at(&table, z) - gsl_cdf_beta_Pinv(u, a, b));
            if (gap > worst) worst = gap;
        }
        cr_expect_lt(worst, 1e-9, "beta(%g, %g): worst gap %.3g", a, b, worst);
        cs_dist_table_free(&table);
        cJSON_Delete(json);
    }
}

Test(correlations, quantile_tables_are_built_once_per_shape_and_kept_across_runs)
{
    cs_plan plan;
    test_load_plan(&plan, "plans/arden.json");
    const size_t trials = 3000;
    cs_dist_table_cache tables;
    cs_dist_table_cache_init(&tables);
    cs_run_options alone = {.trials = trials, .seed = 5, .threads = 2, .lhs = 1, .light = 1};
    cs_run_options cached = alone;
    cached.tables = &tables;
    cs_run_data reference, first, second;
    cs_error err;
    cr_assert_eq(cs_engine_run(&plan, &alone, &reference, &err), 0, "%s", err.message);
    cr_assert_eq(cs_engine_run(&plan, &cached, &first, &err), 0, "%s", err.message);
    unsigned long built = tables.built;
    cr_assert_gt(built, 0, "arden's beta inputs should be drawn through tables under LHS");
    cr_assert_eq(cs_engine_run(&plan, &cached, &second, &err), 0, "%s", err.message);
    cr_expect_eq(tables.built, built, "the second run built %lu tables again", tables.built - built);
    cr_expect_eq(memcmp(reference.final_reserve, first.final_reserve, trials * sizeof(double)), 0);
    cr_expect_eq(memcmp(reference.final_reserve, second.final_reserve, trials * sizeof(double)), 0);
    cs_run_data_free(&reference);
    cs_run_data_free(&first);
    cs_run_data_free(&second);
    /* a new shape is built, and the least recently used one gives way when the cache is full */
    const cs_dist *churn = cs_input_dist(&plan, CS_INPUT_CHURN);
    cr_assert(cs_dist_tabulated(churn));
    cr_assert_not_null(cs_dist_table_cached(&tables, churn));
    cr_expect_eq(tables.built, built, "churn's table was already there");
    for (int s = 0; s < CS_DIST_TABLE_CACHE_SIZE; s++) {
        cs_dist other = *churn;
        other.derived[0] *= 1 + 0.01 * (s + 1);
        cr_assert_not_null(cs_dist_table_cached(&tables, &other));
    }
    cr_expect_eq(tables.built, built + CS_DIST_TABLE_CACHE_SIZE);
    cr_assert_not_null(cs_dist_table_cached(&tables, churn));
    cr_expect_eq(tables.built, built + CS_DIST_TABLE_CACHE_SIZE + 1, "churn's table should have given way");
    cs_dist_table_cache_free(&tables);
    cs_plan_free(&plan);
}

Test(overrides, set_applies_after_the_scenario_and_is_recorded)
{
    char *dir = test_temp_dir();
    char out[1024], base_out[1024];
    snprintf(out, sizeof out, "%s/set.json", dir);
    snprintf(base_out, sizeof base_out, "%s/base.json", dir);
    const char *plan_file = strdup(test_source_path("plans/arden.json"));
    cr_assert_eq(test_cli(NULL, "run", plan_file, "-n", "2000", "--set", "opening_reserve=5e7", "--set", "price=1.05",
                          "-f", "json", "-o", out, NULL),
                 0);
    cr_assert_eq(test_cli(NULL, "run", plan_file, "-n", "2000", "-f", "json", "-o", base_out, NULL), 0);
    char *set_text = test_read_file(out), *base_text = test_read_file(base_out);
    cJSON *set = cJSON_Parse(set_text), *base = cJSON_Parse(base_text);
    free(set_text);
    free(base_text);
    double p_set = cJSON_GetObjectItem(set, "p_viable")->valuedouble;
    double p_base = cJSON_GetObjectItem(base, "p_viable")->valuedouble;
    cr_expect_gt(p_set, p_base, "a reserve of 50m should lift P(viable): %g vs %g", p_set, p_base);
    cJSON *record = cJSON_GetObjectItem(set, "run_record");
    cJSON *overrides = cJSON_GetObjectItem(record, "overrides");
    cr_assert_eq(cJSON_GetArraySize(overrides), 2);
    cr_expect_str_eq(cJSON_GetArrayItem(overrides, 0)->valuestring, "opening_reserve=5e7");
    cr_expect(strstr(cJSON_GetObjectItem(record, "command")->valuestring, "--set price=1.05"));

    char *message = NULL;
    cr_expect_eq(test_cli(&message, "run", plan_file, "--set", "churn.mean=2", "-o", out, NULL), 2);
    cr_expect(message && strstr(message, "--set churn.mean"), "%s", message ? message : "");
    free(message);
    cr_expect_eq(test_cli(&message, "compare", plan_file, "--set", "nonsense", "-o", out, NULL), 2);
    cr_expect(message && strstr(message, "PATH=VALUE"), "%s", message ? message : "");
    free(message);
    cJSON_Delete(set);
    cJSON_Delete(base);
    free((char *)plan_file);
    free(dir);
}

/* Issue 19: with correlations, Latin hypercube sampling used to stratify
** only the first input of each group (churn filled 1273 of 2000 strata). */
static const char correlated_triple[] = "[{\"between\": [\"churn\", \"price_realisation\"], \"rank\": -0.8},"
                                        " {\"between\": [\"churn\", \"efficiency_delivery\"], \"rank\": 0.4}]";
static const cs_input_id triple[] = {CS_INPUT_CHURN, CS_INPUT_PRICE_REALISATION, CS_INPUT_EFFICIENCY_DELIVERY};

Test(correlations, latin_hypercube_with_correlations_puts_one_trial_in_every_stratum_of_every_input)
{
    char *dir = test_temp_dir();
    char *plan_file = arden_with(dir, "lhs.json", correlated_triple);
    const size_t trials = 2000;
    for (int threads = 1; threads <= 2; threads++) {
        cs_run_data data;
        p_viable_of(plan_file, trials, 1, threads, &data);
        cs_plan plan;
        cs_error err;
        cr_assert_eq(cs_plan_load(&plan, plan_file, &err), 0, "%s", err.message);
        for (size_t k = 0; k < 3; k++) {
            const cs_dist *dist = cs_input_dist(&plan, triple[k]);
            unsigned char *held = calloc(trials, 1);
            size_t filled = 0;
            for (size_t i = 0; i < trials; i++) {
                double u = cs_dist_cdf(dist, data.inputs[triple[k] * trials + i]);
                size_t stratum = u >= 1 ? trials - 1 : (size_t)(u * (double)trials);
                filled += !held[stratum];
                held[stratum] = 1;
            }
            cr_expect_eq(filled, trials, "%s (%d threads): %zu of %zu strata hold a trial", cs_inputs[triple[k]].name,
                         threads, filled, trials);
            free(held);
        }
        cs_plan_free(&plan);
        cs_run_data_free(&data);
    }
    free(plan_file);
    free(dir);
}

Test(correlations, latin_hypercube_with_correlations_keeps_the_requested_rank_correlation)
{
    char *dir = test_temp_dir();
    char *plan_file = arden_with(dir, "lhs.json", correlated_triple);
    const size_t trials = 100000;
    cs_run_data data;
    p_viable_of(plan_file, trials, 1, 2, &data);
    double *work = malloc(2 * trials * sizeof *work);
    const double *churn = data.inputs + CS_INPUT_CHURN * trials;
    double with_price = gsl_stats_spearman(churn, 1, data.inputs + CS_INPUT_PRICE_REALISATION * trials, 1, trials, work);
    double with_efficiency =
        gsl_stats_spearman(churn, 1, data.inputs + CS_INPUT_EFFICIENCY_DELIVERY * trials, 1, trials, work);
    cr_expect(fabs(with_price + 0.8) < 0.01, "churn ~ price_realisation: Spearman %.4f, asked -0.8", with_price);
    cr_expect(fabs(with_efficiency - 0.4) < 0.01, "churn ~ efficiency_delivery: Spearman %.4f, asked 0.4",
              with_efficiency);
    free(work);
    cs_run_data_free(&data);
    free(plan_file);
    free(dir);
}

Test(correlations, the_latin_hypercube_interval_from_replicates_matches_the_spread_over_seeds)
{
    /* Each run's half-width / t(0.975, 9) estimates the standard error of
    ** its P(viable); over independent seeds their mean must match the
    ** actual spread of P(viable) (sd over 40 seeds: relative error about
    ** 11%; the mean estimate's about 4%; 4 standard errors of the ratio
    ** about 0.5). */
    cs_plan plan;
    test_load_plan(&plan, "plans/arden.json");
    enum { SEEDS = 40 };
    double p[SEEDS], se_sum = 0, t = gsl_cdf_tdist_Pinv(0.975, CS_LHS_REPLICATES - 1);
    for (size_t s = 0; s < SEEDS; s++) {
        cs_run_options options = {.trials = 2000, .seed = 300 + (uint64_t)s, .threads = 2, .lhs = 1};
        cs_run_data data;
        cs_summary summary;
        cs_error err;
        cr_assert_eq(cs_run_and_summarise(&plan, "none", &options, &data, &summary, &err), CS_OK, "%s", err.message);
        cr_assert(summary.interval_from_replicates, "seed %zu: the interval is not from replicates", s);
        p[s] = summary.p_viable;
        se_sum += (summary.p_viable_hi - summary.p_viable_lo) / 2 / t;
        cs_summary_free(&summary);
        cs_run_data_free(&data);
    }
    double ratio = se_sum / SEEDS / gsl_stats_sd(p, 1, SEEDS);
    cr_expect(ratio > 0.5 && ratio < 1.5, "the replicates' standard error is %.2f times the spread over seeds", ratio);
    cs_plan_free(&plan);
}

Test(correlations, latin_hypercube_with_correlations_is_byte_identical_on_every_instruction_set_path)
{
    char *dir = test_temp_dir();
    char *plan_file = arden_with(dir, "lhs.json", correlated_triple);
    char *reference = NULL;
    for (int path = CS_SIMD_SCALAR; path <= CS_SIMD_AVX512; path++) {
        if (!cs_simd_available((cs_simd_path)path)) continue;
        setenv("CSSIM_SIMD", cs_simd_name((cs_simd_path)path), 1);
        char out[1024], summary[1024];
        snprintf(out, sizeof out, "%s/%s.csv", dir, cs_simd_name((cs_simd_path)path));
        snprintf(summary, sizeof summary, "%s/%s.txt", dir, cs_simd_name((cs_simd_path)path));
        cr_assert_eq(test_cli(NULL, "run", plan_file, "-n", "5000", "--sampling", "lhs", "--trials-out", out, "-o",
                              summary, NULL),
                     0);
        char *text = test_read_file(out);
        if (!reference) reference = text;
        else {
            cr_expect_str_eq(text, reference, "the %s path's trials differ", cs_simd_name((cs_simd_path)path));
            free(text);
        }
    }
    unsetenv("CSSIM_SIMD");
    free(reference);
    free(plan_file);
    free(dir);
}
