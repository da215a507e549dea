/*
** cs_report_plan.c: the assessor's report of one plan: DIR/index.html (one
** self-contained page) and each chart as PNG and SVG beside it, from a
** cs_assessment.  The answer comes first, in words; then the pictures and
** the tables behind them; then the run record.
*/
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_chart.h"
#include "cs_escape.h"
#include "cs_fan.h"
#include "cs_html.h"
#include "cs_output.h"
#include "cs_format.h"
#include "cs_report.h"
#include "cs_words.h"

/* The reserve's quantiles by year, from each trial's reserve. */
static int fan_of_reserve(cs_fan_data *fan, const cs_assessment *a, cs_error *err)
{
    double *sorted = malloc(a->trials.trials * sizeof *sorted);
    if (!sorted) return cs_error_fail(err, NULL, "out of memory");
    cs_fan_of_reserve(fan, a->reserve, a->trials.trials, a->trials.years, sorted);
    free(sorted);
    return CS_OK;
}

static void scenario_label(const cs_scenario *scenario, char *buf, size_t len)
{
    snprintf(buf, len, "%s", scenario->id);
}

/* NAME: [N numbers] into OBJECT (the data a chart drew). */
static void add_series(cJSON *object, const char *name, const double *values, size_t n)
{
    cJSON *array = cJSON_AddArrayToObject(object, name);
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(array, isfinite(values[i]) ? cJSON_CreateNumber(values[i]) : cJSON_CreateNull());
}

static void add_fan(cJSON *data, const char *name, const cs_fan_data *fan, size_t years)
{
    cJSON *object = cJSON_AddObjectToObject(data, name);
    add_series(object, "p5", fan->p5, years);
    add_series(object, "p25", fan->p25, years);
    add_series(object, "p50", fan->p50, years);
    add_series(object, "p75", fan->p75, years);
    add_series(object, "p95", fan->p95, years);
    add_series(object, "claims", fan->claims, years);
}

