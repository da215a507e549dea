/*
** test_plans.c: the footprint rule, the shipped plans, the batch and the
** verdict bands.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_batch.h"
#include "cs_json.h"
#include "cs_model.h"
#include "cs_output.h"
#include "test_util.h"

static cJSON *new_plan_json(const char *dir, char *const *args)
{
    char out[1024];
    snprintf(out, sizeof out, "%s/new.json", dir);
    int status = test_cli(NULL, "new-plan", args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7],
                          args[8], "--out", out, NULL);
    cr_assert_eq(status, 0);
    char *text = test_read_file(out);
    cJSON *json = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(json);
    return json;
}

static double number_at(const cJSON *json, const char *key) { return cJSON_GetObjectItem(json, key)->valuedouble; }
static double element(const cJSON *array, int i) { return cJSON_GetArrayItem(array, i)->valuedouble; }

Test(plans, new_plan_reproduces_the_rule_for_a_small_footprint)
{
    char *dir = test_temp_dir();
    char *args[] = {"--id", "small", "--name", "Small", "--population", "500000", "--ccgs", "3", "--areas=X; Y"};
    cJSON *plan = new_plan_json(dir, args);
    /* staff = 9.80 x 500000 + 4.0m; nonpay = 2.30 x 500000 + 2.0m */
    cr_expect_eq(number_at(plan, "staff_cost"), 8900000);
    cr_expect_eq(number_at(plan, "nonpay_cost"), 3150000);
    /* p0 = 1.12 x 12.05m / 500000 - 4 = 22.992 -> 22.99; p1 = 22.99 x 1.015 = 23.33485 -> 23.33;
    ** p2 = 22.99 x 1.030225 = 23.68487... -> 23.68 */
    const cJSON *prices = cJSON_GetObjectItem(plan, "price_per_head");
    cr_expect_eq(cJSON_GetArraySize(prices), 5);
    cr_expect_eq(element(prices, 0), 22.99);
    cr_expect_eq(element(prices, 1), 23.33);
    cr_expect_eq(element(prices, 2), 23.68);
    /* 3 CCGs of 500000: 166667, 166667, 166666; two areas for three CCGs: numbered. */
    const cJSON *ccgs = cJSON_GetObjectItem(plan, "ccgs");
    cr_expect_eq(cJSON_GetArraySize(ccgs), 3);
    cr_expect_eq(number_at(cJSON_GetArrayItem(ccgs, 0), "population"), 166667);
    cr_expect_eq(number_at(cJSON_GetArrayItem(ccgs, 2), "population"), 166666);
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(ccgs, 1), "name")->valuestring, "Small CCG 2");
    const cJSON *share = cJSON_GetObjectItem(plan, "in_house_share");
    cr_expect_eq(number_at(share, "mean"), 0.45);
    cr_expect_eq(number_at(share, "sd"), 0.08);
    const cJSON *other = cJSON_GetObjectItem(plan, "other_income");
    cr_expect_eq(number_at(other, "mean"), 2000000);
    cr_expect_eq(number_at(other, "sd"), 500000);
    cr_expect_eq(number_at(plan, "efficiency_plan"), 0.03);
    /* claims: turnover_0 = 22.99 x 500000 + 2.0m; margin 5%; turnover_1 = 23.33 x 500000 x 1.007 + 2.0m */
    const cJSON *claims = cJSON_GetObjectItem(plan, "claims");
    cr_expect_eq(element(cJSON_GetObjectItem(claims, "turnover"), 0), 13495000);
    cr_expect_eq(element(cJSON_GetObjectItem(claims, "margin"), 0), 674750);
    cr_expect_eq(element(cJSON_GetObjectItem(claims, "turnover"), 1), 13746655);
    const cJSON *provenance = cJSON_GetObjectItem(plan, "provenance");
    cr_expect_str_eq(cJSON_GetObjectItem(provenance, "rule")->valuestring, "footprint");
    cr_expect_eq(number_at(provenance, "rule_version"), 1);
    cJSON_Delete(plan);
    free(dir);
}

