/*
** test_quantile.c: quantiles by selection equal GSL's quantiles of the
** fully sorted data, bit for bit; the tail mean reads the smallest values.
*/
#include <criterion/criterion.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_quantile.h"
#include "cs_rng.h"

static void check_size(size_t n)
{
    gsl_rng *rng = cs_rng_alloc();
    cs_rng_trial(rng, 5, 5, (uint32_t)n);
    double *data = malloc(n * sizeof *data), *sorted = malloc(n * sizeof *sorted);
    for (size_t i = 0; i < n; i++) data[i] = sorted[i] = gsl_rng_uniform(rng) * 100 - 30 + (i % 7 == 0 ? 1e3 : 0);
    gsl_sort(sorted, 1, n);
    const double probs[] = {0.05, 0.25, 0.5, 0.75, 0.95, 0.6};
    double out[6];
    size_t worst = (n + 19) / 20;
    cs_quantiles(data, n, probs, 6, worst, out);
    for (int j = 0; j < 6; j++)
        cr_expect_eq(out[j], gsl_stats_quantile_from_sorted_data(sorted, 1, n, probs[j]), "n=%zu p=%g", n, probs[j]);
    /* The same values in another order: equal up to summation rounding. */
    double tail = gsl_stats_mean(data, 1, worst), expected = gsl_stats_mean(sorted, 1, worst);
    cr_expect(fabs(tail - expected) <= 1e-12 * (1 + fabs(expected)), "tail mean n=%zu: %.17g vs %.17g", n, tail,
              expected);
    free(data);
    free(sorted);
    gsl_rng_free(rng);
}

Test(quantile, equals_gsl_on_sorted_data)
{
    size_t sizes[] = {1, 2, 3, 10, 101, 1000, 100000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) check_size(sizes[i]);
}

Test(quantile, ties)
{
    double data[9] = {3, 1, 3, 3, 2, 3, 1, 3, 3}, sorted[9];
    memcpy(sorted, data, sizeof data);
    gsl_sort(sorted, 1, 9);
    const double probs[] = {0.05, 0.5, 0.95};
    double out[3];
    cs_quantiles(data, 9, probs, 3, 0, out);
    for (int j = 0; j < 3; j++) cr_expect_eq(out[j], gsl_stats_quantile_from_sorted_data(sorted, 1, 9, probs[j]));
}