/* Every chart of the report, drawn into DIR; the numbers each drew into DATA. */
static int draw_charts(const cs_assessment *a, const char *dir, cJSON *data, cs_error *err)
{
    const cs_summary *base = &a->comparison.entry[0].summary;
    const cs_plan *plan = &a->baseline;
    int years = base->years < 64 ? base->years : 64;
    cs_year_labels labels;
    cs_year_labels_make(&labels, base->start_year, years);
    char stem[1024];
    cs_fan_data fan;
    int rc = CS_OK;

    struct {
        const char *stem, *title;
        size_t offset;
        const double *claims;
    } fans[] = {
        {"fan-turnover", "Turnover by year", offsetof(cs_year_summary, turnover), plan->claim_turnover},
        {"fan-margin", "Margin by year", offsetof(cs_year_summary, margin), plan->claim_margin},
    };
    for (size_t f = 0; f < 2 && !rc; f++) {
        cs_fan_from_stats(&fan, base->year, years, fans[f].offset);
        for (int t = 0; t < years && fans[f].claims; t++) fan.claims[t] = fans[f].claims[t];
        cs_chart_fan chart = {fans[f].title, "£m", (size_t)years, labels.label, fan.p5, fan.p25, fan.p50,
                              fan.p75, fan.p95, fans[f].claims ? fan.claims : NULL, f == 1, NULL, NULL};
        snprintf(stem, sizeof stem, "%s/%s", dir, fans[f].stem);
        rc = cs_chart_draw_fan(&chart, stem, err);
        add_fan(data, fans[f].stem, &fan, (size_t)years);
    }
    if (!rc) rc = fan_of_reserve(&fan, a, err);
    if (!rc) {
        cs_chart_fan chart = {"Reserve at the end of each year", "£m", (size_t)years, labels.label, fan.p5, fan.p25,
                              fan.p50, fan.p75, fan.p95, NULL, 1, NULL, NULL};
        snprintf(stem, sizeof stem, "%s/fan-reserve", dir);
        rc = cs_chart_draw_fan(&chart, stem, err);
        add_fan(data, "fan-reserve", &fan, (size_t)years);
    }

    /* The final reserve's distribution, with the deficit limit at the median final turnover. */
    double limit = -plan->criteria.max_deficit * base->year[base->years - 1].turnover.p50;
    if (!rc) {
        cs_chart_distribution chart = {"Final reserve over all trials", "final reserve, £m", a->trials.trials,
                                       a->trials.final_reserve, limit, "deficit limit at the median final turnover"};
        snprintf(stem, sizeof stem, "%s/final-reserve", dir);
        rc = cs_chart_draw_distribution(&chart, stem, err);
    }

    /* The scenarios side by side. */
    size_t n = a->comparison.n;
    const char **names = calloc(n, sizeof *names);
    double *estimate = calloc(3 * n, sizeof *estimate);
    char(*name_text)[80] = calloc(n, sizeof *name_text);
    if (!rc && (!names || !estimate || !name_text)) rc = cs_error_fail(err, NULL, "out of memory");
    if (!rc) {
        for (size_t s = 0; s < n; s++) {
            const cs_summary *summary = &a->comparison.entry[s].summary;
            scenario_label(a->comparison.entry[s].scenario, name_text[s], sizeof name_text[s]);
            names[s] = name_text[s];
            estimate[s] = summary->p_viable;
            estimate[n + s] = summary->p_viable_lo;
            estimate[2 * n + s] = summary->p_viable_hi;
        }
        const double at[] = {plan->criteria.rigorous_at, plan->criteria.proceed_at};
        char rigorous[96], proceed[96];
        cs_threshold_words("rigorous_at", at[0], rigorous, sizeof rigorous);
        cs_threshold_words("proceed_at", at[1], proceed, sizeof proceed);
        const char *at_labels[] = {rigorous, proceed};
        const char *category_names[] = {"P(viable) (dot) and its 95% interval (bar)"};
        cs_chart_intervals chart = {"P(viable) under each scenario", "P(viable)", 0, 1, n, names, estimate,
                                    estimate + n, estimate + 2 * n, NULL, 1, category_names, 2, at, at_labels, 0};
        snprintf(stem, sizeof stem, "%s/scenarios", dir);
        rc = cs_chart_draw_intervals(&chart, stem, err);
        cJSON *object = cJSON_AddObjectToObject(data, "scenarios");
        add_series(object, "p_viable", estimate, n);
        add_series(object, "lo", estimate + n, n);
        add_series(object, "hi", estimate + 2 * n, n);
    }
    free(names);
    free(estimate);
    free(name_text);

    /* The tornado and the Sobol indices. */
    const cs_drivers *d = &a->drivers;
    const char *input_names[CS_N_INPUTS];
    double low[CS_N_INPUTS], high[CS_N_INPUTS], indices[3][3 * CS_N_INPUTS];
    size_t swung = 0, random_inputs = 0;
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        if (!driver->swung) continue;
        input_names[swung] = cs_inputs[driver->id].label;
        low[swung] = driver->low.p_viable;
        high[swung++] = driver->high.p_viable;
    }
    if (!rc && swung) {
        cs_chart_tornado chart = {"What moves P(viable): each input held at its P10 and P90", "P(viable)", d->p_viable,
                                  swung, input_names, low, high, "input at P10", "input at P90", 0};
        snprintf(stem, sizeof stem, "%s/tornado", dir);
        rc = cs_chart_draw_tornado(&chart, stem, err);
        cJSON *object = cJSON_AddObjectToObject(data, "tornado");
        add_series(object, "low", low, swung);
        add_series(object, "high", high, swung);
    }
    const char *sobol_names[CS_N_INPUTS];
    size_t n_series = d->has_shapley ? 3 : 2;
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        if (!driver->random) continue;
        sobol_names[random_inputs] = cs_inputs[driver->id].label;
        const double figures[3][3] = {{driver->reserve.first, driver->reserve.first_lo, driver->reserve.first_hi},
                                      {driver->reserve.total, driver->reserve.total_lo, driver->reserve.total_hi},
                                      {driver->shapley.value, driver->shapley.lo, driver->shapley.hi}};
        for (size_t series = 0; series < n_series; series++)
            for (int row = 0; row < 3; row++) indices[row][n_series * random_inputs + series] = figures[series][row];
        random_inputs++;
    }
    if (!rc && random_inputs) {
        const char *series[] = {"alone (first-order index)", "with its interactions (total index)",
                                "its fair share (Shapley effect)"};
        cs_chart_bars chart = {d->has_shapley ? "Share of the final reserve's variance (Sobol indices, Shapley effects)"
                                              : "Share of the final reserve's variance (Sobol indices)",
                               "index", 0, 1, random_inputs, n_series, sobol_names, series, indices[0], indices[1],
                               indices[2]};
        snprintf(stem, sizeof stem, "%s/sobol", dir);
        rc = cs_chart_draw_bars(&chart, stem, err);
    }

    /* P(viable) against the price. */
    size_t points = a->price.n;
    double curve[4][CS_ASSESS_PRICE_STEPS];
    for (size_t i = 0; i < points && i < CS_ASSESS_PRICE_STEPS; i++) {
        curve[0][i] = a->price.points[i].value;
        curve[1][i] = a->price.points[i].outcome.p_viable;
        curve[2][i] = a->price.points[i].outcome.p_viable_lo;
        curve[3][i] = a->price.points[i].outcome.p_viable_hi;
    }
    if (!rc && points) {
        const double at[] = {plan->criteria.rigorous_at, plan->criteria.proceed_at};
        char rigorous[96], proceed[96];
        cs_threshold_words("rigorous_at", at[0], rigorous, sizeof rigorous);
        cs_threshold_words("proceed_at", at[1], proceed, sizeof proceed);
        const char *at_labels[] = {rigorous, proceed};
        cs_chart_curve chart = {"P(viable) against the price", "price as a multiple of the plan's price per head",
                                "P(viable)", points, curve[0], curve[1], curve[2], curve[3], 0, 1, 2, at, at_labels,
                                1.0, "the plan's price"};
        snprintf(stem, sizeof stem, "%s/price", dir);
        rc = cs_chart_draw_curve(&chart, stem, err);
        cJSON *object = cJSON_AddObjectToObject(data, "price");
        add_series(object, "price", curve[0], points);
        add_series(object, "p_viable", curve[1], points);
    }
    return rc;
}

