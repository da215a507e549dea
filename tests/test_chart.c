/*
** test_chart.c: the report's charts (cs_chart.h).
**
** Every chart function draws a realistic example; its SVG parses as XML
** with an <svg> root and its PNG has the PNG signature and the chart's size.
** Every function drawn again and again in one process, degenerate inputs
** (no rows, one row, all values equal, NAN), a missing directory (an error
** naming the file), and nothing printed on standard output or error.
**
** CSSIM_CHART_DIR=DIR keeps the charts of the realistic examples in DIR, to
** look at them.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_chart.h"
#include "test_util.h"

/* ---- The examples ------------------------------------------------------ */

enum { N_YEARS = 5, N_PLANS = 25, N_INPUTS = 8, N_TRIALS = 20000, N_POINTS = 9 };

static const char *const year_labels[N_YEARS] = {"2013/14", "2014/15", "2015/16", "2016/17", "2017/18"};
static const char *const plan_names[N_PLANS] = {
    "Arden",          "Best West",        "Birmingham and Black Country", "Central East London",
    "Central Southern", "Cheshire, Warrington and Wirral", "CSS South", "Cumbria and Lancashire",
    "Essex",          "Greater East Midlands", "Greater Manchester", "Hertfordshire",
    "Kent and Medway", "Merseyside",      "North East",                   "North West London",
    "North Yorkshire and Humber", "Norfolk and Waveney", "Peninsula",     "South London",
    "South Yorkshire and Bassetlaw", "Staffordshire", "Surrey and Sussex", "West Mercia",
    "West Yorkshire"};
static const char *const input_names[N_INPUTS] = {"churn", "price", "CCG leave", "other income",
                                                  "staff cost growth", "non-pay cost growth",
                                                  "efficiency delivered", "transition cost"};

/* Turnover in pounds: a median of £40m growing 3% a year, spreading out. */
static void fan_example(cs_chart_fan *chart, double quantiles[5][N_YEARS], double *claims, int margin)
{
    static const double z[5] = {-1.645, -0.674, 0, 0.674, 1.645};
    for (size_t y = 0; y < N_YEARS; y++) {
        double median = margin ? 1.5e6 - 0.6e6 * (double)y : 40e6 * pow(1.03, (double)y);
        double spread = margin ? 0.8e6 * (1 + (double)y) : 1.5e6 * (1 + (double)y);
        for (size_t q = 0; q < 5; q++) quantiles[q][y] = median + z[q] * spread;
        claims[y] = y == 2 ? NAN : median * (margin ? 1 : 1.08) + (margin ? 1.2e6 : 0);
    }
    *chart = (cs_chart_fan){.title = margin ? "Margin" : "Turnover", .y_label = "£m", .years = N_YEARS,
                            .year_labels = year_labels, .p5 = quantiles[0], .p25 = quantiles[1],
                            .p50 = quantiles[2], .p75 = quantiles[3], .p95 = quantiles[4], .claims = claims,
                            .zero_line = margin};
}

/* Final reserves in pounds: normal, mean £2m, sd £3m, a few NAN. */
static void distribution_example(cs_chart_distribution *chart, double *values)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20130401);
    for (size_t i = 0; i < N_TRIALS; i++) values[i] = i % 1000 == 7 ? NAN : 2e6 + gsl_ran_gaussian(rng, 3e6);
    gsl_rng_free(rng);
    *chart = (cs_chart_distribution){.title = "Final reserve, 2017/18", .x_label = "final reserve, £m",
                                     .count = N_TRIALS, .values = values, .marker = -1.5e6,
                                     .marker_label = "deficit limit"};
}

typedef struct intervals_example {
    double estimate[N_PLANS], lo[N_PLANS], hi[N_PLANS];
    int category[N_PLANS];
} intervals_example;

static const char *const outcome_names[3] = {"proceeded", "proceeded with conditions", "stopped"};
static const double thresholds[2] = {0.5, 0.8};
static const char *const threshold_labels[2] = {"proceed threshold", "rigorous threshold"};