Test(plans, new_plan_reproduces_the_rule_for_a_london_footprint)
{
    char *dir = test_temp_dir();
    char *args[] = {"--id", "ldn", "--name", "London", "--population", "1000000", "--ccgs", "2",
                    "--london", "--areas", "Camden; Islington"};
    char out[1024];
    snprintf(out, sizeof out, "%s/new.json", dir);
    cr_assert_eq(test_cli(NULL, "new-plan", args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7],
                          args[8], args[9], args[10], "--out", out, NULL), 0);
    char *text = test_read_file(out);
    cJSON *plan = cJSON_Parse(text);
    /* f = 1.10: staff = 1.1 x (9.8m + 4.0m) = 15.18m; nonpay = 1.1 x (2.3m + 2.0m) = 4.73m;
    ** p0 = 1.12 x 19.91m / 1m - 4 = 18.2992 -> 18.30 */
    cr_expect_eq(number_at(plan, "staff_cost"), 15180000);
    cr_expect_eq(number_at(plan, "nonpay_cost"), 4730000);
    cr_expect_eq(element(cJSON_GetObjectItem(plan, "price_per_head"), 0), 18.30);
    cr_expect_eq(number_at(cJSON_GetObjectItem(plan, "in_house_share"), "mean"), 0.50);
    const cJSON *ccgs = cJSON_GetObjectItem(plan, "ccgs");
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(ccgs, 0), "name")->valuestring, "Camden CCG");
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(ccgs, 1), "name")->valuestring, "Islington CCG");
    cr_expect_eq(number_at(cJSON_GetArrayItem(ccgs, 1), "population"), 500000);
    cJSON_Delete(plan);
    free(text);
    free(dir);
}

Test(plans, every_shipped_plan_and_scenario_validates)
{
    char **files;
    size_t n;
    cs_error err;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", test_source_path("plans"));
    cr_assert_eq(cs_list_json_files(dir, &files, &n, &err), CS_OK);
    cr_expect_eq(n, 25, "25 local plans");
    for (size_t i = 0; i < n; i++) {
        char *stderr_text = NULL;
        cr_expect_eq(test_cli(&stderr_text, "validate", files[i], NULL), 0, "%s: %s", files[i], stderr_text);
        free(stderr_text);
        free(files[i]);
    }
    free(files);
    snprintf(dir, sizeof dir, "%s", test_source_path("scenarios"));
    cr_assert_eq(cs_list_json_files(dir, &files, &n, &err), CS_OK);
    cr_expect_eq(n, 3);
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(test_cli(NULL, "validate", files[i], NULL), 0, "%s", files[i]);
        free(files[i]);
    }
    free(files);
}

Test(plans, regenerating_the_plans_changes_no_byte)
{
    char *dir = test_temp_dir();
    char csv[1024];
    snprintf(csv, sizeof csv, "%s", test_source_path("plans/footprints.csv"));
    cr_assert_eq(test_cli(NULL, "new-plan", "--from-csv", csv, "--out-dir", dir, NULL), 0);
    char **files;
    size_t n;
    cs_error err;
    cr_assert_eq(cs_list_json_files(dir, &files, &n, &err), CS_OK);
    cr_expect_eq(n, 25);
    for (size_t i = 0; i < n; i++) {
        const char *name = strrchr(files[i], '/') + 1;
        char shipped[1024];
        snprintf(shipped, sizeof shipped, "plans/%s", name);
        char *fresh = test_read_file(files[i]), *kept = test_read_file(test_source_path(shipped));
        cr_assert_not_null(kept, "plans/%s is missing", name);
        cr_expect_str_eq(fresh, kept, "plans/%s differs from what the rule makes", name);
        free(fresh);
        free(kept);
        free(files[i]);
    }
    free(files);
    free(dir);
}

