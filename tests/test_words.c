/*
** test_words.c: one vocabulary in every human-facing output.  The
** formatters (money, shares, signed numbers, no negative zero); the text,
** Markdown and HTML outputs carry no code name of a plan key, criterion or
** input; verdicts read "proceed", "proceed under rigorous management" or
** "stop", marked (borderline) wherever the interval straddles a threshold;
** a what-if says so in its heading; and the league's headline counts
** agree with the league's own rows.
*/
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_format.h"
#include "cs_inputs.h"
#include "cs_model.h"
#include "cs_plan.h"
#include "test_util.h"

Test(words, money_reads_as_money)
{
    char buf[CS_FORMAT_MAX];
    cr_expect_str_eq(cs_format_money(buf, sizeof buf, 8.4e6, 0), "£8.40m");
    cr_expect_str_eq(cs_format_money(buf, sizeof buf, -8.4e6, 0), CS_MINUS "£8.40m");
    cr_expect_str_eq(cs_format_money(buf, sizeof buf, 850e3, 0), "£850k");
    cr_expect_str_eq(cs_format_money(buf, sizeof buf, 1.2e6, 1), "+£1.20m");
    cr_expect_str_eq(cs_format_money(buf, sizeof buf, 2.634e7, 0), "£26.34m", "no scientific notation");
    cr_expect_str_eq(cs_format_money(buf, sizeof buf, -0.001, 0), "£0", "no negative zero");
    cr_expect_str_eq(cs_format_money(buf, sizeof buf, 0, 1), "£0", "zero carries no sign");
    cr_expect_str_eq(cs_format_money(buf, sizeof buf, -999.4, 0), CS_MINUS "£999");
}

Test(words, shares_and_numbers_have_no_negative_zero)
{
    char buf[CS_FORMAT_MAX];
    cr_expect_str_eq(cs_format_share(buf, sizeof buf, 0.0728, 1, 0), "7.3%");
    cr_expect_str_eq(cs_format_share(buf, sizeof buf, -0.0001, 1, 0), "0.0%");
    cr_expect_str_eq(cs_format_share(buf, sizeof buf, 0.05, 1, 1), "+5.0%");
    cr_expect_str_eq(cs_format_number(buf, sizeof buf, -0.001, 2), "0.00");
    cr_expect_str_eq(cs_format_number(buf, sizeof buf, -1.5, 2), CS_MINUS "1.50");
    cr_expect_str_eq(cs_format_signed(buf, sizeof buf, -0.0004, 3), "0.000");
    cr_expect_str_eq(cs_format_signed(buf, sizeof buf, 0.6, 1), "+0.6");
    cr_expect_str_eq(cs_format_signed(buf, sizeof buf, -4.7, 2), CS_MINUS "4.70");
    cr_expect_str_eq(cs_format_unit(buf, sizeof buf, CS_UNIT_PER_HEAD, 23.5), "£23.50 a head");
}

Test(words, every_input_parameter_and_criterion_has_plain_words)
{
    for (size_t i = 0; i < CS_N_INPUTS; i++) {
        cr_expect_not_null(cs_inputs[i].label);
        cr_expect_null(strchr(cs_inputs[i].label, '_'), "input %s: '%s'", cs_inputs[i].name, cs_inputs[i].label);
    }
    cr_expect_str_eq(cs_input_find("in_house_share")->label, "CCGs' in-house share");
    cr_expect_str_eq(cs_input_find("price_realisation")->label, "price achieved");
    for (size_t p = 0; p < cs_plan_n_params; p++)
        cr_expect_null(strchr(cs_plan_params[p].label, '_'), "%s", cs_plan_params[p].key);
    const char *criteria[] = {"min_margin", "max_deficit", "proceed_at", "rigorous_at", "optimism_quantile"};
    for (size_t k = 0; k < 5; k++) cr_expect_str_neq(cs_key_label(criteria[k]), criteria[k]);
    cr_expect_str_eq(cs_key_label("opening_reserve"), "opening reserve");
    cr_expect_str_eq(cs_verdict_words_of(CS_VERDICT_STOPPED), "stop");
    cr_expect_str_eq(cs_verdict_words_of(CS_VERDICT_RIGOROUS), "proceed under rigorous management");
}

