/*
** cs_drivers.c: the tornado, rank correlations and Sobol indices of a plan
** (see cs_drivers.h).
*/
#include "cs_drivers.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_format.h"
#include "cs_correlations.h"
#include "cs_progress.h"

/* The per-trial outputs the estimators need of one run. */
typedef struct run_outputs {
    double *reserve;   /* final reserve [trials] */
    double *margin;    /* margin of the asked year [trials], or NULL */
} run_outputs;

typedef struct design {
    const cs_plan *plan;
    cs_run_options options;   /* light, unless a year's margin is asked */
    int margin_index;         /* t of margin:YEAR, or -1 */
    cs_progress progress;
    size_t runs, total_runs;
} design;

/* Run PLAN with SAMPLING; keep its outputs in KEEP (allocated here) and,
** when BASELINE is given, the viability flags and input summaries too. */
static int run_and_keep(design *d, const cs_plan *plan, const cs_sampling *sampling, run_outputs *keep,
                        cs_run_data *baseline, const char *label, cs_error *err)
{
    cs_progress_update(&d->progress, d->runs, d->runs * d->options.trials, label);
    cs_run_options options = d->options;
    options.sampling = sampling;
    options.keep_inputs = baseline != NULL;
    cs_run_data data;
    int rc = cs_engine_run(plan, &options, &data, err);
    d->runs++;
    if (rc) return rc;
    size_t n = data.trials;
    keep->reserve = malloc(n * sizeof *keep->reserve);
    keep->margin = d->margin_index >= 0 ? malloc(n * sizeof *keep->margin) : NULL;
    if (!keep->reserve || (d->margin_index >= 0 && !keep->margin)) {
        cs_run_data_free(&data);
        return cs_error_fail(err, plan->file, "out of memory");
    }
    memcpy(keep->reserve, data.final_reserve, n * sizeof *keep->reserve);
    if (keep->margin) {
        size_t t = (size_t)d->margin_index;
        for (size_t i = 0; i < n; i++) keep->margin[i] = data.turnover[t * n + i] - data.cost[t * n + i];
    }
    if (baseline) *baseline = data;
    else cs_run_data_free(&data);
    return CS_OK;
}

static void outputs_free(run_outputs *keep)
{
    free(keep->reserve);
    free(keep->margin);
    keep->reserve = keep->margin = NULL;
}

/* One end of the tornado: the plan with input ID held at VALUE, paired
** with the baseline trial by trial. */
/* With CONDITIONAL, the input is held through the sampling at the normal
** score of PROBABILITY, its correlated partners drawn given it (cs_model.h);
** else in a copy of the plan whose input is fixed at VALUE. */
static int tornado_end(design *d, cs_input_id id, double value, int conditional, double probability,
                       const cs_run_data *baseline, double *scratch, cs_tornado_end *end, cs_error *err)
{
    cs_plan held;
    char why[512], label[96];
    int rc = cs_plan_clone(&held, d->plan, err);
    if (rc) return rc;
    if (cs_input_hold(&held, id, value, why, sizeof why) != 0) {
        cs_plan_free(&held);
        return cs_error_input(err, d->plan->file, cs_inputs[id].name, "cannot hold %s at %s: %s", cs_inputs[id].name,
                              CS_NUM(value), why);
    }
    snprintf(label, sizeof label, "%s at %s", cs_inputs[id].label, CS_UNIT(cs_input_unit(id), value));
    cs_progress_update(&d->progress, d->runs, d->runs * d->options.trials, label);
    cs_run_options options = d->options;
    options.light = 1;
    cs_sampling sampling;
    memset(&sampling, 0, sizeof sampling);
    if (conditional) {
        sampling.held[id] = 1;
        sampling.held_value[id] = value;
        sampling.held_score[id] = gsl_cdf_ugaussian_Pinv(probability);
        options.sampling = &sampling;
    }
    cs_run_data data;
    rc = cs_engine_run(conditional ? d->plan : &held, &options, &data, err);
    d->runs++;
    cs_plan_free(&held);
    if (rc) return rc;
    size_t n = data.trials;
    double *viable_base = scratch, *viable_held = scratch + n, *work = scratch + 2 * n;
    for (size_t i = 0; i < n; i++) {
        viable_base[i] = baseline->viable[i];
        viable_held[i] = data.viable[i];
    }
    end->value = value;
    end->p_viable = (double)data.viable_count / (double)n;
    end->p_viable_diff = cs_paired_difference(viable_base, viable_held, n, work);
    end->reserve_mean = gsl_stats_mean(data.final_reserve, 1, n);
    end->reserve_diff = cs_paired_difference(baseline->final_reserve, data.final_reserve, n, work);
    cs_run_data_free(&data);
    return CS_OK;
}