static void html_percent(FILE *out, double share) { fputs(CS_SHARE(share), out); }

/* "LO<BETWEEN>HI" as percentages. */
static void html_interval(FILE *out, double lo, double hi, const char *between)
{
    html_percent(out, lo);
    fputs(between, out);
    html_percent(out, hi);
}

static void html_money(FILE *out, double pounds) { fputs(CS_MONEY(pounds), out); }

/* A table's header row, in a thead so that it repeats on every printed page. */
static void table_head(FILE *out, const char *cells)
{
    fprintf(out, "<table>\n<thead><tr>%s</tr></thead>\n<tbody>\n", cells);
}

static void table_end(FILE *out) { fputs("</tbody>\n</table>\n", out); }

/* The what-if overrides of the report, if any, in plain words. */
static void write_what_if(FILE *out, const cs_run_record *record)
{
    if (!record || !record->n_overrides) return;
    fputs("<p class=\"what-if\"><strong>What-if:</strong> this is not the plan as submitted. ", out);
    for (size_t i = 0; i < record->n_overrides; i++) {
        if (i) fputs("; ", out);
        cs_html_escape(out, record->what_if && record->what_if[i] ? record->what_if[i] : record->overrides[i]);
    }
    fputs(". Every figure below is for the plan with these changes.</p>\n", out);
}

