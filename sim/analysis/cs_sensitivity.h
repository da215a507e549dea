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

/* Shapley effects (Owen 2014): input i's share of Var(Y), the mean over
** orders of the inputs of what adding i to those before it adds to the
** closed total cost c(u) = E[Var(Y | X_-u)] / Var(Y) (Song, Nelson & Staum
** 2016, who show it gives the same effects as the closed first-order cost
** and suits dependent inputs).  The estimator walks one random order per
** trial (the random-permutation idea of Castro et al. 2009 and Song et al.
** 2016, with one outer and one inner draw per step, Jansen's form of the
** cost): trial j starts from sample A (y_0) and at step m takes the m-th
** input of its order from sample B, drawn given the inputs still from A
** (for dependent inputs, their conditional distribution); y_m is the
** output.  Then c(first m of the order) = E[(y_0 - y_m)^2] / 2V, and input
** i's effect is the mean increment at its step over the trials, divided by
** the mean of (y_0 - y_d)^2 / 2 (V): the effects sum to one.  For
** independent inputs each lies between the first-order and total indices.
** Y[m] (m = 0 .. D) holds N outputs; ORDER[j * D + m] is the input (0 ..
** D-1) trial j takes at step m + 1.  Intervals: the percentile bootstrap
** over trials, as for the Sobol indices. */
typedef struct cs_shapley_value {
    double value, lo, hi, se;
} cs_shapley_value;
int cs_shapley_estimate(const double *const *y, const unsigned char *order, size_t d, size_t n, size_t resamples,
                        uint64_t seed, int threads, cs_shapley_value *out, cs_error *err);

/* Spearman's rho of X and Y (N pairs, N >= 4) with its 95% interval.  A
** constant X or Y gives 0 with the interval [0, 0]. */
int cs_spearman(const double *x, const double *y, size_t n, double *rho, double *lo, double *hi, cs_error *err);

/* The mid-ranks (1-based, ties averaged) of X into RANKS. */
int cs_mid_ranks(const double *x, size_t n, double *ranks);

#endif
