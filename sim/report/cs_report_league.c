/*
** cs_report_league.c: the batch's league table as CSV, JSON, markdown and
** a self-contained HTML page with a chart of the league per scenario.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cs_batch.h"
#include "cs_chart.h"
#include "cs_escape.h"
#include "cs_format.h"
#include "cs_html.h"
#include "cs_output.h"
#include "cs_report.h"
#include "cs_run_record.h"
#include "cs_words.h"

/* The real sector's first year (2013/14, FOI figures reported by HSJ). */
#define SECTOR_TURNOVER_2013 808e6
#define SECTOR_MARGIN_PCT_2013 0.056

static const char *const outcome_names[] = {"proceed", "rigorous", "stopped"};

static const char *checkpoint_text(const cs_league_row *row) { return row->checkpoint2 ? row->checkpoint2 : ""; }

static void write_csv(FILE *out, const void *context)
{
    const cs_league *league = context;
    fputs("plan,name,scenario,trials,population,ccgs,p_viable,p_viable_lo,p_viable_hi,verdict,verdict_borderline,"
          "final_reserve_p50,final_reserve_p5,worst_p_deficit,worst_p_deficit_year,checkpoint2\n", out);
    for (size_t i = 0; i < league->n_rows; i++) {
        const cs_league_row *row = &league->rows[i];
        cs_csv_field(out, row->plan_id);
        fputc(',', out);
        cs_csv_field(out, row->plan_name);
        fputc(',', out);
        cs_csv_field(out, row->scenario_id);
        fprintf(out, ",%zu,%.0f,%zu,", row->trials, row->population, row->n_ccgs);
        double figures[] = {row->p_viable, row->p_viable_lo, row->p_viable_hi};
        for (int k = 0; k < 3; k++) {
            cs_output_number(out, figures[k]);
            fputc(',', out);
        }
        fprintf(out, "%s,%s,", cs_verdict_name(row->verdict), row->verdict_borderline ? "true" : "false");
        cs_output_number(out, row->reserve_p50);
        fputc(',', out);
        cs_output_number(out, row->reserve_p5);
        fputc(',', out);
        cs_output_number(out, row->worst_p_deficit);
        fprintf(out, ",%d,%s\n", row->worst_year, checkpoint_text(row));
    }
}

static cJSON *league_json(const cs_league *league)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "trials", (double)league->trials);
    if (league->precision > 0) cJSON_AddNumberToObject(root, "precision", league->precision);
    cJSON_AddItemToObject(root, "seed", cs_json_uint64(league->seed));
    cJSON *rows = cJSON_AddArrayToObject(root, "rows");
    for (size_t i = 0; i < league->n_rows; i++) {
        const cs_league_row *row = &league->rows[i];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "plan", row->plan_id);
        cJSON_AddStringToObject(item, "name", row->plan_name);
        cJSON_AddStringToObject(item, "scenario", row->scenario_id);
        cJSON_AddNumberToObject(item, "trials", (double)row->trials);
        cJSON_AddNumberToObject(item, "population", row->population);
        cJSON_AddNumberToObject(item, "ccgs", (double)row->n_ccgs);
        cJSON_AddNumberToObject(item, "p_viable", row->p_viable);
        double interval[2] = {row->p_viable_lo, row->p_viable_hi};
        cJSON_AddItemToObject(item, "p_viable_ci", cJSON_CreateDoubleArray(interval, 2));
        cJSON_AddStringToObject(item, "verdict", cs_verdict_name(row->verdict));
        cJSON_AddBoolToObject(item, "verdict_borderline", row->verdict_borderline);
        cJSON_AddNumberToObject(item, "final_reserve_p50", row->reserve_p50);
        cJSON_AddNumberToObject(item, "final_reserve_p5", row->reserve_p5);
        cJSON_AddNumberToObject(item, "worst_p_deficit", row->worst_p_deficit);
        cJSON_AddNumberToObject(item, "worst_p_deficit_year", row->worst_year);
        if (row->checkpoint2) cJSON_AddStringToObject(item, "checkpoint2", row->checkpoint2);
        else cJSON_AddNullToObject(item, "checkpoint2");
        cJSON_AddItemToArray(rows, item);
    }
    cJSON *failures = cJSON_AddArrayToObject(root, "failures");
    for (size_t i = 0; i < league->n_failures; i++)
        cJSON_AddItemToArray(failures, cJSON_CreateString(league->failures[i]));
    if (league->record) cJSON_AddItemToObject(root, "run_record", cs_run_record_json(league->record));
    return root;
}

