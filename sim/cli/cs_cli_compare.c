/*
** cs_cli_compare.c: `cssim compare PLAN.json [SCENARIO.json...]`: the plan
** under each scenario, side by side, with paired differences.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cs_xlsx.h"
#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_compare.h"
#include "cs_output.h"
#include "cs_report.h"

static const char compare_help[] =
    "Usage: cssim compare PLAN.json [--scenarios DIR | SCENARIO.json...] [--trials N] [--seed S]\n"
    "                     [--threads T] [--sampling random|lhs] [--set PATH=VALUE]...\n"
    "                     [--format text|json|csv|xlsx] [--out FILE]\n"
    "\n"
    "Run the plan under each scenario (default: every file in scenarios/, in their `order`)\n"
    "on common random numbers: trial i meets the same luck under every scenario.  Reports\n"
    "P(viable) with its interval, the verdict, the final reserve's median and P5 and\n"
    "P(deficit) in the freestanding year side by side, and for each scenario the paired\n"
    "difference against the first in P(viable) and mean final reserve, with 95% intervals.\n"
    "\n"
    "  -S, --scenarios DIR  scenario directory (default scenarios/), when no files are named\n"
    "  -f, --format F       text (default), json (each scenario's full run result plus the\n"
    "                       differences), csv, or xlsx (an Excel workbook with --out FILE.xlsx:\n"
    "                       Summary with a P(viable) chart, By year a column block per scenario,\n"
    "                       Differences, Claims)\n"
    "  -o, --out FILE       write there (whole or not at all) instead of standard output\n";

/* The comparison, and for the text the sentence naming the smallest single
** move that lifts the plan (under the first scenario) to its next verdict. */
typedef struct compare_view {
    cs_comparison comparison;
    char lift[512];
} compare_view;

#define LIFT_TRIALS 10000 /* the stress test behind the sentence: at most this many trials a value */

static void compare_text(FILE *out, const void *data)
{
    const compare_view *view = data;
    cs_comparison_text(out, &view->comparison);
    if (view->lift[0]) fprintf(out, "\n%s\n", view->lift);
}
static void compare_csv(FILE *out, const void *data) { cs_comparison_csv(out, &((const compare_view *)data)->comparison); }
static cJSON *compare_json(const void *data) { return cs_comparison_json(&((const compare_view *)data)->comparison); }
static int compare_xlsx(const char *path, const void *data, const cs_run_record *record, cs_error *err)
{
    return cs_xlsx_compare_write(path, &((const compare_view *)data)->comparison, record, err);
}

/* The sentence for the text: a reverse stress test of the plan under the
** first scenario (cs_goal_stress), on at most LIFT_TRIALS trials a value. */
static int lift_sentence(const cs_plan *plan, const cs_scenario *first, const cs_run_options *run, char *buf,
                         size_t len, cs_error *err)
{
    cs_plan adjusted;
    int rc = cs_scenario_apply(first, plan, &adjusted, err);
    if (rc) return rc;
    cs_run_options options = *run;
    if (options.trials > LIFT_TRIALS) options.trials = LIFT_TRIALS;
    options.lhs = 0;
    cs_stress stress;
    rc = cs_goal_stress(&adjusted, &options, &stress, err);
    if (!rc) cs_stress_lift_sentence(&stress, buf, len);
    cs_plan_free(&adjusted);
    return rc;
}

static int load_scenario_files(char **files, int count, cs_scenario **out, size_t *n, cs_error *err)
{
    *out = calloc((size_t)count, sizeof **out);
    *n = 0;
    if (!*out) return cs_error_fail(err, NULL, "out of memory");
    for (int i = 0; i < count; i++) {
        int rc = cs_scenario_load(&(*out)[i], files[i], err);
        if (rc) return rc;
        (*n)++;
    }
    return CS_OK;
}

/* With --precision: the trials the plan needs under every scenario, its
** paired differences included (cs_cli_precision). */
static int precision_for(const cs_plan *plan, const cs_scenario *scenarios, size_t n, cs_cli_common *common,
                         int *reached)
{
    cs_plan *adjusted = calloc(n, sizeof *adjusted);
    const cs_plan **plans = calloc(n, sizeof *plans);
    cs_error err;
    cs_error_clear(&err);
    size_t made = 0;
    int status = adjusted && plans ? 0 : cs_cli_report_error((cs_error_fail(&err, NULL, "out of memory"), &err));
    for (; made < n && !status; made++) {
        if (cs_scenario_apply(&scenarios[made], plan, &adjusted[made], &err) != CS_OK) {
            status = cs_cli_report_error(&err);
            break;
        }
        plans[made] = &adjusted[made];
    }
    if (!status) status = cs_cli_precision("compare", plans, n, 1, common, reached);
    for (size_t s = 0; s < made && adjusted; s++) cs_plan_free(&adjusted[s]);
    free(adjusted);
    free(plans);
    return status;
}

