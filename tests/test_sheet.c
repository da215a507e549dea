/*
** test_sheet.c: plans as spreadsheets: every plan exported to CSV and
** imported back runs to the same output bytes; malformed sheets are refused
** with exit status 2, naming the row and the column, and nothing is
** written; amounts typed as people type them are read exactly.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_json.h"
#include "cs_plan_sheet.h"
#include "cs_sheet.h"
#include "test_util.h"

static char *path_in(const char *dir, const char *name)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    return path;
}

/* A run's JSON output without its run record (which names the input file). */
static char *results_without_record(const char *path)
{
    char *text = test_read_file(path);
    cr_assert_not_null(text, "%s was not written", path);
    cJSON *root = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(root);
    cJSON_DeleteItemFromObjectCaseSensitive(root, "run_record");
    char *printed = cJSON_Print(root);
    cJSON_Delete(root);
    return printed;
}

static void assert_same_file(const char *a, const char *b)
{
    char *text_a = test_read_file(a), *text_b = test_read_file(b);
    cr_assert_not_null(text_a);
    cr_assert_not_null(text_b);
    cr_assert_str_eq(text_a, text_b, "%s and %s differ", a, b);
    free(text_a);
    free(text_b);
}

/* PLAN exported (FULL: every key) and imported back: the same run output. */
static void round_trip(const char *dir, const char *plan, int full)
{
    char *sheet = path_in(dir, "plan.csv"), *back = path_in(dir, "back.json"), *again = path_in(dir, "again.csv");
    char *run_a = path_in(dir, "a.json"), *run_b = path_in(dir, "b.json");
    char *text_a = path_in(dir, "a.txt"), *text_b = path_in(dir, "b.txt");
    char *message = NULL;
    int status = full ? test_cli(&message, "export", plan, "--full", "-o", sheet, NULL)
                      : test_cli(&message, "export", plan, "-o", sheet, NULL);
    cr_assert_eq(status, 0, "export %s: %s", plan, message);
    free(message);
    cr_assert_eq(test_cli(&message, "import", sheet, "-o", back, NULL), 0, "import of %s: %s", plan, message);
    free(message);
    /* The imported plan exports to the same sheet. */
    status = full ? test_cli(NULL, "export", back, "--full", "-o", again, NULL)
                  : test_cli(NULL, "export", back, "-o", again, NULL);
    cr_assert_eq(status, 0);
    assert_same_file(sheet, again);
    cr_assert_eq(test_cli(NULL, "run", plan, "-n", "1000", "-f", "json", "-o", run_a, NULL), 0);
    cr_assert_eq(test_cli(NULL, "run", back, "-n", "1000", "-f", "json", "-o", run_b, NULL), 0);
    char *results_a = results_without_record(run_a), *results_b = results_without_record(run_b);
    cr_assert_str_eq(results_a, results_b, "%s: the imported plan runs differently", plan);
    cr_assert_eq(test_cli(NULL, "run", plan, "-n", "1000", "-o", text_a, NULL), 0);
    cr_assert_eq(test_cli(NULL, "run", back, "-n", "1000", "-o", text_b, NULL), 0);
    assert_same_file(text_a, text_b);
    free(results_a);
    free(results_b);
    free(sheet);
    free(back);
    free(again);
    free(run_a);
    free(run_b);
    free(text_a);
    free(text_b);
}

Test(sheet, every_plan_round_trips_to_the_same_run_output)
{
    char **files;
    size_t n;
    cs_error err;
    cr_assert_eq(cs_list_json_files(test_source_path("plans"), &files, &n, &err), CS_OK);
    cr_assert_eq(n, 25, "expected the 25 plans, found %zu", n);
    char *dir = test_temp_dir();
    for (size_t i = 0; i < n; i++) {
        round_trip(dir, files[i], 0);
        free(files[i]);
    }
    free(files);
    free(dir);
}

