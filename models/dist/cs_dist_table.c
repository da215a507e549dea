/*
** cs_dist_table.c: tabulated quantile functions (see cs_dist_table.h).
*/
#include "cs_dist_table.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NODES 8193
#define Z_RANGE 8.5

int cs_dist_tabulated(const cs_dist *d) { return d->family == &cs_dist_beta || d->family == &cs_dist_pert; }

typedef struct beta_target {
    double a, b, z;
} beta_target;

/* P(y) - Phi(z) below the median, Q(z) - Q(y) above it (each side in the
** tail it is exact in). */
static double beta_gap(double y, void *params)
{
    const beta_target *t = params;
    if (t->z <= 0) return gsl_cdf_beta_P(y, t->a, t->b) - gsl_cdf_ugaussian_P(t->z);
    return gsl_cdf_ugaussian_Q(t->z) - gsl_cdf_beta_Q(y, t->a, t->b);
}

/* The beta(a, b) quantile at Phi(z): GSL's inverse, working in the tail's
** own probability (Q above the median); where it does not converge, GSL's
** Brent solver on the CDF. */
static double beta_quantile_at(double a, double b, double z)
{
    double y = z <= 0 ? gsl_cdf_beta_Pinv(gsl_cdf_ugaussian_P(z), a, b)
                      : gsl_cdf_beta_Qinv(gsl_cdf_ugaussian_Q(z), a, b);
    if (isfinite(y) && y >= 0 && y <= 1) return y;
    beta_target target = {a, b, z};
    gsl_function f = {beta_gap, &target};
    gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!solver) return NAN;
    double lo = 0, hi = 1;
    gsl_root_fsolver_set(solver, &f, lo, hi);
    for (int i = 0; i < 200; i++) {
        if (gsl_root_fsolver_iterate(solver) != GSL_SUCCESS) break;
        lo = gsl_root_fsolver_x_lower(solver);
        hi = gsl_root_fsolver_x_upper(solver);
        if (gsl_root_test_interval(lo, hi, 0, 1e-15) == GSL_SUCCESS) break;
    }
    y = gsl_root_fsolver_root(solver);
    gsl_root_fsolver_free(solver);
    return y;
}

/* Both families are a beta(a, b) on [lo, lo + width]: SHAPE = a, b, lo, width. */
static void table_shape(const cs_dist *d, double shape[4])
{
    shape[0] = d->derived[0];
    shape[1] = d->derived[1];
    shape[2] = d->family == &cs_dist_pert ? d->param[0] : 0;
    shape[3] = d->family == &cs_dist_pert ? d->param[2] - shape[2] : 1;
}

int cs_dist_table_init(cs_dist_table *table, const cs_dist *d)
{
    memset(table, 0, sizeof *table);
    table->x = malloc(NODES * sizeof *table->x);
    table->slope = malloc(NODES * sizeof *table->slope);
    if (!table->x || !table->slope) {
        cs_dist_table_free(table);
        return -1;
    }
    double shape[4];
    table_shape(d, shape);
    double a = shape[0], b = shape[1], lo = shape[2], width = shape[3];
    double log_beta = gsl_sf_lnbeta(a, b), log_sqrt_2pi = 0.5 * log(2 * M_PI);
    gsl_error_handler_t *previous = gsl_set_error_handler_off(); /* a failed inverse is caught below */
    table->n = NODES;
    table->z0 = -Z_RANGE;
    table->dz = 2 * Z_RANGE / (NODES - 1);
    table->lo = lo;
    table->hi = lo + width;
    for (size_t j = 0; j < NODES; j++) {
        double z = table->z0 + (double)j * table->dz;
        double y = beta_quantile_at(a, b, z);
        table->x[j] = lo + width * y;
        /* dx/dz = width phi(z) / f(y), in logs: both are tiny in the tails */
        double log_density = (a - 1) * log(y) + (b - 1) * log1p(-y) - log_beta;
        double log_slope = -0.5 * z * z - log_sqrt_2pi - log_density;
        table->slope[j] = y > 0 && y < 1 ? width * exp(log_slope) : NAN;
    }
    for (size_t j = 0; j < NODES; j++) /* at the support's ends: the secant to the neighbour */
        if (!isfinite(table->slope[j])) {
            size_t k = j + 1 < NODES ? j + 1 : j - 1;
            table->slope[j] = (table->x[k] - table->x[j]) / ((double)k - (double)j) / table->dz;
        }
    gsl_set_error_handler(previous);
    return 0;
}

void cs_dist_table_free(cs_dist_table *table)
{
    free(table->x);
    free(table->slope);
    memset(table, 0, sizeof *table);
}

double cs_dist_table_at(const cs_dist_table *table, double z)
{
    double position = (z - table->z0) / table->dz;
    if (!(position > 0)) return table->x[0];
    if (position >= (double)(table->n - 1)) return table->x[table->n - 1];
    size_t j = (size_t)position;
    double t = position - (double)j, t2 = t * t, t3 = t2 * t;
    double x = (2 * t3 - 3 * t2 + 1) * table->x[j] + (t3 - 2 * t2 + t) * table->dz * table->slope[j] +
               (3 * t2 - 2 * t3) * table->x[j + 1] + (t3 - t2) * table->dz * table->slope[j + 1];
    return x < table->lo ? table->lo : x > table->hi ? table->hi : x;
}

void cs_dist_table_cache_init(cs_dist_table_cache *cache) { memset(cache, 0, sizeof *cache); }

void cs_dist_table_cache_free(cs_dist_table_cache *cache)
{
    for (size_t i = 0; i < CS_DIST_TABLE_CACHE_SIZE; i++)
        if (cache->entry[i].last_use) cs_dist_table_free(&cache->entry[i].table);
    memset(cache, 0, sizeof *cache);
}

const cs_dist_table *cs_dist_table_cached(cs_dist_table_cache *cache, const cs_dist *d)
{
    double shape[4];
    table_shape(d, shape);
    size_t oldest = 0;
    cache->clock++;
    for (size_t i = 0; i < CS_DIST_TABLE_CACHE_SIZE; i++) {
        if (cache->entry[i].last_use && memcmp(cache->entry[i].shape, shape, sizeof shape) == 0) {
            cache->entry[i].last_use = cache->clock;
            return &cache->entry[i].table;
        }
        if (cache->entry[i].last_use < cache->entry[oldest].last_use) oldest = i;
    }
    if (cache->entry[oldest].last_use) cs_dist_table_free(&cache->entry[oldest].table);
    cache->entry[oldest].last_use = 0;
    if (cs_dist_table_init(&cache->entry[oldest].table, d) != 0) return NULL;
    memcpy(cache->entry[oldest].shape, shape, sizeof shape);
    cache->entry[oldest].last_use = cache->clock;
    cache->built++;
    return &cache->entry[oldest].table;
}
