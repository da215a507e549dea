/*
** cs_cli_batch.c: `cssim batch [PLANS_DIR]`: every plan under every scenario
** and the league table.  The main job.
*/
#include <getopt.h>
#include <stdio.h>

#include "cs_batch.h"
#include "cs_assess.h"
#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_json.h"
#include "cs_output.h"
#include "cs_progress.h"
#include "cs_report.h"
#include "cs_xlsx.h"

static const char batch_help[] =
    "Usage: cssim batch [PLANS_DIR] [--scenarios DIR] [--trials N] [--seed S] [--threads T]\n"
    "                   [--sampling random|lhs] [--reports] [--out DIR]\n"
    "\n"
    "Run every plan in PLANS_DIR (default plans/) under every scenario in --scenarios\n"
    "(default scenarios/) on common random numbers, and write into --out (default out/):\n"
    "  league.csv, league.json  one row per plan x scenario: population, CCGs, P(viable) and\n"
    "                           interval, verdict, final reserve P50 and P5, the worst year's\n"
    "                           P(deficit), and the real checkpoint 2 outcome\n"
    "  league.md                a table per scenario ranked by P(viable), the year-0 sector\n"
    "                           check, and simulated verdicts against checkpoint 2\n"
    "  league.xlsx              the league as an Excel workbook: a row per plan and scenario, and\n"
    "                           P(viable) by plan and scenario with its native chart\n"
    "  runs/PLAN.SCENARIO.json  each full result (as `cssim run --format json`)\n"
    "  index.html               one self-contained page: the league as a chart per scenario\n"
    "                           (marked by the real checkpoint 2 outcome), the tables, the\n"
    "                           agreement and the sector check; each chart also as PNG and SVG\n"
    "  reports/PLAN/index.html  with --reports: each plan's assessor's report (cssim report),\n"
    "                           linked from index.html\n"
    "A plan that fails to load is reported, skipped, and the rest still run; the exit status\n"
    "is then 2.  The batch is one transaction: it is written into a staging directory beside\n"
    "--out and swapped into place when complete, so --out holds the previous batch until the\n"
    "new one is done; SIGINT or SIGTERM stops it and leaves --out untouched (exit 130 or 143).\n"
    "--out must be new, empty, or cssim's own unchanged output: every file listed in its\n"
    "\".cssim-manifest\" with the same SHA-256; else the batch refuses before it runs.\n"
    "A progress bar shows on a terminal.\n"
    "\n"
    "  -S, --scenarios DIR  scenario directory (default scenarios/)\n"
    "  -o, --out DIR        output directory (default out/)\n"
    "  --reports            also write each plan's report (about 1.5 s a plan)\n";

/* The record of one run file: the `cssim run` that reproduces it. */
static int record_run(cs_run_record *record, const cs_plan *plan, const cs_scenario *scenario,
                      const cs_run_options *options, cs_error *err)
{
    char number[32];
    if (cs_run_record_init(record, "run", options->seed, options->trials) != CS_OK)
        return cs_error_fail(err, NULL, "out of memory");
    int failed = cs_run_record_arg(record, plan->file) | cs_run_record_arg(record, "--scenario") |
                 cs_run_record_arg(record, scenario->file);
    snprintf(number, sizeof number, "%zu", options->trials);
    failed |= cs_run_record_arg(record, "--trials") | cs_run_record_arg(record, number);
    snprintf(number, sizeof number, "%llu", (unsigned long long)options->seed);
    failed |= cs_run_record_arg(record, "--seed") | cs_run_record_arg(record, number);
    int rc = failed ? cs_error_fail(err, NULL, "out of memory") : CS_OK;
    if (!rc) rc = cs_run_record_input(record, "plan", plan->id, plan->file, err);
    if (!rc) rc = cs_run_record_input(record, "scenario", scenario->id, scenario->file, err);
    if (rc) cs_run_record_free(record);
    return rc;
}

/* What the batch's hooks need: where runs/ goes and the batch's record. */
typedef struct batch_writer {
    const char *out_dir;
    cs_run_record *record;
} batch_writer;

static int batch_start(void *context, cs_error *err)
{
    const batch_writer *writer = context;
    char runs_dir[1024];
    snprintf(runs_dir, sizeof runs_dir, "%s/runs", writer->out_dir);
    return cs_output_mkdir(runs_dir, err);
}

/* Every plan loaded is added to the batch's record. */
static int batch_plan_loaded(void *context, const cs_plan *plan, const char *file, cs_error *err)
{
    const batch_writer *writer = context;
    return cs_run_record_input(writer->record, "plan", plan->id, file, err);
}

/* Each run's file, runs/PLAN.SCENARIO.json, carries its own record: the
** `cssim run` that reproduces it. */
static int batch_run_done(void *context, const cs_plan *plan, const cs_scenario *scenario,
                          const cs_run_options *options, const cs_summary *summary, cs_error *err)
{
    const batch_writer *writer = context;
    char path[1024];
    snprintf(path, sizeof path, "%s/runs/%s.%s.json", writer->out_dir, plan->id, scenario->id);
    cs_run_record record;
    int rc = record_run(&record, plan, scenario, options, err);
    if (!rc) {
        cJSON *json = cs_summary_json(summary);
        cJSON_AddItemToObject(json, "run_record", cs_run_record_json(&record));
        rc = cs_output_json(path, json, err);
        cJSON_Delete(json);
        cs_run_record_free(&record);
    }
    return rc;
}

