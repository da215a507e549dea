/*
** test_precision.c: --precision H chooses the trials (issue 12).
**
** The trials chosen are a multiple of the block and the first that make the
** 95% interval of P(viable) (and in compare every paired difference) no
** wider than +-H; the output is then exactly `--trials N`; the choice is
** the same for any thread count; bad requests exit 2.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cs_precision.h"
#include "cs_summary.h"
#include "test_util.h"

#define PLAN "plans/west-yorkshire.json"

Test(precision, the_first_block_count_that_reaches_the_half_width)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN);
    const cs_plan *plans[] = {&plan};
    cs_run_options options = {.seed = 3, .threads = 2};
    size_t trials;
    int reached;
    cs_error err;
    cr_assert_eq(cs_precision_trials(plans, 1, 0, &options, 0.004, &trials, &reached, &err), CS_OK);
    cr_expect(reached);
    cr_expect_eq(trials % CS_PRECISION_BLOCK, 0);
    double lo, hi;
    options.trials = trials;
    options.light = 1;
    cs_run_data data;
    cr_assert_eq(cs_engine_run(&plan, &options, &data, &err), CS_OK);
    cs_wilson_interval(data.viable_count, trials, &lo, &hi);
    cr_expect_leq((hi - lo) / 2, 0.004, "half-width %g at %zu trials", (hi - lo) / 2, trials);
    cs_run_data_free(&data);
    /* one block fewer does not reach it */
    options.trials = trials - CS_PRECISION_BLOCK;
    cr_assert_eq(cs_engine_run(&plan, &options, &data, &err), CS_OK);
    cs_wilson_interval(data.viable_count, trials - CS_PRECISION_BLOCK, &lo, &hi);
    cr_expect_gt((hi - lo) / 2, 0.004);
    cs_run_data_free(&data);
    cs_plan_free(&plan);
}

/* TEXT without its "precision" object (the one field --trials does not write). */
static char *without_precision(char *text)
{
    char *start = strstr(text, "\t\"precision\":");
    if (start) {
        char *end = strstr(start, "},\n");
        memmove(start, end + 3, strlen(end + 3) + 1);
    }
    return text;
}

Test(precision, the_output_is_exactly_that_of_trials_n_for_any_thread_count)
{
    char *dir = test_temp_dir();
    char *plan = strdup(test_source_path(PLAN));
    char a[1024], b[1024], c[1024];
    snprintf(a, sizeof a, "%s/a.json", dir);
    snprintf(b, sizeof b, "%s/b.json", dir);
    snprintf(c, sizeof c, "%s/c.json", dir);
    cr_assert_eq(test_cli(NULL, "run", plan, "--precision", "0.01", "-j", "1", "-f", "json", "-o", a, NULL), 0);
    cr_assert_eq(test_cli(NULL, "run", plan, "--precision", "0.01", "-j", "2", "-f", "json", "-o", b, NULL), 0);
    char *text_a = test_read_file(a), *text_b = test_read_file(b);
    cr_expect_str_eq(text_a, text_b);
    cJSON *json = cJSON_Parse(text_a);
    int trials = cJSON_GetObjectItemCaseSensitive(json, "trials")->valueint;
    cJSON_Delete(json);
    char n[32];
    snprintf(n, sizeof n, "%d", trials);
    cr_assert_eq(test_cli(NULL, "run", plan, "--trials", n, "-f", "json", "-o", c, NULL), 0);
    char *text_c = test_read_file(c);
    cr_expect_str_eq(without_precision(text_a), text_c, "--precision chose %d trials but differs from --trials %d",
                     trials, trials);
    free(text_a);
    free(text_b);
    free(text_c);
    free(plan);
    free(dir);
}

Test(precision, compare_narrows_every_paired_difference)
{
    char *dir = test_temp_dir();
    char out[1024];
    snprintf(out, sizeof out, "%s/compare.json", dir);
    char *plan = strdup(test_source_path(PLAN));
    cr_assert_eq(test_cli(NULL, "compare", plan, "--precision", "0.006", "--scenarios", test_source_path("scenarios"),
                          "-f", "json", "-o", out, NULL),
                 0);
    char *text = test_read_file(out);
    cJSON *json = cJSON_Parse(text);
    const cJSON *scenarios = cJSON_GetObjectItemCaseSensitive(json, "scenarios"), *item;
    int checked = 0;
    cJSON_ArrayForEach(item, scenarios)
    {
        const cJSON *run = cJSON_GetObjectItemCaseSensitive(item, "run");
        const cJSON *ci = cJSON_GetObjectItemCaseSensitive(run, "p_viable_ci");
        double half = (cJSON_GetArrayItem(ci, 1)->valuedouble - cJSON_GetArrayItem(ci, 0)->valuedouble) / 2;
        cr_expect_leq(half, 0.006);
        const cJSON *difference = cJSON_GetObjectItemCaseSensitive(item, "difference");
        if (!difference) continue;
        const cJSON *diff_ci = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(difference, "p_viable"),
                                                                "ci");
        half = (cJSON_GetArrayItem(diff_ci, 1)->valuedouble - cJSON_GetArrayItem(diff_ci, 0)->valuedouble) / 2;
        cr_expect_leq(half, 0.006 + 1e-12, "paired difference half-width %g", half);
        checked++;
    }
    cr_expect_eq(checked, 2);
    cJSON_Delete(json);
    free(text);
    free(plan);
    free(dir);
}

Test(precision, bad_requests_exit_2)
{
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", test_source_path(PLAN), "--precision", "0.01", "--trials", "100", NULL), 2);
    cr_expect(err_text && strstr(err_text, "give --trials or --precision, not both"), "%s", err_text);
    free(err_text);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", test_source_path(PLAN), "--precision", "0.7", NULL), 2);
    cr_expect(err_text && strstr(err_text, "between 0 and 0.5"), "%s", err_text);
    free(err_text);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "drivers", test_source_path(PLAN), "--precision", "0.01", NULL), 2);
    cr_expect(err_text && strstr(err_text, "unknown option '--precision'"), "%s", err_text);
    free(err_text);
}
