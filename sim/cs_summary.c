/*
** cs_summary.c: per-year statistics, the final reserve, P(viable) with its
** Wilson interval, claims ranking and the verdict.
*/
#include "cs_summary.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_bulk.h"
#include "cs_json.h"
#include "cs_quantile.h"

enum { METRIC_TURNOVER, METRIC_COST, METRIC_MARGIN, METRIC_MARGIN_PCT, N_METRICS };

static const double stat_probs[] = {0.05, 0.25, 0.50, 0.75, 0.95};
#define N_STAT_PROBS 5
#define WORST_SHARE 0.05

void cs_wilson_interval(size_t successes, size_t n, double *lo, double *hi)
{
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    double p = (double)successes / (double)n, z2n = z * z / (double)n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z * sqrt(p * (1 - p) / (double)n + z2n / (4 * (double)n)) / (1 + z2n);
    *lo = successes == 0 ? 0.0 : fmax(0.0, centre - half);
    *hi = successes == n ? 1.0 : fmin(1.0, centre + half);
}

void cs_summary_free(cs_summary *summary)
{
    free(summary->plan_id);
    free(summary->plan_name);
    free(summary->scenario_id);
    free(summary->checkpoint2);
    free(summary->year);
    memset(summary, 0, sizeof *summary);
}

static void rank_claim(const double *values, size_t n, double claimed, cs_claim_rank *rank)
{
    size_t below = 0;
    for (size_t i = 0; i < n; i++) below += values[i] < claimed;
    rank->claimed = claimed;
    rank->percentile = 100.0 * (double)below / (double)n;
    rank->p_sim_ge = (double)(n - below) / (double)n;
}

/* Fill buffer with one metric of year t, in trial order. */
static void metric_values(const cs_run_data *data, size_t t, int metric, double *buffer)
{
    size_t n = data->trials;
    const double *turnover = data->turnover + t * n, *cost = data->cost + t * n;
    for (size_t i = 0; i < n; i++) {
        double margin = turnover[i] - cost[i];
        switch (metric) {
        case METRIC_TURNOVER: buffer[i] = turnover[i]; break;
        case METRIC_COST: buffer[i] = cost[i]; break;
        case METRIC_MARGIN: buffer[i] = margin; break;
        default: buffer[i] = turnover[i] > 0 ? margin / turnover[i] : -1.0; break;
        }
    }
}

static void fill_stats(cs_stats *stats, double mean, const double *quantiles)
{
    stats->mean = mean;
    stats->p5 = quantiles[0];
    stats->p25 = quantiles[1];
    stats->p50 = quantiles[2];
    stats->p75 = quantiles[3];
    stats->p95 = quantiles[4];
}

/* One metric of one year: mean, quantiles, and for the margin the deficit
** share, the optimism quantile and the claims' ranks. */
static void summarise_metric(const cs_plan *plan, const cs_run_data *data, size_t t, int metric,
                             double *buffer, cs_year_summary *year)
{
    size_t n = data->trials;
    metric_values(data, t, metric, buffer);
    double mean = gsl_stats_mean(buffer, 1, n);
    /* The margin also needs the optimism quantile. */
    double probs[N_STAT_PROBS + 1], quantiles[N_STAT_PROBS + 1];
    memcpy(probs, stat_probs, sizeof stat_probs);
    probs[N_STAT_PROBS] = plan->criteria.optimism_quantile;
    size_t n_probs = metric == METRIC_MARGIN ? N_STAT_PROBS + 1 : N_STAT_PROBS;
    if (metric == METRIC_MARGIN && plan->claim_margin) rank_claim(buffer, n, plan->claim_margin[t], &year->claim_margin);
    if (metric == METRIC_TURNOVER && plan->claim_turnover)
        rank_claim(buffer, n, plan->claim_turnover[t], &year->claim_turnover);
    cs_quantiles(buffer, n, probs, n_probs, 0, quantiles);
    cs_stats *stats[] = {&year->turnover, &year->cost, &year->margin, &year->margin_pct};
    fill_stats(stats[metric], mean, quantiles);
    if (metric == METRIC_MARGIN) {
        year->margin_optimism = quantiles[N_STAT_PROBS];
        year->claim_optimistic = plan->claim_margin && plan->claim_margin[t] > year->margin_optimism;
    }
}

