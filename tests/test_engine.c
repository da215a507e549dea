/*
** test_engine.c: reproducibility and the engine's bookkeeping.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_engine.h"
#include "cs_report.h"
#include "test_util.h"

static char *run_json(const char *plan_file, int threads, size_t trials, unsigned long long seed)
{
    cs_plan plan;
    test_load_plan(&plan, plan_file);
    cs_run_options options = {.trials = trials, .seed = seed, .threads = threads};
    cs_run_data data;
    cs_summary summary;
    cs_error err;
    cr_assert_eq(cs_run_and_summarise(&plan, "none", &options, &data, &summary, &err), CS_OK, "%s", err.message);
    cJSON *json = cs_summary_json(&summary);
    char *text = cJSON_Print(json);
    cJSON_Delete(json);
    cs_summary_free(&summary);
    cs_run_data_free(&data);
    cs_plan_free(&plan);
    return text;
}

Test(engine, same_seed_gives_byte_identical_json_for_any_thread_count)
{
    char *one = run_json("tests/data/example.json", 1, 20000, 7);
    char *two = run_json("tests/data/example.json", 2, 20000, 7);
    char *five = run_json("tests/data/example.json", 5, 20000, 7);
    cr_expect_str_eq(one, two);
    cr_expect_str_eq(one, five);
    free(one);
    free(two);
    free(five);
}

Test(engine, cli_output_is_byte_identical_across_threads)
{
    char *dir = test_temp_dir();
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);
    char plan[1024];
    snprintf(plan, sizeof plan, "%s", test_source_path("plans/greater-east-midlands.json"));
    cr_assert_eq(test_cli(NULL, "run", plan, "-n", "5000", "-s", "3", "-j", "1", "-f", "csv", "-o", a, NULL), 0);
    cr_assert_eq(test_cli(NULL, "run", plan, "-n", "5000", "-s", "3", "-j", "3", "-f", "csv", "-o", b, NULL), 0);
    char *text_a = test_read_file(a), *text_b = test_read_file(b);
    cr_assert_not_null(text_a);
    cr_expect_str_eq(text_a, text_b);
    cr_expect(strstr(text_a, "plan,scenario,year,p_viable,") == text_a); /* the tidy header */
    free(text_a);
    free(text_b);
    free(dir);
}

Test(engine, another_seed_gives_other_results)
{
    char *one = run_json("tests/data/example.json", 2, 5000, 1);
    char *two = run_json("tests/data/example.json", 2, 5000, 2);
    cr_expect_str_neq(one, two);
    free(one);
    free(two);
}

Test(engine, trials_are_a_prefix_of_longer_runs)
{
    /* Trial i's stream does not depend on N: the first 1000 trials of a run
    ** of 3000 are the run of 1000. */
    cs_plan plan;
    test_load_plan(&plan, "tests/data/example.json");
    cs_run_options short_run = {.trials = 1000, .seed = 9, .threads = 2};
    cs_run_options long_run = {.trials = 3000, .seed = 9, .threads = 1};
    cs_run_data a, b;
    cs_error err;
    cr_assert_eq(cs_engine_run(&plan, &short_run, &a, &err), CS_OK);
    cr_assert_eq(cs_engine_run(&plan, &long_run, &b, &err), CS_OK);
    cr_expect_eq(memcmp(a.final_reserve, b.final_reserve, 1000 * sizeof(double)), 0);
    cr_expect_eq(memcmp(a.turnover + 4 * 1000, b.turnover + 4 * 3000, 1000 * sizeof(double)), 0);
    cs_run_data_free(&a);
    cs_run_data_free(&b);
    cs_plan_free(&plan);
}

Test(engine, wilson_interval)
{
    double lo, hi;
    cs_wilson_interval(50, 100, &lo, &hi);
    /* 0.5 +- 1.96 sqrt(0.25/100 + 1.96^2/40000) / (1 + 1.96^2/100) */
    cr_expect(fabs(lo - 0.4038315303659956) < 1e-9, "lo %.17g", lo);
    cr_expect(fabs(hi - 0.5961684696340044) < 1e-9, "hi %.17g", hi);
    cs_wilson_interval(0, 100, &lo, &hi);
    cr_expect_eq(lo, 0.0);
    cr_expect(hi > 0.03 && hi < 0.04, "hi %g", hi);
    cs_wilson_interval(100, 100, &lo, &hi);
    cr_expect_eq(hi, 1.0);
}

/* The output of a fixed seed, frozen: a change that alters any figure of a
** plan without correlations fails here.  The file was written by
** `cssim compare plans/greater-east-midlands.json --scenarios scenarios -n 3000
** -s 11 -f json` before correlations and Latin hypercube sampling existed,
** with the run record (which names the build) cut off. */
Test(engine, output_for_a_fixed_seed_is_what_it_was)
{
    char *dir = test_temp_dir();
    char out[1024];
    snprintf(out, sizeof out, "%s/compare.json", dir);
    char plan[1024];
    snprintf(plan, sizeof plan, "%s", test_source_path("plans/greater-east-midlands.json"));
    cr_assert_eq(test_cli(NULL, "compare", plan, "--scenarios", test_source_path("scenarios"), "-n", "3000", "-s", "11",
                          "-f", "json", "-o", out, NULL),
                 0);
    char *text = test_read_file(out);
    char *expected = test_read_file(test_source_path("tests/data/expected-compare-gem-3000-s11.json"));
    cr_assert_not_null(expected);
    char *record = strstr(text, "\t\"run_record\"");
    cr_assert_not_null(record);
    while (record > text && (record[-1] == '\n' || record[-1] == ',' || record[-1] == '\t')) record--;
    strcpy(record, "\n}\n");
    cr_expect_str_eq(text, expected);
    free(text);
    free(expected);
    free(dir);
}

