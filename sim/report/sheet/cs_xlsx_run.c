/*
** cs_xlsx_run.c: the workbooks of `cssim run` and `cssim compare`: a
** Summary sheet (the answer in words, P(viable) and its interval, the
** verdict, the run record, and a native chart: the reserve's fan for a run,
** P(viable) per scenario for a comparison), a By year sheet (each year's
** percentiles of turnover, cost, margin and reserve, P(deficit) and
** P(margin >= 5%), one column block per scenario), the plan's claims
** against the simulation, and a comparison's paired differences.
*/
#include "cs_xlsx.h"

#include <string.h>

#include "cs_compare.h"
#include "cs_format.h"

/* The answer in one sentence. */
static void answer(const cs_summary *s, char *buf, size_t len)
{
    char words[64];
    cs_verdict_words(s, words, sizeof words);
    snprintf(buf, len, "%s is viable in %s of trials (95%% interval %s to %s): %s.", s->plan_name,
             CS_SHARE(s->p_viable), CS_SHARE(s->p_viable_lo), CS_SHARE(s->p_viable_hi), words);
}

static size_t label_row(cs_xlsx_sheet *sheet, size_t row, const char *label)
{
    cs_xlsx_text(sheet, row, 0, label, NULL);
    return row;
}

/* The Summary's rows for one run from ROW; returns the next free row. */
static size_t summary_rows(cs_xlsx_sheet *sheet, size_t row, const cs_summary *s, const char *scenario_name)
{
    cs_xlsx *book = sheet->book;
    char text[512];
    snprintf(text, sizeof text, "%s (%s)", s->plan_name, s->plan_id);
    cs_xlsx_text(sheet, row++, 0, text, book->title);
    answer(s, text, sizeof text);
    cs_xlsx_note(sheet, row++, 0, text);
    cs_viable_meaning(s, text, sizeof text);
    text[0] = (char)(text[0] - 'a' + 'A'); /* "A trial is viable when ..." */
    cs_xlsx_note(sheet, row++, 0, text);
    row++;
    cs_xlsx_text(sheet, label_row(sheet, row++, "scenario"), 1, scenario_name ? scenario_name : s->scenario_id, NULL);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "P(viable)"), 1, CS_UNIT_SHARE, s->p_viable);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "95% interval, from"), 1, CS_UNIT_SHARE, s->p_viable_lo);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "95% interval, to"), 1, CS_UNIT_SHARE, s->p_viable_hi);
    cs_verdict_words(s, text, sizeof text);
    cs_xlsx_text(sheet, label_row(sheet, row++, "verdict"), 1, text, NULL);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "proceed threshold"), 1, CS_UNIT_SHARE, s->criteria.proceed_at);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "rigorous-management threshold"), 1, CS_UNIT_SHARE,
                   s->criteria.rigorous_at);
    if (s->checkpoint2) cs_xlsx_text(sheet, label_row(sheet, row++, "checkpoint 2 (actual)"), 1, s->checkpoint2, NULL);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "final reserve, mean"), 1, CS_UNIT_MONEY, s->final_reserve.mean);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "final reserve, P5"), 1, CS_UNIT_MONEY, s->final_reserve.p5);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "final reserve, P50"), 1, CS_UNIT_MONEY, s->final_reserve.p50);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "final reserve, P95"), 1, CS_UNIT_MONEY, s->final_reserve.p95);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "final reserve, mean of the worst 5%"), 1, CS_UNIT_MONEY,
                   s->final_reserve_cvar5);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "population"), 1, CS_UNIT_COUNT, s->population);
    cs_xlsx_amount(sheet, label_row(sheet, row++, "CCGs"), 1, CS_UNIT_COUNT, (double)s->n_ccgs);
    return row + 1;
}

/* The By year sheet's column block of one run from COLUMN (headings on
** ROW, years below); RESERVE (by year) may be NULL.  Returns the next free column. */
static const char *const stat_names[] = {"P5", "P25", "P50", "P75", "P95", "mean"};
#define N_STATS 6

static size_t stats_block(cs_xlsx_sheet *sheet, size_t row, size_t column, const char *metric, cs_unit unit,
                          const cs_summary *s, const cs_stats *(*pick)(const cs_summary *, int, const void *),
                          const void *context)
{
    for (size_t k = 0; k < N_STATS; k++) {
        char heading[64];
        snprintf(heading, sizeof heading, "%s %s", metric, stat_names[k]);
        cs_xlsx_text(sheet, row, column + k, heading, sheet->book->heading);
    }
    for (int t = 0; t < s->years; t++) {
        const cs_stats *stats = pick(s, t, context);
        const double values[N_STATS] = {stats->p5, stats->p25, stats->p50, stats->p75, stats->p95, stats->mean};
        for (size_t k = 0; k < N_STATS; k++) cs_xlsx_amount(sheet, row + 1 + (size_t)t, column + k, unit, values[k]);
    }
    return column + N_STATS;
}

