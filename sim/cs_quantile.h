/*
** cs_quantile.h: exact quantiles without a full sort.
**
** cs_quantiles returns exactly what GSL's gsl_stats_quantile_from_sorted_data
** returns on the sorted data, but sorts nothing: gsl_stats_select (an O(n)
** selection) first puts each order statistic that the quantile reads at its
** sorted position, and then gsl_stats_quantile_from_sorted_data reads them.
** The data are permuted in place.
*/
#ifndef CS_QUANTILE_H
#define CS_QUANTILE_H

#include <stddef.h>

/* out[j] := the probs[j] quantile of data[0..n) (GSL's definition), for
** j < n_probs (at most 16).  When lowest_count > 0, also arranges that
** data[0..lowest_count) hold the lowest_count smallest values (for a tail
** mean).  Permutes data; n must be >= 1. */
void cs_quantiles(double *data, size_t n, const double *probs, size_t n_probs, size_t lowest_count,
                  double *out);

#endif
