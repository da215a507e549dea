/*
** cs_quantile.c: exact quantiles by histogram selection, and by selection
** when a tail is wanted too (see cs_quantile.h).
*/
#include "cs_quantile.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

#define BINS 65536
#define CHUNK CS_QUANTILE_CHUNK
#define MAX_RANKS (2 * CS_QUANTILE_MAX_PROBS)

int cs_quantile_work_init(cs_quantile_work *work)
{
    memset(work, 0, sizeof *work);
    work->counts = malloc(BINS * sizeof *work->counts);
    work->chunk = malloc(CHUNK * sizeof *work->chunk);
    work->listed = malloc(BINS / 64 * sizeof *work->listed);
    if (work->counts && work->chunk && work->listed) return 0;
    cs_quantile_work_free(work);
    return -1;
}

void cs_quantile_work_free(cs_quantile_work *work)
{
    free(work->counts);
    free(work->chunk);
    free(work->listed);
    free(work->gathered);
    memset(work, 0, sizeof *work);
}

/* The lower of the two positions gsl_stats_quantile_from_sorted_data reads
** for P over N values, computed as GSL computes it. */
static size_t lower_position(double p, size_t n)
{
    const double index = p * (double)(n - 1);
    return (size_t)(int)index;
}

/* The P quantile of N sorted values whose order statistics at lhs and
** lhs + 1 are LOW and HIGH: gsl_stats_quantile_from_sorted_data given just
** that pair, with the fraction delta = p (n - 1) - lhs, so that it computes
** (1 - delta) LOW + delta HIGH exactly as it would on all N. */
static double quantile_of_pair(double p, size_t n, double low, double high)
{
    const double index = p * (double)(n - 1);
    const size_t lhs = (size_t)(int)index;
    if (lhs == n - 1) return low;
    const double pair[2] = {low, high};
    return gsl_stats_quantile_from_sorted_data(pair, 1, 2, index - lhs);
}

/* The sorted, distinct positions the quantiles read: lhs and lhs + 1. */
static size_t wanted_positions(const double *probs, size_t n_probs, size_t n, size_t *ranks)
{
    size_t count = 0;
    for (size_t j = 0; j < n_probs && j < CS_QUANTILE_MAX_PROBS; j++) {
        size_t lhs = lower_position(probs[j], n);
        ranks[count++] = lhs;
        if (lhs + 1 < n) ranks[count++] = lhs + 1;
    }
    gsl_sort_ulong(ranks, 1, count);
    size_t unique = 0;
    for (size_t j = 0; j < count; j++)
        if (unique == 0 || ranks[j] != ranks[unique - 1]) ranks[unique++] = ranks[j];
    return unique;
}

/* The bin of X: a monotone map of [min, max] onto 0 .. top.  (x - min) *
** scale lies in [0, bins], so the signed conversion (one instruction; the
** unsigned one is a branchy sequence without AVX-512) gives the same bin. */
static inline size_t bin_of(double x, double min, double scale, size_t top)
{
    size_t bin = (size_t)(int64_t)((x - min) * scale);
    return bin < top ? bin : top;
}

/* The values of the order statistics RANKS (ascending) into VALUES, by
** histogram selection over the series (MIN < MAX).  0, or -1 out of memory. */
static int select_by_histogram(cs_quantile_work *work, cs_series_fill fill, const void *context, size_t n, double min,
                               double max, const size_t *ranks, size_t n_ranks, double *values)
{
    size_t bins = n < BINS ? n : BINS, top = bins - 1;
    double scale = (double)bins / (max - min);
    uint32_t *counts = work->counts;
    double *chunk = work->chunk;
    memset(counts, 0, bins * sizeof *counts);
    for (size_t start = 0; start < n; start += CHUNK) {
        size_t count = n - start < CHUNK ? n - start : CHUNK;
        const double *values = fill(context, start, count, chunk);
        for (size_t i = 0; i < count; i++) counts[bin_of(values[i], min, scale, top)]++;
    }

    /* Which bin holds each wanted rank, and its place within the bin. */
    size_t rank_bin[MAX_RANKS], rank_offset[MAX_RANKS], bin_list[MAX_RANKS], bin_count[MAX_RANKS], n_bins = 0;
    size_t before = 0, r = 0;
    for (size_t b = 0; b < bins && r < n_ranks; b++) {
        size_t after = before + counts[b];
        int listed = 0;
        while (r < n_ranks && ranks[r] < after) {
            if (!listed) {
                bin_list[n_bins] = b;
                bin_count[n_bins++] = counts[b];
                listed = 1;
            }
            rank_bin[r] = n_bins - 1;
            rank_offset[r] = ranks[r] - before;
            r++;
        }
        before = after;
    }
    /* Gather the values of the listed bins, each into its own segment. */
    size_t start_of[MAX_RANKS + 1], needed = 0;
    for (size_t k = 0; k < n_bins; k++) {
        start_of[k] = needed;
        needed += bin_count[k];
    }
    if (needed > work->capacity) {
        double *bigger = realloc(work->gathered, needed * sizeof *bigger);
        if (!bigger) return -1;
        work->gathered = bigger;
        work->capacity = needed;
    }
    /* A bit per bin marks the listed ones: a table the size of the first
    ** level cache, where the counts were four times that. */
    uint64_t *listed = work->listed;
    memset(listed, 0, (bins + 63) / 64 * sizeof *listed);
    for (size_t k = 0; k < n_bins; k++) listed[bin_list[k] / 64] |= (uint64_t)1 << (bin_list[k] % 64);
    size_t filled[MAX_RANKS] = {0};
    for (size_t start = 0; start < n; start += CHUNK) {
        size_t count = n - start < CHUNK ? n - start : CHUNK;
        const double *values = fill(context, start, count, chunk);
        for (size_t i = 0; i < count; i++) {
            size_t bin = bin_of(values[i], min, scale, top);
            if (listed[bin / 64] >> (bin % 64) & 1) {
                size_t k = 0;
                while (bin_list[k] != bin) k++;
                work->gathered[start_of[k] + filled[k]++] = values[i];
            }
        }
    }
    for (size_t k = 0; k < n_bins; k++) gsl_sort(work->gathered + start_of[k], 1, bin_count[k]);
    for (size_t j = 0; j < n_ranks; j++) values[j] = work->gathered[start_of[rank_bin[j]] + rank_offset[j]];
    return 0;
}