/* A workspace kept across runs (cssim serve) gives the same bytes as fresh
** memory, whether it grows, shrinks or is reused, and its block is reused. */
Test(engine, a_reused_workspace_gives_the_same_results_and_keeps_its_block)
{
    cs_plan plan;
    test_load_plan(&plan, "tests/data/example.json");
    cs_run_workspace workspace;
    cs_run_workspace_init(&workspace);
    const size_t trials[] = {3000, 1000, 3000, 3000};
    for (size_t r = 0; r < sizeof trials / sizeof trials[0]; r++) {
        cs_run_options fresh = {.trials = trials[r], .seed = 11, .threads = 2}, reused = fresh;
        reused.workspace = &workspace;
        cs_run_data a, b;
        cs_error err;
        cr_assert_eq(cs_engine_run(&plan, &fresh, &a, &err), CS_OK, "%s", err.message);
        cr_assert_eq(cs_engine_run(&plan, &reused, &b, &err), CS_OK, "%s", err.message);
        cr_expect_eq(b.workspace, &workspace, "the run's block goes back to the workspace");
        cr_expect_eq(a.viable_count, b.viable_count);
        size_t n = trials[r], years = a.years;
        cr_expect_eq(memcmp(a.turnover, b.turnover, n * years * sizeof *a.turnover), 0);
        cr_expect_eq(memcmp(a.cost, b.cost, n * years * sizeof *a.cost), 0);
        cr_expect_eq(memcmp(a.final_reserve, b.final_reserve, n * sizeof *a.final_reserve), 0);
        cr_expect_eq(memcmp(a.viable, b.viable, n), 0);
        cr_expect_eq(memcmp(a.customers_total, b.customers_total, 3 * years * sizeof *a.customers_total), 0,
                     "the yearly counts start from zero on reuse");
        cr_expect_eq(workspace.reused, r, "no fresh allocation for a run that fits");
        cs_run_data_free(&a);
        cs_run_data_free(&b); /* gives the block back for the next run */
    }
    cs_run_workspace_free(&workspace);
    cs_plan_free(&plan);
}

/* A run whose generation has moved on (a newer request) stops as interrupted. */
Test(engine, a_superseded_run_stops)
{
    cs_plan plan;
    test_load_plan(&plan, "tests/data/example.json");
    _Atomic unsigned long generation = 2;
    cs_run_options options = {.trials = 5000, .seed = 1, .threads = 2, .generation = &generation, .wanted = 1};
    cs_run_data data;
    cs_error err;
    cr_expect_eq(cs_engine_run(&plan, &options, &data, &err), CS_ERR_INTERRUPTED);
    cr_expect(strstr(err.message, "superseded"), "%s", err.message);
    options.wanted = 2;
    cr_expect_eq(cs_engine_run(&plan, &options, &data, &err), CS_OK, "the current generation runs");
    cs_run_data_free(&data);
}

/* A workspace hands a finished run's memory to the next run: the figures
** are the same bits as runs that map their own, for full and light runs,
** larger and smaller ones, and while an earlier run's data is still held. */
Test(engine, a_workspace_reuses_memory_and_changes_no_figure)
{
    cs_plan plan;
    test_load_plan(&plan, "tests/data/example.json");
    cs_run_workspace workspace;
    cs_run_workspace_init(&workspace);
    const size_t trials[] = {3000, 1000, 3000, 5000, 2000};
    const int light[] = {0, 1, 0, 0, 1};
    cs_run_data held = {0};
    cs_error err;
    for (size_t r = 0; r < 5; r++) {
        cs_run_options own = {.trials = trials[r], .seed = 4, .threads = 2, .light = light[r], .keep_inputs = 1};
        cs_run_options kept = own;
        kept.workspace = &workspace;
        cs_run_data a, b;
        cr_assert_eq(cs_engine_run(&plan, &own, &a, &err), CS_OK);
        cr_assert_eq(cs_engine_run(&plan, &kept, &b, &err), CS_OK);
        cr_expect_eq(memcmp(a.final_reserve, b.final_reserve, trials[r] * sizeof(double)), 0, "run %zu", r);
        cr_expect_eq(memcmp(a.viable, b.viable, trials[r]), 0, "run %zu", r);
        cr_expect_eq(memcmp(a.inputs, b.inputs, CS_N_INPUTS * trials[r] * sizeof(double)), 0, "run %zu", r);
        cr_expect_eq(memcmp(a.customers_total, b.customers_total, 3 * a.years * sizeof(uint64_t)), 0, "run %zu", r);
        if (!light[r]) cr_expect_eq(memcmp(a.cost, b.cost, a.years * trials[r] * sizeof(double)), 0, "run %zu", r);
        cr_expect_eq(a.viable_count, b.viable_count);
        cs_run_data_free(&a);
        if (r == 2) held = b; /* kept while the later runs take other blocks */
        else cs_run_data_free(&b);
    }
    /* Runs 1 and 2 fit in run 0's block; run 4 in run 3's. */
    cr_expect_geq(workspace.reused, 2, "reused %zu", workspace.reused);
    cs_run_data_free(&held);
    cs_run_workspace_free(&workspace);
    cs_plan_free(&plan);
}
