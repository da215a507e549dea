/*
** test_inputs.c: every kind of bad input gets a message naming the file,
** the JSON path and what was expected; the command line exits 2 and writes
** nothing.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_plan.h"
#include "test_util.h"

/* A valid plan with one spot (%s) to make it bad. */
static const char plan_template[] =
    "{\n"
    "  \"id\": \"bad\", \"name\": \"Bad plan\",\n"
    "  \"ccgs\": [{\"name\": \"A\", \"population\": 100000}, {\"name\": \"B\", \"population\": 200000}],\n"
    "  \"price_per_head\": 12, \"staff_cost\": 2000000, \"nonpay_cost\": 500000%s\n"
    "}\n";

typedef struct bad_case {
    const char *label;
    const char *text;          /* whole file, or NULL to use the template with `extra` */
    const char *extra;
    const char *path;          /* expected JSON path ("" for none) */
    const char *message;       /* a fragment the message must contain */
} bad_case;

static void check_case(const bad_case *c)
{
    char *dir = test_temp_dir();
    char text[4096];
    if (c->text) snprintf(text, sizeof text, "%s", c->text);
    else snprintf(text, sizeof text, plan_template, c->extra);
    char *file = test_write_file(dir, "plan.json", text);

    cs_plan plan;
    cs_error err;
    cs_error_clear(&err);
    int rc = cs_plan_load(&plan, file, &err);
    cs_plan_free(&plan);
    cr_expect_eq(rc, CS_ERR_INPUT, "%s: load should fail as bad input", c->label);
    cr_expect_str_eq(err.file, file, "%s: the error names the file", c->label);
    cr_expect_str_eq(err.path, c->path, "%s: path '%s'", c->label, err.path);
    cr_expect(strstr(err.message, c->message) != NULL, "%s: message '%s' lacks '%s'", c->label, err.message,
              c->message);

    /* The command line: exit 2, the message on standard error, no output file. */
    char out_path[1024];
    snprintf(out_path, sizeof out_path, "%s/report.json", dir);
    char *stderr_text = NULL;
    int status = test_cli(&stderr_text, "run", file, "--trials", "100", "--format", "json", "--out", out_path, NULL);
    cr_expect_eq(status, 2, "%s: exit status %d", c->label, status);
    cr_expect(stderr_text && strstr(stderr_text, c->message), "%s: stderr '%s'", c->label, stderr_text);
    cr_expect(stderr_text && strstr(stderr_text, file), "%s: stderr names the file", c->label);
    cr_expect_neq(access(out_path, F_OK), 0, "%s: nothing may be written", c->label);
    status = test_cli(NULL, "validate", file, NULL);
    cr_expect_eq(status, 2, "%s: validate exit status %d", c->label, status);
    free(stderr_text);
    free(file);
    free(dir);
}

Test(inputs, malformed_json)
{
    bad_case c = {"malformed", "{\n  \"id\": \"x\",\n  \"name\": ,\n}\n", NULL, "", "invalid JSON at line 3, column 11"};
    check_case(&c);
}

Test(inputs, truncated_json)
{
    bad_case c = {"truncated", "{\"id\": \"x\"", NULL, "", "unexpected end of file"};
    check_case(&c);
}

Test(inputs, unknown_key_suggests_the_close_one)
{
    bad_case c = {"unknown key", NULL, ", \"staf_cost\": 3", "staf_cost",
                  "unknown key 'staf_cost' (did you mean 'staff_cost'?)"};
    check_case(&c);
}

Test(inputs, unknown_key_inside_a_distribution)
{
    bad_case c = {"dist key", NULL, ", \"churn\": {\"dist\": \"beta\", \"mean\": 0.1, \"sdd\": 0.01}", "churn.sdd",
                  "did you mean 'sd'?"};
    check_case(&c);
}

Test(inputs, negative_population)
{
    bad_case c = {"negative population",
                  "{\"id\": \"bad\", \"name\": \"Bad\", \"ccgs\": [{\"name\": \"A\", \"population\": 1000},"
                  " {\"name\": \"B\", \"population\": 5}, {\"name\": \"C\", \"population\": -10}],"
                  " \"price_per_head\": 12, \"staff_cost\": 1, \"nonpay_cost\": 1}",
                  NULL, "ccgs[2].population", "expected a number in (0, 1000000000], found -10"};
    check_case(&c);
}