/* Sobol indices of one output over the random inputs; non-random get zeros. */
static int sobol_of(const cs_drivers *out, const run_outputs *a, const run_outputs *b, const run_outputs *mixed,
                    size_t n_mixed, int of_margin, const cs_run_options *options,
                    cs_sobol_index *indices, double *variance, cs_error *err)
{
    const double *ya = of_margin ? a->margin : a->reserve, *yb = of_margin ? b->margin : b->reserve;
    const double *yab[3 * CS_N_INPUTS];
    for (size_t m = 0; m < n_mixed; m++) yab[m] = of_margin ? mixed[m].margin : mixed[m].reserve;
    return cs_sobol_estimate(ya, yb, yab, n_mixed, out->trials, CS_BOOTSTRAP_RESAMPLES, options->seed,
                             options->threads, indices, variance, err);
}

/* Input A ranks before B: the larger tornado swing first; inputs without a
** tornado after, in id order. */
static int ranks_before(const cs_drivers *out, size_t a, size_t b)
{
    const cs_driver *x = &out->input[a], *y = &out->input[b];
    if (x->swung != y->swung) return x->swung;
    if (x->swung && x->swing != y->swing) return x->swing > y->swing;
    return a < b;
}

static void rank_by_swing(cs_drivers *out)
{
    for (size_t k = 0; k < CS_N_INPUTS; k++) out->rank[k] = k;
    for (size_t i = 1; i < CS_N_INPUTS; i++) /* insertion sort of eleven, stable */
        for (size_t j = i; j > 0 && ranks_before(out, out->rank[j], out->rank[j - 1]); j--) {
            size_t held = out->rank[j];
            out->rank[j] = out->rank[j - 1];
            out->rank[j - 1] = held;
        }
}

/* The plan's copula groups into OUT->group and each input's group. */
static int find_groups(const cs_plan *plan, cs_drivers *out, cs_error *err)
{
    cs_correlations active;
    cs_copula copula;
    char why[768];
    cs_plan_correlations_active(plan, &active);
    if (cs_correlations_copula(&copula, &active, why, sizeof why) != 0)
        return cs_error_input(err, plan->file, "correlations", "%s", why);
    for (size_t k = 0; k < CS_N_INPUTS; k++) out->input[k].group = copula.group_of[k];
    out->n_groups = copula.n_groups;
    for (size_t g = 0; g < copula.n_groups; g++) {
        cs_driver_group *group = &out->group[g];
        group->n = copula.group[g].n;
        group->exact = cs_copula_group_conditionable(&copula.group[g]);
        for (size_t i = 0; i < group->n; i++) {
            cs_input_id id = (cs_input_id)copula.group[g].member[i];
            group->member[i] = id;
            out->input[id].correlated = 1;
            out->input[id].exact = group->exact;
        }
    }
    return CS_OK;
}

/* Shapley effects of the final reserve from the chain A = y_0, ..., y_D = B. */
static int shapley_of(cs_drivers *out, const run_outputs *a, const run_outputs *b, const run_outputs *chain,
                      const cs_sampling *sampling, const size_t *random_ids, size_t n_random,
                      const cs_run_options *options, cs_error *err)
{
    size_t n = out->trials, d = n_random;
    const double *y[CS_N_INPUTS + 1];
    y[0] = a->reserve;
    for (size_t m = 1; m < d; m++) y[m] = chain[m - 1].reserve;
    y[d] = b->reserve;
    unsigned char *order = malloc(n * d);
    cs_shapley_value values[CS_N_INPUTS];
    if (!order) return cs_error_fail(err, NULL, "out of memory");
    for (size_t j = 0; j < n; j++) cs_chain_order(sampling, (uint32_t)(options->first_trial + j), order + j * d);
    int rc = cs_shapley_estimate(y, order, d, n, CS_BOOTSTRAP_RESAMPLES, options->seed, options->threads, values, err);
    for (size_t m = 0; m < d && !rc; m++) out->input[random_ids[m]].shapley = values[m];
    free(order);
    return rc;
}

/* The key of the chain's orders: the seed's, so a scenario meets the same. */
#define CHAIN_KEY 0x5ACE5EEDu

