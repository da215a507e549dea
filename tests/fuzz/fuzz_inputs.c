/*
** fuzz_inputs.c: a libFuzzer target for the plan and scenario loaders.
**
** Each input is parsed as JSON and read as a plan (stopping at the first
** error, and reading on for every error as `validate` does) and as a
** scenario; a plan that loads runs one trial on its draws, and a scenario
** that loads is applied to a small fixed plan.  Built only with clang
** (-DCSSIM_FUZZ=ON), with AddressSanitizer and UndefinedBehaviorSanitizer;
** `tools/dev test` runs a short smoke run over the seed corpus in
** tests/fuzz/corpus/.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cs_json.h"
#include "cs_model.h"
#include "cs_plan.h"
#include "cs_rng.h"
#include "cs_scenario.h"

static const char base_plan_text[] =
    "{\"id\": \"base\", \"name\": \"Base\", \"ccgs\": [{\"name\": \"A\", \"population\": 300000},"
    " {\"name\": \"B\", \"population\": 200000}], \"price_per_head\": [12, 12.2, 12.4, 12.6, 12.8],"
    " \"staff_cost\": 4000000, \"nonpay_cost\": 1500000, \"other_income\": {\"dist\": \"normal\", \"mean\": 1e6,"
    " \"sd\": 2e5}, \"claims\": {\"turnover\": [1, 2, 3, 4, 5], \"margin\": [1, 1, 1, 1, 1]}}";

/* One trial of PLAN, to exercise the draws and the year loop. */
static void run_one_trial(const cs_plan *plan)
{
    cs_draws draws;
    cs_trial_work work;
    if (cs_draws_init(&draws, (size_t)plan->years, plan->n_ccgs) != CS_OK) return;
    if (cs_trial_work_init(&work, (size_t)plan->years, plan->n_ccgs) == CS_OK) {
        gsl_rng *rng = cs_rng_alloc();
        cs_rng_trial(rng, 1, cs_rng_plan_key(plan->id), 0);
        cs_draws_sample(&draws, plan, rng, NULL);
        cs_trial_run(plan, &draws, &work);
        gsl_rng_free(rng);
        cs_trial_work_free(&work);
    }
    cs_draws_free(&draws);
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
    free(text);
    return 0;
}