static void write_answer(FILE *out, const cs_assessment *a, const cs_run_record *record)
{
    const cs_summary *base = &a->comparison.entry[0].summary;
    char words[64], meaning[320], fs_label[16];
    cs_verdict_words(base, words, sizeof words);
    cs_viable_meaning(base, meaning, sizeof meaning);
    write_what_if(out, record);
    fputs("<p class=\"answer\">Under its first scenario (<strong>", out);
    cs_html_escape(out, a->comparison.entry[0].scenario->id);
    fprintf(out, "</strong>), the plan%s is viable in ", record && record->n_overrides ? " with the what-if changes" : "");
    html_percent(out, base->p_viable);
    fputs(" of trials (95% interval ", out);
    html_interval(out, base->p_viable_lo, base->p_viable_hi, " to ");
    fputs("): verdict <strong>", out);
    cs_html_escape(out, words);
    fputs("</strong>.", out);
    if (base->fs >= 0 && base->fs < base->years) {
        cs_year_label(base->start_year + base->fs, fs_label, sizeof fs_label);
        fprintf(out, " In %s, its first year standing alone, P(margin ≥ 5%%) is ", fs_label);
        html_percent(out, base->year[base->fs].p_surplus);
        fputs(", against NHS England's requirement that the units it hosted make a 5% surplus.", out);
    }
    if (base->checkpoint2) {
        fputs(" The real outcome at checkpoint 2 was <strong>", out);
        cs_html_escape(out, cs_real_outcome_words(base->checkpoint2));
        fputs("</strong>.", out);
    }
    char lift[512];
    if (cs_stress_lift_sentence(&a->stress, lift, sizeof lift)) {
        fputc(' ', out);
        cs_html_escape(out, lift);
    }
    fputs("</p>\n<p>What viable means: ", out);
    cs_html_escape(out, meaning);
    char proceed[96], rigorous[96];
    cs_threshold_words("proceed_at", base->criteria.proceed_at, proceed, sizeof proceed);
    cs_threshold_words("rigorous_at", base->criteria.rigorous_at, rigorous, sizeof rigorous);
    fputs(". The plan goes on (proceed) when P(viable) reaches the ", out);
    cs_html_escape(out, proceed);
    fputs(" and its claims are not optimistic, goes on under rigorous management from the ", out);
    cs_html_escape(out, rigorous);
    fputs(", and stops below. A verdict marked (borderline) has a 95% interval that straddles a threshold.</p>\n", out);

    table_head(out, "<th>scenario</th><th class=\"text\">what it assumes</th><th>P(viable)</th><th>95% interval</th>"
                    "<th class=\"text\">verdict</th><th>difference from the first, points (95%)</th>"
                    "<th>final reserve P50</th><th>final reserve P5</th>");
    for (size_t s = 0; s < a->comparison.n; s++) {
        const cs_compare_entry *entry = &a->comparison.entry[s];
        const cs_summary *summary = &entry->summary;
        cs_verdict_words(summary, words, sizeof words);
        fputs("<tr><td>", out);
        cs_html_escape(out, entry->scenario->id);
        fputs("</td><td class=\"text\">", out);
        cs_html_escape(out, entry->scenario->name ? entry->scenario->name : "");
        fputs("</td><td>", out);
        html_percent(out, summary->p_viable);
        fputs("</td><td>", out);
        html_interval(out, summary->p_viable_lo, summary->p_viable_hi, "–");
        fputs("</td><td class=\"text\">", out);
        cs_html_escape(out, words);
        if (s == 0) fputs("</td><td>baseline", out);
        else fprintf(out, "</td><td>%s (%s to %s)", CS_SIGNED(100 * entry->p_viable.mean, 1),
                     CS_SIGNED(100 * entry->p_viable.lo, 1), CS_SIGNED(100 * entry->p_viable.hi, 1));
        fputs("</td><td>", out);
        html_money(out, summary->final_reserve.p50);
        fputs("</td><td>", out);
        html_money(out, summary->final_reserve.p5);
        fputs("</td></tr>\n", out);
    }
    table_end(out);
    fputs("<p class=\"note\">Every scenario runs on the same trials (common random numbers), so the "
          "differences are measured on the same luck.</p>\n",
          out);
}

