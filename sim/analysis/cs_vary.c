/*
** cs_vary.c: runs of a plan with one parameter path moved (see cs_vary.h).
*/
#include "cs_vary.h"

int cs_vary_plan(const cs_vary *vary, double value, cs_plan *out, cs_error *err)
{
    int rc = cs_plan_clone(out, vary->base, err);
    if (rc) return rc;
    char why[512];
    if (cs_param_path_set(&vary->path, out, value, why, sizeof why) != 0) {
        cs_plan_free(out);
        return cs_error_input(err, vary->base->file, vary->path.text, "%s = %s is not a value this plan can take: %s",
                              vary->path.text, CS_NUM(value), why);
    }
    return CS_OK;
}

/* Note the first value at which PLAN drops a pair BASE keeps. */
static void note_dropped(cs_vary *vary, const cs_plan *plan, double value)
{
    if (vary->dropped) return;
    char what[sizeof vary->dropped_note];
    if (cs_plan_correlations_dropped(plan, what, sizeof what) >
        cs_plan_correlations_dropped(vary->base, NULL, 0)) {
        vary->dropped = 1;
        vary->dropped_at = value;
        snprintf(vary->dropped_note, sizeof vary->dropped_note, "%s", what);
    }
}

int cs_vary_dropped_note(const cs_vary *vary, char *buf, size_t len)
{
    if (!vary->dropped) return 0;
    snprintf(buf, len, "at %s = %s (and wherever else it makes the input fixed): %s there", vary->path.text,
             CS_NUM(vary->dropped_at), vary->dropped_note);
    return 1;
}

int cs_vary_outcome(cs_vary *vary, double value, int want_shortfall, cs_outcome *out, cs_error *err)
{
    cs_plan plan;
    int rc = cs_vary_plan(vary, value, &plan, err);
    if (rc) return rc;
    note_dropped(vary, &plan, value);
    rc = cs_outcome_run(&plan, &vary->options, want_shortfall, out, err);
    vary->runs++;
    cs_plan_free(&plan);
    return rc;
}

int cs_vary_p_viable(void *context, double value, double *p_viable, cs_error *err)
{
    cs_vary *vary = context;
    cs_plan plan;
    int rc = cs_vary_plan(vary, value, &plan, err);
    if (rc) return rc;
    note_dropped(vary, &plan, value);
    cs_run_options options = vary->options;
    options.light = 1;
    cs_run_data data;
    rc = cs_engine_run(&plan, &options, &data, err);
    vary->runs++;
    cs_plan_free(&plan);
    if (rc) return rc;
    *p_viable = (double)data.viable_count / (double)data.trials;
    cs_run_data_free(&data);
    return CS_OK;
}

void cs_vary_search_space(const cs_vary *vary, double *value, double *scale, double *lo, double *hi)
{
    *value = cs_param_path_get(&vary->path, vary->base);
    *scale = cs_param_path_scale(&vary->path, vary->base);
    cs_interval range = cs_param_path_range(&vary->path, vary->base);
    *lo = range.lo;
    *hi = range.hi;
}
