/*
** cs_quantile.c: quantiles by selection (see cs_quantile.h): one
** gsl_stats_select per lower position, split recursively, then one
** gsl_stats_min_index pass for the upper positions.
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
    /* The lower of the two positions gsl_stats_quantile_from_sorted_data
    ** reads for each probability, and the tail's last position. */
    size_t idx[MAX_PROBS + 1], n_idx = 0;
    for (size_t j = 0; j < n_probs && j < MAX_PROBS; j++) idx[n_idx++] = (size_t)(probs[j] * (double)(n - 1));
    if (lowest_count > 0 && lowest_count <= n) idx[n_idx++] = lowest_count - 1;
    gsl_sort_ulong(idx, 1, n_idx);
    size_t unique = 0;
    for (size_t j = 0; j < n_idx; j++)
        if (unique == 0 || idx[j] != idx[unique - 1]) idx[unique++] = idx[j];
    select_order_statistics(data, 0, n, idx, unique);

    /* The upper position k+1 holds the smallest value of the segment between
    ** k and the next selected position: find it and swap it into place. */
    for (size_t j = 0; j < unique; j++) {
        size_t next = idx[j] + 1, end = j + 1 < unique ? idx[j + 1] : n;
        if (next >= end) continue;
        size_t smallest = next + gsl_stats_min_index(data + next, 1, end - next);
        double held = data[next];
        data[next] = data[smallest];
        data[smallest] = held;
    }
    for (size_t j = 0; j < n_probs && j < MAX_PROBS; j++)
        out[j] = gsl_stats_quantile_from_sorted_data(data, 1, n, probs[j]);
}
