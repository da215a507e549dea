/*
** test_xlsx.c: the workbooks of run, compare, drivers, sweep, batch and
** export, read back with openpyxl (tests/check_xlsx.py, Debian
** python3-openpyxl): their cells hold the JSON output's numbers, with £ and
** % formats, frozen panes and a native chart; the same results give the
** same bytes; a workbook never goes to standard output.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_json.h"
#include "test_util.h"

static char *path_in(const char *dir, const char *name)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    return path;
}

/* tests/check_xlsx.py KIND BOOK RESULT must pass. */
static void assert_checked(const char *kind, const char *book, const char *result)
{
    char command[4096];
    snprintf(command, sizeof command, "%s %s %s '%s' '%s'", CSSIM_PYTHON3, test_source_path("tests/check_xlsx.py"),
             kind, book, result);
    int status = system(command);
    cr_assert_eq(status, 0, "%s: check_xlsx.py failed (status %d)", kind, status);
}

static const char *plan_file(void) { return test_source_path("plans/west-yorkshire.json"); }

Test(xlsx, run_workbook_holds_the_json_numbers)
{
    char *dir = test_temp_dir(), *book = path_in(dir, "run.xlsx"), *json = path_in(dir, "run.json");
    char *plan = cs_strdup(plan_file());
    cr_assert_eq(test_cli(NULL, "run", plan, "-n", "3000", "-f", "xlsx", "-o", book, NULL), 0);
    cr_assert_eq(test_cli(NULL, "run", plan, "-n", "3000", "-f", "json", "-o", json, NULL), 0);
    assert_checked("run", book, json);
    /* The same results, the same bytes. */
    char *again = path_in(dir, "again.xlsx");
    cr_assert_eq(test_cli(NULL, "run", plan, "-n", "3000", "-f", "xlsx", "-o", again, NULL), 0);
    FILE *a = fopen(book, "rb"), *b = fopen(again, "rb");
    cr_assert(a && b);
    int ca, cb;
    size_t at = 0;
    do {
        ca = fgetc(a);
        cb = fgetc(b);
        cr_assert_eq(ca, cb, "the two workbooks differ at byte %zu", at);
        at++;
    } while (ca != EOF);
    fclose(a);
    fclose(b);
    free(plan);
    free(again);
    free(book);
    free(json);
    free(dir);
}

Test(xlsx, compare_drivers_and_sweep_workbooks_hold_the_json_numbers)
{
    char *dir = test_temp_dir(), *plan = cs_strdup(plan_file());
    static const char *const kinds[] = {"compare", "drivers", "sweep"};
    for (size_t k = 0; k < 3; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s.xlsx", kinds[k]);
        char *book = path_in(dir, name);
        snprintf(name, sizeof name, "%s.json", kinds[k]);
        char *json = path_in(dir, name);
        const char *formats[2][2] = {{"xlsx", book}, {"json", json}};
        for (size_t f = 0; f < 2; f++) {
            int status;
            if (k == 0)
                status = test_cli(NULL, "compare", plan, "--scenarios", test_source_path("scenarios"), "-n", "2000",
                                  "-f", formats[f][0], "-o", formats[f][1], NULL);
            else if (k == 1)
                status = test_cli(NULL, "drivers", plan, "-n", "2000", "-f", formats[f][0], "-o", formats[f][1], NULL);
            else
                status = test_cli(NULL, "sweep", plan, "--vary", "price", "--from", "0.8", "--to", "1.3", "--steps",
                                  "6", "-n", "2000", "-f", formats[f][0], "-o", formats[f][1], NULL);
            cr_assert_eq(status, 0, "%s --format %s", kinds[k], formats[f][0]);
        }
        assert_checked(kinds[k], book, json);
        free(book);
        free(json);
    }
    free(plan);
    free(dir);
}

Test(xlsx, batch_writes_league_xlsx_beside_league_md)
{
    char *dir = test_temp_dir(), *out = path_in(dir, "out");
    char *plans = cs_strdup(test_source_path("plans"));
    cr_assert_eq(test_cli(NULL, "batch", plans, "--scenarios", test_source_path("scenarios"), "-n", "500", "-o", out,
                          NULL),
                 0);
    char *book = path_in(out, "league.xlsx"), *json = path_in(out, "league.json"), *md = path_in(out, "league.md");
    cr_assert_eq(access(md, F_OK), 0);
    assert_checked("league", book, json);
    free(book);
    free(json);
    free(md);
    free(plans);
    free(out);
    free(dir);
}

Test(xlsx, plan_export_as_a_workbook)
{
    char *dir = test_temp_dir(), *book = path_in(dir, "plan.xlsx");
    char *plan = cs_strdup(plan_file());
    cr_assert_eq(test_cli(NULL, "export", plan, "--format", "xlsx", "-o", book, NULL), 0);
    assert_checked("plan", book, plan);
    free(plan);
    free(book);
    free(dir);
}

Test(xlsx, a_workbook_needs_out_and_a_bad_plan_writes_nothing)
{
    char *dir = test_temp_dir(), *book = path_in(dir, "bad.xlsx");
    char *message = NULL;
    char *plan = cs_strdup(plan_file());
    cr_assert_eq(test_cli(&message, "run", plan, "-n", "100", "-f", "xlsx", NULL), 2);
    cr_assert(strstr(message, "--out FILE.xlsx"), "%s", message);
    free(message);
    cr_assert_eq(test_cli(&message, "solve", plan, "-f", "xlsx", "-o", book, NULL), 2);
    cr_assert(strstr(message, "--format xlsx is for run"), "%s", message);
    free(message);
    char *bad = test_write_file(dir, "bad.json", "{\"id\": \"bad\", \"name\": \"Bad\", \"ccgs\": [{\"name\": \"A\", "
                                                  "\"population\": 1000}], \"price_per_head\": 10, \"staff_cost\": -1, "
                                                  "\"nonpay_cost\": 0}");
    cr_assert_eq(test_cli(NULL, "run", bad, "-n", "100", "-f", "xlsx", "-o", book, NULL), 2);
    cr_assert_neq(access(book, F_OK), 0, "a workbook was written for a bad plan");
    free(bad);
    free(plan);
    free(book);
    free(dir);
}
