/*
** cs_precision.c: trials by blocks until an interval is narrow enough
** (see cs_precision.h).
*/
#include "cs_precision.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_progress.h"
#include "cs_summary.h"

#define MAX_PLANS 64

/* Running counts: per plan the viable trials, per pair the sums of the
** trial-by-trial differences of viability (d in {-1, 0, 1}) and of d^2. */
typedef struct tally {
    size_t viable[MAX_PLANS];
    long long difference[MAX_PLANS], difference_sq[MAX_PLANS];
} tally;

/* Every half-width at most H after N trials. */
static int narrow_enough(const tally *counts, size_t n_plans, int paired, size_t n, double h)
{
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    for (size_t p = 0; p < n_plans; p++) {
        double lo, hi;
        cs_wilson_interval(counts->viable[p], n, &lo, &hi);
        if ((hi - lo) / 2 > h) return 0;
        if (!paired || p == 0) continue;
        /* cs_paired_difference's interval: z sd / sqrt(n), sd of the differences */
        double mean = (double)counts->difference[p] / (double)n;
        double variance = ((double)counts->difference_sq[p] - (double)n * mean * mean) / (double)(n - 1);
        if (z * sqrt(variance > 0 ? variance : 0) / sqrt((double)n) > h) return 0;
    }
    return 1;
}

int cs_precision_trials(const cs_plan *const *plans, size_t n_plans, int paired, const cs_run_options *options,
                        double half_width, size_t *trials, int *reached, cs_error *err)
{
    if (!(half_width > 0 && half_width < 0.5))
        return cs_error_input(err, NULL, "--precision", "expected a half-width between 0 and 0.5, found %s",
                              CS_NUM(half_width));
    if (n_plans == 0 || n_plans > MAX_PLANS) return cs_error_fail(err, NULL, "internal: %zu plans", n_plans);
    tally counts;
    memset(&counts, 0, sizeof counts);
    unsigned char *first_viable = malloc(CS_PRECISION_BLOCK);
    if (!first_viable) return cs_error_fail(err, NULL, "out of memory");
    cs_progress progress;
    cs_progress_start(&progress, CS_PRECISION_MAX_TRIALS / CS_PRECISION_BLOCK);
    int rc = CS_OK;
    size_t n = 0;
    *reached = 0;
    while (!rc && n < CS_PRECISION_MAX_TRIALS) {
        cs_run_options block = *options;
        block.trials = CS_PRECISION_BLOCK;
        block.first_trial = n;
        block.light = 1;
        block.keep_inputs = 0;
        for (size_t p = 0; p < n_plans && !rc; p++) {
            cs_run_data data;
            rc = cs_engine_run(plans[p], &block, &data, err);
            if (rc) break;
            counts.viable[p] += data.viable_count;
            if (paired && p == 0) memcpy(first_viable, data.viable, CS_PRECISION_BLOCK);
            for (size_t i = 0; paired && p > 0 && i < CS_PRECISION_BLOCK; i++) {
                int d = (int)data.viable[i] - (int)first_viable[i];
                counts.difference[p] += d;
                counts.difference_sq[p] += d * d;
            }
            cs_run_data_free(&data);
        }
        n += CS_PRECISION_BLOCK;
        cs_progress_update(&progress, n / CS_PRECISION_BLOCK, n * n_plans, "trials for the precision");
        if (!rc && narrow_enough(&counts, n_plans, paired, n, half_width)) {
            *reached = 1;
            break;
        }
    }
    cs_progress_finish(&progress);
    free(first_viable);
    *trials = n;
    return rc;
}
