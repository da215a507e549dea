/*
** cs_dist_table.h: a distribution's quantile function, tabulated, for
** drawing it by the inverse CDF many times (correlated inputs, Latin
** hypercube sampling).
**
** GSL's gsl_cdf_beta_Pinv costs about 2.5 us a call, too slow to draw a
** beta or pert per CCG per trial.  The table holds x = F^-1(Phi(z)) at
** nodes evenly spaced in z (probit space, z from -8.5 to 8.5, so U from
** about 1e-17 to 1 - 1e-17), computed once by GSL's own inverse, with the
** exact slopes dx/dz = phi(z) / f(x); between nodes it interpolates by
** cubic Hermite.  Its error against gsl_cdf_beta_Pinv is tested below 1e-9
** of the distribution's range (tests/test_correlations.c).  The other
** families' inverse CDFs are fast and are called directly (cs_dist_quantile).
** Ownership: cs_dist_table_init / cs_dist_table_free; a cache of tables,
** kept across the runs of one command (a sweep, a solve, drivers), by
** cs_dist_table_cache_init / cs_dist_table_cache_free.
*/
#ifndef CS_DIST_TABLE_H
#define CS_DIST_TABLE_H

#include <stddef.h>

#include "cs_dist.h"

typedef struct cs_dist_table {
    size_t n;             /* nodes */
    double z0, dz;        /* node j is at z0 + j dz */
    double *x, *slope;    /* the quantile and dx/dz at each node */
    double lo, hi;        /* the support, which every value stays in */
} cs_dist_table;

/* 1 when D's family is drawn through a table (beta, pert). */
int cs_dist_tabulated(const cs_dist *d);

/* The table of D (a beta or a pert).  0, or -1 out of memory. */
int cs_dist_table_init(cs_dist_table *table, const cs_dist *d);
void cs_dist_table_free(cs_dist_table *table);

/* The quantile at U = Phi(z). */
double cs_dist_table_at(const cs_dist_table *table, double z);

/* Tables already built, each for one shape (a, b, lo, width), so runs that
** draw the same beta or PERT again (the steps of a sweep, the runs of
** drivers or of a report) build it once.  A table costs 10 to 20 ms: 8193
** calls of gsl_cdf_beta_Pinv.  A cache is used by one thread at a time. */
#define CS_DIST_TABLE_CACHE_SIZE 16
typedef struct cs_dist_table_cache {
    struct {
        double shape[4];          /* a, b, lo, width */
        unsigned long last_use;   /* 0: the slot is empty */
        cs_dist_table table;
    } entry[CS_DIST_TABLE_CACHE_SIZE];
    unsigned long clock;          /* the number of lookups so far */
    unsigned long built;          /* of which missed and built a table */
} cs_dist_table_cache;

void cs_dist_table_cache_init(cs_dist_table_cache *cache);
void cs_dist_table_cache_free(cs_dist_table_cache *cache);

/* The table of D (a beta or a pert) from CACHE, built on a miss in place of
** the least recently used.  It stays valid until CACHE has been asked for
** CS_DIST_TABLE_CACHE_SIZE other shapes, or is freed; so the at most
** CS_N_INPUTS tables of one run are safe together.  NULL out of memory. */
const cs_dist_table *cs_dist_table_cached(cs_dist_table_cache *cache, const cs_dist *d);

#endif