Test(sheet, full_export_with_correlations_and_criteria_round_trips)
{
    char *dir = test_temp_dir();
    char *plan = test_write_file(dir, "corr.json",
        "{\"id\": \"corr\", \"name\": \"Correlated\","
        " \"ccgs\": [{\"name\": \"A, with a comma\", \"population\": 300000},"
        " {\"name\": \"B \\\"quoted\\\"\", \"population\": 200000}], \"price_per_head\": 14.5,"
        " \"staff_cost\": 4.2e6, \"nonpay_cost\": 1.1e6, \"opening_reserve\": -250000.75,"
        " \"churn\": {\"dist\": \"pert\", \"min\": 0, \"mode\": 0.02, \"max\": 0.1},"
        " \"price_realisation\": {\"dist\": \"normal\", \"mean\": 0.97, \"sd\": 0.04, \"min\": 0.8},"
        " \"criteria\": {\"min_margin\": 0.01, \"proceed_at\": 0.85},"
        " \"correlations\": [{\"between\": [\"churn\", \"in_house_share\"], \"rank\": 0.4}]}");
    round_trip(dir, plan, 0);
    round_trip(dir, plan, 1);
    free(plan);
    free(dir);
}

/* The sheet of west-yorkshire with LINE (a sed-like edit done here) changed. */
static char *exported_sheet(const char *dir)
{
    char *sheet = path_in(dir, "good.csv");
    cr_assert_eq(test_cli(NULL, "export", test_source_path("plans/west-yorkshire.json"), "-o", sheet, NULL), 0);
    char *text = test_read_file(sheet);
    free(sheet);
    return text;
}

/* TEXT with the first occurrence of FROM replaced by TO (malloc'd). */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    cr_assert_not_null(at, "'%s' not in the sheet", from);
    char *out = malloc(strlen(text) + strlen(to) + 1);
    size_t head = (size_t)(at - text);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

/* Import TEXT: exit 2, a message holding every one of the WANTED strings, nothing written. */
static void assert_refused(const char *dir, const char *name, const char *text, size_t text_len,
                           const char *const *wanted, size_t n_wanted)
{
    char *sheet = path_in(dir, name), *out = path_in(dir, "out.json");
    FILE *file = fopen(sheet, "wb");
    cr_assert_not_null(file);
    fwrite(text, 1, text_len, file);
    fclose(file);
    unlink(out);
    char *message = NULL;
    cr_assert_eq(test_cli(&message, "import", sheet, "-o", out, NULL), 2, "%s: expected exit 2, message: %s", name,
                 message);
    for (size_t i = 0; i < n_wanted; i++)
        cr_assert(strstr(message, wanted[i]), "%s: expected '%s' in: %s", name, wanted[i], message);
    cr_assert(strstr(message, name), "%s: the message does not name the file: %s", name, message);
    cr_assert_neq(access(out, F_OK), 0, "%s: an output was written", name);
    free(message);
    free(sheet);
    free(out);
}

#define REFUSED(dir, name, text, ...)                                                                  \
    do {                                                                                               \
        const char *wanted_[] = {__VA_ARGS__};                                                         \
        assert_refused(dir, name, text, strlen(text), wanted_, sizeof wanted_ / sizeof wanted_[0]); \
    } while (0)

Test(sheet, malformed_sheets_are_refused_by_row_and_column)
{
    char *dir = test_temp_dir();
    char *good = exported_sheet(dir);
    /* A text amount (quoted, as a spreadsheet writes a cell with a comma). */
    char *text = replaced(good, ",26344000,", ",\"12,3x\",");
    REFUSED(dir, "text.csv", text, "row 22 (staff_cost), column J (value)", "expected an amount", "got '12,3x'");
    free(text);
    /* A text amount in a year column. */
    text = replaced(good, ",12.88,", ",12.88p,");
    REFUSED(dir, "year-amount.csv", text, "row 20 (price_per_head), column M (2015/16)", "got '12.88p'");
    free(text);
    /* No header block: the sheet starts at the table. */
    REFUSED(dir, "no-header.csv", strstr(good, "key,what it is"), "row 1 (key), column A (key)",
            "missing the header block");
    /* An unknown key, with a "did you mean". */
    text = replaced(good, "\nstaff_cost,", "\nstaf_cost,");
    REFUSED(dir, "unknown.csv", text, "row 22 (staf_cost), column A (key)", "did you mean 'staff_cost'");
    free(text);
    /* A wrong column count: a cell beyond the last year, and a short row. */
    text = replaced(good, "7244000,,,,,\n", "7244000,,,,,,5\n");
    REFUSED(dir, "long-row.csv", text, "row 24 (nonpay_cost), column P", "beyond the heading row's 15 columns");
    free(text);
    text = replaced(good, "7244000,,,,,\n", "7244000\n");
    REFUSED(dir, "short-row.csv", text, "row 24 (nonpay_cost), column K", "the row has 10 cells");
    free(text);
    /* A year column missing. */
    text = replaced(good, ",2017/18\n", "\n");
    REFUSED(dir, "no-year.csv", text, "row 8 (the heading row), column O (2017/18)",
            "expected the year column '2017/18'");
    free(text);
    /* A UTF-16 byte order mark (Excel's "Unicode text"). */
    size_t len = strlen(good);
    char *utf16 = malloc(len + 2);
    memcpy(utf16, "\xff\xfe", 2);
    memcpy(utf16 + 2, good, len);
    {
        const char *wanted[] = {"row 1", "UTF-16", "CSV UTF-8"};
        assert_refused(dir, "utf16.csv", utf16, len + 2, wanted, 3);
    }
    free(utf16);
    /* Semicolon separators. */
    text = cs_strdup(good);
    for (char *c = text; *c; c++)
        if (*c == ',') *c = ';';
    REFUSED(dir, "semicolons.csv", text, "row 1, column A", "separated by ';'");
    free(text);
    /* An empty file. */
    REFUSED(dir, "empty.csv", "", "row 1, column A", "the file is empty");
    /* The domain checks a JSON plan gets, at the cell. */
    text = replaced(good, "beta,0.45,0.08,", "beta,0.45,0.9,");
    REFUSED(dir, "domain.csv", text, "row 19 (in_house_share), column D (distribution)", "sd 0.9 is too large");
    free(text);
    text = replaced(good, ",12.88,", ",-3,");
    REFUSED(dir, "price.csv", text, "row 20 (price_per_head), column M (2015/16)", "expected a number in [0, 10000]");
    free(text);
    text = replaced(good, ",228000,", ",0,");
    REFUSED(dir, "population.csv", text, "row 9 (ccg), column J (value)", "expected a number in (0");
    free(text);
    free(good);
    free(dir);
}