static void intervals_example_fill(cs_chart_intervals *chart, intervals_example *data)
{
    for (size_t i = 0; i < N_PLANS; i++) {
        double p = 0.95 - 0.035 * (double)i, half = 1.96 * sqrt(p * (1 - p) / 2000);
        data->estimate[i] = p, data->lo[i] = fmax(0, p - half), data->hi[i] = fmin(1, p + half);
        data->category[i] = (int)(i % 3);
    }
    *chart = (cs_chart_intervals){.title = "P(viable) of every plan, greater oversight", .x_label = "P(viable)",
                                  .x_min = 0, .x_max = 1, .rows = N_PLANS, .labels = plan_names,
                                  .estimate = data->estimate, .lo = data->lo, .hi = data->hi,
                                  .category = data->category, .categories = 3, .category_names = outcome_names,
                                  .references = 2, .reference_at = thresholds, .reference_labels = threshold_labels};
}

typedef struct tornado_example {
    double low[N_INPUTS], high[N_INPUTS];
} tornado_example;

static void tornado_example_fill(cs_chart_tornado *chart, tornado_example *data, int money)
{
    double baseline = money ? 2.1e6 : 0.62;
    for (size_t i = 0; i < N_INPUTS; i++) {
        double swing = (money ? 3e6 : 0.3) / (1 + (double)i);
        data->low[i] = baseline - swing * (i == 3 ? -0.3 : 0.6);
        data->high[i] = baseline + swing * 0.4;
    }
    data->low[2] = data->high[2] = NAN; /* an event: not swung */
    *chart = (cs_chart_tornado){.title = money ? "Mean final reserve with one input at its P10 or P90"
                                               : "P(viable) with one input at its P10 or P90",
                                .x_label = money ? "mean final reserve, £m" : "P(viable)", .baseline = baseline,
                                .rows = N_INPUTS, .labels = input_names, .low = data->low, .high = data->high,
                                .low_name = "input at P10", .high_name = "input at P90", .money = money};
}

typedef struct bars_example {
    double value[N_INPUTS * 2], lo[N_INPUTS * 2], hi[N_INPUTS * 2];
} bars_example;

static const char *const sobol_names[2] = {"first-order", "total"};

static void bars_example_fill(cs_chart_bars *chart, bars_example *data)
{
    for (size_t i = 0; i < N_INPUTS; i++) {
        double first = 0.45 / (1 + (double)i), total = first * 1.3 + 0.01;
        double values[2] = {first, total};
        for (size_t s = 0; s < 2; s++) {
            data->value[2 * i + s] = values[s];
            data->lo[2 * i + s] = values[s] - 0.03;
            data->hi[2 * i + s] = values[s] + 0.03;
        }
    }
    *chart = (cs_chart_bars){.title = "What moves the final reserve: Sobol indices", .x_label = "share of variance",
                             .x_min = 0, .x_max = 1, .rows = N_INPUTS, .series = 2, .labels = input_names,
                             .series_names = sobol_names, .value = data->value, .lo = data->lo, .hi = data->hi};
}

typedef struct curve_example {
    double x[N_POINTS], y[N_POINTS], lo[N_POINTS], hi[N_POINTS];
} curve_example;

static void curve_example_fill(cs_chart_curve *chart, curve_example *data)
{
    for (size_t i = 0; i < N_POINTS; i++) {
        data->x[i] = 0.8 + 0.05 * (double)i;
        data->y[i] = 1 / (1 + exp(-(data->x[i] - 0.97) * 18));
        double half = 1.96 * sqrt(data->y[i] * (1 - data->y[i]) / 2000) + 0.005;
        data->lo[i] = fmax(0, data->y[i] - half), data->hi[i] = fmin(1, data->y[i] + half);
    }
    *chart = (cs_chart_curve){.title = "P(viable) against the price multiplier", .x_label = "price multiplier",
                              .y_label = "P(viable)", .points = N_POINTS, .x = data->x, .y = data->y,
                              .lo = data->lo, .hi = data->hi, .y_min = 0, .y_max = 1, .levels = 2,
                              .level_at = thresholds, .level_labels = threshold_labels, .mark_x = 1.0,
                              .mark_label = "the plan's price"};
}

