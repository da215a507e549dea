/*
** cs_xlsx_analysis.c: the workbooks of `cssim drivers` (the tornado with its
** native bar chart, rank correlations and Sobol indices), `cssim sweep`
** (P(viable) and the reserve against the parameter, charted) and the batch's
** league.xlsx (one row per plan and scenario; P(viable) by plan and scenario,
** charted).
*/
#include "cs_xlsx.h"

#include <stdlib.h>
#include <string.h>

#include "cs_format.h"
#include "cs_inputs.h"
#include "cs_param_path.h"

/* The Summary of an analysis: what was analysed, then the run record. */
static size_t analysis_summary(cs_xlsx_sheet *sheet, const cs_goal_context *context, const char *what)
{
    char text[512];
    snprintf(text, sizeof text, "%s (%s): %s", context->plan->name, context->plan->id, what);
    cs_xlsx_text(sheet, 0, 0, text, sheet->book->title);
    cs_xlsx_text(sheet, 2, 0, "scenario", NULL);
    cs_xlsx_text(sheet, 2, 1, context->scenario_id, NULL);
    return 3;
}

static cs_unit input_unit(cs_input_id id)
{
    const cs_param *param = cs_inputs[id].param ? cs_param_find(cs_inputs[id].param) : NULL;
    return param ? param->unit : CS_UNIT_NUMBER;
}

static const char *input_words(cs_input_id id)
{
    return cs_inputs[id].param ? cs_key_label(cs_inputs[id].param) : cs_inputs[id].what;
}

