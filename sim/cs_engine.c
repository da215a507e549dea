/*
** cs_engine.c: runs trials in parallel with OpenMP and stores their results;
** on the AVX2 path four trials at a time in vector lanes (cs_trial_lanes_run).
*/
#include "cs_engine.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "cs_bulk.h"
#include "cs_interrupt.h"
#include "cs_inverse.h"
#include "cs_model.h"
#include "cs_rng.h"

#define TRIAL_CHUNK 512

/* The run is to stop: a signal came, or a newer request superseded it. */
static int run_stopped(const cs_run_options *options)
{
    return cs_interrupted() || (options->generation && *options->generation != options->wanted);
}

int cs_engine_threads(int requested)
{
    return requested > 0 ? requested : omp_get_num_procs();
}

void cs_run_workspace_init(cs_run_workspace *workspace) { memset(workspace, 0, sizeof *workspace); }

void cs_run_workspace_free(cs_run_workspace *workspace)
{
    for (size_t k = 0; k < CS_RUN_WORKSPACE_BLOCKS; k++) cs_bulk_free(workspace->block[k], workspace->size[k]);
    memset(workspace, 0, sizeof *workspace);
}

/* A block of at least SIZE bytes: the smallest kept one that fits, else a
** new mapping; *GOT is its real size. */
static void *workspace_take(cs_run_workspace *workspace, size_t size, size_t *got)
{
    size_t best = CS_RUN_WORKSPACE_BLOCKS;
    for (size_t k = 0; workspace && k < CS_RUN_WORKSPACE_BLOCKS; k++)
        if (workspace->block[k] && workspace->size[k] >= size &&
            (best == CS_RUN_WORKSPACE_BLOCKS || workspace->size[k] < workspace->size[best]))
            best = k;
    if (best == CS_RUN_WORKSPACE_BLOCKS) {
        *got = size;
        return cs_bulk_alloc(size);
    }
    void *block = workspace->block[best];
    *got = workspace->size[best];
    workspace->block[best] = NULL;
    workspace->size[best] = 0;
    workspace->reused++;
    return block;
}

/* Keep BLOCK in the workspace: in an empty slot, else in place of the
** smallest kept block when it is larger; whatever is not kept is unmapped. */
static void workspace_give(cs_run_workspace *workspace, void *block, size_t size)
{
    size_t slot = 0;
    for (size_t k = 0; k < CS_RUN_WORKSPACE_BLOCKS; k++) {
        if (!workspace->block[k]) {
            slot = k;
            break;
        }
        if (workspace->size[k] < workspace->size[slot]) slot = k;
    }
    if (workspace->block[slot] && workspace->size[slot] >= size) {
        cs_bulk_free(block, size);
        return;
    }
    cs_bulk_free(workspace->block[slot], workspace->size[slot]);
    workspace->block[slot] = block;
    workspace->size[slot] = size;
}

void cs_run_data_free(cs_run_data *data)
{
    if (data->workspace && data->block) workspace_give(data->workspace, data->block, data->block_size);
    else cs_bulk_free(data->block, data->block_size);
    memset(data, 0, sizeof *data);
}


/* One block: turnover and cost [years][trials] (unless light), input
** summaries [inputs][trials] (if kept), final reserve [trials], the yearly
** counts [3][years], viable flags [trials]. */
static int run_data_alloc(cs_run_data *data, const cs_run_options *options, size_t years)
{
    memset(data, 0, sizeof *data);
    size_t trials = options->trials;
    size_t year_doubles = options->light ? 0 : 2 * trials * years;
    size_t input_doubles = options->keep_inputs ? CS_N_INPUTS * trials : 0;
    size_t doubles = year_doubles + input_doubles + trials, counts = 3 * years;
    size_t size = doubles * sizeof(double) + counts * sizeof(uint64_t) + trials;
    data->block = workspace_take(options->workspace, size, &data->block_size);
    if (!data->block) return CS_ERR_FAIL;
    data->workspace = options->workspace;
    data->trials = trials;
    data->years = years;
    double *next = data->block;
    if (year_doubles) {
        data->turnover = next;
        data->cost = next + trials * years;
        next += year_doubles;
    }
    if (input_doubles) {
        data->inputs = next;
        next += input_doubles;
    }
    data->final_reserve = next;
    data->customers_total = (uint64_t *)(data->final_reserve + trials);
    data->deficit_count = data->customers_total + years;
    data->surplus_count = data->deficit_count + years;
    data->viable = (unsigned char *)(data->surplus_count + years);
    /* Every trial writes its own figures; only the yearly counts are sums
    ** (a kept block holds the last run's). */
    memset(data->customers_total, 0, counts * sizeof(uint64_t));
    return CS_OK;
}

