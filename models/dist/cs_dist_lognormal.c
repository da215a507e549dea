/*
** cs_dist_lognormal.c: `lognormal` {mean, sd} of the variable itself.
**
** sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2; draws with
** gsl_ran_lognormal(rng, mu, sigma); CDF and quantile are GSL's
** gsl_cdf_lognormal_P/Pinv.  derived: [0] mu, [1] sigma.
*/
#include "cs_dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>

#include "cs_number.h"

static int lognormal_prepare(cs_dist *d, char *why, size_t why_len)
{
    double mean = d->param[0], sd = d->param[1];
    if (!(mean > 0)) {
        snprintf(why, why_len, "mean must be > 0 (found %s)", CS_NUM(mean));
        return -1;
    }
    if (!(sd > 0)) {
        snprintf(why, why_len, "sd must be > 0 (found %s)", CS_NUM(sd));
        return -1;
    }
    double sigma2 = log1p(sd * sd / (mean * mean));
    if (!(sigma2 > 0) || !isfinite(sigma2)) {
        snprintf(why, why_len, "sd %s is out of scale with mean %s (the log-scale spread is 0 or infinite); "
                               "give a fixed value instead", CS_NUM(sd), CS_NUM(mean));
        return -1;
    }
    d->derived[0] = log(mean) - sigma2 / 2;
    d->derived[1] = sqrt(sigma2);
    return 0;
}

static double lognormal_sample(const cs_dist *d, const gsl_rng *rng)
{
    return gsl_ran_lognormal(rng, d->derived[0], d->derived[1]);
}

static double lognormal_mean(const cs_dist *d) { return d->param[0]; }
static double lognormal_sd(const cs_dist *d) { return d->param[1]; }

static double lognormal_cdf(const cs_dist *d, double x)
{
    return x > 0 ? gsl_cdf_lognormal_P(x, d->derived[0], d->derived[1]) : 0.0;
}

static double lognormal_quantile(const cs_dist *d, double p)
{
    return gsl_cdf_lognormal_Pinv(p, d->derived[0], d->derived[1]);
}

static cs_interval lognormal_support(const cs_dist *d) { (void)d; return (cs_interval){0, INFINITY, 1, 1}; }

const cs_dist_family cs_dist_lognormal = {
    .name = "lognormal",
    .field = {"mean", "sd"},
    .required = 3u,
    .location = 1u,
    .prepare = lognormal_prepare,
    .sample = lognormal_sample,
    .mean = lognormal_mean,
    .sd = lognormal_sd,
    .cdf = lognormal_cdf,
    .quantile = lognormal_quantile,
    .support = lognormal_support,
};
