/*
** fuzz_inputs.c: a libFuzzer target for the plan and scenario loaders.
**
** Each input is parsed as JSON and read as a plan (stopping at the first
** error, and reading on for every error as `validate` does) and as a
** scenario; a plan that loads runs one trial on its draws and two through
** the inverse-CDF draws (its correlations, Latin hypercube sampling), and a
** scenario that loads is applied to a small fixed plan.  The input's first
** line is also read as a parameter path and as `--set PATH=VALUE`, applied
** to a fixed plan with correlations, whose trials are then drawn the same
** three ways (so a --set that makes a correlated input fixed is reached).  Built only with clang
** (-DCSSIM_FUZZ=ON), with AddressSanitizer and UndefinedBehaviorSanitizer;
** `tools/dev test` runs a short smoke run over the seed corpus in
** tests/fuzz/corpus/.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cs_inverse.h"
#include "cs_json.h"
#include "cs_model.h"
#include "cs_overrides.h"
#include "cs_param_path.h"
#include "cs_plan.h"
#include "cs_rng.h"
#include "cs_scenario.h"

static const char base_plan_text[] =
    "{\"id\": \"base\", \"name\": \"Base\", \"ccgs\": [{\"name\": \"A\", \"population\": 300000},"
    " {\"name\": \"B\", \"population\": 200000}], \"price_per_head\": [12, 12.2, 12.4, 12.6, 12.8],"
    " \"staff_cost\": 4000000, \"nonpay_cost\": 1500000, \"other_income\": {\"dist\": \"normal\", \"mean\": 1e6,"
    " \"sd\": 2e5}, \"claims\": {\"turnover\": [1, 2, 3, 4, 5], \"margin\": [1, 1, 1, 1, 1]}}";

/* The base plan with two correlated pairs, for the --set path. */
static const char correlated_suffix[] =
    ", \"correlations\": [{\"between\": [\"leadership\", \"pay_inflation\"], \"rank\": 0.4},"
    " {\"between\": [\"churn\", \"in_house_share\"], \"rank\": -0.3}]}";

#define FUZZ_TRIALS 2

/* A trial of PLAN: drawn directly, then (when INVERSE) through the inverse
** CDF, to exercise the draws, the copula, the Latin hypercube and the year loop. */
static void run_trials(const cs_plan *plan, const cs_inverse *inverse)
{
    cs_draws draws;
    cs_trial_work work;
    if (cs_draws_init(&draws, (size_t)plan->years, plan->n_ccgs) != CS_OK) return;
    if (cs_trial_work_init(&work, (size_t)plan->years, plan->n_ccgs) == CS_OK) {
        gsl_rng *rng = cs_rng_alloc();
        uint32_t key = cs_rng_plan_key(plan->id);
        draws.inverse = inverse && inverse->any ? inverse : NULL; /* cs_draws_sample draws those inputs by it */
        for (uint32_t trial = 0; trial < (inverse ? FUZZ_TRIALS : 1); trial++) {
            cs_rng_trial(rng, 1, key, trial);
            cs_draws_sample(&draws, plan, rng, NULL);
            cs_trial_run(plan, &draws, &work);
        }
        gsl_rng_free(rng);
        cs_trial_work_free(&work);
    }
    cs_draws_free(&draws);
}

static void run_one_trial(const cs_plan *plan)
{
    static cs_dist_table_cache tables; /* kept across inputs, as a command keeps it across runs */
    static int tables_ready;
    if (!tables_ready) {
        cs_dist_table_cache_init(&tables);
        tables_ready = 1;
    }
    run_trials(plan, NULL);
    for (int lhs = 0; lhs < 2; lhs++) {
        cs_inverse inverse;
        cs_error err;
        if (cs_inverse_init(&inverse, plan, lhs, FUZZ_TRIALS, &tables, "fuzz.json", &err) != CS_OK) continue;
        run_trials(plan, &inverse);
        cs_inverse_free(&inverse);
    }
}

/* The first line of TEXT as a parameter path and as --set PATH=VALUE on the
** correlated base plan. */
static void fuzz_set(const char *text)
{
    char line[256];
    size_t n = strcspn(text, "\n");
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, text, n);
    line[n] = '\0';
    char plan_text[sizeof base_plan_text + sizeof correlated_suffix];
    memcpy(plan_text, base_plan_text, sizeof base_plan_text - 2); /* without the closing brace */
    memcpy(plan_text + sizeof base_plan_text - 2, correlated_suffix, sizeof correlated_suffix);
    cJSON *root = NULL;
    cs_error err;
    if (cs_json_parse_text(plan_text, "base.json", &root, &err) != CS_OK) abort();
    cs_plan base;
    if (cs_plan_from_json(&base, root, "base.json", &err) != CS_OK) abort();
    cJSON_Delete(root);
    cs_param_path path;
    char path_text[CS_PARAM_PATH_MAX];
    snprintf(path_text, sizeof path_text, "%.*s", (int)strcspn(line, "="), line);
    if (cs_param_path_parse(&path, path_text, &base, "--vary", &err) == CS_OK) {
        char label[128], why[256];
        cs_param_path_label(&path, label, sizeof label);
        (void)cs_param_path_unit(&path);
        cs_interval range = cs_param_path_range(&path, &base);
        double value = cs_param_path_get(&path, &base);
        (void)range;
        cs_plan copy;
        if (cs_plan_clone(&copy, &base, &err) == CS_OK) {
            if (cs_param_path_set(&path, &copy, value * 0.5, why, sizeof why) == 0) run_one_trial(&copy);
            cs_plan_free(&copy);
        }
    }
    cs_overrides overrides = {0};
    cs_scenario none;
    cs_plan applied;
    if (cs_overrides_add(&overrides, line, &err) == CS_OK && cs_scenario_init_none(&none) == CS_OK) {
        none.overrides = &overrides;
        if (cs_scenario_apply(&none, &base, &applied, &err) == CS_OK) {
            cs_plan_correlations_dropped(&applied, NULL, 0);
            run_one_trial(&applied);
            cs_plan_free(&applied);
        }
        cs_scenario_free(&none);
    }
    cs_plan_free(&base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cs_error err;
    cJSON *root = NULL;
    if (cs_json_parse_text(text, "fuzz.json", &root, &err) == CS_OK) {
        cs_plan plan;
        if (cs_plan_from_json(&plan, root, "fuzz.json", &err) == CS_OK) run_one_trial(&plan);
        cs_plan_free(&plan);
        cs_error_list errors = {0};
        cs_plan_from_json_all(&plan, root, "fuzz.json", &errors, &err);
        cs_plan_free(&plan);
        cs_error_list_free(&errors);

        cs_scenario scenario;
        cJSON *base_root = NULL;
        if (cs_scenario_from_json(&scenario, root, "fuzz.json", &err) == CS_OK) {
            cs_plan base, adjusted;
            if (cs_json_parse_text(base_plan_text, "base.json", &base_root, &err) == CS_OK &&
                cs_plan_from_json(&base, base_root, "base.json", &err) == CS_OK &&
                cs_scenario_apply(&scenario, &base, &adjusted, &err) == CS_OK) {
                run_one_trial(&adjusted);
                cs_plan_free(&adjusted);
            }
            cs_plan_free(&base);
            cs_scenario_free(&scenario);
        }
        cJSON_Delete(base_root);
        cJSON_Delete(root);
    }
    fuzz_set(text);
    free(text);
    return 0;
}
