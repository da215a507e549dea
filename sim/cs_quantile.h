/*
** cs_quantile.h: exact quantiles without a full sort.
**
** Every quantile here is exactly what GSL's gsl_stats_quantile_from_sorted_data
** returns on the fully sorted data, bit for bit.  That function reads two
** order statistics, x(lhs) and x(lhs+1), and interpolates between them; they
** are found without sorting and handed to it (as a sorted pair, with the
** fraction that gives the same interpolation).  Two ways to find them:
**   - histogram selection (cs_series_quantiles): knowing the minimum and
**     maximum, one pass counts the values into 65536 bins (a monotone map,
**     so the bins are in order), one pass gathers the values of the few bins
**     that hold a wanted order statistic, and only those are sorted.  The
**     series is read in chunks its owner fills, so no copy of it is needed;
**   - selection (cs_quantiles with a tail): gsl_stats_select for each order
**     statistic, which also gathers the smallest values for a tail mean.
** A mean folded into a caller's pass uses cs_mean_add, gsl_stats_mean's own
** recurrence, so it is identical too.
** Ownership: cs_quantile_work_init / cs_quantile_work_free; one per thread.
*/
#ifndef CS_QUANTILE_H
#define CS_QUANTILE_H

#include <stddef.h>
#include <stdint.h>

#define CS_QUANTILE_MAX_PROBS 16

typedef struct cs_quantile_work {
    uint32_t *counts;        /* the bins */
    double *chunk;           /* a chunk of the series being read */
    uint64_t *listed;        /* a bit per bin: the bins that hold a wanted rank */
    double *gathered;        /* the values of the wanted bins */
    size_t capacity;         /* of gathered */
} cs_quantile_work;

int cs_quantile_work_init(cs_quantile_work *work);
void cs_quantile_work_free(cs_quantile_work *work);

/* gsl_stats_mean, one value at a time: its own recurrence on a long double,
** so a caller can fold the mean into a pass of its own (several series at
** once) and still get gsl_stats_mean's bits.  I counts from 0. */
static inline void cs_mean_add(long double *running, double x, size_t i) { *running += (x - *running) / (i + 1); }

/* The series' values START .. START + COUNT - 1 (COUNT at most
** CS_QUANTILE_CHUNK): a pointer into the series itself where it is an
** array, else SCRATCH filled with them. */
typedef const double *(*cs_series_fill)(const void *context, size_t start, size_t count, double *scratch);

#define CS_QUANTILE_CHUNK 4096

/* out[j] := the probs[j] quantile (GSL's definition) of the N values FILL
** gives, for j < n_probs (at most CS_QUANTILE_MAX_PROBS), knowing their
** minimum MIN and maximum MAX.  0, or -1 when out of memory. */
int cs_series_quantiles(cs_quantile_work *work, cs_series_fill fill, const void *context, size_t n, double min,
                        double max, const double *probs, size_t n_probs, double *out);

/* For data[0..n) (n >= 1): *mean (GSL's gsl_stats_mean), and when CLAIMS
** is not NULL, claim_below[c] := the count of values strictly below
** claims[c] for c < n_claims; out[j] := the probs[j] quantile.  Does not
** change data.  0, or -1 when out of memory. */
int cs_series_stats(cs_quantile_work *work, const double *data, size_t n, const double *probs, size_t n_probs,
                    const double *claims, size_t n_claims, size_t *claim_below, double *mean, double *out);

/* out[j] := the probs[j] quantile of data[0..n) (GSL's definition), for
** j < n_probs (at most 16).  When lowest_count > 0, also arranges that
** data[0..lowest_count) hold the lowest_count smallest values (for a tail
** mean), by selection.  May permute data; n must be >= 1. */
void cs_quantiles(double *data, size_t n, const double *probs, size_t n_probs, size_t lowest_count,
                  double *out);

#endif
