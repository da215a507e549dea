/*
** cs_assess.c: the figures of an assessor's report (see cs_assess.h).
*/
#include "cs_assess.h"

#include <stdlib.h>
#include <string.h>

#include "cs_param_path.h"

static void say(void (*progress)(const char *), const char *step)
{
    if (progress) progress(step);
}

int cs_assess_run(const cs_plan *plan, const cs_scenario *scenarios, size_t n_scenarios, const cs_run_options *options,
                  size_t analysis_trials, void (*progress)(const char *step), cs_assessment *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    out->analysis_trials = analysis_trials < options->trials ? analysis_trials : options->trials;
    cs_run_options analysis = *options;
    analysis.trials = out->analysis_trials;
    say(progress, "every scenario");
    int rc = cs_compare_run(plan, scenarios, n_scenarios, options, &out->comparison, err);
    if (!rc) rc = cs_scenario_apply(&scenarios[0], plan, &out->baseline, err);
    if (rc) {
        cs_comparison_free(&out->comparison);
        return rc;
    }
    say(progress, "the baseline's trials");
    rc = cs_engine_run(&out->baseline, options, &out->trials, err);
    if (!rc && cs_run_reserves(&out->baseline, &out->trials, &out->reserve) != CS_OK)
        rc = cs_error_fail(err, plan->file, "out of memory");
    if (!rc) {
        say(progress, "the drivers");
        rc = cs_drivers_run(&out->baseline, &analysis, 0, &out->drivers, err);
    }
    if (!rc) {
        say(progress, "P(viable) against the price");
        cs_vary vary = {.base = &out->baseline, .options = analysis};
        rc = cs_param_path_parse(&vary.path, "price", &out->baseline, "price", err);
        if (!rc) rc = cs_sweep_run(&vary, CS_ASSESS_PRICE_FROM, CS_ASSESS_PRICE_TO, CS_ASSESS_PRICE_STEPS, &out->price,
                                   err);
    }
    if (!rc) {
        say(progress, "the stress test");
        rc = cs_goal_stress(&out->baseline, &analysis, &out->stress, err);
    }
    if (rc) cs_assessment_free(out);
    return rc;
}

void cs_assessment_free(cs_assessment *assessment)
{
    cs_plan_free(&assessment->baseline);
    cs_comparison_free(&assessment->comparison);
    cs_run_data_free(&assessment->trials);
    free(assessment->reserve);
    cs_sweep_free(&assessment->price);
    memset(assessment, 0, sizeof *assessment);
}