Test(sheet, a_utf8_bom_and_typed_amounts_are_read)
{
    char *dir = test_temp_dir();
    char *good = exported_sheet(dir);
    char *typed = replaced(good, ",26344000,", ",£26.344m,");
    char *typed2 = replaced(typed, ",7244000,", ",\"£7,244,000\",");
    char *typed3 = replaced(typed2, "beta,0.45,0.08,", "beta,45%,8%,");
    size_t len = strlen(typed3);
    char *with_bom = malloc(len + 4);
    memcpy(with_bom, "\xef\xbb\xbf", 3);
    memcpy(with_bom + 3, typed3, len + 1);
    char *sheet = test_write_file(dir, "typed.csv", with_bom);
    char *plain = test_write_file(dir, "plain.csv", good);
    char *out_typed = path_in(dir, "typed.json"), *out_plain = path_in(dir, "plain.json");
    char *message = NULL;
    cr_assert_eq(test_cli(&message, "import", sheet, "-o", out_typed, NULL), 0, "%s", message);
    cr_assert_eq(test_cli(NULL, "import", plain, "-o", out_plain, NULL), 0);
    assert_same_file(out_typed, out_plain);
    free(message);
    free(good);
    free(typed);
    free(typed2);
    free(typed3);
    free(with_bom);
    free(sheet);
    free(plain);
    free(out_typed);
    free(out_plain);
    free(dir);
}

Test(sheet, amounts_in_the_forms_people_type)
{
    static const struct {
        const char *text;
        cs_unit unit;
        double value;
    } good[] = {
        {"1234567", CS_UNIT_MONEY, 1234567},     {"1,234,567", CS_UNIT_MONEY, 1234567},
        {"£1,234,567", CS_UNIT_MONEY, 1234567},  {"1.23m", CS_UNIT_MONEY, 1230000},
        {"£850k", CS_UNIT_MONEY, 850000},        {"2bn", CS_UNIT_MONEY, 2e9},
        {"-£1.5m", CS_UNIT_MONEY, -1.5e6},       {"(1,000)", CS_UNIT_MONEY, -1000},
        {"\xe2\x88\x92" "40", CS_UNIT_MONEY, -40}, {" 12.50 ", CS_UNIT_PER_HEAD, 12.5},
        {"£12.50", CS_UNIT_PER_HEAD, 12.5},      {"45%", CS_UNIT_SHARE, 0.45},
        {"0.45", CS_UNIT_SHARE, 0.45},           {"2.5%", CS_UNIT_RATE, 0.025},
        {"1e-05", CS_UNIT_RATE, 1e-5},           {"228,000", CS_UNIT_COUNT, 228000},
        {"38255732.4", CS_UNIT_MONEY, 38255732.4}, {"0.1", CS_UNIT_NUMBER, 0.1},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double value = -999;
        cr_assert_eq(cs_sheet_parse_amount(good[i].text, good[i].unit, &value), 0, "'%s' refused", good[i].text);
        cr_assert_eq(value, good[i].value, "'%s' read as %.17g", good[i].text, value);
    }
    static const struct {
        const char *text;
        cs_unit unit;
    } bad[] = {
        {"12,3x", CS_UNIT_MONEY}, {"1,23", CS_UNIT_MONEY},   {"12,3456", CS_UNIT_MONEY}, {"", CS_UNIT_MONEY},
        {"£5", CS_UNIT_SHARE},    {"45%", CS_UNIT_MONEY},    {"1.2m", CS_UNIT_SHARE},   {"inf", CS_UNIT_NUMBER},
        {"nan", CS_UNIT_MONEY},   {"£", CS_UNIT_MONEY},      {"1e3m", CS_UNIT_MONEY},   {"1.2.3", CS_UNIT_NUMBER},
        {"12 000", CS_UNIT_MONEY}, {"--5", CS_UNIT_MONEY},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double value;
        cr_assert_neq(cs_sheet_parse_amount(bad[i].text, bad[i].unit, &value), 0, "'%s' accepted as %g", bad[i].text,
                      value);
    }
}

