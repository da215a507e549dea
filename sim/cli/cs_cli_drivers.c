/*
** cs_cli_drivers.c: `cssim drivers PLAN.json`: which inputs decide whether
** the plan is viable (tornado, rank correlations, Sobol indices).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_xlsx.h"
#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_drivers.h"
#include "cs_output.h"

static const char drivers_help[] =
    "Usage: cssim drivers PLAN.json [--scenario FILE] [--indices-of margin:YEAR] [--trials N] [--seed S]\n"
    "                     [--threads T] [--sampling random|lhs] [--set PATH=VALUE]...\n"
    "                     [--format text|json|csv|xlsx] [--out FILE]\n"
    "\n"
    "Say why the plan is at risk: which of the eleven random inputs of a trial decide P(viable) and\n"
    "the final reserve (price_realisation, churn, efficiency_delivery, in_house_share,\n"
    "population_growth, envelope_change, other_income, pay_inflation, nonpay_inflation, leadership,\n"
    "leave).  For each input:\n"
    "  tornado      P(viable) and the mean final reserve with the input held at its P10 and at its\n"
    "               P90 (the same value for every CCG or year; leadership at no failures and at twice\n"
    "               the plan's risk), every other input random, on the baseline's trials, with 95%\n"
    "               intervals of the paired differences; leave (an event) is not swung;\n"
    "  Spearman     the rank correlation of the input with the final reserve, with its 95% interval;\n"
    "  Sobol        first-order and total variance-based indices of the final reserve (Saltelli 2010\n"
    "               and Jansen estimators on a pick-freeze design), 95% bootstrap intervals;\n"
    "  Shapley      the input's fair share of the reserve's variance (Owen 2014): its own effect,\n"
    "               with interactions and what correlated inputs share split fairly; they add up\n"
    "               to 1 (one random order of the inputs per trial, Song, Nelson & Staum 2016).\n"
    "Correlated inputs (the plan's \"correlations\"): the Sobol indices are the full ones, counting\n"
    "what moves with the input through its correlations, and the independent ones (its own part,\n"
    "beyond its partners) and each correlated group's are added (Mara, Tarantola & Annoni 2015);\n"
    "the tornado draws a held input's partners from their distribution given the held value.\n"
    "An input fixed in the plan has no effect and is not simulated.  The text ranks the inputs by\n"
    "the tornado's swing.  1 + 2 x random + 2 x swung runs (one more per correlated input and per\n"
    "group), each on the same seed: the output is the same for any thread count.\n"    "\n"
    "  -c, --scenario FILE      apply a scenario file to the plan first\n"
    "  --indices-of margin:YEAR also give the Sobol indices of that year's margin (YEAR as 2016\n"
    "                           or 2016/17)\n"
    "  -f, --format F           text (default), json, csv (one row per input), or xlsx (an Excel\n"
    "                           workbook with --out FILE.xlsx: the tornado as a native bar chart,\n"
    "                           rank correlations and Sobol indices)\n"
    "  -o, --out FILE           write there (whole or not at all) instead of standard output\n";

typedef struct drivers_report {
    const cs_goal_context *context;
    const cs_drivers *drivers;
} drivers_report;

static void drivers_text(FILE *out, const void *data)
{
    const drivers_report *report = data;
    cs_drivers_text(out, report->context, report->drivers);
}

static void drivers_csv(FILE *out, const void *data)
{
    const drivers_report *report = data;
    cs_drivers_csv(out, report->context, report->drivers);
}

static int drivers_xlsx(const char *path, const void *data, const cs_run_record *record, cs_error *err)
{
    const drivers_report *report = data;
    return cs_xlsx_drivers_write(path, report->context, report->drivers, record, err);
}

static cJSON *drivers_json(const void *data)
{
    const drivers_report *report = data;
    return cs_drivers_json(report->context, report->drivers);
}

/* "margin:2016" or "margin:2016/17" into *year; 0, or prints and returns 2. */
static int parse_indices_of(const char *text, int *year)
{
    const char *prefix = "margin:";
    if (strncmp(text, prefix, strlen(prefix)) == 0) {
        char *end;
        long value = strtol(text + strlen(prefix), &end, 10);
        int next = (int)((value + 1) % 100);
        char tail[8];
        snprintf(tail, sizeof tail, "/%02d", next);
        if (end != text + strlen(prefix) && (!*end || strcmp(end, tail) == 0) && value >= 1900 && value <= 2200) {
            *year = (int)value;
            return 0;
        }
    }
    return cs_cli_usage_error("drivers", "--indices-of expects margin:YEAR (e.g. margin:2016 or margin:2016/17), "
                                         "got '%s'", text);
}

int cs_cli_drivers(int argc, char **argv, cs_cli_shared *shared)
{
    enum { OPT_INDICES_OF = 256 };
    static const struct option options[] = {
        CS_CLI_COMMON_OPTIONS,
        CS_CLI_SAMPLING_OPTION,
        CS_CLI_SET_OPTION,
        {"scenario", required_argument, NULL, 'c'},
        {"indices-of", required_argument, NULL, OPT_INDICES_OF},
        {0, 0, 0, 0},
    };
    cs_cli_common common;
    cs_cli_common_init(&common, shared);
    const char *scenario_file = NULL, *indices_of = NULL;
    int margin_year = 0;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":n:s:j:f:o:c:h", options, NULL)) != -1;) {
        switch (option) {
        case ':': case '?': return cs_cli_bad_option("drivers", option, argv);
        case 'h':
            printf("%s%s%s\nOptions shared with run:\n%s", drivers_help, cs_cli_sampling_help, cs_cli_set_help,
                   cs_cli_common_help);
            return 0;
        case 'c': scenario_file = optarg; break;
        case OPT_INDICES_OF:
            indices_of = optarg;
            if (parse_indices_of(optarg, &margin_year)) return 2;
            break;
        default: {
            int handled = cs_cli_common_option("drivers", option, optarg, &common);
            if (handled < 0) return 2;
            if (!handled) return cs_cli_bad_option("drivers", '?', argv);
        }
        }
    }
    if (argc - optind != 1)
        return cs_cli_usage_error("drivers", "expected one plan file, found %d arguments", argc - optind);
    if (common.trials < 4) return cs_cli_usage_error("drivers", "--trials must be at least 4 for rank correlations");
    int status = cs_cli_check_output("drivers", &common);
    if (!status) status = cs_cli_paths_check_plan("drivers", argv[optind], scenario_file, common.out, NULL);
    if (status) return status;
    cs_cli_plan ready;
    if ((status = cs_cli_plan_load(&ready, "drivers", argv[optind], scenario_file, &common))) return status;
    cs_error err;
    cs_error_clear(&err);
    int rc = indices_of && (cs_run_record_arg(&ready.record, "--indices-of") ||
                            cs_run_record_arg(&ready.record, indices_of))
                 ? cs_error_fail(&err, NULL, "out of memory")
                 : CS_OK;
    cs_run_options run = cs_cli_run_options(&common);
    cs_drivers drivers;
    if (!rc) rc = cs_drivers_run(&ready.plan, &run, margin_year, &drivers, &err);
    if (rc) status = cs_cli_report_error(&err);
    else {
        cs_goal_context context = {.plan = &ready.plan, .scenario_id = ready.scenario.id, .trials = common.trials,
                                   .seed = common.seed};
        drivers_report report = {&context, &drivers};
        cs_cli_output output = {common.format, &report, drivers_text, drivers_csv, drivers_json, &ready.record,
                                drivers_xlsx};
        status = cs_cli_emit(common.out, &output);
    }
    cs_cli_plan_free(&ready);
    return status;
}