/* Rows of one scenario, ranked by P(viable), highest first (ties by plan id). */
static int compare_rank(const void *a, const void *b)
{
    const cs_league_row *x = *(const cs_league_row *const *)a, *y = *(const cs_league_row *const *)b;
    if (x->p_viable != y->p_viable) return x->p_viable > y->p_viable ? -1 : 1;
    return strcmp(x->plan_id, y->plan_id);
}

static size_t scenario_rows(const cs_league *league, const char *scenario_id, const cs_league_row **out)
{
    size_t n = 0;
    for (size_t i = 0; i < league->n_rows; i++)
        if (strcmp(league->rows[i].scenario_id, scenario_id) == 0) out[n++] = &league->rows[i];
    qsort(out, n, sizeof *out, compare_rank);
    return n;
}

static int outcome_index(const char *name)
{
    for (int k = 0; k < 3; k++)
        if (name && strcmp(name, outcome_names[k]) == 0) return k;
    return -1;
}

/* Simulated verdicts against the real checkpoint 2 outcomes of ROWS. */
typedef struct agreement {
    int counts[3][3]; /* [simulated][real] */
    int agree, compared, harsher, milder;
} agreement;

static agreement agreement_of(const cs_league_row **rows, size_t n)
{
    agreement a = {{{0}}, 0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        int real = outcome_index(rows[i]->checkpoint2);
        if (real < 0) continue;
        a.counts[rows[i]->verdict][real]++;
        a.agree += (int)rows[i]->verdict == real;
        a.harsher += (int)rows[i]->verdict > real; /* proceed < rigorous < stopped */
        a.milder += (int)rows[i]->verdict < real;
        a.compared++;
    }
    return a;
}

static void agreement_sentence(FILE *out, const agreement *a)
{
    fprintf(out, "Agreement: %d of %d plans (%.0f%%). The simulated verdict is harsher than the real outcome for %d "
                 "plans and milder for %d.",
            a->agree, a->compared, a->compared ? 100.0 * a->agree / a->compared : 0.0, a->harsher, a->milder);
}

/* The column heads of the agreement matrix: the real outcomes as reported. */
static const char *const real_heads[] = {"real: proceed", "real: rigorous management", "real: stopped"};

/* The league's headline, from its own rows: how many plans reach each
** verdict under each scenario, the agreement with checkpoint 2 and its
** direction, and why, from the plans' prices and budgets.  Plain text,
** one paragraph per line. */
typedef struct headline {
    size_t plans;
    int counts[16][3], borderline[16];
    int agree_min, agree_max, compared, harsher, milder, proceed_total;
    int price_above_budget, priced;
    double budget_min, budget_max;
} headline;

static void headline_of(const cs_league *league, headline *h)
{
    memset(h, 0, sizeof *h);
    h->plans = league->n_scenarios ? league->n_rows / league->n_scenarios : 0;
    h->agree_min = INT32_MAX;
    h->budget_min = INFINITY, h->budget_max = -INFINITY;
    const cs_league_row **rows = malloc((league->n_rows ? league->n_rows : 1) * sizeof *rows);
    if (!rows) return;
    for (size_t s = 0; s < league->n_scenarios && s < 16; s++) {
        size_t n = scenario_rows(league, league->scenarios[s].id, rows);
        for (size_t i = 0; i < n; i++) {
            h->counts[s][rows[i]->verdict]++;
            h->borderline[s] += rows[i]->verdict_borderline;
            h->proceed_total += rows[i]->verdict == CS_VERDICT_PROCEED;
            if (s == 0 && isfinite(rows[i]->price_per_head)) {
                h->priced++;
                h->price_above_budget += rows[i]->price_per_head > rows[i]->support_budget;
                h->budget_min = fmin(h->budget_min, rows[i]->support_budget);
                h->budget_max = fmax(h->budget_max, rows[i]->support_budget);
            }
        }
        agreement a = agreement_of(rows, n);
        if (a.agree < h->agree_min) h->agree_min = a.agree;
        if (a.agree > h->agree_max) h->agree_max = a.agree;
        if (a.compared > h->compared) h->compared = a.compared;
        h->harsher += a.harsher;
        h->milder += a.milder;
    }
    free(rows);
    if (h->agree_min == INT32_MAX) h->agree_min = 0;
}