/* "0.21 (0.17–0.24)": an index with its interval, never a negative zero. */
static void html_index(FILE *out, double value, double lo, double hi)
{
    char a[CS_FORMAT_MAX], b[CS_FORMAT_MAX], c[CS_FORMAT_MAX];
    fprintf(out, "%s (%s–%s)", cs_format_number(a, sizeof a, value, 2), cs_format_number(b, sizeof b, lo, 2),
            cs_format_number(c, sizeof c, hi, 2));
}

/* The correlated inputs in words: full and independent indices, and each
** group's indices as a whole. */
static void write_correlated_note(FILE *out, const cs_drivers *d)
{
    fputs("<p class=\"note\">Correlated inputs: the first-order and total indices are the <em>full</em> ones, "
          "counting what moves with the input through its correlations (the share of the variance that knowing "
          "this input alone would remove). The <em>independent</em> ones count its own part only, beyond what its "
          "correlated partners carry (Mara, Tarantola and Annoni 2015). The tornado holds a correlated input at its "
          "P10 or P90 with its partners drawn from their distribution given the held value.",
          out);
    for (size_t g = 0; g < d->n_groups; g++) {
        const cs_driver_group *group = &d->group[g];
        fputs(" Together, ", out);
        for (size_t i = 0; i < group->n; i++) {
            if (i) fputs(" + ", out);
            cs_html_escape(out, cs_inputs[group->member[i]].label);
        }
        if (!group->exact) {
            fputs(" lie along different axes; their full and independent indices are not computed.", out);
            continue;
        }
        fputs(" have first-order index ", out);
        html_index(out, group->reserve.first, group->reserve.first_lo, group->reserve.first_hi);
        fputs(" and total index ", out);
        html_index(out, group->reserve.total, group->reserve.total_lo, group->reserve.total_hi);
        fputc('.', out);
    }
    fputs("</p>\n", out);
}

/* Each input's fair share (Shapley effect) and, for correlated inputs,
** their independent indices: a table of its own, so the page stays narrow. */
static void write_shares_table(FILE *out, const cs_drivers *d)
{
    char head[256];
    snprintf(head, sizeof head, "<th>input</th>%s%s", d->has_shapley ? "<th>Shapley effect (fair share)</th>" : "",
             d->n_groups ? "<th>independent first-order index</th><th>independent total index</th>" : "");
    table_head(out, head);
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        if (!driver->random) continue;
        fputs("<tr><td>", out);
        cs_html_escape(out, cs_inputs[driver->id].label);
        if (d->has_shapley) {
            fputs("</td><td>", out);
            html_index(out, driver->shapley.value, driver->shapley.lo, driver->shapley.hi);
        }
        if (d->n_groups && driver->correlated && driver->exact) {
            fputs("</td><td>", out);
            html_index(out, driver->independent.first, driver->independent.first_lo, driver->independent.first_hi);
            fputs("</td><td>", out);
            html_index(out, driver->independent.total, driver->independent.total_lo, driver->independent.total_hi);
        } else if (d->n_groups) {
            fputs(driver->correlated ? "</td><td colspan=\"2\" class=\"text\">not computed"
                                     : "</td><td colspan=\"2\" class=\"text\">not correlated: as first-order and total",
                  out);
        }
        fputs("</td></tr>\n", out);
    }
    table_end(out);
    if (d->has_shapley)
        fputs("<p class=\"note\">A Shapley effect is the input's fair share of the variance: its own effect, with its "
              "interactions and what it shares with correlated inputs split fairly among the inputs involved; the "
              "Shapley effects add up to 1.</p>\n",
              out);
    if (d->n_groups) write_correlated_note(out, d);
}