Test(inputs, beta_sd_too_large)
{
    bad_case c = {"beta sd", NULL, ", \"in_house_share\": {\"dist\": \"beta\", \"mean\": 0.5, \"sd\": 0.6}",
                  "in_house_share", "sd 0.6 is too large for mean 0.5"};
    check_case(&c);
}

Test(inputs, triangular_mode_outside_its_range)
{
    bad_case c = {"triangular", NULL, ", \"other_income\": {\"dist\": \"triangular\", \"min\": 0, \"mode\": 5, \"max\": 3}",
                  "other_income", "mode 5 lies outside [min, max] = [0, 3]"};
    check_case(&c);
}

Test(inputs, unknown_distribution)
{
    bad_case c = {"unknown dist", NULL, ", \"churn\": {\"dist\": \"betta\", \"mean\": 0.1, \"sd\": 0.01}", "churn.dist",
                  "unknown distribution 'betta' (did you mean 'beta'?)"};
    check_case(&c);
}

Test(inputs, missing_distribution_field)
{
    bad_case c = {"missing field", NULL, ", \"churn\": {\"dist\": \"beta\", \"mean\": 0.1}", "churn.sd",
                  "missing: a beta distribution needs 'sd'"};
    check_case(&c);
}

Test(inputs, empty_ccgs)
{
    bad_case c = {"empty ccgs",
                  "{\"id\": \"bad\", \"name\": \"Bad\", \"ccgs\": [], \"price_per_head\": 12, \"staff_cost\": 1,"
                  " \"nonpay_cost\": 1}",
                  NULL, "ccgs", "expected at least one CCG"};
    check_case(&c);
}

Test(inputs, price_array_of_the_wrong_length)
{
    bad_case c = {"price length",
                  "{\"id\": \"bad\", \"name\": \"Bad\", \"ccgs\": [{\"name\": \"A\", \"population\": 1000}],"
                  " \"price_per_head\": [12, 13, 14], \"staff_cost\": 1, \"nonpay_cost\": 1}",
                  NULL, "price_per_head", "an array of 5 prices (one per year), found 3"};
    check_case(&c);
}

Test(inputs, wrong_type)
{
    bad_case c = {"wrong type", NULL, ", \"years\": \"five\"", "years", "expected a number, found a string"};
    check_case(&c);
}

Test(inputs, number_out_of_range)
{
    bad_case c = {"range", NULL, ", \"variable_share\": 1.5", "variable_share", "expected a number in [0, 1], found 1.5"};
    check_case(&c);
}

Test(inputs, missing_required_key)
{
    bad_case c = {"missing staff_cost",
                  "{\"id\": \"bad\", \"name\": \"Bad\", \"ccgs\": [{\"name\": \"A\", \"population\": 1000}],"
                  " \"price_per_head\": 12, \"nonpay_cost\": 1}",
                  NULL, "staff_cost", "missing: a plan needs 'staff_cost'"};
    check_case(&c);
}

Test(inputs, missing_file)
{
    char *stderr_text = NULL;
    int status = test_cli(&stderr_text, "run", "/nonexistent/plan.json", NULL);
    cr_expect_eq(status, 2);
    cr_expect(stderr_text && strstr(stderr_text, "/nonexistent/plan.json: cannot open file"), "stderr: %s",
              stderr_text);
    free(stderr_text);
}

Test(inputs, bad_options_exit_2)
{
    const char *plan = test_source_path("tests/data/example.json");
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", plan);
    cr_expect_eq(test_cli(NULL, "run", copy, "--trials", "0", NULL), 2);
    cr_expect_eq(test_cli(NULL, "run", copy, "--trials", "ten", NULL), 2);
    cr_expect_eq(test_cli(NULL, "run", copy, "--format", "xml", NULL), 2);
    cr_expect_eq(test_cli(NULL, "run", copy, "--threads", "-1", NULL), 2);
    cr_expect_eq(test_cli(NULL, "run", NULL), 2);
    cr_expect_eq(test_cli(NULL, "frobnicate", NULL), 2);
    cr_expect_eq(test_cli(NULL, "run", "--help", NULL), 0);
}