int cs_xlsx_drivers_write(const char *path, const cs_goal_context *context, const cs_drivers *d,
                          const cs_run_record *record, cs_error *err)
{
    cs_xlsx book;
    int rc = cs_xlsx_open(&book, path, err);
    if (rc) return rc;
    cs_xlsx_sheet front, tornado, indices;
    cs_xlsx_add_sheet(&book, &front, "Summary");
    cs_xlsx_add_sheet(&book, &tornado, "Tornado");
    cs_xlsx_add_sheet(&book, &indices, "Sobol");

    size_t row = analysis_summary(&front, context, "what decides whether it is viable");
    cs_xlsx_text(&front, row, 0, "P(viable), baseline", NULL);
    cs_xlsx_amount(&front, row++, 1, CS_UNIT_SHARE, d->p_viable);
    cs_xlsx_text(&front, row, 0, "final reserve, mean", NULL);
    cs_xlsx_amount(&front, row++, 1, CS_UNIT_MONEY, d->reserve_mean);
    cs_xlsx_text(&front, row, 0, "sum of first-order indices", NULL);
    cs_xlsx_number(&front, row++, 1, d->first_sum, book.unit[CS_UNIT_MULTIPLIER]);
    cs_xlsx_note(&front, row++, 0, "Tornado: P(viable) with one input held at its P10 and at its P90, every other "
                                   "input random, on the baseline's trials; ranked by the swing.");
    cs_xlsx_run_record(&front, row + 1, record);
    cs_xlsx_cap(&front, 1, 60);
    cs_xlsx_finish(&front, 0, 0);

    static const char *const headings[] = {
        "input", "what it is", "P10", "P(viable) at P10", "change at P10", "from", "to",
        "P90", "P(viable) at P90", "change at P90", "from", "to", "swing",
    };
    cs_xlsx_headings(&tornado, 0, 0, headings, sizeof headings / sizeof headings[0]);
    size_t n_swung = 0, out_row = 1;
    for (size_t r = 0; r < CS_N_INPUTS; r++) n_swung += d->input[d->rank[r]].swung != 0;
    for (size_t pass = 0; pass < 2; pass++) /* the swung inputs first, so the chart's rows are together */
        for (size_t r = 0; r < CS_N_INPUTS; r++) {
            const cs_driver *driver = &d->input[d->rank[r]];
            if ((pass == 0) != (driver->swung != 0)) continue;
            cs_xlsx_text(&tornado, out_row, 0, cs_inputs[driver->id].name, NULL);
            cs_xlsx_text(&tornado, out_row, 1, input_words(driver->id), NULL);
            if (!driver->swung) {
                cs_xlsx_note(&tornado, out_row++, 2, driver->id == CS_INPUT_LEAVE ? "an event each year: not swung"
                                                                                 : "fixed in this plan: no effect");
                continue;
            }
            const cs_tornado_end *ends[2] = {&driver->low, &driver->high};
            for (size_t k = 0; k < 2; k++) {
                size_t c = 2 + 5 * k;
                cs_xlsx_amount(&tornado, out_row, c, input_unit(driver->id), ends[k]->value);
                cs_xlsx_amount(&tornado, out_row, c + 1, CS_UNIT_SHARE, ends[k]->p_viable);
                cs_xlsx_amount(&tornado, out_row, c + 2, CS_UNIT_SHARE, ends[k]->p_viable_diff.mean);
                cs_xlsx_amount(&tornado, out_row, c + 3, CS_UNIT_SHARE, ends[k]->p_viable_diff.lo);
                cs_xlsx_amount(&tornado, out_row, c + 4, CS_UNIT_SHARE, ends[k]->p_viable_diff.hi);
            }
            cs_xlsx_amount(&tornado, out_row++, 12, CS_UNIT_SHARE, driver->swing);
        }
    cs_xlsx_cap(&tornado, 1, 40);
    cs_xlsx_finish(&tornado, 1, 1);
    if (n_swung > 0) {
        lxw_chart *chart = workbook_add_chart(book.book, LXW_CHART_BAR);
        char categories[128], values[128];
        cs_xlsx_range(&tornado, 1, 1, n_swung, 1, categories, sizeof categories);
        static const struct {
            size_t column;
            const char *name;
        } ends[] = {{4, "input at its P10"}, {9, "input at its P90"}};
        for (size_t k = 0; k < 2; k++) {
            cs_xlsx_range(&tornado, 1, ends[k].column, n_swung, ends[k].column, values, sizeof values);
            chart_series_set_name(chart_add_series(chart, categories, values), ends[k].name);
        }
        chart_set_series_overlap(chart, 100);
        chart_set_series_gap(chart, 40);
        chart_title_set_name(chart, "Tornado: change in P(viable) with one input at its P10 or P90");
        chart_axis_set_reverse(chart->y_axis);
        chart_axis_set_label_position(chart->y_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
        chart_axis_set_num_format(chart->x_axis, "+0%;-0%;0%");
        chart_axis_set_name(chart->x_axis, "change in P(viable) against the baseline");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        lxw_chart_options options = {.x_scale = 1.6, .y_scale = 1.4};
        worksheet_insert_chart_opt(tornado.sheet, (lxw_row_t)(CS_N_INPUTS + 3), 1, chart, &options);
    }

    static const char *const index_headings[] = {
        "input", "Spearman rho with the final reserve", "from", "to", "first-order index", "from", "to",
        "total index", "from", "to",
    };
    cs_xlsx_headings(&indices, 0, 0, index_headings, sizeof index_headings / sizeof index_headings[0]);
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        cs_xlsx_text(&indices, 1 + r, 0, cs_inputs[driver->id].name, NULL);
        if (!driver->random) continue;
        const double values[9] = {driver->rho, driver->rho_lo, driver->rho_hi,
                                  driver->reserve.first, driver->reserve.first_lo, driver->reserve.first_hi,
                                  driver->reserve.total, driver->reserve.total_lo, driver->reserve.total_hi};
        for (size_t k = 0; k < 9; k++) cs_xlsx_number(&indices, 1 + r, 1 + k, values[k], book.unit[CS_UNIT_MULTIPLIER]);
    }
    cs_xlsx_finish(&indices, 1, 1);
    return cs_xlsx_commit(&book, err);
}

