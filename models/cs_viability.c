/*
** cs_viability.c: docs/model.md "Viability": whether one trial is viable, and the
** verdict of a plan under a scenario from P(viable) and its claims.
*/
#include "cs_model.h"

int cs_trial_first_failure(const cs_plan *plan, const cs_year *years)
{
    int fs = cs_plan_fs(plan);
    const cs_criteria *criteria = &plan->criteria;
    for (int t = 0; t < plan->years; t++) {
        if (t >= fs && !(years[t].margin_pct >= criteria->min_margin)) return t;
        if (!(years[t].reserve >= -criteria->max_deficit * years[t].turnover)) return t;
    }
    return -1;
}

int cs_trial_viable(const cs_plan *plan, const cs_year *years) { return cs_trial_first_failure(plan, years) < 0; }

cs_verdict cs_verdict_decide(const cs_criteria *criteria, double p_viable, int claims_optimistic)
{
    if (p_viable >= criteria->proceed_at && !claims_optimistic) return CS_VERDICT_PROCEED;
    if (p_viable >= criteria->rigorous_at || p_viable >= criteria->proceed_at) return CS_VERDICT_RIGOROUS;
    return CS_VERDICT_STOPPED;
}

const char *cs_verdict_name(cs_verdict verdict)
{
    switch (verdict) {
    case CS_VERDICT_PROCEED: return "proceed";
    case CS_VERDICT_RIGOROUS: return "rigorous";
    case CS_VERDICT_STOPPED: return "stopped";
    }
    return "unknown";
}

const char *cs_verdict_words_of(cs_verdict verdict)
{
    switch (verdict) {
    case CS_VERDICT_PROCEED: return "proceed";
    case CS_VERDICT_RIGOROUS: return "proceed under rigorous management";
    case CS_VERDICT_STOPPED: return "stop";
    }
    return "unknown";
}

int cs_verdict_borderline(const cs_criteria *criteria, double lo, double hi)
{
    const double thresholds[] = {criteria->proceed_at, criteria->rigorous_at};
    int borderline = 0;
    for (size_t k = 0; k < 2; k++) borderline |= lo <= thresholds[k] && thresholds[k] <= hi;
    return borderline;
}
