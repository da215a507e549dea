/*
** cs_cli_solve.c: `cssim solve PLAN.json --for PATH [--target P]`: the value
** of a parameter at which P(viable) reaches a target; `--stress`: what would
** have to be true for the plan to fail, and the subsidy that lifts it to
** proceed_at.
*/
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_goal.h"
#include "cs_output.h"

static const char solve_help[] =
    "Usage: cssim solve PLAN.json --for PATH [--target P] [--from A --to B] [--budget R] [--scenario FILE]\n"
    "                   [--trials N] [--seed S] [--threads T] [--format text|json|csv] [--out FILE]\n"
    "       cssim solve PLAN.json --stress [--scenario FILE] [--trials N] [--seed S] ...\n"
    "\n"
    "--for PATH: the value of the parameter at which P(viable) reaches P (default: the plan's\n"
    "proceed_at), on the common-random-number curve of P(viable) (every value meets the same\n"
    "luck).  A coarse scan of 17 values around the plan's own (or over [A, B] when given)\n"
    "grows until it brackets the target; where an end lies outside what the parameter may take,\n"
    "the search probes inward from the valid side; where no value scanned reaches P but\n"
    "P(viable) peaks inside, it zooms in on the peak; GSL's Brent root solver then refines every\n"
    "crossing, and the answer is a value that itself reaches P.  Where P(viable) is not\n"
    "monotone in the parameter (the price: above the CCGs' budgets they leave), it also reports\n"
    "the range of values that reach P (possibly none) and the value that maximises P(viable).\n"
    "The status says how it ended: solved, unreachable (no value tried reaches P), or budget\n"
    "(the runs ran out with the answer still open: nothing is passed off as an answer).  Each\n"
    "value returned is checked by one more run at it, shown with its 95% interval.\n"
    "\n"
    "--stress: the reverse stress test.  For each driver (churn, in_house_share,\n"
    "price_realisation, efficiency_delivery and pay_inflation at their means, envelope_change as\n"
    "a yearly change, price_elasticity, staff_cost), moved alone: where the plan is above them,\n"
    "the value at which P(viable) falls to rigorous_at and to 20%; where it is below them, the\n"
    "value at which P(viable) rises to rigorous_at and to proceed_at (\"not reachable\" when no\n"
    "value the driver may take gets there alone); ranked by how little the driver must move (in\n"
    "its own standard deviations where it has one) to the next verdict up, or down for a plan\n"
    "that proceeds.  Then the subsidy: the opening reserve that lifts P(viable) to proceed_at\n"
    "(and to rigorous_at for a plan below it), the P90 of the largest shortfall of the reserve a\n"
    "sponsor would cover, and one sentence naming the smallest single move that lifts the plan\n"
    "to its next verdict.\n"
    "\n"    "PATH is as for `cssim sweep` (e.g. opening_reserve, churn.mean, price).\n"
    "\n"
    "  --for PATH           the parameter to solve for\n"
    "  --target P           the P(viable) to reach, in (0, 1) (default: proceed_at)\n"
    "  --from A, --to B     search [A, B] instead of around the plan's value\n"
    "  --budget R           at most R runs for the search (default 200; it uses what it needs)\n"
    "  --stress             the reverse stress test and subsidy instead\n"
    "  -c, --scenario FILE  apply a scenario file to the plan first\n"
    "  -f, --format F       text (default), json or csv\n"
    "  -o, --out FILE       write there (whole or not at all) instead of standard output\n";

typedef struct solve_report {
    const cs_goal_context *context;
    const cs_goal *goal;       /* or */
    const cs_stress *stress;
} solve_report;

static void solve_text(FILE *out, const void *data)
{
    const solve_report *report = data;
    if (report->goal) cs_goal_text(out, report->context, report->goal);
    else cs_stress_text(out, report->context, report->stress);
}

static void solve_csv(FILE *out, const void *data)
{
    const solve_report *report = data;
    if (report->goal) cs_goal_csv(out, report->context, report->goal);
    else cs_stress_csv(out, report->context, report->stress);
}

static cJSON *solve_json(const void *data)
{
    const solve_report *report = data;
    return report->goal ? cs_goal_json(report->context, report->goal) : cs_stress_json(report->context, report->stress);
}

/* Add the words to the run record; CS_OK or CS_ERR_FAIL. */
static int record_words(cs_run_record *record, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (words[i] && cs_run_record_arg(record, words[i])) return CS_ERR_FAIL;
    return CS_OK;
}

