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

/* The indices from the trials PICK (all N when NULL; else a resample's
** indices, the same for A, B and every AB_k). */
static void estimate(const double *ya, const double *yb, const double *const *yab, size_t k, size_t n,
                     const uint32_t *pick, double *first_sum, double *total_sum, double *first, double *total,
                     double *variance)
{
    double sum = 0, sum_sq = 0;
    for (size_t m = 0; m < k; m++) first_sum[m] = total_sum[m] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = pick ? pick[i] : i;
        double a = ya[j], b = yb[j];
        sum += a + b;
        sum_sq += a * a + b * b;
        for (size_t m = 0; m < k; m++) {
            double mixed = yab[m][j];
            first_sum[m] += b * (mixed - a);
            total_sum[m] += (a - mixed) * (a - mixed);
        }
    }
    double count = 2.0 * (double)n, mean = sum / count;
    double v = (sum_sq - count * mean * mean) / (count - 1);
    *variance = v;
    for (size_t m = 0; m < k; m++) {
        first[m] = v > 0 ? first_sum[m] / (double)n / v : 0.0;
        total[m] = v > 0 ? total_sum[m] / (2.0 * (double)n) / v : 0.0;
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

int cs_sobol_estimate(const double *ya, const double *yb, const double *const *yab, size_t k, size_t n,
                      size_t resamples, uint64_t seed, int threads, cs_sobol_index *out, double *variance,
                      cs_error *err)
{
    if (n < 2) return cs_error_input(err, NULL, NULL, "Sobol indices need at least 2 trials");
    double *scratch = malloc(4 * k * sizeof *scratch);
    double *first_draws = malloc(resamples * k * sizeof *first_draws);
    double *total_draws = malloc(resamples * k * sizeof *total_draws);
    if (!scratch || !first_draws || !total_draws) {
        free(scratch);
        free(first_draws);
        free(total_draws);
        return cs_error_fail(err, NULL, "out of memory for the bootstrap");
    }
    double *first = scratch + 2 * k, *total = scratch + 3 * k;
    estimate(ya, yb, yab, k, n, NULL, scratch, scratch + k, first, total, variance);
    int failed = 0;
    #pragma omp parallel num_threads(cs_engine_threads(threads))
    {
        uint32_t *pick = malloc(n * sizeof *pick);
        double *sums = malloc(2 * k * sizeof *sums);
        gsl_rng *rng = cs_rng_alloc();
        if (!pick || !sums || !rng) {
            #pragma omp atomic write
            failed = 1;
        }
        #pragma omp for schedule(dynamic, 1)
        for (size_t r = 0; r < resamples; r++) {
            if (!pick || !sums || !rng) continue;
            cs_rng_trial(rng, seed, BOOTSTRAP_STREAM, (uint32_t)r);
            for (size_t i = 0; i < n; i++) pick[i] = (uint32_t)gsl_rng_uniform_int(rng, n);
            double resampled_variance;
            estimate(ya, yb, yab, k, n, pick, sums, sums + k, first_draws + r * k, total_draws + r * k,
                     &resampled_variance);
        }
        free(pick);
        free(sums);
        if (rng) gsl_rng_free(rng);
    }
    if (!failed) {
        double *column = malloc(resamples * sizeof *column);
        if (!column) failed = 1;
        for (size_t m = 0; m < k && column; m++) {
            cs_sobol_index *index = &out[m];
            index->first = first[m];
            index->total = total[m];
            for (size_t r = 0; r < resamples; r++) column[r] = first_draws[r * k + m];
            interval(column, resamples, &index->first_lo, &index->first_hi, &index->first_se);
            for (size_t r = 0; r < resamples; r++) column[r] = total_draws[r * k + m];
            interval(column, resamples, &index->total_lo, &index->total_hi, &index->total_se);
        }
        free(column);
    }
    free(scratch);
    free(first_draws);
    free(total_draws);
    return failed ? cs_error_fail(err, NULL, "out of memory for the bootstrap") : CS_OK;
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
