/*
** cs_cli_sweep.c: `cssim sweep PLAN.json --vary PATH --from A --to B`: the
** plan's outcome across a range of one parameter's values, on common
** random numbers.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cs_xlsx.h"
#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_output.h"
#include "cs_sweep.h"

static const char sweep_help[] =
    "Usage: cssim sweep PLAN.json --vary PATH --from A --to B [--steps N] [--scenario FILE]\n"
    "                   [--trials N] [--seed S] [--threads T] [--format text|json|csv|xlsx]\n"
    "                   [--out FILE]\n"
    "\n"
    "Run the plan at each of N values of one parameter, from A to B, every value on the same\n"
    "trials (common random numbers, so the curve has no Monte Carlo jitter between points), and\n"
    "report at each: P(viable) with its 95% interval, the verdict, the final reserve's mean and\n"
    "P5, and the worst year's P(deficit).\n"
    "\n"
    "PATH names the parameter: a numeric plan key (opening_reserve, staff_cost, price_elasticity,\n"
    "...), a distribution's field (churn.mean, in_house_share.mean, envelope_change.value for a\n"
    "fixed number, price_realisation.sd, ...), KEY.shift (moves a distribution's location as a\n"
    "scenario's add does), price (a multiplier on price_per_head in every year; 1 = the plan's), or\n"
    "correlation.A.B (the rank correlation of two inputs, e.g. correlation.churn.in_house_share).\n"
    "\n"
    "  --vary PATH          the parameter to vary (required)\n"
    "  --from A, --to B     the range of values, A < B (required)\n"
    "  --steps N            how many values, from 2 to 1001 (default 21)\n"
    "  -c, --scenario FILE  apply a scenario file to the plan first\n"
    "  -f, --format F       text (default), json, csv (one row per value), or xlsx (an Excel\n"
    "                       workbook with --out FILE.xlsx, P(viable) against the value charted)\n"
    "  -o, --out FILE       write there (whole or not at all) instead of standard output\n";

typedef struct sweep_report {
    const cs_goal_context *context;
    const cs_sweep *sweep;
} sweep_report;

static void sweep_text(FILE *out, const void *data)
{
    const sweep_report *report = data;
    cs_sweep_text(out, report->context, report->sweep);
}

static void sweep_csv(FILE *out, const void *data)
{
    const sweep_report *report = data;
    cs_sweep_csv(out, report->context, report->sweep);
}

static int sweep_xlsx(const char *path, const void *data, const cs_run_record *record, cs_error *err)
{
    const sweep_report *report = data;
    return cs_xlsx_sweep_write(path, report->context, report->sweep, record, err);
}

static cJSON *sweep_json(const void *data)
{
    const sweep_report *report = data;
    return cs_sweep_json(report->context, report->sweep);
}

int cs_cli_sweep(int argc, char **argv, cs_cli_shared *shared)
{
    enum { OPT_VARY = 256, OPT_FROM, OPT_TO, OPT_STEPS };
    static const struct option options[] = {
        CS_CLI_COMMON_OPTIONS,
        {"scenario", required_argument, NULL, 'c'},
        {"vary", required_argument, NULL, OPT_VARY},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"steps", required_argument, NULL, OPT_STEPS},
        {0, 0, 0, 0},
    };
    cs_cli_common common;
    cs_cli_common_init(&common, shared);
    const char *scenario_file = NULL, *path_text = NULL;
    double from = 0, to = 0, steps_value = CS_SWEEP_DEFAULT_STEPS;
    int have_from = 0, have_to = 0;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":n:s:j:f:o:c:h", options, NULL)) != -1;) {
        int status = 0;
        switch (option) {
        case ':': case '?': return cs_cli_bad_option("sweep", option, argv);
        case 'h': printf("%s\nOptions shared with run:\n%s", sweep_help, cs_cli_common_help); return 0;
        case 'c': scenario_file = optarg; continue;
        case OPT_VARY: path_text = optarg; continue;
        case OPT_FROM: status = cs_cli_number("sweep", "--from", optarg, &from); have_from = 1; break;
        case OPT_TO: status = cs_cli_number("sweep", "--to", optarg, &to); have_to = 1; break;
        case OPT_STEPS:
            status = cs_cli_number("sweep", "--steps", optarg, &steps_value);
            if (!status && (steps_value != (double)(size_t)steps_value || steps_value < 2 ||
                            steps_value > CS_SWEEP_MAX_STEPS))
                status = cs_cli_usage_error("sweep", "--steps expects a whole number from 2 to %d, got '%s'",
                                            CS_SWEEP_MAX_STEPS, optarg);
            break;
        default: {
            int handled = cs_cli_common_option("sweep", option, optarg, &common);
            if (handled < 0) return 2;
            if (!handled) return cs_cli_bad_option("sweep", '?', argv);
        }
        }
        if (status) return status;
    }
    if (argc - optind != 1) return cs_cli_usage_error("sweep", "expected one plan file, found %d arguments", argc - optind);
    if (!path_text || !have_from || !have_to) return cs_cli_usage_error("sweep", "--vary, --from and --to are required");
    if (!(from < to)) return cs_cli_usage_error("sweep", "--from (%s) must be below --to (%s)", CS_NUM(from), CS_NUM(to));
    int status = cs_cli_check_output("sweep", &common);
    if (!status) status = cs_cli_paths_check_plan("sweep", argv[optind], scenario_file, common.out, NULL);
    if (status) return status;
    cs_cli_plan ready;
    if ((status = cs_cli_plan_load(&ready, "sweep", argv[optind], scenario_file, &common))) return status;

    cs_error err;
    cs_error_clear(&err);
    cs_vary vary = {.base = &ready.plan,
                    .options = cs_cli_run_options(&common)};
    cs_sweep sweep = {0};
    char number[40];
    int rc = cs_param_path_parse(&vary.path, path_text, &ready.plan, "--vary", &err);
    int failed = rc || cs_run_record_arg(&ready.record, "--vary") || cs_run_record_arg(&ready.record, path_text) ||
                 cs_run_record_arg(&ready.record, "--from") || cs_run_record_arg(&ready.record, CS_NUM(from)) ||
                 cs_run_record_arg(&ready.record, "--to") || cs_run_record_arg(&ready.record, CS_NUM(to));
    snprintf(number, sizeof number, "%zu", (size_t)steps_value);
    failed = failed || cs_run_record_arg(&ready.record, "--steps") || cs_run_record_arg(&ready.record, number);
    if (!rc && failed) rc = cs_error_fail(&err, NULL, "out of memory");
    if (!rc) rc = cs_sweep_run(&vary, from, to, (size_t)steps_value, &sweep, &err);
    char note[400];
    if (!rc && cs_vary_dropped_note(&vary, note, sizeof note)) fprintf(stderr, "cssim sweep: note: --vary: %s\n", note);
    if (rc) status = cs_cli_report_error(&err);
    else {
        cs_goal_context context = {.plan = &ready.plan, .scenario_id = ready.scenario.id,
                                   .parameter = vary.path.text, .trials = common.trials, .seed = common.seed};
        sweep_report report = {&context, &sweep};
        cs_cli_output output = {common.format, &report, sweep_text, sweep_csv, sweep_json, &ready.record, sweep_xlsx};
        status = cs_cli_emit(common.out, &output);
        cs_sweep_free(&sweep);
    }
    cs_cli_plan_free(&ready);
    return status;
}