/* Run the tool with ARGS (a shell fragment) writing standard output into
** DIR/NAME; returns what it wrote. */
static char *tool_output(const char *dir, const char *name, const char *args)
{
    char path[1200], command[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(command, sizeof command, "cd %s && %s %s >%s 2>/dev/null", CSSIM_SOURCE_DIR, CSSIM_EXE, args, path);
    int status = system(command);
    cr_assert_eq(status, 0, "cssim %s exited %d", args, status);
    char *text = test_read_file(path);
    cr_assert_not_null(text);
    return text;
}

/* TEXT without the parts that quote the user: the run record (commands,
** paths, the --set texts as given) and inline images. */
static void drop_quoted(char *text)
{
    static const char *const cuts[][2] = {
        {"<img ", ">"}, {"<code>", "</code>"}, {"## Run record", NULL}, {"How this report was made", NULL},
        {"How this page was made", NULL},
    };
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++)
        for (char *at = strstr(text, cuts[c][0]); at; at = strstr(at, cuts[c][0])) {
            char *end = cuts[c][1] ? strstr(at, cuts[c][1]) : NULL;
            if (!end) {
                *at = '\0';
                break;
            }
            memset(at, ' ', (size_t)(end - at + (long)strlen(cuts[c][1])));
        }
}

/* No code name (a key with an underscore) of a plan key, criterion or input in TEXT. */
static void expect_no_code_names(const char *what, char *text)
{
    drop_quoted(text);
    const char *criteria[] = {"min_margin", "max_deficit", "proceed_at", "rigorous_at", "optimism_quantile"};
    for (size_t k = 0; k < 5; k++) cr_expect_null(strstr(text, criteria[k]), "%s shows '%s'", what, criteria[k]);
    for (size_t p = 0; p < cs_plan_n_params; p++)
        if (strchr(cs_plan_params[p].key, '_'))
            cr_expect_null(strstr(text, cs_plan_params[p].key), "%s shows '%s'", what, cs_plan_params[p].key);
    for (size_t i = 0; i < CS_N_INPUTS; i++)
        if (strchr(cs_inputs[i].name, '_'))
            cr_expect_null(strstr(text, cs_inputs[i].name), "%s shows '%s'", what, cs_inputs[i].name);
    for (const char *at = strstr(text, "-0."); at; at = strstr(at + 1, "-0.")) {
        size_t zeros = strspn(at + 3, "0");
        cr_expect(zeros == 0 || (at[3 + zeros] >= '1' && at[3 + zeros] <= '9'), "%s shows a negative zero: %.20s",
                  what, at);
    }
    cr_expect_null(strstr(text, "e+0"), "%s shows scientific notation", what);
}

Test(words, text_outputs_use_plain_words)
{
    char *dir = test_temp_dir();
    const struct {
        const char *name, *args;
    } commands[] = {
        {"run.txt", "run plans/west-yorkshire.json -n 2000 --set churn.mean=0.03"},
        {"compare.txt", "compare plans/west-yorkshire.json -n 2000"},
        {"drivers.txt", "drivers plans/west-yorkshire.json -n 1000"},
        {"sweep.txt", "sweep plans/west-yorkshire.json --vary in_house_share.mean --from 0.4 --to 0.5 --steps 3 -n 1000"},
        {"stress.txt", "solve plans/west-yorkshire.json --stress -n 500"},
    };
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        char *text = tool_output(dir, commands[c].name, commands[c].args);
        /* the what-if heading quotes nothing: it names the path in plain words */
        expect_no_code_names(commands[c].name, text);
        free(text);
    }
    free(dir);
}