static void headline_write(FILE *out, const cs_league *league, const headline *h, const char *paragraph_end)
{
    if (!league->n_scenarios || !h->plans) return;
    if (h->proceed_total == 0)
        fputs("No plan reaches “proceed” under any scenario. ", out);
    for (size_t s = 0; s < league->n_scenarios && s < 16; s++) {
        fprintf(out, "%s scenario %s: %d proceed, %d proceed under rigorous management, %d stop", s ? "under" : "Under",
                league->scenarios[s].id, h->counts[s][0], h->counts[s][1], h->counts[s][2]);
        if (h->borderline[s]) fprintf(out, " (%d of them borderline)", h->borderline[s]);
        fputs(s + 1 < league->n_scenarios ? "; " : ".", out);
    }
    if (h->compared) {
        int differ = h->harsher + h->milder;
        fprintf(out, " The simulated verdicts agree with the real checkpoint 2 outcome for %d to %d of the %d plans "
                     "(%.0f%% to %.0f%%, by scenario)",
                h->agree_min, h->agree_max, h->compared, 100.0 * h->agree_min / h->compared,
                100.0 * h->agree_max / h->compared);
        if (differ && h->milder == 0) fputs("; where they differ, the simulation is always harsher than the board was.", out);
        else if (differ)
            fprintf(out, "; where they differ, the simulation is harsher in %d of %d cases and milder in %d.",
                    h->harsher, differ, h->milder);
        else fputc('.', out);
    }
    fputs(paragraph_end, out);
    fprintf(out, "Why: the plans are illustrative, made from public footprint facts by one rule, not the plans the "
                 "board read. ");
    if (h->priced)
        fprintf(out, "In %d of the %d plans the price per head is above what the CCGs have, on average, to buy "
                     "support with (the allowance per head less their mean in-house share: %s to %s); a CCG "
                     "pays at most its budget and is more likely to leave when the price is above it. And a CCG that "
                     "leaves takes its turnover at once while its staff are paid for a year more. ",
                h->price_above_budget, h->priced, CS_UNIT(CS_UNIT_PER_HEAD, h->budget_min),
                CS_UNIT(CS_UNIT_PER_HEAD, h->budget_max));
    fputs("The real sector went on to consolidate from 23 units to 5 by 2017.", out);
    fputs(paragraph_end, out);
}

static void markdown_scenario(FILE *out, const cs_scenario *scenario, const cs_league_row **rows, size_t n)
{
    fputs("## Scenario `", out);
    cs_markdown_code(out, scenario->id);
    fputs("`: ", out);
    cs_markdown_escape(out, scenario->name);
    fputs("\n\n", out);
    fprintf(out, "| rank | plan | population | CCGs | P(viable) | 95%% CI | verdict | reserve P50 | "
                 "reserve P5 | worst P(deficit) | real outcome at checkpoint 2 |\n");
    fprintf(out, "|---:|---|---:|---:|---:|---|---|---:|---:|---:|---|\n");
    for (size_t i = 0; i < n; i++) {
        const cs_league_row *row = rows[i];
        char year[16], words[64];
        cs_year_label(row->worst_year, year, sizeof year);
        cs_verdict_phrase(row->verdict, row->verdict_borderline, words, sizeof words);
        fprintf(out, "| %zu | ", i + 1);
        cs_markdown_escape(out, row->plan_name);
        fprintf(out, " | %sm | %zu | %s | %s–%s | %s | %s | %s | %s (%s) | %s |\n",
                cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, row->population / 1e6, 2), row->n_ccgs,
                CS_SHARE(row->p_viable), CS_SHARE(row->p_viable_lo), CS_SHARE(row->p_viable_hi), words,
                CS_MONEY(row->reserve_p50), CS_MONEY(row->reserve_p5), CS_SHARE(row->worst_p_deficit), year,
                cs_real_outcome_words(row->checkpoint2));
    }
    agreement a = agreement_of(rows, n);
    fprintf(out, "\nSimulated verdict (rows) against the real checkpoint 2 outcome (columns):\n\n");
    fprintf(out, "| simulated \\ real | %s | %s | %s |\n|---|---:|---:|---:|\n", real_heads[0], real_heads[1],
            real_heads[2]);
    for (int v = 0; v < 3; v++)
        fprintf(out, "| %s | %d | %d | %d |\n", cs_verdict_words_of((cs_verdict)v), a.counts[v][0], a.counts[v][1],
                a.counts[v][2]);
    fputc('\n', out);
    agreement_sentence(out, &a);
    fputs("\n\n", out);
}

