/*
** cs_dist_uniform.c: `uniform` {min, max}: flat on [min, max): gsl_ran_flat,
** gsl_cdf_flat_P and gsl_cdf_flat_Pinv.
*/
#include "cs_dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>

#include "cs_number.h"
#include "cs_sample.h"

static int uniform_prepare(cs_dist *d, char *why, size_t why_len)
{
    if (!(d->param[0] < d->param[1])) {
        snprintf(why, why_len, "min must be < max (found min %s, max %s)", CS_NUM(d->param[0]), CS_NUM(d->param[1]));
        return -1;
    }
    return 0;
}

static double uniform_sample(const cs_dist *d, const gsl_rng *rng)
{
    return cs_sample_flat(rng, d->param[0], d->param[1]);
}

static double uniform_mean(const cs_dist *d) { return (d->param[0] + d->param[1]) / 2; }
static double uniform_sd(const cs_dist *d) { return (d->param[1] - d->param[0]) / sqrt(12.0); }
static double uniform_cdf(const cs_dist *d, double x) { return gsl_cdf_flat_P(x, d->param[0], d->param[1]); }
static double uniform_quantile(const cs_dist *d, double p) { return gsl_cdf_flat_Pinv(p, d->param[0], d->param[1]); }

static cs_interval uniform_support(const cs_dist *d) { return (cs_interval){d->param[0], d->param[1], 0, 0}; }

const cs_dist_family cs_dist_uniform = {
    .name = "uniform",
    .field = {"min", "max"},
    .required = 3u,
    .location = 3u,
    .prepare = uniform_prepare,
    .sample = uniform_sample,
    .mean = uniform_mean,
    .sd = uniform_sd,
    .cdf = uniform_cdf,
    .quantile = uniform_quantile,
    .support = uniform_support,
};