Test(words, the_report_uses_plain_words)
{
    char *dir = test_temp_dir();
    char command[4096], path[1200];
    snprintf(command, sizeof command,
             "%s report %s/plans/west-yorkshire.json --scenarios %s/scenarios -n 2000 --analysis-trials 500 "
             "--set in_house_share.mean=0.4 -o %s/page 2>/dev/null",
             CSSIM_EXE, CSSIM_SOURCE_DIR, CSSIM_SOURCE_DIR, dir);
    cr_assert_eq(system(command), 0);
    snprintf(path, sizeof path, "%s/page/index.html", dir);
    char *page = test_read_file(path);
    cr_assert_not_null(page);
    cr_expect_not_null(strstr(page, "What-if:"), "the answer says it is a what-if");
    cr_expect_not_null(strstr(page, "CCGs&#39; in-house share, mean = 40.0% (plan: 45.0%)"), "the what-if in words");
    cr_expect_not_null(strstr(page, "rigorous-management threshold (50%)"));
    cr_expect_not_null(strstr(page, "of its value") || strstr(page, " sd<"), "the stress test's moves in words");
    expect_no_code_names("the report", page);
    free(page);
    free(dir);
}

Test(words, a_what_if_says_so_in_its_heading)
{
    char *dir = test_temp_dir();
    const char *commands[] = {"run plans/west-yorkshire.json -n 1000 --set churn.mean=0.04",
                              "compare plans/west-yorkshire.json -n 1000 --set churn.mean=0.04",
                              "drivers plans/west-yorkshire.json -n 500 --set churn.mean=0.04"};
    for (size_t c = 0; c < 3; c++) {
        char *text = tool_output(dir, "what-if.txt", commands[c]);
        cr_expect(strncmp(text, "What-if: ", 9) == 0, "%s: %.80s", commands[c], text);
        char *line = strtok(text, "\n");
        cr_expect(line && strstr(line, "= 4.0% (plan: 2.0%)"), "%s: %s", commands[c], line ? line : "");
        free(text);
    }
    char *plain = tool_output(dir, "plain.txt", "run plans/west-yorkshire.json -n 1000");
    cr_expect_null(strstr(plain, "What-if"), "no what-if without --set");
    free(plain);
    free(dir);
}

Test(words, sweep_marks_a_borderline_verdict_in_text_and_json)
{
    char *dir = test_temp_dir();
    /* seed 1, 20000 trials: at price x1.05 West Yorkshire's interval is 49.2% to 50.6%, across 50% */
    const char *args = "sweep plans/west-yorkshire.json --vary price --from 1 --to 1.1 --steps 3 -n 20000";
    char *text = tool_output(dir, "sweep.txt", args);
    cr_expect_not_null(strstr(text, "stop (borderline)"), "%s", text);
    cr_expect_null(strstr(text, "stopped"), "the verdict word is 'stop', never the scenario's name");
    free(text);
    char json_args[512];
    snprintf(json_args, sizeof json_args, "%s --format json", args);
    char *json_text = tool_output(dir, "sweep.json", json_args);
    cJSON *json = cJSON_Parse(json_text);
    cr_assert_not_null(json);
    int borderline = 0, points = 0;
    cJSON *point;
    cJSON_ArrayForEach(point, cJSON_GetObjectItem(json, "points"))
    {
        cJSON *flag = cJSON_GetObjectItem(point, "verdict_borderline");
        cr_assert(cJSON_IsBool(flag), "every point with a verdict has verdict_borderline");
        borderline += cJSON_IsTrue(flag);
        points++;
    }
    cr_expect_eq(points, 3);
    cr_expect_eq(borderline, 1);
    cJSON_Delete(json);
    free(json_text);
    free(dir);
}

/* The counts of the headline for SCENARIO: "<Under|under> scenario SCENARIO: A
** proceed, B proceed under rigorous management, C stop". */
static void headline_counts(const char *text, const char *scenario, int counts[3])
{
    char key[200];
    snprintf(key, sizeof key, "nder scenario %s: ", scenario);
    const char *at = strstr(text, key);
    cr_assert_not_null(at, "no headline for %s", scenario);
    int read = sscanf(at + strlen(key), "%d proceed, %d proceed under rigorous management, %d stop", &counts[0],
                      &counts[1], &counts[2]);
    cr_assert_eq(read, 3, "headline for %s: %.120s", scenario, at);
}