int cs_xlsx_sweep_write(const char *path, const cs_goal_context *context, const cs_sweep *sweep,
                        const cs_run_record *record, cs_error *err)
{
    cs_xlsx book;
    int rc = cs_xlsx_open(&book, path, err);
    if (rc) return rc;
    cs_xlsx_sheet front, points;
    cs_xlsx_add_sheet(&book, &front, "Summary");
    cs_xlsx_add_sheet(&book, &points, "Sweep");
    char what[256], label[160];
    cs_param_path parsed;
    cs_error ignored; /* the sweep has parsed it already */
    int parsed_ok = cs_param_path_parse(&parsed, context->parameter, context->plan, "--vary", &ignored) == CS_OK;
    if (parsed_ok) cs_param_path_label(&parsed, label, sizeof label);
    else snprintf(label, sizeof label, "%s", context->parameter);
    snprintf(what, sizeof what, "P(viable) across %s", label);
    size_t row = analysis_summary(&front, context, what);
    cs_xlsx_text(&front, row, 0, "parameter", NULL);
    cs_xlsx_text(&front, row++, 1, context->parameter, NULL);
    cs_xlsx_run_record(&front, row + 1, record);
    cs_xlsx_cap(&front, 1, 60);
    cs_xlsx_finish(&front, 0, 0);

    cs_unit unit = parsed_ok ? cs_param_path_unit(&parsed) : CS_UNIT_NUMBER;
    static const char *const headings[] = {
        "value", "P(viable)", "95% interval, from", "95% interval, to", "verdict", "final reserve, mean",
        "final reserve, P5", "worst P(deficit)", "in year",
    };
    cs_xlsx_headings(&points, 0, 0, headings, sizeof headings / sizeof headings[0]);
    cs_xlsx_text(&points, 0, 0, context->parameter, book.heading);
    for (size_t i = 0; i < sweep->n; i++) {
        const cs_sweep_point *point = &sweep->points[i];
        const cs_outcome *o = &point->outcome;
        size_t r = 1 + i;
        static const char *const verdicts[] = {"proceed", "proceed under rigorous management", "stop"};
        char year[16];
        cs_xlsx_amount(&points, r, 0, unit, point->value);
        cs_xlsx_amount(&points, r, 1, CS_UNIT_SHARE, o->p_viable);
        cs_xlsx_amount(&points, r, 2, CS_UNIT_SHARE, o->p_viable_lo);
        cs_xlsx_amount(&points, r, 3, CS_UNIT_SHARE, o->p_viable_hi);
        cs_xlsx_text(&points, r, 4, verdicts[o->verdict], NULL);
        cs_xlsx_amount(&points, r, 5, CS_UNIT_MONEY, o->reserve_mean);
        cs_xlsx_amount(&points, r, 6, CS_UNIT_MONEY, o->reserve_p5);
        cs_xlsx_amount(&points, r, 7, CS_UNIT_SHARE, o->worst_p_deficit);
        cs_year_label(o->worst_year, year, sizeof year);
        cs_xlsx_text(&points, r, 8, year, NULL);
    }
    cs_xlsx_finish(&points, 1, 1);
    if (sweep->n > 0) {
        lxw_chart *chart = workbook_add_chart(book.book, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
        char categories[128], values[128];
        cs_xlsx_range(&points, 1, 0, sweep->n, 0, categories, sizeof categories);
        cs_xlsx_range(&points, 1, 1, sweep->n, 1, values, sizeof values);
        chart_series_set_name(chart_add_series(chart, categories, values), "P(viable)");
        chart_title_set_name(chart, what);
        chart_axis_set_name(chart->x_axis, label);
        chart_axis_set_min(chart->x_axis, sweep->points[0].value);
        chart_axis_set_max(chart->x_axis, sweep->points[sweep->n - 1].value);
        chart_axis_set_num_format(chart->y_axis, "0%");
        chart_axis_set_min(chart->y_axis, 0);
        chart_axis_set_max(chart->y_axis, 1);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        lxw_chart_options options = {.x_scale = 1.4, .y_scale = 1.3};
        worksheet_insert_chart_opt(points.sheet, (lxw_row_t)(sweep->n + 3), 0, chart, &options);
    }
    return cs_xlsx_commit(&book, err);
}

/* The index of SCENARIO_ID among the league's scenarios, or n_scenarios. */
static size_t scenario_index(const cs_league *league, const char *scenario_id)
{
    size_t s = 0;
    while (s < league->n_scenarios && strcmp(league->scenarios[s].id, scenario_id) != 0) s++;
    return s;
}

int cs_xlsx_league_write(const cs_league *league, const char *out_dir, cs_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/league.xlsx", out_dir);
    cs_xlsx book;
    int rc = cs_xlsx_open(&book, path, err);
    if (rc) return rc;
    cs_xlsx_sheet table, pivot;
    cs_xlsx_add_sheet(&book, &table, "League");
    cs_xlsx_add_sheet(&book, &pivot, "P(viable)");
    static const char *const headings[] = {
        "plan", "name", "scenario", "population", "CCGs", "trials", "P(viable)", "95% interval, from",
        "95% interval, to", "verdict", "final reserve, P50", "final reserve, P5", "worst P(deficit)", "in year",
        "checkpoint 2 (actual)",
    };
    cs_xlsx_headings(&table, 0, 0, headings, sizeof headings / sizeof headings[0]);
    static const char *const verdicts[] = {"proceed", "proceed under rigorous management", "stop"};
    for (size_t i = 0; i < league->n_rows; i++) {
        const cs_league_row *r = &league->rows[i];
        size_t row = 1 + i;
        char text[64];
        cs_xlsx_text(&table, row, 0, r->plan_id, NULL);
        cs_xlsx_text(&table, row, 1, r->plan_name, NULL);
        cs_xlsx_text(&table, row, 2, r->scenario_id, NULL);
        cs_xlsx_amount(&table, row, 3, CS_UNIT_COUNT, r->population);
        cs_xlsx_amount(&table, row, 4, CS_UNIT_COUNT, (double)r->n_ccgs);
        cs_xlsx_amount(&table, row, 5, CS_UNIT_COUNT, (double)r->trials);
        cs_xlsx_amount(&table, row, 6, CS_UNIT_SHARE, r->p_viable);
        cs_xlsx_amount(&table, row, 7, CS_UNIT_SHARE, r->p_viable_lo);
        cs_xlsx_amount(&table, row, 8, CS_UNIT_SHARE, r->p_viable_hi);
        snprintf(text, sizeof text, "%s%s", verdicts[r->verdict], r->verdict_borderline ? " (borderline)" : "");
        cs_xlsx_text(&table, row, 9, text, NULL);
        cs_xlsx_amount(&table, row, 10, CS_UNIT_MONEY, r->reserve_p50);
        cs_xlsx_amount(&table, row, 11, CS_UNIT_MONEY, r->reserve_p5);
        cs_xlsx_amount(&table, row, 12, CS_UNIT_SHARE, r->worst_p_deficit);
        cs_year_label(r->worst_year, text, sizeof text);
        cs_xlsx_text(&table, row, 13, text, NULL);
        cs_xlsx_text(&table, row, 14, r->checkpoint2 ? r->checkpoint2 : "", NULL);
    }
    cs_xlsx_finish(&table, 1, 2);

    /* P(viable): a row per plan, a column per scenario, for the chart. */
    cs_xlsx_text(&pivot, 0, 0, "plan", book.heading);
    for (size_t s = 0; s < league->n_scenarios; s++)
        cs_xlsx_text(&pivot, 0, 1 + s, league->scenarios[s].id, book.heading);
    size_t n_plans = 0;
    for (size_t i = 0; i < league->n_rows; i++) {
        const cs_league_row *r = &league->rows[i];
        size_t p = 0;
        while (p < i && strcmp(league->rows[p].plan_id, r->plan_id) != 0) p++;
        size_t plan_row = 0; /* the plan's row in the pivot: its order of first appearance */
        for (size_t q = 0; q < p; q++) {
            size_t first = 0;
            while (first < q && strcmp(league->rows[first].plan_id, league->rows[q].plan_id) != 0) first++;
            plan_row += first == q;
        }
        if (p == i) {
            cs_xlsx_text(&pivot, 1 + plan_row, 0, r->plan_name, NULL);
            n_plans++;
        }
        size_t s = scenario_index(league, r->scenario_id);
        if (s < league->n_scenarios) cs_xlsx_amount(&pivot, 1 + plan_row, 1 + s, CS_UNIT_SHARE, r->p_viable);
    }
    cs_xlsx_finish(&pivot, 1, 1);
    if (n_plans > 0 && league->n_scenarios > 0) {
        lxw_chart *chart = workbook_add_chart(book.book, LXW_CHART_BAR);
        char categories[128], values[128], name[128];
        cs_xlsx_range(&pivot, 1, 0, n_plans, 0, categories, sizeof categories);
        for (size_t s = 0; s < league->n_scenarios; s++) {
            cs_xlsx_range(&pivot, 1, 1 + s, n_plans, 1 + s, values, sizeof values);
            lxw_chart_series *series = chart_add_series(chart, categories, values);
            snprintf(name, sizeof name, "%s", league->scenarios[s].id);
            chart_series_set_name(series, name);
        }
        chart_title_set_name(chart, "P(viable) by plan under each scenario");
        chart_axis_set_reverse(chart->y_axis);
        chart_axis_set_num_format(chart->x_axis, "0%");
        chart_axis_set_min(chart->x_axis, 0);
        chart_axis_set_max(chart->x_axis, 1);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        lxw_chart_options options = {.x_scale = 1.6, .y_scale = 3.0};
        worksheet_insert_chart_opt(pivot.sheet, 1, (lxw_col_t)(league->n_scenarios + 2), chart, &options);
    }
    return cs_xlsx_commit(&book, err);
}