int cs_drivers_run(const cs_plan *plan, const cs_run_options *options, int margin_year, cs_drivers *out,
                   cs_error *err)
{
    memset(out, 0, sizeof *out);
    out->trials = options->trials;
    out->seed = options->seed;
    out->margin_year = margin_year;
    out->resamples = CS_BOOTSTRAP_RESAMPLES;
    design d = {.plan = plan, .options = *options, .margin_index = margin_year ? margin_year - plan->start_year : -1};
    d.options.light = d.margin_index < 0;
    if (margin_year && (d.margin_index < 0 || d.margin_index >= plan->years))
        return cs_error_input(err, NULL, "--indices-of", "the plan runs from %d to %d; no year %d", plan->start_year,
                              plan->start_year + plan->years - 1, margin_year);
    int rc = find_groups(plan, out, err);
    if (rc) return rc;

    size_t random_ids[CS_N_INPUTS], n_random = 0, n_swung = 0, correlated_ids[CS_N_INPUTS], n_correlated = 0;
    size_t exact_groups[CS_N_INPUTS], n_exact_groups = 0;
    out->has_shapley = 1;
    for (size_t g = 0; g < out->n_groups; g++) {
        if (out->group[g].exact) exact_groups[n_exact_groups++] = g;
        else out->has_shapley = 0;
    }
    for (size_t k = 0; k < CS_N_INPUTS; k++) {
        cs_driver *driver = &out->input[k];
        driver->id = (cs_input_id)k;
        driver->random = cs_input_is_random(plan, driver->id);
        double low, high;
        driver->swung = cs_input_swing(plan, driver->id, &low, &high) == 0;
        driver->low.value = driver->high.value = low;
        if (driver->swung) driver->high.value = high;
        else if (!driver->random && k != CS_INPUT_LEAVE && k != CS_INPUT_LEADERSHIP)
            driver->low.value = driver->high.value = cs_dist_quantile(cs_input_dist(plan, driver->id), 0.5);
        driver->conditional_tornado = driver->swung && driver->exact && k != CS_INPUT_LEADERSHIP;
        if (driver->random) random_ids[n_random++] = k;
        if (driver->random && driver->exact) correlated_ids[n_correlated++] = k;
        n_swung += driver->swung;
    }
    if (n_random < 2) out->has_shapley = 0;
    size_t chain_runs = out->has_shapley ? n_random - 1 : 0;
    d.total_runs = 2 + n_random + 2 * n_swung + n_correlated + n_exact_groups + chain_runs;
    cs_progress_start(&d.progress, d.total_runs);
    d.progress.enabled &= !options->quiet;

    /* the pick-freeze outputs: A with one input from B (full indices when
    ** correlated), then independent ones, then whole groups */
    run_outputs a = {0}, b = {0}, mixed[3 * CS_N_INPUTS] = {{0}}, chain[CS_N_INPUTS] = {{0}};
    size_t n_mixed = 0;
    cs_run_data baseline = {0};
    cs_sampling set_b, one_from_b;
    memset(&set_b, 0, sizeof set_b);
    for (size_t k = 0; k < CS_N_INPUTS; k++) set_b.stream_set[k] = CS_STREAM_SET_B;
    rc = run_and_keep(&d, plan, NULL, &a, &baseline, "the baseline trials", err);
    if (!rc) rc = run_and_keep(&d, plan, &set_b, &b, NULL, "the second set of trials", err);
    char label[96];
    for (size_t m = 0; m < n_random && !rc; m++) {
        memset(&one_from_b, 0, sizeof one_from_b);
        one_from_b.stream_set[random_ids[m]] = CS_STREAM_SET_B;
        one_from_b.given[random_ids[m]] = 1;
        snprintf(label, sizeof label, "Sobol indices: %s redrawn", cs_inputs[random_ids[m]].label);
        rc = run_and_keep(&d, plan, &one_from_b, &mixed[n_mixed++], NULL, label, err);
    }
    for (size_t m = 0; m < n_correlated && !rc; m++) { /* independent: the partners given */
        cs_input_id id = (cs_input_id)correlated_ids[m];
        const cs_driver_group *group = &out->group[out->input[id].group];
        memset(&one_from_b, 0, sizeof one_from_b);
        one_from_b.stream_set[id] = CS_STREAM_SET_B;
        for (size_t i = 0; i < group->n; i++) one_from_b.given[group->member[i]] = group->member[i] != id;
        snprintf(label, sizeof label, "independent index: %s redrawn given its partners", cs_inputs[id].label);
        rc = run_and_keep(&d, plan, &one_from_b, &mixed[n_mixed++], NULL, label, err);
    }
    for (size_t g = 0; g < n_exact_groups && !rc; g++) {
        const cs_driver_group *group = &out->group[exact_groups[g]];
        memset(&one_from_b, 0, sizeof one_from_b);
        for (size_t i = 0; i < group->n; i++) one_from_b.stream_set[group->member[i]] = CS_STREAM_SET_B;
        snprintf(label, sizeof label, "Sobol indices: correlated group %zu redrawn", exact_groups[g] + 1);
        rc = run_and_keep(&d, plan, &one_from_b, &mixed[n_mixed++], NULL, label, err);
    }
    cs_sampling chain_sampling;
    memset(&chain_sampling, 0, sizeof chain_sampling);
    chain_sampling.chain_n = n_random;
    chain_sampling.chain_key = options->seed ^ CHAIN_KEY;
    for (size_t m = 0; m < n_random; m++) chain_sampling.chain_input[m] = (unsigned char)random_ids[m];
    for (size_t m = 1; m <= chain_runs && !rc; m++) {
        chain_sampling.chain_steps = m;
        snprintf(label, sizeof label, "Shapley effects: step %zu of %zu", m, n_random);
        rc = run_and_keep(&d, plan, &chain_sampling, &chain[m - 1], NULL, label, err);
    }
    double *scratch = rc ? NULL : malloc(3 * options->trials * sizeof *scratch);
    if (!rc && !scratch) rc = cs_error_fail(err, plan->file, "out of memory");
    if (!rc) {
        out->p_viable = (double)baseline.viable_count / (double)baseline.trials;
        out->reserve_mean = gsl_stats_mean(baseline.final_reserve, 1, baseline.trials);
    }
    for (size_t k = 0; k < CS_N_INPUTS && !rc; k++) {
        cs_driver *driver = &out->input[k];
        if (!driver->random) continue;
        rc = cs_spearman(baseline.inputs + k * baseline.trials, baseline.final_reserve, baseline.trials,
                         &driver->rho, &driver->rho_lo, &driver->rho_hi, err);
        int conditional = driver->conditional_tornado;
        if (!rc && driver->swung)
            rc = tornado_end(&d, driver->id, driver->low.value, conditional, CS_SWING_LOW, &baseline, scratch,
                             &driver->low, err);
        if (!rc && driver->swung)
            rc = tornado_end(&d, driver->id, driver->high.value, conditional, CS_SWING_HIGH, &baseline, scratch,
                             &driver->high, err);
        driver->swing = fabs(driver->high.p_viable - driver->low.p_viable);
    }
    for (size_t k = 0; k < CS_N_INPUTS && !rc; k++) /* an input not swung: the baseline at both ends */
        if (!out->input[k].swung) {
            cs_tornado_end *ends[2] = {&out->input[k].low, &out->input[k].high};
            for (int e = 0; e < 2; e++) {
                ends[e]->p_viable = out->p_viable;
                ends[e]->reserve_mean = out->reserve_mean;
            }
        }
    cs_sobol_index indices[3 * CS_N_INPUTS];
    if (!rc && n_random > 0)
        rc = sobol_of(out, &a, &b, mixed, n_mixed, 0, options, indices, &out->reserve_variance, err);
    for (size_t m = 0; m < n_random && !rc; m++) {
        out->input[random_ids[m]].reserve = indices[m];
        out->first_sum += indices[m].first;
    }
    for (size_t m = 0; m < n_correlated && !rc; m++) out->input[correlated_ids[m]].independent = indices[n_random + m];
    for (size_t g = 0; g < n_exact_groups && !rc; g++)
        out->group[exact_groups[g]].reserve = indices[n_random + n_correlated + g];
    if (!rc && n_random > 0 && d.margin_index >= 0)
        rc = sobol_of(out, &a, &b, mixed, n_random, 1, options, indices, &out->margin_variance, err);
    for (size_t m = 0; m < n_random && !rc && d.margin_index >= 0; m++) {
        out->input[random_ids[m]].margin = indices[m];
        out->margin_first_sum += indices[m].first;
    }
    if (!rc && out->has_shapley) rc = shapley_of(out, &a, &b, chain, &chain_sampling, random_ids, n_random, options, err);
    if (!rc && n_random == 1) out->input[random_ids[0]].shapley = (cs_shapley_value){1, 1, 1, 0};
    out->has_shapley |= n_random == 1;
    cs_progress_update(&d.progress, d.runs, d.runs * options->trials, "");
    cs_progress_finish(&d.progress);
    out->runs = d.runs;
    free(scratch);
    outputs_free(&a);
    outputs_free(&b);
    for (size_t m = 0; m < n_mixed; m++) outputs_free(&mixed[m]);
    for (size_t m = 0; m < chain_runs; m++) outputs_free(&chain[m]);
    if (baseline.block) cs_run_data_free(&baseline);
    if (!rc) rank_by_swing(out);
    return rc;
}