Test(plans, batch_skips_a_broken_plan_names_it_and_exits_2)
{
    char *dir = test_temp_dir();
    char plans[1024], out[1024], path[2200], scenarios[1024];
    snprintf(plans, sizeof plans, "%s/plans", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(scenarios, sizeof scenarios, "%s", test_source_path("scenarios"));
    cs_error err;
    cr_assert_eq(cs_output_mkdir(plans, &err), CS_OK);
    const char *good[] = {"arden", "hertfordshire"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "plans/%s.json", good[i]);
        char *text = test_read_file(test_source_path(path));
        char name[64];
        snprintf(name, sizeof name, "%s.json", good[i]);
        free(test_write_file(plans, name, text));
        free(text);
    }
    free(test_write_file(plans, "broken.json", "{\"id\": \"broken\", \"name\": \"Broken\", \"ccgs\": []}"));

    char *stderr_text = NULL;
    int status = test_cli(&stderr_text, "batch", plans, "--scenarios", scenarios, "--trials", "2000", "--out", out, NULL);
    cr_expect_eq(status, 2);
    cr_expect(stderr_text && strstr(stderr_text, "broken.json") && strstr(stderr_text, "ccgs"), "stderr: %s",
              stderr_text);
    snprintf(path, sizeof path, "%s/league.csv", out);
    char *csv = test_read_file(path);
    cr_assert_not_null(csv);
    int lines = 0;
    for (const char *c = csv; *c; c++) lines += *c == '\n';
    cr_expect_eq(lines, 1 + 2 * 3, "header + 2 plans x 3 scenarios, found %d lines", lines);
    cr_expect(strstr(csv, "arden,Arden,stopped,") != NULL);
    snprintf(path, sizeof path, "%s/league.md", out);
    char *md = test_read_file(path);
    cr_expect(md && strstr(md, "broken.json"), "league.md names the failed plan");
    snprintf(path, sizeof path, "%s/runs/hertfordshire.greater-oversight.json", out);
    char *run = test_read_file(path);
    cr_expect_not_null(run);
    free(run);
    free(md);
    free(csv);
    free(stderr_text);
    free(dir);
}

Test(plans, verdict_bands_at_their_edges)
{
    cs_criteria c = {.min_margin = 0, .max_deficit = 0.02, .proceed_at = 0.8, .rigorous_at = 0.5,
                     .optimism_quantile = 0.75};
    cr_expect_eq(cs_verdict_decide(&c, 0.8, 0), CS_VERDICT_PROCEED);
    cr_expect_eq(cs_verdict_decide(&c, nextafter(0.8, 0), 0), CS_VERDICT_RIGOROUS);
    cr_expect_eq(cs_verdict_decide(&c, 0.8, 1), CS_VERDICT_RIGOROUS);
    cr_expect_eq(cs_verdict_decide(&c, 1.0, 1), CS_VERDICT_RIGOROUS);
    cr_expect_eq(cs_verdict_decide(&c, 0.5, 0), CS_VERDICT_RIGOROUS);
    cr_expect_eq(cs_verdict_decide(&c, 0.5, 1), CS_VERDICT_RIGOROUS);
    cr_expect_eq(cs_verdict_decide(&c, nextafter(0.5, 0), 0), CS_VERDICT_STOPPED);
    cr_expect_eq(cs_verdict_decide(&c, 0.0, 0), CS_VERDICT_STOPPED);
}

/* A claim exactly at the optimism quantile is not optimistic; the next
** double above it is. */
Test(plans, claims_just_above_the_quantile_are_optimistic)
{
    cs_plan plan;
    test_load_plan(&plan, "tests/data/example.json");
    cs_run_options options = {.trials = 4000, .seed = 5, .threads = 2};
    cs_run_data data;
    cs_summary summary;
    cs_error err;
    cr_assert_eq(cs_run_and_summarise(&plan, "none", &options, &data, &summary, &err), CS_OK);
    for (int t = 0; t < plan.years; t++) plan.claim_margin[t] = summary.year[t].margin_optimism;
    cs_summary at;
    cr_assert_eq(cs_summarise(&plan, "none", &data, 5, 2, &at, &err), CS_OK);
    cr_expect_eq(at.claims_optimistic, 0);
    plan.claim_margin[3] = nextafter(summary.year[3].margin_optimism, INFINITY);
    cs_summary above;
    cr_assert_eq(cs_summarise(&plan, "none", &data, 5, 2, &above, &err), CS_OK);
    cr_expect_eq(above.claims_optimistic, 1);
    cr_expect_eq(above.year[3].claim_optimistic, 1);
    cr_expect_eq(above.year[2].claim_optimistic, 0);
    /* The claim's rank: P(sim >= claim) at the 75th percentile is about 0.25. */
    cr_expect(fabs(at.year[3].claim_margin.p_sim_ge - 0.25) < 0.01, "%g", at.year[3].claim_margin.p_sim_ge);
    cs_summary_free(&summary);
    cs_summary_free(&at);
    cs_summary_free(&above);
    cs_run_data_free(&data);
    cs_plan_free(&plan);
}

