/*
** test_report.c: `cssim report` writes one self-contained page whose images
** are inline SVGs that parse, with no request outside the page, the same
** for any thread count, which a headless browser renders without a console
** error; and `cssim batch` writes its index.html.
*/
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_util.h"

/* Run `cssim report` on arden with few trials into DIR/NAME; returns the page. */
static char *make_report(const char *dir, const char *name, const char *threads)
{
    char out[1024], page[1100];
    snprintf(out, sizeof out, "%s/%s", dir, name);
    snprintf(page, sizeof page, "%s/index.html", out);
    /* A process of its own: cairo numbers its SVG surfaces per process. */
    char command[4096];
    snprintf(command, sizeof command,
             "%s report %s/plans/arden.json --scenarios %s/scenarios -n 3000 --analysis-trials 500 -j %s -o %s "
             "2>/dev/null",
             CSSIM_EXE, CSSIM_SOURCE_DIR, CSSIM_SOURCE_DIR, threads, out);
    int status = system(command);
    cr_assert_eq(status, 0, "cssim report exited %d", status);
    char *text = test_read_file(page);
    cr_assert_not_null(text, "no %s", page);
    return text;
}

/* Every <img src="data:image/svg+xml;base64,..."> of PAGE decoded and parsed; returns how many. */
static int check_images(const char *page)
{
    static const char prefix[] = "<img src=\"data:image/svg+xml;base64,";
    int images = 0;
    for (const char *at = strstr(page, "<img "); at; at = strstr(at + 1, "<img ")) {
        cr_assert(strncmp(at, prefix, strlen(prefix)) == 0, "an image that is not an inline SVG: %.60s", at);
        const char *data = at + strlen(prefix), *end = strchr(data, '"');
        cr_assert_not_null(end);
        size_t length = (size_t)(end - data);
        unsigned char *svg = malloc(length);
        int decoded = EVP_DecodeBlock(svg, (const unsigned char *)data, (int)length);
        cr_assert_gt(decoded, 100, "image %d does not decode", images);
        while (decoded > 0 && svg[decoded - 1] == '\0') decoded--; /* base64 padding */
        xmlDocPtr doc = xmlReadMemory((const char *)svg, decoded, "chart.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
        cr_assert_not_null(doc, "image %d is not well-formed XML", images);
        cr_expect_str_eq((const char *)xmlDocGetRootElement(doc)->name, "svg");
        xmlFreeDoc(doc);
        free(svg);
        images++;
    }
    return images;
}

Test(report, page_is_self_contained_and_the_same_for_any_thread_count)
{
    char *dir = test_temp_dir();
    char *one = make_report(dir, "one", "1"), *two = make_report(dir, "two", "2");
    cr_expect_str_eq(one, two, "the report differs between 1 and 2 threads");
    cr_expect_eq(check_images(one), 9, "the page should hold its nine charts");
    cr_expect_not_null(strstr(one, "Content-Security-Policy\" content=\"default-src 'none'; img-src data:"));
    cr_expect_null(strstr(one, "<script"), "no script");
    cr_expect_null(strstr(one, "src=\"http"), "no external source");
    cr_expect_null(strstr(one, "url("), "no external style resource");
    const char *words[] = {"What viable means", "verdict", "Spearman", "opening reserve", "sha256:", "cssim report"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        cr_expect_not_null(strstr(one, words[w]), "the page lacks '%s'", words[w]);
    const char *charts[] = {"fan-turnover", "fan-margin", "fan-reserve", "final-reserve", "final-reserve-cdf",
                            "scenarios", "tornado", "sobol", "price"};
    for (size_t c = 0; c < sizeof charts / sizeof charts[0]; c++)
        for (int png = 0; png < 2; png++) {
            char path[1200];
            struct stat st;
            snprintf(path, sizeof path, "%s/one/%s.%s", dir, charts[c], png ? "png" : "svg");
            cr_expect(stat(path, &st) == 0 && st.st_size > 1000, "%s is missing or empty", path);
        }
    free(one);
    free(two);
    free(dir);
}

Test(report, a_browser_renders_the_page_without_a_console_error)
{
    cr_assert_eq(system("command -v chromium >/dev/null 2>&1"), 0,
                 "chromium is needed for this test (tools/dev test installs it)");
    char *dir = test_temp_dir();
    free(make_report(dir, "page", "2"));
    char command[4096], log_path[1100], shot[1100];
    snprintf(log_path, sizeof log_path, "%s/browser.log", dir);
    snprintf(shot, sizeof shot, "%s/page.png", dir);
    snprintf(command, sizeof command,
             "timeout 120 chromium --headless=new --no-sandbox --disable-gpu --no-first-run --hide-scrollbars "
             "--enable-logging=stderr --v=0 --window-size=1100,3000 --screenshot=%s file://%s/page/index.html "
             ">%s 2>&1",
             shot, dir, log_path);
    cr_assert_eq(system(command), 0, "chromium failed; see %s", log_path);
    char *log = test_read_file(log_path);
    cr_assert_not_null(log);
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
        int console = strstr(line, "CONSOLE") != NULL;
        int refused = strstr(line, "Refused to") != NULL || strstr(line, "Content Security Policy") != NULL;
        int failed = strstr(line, "Failed to load") != NULL || strstr(line, "ERR_FILE_NOT_FOUND") != NULL;
        cr_expect(!console && !refused && !failed, "browser: %s", line);
    }
    struct stat st;
    cr_assert_eq(stat(shot, &st), 0, "no screenshot");
    cr_expect_gt(st.st_size, 100000, "the screenshot (%lld bytes) looks blank", (long long)st.st_size);
    free(log);
    free(dir);
}

Test(report, bad_requests_exit_2_and_write_nothing)
{
    char *dir = test_temp_dir();
    char out[1024];
    snprintf(out, sizeof out, "%s/out", dir);
    char *plan = strdup(test_source_path("plans/arden.json"));
    char *scenarios = strdup(test_source_path("scenarios"));
    char *message = NULL;
    cr_expect_eq(test_cli(&message, "report", plan, "--analysis-trials", "5", "-o", out, NULL), 2);
    cr_expect(message && strstr(message, "--analysis-trials"), "%s", message ? message : "");
    free(message);
    cr_expect_eq(test_cli(&message, "report", plan, "--scenarios", scenarios, "--set", "churn.mean=7", "-o", out, NULL),
                 2);
    cr_expect(message && strstr(message, "--set churn.mean"), "%s", message ? message : "");
    free(message);
    /* a directory cssim did not write is never replaced */
    char *keep = test_write_file(dir, "keep.txt", "mine\n");
    cr_expect_eq(test_cli(&message, "report", plan, "--scenarios", scenarios, "-n", "200", "-o", dir, NULL), 2);
    char *kept = test_read_file(keep);
    cr_expect(kept && strcmp(kept, "mine\n") == 0);
    struct stat st;
    cr_expect_neq(stat(out, &st), 0, "%s was written", out);
    free(kept);
    free(keep);
    free(message);
    free(plan);
    free(scenarios);
    free(dir);
}

Test(report, batch_writes_a_self_contained_league_page)
{
    char *dir = test_temp_dir();
    char out[1024], page[1100], command[4096];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(page, sizeof page, "%s/index.html", out);
    snprintf(command, sizeof command, "%s batch %s/plans --scenarios %s/scenarios -n 500 -o %s 2>/dev/null", CSSIM_EXE,
             CSSIM_SOURCE_DIR, CSSIM_SOURCE_DIR, out);
    cr_assert_eq(system(command), 0);
    char *text = test_read_file(page);
    cr_assert_not_null(text, "no %s", page);
    cr_expect_eq(check_images(text), 3, "one league chart per scenario");
    cr_expect_not_null(strstr(text, "Agreement:"));
    cr_expect_not_null(strstr(text, "Sector check"));
    cr_expect_null(strstr(text, "href=\"reports/"), "links to reports only with --reports");
    cr_expect_null(strstr(text, "<script"));
    free(text);
    free(dir);
}

Test(report, the_fan_charts_draw_the_runs_quantiles)
{
    char *dir = test_temp_dir();
    free(make_report(dir, "page", "2"));
    char charts_path[1100], run_path[1100], command[4096];
    snprintf(charts_path, sizeof charts_path, "%s/page/charts.json", dir);
    snprintf(run_path, sizeof run_path, "%s/run.json", dir);
    /* The report's baseline is the first scenario, lesser-oversight, with the same trials and seed. */
    snprintf(command, sizeof command,
             "%s run %s/plans/arden.json --scenario %s/scenarios/lesser-oversight.json -n 3000 -f json -o %s",
             CSSIM_EXE, CSSIM_SOURCE_DIR, CSSIM_SOURCE_DIR, run_path);
    cr_assert_eq(system(command), 0);
    char *charts_text = test_read_file(charts_path), *run_text = test_read_file(run_path);
    cJSON *charts = cJSON_Parse(charts_text), *run = cJSON_Parse(run_text);
    cr_assert_not_null(charts);
    cr_assert_not_null(run);
    const char *figures[] = {"turnover", "margin"};
    const char *quantiles[] = {"p5", "p25", "p50", "p75", "p95"};
    const cJSON *years = cJSON_GetObjectItem(run, "years");
    for (size_t f = 0; f < 2; f++) {
        char name[32];
        snprintf(name, sizeof name, "fan-%s", figures[f]);
        const cJSON *fan = cJSON_GetObjectItem(charts, name);
        cr_assert_not_null(fan, "%s", name);
        for (size_t q = 0; q < 5; q++) {
            const cJSON *drawn = cJSON_GetObjectItem(fan, quantiles[q]);
            cr_assert_eq(cJSON_GetArraySize(drawn), cJSON_GetArraySize(years));
            for (int t = 0; t < cJSON_GetArraySize(years); t++) {
                double expected = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(years, t), figures[f]),
                                                      quantiles[q])->valuedouble;
                cr_expect_eq(cJSON_GetArrayItem(drawn, t)->valuedouble, expected, "%s %s year %d: %.17g drawn, %.17g run",
                             figures[f], quantiles[q], t, cJSON_GetArrayItem(drawn, t)->valuedouble, expected);
            }
        }
    }
    cJSON_Delete(charts);
    cJSON_Delete(run);
    free(charts_text);
    free(run_text);
    free(dir);
}