/* Scenario S's simulated year-0 turnover and margin summed over the plans. */
static void sector_year0(const cs_league *league, size_t s, double *turnover, double *margin)
{
    *turnover = *margin = 0;
    for (size_t i = 0; i < league->n_rows; i++)
        if (strcmp(league->rows[i].scenario_id, league->scenarios[s].id) == 0) {
            *turnover += league->rows[i].turnover0_mean;
            *margin += league->rows[i].margin0_mean;
        }
}

void cs_league_markdown(FILE *out, const cs_league *league)
{
    size_t plans = league->n_scenarios ? league->n_rows / league->n_scenarios : 0;
    fprintf(out, "# cssim league: %zu plans x %zu scenarios\n\n", plans, league->n_scenarios);
    headline h;
    headline_of(league, &h);
    headline_write(out, league, &h, "\n\n");
    if (league->precision > 0)
        fprintf(out, "Trials per plan chosen for P(viable) to +-%.2g points (95%%) under every scenario (the runs' "
                     "`trials`), seed %llu, common random numbers across scenarios.\n",
                100 * league->precision, (unsigned long long)league->seed);
    else
        fprintf(out, "%zu trials per plan and scenario, seed %llu, common random numbers across scenarios.\n",
                league->trials, (unsigned long long)league->seed);
    fprintf(out, "The plans are illustrative, made from public footprint facts by one documented rule "
                 "(plans/README.md); no plan was tuned towards its real outcome, so the agreement tables "
                 "below are an honest check, whatever they show.\n\n");
    if (league->n_failures) {
        fprintf(out, "**%zu plan(s) or run(s) failed and were skipped:**\n\n", league->n_failures);
        for (size_t i = 0; i < league->n_failures; i++) {
            fputs("- `", out);
            cs_markdown_code(out, league->failures[i]);
            fputs("`\n", out);
        }
        fputc('\n', out);
    }
    fprintf(out, "## Sector check, year 0\n\nSimulated year-0 figures summed over the plans (means), beside "
                 "the real sector's 2013/14 (turnover £808m, surplus 5.6%%). The margin is a check, not a "
                 "target.\n\n");
    fprintf(out, "| scenario | turnover £m | margin £m | margin %% | real turnover £m | real margin %% |\n");
    fprintf(out, "|---|---:|---:|---:|---:|---:|\n");
    for (size_t s = 0; s < league->n_scenarios; s++) {
        double turnover, margin;
        sector_year0(league, s, &turnover, &margin);
        fprintf(out, "| %s | %.1f | %.1f | %.1f%% | %.0f | %.1f%% |\n", league->scenarios[s].id, turnover / 1e6,
                margin / 1e6, turnover > 0 ? 100 * margin / turnover : 0.0, SECTOR_TURNOVER_2013 / 1e6,
                100 * SECTOR_MARGIN_PCT_2013);
    }
    fputc('\n', out);
    const cs_league_row **rows = malloc((league->n_rows ? league->n_rows : 1) * sizeof *rows);
    if (!rows) return;
    for (size_t s = 0; s < league->n_scenarios; s++) {
        size_t n = scenario_rows(league, league->scenarios[s].id, rows);
        markdown_scenario(out, &league->scenarios[s], rows, n);
    }
    free(rows);
    if (league->record) cs_run_record_markdown(out, league->record);
}

static void write_markdown(FILE *out, const void *context) { cs_league_markdown(out, context); }

static void write_json(FILE *out, const void *context)
{
    cJSON *json = league_json(context);
    cs_output_print_json(out, json);
    cJSON_Delete(json);
}


