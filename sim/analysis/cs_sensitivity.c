/*
** cs_sensitivity.c: Sobol indices by pick-freeze, bootstrap intervals and
** Spearman's rank correlation (see cs_sensitivity.h).
*/
#include "cs_sensitivity.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_engine.h"
#include "cs_quantile.h"
#include "cs_rng.h"

/* The bootstrap's own stream: trial = resample, plan key fixed. */
#define BOOTSTRAP_STREAM 0xB0075u

/* An estimate of K figures from the trials PICK (all N when NULL; else a
** resample's indices), into OUT, with SCRATCH of K doubles. */
typedef void (*estimate_fn)(const void *design, size_t n, const uint32_t *pick, double *out, double *scratch);

typedef struct sobol_design {
    const double *ya, *yb;
    const double *const *yab;
    size_t k;
} sobol_design;

/* First-order indices then total indices (2k figures); the variance V into
** scratch[k] (scratch holds 2k + 1). */
static void sobol_estimate(const void *design, size_t n, const uint32_t *pick, double *out, double *scratch)
{
    const sobol_design *sd = design;
    size_t k = sd->k;
    double *first_sum = scratch, *total_sum = scratch + k;
    double sum = 0, sum_sq = 0;
    for (size_t m = 0; m < k; m++) first_sum[m] = total_sum[m] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = pick ? pick[i] : i;
        double a = sd->ya[j], b = sd->yb[j];
        sum += a + b;
        sum_sq += a * a + b * b;
        for (size_t m = 0; m < k; m++) {
            double mixed = sd->yab[m][j];
            first_sum[m] += b * (mixed - a);
            total_sum[m] += (a - mixed) * (a - mixed);
        }
    }
    double count = 2.0 * (double)n, mean = sum / count;
    double v = (sum_sq - count * mean * mean) / (count - 1);
    scratch[2 * k] = v;
    for (size_t m = 0; m < k; m++) {
        out[m] = v > 0 ? first_sum[m] / (double)n / v : 0.0;
        out[k + m] = v > 0 ? total_sum[m] / (2.0 * (double)n) / v : 0.0;
    }
}

/* 2.5% and 97.5% percentiles and the standard deviation of VALUES (permuted). */
static void interval(double *values, size_t n, double *lo, double *hi, double *sd)
{
    static const double probabilities[2] = {0.025, 0.975};
    double quantiles[2];
    *sd = gsl_stats_sd(values, 1, n);
    cs_quantiles(values, n, probabilities, 2, 0, quantiles);
    *lo = quantiles[0];
    *hi = quantiles[1];
}

/* The percentile bootstrap of K figures: RESAMPLES resamples of the N
** trials, each drawn from the seed's bootstrap stream (so the same for any
** thread count); LO, HI and SE (K each) get the intervals and standard
** deviations.  SCRATCH_SIZE doubles of scratch per estimate. */
static int bootstrap(estimate_fn estimate, const void *design, size_t n, size_t k, size_t scratch_size,
                     size_t resamples, uint64_t seed, int threads, double *lo, double *hi, double *se)
{
    double *draws = malloc(resamples * k * sizeof *draws);
    if (!draws) return CS_ERR_FAIL;
    int failed = 0;
    #pragma omp parallel num_threads(cs_engine_threads(threads))
    {
        uint32_t *pick = malloc(n * sizeof *pick);
        double *scratch = malloc(scratch_size * sizeof *scratch);
        gsl_rng *rng = cs_rng_alloc();
        if (!pick || !scratch || !rng) {
            #pragma omp atomic write
            failed = 1;
        }
        #pragma omp for schedule(dynamic, 1)
        for (size_t r = 0; r < resamples; r++) {
            if (!pick || !scratch || !rng) continue;
            cs_rng_trial(rng, seed, BOOTSTRAP_STREAM, (uint32_t)r);
            for (size_t i = 0; i < n; i++) pick[i] = (uint32_t)gsl_rng_uniform_int(rng, n);
            estimate(design, n, pick, draws + r * k, scratch);
        }
        free(pick);
        free(scratch);
        if (rng) gsl_rng_free(rng);
    }
    double *column = failed ? NULL : malloc(resamples * sizeof *column);
    for (size_t m = 0; m < k && column; m++) {
        for (size_t r = 0; r < resamples; r++) column[r] = draws[r * k + m];
        interval(column, resamples, &lo[m], &hi[m], &se[m]);
    }
    if (!failed && !column) failed = 1;
    free(column);
    free(draws);
    return failed ? CS_ERR_FAIL : CS_OK;
}

int cs_sobol_estimate(const double *ya, const double *yb, const double *const *yab, size_t k, size_t n,
                      size_t resamples, uint64_t seed, int threads, cs_sobol_index *out, double *variance,
                      cs_error *err)
{
    if (n < 2) return cs_error_input(err, NULL, NULL, "Sobol indices need at least 2 trials");
    sobol_design design = {ya, yb, yab, k};
    double *figures = malloc(2 * k * 4 * sizeof *figures), *scratch = malloc((2 * k + 1) * sizeof *scratch);
    if (!figures || !scratch) {
        free(figures);
        free(scratch);
        return cs_error_fail(err, NULL, "out of memory for the bootstrap");
    }
    double *value = figures, *lo = figures + 2 * k, *hi = figures + 4 * k, *se = figures + 6 * k;
    sobol_estimate(&design, n, NULL, value, scratch);
    *variance = scratch[2 * k];
    int rc = bootstrap(sobol_estimate, &design, n, 2 * k, 2 * k + 1, resamples, seed, threads, lo, hi, se);
    for (size_t m = 0; m < k && !rc; m++) {
        cs_sobol_index *index = &out[m];
        index->first = value[m];
        index->total = value[k + m];
        index->first_lo = lo[m], index->first_hi = hi[m], index->first_se = se[m];
        index->total_lo = lo[k + m], index->total_hi = hi[k + m], index->total_se = se[k + m];
    }
    free(figures);
    free(scratch);
    return rc ? cs_error_fail(err, NULL, "out of memory for the bootstrap") : CS_OK;
}

