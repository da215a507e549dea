/*
** cs_engine.h: the Monte Carlo engine: N trials of one plan on T threads.
**
** Trial i of a plan always draws from stream (seed, plan id, i) (cs_rng.h),
** whichever thread runs it, so the results are the same for any thread
** count, and trial i meets the same luck under every scenario and price.
** Results are stored compactly: turnover and cost per trial and year
** (margin, margin% and the reserve are recomputed from them exactly as the
** model does), the final reserve and a viability flag per trial, and the
** customer count summed per year.
** Ownership: cs_engine_run fills a cs_run_data; cs_run_data_free releases it.
*/
#ifndef CS_ENGINE_H
#define CS_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"
#include "cs_plan.h"

#define CS_DEFAULT_TRIALS 100000
#define CS_DEFAULT_SEED 1

typedef struct cs_run_options {
    size_t trials;
    uint64_t seed;
    int threads;      /* <= 0: every core */
} cs_run_options;

typedef struct cs_run_data {
    size_t trials;
    size_t years;
    double *turnover;         /* [t * trials + i] */
    double *cost;             /* [t * trials + i] */
    double *final_reserve;    /* [i] */
    unsigned char *viable;    /* [i] */
    uint64_t *customers_total;/* [t]: customer CCGs summed over trials */
    size_t viable_count;
    void *block;              /* one cs_bulk_alloc behind the arrays above */
    size_t block_size;
} cs_run_data;

int cs_engine_run(const cs_plan *plan, const cs_run_options *options, cs_run_data *out, cs_error *err);
void cs_run_data_free(cs_run_data *data);

/* Draw exactly the random inputs of trials 0..N-1 (cs_draws_sample) and do
** nothing else: the random-number floor of a run, for the benchmark.
** Returns a checksum of the draws so the work cannot be optimised away. */
double cs_engine_draw_only(const cs_plan *plan, const cs_run_options *options);

/* The thread count to use for a request (<= 0: all cores). */
int cs_engine_threads(int requested);

#endif