/* ---- Checks ------------------------------------------------------------ */

static char *chart_path(const char *dir, const char *stem, const char *extension)
{
    char *path;
    cr_assert(asprintf(&path, "%s/%s.%s", dir, stem, extension) > 0);
    return path;
}

static void check_svg(const char *path)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    cr_assert_not_null(doc, "%s does not parse as XML", path);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    cr_assert_not_null(root, "%s has no root element", path);
    cr_expect_str_eq((const char *)root->name, "svg", "%s: root element", path);
    xmlFreeDoc(doc);
}

static uint32_t big_endian(const unsigned char *bytes)
{
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

static void check_png(const char *path)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char head[24];
    FILE *in = fopen(path, "rb");
    cr_assert_not_null(in, "%s missing", path);
    size_t got = fread(head, 1, sizeof head, in);
    fclose(in);
    cr_assert_eq(got, sizeof head, "%s too short", path);
    cr_expect(memcmp(head, signature, sizeof signature) == 0, "%s: no PNG signature", path);
    cr_expect(memcmp(head + 12, "IHDR", 4) == 0, "%s: no IHDR first", path);
    cr_expect_eq(big_endian(head + 16), CS_CHART_WIDTH, "%s: width", path);
    cr_expect_eq(big_endian(head + 20), CS_CHART_HEIGHT, "%s: height", path);
}

/* STEM.svg and STEM.png in DIR are good charts; removed unless KEEP. */
static void check_chart(const char *dir, const char *stem, int keep)
{
    char *svg = chart_path(dir, stem, "svg"), *png = chart_path(dir, stem, "png");
    check_svg(svg);
    check_png(png);
    if (!keep) {
        unlink(svg);
        unlink(png);
    }
    free(svg);
    free(png);
}

/* Standard output and error go to a file while charts are drawn. */
typedef struct output_capture {
    char path[64];
    int fd, saved_out, saved_err;
} output_capture;

static void capture_begin(output_capture *capture)
{
    snprintf(capture->path, sizeof capture->path, "/tmp/cssim-chart-output-XXXXXX");
    capture->fd = mkstemp(capture->path);
    cr_assert(capture->fd >= 0);
    fflush(stdout);
    fflush(stderr);
    capture->saved_out = dup(STDOUT_FILENO);
    capture->saved_err = dup(STDERR_FILENO);
    dup2(capture->fd, STDOUT_FILENO);
    dup2(capture->fd, STDERR_FILENO);
}

/* What was printed (malloc'd). */
static char *capture_end(output_capture *capture)
{
    fflush(stdout);
    fflush(stderr);
    dup2(capture->saved_out, STDOUT_FILENO);
    dup2(capture->saved_err, STDERR_FILENO);
    close(capture->saved_out);
    close(capture->saved_err);
    close(capture->fd);
    char *text = test_read_file(capture->path);
    unlink(capture->path);
    return text;
}

/* ---- Drawing every example --------------------------------------------- */

typedef struct all_examples {
    double fan_quantiles[2][5][N_YEARS], fan_claims[2][N_YEARS];
    cs_chart_fan fan[2];
    double *values;
    cs_chart_distribution distribution;
    intervals_example intervals_data;
    cs_chart_intervals intervals;
    tornado_example tornado_data[2];
    cs_chart_tornado tornado[2];
    bars_example bars_data;
    cs_chart_bars bars;
    curve_example curve_data;
    cs_chart_curve curve;
} all_examples;

static all_examples *examples_new(void)
{
    all_examples *all = calloc(1, sizeof *all);
    all->values = malloc(N_TRIALS * sizeof *all->values);
    for (int m = 0; m < 2; m++) {
        fan_example(&all->fan[m], all->fan_quantiles[m], all->fan_claims[m], m);
        tornado_example_fill(&all->tornado[m], &all->tornado_data[m], m);
    }
    distribution_example(&all->distribution, all->values);
    intervals_example_fill(&all->intervals, &all->intervals_data);
    bars_example_fill(&all->bars, &all->bars_data);
    curve_example_fill(&all->curve, &all->curve_data);
    return all;
}

