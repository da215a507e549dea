/*
** cs_dist_pert.c: `pert` {min, mode, max}: beta-PERT with lambda = 4.
**
** alpha = 1 + 4(mode-min)/(max-min), beta = 1 + 4(max-mode)/(max-min);
** x = min + (max-min) * gsl_ran_beta(alpha, beta) (drawn inline,
** cs_sample_beta); the CDF and quantile rescale gsl_cdf_beta_P/Pinv.
** derived: as the beta family's (cs_beta_constants).
*/
#include "cs_dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>

#include "cs_sample.h"

#define MIN 0
#define MODE 1
#define MAX 2
#define LAMBDA 4.0

static int pert_prepare(cs_dist *d, char *why, size_t why_len)
{
    if (cs_dist_check_three_point(d, why, why_len) != 0) return -1;
    double width = d->param[MAX] - d->param[MIN];
    cs_beta_constants(d, 1 + LAMBDA * (d->param[MODE] - d->param[MIN]) / width,
                      1 + LAMBDA * (d->param[MAX] - d->param[MODE]) / width);
    return 0;
}

static double pert_sample(const cs_dist *d, const gsl_rng *rng)
{
    double width = d->param[MAX] - d->param[MIN];
    return d->param[MIN] +
           width * cs_sample_beta(rng, d->derived[0], d->derived[1], d->derived + 2, d->derived + 2 + CS_GAMMA_SHAPE);
}

static double pert_mean(const cs_dist *d)
{
    double a = d->derived[0], b = d->derived[1];
    return d->param[MIN] + (d->param[MAX] - d->param[MIN]) * a / (a + b);
}

static double pert_sd(const cs_dist *d)
{
    double a = d->derived[0], b = d->derived[1];
    double width = d->param[MAX] - d->param[MIN];
    return width * sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
}

static double pert_cdf(const cs_dist *d, double x)
{
    double width = d->param[MAX] - d->param[MIN];
    return gsl_cdf_beta_P((x - d->param[MIN]) / width, d->derived[0], d->derived[1]);
}

static double pert_quantile(const cs_dist *d, double p)
{
    double width = d->param[MAX] - d->param[MIN];
    return d->param[MIN] + width * gsl_cdf_beta_Pinv(p, d->derived[0], d->derived[1]);
}

static cs_interval pert_support(const cs_dist *d) { return (cs_interval){d->param[MIN], d->param[MAX], 0, 0}; }

const cs_dist_family cs_dist_pert = {
    .name = "pert",
    .field = {"min", "mode", "max"},
    .required = 7u,
    .location = 7u,
    .prepare = pert_prepare,
    .sample = pert_sample,
    .mean = pert_mean,
    .sd = pert_sd,
    .cdf = pert_cdf,
    .quantile = pert_quantile,
    .support = pert_support,
};
