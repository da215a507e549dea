/*
** cs_dist_fixed.c: `fixed` {value}: always `value`; draws no random number.
*/
#include "cs_dist.h"

static int fixed_prepare(cs_dist *d, char *why, size_t why_len)
{
    (void)d; (void)why; (void)why_len;
    return 0;
}

static double fixed_sample(const cs_dist *d, const gsl_rng *rng)
{
    (void)rng;
    return d->param[0];
}

/* A run of draws: the value, from no words (none is ever missed). */
static size_t fixed_sample_run(const cs_dist *d, const struct cs_ziggurat *table, int path, uint32_t *const word[4],
                               size_t first, size_t n, double *out, unsigned char *missed)
{
    (void)table; (void)path; (void)word; (void)first;
    for (size_t j = 0; j < n; j++) {
        out[j] = d->param[0];
        missed[j] = 0;
    }
    return 0;
}

static double fixed_mean(const cs_dist *d) { return d->param[0]; }
static double fixed_sd(const cs_dist *d) { (void)d; return 0.0; }
static double fixed_cdf(const cs_dist *d, double x) { return x >= d->param[0] ? 1.0 : 0.0; }
static cs_interval fixed_support(const cs_dist *d) { return (cs_interval){d->param[0], d->param[0], 0, 0}; }
static double fixed_quantile(const cs_dist *d, double p) { (void)p; return d->param[0]; }

const cs_dist_family cs_dist_fixed = {
    .name = "fixed",
    .field = {"value"},
    .required = 1u,
    .location = 1u,
    .prepare = fixed_prepare,
    .sample = fixed_sample,
    .sample_run = fixed_sample_run,
    .mean = fixed_mean,
    .sd = fixed_sd,
    .cdf = fixed_cdf,
    .quantile = fixed_quantile,
    .support = fixed_support,
};