/* The league chart of scenario S: every plan's P(viable) with its interval,
** ranked, marked by the real checkpoint 2 outcome. */
static int draw_league(const cs_league *league, size_t s, const cs_league_row **rows, size_t n, const char *dir,
                       cs_error *err)
{
    const char **labels = malloc((n ? n : 1) * sizeof *labels);
    double *figures = malloc(3 * (n ? n : 1) * sizeof *figures);
    int *category = malloc((n ? n : 1) * sizeof *category);
    int rc = labels && figures && category ? CS_OK : cs_error_fail(err, NULL, "out of memory");
    size_t categories = 3; /* a fourth, "unknown", only when a plan has no recorded outcome */
    for (size_t i = 0; !rc && i < n; i++) {
        labels[i] = rows[i]->plan_name;
        figures[i] = rows[i]->p_viable;
        figures[n + i] = rows[i]->p_viable_lo;
        figures[2 * n + i] = rows[i]->p_viable_hi;
        int real = outcome_index(rows[i]->checkpoint2);
        category[i] = real < 0 ? 3 : real;
        if (real < 0) categories = 4;
    }
    if (!rc) {
        char title[300], stem[1024];
        snprintf(title, sizeof title, "P(viable) of every plan under %s", league->scenarios[s].id);
        snprintf(stem, sizeof stem, "%s/league-%s", dir, league->scenarios[s].id);
        const char *names[] = {"real outcome: proceed", "real outcome: rigorous management", "real outcome: stopped",
                               "real outcome: unknown"};
        double thresholds[2] = {0, 0};
        char rigorous[96] = "", proceed[96] = "";
        const char *at_labels[] = {rigorous, proceed};
        size_t references = 0;
        if (n) { /* the plans' thresholds (the same for every illustrative plan) */
            thresholds[0] = rows[0]->rigorous_at;
            thresholds[1] = rows[0]->proceed_at;
            cs_threshold_words("rigorous_at", thresholds[0], rigorous, sizeof rigorous);
            cs_threshold_words("proceed_at", thresholds[1], proceed, sizeof proceed);
            references = 2;
        }
        cs_chart_intervals chart = {title, "P(viable): the dot is the estimate, the bar its 95% interval", 0, 1, n,
                                    labels, figures, figures + n, figures + 2 * n, category, categories, names,
                                    references, thresholds, at_labels, 1};
        rc = cs_chart_draw_intervals(&chart, stem, err);
    }
    free(labels);
    free(figures);
    free(category);
    return rc;
}

typedef struct league_page {
    const cs_league *league;
    const char *dir;
    int failed;
    cs_error err;
} league_page;

static void html_scenario(FILE *out, league_page *page, size_t s, const cs_league_row **rows, size_t n)
{
    const cs_league *league = page->league;
    const cs_scenario *scenario = &league->scenarios[s];
    fputs("<h2>Scenario ", out);
    cs_html_escape(out, scenario->id);
    fputs(": ", out);
    cs_html_escape(out, scenario->name ? scenario->name : "");
    fputs("</h2>\n", out);
    char stem[300], alt[400];
    snprintf(stem, sizeof stem, "league-%s", scenario->id);
    snprintf(alt, sizeof alt, "P(viable) of every plan under scenario %s, ranked", scenario->id);
    if (!page->failed &&
        cs_html_figure(out, page->dir, stem, alt, "P(viable) with its 95% interval, ranked; the colour and the "
                                                  "marker are the plan's real checkpoint 2 outcome.", &page->err) != CS_OK)
        page->failed = 1;
    fputs("<table class=\"wide\">\n<thead><tr><th>rank</th><th class=\"text\">plan</th><th>population</th><th>CCGs</th>"
          "<th>P(viable)</th><th>95% interval</th><th class=\"text\">verdict</th><th>reserve P50</th>"
          "<th>reserve P5</th><th>worst P(deficit)</th><th class=\"text\">real outcome at checkpoint 2</th></tr>"
          "</thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const cs_league_row *row = rows[i];
        char year[16], words[64];
        cs_year_label(row->worst_year, year, sizeof year);
        cs_verdict_phrase(row->verdict, row->verdict_borderline, words, sizeof words);
        fprintf(out, "<tr><td>%zu</td><td class=\"text\">", i + 1);
        if (league->reports) {
            fputs("<a href=\"reports/", out);
            cs_html_escape(out, row->plan_id);
            fputs("/index.html\">", out);
        }
        cs_html_escape(out, row->plan_name);
        if (league->reports) fputs("</a>", out);
        fprintf(out, "</td><td>%sm</td><td>%zu</td><td>%s</td><td>%s–%s</td><td class=\"text\">%s</td><td>%s</td>"
                     "<td>%s</td><td>%s<br>(%s)</td><td class=\"text\">",
                cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, row->population / 1e6, 2), row->n_ccgs,
                CS_SHARE(row->p_viable), CS_SHARE(row->p_viable_lo), CS_SHARE(row->p_viable_hi), words,
                CS_MONEY(row->reserve_p50), CS_MONEY(row->reserve_p5), CS_SHARE(row->worst_p_deficit), year);
        cs_html_escape(out, cs_real_outcome_words(row->checkpoint2));
        fputs("</td></tr>\n", out);
    }
    agreement a = agreement_of(rows, n);
    fprintf(out, "</tbody>\n</table>\n<table>\n<thead><tr><th>simulated \\ real</th><th>%s</th><th>%s</th><th>%s</th>"
                 "</tr></thead>\n<tbody>\n",
            real_heads[0], real_heads[1], real_heads[2]);
    for (int v = 0; v < 3; v++)
        fprintf(out, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td></tr>\n", cs_verdict_words_of((cs_verdict)v),
                a.counts[v][0], a.counts[v][1], a.counts[v][2]);
    fputs("</tbody>\n</table>\n<p>", out);
    agreement_sentence(out, &a);
    fputs("</p>\n", out);
}