/* The run record: the plan and scenario files named (or the directory),
** and each file's hash. */
static int record_compare(cs_run_record *record, const cs_cli_common *common, int n_args, char **args,
                          const cs_plan *plan, const cs_scenario *scenarios, size_t n_scenarios,
                          cs_error *err)
{
    if (cs_cli_record_init(record, "compare", common, args, n_args) != CS_OK ||
        cs_cli_record_what_if(record, common, plan) != CS_OK)
        return cs_error_fail(err, NULL, "out of memory");
    int rc = CS_OK;
    if (n_args == 1 && (cs_run_record_arg(record, "--scenarios") || cs_run_record_arg(record, common->scenarios_dir)))
        rc = cs_error_fail(err, NULL, "out of memory");
    if (!rc) rc = cs_run_record_input(record, "plan", plan->id, args[0], err);
    for (size_t s = 0; s < n_scenarios && !rc; s++)
        rc = cs_run_record_input(record, "scenario", scenarios[s].id, scenarios[s].file, err);
    return rc;
}

int cs_cli_compare(int argc, char **argv, cs_cli_shared *shared)
{
    static const struct option options[] = {
        CS_CLI_COMMON_OPTIONS,
        CS_CLI_PRECISION_OPTION,
        CS_CLI_SAMPLING_OPTION,
        CS_CLI_SET_OPTION,
        {"scenarios", required_argument, NULL, 'S'},
        {0, 0, 0, 0},
    };
    cs_cli_common common;
    cs_cli_common_init(&common, shared);
    int scenarios_given = 0;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":n:s:j:f:o:S:h", options, NULL)) != -1;) {
        if (option == ':' || option == '?') return cs_cli_bad_option("compare", option, argv);
        if (option == 'h') {
            printf("%s%s%s\nOptions shared with run and batch:\n%s%s", compare_help, cs_cli_sampling_help,
                   cs_cli_set_help, cs_cli_common_help, cs_cli_precision_help);
            return 0;
        }
        scenarios_given |= option == 'S';
        int handled = cs_cli_common_option("compare", option, optarg, &common);
        if (handled < 0) return 2;
        if (!handled) return cs_cli_bad_option("compare", '?', argv);
    }
    if (argc - optind < 1) return cs_cli_usage_error("compare", "expected a plan file");
    if (scenarios_given && argc - optind > 1)
        return cs_cli_usage_error("compare", "name scenario files or --scenarios DIR, not both");

    int status = cs_cli_check_precision("compare", &common);
    if (!status) status = cs_cli_check_output("compare", &common);
    if (status) return status;
    if (!common.scenarios_dir && argc - optind == 1 &&
        (status = cs_cli_default_dir("compare", "scenarios", "name scenario files or give --scenarios DIR",
                                     common.scenarios_found, sizeof common.scenarios_found, &common.scenarios_dir)))
        return status;
    cs_cli_paths paths;
    cs_cli_paths_init(&paths);
    cs_cli_paths_input(&paths, argv[optind], "the plan");
    for (int i = optind + 1; i < argc; i++) cs_cli_paths_input(&paths, argv[i], "the scenario file");
    if (argc - optind == 1) cs_cli_paths_input_dir(&paths, common.scenarios_dir, "--scenarios");
    cs_cli_paths_output(&paths, common.out, "--out");
    if ((status = cs_cli_paths_check("compare", &paths))) return status;
    cs_error err;
    cs_error_clear(&err);
    cs_plan plan;
    status = cs_cli_load_plan(argv[optind], &plan);
    if (status) {
        cs_plan_free(&plan);
        return status;
    }
    cs_scenario *scenarios = NULL;
    size_t n_scenarios = 0;
    int rc = argc - optind > 1
                 ? load_scenario_files(argv + optind + 1, argc - optind - 1, &scenarios, &n_scenarios, &err)
                 : cs_scenario_load_dir(common.scenarios_dir, &scenarios, &n_scenarios, &err);
    for (size_t s = 0; !rc && s < n_scenarios; s++) scenarios[s].overrides = &common.overrides; /* --set */
    if (!rc) cs_cli_note_dropped_by_set("compare", &plan, &common);
    int reached = 1;
    if (!rc && common.precision > 0 && (status = precision_for(&plan, scenarios, n_scenarios, &common, &reached))) {
        cs_plan_free(&plan);
        cs_scenario_list_free(scenarios, n_scenarios);
        return status;
    }
    compare_view view = {0};
    cs_comparison *comparison = &view.comparison;
    cs_run_record record = {0};
    if (!rc) rc = record_compare(&record, &common, argc - optind, argv + optind, &plan, scenarios,
                                 n_scenarios, &err);
    if (!rc) {
        cs_run_options run = cs_cli_run_options(&common);
        rc = cs_compare_run(&plan, scenarios, n_scenarios, &run, comparison, &err);
        comparison->precision = common.precision;
        comparison->precision_reached = reached;
        if (!rc && common.format == CS_FORMAT_TEXT && n_scenarios > 0)
            rc = lift_sentence(&plan, &scenarios[0], &run, view.lift, sizeof view.lift, &err);
    }
    cs_plan_free(&plan);
    if (rc) status = cs_cli_report_error(&err);
    else {
        cs_cli_output output = {common.format, &view, compare_text, compare_csv, compare_json, &record,
                                compare_xlsx};
        status = cs_cli_emit(common.out, &output);
    }
    cs_comparison_free(comparison);
    cs_run_record_free(&record);
    cs_scenario_list_free(scenarios, n_scenarios);
    return status;
}