static const cs_stats *pick_turnover(const cs_summary *s, int t, const void *c)
{
    (void)c;
    return &s->year[t].turnover;
}
static const cs_stats *pick_cost(const cs_summary *s, int t, const void *c)
{
    (void)c;
    return &s->year[t].cost;
}
static const cs_stats *pick_margin(const cs_summary *s, int t, const void *c)
{
    (void)c;
    return &s->year[t].margin;
}
static const cs_stats *pick_margin_pct(const cs_summary *s, int t, const void *c)
{
    (void)c;
    return &s->year[t].margin_pct;
}
static const cs_stats *pick_reserve(const cs_summary *s, int t, const void *c)
{
    (void)s;
    return &((const cs_stats *)c)[t];
}

/* Returns the next free column; *reserve_column is where the reserve's block starts (0: none). */
static size_t year_block(cs_xlsx_sheet *sheet, size_t row, size_t column, const cs_summary *s, const cs_stats *reserve,
                         size_t *reserve_column)
{
    column = stats_block(sheet, row, column, "turnover", CS_UNIT_MONEY, s, pick_turnover, NULL);
    column = stats_block(sheet, row, column, "cost", CS_UNIT_MONEY, s, pick_cost, NULL);
    column = stats_block(sheet, row, column, "margin", CS_UNIT_MONEY, s, pick_margin, NULL);
    column = stats_block(sheet, row, column, "margin %", CS_UNIT_SHARE, s, pick_margin_pct, NULL);
    if (reserve_column) *reserve_column = reserve ? column : 0;
    if (reserve) column = stats_block(sheet, row, column, "reserve", CS_UNIT_MONEY, s, pick_reserve, reserve);
    static const char *const tail[] = {"P(deficit)", "P(margin \xe2\x89\xa5 5%)", "customers (mean)"};
    cs_xlsx_headings(sheet, row, column, tail, 3);
    for (int t = 0; t < s->years; t++) {
        const cs_year_summary *y = &s->year[t];
        cs_xlsx_amount(sheet, row + 1 + (size_t)t, column, CS_UNIT_SHARE, y->p_deficit);
        cs_xlsx_amount(sheet, row + 1 + (size_t)t, column + 1, CS_UNIT_SHARE, y->p_surplus);
        cs_xlsx_number(sheet, row + 1 + (size_t)t, column + 2, y->customers_mean,
                       sheet->book->unit[CS_UNIT_MULTIPLIER]);
    }
    return column + 3;
}

static void year_labels(cs_xlsx_sheet *sheet, size_t row, const cs_summary *s)
{
    cs_xlsx_text(sheet, row, 0, "year", sheet->book->heading);
    for (int t = 0; t < s->years; t++) {
        char label[16];
        cs_year_label(s->start_year + t, label, sizeof label);
        cs_xlsx_text(sheet, row + 1 + (size_t)t, 0, label, NULL);
    }
}