typedef struct shapley_design {
    const double *step;   /* step[j * (d + 1) + i]: trial j's increment for input i; [.. + d]: (y_0 - y_d)^2 */
    size_t d;
} shapley_design;

/* Each trial's chain adds, for the input at its step m, the growth of the
** squared distance from y_0: (y_0 - y_m)^2 - (y_0 - y_{m-1})^2; the total
** over the chain is (y_0 - y_d)^2, whose mean (halved) is V.  So the
** effects sum to one exactly.  The increments are worked out once
** (chain_steps), so a resample only sums rows. */
static void shapley_estimate(const void *design, size_t n, const uint32_t *pick, double *out, double *scratch)
{
    const shapley_design *sd = design;
    size_t d = sd->d, width = d + 1;
    for (size_t m = 0; m < width; m++) scratch[m] = 0;
    for (size_t i = 0; i < n; i++) {
        const double *row = sd->step + (pick ? pick[i] : i) * width;
        for (size_t m = 0; m < width; m++) scratch[m] += row[m];
    }
    double total = scratch[d];
    for (size_t m = 0; m < d; m++) out[m] = total > 0 ? scratch[m] / total : 0.0;
}

static void chain_steps(const double *const *y, const unsigned char *order, size_t d, size_t n, double *step)
{
    size_t width = d + 1;
    for (size_t j = 0; j < n; j++) {
        double *row = step + j * width, y0 = y[0][j], before = 0;
        for (size_t m = 1; m <= d; m++) {
            double gap = y0 - y[m][j], now = gap * gap;
            row[order[j * d + m - 1]] = now - before;
            before = now;
        }
        row[d] = before;
    }
}

int cs_shapley_estimate(const double *const *y, const unsigned char *order, size_t d, size_t n, size_t resamples,
                        uint64_t seed, int threads, cs_shapley_value *out, cs_error *err)
{
    if (n < 2) return cs_error_input(err, NULL, NULL, "Shapley effects need at least 2 trials");
    double *figures = malloc(d * 4 * sizeof *figures), *scratch = malloc((d + 1) * sizeof *scratch);
    double *step = malloc(n * (d + 1) * sizeof *step);
    if (!figures || !scratch || !step) {
        free(figures);
        free(scratch);
        free(step);
        return cs_error_fail(err, NULL, "out of memory for the bootstrap");
    }
    chain_steps(y, order, d, n, step);
    shapley_design design = {step, d};
    double *value = figures, *lo = figures + d, *hi = figures + 2 * d, *se = figures + 3 * d;
    shapley_estimate(&design, n, NULL, value, scratch);
    int rc = bootstrap(shapley_estimate, &design, n, d, d + 1, resamples, seed, threads, lo, hi, se);
    for (size_t m = 0; m < d && !rc; m++) out[m] = (cs_shapley_value){value[m], lo[m], hi[m], se[m]};
    free(figures);
    free(scratch);
    free(step);
    return rc ? cs_error_fail(err, NULL, "out of memory for the bootstrap") : CS_OK;
}

int cs_mid_ranks(const double *x, size_t n, double *ranks)
{
    size_t *order = malloc(n * sizeof *order);
    if (!order) return CS_ERR_FAIL;
    gsl_sort_index(order, x, 1, n);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && x[order[j + 1]] == x[order[i]]) j++;
        double mid = (double)(i + j) / 2 + 1; /* ranks i+1 .. j+1 share their mean */
        for (size_t m = i; m <= j; m++) ranks[order[m]] = mid;
        i = j + 1;
    }
    free(order);
    return CS_OK;
}

int cs_spearman(const double *x, const double *y, size_t n, double *rho, double *lo, double *hi, cs_error *err)
{
    *rho = *lo = *hi = 0;
    if (n < 4) return cs_error_input(err, NULL, NULL, "a rank correlation needs at least 4 trials");
    double *ranks = malloc(2 * n * sizeof *ranks);
    if (!ranks) return cs_error_fail(err, NULL, "out of memory");
    if (cs_mid_ranks(x, n, ranks) != CS_OK || cs_mid_ranks(y, n, ranks + n) != CS_OK) {
        free(ranks);
        return cs_error_fail(err, NULL, "out of memory");
    }
    int constant = gsl_stats_sd(ranks, 1, n) == 0 || gsl_stats_sd(ranks + n, 1, n) == 0;
    if (!constant) {
        double r = gsl_stats_correlation(ranks, 1, ranks + n, 1, n);
        double z = atanh(r), se = sqrt((1 + r * r / 2) / ((double)n - 3));
        double half = gsl_cdf_ugaussian_Pinv(0.975) * se;
        *rho = r;
        *lo = tanh(z - half);
        *hi = tanh(z + half);
    }
    free(ranks);
    return CS_OK;
}