int cs_summarise(const cs_plan *plan, const char *scenario_id, const cs_run_data *data, uint64_t seed,
                 int threads, cs_summary *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = data->trials, years = data->years;
    if (!data->turnover) return cs_error_fail(err, plan->file, "internal: a light run has no yearly figures to summarise");
    out->plan_id = cs_strdup(plan->id);
    out->plan_name = cs_strdup(plan->name);
    out->scenario_id = cs_strdup(scenario_id);
    out->checkpoint2 = plan->checkpoint2 ? cs_strdup(plan->checkpoint2) : NULL;
    out->year = calloc(years, sizeof *out->year);
    if (!out->plan_id || !out->plan_name || !out->scenario_id || !out->year ||
        (plan->checkpoint2 && !out->checkpoint2)) {
        cs_summary_free(out);
        return cs_error_fail(err, plan->file, "out of memory");
    }
    out->population = cs_plan_population(plan);
    out->n_ccgs = plan->n_ccgs;
    out->trials = n;
    out->seed = seed;
    out->years = (int)years;
    out->start_year = plan->start_year;
    out->fs = cs_plan_fs(plan);
    out->criteria = plan->criteria;
    out->has_claims = plan->claim_margin != NULL;

    int failed = 0;
    size_t tasks = years * N_METRICS + 1;
    #pragma omp parallel num_threads(cs_engine_threads(threads))
    {
        double *buffer = cs_bulk_alloc(n * sizeof *buffer);
        if (!buffer) {
            #pragma omp atomic write
            failed = 1;
        }
        #pragma omp for schedule(dynamic, 1)
        for (size_t task = 0; task < tasks; task++) {
            if (!buffer) continue;
            if (task == tasks - 1) {
                size_t worst = (size_t)ceil(WORST_SHARE * (double)n);
                double quantiles[N_STAT_PROBS];
                memcpy(buffer, data->final_reserve, n * sizeof *buffer);
                double mean = gsl_stats_mean(buffer, 1, n);
                cs_quantiles(buffer, n, stat_probs, N_STAT_PROBS, worst, quantiles);
                fill_stats(&out->final_reserve, mean, quantiles);
                out->final_reserve_cvar5 = gsl_stats_mean(buffer, 1, worst);
                continue;
            }
            size_t t = task / N_METRICS;
            summarise_metric(plan, data, t, (int)(task % N_METRICS), buffer, &out->year[t]);
        }
        cs_bulk_free(buffer, n * sizeof *buffer);
    }
    if (failed) {
        cs_summary_free(out);
        return cs_error_fail(err, plan->file, "out of memory summarising %zu trials", n);
    }

    for (size_t t = 0; t < years; t++) {
        out->year[t].year = plan->start_year + (int)t;
        out->year[t].customers_mean = (double)data->customers_total[t] / (double)n;
        out->year[t].p_deficit = (double)data->deficit_count[t] / (double)n;
        out->year[t].p_surplus = (double)data->surplus_count[t] / (double)n;
        out->claims_optimistic |= out->year[t].claim_optimistic;
    }
    out->p_viable = (double)data->viable_count / (double)n;
    cs_wilson_interval(data->viable_count, n, &out->p_viable_lo, &out->p_viable_hi);
    out->verdict = cs_verdict_decide(&plan->criteria, out->p_viable, out->claims_optimistic);
    return CS_OK;
}

int cs_run_and_summarise(const cs_plan *plan, const char *scenario_id, const cs_run_options *options,
                         cs_run_data *data, cs_summary *summary, cs_error *err)
{
    int rc = cs_engine_run(plan, options, data, err);
    if (rc) return rc;
    rc = cs_summarise(plan, scenario_id, data, options->seed, options->threads, summary, err);
    if (rc) cs_run_data_free(data);
    return rc;
}