Test(sheet, column_names)
{
    char name[8];
    cs_sheet_column_name(0, name, sizeof name);
    cr_assert_str_eq(name, "A");
    cs_sheet_column_name(25, name, sizeof name);
    cr_assert_str_eq(name, "Z");
    cs_sheet_column_name(26, name, sizeof name);
    cr_assert_str_eq(name, "AA");
    cs_sheet_column_name(701, name, sizeof name);
    cr_assert_str_eq(name, "ZZ");
}

/* A cheap fuzz of the reader (the libFuzzer build covers only the JSON
** loaders): the good sheet with bytes deleted, repeated or replaced by
** separators, quotes, line ends and digits, from a fixed seed.  Every
** variant is read or refused as bad input, never anything else; the
** sanitizer build (tools/dev test) checks the reading for memory errors. */
Test(sheet, mangled_sheets_are_read_or_refused)
{
    char *dir = test_temp_dir();
    char *good = exported_sheet(dir);
    char *path = path_in(dir, "mangled.csv");
    size_t len = strlen(good);
    char *text = malloc(2 * len + 16);
    static const char alphabet[] = ",\"\n\r;0123456789.-£%kmx ";
    unsigned long state = 22;
    size_t accepted = 0, refused = 0;
    for (int variant = 0; variant < 1500; variant++) {
        memcpy(text, good, len + 1);
        size_t n = len;
        int edits = 1 + variant % 4;
        for (int e = 0; e < edits; e++) {
            state = state * 6364136223846793005ul + 1442695040888963407ul;
            size_t at = (size_t)(state >> 33) % (n ? n : 1);
            int kind = (int)((state >> 20) % 3);
            if (kind == 0 && n > 0) { /* delete a run of bytes */
                size_t run = 1 + (state >> 8) % 6;
                if (at + run > n) run = n - at;
                memmove(text + at, text + at + run, n - at - run + 1);
                n -= run;
            } else if (kind == 1 && n < 2 * len) { /* repeat a run */
                size_t run = 1 + (state >> 8) % 12;
                if (at + run > n) run = n - at;
                memmove(text + at + run, text + at, n - at + 1);
                n += run;
            } else { /* replace one byte */
                text[at] = alphabet[(state >> 12) % (sizeof alphabet - 1)];
            }
        }
        FILE *file = fopen(path, "wb");
        cr_assert_not_null(file);
        fwrite(text, 1, n, file);
        fclose(file);
        cJSON *plan = NULL;
        cs_error err;
        cs_error_clear(&err);
        int rc = cs_plan_sheet_import(path, &plan, &err);
        cr_assert(rc == CS_OK || rc == CS_ERR_INPUT, "variant %d: status %d (%s)", variant, rc, err.message);
        if (rc == CS_OK) {
            cr_assert_not_null(plan);
            accepted++;
        } else {
            cr_assert(err.message[0], "variant %d: refused without a message", variant);
            refused++;
        }
        cJSON_Delete(plan);
    }
    cr_assert(accepted > 0 && refused > 0, "accepted %zu, refused %zu", accepted, refused);
    free(text);
    free(path);
    free(good);
    free(dir);
}
