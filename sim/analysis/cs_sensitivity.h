/*
** cs_sensitivity.h: variance-based sensitivity indices, rank correlation,
** and their intervals.  Knows nothing of plans: it works on the outputs of
** a pick-freeze design.
**
** The design (Saltelli et al. 2010): two independent samples A and B of all
** inputs, and for each input k the sample AB_k, which is A with input k's
** values taken from B.  With f(A), f(B), f(AB_k) over N trials and V the
** variance of f over A and B together:
**   first-order  S_k  = (1/N) sum_j f(B)_j (f(AB_k)_j - f(A)_j) / V
**                       (Saltelli et al. 2010, their estimator (b));
**   total        ST_k = (1/2N) sum_j (f(A)_j - f(AB_k)_j)^2 / V  (Jansen 1999).
** Intervals are percentile bootstrap intervals over trials: each resample
** draws N trial indices with replacement (the same ones for A, B and every
** AB_k) from a Philox stream derived from the seed, so the intervals are
** reproducible and the same for any thread count.
**
** Spearman's rank correlation is Pearson's on mid-ranks (ties share their
** mean rank), with the 95% interval of Fisher's z with the Bonett-Wright
** (2000) standard error sqrt((1 + rho^2 / 2) / (n - 3)).
*/
#ifndef CS_SENSITIVITY_H
#define CS_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"

#define CS_BOOTSTRAP_RESAMPLES 200

typedef struct cs_sobol_index {
    double first, first_lo, first_hi, first_se;   /* se: the bootstrap standard deviation */
    double total, total_lo, total_hi, total_se;
} cs_sobol_index;

/* Indices of K inputs from YA, YB and YAB[k] (each N values), with
** RESAMPLES bootstrap resamples drawn from SEED on THREADS threads; OUT
** has K entries, *VARIANCE gets V.  A constant output (V = 0) gives zeros. */
int cs_sobol_estimate(const double *ya, const double *yb, const double *const *yab, size_t k, size_t n,
                      size_t resamples, uint64_t seed, int threads, cs_sobol_index *out, double *variance,
                      cs_error *err);

/* Spearman's rho of X and Y (N pairs, N >= 4) with its 95% interval.  A
** constant X or Y gives 0 with the interval [0, 0]. */
int cs_spearman(const double *x, const double *y, size_t n, double *rho, double *lo, double *hi, cs_error *err);

/* The mid-ranks (1-based, ties averaged) of X into RANKS. */
int cs_mid_ranks(const double *x, size_t n, double *ranks);

#endif