int cs_series_quantiles(cs_quantile_work *work, cs_series_fill fill, const void *context, size_t n, double min,
                        double max, const double *probs, size_t n_probs, double *out)
{
    size_t ranks[MAX_RANKS];
    double values[MAX_RANKS];
    size_t n_ranks = wanted_positions(probs, n_probs, n, ranks);
    if (min == max) {
        for (size_t j = 0; j < n_ranks; j++) values[j] = min;
    } else if (select_by_histogram(work, fill, context, n, min, max, ranks, n_ranks, values) != 0)
        return -1;
    for (size_t j = 0; j < n_probs && j < CS_QUANTILE_MAX_PROBS; j++) {
        size_t lhs = lower_position(probs[j], n), at = 0;
        while (ranks[at] != lhs) at++;
        out[j] = quantile_of_pair(probs[j], n, values[at], lhs + 1 < n ? values[at + 1] : values[at]);
    }
    return 0;
}

/* A series that is an array: read in place. */
static const double *fill_from_array(const void *context, size_t start, size_t count, double *scratch)
{
    (void)count, (void)scratch;
    return (const double *)context + start;
}

int cs_series_stats(cs_quantile_work *work, const double *data, size_t n, const double *probs, size_t n_probs,
                    const double *claims, size_t n_claims, size_t *claim_below, double *mean, double *out)
{
    /* One pass: the minimum and maximum, the mean, and the claims' ranks. */
    double min = data[0], max = data[0];
    long double running = 0;
    for (size_t c = 0; c < n_claims; c++) claim_below[c] = 0;
    for (size_t i = 0; i < n; i++) {
        double x = data[i];
        min = x < min ? x : min;
        max = x > max ? x : max;
        cs_mean_add(&running, x, i);
        for (size_t c = 0; c < n_claims; c++) claim_below[c] += x < claims[c];
    }
    *mean = (double)running;
    return cs_series_quantiles(work, fill_from_array, data, n, min, max, probs, n_probs, out);
}

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

/* The selection path: needed when the smallest values are wanted together. */
static void quantiles_by_selection(double *data, size_t n, const double *probs, size_t n_probs, size_t lowest_count,
                                   double *out)
{
    size_t idx[CS_QUANTILE_MAX_PROBS + 1], n_idx = 0;
    for (size_t j = 0; j < n_probs && j < CS_QUANTILE_MAX_PROBS; j++) idx[n_idx++] = lower_position(probs[j], n);
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
    for (size_t j = 0; j < n_probs && j < CS_QUANTILE_MAX_PROBS; j++)
        out[j] = gsl_stats_quantile_from_sorted_data(data, 1, n, probs[j]);
}

void cs_quantiles(double *data, size_t n, const double *probs, size_t n_probs, size_t lowest_count,
                  double *out)
{
    cs_quantile_work work;
    double mean;
    if (lowest_count == 0 && cs_quantile_work_init(&work) == 0) {
        int rc = cs_series_stats(&work, data, n, probs, n_probs, NULL, 0, NULL, &mean, out);
        cs_quantile_work_free(&work);
        if (rc == 0) return;
    }
    quantiles_by_selection(data, n, probs, n_probs, lowest_count, out);
}