static void write_drivers_table(FILE *out, const cs_drivers *d)
{
    table_head(out, "<th>input</th><th>P(viable) at its P10</th><th>at its P90</th><th>swing, points</th>"
                    "<th>Spearman with the final reserve</th><th>first-order index</th><th>total index</th>");
    for (size_t r = 0; r < CS_N_INPUTS; r++) {
        const cs_driver *driver = &d->input[d->rank[r]];
        fputs("<tr><td>", out);
        cs_html_escape(out, cs_inputs[driver->id].label);
        if (!driver->random) {
            fputs("</td><td colspan=\"6\" class=\"text\">does not vary under this plan</td></tr>\n", out);
            continue;
        }
        if (driver->swung) {
            fputs("</td><td>", out);
            html_interval(out, driver->low.p_viable, driver->high.p_viable, "</td><td>");
            fprintf(out, "</td><td>%s", cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, 100 * driver->swing, 1));
        } else {
            fputs("</td><td colspan=\"3\" class=\"text\">an event, not swung", out);
        }
        fprintf(out, "</td><td>%s (%s to %s)</td><td>", CS_SIGNED(driver->rho, 2), CS_SIGNED(driver->rho_lo, 2),
                CS_SIGNED(driver->rho_hi, 2));
        html_index(out, driver->reserve.first, driver->reserve.first_lo, driver->reserve.first_hi);
        fputs("</td><td>", out);
        html_index(out, driver->reserve.total, driver->reserve.total_lo, driver->reserve.total_hi);
        fputs("</td></tr>\n", out);
    }
    table_end(out);
    fprintf(out, "<p class=\"note\">The first-order indices add up to %s: the share of the final "
                 "reserve's variance the inputs explain one at a time, without interactions%s.</p>\n",
            cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, d->first_sum, 2),
            d->n_groups ? " (correlated inputs count what they share with their partners, so it can exceed 1)" : "");
    if (d->has_shapley || d->n_groups) write_shares_table(out, d);
}

/* A stress-test level: the value where P(viable) reaches it, in its unit,
** or why there is none. */
static void html_level(FILE *out, cs_unit unit, int beyond, const char *beyond_words, int found, double at,
                       cs_solve_status status)
{
    fputs("</td><td>", out);
    if (beyond) fputs(beyond_words, out);
    else if (found) fputs(CS_UNIT(unit, at), out);
    else if (status == CS_SOLVE_UNREACHABLE) fputs("not reachable by this driver alone", out);
    else if (status == CS_SOLVE_BUDGET) fputs("not found within the runs allowed", out);
    else fputs("not within its range", out);
}

