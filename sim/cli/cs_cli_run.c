/*
** cs_cli_run.c: `cssim run PLAN.json`: one plan, optionally under one
** scenario, reported as text, JSON or CSV.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_output.h"
#include "cs_scenario.h"
#include "cs_summary.h"
#include "cs_trials_csv.h"
#include "cs_xlsx.h"

static const char run_help[] =
    "Usage: cssim run PLAN.json [--scenario FILE] [--trials N] [--seed S] [--threads T]\n"
    "                 [--sampling random|lhs] [--set PATH=VALUE]... [--trials-out FILE.csv]\n"
    "                 [--format text|json|csv|xlsx] [--out FILE]\n"
    "\n"
    "Simulate one CSS business plan and report how likely it is to be viable: P(viable)\n"
    "with its 95% interval, the verdict (proceed / proceed under rigorous management / stop),\n"
    "turnover, cost and margin by year, the final reserve, and where the plan's own claims fall.\n"
    "With --set, the text opens with a what-if line naming each change in plain words.\n"
    "\n"
    "  -c, --scenario FILE  apply a scenario file (see scenarios/) to the plan first\n"
    "  -f, --format F       text (default), json (every field of the model's output), csv, or xlsx\n"
    "                       (an Excel workbook with --out FILE.xlsx: Summary, By year with the reserve,\n"
    "                       Claims, and the reserve's fan as a native chart)\n"
    "  -o, --out FILE       write there (whole or not at all) instead of standard output\n"
    "  --trials-out FILE.csv  also write one row per trial: each input's value (the mean over CCGs\n"
    "                       or years where it has many), the final reserve, viable (1/0) and the\n"
    "                       first failing year; streamed, whole or not at all\n";

typedef struct run_report {
    const cs_summary *summary;
    const char *scenario_name;
    const cs_stats *reserve;    /* the reserve by year, for the workbook */
} run_report;

static void run_text(FILE *out, const void *data)
{
    const run_report *report = data;
    cs_summary_text(out, report->summary, report->scenario_name);
}

static cJSON *run_json(const void *data) { return cs_summary_json(((const run_report *)data)->summary); }

static int run_xlsx(const char *path, const void *data, const cs_run_record *record, cs_error *err)
{
    const run_report *report = data;
    return cs_xlsx_run_write(path, report->summary, report->scenario_name, report->reserve, record, err);
}

static void run_csv(FILE *out, const void *data)
{
    cs_summary_csv_header(out);
    cs_summary_csv(out, ((const run_report *)data)->summary, NULL, NULL);
}

cJSON *cs_cli_run_json(const cs_summary *summary, const cs_run_record *record)
{
    run_report report = {summary, NULL, NULL};
    cs_cli_output output = {CS_FORMAT_JSON, &report, run_text, run_csv, run_json, record, run_xlsx};
    return cs_cli_output_json(&output);
}

int cs_cli_run(int argc, char **argv, cs_cli_shared *shared)
{
    static const struct option options[] = {
        CS_CLI_COMMON_OPTIONS,
        CS_CLI_PRECISION_OPTION,
        CS_CLI_SAMPLING_OPTION,
        CS_CLI_SET_OPTION,
        {"trials-out", required_argument, NULL, 'T'},
        {"scenario", required_argument, NULL, 'c'},
        {0, 0, 0, 0},
    };
    cs_cli_common common;
    cs_cli_common_init(&common, shared);
    const char *scenario_file = NULL, *trials_out = NULL;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":n:s:j:f:o:c:h", options, NULL)) != -1;) {
        if (option == ':' || option == '?') return cs_cli_bad_option("run", option, argv);
        if (option == 'h') {
            printf("%s%s%s\nOptions shared with compare and batch:\n%s%s", run_help, cs_cli_sampling_help,
                   cs_cli_set_help, cs_cli_common_help, cs_cli_precision_help);
            return 0;
        }
        if (option == 'c') { scenario_file = optarg; continue; }
        if (option == 'T') { trials_out = optarg; continue; }
        int handled = cs_cli_common_option("run", option, optarg, &common);
        if (handled < 0) return 2;
        if (!handled) return cs_cli_bad_option("run", '?', argv);
    }
    if (argc - optind != 1)
        return cs_cli_usage_error("run", "expected one plan file, found %d arguments", argc - optind);

    int status = cs_cli_check_precision("run", &common);
    if (!status) status = cs_cli_check_output("run", &common);
    if (!status) status = cs_cli_paths_check_plan("run", argv[optind], scenario_file, common.out, trials_out);
    if (!status && trials_out) {
        if (common.precision > 0)
            return cs_cli_usage_error("run", "--trials-out goes with --trials, not --precision");
        status = cs_cli_check_out(trials_out);
    }
    if (status) return status;
    cs_cli_plan ready;
    if ((status = cs_cli_plan_load(&ready, "run", argv[optind], scenario_file, &common))) return status;
    cs_error err;
    cs_error_clear(&err);
    cs_run_options run = cs_cli_run_options(&common);
    cs_run_data data;
    cs_summary summary;
    cs_trials_csv trials;
    int rc = trials_out ? cs_trials_csv_open(&trials, trials_out, &ready.plan, &err) : CS_OK;
    if (!rc && trials_out) run.sink = &trials.sink;
    if (!rc) rc = cs_run_and_summarise(&ready.plan, ready.scenario.id, &run, &data, &summary, &err);
    if (trials_out && run.sink) { /* the trials file is complete only when the run is */
        if (rc) cs_trials_csv_discard(&trials);
        else if ((rc = cs_trials_csv_commit(&trials, &err))) {
            cs_summary_free(&summary);
            cs_run_data_free(&data);
        }
    }
    if (rc) {
        cs_cli_plan_free(&ready);
        return cs_cli_report_error(&err);
    }
    cs_stats reserve[CS_MAX_YEARS];
    int has_reserve = common.format == CS_FORMAT_XLSX && cs_reserve_stats(&ready.plan, &data, reserve) == CS_OK;
    cs_run_data_free(&data);
    summary.precision = common.precision;
    summary.precision_reached = ready.precision_reached;
    run_report report = {&summary, scenario_file ? ready.scenario.name : NULL, has_reserve ? reserve : NULL};
    cs_cli_output output = {common.format, &report, run_text, run_csv, run_json, &ready.record, run_xlsx};
    status = cs_cli_emit(common.out, &output);
    cs_summary_free(&summary);
    cs_cli_plan_free(&ready);
    return status;
}