Test(plans, verdict_follows_p_viable_and_claims_in_a_run)
{
    cs_plan plan;
    test_load_plan(&plan, "tests/data/example.json");
    plan.criteria.proceed_at = 0.0; /* every P passes proceed_at ... */
    plan.criteria.rigorous_at = 0.0;
    cs_run_options options = {.trials = 2000, .seed = 5, .threads = 1};
    cs_run_data data;
    cs_summary summary;
    cs_error err;
    cr_assert_eq(cs_run_and_summarise(&plan, "none", &options, &data, &summary, &err), CS_OK);
    /* ... but the example's claimed margins lie far above the simulated P75. */
    cr_expect_eq(summary.claims_optimistic, 1);
    cr_expect_eq(summary.verdict, CS_VERDICT_RIGOROUS);
    cs_summary_free(&summary);
    cs_run_data_free(&data);
    cs_plan_free(&plan);
}

/* Standard output of `cssim validate FILE` (malloc'd). */
static char *validate_output(const char *dir, const char *file)
{
    char command[4096], out[1100];
    snprintf(out, sizeof out, "%s/validate.txt", dir);
    snprintf(command, sizeof command, "%s validate %s >%s 2>&1", CSSIM_EXE, file, out);
    cr_assert_eq(system(command), 0, "validate %s failed", file);
    return test_read_file(out);
}

Test(plans, a_full_template_has_every_key_and_validate_tells_an_edit)
{
    char *dir = test_temp_dir();
    char path[1100], edited_path[1100];
    snprintf(path, sizeof path, "%s/full.json", dir);
    cr_assert_eq(test_cli(NULL, "new-plan", "--id", "demo", "--name", "Demo", "--population", "1500000", "--ccgs", "6",
                          "--full", "-o", path, NULL),
                 0);
    char *text = test_read_file(path);
    cJSON *plan = cJSON_Parse(text);
    cr_assert_not_null(plan);
    const cJSON *meanings = cJSON_GetObjectItem(cJSON_GetObjectItem(plan, "provenance"), "meanings");
    for (size_t p = 0; p < cs_plan_n_params; p++) {
        cr_expect(cJSON_HasObjectItem(plan, cs_plan_params[p].key), "the template lacks %s", cs_plan_params[p].key);
        cr_expect(cJSON_IsString(cJSON_GetObjectItem(meanings, cs_plan_params[p].key)), "no meaning of %s",
                  cs_plan_params[p].key);
    }
    const char *others[] = {"criteria", "start_year", "years", "freestanding_year"};
    for (size_t k = 0; k < 4; k++) cr_expect(cJSON_HasObjectItem(plan, others[k]), "the template lacks %s", others[k]);
    char *said = validate_output(dir, path);
    cr_expect_not_null(strstr(said, "made by rule footprint v1, not edited since"), "%s", said);
    free(said);
    /* an edit: churn's mean from the default to 3% */
    cJSON *churn = cJSON_GetObjectItem(plan, "churn");
    cJSON_SetNumberValue(cJSON_GetObjectItem(churn, "mean"), 0.03);
    snprintf(edited_path, sizeof edited_path, "%s/edited.json", dir);
    char *edited = cJSON_Print(plan);
    free(test_write_file(dir, "edited.json", edited));
    said = validate_output(dir, edited_path);
    cr_expect_not_null(strstr(said, "made by rule footprint v1, edited since"), "%s", said);
    free(said);
    free(edited);
    cJSON_Delete(plan);
    free(text);
    free(dir);
}
