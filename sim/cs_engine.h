/*
** cs_engine.h: the Monte Carlo engine: N trials of one plan on T threads.
**
** Trial i of a plan always draws from stream (seed, plan id, i) (cs_rng.h),
** whichever thread runs it, so the results are the same for any thread
** count, and trial i meets the same luck under every scenario and price.
** Results are stored compactly: turnover and cost per trial and year
** (margin, margin% and the reserve are recomputed from them exactly as the
** model does), the final reserve and a viability flag per trial, and per
** year the customer count summed and the trials in deficit or reaching the
** required surplus counted.  A light run (for analyses that need no
** quantiles of the yearly figures) keeps no per-year figures per trial.
** Ownership: cs_engine_run fills a cs_run_data; cs_run_data_free releases it
** (to the run's workspace when it has one, see cs_run_workspace).
*/
#ifndef CS_ENGINE_H
#define CS_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "cs_dist_table.h"
#include "cs_error.h"
#include "cs_model.h"
#include "cs_plan.h"

#define CS_DEFAULT_TRIALS 100000
/* The most trials a run may have (a trial's index is a 31-bit number). */
#define CS_MAX_TRIALS 2147483647u
#define CS_DEFAULT_SEED 1

/* The trials of a run handed out block by block, in trial order, for a
** writer that streams them (--trials-out): block j of a run holds trials
** first .. first + count - 1. */
#define CS_TRIAL_SINK_BLOCK 65536
typedef struct cs_trial_rows {
    size_t first, count;
    size_t stride;                 /* of inputs: input k of row j is inputs[k * stride + j] */
    const double *inputs;          /* each input's per-trial summary (cs_input_summary) */
    const double *final_reserve;
    const unsigned char *viable;
    const signed char *first_failure; /* cs_trial_first_failure: a year index or -1 */
} cs_trial_rows;
typedef struct cs_trial_sink {
    int (*write)(void *context, const cs_trial_rows *rows, cs_error *err);
    void *context;
} cs_trial_sink;

/* Memory kept across the runs of one command (a sweep's steps, the runs of
** drivers, solve, compare, batch, a report, a server's requests one after
** another).  A run
** whose options name a workspace takes its result block from it (the
** smallest kept block that is large enough, else a new one), and
** cs_run_data_free gives the block back instead of unmapping it, so the next
** run writes into pages already mapped: no fresh mapping and no page
** clearing per run.  The output is the same bits with or without one.
** Not thread-safe: one workspace per command (or per server thread).
** Free every cs_run_data taken from it before cs_run_workspace_free. */
#define CS_RUN_WORKSPACE_BLOCKS 4
typedef struct cs_run_workspace {
    void *block[CS_RUN_WORKSPACE_BLOCKS]; /* kept blocks (NULL: an empty slot) */
    size_t size[CS_RUN_WORKSPACE_BLOCKS]; /* each block's size in bytes */
    size_t reused;                           /* runs that took a kept block (for tests and the bench) */
} cs_run_workspace;

void cs_run_workspace_init(cs_run_workspace *workspace);
void cs_run_workspace_free(cs_run_workspace *workspace);

typedef struct cs_run_options {
    size_t trials;
    size_t first_trial; /* run trials first_trial .. first_trial + trials - 1 (stored from index 0) */
    uint64_t seed;
    int threads;      /* <= 0: every core */
    const cs_sampling *sampling; /* NULL: the default (every input from stream set A) */
    int light;        /* 1: keep no per-year figures per trial (turnover, cost are NULL) */
    int keep_inputs;  /* 1: keep each input's per-trial summary (cs_input_summary) */
    int lhs;          /* 1: Latin hypercube sampling over the run's trials (first_trial must be 0) */
    uint32_t lhs_replicate; /* lhs: 0 the run's own design; R >= 1 the independent replicate R, a design of
                            ** its own trials, which may then start at any first_trial (cs_summary.h) */
    const cs_trial_sink *sink; /* NULL, or a writer of every trial's row */
    cs_dist_table_cache *tables; /* NULL, or the caller's quantile tables kept across runs (cs_inverse.h) */
    int quiet;        /* 1: the analyses draw no progress bar of their own (the caller draws one) */
    struct cs_progress *progress; /* NULL, or the caller's bar a batch advances (its first units) instead of
                                  ** drawing one of its own */
    cs_run_workspace *workspace; /* NULL, or the caller's result memory kept across runs (above) */
    /* NULL, or a counter another thread moves on when this run's results are
    ** no longer wanted (a newer request supersedes it): the run stops early,
    ** as if interrupted, once *generation differs from `wanted`. */
    const _Atomic unsigned long *generation;
    unsigned long wanted;
} cs_run_options;

typedef struct cs_run_data {
    size_t trials;
    size_t years;
    double *turnover;         /* [t * trials + i]; NULL in a light run */
    double *cost;             /* [t * trials + i]; NULL in a light run */
    double *final_reserve;    /* [i] */
    unsigned char *viable;    /* [i] */
    double *inputs;           /* [k * trials + i] for input k (keep_inputs), else NULL */
    uint64_t *customers_total;/* [t]: customer CCGs summed over trials */
    uint64_t *deficit_count;  /* [t]: trials with Margin_t < 0 */
    uint64_t *surplus_count;  /* [t]: trials with margin%_t >= CS_REQUIRED_SURPLUS */
    size_t viable_count;
    void *block;              /* one cs_bulk_alloc behind the arrays above */
    size_t block_size;
    cs_run_workspace *workspace; /* where cs_run_data_free returns the block, or NULL */
} cs_run_data;

int cs_engine_run(const cs_plan *plan, const cs_run_options *options, cs_run_data *out, cs_error *err);
void cs_run_data_free(cs_run_data *data);


/* The margin% NHS England required of the units it hosted (a 5% surplus):
** runs count the trials that reach it in each year. */
#define CS_REQUIRED_SURPLUS 0.05

/* Draw exactly the random inputs of trials 0..N-1 (cs_draws_sample) and do
** nothing else: the random-number floor of a run, for the benchmark.
** Returns a checksum of the draws so the work cannot be optimised away. */
double cs_engine_draw_only(const cs_plan *plan, const cs_run_options *options);

/* The thread count to use for a request (<= 0: all cores). */
int cs_engine_threads(int requested);

#endif