/* The reserve's fan: P5, P50 and P95 by year as lines, on SUMMARY at (ROW, COLUMN). */
static void reserve_fan(cs_xlsx *book, cs_xlsx_sheet *summary, size_t row, size_t column, const cs_xlsx_sheet *by_year,
                        size_t first_row, size_t years, size_t reserve_column)
{
    lxw_chart *chart = workbook_add_chart(book->book, LXW_CHART_LINE);
    static const struct { size_t offset; const char *name; } lines[] = {{0, "P5"}, {2, "P50"}, {4, "P95"}};
    char categories[128], values[128];
    cs_xlsx_range(by_year, first_row, 0, first_row + years - 1, 0, categories, sizeof categories);
    for (size_t i = 0; i < 3; i++) {
        cs_xlsx_range(by_year, first_row, reserve_column + lines[i].offset, first_row + years - 1,
                      reserve_column + lines[i].offset, values, sizeof values);
        lxw_chart_series *series = chart_add_series(chart, categories, values);
        chart_series_set_name(series, lines[i].name);
        lxw_chart_line line = {.color = i == 1 ? 0x1F4E79 : 0x5B9BD5, .width = i == 1 ? 2.5 : 1.5,
                               .dash_type = i == 1 ? LXW_CHART_LINE_DASH_SOLID : LXW_CHART_LINE_DASH_DASH};
        chart_series_set_line(series, &line);
    }
    chart_axis_set_label_position(chart->x_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    chart_title_set_name(chart, "Reserve at the end of each year (P5, P50, P95)");
    chart_axis_set_name(chart->x_axis, "year");
    chart_axis_set_name(chart->y_axis, "reserve, \xc2\xa3");
    chart_axis_set_num_format(chart->y_axis, "\"\xc2\xa3\"#,##0.0,,\"m\"");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options options = {.x_scale = 1.4, .y_scale = 1.05};
    worksheet_insert_chart_opt(summary->sheet, (lxw_row_t)row, (lxw_col_t)column, chart, &options);
}

/* The claims against the simulation. */
static void claims_sheet(cs_xlsx *book, const cs_summary *s)
{
    cs_xlsx_sheet sheet;
    cs_xlsx_add_sheet(book, &sheet, "Claims");
    static const char *const headings[] = {
        "year", "claimed turnover", "its percentile", "P(simulated \xe2\x89\xa5 claim)", "claimed margin",
        "its percentile", "P(simulated \xe2\x89\xa5 claim)", "margin at the optimism quantile", "optimistic",
    };
    cs_xlsx_headings(&sheet, 0, 0, headings, sizeof headings / sizeof headings[0]);
    for (int t = 0; t < s->years; t++) {
        const cs_year_summary *y = &s->year[t];
        size_t row = 1 + (size_t)t;
        char label[16];
        cs_year_label(s->start_year + t, label, sizeof label);
        cs_xlsx_text(&sheet, row, 0, label, NULL);
        cs_xlsx_amount(&sheet, row, 1, CS_UNIT_MONEY, y->claim_turnover.claimed);
        cs_xlsx_number(&sheet, row, 2, y->claim_turnover.percentile, book->unit[CS_UNIT_MULTIPLIER]);
        cs_xlsx_amount(&sheet, row, 3, CS_UNIT_SHARE, y->claim_turnover.p_sim_ge);
        cs_xlsx_amount(&sheet, row, 4, CS_UNIT_MONEY, y->claim_margin.claimed);
        cs_xlsx_number(&sheet, row, 5, y->claim_margin.percentile, book->unit[CS_UNIT_MULTIPLIER]);
        cs_xlsx_amount(&sheet, row, 6, CS_UNIT_SHARE, y->claim_margin.p_sim_ge);
        cs_xlsx_amount(&sheet, row, 7, CS_UNIT_MONEY, y->margin_optimism);
        cs_xlsx_text(&sheet, row, 8, y->claim_optimistic ? "yes" : "no", NULL);
    }
    cs_xlsx_note(&sheet, 2 + (size_t)s->years, 0,
                 "A claimed margin above the margin at the optimism quantile is optimistic.");
    cs_xlsx_finish(&sheet, 1, 1);
}

int cs_xlsx_run_write(const char *path, const cs_summary *summary, const char *scenario_name, const cs_stats *reserve,
                      const cs_run_record *record, cs_error *err)
{
    cs_xlsx book;
    int rc = cs_xlsx_open(&book, path, err);
    if (rc) return rc;
    cs_xlsx_sheet front, by_year;
    cs_xlsx_add_sheet(&book, &front, "Summary");
    cs_xlsx_add_sheet(&book, &by_year, "By year");
    size_t row = summary_rows(&front, 0, summary, scenario_name);
    cs_xlsx_run_record(&front, row, record);

    year_labels(&by_year, 0, summary);
    size_t reserve_column = 0;
    year_block(&by_year, 0, 1, summary, reserve, &reserve_column);
    cs_xlsx_finish(&by_year, 1, 1);
    if (summary->has_claims) claims_sheet(&book, summary);
    if (reserve) reserve_fan(&book, &front, 4, 3, &by_year, 1, (size_t)summary->years, reserve_column);
    cs_xlsx_finish(&front, 0, 0);
    return cs_xlsx_commit(&book, err);
}

/* P(viable) per scenario as columns, from the Summary's table. */
static void p_viable_chart(cs_xlsx *book, cs_xlsx_sheet *sheet, size_t first_row, size_t n, size_t name_column,
                           size_t value_column, size_t at_row, size_t at_column, const char *title)
{
    lxw_chart *chart = workbook_add_chart(book->book, LXW_CHART_COLUMN);
    char categories[128], values[128];
    cs_xlsx_range(sheet, first_row, name_column, first_row + n - 1, name_column, categories, sizeof categories);
    cs_xlsx_range(sheet, first_row, value_column, first_row + n - 1, value_column, values, sizeof values);
    lxw_chart_series *series = chart_add_series(chart, categories, values);
    chart_series_set_name(series, "P(viable)");
    chart_title_set_name(chart, title);
    chart_axis_set_num_format(chart->y_axis, "0%");
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, 1);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_options options = {.x_scale = 1.3, .y_scale = 1.2};
    worksheet_insert_chart_opt(sheet->sheet, (lxw_row_t)at_row, (lxw_col_t)at_column, chart, &options);
}

