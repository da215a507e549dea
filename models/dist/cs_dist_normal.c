/*
** cs_dist_normal.c: `normal` {mean, sd, optional min, max}.
**
** Without bounds: gsl_ran_gaussian_ziggurat (drawn inline, cs_sample.h).
** With bounds the normal is
** truncated exactly (never clamped): by rejection when the interval holds at
** least a quarter of the mass, else by the inverse CDF (the quantile
** function below: GSL's gsl_cdf_ugaussian_Pinv/Qinv, in the nearer tail).
** derived: [0] alpha = (min-mean)/sd, [1] beta = (max-mean)/sd, [2] the mass
** Z = Phi(beta) - Phi(alpha), [3] 1 when sampling by rejection.
*/
#include "cs_dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_number.h"
#include "cs_philox.h"
#include "cs_sample.h"

#define MEAN 0
#define SD 1
#define MIN 2
#define MAX 3
#define REJECTION_MIN_MASS 0.25

static int normal_prepare(cs_dist *d, char *why, size_t why_len)
{
    if (!(d->param[SD] > 0)) {
        snprintf(why, why_len, "sd must be > 0 (found %s)", CS_NUM(d->param[SD]));
        return -1;
    }
    if (!(d->param[MIN] < d->param[MAX])) {
        snprintf(why, why_len, "min must be < max (found min %s, max %s)", CS_NUM(d->param[MIN]), CS_NUM(d->param[MAX]));
        return -1;
    }
    double alpha = (d->param[MIN] - d->param[MEAN]) / d->param[SD];
    double beta = (d->param[MAX] - d->param[MEAN]) / d->param[SD];
    double mass = alpha > 0 ? gsl_cdf_ugaussian_Q(alpha) - gsl_cdf_ugaussian_Q(beta)
                            : gsl_cdf_ugaussian_P(beta) - gsl_cdf_ugaussian_P(alpha);
    if (!(mass > 1e-12)) {
        snprintf(why, why_len, "[min, max] = [%s, %s] holds almost none of the distribution",
                 CS_NUM(d->param[MIN]), CS_NUM(d->param[MAX]));
        return -1;
    }
    d->derived[0] = alpha;
    d->derived[1] = beta;
    d->derived[2] = mass;
    d->derived[3] = mass >= REJECTION_MIN_MASS;
    return 0;
}

/* The p-quantile of the (truncated) normal: the inverse CDF, working with
** Q in the upper tail for precision. */
static double normal_quantile(const cs_dist *d, double p)
{
    double mean = d->param[MEAN], sd = d->param[SD];
    double alpha = d->derived[0], beta = d->derived[1], z;
    if (p <= 0) return d->param[MIN]; /* the ends of the support, exactly */
    if (p >= 1) return d->param[MAX];
    if (alpha > 0) { /* upper tail: work with Q for precision */
        double q_alpha = gsl_cdf_ugaussian_Q(alpha), q_beta = gsl_cdf_ugaussian_Q(beta);
        z = gsl_cdf_ugaussian_Qinv(q_alpha - p * (q_alpha - q_beta));
    } else {
        double p_alpha = gsl_cdf_ugaussian_P(alpha), p_beta = gsl_cdf_ugaussian_P(beta);
        z = gsl_cdf_ugaussian_Pinv(p_alpha + p * (p_beta - p_alpha));
    }
    if (z < alpha) z = alpha; /* guard the last ulp of the inverse CDF */
    if (z > beta) z = beta;
    double x = mean + sd * z; /* and of mean + sd z, so x stays in [min, max] */
    if (x < d->param[MIN]) x = d->param[MIN];
    if (x > d->param[MAX]) x = d->param[MAX];
    return x;
}

static double normal_cdf(const cs_dist *d, double x)
{
    double alpha = d->derived[0], beta = d->derived[1], mass = d->derived[2];
    double z = (x - d->param[MEAN]) / d->param[SD];
    if (z <= alpha) return 0.0;
    if (z >= beta) return 1.0;
    if (alpha > 0) return (gsl_cdf_ugaussian_Q(alpha) - gsl_cdf_ugaussian_Q(z)) / mass;
    return (gsl_cdf_ugaussian_P(z) - gsl_cdf_ugaussian_P(alpha)) / mass;
}

static double normal_sample(const cs_dist *d, const gsl_rng *rng)
{
    double mean = d->param[MEAN], sd = d->param[SD];
    double alpha = d->derived[0], beta = d->derived[1];
    if (isinf(alpha) && isinf(beta)) return mean + cs_sample_gaussian(rng, sd);
    if (d->derived[3]) {
        for (;;) {
            double z = cs_sample_gaussian(rng, 1.0);
            if (z >= alpha && z <= beta) return mean + sd * z;
        }
    }
    return normal_quantile(d, cs_sample_uniform(rng));
}

/* The fast path on the first blocks of a run of sub-streams: each site's
** first normal, when it needs no other word (untruncated, or inside
** [min, max] when truncated by rejection); by the inverse CDF every draw
** takes the stream. */
static size_t normal_sample_run(const cs_dist *d, const cs_ziggurat *table, int path, uint32_t *const word[4],
                                size_t first, size_t n, double *out, unsigned char *missed)
{
    double mean = d->param[MEAN], sd = d->param[SD];
    double alpha = d->derived[0], beta = d->derived[1];
    if (!(isinf(alpha) && isinf(beta)) && !d->derived[3]) {
        memset(missed, 1, n);
        return n;
    }
    if (path != CS_SIMD_SCALAR) return cs_words_normal_run_avx2(table, mean, sd, alpha, beta, word, first, n, out, missed);
    return cs_words_normal_run(table, mean, sd, alpha, beta, word, first, n, out, missed);
}

/* phi(x) and x*phi(x), both 0 at +-infinity. */
static double density(double x) { return isinf(x) ? 0.0 : gsl_ran_ugaussian_pdf(x); }
static double x_density(double x) { return isinf(x) ? 0.0 : x * gsl_ran_ugaussian_pdf(x); }

static double normal_mean(const cs_dist *d)
{
    double alpha = d->derived[0], beta = d->derived[1], mass = d->derived[2];
    return d->param[MEAN] + d->param[SD] * (density(alpha) - density(beta)) / mass;
}

static double normal_sd(const cs_dist *d)
{
    double alpha = d->derived[0], beta = d->derived[1], mass = d->derived[2];
    double shift = (density(alpha) - density(beta)) / mass;
    double variance = 1.0 + (x_density(alpha) - x_density(beta)) / mass - shift * shift;
    return d->param[SD] * sqrt(variance);
}

/* [min, max]; an absent bound is an infinite, open end. */
static cs_interval normal_support(const cs_dist *d)
{
    return (cs_interval){d->param[MIN], d->param[MAX], isinf(d->param[MIN]), isinf(d->param[MAX])};
}

const cs_dist_family cs_dist_normal = {
    .name = "normal",
    .field = {"mean", "sd", "min", "max"},
    .required = 1u << MEAN | 1u << SD,
    .field_default = {0, 0, -INFINITY, INFINITY},
    .location = 1u << MEAN,
    .prepare = normal_prepare,
    .sample = normal_sample,
    .sample_run = normal_sample_run,
    .mean = normal_mean,
    .sd = normal_sd,
    .cdf = normal_cdf,
    .quantile = normal_quantile,
    .support = normal_support,
};