/* The lowest-numbered trial with a non-finite figure (the same trial for
** any thread count). */
typedef struct nonfinite {
    size_t trial;
    int year;
    const char *figure;
} nonfinite;

static void note_nonfinite(nonfinite *bad, size_t trial, const cs_year *year_of, int years)
{
    int year;
    const char *figure;
    if (!cs_trial_nonfinite(year_of, years, &year, &figure)) return;
    #pragma omp critical(cs_engine_nonfinite)
    if (trial < bad->trial) *bad = (nonfinite){trial, year, figure};
}

/* What every thread of a run shares. */
typedef struct run_shared {
    const cs_plan *plan;
    const cs_run_options *options;
    const cs_inverse *inverse;    /* NULL when no input is drawn by its inverse CDF */
    cs_run_data *out;
    uint32_t plan_key;
    signed char *first_failure;   /* [block] for the trial sink, else NULL */
    double *sink_inputs;          /* [k * block + j] for the trial sink, else NULL */
    size_t sink_block;
    int failed;
    nonfinite bad;
} run_shared;

/* Trial I's figures YEAR_OF[0 .. years-1] (from cs_trial_run or a lane)
** into the run's arrays and the thread's COUNTS (customers, deficits,
** surpluses per year); DRAWS are the trial's draws.  FINITE: 1 when the
** lanes found every figure cs_trial_nonfinite checks finite. */
static void keep_trial(run_shared *run, size_t begin, size_t i, const cs_draws *draws, const cs_year *year_of,
                       int viable, int finite, uint64_t *counts)
{
    const cs_plan *plan = run->plan;
    cs_run_data *out = run->out;
    size_t trials = run->options->trials, years = (size_t)plan->years;
    if (!finite) note_nonfinite(&run->bad, run->options->first_trial + i, year_of, (int)years);
    for (size_t t = 0; t < years; t++) {
        const cs_year *year = &year_of[t];
        if (out->turnover) {
            out->turnover[t * trials + i] = year->turnover;
            out->cost[t * trials + i] = year->cost;
        }
        counts[t] += (uint64_t)year->customers;
        counts[years + t] += year->margin < 0;
        counts[2 * years + t] += year->margin_pct >= CS_REQUIRED_SURPLUS;
    }
    if (out->inputs)
        for (size_t k = 0; k < CS_N_INPUTS; k++)
            out->inputs[k * trials + i] = cs_input_summary(plan, draws, (cs_input_id)k);
    if (run->sink_inputs) {
        size_t j = i - begin;
        for (size_t k = 0; k < CS_N_INPUTS; k++)
            run->sink_inputs[k * run->sink_block + j] = cs_input_summary(plan, draws, (cs_input_id)k);
        run->first_failure[j] = (signed char)cs_trial_first_failure(plan, year_of);
    }
    out->final_reserve[i] = year_of[years - 1].reserve;
    out->viable[i] = (unsigned char)viable;
}

