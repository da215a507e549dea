/*
** cs_dist_beta.c: `beta` {mean, sd} on (0,1).
**
** k = mean(1-mean)/sd^2 - 1, alpha = mean k, beta = (1-mean) k; needs
** sd^2 < mean(1-mean).  Draws gsl_ran_beta's value inline (cs_sample_beta,
** with both gammas' constants computed once); CDF and quantile are
** gsl_cdf_beta_P/Pinv.  derived: [0] alpha, [1] beta, [2..6] and [7..11]
** the gamma constants of alpha and of beta (cs_gamma_shape).
*/
#include "cs_dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>

#include "cs_number.h"
#include "cs_philox.h"
#include "cs_sample.h"

static int beta_prepare(cs_dist *d, char *why, size_t why_len)
{
    double mean = d->param[0], sd = d->param[1];
    if (!(mean > 0 && mean < 1)) {
        snprintf(why, why_len, "mean must lie in (0, 1) (found %s)", CS_NUM(mean));
        return -1;
    }
    if (!(sd > 0)) {
        snprintf(why, why_len, "sd must be > 0 (found %s)", CS_NUM(sd));
        return -1;
    }
    double spread = mean * (1 - mean);
    if (!(sd * sd < spread)) {
        snprintf(why, why_len, "sd %s is too large for mean %s: sd^2 must be < mean(1-mean) = %s",
                 CS_NUM(sd), CS_NUM(mean), CS_NUM(spread));
        return -1;
    }
    double k = spread / (sd * sd) - 1;
    if (!isfinite(k) || !(mean * k > 0) || !((1 - mean) * k > 0)) {
        snprintf(why, why_len, "sd %s is too small for a beta with mean %s (its shape parameters overflow); "
                               "give a fixed value instead", CS_NUM(sd), CS_NUM(mean));
        return -1;
    }
    cs_beta_constants(d, mean * k, (1 - mean) * k);
    return 0;
}

void cs_beta_constants(cs_dist *d, double alpha, double beta)
{
    d->derived[0] = alpha;
    d->derived[1] = beta;
    cs_gamma_shape(alpha, d->derived + 2);
    cs_gamma_shape(beta, d->derived + 2 + CS_GAMMA_SHAPE);
}

static double beta_sample(const cs_dist *d, const gsl_rng *rng)
{
    return cs_sample_beta(rng, d->derived[0], d->derived[1], d->derived + 2, d->derived + 2 + CS_GAMMA_SHAPE);
}

static size_t beta_sample_run(const cs_dist *d, const cs_ziggurat *table, int path, uint32_t *const word[4],
                              size_t first, size_t n, double *out, unsigned char *missed)
{
    if (path != CS_SIMD_SCALAR)
        return cs_words_beta_run_avx2(table, d->derived[0], d->derived[1], d->derived + 2,
                                      d->derived + 2 + CS_GAMMA_SHAPE, word, first, n, out, missed);
    return cs_words_beta_run(table, d->derived[0], d->derived[1], d->derived + 2, d->derived + 2 + CS_GAMMA_SHAPE,
                             word, first, n, out, missed);
}

int cs_dist_beta_block_shapes(const cs_dist *d, const double **shape_a, const double **shape_b)
{
    if (d->family != &cs_dist_beta) return 0;
    const double *a = d->derived + 2, *b = d->derived + 2 + CS_GAMMA_SHAPE;
    if (!cs_beta_has_block_path(d->derived[0], d->derived[1], a, b)) return 0;
    *shape_a = a;
    *shape_b = b;
    return 1;
}

static double beta_mean(const cs_dist *d) { return d->param[0]; }
static double beta_sd(const cs_dist *d) { return d->param[1]; }
static double beta_cdf(const cs_dist *d, double x) { return gsl_cdf_beta_P(x, d->derived[0], d->derived[1]); }
static double beta_quantile(const cs_dist *d, double p) { return gsl_cdf_beta_Pinv(p, d->derived[0], d->derived[1]); }

static cs_interval beta_support(const cs_dist *d) { (void)d; return (cs_interval){0, 1, 1, 1}; }

const cs_dist_family cs_dist_beta = {
    .name = "beta",
    .field = {"mean", "sd"},
    .required = 3u,
    .location = 1u,
    .prepare = beta_prepare,
    .sample = beta_sample,
    .sample_run = beta_sample_run,
    .mean = beta_mean,
    .sd = beta_sd,
    .cdf = beta_cdf,
    .quantile = beta_quantile,
    .support = beta_support,
};
