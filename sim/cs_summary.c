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

static void rank_claim(size_t below, size_t n, double claimed, cs_claim_rank *rank)
{
    rank->claimed = claimed;
    rank->percentile = 100.0 * (double)below / (double)n;
    rank->p_sim_ge = (double)(n - below) / (double)n;
}

/* margin% of a trial-year: MARGIN / TURNOVER where the turnover is
** positive, else -1 (the model's rule).  The quotient is taken either way
** and dropped where unwanted, so a loop of these has no branch and
** vectorises. */
static inline double margin_share(double turnover, double margin)
{
    double share = margin / turnover;
    return turnover > 0 ? share : -1.0;
}

/* One metric of one year, read in chunks (a cs_series_fill). */
typedef struct metric_series {
    const cs_run_data *data;
    size_t t;
    int metric;
} metric_series;

static const double *fill_metric(const void *context, size_t start, size_t count, double *scratch)
{
    const metric_series *series = context;
    size_t n = series->data->trials;
    const double *turnover = series->data->turnover + series->t * n + start;
    const double *cost = series->data->cost + series->t * n + start;
    switch (series->metric) {
    case METRIC_TURNOVER: return turnover;
    case METRIC_COST: return cost;
    case METRIC_MARGIN:
        for (size_t i = 0; i < count; i++) scratch[i] = turnover[i] - cost[i];
        return scratch;
    default:
        for (size_t i = 0; i < count; i++) scratch[i] = margin_share(turnover[i], turnover[i] - cost[i]);
        return scratch;
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

void cs_run_reserves_into(const cs_plan *plan, const cs_run_data *data, double *reserve)
{
    size_t n = data->trials, years = data->years;
    for (size_t i = 0; i < n; i++) {
        double running = plan->opening_reserve;
        for (size_t t = 0; t < years; t++) {
            running += data->turnover[t * n + i] - data->cost[t * n + i];
            reserve[t * n + i] = running;
        }
    }
}

int cs_run_reserves(const cs_plan *plan, const cs_run_data *data, double **out)
{
    double *reserve = malloc(data->trials * data->years * sizeof *reserve);
    if (!reserve) return CS_ERR_FAIL;
    cs_run_reserves_into(plan, data, reserve);
    *out = reserve;
    return CS_OK;
}

int cs_reserve_stats(const cs_plan *plan, const cs_run_data *data, cs_stats *out)
{
    double *reserve;
    if (cs_run_reserves(plan, data, &reserve) != CS_OK) return CS_ERR_FAIL;
    cs_quantile_work work;
    int failed = cs_quantile_work_init(&work) != 0;
    for (size_t t = 0; !failed && t < data->years; t++) {
        double mean, quantiles[N_STAT_PROBS];
        failed = cs_series_stats(&work, reserve + t * data->trials, data->trials, stat_probs, N_STAT_PROBS, NULL, 0,
                                 NULL, &mean, quantiles) != 0;
        if (!failed) fill_stats(&out[t], mean, quantiles);
    }
    cs_quantile_work_free(&work);
    free(reserve);
    return failed ? CS_ERR_FAIL : CS_OK;
}

/* One year: every metric's mean (gsl_stats_mean's own recurrence; the four
** chains interleaved in one pass), minimum, maximum and claim ranks; then
** each metric's quantiles by histogram selection, and for the margin the
** optimism quantile. */
static int summarise_year(const cs_plan *plan, const cs_run_data *data, size_t t, cs_quantile_work *work,
                          cs_year_summary *year)
{
    size_t n = data->trials;
    const double *turnover = data->turnover + t * n, *cost = data->cost + t * n;
    long double running[N_METRICS] = {0};
    double min[N_METRICS], max[N_METRICS];
    size_t below_turnover = 0, below_margin = 0;
    double claim_turnover = plan->claim_turnover ? plan->claim_turnover[t] : 0;
    double claim_margin = plan->claim_margin ? plan->claim_margin[t] : 0;
    for (size_t i = 0; i < n; i++) {
        double margin = turnover[i] - cost[i];
        double value[N_METRICS] = {turnover[i], cost[i], margin, margin_share(turnover[i], margin)};
        for (int k = 0; k < N_METRICS; k++) {
            if (i == 0 || value[k] < min[k]) min[k] = value[k];
            if (i == 0 || value[k] > max[k]) max[k] = value[k];
            cs_mean_add(&running[k], value[k], i);
        }
        below_turnover += value[METRIC_TURNOVER] < claim_turnover;
        below_margin += margin < claim_margin;
    }
    if (plan->claim_turnover) rank_claim(below_turnover, n, claim_turnover, &year->claim_turnover);
    if (plan->claim_margin) rank_claim(below_margin, n, claim_margin, &year->claim_margin);

    double probs[N_STAT_PROBS + 1], quantiles[N_STAT_PROBS + 1];
    memcpy(probs, stat_probs, sizeof stat_probs);
    probs[N_STAT_PROBS] = plan->criteria.optimism_quantile; /* the margin's optimism quantile */
    cs_stats *stats[] = {&year->turnover, &year->cost, &year->margin, &year->margin_pct};
    for (int k = 0; k < N_METRICS; k++) {
        size_t n_probs = k == METRIC_MARGIN ? N_STAT_PROBS + 1 : N_STAT_PROBS;
        metric_series series = {data, t, k};
        if (cs_series_quantiles(work, fill_metric, &series, n, min[k], max[k], probs, n_probs, quantiles) != 0)
            return -1;
        fill_stats(stats[k], (double)running[k], quantiles);
        if (k == METRIC_MARGIN) year->margin_optimism = quantiles[N_STAT_PROBS];
    }
    year->claim_optimistic = plan->claim_margin && plan->claim_margin[t] > year->margin_optimism;
    return 0;
}

/* The final reserve: mean, quantiles and the mean of the worst share, by
** selection on a copy (which also gathers the worst values). */
static int summarise_reserve(const cs_run_data *data, cs_summary *out)
{
    size_t n = data->trials, worst = (size_t)ceil(WORST_SHARE * (double)n);
    double *buffer = cs_bulk_alloc(n * sizeof *buffer), quantiles[N_STAT_PROBS];
    if (!buffer) return -1;
    memcpy(buffer, data->final_reserve, n * sizeof *buffer);
    double mean = gsl_stats_mean(buffer, 1, n);
    cs_quantiles(buffer, n, stat_probs, N_STAT_PROBS, worst, quantiles);
    fill_stats(&out->final_reserve, mean, quantiles);
    out->final_reserve_cvar5 = gsl_stats_mean(buffer, 1, worst);
    cs_bulk_free(buffer, n * sizeof *buffer);
    return 0;
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
    cs_plan_correlations_active(plan, &out->correlations);

    int failed = 0;
    size_t tasks = years + 1;
    #pragma omp parallel num_threads(cs_engine_threads(threads))
    {
        cs_quantile_work work;
        int ready = cs_quantile_work_init(&work) == 0;
        if (!ready) {
            #pragma omp atomic write
            failed = 1;
        }
        #pragma omp for schedule(dynamic, 1)
        for (size_t task = 0; task < tasks; task++) {
            if (!ready) continue;
            int rc = task == tasks - 1 ? summarise_reserve(data, out) : summarise_year(plan, data, task, &work, &out->year[task]);
            if (rc != 0) {
                #pragma omp atomic write
                failed = 1;
            }
        }
        if (ready) cs_quantile_work_free(&work);
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
    out->verdict_borderline = cs_verdict_borderline(&plan->criteria, out->p_viable_lo, out->p_viable_hi);
    return CS_OK;
}

/* Under LHS: P(viable)'s 95% interval from CS_LHS_REPLICATES independent
** replicates (trials numbered after the run's own, each its own design),
** a t interval around the run's P(viable); kept binomial (conservative)
** when the replicates are too small or agree exactly. */
static int replicate_interval(const cs_plan *plan, const cs_run_options *options, cs_summary *summary, cs_error *err)
{
    size_t r = CS_LHS_REPLICATES, size = options->trials / r;
    if (size < 2 || options->trials > CS_MAX_TRIALS - r * size) return CS_OK;
    double means[CS_LHS_REPLICATES];
    for (size_t j = 0; j < r; j++) {
        cs_run_options replicate = {.trials = size, .first_trial = options->trials + j * size, .seed = options->seed,
                                    .threads = options->threads, .sampling = options->sampling, .light = 1,
                                    .lhs = 1, .lhs_replicate = (uint32_t)(j + 1), .tables = options->tables};
        cs_run_data data;
        int rc = cs_engine_run(plan, &replicate, &data, err);
        if (rc) return rc;
        means[j] = (double)data.viable_count / (double)size;
        cs_run_data_free(&data);
    }
    double sd = gsl_stats_sd(means, 1, r);
    if (!(sd > 0)) return CS_OK;
    double half = gsl_cdf_tdist_Pinv(0.975, (double)(r - 1)) * sd / sqrt((double)r);
    summary->p_viable_lo = fmax(0.0, summary->p_viable - half);
    summary->p_viable_hi = fmin(1.0, summary->p_viable + half);
    summary->interval_from_replicates = 1;
    summary->lhs_replicates = r;
    const double thresholds[] = {plan->criteria.proceed_at, plan->criteria.rigorous_at};
    summary->verdict_borderline = 0;
    for (size_t k = 0; k < 2; k++)
        summary->verdict_borderline |= summary->p_viable_lo <= thresholds[k] && thresholds[k] <= summary->p_viable_hi;
    return CS_OK;
}

int cs_run_and_summarise(const cs_plan *plan, const char *scenario_id, const cs_run_options *options,
                         cs_run_data *data, cs_summary *summary, cs_error *err)
{
    int rc = cs_engine_run(plan, options, data, err);
    if (rc) return rc;
    rc = cs_summarise(plan, scenario_id, data, options->seed, options->threads, summary, err);
    if (rc) {
        cs_run_data_free(data);
        return rc;
    }
    summary->lhs = options->lhs;
    if (options->lhs && !options->lhs_replicate && (rc = replicate_interval(plan, options, summary, err))) {
        cs_summary_free(summary);
        cs_run_data_free(data);
    }
    return rc;
}
