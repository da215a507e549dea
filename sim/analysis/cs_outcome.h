/*
** cs_outcome.h: the figures an analysis needs of one run, without the full
** summary's quantiles of every series.
**
** P(viable) with its 95% Wilson interval, the verdict, the final reserve's
** mean and P5, the worst year's P(deficit) (from the engine's yearly
** counts), and the sponsor's exposure: per trial the largest shortfall of
** the reserve below zero over the years, max(0, -min_t R_t), whose P90 is
** what a sponsor would have to stand behind.  The verdict needs the claims'
** optimism test only when the plan has claims: then the run must keep its
** yearly figures (cs_outcome_run_options says so), and each year's margin
** quantile is taken exactly as the summary takes it, so the verdict is the
** same as `cssim run` gives.
*/
#ifndef CS_OUTCOME_H
#define CS_OUTCOME_H

#include "cs_engine.h"
#include "cs_model.h"
#include "cs_plan.h"

typedef struct cs_outcome {
    size_t trials;
    double p_viable, p_viable_lo, p_viable_hi;
    cs_verdict verdict;
    int verdict_borderline;    /* the 95% interval straddles proceed_at or rigorous_at */
    int claims_optimistic;
    double reserve_mean, reserve_p5;
    double worst_p_deficit;    /* the largest yearly P(deficit) */
    int worst_year;            /* its calendar start year */
    double shortfall_p90;      /* P90 of max(0, -min_t R_t); 0 when the run kept no yearly figures */
} cs_outcome;

/* What cs_outcome needs of a run of PLAN: yearly figures only when the plan
** has claims (for the verdict) or WANT_SHORTFALL is set. */
void cs_outcome_run_options(const cs_plan *plan, int want_shortfall, cs_run_options *options);

/* The outcome of a run of PLAN (DATA from cs_engine_run). */
int cs_outcome_of(const cs_plan *plan, const cs_run_data *data, cs_outcome *out, cs_error *err);

/* Run PLAN with OPTIONS (adjusted by cs_outcome_run_options) and take its outcome. */
int cs_outcome_run(const cs_plan *plan, const cs_run_options *options, int want_shortfall, cs_outcome *out,
                   cs_error *err);

#endif