static void examples_free(all_examples *all)
{
    free(all->values);
    free(all);
}

/* The examples, in the order draw_example numbers them; the distribution
** also draws STEM-cdf. */
static const char *const example_stems[] = {"turnover", "margin",          "reserve", "league",
                                            "tornado",  "tornado-reserve", "sobol",   "price"};
enum { N_EXAMPLES = sizeof example_stems / sizeof example_stems[0] };

static int draw_example(const all_examples *all, size_t index, const char *stem, cs_error *err)
{
    switch (index) {
    case 0:
    case 1: return cs_chart_draw_fan(&all->fan[index], stem, err);
    case 2: return cs_chart_draw_distribution(&all->distribution, stem, err);
    case 3: return cs_chart_draw_intervals(&all->intervals, stem, err);
    case 4:
    case 5: return cs_chart_draw_tornado(&all->tornado[index - 4], stem, err);
    case 6: return cs_chart_draw_bars(&all->bars, stem, err);
    default: return cs_chart_draw_curve(&all->curve, stem, err);
    }
}

/* Draw every example into DIR; every call returns CS_OK. */
static void draw_examples(const all_examples *all, const char *dir)
{
    for (size_t i = 0; i < N_EXAMPLES; i++) {
        char stem[512];
        cs_error err;
        snprintf(stem, sizeof stem, "%s/%s", dir, example_stems[i]);
        int status = draw_example(all, i, stem, &err);
        cr_assert_eq(status, CS_OK, "%s: %s: %s", example_stems[i], err.file, err.message);
    }
}

static void check_examples(const char *dir, int keep)
{
    for (size_t i = 0; i < N_EXAMPLES; i++) check_chart(dir, example_stems[i], keep);
    check_chart(dir, "reserve-cdf", keep);
}

Test(chart, every_chart_draws_a_valid_svg_and_png_silently)
{
    const char *keep_dir = getenv("CSSIM_CHART_DIR");
    char *dir = keep_dir ? strdup(keep_dir) : test_temp_dir();
    all_examples *all = examples_new();
    output_capture capture;
    capture_begin(&capture);
    draw_examples(all, dir);
    char *printed = capture_end(&capture);
    cr_expect_str_empty(printed, "the charts printed: %s", printed);
    free(printed);
    check_examples(dir, keep_dir != NULL);
    if (!keep_dir) rmdir(dir);
    examples_free(all);
    free(dir);
}

Test(chart, every_chart_again_and_again_in_one_process)
{
    char *dir = test_temp_dir();
    all_examples *all = examples_new();
    for (int round = 0; round < 4; round++) {
        draw_examples(all, dir);
        check_examples(dir, 0);
    }
    cr_expect_eq(rmdir(dir), 0, "a file other than the charts was left in %s", dir);
    examples_free(all);
    free(dir);
}

/* ---- Errors -------------------------------------------------------------- */

static void expect_missing_directory(int status, const cs_error *err, const char *stem)
{
    cr_expect_eq(status, CS_ERR_FAIL);
    cr_expect_eq(err->code, CS_ERR_FAIL);
    cr_expect(strstr(err->file, stem) != NULL, "err.file '%s' does not name %s", err->file, stem);
    cr_expect(err->message[0] != '\0');
}

Test(chart, a_missing_directory_is_an_error_naming_the_file)
{
    char *dir = test_temp_dir();
    char stem[512];
    snprintf(stem, sizeof stem, "%s/no-such-directory/chart", dir);
    all_examples *all = examples_new();
    output_capture capture;
    capture_begin(&capture);
    for (size_t i = 0; i < N_EXAMPLES; i++) {
        cs_error err;
        cs_error_clear(&err);
        expect_missing_directory(draw_example(all, i, stem, &err), &err, stem);
    }
    char *printed = capture_end(&capture);
    cr_expect_str_empty(printed, "PLplot printed: %s", printed);
    free(printed);
    cr_expect_eq(rmdir(dir), 0, "something was written");
    examples_free(all);
    free(dir);
}

