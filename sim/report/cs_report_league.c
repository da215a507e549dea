/*
** cs_report_league.c: the batch's league table as CSV, JSON and markdown.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_batch.h"
#include "cs_escape.h"
#include "cs_output.h"
#include "cs_report.h"
#include "cs_run_record.h"

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

static void markdown_scenario(FILE *out, const cs_scenario *scenario, const cs_league_row **rows, size_t n)
{
    fputs("## Scenario `", out);
    cs_markdown_code(out, scenario->id);
    fputs("`: ", out);
    cs_markdown_escape(out, scenario->name);
    fputs("\n\n", out);
    fprintf(out, "| rank | plan | population | CCGs | P(viable) | 95%% CI | verdict | reserve P50 £m | "
                 "reserve P5 £m | worst P(deficit) | checkpoint 2 |\n");
    fprintf(out, "|---:|---|---:|---:|---:|---|---|---:|---:|---:|---|\n");
    for (size_t i = 0; i < n; i++) {
        const cs_league_row *row = rows[i];
        char year[16];
        cs_year_label(row->worst_year, year, sizeof year);
        fprintf(out, "| %zu | ", i + 1);
        cs_markdown_escape(out, row->plan_name);
        fprintf(out, " | %.2fm | %zu | %.1f%% | %.1f–%.1f%% | %s%s | %.2f | %.2f | %.1f%% (%s) | %s |\n",
                row->population / 1e6, row->n_ccgs, 100 * row->p_viable,
                100 * row->p_viable_lo, 100 * row->p_viable_hi, cs_verdict_name(row->verdict),
                row->verdict_borderline ? " (borderline)" : "",
                row->reserve_p50 / 1e6, row->reserve_p5 / 1e6, 100 * row->worst_p_deficit, year,
                row->checkpoint2 ? row->checkpoint2 : "–");
    }
    int counts[3][3] = {{0}};
    int agree = 0, compared = 0, harsher = 0, milder = 0;
    for (size_t i = 0; i < n; i++) {
        int real = outcome_index(rows[i]->checkpoint2);
        if (real < 0) continue;
        counts[rows[i]->verdict][real]++;
        agree += (int)rows[i]->verdict == real;
        harsher += (int)rows[i]->verdict > real; /* proceed < rigorous < stopped */
        milder += (int)rows[i]->verdict < real;
        compared++;
    }
    fprintf(out, "\nSimulated verdict (rows) against the real checkpoint 2 outcome (columns):\n\n");
    fprintf(out, "| simulated \\ real | proceed | rigorous | stopped |\n|---|---:|---:|---:|\n");
    for (int v = 0; v < 3; v++)
        fprintf(out, "| %s | %d | %d | %d |\n", outcome_names[v], counts[v][0], counts[v][1], counts[v][2]);
    fprintf(out, "\nAgreement: %d of %d plans (%.0f%%). The simulated verdict is harsher than the real "
                 "outcome for %d plans and milder for %d.\n\n",
            agree, compared, compared ? 100.0 * agree / compared : 0.0, harsher, milder);
}

void cs_league_markdown(FILE *out, const cs_league *league)
{
    size_t plans = league->n_scenarios ? league->n_rows / league->n_scenarios : 0;
    fprintf(out, "# cssim league: %zu plans x %zu scenarios\n\n", plans, league->n_scenarios);
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
        double turnover = 0, margin = 0;
        for (size_t i = 0; i < league->n_rows; i++)
            if (strcmp(league->rows[i].scenario_id, league->scenarios[s].id) == 0) {
                turnover += league->rows[i].turnover0_mean;
                margin += league->rows[i].margin0_mean;
            }
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
    return CS_OK;
}