/* A report's work in units of one batch run (a plan under a scenario): its
** scenario runs and its analyses (the drivers, the price sweep and the
** stress test: about 200 runs of the analysis trials), so that one bar
** covers the batch and its reports. */
static size_t report_units(size_t n_scenarios, size_t trials)
{
    size_t analysis = 200 * (size_t)CS_CLI_ANALYSIS_TRIALS / (trials ? trials : 1);
    return n_scenarios + (analysis ? analysis : 1);
}

/* Each plan's report (cssim report) into DIR/reports/PLAN_ID/, advancing
** PROGRESS from unit FIRST. */
static int write_reports(const char *plans_dir, cs_scenario *scenarios, size_t n_scenarios, const cs_cli_common *common,
                         const char *dir, cs_progress *progress, size_t first, cs_error *err)
{
    char **files = NULL;
    size_t n_files = 0;
    char reports_dir[1100];
    snprintf(reports_dir, sizeof reports_dir, "%s/reports", dir);
    int rc = cs_list_json_files(plans_dir, &files, &n_files, err);
    if (!rc) rc = cs_output_mkdir(reports_dir, err);
    cs_run_options run = cs_cli_run_options(common);
    run.quiet = 1; /* one bar for the batch and all the reports, not one per analysis */
    size_t units = report_units(n_scenarios, run.trials);
    for (size_t f = 0; !rc && f < n_files; f++) {
        cs_plan plan;
        cs_error ignored; /* a plan that does not load is already among the batch's failures */
        if (cs_plan_load(&plan, files[f], &ignored) != CS_OK) continue;
        char label[200];
        snprintf(label, sizeof label, "report: %s", plan.name);
        cs_progress_update(progress, first + f * units, (first + f * units) * run.trials, label);
        char out[1400];
        snprintf(out, sizeof out, "%s/%s", reports_dir, plan.id);
        cs_run_record record;
        char *args[] = {files[f], "--scenarios", (char *)common->scenarios_dir};
        char *args_analysis[] = {args[0], args[1], args[2], "--analysis-trials", CS_CLI_ANALYSIS_TRIALS_TEXT};
        int recorded = cs_cli_record_init(&record, "report", common, args_analysis, 5) == CS_OK;
        rc = recorded ? cs_run_record_input(&record, "plan", plan.id, files[f], err) : cs_error_fail(err, NULL, "out of memory");
        for (size_t s = 0; !rc && s < n_scenarios; s++)
            rc = cs_run_record_input(&record, "scenario", scenarios[s].id, scenarios[s].file, err);
        cs_assessment assessment;
        if (!rc) rc = cs_output_mkdir(out, err);
        if (!rc && !(rc = cs_assess_run(&plan, scenarios, n_scenarios, &run, CS_CLI_ANALYSIS_TRIALS, NULL,
                                        &assessment, err))) {
            rc = cs_plan_report_write(&assessment, &record, "../../index.html", out, err);
            cs_assessment_free(&assessment);
        }
        if (recorded) cs_run_record_free(&record);
        cs_plan_free(&plan);
    }
    if (!rc) cs_progress_update(progress, first + n_files * units, (first + n_files * units) * run.trials, "");
    for (size_t f = 0; f < n_files; f++) free(files[f]);
    free(files);
    return rc;
}