static void write_stress_table(FILE *out, const cs_stress *stress, const cs_plan *plan)
{
    int falls = stress->p_viable >= stress->rigorous_at, rises = stress->p_viable < stress->proceed_at;
    char rigorous[96], proceed[96], header[800];
    cs_threshold_words("rigorous_at", stress->rigorous_at, rigorous, sizeof rigorous);
    cs_threshold_words("proceed_at", stress->proceed_at, proceed, sizeof proceed);
    int n = snprintf(header, sizeof header, "<th>driver</th><th>the plan's value</th>");
    if (falls)
        n += snprintf(header + n, sizeof header - (size_t)n,
                      "<th>value where P(viable) falls to the %s</th><th>where it falls to 20%%</th>", rigorous);
    else
        n += snprintf(header + n, sizeof header - (size_t)n, "<th>value where P(viable) rises to the %s</th>", rigorous);
    if (rises) n += snprintf(header + n, sizeof header - (size_t)n, "<th>where it rises to the %s</th>", proceed);
    snprintf(header + n, sizeof header - (size_t)n, "<th>move needed</th>");
    table_head(out, header);
    for (size_t k = 0; k < stress->n_drivers; k++) {
        const cs_stress_driver *driver = &stress->drivers[k];
        char label[160], move[64];
        cs_unit unit = cs_path_words(plan, driver->parameter, label, sizeof label);
        fputs("<tr><td>", out);
        cs_html_escape(out, label);
        fprintf(out, "</td><td>%s", CS_UNIT(unit, driver->plan_value));
        if (falls) {
            html_level(out, unit, driver->below_rigorous, "already below", driver->at_rigorous_found,
                       driver->at_rigorous, CS_SOLVE_SOLVED);
            html_level(out, unit, driver->below_low, "already below", driver->at_low_found, driver->at_low,
                       CS_SOLVE_SOLVED);
        } else
            html_level(out, unit, driver->above_rigorous, "already above", driver->to_rigorous_found,
                       driver->to_rigorous, driver->to_rigorous_status);
        if (rises)
            html_level(out, unit, driver->above_proceed, "already above", driver->to_proceed_found,
                       driver->to_proceed, driver->to_proceed_status);
        cs_stress_move_words(driver, unit, rises, move, sizeof move);
        fputs("</td><td>", out);
        cs_html_escape(out, move);
        fputs("</td></tr>\n", out);
    }
    table_end(out);
    fputs("<p>", out);
    if (stress->subsidy_found) {
        fputs("Subsidy: an opening reserve of ", out);
        html_money(out, stress->opening_reserve);
        fputs(" (the plan has ", out);
        html_money(out, stress->plan_opening_reserve);
        fputs(") lifts P(viable) to ", out);
        html_percent(out, stress->p_viable_at_subsidy);
        fputs(", the proceed threshold. ", out);
    } else {
        fputs("No opening reserve within the search range lifts P(viable) to the proceed threshold: too many trials "
              "fail the margin test, which no reserve changes. ", out);
    }
    fputs("At the plan's own values, a sponsor would have to cover a shortfall of up to ", out);
    html_money(out, stress->deficit_p90);
    fputs(" in 9 trials out of 10 (the P90 of the largest deficit below zero).</p>\n", out);
}

typedef struct page {
    const cs_assessment *assessment;
    const cs_run_record *record;
    const char *dir;
    const char *league_link;
    int failed;
    cs_error err;
} page;

static void figure(FILE *out, page *p, const char *stem, const char *alt, const char *caption)
{
    if (!p->failed && cs_html_figure(out, p->dir, stem, alt, caption, &p->err) != CS_OK) p->failed = 1;
}

/* A heading kept with what follows it when printed: the heading, the
** paragraph under it, and the first figure or table, in one block. */
static void section_begin(FILE *out, const char *heading)
{
    fputs("<section class=\"keep\">\n", out);
    cs_html_element(out, "h2", heading);
}

static void section_end(FILE *out) { fputs("</section>\n", out); }

