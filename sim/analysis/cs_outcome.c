/*
** cs_outcome.c: the light figures of a run (see cs_outcome.h).
*/
#include "cs_outcome.h"

#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

#include "cs_quantile.h"
#include "cs_summary.h"

#define SHORTFALL_QUANTILE 0.90
#define RESERVE_QUANTILE 0.05

void cs_outcome_run_options(const cs_plan *plan, int want_shortfall, cs_run_options *options)
{
    options->light = !(plan->claim_margin || want_shortfall);
}

/* Whether any claimed margin lies above the optimism quantile of its
** year's simulated margins: the summary's test, on the same numbers. */
static int claims_optimistic(const cs_plan *plan, const cs_run_data *data, double *buffer)
{
    size_t n = data->trials;
    double probability = plan->criteria.optimism_quantile, quantile;
    for (size_t t = 0; t < data->years; t++) {
        const double *turnover = data->turnover + t * n, *cost = data->cost + t * n;
        for (size_t i = 0; i < n; i++) buffer[i] = turnover[i] - cost[i];
        cs_quantiles(buffer, n, &probability, 1, 0, &quantile);
        if (plan->claim_margin[t] > quantile) return 1;
    }
    return 0;
}

/* Per trial the largest shortfall of the reserve below zero, into buffer. */
static void shortfalls(const cs_plan *plan, const cs_run_data *data, double *buffer)
{
    size_t n = data->trials;
    for (size_t i = 0; i < n; i++) {
        double reserve = plan->opening_reserve, lowest = reserve < 0 ? reserve : 0;
        for (size_t t = 0; t < data->years; t++) {
            reserve += data->turnover[t * n + i] - data->cost[t * n + i];
            if (reserve < lowest) lowest = reserve;
        }
        buffer[i] = -lowest;
    }
}

int cs_outcome_of(const cs_plan *plan, const cs_run_data *data, cs_outcome *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = data->trials;
    double *buffer = malloc(n * sizeof *buffer);
    if (!buffer) return cs_error_fail(err, plan->file, "out of memory");
    out->trials = n;
    out->p_viable = (double)data->viable_count / (double)n;
    cs_wilson_interval(data->viable_count, n, &out->p_viable_lo, &out->p_viable_hi);
    out->claims_optimistic = plan->claim_margin && data->turnover && claims_optimistic(plan, data, buffer);
    out->verdict = cs_verdict_decide(&plan->criteria, out->p_viable, out->claims_optimistic);
    out->verdict_borderline = cs_verdict_borderline(&plan->criteria, out->p_viable_lo, out->p_viable_hi);
    memcpy(buffer, data->final_reserve, n * sizeof *buffer);
    out->reserve_mean = gsl_stats_mean(buffer, 1, n);
    double probability = RESERVE_QUANTILE;
    cs_quantiles(buffer, n, &probability, 1, 0, &out->reserve_p5);
    out->worst_p_deficit = -1;
    for (size_t t = 0; t < data->years; t++) {
        double p = (double)data->deficit_count[t] / (double)n;
        if (p > out->worst_p_deficit) {
            out->worst_p_deficit = p;
            out->worst_year = plan->start_year + (int)t;
        }
    }
    if (data->turnover) {
        shortfalls(plan, data, buffer);
        probability = SHORTFALL_QUANTILE;
        cs_quantiles(buffer, n, &probability, 1, 0, &out->shortfall_p90);
    }
    free(buffer);
    return CS_OK;
}

int cs_outcome_run(const cs_plan *plan, const cs_run_options *options, int want_shortfall, cs_outcome *out,
                   cs_error *err)
{
    cs_run_options adjusted = *options;
    cs_outcome_run_options(plan, want_shortfall, &adjusted);
    cs_run_data data;
    int rc = cs_engine_run(plan, &adjusted, &data, err);
    if (rc) return rc;
    rc = cs_outcome_of(plan, &data, out, err);
    cs_run_data_free(&data);
    return rc;
}