Test(words, the_league_headline_agrees_with_its_rows)
{
    char *dir = test_temp_dir();
    char command[4096], path[1200];
    snprintf(command, sizeof command, "%s batch %s/plans --scenarios %s/scenarios -n 500 -o %s/out 2>/dev/null",
             CSSIM_EXE, CSSIM_SOURCE_DIR, CSSIM_SOURCE_DIR, dir);
    cr_assert_eq(system(command), 0);
    snprintf(path, sizeof path, "%s/out/league.json", dir);
    char *json_text = test_read_file(path);
    cJSON *league = cJSON_Parse(json_text);
    cr_assert_not_null(league);
    snprintf(path, sizeof path, "%s/out/league.md", dir);
    char *markdown = test_read_file(path);
    snprintf(path, sizeof path, "%s/out/index.html", dir);
    char *html = test_read_file(path);
    cr_assert(markdown && html);
    const char *scenarios[] = {"lesser-oversight", "greater-oversight", "stopped"};
    const char *verdicts[] = {"proceed", "rigorous", "stopped"};
    for (size_t s = 0; s < 3; s++) {
        int rows[3] = {0}, agree = 0;
        cJSON *row;
        cJSON_ArrayForEach(row, cJSON_GetObjectItem(league, "rows"))
        {
            if (strcmp(cJSON_GetObjectItem(row, "scenario")->valuestring, scenarios[s]) != 0) continue;
            const char *verdict = cJSON_GetObjectItem(row, "verdict")->valuestring;
            const cJSON *real = cJSON_GetObjectItem(row, "checkpoint2");
            for (int v = 0; v < 3; v++) rows[v] += strcmp(verdict, verdicts[v]) == 0;
            agree += cJSON_IsString(real) && strcmp(real->valuestring, verdict) == 0;
        }
        int md[3], page[3];
        headline_counts(markdown, scenarios[s], md);
        headline_counts(html, scenarios[s], page);
        for (int v = 0; v < 3; v++) {
            cr_expect_eq(md[v], rows[v], "league.md, %s, %s", scenarios[s], verdicts[v]);
            cr_expect_eq(page[v], rows[v], "index.html, %s, %s", scenarios[s], verdicts[v]);
        }
        char agreement[64];
        snprintf(agreement, sizeof agreement, "Agreement: %d of 25 plans", agree);
        cr_expect_not_null(strstr(markdown, agreement), "league.md lacks '%s'", agreement);
    }
    cr_expect_not_null(strstr(html, "worst P(deficit)"), "index.html has the worst-P(deficit) column");
    cr_expect_not_null(strstr(markdown, "real outcome at checkpoint 2"));
    cr_expect_not_null(strstr(html, "real outcome at checkpoint 2"));
    /* the verdict column (the 7th cell of a ranked row) is in words, never a scenario's name */
    int ranked = 0;
    for (const char *line = markdown; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, "| ", 2) != 0 || line[2] < '1' || line[2] > '9') continue;
        const char *cell = line;
        for (int c = 0; c < 6 && cell; c++) cell = strchr(cell + 1, '|');
        cr_assert_not_null(cell);
        int words = strncmp(cell, "| stop", 6) == 0 || strncmp(cell, "| proceed", 9) == 0;
        cr_expect(words && strncmp(cell, "| stopped", 9) != 0, "verdict cell: %.50s", cell);
        ranked++;
    }
    cr_expect_eq(ranked, 75, "a ranked row per plan and scenario");
    expect_no_code_names("league.md", markdown);
    expect_no_code_names("index.html", html);
    cJSON_Delete(league);
    free(json_text);
    free(markdown);
    free(html);
    free(dir);
}