int cs_cli_solve(int argc, char **argv, cs_cli_shared *shared)
{
    enum { OPT_FOR = 256, OPT_TARGET, OPT_FROM, OPT_TO, OPT_STRESS, OPT_BUDGET };
    static const struct option options[] = {
        CS_CLI_COMMON_OPTIONS,
        {"scenario", required_argument, NULL, 'c'},
        {"for", required_argument, NULL, OPT_FOR},
        {"target", required_argument, NULL, OPT_TARGET},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"stress", no_argument, NULL, OPT_STRESS},
        {"budget", required_argument, NULL, OPT_BUDGET},
        {0, 0, 0, 0},
    };
    cs_cli_common common;
    cs_cli_common_init(&common, shared);
    const char *scenario_file = NULL, *path_text = NULL, *target_text = NULL, *from_text = NULL, *to_text = NULL;
    const char *budget_text = NULL;
    double target = 0, from = 0, to = 0, budget = 0;
    int stress = 0;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":n:s:j:f:o:c:h", options, NULL)) != -1;) {
        int status = 0;
        switch (option) {
        case ':': case '?': return cs_cli_bad_option("solve", option, argv);
        case 'h': printf("%s\nOptions shared with run:\n%s", solve_help, cs_cli_common_help); return 0;
        case 'c': scenario_file = optarg; break;
        case OPT_FOR: path_text = optarg; break;
        case OPT_STRESS: stress = 1; break;
        case OPT_TARGET:
            target_text = optarg;
            status = cs_cli_number("solve", "--target", optarg, &target);
            if (!status && !(target > 0 && target < 1))
                status = cs_cli_usage_error("solve", "--target expects a P(viable) between 0 and 1, got '%s'", optarg);
            break;
        case OPT_BUDGET:
            budget_text = optarg;
            status = cs_cli_number("solve", "--budget", optarg, &budget);
            if (!status && !(budget >= 3 && budget <= 1000 && budget == floor(budget)))
                status = cs_cli_usage_error("solve", "--budget expects a whole number of runs from 3 to 1000, got '%s'",
                                            optarg);
            break;
        case OPT_FROM: from_text = optarg; status = cs_cli_number("solve", "--from", optarg, &from); break;
        case OPT_TO: to_text = optarg; status = cs_cli_number("solve", "--to", optarg, &to); break;
        default: {
            int handled = cs_cli_common_option("solve", option, optarg, &common);
            if (handled < 0) return 2;
            if (!handled) return cs_cli_bad_option("solve", '?', argv);
        }
        }
        if (status) return status;
    }
    if (argc - optind != 1) return cs_cli_usage_error("solve", "expected one plan file, found %d arguments", argc - optind);
    if (stress == (path_text != NULL)) return cs_cli_usage_error("solve", "give either --for PATH or --stress");
    if (stress && (target_text || from_text || to_text || budget_text))
        return cs_cli_usage_error("solve", "--target, --from, --to and --budget go with --for, not --stress");
    if ((from_text != NULL) != (to_text != NULL)) return cs_cli_usage_error("solve", "give both --from and --to, or neither");
    if (from_text && !(from < to)) return cs_cli_usage_error("solve", "--from (%s) must be below --to (%s)", from_text, to_text);
    int status = cs_cli_check_out(common.out);
    if (!status) status = cs_cli_paths_check_plan("solve", argv[optind], scenario_file, common.out, NULL);
    if (status) return status;
    cs_cli_plan ready;
    if ((status = cs_cli_plan_load(&ready, "solve", argv[optind], scenario_file, &common))) return status;

    cs_error err;
    cs_error_clear(&err);
    cs_run_options run = cs_cli_run_options(&common);
    cs_goal_context context = {.plan = &ready.plan, .scenario_id = ready.scenario.id, .trials = common.trials,
                               .seed = common.seed};
    solve_report report = {.context = &context};
    cs_goal goal;
    cs_stress stress_result;
    cs_vary vary = {.base = &ready.plan, .options = run}; /* outlives the branch: the report reads its path */
    int rc;
    if (stress) {
        const char *words[] = {"--stress"};
        rc = record_words(&ready.record, words, 1) ? cs_error_fail(&err, NULL, "out of memory")
                                                   : cs_goal_stress(&ready.plan, &run, &stress_result, &err);
        report.stress = &stress_result;
        if (!rc) fprintf(stderr, "cssim solve: the stress test used %zu runs of %zu trials\n", stress_result.runs, common.trials);
    } else {
        if (!target_text) target = ready.plan.criteria.proceed_at;
        rc = cs_param_path_parse(&vary.path, path_text, &ready.plan, "--for", &err);
        const char *words[] = {"--for", path_text, target_text ? "--target" : NULL, target_text,
                               from_text ? "--from" : NULL, from_text, to_text ? "--to" : NULL, to_text,
                               budget_text ? "--budget" : NULL, budget_text};
        if (!rc && record_words(&ready.record, words, sizeof words / sizeof words[0]))
            rc = cs_error_fail(&err, NULL, "out of memory");
        if (!rc)
            rc = cs_goal_solve_within(&vary, target, from_text ? &from : NULL, to_text ? &to : NULL, (size_t)budget,
                                      &goal, &err);
        context.parameter = vary.path.text;
        report.goal = &goal;
        if (!rc)
            fprintf(stderr, "cssim solve: %zu runs of %zu trials (the search at most %zu): %s\n", goal.runs,
                    common.trials, goal.budget, cs_solve_status_name(goal.status));
        char note[400];
        if (!rc && cs_vary_dropped_note(&vary, note, sizeof note))
            fprintf(stderr, "cssim solve: note: --for: %s\n", note);
    }
    cs_cli_output output = {common.format, &report, solve_text, solve_csv, solve_json, &ready.record, NULL};
    status = rc ? cs_cli_report_error(&err) : cs_cli_emit(common.out, &output);
    cs_cli_plan_free(&ready);
    return status;
}
