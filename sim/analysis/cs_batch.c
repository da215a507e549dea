/*
** cs_batch.c: running every plan under every scenario.
*/
#include "cs_batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_json.h"
#include "cs_precision.h"
#include "cs_progress.h"

void cs_league_free(cs_league *league)
{
    for (size_t i = 0; i < league->n_rows; i++) {
        cs_league_row *row = &league->rows[i];
        free(row->plan_id);
        free(row->plan_name);
        free(row->scenario_id);
        free(row->checkpoint2);
    }
    free(league->rows);
    for (size_t i = 0; i < league->n_failures; i++) free(league->failures[i]);
    free(league->failures);
    memset(league, 0, sizeof *league);
}

static int record_failure(cs_league *league, const cs_error *failure, cs_error *err)
{
    char text[2048];
    cs_error_format(failure, text, sizeof text);
    fprintf(stderr, "\ncssim batch: skipped: %s\n", text);
    char **bigger = realloc(league->failures, (league->n_failures + 1) * sizeof *bigger);
    if (!bigger) return cs_error_fail(err, NULL, "out of memory");
    league->failures = bigger;
    league->failures[league->n_failures] = cs_strdup(text);
    if (!league->failures[league->n_failures]) return cs_error_fail(err, NULL, "out of memory");
    league->n_failures++;
    return CS_OK;
}

static int add_row(cs_league *league, const cs_summary *summary, const cs_plan *plan, cs_error *err)
{
    cs_league_row *bigger = realloc(league->rows, (league->n_rows + 1) * sizeof *bigger);
    if (!bigger) return cs_error_fail(err, NULL, "out of memory");
    league->rows = bigger;
    cs_league_row *row = &league->rows[league->n_rows];
    memset(row, 0, sizeof *row);
    row->plan_id = cs_strdup(summary->plan_id);
    row->plan_name = cs_strdup(summary->plan_name);
    row->scenario_id = cs_strdup(summary->scenario_id);
    row->checkpoint2 = summary->checkpoint2 ? cs_strdup(summary->checkpoint2) : NULL;
    league->n_rows++;
    if (!row->plan_id || !row->plan_name || !row->scenario_id || (summary->checkpoint2 && !row->checkpoint2))
        return cs_error_fail(err, NULL, "out of memory");
    row->trials = summary->trials;
    row->population = summary->population;
    row->n_ccgs = summary->n_ccgs;
    row->p_viable = summary->p_viable;
    row->p_viable_lo = summary->p_viable_lo;
    row->p_viable_hi = summary->p_viable_hi;
    row->verdict = summary->verdict;
    row->verdict_borderline = summary->verdict_borderline;
    row->proceed_at = summary->criteria.proceed_at;
    row->rigorous_at = summary->criteria.rigorous_at;
    row->reserve_p50 = summary->final_reserve.p50;
    row->reserve_p5 = summary->final_reserve.p5;
    row->worst_p_deficit = -1;
    for (int t = 0; t < summary->years; t++)
        if (summary->year[t].p_deficit > row->worst_p_deficit) {
            row->worst_p_deficit = summary->year[t].p_deficit;
            row->worst_year = summary->year[t].year;
        }
    row->turnover0_mean = summary->year[0].turnover.mean;
    row->margin0_mean = summary->year[0].margin.mean;
    row->price_per_head = plan->price_per_head ? plan->price_per_head[0] : NAN;
    row->support_budget = plan->envelope_per_head * (1 - cs_dist_mean(&plan->in_house_share));
    return CS_OK;
}

/* Run one plan under one scenario, hand the result to the command and add its row. */
static int run_one(const cs_plan *plan, const cs_scenario *scenario, const cs_run_options *options,
                   const cs_batch_hooks *hooks, cs_league *league, cs_error *failure, cs_error *err)
{
    cs_plan adjusted;
    cs_run_data data;
    cs_summary summary;
    if (cs_scenario_apply(scenario, plan, &adjusted, failure) != CS_OK) return record_failure(league, failure, err);
    int rc = cs_run_and_summarise(&adjusted, scenario->id, options, &data, &summary, err);
    cs_plan_free(&adjusted);
    if (rc) return rc;
    cs_run_data_free(&data);
    if (hooks && hooks->run_done) rc = hooks->run_done(hooks->context, plan, scenario, options, &summary, err);
    if (!rc) rc = add_row(league, &summary, plan, err);
    cs_summary_free(&summary);
    return rc;
}