static void write_html(FILE *out, const void *context)
{
    league_page *page = (league_page *)context;
    const cs_league *league = page->league;
    size_t plans = league->n_scenarios ? league->n_rows / league->n_scenarios : 0;
    cs_html_begin(out, "cssim league");
    fprintf(out, "<h1>cssim league: %zu plans under %zu scenarios</h1>\n<p class=\"answer\">", plans,
            league->n_scenarios);
    headline h;
    headline_of(league, &h);
    headline_write(out, league, &h, "</p>\n<p>");
    fputs("The league is a check of the method, not a verdict on the real plans.</p>\n<p class=\"note\">", out);
    if (league->precision > 0) fprintf(out, "Trials chosen for P(viable) to ±%.2g points", 100 * league->precision);
    else fprintf(out, "%zu trials per plan and scenario", league->trials);
    fprintf(out, ", seed %llu, common random numbers across scenarios. The plans are illustrative, made from public "
                 "footprint facts by one documented rule; no plan was tuned towards its real outcome, so the "
                 "agreement tables are an honest check, whatever they show.%s</p>\n",
            (unsigned long long)league->seed, league->reports ? " Each plan's name links to its report." : "");
    for (size_t i = 0; i < league->n_failures; i++) cs_html_element(out, "p", league->failures[i]);
    fputs("<h2>Sector check, year 0</h2>\n<table>\n<tr><th>scenario</th><th>turnover £m</th><th>margin £m</th>"
          "<th>margin %</th><th>real turnover £m</th><th>real margin %</th></tr>\n",
          out);
    for (size_t s = 0; s < league->n_scenarios; s++) {
        double turnover, margin;
        sector_year0(league, s, &turnover, &margin);
        fputs("<tr><td>", out);
        cs_html_escape(out, league->scenarios[s].id);
        fprintf(out, "</td><td>%.1f</td><td>%.1f</td><td>%.1f%%</td><td>%.0f</td><td>%.1f%%</td></tr>\n",
                turnover / 1e6, margin / 1e6, turnover > 0 ? 100 * margin / turnover : 0.0,
                SECTOR_TURNOVER_2013 / 1e6, 100 * SECTOR_MARGIN_PCT_2013);
    }
    fputs("</table>\n", out);
    const cs_league_row **rows = malloc((league->n_rows ? league->n_rows : 1) * sizeof *rows);
    for (size_t s = 0; rows && s < league->n_scenarios; s++) {
        size_t n = scenario_rows(league, league->scenarios[s].id, rows);
        html_scenario(out, page, s, rows, n);
    }
    free(rows);
    if (league->record) cs_html_run_record(out, league->record, "How this page was made");
    cs_html_end(out);
}

/* index.html and its charts. */
static int write_league_page(const cs_league *league, const char *out_dir, cs_error *err)
{
    const cs_league_row **rows = malloc((league->n_rows ? league->n_rows : 1) * sizeof *rows);
    if (!rows) return cs_error_fail(err, out_dir, "out of memory");
    int rc = CS_OK;
    for (size_t s = 0; !rc && s < league->n_scenarios; s++) {
        size_t n = scenario_rows(league, league->scenarios[s].id, rows);
        rc = draw_league(league, s, rows, n, out_dir, err);
    }
    free(rows);
    if (rc) return rc;
    char path[1024];
    snprintf(path, sizeof path, "%s/index.html", out_dir);
    league_page page = {.league = league, .dir = out_dir};
    cs_error_clear(&page.err);
    rc = cs_output_write(path, write_html, &page, err);
    if (!rc && page.failed) {
        *err = page.err;
        rc = CS_ERR_FAIL;
    }
    return rc;
}

int cs_league_write(const cs_league *league, const char *out_dir, cs_error *err)
{
    static const struct {
        const char *name;
        void (*write)(FILE *, const void *);
    } files[] = {{"league.csv", write_csv}, {"league.json", write_json}, {"league.md", write_markdown}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", out_dir, files[i].name);
        int rc = cs_output_write(path, files[i].write, league, err);
        if (rc) return rc;
    }
    return write_league_page(league, out_dir, err);
}
