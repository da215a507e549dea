/*
** cs_cli_report.c: `cssim report PLAN.json`: the assessor's report, one
** self-contained HTML page with its charts (cs_assess, cs_report_plan.c).
*/
#include <getopt.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_assess.h"
#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_output.h"
#include "cs_scenario.h"

#define REPORT_DEFAULT_TRIALS 100000

static const char report_help[] =
    "Usage: cssim report PLAN.json [--scenarios DIR] [--trials N] [--analysis-trials M] [--seed S]\n"
    "                    [--threads T] [--sampling random|lhs] [--set PATH=VALUE]... [--out DIR]\n"
    "\n"
    "Write the assessor's report of one plan: DIR/index.html, one self-contained page (no network,\n"
    "images inline) to open, print to PDF or paste from, and every chart beside it as PNG and SVG.\n"
    "It holds the answer in words (P(viable) with its interval under each scenario, the verdict,\n"
    "what viable means, P(margin >= 5%) against NHS England's requirement); fan charts of\n"
    "turnover, margin and reserve with the plan's claims; the final reserve's histogram and\n"
    "S-curve; the scenarios side by side; the tornado and Sobol indices (cssim drivers); P(viable)\n"
    "against the price and the reverse stress test with the subsidy (cssim sweep, solve); and the\n"
    "run record that reproduces it.\n"
    "\n"
    "  -S, --scenarios DIR  scenario directory (default scenarios/); the first (by `order`) is the\n"
    "                       plan as submitted, the baseline of the analyses\n"
    "  -n, --trials N       trials per scenario (default 100000)\n"
    "  --analysis-trials M  trials of the drivers, the price sweep and the stress test (default\n"
    "                       10000, at most N)\n"
    "  -o, --out DIR        the report's directory (default reports/PLAN_ID); replaced whole, and\n"
    "                       only if it is empty or cssim's own unchanged output (.cssim-manifest)\n"
    "  -s, --seed S         seed of the random streams (default 1)\n"
    "  -j, --threads T      threads (default: every core); the report is the same for any\n";

static void progress(const char *step) { fprintf(stderr, "cssim report: %s\n", step); }

int cs_cli_report(int argc, char **argv, cs_cli_shared *shared)
{
    static const struct option options[] = {
        CS_CLI_COMMON_OPTIONS,
        CS_CLI_SAMPLING_OPTION,
        CS_CLI_SET_OPTION,
        {"scenarios", required_argument, NULL, 'S'},
        {"analysis-trials", required_argument, NULL, 'A'},
        {0, 0, 0, 0},
    };
    double start = omp_get_wtime();
    cs_cli_common common;
    cs_cli_common_init(&common, shared);
    common.trials = REPORT_DEFAULT_TRIALS;
    size_t analysis_trials = CS_CLI_ANALYSIS_TRIALS;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":n:s:j:o:S:h", options, NULL)) != -1;) {
        if (option == ':' || option == '?') return cs_cli_bad_option("report", option, argv);
        if (option == 'h') {
            printf("%s%s%s", report_help, cs_cli_sampling_help, cs_cli_set_help);
            return 0;
        }
        if (option == 'A') {
            char *end;
            unsigned long long value = strtoull(optarg, &end, 10);
            if (optarg[0] == '-' || *end || value < 100 || value > 10000000)
                return cs_cli_usage_error("report", "--analysis-trials expects a whole number from 100 to 10000000, "
                                                    "got '%s'", optarg);
            analysis_trials = (size_t)value;
            continue;
        }
        if (option == 'f') return cs_cli_bad_option("report", '?', argv);
        int handled = cs_cli_common_option("report", option, optarg, &common);
        if (handled < 0) return 2;
        if (!handled) return cs_cli_bad_option("report", '?', argv);
    }
    if (argc - optind != 1)
        return cs_cli_usage_error("report", "expected one plan file, found %d arguments", argc - optind);
    int status;
    if (!common.scenarios_dir &&
        (status = cs_cli_default_dir("report", "scenarios", "give --scenarios DIR", common.scenarios_found,
                                     sizeof common.scenarios_found, &common.scenarios_dir)))
        return status;

    cs_error err;
    cs_error_clear(&err);
    cs_plan plan;
    if ((status = cs_cli_load_plan(argv[optind], &plan))) {
        cs_plan_free(&plan);
        return status;
    }
    char default_out[300];
    snprintf(default_out, sizeof default_out, "reports/%s", plan.id);
    const char *out_dir = common.out ? common.out : default_out;
    cs_cli_paths paths;
    cs_cli_paths_init(&paths);
    cs_cli_paths_input(&paths, argv[optind], "the plan");
    cs_cli_paths_input_dir(&paths, common.scenarios_dir, "--scenarios");
    cs_cli_paths_output_dir(&paths, out_dir, "--out");
    if ((status = cs_cli_paths_check("report", &paths))) {
        cs_plan_free(&plan);
        return status;
    }
    cs_scenario *scenarios = NULL;
    size_t n_scenarios = 0;
    int rc = cs_scenario_load_dir(common.scenarios_dir, &scenarios, &n_scenarios, &err);
    for (size_t s = 0; !rc && s < n_scenarios; s++) scenarios[s].overrides = &common.overrides;
    if (!rc) cs_cli_note_dropped_by_set("report", &plan, &common);

    cs_run_record record = {0};
    char *args[] = {argv[optind], "--scenarios", (char *)common.scenarios_dir};
    if (!rc && (cs_cli_record_init(&record, "report", &common, args, 3) != CS_OK ||
                cs_cli_record_what_if(&record, &common, &plan) != CS_OK))
        rc = cs_error_fail(&err, NULL, "out of memory");
    char analysis_text[32];
    snprintf(analysis_text, sizeof analysis_text, "%zu", analysis_trials);
    if (!rc && (cs_run_record_arg(&record, "--analysis-trials") || cs_run_record_arg(&record, analysis_text)))
        rc = cs_error_fail(&err, NULL, "out of memory");
    if (!rc) rc = cs_run_record_input(&record, "plan", plan.id, argv[optind], &err);
    for (size_t s = 0; !rc && s < n_scenarios; s++)
        rc = cs_run_record_input(&record, "scenario", scenarios[s].id, scenarios[s].file, &err);

    cs_output_dir staging = {0};
    int staged = 0;
    if (!rc && !common.out) rc = cs_output_mkdir("reports", &err);
    if (!rc && (rc = cs_output_dir_open(&staging, out_dir, "--out", &err)) == CS_OK) staged = 1;
    cs_assessment assessment;
    int assessed = 0;
    if (!rc) {
        cs_run_options run = cs_cli_run_options(&common);
        rc = cs_assess_run(&plan, scenarios, n_scenarios, &run, analysis_trials, progress, &assessment, &err);
        assessed = rc == CS_OK;
    }
    if (!rc) {
        progress("the charts and the page");
        rc = cs_plan_report_write(&assessment, &record, NULL, staging.staging, &err);
    }
    if (!rc) {
        cJSON *record_json = cs_run_record_json(&record);
        rc = cs_output_dir_commit(&staging, record_json, &err);
        cJSON_Delete(record_json);
    }
    else if (staged) cs_output_dir_discard(&staging);
    if (!rc) fprintf(stderr, "cssim report: wrote %s/index.html in %.1f s\n", out_dir, omp_get_wtime() - start);
    if (assessed) cs_assessment_free(&assessment);
    cs_run_record_free(&record);
    cs_scenario_list_free(scenarios, n_scenarios);
    cs_plan_free(&plan);
    return rc ? cs_cli_report_error(&err) : 0;
}