int cs_cli_batch(int argc, char **argv, cs_cli_shared *shared)
{
    static const struct option options[] = {
        {"trials", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'},
        {"out", required_argument, NULL, 'o'},
        {"scenarios", required_argument, NULL, 'S'},
        CS_CLI_PRECISION_OPTION,
        CS_CLI_SAMPLING_OPTION,
        {"reports", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    cs_cli_common common;
    cs_cli_common_init(&common, shared);
    common.out = "out";
    int reports = 0;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":n:s:j:o:S:h", options, NULL)) != -1;) {
        if (option == ':' || option == '?') return cs_cli_bad_option("batch", option, argv);
        if (option == 'R') {
            reports = 1;
            continue;
        }
        if (option == 'h') {
            printf("%s%s\nOptions shared with run and compare:\n%s%s", batch_help, cs_cli_sampling_help,
                   cs_cli_common_help, cs_cli_precision_help);
            return 0;
        }
        int handled = cs_cli_common_option("batch", option, optarg, &common);
        if (handled < 0) return 2;
        if (!handled) return cs_cli_bad_option("batch", '?', argv);
    }
    if (argc - optind > 1) return cs_cli_usage_error("batch", "expected at most one plans directory");
    if (cs_cli_check_precision("batch", &common)) return 2;
    const char *plans_dir = optind < argc ? argv[optind] : NULL;
    char plans_found[4096];
    int status;
    if (!plans_dir && (status = cs_cli_default_dir("batch", "plans", "name the plans directory: cssim batch DIR",
                                                   plans_found, sizeof plans_found,
                                                   &plans_dir)))
        return status;
    if (!common.scenarios_dir &&
        (status = cs_cli_default_dir("batch", "scenarios", "give --scenarios DIR", common.scenarios_found,
                                     sizeof common.scenarios_found, &common.scenarios_dir)))
        return status;

    cs_cli_paths paths;
    cs_cli_paths_init(&paths);
    cs_cli_paths_input_dir(&paths, plans_dir, "the plans directory");
    cs_cli_paths_input_dir(&paths, common.scenarios_dir, "--scenarios");
    cs_cli_paths_output_dir(&paths, common.out, "--out");
    if ((status = cs_cli_paths_check("batch", &paths))) return status;
    double started = cs_clock_seconds();
    cs_error err;
    cs_error_clear(&err);
    cs_scenario *scenarios;
    size_t n_scenarios;
    if (cs_scenario_load_dir(common.scenarios_dir, &scenarios, &n_scenarios, &err) != CS_OK)
        return cs_cli_report_error(&err);
    /* Everything is written into a staging directory and swapped into
    ** place at the end: the output directory holds the previous batch
    ** until this one is complete, and an interrupted batch leaves it as it was. */
    cs_output_dir staging;
    if (cs_output_dir_open(&staging, common.out, "--out", &err) != CS_OK) {
        cs_scenario_list_free(scenarios, n_scenarios);
        return cs_cli_report_error(&err);
    }
    cs_run_options run = cs_cli_run_options(&common);
    cs_league league;
    cs_run_record record;
    char *dir_args[] = {(char *)plans_dir, "--scenarios", (char *)common.scenarios_dir};
    int rc = cs_cli_record_init(&record, "batch", &common, dir_args, 3) ? cs_error_fail(&err, NULL, "out of memory")
                                                                       : CS_OK;
    for (size_t s = 0; s < n_scenarios && !rc; s++)
        rc = cs_run_record_input(&record, "scenario", scenarios[s].id, scenarios[s].file, &err);
    /* With --reports, one bar for the runs and the reports: the plans are counted first. */
    cs_progress progress;
    size_t n_plans = 0;
    if (!rc && reports) {
        char **files = NULL;
        rc = cs_list_json_files(plans_dir, &files, &n_plans, &err);
        for (size_t f = 0; f < n_plans; f++) free(files[f]);
        free(files);
        cs_progress_start(&progress, n_plans * (n_scenarios + report_units(n_scenarios, run.trials)));
        progress.units_are_runs = 0; /* a report's units are estimates of its work, not runs */
        run.progress = &progress;
    }
    batch_writer writer = {staging.staging, &record};
    const cs_batch_hooks hooks = {&writer, batch_start, batch_plan_loaded, batch_run_done};
    if (!rc) rc = cs_batch_run(plans_dir, scenarios, n_scenarios, &run, common.precision, &hooks, &league, &err);
    if (!rc) league.record = &record;
    if (!rc && reports) {
        rc = write_reports(plans_dir, scenarios, n_scenarios, &common, staging.staging, &progress,
                           n_plans * n_scenarios, &err);
        cs_progress_finish(&progress);
        league.reports = rc == CS_OK;
        if (rc) cs_league_free(&league);
    }
    if (!rc) {
        rc = cs_league_write(&league, staging.staging, &err);
        if (!rc) rc = cs_xlsx_league_write(&league, staging.staging, &err);
        if (rc) cs_league_free(&league);
    }
    if (!rc) {
        cJSON *record_json = cs_run_record_json(&record);
        rc = cs_output_dir_commit(&staging, record_json, &err);
        cJSON_Delete(record_json);
        if (rc) cs_league_free(&league);
    } else cs_output_dir_discard(&staging);
    if (rc) status = cs_cli_report_error(&err);
    else {
        char trials[64];
        if (common.precision > 0) snprintf(trials, sizeof trials, "trials chosen for +-%s", CS_NUM(common.precision));
        else snprintf(trials, sizeof trials, "%zu trials", league.trials);
        double seconds = cs_clock_seconds() - started;
        char reports_time[64] = "";
        if (reports) snprintf(reports_time, sizeof reports_time, ", the reports %.1f s", seconds - league.seconds);
        fprintf(stderr, "cssim batch: done in %.1f s (%zu runs of %s %.1f s%s); wrote %s/index.html, league.md, "
                        "league.xlsx, league.csv, league.json and runs/%s\n",
                seconds, league.n_rows, trials, league.seconds, reports_time, common.out,
                reports ? " and reports/" : "");
        status = league.n_failures ? 2 : 0;
        if (league.n_failures) fprintf(stderr, "cssim batch: %zu plan(s) or run(s) failed; see above\n", league.n_failures);
    }
    if (!rc) cs_league_free(&league);
    cs_run_record_free(&record);
    cs_scenario_list_free(scenarios, n_scenarios);
    return status;
}