int cs_xlsx_compare_write(const char *path, const cs_comparison *comparison, const cs_run_record *record, cs_error *err)
{
    cs_xlsx book;
    int rc = cs_xlsx_open(&book, path, err);
    if (rc) return rc;
    const cs_summary *first = &comparison->entry[0].summary;
    cs_xlsx_sheet front, by_year, differences;
    cs_xlsx_add_sheet(&book, &front, "Summary");
    cs_xlsx_add_sheet(&book, &by_year, "By year");
    cs_xlsx_add_sheet(&book, &differences, "Differences");

    char text[512];
    snprintf(text, sizeof text, "%s (%s) under %zu scenarios", first->plan_name, first->plan_id, comparison->n);
    cs_xlsx_text(&front, 0, 0, text, book.title);
    static const char *const headings[] = {"scenario", "what it assumes", "P(viable)", "95% interval, from",
                                           "95% interval, to", "verdict", "the answer", "final reserve, mean",
                                           "final reserve, P5", "final reserve, P50"};
    const size_t n_headings = sizeof headings / sizeof headings[0];
    cs_xlsx_headings(&front, 2, 0, headings, n_headings);
    for (size_t e = 0; e < comparison->n; e++) {
        const cs_compare_entry *entry = &comparison->entry[e];
        const cs_summary *s = &entry->summary;
        size_t row = 3 + e;
        cs_xlsx_text(&front, row, 0, s->scenario_id, NULL);
        cs_xlsx_text(&front, row, 1, entry->scenario && entry->scenario->name ? entry->scenario->name : "", NULL);
        cs_xlsx_amount(&front, row, 2, CS_UNIT_SHARE, s->p_viable);
        cs_xlsx_amount(&front, row, 3, CS_UNIT_SHARE, s->p_viable_lo);
        cs_xlsx_amount(&front, row, 4, CS_UNIT_SHARE, s->p_viable_hi);
        cs_verdict_words(s, text, sizeof text);
        cs_xlsx_text(&front, row, 5, text, NULL);
        answer(s, text, sizeof text);
        cs_xlsx_text(&front, row, 6, text, NULL);
        cs_xlsx_amount(&front, row, 7, CS_UNIT_MONEY, s->final_reserve.mean);
        cs_xlsx_amount(&front, row, 8, CS_UNIT_MONEY, s->final_reserve.p5);
        cs_xlsx_amount(&front, row, 9, CS_UNIT_MONEY, s->final_reserve.p50);
    }
    size_t row = 4 + comparison->n;
    cs_viable_meaning(first, text, sizeof text);
    cs_xlsx_text(&front, row++, 0, "What viable means:", book.heading);
    cs_xlsx_note(&front, row++, 0, text);
    row = cs_xlsx_run_record(&front, row + 1, record);
    cs_xlsx_cap(&front, 0, 20);
    cs_xlsx_cap(&front, 1, 40);
    cs_xlsx_cap(&front, 6, 60);
    p_viable_chart(&book, &front, 3, comparison->n, 0, 2, row + 1, 0, "P(viable) under each scenario");
    cs_xlsx_finish(&front, 3, 1);

    /* By year: a column block per scenario, its id above it. */
    year_labels(&by_year, 1, first);
    size_t column = 1;
    for (size_t e = 0; e < comparison->n; e++) {
        cs_xlsx_text(&by_year, 0, column, comparison->entry[e].summary.scenario_id, book.title);
        column = year_block(&by_year, 1, column, &comparison->entry[e].summary, NULL, NULL) + 1;
    }
    cs_xlsx_finish(&by_year, 2, 1);

    static const char *const difference_headings[] = {
        "scenario", "P(viable) difference", "95% interval, from", "95% interval, to",
        "mean final reserve difference", "95% interval, from", "95% interval, to",
    };
    cs_xlsx_headings(&differences, 0, 0, difference_headings, 7);
    for (size_t e = 0; e < comparison->n; e++) {
        const cs_compare_entry *entry = &comparison->entry[e];
        size_t r = 1 + e;
        cs_xlsx_text(&differences, r, 0, entry->summary.scenario_id, NULL);
        const double values[6] = {entry->p_viable.mean, entry->p_viable.lo, entry->p_viable.hi,
                                  entry->final_reserve.mean, entry->final_reserve.lo, entry->final_reserve.hi};
        for (size_t k = 0; k < 6; k++)
            cs_xlsx_amount(&differences, r, 1 + k, k < 3 ? CS_UNIT_SHARE : CS_UNIT_MONEY, values[k]);
    }
    snprintf(text, sizeof text, "Paired differences against the first scenario (%s), on the same trials, with 95%% "
             "intervals.", first->scenario_id);
    cs_xlsx_note(&differences, 2 + comparison->n, 0, text);
    cs_xlsx_finish(&differences, 1, 1);
    if (first->has_claims) claims_sheet(&book, first);
    return cs_xlsx_commit(&book, err);
}