/* ---- Degenerate inputs ------------------------------------------------- */

Test(chart, degenerate_inputs_draw_without_crashing)
{
    char *dir = test_temp_dir();
    char stem[512];
    cs_error err;
    all_examples *all = examples_new();
    output_capture capture;
    capture_begin(&capture);

    /* All values equal; all NAN; none. */
    double equal[50], nan_values[3] = {NAN, NAN, NAN};
    for (size_t i = 0; i < 50; i++) equal[i] = 1.25e6;
    cs_chart_distribution distribution = all->distribution;
    const struct {
        const double *values;
        size_t count;
    } samples[] = {{equal, 50}, {equal, 1}, {nan_values, 3}, {NULL, 0}};
    for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        distribution.values = samples[s].values, distribution.count = samples[s].count;
        distribution.marker = s == 1 ? NAN : 1.25e6;
        snprintf(stem, sizeof stem, "%s/distribution", dir);
        cr_assert_eq(cs_chart_draw_distribution(&distribution, stem, &err), CS_OK, "sample %zu: %s", s, err.message);
        check_chart(dir, "distribution", 0);
        check_chart(dir, "distribution-cdf", 0);
    }

    /* One row and no rows; one year and none; one point and none. */
    for (size_t rows = 0; rows <= 1; rows++) {
        cs_chart_intervals intervals = all->intervals;
        intervals.rows = rows;
        intervals.category = NULL;
        cs_chart_tornado tornado = all->tornado[1];
        tornado.rows = rows;
        cs_chart_bars bars = all->bars;
        bars.rows = rows;
        cs_chart_fan fan = all->fan[1];
        fan.years = rows;
        cs_chart_curve curve = all->curve;
        curve.points = rows;
        curve.y_min = curve.y_max = 0; /* automatic */
        snprintf(stem, sizeof stem, "%s/rows", dir);
        cr_assert_eq(cs_chart_draw_intervals(&intervals, stem, &err), CS_OK);
        check_chart(dir, "rows", 0);
        cr_assert_eq(cs_chart_draw_tornado(&tornado, stem, &err), CS_OK);
        check_chart(dir, "rows", 0);
        cr_assert_eq(cs_chart_draw_bars(&bars, stem, &err), CS_OK);
        check_chart(dir, "rows", 0);
        cr_assert_eq(cs_chart_draw_fan(&fan, stem, &err), CS_OK);
        check_chart(dir, "rows", 0);
        cr_assert_eq(cs_chart_draw_curve(&curve, stem, &err), CS_OK);
        check_chart(dir, "rows", 0);
    }

    /* A tornado whose bars are all NAN, a fan whose quantiles are all equal. */
    double nan_row[N_INPUTS], flat[N_YEARS];
    for (size_t i = 0; i < N_INPUTS; i++) nan_row[i] = NAN;
    for (size_t i = 0; i < N_YEARS; i++) flat[i] = 3e6;
    cs_chart_tornado tornado = all->tornado[0];
    tornado.low = tornado.high = nan_row;
    cs_chart_fan fan = all->fan[0];
    fan.p5 = fan.p25 = fan.p50 = fan.p75 = fan.p95 = flat;
    fan.claims = NULL;
    snprintf(stem, sizeof stem, "%s/flat", dir);
    cr_assert_eq(cs_chart_draw_tornado(&tornado, stem, &err), CS_OK);
    check_chart(dir, "flat", 0);
    cr_assert_eq(cs_chart_draw_fan(&fan, stem, &err), CS_OK);
    check_chart(dir, "flat", 0);

    char *printed = capture_end(&capture);
    cr_expect_str_empty(printed, "the charts printed: %s", printed);
    free(printed);
    cr_expect_eq(rmdir(dir), 0, "a file other than the charts was left in %s", dir);
    examples_free(all);
    free(dir);
}