/* Issue 11: impossible inputs that used to validate as "ok" and run to NaN
** or absurd results.  Each is refused with its path, exit 2 and no output. */
Test(inputs, impossible_inputs_are_refused_with_their_domain)
{
    const bad_case cases[] = {
        {"population falls by 100%", NULL,
         ", \"population_growth\": {\"dist\": \"normal\", \"mean\": -1, \"sd\": 0.01}", "population_growth",
         "of its mass below -1, outside the domain (-1, 1]; truncate it with \"min\" and \"max\""},
        {"in-house share -1", NULL, ", \"in_house_share\": -1", "in_house_share",
         "expected a number in [0, 1], found -1"},
        {"in-house share 2", NULL, ", \"in_house_share\": 2", "in_house_share", "expected a number in [0, 1], found 2"},
        {"in-house share uniform on [-2, 3]", NULL,
         ", \"in_house_share\": {\"dist\": \"uniform\", \"min\": -2, \"max\": 3}", "in_house_share",
         "takes values down to -2, outside the domain [0, 1]"},
        {"beta sd 1e-300", NULL, ", \"churn\": {\"dist\": \"beta\", \"mean\": 0.5, \"sd\": 1e-300}", "churn",
         "sd 1e-300 is too small for a beta"},
        {"churn below 0", NULL, ", \"churn\": -0.1", "churn", "expected a number in [0, 1], found -0.1"},
        {"churn above 1", NULL, ", \"churn\": 1.5", "churn", "expected a number in [0, 1], found 1.5"},
        {"price realisation below 0", NULL, ", \"price_realisation\": -0.2", "price_realisation",
         "expected a number in (0, 10], found -0.2"},
        {"envelope change -2", NULL, ", \"envelope_change\": -2", "envelope_change",
         "expected a number in (-1, 1], found -2"},
        {"pay inflation -2", NULL, ", \"pay_inflation\": -2", "pay_inflation", "expected a number in (-1, 1], found -2"},
        {"proceed_at below rigorous_at", NULL, ", \"criteria\": {\"proceed_at\": 0.4, \"rigorous_at\": 0.6}",
         "criteria.rigorous_at", "rigorous_at (0.6) may not exceed proceed_at (0.4)"},
        {"other income 1.7e308", NULL, ", \"other_income\": 1.7e308", "other_income",
         "expected a number in [-1000000000000, 1000000000000], found 1.7e+308"},
        {"a wide normal for a share", NULL,
         ", \"in_house_share\": {\"dist\": \"normal\", \"mean\": 0.5, \"sd\": 0.3}", "in_house_share",
         "truncate it with \"min\" and \"max\" inside that domain"},
        {"a lognormal for a share", NULL,
         ", \"churn\": {\"dist\": \"lognormal\", \"mean\": 0.5, \"sd\": 0.5}", "churn",
         "use a bounded distribution"},
        {"start year out of range", NULL, ", \"start_year\": 2147483648", "start_year",
         "expected a whole number from 1900 to 2200, found 2147483648"},
        {"plan id with an underscore", "{\"id\": \"my_plan\", \"name\": \"x\", \"ccgs\": [{\"name\": \"A\", "
                                       "\"population\": 1}], \"price_per_head\": 1, \"staff_cost\": 1, \"nonpay_cost\": 1}",
         NULL, "id", "expected a slug of lower-case letters, digits and '-'"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) check_case(&cases[k]);
}

Test(inputs, a_truncated_normal_inside_the_domain_is_accepted)
{
    cs_plan plan;
    cs_error err;
    int rc = test_plan_from_text(&plan,
                                 "{\"id\": \"ok\", \"name\": \"ok\", \"ccgs\": [{\"name\": \"A\", \"population\": 1000}],"
                                 " \"price_per_head\": 12, \"staff_cost\": 1, \"nonpay_cost\": 1,"
                                 " \"in_house_share\": {\"dist\": \"normal\", \"mean\": 0.5, \"sd\": 0.3, \"min\": 0,"
                                 " \"max\": 1}, \"population_growth\": {\"dist\": \"normal\", \"mean\": 0.007, \"sd\": 0.003}}",
                                 &err);
    cr_expect_eq(rc, CS_OK, "%s: %s", err.path, err.message);
    cs_plan_free(&plan);
}
