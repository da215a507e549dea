/*
** cs_quantile.c: quantiles by selection (see cs_quantile.h).
*/
#include "cs_quantile.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#define MAX_PROBS 16

/* Put data's order statistics idx[0..n_idx) (ascending, all inside
** [lo, hi)) at their sorted positions, splitting at the middle one. */
static void select_order_statistics(double *data, size_t lo, size_t hi, const size_t *idx, size_t n_idx)
{
    if (n_idx == 0 || hi - lo <= 1) return;
    size_t middle = n_idx / 2, k = idx[middle];
    gsl_stats_select(data + lo, 1, hi - lo, k - lo);
    select_order_statistics(data, lo, k, idx, middle);
    select_order_statistics(data, k + 1, hi, idx + middle + 1, n_idx - middle - 1);
}

void cs_quantiles(double *data, size_t n, const double *probs, size_t n_probs, size_t lowest_count,
                  double *out)
{
    size_t idx[2 * MAX_PROBS + 1], n_idx = 0;
    for (size_t j = 0; j < n_probs && j < MAX_PROBS; j++) {
        /* The positions gsl_stats_quantile_from_sorted_data reads. */
        size_t lhs = (size_t)(probs[j] * (double)(n - 1));
        idx[n_idx++] = lhs;
        if (lhs + 1 < n) idx[n_idx++] = lhs + 1;
    }
    if (lowest_count > 0 && lowest_count <= n) idx[n_idx++] = lowest_count - 1;
    gsl_sort_ulong(idx, 1, n_idx);
    size_t unique = 0;
    for (size_t j = 0; j < n_idx; j++)
        if (unique == 0 || idx[j] != idx[unique - 1]) idx[unique++] = idx[j];
    select_order_statistics(data, 0, n, idx, unique);
    for (size_t j = 0; j < n_probs && j < MAX_PROBS; j++)
        out[j] = gsl_stats_quantile_from_sorted_data(data, 1, n, probs[j]);
}
