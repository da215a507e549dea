/*
** test_pages.c: pages a finance reader can use.  The tool installed into a
** temporary prefix finds its scenarios and plans from any directory; the
** report printed by headless Chromium comes out on A4 with no page ending
** in a heading.
*/
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* Standard output of a shell COMMAND (malloc'd), and its exit status in *status. */
static char *shell_output(const char *command, int *status)
{
    FILE *pipe = popen(command, "r");
    cr_assert_not_null(pipe, "cannot run %s", command);
    size_t size = 0, cap = 4096;
    char *text = malloc(cap);
    for (size_t got; (got = fread(text + size, 1, cap - size - 1, pipe)) > 0;) {
        size += got;
        if (cap - size < 2) text = realloc(text, cap *= 2);
    }
    text[size] = '\0';
    *status = pclose(pipe);
    return text;
}

Test(pages, an_installed_tool_finds_its_data_from_any_directory)
{
    char *prefix = test_temp_dir(), *elsewhere = test_temp_dir();
    char command[4096];
    int status;
    snprintf(command, sizeof command, "cmake --install %s --prefix %s >/dev/null 2>&1", CSSIM_BINARY_DIR, prefix);
    cr_assert_eq(system(command), 0, "cmake --install failed");
    /* default scenarios, from a directory with no plans/ or scenarios/ */
    snprintf(command, sizeof command, "cd %s && %s/bin/cssim compare %s/share/cssim/plans/arden.json -n 300 2>&1",
             elsewhere, prefix, prefix);
    char *out = shell_output(command, &status);
    cr_expect_eq(status, 0, "%s", out);
    cr_expect_not_null(strstr(out, "greater-oversight"), "%s", out);
    free(out);
    /* a plan that is not there: the message says where the installed plans are */
    snprintf(command, sizeof command, "cd %s && %s/bin/cssim run no-such-plan.json 2>&1", elsewhere, prefix);
    out = shell_output(command, &status);
    cr_expect_neq(status, 0);
    char where[1200];
    snprintf(where, sizeof where, "installed plans are in %s/share/cssim/plans", prefix);
    cr_expect_not_null(strstr(out, where), "%s", out);
    free(out);
    snprintf(command, sizeof command, "rm -rf %s %s", prefix, elsewhere);
    cr_expect_eq(system(command), 0);
    free(prefix);
    free(elsewhere);
}

/* The text of every <h1>/<h2> of PAGE, tags stripped, into HEADINGS; returns how many. */
static size_t headings_of(const char *page, char headings[][200], size_t max)
{
    size_t n = 0;
    for (const char *at = strstr(page, "<h"); at && n < max; at = strstr(at + 1, "<h")) {
        if (at[2] != '1' && at[2] != '2') continue;
        const char *start = strchr(at, '>'), *end = strstr(at, "</h");
        if (!start || !end || end < start) continue;
        size_t length = (size_t)(end - start - 1);
        if (length >= sizeof headings[0]) length = sizeof headings[0] - 1;
        memcpy(headings[n], start + 1, length);
        headings[n++][length] = '\0';
    }
    return n;
}

/* LINE with spaces trimmed at both ends (in place). */
static char *trimmed(char *line)
{
    while (*line == ' ' || *line == '\f') line++;
    size_t length = strlen(line);
    while (length && (line[length - 1] == ' ' || line[length - 1] == '\r')) line[--length] = '\0';
    return line;
}

Test(pages, the_report_prints_on_a4_with_no_heading_at_a_page_bottom)
{
    cr_assert_eq(system("command -v chromium >/dev/null && command -v pdftotext >/dev/null && command -v pdfinfo "
                        ">/dev/null"),
                 0, "chromium and poppler-utils are needed for this test (tools/dev test installs them)");
    char *dir = test_temp_dir();
    char command[4096];
    int status;
    snprintf(command, sizeof command,
             "%s report %s/plans/arden.json --scenarios %s/scenarios -n 2000 --analysis-trials 500 "
             "--set churn.mean=0.03 -o %s/page 2>/dev/null",
             CSSIM_EXE, CSSIM_SOURCE_DIR, CSSIM_SOURCE_DIR, dir);
    cr_assert_eq(system(command), 0);
    snprintf(command, sizeof command,
             "timeout 120 chromium --headless=new --no-sandbox --disable-gpu --no-first-run --no-pdf-header-footer "
             "--print-to-pdf=%s/page.pdf file://%s/page/index.html >/dev/null 2>&1",
             dir, dir);
    cr_assert_eq(system(command), 0, "chromium could not print the report");
    snprintf(command, sizeof command, "pdfinfo %s/page.pdf", dir);
    char *info = shell_output(command, &status);
    cr_assert_eq(status, 0);
    cr_expect_not_null(strstr(info, "(A4)"), "not A4:\n%s", info);
    int pages = 0;
    const char *count = strstr(info, "Pages:");
    cr_assert_not_null(count);
    sscanf(count + 6, "%d", &pages);
    cr_expect_gt(pages, 3);
    free(info);

    char path[1100];
    snprintf(path, sizeof path, "%s/page/index.html", dir);
    char *page = test_read_file(path);
    cr_assert_not_null(page);
    static char headings[64][200];
    size_t n_headings = headings_of(page, headings, 64);
    cr_expect_gt(n_headings, 6);
    for (int p = 1; p <= pages; p++) {
        snprintf(command, sizeof command, "pdftotext -layout -f %d -l %d %s/page.pdf -", p, p, dir);
        char *text = shell_output(command, &status);
        cr_assert_eq(status, 0);
        char *last = NULL;
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            char *clean = trimmed(line);
            if (*clean) last = clean;
        }
        for (size_t h = 0; last && h < n_headings; h++)
            cr_expect_str_neq(last, headings[h], "page %d of %d ends with the heading '%s'", p, pages, headings[h]);
        free(text);
    }
    cr_expect_not_null(strstr(page, "<thead>"), "table headers repeat on every printed page");
    cr_expect_not_null(strstr(page, "@page{size:A4"));
    cr_expect_not_null(strstr(page, "What-if:"), "the report says it is a what-if");
    free(page);
    free(dir);
}