static void write_page(FILE *out, const void *context)
{
    page *p = (page *)context;
    const cs_assessment *a = p->assessment;
    const cs_summary *base = &a->comparison.entry[0].summary;
    char title[512];
    snprintf(title, sizeof title, "%s: financial viability (cssim)", base->plan_name);
    cs_html_begin(out, title);
    if (p->league_link) {
        fputs("<p class=\"nav\"><a href=\"", out);
        cs_html_escape(out, p->league_link);
        fputs("\">← the league of every plan</a></p>\n", out);
    }
    fputs("<h1>", out);
    cs_html_escape(out, base->plan_name);
    fputs("</h1>\n<p class=\"note\">Commissioning support service business plan, assessed by cssim over ", out);
    fprintf(out, "%zu trials per scenario (seed %llu). Years are financial years.</p>\n", base->trials,
            (unsigned long long)base->seed);
    section_begin(out, "The answer");
    write_answer(out, a, p->record);
    section_end(out);
    figure(out, p, "scenarios", "P(viable) with its 95% interval under each scenario",
           "P(viable) under each scenario: the dot is the estimate, the bar its 95% interval (hidden by the dot "
           "when the interval is narrower than it, as at 100000 trials); the lines are the two thresholds.");

    section_begin(out, "Turnover, margin and reserve by year");
    fputs("<p>Bands: P5–P95 (light) and P25–P75 (dark), the line the median; markers are the plan's own "
          "claims.</p>\n",
          out);
    figure(out, p, "fan-turnover", "Fan chart of turnover by year", "Turnover by year.");
    section_end(out);
    figure(out, p, "fan-margin", "Fan chart of margin by year", "Margin by year; below zero is a loss.");
    figure(out, p, "fan-reserve", "Fan chart of the reserve by year", "Reserve at the end of each year.");

    section_begin(out, "How the final reserve is spread");
    figure(out, p, "final-reserve", "Histogram of the final reserve", "Final reserve over all trials.");
    section_end(out);
    figure(out, p, "final-reserve-cdf", "Cumulative curve of the final reserve",
           "The S-curve: the share of trials ending at or below each final reserve. A trial can fail on its margin "
           "(below the minimum in any year once the CSS stands alone) or on its reserve (below the deficit limit "
           "in any year, not only the last), so the share left of the final-year deficit limit is not "
           "1 − P(viable).");
    fputs("<p class=\"note\">The deficit limit is marked at the median final-year turnover; each trial is judged "
          "against its own turnover, every year.</p>\n",
          out);

    section_begin(out, "Why: what decides the outcome");
    fprintf(out, "<p>From %zu trials of the first scenario on common random numbers (cssim drivers).</p>\n",
            a->analysis_trials);
    figure(out, p, "tornado", "Tornado chart of P(viable)", "Each input held at its P10 and its P90, every other "
                                                             "input random.");
    section_end(out);
    figure(out, p, "sobol", "Sobol indices of the final reserve",
           a->drivers.has_shapley ? "The share of the final reserve's variance each input explains alone and with its "
                                    "interactions (Sobol indices), and its fair share (Shapley effect), with 95% "
                                    "bootstrap intervals."
                                  : "The share of the final reserve's variance each input explains alone and with its "
                                    "interactions (Sobol indices), with 95% bootstrap intervals.");
    write_drivers_table(out, &a->drivers);

    section_begin(out, "What would make it pass");
    fprintf(out, "<p>From %zu trials per value, on common random numbers (cssim sweep and solve).</p>\n",
            a->analysis_trials);
    figure(out, p, "price", "P(viable) against the price multiplier",
           "P(viable) against the price, as a multiple of the plan's price per head.");
    section_end(out);
    section_begin(out, "The reverse stress test");
    fputs(a->stress.p_viable < a->stress.proceed_at
              ? "<p>How far each driver must move, alone, for the plan to reach its next verdict (and, where it is "
                "above the rigorous-management threshold, before it fails).</p>\n"
              : "<p>How far each driver must move, alone, before the plan fails.</p>\n",
          out);
    write_stress_table(out, &a->stress, &a->baseline);
    section_end(out);
    cs_html_run_record(out, p->record, "How this report was made");
    if (p->league_link) {
        fputs("<p class=\"nav\"><a href=\"", out);
        cs_html_escape(out, p->league_link);
        fputs("\">← back to the league</a></p>\n", out);
    }
    cs_html_end(out);
}

int cs_plan_report_write(const cs_assessment *assessment, const cs_run_record *record, const char *league_link,
                         const char *dir, cs_error *err)
{
    cJSON *data = cJSON_CreateObject();
    int rc = data ? draw_charts(assessment, dir, data, err) : cs_error_fail(err, dir, "out of memory");
    char path[1024];
    snprintf(path, sizeof path, "%s/charts.json", dir);
    if (!rc) rc = cs_output_json(path, data, err);
    cJSON_Delete(data);
    if (rc) return rc;
    snprintf(path, sizeof path, "%s/index.html", dir);
    page p = {.assessment = assessment, .record = record, .dir = dir, .league_link = league_link};
    cs_error_clear(&p.err);
    rc = cs_output_write(path, write_page, &p, err);
    if (!rc && p.failed) {
        *err = p.err;
        rc = p.err.code ? p.err.code : CS_ERR_FAIL;
    }
    return rc;
}