static int seen_id(const cs_league *league, const char *id)
{
    for (size_t i = 0; i < league->n_rows; i++)
        if (strcmp(league->rows[i].plan_id, id) == 0) return 1;
    return 0;
}

/* The trials PLAN needs under every scenario for the precision (scenarios
** that cannot be applied are left to fail in their run). */
static int precision_trials(const cs_plan *plan, const cs_scenario *scenarios, size_t n_scenarios,
                            const cs_run_options *options, double precision, size_t *trials, cs_error *err)
{
    cs_plan *adjusted = calloc(n_scenarios, sizeof *adjusted);
    const cs_plan **plans = calloc(n_scenarios, sizeof *plans);
    size_t n = 0;
    int rc = adjusted && plans ? CS_OK : cs_error_fail(err, plan->file, "out of memory");
    for (size_t s = 0; s < n_scenarios && !rc; s++) {
        cs_error ignored;
        if (cs_scenario_apply(&scenarios[s], plan, &adjusted[n], &ignored) == CS_OK) {
            plans[n] = &adjusted[n];
            n++;
        }
    }
    int reached;
    *trials = options->trials;
    if (!rc && n > 0) rc = cs_precision_trials(plans, n, 0, options, precision, trials, &reached, err);
    for (size_t s = 0; s < n; s++) cs_plan_free(&adjusted[s]);
    free(adjusted);
    free(plans);
    return rc;
}

int cs_batch_run(const char *plans_dir, const cs_scenario *scenarios, size_t n_scenarios,
                 const cs_run_options *options, double precision, const cs_batch_hooks *hooks, cs_league *league,
                 cs_error *err)
{
    memset(league, 0, sizeof *league);
    league->precision = precision;
    league->trials = options->trials;
    league->seed = options->seed;
    league->scenarios = scenarios;
    league->n_scenarios = n_scenarios;
    char **files;
    size_t n_files;
    int rc = cs_list_json_files(plans_dir, &files, &n_files, err);
    if (rc) return rc;
    if (n_files == 0) rc = cs_error_input(err, plans_dir, NULL, "no plan files (*.json) in this directory");
    else if (hooks && hooks->start) rc = hooks->start(hooks->context, err);

    double started = cs_clock_seconds();
    cs_progress own, *progress = options->progress ? options->progress : &own;
    if (!options->progress) cs_progress_start(&own, n_files * n_scenarios);
    size_t done = 0;
    for (size_t f = 0; f < n_files && !rc; f++) {
        cs_plan plan;
        cs_error failure;
        cs_error_clear(&failure);
        if (cs_plan_load(&plan, files[f], &failure) == CS_OK && seen_id(league, plan.id))
            cs_error_input(&failure, files[f], "id", "plan id '%s' is used by another plan in this batch", plan.id);
        int loaded = failure.code == CS_OK;
        if (loaded && hooks && hooks->plan_loaded) rc = hooks->plan_loaded(hooks->context, &plan, files[f], err);
        if (!loaded) {
            rc = record_failure(league, &failure, err);
            done += n_scenarios;
        }
        cs_run_options plan_options = *options;
        if (!rc && loaded && precision > 0)
            rc = precision_trials(&plan, scenarios, n_scenarios, options, precision, &plan_options.trials, err);
        for (size_t s = 0; s < n_scenarios && !rc && loaded; s++) {
            char label[160];
            snprintf(label, sizeof label, "%s under %s", plan.name, scenarios[s].id);
            cs_progress_update(progress, done, done * options->trials, label);
            rc = run_one(&plan, &scenarios[s], &plan_options, hooks, league, &failure, err);
            done++;
        }
        cs_plan_free(&plan);
    }
    if (!options->progress) {
        cs_progress_update(&own, done, done * options->trials, "");
        cs_progress_finish(&own);
    }
    league->seconds = cs_clock_seconds() - started;
    for (size_t f = 0; f < n_files; f++) free(files[f]);
    free(files);
    if (rc) cs_league_free(league);
    return rc;
}