/* Trials BEGIN .. END - 1 (indices into the run) on the run's threads, in
** groups of WIDTH consecutive trials: CS_LANES at once in vector lanes
** (cs_trial_lanes_run) where the path has them, else one by one; a last
** group short of CS_LANES runs its trials one by one.  Either way each trial
** gives the same bits, so the output is the same for any grouping, path and
** thread count. */
static size_t run_trials(run_shared *run, size_t begin, size_t end)
{
    const cs_plan *plan = run->plan;
    const cs_run_options *options = run->options;
    size_t years = (size_t)plan->years, n_ccgs = plan->n_ccgs, viable_count = 0;
    int lanes = cs_trial_lanes_for(cs_simd_select());
    size_t width = lanes ? CS_LANES : 1, groups = (end - begin + width - 1) / width;
    #pragma omp parallel num_threads(cs_engine_threads(options->threads)) reduction(+ : viable_count)
    {
        cs_draws draws[CS_LANES];
        cs_trial_work work;
        cs_lane_work lane_work = {0};
        gsl_rng *rng = cs_rng_alloc();
        uint64_t *counts = calloc(3 * years, sizeof *counts); /* customers, deficits, surpluses */
        size_t drawn = 0; /* draws[0 .. drawn-1] are set up */
        while (rng && counts && drawn < width && cs_draws_init(&draws[drawn], years, n_ccgs) == CS_OK)
            draws[drawn++].inverse = run->inverse;
        int have_work = drawn == width && cs_trial_work_init(&work, years, n_ccgs) == CS_OK;
        int have_lanes = have_work && lanes && cs_lane_work_init(&lane_work, years, n_ccgs) == CS_OK;
        int ready = have_work && (have_lanes || !lanes);
        if (!ready) {
            #pragma omp atomic write
            run->failed = 1;
        }
        #pragma omp for schedule(dynamic, TRIAL_CHUNK / width)
        for (size_t g = 0; g < groups; g++) {
            if (!ready || run_stopped(options)) continue;
            size_t first = begin + g * width, count = end - first < width ? end - first : width;
            for (size_t k = 0; k < count; k++) {
                cs_rng_trial(rng, options->seed, run->plan_key, (uint32_t)(options->first_trial + first + k));
                cs_draws_sample(&draws[k], plan, rng, options->sampling);
            }
            if (count == CS_LANES && lanes) {
                const cs_draws *const lane_draws[CS_LANES] = {&draws[0], &draws[1], &draws[2], &draws[3]};
                cs_trial_lanes_run(plan, lane_draws, &lane_work);
                for (size_t k = 0; k < CS_LANES; k++) {
                    keep_trial(run, begin, first + k, &draws[k], lane_work.year + k * years, lane_work.viable[k],
                               lane_work.finite[k], counts);
                    viable_count += (size_t)lane_work.viable[k];
                }
            } else
                for (size_t k = 0; k < count; k++) {
                    int viable = cs_trial_run(plan, &draws[k], &work);
                    keep_trial(run, begin, first + k, &draws[k], work.year, viable, 0, counts);
                    viable_count += (size_t)viable;
                }
        }
        if (ready) {
            /* Integer sums: the same whatever order the threads add them in. */
            #pragma omp critical(cs_engine_counts)
            for (size_t t = 0; t < 3 * years; t++) run->out->customers_total[t] += counts[t];
        }
        if (have_work) cs_trial_work_free(&work);
        if (have_lanes) cs_lane_work_free(&lane_work);
        for (size_t k = 0; k < drawn; k++) cs_draws_free(&draws[k]);
        free(counts);
        if (rng) gsl_rng_free(rng);
    }
    return viable_count;
}

/* The trials in blocks of the sink's size, each handed to the sink in order. */
static int run_with_sink(run_shared *run, size_t *viable_count, cs_error *err)
{
    const cs_trial_sink *sink = run->options->sink;
    size_t trials = run->options->trials;
    run->sink_block = trials < CS_TRIAL_SINK_BLOCK ? trials : CS_TRIAL_SINK_BLOCK;
    run->sink_inputs = malloc(CS_N_INPUTS * run->sink_block * sizeof *run->sink_inputs);
    run->first_failure = malloc(run->sink_block);
    int rc = CS_OK;
    if (!run->sink_inputs || !run->first_failure) rc = cs_error_fail(err, NULL, "out of memory");
    for (size_t begin = 0; !rc && begin < trials; begin += run->sink_block) {
        size_t end = trials - begin < run->sink_block ? trials : begin + run->sink_block;
        *viable_count += run_trials(run, begin, end);
        if (run->failed || run_stopped(run->options) || run->bad.trial != SIZE_MAX) break;
        cs_trial_rows rows = {.first = run->options->first_trial + begin, .count = end - begin,
                              .stride = run->sink_block, .inputs = run->sink_inputs,
                              .final_reserve = run->out->final_reserve + begin, .viable = run->out->viable + begin,
                              .first_failure = run->first_failure};
        rc = sink->write(sink->context, &rows, err);
    }
    free(run->sink_inputs);
    free(run->first_failure);
    return rc;
}

/* Latin hypercube with correlations: every trial's draws once, to rank
** the correlated scores (cs_inverse.h); the same for any thread count. */
static int rank_pass(cs_inverse *inverse, const cs_plan *plan, const cs_run_options *options, cs_error *err)
{
    int rc = cs_inverse_rank_begin(inverse, plan, err);
    if (rc) return rc;
    size_t years = (size_t)plan->years, n_ccgs = plan->n_ccgs;
    uint32_t plan_key = cs_rng_plan_key(plan->id);
    int failed = 0;
    #pragma omp parallel num_threads(cs_engine_threads(options->threads))
    {
        cs_draws draws;
        gsl_rng *rng = cs_rng_alloc();
        int ready = rng && cs_draws_init(&draws, years, n_ccgs) == CS_OK;
        if (!ready) {
            #pragma omp atomic write
            failed = 1;
        } else draws.inverse = inverse; /* no ranks yet: the scores z = L e */
        #pragma omp for schedule(dynamic, TRIAL_CHUNK)
        for (size_t i = 0; i < options->trials; i++) {
            if (!ready || cs_interrupted()) continue;
            cs_rng_trial(rng, options->seed, plan_key, (uint32_t)(options->first_trial + i));
            cs_draws_sample(&draws, plan, rng, options->sampling);
            cs_inverse_rank_note(inverse, &draws, (uint32_t)i);
        }
        if (ready) cs_draws_free(&draws);
        if (rng) gsl_rng_free(rng);
    }
    if (failed) return cs_error_fail(err, plan->file, "out of memory for the trial work space");
    if (cs_interrupted()) return cs_error_interrupted(err);
    return cs_inverse_rank_finish(inverse, err);
}

