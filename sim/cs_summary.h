/*
** cs_summary.h: the figures of docs/model.md "Output" for one plan under one
** scenario, computed from a run's stored trials.
**
** Quantiles are GSL's (cs_quantile.h); P(viable) carries a 95% Wilson
** interval; claims are ranked among the simulated values.  Ownership:
** cs_summarise fills a cs_summary; cs_summary_free releases it.
*/
#ifndef CS_SUMMARY_H
#define CS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "cs_engine.h"
#include "cs_model.h"
#include "cs_plan.h"

typedef struct cs_stats {
    double mean, p5, p25, p50, p75, p95;
} cs_stats;

/* Where a claimed figure falls among the simulated ones. */
typedef struct cs_claim_rank {
    double claimed;
    double percentile;   /* 100 x share of simulated values below the claim */
    double p_sim_ge;     /* share of simulated values >= the claim */
} cs_claim_rank;

typedef struct cs_year_summary {
    int year;                      /* calendar year the financial year starts */
    cs_stats turnover, cost, margin, margin_pct;
    double p_deficit;              /* share of trials with margin < 0 */
    double p_surplus;              /* share with margin% >= CS_REQUIRED_SURPLUS (5%) */
    double customers_mean;
    double margin_optimism;        /* the optimism_quantile of the margin */
    cs_claim_rank claim_turnover, claim_margin;
    int claim_optimistic;          /* claimed margin > margin_optimism */
} cs_year_summary;

typedef struct cs_summary {
    char *plan_id, *plan_name, *scenario_id, *checkpoint2;
    double population;             /* year-0 population of all CCGs */
    size_t n_ccgs;
    size_t trials;
    uint64_t seed;
    int years, start_year, fs;
    double p_viable, p_viable_lo, p_viable_hi;
    cs_verdict verdict;
    int verdict_borderline;        /* the 95% interval straddles proceed_at or rigorous_at */
    int has_claims, claims_optimistic;
    cs_criteria criteria;
    cs_year_summary *year;         /* [years] */
    cs_stats final_reserve;
    double final_reserve_cvar5;    /* mean of the worst 5% */
    double precision;              /* --precision H the trials were chosen for, or 0 */
    int precision_reached;
    int lhs;                       /* Latin hypercube sampling */
    /* How p_viable_lo/hi were found: the binomial (Wilson) interval, exact
    ** for random sampling and conservative under Latin hypercube sampling;
    ** or, under LHS, a t interval from lhs_replicates independent LHS
    ** replicates of trials / lhs_replicates trials each (run besides the
    ** trials themselves, which give P(viable)): the spread of their means,
    ** divided by the square root of their number, estimates the standard
    ** error of the whole design's (LHS's error shrinks as 1 / trials). */
    int interval_from_replicates;
    size_t lhs_replicates;
    cs_correlations correlations;  /* the rank correlations the run induced (active pairs) */
} cs_summary;

int cs_summarise(const cs_plan *plan, const char *scenario_id, const cs_run_data *data, uint64_t seed,
                 int threads, cs_summary *out, cs_error *err);
void cs_summary_free(cs_summary *summary);

/* Each trial's reserve at the end of every year, [t * trials + i], from its
** turnover and cost (R_t = R_t-1 + turnover_t - cost_t from the opening
** reserve, docs/model.md step 10), into a new array (the caller frees it).
** Needs a run with yearly figures.  CS_OK or CS_ERR_FAIL (memory). */
int cs_run_reserves(const cs_plan *plan, const cs_run_data *data, double **out);
/* The same into RESERVE, the caller's trials x years doubles (a buffer kept
** across runs, as cssim serve keeps one). */
void cs_run_reserves_into(const cs_plan *plan, const cs_run_data *data, double *reserve);

/* The reserve at the end of each year: mean and percentiles over the
** trials into out[0 .. years).  CS_OK or CS_ERR_FAIL (memory). */
int cs_reserve_stats(const cs_plan *plan, const cs_run_data *data, cs_stats *out);

/* 95% Wilson score interval for successes out of n. */
void cs_wilson_interval(size_t successes, size_t n, double *lo, double *hi);

#define CS_LHS_REPLICATES 10

/* Run a plan and summarise it in one call: the common path of run,
** compare and batch.  Under LHS this also runs the replicates of the
** interval (when there are at least 2 trials a replicate). */
int cs_run_and_summarise(const cs_plan *plan, const char *scenario_id, const cs_run_options *options,
                         cs_run_data *data, cs_summary *summary, cs_error *err);

#endif