int cs_engine_run(const cs_plan *plan, const cs_run_options *options, cs_run_data *out, cs_error *err)
{
    size_t trials = options->trials, years = (size_t)plan->years;
    if (trials == 0) return cs_error_input(err, NULL, NULL, "the number of trials must be at least 1");
    if (trials > CS_MAX_TRIALS || options->first_trial > CS_MAX_TRIALS - trials)
        return cs_error_input(err, NULL, NULL, "at most %u trials", CS_MAX_TRIALS);
    if (options->lhs && options->first_trial != 0 && !options->lhs_replicate)
        return cs_error_input(err, NULL, NULL,
                              "Latin hypercube sampling stratifies one fixed set of trials; it cannot add trials "
                              "in blocks (--precision)");
    cs_inverse inverse;
    int rc = cs_inverse_init(&inverse, plan, options->lhs, (uint32_t)trials, options->tables, plan->file, err);
    inverse.first = (uint32_t)options->first_trial;
    inverse.replicate = options->lhs_replicate;
    if (!rc && cs_inverse_needs_ranks(&inverse)) rc = rank_pass(&inverse, plan, options, err);
    if (rc) {
        cs_inverse_free(&inverse);
        return rc;
    }
    if (run_data_alloc(out, options, years) != CS_OK) {
        cs_inverse_free(&inverse);
        return cs_error_fail(err, plan->file, "out of memory for %zu trials of %zu years", trials, years);
    }
    run_shared run = {.plan = plan, .options = options, .inverse = inverse.any ? &inverse : NULL, .out = out,
                      .plan_key = cs_rng_plan_key(plan->id), .bad = {.trial = SIZE_MAX}};
    size_t viable_count = 0;
    if (options->sink) rc = run_with_sink(&run, &viable_count, err);
    else viable_count = run_trials(&run, 0, trials);
    cs_inverse_free(&inverse);
    if (rc || run.failed || run_stopped(options) || run.bad.trial != SIZE_MAX) {
        cs_run_data_free(out);
        if (rc) return rc;
        if (run.failed) return cs_error_fail(err, plan->file, "out of memory for the trial work space");
        if (cs_interrupted()) return cs_error_interrupted(err);
        if (run_stopped(options)) {
            cs_error_fail(err, plan->file, "superseded by a newer request");
            return err->code = CS_ERR_INTERRUPTED;
        }
        int year = plan->start_year + run.bad.year;
        return cs_error_input(err, plan->file, NULL,
                              "trial %zu, year %d/%02d: %s is not a finite number; an input of this plan (or "
                              "its scenario) is beyond any sensible range",
                              run.bad.trial, year, (year + 1) % 100, run.bad.figure);
    }
    out->viable_count = viable_count;
    return CS_OK;
}

double cs_engine_draw_only(const cs_plan *plan, const cs_run_options *options)
{
    size_t years = (size_t)plan->years, n_ccgs = plan->n_ccgs;
    uint32_t plan_key = cs_rng_plan_key(plan->id);
    double checksum = 0;
    #pragma omp parallel num_threads(cs_engine_threads(options->threads)) reduction(+ : checksum)
    {
        cs_draws draws;
        gsl_rng *rng = cs_rng_alloc();
        int ready = rng && cs_draws_init(&draws, years, n_ccgs) == CS_OK;
        #pragma omp for schedule(dynamic, TRIAL_CHUNK)
        for (size_t i = 0; i < options->trials; i++) {
            if (!ready) continue;
            cs_rng_trial(rng, options->seed, plan_key, (uint32_t)i);
            cs_draws_sample(&draws, plan, rng, options->sampling);
            checksum += draws.churn_base + draws.leave_draw[(years - 1) * n_ccgs];
        }
        if (ready) cs_draws_free(&draws);
        if (rng) gsl_rng_free(rng);
    }
    return checksum;
}
